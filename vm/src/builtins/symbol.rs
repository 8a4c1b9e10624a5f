//! `Symbol` and `Symbol.prototype`. <https://tc39.es/ecma262/#sec-symbol-objects>

use super::{accessor, method, put};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic, WellKnown};
use crate::{Args, JsResult, Vm};
use amber_heap::{attrs, Handle, ObjectKind, Symbol, Value};

pub fn init(vm: &mut Vm) {
    let sp = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::SymbolPrototype, sp);
    let c = super::constructor(vm, NativeId::Symbol, "Symbol", 0, sp);
    set_intrinsic(vm, Intrinsic::Symbol, c);
    method(vm, c, "for", NativeId::SymbolFor, 1);
    method(vm, c, "keyFor", NativeId::SymbolKeyFor, 1);
    for &(which, desc) in WellKnown::ALL {
        let name = desc.trim_start_matches("Symbol.");
        let sym = vm.agent.symbols[which as usize];
        put(vm, c, name, Value::Symbol(sym), 0);
    }
    method(vm, sp, "toString", NativeId::SymbolPrototypeToString, 0);
    method(vm, sp, "valueOf", NativeId::SymbolPrototypeValueOf, 0);
    let dk = vm.key("description");
    accessor(
        vm,
        sp,
        dk,
        "description",
        Some(NativeId::SymbolPrototypeDescription),
        None,
    );
    super::symbol_method(
        vm,
        sp,
        WellKnown::ToPrimitive,
        "[Symbol.toPrimitive]",
        NativeId::SymbolPrototypeToPrimitive,
        1,
        attrs::CONFIGURABLE,
    );
    super::iterators::tag(vm, sp, "Symbol");
}

/// Symbol(description) <https://tc39.es/ecma262/#sec-symbol-description>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    if !args.new_target(vm).is_undefined() {
        return Err(vm.type_error("Symbol is not a constructor"));
    }
    let d = args.get(vm, 0);
    let description = if d.is_undefined() {
        None
    } else {
        Some(ops::to_string(vm, d)?)
    };
    Ok(Value::Symbol(vm.heap.alloc(Symbol {
        description,
        registered: false,
    })))
}

/// Symbol.for(key)
pub fn symbol_for(vm: &mut Vm, args: Args) -> JsResult {
    let key = ops::to_string(vm, args.get(vm, 0))?;
    let units = vm.heap.string_units(key).to_vec();
    for &(k, s) in &vm.agent.registry {
        if vm.heap.string_units(k) == units.as_slice() {
            return Ok(Value::Symbol(s));
        }
    }
    let key = vm.heap.intern(&units);
    let s = vm.heap.alloc(Symbol {
        description: Some(key),
        registered: true,
    });
    vm.agent.registry.push((key, s));
    Ok(Value::Symbol(s))
}

/// Symbol.keyFor(sym)
pub fn key_for(vm: &mut Vm, args: Args) -> JsResult {
    let Value::Symbol(s) = args.get(vm, 0) else {
        return Err(vm.type_error("Symbol.keyFor: argument is not a symbol"));
    };
    for &(k, r) in &vm.agent.registry {
        if r == s {
            return Ok(Value::String(k));
        }
    }
    Ok(Value::Undefined)
}

/// ThisSymbolValue(value) <https://tc39.es/ecma262/#sec-thissymbolvalue>
fn this_symbol(vm: &mut Vm, v: Value) -> JsResult<Handle<Symbol>> {
    match v {
        Value::Symbol(s) => Ok(s),
        Value::Object(o) => match vm.heap.get(o).kind {
            ObjectKind::Symbol(s) => Ok(s),
            _ => Err(vm.type_error("Symbol.prototype method requires that 'this' be a Symbol")),
        },
        _ => Err(vm.type_error("Symbol.prototype method requires that 'this' be a Symbol")),
    }
}

/// SymbolDescriptiveString(sym)
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_symbol(vm, args.this(vm))?;
    let desc = vm
        .heap
        .get(s)
        .description
        .map(|d| vm.rust_string(d))
        .unwrap_or_default();
    Ok(vm.string_from(&format!("Symbol({desc})")))
}

pub fn value_of(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Symbol(this_symbol(vm, args.this(vm))?))
}

pub fn description(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_symbol(vm, args.this(vm))?;
    Ok(vm
        .heap
        .get(s)
        .description
        .map_or(Value::Undefined, Value::String))
}
