//! The layout of objects: properties, elements, and the per-kind internal slots.
//!
//! `heap` defines how objects are stored; `vm` defines what they mean (the internal methods).

use crate::code::{Code, Env, Realm};
use crate::handle::{Handle, OptHandle};
use crate::heap_enum;
use crate::heap_struct;
use crate::image::{ImageError, Reader, Writer};
use crate::shape::PropertyMap;
use crate::shared::SharedBlockRef;
use crate::string::{BigInt, JsString, Symbol};
use crate::trace::{Persist, Trace, Visitor};
use crate::value::{PropertyKey, Value};

/// Property attribute bits.
pub mod attrs {
    /// [[Writable]]: a data property's value can be changed.
    pub const WRITABLE: u8 = 1;
    /// [[Enumerable]]: `for-in` and `Object.keys` list the property.
    pub const ENUMERABLE: u8 = 2;
    /// [[Configurable]]: the property can be deleted and its attributes changed.
    pub const CONFIGURABLE: u8 = 4;
    /// The property is an accessor: `value` holds the getter and `setter` the setter
    /// (each `Undefined` or a function object).
    pub const ACCESSOR: u8 = 8;
    /// `{ [[Writable]]: true, [[Enumerable]]: true, [[Configurable]]: true }`
    pub const DEFAULT: u8 = WRITABLE | ENUMERABLE | CONFIGURABLE;
    /// Built-in methods: writable and configurable, not enumerable.
    pub const HIDDEN: u8 = WRITABLE | CONFIGURABLE;
}

/// One own property.
#[derive(Clone, Copy, Debug)]
pub struct Property {
    /// The property's key.
    pub key: PropertyKey,
    /// The data value, or the getter of an accessor property.
    pub value: Value,
    /// The setter of an accessor property; `Undefined` for data properties.
    pub setter: Value,
    /// The attribute bits ([`attrs`]).
    pub flags: u8,
}
heap_struct!(Property {
    key,
    value,
    setter,
    flags
});

impl Property {
    /// Is this an accessor property (getter/setter) rather than a data property?
    #[inline]
    pub fn is_accessor(&self) -> bool {
        self.flags & attrs::ACCESSOR != 0
    }
    /// [[Writable]] (meaningful for data properties).
    #[inline]
    pub fn writable(&self) -> bool {
        self.flags & attrs::WRITABLE != 0
    }
    /// [[Enumerable]].
    #[inline]
    pub fn enumerable(&self) -> bool {
        self.flags & attrs::ENUMERABLE != 0
    }
    /// [[Configurable]].
    #[inline]
    pub fn configurable(&self) -> bool {
        self.flags & attrs::CONFIGURABLE != 0
    }
}

/// An object's elements: a `ThinVec`, whose length and capacity live in its allocation, so
/// the field is one word (an object without elements points at a shared empty header). With
/// a `Vec` every object carried two more words, 16 of its 112 bytes, which Splay's ~770,000
/// objects, most of them not arrays, paid for nothing.
pub type Elements = thin_vec::ThinVec<Value>;

/// An object: its prototype, its properties, and the internal slots of its kind.
///
/// **Invariant:** an array-index key lives either in `elements` (as a plain data property with
/// default attributes, `Empty` meaning absent) or in `properties`, never in both.
#[derive(Clone, Debug)]
pub struct Object {
    /// [[Prototype]] (`None` for null; `get` and `set` it).
    pub proto: OptHandle<Object>,
    /// [[Extensible]]: new properties may be added.
    pub extensible: bool,
    /// Set by `harden` once the object and everything reachable from it is frozen, so a
    /// second `harden` stops here (`realms/src/harden.rs`). Never cleared: a hardened object
    /// cannot become mutable again.
    pub hardened: bool,
    /// The named (non-element) properties: shaped or a dictionary.
    pub properties: PropertyMap,
    /// Dense array-index properties from 0 (see the invariant above); `Empty` is a hole.
    pub elements: Elements,
    /// The kind of object and its internal slots.
    pub kind: ObjectKind,
}
heap_struct!(Object {
    proto,
    extensible,
    hardened,
    properties,
    elements,
    kind
});

impl Object {
    /// An extensible object with no properties.
    pub fn new(proto: Option<Handle<Object>>, kind: ObjectKind) -> Object {
        Object {
            proto: proto.into(),
            extensible: true,
            hardened: false,
            properties: PropertyMap::default(),
            elements: Elements::new(),
            kind,
        }
    }
}

