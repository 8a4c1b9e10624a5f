//! Proxy exotic objects and the `Proxy` constructor.
//! <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots>
//!
//! Each internal method looks up its trap on the handler, calls it, and checks the result
//! against the target's invariants. The handler, target, trap and every value a method needs
//! after a call live in root slots (a trap is user code, and any collection moves objects);
//! each public entry point releases its slots on every path.

use super::{root_key, rooted_key};
use crate::natives::NativeId;
use crate::object::{self, PropertyDescriptor};
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::object::ProxyData;
use amber_heap::{Handle, Object, ObjectKind, PropertyKey, Value};

pub fn init(vm: &mut Vm) {
    let c = super::native_function(vm, NativeId::Proxy, "Proxy", 2, true);
    set_intrinsic(vm, Intrinsic::Proxy, c);
    super::global(vm, "Proxy", Value::Object(c));
    super::method(vm, c, "revocable", NativeId::ProxyRevocable, 2);
}

/// Runs `f` and releases every root slot it left behind.
fn scoped<T>(vm: &mut Vm, f: impl FnOnce(&mut Vm) -> JsResult<T>) -> JsResult<T> {
    let base = vm.roots.len();
    let r = f(vm);
    vm.roots.truncate(base);
    r
}

/// The root slots of one trap invocation: handler, target, trap (`undefined` when absent).
#[derive(Clone, Copy)]
struct Trap {
    base: usize,
}

impl Trap {
    fn handler(self, vm: &Vm) -> Value {
        vm.roots[self.base]
    }
    fn target(self, vm: &Vm) -> Handle<Object> {
        match vm.roots[self.base + 1] {
            Value::Object(t) => t,
            _ => unreachable!("proxy target slot holds a non-object"),
        }
    }
    fn target_value(self, vm: &Vm) -> Value {
        vm.roots[self.base + 1]
    }
    /// The trap function, or `None` when the handler does not define it.
    fn function(self, vm: &Vm) -> Option<Value> {
        let t = vm.roots[self.base + 2];
        (!t.is_undefined()).then_some(t)
    }
    /// Call(trap, handler, args).
    fn call(self, vm: &mut Vm, args: &[Value]) -> JsResult {
        let (f, h) = (vm.roots[self.base + 2], self.handler(vm));
        ops::call(vm, f, h, args)
    }
}

/// Steps 1-6 shared by every internal method: check the proxy is not revoked, then
/// `trap = ? GetMethod(handler, name)`.
fn open(vm: &mut Vm, proxy: Handle<Object>, name: &str) -> JsResult<Trap> {
    let (target, handler) = match &vm.heap.get(proxy).kind {
        ObjectKind::Proxy(p) => (p.target, p.handler),
        _ => unreachable!("proxy internal method on a non-proxy"),
    };
    // 1-3. If O.[[ProxyHandler]] is null, throw a TypeError exception.
    let (Some(target), Some(handler)) = (target, handler) else {
        return Err(vm.type_error(format!(
            "Cannot perform '{name}' on a proxy that has been revoked"
        )));
    };
    let base = vm.root(Value::Object(handler));
    vm.root(Value::Object(target));
    // 6. Let trap be ? GetMethod(handler, name).
    let key = vm.key(name);
    let trap = ops::get_method(vm, Value::Object(handler), key)?;
    vm.root(trap.unwrap_or(Value::Undefined));
    Ok(Trap { base })
}

/// Keeps a descriptor's values in root slots; [`reload_desc`] reads them back.
fn root_desc(vm: &mut Vm, d: &Option<PropertyDescriptor>) -> usize {
    let d = d.unwrap_or_default();
    let slot = vm.root(d.value.unwrap_or(Value::Undefined));
    vm.root(d.get.unwrap_or(Value::Undefined));
    vm.root(d.set.unwrap_or(Value::Undefined));
    slot
}

fn reload_desc(vm: &Vm, slot: usize, d: Option<PropertyDescriptor>) -> Option<PropertyDescriptor> {
    d.map(|mut d| {
        if d.value.is_some() {
            d.value = Some(vm.roots[slot]);
        }
        if d.get.is_some() {
            d.get = Some(vm.roots[slot + 1]);
        }
        if d.set.is_some() {
            d.set = Some(vm.roots[slot + 2]);
        }
        d
    })
}

fn key_arg(vm: &mut Vm, key_slot: usize) -> Value {
    let key = rooted_key(vm, key_slot);
    ops::key_to_value(vm, key)
}

