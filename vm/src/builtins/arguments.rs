//! Arguments exotic objects. <https://tc39.es/ecma262/#sec-arguments-exotic-objects>
//!
//! Amber creates unmapped arguments objects (CreateUnmappedArgumentsObject) for every function
//! so far; mapped ones (sloppy functions with simple parameters) are the next step, and the
//! hooks below are where their parameter aliasing goes.

use crate::object::PropertyDescriptor;
use crate::ops;
use crate::realm::{symbol_key, Intrinsic, WellKnown};
use crate::{JsResult, Vm};
use amber_compiler::bytecode::{flags, FIRST_PARAM_REG};
use amber_heap::object::ArgumentsData;
use amber_heap::{attrs, Handle, Object, ObjectKind, Property, PropertyKey, Value};

/// CreateUnmappedArgumentsObject(argumentsList) for the running frame.
/// <https://tc39.es/ecma262/#sec-createunmappedargumentsobject>
pub fn create_unmapped(vm: &mut Vm) -> JsResult {
    let frame = vm.frames.last().expect("arguments outside a function");
    let code = vm.heap.get(frame.code);
    let strict = code.flags & flags::STRICT != 0;
    let start = frame.base + (code.register_count as usize).max(FIRST_PARAM_REG as usize);
    let args: Vec<Value> = vm.stack[start..start + frame.argc].to_vec();
    let callee = frame.function;
    let proto = vm.intrinsic(Intrinsic::ObjectPrototype);
    let o = vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::Arguments(Box::new(ArgumentsData {
            env: None,
            mapped: Vec::new(),
        })),
    ));
    let lk = vm.key("length");
    super::add(vm, o, lk, Value::Number(args.len() as f64), attrs::HIDDEN);
    vm.heap.get_mut(o).elements = args;
    let values = vm.intrinsic(Intrinsic::ArrayPrototypeValues);
    let ik = symbol_key(vm, WellKnown::Iterator);
    super::add(vm, o, ik, Value::Object(values), attrs::HIDDEN);
    let ck = vm.key("callee");
    if strict {
        let tte = Value::Object(vm.intrinsic(Intrinsic::ThrowTypeError));
        crate::object::add_property(
            vm,
            o,
            Property {
                key: ck,
                value: tte,
                setter: tte,
                flags: attrs::ACCESSOR,
            },
        );
    } else {
        ops::define_property_or_throw(
            vm,
            o,
            ck,
            PropertyDescriptor::data(callee, true, false, true),
        )?;
    }
    Ok(Value::Object(o))
}

/// [[Get]] of a mapped argument (none are mapped yet).
pub fn mapped_get(_vm: &mut Vm, _o: Handle<Object>, _key: PropertyKey) -> Option<Value> {
    None
}

/// [[Set]]/[[DefineOwnProperty]] of a mapped argument (none are mapped yet).
pub fn mapped_set(_vm: &mut Vm, _o: Handle<Object>, _key: PropertyKey, _v: Value) {}

/// [[Delete]] removes a mapping (none are mapped yet).
pub fn unmap(_vm: &mut Vm, _o: Handle<Object>, _key: PropertyKey) {}
