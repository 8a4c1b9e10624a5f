//! The collector: a stop-the-world, sliding mark-compact collector.
//!
//! Roots are whatever the VM's [`RootSet`] visits: the value stack (every frame's registers),
//! the realm table, the agent's well-known symbols and job queue, and the root slots of native
//! code. A collection runs only when the VM calls [`Heap::collect`] at a safepoint.
//!
//! ```text
//! collect = mark_roots → trace → compute_forwarding → relocate_references → compact
//! ```
//!
//! - **mark**: every handle reachable from the roots gets its mark bit (one bit vector per kind).
//! - **compute_forwarding**: each live entry's new index is the number of live entries below it
//!   in its arena (sliding compaction keeps allocation order, so a heap image is deterministic).
//! - **relocate_references**: every handle in the roots and in live entries is rewritten to its
//!   target's new index, and stamped with the new epoch.
//! - **compact**: each arena keeps only its live entries, in order.
//!
//! **Invariant:** after a collection, every handle the VM can still see points at the same
//! object as before, and no arena holds an unreachable entry. [`Heap::verify`] checks the first
//! half in debug builds.

use crate::handle::RawHandle;
use crate::trace::Visitor;
use crate::{Heap, HeapType, Kind};

/// The VM's roots. Implementations visit every handle the VM holds outside the heap, mutably, so
/// that relocation can rewrite them.
pub trait RootSet {
    fn visit_roots(&mut self, visitor: &mut dyn Visitor);
}

/// Marks reachable entries and queues them for tracing.
struct Marker {
    marks: Vec<Vec<bool>>,
    worklist: Vec<(Kind, u32)>,
    #[cfg(debug_assertions)]
    epoch: u32,
}

impl Visitor for Marker {
    #[inline]
    fn edge(&mut self, kind: Kind, handle: &mut RawHandle) {
        #[cfg(debug_assertions)]
        assert_eq!(
            handle.epoch,
            self.epoch,
            "stale {} handle #{} found while marking: a root or heap slot was not updated",
            kind.name(),
            handle.index
        );
        let mark = &mut self.marks[kind as usize][handle.index as usize];
        if !*mark {
            *mark = true;
            self.worklist.push((kind, handle.index));
        }
    }
}

/// Rewrites every handle to its target's new index.
struct Relocator {
    forwarding: Vec<Vec<u32>>,
    epoch: u32,
}

impl Visitor for Relocator {
    #[inline]
    fn edge(&mut self, kind: Kind, handle: &mut RawHandle) {
        let new = self.forwarding[kind as usize][handle.index as usize];
        debug_assert!(new != u32::MAX, "relocating a handle to a dead entry");
        handle.index = new;
        handle.set_epoch(self.epoch);
    }
}

/// Checks that every handle is in bounds and current.
struct Checker<'a> {
    lens: &'a [usize],
    epoch: u32,
    errors: Vec<String>,
}

impl Visitor for Checker<'_> {
    fn edge(&mut self, kind: Kind, handle: &mut RawHandle) {
        if handle.index as usize >= self.lens[kind as usize] {
            self.errors.push(format!(
                "{} handle #{} out of bounds",
                kind.name(),
                handle.index
            ));
        }
        if let Some(e) = handle.epoch() {
            if e != self.epoch {
                self.errors.push(format!(
                    "{} handle #{} has stale epoch {e}",
                    kind.name(),
                    handle.index
                ));
            }
        }
    }
}

impl Heap {
    /// Collects garbage and compacts every arena. Every handle in `roots` and in the heap is
    /// rewritten; any other handle (a Rust local) is invalid afterwards.
    pub fn collect(&mut self, roots: &mut dyn RootSet) {
        let mut marker = self.mark(roots);
        self.trace(&mut marker);
        self.last_collection = CollectionStats::of(&marker.marks);
        let forwarding = compute_forwarding(&marker.marks);
        self.relocate_references(roots, &marker.marks, forwarding);
        self.compact(&marker.marks);
        #[cfg(debug_assertions)]
        self.verify(roots)
            .unwrap_or_else(|e| panic!("heap verification failed: {e}"));
    }

