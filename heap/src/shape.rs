//! Hidden classes ("shapes"): the layout of an object's named properties, shared by every
//! object that got the same properties in the same order with the same attributes.
//!
//! An object's properties are either **shaped** (a [`Shape`] handle plus a vector of slot
//! values) or a **dictionary** (a self-contained list of [`Property`] records, the old layout).
//! Shaped objects answer "where is `key`?" from the shape, which many objects share, so an
//! inline cache can remember (shape → slot) and skip the search: see `vm/PERFORMANCE.md`.
//!
//! - A shape is immutable once made. Adding a property follows (or makes) a *transition* from
//!   the object's shape to a child shape with one more entry; the first property's transition
//!   starts at the heap's root table (the empty shape is `None`).
//! - Anything else that changes the layout (deleting a property, changing its attributes,
//!   more than [`MAX_SHAPED_PROPERTIES`] properties) turns the object into a dictionary, which
//!   it stays. Objects used as maps therefore never grow the transition tree without bound.
//! - Transitions are weak: a shape keeps its parent alive, not its children. Tracing a shape
//!   clears its transition list (and its lookup index, whose keys may move), and
//!   [`Heap::rebuild_shape_transitions`] rebuilds every list, and the root table, from the
//!   surviving shapes' parents after each collection, copy or load.

use crate::handle::Handle;
use crate::heap_struct;
use crate::image::{ImageError, Reader, Writer};
use crate::object::{attrs, Object, Property};
use crate::trace::{Persist, Trace, Visitor};
use crate::value::{PropertyKey, Value};
use crate::Heap;
use thin_vec::ThinVec;

/// A shaped object with more properties than this becomes a dictionary: a shape's entry list
/// is as long as its chain, and a chain that branches copies it, so long chains could cost
/// quadratic memory.
pub const MAX_SHAPED_PROPERTIES: usize = 64;

/// Shapes with at least this many entries build a hash index for lookups.
const INDEX_THRESHOLD: usize = 12;

/// One property of a shape: its key, its attributes, and where its value lives in the
/// object's slots (an accessor's getter at `slot` and its setter at `slot + 1`).
#[derive(Clone, Copy, Debug)]
pub struct ShapeEntry {
    /// The property's key.
    pub key: PropertyKey,
    /// Its attribute bits (`attrs`).
    pub flags: u8,
    /// Where its value lives in the object's slots.
    pub slot: u32,
}
heap_struct!(ShapeEntry { key, flags, slot });

/// A hidden class: the keys, attributes and slot positions of an object's properties in
/// creation order.
///
/// A shape is its parent plus its `last` entry; that is all it owns for good. Its whole entry
/// list, which lookups search, is built from the parent chain when first asked for
/// ([`Heap::shape_entries`]) and kept in `entries`, and a new child shape *takes over* its
/// parent's list and appends its own entry, instead of copying it. Building an object (or a
/// realm's prototypes, ~900 shapes) therefore makes one list per chain, not one per shape:
/// copying made the lists 230 KB of a realm's 490 KB and a quadratic amount of work. A parent
/// that is still in use rebuilds its list on its next lookup, once.
#[derive(Clone, Debug)]
pub struct Shape {
    /// The shape this one extends by its last entry (`None` for one-entry shapes).
    pub parent: Option<Handle<Shape>>,
    /// The entry this shape adds to its parent's.
    last: ShapeEntry,
    /// The number of entries (the parent's plus one).
    len: u32,
    /// Every entry in creation order, if built (see above).
    entries: std::cell::OnceCell<ThinVec<ShapeEntry>>,
    /// The number of slots an object of this shape has.
    pub slot_count: u32,
    /// Does any entry have an array-index key? (Such keys usually live in `elements`; a
    /// named one is rare, so "none" lets array fast paths skip a lookup per prototype.)
    has_index_keys: bool,
    /// Lookups made without an index (see [`find`]); beside the flag, where the padding has
    /// room for it.
    unindexed_lookups: u8,
    transitions: Transitions,
    index: ShapeIndex,
}

impl Trace for Shape {
    fn trace<V: Visitor + ?Sized>(&mut self, v: &mut V) {
        self.parent.trace(v);
        self.last.trace(v);
        // Each list belongs to one shape (a child takes its parent's, it does not share it),
        // so every key in it is visited once.
        if let Some(entries) = self.entries.get_mut() {
            entries.trace(v);
        }
        self.transitions.trace(v);
        self.index.trace(v);
    }
}

/// A shape is written as its parent and its last entry's key and attributes, not its whole
/// entry list: every other entry, and every slot position, follows from the parent chain
/// (the shape is its parent plus one entry, its slot after the parent's). Writing whole
/// lists made shapes most of an image (each of the intrinsics' ~3,500 shapes repeated its
/// prefix) and most of its load time. [`resolve_shape_entries`] rebuilds the lists once the
/// whole arena is read.
impl Persist for Shape {
    fn write(&self, w: &mut Writer) {
        self.parent.write(w);
        // A shape always has an entry. (The format allows `None` for "no entry", which the
        // reader refuses.)
        Some(self.last.key).write(w);
        self.last.flags.write(w);
    }
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        let parent = Persist::read(r)?;
        let Some(key) = Option::<PropertyKey>::read(r)? else {
            return Err(r.error("a shape with no entries"));
        };
        let flags = u8::read(r)?;
        // The last entry's slot, the length and the slot count follow from the parents:
        // [`resolve_shapes`].
        Ok(Shape {
            parent,
            last: ShapeEntry {
                key,
                flags,
                slot: 0,
            },
            len: 0,
            entries: std::cell::OnceCell::new(),
            slot_count: 0,
            has_index_keys: false,
            unindexed_lookups: 0,
            transitions: Transitions::default(),
            index: ShapeIndex::default(),
        })
    }
}