heap_enum! {
    /// The internal slots that distinguish kinds of objects.
    pub enum ObjectKind {
        /// An ordinary object with no internal slots beyond the common ones.
        Ordinary,
        /// An Array exotic object (<https://tc39.es/ecma262/#sec-array-exotic-objects>).
        Array(ArrayData),
        /// An ECMAScript function object (<https://tc39.es/ecma262/#sec-ecmascript-function-objects>).
        Function(Box<FunctionData>),
        /// A built-in function (<https://tc39.es/ecma262/#sec-built-in-function-objects>).
        Native(NativeData),
        /// <https://tc39.es/ecma262/#sec-bound-function-exotic-objects>
        Bound(Box<BoundData>),
        /// An object with [[ErrorData]]; the value is the stack frames captured when it was
        /// created (`    at f (file:1:2)` lines, a string) or `Undefined`.
        Error(Value),
        /// A Boolean object's [[BooleanData]].
        Boolean(bool),
        /// A Number object's [[NumberData]].
        Number(f64),
        /// A String exotic object's [[StringData]].
        String(Handle<JsString>),
        /// A Symbol object's [[SymbolData]].
        Symbol(Handle<Symbol>),
        /// A BigInt object's [[BigIntData]].
        BigInt(Handle<BigInt>),
        /// An unmapped or mapped arguments object; `mapped` is the environment and slot of each
        /// mapped parameter.
        Arguments(ArgumentsData),
        /// A suspended or running generator (sync or async) and its saved frame.
        Generator(Box<GeneratorData>),
        /// A promise (<https://tc39.es/ecma262/#sec-promise-objects>).
        Promise(Box<PromiseData>),
        /// The iterator `for-in` walks: keys collected up front, checked again as it goes.
        ForInIterator(Box<ForInData>),
        /// %ArrayIteratorPrototype% instances and friends: object, next index, kind.
        ArrayIterator(Box<IteratorData>),
        /// %StringIteratorPrototype% instances.
        StringIterator(Box<IteratorData>),
        /// %MapIteratorPrototype% instances.
        MapIterator(Box<IteratorData>),
        /// %SetIteratorPrototype% instances.
        SetIterator(Box<IteratorData>),
        /// A Map's [[MapData]].
        Map(Box<MapData>),
        /// A Set's [[SetData]].
        Set(Box<MapData>),
        /// A WeakMap's [[WeakMapData]] (keys held weakly by the collector).
        WeakMap(Box<MapData>),
        /// A WeakSet's [[WeakSetData]] (keys held weakly by the collector).
        WeakSet(Box<MapData>),
        /// A Date's [[DateValue]] (milliseconds since the epoch, or NaN).
        Date(f64),
        /// A RegExp object.
        RegExp(Box<RegExpData>),
        /// A Proxy exotic object.
        Proxy(Box<ProxyData>),
        /// An ArrayBuffer or SharedArrayBuffer.
        ArrayBuffer(Box<ArrayBufferData>),
        /// A Private Name (`#x` of one class evaluation) and the private elements it keys.
        PrivateName(Box<PrivateNameData>),
        /// %RegExpStringIteratorPrototype% instances (`matchAll`).
        RegExpStringIterator(Box<RegExpStringIteratorData>),
        /// A Source Text Module Record (<https://tc39.es/ecma262/#sec-source-text-module-records>).
        Module(Box<ModuleData>),
        /// A module namespace exotic object (<https://tc39.es/ecma262/#sec-module-namespace-exotic-objects>).
        ModuleNamespace(Box<NamespaceData>),
        /// An iterator helper (`Iterator.prototype.map` and friends) or an `Iterator.from`
        /// wrapper: <https://tc39.es/ecma262/#sec-iterator-helper-objects>
        IteratorHelper(Box<IteratorHelperData>),
        /// A WeakRef's [[WeakRefTarget]] (<https://tc39.es/ecma262/#sec-weak-ref-objects>):
        /// an object target is held weakly (the collector clears it to `Undefined` when
        /// nothing else keeps it, see `gc.rs`); a symbol target is held strongly.
        WeakRef(Value),
        /// <https://tc39.es/ecma262/#sec-finalization-registry-objects>; targets are held
        /// strongly too, so cleanup callbacks never run.
        FinalizationRegistry(Box<FinalizationRegistryData>),
        /// A TypedArray (<https://tc39.es/ecma262/#sec-typedarray-exotic-objects>).
        TypedArray(Box<ViewData>),
        /// A DataView (<https://tc39.es/ecma262/#sec-dataview-objects>).
        DataView(Box<ViewData>),
        /// %Object.prototype%: an ordinary object except that its [[Prototype]] can never
        /// change (<https://tc39.es/ecma262/#sec-immutable-prototype-exotic-objects>).
        ImmutablePrototype,
        /// An object with internal slots defined by a VM extension (a ShadowRealm, a
        /// Compartment, ...): see [`HostData`].
        Host(Box<HostData>),
        /// A Temporal object (<https://tc39.es/proposal-temporal/>): its internal slots as
        /// plain data, see [`TemporalData`].
        Temporal(Box<TemporalData>),
    }
}

/// The internal slots of a Temporal object as plain data (no Rust values of the library that
/// computes with them: the VM rebuilds those from these fields on each use).
#[derive(Clone, Debug)]
pub struct TemporalData {
    /// Which Temporal class the object belongs to (the VM's `TemporalKind` as a byte).
    pub kind: u8,
    /// The numeric slots, in the order the VM's kind defines: a Duration's ten fields
    /// ([[Years]] to [[Nanoseconds]], each a float64-representable integer); a PlainTime's
    /// ISO hour to nanosecond; a PlainDate's ISO year, month, day; a PlainDateTime's both.
    pub fields: Vec<f64>,
    /// [[EpochNanoseconds]] of an Instant or ZonedDateTime (0 otherwise).
    pub epoch_ns: i128,
    /// [[Calendar]]: the calendar identifier string, or `Undefined`.
    pub calendar: Value,
    /// [[TimeZone]]: the time zone identifier string, or `Undefined`.
    pub time_zone: Value,
}
heap_struct!(TemporalData {
    kind,
    fields,
    epoch_ns,
    calendar,
    time_zone
});