    /// Phase 1: mark what the roots point at.
    fn mark(&mut self, roots: &mut dyn RootSet) -> Marker {
        let marks = Kind::ALL
            .iter()
            .map(|&k| vec![false; self.arenas.len(k)])
            .collect();
        let mut marker = Marker {
            marks,
            worklist: Vec::new(),
            #[cfg(debug_assertions)]
            epoch: self.epoch,
        };
        roots.visit_roots(&mut marker);
        marker
    }

    /// Phase 2: mark everything reachable from marked entries.
    fn trace(&mut self, marker: &mut Marker) {
        while let Some((kind, index)) = marker.worklist.pop() {
            self.arenas.trace_entry(kind, index as usize, marker);
        }
    }

    /// Phase 4: rewrite every handle in the roots and in live entries.
    fn relocate_references(
        &mut self,
        roots: &mut dyn RootSet,
        marks: &[Vec<bool>],
        forwarding: Vec<Vec<u32>>,
    ) {
        let mut relocator = Relocator {
            forwarding,
            epoch: self.epoch.wrapping_add(1),
        };
        roots.visit_roots(&mut relocator);
        for &kind in Kind::ALL {
            for (index, &live) in marks[kind as usize].iter().enumerate() {
                if live {
                    self.arenas.trace_entry(kind, index, &mut relocator);
                }
            }
        }
    }

    /// Phase 5: slide live entries down and start a new epoch.
    fn compact(&mut self, marks: &[Vec<bool>]) {
        self.arenas.retain(marks);
        self.epoch = self.epoch.wrapping_add(1);
        self.collections += 1;
        self.rebuild_intern_table();
        self.live_bytes = self.estimate_live_bytes();
        self.allocated = 0;
        // Grow the trigger with the live size so collection cost stays proportional.
        self.threshold = (self.live_bytes * 2).max(super::INITIAL_THRESHOLD);
    }

    pub(crate) fn estimate_live_bytes(&self) -> usize {
        fn sum<T: HeapType>(v: &[T]) -> usize {
            v.iter().map(|x| x.size_estimate()).sum()
        }
        let a = &self.arenas;
        sum(&a.strings)
            + sum(&a.symbols)
            + sum(&a.bigints)
            + sum(&a.objects)
            + sum(&a.envs)
            + sum(&a.codes)
            + sum(&a.realms)
    }

    /// Makes the next safepoint collect (the GC-stress mode calls this before every safepoint).
    pub fn request_collection(&mut self) {
        self.allocated = self.threshold;
    }

    /// The heap verifier: every handle in the roots and the heap is in bounds and current.
    pub fn verify(&mut self, roots: &mut dyn RootSet) -> Result<(), String> {
        let lens: Vec<usize> = Kind::ALL.iter().map(|&k| self.arenas.len(k)).collect();
        let mut checker = Checker {
            lens: &lens,
            epoch: self.epoch,
            errors: Vec::new(),
        };
        roots.visit_roots(&mut checker);
        for &kind in Kind::ALL {
            for index in 0..lens[kind as usize] {
                self.arenas.trace_entry(kind, index, &mut checker);
            }
        }
        match checker.errors.first() {
            None => Ok(()),
            Some(_) => Err(checker.errors.join("; ")),
        }
    }
}

/// What one collection did, for `--trace-gc`.
#[derive(Clone, Copy, Debug, Default)]
pub struct CollectionStats {
    /// Heap entries (of every kind) before and after.
    pub entries_before: usize,
    pub entries_after: usize,
    /// Live entries that slid to a lower index.
    pub moved: usize,
}

impl CollectionStats {
    fn of(marks: &[Vec<bool>]) -> CollectionStats {
        let mut stats = CollectionStats::default();
        for arena in marks {
            stats.entries_before += arena.len();
            let mut dead_below = false;
            for &live in arena {
                if live {
                    stats.entries_after += 1;
                    stats.moved += dead_below as usize;
                } else {
                    dead_below = true;
                }
            }
        }
        stats
    }
}

/// Phase 3: each live entry's new index is the count of live entries before it.
fn compute_forwarding(marks: &[Vec<bool>]) -> Vec<Vec<u32>> {
    marks
        .iter()
        .map(|arena| {
            let mut next = 0u32;
            arena
                .iter()
                .map(|&live| {
                    if live {
                        next += 1;
                        next - 1
                    } else {
                        u32::MAX
                    }
                })
                .collect()
        })
        .collect()
}
