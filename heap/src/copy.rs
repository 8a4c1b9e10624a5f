//! Copying a part of the heap: everything reachable from some roots gets a fresh copy, except
//! the entries the caller shares, and the copies' edges are renumbered to point at each other.
//!
//! Realm snapshots use it twice (`realms/src/snapshot.rs`): `RealmSnapshot.compile` copies a
//! builder's realm and values, so later builder activity cannot change the snapshot, and each
//! `instantiate` copies the snapshot again, so every instance has fresh identities. Immutable
//! entries (strings, bigints, bytecode) and identities that belong to the agent (registered and
//! well-known symbols) are shared, which is what makes a copy cheap.
//!
//! The copy is a breadth-first walk over the *originals* (their edges are read, never written),
//! then one renumbering pass over the copies and the roots. Nothing allocates on the JavaScript
//! side, so no collection can run in between and handles stay valid.

use crate::handle::RawHandle;
use crate::trace::{Trace, Visitor};
use crate::{Arenas, Heap, Kind};
use hashbrown::HashMap;

/// What a walk found: original (kind, index) → the copy's index (or itself when shared).
type Map = HashMap<(Kind, u32), u32>;

impl Heap {
    /// Copies everything reachable from `roots` that `share` does not claim, and rewrites the
    /// handles in `roots` to the copies. Returns the copies, as (kind, index).
    ///
    /// `share(arenas, kind, index)` is asked once per reachable entry; a shared entry is
    /// neither copied nor walked through, so it also bounds the copy (a caller shares the
    /// outside world it must not duplicate).
    pub fn copy_graph(
        &mut self,
        roots: &mut dyn Trace,
        share: &dyn Fn(&Arenas, Kind, u32) -> bool,
    ) -> Vec<(Kind, usize)> {
        struct Collect<'a>(&'a mut Vec<(Kind, u32)>);
        impl Visitor for Collect<'_> {
            fn edge(&mut self, kind: Kind, h: &mut RawHandle) {
                self.0.push((kind, h.index));
            }
        }
        let mut map = Map::new();
        let mut pending = Vec::new();
        roots.trace(&mut Collect(&mut pending));
        let mut copies = Vec::new();
        let mut next = Vec::new();
        while let Some((kind, index)) = pending.pop() {
            if map.contains_key(&(kind, index)) {
                continue;
            }
            if share(&self.arenas, kind, index) {
                map.insert((kind, index), index);
                continue;
            }
            let (copy, size) = self.arenas.push_copy(kind, index as usize);
            self.allocated += size;
            map.insert((kind, index), copy as u32);
            copies.push((kind, copy));
            // Walk the original's edges (the copy holds the same ones, not yet renumbered).
            self.arenas
                .trace_entry(kind, index as usize, &mut Collect(&mut next));
            pending.append(&mut next);
        }
        struct Renumber<'a>(&'a Map);
        impl Visitor for Renumber<'_> {
            fn edge(&mut self, kind: Kind, h: &mut RawHandle) {
                if let Some(&to) = self.0.get(&(kind, h.index)) {
                    h.index = to;
                }
            }
        }
        for &(kind, copy) in &copies {
            self.arenas.trace_entry(kind, copy, &mut Renumber(&map));
        }
        roots.trace(&mut Renumber(&map));
        copies
    }
}