/// The internal slots of an extension's objects. No Rust data: a brand (the stable native
/// id of the function that defines the class, usually its constructor, so it is validated
/// and renumbered like any native id), an optional realm (a ShadowRealm's [[ShadowRealm]])
/// and plain values.
#[derive(Clone, Debug)]
pub struct HostData {
    /// Which extension's object this is: one of its native ids.
    pub brand: u32,
    /// The realm the object is tied to, if any (a ShadowRealm's inner realm).
    pub realm: Option<Handle<Realm>>,
    /// The extension's own internal slots.
    pub slots: Vec<Value>,
}
heap_struct!(HostData {
    brand,
    realm,
    slots
});

/// A FinalizationRegistry's [[CleanupCallback]] and [[Cells]].
#[derive(Clone, Debug)]
pub struct FinalizationRegistryData {
    /// [[CleanupCallback]].
    pub cleanup: Value,
    /// [[Cells]].
    pub cells: Vec<FinalizationCell>,
}
heap_struct!(FinalizationRegistryData { cleanup, cells });

/// One [[Cells]] record: { [[WeakRefTarget]], [[HeldValue]], [[UnregisterToken]] } (`Empty`
/// when there is no token).
#[derive(Clone, Debug)]
pub struct FinalizationCell {
    /// [[WeakRefTarget]].
    pub target: Value,
    /// [[HeldValue]].
    pub held: Value,
    /// [[UnregisterToken]] (`Empty` for none).
    pub token: Value,
}
heap_struct!(FinalizationCell {
    target,
    held,
    token
});

/// An Array exotic object's "length" (<https://tc39.es/ecma262/#sec-array-exotic-objects>).
#[derive(Clone, Copy, Debug)]
pub struct ArrayData {
    /// The value of "length".
    pub length: u32,
    /// Is "length" writable (false once frozen or redefined read-only)?
    pub length_writable: bool,
}
heap_struct!(ArrayData {
    length,
    length_writable
});

/// The internal slots of an ECMAScript function object
/// (<https://tc39.es/ecma262/#sec-ecmascript-function-objects>).
#[derive(Clone, Debug)]
pub struct FunctionData {
    /// [[ECMAScriptCode]]: the compiled body.
    pub code: Handle<Code>,
    /// [[Environment]]: the captured scope (`None` when the function captures nothing).
    pub env: Option<Handle<Env>>,
    /// [[Realm]]: the realm the function was created in.
    pub realm: Handle<Realm>,
    /// [[HomeObject]], for `super` property access in methods.
    pub home_object: Option<Handle<Object>>,
    /// For class constructors: [[Fields]] and private methods, stored as a list object built
    /// by the class definition (`Undefined` when there are none).
    pub fields: Value,
    /// [[ClassFieldInitializerName]] and similar per-closure extras.
    pub extra: Value,
}
heap_struct!(FunctionData {
    code,
    env,
    realm,
    home_object,
    fields,
    extra
});

/// The internal slots of a built-in function object
/// (<https://tc39.es/ecma262/#sec-built-in-function-objects>), stored inline in
/// [`ObjectKind::Native`]: no allocation of its own, so a realm's ~700 built-in functions cost
/// one arena entry each (and one allocation for their `length`/`name` slots), and a realm copy
/// or a collection of a dead realm touches no other memory for them. 16 bytes, so
/// [`ObjectKind`] stays 24: the constructor flag shares a word with the id.
#[derive(Clone, Debug)]
pub struct NativeData {
    /// The stable id (an index into the VM's native table) in the low 31 bits; the top bit is
    /// set when the function has a [[Construct]] internal method.
    id_and_constructor: u32,
    /// [[Realm]]: the realm the function was created in.
    pub realm: Handle<Realm>,
    /// Per-closure state (e.g. a promise's resolving functions share their promise here).
    pub slots: NativeSlots,
}

const CONSTRUCTOR_BIT: u32 = 1 << 31;

impl NativeData {
    /// A built-in function's slots. `id` must be below 2^31 (the native tables are far
    /// smaller).
    pub fn new(id: u32, realm: Handle<Realm>, is_constructor: bool, slots: Vec<Value>) -> Self {
        debug_assert!(id < CONSTRUCTOR_BIT, "native id {id} out of range");
        NativeData {
            id_and_constructor: id | if is_constructor { CONSTRUCTOR_BIT } else { 0 },
            realm,
            slots: NativeSlots::from(slots),
        }
    }
    /// The stable id of the Rust function.
    #[inline]
    pub fn id(&self) -> u32 {
        self.id_and_constructor & !CONSTRUCTOR_BIT
    }
    /// Does the function have a [[Construct]] internal method?
    #[inline]
    pub fn is_constructor(&self) -> bool {
        self.id_and_constructor & CONSTRUCTOR_BIT != 0
    }
}

impl Trace for NativeData {
    fn trace<V: Visitor + ?Sized>(&mut self, v: &mut V) {
        self.realm.trace(v);
        self.slots.trace(v);
    }
}

