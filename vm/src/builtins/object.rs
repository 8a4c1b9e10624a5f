//! `Object` and `Object.prototype`. <https://tc39.es/ecma262/#sec-object-objects>

use super::{accessor, method};
use crate::natives::NativeId;
use crate::object::{self, PropertyDescriptor};
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic, WellKnown};
use crate::{Args, JsResult, Vm};
use amber_heap::{Handle, Object, ObjectKind, PropertyKey, Value};

pub(crate) fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let c = super::constructor(vm, NativeId::Object, "Object", 1, op);
    set_intrinsic(vm, Intrinsic::Object, c);
    let statics: &[(&str, NativeId, u32)] = &[
        ("assign", NativeId::ObjectAssign, 2),
        ("create", NativeId::ObjectCreate, 2),
        ("defineProperties", NativeId::ObjectDefineProperties, 2),
        ("defineProperty", NativeId::ObjectDefineProperty, 3),
        ("entries", NativeId::ObjectEntries, 1),
        ("freeze", NativeId::ObjectFreeze, 1),
        ("fromEntries", NativeId::ObjectFromEntries, 1),
        (
            "getOwnPropertyDescriptor",
            NativeId::ObjectGetOwnPropertyDescriptor,
            2,
        ),
        (
            "getOwnPropertyDescriptors",
            NativeId::ObjectGetOwnPropertyDescriptors,
            1,
        ),
        (
            "getOwnPropertyNames",
            NativeId::ObjectGetOwnPropertyNames,
            1,
        ),
        (
            "getOwnPropertySymbols",
            NativeId::ObjectGetOwnPropertySymbols,
            1,
        ),
        ("getPrototypeOf", NativeId::ObjectGetPrototypeOf, 1),
        ("groupBy", NativeId::ObjectGroupBy, 2),
        ("hasOwn", NativeId::ObjectHasOwn, 2),
        ("is", NativeId::ObjectIs, 2),
        ("isExtensible", NativeId::ObjectIsExtensible, 1),
        ("isFrozen", NativeId::ObjectIsFrozen, 1),
        ("isSealed", NativeId::ObjectIsSealed, 1),
        ("keys", NativeId::ObjectKeys, 1),
        ("preventExtensions", NativeId::ObjectPreventExtensions, 1),
        ("seal", NativeId::ObjectSeal, 1),
        ("setPrototypeOf", NativeId::ObjectSetPrototypeOf, 2),
        ("values", NativeId::ObjectValues, 1),
    ];
    for &(name, id, len) in statics {
        method(vm, c, name, id, len);
    }
    let protos: &[(&str, NativeId, u32)] = &[
        ("hasOwnProperty", NativeId::ObjectPrototypeHasOwnProperty, 1),
        ("isPrototypeOf", NativeId::ObjectPrototypeIsPrototypeOf, 1),
        (
            "propertyIsEnumerable",
            NativeId::ObjectPrototypePropertyIsEnumerable,
            1,
        ),
        ("toLocaleString", NativeId::ObjectPrototypeToLocaleString, 0),
        ("toString", NativeId::ObjectPrototypeToString, 0),
        ("valueOf", NativeId::ObjectPrototypeValueOf, 0),
        ("__defineGetter__", NativeId::ObjectPrototypeDefineGetter, 2),
        ("__defineSetter__", NativeId::ObjectPrototypeDefineSetter, 2),
        ("__lookupGetter__", NativeId::ObjectPrototypeLookupGetter, 1),
        ("__lookupSetter__", NativeId::ObjectPrototypeLookupSetter, 1),
    ];
    for &(name, id, len) in protos {
        method(vm, op, name, id, len);
    }
    let key = vm.key("__proto__");
    accessor(
        vm,
        op,
        key,
        "__proto__",
        Some(NativeId::ObjectPrototypeProtoGetter),
        Some(NativeId::ObjectPrototypeProtoSetter),
    );
}

fn arg_object(vm: &mut Vm, v: Value, what: &str) -> JsResult<Handle<Object>> {
    match v {
        Value::Object(o) => Ok(o),
        _ => Err(vm.type_error(format!("{what} called on non-object"))),
    }
}

