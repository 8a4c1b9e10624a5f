//! The Amber heap: values, arenas addressed by typed index handles, a moving mark-compact
//! collector, and heap images.
//!
//! Every heap type is listed once, in [`heap_types!`] below; that list generates the arenas,
//! the [`Kind`] tags, the per-kind dispatch the collector and the image code use, and the
//! statistics. See `GC.md` for the rooting rule and the collector's phases.
//!
//! **Architecture invariants:** nothing in the heap is a Rust pointer, closure or host handle
//! (natives are stable ids), so a heap can always be written to an image; handles are plain
//! indices, rewritten by the collector when their targets move.

#![warn(missing_docs)]

pub mod code;
pub mod copy;
mod enum_macro;
pub mod gc;
pub mod handle;
pub mod image;
#[cfg(feature = "mimalloc")]
pub mod malloc;
pub mod object;
pub mod shape;
pub mod shared;
pub mod string;
pub mod trace;
pub mod value;

pub use code::{Code, Env, Realm};
pub use gc::RootSet;
pub use handle::{Handle, OptHandle, RawHandle};
pub use object::{
    attrs, Elements, FunctionData, HostData, NativeData, Object, ObjectKind, Property, TemporalData,
};
pub use shape::{PropertyMap, Shape, ShapeEntry, ShapeMemo, Slots};
pub use string::{BigInt, JsString, PrefixOf, StringUnits, Symbol};
pub use trace::{Persist, Trace, Visitor, WeakList};
pub use value::{PropertyKey, Value};

use hashbrown::HashTable;
use std::hash::{BuildHasher, Hasher};

/// A type that lives in its own arena of the heap.
pub trait HeapType: Trace + Persist + Footprint + Sized + 'static {
    /// The arena this type lives in.
    const KIND: Kind;
    /// This type's arena.
    fn arena(heap: &Arenas) -> &Vec<Self>;
    /// This type's arena, mutably.
    fn arena_mut(heap: &mut Arenas) -> &mut Vec<Self>;
    /// A rough size in bytes, for the collection trigger and `--max-heap`.
    fn size_estimate(&self) -> usize {
        self.footprint()
    }
}

/// The approximate bytes a heap value occupies, its out-of-line parts included.
pub trait Footprint: Sized {
    /// The size of the value itself plus what it owns outside the arena.
    fn footprint(&self) -> usize {
        std::mem::size_of::<Self>()
    }
}

impl Footprint for JsString {
    fn footprint(&self) -> usize {
        std::mem::size_of::<Self>()
            + match &self.units {
                string::StringUnits::Flat(units) => units.capacity() * 2,
                string::StringUnits::Prefix(_) => 0,
                string::StringUnits::Latin1(l) => l.footprint(),
            }
    }
}
impl Footprint for Symbol {}
impl Footprint for BigInt {
    fn footprint(&self) -> usize {
        std::mem::size_of::<Self>() + self.limbs.len() * 4
    }
}
impl Footprint for Object {
    fn footprint(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.elements.capacity() * std::mem::size_of::<Value>()
            + self.properties.footprint()
    }
}
impl Footprint for Shape {
    fn footprint(&self) -> usize {
        std::mem::size_of::<Self>() + self.entries_capacity() * std::mem::size_of::<ShapeEntry>()
    }
}
impl Footprint for Env {
    fn footprint(&self) -> usize {
        std::mem::size_of::<Self>() + self.slots.len() * std::mem::size_of::<Value>()
    }
}
impl Footprint for Code {
    fn footprint(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.bytecode.len()
            + self.constants.len() * 16
            + self.caches.footprint()
    }
}
impl Footprint for Realm {}

