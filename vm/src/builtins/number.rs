//! `Number` and `Number.prototype`. <https://tc39.es/ecma262/#sec-number-objects>

use super::{method, put};
use crate::natives::NativeId;
use crate::number::{number_to_string, number_to_string_radix};
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::{Object, ObjectKind, Value};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let np = vm
        .heap
        .alloc(Object::new(Some(op), ObjectKind::Number(0.0)));
    set_intrinsic(vm, Intrinsic::NumberPrototype, np);
    let c = super::constructor(vm, NativeId::Number, "Number", 1, np);
    set_intrinsic(vm, Intrinsic::Number, c);
    method(vm, np, "toString", NativeId::NumberPrototypeToString, 1);
    method(vm, np, "valueOf", NativeId::NumberPrototypeValueOf, 0);
    method(vm, c, "isNaN", NativeId::NumberIsNaN, 1);
    method(vm, c, "isInteger", NativeId::NumberIsInteger, 1);
    let constants: &[(&str, f64)] = &[
        ("EPSILON", f64::EPSILON),
        ("MAX_SAFE_INTEGER", 9007199254740991.0),
        ("MAX_VALUE", f64::MAX),
        ("MIN_SAFE_INTEGER", -9007199254740991.0),
        ("MIN_VALUE", 5e-324),
        ("NaN", f64::NAN),
        ("NEGATIVE_INFINITY", f64::NEG_INFINITY),
        ("POSITIVE_INFINITY", f64::INFINITY),
    ];
    for &(name, v) in constants {
        put(vm, c, name, Value::Number(v), 0);
    }
}

/// Number(value) <https://tc39.es/ecma262/#sec-number-constructor-number-value>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    let n = if args.is_empty() {
        0.0
    } else {
        match ops::to_numeric(vm, args.get(vm, 0))? {
            Value::BigInt(b) => crate::builtins::bigint::to_f64(vm.heap.get(b)),
            Value::Number(n) => n,
            _ => unreachable!(),
        }
    };
    let nt = args.new_target(vm);
    if nt.is_undefined() {
        return Ok(Value::Number(n));
    }
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::NumberPrototype,
        ObjectKind::Number(n),
    )?;
    Ok(Value::Object(o))
}

/// Number.prototype.toString(radix)
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    let x = super::this_number(vm, args.this(vm), "Number.prototype.toString")?;
    let r = args.get(vm, 0);
    let radix = if r.is_undefined() {
        10.0
    } else {
        ops::to_integer_or_infinity(vm, r)?
    };
    if !(2.0..=36.0).contains(&radix) {
        return Err(vm.range_error("toString() radix must be between 2 and 36"));
    }
    let s = if radix == 10.0 {
        number_to_string(x)
    } else {
        number_to_string_radix(x, radix as u32)
    };
    Ok(vm.string_from(&s))
}

pub fn value_of(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Number(super::this_number(
        vm,
        args.this(vm),
        "Number.prototype.valueOf",
    )?))
}

pub fn is_nan(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Boolean(
        matches!(args.get(vm, 0), Value::Number(n) if n.is_nan()),
    ))
}

pub fn is_integer(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Boolean(
        matches!(args.get(vm, 0), Value::Number(n) if n.is_finite() && n.trunc() == n),
    ))
}