/// Completes shapes just read from an image (each holding its parent and its last entry's key
/// and attributes): a shape's length is its parent's plus one, its last entry's slot the
/// parent's slot count. Parents are resolved before children whatever their order in the
/// arena (part images number shapes in walk order); a parent cycle or a chain longer than
/// [`MAX_SHAPED_PROPERTIES`] (which no heap makes: such an object is a dictionary) is
/// refused. Constant work per shape; entry lists are built when first looked up.
pub(crate) fn resolve_shapes(shapes: &mut [Shape]) -> Result<(), String> {
    const UNRESOLVED: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![UNRESOLVED; shapes.len()];
    let mut path = Vec::with_capacity(MAX_SHAPED_PROPERTIES);
    for start in 0..shapes.len() {
        // The unresolved ancestors of `start`, nearest first.
        let mut at = start;
        while state[at] == UNRESOLVED {
            state[at] = ON_PATH;
            path.push(at);
            if path.len() > MAX_SHAPED_PROPERTIES {
                return Err(format!(
                    "shape #{start} has more than {MAX_SHAPED_PROPERTIES} entries"
                ));
            }
            match shapes[at].parent {
                Some(p) if p.index() < shapes.len() => at = p.index(),
                Some(_) => return Err(format!("shape #{at} has no parent in the image")),
                None => break,
            }
        }
        // Resolve from the root end of the path down to `start`. In a parent cycle the first
        // shape resolved has a parent on the path, not done: refused below.
        while let Some(i) = path.pop() {
            let parent = match shapes[i].parent {
                None => None,
                Some(p) => {
                    let parent = &shapes[p.index()];
                    if state[p.index()] != DONE {
                        return Err(format!("shape #{i} is its own ancestor"));
                    }
                    if parent.len as usize >= MAX_SHAPED_PROPERTIES {
                        return Err(format!(
                            "shape #{i} has more than {MAX_SHAPED_PROPERTIES} entries"
                        ));
                    }
                    Some(parent)
                }
            };
            let (key, flags) = (shapes[i].last.key, shapes[i].last.flags);
            let (len, last, slot_count, has_index_keys) = extend(parent, key, flags);
            let shape = &mut shapes[i];
            shape.len = len;
            shape.last = last;
            shape.slot_count = slot_count;
            shape.has_index_keys = has_index_keys;
            state[i] = DONE;
        }
    }
    Ok(())
}

/// The number of slots a property with these attributes takes: two for an accessor (getter
/// and setter), one for a data property.
fn width(flags: u8) -> u32 {
    if flags & attrs::ACCESSOR != 0 {
        2
    } else {
        1
    }
}

/// What a shape that adds `last` (key and attributes) to `parent` has: its length, its last
/// entry's slot (right after the parent's slots), its slot count, and whether any of its keys
/// is an array index. The one rule [`Heap::transition`] and [`resolve_shapes`] share.
fn extend(parent: Option<&Shape>, key: PropertyKey, flags: u8) -> (u32, ShapeEntry, u32, bool) {
    let (len, slot, has_index_keys) =
        parent.map_or((0, 0, false), |p| (p.len, p.slot_count, p.has_index_keys));
    let last = ShapeEntry { key, flags, slot };
    let has_index_keys = has_index_keys || matches!(key, PropertyKey::Index(_));
    (len + 1, last, slot + width(flags), has_index_keys)
}

/// The entry list of shape `i`, built by walking its parent chain (each shape gives its last
/// entry). Callers have checked the chain (every shape in a heap is resolved).
fn build_entries(shapes: &[Shape], i: usize) -> ThinVec<ShapeEntry> {
    let mut entries = ThinVec::with_capacity(shapes[i].len as usize);
    let mut at = Some(i);
    while let Some(j) = at {
        entries.push(shapes[j].last);
        at = shapes[j].parent.map(|p| p.index());
    }
    entries.reverse();
    entries
}

/// Shape `i`'s entry list, built now if it was not.
#[inline]
fn entries_of(shapes: &[Shape], i: usize) -> &[ShapeEntry] {
    match shapes[i].entries.get() {
        Some(entries) => entries,
        None => entries_built(shapes, i),
    }
}

/// [`entries_of`] for a shape whose list is not built (rare: a parent still in use after a
/// child took its list, or a shape read from an image), out of the lookup's way.
#[cold]
#[inline(never)]
fn entries_built(shapes: &[Shape], i: usize) -> &[ShapeEntry] {
    shapes[i].entries.get_or_init(|| build_entries(shapes, i))
}

impl Shape {
    /// The number of entries.
    #[inline]
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Never: every shape has at least one entry (no properties is no shape).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The entry this shape adds to its parent's.
    pub fn last(&self) -> ShapeEntry {
        self.last
    }

    /// The capacity of the entry list, if built (for heap accounting).
    pub(crate) fn entries_capacity(&self) -> usize {
        self.entries.get().map_or(0, ThinVec::capacity)
    }
}