/// Declares every heap type: `field: Type = Kind`. This one list generates [`Kind`],
/// [`Arenas`], the [`HeapType`] impls and the per-kind dispatch in [`Arenas`].
macro_rules! heap_types {
    ($($field:ident: $ty:ident),* $(,)?) => {
        /// The arena a handle points into.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Kind { $(#[doc = concat!("The arena of [`", stringify!($ty), "`].")] $ty),* }

        impl Kind {
            /// Every kind, in arena order.
            pub const ALL: &'static [Kind] = &[$(Kind::$ty),*];
            /// The number of kinds (of arenas).
            pub const COUNT: usize = Kind::ALL.len();
            /// The kind's name, as diagnostics and `amber image` print it.
            pub fn name(self) -> &'static str {
                match self { $(Kind::$ty => stringify!($ty)),* }
            }
        }

        /// One arena per heap type.
        #[derive(Default)]
        pub struct Arenas {
            $(#[doc = concat!("Every [`", stringify!($ty), "`], indexed by handle.")] pub $field: Vec<$ty>,)*
        }

        $(
            impl HeapType for $ty {
                const KIND: Kind = Kind::$ty;
                #[inline(always)]
                fn arena(a: &Arenas) -> &Vec<Self> { &a.$field }
                #[inline(always)]
                fn arena_mut(a: &mut Arenas) -> &mut Vec<Self> { &mut a.$field }
            }
        )*

        impl Arenas {
            /// The number of entries in the arena of `kind`.
            pub fn len(&self, kind: Kind) -> usize {
                match kind { $(Kind::$ty => self.$field.len()),* }
            }
            /// Appends a copy of entry `index` of the arena of `kind`; returns the copy's
            /// index and its size estimate.
            pub fn push_copy(&mut self, kind: Kind, index: usize) -> (usize, usize) {
                match kind { $(Kind::$ty => {
                    let copy = self.$field[index].clone();
                    let size = copy.size_estimate();
                    self.$field.push(copy);
                    (self.$field.len() - 1, size)
                }),* }
            }
            /// Appends a copy of entry `index` of `src`'s arena of `kind` (another heap's);
            /// returns the copy's index.
            pub fn push_from(&mut self, src: &Arenas, kind: Kind, index: usize) -> usize {
                match kind { $(Kind::$ty => {
                    self.$field.push(src.$field[index].clone());
                    self.$field.len() - 1
                }),* }
            }
            /// Moves every entry of `other`'s arena of `kind` after this one's.
            pub fn append_kind(&mut self, other: &mut Arenas, kind: Kind) {
                match kind { $(Kind::$ty => self.$field.append(&mut other.$field)),* }
            }
            /// Asks the CPU to start loading entry `index` of the arena of `kind` into the
            /// cache (a hint: nothing is read, and an index out of bounds is harmless).
            #[inline]
            pub fn prefetch(&self, kind: Kind, index: usize) {
                match kind { $(Kind::$ty => prefetch(self.$field.as_ptr().wrapping_add(index))),* }
            }
            /// Traces entry `index` of the arena of `kind`.
            pub fn trace_entry<V: Visitor + ?Sized>(&mut self, kind: Kind, index: usize, v: &mut V) {
                match kind { $(Kind::$ty => self.$field[index].trace(v)),* }
            }
            /// Keeps only the entries whose flag in `live` is set, sliding them down in order,
            /// and has `relocate` rewrite the handles in each; returns their estimated size.
            /// (One pass over the live entries, not three: relocating, sliding and sizing
            /// each went through all of Splay's ~100 MB of live entries.)
            fn retain_relocated<V: Visitor>(&mut self, live: &[Vec<bool>], relocate: &mut V) -> usize {
                let mut bytes = 0;
                $({
                    let live = &live[Kind::$ty as usize];
                    let mut i = 0;
                    self.$field.retain_mut(|x| {
                        i += 1;
                        if live[i - 1] {
                            x.trace(relocate);
                            bytes += x.size_estimate();
                        }
                        live[i - 1]
                    });
                })*
                bytes
            }
            /// Writes the arena of `kind`.
            fn write_kind(&self, kind: Kind, w: &mut image::Writer) {
                match kind { $(Kind::$ty => for x in &self.$field { x.write(w); }),* }
            }
            /// Reads `n` entries into the (empty) arena of `kind`.
            fn read_kind(
                &mut self,
                kind: Kind,
                r: &mut image::Reader,
                n: usize,
            ) -> Result<(), image::ImageError> {
                match kind { $(Kind::$ty => {
                    // Room for the program to allocate after the load without moving the
                    // whole arena at its first allocation (starting from an image of lodash
                    // copied its object arena, 270 KB, to make one array).
                    self.$field.reserve((n + n / 2 + 256).min(1 << 20));
                    // The next `n` entries are written now; the headroom is not.
                    populate_for_writing(
                        self.$field.as_ptr().wrapping_add(self.$field.len()).cast(),
                        n.saturating_mul(std::mem::size_of::<$ty>()),
                    );
                    for _ in 0..n { self.$field.push($ty::read(r)?); }
                }),* }
                Ok(())
            }
        }
    };
}