/// Object(value) <https://tc39.es/ecma262/#sec-object-value>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    let nt = args.new_target(vm);
    let callee = Value::Object(args.callee(vm));
    // 1. If NewTarget is neither undefined nor the active function, OrdinaryCreateFromConstructor.
    if !nt.is_undefined() && nt != callee {
        let o = ops::ordinary_create_from_constructor(
            vm,
            nt,
            Intrinsic::ObjectPrototype,
            ObjectKind::Ordinary,
        )?;
        return Ok(Value::Object(o));
    }
    let v = args.get(vm, 0);
    if v.is_nullish() {
        return Ok(Value::Object(super::ordinary(
            vm,
            Intrinsic::ObjectPrototype,
        )));
    }
    Ok(Value::Object(ops::to_object(vm, v)?))
}

/// ToPropertyDescriptor(Obj). <https://tc39.es/ecma262/#sec-topropertydescriptor>
pub fn to_property_descriptor(vm: &mut Vm, v: Value) -> JsResult<PropertyDescriptor> {
    let Value::Object(o) = v else {
        return Err(vm.type_error("Property description must be an object"));
    };
    let slot = vm.root(v);
    let mut desc = PropertyDescriptor::default();
    for field in [
        "enumerable",
        "configurable",
        "value",
        "writable",
        "get",
        "set",
    ] {
        let Value::Object(o) = vm.rooted(slot) else {
            unreachable!()
        };
        let key = vm.key(field);
        if !object::has_property(vm, o, key)? {
            continue;
        }
        let Value::Object(o) = vm.rooted(slot) else {
            unreachable!()
        };
        let value = ops::get(vm, o, key)?;
        match field {
            "enumerable" => desc.enumerable = Some(ops::to_boolean(vm, value)),
            "configurable" => desc.configurable = Some(ops::to_boolean(vm, value)),
            "value" => desc.value = Some(value),
            "writable" => desc.writable = Some(ops::to_boolean(vm, value)),
            "get" | "set" => {
                if !value.is_undefined() && !ops::is_callable(vm, value) {
                    vm.unroot(slot);
                    return Err(vm.type_error(format!("Getter/setter must be a function: {field}")));
                }
                if field == "get" {
                    desc.get = Some(value);
                } else {
                    desc.set = Some(value);
                }
            }
            _ => unreachable!(),
        }
    }
    let _ = o;
    vm.unroot(slot);
    if desc.is_accessor() && desc.is_data() {
        return Err(vm.type_error("Invalid property descriptor. Cannot both specify accessors and a value or writable attribute"));
    }
    Ok(desc)
}

/// FromPropertyDescriptor(Desc). <https://tc39.es/ecma262/#sec-frompropertydescriptor>
pub fn from_property_descriptor(vm: &mut Vm, desc: Option<PropertyDescriptor>) -> JsResult {
    let Some(d) = desc else {
        return Ok(Value::Undefined);
    };
    let o = super::ordinary(vm, Intrinsic::ObjectPrototype);
    let put = |vm: &mut Vm, name: &str, v: Value| {
        let key = vm.key(name);
        crate::object::add_property(
            vm,
            o,
            amber_heap::Property {
                key,
                value: v,
                setter: Value::Undefined,
                flags: amber_heap::attrs::DEFAULT,
            },
        );
    };
    if let Some(v) = d.value {
        put(vm, "value", v);
    }
    if let Some(w) = d.writable {
        put(vm, "writable", Value::Boolean(w));
    }
    if let Some(g) = d.get {
        put(vm, "get", g);
    }
    if let Some(s) = d.set {
        put(vm, "set", s);
    }
    if let Some(e) = d.enumerable {
        put(vm, "enumerable", Value::Boolean(e));
    }
    if let Some(c) = d.configurable {
        put(vm, "configurable", Value::Boolean(c));
    }
    Ok(Value::Object(o))
}

/// Object.defineProperty(O, P, Attributes)
pub fn define_property(vm: &mut Vm, args: Args) -> JsResult {
    let o = arg_object(vm, args.get(vm, 0), "Object.defineProperty")?;
    let key = ops::to_property_key(vm, args.get(vm, 1))?;
    let desc = to_property_descriptor(vm, args.get(vm, 2))?;
    let Value::Object(o2) = args.get(vm, 0) else {
        unreachable!()
    };
    let _ = o;
    ops::define_property_or_throw(vm, o2, key, desc)?;
    Ok(args.get(vm, 0))
}