/// The position of `key` in shape `i`'s entries, building the index for large shapes.
#[inline]
fn find(shapes: &mut [Shape], i: usize, key: PropertyKey) -> Option<usize> {
    entries_of(shapes, i);
    let Shape {
        entries,
        index,
        unindexed_lookups,
        ..
    } = &mut shapes[i];
    // Built just above.
    let entries = entries.get().map(ThinVec::as_slice).unwrap_or_default();
    // A shape that an object only passes through while it is built (each add looks the new
    // key up once) is not worth an index: build one from the fourth lookup on.
    if index.0.is_none() && *unindexed_lookups < 4 {
        *unindexed_lookups += 1;
        return entries.iter().position(|e| e.key == key);
    }
    find_indexed(entries, |e| e.key, &mut index.0, key)
}

/// [`find`] without building an index.
fn position(shapes: &[Shape], i: usize, key: PropertyKey) -> Option<usize> {
    match &shapes[i].index.0 {
        Some(index) => index.get(&key).map(|&i| i as usize),
        None => entries_of(shapes, i).iter().position(|e| e.key == key),
    }
}

/// key → position in a list of properties, built for long lists on their first lookup.
type KeyIndex = Option<Box<hashbrown::HashMap<PropertyKey, u32>>>;

/// The position of `key` in `items`: a linear search in short lists, else through `index`
/// (built here on first use).
#[inline]
fn find_indexed<T>(
    items: &[T],
    key_of: impl Fn(&T) -> PropertyKey,
    index: &mut KeyIndex,
    key: PropertyKey,
) -> Option<usize> {
    if items.len() < INDEX_THRESHOLD {
        return items.iter().position(|item| key_of(item) == key);
    }
    let index = index.get_or_insert_with(|| {
        Box::new(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| (key_of(item), i as u32))
                .collect(),
        )
    });
    index.get(&key).map(|&i| i as usize)
}

/// The layouts [`Heap::memo_shape`] remembers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShapeMemo {
    /// A function's `length` and `name` (both configurable only): every built-in function and
    /// every closure starts with them.
    Function,
    /// An unmapped arguments object of sloppy code: `length`, `@@iterator` and `callee`, all
    /// writable and configurable, not enumerable (made at every call of a function that
    /// reads `arguments`).
    SloppyArguments,
}

impl ShapeMemo {
    /// The number of memos.
    pub const COUNT: usize = 2;
}

/// One transition: the child shape reached by adding (key, flags).
type Transition = (PropertyKey, u8, Handle<Shape>);

/// The child shapes reached by adding (key, flags). Weak, see the module comment: never traced
/// (tracing clears them) and never written to images. Most shapes have at most one child (a
/// prototype built by `init` is a chain of them), so one transition is kept inline: a list
/// allocation per shape was 6% of a hello-world process.
#[derive(Clone, Debug, Default)]
enum Transitions {
    #[default]
    None,
    One(Transition),
    Many(ThinVec<Transition>),
}

impl Transitions {
    fn find(&self, key: PropertyKey, flags: u8) -> Option<Handle<Shape>> {
        let hit = |t: &Transition| t.0 == key && t.1 == flags;
        match self {
            Transitions::None => None,
            Transitions::One(t) => hit(t).then_some(t.2),
            Transitions::Many(ts) => ts.iter().find(|t| hit(t)).map(|t| t.2),
        }
    }

    fn push(&mut self, t: Transition) {
        match std::mem::take(self) {
            Transitions::None => *self = Transitions::One(t),
            Transitions::One(first) => *self = Transitions::Many(thin_vec::thin_vec![first, t]),
            Transitions::Many(mut ts) => {
                ts.push(t);
                *self = Transitions::Many(ts);
            }
        }
    }
}

impl Trace for Transitions {
    fn trace<V: Visitor + ?Sized>(&mut self, _: &mut V) {
        *self = Transitions::None;
    }
}
impl Persist for Transitions {
    fn write(&self, _: &mut Writer) {}
    fn read(_: &mut Reader) -> Result<Self, ImageError> {
        Ok(Transitions::default())
    }
}

/// key → position in `entries`, for large shapes; dropped whenever keys may move.
#[derive(Debug, Default)]
struct ShapeIndex(KeyIndex);

impl Clone for ShapeIndex {
    fn clone(&self) -> Self {
        ShapeIndex::default()
    }
}
impl Trace for ShapeIndex {
    fn trace<V: Visitor + ?Sized>(&mut self, _: &mut V) {
        self.0 = None;
    }
}
impl Persist for ShapeIndex {
    fn write(&self, _: &mut Writer) {}
    fn read(_: &mut Reader) -> Result<Self, ImageError> {
        Ok(ShapeIndex::default())
    }
}

/// The slot values of a shaped object. Up to two live inside the object (no allocation of
/// their own): enough for a built-in function's `length` and `name`, an iterator result's
/// `value` and `done`, and small records, which together are most objects of a realm and of
/// many programs. A realm copy and the collection of a dead realm then touch no memory outside
/// the object arena for them.
pub type Slots = smallvec::SmallVec<[Value; 2]>;

/// The properties of one object: shaped, or a dictionary. See the module comment.
#[derive(Debug)]
pub enum PropertyMap {
    /// `shape` is `None` for an object with no properties.
    Shaped {
        /// The shape (`None` for no properties).
        shape: Option<Handle<Shape>>,
        /// The property values, at the positions the shape's entries give.
        slots: Slots,
    },
    /// A self-contained property list, for objects used as maps or changed in ways shapes do
    /// not follow.
    Dictionary(DictionaryMap),
}

/// By hand: `SmallVec`'s own `clone` extends element by element; values are `Copy`, so one
/// copy of the slice does (a realm copy clones ~900 of these).
impl Clone for PropertyMap {
    fn clone(&self) -> Self {
        match self {
            PropertyMap::Shaped { shape, slots } => PropertyMap::Shaped {
                shape: *shape,
                slots: Slots::from_slice(slots),
            },
            PropertyMap::Dictionary(d) => PropertyMap::Dictionary(d.clone()),
        }
    }
}

