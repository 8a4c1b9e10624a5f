//! The two traits every heap type implements, derived field by field:
//!
//! - [`Trace`] visits every handle a value holds, mutably, so one visitor marks (reads the
//!   handle) and another relocates (rewrites it).
//! - [`Persist`] writes a value to a heap image and reads it back, validating every byte.
//!
//! Structs get both from [`heap_struct!`], which destructures `self` exhaustively: adding a field
//! to a heap struct without listing it there is a compile error, so no field can escape tracing
//! or the image. Enums implement them by hand with exhaustive `match`es, for the same reason.

use crate::handle::{Handle, RawHandle};
use crate::image::{ImageError, Reader, Writer};
use crate::{HeapType, Kind};

/// Receives every handle edge of a traced value.
pub trait Visitor {
    /// Called for each handle; may rewrite it (relocation, renumbering).
    fn edge(&mut self, kind: Kind, handle: &mut RawHandle);

    /// An edge that does not keep its target alive (an entry of a [`WeakList`]). The collector's
    /// marker ignores it; every other visitor (relocation, verification, copying) treats it as
    /// an ordinary edge, which is right because the collector clears dead entries first.
    #[inline]
    fn weak_edge(&mut self, kind: Kind, handle: &mut RawHandle) {
        self.edge(kind, handle)
    }
}

/// A list whose entries do not keep what they reference alive: after marking, the collector
/// empties every entry that references a dead heap entry ([`WeakList::sweep`]), and the entry's
/// index is never reused, so an index stays a stable name for what it held (the agent's
/// module table uses this: module ids index it, each realm's record holds its modules).
#[derive(Clone, Debug, Default)]
pub struct WeakList<T>(Vec<Option<T>>);

impl<T: Trace> WeakList<T> {
    /// An empty list.
    pub fn new() -> Self {
        WeakList(Vec::new())
    }

    /// Appends `entry`; returns its index.
    pub fn push(&mut self, entry: T) -> u32 {
        self.0.push(Some(entry));
        self.0.len() as u32 - 1
    }

    /// The entry at `index`, unless it never existed or died.
    pub fn get(&self, index: u32) -> Option<&T> {
        self.0.get(index as usize).and_then(Option::as_ref)
    }

    /// The number of indices handed out (live and dead).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Has no index been handed out?
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The live entries with their indices.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &T)> {
        self.0
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.as_ref().map(|e| (i as u32, e)))
    }

    /// Empties every entry that references a heap entry `dead` says died.
    pub fn sweep(&mut self, dead: &dyn Fn(Kind, u32) -> bool) {
        struct FindDead<'a> {
            dead: &'a dyn Fn(Kind, u32) -> bool,
            found: bool,
        }
        impl Visitor for FindDead<'_> {
            fn edge(&mut self, kind: Kind, handle: &mut RawHandle) {
                self.found |= (self.dead)(kind, handle.index);
            }
        }
        for entry in &mut self.0 {
            if let Some(e) = entry {
                let mut finder = FindDead { dead, found: false };
                e.trace(&mut finder);
                if finder.found {
                    *entry = None;
                }
            }
        }
    }
}

impl<T: Trace> Trace for WeakList<T> {
    fn trace<V: Visitor + ?Sized>(&mut self, visitor: &mut V) {
        /// Turns every edge of an entry into a weak edge.
        struct Weak<'a, V: ?Sized>(&'a mut V);
        impl<V: Visitor + ?Sized> Visitor for Weak<'_, V> {
            #[inline]
            fn edge(&mut self, kind: Kind, handle: &mut RawHandle) {
                self.0.weak_edge(kind, handle)
            }
        }
        let mut weak = Weak(visitor);
        self.0.trace(&mut weak)
    }
}
impl<T: Persist> Persist for WeakList<T> {
    fn write(&self, w: &mut Writer) {
        self.0.write(w)
    }
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        Ok(WeakList(Vec::read(r)?))
    }
}

/// Visits the handles a value holds.
pub trait Trace {
    /// Calls `visitor` on every handle the value holds.
    fn trace<V: Visitor + ?Sized>(&mut self, visitor: &mut V);
}

/// Writes a value into a heap image and reads it back.
pub trait Persist: Sized {
    /// Appends the value's image encoding.
    fn write(&self, w: &mut Writer);
    /// Reads a value written by [`Persist::write`], checking handles and tags.
    fn read(r: &mut Reader) -> Result<Self, ImageError>;
    /// Reads an `Option<Self>` (a tag byte, 0 or 1, then the value): the generic read,
    /// unless the type decodes both after one bounds check (handles).
    #[inline]
    fn read_option(r: &mut Reader) -> Result<Option<Self>, ImageError> {
        read_option_tagged(r)
    }
    /// Reads `len` values in a row (a `Vec`'s elements, `len` already checked against the
    /// bytes left): one at a time, unless the type can read them in bulk (fixed-width
    /// numbers: a string's code units are most of an image's bytes).
    #[inline]
    fn read_many(r: &mut Reader, len: usize) -> Result<Vec<Self>, ImageError> {
        let mut v = Vec::with_capacity(len.min(1 << 16));
        for _ in 0..len {
            v.push(Self::read(r)?);
        }
        Ok(v)
    }
}