/// Call on the main thread before starting a thread that allocates: with Amber's allocator,
/// mimalloc must be initialized on a thread that outlives the others
/// ([`malloc::ensure_mimalloc_started`]). Nothing without the `mimalloc` feature.
pub fn before_spawning_thread() {
    #[cfg(feature = "mimalloc")]
    malloc::ensure_mimalloc_started();
}

/// Runs `f`, which reads a heap image of `image_bytes` bytes, with the blocks it makes carved
/// from one region of huge pages ([`malloc::with_load_region`]). Just `f()` without the
/// `mimalloc` feature.
pub fn with_load_region<T>(image_bytes: usize, f: impl FnOnce() -> T) -> T {
    #[cfg(feature = "mimalloc")]
    return malloc::with_load_region(image_bytes, f);
    #[cfg(not(feature = "mimalloc"))]
    {
        let _ = image_bytes;
        f()
    }
}

/// Populates the pages of `len` bytes from `start` that are about to be written in full
/// ([`malloc::populate`]), if they are at least 64 KiB (16 pages): below that the system call
/// saves too few page faults to pay. Nothing without the `mimalloc` feature.
#[inline]
pub(crate) fn populate_for_writing(start: *const u8, len: usize) {
    #[cfg(feature = "mimalloc")]
    if len >= 64 << 10 {
        malloc::populate(start, len);
    }
    #[cfg(not(feature = "mimalloc"))]
    let _ = (start, len);
}