impl Default for PropertyMap {
    fn default() -> Self {
        PropertyMap::Shaped {
            shape: None,
            slots: Slots::new(),
        }
    }
}

impl PropertyMap {
    /// An empty map with room for `n` slots.
    pub fn with_capacity(n: usize) -> PropertyMap {
        PropertyMap::Shaped {
            shape: None,
            slots: Slots::with_capacity(n),
        }
    }

    /// The shape of a shaped object (`Some(None)` for no properties); `None` for a
    /// dictionary.
    #[inline]
    pub fn shape(&self) -> Option<Option<Handle<Shape>>> {
        match self {
            PropertyMap::Shaped { shape, .. } => Some(*shape),
            PropertyMap::Dictionary(_) => None,
        }
    }

    /// The slot values of a shaped object (empty for a dictionary).
    #[inline]
    pub fn slots(&self) -> &[Value] {
        match self {
            PropertyMap::Shaped { slots, .. } => slots,
            PropertyMap::Dictionary(_) => &[],
        }
    }
    /// The slot values of a shaped object, mutably (empty for a dictionary).
    #[inline]
    pub fn slots_mut(&mut self) -> &mut [Value] {
        match self {
            PropertyMap::Shaped { slots, .. } => slots,
            PropertyMap::Dictionary(_) => &mut [],
        }
    }

    /// Is the object in dictionary mode?
    pub fn is_dictionary(&self) -> bool {
        matches!(self, PropertyMap::Dictionary(_))
    }

    /// The bytes the values take (for the heap's size estimate).
    pub fn footprint(&self) -> usize {
        match self {
            PropertyMap::Shaped { slots, .. } if slots.spilled() => {
                slots.capacity() * std::mem::size_of::<Value>()
            }
            PropertyMap::Shaped { .. } => 0,
            PropertyMap::Dictionary(d) => d.entries.capacity() * std::mem::size_of::<Property>(),
        }
    }
}

impl Trace for PropertyMap {
    fn trace<V: Visitor + ?Sized>(&mut self, v: &mut V) {
        match self {
            PropertyMap::Shaped { shape, slots } => {
                shape.trace(v);
                slots.trace(v);
            }
            PropertyMap::Dictionary(d) => d.trace(v),
        }
    }
}
impl Persist for PropertyMap {
    fn write(&self, w: &mut Writer) {
        match self {
            PropertyMap::Shaped { shape, slots } => {
                0u8.write(w);
                shape.write(w);
                slots.write(w);
            }
            PropertyMap::Dictionary(d) => {
                1u8.write(w);
                d.entries.write(w);
            }
        }
    }
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        Ok(match u8::read(r)? {
            0 => PropertyMap::Shaped {
                shape: Persist::read(r)?,
                slots: Persist::read(r)?,
            },
            1 => PropertyMap::Dictionary(DictionaryMap::from_entries(Persist::read(r)?)),
            t => return Err(r.error(format!("invalid property map tag {t}"))),
        })
    }
}

/// A dictionary-mode object's properties in creation order, with a hash index once there are
/// many.
#[derive(Debug, Default)]
pub struct DictionaryMap {
    entries: Vec<Property>,
    /// key → position in `entries`; built when the map grows past [`INDEX_THRESHOLD`] and
    /// dropped whenever the collector moves keys (their handles change). Boxed: most objects
    /// never have one.
    index: KeyIndex,
    /// Has any entry had an array-index key? (As a shape's `has_index_keys`, so that array
    /// fast paths need not search `Array.prototype`, a dictionary, for every index they write;
    /// conservative: it stays set when such an entry is removed.)
    index_keys: bool,
}

/// A copy has no index: it is rebuilt on the copy's first lookup, which is cheaper than
/// copying a hash table for objects that may never be searched.
impl Clone for DictionaryMap {
    fn clone(&self) -> DictionaryMap {
        DictionaryMap {
            entries: self.entries.clone(),
            index: None,
            index_keys: self.index_keys,
        }
    }
}

impl DictionaryMap {
    fn from_entries(entries: Vec<Property>) -> DictionaryMap {
        DictionaryMap {
            index_keys: entries
                .iter()
                .any(|p| matches!(p.key, PropertyKey::Index(_))),
            entries,
            index: None,
        }
    }

    #[inline]
    fn find(&mut self, key: PropertyKey) -> Option<usize> {
        find_indexed(&self.entries, |p| p.key, &mut self.index, key)
    }

    fn position(&self, key: PropertyKey) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(&key).map(|&i| i as usize),
            None => self.entries.iter().position(|p| p.key == key),
        }
    }

    fn push(&mut self, property: Property) {
        if let Some(index) = &mut self.index {
            index.insert(property.key, self.entries.len() as u32);
        }
        self.index_keys |= matches!(property.key, PropertyKey::Index(_));
        self.entries.push(property);
    }

    fn remove(&mut self, position: usize) {
        self.entries.remove(position);
        self.index = None;
    }
}

impl Trace for DictionaryMap {
    fn trace<V: Visitor + ?Sized>(&mut self, v: &mut V) {
        // Keys may be rewritten: the index is rebuilt on the next lookup.
        self.index = None;
        self.entries.trace(v);
    }
}