/// CompletePropertyDescriptor(Desc). <https://tc39.es/ecma262/#sec-completepropertydescriptor>
pub fn complete_property_descriptor(d: &mut PropertyDescriptor) {
    if d.is_generic() || d.is_data() {
        d.value.get_or_insert(Value::Undefined);
        d.writable.get_or_insert(false);
    } else {
        d.get.get_or_insert(Value::Undefined);
        d.set.get_or_insert(Value::Undefined);
    }
    d.enumerable.get_or_insert(false);
    d.configurable.get_or_insert(false);
}

// --- the internal methods -------------------------------------------------------------------

/// <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots-getprototypeof>
pub fn get_prototype_of(vm: &mut Vm, o: Handle<Object>) -> JsResult<Option<Handle<Object>>> {
    scoped(vm, |vm| {
        let t = open(vm, o, "getPrototypeOf")?;
        // 7. If trap is undefined, return ? target.[[GetPrototypeOf]]().
        if t.function(vm).is_none() {
            return object::get_prototype_of(vm, t.target(vm));
        }
        // 8. Let handlerProto be ? Call(trap, handler, « target »).
        let target = t.target_value(vm);
        let handler_proto = t.call(vm, &[target])?;
        // 9. If handlerProto is not an Object and handlerProto is not null, throw a TypeError.
        let handler_proto = match handler_proto {
            Value::Object(p) => Some(p),
            Value::Null => None,
            _ => {
                return Err(vm.type_error(
                    "'getPrototypeOf' on proxy: trap returned neither object nor null",
                ))
            }
        };
        let hp = vm.root(handler_proto.map_or(Value::Null, Value::Object));
        // 10-11. If ? IsExtensible(target) is true, return handlerProto.
        if object::is_extensible(vm, t.target(vm))? {
            return Ok(proto_of(vm.rooted(hp)));
        }
        // 12. Let targetProto be ? target.[[GetPrototypeOf]]().
        let target_proto = object::get_prototype_of(vm, t.target(vm))?;
        // 13. If SameValue(handlerProto, targetProto) is false, throw a TypeError exception.
        let handler_proto = proto_of(vm.rooted(hp));
        if handler_proto != target_proto {
            return Err(vm.type_error("'getPrototypeOf' on proxy: proxy target is non-extensible but the trap did not return its actual prototype"));
        }
        Ok(handler_proto)
    })
}

fn proto_of(v: Value) -> Option<Handle<Object>> {
    match v {
        Value::Object(p) => Some(p),
        _ => None,
    }
}

/// <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots-setprototypeof-v>
pub fn set_prototype_of(
    vm: &mut Vm,
    o: Handle<Object>,
    v: Option<Handle<Object>>,
) -> JsResult<bool> {
    scoped(vm, |vm| {
        let vs = vm.root(v.map_or(Value::Null, Value::Object));
        let t = open(vm, o, "setPrototypeOf")?;
        // 7. If trap is undefined, return ? target.[[SetPrototypeOf]](V).
        if t.function(vm).is_none() {
            let v = proto_of(vm.rooted(vs));
            return object::set_prototype_of(vm, t.target(vm), v);
        }
        // 8. Let booleanTrapResult be ToBoolean(? Call(trap, handler, « target, V »)).
        let args = [t.target_value(vm), vm.rooted(vs)];
        let r = t.call(vm, &args)?;
        // 9. If booleanTrapResult is false, return false.
        if !ops::to_boolean(vm, r) {
            return Ok(false);
        }
        // 10-11. If ? IsExtensible(target) is true, return true.
        if object::is_extensible(vm, t.target(vm))? {
            return Ok(true);
        }
        // 12-13. If SameValue(V, ? target.[[GetPrototypeOf]]()) is false, throw a TypeError.
        let target_proto = object::get_prototype_of(vm, t.target(vm))?;
        if proto_of(vm.rooted(vs)) != target_proto {
            return Err(vm.type_error("'setPrototypeOf' on proxy: trap returned truish for setting a new prototype on the non-extensible proxy target"));
        }
        // 14. Return true.
        Ok(true)
    })
}

