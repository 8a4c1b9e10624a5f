//! The `Reflect` namespace. <https://tc39.es/ecma262/#sec-reflect-object>

use super::method;
use crate::natives::NativeId;
use crate::object;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::{Handle, Object, Value};

pub fn init(vm: &mut Vm) {
    let r = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::Reflect, r);
    super::global(vm, "Reflect", Value::Object(r));
    super::iterators::tag(vm, r, "Reflect");
    for &(name, id, len) in &[
        ("apply", NativeId::ReflectApply, 3),
        ("construct", NativeId::ReflectConstruct, 2),
        ("defineProperty", NativeId::ReflectDefineProperty, 3),
        ("deleteProperty", NativeId::ReflectDeleteProperty, 2),
        ("get", NativeId::ReflectGet, 2),
        ("getPrototypeOf", NativeId::ReflectGetPrototypeOf, 1),
        ("has", NativeId::ReflectHas, 2),
        ("ownKeys", NativeId::ReflectOwnKeys, 1),
        ("set", NativeId::ReflectSet, 3),
        (
            "getOwnPropertyDescriptor",
            NativeId::ReflectGetOwnPropertyDescriptor,
            2,
        ),
        ("isExtensible", NativeId::ReflectIsExtensible, 1),
        ("preventExtensions", NativeId::ReflectPreventExtensions, 1),
        ("setPrototypeOf", NativeId::ReflectSetPrototypeOf, 2),
    ] {
        method(vm, r, name, id, len);
    }
}

fn target(vm: &mut Vm, v: Value) -> JsResult<Handle<Object>> {
    match v {
        Value::Object(o) => Ok(o),
        _ => Err(vm.type_error("Reflect method called on non-object")),
    }
}

pub fn apply(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.get(vm, 0);
    if !ops::is_callable(vm, f) {
        return Err(vm.type_error("Reflect.apply target is not callable"));
    }
    let list = ops::create_list_from_array_like(vm, args.get(vm, 2))?;
    let (f, this) = (args.get(vm, 0), args.get(vm, 1));
    ops::call(vm, f, this, &list)
}

pub fn construct(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.get(vm, 0);
    if !ops::is_constructor(vm, f) {
        return Err(vm.type_error("Reflect.construct target is not a constructor"));
    }
    let nt = if args.len() < 3 { f } else { args.get(vm, 2) };
    if !ops::is_constructor(vm, nt) {
        return Err(vm.type_error("Reflect.construct newTarget is not a constructor"));
    }
    let list = ops::create_list_from_array_like(vm, args.get(vm, 1))?;
    let (f, nt) = (
        args.get(vm, 0),
        if args.len() < 3 {
            args.get(vm, 0)
        } else {
            args.get(vm, 2)
        },
    );
    ops::construct(vm, f, &list, Some(nt))
}

/// Reflect.defineProperty(target, propertyKey, attributes)
/// <https://tc39.es/ecma262/#sec-reflect.defineproperty>
pub fn define_property(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If target is not an Object, throw a TypeError exception.
    target(vm, args.get(vm, 0))?;
    // 2. Let key be ? ToPropertyKey(propertyKey).
    let key = ops::to_property_key(vm, args.get(vm, 1))?;
    let ks = super::root_key(vm, key);
    // 3. Let desc be ? ToPropertyDescriptor(attributes).
    let desc = super::object::to_property_descriptor(vm, args.get(vm, 2));
    let key = super::rooted_key(vm, ks);
    vm.unroot(ks);
    let desc = desc?;
    // 4. Return ? target.[[DefineOwnProperty]](key, desc).
    let o = target(vm, args.get(vm, 0))?;
    Ok(Value::Boolean(object::define_own_property(
        vm, o, key, desc,
    )?))
}

