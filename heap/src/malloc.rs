//! The Rust global allocator of Amber's binaries: mimalloc, called through the entry points
//! that are fastest for each layout.
//!
//! The heap's arenas and objects make many small, short-lived allocations (boxed internal slots
//! and property vectors past two values), where glibc's malloc spends its time consolidating
//! free lists. The `mimalloc` crate's allocator calls
//! `mi_malloc_aligned` for every layout, whose fast path gives up whenever the page's free
//! list is empty and then takes the generic *aligned* path (over-allocation and alignment
//! checks): measured with callgrind, 15% of a ShadowRealm's creation went there. mimalloc
//! aligns every block to at least 8 bytes (`MI_INTPTR_SIZE`), so layouts that ask for no more
//! than that take plain `mi_malloc`, and only larger alignments the aligned entry points.
//!
//! mimalloc is built with `no_thp`: with transparent huge pages every fresh arena page costs
//! the kernel a 2 MiB clear, which made parsing a 4 MB script 2.6x slower.
//!
//! Blocks of [`LARGE`] bytes and more come from the C library's `malloc` instead. glibc serves
//! them with `mmap` and grows them with `mremap`, which moves the pages to the new address;
//! mimalloc copies a growing block into fresh pages, which the kernel must clear first. Pushing
//! 10 million numbers onto an array spent 58% of its time clearing pages for the copies, and
//! peaked at 426 MB (qjs: 159 MB). Which allocator owns a block follows from its layout, which
//! Rust passes to every `dealloc` and `realloc`, so no header or lookup is needed.
//!
//! And the process's first 512 KiB of small blocks comes from neither: it is carved from a
//! static buffer one block after the other (`region.rs`), so building the first realm touches
//! as many pages as its blocks take rather than a page per size class. Those blocks are known
//! by their address. So are the blocks made while a heap image is read
//! ([`with_load_region`]), carved from a mapping of transparent huge pages
//! (`load_region.rs`): a start from an image fills one 2 MiB page, cleared at once, instead of
//! faulting in some 500 pages of 4 KiB.
//!
//! mimalloc itself is initialized late: not by its constructor before `main`, but before the
//! first block it serves ([`ensure_mimalloc_started`]), which a hello world never asks for.

mod load_region;
mod region;

use libmimalloc_sys as mi;
use load_region::LoadRegion;
use region::{Region, START_BYTES};
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

/// The start-up region (see `region.rs`): the process's first blocks, carved from `.bss`.
static START: Region<START_BYTES> = Region::new();

/// The load region (see `load_region.rs`): the blocks made while an image is read.
static LOAD: LoadRegion = LoadRegion::new();

/// Runs `f` (reading a heap image of `image_bytes` bytes) with its blocks carved from the load
/// region (`load_region.rs`), sized for the heap such an image holds. Nothing else changes:
/// if the region cannot be mapped (or already was, by an earlier load), the blocks come from
/// the other allocators as always.
pub fn with_load_region<T>(image_bytes: usize, f: impl FnOnce() -> T) -> T {
    // A load carves two to three times its image's bytes (lodash: a 686 KB image, 1.5 MB of
    // blocks); the rest of the region is address space only.
    let opened = LOAD.open(image_bytes.saturating_mul(4));
    let result = f();
    if opened {
        LOAD.close();
    }
    result
}

