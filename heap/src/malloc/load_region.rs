//! The load region: where the blocks made while a heap image is read come from, carved one
//! after the other from a mapping backed by transparent huge pages.
//!
//! Reading an image makes a few thousand blocks (arena entries, slot vectors, boxed internal
//! slots, bytecode, string units) that live as long as the heap, two to three times the
//! image's bytes in all: 1.5 MB for the 686 KB image of lodash. Fresh 4 KiB pages cost about a
//! microsecond each on these virtual machines, fault or `MADV_POPULATE_WRITE` alike, and the
//! kernel clears a 2 MiB huge page in about 50 (`vm/PERFORMANCE.md`, "Start-up"). A region
//! the blocks fill densely uses every byte of the huge pages it touches. (mimalloc, which
//! spreads size classes over its arena, is built without huge pages: there a 2 MiB clear
//! served a few blocks.)
//!
//! As in the start-up region (`region.rs`), a block freed while it is the last one carved
//! gives its bytes back and any other freed block's bytes stay unused, so the waste is bounded
//! by the region's size. The region is open only while an image is read ([`open`],
//! [`close`]); its blocks stay valid after, known by their address. One load region per
//! process: a second image read (or one on another thread while the first is open) gets its
//! blocks from the other allocators.
//!
//! Where the kernel has no transparent huge pages (or they are disabled), the region is still
//! a bump region of 4 KiB pages, faulted in as blocks are carved.

use std::sync::atomic::{
    AtomicBool, AtomicUsize,
    Ordering::{Acquire, Relaxed, Release},
};

/// The size of a transparent huge page on x86-64 and (with 4 KiB base pages) AArch64.
const HUGE_PAGE: usize = 2 << 20;

/// The largest load region. A bigger image's blocks past it come from the other allocators:
/// bytes freed in the region after the load are never used again, so this bounds that waste
/// (a program started from a large image that later drops most of it).
const MAX_BYTES: usize = 32 << 20;

/// A bump region over memory mapped at run time.
pub(super) struct LoadRegion {
    /// The first byte of the mapping (0 until one is made).
    base: AtomicUsize,
    /// The offset of the first free byte; `len` once closed.
    next: AtomicUsize,
    /// The mapping's length in bytes (0 until one is made).
    len: AtomicUsize,
    /// Between [`LoadRegion::open`] and [`LoadRegion::close`].
    open: AtomicBool,
}

impl LoadRegion {
    pub(super) const fn new() -> Self {
        LoadRegion {
            base: AtomicUsize::new(0),
            next: AtomicUsize::new(0),
            len: AtomicUsize::new(0),
            open: AtomicBool::new(false),
        }
    }

    /// Is `ptr` a block of this region?
    #[inline(always)]
    pub(super) fn owns(&self, ptr: *mut u8) -> bool {
        // `len` first: once it is non-zero, the base stored before it is seen too (a zero
        // base with a non-zero length would claim the low addresses).
        let len = self.len.load(Acquire);
        (ptr as usize).wrapping_sub(self.base.load(Relaxed)) < len
    }

    /// Maps a region of about `bytes` bytes (rounded up to whole huge pages, at most
    /// [`MAX_BYTES`]) and opens it; false if there already is one or the system refuses.
    pub(super) fn open(&self, bytes: usize) -> bool {
        if self.base.load(Relaxed) != 0 {
            return false;
        }
        let len = bytes
            .clamp(HUGE_PAGE, MAX_BYTES)
            .next_multiple_of(HUGE_PAGE);
        let Some(base) = map_huge(len) else {
            return false;
        };
        // Claimed by the first thread to store a base; another's mapping is given back.
        if self
            .base
            .compare_exchange(0, base, Relaxed, Relaxed)
            .is_err()
        {
            unmap(base, len);
            return false;
        }
        self.next.store(0, Relaxed);
        self.open.store(true, Relaxed);
        // Published last (see `owns`).
        self.len.store(len, Release);
        true
    }

    /// Closes the region: no more blocks are carved from it (those carved stay valid).
    pub(super) fn close(&self) {
        self.open.store(false, Relaxed);
        self.next.store(self.len.load(Relaxed), Relaxed);
    }

    /// A block of `size` bytes aligned to `align` (a power of two), or null if the region is
    /// closed, not mapped, or too full for it. (A request that does not fit leaves the region
    /// open: a load's blocks are small but for its arenas, which may not fit.)
    #[inline(always)]
    pub(super) fn alloc(&self, size: usize, align: usize) -> *mut u8 {
        // Closed (or never opened: both 0) in one comparison, the case of every allocation
        // of a run but a load's.
        let len = self.len.load(Acquire);
        let next = self.next.load(Relaxed);
        if next >= len {
            return std::ptr::null_mut();
        }
        let base = self.base.load(Relaxed);
        match super::region::carve(&self.next, base, len, size, align) {
            Some(start) => (base + start) as *mut u8,
            None => std::ptr::null_mut(),
        }
    }

    /// Frees the block at `ptr` of `size` bytes: its bytes come back if it is the last block
    /// carved (and the region is open).
    #[inline]
    pub(super) fn dealloc(&self, ptr: *mut u8, size: usize) {
        if self.open.load(Relaxed) {
            super::region::give_back(&self.next, ptr as usize - self.base.load(Relaxed), size);
        }
    }

