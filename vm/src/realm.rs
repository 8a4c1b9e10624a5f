//! Realm records and their intrinsics.
//! <https://tc39.es/ecma262/#sec-code-realms>
//!
//! [`create_realm`] is CreateRealm + CreateIntrinsics + SetRealmGlobalObject +
//! SetDefaultGlobalBindings: one ordered list of `init` calls, one per builtin module, so the
//! order in which intrinsics come into being reads top to bottom, then every extension's
//! `init_realm`.
//!
//! Running every `init` costs hundreds of microseconds, so realms after the first are copied
//! from a pristine template instead ([`create_template`], [`clone_realm`]): one bulk copy of
//! the template's objects with their handles renumbered.

use crate::builtins;
use crate::Vm;
use amber_heap::{
    heap_struct, Handle, Kind, Object, ObjectKind, PropertyMap, RawHandle, Realm, Symbol, Trace,
    Value, Visitor,
};

macro_rules! intrinsics {
    ($($name:ident),* $(,)?) => {
        /// The well-known intrinsic objects (<https://tc39.es/ecma262/#sec-well-known-intrinsic-objects>),
        /// indexing [`Realm::intrinsics`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(usize)]
        pub enum Intrinsic { $(#[doc = concat!("%", stringify!($name), "%")] $name),* }

        impl Intrinsic {
            /// The number of intrinsics (the length of [`Realm::intrinsics`]).
            pub const COUNT: usize = [$(Intrinsic::$name),*].len();
        }
    };
}

intrinsics! {
    ObjectPrototype,
    FunctionPrototype,
    Object,
    Function,
    ThrowTypeError,
    // Errors
    ErrorPrototype,
    Error,
    TypeErrorPrototype,
    TypeError,
    RangeErrorPrototype,
    RangeError,
    ReferenceErrorPrototype,
    ReferenceError,
    SyntaxErrorPrototype,
    SyntaxError,
    EvalErrorPrototype,
    EvalError,
    UriErrorPrototype,
    UriError,
    AggregateErrorPrototype,
    AggregateError,
    // Fundamental and primitive wrappers
    Array,
    ArrayPrototype,
    ArrayPrototypeValues,
    String,
    StringPrototype,
    Number,
    NumberPrototype,
    Boolean,
    BooleanPrototype,
    Symbol,
    SymbolPrototype,
    BigInt,
    BigIntPrototype,
    // Iteration
    IteratorPrototype,
    Iterator,
    ArrayIteratorPrototype,
    StringIteratorPrototype,
    MapIteratorPrototype,
    SetIteratorPrototype,
    RegExpStringIteratorPrototype,
    AsyncIteratorPrototype,
    ForInIteratorPrototype,
    // Functions of other kinds
    GeneratorFunction,
    GeneratorFunctionPrototype,
    GeneratorPrototype,
    AsyncFunction,
    AsyncFunctionPrototype,
    AsyncGeneratorFunction,
    AsyncGeneratorFunctionPrototype,
    AsyncGeneratorPrototype,
    AsyncFromSyncIteratorPrototype,
    // Global functions and namespaces
    Eval,
    Math,
    Json,
    Reflect,
    Proxy,
    // Collections and others
    Promise,
    PromisePrototype,
    RegExp,
    RegExpPrototype,
    Map,
    MapPrototype,
    Set,
    SetPrototype,
    WeakMap,
    WeakMapPrototype,
    WeakSet,
    WeakSetPrototype,
    Date,
    DatePrototype,
    ArrayBuffer,
    ArrayBufferPrototype,
    IteratorHelperPrototype,
    WrapForValidIteratorPrototype,
    WeakRef,
    WeakRefPrototype,
    FinalizationRegistry,
    FinalizationRegistryPrototype,
    TypedArray,
    TypedArrayPrototype,
    Int8Array,
    Int8ArrayPrototype,
    Uint8Array,
    Uint8ArrayPrototype,
    Uint8ClampedArray,
    Uint8ClampedArrayPrototype,
    Int16Array,
    Int16ArrayPrototype,
    Uint16Array,
    Uint16ArrayPrototype,
    Int32Array,
    Int32ArrayPrototype,
    Uint32Array,
    Uint32ArrayPrototype,
    Float32Array,
    Float32ArrayPrototype,
    Float64Array,
    Float64ArrayPrototype,
    BigInt64Array,
    BigInt64ArrayPrototype,
    BigUint64Array,
    BigUint64ArrayPrototype,
    DataView,
    DataViewPrototype,
    Float16Array,
    Float16ArrayPrototype,
    SharedArrayBuffer,
    SharedArrayBufferPrototype,
    AbstractModuleSource,
    AbstractModuleSourcePrototype,
    // Explicit resource management
    SuppressedError,
    SuppressedErrorPrototype,
    DisposableStack,
    DisposableStackPrototype,
    AsyncDisposableStack,
    AsyncDisposableStackPrototype,
    // Temporal
    Temporal,
    TemporalDuration,
    TemporalDurationPrototype,
    TemporalPlainTime,
    TemporalPlainTimePrototype,
    TemporalPlainDate,
    TemporalPlainDatePrototype,
    TemporalPlainDateTime,
    TemporalPlainDateTimePrototype,
    TemporalInstant,
    TemporalInstantPrototype,
    TemporalNow,
    TemporalZonedDateTime,
    TemporalZonedDateTimePrototype,
    TemporalPlainYearMonth,
    TemporalPlainYearMonthPrototype,
    TemporalPlainMonthDay,
    TemporalPlainMonthDayPrototype,
}

macro_rules! well_known {
    ($($name:ident = $desc:literal),* $(,)?) => {
        /// The well-known symbols, indexing [`crate::AgentRoots::symbols`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(usize)]
        pub enum WellKnown { $(#[doc = concat!("`", $desc, "`")] $name),* }

        impl WellKnown {
            /// Every well-known symbol with its description, in index order.
            pub const ALL: &'static [(WellKnown, &'static str)] = &[$((WellKnown::$name, $desc)),*];
        }
    };
}

well_known! {
    AsyncIterator = "Symbol.asyncIterator",
    HasInstance = "Symbol.hasInstance",
    IsConcatSpreadable = "Symbol.isConcatSpreadable",
    Iterator = "Symbol.iterator",
    Match = "Symbol.match",
    MatchAll = "Symbol.matchAll",
    Replace = "Symbol.replace",
    Search = "Symbol.search",
    Species = "Symbol.species",
    Split = "Symbol.split",
    ToPrimitive = "Symbol.toPrimitive",
    ToStringTag = "Symbol.toStringTag",
    Unscopables = "Symbol.unscopables",
    AsyncDispose = "Symbol.asyncDispose",
    Dispose = "Symbol.dispose",
    // Decorators proposal: https://arai-a.github.io/ecma262-compare/?pr=2417#sec-well-known-symbols
    Metadata = "Symbol.metadata",
}

/// Creates the agent's well-known symbols (shared by every realm).
pub fn create_well_known_symbols(vm: &mut Vm) {
    for &(_, desc) in WellKnown::ALL {
        let d = vm.heap.intern_str(desc);
        let sym = vm.heap.alloc(Symbol {
            description: Some(d),
            registered: false,
        });
        vm.agent.symbols.push(sym);
    }
}

/// The property key of a well-known symbol.
pub fn symbol_key(vm: &Vm, which: WellKnown) -> amber_heap::PropertyKey {
    amber_heap::PropertyKey::Symbol(vm.agent.symbols[which as usize])
}

/// CreateRealm(), CreateIntrinsics(realmRec) and the default global bindings.
/// <https://tc39.es/ecma262/#sec-createintrinsics>
pub fn create_realm(vm: &mut Vm) -> Handle<Realm> {
    // %Object.prototype% and %Function.prototype% come first: everything else points at them.
    // %Object.prototype% is an immutable prototype exotic object.
    let object_prototype = vm
        .heap
        .alloc(Object::new(None, ObjectKind::ImmutablePrototype));
    let global_lexicals = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
    let realm = vm.heap.alloc(Realm {
        intrinsics: vec![object_prototype; Intrinsic::COUNT],
        global_object: object_prototype,
        global_lexicals,
        template_map: Vec::new(),
        host: Vec::new(),
        extensions: Vec::new(),
        parent: None,
        strict: false,
        builder: false,
        modules: Vec::new(),
    });
    vm.save_realm();
    vm.realm = realm;
    vm.building_realm = true;
    // The global object: an ordinary object whose prototype is %Object.prototype%.
    let global = vm
        .heap
        .alloc(Object::new(Some(object_prototype), ObjectKind::Ordinary));
    vm.heap.get_mut(realm).global_object = global;

    builtins::function::init_prototype(vm);
    builtins::object::init(vm);
    builtins::function::init(vm);
    builtins::error::init(vm);
    builtins::iterators::init(vm);
    builtins::array::init(vm);
    builtins::string::init(vm);
    builtins::number::init(vm);
    builtins::boolean::init(vm);
    builtins::symbol::init(vm);
    builtins::bigint::init(vm);
    builtins::math::init(vm);
    builtins::json::init(vm);
    builtins::json_raw::init(vm);
    builtins::reflect::init(vm);
    builtins::proxy::init(vm);
    builtins::collections::init(vm);
    builtins::date::init(vm);
    builtins::iterator_helpers::init(vm);
    builtins::array_buffer::init(vm);
    builtins::array_buffer_immutable::init(vm);
    builtins::weakref::init(vm);
    builtins::array_buffer::init_shared(vm);
    builtins::atomics::init(vm);
    builtins::typed_array::init(vm);
    builtins::base64::init(vm);
    builtins::data_view::init(vm);
    builtins::regexp::init(vm);
    builtins::regexp_legacy::init(vm);
    builtins::promise::init(vm);
    builtins::promise_keyed::init(vm);
    builtins::array_from_async::init(vm);
    builtins::generator::init(vm);
    builtins::suppressed_error::init(vm);
    builtins::disposable_stack::init(vm);
    builtins::temporal::init(vm);
    builtins::global::init(vm);
    builtins::module_source::init(vm);
    vm.init_extensions();
    vm.building_realm = false;

    vm.restore_realm();
    // No JavaScript ran, so nothing was collected: `realm` is still valid.
    realm
}

/// The pristine realm that [`clone_realm`] copies, and the range of the objects arena that
/// holds its objects.
///
/// **Invariant:** the objects `first..=last` are exactly the objects made by one
/// [`create_realm`] call (nothing else is allocated while it runs: it runs no JavaScript and
/// never collects), and they refer only to each other, to the template realm record, and to
/// agent-wide immutable things (strings, symbols). The collector compacts the arena in order
/// and `first`/`last` are roots, so the range stays contiguous across collections (objects in
/// it that died are simply gone).
#[derive(Clone, Debug)]
pub struct RealmTemplate {
    realm: Handle<Realm>,
    first: Handle<Object>,
    last: Handle<Object>,
}
heap_struct!(RealmTemplate { realm, first, last });

impl RealmTemplate {
    /// The template's realm record (never exposed to JavaScript).
    pub fn realm(&self) -> Handle<Realm> {
        self.realm
    }
}

/// Builds the template: a realm made the slow way, never exposed to JavaScript.
pub fn create_template(vm: &mut Vm) -> RealmTemplate {
    let start = vm.heap.arenas.objects.len();
    let realm = create_realm(vm);
    let end = vm.heap.arenas.objects.len();
    let epoch = vm.heap.epoch();
    RealmTemplate {
        realm,
        first: Handle::from_raw(RawHandle::new(start as u32, epoch)),
        last: Handle::from_raw(RawHandle::new(end as u32 - 1, epoch)),
    }
}

/// A new realm, copied from the template: every template object is cloned, and every handle
/// in the clone that points into the template (objects, the realm record) is renumbered to
/// the copy. The result is what [`create_realm`] would have built, at the cost of a memcpy-like
/// pass (see `realms/benches/`).
pub fn clone_realm(vm: &mut Vm) -> Handle<Realm> {
    let t = vm
        .realm_template
        .clone()
        .expect("clone_realm needs a template (Vm::new_realm_record makes it)");
    let (lo, hi) = (t.first.index(), t.last.index());
    let base = vm.heap.arenas.objects.len();
    let record = vm.heap.get(t.realm).clone();
    let realm = vm.heap.alloc(record);
    let mut renumber = Renumber {
        lo: lo as u32,
        hi: hi as u32,
        base: base as u32,
        from: t.realm.raw.index,
        to: realm.raw.index,
    };
    vm.heap
        .arenas
        .trace_entry(Kind::Realm, realm.index(), &mut renumber);
    vm.heap.arenas.objects.reserve(hi + 1 - lo);
    // One pass: clone, renumber while the clone is in cache, append.
    for i in lo..=hi {
        let mut o = vm.heap.arenas.objects[i].clone();
        renumber.object(&mut o);
        vm.heap.alloc(o);
    }
    realm
}

/// The visitor of [`clone_realm`]: moves edges into the template to the copy.
struct Renumber {
    lo: u32,
    hi: u32,
    base: u32,
    /// The template's realm record and the copy's.
    from: u32,
    to: u32,
}

impl Renumber {
    /// Renumbers every edge of `o`: the same edges `Object`'s `Trace` visits, but the fields
    /// that hold most of them (the prototype, shaped property slots, elements) are walked
    /// directly instead of through a `dyn Visitor` call per value: they hold only object
    /// edges that matter here (strings, symbols, big integers and shapes are agent-wide and
    /// stay as they are). This halves the cost of a realm copy.
    #[inline]
    fn object(&mut self, o: &mut Object) {
        if let Some(p) = o.proto.raw_mut() {
            self.object_edge(p);
        }
        match &mut o.properties {
            PropertyMap::Shaped { slots, .. } => {
                for v in slots {
                    self.value(v);
                }
            }
            dictionary => dictionary.trace(self),
        }
        for v in &mut o.elements {
            self.value(v);
        }
        // Built-in functions are most of a realm: their realm edge and closure slots directly.
        match &mut o.kind {
            ObjectKind::Native(n) => {
                self.edge(Kind::Realm, &mut n.realm.raw);
                for v in n.slots.iter_mut() {
                    self.value(v);
                }
            }
            ObjectKind::Ordinary | ObjectKind::ImmutablePrototype => {}
            kind => kind.trace(self),
        }
    }

    #[inline]
    fn value(&mut self, v: &mut Value) {
        if let Value::Object(h) = v {
            self.object_edge(&mut h.raw);
        }
    }

    #[inline]
    fn object_edge(&mut self, h: &mut RawHandle) {
        if (self.lo..=self.hi).contains(&h.index) {
            h.index = h.index - self.lo + self.base
        }
    }
}

impl Visitor for Renumber {
    #[inline]
    fn edge(&mut self, kind: Kind, h: &mut RawHandle) {
        match kind {
            Kind::Object => self.object_edge(h),
            Kind::Realm if h.index == self.from => h.index = self.to,
            // Realm setup makes no environments: an edge to one would be shared state.
            Kind::Env => debug_assert!(false, "a realm template refers to an environment"),
            _ => {}
        }
    }
}

/// Stores an intrinsic in the realm being initialized.
pub fn set_intrinsic(vm: &mut Vm, which: Intrinsic, o: Handle<Object>) {
    let realm = vm.current_realm();
    vm.heap.get_mut(realm).intrinsics[which as usize] = o;
}
