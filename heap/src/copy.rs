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
use crate::{Arenas, Heap, HeapType, Kind};
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
        roots: &mut (impl Trace + ?Sized),
        share: &dyn Fn(&Arenas, Kind, u32) -> bool,
    ) -> Vec<(Kind, usize)> {
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

/// Collects edges (read-only use of a `&mut` visitor).
struct Collect<'a>(&'a mut Vec<(Kind, u32)>);
impl Visitor for Collect<'_> {
    fn edge(&mut self, kind: Kind, h: &mut RawHandle) {
        self.0.push((kind, h.index));
    }
}

/// Renumbers edges through per-kind tables (old index → new index), stamping `epoch`.
struct Relocate<'a> {
    to: &'a [Vec<u32>],
    epoch: u32,
}
impl Visitor for Relocate<'_> {
    fn edge(&mut self, kind: Kind, h: &mut RawHandle) {
        *h = RawHandle::new(self.to[kind as usize][h.index as usize], self.epoch);
    }
}

impl Heap {
    /// A new heap holding a copy of everything `roots` reach (strings, code and symbols
    /// included), numbered in the order a depth-first walk meets them; `roots` are rewritten
    /// to point into it. This is how a part of the heap is written as an image of its own
    /// ([`crate::image::dump`] of the result): the walk order depends only on the graph, so
    /// the same graph gives the same bytes.
    pub fn extract(&mut self, roots: &mut (impl Trace + ?Sized)) -> Heap {
        let mut out = Heap::new();
        let mut to: Vec<Vec<u32>> = Kind::ALL
            .iter()
            .map(|&k| vec![u32::MAX; self.arenas.len(k)])
            .collect();
        let mut order = Vec::new();
        roots.trace(&mut Collect(&mut order));
        order.reverse();
        let mut pending = order;
        let mut next = Vec::new();
        let mut copied = Vec::new();
        while let Some((kind, index)) = pending.pop() {
            if to[kind as usize][index as usize] != u32::MAX {
                continue;
            }
            let copy = out.arenas.push_from(&self.arenas, kind, index as usize);
            to[kind as usize][index as usize] = copy as u32;
            copied.push((kind, copy));
            self.arenas
                .trace_entry(kind, index as usize, &mut Collect(&mut next));
            next.reverse();
            pending.append(&mut next);
        }
        let mut relocate = Relocate {
            to: &to,
            epoch: out.epoch,
        };
        for &(kind, copy) in &copied {
            out.arenas.trace_entry(kind, copy, &mut relocate);
        }
        roots.trace(&mut relocate);
        out.rebuild_intern_table();
        out.rebuild_shape_transitions();
        out.live_bytes = out.estimate_live_bytes();
        out
    }

    /// Moves the entries of `other` (typically a heap loaded from an image written with
    /// [`Heap::extract`]) into this heap and renumbers their edges and `roots` to match.
    /// Interned strings become this heap's interned strings (property keys compare by handle);
    /// `symbol(self, other, index)` may send a symbol of `other` to one of this heap's (the
    /// agent's well-known and registered symbols); everything else is appended.
    pub fn absorb(
        &mut self,
        mut other: Heap,
        roots: &mut (impl Trace + ?Sized),
        symbol: &mut dyn FnMut(&mut Heap, &Heap, u32) -> Option<u32>,
    ) {
        let mut to: Vec<Vec<u32>> = Kind::ALL
            .iter()
            .map(|&k| vec![u32::MAX; other.arenas.len(k)])
            .collect();
        // Strings: interned ones by content, others appended.
        for (i, slot) in to[Kind::JsString as usize].iter_mut().enumerate() {
            let s = &other.arenas.strings[i];
            *slot = if s.interned {
                let units = s.flat_units().to_vec();
                self.intern(&units).raw.index
            } else {
                self.allocated += s.size_estimate();
                let index = self.arenas.push_from(&other.arenas, Kind::JsString, i);
                index as u32
            };
        }
        // Symbols: the caller's choice, or appended (their descriptions renumbered below).
        let mut moved = Vec::new();
        for (i, slot) in to[Kind::Symbol as usize].iter_mut().enumerate() {
            *slot = match symbol(self, &other, i as u32) {
                Some(index) => index,
                None => {
                    let index = self.arenas.push_from(&other.arenas, Kind::Symbol, i);
                    moved.push((Kind::Symbol, index));
                    index as u32
                }
            };
        }
        // Everything else: appended in order.
        for &kind in Kind::ALL {
            if matches!(kind, Kind::JsString | Kind::Symbol) {
                continue;
            }
            let base = self.arenas.len(kind);
            let n = other.arenas.len(kind);
            for (i, slot) in to[kind as usize].iter_mut().enumerate() {
                *slot = (base + i) as u32;
            }
            self.arenas.append_kind(&mut other.arenas, kind);
            moved.extend((base..base + n).map(|index| (kind, index)));
        }
        self.allocated += other.live_bytes;
        let mut relocate = Relocate {
            to: &to,
            epoch: self.epoch,
        };
        for &(kind, index) in &moved {
            self.arenas.trace_entry(kind, index, &mut relocate);
        }
        roots.trace(&mut relocate);
        self.rebuild_shape_transitions();
    }
}