    /// Resizes the last block carved in place, if it is `ptr` and the new size fits; returns
    /// whether it did.
    #[inline]
    pub(super) fn resize_in_place(&self, ptr: *mut u8, size: usize, new_size: usize) -> bool {
        let start = ptr as usize - self.base.load(Relaxed);
        self.open.load(Relaxed)
            && super::region::resize_last(&self.next, self.len.load(Relaxed), start, size, new_size)
    }
}

/// Maps `len` bytes (a multiple of [`HUGE_PAGE`]) at a huge-page boundary, asking for
/// transparent huge pages; the address, or `None`.
#[cfg(target_os = "linux")]
fn map_huge(len: usize) -> Option<usize> {
    // One huge page more than asked, to align the start.
    let span = len + HUGE_PAGE;
    // SAFETY: a new private anonymous mapping at an address of the kernel's choice (no
    // existing memory is affected); the result is checked. NORESERVE: pages are committed
    // when first written.
    let p = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            span,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return None;
    }
    let start = p as usize;
    let base = start.next_multiple_of(HUGE_PAGE);
    // Give back the unaligned head and the tail beyond `len`.
    unmap(start, base - start);
    unmap(base + len, start + span - (base + len));
    // SAFETY: advice on `len` bytes of the mapping made above, which this region owns; it
    // changes no byte. Failure (no transparent huge pages) leaves 4 KiB pages.
    unsafe { libc::madvise(base as *mut libc::c_void, len, libc::MADV_HUGEPAGE) };
    Some(base)
}

#[cfg(not(target_os = "linux"))]
fn map_huge(_len: usize) -> Option<usize> {
    None
}

/// Unmaps `len` bytes at `at` (nothing if `len` is 0).
#[cfg(target_os = "linux")]
fn unmap(at: usize, len: usize) {
    if len > 0 {
        // SAFETY: the range is part of a mapping this module made and no block was carved
        // from it (it is outside the region, or the region was never published).
        unsafe { libc::munmap(at as *mut libc::c_void, len) };
    }
}

#[cfg(not(target_os = "linux"))]
fn unmap(_at: usize, _len: usize) {}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// A region opens once, at a huge-page boundary; blocks are carved in order and aligned;
    /// the last one grows, shrinks and gives its bytes back, an earlier one does not; a request
    /// that does not fit gets null and leaves the region open; once closed, nothing is carved,
    /// resized or given back, and the blocks are still the region's.
    #[test]
    fn carves_in_order_while_open() {
        let r = LoadRegion::new();
        assert!(r.alloc(8, 8).is_null(), "carved before it was opened");
        assert!(!r.owns(std::ptr::null_mut()));
        assert!(r.open(1));
        assert!(!r.open(1), "opened twice");
        let len = r.len.load(Relaxed);
        assert_eq!(len, HUGE_PAGE);
        let base = r.base.load(Relaxed);
        assert_eq!(base % HUGE_PAGE, 0);

        let a = r.alloc(10, 1);
        let b = r.alloc(16, 8);
        assert_eq!(a as usize, base);
        assert_eq!(b as usize, (base + 10).next_multiple_of(8));
        assert!(r.owns(a) && r.owns(b));
        // SAFETY: `b` is a fresh block of 16 bytes of the mapping.
        unsafe { b.write_bytes(0xAB, 16) };
        assert!(r.resize_in_place(b, 16, 4096));
        assert!(!r.resize_in_place(a, 10, 11), "an earlier block grew");
        r.dealloc(a, 10);
        assert_eq!(r.next.load(Relaxed), b as usize - base + 4096);
        r.dealloc(b, 4096);
        assert_eq!(r.next.load(Relaxed), b as usize - base);
        // Too big: null, and the region stays open for what fits.
        assert!(r.alloc(len, 1).is_null());
        let c = r.alloc(64, 4096);
        assert_eq!(c as usize % 4096, 0);
        assert!(r.owns(c));

        r.close();
        assert!(r.alloc(1, 1).is_null());
        assert!(!r.resize_in_place(c, 64, 128));
        r.dealloc(c, 64);
        assert_eq!(
            r.next.load(Relaxed),
            len,
            "a block given back after closing"
        );
        assert!(r.owns(c), "a block stopped being the region's");
        assert!(!r.owns((base + len) as *mut u8));
        assert!(!r.open(1), "reopened");
    }

    /// The region is as large as asked, in whole huge pages, within bounds.
    #[test]
    fn sizes_are_whole_huge_pages() {
        let r = LoadRegion::new();
        assert!(r.open(3 * HUGE_PAGE + 1));
        assert_eq!(r.len.load(Relaxed), 4 * HUGE_PAGE);
        let big = LoadRegion::new();
        assert!(big.open(usize::MAX));
        assert_eq!(big.len.load(Relaxed), MAX_BYTES);
    }

    /// Threads carving at once get disjoint blocks.
    #[test]
    fn threads_get_disjoint_blocks() {
        let r = LoadRegion::new();
        assert!(r.open(HUGE_PAGE));
        let blocks: Vec<Vec<usize>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| s.spawn(|| (0..1000).map(|_| r.alloc(24, 8) as usize).collect()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut all: Vec<usize> = blocks.into_iter().flatten().collect();
        assert!(all.iter().all(|&p| p != 0));
        all.sort_unstable();
        assert!(all.windows(2).all(|w| w[1] >= w[0] + 24));
    }
}
