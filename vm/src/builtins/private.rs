//! Private names and private elements (`#x` fields, methods and accessors of classes).
//! <https://tc39.es/ecma262/#sec-private-names>
//!
//! A Private Name is a heap object of kind [`ObjectKind::PrivateName`] bound in the class
//! scope under the name `#x`. Private elements are stored in the name, keyed by object
//! identity, so they are invisible to property enumeration, proxies and freezing. The
//! interpreter hands member accesses whose key is a Private Name to this module.

use crate::ops;
use crate::{JsResult, Vm};
use amber_heap::object::PrivateNameData;
use amber_heap::{Handle, JsString, Object, ObjectKind, Value};

pub const FIELD: u8 = 0;
pub const METHOD: u8 = 1;
pub const ACCESSOR: u8 = 2;

/// The Private Name a value is, if it is one.
#[inline]
pub fn as_private_name(vm: &Vm, v: Value) -> Option<Handle<Object>> {
    match v {
        Value::Object(o) if matches!(vm.heap.get(o).kind, ObjectKind::PrivateName(_)) => Some(o),
        _ => None,
    }
}

fn data(vm: &Vm, p: Handle<Object>) -> &PrivateNameData {
    match &vm.heap.get(p).kind {
        ObjectKind::PrivateName(d) => d,
        _ => unreachable!("not a private name"),
    }
}

fn data_mut(vm: &mut Vm, p: Handle<Object>) -> &mut PrivateNameData {
    match &mut vm.heap.get_mut(p).kind {
        ObjectKind::PrivateName(d) => d,
        _ => unreachable!("not a private name"),
    }
}

/// A new Private Name. <https://tc39.es/ecma262/#sec-private-names>
pub fn create(vm: &mut Vm, description: Handle<JsString>) -> Value {
    Value::Object(vm.heap.alloc(Object::new(
        None,
        ObjectKind::PrivateName(Box::new(PrivateNameData {
            description,
            kind: FIELD,
            method: Value::Undefined,
            setter: Value::Undefined,
            objects: Vec::new(),
            values: Vec::new(),
        })),
    )))
}

/// Records the method (kind 1), getter (2) or setter (3) of a private method or accessor.
pub fn set_method(vm: &mut Vm, p: Handle<Object>, f: Value, kind: i32) {
    let d = data_mut(vm, p);
    match kind {
        1 => {
            d.kind = METHOD;
            d.method = f;
        }
        2 => {
            d.kind = ACCESSOR;
            d.method = f;
        }
        _ => {
            d.kind = ACCESSOR;
            d.setter = f;
        }
    }
}

/// The description of a Private Name (`#x`), as a string.
pub fn description_handle(vm: &Vm, p: Handle<Object>) -> Handle<JsString> {
    data(vm, p).description
}

/// A private method's function (or a private accessor's getter) and a private accessor's
/// setter (`undefined` where there is none).
pub fn methods(vm: &Vm, p: Handle<Object>) -> (Value, Value) {
    let d = data(vm, p);
    (d.method, d.setter)
}

fn description(vm: &Vm, p: Handle<Object>) -> String {
    vm.rust_string(data(vm, p).description)
}

/// PrivateElementFind(O, P): the index of O's element.
fn find(vm: &Vm, o: Value, p: Handle<Object>) -> Option<usize> {
    let Value::Object(oh) = o else { return None };
    data(vm, p)
        .objects
        .iter()
        .position(|x| matches!(x, Value::Object(h) if *h == oh))
}

/// PrivateFieldAdd(O, P, value) and PrivateMethodOrAccessorAdd(O, method), with the
/// nonextensible-applies-to-private proposal's first step: a non-extensible object gets no
/// new private elements.
/// <https://tc39.es/ecma262/#sec-privatefieldadd>,
/// <https://tc39.es/proposal-nonextensible-applies-to-private/>
pub fn add(vm: &mut Vm, o: Value, p: Handle<Object>, value: Value) -> JsResult<()> {
    let Value::Object(oh) = o else {
        return Err(vm.type_error("Cannot add a private element to a non-object"));
    };
    // 1. If O.[[Extensible]] is false, throw a TypeError exception (the slot itself: no
    //    proxy trap runs).
    if !vm.heap.get(oh).extensible {
        let n = description(vm, p);
        return Err(vm.type_error(format!(
            "Cannot add private member {n} to a non-extensible object"
        )));
    }
    if find(vm, o, p).is_some() {
        let n = description(vm, p);
        return Err(vm.type_error(format!("Cannot initialize {n} twice on the same object")));
    }
    let d = data_mut(vm, p);
    d.objects.push(o);
    d.values.push(value);
    Ok(())
}

fn missing(vm: &mut Vm, p: Handle<Object>, verb: &str) -> crate::Throw {
    let n = description(vm, p);
    vm.type_error(format!(
        "Cannot {verb} private member {n} from an object whose class did not declare it"
    ))
}

/// PrivateGet(O, P). <https://tc39.es/ecma262/#sec-privateget>
pub fn get(vm: &mut Vm, o: Value, p: Handle<Object>) -> JsResult {
    let Some(i) = find(vm, o, p) else {
        return Err(missing(vm, p, "read"));
    };
    let d = data(vm, p);
    match d.kind {
        FIELD => Ok(d.values[i]),
        METHOD => Ok(d.method),
        _ => {
            let getter = d.method;
            if getter.is_undefined() {
                let n = description(vm, p);
                return Err(vm.type_error(format!("'{n}' was defined without a getter")));
            }
            ops::call(vm, getter, o, &[])
        }
    }
}

/// PrivateSet(O, P, value). <https://tc39.es/ecma262/#sec-privateset>
pub fn set(vm: &mut Vm, o: Value, p: Handle<Object>, value: Value) -> JsResult<()> {
    let Some(i) = find(vm, o, p) else {
        return Err(missing(vm, p, "write"));
    };
    let d = data_mut(vm, p);
    match d.kind {
        FIELD => {
            d.values[i] = value;
            Ok(())
        }
        METHOD => {
            let n = description(vm, p);
            Err(vm.type_error(format!("Private method {n} is not writable")))
        }
        _ => {
            let setter = d.setter;
            if setter.is_undefined() {
                let n = description(vm, p);
                return Err(vm.type_error(format!("'{n}' was defined without a setter")));
            }
            ops::call(vm, setter, o, &[value])?;
            Ok(())
        }
    }
}

/// `#x in o`: PrivateElementFind(o, P) is not empty.
/// <https://tc39.es/ecma262/#sec-relational-operators-runtime-semantics-evaluation>
pub fn has(vm: &mut Vm, o: Value, p: Handle<Object>) -> JsResult {
    if !matches!(o, Value::Object(_)) {
        return Err(
            vm.type_error("Cannot use 'in' operator to search for a private field in a non-object")
        );
    }
    Ok(Value::Boolean(find(vm, o, p).is_some()))
}