/// Written as the id, the realm, the constructor flag and the slots (the layout images had
/// when these were four plain fields).
impl Persist for NativeData {
    fn write(&self, w: &mut Writer) {
        self.id().write(w);
        self.realm.write(w);
        self.is_constructor().write(w);
        self.slots.write(w);
    }
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        let id = u32::read(r)?;
        if id >= CONSTRUCTOR_BIT {
            return Err(r.error(format!("native id {id} out of range")));
        }
        let realm = Persist::read(r)?;
        let is_constructor = bool::read(r)?;
        let slots = Vec::<Value>::read(r)?;
        Ok(NativeData::new(id, realm, is_constructor, slots))
    }
}

/// The per-closure slots of a built-in function: a slice that most functions leave empty, kept
/// behind one pointer (`None` when empty) so that [`NativeData`] stays 16 bytes.
#[derive(Clone, Debug, Default)]
// The box is the point: one pointer (a `Vec` is three words, a boxed slice two).
#[allow(clippy::box_collection)]
pub struct NativeSlots(Option<Box<Vec<Value>>>);

impl NativeSlots {
    /// Appends a slot.
    pub fn push(&mut self, v: Value) {
        self.0.get_or_insert_with(Default::default).push(v);
    }
    /// Removes and returns the last slot.
    pub fn pop(&mut self) -> Option<Value> {
        self.0.as_mut()?.pop()
    }
}

impl From<Vec<Value>> for NativeSlots {
    fn from(v: Vec<Value>) -> Self {
        NativeSlots(if v.is_empty() {
            None
        } else {
            Some(Box::new(v))
        })
    }
}

