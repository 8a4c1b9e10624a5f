//! The start-up region: the first [`START_BYTES`] bytes a process allocates, carved one block
//! after the other from one static buffer.
//!
//! Building the first realm makes a few thousand small blocks of many sizes (slot vectors of
//! prototypes with 3 to 60 properties, shape entry lists, names) that live as long as the
//! process. mimalloc gives each size class its own 64 KiB page and touches at least one 4 KiB
//! page of each, so a hello world touched about 50 pages for the free lists of size classes it
//! used a block or two of, plus mimalloc's own bitmaps and page map, and page faults are what
//! a short run spends most on (`vm/PERFORMANCE.md`, "Start-up"). Carved one after the other,
//! the same blocks fill about as many pages as they have bytes.
//!
//! A block freed while it is the last one carved gives its bytes back (a vector that grows
//! while it is the last block grows in place, and short-lived temporaries are stack-like); any
//! other freed block's bytes stay unused until the process ends, which bounds the waste by the
//! region's size. Once a request does not fit, the region is closed and every later block
//! comes from mimalloc (and, from [`super::LARGE`] bytes, from the C library). Blocks are told
//! apart by address, one comparison in `dealloc` and `realloc`.
//!
//! The region's pages are populated 128 KiB at a time as blocks are carved
//! ([`Region::populate_to`]): one system call per 32 pages instead of a page fault each.

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The size of the start-up region. A hello world carves 349 KB of it (2026-12-06), most of
/// it the first realm's arenas, whose reservations for ~1,000 objects, shapes and strings
/// touch a page only once an entry is written there, and never calls mimalloc, whose own
/// set-up (arena, bitmaps, page map) was about 30 of its page faults. What a longer program
/// allocates next fills the rest, and the region's bytes are resident for good: with 1 MiB,
/// small benchmarks peaked 0.8-2.5 MB higher than without a region (DeltaBlue 13.8 -> 16.3
/// MB), with 512 KiB 0.3-1.5 MB (15.3 MB). The bytes are in `.bss`: pages never touched cost
/// nothing.
pub const START_BYTES: usize = 512 << 10;

/// The region's pages are mapped this many bytes at a time, ahead of the blocks carved (see
/// [`Region::populate_to`]). A hello world carves 349 KB, so three steps; with 64 KiB steps
/// (six) its wall time was 1.260 ms against 1.228 (medians of 500 interleaved runs).
const POPULATE_STEP: usize = 128 << 10;

/// A bump region over `N` bytes of static memory, shared by every thread.
pub(super) struct Region<const N: usize> {
    bytes: UnsafeCell<Bytes<N>>,
    /// The offset of the first free byte; `N` once the region is closed.
    next: AtomicUsize,
    /// The bytes from the start that have been populated (see [`Region::populate_to`]).
    populated: AtomicUsize,
}

#[repr(C, align(4096))]
struct Bytes<const N: usize>([u8; N]);

// SAFETY: the buffer is only written through blocks handed out by `alloc`/`realloc`, and the
// compare-and-exchange on `next` gives each block to exactly one caller; a block's bytes are
// then its owner's until it frees them (the `GlobalAlloc` contract), so no two threads write
// the same byte without the owner's own synchronization.
unsafe impl<const N: usize> Sync for Region<N> {}

impl<const N: usize> Region<N> {
    pub(super) const fn new() -> Self {
        Region {
            bytes: UnsafeCell::new(Bytes([0; N])),
            next: AtomicUsize::new(0),
            populated: AtomicUsize::new(0),
        }
    }

    #[inline(always)]
    fn base(&self) -> usize {
        self.bytes.get() as usize
    }

    /// Is `ptr` a block of this region?
    #[inline(always)]
    pub(super) fn owns(&self, ptr: *mut u8) -> bool {
        (ptr as usize).wrapping_sub(self.base()) < N
    }

    /// A block of `size` bytes aligned to `align` (a power of two), or null once the region
    /// is closed. A request that does not fit closes the region.
    #[inline(always)]
    pub(super) fn alloc(&self, size: usize, align: usize) -> *mut u8 {
        // Closed: one load, and no store, for every allocation of a long run.
        if self.next.load(Relaxed) >= N {
            return std::ptr::null_mut();
        }
        match carve(&self.next, self.base(), N, size, align) {
            // (From the buffer's pointer, not the address, to keep its provenance.)
            Some(start) => {
                self.populate_to(start + size);
                self.bytes.get().cast::<u8>().wrapping_add(start)
            }
            None => {
                // Closed for good (later, smaller requests would still fit, but testing every
                // allocation of a long run against a nearly full region costs more than the
                // few bytes are worth).
                self.next.store(N, Relaxed);
                std::ptr::null_mut()
            }
        }
    }

