//! Shared Data Blocks: the memory of SharedArrayBuffers, shared between agents (each agent is
//! a `Vm` with its own heap, on its own thread).
//! <https://tc39.es/ecma262/#sec-data-blocks> (CreateSharedByteDataBlock)
//!
//! The heap holds no Rust pointers, so a SharedArrayBuffer's [`ArrayBufferData`] names its
//! block by a stable id ([`SharedBlockRef`]) in a process-wide registry. The id is counted:
//! cloning the reference retains the block and dropping it releases it, and the block is freed
//! with its last reference (in any heap). A heap image writes the block's bytes; loading one
//! creates a new block.
//!
//! The bytes are atomics (a boxed slice of `AtomicU64`, so the block is 8-aligned), because
//! several threads read and write them at once: plain (non-atomic in JavaScript's sense)
//! accesses are relaxed atomic loads and stores, `Atomics` operations are sequentially
//! consistent atomic operations of the element's size at its aligned address.
//!
//! [`ArrayBufferData`]: crate::object::ArrayBufferData

use std::collections::HashMap;
use std::sync::atomic::{AtomicU16, AtomicU32, AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// The largest shared block (the same cap as ArrayBuffers: 1 GiB).
pub const MAX_SHARED_BYTES: usize = 1 << 30;

/// One Shared Data Block.
pub struct SharedBlock {
    /// The block's stable id (never reused in a process).
    id: u64,
    /// The memory: `capacity` bytes, rounded up to whole words, zero-initialised.
    words: Box<[AtomicU64]>,
    /// The capacity in bytes: the maximum byte length a growable buffer may reach.
    capacity: usize,
    /// The current byte length ([[ArrayBufferByteLength]]); grows, never shrinks.
    len: AtomicUsize,
}

impl std::fmt::Debug for SharedBlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedBlock")
            .field("id", &self.id)
            .field("len", &self.len())
            .field("capacity", &self.capacity)
            .finish()
    }
}

/// The process-wide registry: block id → (block, number of references).
struct Registry {
    blocks: HashMap<u64, (Arc<SharedBlock>, usize)>,
    next_id: u64,
}

fn registry() -> MutexGuard<'static, Registry> {
    static REGISTRY: OnceLock<Mutex<Registry>> = OnceLock::new();
    let m = REGISTRY.get_or_init(|| {
        Mutex::new(Registry {
            blocks: HashMap::new(),
            next_id: 1,
        })
    });
    // A panic while holding the lock cannot leave the map half-updated (every update is one
    // insert, remove or counter change), so a poisoned lock is still usable.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The number of live shared blocks in the process (for tests and leak checks).
pub fn live_blocks() -> usize {
    registry().blocks.len()
}

/// A counted reference to a shared block, by id: what a SharedArrayBuffer's heap object holds.
pub struct SharedBlockRef {
    id: u64,
}

impl SharedBlockRef {
    /// CreateSharedByteDataBlock(size): a zeroed block of `len` bytes that may grow to
    /// `capacity` bytes. `None` when the sizes are invalid or too large.
    pub fn new(len: usize, capacity: usize) -> Option<SharedBlockRef> {
        if len > capacity || capacity > MAX_SHARED_BYTES {
            return None;
        }
        // `vec![0u64; n]` asks the allocator for zeroed memory (lazily mapped for big blocks).
        let zeroed = vec![0u64; capacity.div_ceil(8)].into_boxed_slice();
        let raw = Box::into_raw(zeroed) as *mut [AtomicU64];
        // SAFETY: `AtomicU64` has the same size, alignment and bit validity as `u64`
        // (documented in `std::sync::atomic`), so a boxed `[u64]` is a valid boxed
        // `[AtomicU64]` of the same length; the box is uniquely owned and re-boxed once.
        let words = unsafe { Box::from_raw(raw) };
        let mut reg = registry();
        let id = reg.next_id;
        reg.next_id += 1;
        let block = SharedBlock {
            id,
            words,
            capacity,
            len: AtomicUsize::new(len),
        };
        reg.blocks.insert(id, (Arc::new(block), 1));
        Some(SharedBlockRef { id })
    }

    /// A new block holding `bytes` (a heap image's copy), with room for `capacity` bytes.
    pub fn from_bytes(bytes: &[u8], capacity: usize) -> Option<SharedBlockRef> {
        let r = SharedBlockRef::new(bytes.len(), capacity)?;
        r.block().write(0, bytes);
        Some(r)
    }