/// Implements [`Trace`] and [`Persist`] for a struct from its field list.
#[macro_export]
macro_rules! heap_struct {
    ($name:ident { $($field:ident),* $(,)? }) => {
        impl $crate::trace::Trace for $name {
            fn trace<V: $crate::trace::Visitor + ?Sized>(&mut self, visitor: &mut V) {
                let $name { $($field),* } = self;
                $( $crate::trace::Trace::trace($field, visitor); )*
            }
        }
        impl $crate::trace::Persist for $name {
            fn write(&self, w: &mut $crate::image::Writer) {
                let $name { $($field),* } = self;
                $( $crate::trace::Persist::write($field, w); )*
            }
            #[inline]
            fn read(r: &mut $crate::image::Reader) -> Result<Self, $crate::image::ImageError> {
                Ok($name { $($field: $crate::trace::Persist::read(r)?),* })
            }
        }
    };
}

/// Plain data: nothing to trace; written as little-endian bytes.
macro_rules! plain {
    ($($t:ty),*) => {$(
        impl Trace for $t {
            #[inline]
            fn trace<V: Visitor + ?Sized>(&mut self, _: &mut V) {}
        }
        impl Persist for $t {
            fn write(&self, w: &mut Writer) {
                w.bytes(&self.to_le_bytes());
            }
            #[inline]
            fn read(r: &mut Reader) -> Result<Self, ImageError> {
                Ok(<$t>::from_le_bytes(r.array()?))
            }
            fn read_many(r: &mut Reader, len: usize) -> Result<Vec<Self>, ImageError> {
                const N: usize = std::mem::size_of::<$t>();
                let n = len
                    .checked_mul(N)
                    .ok_or_else(|| r.error(format!("length {len} exceeds the image")))?;
                Ok(r.bytes(n)?
                    .chunks_exact(N)
                    .map(|c| {
                        let mut b = [0u8; N];
                        b.copy_from_slice(c);
                        <$t>::from_le_bytes(b)
                    })
                    .collect())
            }
        }
    )*};
}
plain!(u16, u32, u64, i32, i64, i128, f64);

impl Trace for u8 {
    #[inline]
    fn trace<V: Visitor + ?Sized>(&mut self, _: &mut V) {}
}
impl Persist for u8 {
    fn write(&self, w: &mut Writer) {
        w.bytes(&[*self]);
    }
    #[inline]
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        Ok(r.array::<1>()?[0])
    }
    /// Bytes (bytecode, buffers) are copied whole.
    fn read_many(r: &mut Reader, len: usize) -> Result<Vec<Self>, ImageError> {
        Ok(r.bytes(len)?.to_vec())
    }
}

impl Trace for bool {
    fn trace<V: Visitor + ?Sized>(&mut self, _: &mut V) {}
}
impl Persist for bool {
    fn write(&self, w: &mut Writer) {
        w.bytes(&[*self as u8]);
    }
    #[inline]
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        match u8::read(r)? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(r.error(format!("invalid boolean byte {b}"))),
        }
    }
}

impl Trace for usize {
    fn trace<V: Visitor + ?Sized>(&mut self, _: &mut V) {}
}
impl Persist for usize {
    fn write(&self, w: &mut Writer) {
        (*self as u64).write(w)
    }
    #[inline]
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        usize::try_from(u64::read(r)?).map_err(|_| r.error("length does not fit in usize"))
    }
}

impl<T: HeapType> Trace for Handle<T> {
    #[inline]
    fn trace<V: Visitor + ?Sized>(&mut self, visitor: &mut V) {
        visitor.edge(T::KIND, &mut self.raw);
    }
}
impl<T: HeapType> Persist for Handle<T> {
    fn write(&self, w: &mut Writer) {
        self.raw.index.write(w)
    }
    #[inline]
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        let index = u32::read(r)?;
        r.check_handle(T::KIND, index)?;
        Ok(Handle::from_raw(RawHandle::new(index, r.epoch())))
    }
    /// Optional handles (prototypes, shapes, environments) are in nearly every entry: the tag
    /// and the index after one bounds check, away from a section's last 4 bytes.
    #[inline]
    fn read_option(r: &mut Reader) -> Result<Option<Self>, ImageError> {
        match r.peek::<5>() {
            Some(&[0, ..]) => {
                r.skip(1);
                Ok(None)
            }
            Some(&[1, a, b, c, d]) => {
                let index = u32::from_le_bytes([a, b, c, d]);
                // Consumed first, so an error has the offset a field-by-field read gives.
                r.skip(5);
                r.check_handle(T::KIND, index)?;
                Ok(Some(Handle::from_raw(RawHandle::new(index, r.epoch()))))
            }
            _ => read_option_slowly(r),
        }
    }
}