/// <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots-isextensible>
pub fn is_extensible(vm: &mut Vm, o: Handle<Object>) -> JsResult<bool> {
    scoped(vm, |vm| {
        let t = open(vm, o, "isExtensible")?;
        // 7. If trap is undefined, return ? IsExtensible(target).
        if t.function(vm).is_none() {
            return object::is_extensible(vm, t.target(vm));
        }
        // 8. Let booleanTrapResult be ToBoolean(? Call(trap, handler, « target »)).
        let target = t.target_value(vm);
        let r = t.call(vm, &[target])?;
        let result = ops::to_boolean(vm, r);
        // 9-10. If booleanTrapResult is not targetResult, throw a TypeError exception.
        if object::is_extensible(vm, t.target(vm))? != result {
            return Err(vm.type_error(
                "'isExtensible' on proxy: trap result does not reflect extensibility of proxy target",
            ));
        }
        Ok(result)
    })
}

/// <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots-preventextensions>
pub fn prevent_extensions(vm: &mut Vm, o: Handle<Object>) -> JsResult<bool> {
    scoped(vm, |vm| {
        let t = open(vm, o, "preventExtensions")?;
        // 7. If trap is undefined, return ? target.[[PreventExtensions]]().
        if t.function(vm).is_none() {
            return object::prevent_extensions(vm, t.target(vm));
        }
        // 8. Let booleanTrapResult be ToBoolean(? Call(trap, handler, « target »)).
        let target = t.target_value(vm);
        let r = t.call(vm, &[target])?;
        let result = ops::to_boolean(vm, r);
        // 9. If booleanTrapResult is true, the target must now be non-extensible.
        if result && object::is_extensible(vm, t.target(vm))? {
            return Err(vm.type_error(
                "'preventExtensions' on proxy: trap returned truish but the proxy target is extensible",
            ));
        }
        Ok(result)
    })
}

/// <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots-getownproperty-p>
pub fn get_own_property(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
) -> JsResult<Option<PropertyDescriptor>> {
    scoped(vm, |vm| {
        let ks = root_key(vm, key);
        let t = open(vm, o, "getOwnPropertyDescriptor")?;
        // 7. If trap is undefined, return ? target.[[GetOwnProperty]](P).
        if t.function(vm).is_none() {
            let key = rooted_key(vm, ks);
            return object::get_own_property(vm, t.target(vm), key);
        }
        // 8. Let trapResultObj be ? Call(trap, handler, « target, P »).
        let args = [t.target_value(vm), key_arg(vm, ks)];
        let result = t.call(vm, &args)?;
        // 9. If trapResultObj is neither an Object nor undefined, throw a TypeError exception.
        if !matches!(result, Value::Object(_) | Value::Undefined) {
            return Err(vm.type_error(
                "'getOwnPropertyDescriptor' on proxy: trap returned neither object nor undefined",
            ));
        }
        let rs = vm.root(result);
        // 10. Let targetDesc be ? target.[[GetOwnProperty]](P).
        let key = rooted_key(vm, ks);
        let target_desc = object::get_own_property(vm, t.target(vm), key)?;
        let ts = root_desc(vm, &target_desc);
        // 11. If trapResultObj is undefined, then
        if vm.rooted(rs).is_undefined() {
            // a. If targetDesc is undefined, return undefined.
            let Some(td) = target_desc else {
                return Ok(None);
            };
            // b. If targetDesc.[[Configurable]] is false, throw a TypeError exception.
            if td.configurable == Some(false) {
                return Err(vm.type_error("'getOwnPropertyDescriptor' on proxy: trap returned undefined for a non-configurable property"));
            }
            // c-e. If ? IsExtensible(target) is false, throw a TypeError exception.
            if !object::is_extensible(vm, t.target(vm))? {
                return Err(vm.type_error("'getOwnPropertyDescriptor' on proxy: trap returned undefined for a property of a non-extensible target"));
            }
            return Ok(None);
        }
        // 12. Let extensibleTarget be ? IsExtensible(target).
        let extensible = object::is_extensible(vm, t.target(vm))?;
        // 13. Let resultDesc be ? ToPropertyDescriptor(trapResultObj).
        let r = vm.rooted(rs);
        let mut result_desc = super::object::to_property_descriptor(vm, r)?;
        // 14. Perform CompletePropertyDescriptor(resultDesc).
        complete_property_descriptor(&mut result_desc);
        let target_desc = reload_desc(vm, ts, target_desc);
        // 15-16. If IsCompatiblePropertyDescriptor(...) is false, throw a TypeError exception.
        if !object::is_compatible_property_descriptor(vm, extensible, &result_desc, target_desc) {
            return Err(vm.type_error("'getOwnPropertyDescriptor' on proxy: trap returned a descriptor incompatible with the target property"));
        }
        // 17. If resultDesc.[[Configurable]] is false, then
        if result_desc.configurable == Some(false) {
            // a. If targetDesc is undefined or targetDesc.[[Configurable]] is true, throw.
            match target_desc {
                Some(td) if td.configurable == Some(false) => {
                    // b. If resultDesc has a [[Writable]] field and resultDesc.[[Writable]] is
                    //    false, then targetDesc.[[Writable]] must be false too.
                    if result_desc.writable == Some(false) && td.writable == Some(true) {
                        return Err(vm.type_error("'getOwnPropertyDescriptor' on proxy: trap reported a non-writable property for a writable target property"));
                    }
                }
                _ => {
                    return Err(vm.type_error("'getOwnPropertyDescriptor' on proxy: trap reported non-configurability for a configurable or missing property"));
                }
            }
        }
        // 18. Return resultDesc.
        Ok(Some(result_desc))
    })
}