/// Maps the pages of `len` bytes from `start` writable in one system call, where the first
/// write to each would take a page fault: for memory about to be written in full (the start-up
/// region, a long string or an arena read from an image). Each fault costs more than the page
/// it maps on these virtual machines; see `vm/PERFORMANCE.md`, "Start-up". Memory no one will
/// write is better left alone: populated pages are resident.
///
/// Never changes a byte, so any range is harmless: pages not mapped writable (and kernels
/// before Linux 5.14, which lack `MADV_POPULATE_WRITE`) make the call fail, and the pages
/// fault in on first write as before.
pub fn populate(start: *const u8, len: usize) {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        let Some(to) = (start as usize)
            .checked_add(len)
            .and_then(|end| end.checked_next_multiple_of(PAGE))
            .filter(|_| len > 0)
        else {
            return;
        };
        let from = start.wrapping_sub(start as usize % PAGE);
        // SAFETY: `MADV_POPULATE_WRITE` sets up page-table entries for the range as a write
        // would, without writing: no byte of any memory changes, whoever owns it, and a range
        // that is not mapped writable only makes the call fail (the error is ignored). The
        // range is page-aligned, as `madvise` requires (a page holding part of the block is
        // mapped with it).
        unsafe {
            libc::madvise(
                from.cast_mut().cast(),
                to - from as usize,
                libc::MADV_POPULATE_WRITE,
            );
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (start, len);
}

/// Has mimalloc's process initialization run ([`ensure_mimalloc_started`])?
static MIMALLOC_STARTED: AtomicBool = AtomicBool::new(false);

// SAFETY: these match their definitions in mimalloc v3's `src/init.c`, which libmimalloc-sys
// (0.1.49, pinned by Cargo.lock) compiles into every binary with the `mimalloc` feature:
// `void _mi_auto_process_init(void)` and `bool _mi_process_is_initialized`, a C `bool` (one
// byte, 0 or 1, as Rust's). A renamed symbol in another version fails the link, not silently.
unsafe extern "C" {
    /// What mimalloc's own constructor runs at process start (`src/init.c`): the process's
    /// set-up (CPU features, options, the OS layer, the main heap, the page map), the
    /// thread-exit hook, and leaving "preloading" mode, in which arenas are refused. The
    /// build leaves the constructor out (`MI_PRIM_HAS_PROCESS_ATTACH` in
    /// `.cargo/config.toml`), so this runs on first use instead.
    fn _mi_auto_process_init();
    /// Set by mimalloc's process initialization (`src/init.c`), whoever ran it.
    static _mi_process_is_initialized: bool;
}

/// Runs mimalloc's process initialization before its first allocation, once.
///
/// mimalloc initializes itself in a constructor, before `main`, and a hello world never
/// allocates from it (its blocks come from the start-up region). That initialization ran four
/// `cpuid` instructions (each a trip to the hypervisor on these virtual machines), set up the
/// page map and the main heap and touched 16 pages of mimalloc's statics: a hello world's
/// task-clock was 1.15 ms with it and 1.00 ms without (qjs 1.00; medians of 300 interleaved
/// runs). The constructor is therefore left out of the build and the same function runs here
/// instead. If the constructor did run (CFLAGS set in the environment replace the build's),
/// mimalloc is already initialized and nothing runs twice.
///
/// **The thread that runs it must outlive every other use of mimalloc**: mimalloc makes it its
/// main thread, and tears the main heap down when that thread exits (a test binary whose
/// first mimalloc block was asked for on a test thread crashed in the next thread's first
/// allocation). The constructor ran on the process's main thread; here it runs on the thread
/// that first needs mimalloc, so code that starts threads calls [`crate::before_spawning_thread`]
/// first, on the main thread (the test262 runner at the start of `main`, before its workers).
#[inline(always)]
pub fn ensure_mimalloc_started() {
    if !MIMALLOC_STARTED.load(Ordering::Acquire) {
        start_mimalloc();
    }
}

#[cold]
#[inline(never)]
fn start_mimalloc() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: `_mi_process_is_initialized` is a plain `bool` mimalloc writes only while
        // it initializes, which is either done (its constructor ran before `main`) or has not
        // started: every other mimalloc entry point is reached after this function returns.
        // `_mi_auto_process_init` takes no arguments and is the function mimalloc's
        // constructor calls; `Once` runs it at most once, and other threads wait for it.
        unsafe {
            if !std::ptr::addr_of!(_mi_process_is_initialized).read_volatile() {
                _mi_auto_process_init();
            }
        }
    });
    MIMALLOC_STARTED.store(true, Ordering::Release);
}

/// The alignment every mimalloc block has (`MI_INTPTR_SIZE` on 64-bit targets; on 32-bit
/// targets mimalloc still aligns to 8, its minimum block size).
const PLAIN_ALIGN: usize = 8;

