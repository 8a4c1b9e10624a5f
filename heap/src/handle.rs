//! Typed index handles into the heap's arenas.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// A handle's untyped part: an index into one arena, plus (in debug builds) the collection
/// epoch it was made in.
///
/// The epoch is how debug builds check the rooting rule. Every collection bumps the heap's epoch
/// and rewrites every handle it can see (in the heap and in the roots) to the new epoch. A handle
/// that a Rust local kept across a collection still carries the old epoch, and using it panics
/// with "stale handle" instead of silently reading whatever object moved into its slot.
#[derive(Clone, Copy)]
pub struct RawHandle {
    /// The position in the handle's arena.
    pub index: u32,
    /// The collection epoch the handle was made or last rewritten in (debug builds only).
    #[cfg(debug_assertions)]
    pub epoch: u32,
}

impl RawHandle {
    /// A handle to `index`, stamped with `_epoch` in debug builds.
    #[inline]
    pub fn new(index: u32, _epoch: u32) -> RawHandle {
        RawHandle {
            index,
            #[cfg(debug_assertions)]
            epoch: _epoch,
        }
    }
    /// The epoch stamp (`None` in release builds, which do not keep one).
    #[inline]
    pub fn epoch(&self) -> Option<u32> {
        #[cfg(debug_assertions)]
        return Some(self.epoch);
        #[cfg(not(debug_assertions))]
        None
    }
    /// Restamps the handle (the collector does this for every handle it rewrites).
    #[inline]
    pub fn set_epoch(&mut self, _epoch: u32) {
        #[cfg(debug_assertions)]
        {
            self.epoch = _epoch;
        }
    }
}

impl PartialEq for RawHandle {
    fn eq(&self, other: &RawHandle) -> bool {
        self.index == other.index
    }
}
impl Eq for RawHandle {}
impl Hash for RawHandle {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.index.hash(state)
    }
}

/// A typed handle to a `T` living in the heap's `T` arena. Copy, 4 bytes in release builds.
///
/// A handle is only an index: it does not keep its target alive and it is rewritten when the
/// collector moves its target. See `GC.md` for the one rooting rule.
pub struct Handle<T> {
    /// The untyped index (and debug epoch).
    pub raw: RawHandle,
    _marker: PhantomData<fn() -> T>,
}

impl<T> Handle<T> {
    /// Types a raw handle. The caller vouches that `raw` points into `T`'s arena.
    #[inline]
    pub fn from_raw(raw: RawHandle) -> Handle<T> {
        Handle {
            raw,
            _marker: PhantomData,
        }
    }
    /// The position in `T`'s arena.
    #[inline]
    pub fn index(self) -> usize {
        self.raw.index as usize
    }
}

impl<T> Clone for Handle<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Handle<T> {}
impl<T> PartialEq for Handle<T> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}
impl<T> Eq for Handle<T> {}
impl<T> Hash for Handle<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.raw.hash(state)
    }
}
impl<T> fmt::Debug for Handle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = std::any::type_name::<T>()
            .rsplit("::")
            .next()
            .unwrap_or("?");
        write!(f, "{name}#{}", self.raw.index)
    }
}

/// An optional handle in the space of a handle: 4 bytes in release builds where
/// `Option<Handle<T>>` takes 8 (a handle has no spare bit pattern for `None`, so the option
/// needs a tag word; here the index `u32::MAX`, which no arena reaches, is `None`). Used for
/// an object's prototype, the one optional handle every object has: it makes `Object` 8 bytes
/// smaller. Traced and written to images exactly as `Option<Handle<T>>` is.
pub struct OptHandle<T> {
    raw: RawHandle,
    _marker: PhantomData<fn() -> T>,
}

impl<T> OptHandle<T> {
    const NONE_INDEX: u32 = u32::MAX;

    /// `None` or `Some(handle)` (a handle whose index is `u32::MAX`, which no arena has,
    /// reads back as `None`).
    #[inline]
    pub fn new(h: Option<Handle<T>>) -> OptHandle<T> {
        OptHandle {
            raw: match h {
                Some(h) => h.raw,
                None => RawHandle::new(Self::NONE_INDEX, 0),
            },
            _marker: PhantomData,
        }
    }
    /// The handle, if there is one.
    #[inline]
    pub fn get(&self) -> Option<Handle<T>> {
        (self.raw.index != Self::NONE_INDEX).then(|| Handle::from_raw(self.raw))
    }
    /// Replaces the handle.
    #[inline]
    pub fn set(&mut self, h: Option<Handle<T>>) {
        *self = OptHandle::new(h);
    }
    /// The handle itself, for a visitor that rewrites it (`None` if there is none).
    #[inline]
    pub fn raw_mut(&mut self) -> Option<&mut RawHandle> {
        (self.raw.index != Self::NONE_INDEX).then_some(&mut self.raw)
    }
}

impl<T> Clone for OptHandle<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for OptHandle<T> {}
impl<T> PartialEq for OptHandle<T> {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}
impl<T> Eq for OptHandle<T> {}
impl<T> fmt::Debug for OptHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}
impl<T> From<Option<Handle<T>>> for OptHandle<T> {
    fn from(h: Option<Handle<T>>) -> Self {
        OptHandle::new(h)
    }
}
