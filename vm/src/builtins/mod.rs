//! The standard library, one module per constructor or namespace, mirroring the spec's
//! chapters. Each module has an `init` that builds its intrinsics in the realm being created
//! (see `realm::create_realm`), and the natives it lists in `natives.rs`.

pub(crate) mod arguments;
pub(crate) mod array;
pub mod array_buffer;
pub(crate) mod array_buffer_immutable;
pub(crate) mod array_from_async;
pub(crate) mod async_generator;
pub(crate) mod async_iterator;
pub(crate) mod atomics;
pub(crate) mod base64;
pub(crate) mod bigint;
pub(crate) mod boolean;
pub(crate) mod collections;
pub(crate) mod data_view;
pub(crate) mod date;
pub(crate) mod decorators;
pub(crate) mod disposable_stack;
pub(crate) mod error;
pub(crate) mod function;
pub(crate) mod generator;
pub(crate) mod global;
pub(crate) mod iterator_chunking;
pub(crate) mod iterator_helpers;
pub(crate) mod iterator_proposals;
pub(crate) mod iterator_zip;
pub mod iterators;
pub(crate) mod json;
pub(crate) mod json_raw;
pub(crate) mod math;
pub(crate) mod module_source;
pub(crate) mod number;
pub mod object;
pub(crate) mod private;
pub mod promise;
pub(crate) mod promise_keyed;
pub(crate) mod proxy;
pub(crate) mod reflect;
pub(crate) mod regexp;
pub(crate) mod regexp_legacy;
pub(crate) mod string;
pub(crate) mod suppressed_error;
pub(crate) mod symbol;
pub(crate) mod template;
pub(crate) mod temporal;
pub(crate) mod typed_array;
pub(crate) mod uri;
pub(crate) mod weakref;

use crate::natives::{NativeId, NativeRef};
use crate::realm::Intrinsic;
use crate::CommonKey;
use crate::Vm;
use amber_heap::{attrs, Handle, NativeData, Object, ObjectKind, Property, PropertyKey, Value};

/// CreateBuiltinFunction(behaviour, length, name, ...) in the current realm.
/// <https://tc39.es/ecma262/#sec-createbuiltinfunction>
pub fn native_function(
    vm: &mut Vm,
    id: impl Into<NativeRef>,
    name: &str,
    length: u32,
    constructor: bool,
) -> Handle<Object> {
    let name_value = Value::String(vm.str(name));
    native_function_named(vm, id, name_value, length, constructor)
}

/// The shape every function object starts with: "length" and "name", in that order, both
/// configurable only (a built-in function's and a closure's), remembered per heap so that
/// making a function follows no transitions.
pub(crate) fn function_shape(vm: &mut Vm) -> Handle<amber_heap::Shape> {
    let (lk, nk) = vm.length_and_name_keys();
    vm.heap.memo_shape(
        amber_heap::ShapeMemo::Function,
        &[(lk, attrs::CONFIGURABLE), (nk, attrs::CONFIGURABLE)],
    )
}

/// CreateBuiltinFunction with a name already a value (symbol-keyed methods get "[desc]").
pub fn native_function_named(
    vm: &mut Vm,
    id: impl Into<NativeRef>,
    name: Value,
    length: u32,
    constructor: bool,
) -> Handle<Object> {
    let realm = vm.current_realm();
    let proto = vm.intrinsic(Intrinsic::FunctionPrototype);
    let mut object = Object::new(
        Some(proto),
        ObjectKind::Native(NativeData::new(id.into().0, realm, constructor, Vec::new())),
    );
    // "length" and "name", in that order (a constructor also gets "prototype").
    let shape = function_shape(vm);
    let mut slots = amber_heap::Slots::with_capacity(2 + constructor as usize);
    slots.push(Value::Number(length as f64));
    slots.push(name);
    object.properties = amber_heap::PropertyMap::Shaped {
        shape: Some(shape),
        slots,
    };
    vm.heap.alloc(object)
}

/// Adds a property that is known not to exist yet.
pub fn add(vm: &mut Vm, o: Handle<Object>, key: PropertyKey, value: Value, flags: u8) {
    crate::object::add_property(
        vm,
        o,
        Property {
            key,
            value,
            setter: Value::Undefined,
            flags,
        },
    );
}

/// Defines or replaces a data property without any checks (realm setup only).
pub fn put(vm: &mut Vm, o: Handle<Object>, name: &str, value: Value, flags: u8) {
    let key = vm.key(name);
    put_key(vm, o, key, value, flags)
}

/// [`put`] with the key already made.
pub fn put_key(vm: &mut Vm, o: Handle<Object>, key: PropertyKey, value: Value, flags: u8) {
    if let Some(pos) = vm.heap.find_property(o, key) {
        vm.heap.remove_property(o, pos);
    }
    add(vm, o, key, value, flags);
}