/// Starts loading the cache lines of `*p` (a `T`), on x86-64; elsewhere nothing.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let first = p.cast::<i8>();
        // SAFETY: `prefetch` (SSE, which every x86-64 CPU has) is a hint that reads and writes
        // nothing the program can see and never faults, whatever the address; the pointers
        // are only computed (`wrapping_add`), never dereferenced.
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(first);
            if std::mem::size_of::<T>() > 64 {
                _mm_prefetch::<_MM_HINT_T0>(first.wrapping_add(std::mem::size_of::<T>() - 1));
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

heap_types! {
    strings: JsString,
    symbols: Symbol,
    bigints: BigInt,
    objects: Object,
    envs: Env,
    codes: Code,
    realms: Realm,
    shapes: Shape,
}

/// The heap of one agent.
pub struct Heap {
    /// One arena (a vector, indexed by handles) per heap type.
    pub arenas: Arenas,
    /// Bumped by every collection; debug builds stamp handles with it (see [`RawHandle`]).
    epoch: u32,
    /// Interned strings by content. Weak: rebuilt after every collection from the surviving
    /// strings whose `interned` flag is set.
    intern: HashTable<Handle<JsString>>,
    hasher: hashbrown::DefaultHashBuilder,
    /// The shapes of one-property objects by (key, flags): the transitions out of the empty
    /// shape. Weak, rebuilt with every shape's transitions (see `shape.rs`).
    root_transitions: hashbrown::HashMap<(PropertyKey, u8), Handle<Shape>>,
    /// The shapes [`Heap::memo_shape`] remembers, one per [`ShapeMemo`]. Weak like the
    /// transitions: forgotten whenever those are rebuilt.
    shape_memos: [Option<Handle<Shape>>; shape::ShapeMemo::COUNT],
    /// Estimated bytes allocated since the last collection, and the trigger for the next.
    allocated: usize,
    threshold: usize,
    /// GC-stress mode: the trigger is one byte, so every safepoint after any allocation
    /// collects (and moves everything).
    stress: bool,
    /// FinalizationRegistries whose cells a collection emptied (their targets died), for the
    /// VM to enqueue cleanup jobs for (HostEnqueueFinalizationRegistryCleanupJob).
    pub finalization_pending: Vec<Handle<Object>>,
    /// Estimated bytes live after the last collection.
    pub live_bytes: usize,
    /// How many collections have run (a value read before a call and compared after it tells
    /// whether handles may have moved).
    pub collections: u64,
    /// What the last collection did.
    pub last_collection: gc::CollectionStats,
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

/// The least allocation (estimated bytes) between two collections; past it the budget is the
/// live size, so the heap grows geometrically, to about twice its live data. 4 MiB: at 8 MiB
/// the V8 suite's small-heap benchmarks peaked at 2-6x qjs's resident memory on about 0.5 MB
/// of live data (DeltaBlue 24.1 MB, Crypto 20.6, RayTrace 22.0), at 4 MiB 16.2, 15.8 and 15.0
/// MB with the same scores (3 interleaved runs each; 2 MiB took DeltaBlue 3-7% slower).
const INITIAL_THRESHOLD: usize = 4 << 20;

impl Heap {
    /// An empty heap.
    pub fn new() -> Heap {
        let mut arenas = Arenas::default();
        // Room for a realm's intrinsics (about 900 objects, 700 strings and 900 shapes), so
        // building the first realm does not copy its arenas as they grow.
        arenas.objects.reserve(1024);
        arenas.strings.reserve(1024);
        arenas.shapes.reserve(1024);
        Heap {
            arenas,
            epoch: 0,
            // Room for the names a realm's intrinsics intern, without rehashing on the way.
            intern: HashTable::with_capacity(2048),
            hasher: Default::default(),
            root_transitions: Default::default(),
            shape_memos: Default::default(),
            allocated: 0,
            threshold: INITIAL_THRESHOLD,
            stress: false,
            finalization_pending: Vec::new(),
            live_bytes: 0,
            collections: 0,
            last_collection: gc::CollectionStats::default(),
        }
    }

    /// The current collection epoch (see [`RawHandle`]).
    #[inline]
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    /// Moves `value` into its arena and returns its handle.
    ///
    /// ```
    /// use amber_heap::{Heap, Object, ObjectKind, PropertyKey, Value};
    ///
    /// let mut heap = Heap::new();
    /// let proto = heap.alloc(Object::new(None, ObjectKind::Ordinary));
    /// let o = heap.alloc(Object::new(Some(proto), ObjectKind::Ordinary));
    /// assert_eq!(heap.get(o).proto.get(), Some(proto));
    /// // Strings are interned by content: the same units give the same handle.
    /// let (a, b) = (heap.intern(&[104, 105]), heap.intern(&[104, 105]));
    /// assert_eq!(a, b);
    /// assert_eq!(PropertyKey::String(a), PropertyKey::String(b));
    /// assert_ne!(Value::String(a), Value::Undefined);
    /// ```
    #[inline]
    pub fn alloc<T: HeapType>(&mut self, value: T) -> Handle<T> {
        self.allocated += value.size_estimate();
        let arena = T::arena_mut(&mut self.arenas);
        let index = arena.len() as u32;
        arena.push(value);
        Handle::from_raw(RawHandle::new(index, self.epoch))
    }

    #[inline]
    fn check<T>(&self, h: Handle<T>) {
        if let Some(epoch) = h.raw.epoch() {
            assert!(
                epoch == self.epoch,
                "stale handle {h:?}: it was held in a Rust local across a collection \
                 (made in epoch {epoch}, heap is in epoch {}); see heap/GC.md",
                self.epoch
            );
        }
    }

    /// The value a handle points to. Debug builds panic on a stale handle (see `GC.md`).
    #[inline]
    pub fn get<T: HeapType>(&self, h: Handle<T>) -> &T {
        self.check(h);
        &T::arena(&self.arenas)[h.index()]
    }

    /// The value a handle points to, mutably.
    #[inline]
    pub fn get_mut<T: HeapType>(&mut self, h: Handle<T>) -> &mut T {
        self.check(h);
        &mut T::arena_mut(&mut self.arenas)[h.index()]
    }

    /// Turns GC-stress mode on or off: with it on, [`Heap::wants_collection`] is true whenever
    /// anything was allocated since the last collection.
    pub fn set_gc_stress(&mut self, on: bool) {
        self.stress = on;
        self.threshold = self.next_threshold();
    }

    /// The allocation trigger after a collection: the live size (so collection cost stays
    /// proportional to allocation, and the heap peaks near twice what is live; twice the
    /// live size measured no faster on Splay and peaked 65% higher), one byte under GC stress.
    pub(crate) fn next_threshold(&self) -> usize {
        if self.stress {
            1
        } else {
            self.live_bytes.max(INITIAL_THRESHOLD)
        }
    }

    /// True when enough has been allocated since the last collection that the next safepoint
    /// should collect.
    #[inline]
    pub fn wants_collection(&self) -> bool {
        self.allocated >= self.threshold
    }

    /// Counts `bytes` an existing entry grew by (a property or element added after the
    /// object was allocated) toward the next collection, as [`Heap::alloc`] counts new
    /// entries. Without it a program that grows objects in place (a tree whose nodes gain
    /// properties, an array pushed to) would reach the trigger far too late.
    #[inline]
    pub fn note_growth(&mut self, bytes: usize) {
        self.allocated += bytes;
    }

    /// Estimated bytes allocated since the last collection.
    #[inline]
    pub fn allocated_since_collection(&self) -> usize {
        self.allocated
    }

    /// Estimated bytes in use (live after the last collection plus allocated since).
    pub fn used_bytes(&self) -> usize {
        self.live_bytes + self.allocated
    }

    // --- strings -----------------------------------------------------------------------------

    fn hash_units(&self, units: &[u16]) -> u64 {
        hash_with(&self.hasher, units)
    }

    /// A new, uninterned string.
    pub fn alloc_string(&mut self, units: Vec<u16>) -> Handle<JsString> {
        self.alloc(JsString::flat(units, false))
    }

    /// The canonical string with these code units, creating it if needed.
    pub fn intern(&mut self, units: &[u16]) -> Handle<JsString> {
        let hash = self.hash_units(units);
        let strings = &self.arenas.strings;
        if let Some(&h) = self
            .intern
            .find(hash, |h| strings[h.index()].flat_units() == units)
        {
            return h;
        }
        let h = self.alloc(JsString::flat(units.to_vec(), true));
        let strings = &self.arenas.strings;
        let hasher = &self.hasher;
        self.intern.insert_unique(hash, h, |h| {
            hash_with(hasher, strings[h.index()].flat_units())
        });
        h
    }

    /// Interns Rust text.
    pub fn intern_str(&mut self, s: &str) -> Handle<JsString> {
        string::with_utf16(s, |units| self.intern(units))
    }

    /// The interned copy of `s` (which may already be it).
    pub fn intern_handle(&mut self, s: Handle<JsString>) -> Handle<JsString> {
        if self.get(s).interned {
            return s;
        }
        let units = self.string_units(s).to_vec();
        self.intern(&units)
    }

    /// A string's length in code units, without walking a prefix to its base.
    #[inline]
    pub fn string_length(&self, s: Handle<JsString>) -> usize {
        self.get(s).len()
    }

    /// A string's code units (a prefix string's are the start of its base's).
    #[inline]
    pub fn string_units(&self, s: Handle<JsString>) -> &[u16] {
        let mut h = s;
        let mut len = usize::MAX;
        loop {
            match &self.get(h).units {
                string::StringUnits::Flat(units) => return &units[..len.min(units.len())],
                string::StringUnits::Latin1(l) => return &l.wide()[..len.min(l.len())],
                string::StringUnits::Prefix(p) => {
                    len = len.min(p.len as usize);
                    h = p.base;
                }
            }
        }
    }

    /// The string `a` followed by `b`.
    ///
    /// When `a` is flat, not interned and long, its buffer moves into the result and `a`
    /// becomes a prefix of it (see [`string::StringUnits`]), so appending to a string in a
    /// loop costs the appended length, not the whole string each time.
    pub fn concat(&mut self, a: Handle<JsString>, b: Handle<JsString>) -> Handle<JsString> {
        const MOVE_AT: usize = 64;
        let a_len = self.string_units(a).len();
        let entry = self.get(a);
        let movable = !entry.interned
            && a_len >= MOVE_AT
            && a_len < u32::MAX as usize
            && matches!(entry.units, string::StringUnits::Flat(_));
        if !movable {
            let (x, y) = (self.string_units(a), self.string_units(b));
            let mut units = Vec::with_capacity(x.len() + y.len());
            units.extend_from_slice(x);
            units.extend_from_slice(y);
            return self.alloc_string(units);
        }
        // `b` may be `a` itself (`s += s`): copy its units before taking the buffer.
        let tail = self.string_units(b).to_vec();
        let placeholder = string::StringUnits::Flat(Vec::new());
        let string::StringUnits::Flat(mut units) =
            std::mem::replace(&mut self.get_mut(a).units, placeholder)
        else {
            unreachable!("checked flat above")
        };
        let moved = units.capacity() * 2;
        units.extend_from_slice(&tail);
        let result = self.alloc(JsString::flat(units, false));
        // `alloc` counted the whole buffer, but only its growth is new memory: a loop that
        // appends would otherwise ask for a collection every few steps.
        self.allocated = self.allocated.saturating_sub(moved);
        self.get_mut(a).units = string::StringUnits::Prefix(string::PrefixOf {
            base: result,
            len: a_len as u32,
        });
        result
    }

    /// Points every prefix string straight at a flat base (a loop that keeps each step of
    /// `s += x` alive would otherwise leave chains as long as the loop). A base has a higher
    /// index than its prefixes, so one pass from the top sees each base already shortened.
    fn shorten_prefix_chains(&mut self) {
        let strings = &mut self.arenas.strings;
        for i in (0..strings.len()).rev() {
            if let string::StringUnits::Prefix(p) = strings[i].units {
                if let string::StringUnits::Prefix(q) = strings[p.base.index()].units {
                    strings[i].units = string::StringUnits::Prefix(string::PrefixOf {
                        base: q.base,
                        len: p.len.min(q.len),
                    });
                }
            }
        }
    }

    /// Rebuilds the intern table from the strings arena (after a collection or a load).
    fn rebuild_intern_table(&mut self) {
        // Sized up front. After a collection the old table's size is a good bound; after a
        // load the old table is empty, and growing from nothing rehashed the whole table a
        // dozen times (lodash's image: 0.26M of 0.42M instructions), so the interned strings
        // are counted (only then: counting is a pass over every string).
        let capacity = match self.intern.len() {
            0 => self.arenas.strings.iter().filter(|s| s.interned).count(),
            n => n,
        };
        let mut table = HashTable::with_capacity(capacity);
        let epoch = self.epoch;
        for (i, s) in self.arenas.strings.iter().enumerate() {
            if s.interned {
                let hash = hash_with(&self.hasher, s.flat_units());
                let h = Handle::from_raw(RawHandle::new(i as u32, epoch));
                let strings = &self.arenas.strings;
                let hasher = &self.hasher;
                table.insert_unique(hash, h, |h: &Handle<JsString>| {
                    hash_with(hasher, strings[h.index()].flat_units())
                });
            }
        }
        self.intern = table;
    }

    /// Counts per kind, for statistics and tests.
    pub fn counts(&self) -> Vec<(Kind, usize)> {
        Kind::ALL.iter().map(|&k| (k, self.arenas.len(k))).collect()
    }
}

/// Hashes code units four at a time (one hasher round per 64 bits rather than per unit:
/// interning every built-in name at start-up spent a quarter of its time here).
fn hash_with(hasher: &hashbrown::DefaultHashBuilder, units: &[u16]) -> u64 {
    let mut h = hasher.build_hasher();
    h.write_usize(units.len());
    let mut chunks = units.chunks_exact(4);
    for c in &mut chunks {
        h.write_u64(c[0] as u64 | (c[1] as u64) << 16 | (c[2] as u64) << 32 | (c[3] as u64) << 48);
    }
    let mut rest = 0u64;
    for (i, &u) in chunks.remainder().iter().enumerate() {
        rest |= (u as u64) << (16 * i);
    }
    h.write_u64(rest);
    h.finish()
}