/// <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots-defineownproperty-p-desc>
pub fn define_own_property(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> JsResult<bool> {
    scoped(vm, |vm| {
        let ks = root_key(vm, key);
        let ds = root_desc(vm, &Some(desc));
        let t = open(vm, o, "defineProperty")?;
        // 7. If trap is undefined, return ? target.[[DefineOwnProperty]](P, Desc).
        if t.function(vm).is_none() {
            let key = rooted_key(vm, ks);
            let desc = reload_desc(vm, ds, Some(desc)).unwrap_or_default();
            return object::define_own_property(vm, t.target(vm), key, desc);
        }
        // 8. Let descObj be FromPropertyDescriptor(Desc).
        let desc = reload_desc(vm, ds, Some(desc));
        let desc_obj = super::object::from_property_descriptor(vm, desc)?;
        // 9. Let booleanTrapResult be ToBoolean(? Call(trap, handler, « target, P, descObj »)).
        let args = [t.target_value(vm), key_arg(vm, ks), desc_obj];
        let r = t.call(vm, &args)?;
        // 10. If booleanTrapResult is false, return false.
        if !ops::to_boolean(vm, r) {
            return Ok(false);
        }
        // 11. Let targetDesc be ? target.[[GetOwnProperty]](P).
        let key = rooted_key(vm, ks);
        let target_desc = object::get_own_property(vm, t.target(vm), key)?;
        let ts = root_desc(vm, &target_desc);
        // 12. Let extensibleTarget be ? IsExtensible(target).
        let extensible = object::is_extensible(vm, t.target(vm))?;
        let target_desc = reload_desc(vm, ts, target_desc);
        let desc = reload_desc(vm, ds, desc).unwrap_or_default();
        // 13-14. Let settingConfigFalse be Desc has [[Configurable]] false.
        let setting_config_false = desc.configurable == Some(false);
        match target_desc {
            // 15. If targetDesc is undefined, then
            None => {
                // a. If extensibleTarget is false, throw a TypeError exception.
                if !extensible {
                    return Err(vm.type_error("'defineProperty' on proxy: trap returned truish for adding a property to the non-extensible target"));
                }
                // b. If settingConfigFalse is true, throw a TypeError exception.
                if setting_config_false {
                    return Err(vm.type_error("'defineProperty' on proxy: trap returned truish for defining a non-configurable property which does not exist on the target"));
                }
            }
            // 16. Else,
            Some(td) => {
                // a. If IsCompatiblePropertyDescriptor(extensibleTarget, Desc, targetDesc) is
                //    false, throw a TypeError exception.
                if !object::is_compatible_property_descriptor(vm, extensible, &desc, Some(td)) {
                    return Err(vm.type_error("'defineProperty' on proxy: trap returned truish for adding a property that is incompatible with the existing property on the target"));
                }
                // b. If settingConfigFalse is true and targetDesc.[[Configurable]] is true,
                //    throw a TypeError exception.
                if setting_config_false && td.configurable == Some(true) {
                    return Err(vm.type_error("'defineProperty' on proxy: trap returned truish for defining a non-configurable property which is configurable on the target"));
                }
                // c. If IsDataDescriptor(targetDesc) is true, targetDesc.[[Configurable]] is
                //    false, and targetDesc.[[Writable]] is true, then Desc must not make it
                //    non-writable.
                if td.is_data()
                    && td.configurable == Some(false)
                    && td.writable == Some(true)
                    && desc.writable == Some(false)
                {
                    return Err(vm.type_error("'defineProperty' on proxy: trap returned truish for making a non-configurable writable property non-writable"));
                }
            }
        }
        // 17. Return true.
        Ok(true)
    })
}

/// <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots-hasproperty-p>
pub fn has_property(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) -> JsResult<bool> {
    scoped(vm, |vm| {
        let ks = root_key(vm, key);
        let t = open(vm, o, "has")?;
        // 7. If trap is undefined, return ? target.[[HasProperty]](P).
        if t.function(vm).is_none() {
            let key = rooted_key(vm, ks);
            return object::has_property(vm, t.target(vm), key);
        }
        // 8. Let booleanTrapResult be ToBoolean(? Call(trap, handler, « target, P »)).
        let args = [t.target_value(vm), key_arg(vm, ks)];
        let r = t.call(vm, &args)?;
        let result = ops::to_boolean(vm, r);
        // 9. If booleanTrapResult is false, then
        if !result {
            // a. Let targetDesc be ? target.[[GetOwnProperty]](P).
            let key = rooted_key(vm, ks);
            if let Some(td) = object::get_own_property(vm, t.target(vm), key)? {
                // i. If targetDesc.[[Configurable]] is false, throw a TypeError exception.
                if td.configurable == Some(false) {
                    return Err(vm.type_error(
                        "'has' on proxy: trap returned falsish for a non-configurable property",
                    ));
                }
                // ii-iii. If ? IsExtensible(target) is false, throw a TypeError exception.
                if !object::is_extensible(vm, t.target(vm))? {
                    return Err(vm.type_error("'has' on proxy: trap returned falsish for a property of a non-extensible target"));
                }
            }
        }
        // 10. Return booleanTrapResult.
        Ok(result)
    })
}

/// <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots-get-p-receiver>
pub fn get(vm: &mut Vm, o: Handle<Object>, key: PropertyKey, receiver: Value) -> JsResult {
    scoped(vm, |vm| {
        let rs = vm.root(receiver);
        let ks = root_key(vm, key);
        let t = open(vm, o, "get")?;
        // 7. If trap is undefined, return ? target.[[Get]](P, Receiver).
        if t.function(vm).is_none() {
            let key = rooted_key(vm, ks);
            let receiver = vm.rooted(rs);
            return object::get(vm, t.target(vm), key, receiver);
        }
        // 8. Let trapResult be ? Call(trap, handler, « target, P, Receiver »).
        let args = [t.target_value(vm), key_arg(vm, ks), vm.rooted(rs)];
        let result = t.call(vm, &args)?;
        let res = vm.root(result);
        // 9. Let targetDesc be ? target.[[GetOwnProperty]](P).
        let key = rooted_key(vm, ks);
        let target_desc = object::get_own_property(vm, t.target(vm), key)?;
        let result = vm.rooted(res);
        // 10. If targetDesc is not undefined and targetDesc.[[Configurable]] is false, then
        if let Some(td) = target_desc {
            if td.configurable == Some(false) {
                // a. A non-writable data property must report its value.
                if td.is_data() && td.writable == Some(false) {
                    let v = td.value.unwrap_or(Value::Undefined);
                    if !ops::same_value(vm, result, v) {
                        return Err(vm.type_error("'get' on proxy: property is a read-only and non-configurable data property on the proxy target but the proxy did not return its actual value"));
                    }
                }
                // b. An accessor without a getter must report undefined.
                if td.is_accessor()
                    && td.get.unwrap_or(Value::Undefined).is_undefined()
                    && !result.is_undefined()
                {
                    return Err(vm.type_error("'get' on proxy: property is a non-configurable accessor property on the proxy target and does not have a getter function, but the trap did not return 'undefined'"));
                }
            }
        }
        // 11. Return trapResult.
        Ok(result)
    })
}

/// <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots-set-p-v-receiver>
pub fn set(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
    value: Value,
    receiver: Value,
) -> JsResult<bool> {
    scoped(vm, |vm| {
        let vs = vm.root(value);
        let rs = vm.root(receiver);
        let ks = root_key(vm, key);
        let t = open(vm, o, "set")?;
        // 7. If trap is undefined, return ? target.[[Set]](P, V, Receiver).
        if t.function(vm).is_none() {
            let key = rooted_key(vm, ks);
            let (v, r) = (vm.rooted(vs), vm.rooted(rs));
            return object::set(vm, t.target(vm), key, v, r);
        }
        // 8. Let booleanTrapResult be ToBoolean(? Call(trap, handler, « target, P, V, Receiver »)).
        let args = [
            t.target_value(vm),
            key_arg(vm, ks),
            vm.rooted(vs),
            vm.rooted(rs),
        ];
        let r = t.call(vm, &args)?;
        // 9. If booleanTrapResult is false, return false.
        if !ops::to_boolean(vm, r) {
            return Ok(false);
        }
        // 10. Let targetDesc be ? target.[[GetOwnProperty]](P).
        let key = rooted_key(vm, ks);
        let target_desc = object::get_own_property(vm, t.target(vm), key)?;
        // 11. If targetDesc is not undefined and targetDesc.[[Configurable]] is false, then
        if let Some(td) = target_desc {
            if td.configurable == Some(false) {
                // a. A non-writable data property cannot be set to another value.
                if td.is_data() && td.writable == Some(false) {
                    let v = vm.rooted(vs);
                    if !ops::same_value(vm, v, td.value.unwrap_or(Value::Undefined)) {
                        return Err(vm.type_error("'set' on proxy: trap returned truish for property which exists in the proxy target as a non-configurable and non-writable data property with a different value"));
                    }
                }
                // b. An accessor without a setter cannot be set.
                if td.is_accessor() && td.set.unwrap_or(Value::Undefined).is_undefined() {
                    return Err(vm.type_error("'set' on proxy: trap returned truish for property which exists in the proxy target as a non-configurable and writable accessor property without a setter"));
                }
            }
        }
        // 12. Return true.
        Ok(true)
    })
}

/// <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots-delete-p>
pub fn delete(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) -> JsResult<bool> {
    scoped(vm, |vm| {
        let ks = root_key(vm, key);
        let t = open(vm, o, "deleteProperty")?;
        // 7. If trap is undefined, return ? target.[[Delete]](P).
        if t.function(vm).is_none() {
            let key = rooted_key(vm, ks);
            return object::delete(vm, t.target(vm), key);
        }
        // 8. Let booleanTrapResult be ToBoolean(? Call(trap, handler, « target, P »)).
        let args = [t.target_value(vm), key_arg(vm, ks)];
        let r = t.call(vm, &args)?;
        // 9. If booleanTrapResult is false, return false.
        if !ops::to_boolean(vm, r) {
            return Ok(false);
        }
        // 10. Let targetDesc be ? target.[[GetOwnProperty]](P).
        let key = rooted_key(vm, ks);
        let Some(td) = object::get_own_property(vm, t.target(vm), key)? else {
            // 11. If targetDesc is undefined, return true.
            return Ok(true);
        };
        // 12. If targetDesc.[[Configurable]] is false, throw a TypeError exception.
        if td.configurable == Some(false) {
            return Err(vm.type_error(
                "'deleteProperty' on proxy: trap returned truish for a non-configurable property",
            ));
        }
        // 13-14. If ? IsExtensible(target) is false, throw a TypeError exception.
        if !object::is_extensible(vm, t.target(vm))? {
            return Err(vm.type_error("'deleteProperty' on proxy: trap returned truish for a property of a non-extensible target"));
        }
        // 15. Return true.
        Ok(true)
    })
}

/// <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots-ownpropertykeys>
pub fn own_property_keys(vm: &mut Vm, o: Handle<Object>) -> JsResult<Vec<PropertyKey>> {
    scoped(vm, |vm| {
        let t = open(vm, o, "ownKeys")?;
        // 7. If trap is undefined, return ? target.[[OwnPropertyKeys]]().
        if t.function(vm).is_none() {
            return object::own_property_keys(vm, t.target(vm));
        }
        // 8. Let trapResultArray be ? Call(trap, handler, « target »).
        let target = t.target_value(vm);
        let array = t.call(vm, &[target])?;
        // 9. Let trapResult be ? CreateListFromArrayLike(trapResultArray, « String, Symbol »).
        let list = ops::create_list_from_array_like(vm, array)?;
        if list
            .iter()
            .any(|v| !matches!(v, Value::String(_) | Value::Symbol(_)))
        {
            return Err(vm.type_error("'ownKeys' on proxy: trap returned an element that is neither a string nor a symbol"));
        }
        let trap_result: Vec<PropertyKey> = list
            .iter()
            .map(|&v| match v {
                Value::String(s) => ops::key_from_string(vm, s),
                Value::Symbol(s) => PropertyKey::Symbol(s),
                _ => unreachable!(),
            })
            .collect();
        // 10. If trapResult contains any duplicate entries, throw a TypeError exception.
        for (i, k) in trap_result.iter().enumerate() {
            if trap_result[..i].contains(k) {
                return Err(vm.type_error("'ownKeys' on proxy: trap returned duplicate entries"));
            }
        }
        let result_base = vm.roots.len();
        for &k in &trap_result {
            root_key(vm, k);
        }
        let n = trap_result.len();
        // 11. Let extensibleTarget be ? IsExtensible(target).
        let extensible = object::is_extensible(vm, t.target(vm))?;
        // 12. Let targetKeys be ? target.[[OwnPropertyKeys]]().
        let target_keys = object::own_property_keys(vm, t.target(vm))?;
        let keys_base = vm.roots.len();
        for &k in &target_keys {
            root_key(vm, k);
        }
        // 15-17. Sort the target's keys by configurability.
        let mut nonconfigurable = Vec::new();
        for i in 0..target_keys.len() {
            let key = rooted_key(vm, keys_base + i);
            let desc = object::get_own_property(vm, t.target(vm), key)?;
            nonconfigurable.push(matches!(desc, Some(d) if d.configurable == Some(false)));
        }
        let trap_result: Vec<PropertyKey> =
            (0..n).map(|i| rooted_key(vm, result_base + i)).collect();
        let target_keys: Vec<PropertyKey> = (0..target_keys.len())
            .map(|i| rooted_key(vm, keys_base + i))
            .collect();
        // 18. If extensibleTarget is true and targetNonconfigurableKeys is empty, return
        //     trapResult.
        if extensible && !nonconfigurable.contains(&true) {
            return Ok(trap_result);
        }
        // 19. Let uncheckedResultKeys be a List whose elements are the elements of trapResult.
        let mut unchecked: Vec<Option<PropertyKey>> =
            trap_result.iter().copied().map(Some).collect();
        let mut take = |key: PropertyKey| -> bool {
            match unchecked.iter().position(|k| *k == Some(key)) {
                Some(i) => {
                    unchecked[i] = None;
                    true
                }
                None => false,
            }
        };
        // 20. Every non-configurable key must be reported.
        for (i, &key) in target_keys.iter().enumerate() {
            if nonconfigurable[i] && !take(key) {
                return Err(vm.type_error("'ownKeys' on proxy: trap result did not include a non-configurable key of the target"));
            }
        }
        // 21. If extensibleTarget is true, return trapResult.
        if extensible {
            return Ok(trap_result);
        }
        // 22. Every configurable key of a non-extensible target must be reported too.
        for (i, &key) in target_keys.iter().enumerate() {
            if !nonconfigurable[i] && !take(key) {
                return Err(vm.type_error("'ownKeys' on proxy: trap result did not include a key of the non-extensible target"));
            }
        }
        // 23. If uncheckedResultKeys is not empty, throw a TypeError exception.
        if unchecked.iter().any(Option::is_some) {
            return Err(vm.type_error("'ownKeys' on proxy: trap returned extra keys but the proxy target is non-extensible"));
        }
        // 24. Return trapResult.
        Ok(trap_result)
    })
}

/// <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots-call-thisargument-argumentslist>
pub fn call(vm: &mut Vm, o: Handle<Object>, this: Value, args: &[Value]) -> JsResult {
    scoped(vm, |vm| {
        let ts = vm.root(this);
        let args_base = vm.roots.len();
        vm.roots.extend_from_slice(args);
        let n = args.len();
        let t = open(vm, o, "apply")?;
        let args: Vec<Value> = vm.roots[args_base..args_base + n].to_vec();
        let this = vm.rooted(ts);
        // 7. If trap is undefined, return ? Call(target, thisArgument, argumentsList).
        if t.function(vm).is_none() {
            return ops::call(vm, t.target_value(vm), this, &args);
        }
        // 8. Let argArray be CreateArrayFromList(argumentsList).
        let array = ops::create_array_from_list(vm, &args);
        // 9. Return ? Call(trap, handler, « target, thisArgument, argArray »).
        let call_args = [t.target_value(vm), this, Value::Object(array)];
        t.call(vm, &call_args)
    })
}

/// <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots-construct-argumentslist-newtarget>
pub fn construct(vm: &mut Vm, o: Handle<Object>, args: &[Value], new_target: Value) -> JsResult {
    scoped(vm, |vm| {
        let ns = vm.root(new_target);
        let args_base = vm.roots.len();
        vm.roots.extend_from_slice(args);
        let n = args.len();
        let t = open(vm, o, "construct")?;
        let args: Vec<Value> = vm.roots[args_base..args_base + n].to_vec();
        let new_target = vm.rooted(ns);
        // 7-8. If trap is undefined, return ? Construct(target, argumentsList, newTarget).
        if t.function(vm).is_none() {
            return ops::construct(vm, t.target_value(vm), &args, Some(new_target));
        }
        // 9. Let argArray be CreateArrayFromList(argumentsList).
        let array = ops::create_array_from_list(vm, &args);
        // 10. Let newObj be ? Call(trap, handler, « target, argArray, newTarget »).
        let call_args = [t.target_value(vm), Value::Object(array), new_target];
        let new_obj = t.call(vm, &call_args)?;
        // 11. If newObj is not an Object, throw a TypeError exception.
        if !matches!(new_obj, Value::Object(_)) {
            return Err(vm.type_error("'construct' on proxy: trap returned non-object"));
        }
        Ok(new_obj)
    })
}

// --- the constructor ------------------------------------------------------------------------

/// ProxyCreate(target, handler). <https://tc39.es/ecma262/#sec-proxycreate>
pub fn proxy_create(vm: &mut Vm, target: Value, handler: Value) -> JsResult<Handle<Object>> {
    // 1. If target is not an Object, throw a TypeError exception.
    let Value::Object(target) = target else {
        return Err(vm.type_error("Cannot create proxy with a non-object as target or handler"));
    };
    // 2. If handler is not an Object, throw a TypeError exception.
    let Value::Object(handler) = handler else {
        return Err(vm.type_error("Cannot create proxy with a non-object as target or handler"));
    };
    // 3-7. A proxy is callable (and a constructor) exactly when its target is.
    let callable = ops::is_callable(vm, Value::Object(target));
    let constructor = callable && ops::is_constructor(vm, Value::Object(target));
    Ok(vm.heap.alloc(Object::new(
        None,
        ObjectKind::Proxy(Box::new(ProxyData {
            target: Some(target),
            handler: Some(handler),
            callable,
            constructor,
        })),
    )))
}

/// Proxy(target, handler). <https://tc39.es/ecma262/#sec-proxy-target-handler>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if args.new_target(vm).is_undefined() {
        return Err(vm.type_error("Constructor Proxy requires 'new'"));
    }
    // 2. Return ? ProxyCreate(target, handler).
    let (t, h) = (args.get(vm, 0), args.get(vm, 1));
    Ok(Value::Object(proxy_create(vm, t, h)?))
}