    /// A reference to an existing block (another agent's view of the same memory); `None` if
    /// the block no longer exists.
    pub fn retain(id: u64) -> Option<SharedBlockRef> {
        let mut reg = registry();
        let entry = reg.blocks.get_mut(&id)?;
        entry.1 += 1;
        Some(SharedBlockRef { id })
    }

    /// The block's id.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The block itself. Holding the `Arc` keeps the memory alive; it cannot fail, as this
    /// reference is counted.
    pub fn block(&self) -> Arc<SharedBlock> {
        match registry().blocks.get(&self.id) {
            Some((b, _)) => b.clone(),
            // Unreachable while this reference exists; an empty block keeps it panic-free.
            None => Arc::new(SharedBlock {
                id: self.id,
                words: Box::new([]),
                capacity: 0,
                len: AtomicUsize::new(0),
            }),
        }
    }
}

impl Clone for SharedBlockRef {
    fn clone(&self) -> Self {
        if let Some((_, refs)) = registry().blocks.get_mut(&self.id) {
            *refs += 1;
        }
        SharedBlockRef { id: self.id }
    }
}

impl Drop for SharedBlockRef {
    fn drop(&mut self) {
        let mut reg = registry();
        let last = match reg.blocks.get_mut(&self.id) {
            Some((_, refs)) => {
                *refs -= 1;
                *refs == 0
            }
            None => false,
        };
        if last {
            // The memory itself is freed when the last `Arc` (a thread may be using it right
            // now) goes; outside the lock.
            let entry = reg.blocks.remove(&self.id);
            drop(reg);
            drop(entry);
        }
    }
}

impl std::fmt::Debug for SharedBlockRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SharedBlockRef({})", self.id)
    }
}

impl SharedBlock {
    /// The block's identity, shared by every agent that holds it.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The current byte length (sequentially consistent, as ArrayBufferByteLength(O, seq-cst)).
    pub fn len(&self) -> usize {
        self.len.load(Ordering::SeqCst)
    }

