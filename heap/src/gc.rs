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
//! Relocation and compaction run as one pass over each arena (`Heap::relocate_and_compact`):
//! each live entry's handles are rewritten as it slides down.
//!
//! **Invariant:** after a collection, every handle the VM can still see points at the same
//! object as before, and no arena holds an unreachable entry. [`Heap::verify`] checks the first
//! half in debug builds.

use crate::handle::{Handle, RawHandle};
use crate::object::{Object, ObjectKind};
use crate::trace::{Trace, Visitor};
use crate::value::Value;
use crate::{Heap, HeapType, Kind};

/// The VM's roots. Implementations visit every handle the VM holds outside the heap, mutably, so
/// that relocation can rewrite them.
pub trait RootSet {
    /// Calls `visitor` on every root handle (mutably: relocation rewrites them).
    fn visit_roots(&mut self, visitor: &mut dyn Visitor);

    /// After marking, before relocation: clear the weak roots (see [`crate::trace::WeakList`])
    /// whose targets `dead` says died.
    fn sweep_weak(&mut self, _dead: &dyn Fn(Kind, u32) -> bool) {}
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

    /// Weak edges keep nothing alive.
    #[inline]
    fn weak_edge(&mut self, _: Kind, _: &mut RawHandle) {}
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
        let finalize = self.trace(&mut marker);
        roots.sweep_weak(&|kind, index| !marker.marks[kind as usize][index as usize]);
        self.last_collection = CollectionStats::of(&marker.marks);
        let forwarding = compute_forwarding(&marker.marks);
        // Registries with newly emptied cells, and any still waiting from before, by their
        // index after this collection (a registry that died needs no cleanup).
        let objects = &forwarding[Kind::Object as usize];
        let epoch = self.epoch.wrapping_add(1);
        let waiting = std::mem::take(&mut self.finalization_pending);
        self.finalization_pending = waiting
            .iter()
            .map(|h| h.index())
            .chain(finalize)
            .filter_map(|i| match objects[i] {
                u32::MAX => None,
                to => Some(Handle::from_raw(RawHandle::new(to, epoch))),
            })
            .collect();
        self.finalization_pending
            .sort_unstable_by_key(|h| h.index());
        self.finalization_pending.dedup_by_key(|h| h.index());
        self.relocate_and_compact(roots, &marker.marks, forwarding);
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