impl FromIterator<Value> for NativeSlots {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> Self {
        NativeSlots::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl std::ops::Deref for NativeSlots {
    type Target = [Value];
    #[inline]
    fn deref(&self) -> &[Value] {
        match &self.0 {
            Some(v) => v,
            None => &[],
        }
    }
}

impl std::ops::DerefMut for NativeSlots {
    #[inline]
    fn deref_mut(&mut self) -> &mut [Value] {
        match &mut self.0 {
            Some(v) => v,
            None => &mut [],
        }
    }
}

impl Trace for NativeSlots {
    fn trace<V: Visitor + ?Sized>(&mut self, v: &mut V) {
        if let Some(slots) = &mut self.0 {
            slots.trace(v);
        }
    }
}

impl Persist for NativeSlots {
    fn write(&self, w: &mut Writer) {
        match &self.0 {
            Some(v) => v.write(w),
            None => Vec::<Value>::new().write(w),
        }
    }
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        Ok(NativeSlots::from(Vec::<Value>::read(r)?))
    }
}

/// A bound function's slots (<https://tc39.es/ecma262/#sec-bound-function-exotic-objects>).
#[derive(Clone, Debug)]
pub struct BoundData {
    /// [[BoundTargetFunction]].
    pub target: Handle<Object>,
    /// [[BoundThis]].
    pub this: Value,
    /// [[BoundArguments]].
    pub args: Vec<Value>,
}
heap_struct!(BoundData { target, this, args });

/// An arguments object's slots (<https://tc39.es/ecma262/#sec-arguments-exotic-objects>).
#[derive(Clone, Debug)]
pub struct ArgumentsData {
    /// For a mapped arguments object: the environment holding the parameters.
    pub env: Option<Handle<Env>>,
    /// For each argument index, the env slot it is mapped to (`u32::MAX` once unmapped).
    /// (A `ThinVec`, one word and no allocation when empty, so that the record fits in the
    /// object without a box: an unmapped arguments object, made at every call of a sloppy
    /// function that reads `arguments`, allocates nothing for it.)
    pub mapped: thin_vec::ThinVec<u32>,
}
heap_struct!(ArgumentsData { env, mapped });

/// A generator, async function or async generator and its frame, saved while it is
/// suspended.
#[derive(Clone, Debug)]
pub struct GeneratorData {
    /// 0 = suspended-start, 1 = suspended-yield, 2 = executing, 3 = completed,
    /// 4 = awaiting-return (async generators).
    pub state: u8,
    /// 0 = generator, 1 = async function, 2 = async generator.
    pub kind: u8,
    /// The function whose frame this is.
    pub function: Value,
    /// The pc to resume at.
    pub pc: u32,
    /// The frame's registers `R[0..]`.
    pub registers: Vec<Value>,
    /// The frame's environment when it was suspended.
    pub env: Option<Handle<Env>>,
    /// Environments pushed by the frame since it began (for its exception handlers).
    pub env_depth: u32,
    /// The register a resumption writes its mode to (0 = next, 1 = throw, 2 = return).
    pub resume_reg: u32,
    /// Async generators: the request queue, flattened as (mode, value, capability promise,
    /// resolve, reject) records. Async functions: `[promise, resolve, reject]`.
    pub queue: Vec<Value>,
}
heap_struct!(GeneratorData {
    state,
    kind,
    function,
    pc,
    registers,
    env,
    env_depth,
    resume_reg,
    queue
});

/// A promise's slots (<https://tc39.es/ecma262/#sec-properties-of-promise-instances>).
#[derive(Clone, Debug)]
pub struct PromiseData {
    /// 0 = pending, 1 = fulfilled, 2 = rejected.
    pub state: u8,
    /// [[PromiseResult]] (`Undefined` while pending).
    pub result: Value,
    /// Pending reactions: (capability or `Undefined`, handler, is_reject) triples flattened.
    pub fulfill_reactions: Vec<Value>,
    /// [[PromiseRejectReactions]], flattened as `fulfill_reactions` is.
    pub reject_reactions: Vec<Value>,
    /// [[PromiseIsHandled]].
    pub is_handled: bool,
}
heap_struct!(PromiseData {
    state,
    result,
    fulfill_reactions,
    reject_reactions,
    is_handled
});

/// A `for-in` iterator (<https://tc39.es/ecma262/#sec-for-in-iterator-objects>).
#[derive(Clone, Debug)]
pub struct ForInData {
    /// [[Object]]: the object whose keys are walked (its prototypes follow).
    pub object: Value,
    /// The keys collected so far, visited in order (each is checked again before use).
    pub keys: Vec<Value>,
    /// The next position in `keys`.
    pub index: u32,
}
heap_struct!(ForInData {
    object,
    keys,
    index
});

/// An Array, String, Map or Set iterator's slots.
#[derive(Clone, Debug)]
pub struct IteratorData {
    /// The iterated object; `Undefined` once exhausted.
    pub target: Value,
    /// The next position (an element index, a string index or an entry position).
    pub index: u32,
    /// 0 = keys, 1 = values, 2 = entries.
    pub kind: u8,
}
heap_struct!(IteratorData {
    target,
    index,
    kind
});

/// Map and Set storage: insertion-ordered entries; deleted entries become `Empty` so live
/// iterators keep their positions.
#[derive(Clone, Debug, Default)]
pub struct MapData {
    /// The keys in insertion order (`Empty` for a deleted entry).
    pub keys: Vec<Value>,
    /// The values, parallel to `keys` (unused for sets).
    pub values: Vec<Value>,
    /// The number of live entries.
    pub size: u32,
    /// A hash index over `keys`, kept by the VM (`vm/src/builtins/collections.rs`).
    pub index: MapIndex,
}
heap_struct!(MapData {
    keys,
    values,
    size,
    index
});

/// Key hash → position in a collection's `keys`, covering `keys[..covered]` (the VM adds
/// entries appended since, and skips positions whose key was deleted). Object and symbol keys
/// hash by handle, so tracing (a collection may move them) drops the index, and images do not
/// store it: it is rebuilt on the next lookup.
#[derive(Debug, Default)]
pub struct MapIndex(pub Option<Box<MapIndexTable>>);

/// The hash table behind a [`MapIndex`].
#[derive(Debug, Default)]
pub struct MapIndexTable {
    /// (hash, position) pairs.
    pub table: hashbrown::HashTable<(u64, u32)>,
    /// How many of the collection's `keys` the table covers.
    pub covered: usize,
}

impl Clone for MapIndex {
    fn clone(&self) -> Self {
        MapIndex(None)
    }
}
impl crate::trace::Trace for MapIndex {
    fn trace<V: crate::trace::Visitor + ?Sized>(&mut self, _: &mut V) {
        self.0 = None;
    }
}
impl crate::trace::Persist for MapIndex {
    fn write(&self, _: &mut crate::image::Writer) {}
    fn read(_: &mut crate::image::Reader) -> Result<Self, crate::image::ImageError> {
        Ok(MapIndex(None))
    }
}

/// A RegExp object's slots (<https://tc39.es/ecma262/#sec-properties-of-regexp-instances>).
#[derive(Clone, Debug)]
pub struct RegExpData {
    /// [[OriginalSource]].
    pub source: Handle<JsString>,
    /// [[OriginalFlags]].
    pub flags: Handle<JsString>,
    /// [[Realm]] (legacy RegExp features): the realm the object was allocated in.
    pub realm: Option<Handle<Realm>>,
    /// [[LegacyFeaturesEnabled]]: allocated by that realm's %RegExp% itself, not a subclass.
    pub legacy: bool,
}
heap_struct!(RegExpData {
    source,
    flags,
    realm,
    legacy
});

/// The internal slots of a RegExp String Iterator: the matcher, the string, and its flags.
/// <https://tc39.es/ecma262/#sec-createregexpstringiterator>
#[derive(Clone, Debug)]
pub struct RegExpStringIteratorData {
    /// [[IteratingRegExp]].
    pub regexp: Value,
    /// [[IteratedString]].
    pub string: Value,
    /// [[Global]].
    pub global: bool,
    /// [[Unicode]]: the `u` or `v` flag.
    pub full_unicode: bool,
    /// [[Done]].
    pub done: bool,
}
heap_struct!(RegExpStringIteratorData {
    regexp,
    string,
    global,
    full_unicode,
    done
});

/// A proxy's slots (<https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots>).
#[derive(Clone, Debug)]
pub struct ProxyData {
    /// `None` once revoked.
    pub target: Option<Handle<Object>>,
    /// [[ProxyHandler]] (`None` once revoked).
    pub handler: Option<Handle<Object>>,
    /// The target was callable when the proxy was made: the proxy has [[Call]].
    pub callable: bool,
    /// The target was a constructor: the proxy has [[Construct]].
    pub constructor: bool,
}
heap_struct!(ProxyData {
    target,
    handler,
    callable,
    constructor
});

/// An ArrayBuffer's or SharedArrayBuffer's slots
/// (<https://tc39.es/ecma262/#sec-properties-of-the-arraybuffer-instances>).
#[derive(Clone, Debug)]
pub struct ArrayBufferData {
    /// The bytes of an ArrayBuffer; `None` once detached, and always `None` for a
    /// SharedArrayBuffer (whose bytes are in `block`).
    pub bytes: Option<Vec<u8>>,
    /// [[ArrayBufferMaxByteLength]]: `Some` for resizable buffers.
    pub max_byte_length: Option<u64>,
    /// A SharedArrayBuffer (never detached; growable instead of resizable).
    pub shared: bool,
    /// An immutable ArrayBuffer (immutable-arraybuffer proposal): never written, resized or
    /// detached.
    pub immutable: bool,
    /// A SharedArrayBuffer's Shared Data Block, shared with other agents (by id, see
    /// [`crate::shared`]).
    pub block: Option<SharedBlockRef>,
}

impl ArrayBufferData {
    /// A new SharedArrayBuffer's data: a zeroed shared block of `len` bytes that may grow to
    /// `max` bytes. `None` when the block cannot be created.
    pub fn new_shared(len: usize, max: Option<usize>) -> Option<ArrayBufferData> {
        let block = SharedBlockRef::new(len, max.unwrap_or(len))?;
        Some(ArrayBufferData {
            bytes: None,
            max_byte_length: max.map(|m| m as u64),
            shared: true,
            immutable: false,
            block: Some(block),
        })
    }