/// The size from which blocks come from the C library's `malloc` (see the module docs).
pub const LARGE: usize = 4 << 20;

/// The alignment the C library's `malloc` guarantees (glibc: twice the pointer size).
const LARGE_ALIGN: usize = 2 * std::mem::size_of::<usize>();

/// Does a block of this size and alignment belong to the C library's `malloc`?
#[inline]
fn is_large(size: usize, align: usize) -> bool {
    size >= LARGE && align <= LARGE_ALIGN
}

/// mimalloc as the global allocator (`#[global_allocator] static A: Allocator = Allocator;`),
/// with large blocks from the C library.
pub struct Allocator;

// SAFETY: a block carved from the start-up region `START` is known by its address (`owns`),
// which no other allocator's block can have (the region is a static buffer); `Region` hands
// each byte to one block at a time (see its `Sync` argument), aligned as asked, and resizes a
// block in place only within the region. The same holds of the load region `LOAD`, whose
// mapping is made once and never unmapped, so no other block can have its addresses either
// (`LoadRegion` carves and resizes with the same compare-and-exchange on its next offset).
// Any other block whose layout `is_large` is served by
// the C library's `malloc`, `calloc` and `realloc` and freed with `free`; they are
// thread-safe, return null or a block of at least the requested size aligned to `LARGE_ALIGN`,
// which `is_large` requires of the layout. Every other block is served by mimalloc, whose
// functions are thread-safe and return either null or a block of at least the requested size,
// aligned to at least `PLAIN_ALIGN` (plain entry points) or to the requested power-of-two
// alignment (aligned entry points); the plain ones are used only when the layout's alignment
// is at most `PLAIN_ALIGN`. Such a block is freed with `mi_free`, which accepts blocks from
// all of these entry points, and resized with the `mi_realloc` variant matching the alignment
// the block needs. The layout passed to `dealloc` and `realloc` is the one the block was made
// with (the `GlobalAlloc` contract), so the same `is_large` test always picks the allocator
// that made it.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if is_large(layout.size(), layout.align()) {
            // SAFETY: a large layout, served by the C library (see the impl's argument).
            return libc::malloc(layout.size()) as *mut u8;
        }
        // The load region first: while an image is read, its blocks go there and leave the
        // start-up region to what runs after.
        let p = LOAD.alloc(layout.size(), layout.align());
        if !p.is_null() {
            return p;
        }
        let p = START.alloc(layout.size(), layout.align());
        if !p.is_null() {
            return p;
        }
        ensure_mimalloc_started();
        // SAFETY: plain `mi_malloc` only when its 8-byte alignment satisfies the layout (see the
        // impl's argument); null on failure, as `GlobalAlloc` expects.
        if layout.align() <= PLAIN_ALIGN {
            mi::mi_malloc(layout.size()) as *mut u8
        } else {
            mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if is_large(layout.size(), layout.align()) {
            // SAFETY: as `alloc`; `calloc` returns a zeroed block (fresh `mmap` pages, which
            // are zero already, are not cleared again).
            return libc::calloc(1, layout.size()) as *mut u8;
        }
        let mut p = LOAD.alloc(layout.size(), layout.align());
        if p.is_null() {
            p = START.alloc(layout.size(), layout.align());
        }
        if !p.is_null() {
            // SAFETY: a fresh block of `layout.size()` bytes. (Bytes given back by a freed
            // last block may have been written, so the block is cleared.)
            p.write_bytes(0, layout.size());
            return p;
        }
        ensure_mimalloc_started();
        // SAFETY: as `alloc`; mimalloc's `zalloc` entry points return zeroed blocks.
        if layout.align() <= PLAIN_ALIGN {
            mi::mi_zalloc(layout.size()) as *mut u8
        } else {
            mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if START.owns(ptr) {
            return START.dealloc(ptr, layout.size());
        }
        if LOAD.owns(ptr) {
            return LOAD.dealloc(ptr, layout.size());
        }
        if is_large(layout.size(), layout.align()) {
            // SAFETY: a large layout's block came from the C library (see the impl's argument).
            return libc::free(ptr as *mut c_void);
        }
        // SAFETY: `ptr` came from one of the mimalloc entry points above (the `GlobalAlloc`
        // contract), and `mi_free` frees blocks from all of them.
        mi::mi_free(ptr as *mut c_void)
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let was_large = is_large(layout.size(), layout.align());
        let from_start = START.owns(ptr);
        if from_start && START.resize_in_place(ptr, layout.size(), new_size) {
            return ptr;
        }
        let from_load = LOAD.owns(ptr);
        if from_load && LOAD.resize_in_place(ptr, layout.size(), new_size) {
            return ptr;
        }
        if from_start || from_load || was_large != is_large(new_size, layout.align()) {
            // Out of a region (where the block could not be resized in place), or between
            // mimalloc and the C library: a new block, the contents, the old block freed.
            // SAFETY: `new_size` is non-zero and, rounded up to the alignment, does not
            // overflow (the `GlobalAlloc` contract), so the layout is valid; `ptr` is live for
            // `layout.size()` bytes and the new block for `new_size`, and they are distinct.
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            let q = self.alloc(new_layout);
            if !q.is_null() {
                std::ptr::copy_nonoverlapping(ptr, q, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            return q;
        }
        if was_large {
            // SAFETY: a large block stays with the C library, whose `realloc` keeps the
            // contents and the `LARGE_ALIGN` alignment.
            return libc::realloc(ptr as *mut c_void, new_size) as *mut u8;
        }
        // SAFETY: `ptr` is a live mimalloc block of `layout` (the `GlobalAlloc` contract); the
        // variant keeps the alignment the layout needs, and the contents up to the smaller size.
        if layout.align() <= PLAIN_ALIGN {
            mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
        } else {
            mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Held by the tests that allocate through `Allocator`: while one has the load region
    /// open, the other's blocks would be carved from it.
    static GLOBAL_REGIONS: std::sync::Mutex<()> = std::sync::Mutex::new(());

    /// mimalloc starts before the first block it serves (its constructor is left out of the
    /// build), on this thread, once; then blocks of every size and alignment come back
    /// aligned, writable, and survive a resize (growing and shrinking, also from one allocator
    /// to the other) with their contents, on this thread and on others; zeroed blocks are
    /// zero. One test: mimalloc must start on a thread that outlives its other users
    /// (`ensure_mimalloc_started`), and this test's thread is the only one of this binary
    /// that starts it.
    #[test]
    fn mimalloc_starts_and_blocks_are_aligned_and_resizable() {
        let _one_at_a_time = GLOBAL_REGIONS.lock();
        let a = Allocator;
        // Larger than the start-up region, smaller than `LARGE`: a mimalloc block.
        let layout = Layout::from_size_align(START_BYTES + 1, 8).unwrap();
        // SAFETY: a non-zero-size layout; the block is written and freed once.
        unsafe {
            let p = a.alloc(layout);
            assert!(!p.is_null());
            assert!(!START.owns(p));
            p.write_bytes(1, layout.size());
            a.dealloc(p, layout);
        }
        assert!(MIMALLOC_STARTED.load(Ordering::Acquire));
        // SAFETY: mimalloc has finished initializing (above); the flag is only read.
        assert!(unsafe { std::ptr::addr_of!(_mi_process_is_initialized).read_volatile() });
        // A second start does nothing.
        start_mimalloc();
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| blocks_are_aligned_and_resizable(&a));
            }
        });
        blocks_are_aligned_and_resizable(&a);
    }

    /// `populate` maps a block's pages and leaves every byte as it was, for an unaligned
    /// range inside the block, an empty range, and memory that is not writable (a string
    /// constant).
    #[test]
    fn populating_maps_pages_and_changes_no_byte() {
        // Zeroed and large: the C library maps fresh pages and touches none of them.
        let block = vec![0u8; 300 << 10];
        let (start, len) = (block.as_ptr().wrapping_add(100), block.len() - 300);
        #[cfg(target_os = "linux")]
        let resident = || {
            let page = 4096;
            let first = (start as usize).next_multiple_of(page);
            let pages = (start as usize + len - first) / page;
            let mut resident = vec![0u8; pages];
            // SAFETY: `mincore` reads the page table for `pages` whole pages inside `block`
            // (from `first`, page-aligned) and writes one byte per page to `resident`.
            let rc =
                unsafe { libc::mincore(first as *mut c_void, pages * page, resident.as_mut_ptr()) };
            assert_eq!(rc, 0);
            resident.iter().filter(|&&r| r & 1 != 0).count() * 100 / pages
        };
        #[cfg(target_os = "linux")]
        assert!(resident() < 100, "the block's pages were mapped before");
        populate(start, len);
        populate(start, 0);
        #[cfg(target_os = "linux")]
        assert_eq!(resident(), 100);
        assert!(block.iter().all(|&b| b == 0));
        let constant: &'static str = "read-only data of the binary";
        populate(constant.as_ptr(), constant.len());
        assert_eq!(constant, "read-only data of the binary");
    }

    /// While an image is read ([`with_load_region`]), blocks come from the load region, also
    /// zeroed and resized ones; after, the region carves nothing and its blocks stay valid.
    /// A second load gets no region. (Only the load region's own blocks are asked for after
    /// it closes: any other request might start mimalloc on this thread, which the test above
    /// must do.)
    #[cfg(target_os = "linux")]
    #[test]
    fn blocks_made_while_an_image_is_read_come_from_the_load_region() {
        let _one_at_a_time = GLOBAL_REGIONS.lock();
        let a = Allocator;
        let layout = Layout::from_size_align(100, 8).unwrap();
        // SAFETY: non-zero-size layouts; each block is written within its size and freed
        // once with the layout it has.
        unsafe {
            let (p, z, q) = with_load_region(1 << 20, || {
                let p = a.alloc(layout);
                let z = a.alloc_zeroed(layout);
                let q = a.realloc(a.alloc(layout), layout, 200);
                (p, z, q)
            });
            assert!(LOAD.owns(p) && LOAD.owns(z) && LOAD.owns(q));
            assert!(std::slice::from_raw_parts(z, 100).iter().all(|&b| b == 0));
            p.write_bytes(7, 100);
            assert!(LOAD.alloc(8, 8).is_null(), "the region is still open");
            let again = with_load_region(1 << 20, || LOAD.alloc(8, 8));
            assert!(again.is_null(), "a second load got the region");
            a.dealloc(p, layout);
            a.dealloc(z, layout);
            a.dealloc(q, Layout::from_size_align(200, 8).unwrap());
        }
    }

    fn blocks_are_aligned_and_resizable(a: &Allocator) {
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            // Sizes on both sides of `LARGE`: growing `LARGE - 1` by three moves a block to
            // the C library, shrinking `LARGE` and more to one byte moves it back.
            for size in [
                1,
                7,
                8,
                15,
                16,
                24,
                40,
                100,
                1000,
                70_000,
                LARGE - 1,
                LARGE,
                3 * LARGE,
            ] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a non-zero-size layout; the block is freed once below.
                unsafe {
                    let p = a.alloc_zeroed(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    assert!((0..size).all(|i| *p.add(i) == 0));
                    p.write_bytes(0xab, size);
                    let q = a.realloc(p, layout, size * 3);
                    assert_eq!(q as usize % align, 0, "realloc: size {size} align {align}");
                    assert!((0..size).all(|i| *q.add(i) == 0xab));
                    a.dealloc(q, Layout::from_size_align(size * 3, align).unwrap());
                    // Plain allocation, written, shrunk to one byte.
                    let p = a.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "alloc: size {size} align {align}");
                    p.write_bytes(0xcd, size);
                    let q = a.realloc(p, layout, 1);
                    assert_eq!(q as usize % align, 0, "shrink: size {size} align {align}");
                    assert_eq!(*q, 0xcd);
                    a.dealloc(q, Layout::from_size_align(1, align).unwrap());
                }
            }
        }
    }
}