/// An `Option<T>` as written: a tag byte (0 or 1), then the value if 1.
#[inline]
fn read_option_tagged<T: Persist>(r: &mut Reader) -> Result<Option<T>, ImageError> {
    match u8::read(r)? {
        0 => Ok(None),
        1 => Ok(Some(T::read(r)?)),
        b => Err(r.error(format!("invalid option tag {b}"))),
    }
}

/// [`read_option_tagged`] out of line, for the handles' fast path (near a section's end, and
/// bad tags).
#[cold]
#[inline(never)]
fn read_option_slowly<T: Persist>(r: &mut Reader) -> Result<Option<T>, ImageError> {
    read_option_tagged(r)
}

impl<T: Trace> Trace for Option<T> {
    #[inline]
    fn trace<V: Visitor + ?Sized>(&mut self, visitor: &mut V) {
        if let Some(x) = self {
            x.trace(visitor)
        }
    }
}
impl<T: HeapType> Trace for crate::handle::OptHandle<T> {
    #[inline]
    fn trace<V: Visitor + ?Sized>(&mut self, visitor: &mut V) {
        if let Some(raw) = self.raw_mut() {
            visitor.edge(T::KIND, raw);
        }
    }
}
impl<T: HeapType> Persist for crate::handle::OptHandle<T> {
    fn write(&self, w: &mut Writer) {
        self.get().write(w)
    }
    #[inline]
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        Ok(Option::<Handle<T>>::read(r)?.into())
    }
}

impl<T: Persist> Persist for Option<T> {
    fn write(&self, w: &mut Writer) {
        match self {
            None => w.bytes(&[0]),
            Some(x) => {
                w.bytes(&[1]);
                x.write(w)
            }
        }
    }
    #[inline]
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        T::read_option(r)
    }
}

/// Every sequence type (`Vec`, `SmallVec`, `ThinVec`, `VecDeque`, boxed slices) traces its elements in
/// order and is written the same way, as its length and its elements, so any of them reads back
/// as any other.
macro_rules! sequence {
    ($([$($g:tt)*] $ty:ty, read: |$r:ident| $read:expr;)*) => {$(
        impl<$($g)*> Trace for $ty where T: Trace {
            fn trace<V: Visitor + ?Sized>(&mut self, visitor: &mut V) {
                for x in self.iter_mut() {
                    x.trace(visitor)
                }
            }
        }
        impl<$($g)*> Persist for $ty where T: Persist {
            fn write(&self, w: &mut Writer) {
                self.len().write(w);
                for x in self.iter() {
                    x.write(w)
                }
            }
            // The body in place (it was a closure called through a `fn` pointer).
            #[inline]
            fn read($r: &mut Reader) -> Result<Self, ImageError> {
                $read
            }
        }
    )*};
}

sequence! {
    [T] Vec<T>, read: |r| {
        let len = r.length()?;
        T::read_many(r, len)
    };
    // Read in place, not through a `Vec` (a SmallVec of up to N values is inline: reading one
    // through a Vec allocated and freed a block per object; a ThinVec has its own header).
    [T, const N: usize] smallvec::SmallVec<[T; N]>, read: |r| {
        let len = r.length()?;
        let mut v = smallvec::SmallVec::with_capacity(len.min(1 << 16));
        for _ in 0..len {
            v.push(T::read(r)?);
        }
        Ok(v)
    };
    [T] thin_vec::ThinVec<T>, read: |r| {
        let len = r.length()?;
        let mut v = thin_vec::ThinVec::with_capacity(len.min(1 << 16));
        for _ in 0..len {
            v.push(T::read(r)?);
        }
        Ok(v)
    };
    [T] std::collections::VecDeque<T>, read: |r| Ok(Vec::<T>::read(r)?.into());
    [T] Box<[T]>, read: |r| Ok(Vec::<T>::read(r)?.into_boxed_slice());
}

impl<T: Trace> Trace for Box<T> {
    fn trace<V: Visitor + ?Sized>(&mut self, visitor: &mut V) {
        (**self).trace(visitor)
    }
}
impl<T: Persist> Persist for Box<T> {
    fn write(&self, w: &mut Writer) {
        (**self).write(w)
    }
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        Ok(Box::new(T::read(r)?))
    }
}

impl Trace for String {
    fn trace<V: Visitor + ?Sized>(&mut self, _: &mut V) {}
}
impl Persist for String {
    fn write(&self, w: &mut Writer) {
        self.len().write(w);
        w.bytes(self.as_bytes());
    }
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        let len = r.length()?;
        let bytes = r.bytes(len)?.to_vec();
        String::from_utf8(bytes).map_err(|_| r.error("invalid UTF-8 in string"))
    }
}

impl<A: Trace, B: Trace> Trace for (A, B) {
    fn trace<V: Visitor + ?Sized>(&mut self, visitor: &mut V) {
        self.0.trace(visitor);
        self.1.trace(visitor);
    }
}
impl<A: Persist, B: Persist> Persist for (A, B) {
    fn write(&self, w: &mut Writer) {
        self.0.write(w);
        self.1.write(w);
    }
    #[inline]
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        Ok((A::read(r)?, B::read(r)?))
    }
}