/// The property at `entry` of a shaped object, read from its slots. A slot past the end (only
/// in a corrupt image, which validation rejects) reads as `undefined`.
#[inline]
fn materialize(entry: &ShapeEntry, slots: &[Value]) -> Property {
    let at = entry.slot as usize;
    let value = slots.get(at).copied().unwrap_or(Value::Undefined);
    let setter = if entry.flags & attrs::ACCESSOR != 0 {
        slots.get(at + 1).copied().unwrap_or(Value::Undefined)
    } else {
        Value::Undefined
    };
    Property {
        key: entry.key,
        value,
        setter,
        flags: entry.flags,
    }
}

/// Property access through shapes. Every caller outside the heap goes through these, so the
/// layout of properties stays this module's business.
impl Heap {
    /// The number of own (non-element) properties of `o`.
    pub fn property_count(&self, o: Handle<Object>) -> usize {
        match &self.get(o).properties {
            PropertyMap::Shaped { shape: None, .. } => 0,
            PropertyMap::Shaped { shape: Some(s), .. } => self.get(*s).len(),
            PropertyMap::Dictionary(d) => d.entries.len(),
        }
    }

    /// Every entry of shape `s` in creation order (built from its parent chain on first use).
    #[inline]
    pub fn shape_entries(&self, s: Handle<Shape>) -> &[ShapeEntry] {
        entries_of(&self.arenas.shapes, s.index())
    }

    /// The position of `key` in shape `s`'s entries, without building a lookup index.
    pub fn shape_position(&self, s: Handle<Shape>, key: PropertyKey) -> Option<usize> {
        position(&self.arenas.shapes, s.index(), key)
    }

    /// Might `o` have a named (not `elements`) property with an array-index key? Exact for
    /// shaped objects (their shape knows), conservative for dictionaries (true if one ever had
    /// one): a cheap test that lets array fast paths skip looking an index up on every
    /// prototype.
    #[inline]
    pub fn may_have_named_index_keys(&self, o: Handle<Object>) -> bool {
        self.map_may_have_index_keys(&self.get(o).properties)
    }

    /// [`Heap::may_have_named_index_keys`] for an object already at hand.
    #[inline]
    pub fn map_may_have_index_keys(&self, properties: &PropertyMap) -> bool {
        match properties {
            PropertyMap::Shaped { shape: None, .. } => false,
            PropertyMap::Shaped { shape: Some(s), .. } => self.get(*s).has_index_keys,
            PropertyMap::Dictionary(d) => d.index_keys,
        }
    }

    /// The position of `key` among `o`'s properties, if it has it.
    #[inline]
    pub fn find_property(&mut self, o: Handle<Object>, key: PropertyKey) -> Option<usize> {
        let Arenas2 { objects, shapes } = self.split();
        match &mut objects[o.index()].properties {
            PropertyMap::Shaped { shape: None, .. } => None,
            PropertyMap::Shaped { shape: Some(s), .. } => find(shapes, s.index(), key),
            PropertyMap::Dictionary(d) => d.find(key),
        }
    }

    /// The property at `position` (from [`Heap::find_property`] or below
    /// [`Heap::property_count`]).
    #[inline]
    pub fn property_at(&self, o: Handle<Object>, position: usize) -> Property {
        match &self.get(o).properties {
            PropertyMap::Shaped {
                shape: Some(s),
                slots,
            } => materialize(&self.shape_entries(*s)[position], slots),
            PropertyMap::Dictionary(d) => d.entries[position],
            PropertyMap::Shaped { shape: None, .. } => {
                unreachable!("property position of an object with no properties")
            }
        }
    }

    /// The property at `position` if there is one there and its key is `key` (a cheap check of
    /// a remembered position).
    #[inline(always)]
    pub fn property_at_if(
        &self,
        o: Handle<Object>,
        position: usize,
        key: PropertyKey,
    ) -> Option<Property> {
        match &self.get(o).properties {
            PropertyMap::Shaped { shape: None, .. } => None,
            PropertyMap::Shaped {
                shape: Some(s),
                slots,
            } => {
                let e = self.shape_entries(*s).get(position)?;
                (e.key == key).then(|| materialize(e, slots))
            }
            PropertyMap::Dictionary(d) => d.entries.get(position).filter(|p| p.key == key).copied(),
        }
    }

    /// `o`'s own property `key`, without building lookup indices.
    pub fn get_property(&self, o: Handle<Object>, key: PropertyKey) -> Option<Property> {
        match &self.get(o).properties {
            PropertyMap::Shaped { shape: None, .. } => None,
            PropertyMap::Shaped {
                shape: Some(s),
                slots,
            } => {
                let at = position(&self.arenas.shapes, s.index(), key)?;
                Some(materialize(&self.shape_entries(*s)[at], slots))
            }
            PropertyMap::Dictionary(d) => d.position(key).map(|i| d.entries[i]),
        }
    }

    /// `o`'s own properties in creation order.
    pub fn properties(&self, o: Handle<Object>) -> Vec<Property> {
        match &self.get(o).properties {
            PropertyMap::Shaped { shape: None, .. } => Vec::new(),
            PropertyMap::Shaped {
                shape: Some(s),
                slots,
            } => self
                .shape_entries(*s)
                .iter()
                .map(|e| materialize(e, slots))
                .collect(),
            PropertyMap::Dictionary(d) => d.entries.clone(),
        }
    }

    /// `o`'s own property keys in creation order.
    pub fn property_keys(&self, o: Handle<Object>) -> Vec<PropertyKey> {
        let mut keys = Vec::new();
        self.any_property_key(o, |k| {
            keys.push(k);
            false
        });
        keys
    }