    /// The byte length, or `None` when detached.
    pub fn byte_len(&self) -> Option<usize> {
        match &self.block {
            Some(b) => Some(b.block().len()),
            None => self.bytes.as_ref().map(Vec::len),
        }
    }

    /// Reads `out.len()` bytes at `at`; false (and nothing read) when out of range or detached.
    pub fn read(&self, at: usize, out: &mut [u8]) -> bool {
        match &self.block {
            Some(b) => b.block().read(at, out),
            None => {
                let end = at.checked_add(out.len());
                match self.bytes.as_ref().zip(end).and_then(|(v, e)| v.get(at..e)) {
                    Some(src) => {
                        out.copy_from_slice(src);
                        true
                    }
                    None => false,
                }
            }
        }
    }

    /// Writes `src` at `at`; false (and nothing written) when out of range or detached.
    pub fn write(&mut self, at: usize, src: &[u8]) -> bool {
        match &self.block {
            Some(b) => b.block().write(at, src),
            None => {
                let end = at.checked_add(src.len());
                match self
                    .bytes
                    .as_mut()
                    .zip(end)
                    .and_then(|(v, e)| v.get_mut(at..e))
                {
                    Some(dst) => {
                        dst.copy_from_slice(src);
                        true
                    }
                    None => false,
                }
            }
        }
    }

    /// A copy of the bytes in `at..at + len` that exist (empty when detached).
    pub fn to_vec(&self, at: usize, len: usize) -> Vec<u8> {
        match &self.block {
            Some(b) => b.block().to_vec(at, len),
            None => self.bytes.as_ref().map_or_else(Vec::new, |v| {
                let end = at.saturating_add(len).min(v.len());
                v[at.min(end)..end].to_vec()
            }),
        }
    }

    /// Copies `len` bytes from `from` to `to` (overlapping ranges as `copy_within`); false
    /// when out of range or detached.
    pub fn copy_within(&mut self, from: usize, to: usize, len: usize) -> bool {
        match &self.block {
            Some(b) => b.block().copy_within(from, to, len),
            None => match &mut self.bytes {
                Some(v)
                    if from.saturating_add(len) <= v.len() && to.saturating_add(len) <= v.len() =>
                {
                    v.copy_within(from..from + len, to);
                    true
                }
                _ => false,
            },
        }
    }
}

impl Trace for ArrayBufferData {
    fn trace<V: Visitor + ?Sized>(&mut self, _: &mut V) {}
}

/// Written as `bytes, max_byte_length, shared, immutable`; a shared buffer writes its block's
/// bytes, and reading it back creates a new block (with room up to its maximum length).
impl Persist for ArrayBufferData {
    fn write(&self, w: &mut Writer) {
        let ArrayBufferData {
            bytes,
            max_byte_length,
            shared,
            immutable,
            block,
        } = self;
        match block {
            Some(b) => Some(b.block().to_vec(0, usize::MAX)).write(w),
            None => bytes.write(w),
        }
        max_byte_length.write(w);
        shared.write(w);
        immutable.write(w);
    }
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        let bytes = Option::<Vec<u8>>::read(r)?;
        let max_byte_length = Option::<u64>::read(r)?;
        let shared = bool::read(r)?;
        let immutable = bool::read(r)?;
        if !shared {
            return Ok(ArrayBufferData {
                bytes,
                max_byte_length,
                shared,
                immutable,
                block: None,
            });
        }
        let Some(bytes) = bytes else {
            return Err(r.error("a SharedArrayBuffer without bytes"));
        };
        let capacity = match max_byte_length {
            Some(m) => usize::try_from(m).unwrap_or(usize::MAX),
            None => bytes.len(),
        };
        let Some(block) = SharedBlockRef::from_bytes(&bytes, capacity) else {
            return Err(r.error("a SharedArrayBuffer longer than its maximum length or too large"));
        };
        Ok(ArrayBufferData {
            bytes: None,
            max_byte_length,
            shared,
            immutable,
            block: Some(block),
        })
    }
}

