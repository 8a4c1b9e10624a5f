//! `Boolean` and `Boolean.prototype`. <https://tc39.es/ecma262/#sec-boolean-objects>

use super::method;
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::{Object, ObjectKind, Value};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let bp = vm
        .heap
        .alloc(Object::new(Some(op), ObjectKind::Boolean(false)));
    set_intrinsic(vm, Intrinsic::BooleanPrototype, bp);
    let c = super::constructor(vm, NativeId::Boolean, "Boolean", 1, bp);
    set_intrinsic(vm, Intrinsic::Boolean, c);
    method(vm, bp, "toString", NativeId::BooleanPrototypeToString, 0);
    method(vm, bp, "valueOf", NativeId::BooleanPrototypeValueOf, 0);
}

/// Boolean(value) <https://tc39.es/ecma262/#sec-boolean-constructor-boolean-value>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    let b = ops::to_boolean(vm, args.get(vm, 0));
    let nt = args.new_target(vm);
    if nt.is_undefined() {
        return Ok(Value::Boolean(b));
    }
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::BooleanPrototype,
        ObjectKind::Boolean(b),
    )?;
    Ok(Value::Object(o))
}

/// ThisBooleanValue(value) <https://tc39.es/ecma262/#sec-thisbooleanvalue>
fn this_boolean(vm: &mut Vm, v: Value) -> JsResult<bool> {
    match v {
        Value::Boolean(b) => Ok(b),
        Value::Object(o) => match vm.heap.get(o).kind {
            ObjectKind::Boolean(b) => Ok(b),
            _ => Err(vm.type_error("Boolean.prototype method requires that 'this' be a Boolean")),
        },
        _ => Err(vm.type_error("Boolean.prototype method requires that 'this' be a Boolean")),
    }
}

pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    let b = this_boolean(vm, args.this(vm))?;
    Ok(Value::String(vm.str(if b { "true" } else { "false" })))
}

pub fn value_of(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Boolean(this_boolean(vm, args.this(vm))?))
}