    /// Whether `f` holds for one of `o`'s own property keys (asked in creation order, stopping
    /// at the first yes).
    pub fn any_property_key(
        &self,
        o: Handle<Object>,
        mut f: impl FnMut(PropertyKey) -> bool,
    ) -> bool {
        match &self.get(o).properties {
            PropertyMap::Shaped { shape: None, .. } => false,
            PropertyMap::Shaped { shape: Some(s), .. } => {
                self.shape_entries(*s).iter().any(|e| f(e.key))
            }
            PropertyMap::Dictionary(d) => d.entries.iter().any(|p| f(p.key)),
        }
    }

    /// Sets the value (or the getter, for an accessor) of the property at `position`.
    #[inline]
    pub fn set_property_value(&mut self, o: Handle<Object>, position: usize, value: Value) {
        let Arenas2 { objects, shapes } = self.split();
        match &mut objects[o.index()].properties {
            PropertyMap::Shaped {
                shape: Some(s),
                slots,
            } => {
                let at = entries_of(shapes, s.index())[position].slot as usize;
                if let Some(slot) = slots.get_mut(at) {
                    *slot = value;
                }
            }
            PropertyMap::Dictionary(d) => d.entries[position].value = value,
            PropertyMap::Shaped { shape: None, .. } => {
                unreachable!("property position of an object with no properties")
            }
        }
    }

    /// Replaces the property at `position` (same key; any value, setter and attributes). An
    /// attribute change that keeps the property's width (data stays data, accessor stays
    /// accessor) moves a shaped object to the shape with the new attributes, its slots staying
    /// where they are; a change of width turns it into a dictionary.
    pub fn set_property(&mut self, o: Handle<Object>, position: usize, property: Property) {
        let entry = match &self.arenas.objects[o.index()].properties {
            PropertyMap::Shaped { shape: Some(s), .. } => Some(self.shape_entries(*s)[position]),
            _ => None,
        };
        if let Some(entry) = entry.filter(|e| (e.flags ^ property.flags) & attrs::ACCESSOR == 0) {
            if entry.flags != property.flags {
                self.reshape(
                    o,
                    |i, flags| if i == position { property.flags } else { flags },
                );
            }
            let slots = self.arenas.objects[o.index()].properties.slots_mut();
            let at = entry.slot as usize;
            if let Some(slot) = slots.get_mut(at) {
                *slot = property.value;
            }
            if property.is_accessor() {
                if let Some(slot) = slots.get_mut(at + 1) {
                    *slot = property.setter;
                }
            }
            return;
        }
        let d = self.make_dictionary(o);
        d.index_keys |= matches!(property.key, PropertyKey::Index(_));
        d.entries[position] = property;
    }

    /// Changes the attributes of every own property of `o` with `f(flags)`, which must keep
    /// the `ACCESSOR` bit (freezing and sealing).
    pub fn map_property_flags(&mut self, o: Handle<Object>, f: impl Fn(u8) -> u8) {
        match &mut self.arenas.objects[o.index()].properties {
            PropertyMap::Dictionary(d) => {
                for p in &mut d.entries {
                    p.flags = f(p.flags) & !attrs::ACCESSOR | (p.flags & attrs::ACCESSOR);
                }
            }
            PropertyMap::Shaped { .. } => self.reshape(o, |_, flags| f(flags)),
        }
    }

    /// Moves a shaped object to the shape with the same keys and slots whose attributes are
    /// `f(position, flags)` (the `ACCESSOR` bit is kept, so every slot stays where it is), by
    /// replaying the transitions from the empty shape: objects frozen alike share shapes.
    fn reshape(&mut self, o: Handle<Object>, f: impl Fn(usize, u8) -> u8) {
        let PropertyMap::Shaped { shape: Some(s), .. } = self.arenas.objects[o.index()].properties
        else {
            return;
        };
        let entries = self.shape_entries(s).to_vec();
        let mut shape = None;
        for (i, e) in entries.iter().enumerate() {
            let flags = f(i, e.flags) & !attrs::ACCESSOR | (e.flags & attrs::ACCESSOR);
            shape = Some(self.transition(shape, e.key, flags));
        }
        if let PropertyMap::Shaped { shape: current, .. } =
            &mut self.arenas.objects[o.index()].properties
        {
            *current = shape;
        }
    }

    /// Adds a property that `o` does not have yet, after the others.
    pub fn push_property(&mut self, o: Handle<Object>, property: Property) {
        let (shape, len) = match &self.arenas.objects[o.index()].properties {
            PropertyMap::Shaped { shape, .. } => (*shape, shape.map_or(0, |s| self.get(s).len())),
            PropertyMap::Dictionary(_) => (None, usize::MAX),
        };
        if len >= MAX_SHAPED_PROPERTIES {
            self.make_dictionary(o).push(property);
            return;
        }
        let next = self.transition(shape, property.key, property.flags);
        let PropertyMap::Shaped { shape, slots } = &mut self.arenas.objects[o.index()].properties
        else {
            unreachable!("checked above")
        };
        *shape = Some(next);
        slots.push(property.value);
        if property.is_accessor() {
            slots.push(property.setter);
        }
    }