/// Reflect.getOwnPropertyDescriptor(target, propertyKey)
/// <https://tc39.es/ecma262/#sec-reflect.getownpropertydescriptor>
pub fn get_own_property_descriptor(vm: &mut Vm, args: Args) -> JsResult {
    target(vm, args.get(vm, 0))?;
    let key = ops::to_property_key(vm, args.get(vm, 1))?;
    let o = target(vm, args.get(vm, 0))?;
    let desc = object::get_own_property(vm, o, key)?;
    super::object::from_property_descriptor(vm, desc)
}

/// Reflect.isExtensible(target) <https://tc39.es/ecma262/#sec-reflect.isextensible>
pub fn is_extensible(vm: &mut Vm, args: Args) -> JsResult {
    let o = target(vm, args.get(vm, 0))?;
    Ok(Value::Boolean(object::is_extensible(vm, o)?))
}

/// Reflect.preventExtensions(target) <https://tc39.es/ecma262/#sec-reflect.preventextensions>
pub fn prevent_extensions(vm: &mut Vm, args: Args) -> JsResult {
    let o = target(vm, args.get(vm, 0))?;
    Ok(Value::Boolean(object::prevent_extensions(vm, o)?))
}

/// Reflect.setPrototypeOf(target, proto) <https://tc39.es/ecma262/#sec-reflect.setprototypeof>
pub fn set_prototype_of(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If target is not an Object, throw a TypeError exception.
    let o = target(vm, args.get(vm, 0))?;
    // 2. If proto is not an Object and proto is not null, throw a TypeError exception.
    let proto = match args.get(vm, 1) {
        Value::Object(p) => Some(p),
        Value::Null => None,
        _ => return Err(vm.type_error("Object prototype may only be an Object or null")),
    };
    // 3. Return ? target.[[SetPrototypeOf]](proto).
    Ok(Value::Boolean(object::set_prototype_of(vm, o, proto)?))
}

pub fn delete_property(vm: &mut Vm, args: Args) -> JsResult {
    target(vm, args.get(vm, 0))?;
    let key = ops::to_property_key(vm, args.get(vm, 1))?;
    let o = target(vm, args.get(vm, 0))?;
    Ok(Value::Boolean(object::delete(vm, o, key)?))
}

pub fn get(vm: &mut Vm, args: Args) -> JsResult {
    target(vm, args.get(vm, 0))?;
    let key = ops::to_property_key(vm, args.get(vm, 1))?;
    let o = target(vm, args.get(vm, 0))?;
    let receiver = if args.len() > 2 {
        args.get(vm, 2)
    } else {
        Value::Object(o)
    };
    object::get(vm, o, key, receiver)
}

pub fn set(vm: &mut Vm, args: Args) -> JsResult {
    target(vm, args.get(vm, 0))?;
    let key = ops::to_property_key(vm, args.get(vm, 1))?;
    let o = target(vm, args.get(vm, 0))?;
    let receiver = if args.len() > 3 {
        args.get(vm, 3)
    } else {
        Value::Object(o)
    };
    let v = args.get(vm, 2);
    Ok(Value::Boolean(object::set(vm, o, key, v, receiver)?))
}

pub fn get_prototype_of(vm: &mut Vm, args: Args) -> JsResult {
    let o = target(vm, args.get(vm, 0))?;
    Ok(object::get_prototype_of(vm, o)?.map_or(Value::Null, Value::Object))
}

pub fn has(vm: &mut Vm, args: Args) -> JsResult {
    target(vm, args.get(vm, 0))?;
    let key = ops::to_property_key(vm, args.get(vm, 1))?;
    let o = target(vm, args.get(vm, 0))?;
    Ok(Value::Boolean(object::has_property(vm, o, key)?))
}

pub fn own_keys(vm: &mut Vm, args: Args) -> JsResult {
    let o = target(vm, args.get(vm, 0))?;
    let keys = object::own_property_keys(vm, o)?;
    let values: Vec<Value> = keys.into_iter().map(|k| ops::key_to_value(vm, k)).collect();
    Ok(Value::Object(ops::create_array_from_list(vm, &values)))
}