/// Proxy.revocable(target, handler). <https://tc39.es/ecma262/#sec-proxy.revocable>
pub fn revocable(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let proxy be ? ProxyCreate(target, handler).
    let (t, h) = (args.get(vm, 0), args.get(vm, 1));
    let proxy = proxy_create(vm, t, h)?;
    // 2-4. Let revoker be CreateBuiltinFunction(revokerClosure, 0, "", « [[RevocableProxy]] »).
    let revoker = super::native_function(vm, NativeId::ProxyRevoke, "", 0, false);
    if let ObjectKind::Native(n) = &mut vm.heap.get_mut(revoker).kind {
        n.slots.push(Value::Object(proxy));
    }
    // 5-8. Return { proxy, revoke }.
    let result = super::ordinary(vm, Intrinsic::ObjectPrototype);
    let (pk, rk) = (vm.key("proxy"), vm.key("revoke"));
    super::add(
        vm,
        result,
        pk,
        Value::Object(proxy),
        amber_heap::attrs::DEFAULT,
    );
    super::add(
        vm,
        result,
        rk,
        Value::Object(revoker),
        amber_heap::attrs::DEFAULT,
    );
    Ok(Value::Object(result))
}

/// A Proxy revocation function. <https://tc39.es/ecma262/#sec-proxy-revocation-functions>
pub fn revoke(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.callee(vm);
    // 1-3. Let p be F.[[RevocableProxy]]; if it is null, return undefined; set it to null.
    let p = match &mut vm.heap.get_mut(f).kind {
        ObjectKind::Native(n) => n.slots.pop(),
        _ => None,
    };
    // 4-6. Set p.[[ProxyTarget]] and p.[[ProxyHandler]] to null.
    if let Some(Value::Object(p)) = p {
        if let ObjectKind::Proxy(d) = &mut vm.heap.get_mut(p).kind {
            d.target = None;
            d.handler = None;
        }
    }
    Ok(Value::Undefined)
}