    /// Phase 2: mark everything reachable from marked entries, holding weak references
    /// weakly, then clear the weak references whose targets died.
    ///
    /// Weak edges: a WeakRef's object target, and the object keys of WeakMaps and WeakSets.
    /// A WeakMap entry is an *ephemeron*: its value is reachable when the map and the key are,
    /// so marking repeats until no entry with a live key has an unmarked value.
    /// <https://tc39.es/ecma262/#sec-weakref-execution> (symbol targets and keys, and
    /// FinalizationRegistry targets: a cell whose target dies is emptied and its registry
    /// queued for cleanup.)
    fn trace(&mut self, marker: &mut Marker) -> Vec<usize> {
        let mut weak: Vec<usize> = Vec::new();
        let mut finalize: Vec<usize> = Vec::new();
        // Entries popped from the worklist wait in a short queue, their memory prefetched,
        // before they are traced: marking is a walk to random places in arenas of hundreds of
        // megabytes, and it otherwise waits on a cache miss per entry.
        let mut queue = PrefetchQueue::default();
        loop {
            loop {
                while !queue.is_full() {
                    let Some(entry) = marker.worklist.pop() else {
                        break;
                    };
                    self.arenas.prefetch(entry.0, entry.1 as usize);
                    queue.push(entry);
                }
                let Some((kind, index)) = queue.pop() else {
                    break;
                };
                let index = index as usize;
                if kind == Kind::Object && has_weak_edges(&self.arenas.objects[index].kind) {
                    weak.push(index);
                    trace_strong_parts(&mut self.arenas.objects[index], marker);
                } else {
                    self.arenas.trace_entry(kind, index, marker);
                }
            }
            // Ephemerons whose key is now known to be live.
            for &w in &weak {
                if let ObjectKind::WeakMap(d) = &mut self.arenas.objects[w].kind {
                    for (key, value) in d.keys.iter().zip(d.values.iter_mut()) {
                        if let Value::Object(k) = key {
                            if marker.marks[Kind::Object as usize][k.index()] {
                                value.trace(marker);
                            }
                        }
                    }
                }
            }
            if marker.worklist.is_empty() {
                break;
            }
        }
        // Clear what died (before relocation: a dead entry has no new index).
        let dead = |marks: &[Vec<bool>], v: &Value| matches!(v, Value::Object(o) if !marks[Kind::Object as usize][o.index()]);
        for &w in &weak {
            match &mut self.arenas.objects[w].kind {
                ObjectKind::WeakRef(target) if dead(&marker.marks, target) => {
                    *target = Value::Undefined
                }
                ObjectKind::WeakMap(d) | ObjectKind::WeakSet(d) => {
                    // Weak collections have no iterators, so their entries can be compacted:
                    // dropped keys and deleted (`Empty`) entries go.
                    let (keys, values) =
                        (std::mem::take(&mut d.keys), std::mem::take(&mut d.values));
                    for (key, value) in keys.into_iter().zip(values) {
                        if !matches!(key, Value::Empty) && !dead(&marker.marks, &key) {
                            d.keys.push(key);
                            d.values.push(value);
                        }
                    }
                    d.size = d.keys.len() as u32;
                }
                // A cell whose target died is emptied (its [[WeakRefTarget]] becomes empty)
                // and the registry queued for a cleanup job (`Heap::finalization_pending`).
                ObjectKind::FinalizationRegistry(d) => {
                    let mut emptied = false;
                    for cell in &mut d.cells {
                        if dead(&marker.marks, &cell.target) {
                            cell.target = Value::Empty;
                            emptied = true;
                        }
                    }
                    if emptied {
                        finalize.push(w);
                    }
                }
                _ => {}
            }
        }
        finalize
    }

    /// Phases 4 and 5: rewrite every handle in the roots and in live entries, slide the live
    /// entries down (in one pass over each arena), and start a new epoch.
    fn relocate_and_compact(
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
        let live_bytes = self.arenas.retain_relocated(marks, &mut relocator);
        self.shorten_prefix_chains();
        self.epoch = self.epoch.wrapping_add(1);
        self.collections += 1;
        self.rebuild_intern_table();
        self.rebuild_shape_transitions();
        // (Measured before the transition lists were rebuilt, so a little under what
        // `estimate_live_bytes` would say now: the lists are weak and rebuilt per collection.)
        self.live_bytes = live_bytes;
        self.allocated = 0;
        self.threshold = self.next_threshold();
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
        // Tracing cleared the (weak) shape transitions: put them back.
        self.rebuild_shape_transitions();
        match checker.errors.first() {
            None => Ok(()),
            Some(_) => Err(checker.errors.join("; ")),
        }
    }
}

/// The marker's queue of entries whose memory has been prefetched (see [`Heap::trace`]): a ring
/// of [`PrefetchQueue::LEN`], first in, first out.
struct PrefetchQueue {
    entries: [(Kind, u32); PrefetchQueue::LEN],
    head: usize,
    len: usize,
}

impl Default for PrefetchQueue {
    fn default() -> Self {
        PrefetchQueue {
            entries: [(Kind::Object, 0); Self::LEN],
            head: 0,
            len: 0,
        }
    }
}

impl PrefetchQueue {
    /// Entries in flight: enough to cover a miss to memory with the tracing of the entries
    /// ahead of it.
    const LEN: usize = 8;

    fn is_full(&self) -> bool {
        self.len == Self::LEN
    }