    /// Is the block zero bytes long?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most bytes the block can grow to.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Grows the block to `new_len` bytes (new bytes are already zero). False if `new_len` is
    /// smaller than the current length or past the capacity (the length is unchanged then).
    pub fn grow(&self, new_len: usize) -> bool {
        if new_len > self.capacity {
            return false;
        }
        self.len
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |cur| {
                (new_len >= cur).then_some(new_len)
            })
            .is_ok()
    }

    /// The byte at `i`, which must be below `capacity`.
    fn byte(&self, i: usize) -> &AtomicU8 {
        assert!(
            i < self.words.len() * 8,
            "shared block byte {i} out of range"
        );
        // SAFETY: `i` is inside the words' allocation (checked above). `AtomicU8` has size and
        // alignment 1 and the same bit validity as `u8`, so any byte of the `AtomicU64`s is a
        // valid `AtomicU8`; the memory is only ever accessed atomically (mixed sizes: see
        // `sized`), and it lives as long as `&self`.
        unsafe { &*self.words.as_ptr().cast::<AtomicU8>().add(i) }
    }

    /// Relaxed atomic loads of `out.len()` bytes from `at`. False (and nothing read) if the
    /// range is past the current length.
    pub fn read(&self, at: usize, out: &mut [u8]) -> bool {
        if at.checked_add(out.len()).is_none_or(|end| end > self.len()) {
            return false;
        }
        let n = out.len();
        if matches!(n, 2 | 4 | 8) && at.is_multiple_of(n) {
            // One aligned access, so that an element is read whole (JavaScript allows tearing,
            // but not tearing is better).
            let v = self.sized(at, n, |a| a.load(Ordering::Relaxed));
            out.copy_from_slice(&v.to_le_bytes()[..n]);
        } else {
            for (k, b) in out.iter_mut().enumerate() {
                *b = self.byte(at + k).load(Ordering::Relaxed);
            }
        }
        true
    }

    /// Relaxed atomic stores of `src` at `at`. False (and nothing written) if the range is past
    /// the current length.
    pub fn write(&self, at: usize, src: &[u8]) -> bool {
        if at.checked_add(src.len()).is_none_or(|end| end > self.len()) {
            return false;
        }
        let n = src.len();
        if matches!(n, 2 | 4 | 8) && at.is_multiple_of(n) {
            let mut raw = [0u8; 8];
            raw[..n].copy_from_slice(src);
            let v = u64::from_le_bytes(raw);
            self.sized(at, n, |a| {
                a.store(v, Ordering::Relaxed);
                0
            });
        } else {
            for (k, &b) in src.iter().enumerate() {
                self.byte(at + k).store(b, Ordering::Relaxed);
            }
        }
        true
    }

    /// A copy of `len` bytes from `at` (what fits in the current length).
    pub fn to_vec(&self, at: usize, len: usize) -> Vec<u8> {
        let cur = self.len();
        let end = at.saturating_add(len).min(cur);
        (at.min(end)..end)
            .map(|i| self.byte(i).load(Ordering::Relaxed))
            .collect()
    }

    /// Copies `len` bytes from `from` to `to` inside the block, byte by byte in the direction
    /// that reads every source byte before overwriting it (as `copy_within`).
    pub fn copy_within(&self, from: usize, to: usize, len: usize) -> bool {
        let cur = self.len();
        if from.saturating_add(len) > cur || to.saturating_add(len) > cur {
            return false;
        }
        let mv = |k: usize| {
            let b = self.byte(from + k).load(Ordering::Relaxed);
            self.byte(to + k).store(b, Ordering::Relaxed);
        };
        if to <= from {
            (0..len).for_each(mv);
        } else {
            (0..len).rev().for_each(mv);
        }
        true
    }

    /// Runs `f` on the location of `size` (1, 2, 4 or 8) bytes at `at` as a `u64` atomic
    /// interface: the value passed in and out is the little-endian reading of those bytes,
    /// zero-extended. `at` must be a multiple of `size` and `at + size` within the capacity.
    fn sized(&self, at: usize, size: usize, f: impl FnOnce(&dyn AtomicCell) -> u64) -> u64 {
        assert!(
            matches!(size, 1 | 2 | 4 | 8)
                && at.is_multiple_of(size)
                && at
                    .checked_add(size)
                    .is_some_and(|end| end <= self.words.len() * 8),
            "misaligned or out-of-range shared access"
        );
        let base = self.words.as_ptr().cast::<u8>();
        // SAFETY (all four casts): the location is inside the words' allocation and aligned to
        // `size` (asserted above; the allocation is 8-aligned as `AtomicU64`s), and the atomic
        // types have the size, alignment and bit validity of the plain integers, so it is a
        // valid atomic of that size for the life of `&self`. The block is only accessed through
        // atomics. Accesses of different sizes may overlap and race when JavaScript code
        // mixes element types on the same bytes; Rust's memory model does not define such
        // mixed-size races (C++'s neither), but the hardware Amber runs on performs each
        // access as one atomic access of its size, which is what JavaScript's memory model
        // asks for (it only requires same-size, same-address accesses to be atomic).
        unsafe {
            match size {
                1 => f(&*base.add(at).cast::<AtomicU8>()),
                2 => f(&*base.add(at).cast::<AtomicU16>()),
                4 => f(&*base.add(at).cast::<AtomicU32>()),
                _ => f(&*base.add(at).cast::<AtomicU64>()),
            }
        }
    }

    /// A sequentially consistent load (`Atomics.load`). `None` if the access is out of range
    /// or misaligned.
    pub fn atomic_load(&self, at: usize, size: usize) -> Option<u64> {
        self.check(at, size)?;
        Some(self.sized(at, size, |a| a.load(Ordering::SeqCst)))
    }

    /// A sequentially consistent store (`Atomics.store`).
    pub fn atomic_store(&self, at: usize, size: usize, value: u64) -> Option<()> {
        self.check(at, size)?;
        self.sized(at, size, |a| {
            a.store(value, Ordering::SeqCst);
            0
        });
        Some(())
    }

    /// An atomic read-modify-write: stores `op(old)` (truncated to `size` bytes) and returns
    /// `old` (`Atomics.add` and friends).
    pub fn atomic_rmw(&self, at: usize, size: usize, op: &dyn Fn(u64) -> u64) -> Option<u64> {
        self.check(at, size)?;
        Some(self.sized(at, size, |a| a.update(op)))
    }

    /// An atomic compare-and-exchange: stores `replacement` if the location holds `expected`;
    /// returns the old value (`Atomics.compareExchange`).
    pub fn atomic_compare_exchange(
        &self,
        at: usize,
        size: usize,
        expected: u64,
        replacement: u64,
    ) -> Option<u64> {
        self.check(at, size)?;
        Some(self.sized(at, size, |a| a.compare_exchange(expected, replacement)))
    }

    fn check(&self, at: usize, size: usize) -> Option<()> {
        let ok = matches!(size, 1 | 2 | 4 | 8)
            && at.is_multiple_of(size)
            && at.checked_add(size).is_some_and(|end| end <= self.len());
        ok.then_some(())
    }
}