/// Installs a built-in method `o.name` (writable, configurable, not enumerable).
pub fn method(
    vm: &mut Vm,
    o: Handle<Object>,
    name: &str,
    id: impl Into<NativeRef>,
    length: u32,
) -> Handle<Object> {
    // Intern the name once, for both the key and the function's "name".
    let key = vm.key(name);
    let name_value = match key {
        PropertyKey::String(s) => Value::String(s),
        _ => Value::String(vm.str(name)),
    };
    let f = native_function_named(vm, id, name_value, length, false);
    if vm.building_realm {
        // Building a realm installs each method once, on new objects: no search for a
        // property to replace (a linear search of a growing prototype, per method).
        debug_assert!(
            vm.heap.find_property(o, key).is_none(),
            "method {name} installed twice"
        );
        add(vm, o, key, Value::Object(f), attrs::HIDDEN);
    } else {
        put_key(vm, o, key, Value::Object(f), attrs::HIDDEN);
    }
    f
}

/// Installs a symbol-keyed built-in method, named "[description]".
pub fn symbol_method(
    vm: &mut Vm,
    o: Handle<Object>,
    sym: crate::realm::WellKnown,
    name: &str,
    id: NativeId,
    length: u32,
    flags: u8,
) -> Handle<Object> {
    let fname = Value::String(vm.str(name));
    let f = native_function_named(vm, id, fname, length, false);
    let key = crate::realm::symbol_key(vm, sym);
    add(vm, o, key, Value::Object(f), flags);
    f
}

/// Installs an accessor with a built-in getter (and optional setter).
pub fn accessor(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
    name: &str,
    get: Option<NativeId>,
    set: Option<NativeId>,
) {
    // "get name" and "set name", made as they are (no formatting, no interning: nothing looks
    // these names up).
    let accessor_function = |vm: &mut Vm, id: NativeId, prefix: &str, length: u32| {
        // Sized once (an iterator chain's collect grew the vector from its lower bound).
        let mut units = Vec::with_capacity(prefix.len() + name.len());
        units.extend(prefix.bytes().map(u16::from));
        if name.is_ascii() {
            units.extend(name.bytes().map(u16::from));
        } else {
            units.extend(name.encode_utf16());
        }
        let n = Value::String(vm.heap.alloc_string(units));
        Value::Object(native_function_named(vm, id, n, length, false))
    };
    let getter = get.map(|id| accessor_function(vm, id, "get ", 0));
    let setter = set.map(|id| accessor_function(vm, id, "set ", 1));
    crate::object::add_property(
        vm,
        o,
        Property {
            key,
            value: getter.unwrap_or(Value::Undefined),
            setter: setter.unwrap_or(Value::Undefined),
            flags: attrs::CONFIGURABLE | attrs::ACCESSOR,
        },
    );
}

/// Creates a constructor function with its `prototype` object linked both ways, and installs
/// it as a global.
pub fn constructor(
    vm: &mut Vm,
    id: impl Into<NativeRef>,
    name: &str,
    length: u32,
    prototype: Handle<Object>,
) -> Handle<Object> {
    let c = native_function(vm, id, name, length, true);
    let (pk, ck) = (
        vm.name_key(CommonKey::Prototype),
        vm.name_key(CommonKey::Constructor),
    );
    add(vm, c, pk, Value::Object(prototype), 0);
    add(vm, prototype, ck, Value::Object(c), attrs::HIDDEN);
    global(vm, name, Value::Object(c));
    c
}

/// Defines a global binding (a writable, configurable, non-enumerable property).
pub fn global(vm: &mut Vm, name: &str, value: Value) {
    let realm = vm.current_realm();
    let g = vm.heap.get(realm).global_object;
    put(vm, g, name, value, attrs::HIDDEN);
}

/// A new ordinary object with the given prototype intrinsic.
pub fn ordinary(vm: &mut Vm, proto: Intrinsic) -> Handle<Object> {
    let p = vm.intrinsic(proto);
    vm.heap.alloc(Object::new(Some(p), ObjectKind::Ordinary))
}

/// `this` as an object of a given kind, or a TypeError naming the method.
pub fn this_number(vm: &mut Vm, this: Value, method: &str) -> crate::JsResult<f64> {
    match this {
        Value::Number(n) => Ok(n),
        Value::Object(o) => match vm.heap.get(o).kind {
            ObjectKind::Number(n) => Ok(n),
            _ => Err(vm.type_error(format!("{method} requires that 'this' be a Number"))),
        },
        _ => Err(vm.type_error(format!("{method} requires that 'this' be a Number"))),
    }
}

/// Keeps a property key in a root slot (keys hold string and symbol handles, which move).
pub fn root_key(vm: &mut Vm, key: PropertyKey) -> usize {
    let v = match key {
        PropertyKey::Index(i) => Value::Number(i as f64),
        PropertyKey::String(s) => Value::String(s),
        PropertyKey::Symbol(s) => Value::Symbol(s),
    };
    vm.root(v)
}

/// The property key kept by [`root_key`].
pub fn rooted_key(vm: &Vm, slot: usize) -> PropertyKey {
    match vm.rooted(slot) {
        Value::Number(n) => PropertyKey::Index(n as u32),
        Value::String(s) => PropertyKey::String(s),
        Value::Symbol(s) => PropertyKey::Symbol(s),
        _ => unreachable!("key slot holds a non-key"),
    }
}