    fn push(&mut self, entry: (Kind, u32)) {
        self.entries[(self.head + self.len) % Self::LEN] = entry;
        self.len += 1;
    }

    fn pop(&mut self) -> Option<(Kind, u32)> {
        if self.len == 0 {
            return None;
        }
        let entry = self.entries[self.head];
        self.head = (self.head + 1) % Self::LEN;
        self.len -= 1;
        Some(entry)
    }
}

/// Does an object hold weak edges (see [`Heap::trace`])?
fn has_weak_edges(kind: &ObjectKind) -> bool {
    matches!(
        kind,
        ObjectKind::WeakRef(Value::Object(_))
            | ObjectKind::WeakMap(_)
            | ObjectKind::WeakSet(_)
            | ObjectKind::FinalizationRegistry(_)
    )
}

/// Marks an object with weak edges except through them: its prototype, properties, elements,
/// a WeakRef's non-object target, and the entries of a WeakMap or WeakSet whose key is not an
/// object (held strongly); object keys and their values wait for the ephemeron pass.
fn trace_strong_parts(o: &mut Object, marker: &mut Marker) {
    o.proto.trace(marker);
    o.properties.trace(marker);
    o.elements.trace(marker);
    match &mut o.kind {
        ObjectKind::WeakMap(d) | ObjectKind::WeakSet(d) => {
            for (key, value) in d.keys.iter_mut().zip(d.values.iter_mut()) {
                if !matches!(key, Value::Object(_)) {
                    key.trace(marker);
                    value.trace(marker);
                }
            }
        }
        ObjectKind::WeakRef(target) if !matches!(target, Value::Object(_)) => target.trace(marker),
        // A registry's cells hold their targets weakly (a symbol target strongly); the
        // cleanup callback, held values and unregister tokens strongly.
        ObjectKind::FinalizationRegistry(d) => {
            d.cleanup.trace(marker);
            for cell in &mut d.cells {
                if !matches!(cell.target, Value::Object(_)) {
                    cell.target.trace(marker);
                }
                cell.held.trace(marker);
                cell.token.trace(marker);
            }
        }
        _ => {}
    }
}

/// What one collection did, for `--trace-gc`.
#[derive(Clone, Copy, Debug, Default)]
pub struct CollectionStats {
    /// Heap entries (of every kind) before and after.
    pub entries_before: usize,
    /// Heap entries after the collection.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Arenas;

    /// The marker's queue gives entries back first in, first out, holds `LEN` at most, and
    /// wraps around its ring.
    #[test]
    fn prefetch_queue_is_first_in_first_out() {
        let mut q = PrefetchQueue::default();
        assert_eq!(q.pop(), None);
        for round in 0..3u32 {
            for i in 0..PrefetchQueue::LEN as u32 {
                assert!(!q.is_full());
                q.push((Kind::Object, round * 100 + i));
            }
            assert!(q.is_full());
            for i in 0..3 {
                assert_eq!(q.pop(), Some((Kind::Object, round * 100 + i)));
            }
            q.push((Kind::JsString, 7));
            for i in 3..PrefetchQueue::LEN as u32 {
                assert_eq!(q.pop(), Some((Kind::Object, round * 100 + i)));
            }
            assert_eq!(q.pop(), Some((Kind::JsString, 7)));
            assert_eq!(q.pop(), None);
        }
    }

    /// A prefetch is only a hint: any index of any arena, inside it or far outside it (an
    /// empty arena's dangling pointer plus an offset), reads and changes nothing.
    #[test]
    fn prefetching_any_index_is_harmless() {
        let arenas = Arenas::default();
        for &kind in Kind::ALL {
            for index in [0, 1, 1 << 20, usize::MAX / 256] {
                arenas.prefetch(kind, index);
            }
        }
        assert_eq!(arenas.len(Kind::Object), 0);
    }
}