/// The atomic operations Amber needs, over the four sizes, on little-endian `u64` values.
trait AtomicCell {
    fn load(&self, order: Ordering) -> u64;
    fn store(&self, v: u64, order: Ordering);
    /// Sequentially consistent read-modify-write; returns the old value.
    fn update(&self, op: &dyn Fn(u64) -> u64) -> u64;
    /// Sequentially consistent compare-and-exchange; returns the old value.
    fn compare_exchange(&self, expected: u64, replacement: u64) -> u64;
}

macro_rules! atomic_cell {
    ($($atomic:ty => $int:ty),*) => {$(
        impl AtomicCell for $atomic {
            fn load(&self, order: Ordering) -> u64 {
                <$int>::from_le(<$atomic>::load(self, order)) as u64
            }
            fn store(&self, v: u64, order: Ordering) {
                <$atomic>::store(self, (v as $int).to_le(), order)
            }
            fn update(&self, op: &dyn Fn(u64) -> u64) -> u64 {
                let old = self.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |x| {
                    Some((op(<$int>::from_le(x) as u64) as $int).to_le())
                });
                // `fetch_update` with a closure that always returns `Some` cannot fail.
                let old = match old {
                    Ok(x) | Err(x) => x,
                };
                <$int>::from_le(old) as u64
            }
            fn compare_exchange(&self, expected: u64, replacement: u64) -> u64 {
                let r = <$atomic>::compare_exchange(
                    self,
                    (expected as $int).to_le(),
                    (replacement as $int).to_le(),
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                );
                let old = match r {
                    Ok(x) | Err(x) => x,
                };
                <$int>::from_le(old) as u64
            }
        }
    )*};
}
atomic_cell!(AtomicU8 => u8, AtomicU16 => u16, AtomicU32 => u32, AtomicU64 => u64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_counted_and_freed() {
        let a = SharedBlockRef::new(16, 32).expect("block");
        let id = a.id();
        let b = a.clone();
        let c = SharedBlockRef::retain(id).expect("retained");
        drop(a);
        drop(b);
        assert!(SharedBlockRef::retain(id).is_some());
        drop(c);
        assert!(
            SharedBlockRef::retain(id).is_none(),
            "freed with its last reference"
        );
    }

    #[test]
    fn reads_writes_and_atomics() {
        let r = SharedBlockRef::new(16, 24).expect("block");
        let b = r.block();
        assert!(b.write(3, &[1, 2, 3]));
        let mut out = [0u8; 4];
        assert!(b.read(2, &mut out));
        assert_eq!(out, [0, 1, 2, 3]);
        assert!(!b.read(14, &mut out), "past the length");
        assert_eq!(b.atomic_store(8, 4, 0x1234_5678), Some(()));
        assert_eq!(b.atomic_rmw(8, 4, &|x| x + 1), Some(0x1234_5678));
        assert_eq!(b.atomic_load(8, 4), Some(0x1234_5679));
        assert_eq!(b.to_vec(8, 4), vec![0x79, 0x56, 0x34, 0x12]);
        assert_eq!(b.atomic_compare_exchange(8, 2, 0x5679, 7), Some(0x5679));
        assert_eq!(b.atomic_load(8, 4), Some(0x1234_0007));
        assert_eq!(b.atomic_load(9, 4), None, "misaligned");
        assert_eq!(b.atomic_load(16, 4), None, "past the length");
        assert!(b.grow(24));
        assert_eq!(b.atomic_load(16, 8), Some(0));
        assert!(!b.grow(20), "never shrinks");
        assert!(!b.grow(32), "past the capacity");
        assert!(b.copy_within(2, 3, 4));
        assert_eq!(b.to_vec(2, 6), vec![0, 0, 1, 2, 3, 0]);
        assert!(SharedBlockRef::new(8, 4).is_none());
        assert!(SharedBlockRef::new(0, MAX_SHARED_BYTES + 1).is_none());
    }

    #[test]
    fn threads_add_atomically() {
        let r = SharedBlockRef::new(8, 8).expect("block");
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let r = r.clone();
                std::thread::spawn(move || {
                    let b = r.block();
                    for _ in 0..10_000 {
                        b.atomic_rmw(0, 4, &|x| x + 1);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().expect("thread");
        }
        assert_eq!(r.block().atomic_load(0, 4), Some(40_000));
    }
}