/// ObjectDefineProperties(O, Properties). <https://tc39.es/ecma262/#sec-objectdefineproperties>
fn object_define_properties(vm: &mut Vm, o: Value, props: Value) -> JsResult {
    let os = vm.root(o);
    let props = ops::to_object(vm, props)?;
    let ps = vm.root(Value::Object(props));
    let keys = object::own_property_keys(vm, props)?;
    let mut descriptors = Vec::new();
    let base = vm.roots.len();
    for key in keys {
        let Value::Object(props) = vm.rooted(ps) else {
            unreachable!()
        };
        if let Some(d) = object::get_own_property(vm, props, key)? {
            if d.enumerable == Some(true) {
                let Value::Object(props) = vm.rooted(ps) else {
                    unreachable!()
                };
                let dv = ops::get(vm, props, key)?;
                let desc = to_property_descriptor(vm, dv)?;
                // Keep the descriptor's values rooted until they are all defined.
                for v in [desc.value, desc.get, desc.set].into_iter().flatten() {
                    vm.roots.push(v);
                }
                descriptors.push((key, desc, vm.roots.len()));
            }
        }
    }
    let _ = base;
    for (key, mut desc, end) in descriptors {
        // Re-read the rooted values (they may have moved).
        let mut at = end;
        for field in [&mut desc.set, &mut desc.get, &mut desc.value].into_iter() {
            if field.is_some() {
                at -= 1;
                *field = Some(vm.roots[at]);
            }
        }
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        ops::define_property_or_throw(vm, o, key, desc)?;
    }
    let o = vm.rooted(os);
    vm.unroot(os);
    Ok(o)
}

/// Object.defineProperties(O, Properties)
pub fn define_properties(vm: &mut Vm, args: Args) -> JsResult {
    let o = args.get(vm, 0);
    arg_object(vm, o, "Object.defineProperties")?;
    object_define_properties(vm, o, args.get(vm, 1))
}

/// Object.getOwnPropertyDescriptor(O, P)
pub fn get_own_property_descriptor(vm: &mut Vm, args: Args) -> JsResult {
    let o = ops::to_object(vm, args.get(vm, 0))?;
    let os = vm.root(Value::Object(o));
    let key = ops::to_property_key(vm, args.get(vm, 1))?;
    let Value::Object(o) = vm.rooted(os) else {
        unreachable!()
    };
    vm.unroot(os);
    let desc = object::get_own_property(vm, o, key)?;
    from_property_descriptor(vm, desc)
}

/// Object.getOwnPropertyDescriptors(O)
pub fn get_own_property_descriptors(vm: &mut Vm, args: Args) -> JsResult {
    let o = ops::to_object(vm, args.get(vm, 0))?;
    let os = vm.root(Value::Object(o));
    let keys = object::own_property_keys(vm, o)?;
    let result = super::ordinary(vm, Intrinsic::ObjectPrototype);
    let rs = vm.root(Value::Object(result));
    for key in keys {
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        let desc = object::get_own_property(vm, o, key)?;
        if desc.is_some() {
            let d = from_property_descriptor(vm, desc)?;
            let Value::Object(r) = vm.rooted(rs) else {
                unreachable!()
            };
            ops::create_data_property_or_throw(vm, r, key, d)?;
        }
    }
    let r = vm.rooted(rs);
    vm.unroot(os);
    Ok(r)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    Strings,
    Symbols,
}

/// GetOwnPropertyKeys(O, type). <https://tc39.es/ecma262/#sec-getownpropertykeys>
fn get_own_property_keys(vm: &mut Vm, v: Value, kind: KeyKind) -> JsResult {
    let o = ops::to_object(vm, v)?;
    let keys = object::own_property_keys(vm, o)?;
    let mut values = Vec::new();
    for k in keys {
        let is_symbol = matches!(k, PropertyKey::Symbol(_));
        if is_symbol == (kind == KeyKind::Symbols) {
            values.push(ops::key_to_value(vm, k));
        }
    }
    Ok(Value::Object(ops::create_array_from_list(vm, &values)))
}

pub(crate) fn get_own_property_names(vm: &mut Vm, args: Args) -> JsResult {
    get_own_property_keys(vm, args.get(vm, 0), KeyKind::Strings)
}

pub(crate) fn get_own_property_symbols(vm: &mut Vm, args: Args) -> JsResult {
    get_own_property_keys(vm, args.get(vm, 0), KeyKind::Symbols)
}

/// Object.getPrototypeOf(O)
pub fn get_prototype_of(vm: &mut Vm, args: Args) -> JsResult {
    let o = ops::to_object(vm, args.get(vm, 0))?;
    Ok(match object::get_prototype_of(vm, o)? {
        Some(p) => Value::Object(p),
        None => Value::Null,
    })
}