    /// The shape an object gets by adding `properties` (key and attribute bits) in order to no
    /// properties, remembered under `memo` until the next collection, copy or load (which
    /// forget every memo, as they forget transitions). `properties` must be the same for every
    /// call with the same `memo` between two collections (their keys are handles, which only a
    /// collection changes). The object's slots then hold the values in the same order.
    ///
    /// For objects made by the thousand with one layout (a realm's ~850 built-in functions,
    /// `length` and `name`), where following the transitions per object was a tenth of a
    /// hello-world process.
    pub fn memo_shape(
        &mut self,
        memo: ShapeMemo,
        properties: &[(PropertyKey, u8)],
    ) -> Handle<Shape> {
        if let Some(s) = self.shape_memos[memo as usize] {
            debug_assert!(self.get(s).len() == properties.len());
            return s;
        }
        let mut shape = None;
        for &(key, flags) in properties {
            debug_assert!(
                flags & attrs::ACCESSOR == 0,
                "memo shapes are for data properties"
            );
            shape = Some(self.transition(shape, key, flags));
        }
        let s = shape.expect("a memo shape has properties");
        self.shape_memos[memo as usize] = Some(s);
        s
    }

    /// The shape [`Heap::memo_shape`] made for `memo`, if it has made it (since the last
    /// collection, which forgets them).
    #[inline]
    pub fn memoized_shape(&self, memo: ShapeMemo) -> Option<Handle<Shape>> {
        self.shape_memos[memo as usize]
    }

    /// Removes the property at `position` (the object becomes a dictionary).
    pub fn remove_property(&mut self, o: Handle<Object>, position: usize) {
        self.make_dictionary(o).remove(position);
    }

    /// Turns `o`'s properties into a dictionary (if they are not one already).
    pub fn make_dictionary(&mut self, o: Handle<Object>) -> &mut DictionaryMap {
        if let PropertyMap::Shaped { shape, slots } = &self.arenas.objects[o.index()].properties {
            let entries = match shape {
                Some(s) => self
                    .shape_entries(*s)
                    .iter()
                    .map(|e| materialize(e, slots))
                    .collect(),
                None => Vec::new(),
            };
            self.arenas.objects[o.index()].properties =
                PropertyMap::Dictionary(DictionaryMap::from_entries(entries));
        }
        match &mut self.arenas.objects[o.index()].properties {
            PropertyMap::Dictionary(d) => d,
            PropertyMap::Shaped { .. } => unreachable!("just made a dictionary"),
        }
    }

    /// The shape `from` plus (key, flags): an existing transition, or a new shape.
    fn transition(
        &mut self,
        from: Option<Handle<Shape>>,
        key: PropertyKey,
        flags: u8,
    ) -> Handle<Shape> {
        let existing = match from {
            None => self.root_transitions.get(&(key, flags)).copied(),
            Some(s) => self.get(s).transitions.find(key, flags),
        };
        if let Some(next) = existing {
            return next;
        }
        let (len, last, slot_count, has_index_keys) = extend(from.map(|s| self.get(s)), key, flags);
        // Take over the parent's entry list if it has one (see `Shape`); otherwise the list is
        // built when first looked up.
        let entries = match from {
            // Room for a few more: the list moves to each child, and a chain grown from one
            // entry reallocated at 1, 4, 8, 16... (a realm's prototypes are chains of dozens).
            None => {
                let mut entries = ThinVec::with_capacity(8);
                entries.push(last);
                std::cell::OnceCell::from(entries)
            }
            Some(s) => match self.get_mut(s).entries.take() {
                Some(mut entries) => {
                    entries.push(last);
                    std::cell::OnceCell::from(entries)
                }
                None => std::cell::OnceCell::new(),
            },
        };
        let next = self.alloc(Shape {
            parent: from,
            last,
            len,
            entries,
            slot_count,
            has_index_keys,
            unindexed_lookups: 0,
            transitions: Transitions::default(),
            index: ShapeIndex::default(),
        });
        match from {
            None => {
                self.root_transitions.insert((key, flags), next);
            }
            Some(s) => self.get_mut(s).transitions.push((key, flags, next)),
        }
        next
    }

    /// Rebuilds every shape's transition list and the root table from the shapes' parents
    /// (after a collection, a copy or a load: transitions are weak and tracing clears them).
    pub(crate) fn rebuild_shape_transitions(&mut self) {
        self.root_transitions.clear();
        self.shape_memos = Default::default();
        for shape in &mut self.arenas.shapes {
            shape.transitions = Transitions::None;
        }
        for i in 0..self.arenas.shapes.len() {
            let shape = &self.arenas.shapes[i];
            let last = shape.last;
            let me = Handle::from_raw(crate::RawHandle::new(i as u32, self.epoch()));
            match shape.parent {
                None => {
                    self.root_transitions
                        .entry((last.key, last.flags))
                        .or_insert(me);
                }
                Some(p) => {
                    if let Some(parent) = self.arenas.shapes.get_mut(p.index()) {
                        parent.transitions.push((last.key, last.flags, me));
                    }
                }
            }
        }
    }

    /// Splits the arenas that property lookups need at once.
    #[inline]
    fn split(&mut self) -> Arenas2<'_> {
        Arenas2 {
            objects: &mut self.arenas.objects,
            shapes: &mut self.arenas.shapes,
        }
    }
}

struct Arenas2<'a> {
    objects: &'a mut Vec<Object>,
    shapes: &'a mut Vec<Shape>,
}