    /// Frees the block at `ptr` of `size` bytes: its bytes come back if it is the last block
    /// carved (and the region is open).
    #[inline]
    pub(super) fn dealloc(&self, ptr: *mut u8, size: usize) {
        give_back(&self.next, ptr as usize - self.base(), size);
    }

    /// Resizes the last block carved in place, if it is `ptr` and the new size fits; returns
    /// whether it did.
    #[inline]
    pub(super) fn resize_in_place(&self, ptr: *mut u8, size: usize, new_size: usize) -> bool {
        let start = ptr as usize - self.base();
        let resized = resize_last(&self.next, N, start, size, new_size);
        if resized {
            self.populate_to(start + new_size);
        }
        resized
    }

    /// Makes sure the region's first `end` bytes are populated, populating up to
    /// [`POPULATE_STEP`] bytes beyond.
    ///
    /// The pages of `.bss` are mapped on first write, a page fault each, and the first realm
    /// alone writes about 85 of them. Populating them `POPULATE_STEP` bytes at a time with
    /// `madvise(MADV_POPULATE_WRITE)` maps 32 pages per system call: a hello world's
    /// task-clock went 1.18 -> 1.08 ms (median of 400 interleaved runs), far more than the
    /// ~1.3 µs a fault costs in isolation. The region is carved in order, so populated pages
    /// are used soon, and at most one step's worth is populated and not yet carved.
    #[inline(always)]
    fn populate_to(&self, end: usize) {
        if end > self.populated.load(Relaxed) {
            self.populate_more(end);
        }
    }

    #[cold]
    #[inline(never)]
    fn populate_more(&self, end: usize) {
        let target = end.next_multiple_of(POPULATE_STEP).min(N);
        let from = self.populated.fetch_max(target, Relaxed);
        if from >= target {
            // Another thread got there first.
            return;
        }
        // (From the buffer's pointer, to keep its provenance.)
        super::populate(
            self.bytes.get().cast::<u8>().wrapping_add(from),
            target - from,
        );
    }

    /// How many bytes have been carved (`N` once closed).
    #[cfg(test)]
    fn used(&self) -> usize {
        self.next.load(Relaxed)
    }
}

/// The bump step both regions carve with (this one and the load region, `load_region.rs`):
/// `size` bytes aligned to `align` (a power of two) from a region whose first byte is at
/// address `base`, `len` bytes long, whose first free offset is `next` (`len` or more once
/// closed). The block's offset, or `None` if it does not fit or the region is closed. The
/// compare-and-exchange on `next` gives each byte to one block.
#[inline(always)]
pub(super) fn carve(
    next: &AtomicUsize,
    base: usize,
    len: usize,
    size: usize,
    align: usize,
) -> Option<usize> {
    let mut at = next.load(Relaxed);
    while at < len {
        let start = (base + at).next_multiple_of(align) - base;
        let end = start.saturating_add(size);
        if end > len {
            return None;
        }
        match next.compare_exchange_weak(at, end, Relaxed, Relaxed) {
            Ok(_) => return Some(start),
            Err(now) => at = now,
        }
    }
    None
}

/// Gives back the bytes of the block at offset `start` of `size` bytes if it is the last one
/// carved (it ends at `next`); otherwise they stay unused.
#[inline]
pub(super) fn give_back(next: &AtomicUsize, start: usize, size: usize) {
    let _ = next.compare_exchange(start + size, start, Relaxed, Relaxed);
}