/// A Private Name (<https://tc39.es/ecma262/#sec-private-names>) and, since private elements
/// are keyed by it, the objects that have it: `objects[i]` holds `values[i]` (for fields; for
/// methods and accessors the entry is only the brand).
#[derive(Clone, Debug)]
pub struct PrivateNameData {
    /// `#x`, for error messages.
    pub description: Handle<JsString>,
    /// 0 = field, 1 = method, 2 = accessor.
    pub kind: u8,
    /// The method, or the getter of an accessor.
    pub method: Value,
    /// The setter of an accessor (`Undefined` otherwise).
    pub setter: Value,
    /// The objects that have this private element, parallel to `values`.
    pub objects: Vec<Value>,
    /// Each object's field value (unused for methods and accessors).
    pub values: Vec<Value>,
}
heap_struct!(PrivateNameData {
    description,
    kind,
    method,
    setter,
    objects,
    values
});

/// A module record: its environment, code, and the tables linking resolves.
#[derive(Clone, Debug)]
pub struct ModuleData {
    /// [[Realm]].
    pub realm: Handle<Realm>,
    /// The module's file (its identity in the module map).
    pub path: Handle<JsString>,
    /// [[Environment]]: the module's scope, holding its bindings.
    pub env: Handle<Env>,
    /// The code that instantiates the module (hoisted functions and vars).
    pub init: Handle<Code>,
    /// The code that evaluates the module body.
    pub body: Handle<Code>,
    /// [[Status]]: 0 new/unlinked, 1 linking, 2 linked, 3 evaluating, 4 evaluating-async,
    /// 5 evaluated (see `error`).
    pub status: u8,
    /// The record's index in the agent's module map (its stable identity across collections).
    pub id: u32,
    /// [[HasTLA]]: the body contains a top-level `await`.
    pub has_tla: bool,
    /// [[HasTLA]] decided when the body runs: the body may hand its completion to a promise
    /// (the generated module of a compartment's virtual module source, whose `execute` may
    /// return one), and then evaluates asynchronously, as a module with top-level `await`.
    pub dynamic_tla: bool,
    /// The module's type, from its request's `type` import attribute: 0 a source text module,
    /// 1 a JSON module, 2 a text module, 3 a bytes module (the last three are synthetic: their
    /// only export, `default`, is the parsed value, the text, or a Uint8Array of the bytes).
    /// (Stored as one byte, as the `bool` of earlier images that told JSON modules apart.)
    pub module_type: u8,
    /// [[DFSAncestorIndex]] (used while linking and evaluating).
    pub dfs_ancestor_index: u32,
    /// [[CycleRoot]]: the id of the cycle root (`u32::MAX` while empty).
    pub cycle_root: u32,
    /// [[AsyncEvaluationOrder]]: 0 unset, `u32::MAX` done, otherwise the order.
    pub async_order: u32,
    /// [[PendingAsyncDependencies]].
    pub pending_async: u32,
    /// [[AsyncParentModules]]: ids of the importers waiting on this module.
    pub async_parents: Vec<u32>,
    /// [[TopLevelCapability]]: empty, or (promise, resolve, reject).
    pub capability: Vec<Value>,
    /// [[RequestedModules]] specifiers, and the records they resolved to.
    pub requests: Vec<Handle<JsString>>,
    /// The module records the requests resolved to, parallel to `requests`.
    pub requested: Vec<Value>,
    /// Each request's [[Phase]]: true for `defer` (`import defer * as ns from`), whose module
    /// is not evaluated with this one. <https://tc39.es/proposal-defer-import-eval/>
    pub deferred: Vec<bool>,
    /// The import table: (request, imported name).
    pub imports: Vec<(u32, Handle<JsString>)>,
    /// Each import resolved to the environment slot it reads.
    pub import_bindings: Vec<(Handle<Env>, u32)>,
    /// `import * as ns`: (request, slot receiving the namespace).
    pub namespace_imports: Vec<(u32, u32)>,
    /// [[LocalExportEntries]]: (export name, environment slot).
    pub local_exports: Vec<(Handle<JsString>, u32)>,
    /// (export name, (request, import name or `Undefined` for `export * as name`)).
    pub indirect_exports: Vec<(Handle<JsString>, (u32, Value))>,
    /// [[StarExportEntries]]: the requests of `export * from`.
    pub star_exports: Vec<u32>,
    /// The module namespace object, once created.
    pub namespace: Value,
    /// The deferred namespace ([[DeferredNamespace]]), once created.
    pub deferred_namespace: Value,
    /// `import.meta`, once created.
    pub meta: Value,
    /// [[ModuleSource]] of a host-defined module that has one (source phase imports: what
    /// `import source x from` binds); `Empty` for modules without (every Source Text Module).
    pub module_source: Value,
    /// The evaluation error, or `Empty`.
    pub error: Value,
}
heap_struct!(ModuleData {
    realm,
    path,
    env,
    init,
    body,
    status,
    id,
    has_tla,
    dynamic_tla,
    module_type,
    dfs_ancestor_index,
    cycle_root,
    async_order,
    pending_async,
    async_parents,
    capability,
    requests,
    requested,
    deferred,
    imports,
    import_bindings,
    namespace_imports,
    local_exports,
    indirect_exports,
    star_exports,
    namespace,
    deferred_namespace,
    meta,
    module_source,
    error
});