impl Heap {
    /// Checks what property access trusts about shapes (for heap images): each shape is its
    /// parent plus one entry, that entry's slot right after the parent's slots, and every
    /// shaped object has exactly its shape's slots. Entry lists are built from the parent
    /// chains (`transition` and [`resolve_shapes`] keep length and slots in step with them),
    /// so this is constant work per shape.
    pub fn verify_shapes(&self) -> Result<(), String> {
        let shapes = &self.arenas.shapes;
        for (i, shape) in shapes.iter().enumerate() {
            let (parent_len, parent_slots) = match shape.parent {
                None => (0, 0),
                Some(p) => match shapes.get(p.index()) {
                    Some(p) => (p.len, p.slot_count),
                    None => return Err(format!("shape #{i} has no parent")),
                },
            };
            if parent_len.checked_add(1) != Some(shape.len) {
                return Err(format!(
                    "shape #{i} does not extend its parent by one entry"
                ));
            }
            if shape.last.slot != parent_slots {
                return Err(format!(
                    "shape #{i} puts a property at slot {}",
                    shape.last.slot
                ));
            }
            if Some(shape.slot_count) != shape.last.slot.checked_add(width(shape.last.flags)) {
                return Err(format!("shape #{i} has {} slots", shape.slot_count));
            }
        }
        for (i, o) in self.arenas.objects.iter().enumerate() {
            if let PropertyMap::Shaped {
                shape: Some(s),
                slots,
            } = &o.properties
            {
                match shapes.get(s.index()) {
                    Some(shape) if shape.slot_count as usize == slots.len() => {}
                    _ => return Err(format!("object #{i} does not match its shape")),
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RawHandle;

    /// A shape as the image reader leaves it: its parent and its last entry only.
    fn read_shape(parent: Option<u32>, key: u32, flags: u8) -> Shape {
        Shape {
            parent: parent.map(|p| Handle::from_raw(RawHandle::new(p, 0))),
            last: ShapeEntry {
                key: PropertyKey::Index(key),
                flags,
                slot: 0,
            },
            len: 0,
            entries: std::cell::OnceCell::new(),
            slot_count: 0,
            has_index_keys: false,
            unindexed_lookups: 0,
            transitions: Transitions::default(),
            index: ShapeIndex::default(),
        }
    }

    #[test]
    fn entries_are_rebuilt_from_parents_in_any_order() {
        // #0 extends #2, which extends #1 (an accessor, two slots).
        let mut shapes = vec![
            read_shape(Some(2), 30, attrs::WRITABLE),
            read_shape(None, 10, attrs::ACCESSOR),
            read_shape(Some(1), 20, 0),
        ];
        resolve_shapes(&mut shapes).unwrap();
        let keys = |i: usize| {
            build_entries(&shapes, i)
                .iter()
                .map(|e| (e.key, e.slot))
                .collect::<Vec<_>>()
        };
        let k = PropertyKey::Index;
        assert_eq!(keys(1), [(k(10), 0)]);
        assert_eq!(keys(2), [(k(10), 0), (k(20), 2)]);
        assert_eq!(keys(0), [(k(10), 0), (k(20), 2), (k(30), 3)]);
        assert_eq!(
            shapes.iter().map(|s| s.slot_count).collect::<Vec<_>>(),
            [4, 2, 3]
        );
        assert_eq!(build_entries(&shapes, 0)[2].flags, attrs::WRITABLE);
    }

    /// Shapes made by transitions and shapes read from an image agree on whether they hold an
    /// array-index key (array fast paths trust the flag to skip prototype lookups).
    #[test]
    fn index_keys_are_known_to_the_shape() {
        let mut heap = Heap::new();
        let name = PropertyKey::String(heap.intern(&[120]));
        let named = heap.transition(None, name, attrs::DEFAULT);
        let indexed = heap.transition(Some(named), PropertyKey::Index(3), attrs::DEFAULT);
        let after = heap.transition(Some(indexed), PropertyKey::Index(4), attrs::DEFAULT);
        assert!(!heap.get(named).has_index_keys);
        assert!(heap.get(indexed).has_index_keys && heap.get(after).has_index_keys);
        // read_shape's keys are indices: every resolved shape has one.
        let mut shapes = vec![read_shape(None, 10, 0), read_shape(Some(0), 20, 0)];
        resolve_shapes(&mut shapes).unwrap();
        assert!(shapes.iter().all(|s| s.has_index_keys));
    }

    #[test]
    fn parent_cycles_are_refused() {
        let mut own_parent = vec![read_shape(Some(0), 1, 0)];
        assert!(resolve_shapes(&mut own_parent).is_err());
        let mut pair = vec![
            read_shape(None, 0, 0),
            read_shape(Some(2), 1, 0),
            read_shape(Some(1), 2, 0),
        ];
        assert!(resolve_shapes(&mut pair).is_err());
        let mut out_of_range = vec![read_shape(Some(7), 1, 0)];
        assert!(resolve_shapes(&mut out_of_range).is_err());
    }

    #[test]
    fn chains_longer_than_a_shape_can_be_are_refused() {
        let chain =
            |n: u32| -> Vec<Shape> { (0..n).map(|i| read_shape(i.checked_sub(1), i, 0)).collect() };
        let mut longest = chain(MAX_SHAPED_PROPERTIES as u32);
        resolve_shapes(&mut longest).unwrap();
        assert_eq!(longest.last().unwrap().len(), MAX_SHAPED_PROPERTIES);
        let mut too_long = chain(MAX_SHAPED_PROPERTIES as u32 + 1);
        assert!(resolve_shapes(&mut too_long).is_err());
        // The same chain stored leaf first (every parent after its child).
        let n = too_long.len() as u32;
        let mut backwards: Vec<Shape> = (0..n)
            .map(|i| read_shape((i + 1 < n).then_some(i + 1), i, 0))
            .collect();
        assert!(resolve_shapes(&mut backwards).is_err());
    }
}