/// Object.setPrototypeOf(O, proto)
pub fn set_prototype_of(vm: &mut Vm, args: Args) -> JsResult {
    let o = ops::require_object_coercible(vm, args.get(vm, 0))?;
    let proto = match args.get(vm, 1) {
        Value::Object(p) => Some(p),
        Value::Null => None,
        _ => return Err(vm.type_error("Object prototype may only be an Object or null")),
    };
    let Value::Object(oh) = o else { return Ok(o) };
    if !object::set_prototype_of(vm, oh, proto)? {
        return Err(vm.type_error("Cannot set prototype of this object"));
    }
    Ok(o)
}

/// Object.create(O, Properties)
pub fn create(vm: &mut Vm, args: Args) -> JsResult {
    let proto = match args.get(vm, 0) {
        Value::Object(p) => Some(p),
        Value::Null => None,
        _ => return Err(vm.type_error("Object prototype may only be an Object or null")),
    };
    let o = vm.heap.alloc(Object::new(proto, ObjectKind::Ordinary));
    let props = args.get(vm, 1);
    if props.is_undefined() {
        return Ok(Value::Object(o));
    }
    object_define_properties(vm, Value::Object(o), props)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EnumKind {
    Keys,
    Values,
    Entries,
}

/// EnumerableOwnProperties(O, kind). <https://tc39.es/ecma262/#sec-enumerableownproperties>
fn enumerable_own_properties(vm: &mut Vm, v: Value, kind: EnumKind) -> JsResult {
    let o = ops::to_object(vm, v)?;
    let os = vm.root(Value::Object(o));
    let keys = object::own_property_keys(vm, o)?;
    // The keys as rooted values: [[GetOwnProperty]] and [[Get]] below may run proxy traps or
    // getters, and so collect and move the key strings.
    let kbase = vm.roots.len();
    for key in keys {
        if !matches!(key, PropertyKey::Symbol(_)) {
            let kv = ops::key_to_value(vm, key);
            vm.roots.push(kv);
        }
    }
    let count = vm.roots.len() - kbase;
    let base = vm.roots.len();
    for i in 0..count {
        let kv = vm.roots[kbase + i];
        let key = ops::to_property_key(vm, kv)?;
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        let desc = object::get_own_property(vm, o, key)?;
        if desc.and_then(|d| d.enumerable) != Some(true) {
            continue;
        }
        match kind {
            EnumKind::Keys => vm.roots.push(vm.roots[kbase + i]),
            _ => {
                let Value::Object(o) = vm.rooted(os) else {
                    unreachable!()
                };
                let key = ops::to_property_key(vm, vm.roots[kbase + i])?;
                let value = ops::get(vm, o, key)?;
                if kind == EnumKind::Values {
                    vm.roots.push(value);
                } else {
                    let kv = vm.roots[kbase + i];
                    let pair = ops::create_array_from_list(vm, &[kv, value]);
                    vm.roots.push(Value::Object(pair));
                }
            }
        }
    }
    let list = vm.roots[base..].to_vec();
    vm.unroot(os);
    Ok(Value::Object(ops::create_array_from_list(vm, &list)))
}

/// EnumerableOwnProperties(O, key+value) as (key, value) pairs (valid until the next call
/// that may collect).
pub fn enumerable_own_key_values(vm: &mut Vm, o: Handle<Object>) -> JsResult<Vec<(Value, Value)>> {
    let Value::Object(list) = enumerable_own_properties(vm, Value::Object(o), EnumKind::Entries)?
    else {
        return Ok(Vec::new());
    };
    let pairs = vm.heap.get(list).elements.clone();
    Ok(pairs
        .into_iter()
        .map(|pair| match pair {
            Value::Object(p) => {
                let e = &vm.heap.get(p).elements;
                (
                    e.first().copied().unwrap_or(Value::Undefined),
                    e.get(1).copied().unwrap_or(Value::Undefined),
                )
            }
            _ => (Value::Undefined, Value::Undefined),
        })
        .collect())
}

pub(crate) fn keys(vm: &mut Vm, args: Args) -> JsResult {
    enumerable_own_properties(vm, args.get(vm, 0), EnumKind::Keys)
}

pub(crate) fn values(vm: &mut Vm, args: Args) -> JsResult {
    enumerable_own_properties(vm, args.get(vm, 0), EnumKind::Values)
}

pub(crate) fn entries(vm: &mut Vm, args: Args) -> JsResult {
    enumerable_own_properties(vm, args.get(vm, 0), EnumKind::Entries)
}

/// Object.assign(target, ...sources)
pub fn assign(vm: &mut Vm, args: Args) -> JsResult {
    let to = ops::to_object(vm, args.get(vm, 0))?;
    let ts = vm.root(Value::Object(to));
    for i in 1..args.len() {
        let src = args.get(vm, i);
        if src.is_nullish() {
            continue;
        }
        let from = ops::to_object(vm, src)?;
        let fs = vm.root(Value::Object(from));
        let keys = object::own_property_keys(vm, from)?;
        for key in keys {
            let Value::Object(from) = vm.rooted(fs) else {
                unreachable!()
            };
            let desc = object::get_own_property(vm, from, key)?;
            if desc.and_then(|d| d.enumerable) == Some(true) {
                let Value::Object(from) = vm.rooted(fs) else {
                    unreachable!()
                };
                let v = ops::get(vm, from, key)?;
                let Value::Object(to) = vm.rooted(ts) else {
                    unreachable!()
                };
                ops::set(vm, to, key, v, true)?;
            }
        }
        vm.unroot(fs);
    }
    let to = vm.rooted(ts);
    vm.unroot(ts);
    Ok(to)
}

/// SetIntegrityLevel(O, level). <https://tc39.es/ecma262/#sec-setintegritylevel>
pub fn set_integrity_level(vm: &mut Vm, o: Handle<Object>, frozen: bool) -> JsResult<bool> {
    if !object::prevent_extensions(vm, o)? {
        return Ok(false);
    }
    let os = vm.root(Value::Object(o));
    // The keys are rooted: the internal methods below may run proxy traps, which may collect.
    let keys = object::own_property_keys(vm, o)?;
    let first = vm.roots.len();
    for &key in &keys {
        super::root_key(vm, key);
    }
    for i in 0..keys.len() {
        let key = super::rooted_key(vm, first + i);
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        let desc = if frozen {
            match object::get_own_property(vm, o, key)? {
                None => continue,
                Some(d) if d.is_accessor() => PropertyDescriptor {
                    configurable: Some(false),
                    ..Default::default()
                },
                Some(_) => PropertyDescriptor {
                    configurable: Some(false),
                    writable: Some(false),
                    ..Default::default()
                },
            }
        } else {
            PropertyDescriptor {
                configurable: Some(false),
                ..Default::default()
            }
        };
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        let key = super::rooted_key(vm, first + i);
        ops::define_property_or_throw(vm, o, key, desc)?;
    }
    vm.unroot(os);
    Ok(true)
}

/// TestIntegrityLevel(O, level). <https://tc39.es/ecma262/#sec-testintegritylevel>
pub fn test_integrity_level(vm: &mut Vm, o: Handle<Object>, frozen: bool) -> JsResult<bool> {
    if object::is_extensible(vm, o)? {
        return Ok(false);
    }
    let keys = object::own_property_keys(vm, o)?;
    for key in keys {
        if let Some(d) = object::get_own_property(vm, o, key)? {
            if d.configurable == Some(true) {
                return Ok(false);
            }
            if frozen && d.is_data() && d.writable == Some(true) {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

pub(crate) fn freeze(vm: &mut Vm, args: Args) -> JsResult {
    let v = args.get(vm, 0);
    if let Value::Object(o) = v {
        if !set_integrity_level(vm, o, true)? {
            return Err(vm.type_error("Cannot freeze"));
        }
    }
    Ok(args.get(vm, 0))
}

pub(crate) fn seal(vm: &mut Vm, args: Args) -> JsResult {
    let v = args.get(vm, 0);
    if let Value::Object(o) = v {
        if !set_integrity_level(vm, o, false)? {
            return Err(vm.type_error("Cannot seal"));
        }
    }
    Ok(args.get(vm, 0))
}

pub(crate) fn prevent_extensions(vm: &mut Vm, args: Args) -> JsResult {
    let v = args.get(vm, 0);
    if let Value::Object(o) = v {
        if !object::prevent_extensions(vm, o)? {
            return Err(vm.type_error("Cannot prevent extensions"));
        }
    }
    Ok(args.get(vm, 0))
}

pub(crate) fn is_frozen(vm: &mut Vm, args: Args) -> JsResult {
    match args.get(vm, 0) {
        Value::Object(o) => Ok(Value::Boolean(test_integrity_level(vm, o, true)?)),
        _ => Ok(Value::Boolean(true)),
    }
}

pub(crate) fn is_sealed(vm: &mut Vm, args: Args) -> JsResult {
    match args.get(vm, 0) {
        Value::Object(o) => Ok(Value::Boolean(test_integrity_level(vm, o, false)?)),
        _ => Ok(Value::Boolean(true)),
    }
}

pub(crate) fn is_extensible(vm: &mut Vm, args: Args) -> JsResult {
    match args.get(vm, 0) {
        Value::Object(o) => Ok(Value::Boolean(object::is_extensible(vm, o)?)),
        _ => Ok(Value::Boolean(false)),
    }
}

pub(crate) fn is(vm: &mut Vm, args: Args) -> JsResult {
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    Ok(Value::Boolean(ops::same_value(vm, a, b)))
}

/// Object.fromEntries(iterable)
pub fn from_entries(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Perform ? RequireObjectCoercible(iterable).
    let iterable = ops::require_object_coercible(vm, args.get(vm, 0))?;
    // 2. Let obj be OrdinaryObjectCreate(%Object.prototype%).
    let o = super::ordinary(vm, Intrinsic::ObjectPrototype);
    let os = vm.root(Value::Object(o));
    // 5. Return ? AddEntriesFromIterable(obj, iterable, adder).
    let (it, next) = ops::get_iterator(vm, iterable)?;
    let its = vm.root(it);
    vm.root(next);
    loop {
        let (it, next) = (vm.rooted(its), vm.rooted(its + 1));
        let Some(entry) = ops::iterator_step_value(vm, it, next)? else {
            return Ok(vm.rooted(os));
        };
        if let Err(e) = from_entries_add(vm, os, entry) {
            // IfAbruptCloseIterator(status, iteratorRecord).
            let it = vm.rooted(its);
            ops::iterator_close_on_throw(vm, it);
            return Err(e);
        }
    }
}

/// One step of AddEntriesFromIterable with Object.fromEntries' adder closure:
/// CreateDataPropertyOrThrow(obj, ? ToPropertyKey(entry[0]), entry[1]).
fn from_entries_add(vm: &mut Vm, os: usize, entry: Value) -> JsResult<()> {
    let Value::Object(e) = entry else {
        return Err(vm.type_error("Iterator value is not an entry object"));
    };
    let es = vm.root(entry);
    let k = ops::get(vm, e, PropertyKey::Index(0))?;
    let ks = vm.root(k);
    let Value::Object(e) = vm.rooted(es) else {
        unreachable!()
    };
    let v = ops::get(vm, e, PropertyKey::Index(1))?;
    let vs = vm.root(v);
    let key = ops::to_property_key(vm, vm.rooted(ks))?;
    let (v, o) = (vm.rooted(vs), vm.rooted(os));
    vm.unroot(es);
    let Value::Object(o) = o else { unreachable!() };
    ops::create_data_property_or_throw(vm, o, key, v)
}

/// Object.hasOwn(O, P)
pub fn has_own(vm: &mut Vm, args: Args) -> JsResult {
    let o = ops::to_object(vm, args.get(vm, 0))?;
    let os = vm.root(Value::Object(o));
    let key = ops::to_property_key(vm, args.get(vm, 1))?;
    let Value::Object(o) = vm.rooted(os) else {
        unreachable!()
    };
    vm.unroot(os);
    Ok(Value::Boolean(ops::has_own_property(vm, o, key)?))
}

/// Object.prototype.hasOwnProperty(V): the key is converted before the object.
pub fn proto_has_own_property(vm: &mut Vm, args: Args) -> JsResult {
    let key = ops::to_property_key(vm, args.get(vm, 0))?;
    let o = ops::to_object(vm, args.this(vm))?;
    Ok(Value::Boolean(ops::has_own_property(vm, o, key)?))
}

/// Object.prototype.isPrototypeOf(V)
pub fn proto_is_prototype_of(vm: &mut Vm, args: Args) -> JsResult {
    let Value::Object(mut v) = args.get(vm, 0) else {
        return Ok(Value::Boolean(false));
    };
    let o = ops::to_object(vm, args.this(vm))?;
    loop {
        match object::get_prototype_of(vm, v)? {
            None => return Ok(Value::Boolean(false)),
            Some(p) if p == o => return Ok(Value::Boolean(true)),
            Some(p) => v = p,
        }
    }
}

/// Object.prototype.propertyIsEnumerable(V)
pub fn proto_property_is_enumerable(vm: &mut Vm, args: Args) -> JsResult {
    let key = ops::to_property_key(vm, args.get(vm, 0))?;
    let o = ops::to_object(vm, args.this(vm))?;
    let d = object::get_own_property(vm, o, key)?;
    Ok(Value::Boolean(d.and_then(|d| d.enumerable) == Some(true)))
}

/// Object.prototype.toString() <https://tc39.es/ecma262/#sec-object.prototype.tostring>
pub fn proto_to_string(vm: &mut Vm, args: Args) -> JsResult {
    let this = args.this(vm);
    object_to_string(vm, this)
}

/// The steps of %Object.prototype.toString% for a `this` value.
/// <https://tc39.es/ecma262/#sec-object.prototype.tostring>
pub fn object_to_string(vm: &mut Vm, this: Value) -> JsResult {
    match this {
        Value::Undefined => return Ok(vm.string_from("[object Undefined]")),
        Value::Null => return Ok(vm.string_from("[object Null]")),
        _ => {}
    }
    let o = ops::to_object(vm, this)?;
    let builtin_tag = match &vm.heap.get(o).kind {
        ObjectKind::Array(_) => "Array",
        ObjectKind::Arguments(_) => "Arguments",
        ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound(_) => "Function",
        ObjectKind::Proxy(p) if p.callable => "Function",
        ObjectKind::Error(_) => "Error",
        ObjectKind::Boolean(_) => "Boolean",
        ObjectKind::Number(_) => "Number",
        ObjectKind::String(_) => "String",
        ObjectKind::Date(_) => "Date",
        ObjectKind::RegExp(_) => "RegExp",
        _ => "Object",
    };
    let builtin_tag = if let ObjectKind::Proxy(_) = vm.heap.get(o).kind {
        if crate::builtins::array::is_array_value(vm, o)? {
            "Array"
        } else {
            builtin_tag
        }
    } else {
        builtin_tag
    };
    let key = crate::realm::symbol_key(vm, WellKnown::ToStringTag);
    let tag = ops::get(vm, o, key)?;
    let tag = match tag {
        Value::String(s) => vm.rust_string(s),
        _ => builtin_tag.to_string(),
    };
    Ok(vm.string_from(&format!("[object {tag}]")))
}

/// Object.prototype.toLocaleString()
pub fn proto_to_locale_string(vm: &mut Vm, args: Args) -> JsResult {
    let this = args.this(vm);
    let key = vm.key("toString");
    ops::invoke(vm, this, key, &[])
}

/// Object.prototype.valueOf()
pub fn proto_value_of(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Object(ops::to_object(vm, args.this(vm))?))
}

/// get Object.prototype.__proto__
pub fn proto_getter(vm: &mut Vm, args: Args) -> JsResult {
    let o = ops::to_object(vm, args.this(vm))?;
    Ok(match object::get_prototype_of(vm, o)? {
        Some(p) => Value::Object(p),
        None => Value::Null,
    })
}

/// set Object.prototype.__proto__
pub fn proto_setter(vm: &mut Vm, args: Args) -> JsResult {
    let this = ops::require_object_coercible(vm, args.this(vm))?;
    let proto = match args.get(vm, 0) {
        Value::Object(p) => Some(p),
        Value::Null => None,
        _ => return Ok(Value::Undefined),
    };
    let Value::Object(o) = this else {
        return Ok(Value::Undefined);
    };
    if !object::set_prototype_of(vm, o, proto)? {
        return Err(vm.type_error("Object.prototype.__proto__ setter failed"));
    }
    Ok(Value::Undefined)
}

/// CopyDataProperties(target, source, excludedItems).
/// <https://tc39.es/ecma262/#sec-copydataproperties>
pub fn copy_data_properties(
    vm: &mut Vm,
    target: Handle<Object>,
    source: Value,
    excluded: &[Value],
) -> JsResult<()> {
    if source.is_nullish() {
        return Ok(());
    }
    let ts = vm.root(Value::Object(target));
    let base = vm.roots.len();
    vm.roots.extend_from_slice(excluded);
    let from = ops::to_object(vm, source)?;
    let fs = vm.root(Value::Object(from));
    let keys = object::own_property_keys(vm, from)?;
    for key in keys {
        let mut skip = false;
        for i in 0..excluded.len() {
            let ex = vm.roots[base + i];
            let ek = ops::to_property_key(vm, ex)?;
            if ek == key {
                skip = true;
                break;
            }
        }
        if skip {
            continue;
        }
        let Value::Object(from) = vm.rooted(fs) else {
            unreachable!()
        };
        let desc = object::get_own_property(vm, from, key)?;
        if desc.and_then(|d| d.enumerable) == Some(true) {
            let Value::Object(from) = vm.rooted(fs) else {
                unreachable!()
            };
            let v = ops::get(vm, from, key)?;
            let Value::Object(t) = vm.rooted(ts) else {
                unreachable!()
            };
            ops::create_data_property_or_throw(vm, t, key, v)?;
        }
    }
    vm.unroot(ts);
    Ok(())
}

// --- Annex B: __defineGetter__ and friends ------------------------------------------------------

/// Object.prototype.__defineGetter__(P, getter) and __defineSetter__(P, setter).
/// <https://tc39.es/ecma262/#sec-object.prototype.__defineGetter__>
fn define_accessor_b(vm: &mut Vm, args: Args, getter: bool) -> JsResult {
    // 1. Let O be ? ToObject(this value).
    let o = ops::to_object(vm, args.this(vm))?;
    let os = vm.root(Value::Object(o));
    // 2. If IsCallable(getter) is false, throw a TypeError exception.
    let f = args.get(vm, 1);
    if !ops::is_callable(vm, f) {
        return Err(vm.type_error("Object.prototype.__defineGetter__: Expecting function"));
    }
    // 3. Let desc be PropertyDescriptor { [[Get]]: getter, [[Enumerable]]: true, [[Configurable]]: true }.
    // 4. Let key be ? ToPropertyKey(P).
    let key = ops::to_property_key(vm, args.get(vm, 0))?;
    let f = args.get(vm, 1);
    let desc = PropertyDescriptor {
        get: getter.then_some(f),
        set: (!getter).then_some(f),
        enumerable: Some(true),
        configurable: Some(true),
        ..Default::default()
    };
    // 5. Perform ? DefinePropertyOrThrow(O, key, desc).
    let Value::Object(o) = vm.rooted(os) else {
        unreachable!()
    };
    ops::define_property_or_throw(vm, o, key, desc)?;
    // 6. Return undefined.
    Ok(Value::Undefined)
}

pub(crate) fn proto_define_getter(vm: &mut Vm, args: Args) -> JsResult {
    define_accessor_b(vm, args, true)
}
pub(crate) fn proto_define_setter(vm: &mut Vm, args: Args) -> JsResult {
    define_accessor_b(vm, args, false)
}

/// Object.prototype.__lookupGetter__(P) and __lookupSetter__(P).
/// <https://tc39.es/ecma262/#sec-object.prototype.__lookupGetter__>
fn lookup_accessor_b(vm: &mut Vm, args: Args, getter: bool) -> JsResult {
    // 1. Let O be ? ToObject(this value).
    let o = ops::to_object(vm, args.this(vm))?;
    let os = vm.root(Value::Object(o));
    // 2. Let key be ? ToPropertyKey(P).
    let key = ops::to_property_key(vm, args.get(vm, 0))?;
    let ks = super::root_key(vm, key);
    // 3. Repeat,
    loop {
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        let key = super::rooted_key(vm, ks);
        // a. Let desc be ? O.[[GetOwnProperty]](key).
        if let Some(desc) = object::get_own_property(vm, o, key)? {
            // b. If desc is not undefined: the accessor's function, or undefined.
            let f = if getter { desc.get } else { desc.set };
            return Ok(f.unwrap_or(Value::Undefined));
        }
        // c. Set O to ? O.[[GetPrototypeOf]](). d. If O is null, return undefined.
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        match object::get_prototype_of(vm, o)? {
            Some(p) => vm.roots[os] = Value::Object(p),
            None => return Ok(Value::Undefined),
        }
    }
}

pub(crate) fn proto_lookup_getter(vm: &mut Vm, args: Args) -> JsResult {
    lookup_accessor_b(vm, args, true)
}
pub(crate) fn proto_lookup_setter(vm: &mut Vm, args: Args) -> JsResult {
    lookup_accessor_b(vm, args, false)
}