/// A module namespace object's slots: [[Module]] and the sorted [[Exports]].
#[derive(Clone, Debug)]
pub struct NamespaceData {
    /// [[Module]]: the module record.
    pub module: Value,
    /// [[Exports]]: the export names, sorted.
    pub exports: Vec<Handle<JsString>>,
    /// [[Deferred]]: a deferred namespace (`import defer`), whose string-keyed accesses
    /// evaluate the module first.
    pub deferred: bool,
}
heap_struct!(NamespaceData {
    module,
    exports,
    deferred
});
/// The state of an iterator helper: its underlying iterator record and the variables of the
/// abstract closure the spec runs as a generator.
#[derive(Clone, Debug)]
pub struct IteratorHelperData {
    /// [[UnderlyingIterator]] (or [[Iterated]] of a wrapper): the iterator and its next method.
    pub iterator: Value,
    /// The underlying iterator's `next` method.
    pub next: Value,
    /// 0 = map, 1 = filter, 2 = take, 3 = drop, 4 = flatMap, 5 = Iterator.from wrapper.
    pub kind: u8,
    /// [[GeneratorState]]: 0 = suspended-start, 1 = suspended-yield, 2 = executing,
    /// 3 = completed.
    pub state: u8,
    /// The mapper or predicate.
    pub function: Value,
    /// The number of values produced so far (the mapper's and predicate's second argument).
    pub counter: f64,
    /// take/drop: the remaining count (may be +Infinity).
    pub remaining: f64,
    /// flatMap: the inner iterator and its next method while one is being drained.
    pub inner: Value,
    /// The inner iterator's `next` method.
    pub inner_next: Value,
}
heap_struct!(IteratorHelperData {
    iterator,
    next,
    kind,
    state,
    function,
    counter,
    remaining,
    inner,
    inner_next
});

/// The internal slots of an ArrayBuffer view (a TypedArray or a DataView).
#[derive(Clone, Debug)]
pub struct ViewData {
    /// [[ViewedArrayBuffer]].
    pub buffer: Handle<Object>,
    /// [[TypedArrayName]] as an element type index (see `vm::builtins::typed_array`); unused
    /// for DataViews.
    pub element_type: u8,
    /// [[ByteOffset]].
    pub byte_offset: u64,
    /// [[ByteLength]]; `None` is ~auto~ (a length-tracking view of a resizable buffer).
    pub byte_length: Option<u64>,
    /// [[ArrayLength]] (TypedArrays only); `None` is ~auto~.
    pub array_length: Option<u64>,
}
heap_struct!(ViewData {
    buffer,
    element_type,
    byte_offset,
    byte_length,
    array_length
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Kind;

    /// Writes a built-in function's slots as images store them: id, realm, constructor flag,
    /// closure slots.
    fn encoded(id: u32, is_constructor: bool, slots: Vec<Value>) -> Vec<u8> {
        let mut w = Writer::default();
        id.write(&mut w);
        Handle::<Realm>::from_raw(crate::RawHandle::new(0, 0)).write(&mut w);
        is_constructor.write(&mut w);
        slots.write(&mut w);
        w.as_bytes().to_vec()
    }

    fn read(bytes: &[u8]) -> Result<NativeData, ImageError> {
        let mut counts = vec![0; Kind::COUNT];
        counts[Kind::Realm as usize] = 1;
        NativeData::read(&mut Reader::for_test(bytes, counts))
    }

    /// The id and the constructor flag share a word in memory, not in images: every id the
    /// word can hold round-trips with either flag, and an id that would collide with the flag
    /// (2^31 and above, up to u32::MAX) is refused, not misread as a constructor.
    #[test]
    fn native_ids_round_trip_and_ids_past_the_flag_are_refused() {
        for id in [0, 1, 5000, (1 << 31) - 1] {
            for ctor in [false, true] {
                let slots = vec![Value::Number(1.0), Value::Null];
                let n = read(&encoded(id, ctor, slots.clone())).unwrap();
                assert_eq!((n.id(), n.is_constructor()), (id, ctor));
                assert_eq!(n.slots.to_vec(), slots);
                let mut w = Writer::default();
                n.write(&mut w);
                assert_eq!(w.as_bytes(), &encoded(id, ctor, slots)[..]);
            }
        }
        for id in [1 << 31, u32::MAX] {
            assert!(read(&encoded(id, false, vec![])).is_err(), "id {id}");
        }
        assert!(read(&encoded(7, false, vec![])).unwrap().slots.is_empty());
    }
}