/// Resizes the block at offset `start` of `size` bytes to `new_size` in place, if it is the
/// last one carved and the new size fits in the region's `len` bytes; returns whether it did.
#[inline]
pub(super) fn resize_last(
    next: &AtomicUsize,
    len: usize,
    start: usize,
    size: usize,
    new_size: usize,
) -> bool {
    let end = start + new_size;
    end <= len
        && next
            .compare_exchange(start + size, end, Relaxed, Relaxed)
            .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks are carved in order and aligned; the last one grows and shrinks in place and
    /// gives its bytes back when freed; an earlier one freed leaves its bytes unused; a request
    /// that does not fit closes the region.
    #[test]
    fn carves_in_order_and_reuses_only_the_last_block() {
        static R: Region<8192> = Region::new();
        let a = R.alloc(10, 1);
        let b = R.alloc(16, 8);
        assert!(R.owns(a) && R.owns(b));
        assert_eq!(b as usize % 8, 0);
        assert_eq!(b as usize, (a as usize + 10).next_multiple_of(8));
        assert_eq!(R.used(), b as usize + 16 - R.base());
        // The last block grows and shrinks in place; an earlier one cannot.
        assert!(R.resize_in_place(b, 16, 100));
        assert!(R.resize_in_place(b, 100, 40));
        assert!(!R.resize_in_place(a, 10, 11));
        assert_eq!(R.used(), b as usize + 40 - R.base());
        // Freeing the earlier block changes nothing; freeing the last one gives it back.
        R.dealloc(a, 10);
        assert_eq!(R.used(), b as usize + 40 - R.base());
        R.dealloc(b, 40);
        assert_eq!(R.used(), b as usize - R.base());
        let c = R.alloc(1000, 4096);
        assert_eq!(c as usize, R.base() + 4096);
        // Growing past the end fails and keeps the block as it was.
        assert!(!R.resize_in_place(c, 1000, 8192));
        assert_eq!(R.used(), 5096);
        // A request that does not fit closes the region: nothing more, however small.
        assert!(R.alloc(4000, 1).is_null());
        assert_eq!(R.used(), 8192);
        assert!(R.alloc(1, 1).is_null());
        assert!(!R.owns(std::ptr::null_mut()));
        assert!(!R.owns(&8u8 as *const u8 as *mut u8));
    }

    /// Carving a block populates the region's pages a step at a time: after the first block,
    /// the first step's pages are resident and the next step's are not; a block that reaches
    /// into the next step populates it. (Skipped where the kernel refuses
    /// `MADV_POPULATE_WRITE`, before Linux 5.14: there the pages fault in as before.)
    #[cfg(target_os = "linux")]
    #[test]
    fn carving_populates_a_step_at_a_time() {
        const N: usize = 4 * POPULATE_STEP;
        static R: Region<N> = Region::new();
        let page = 4096;
        let resident = |offset: usize| -> bool {
            let mut v = [0u8; 1];
            // SAFETY: `mincore` reads the page table for one page of the region's buffer
            // (page-aligned) and writes one byte to `v`.
            let rc = unsafe {
                libc::mincore(
                    R.bytes.get().cast::<u8>().wrapping_add(offset).cast(),
                    page,
                    v.as_mut_ptr(),
                )
            };
            assert_eq!(rc, 0);
            v[0] & 1 != 0
        };
        let before = (0..N).step_by(page).filter(|&o| resident(o)).count();
        let a = R.alloc(16, 8);
        assert!(!a.is_null());
        if !resident(0) {
            // No MADV_POPULATE_WRITE on this kernel: nothing was touched.
            assert_eq!(before, 0);
            return;
        }
        assert!((0..POPULATE_STEP).step_by(page).all(&resident));
        assert!(!resident(POPULATE_STEP));
        // A block that ends in the second step populates all of it, not the third.
        let b = R.alloc(POPULATE_STEP, 8);
        assert!(!b.is_null());
        assert!((0..2 * POPULATE_STEP).step_by(page).all(&resident));
        assert!(!resident(2 * POPULATE_STEP));
        // Growing the last block in place populates what it grows into.
        assert!(R.resize_in_place(b, POPULATE_STEP, 2 * POPULATE_STEP));
        assert!(resident(3 * POPULATE_STEP - page));
        // The bytes are still the zeros of `.bss`: populating writes nothing.
        // SAFETY: `b` is a live block of `2 * POPULATE_STEP` bytes.
        let bytes = unsafe { std::slice::from_raw_parts(b, 2 * POPULATE_STEP) };
        assert!(bytes.iter().all(|&x| x == 0));
    }

    /// Threads carving at once get disjoint blocks.
    #[test]
    fn threads_get_disjoint_blocks() {
        static R: Region<{ 1 << 16 }> = Region::new();
        let blocks: Vec<Vec<usize>> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..4)
                .map(|t| {
                    s.spawn(move || {
                        let mut mine = Vec::new();
                        for _ in 0..200 {
                            let p = R.alloc(24, 8);
                            assert!(!p.is_null());
                            // SAFETY: a fresh 24-byte block of the region, this thread's.
                            unsafe { p.write_bytes(t as u8, 24) };
                            mine.push(p as usize);
                        }
                        mine
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        let mut all: Vec<(usize, u8)> = Vec::new();
        for (t, mine) in blocks.iter().enumerate() {
            for &p in mine {
                // SAFETY: the block was written above and is not freed.
                let bytes = unsafe { std::slice::from_raw_parts(p as *const u8, 24) };
                assert!(
                    bytes.iter().all(|&x| x == t as u8),
                    "a block was written by two threads"
                );
                all.push((p, t as u8));
            }
        }
        all.sort();
        assert!(all.windows(2).all(|w| w[0].0 + 24 <= w[1].0));
        assert_eq!(all.len(), 800);
    }
}
