//! Arguments exotic objects. <https://tc39.es/ecma262/#sec-arguments-exotic-objects>
//!
//! Sloppy functions with simple parameter lists get mapped arguments objects: the compiler
//! puts their parameters in the function's environment, and `ArgumentsData::mapped` records,
//! per argument index, the environment slot it aliases (the spec's [[ParameterMap]]).

use crate::object::PropertyDescriptor;
use crate::realm::{symbol_key, Intrinsic, WellKnown};
use crate::CommonKey;
use crate::{JsResult, Vm};
use amber_compiler::bytecode::{flags, FIRST_PARAM_REG};
use amber_heap::object::ArgumentsData;
use amber_heap::{attrs, Env, Handle, Object, ObjectKind, Property, PropertyKey, Value};

/// CreateUnmappedArgumentsObject(argumentsList) for the running frame.
/// <https://tc39.es/ecma262/#sec-createunmappedargumentsobject>
pub fn create_unmapped(vm: &mut Vm) -> JsResult {
    let frame = vm.frames.last().expect("arguments outside a function");
    let code = vm.heap.get(frame.code);
    let strict = code.flags & flags::STRICT != 0;
    let start = frame.base + (code.register_count as usize).max(FIRST_PARAM_REG as usize);
    let args = amber_heap::Elements::from(&vm.stack[start..start + frame.argc]);
    let callee = frame.function;
    let proto = vm.intrinsic(Intrinsic::ObjectPrototype);
    let o = vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::Arguments(ArgumentsData {
            env: None,
            mapped: Default::default(),
        }),
    ));
    let lk = vm.name_key(CommonKey::Length);
    let length = Value::Number(args.len() as f64);
    vm.heap.get_mut(o).elements = args;
    let values = Value::Object(vm.intrinsic(Intrinsic::ArrayPrototypeValues));
    let ik = symbol_key(vm, WellKnown::Iterator);
    let ck = vm.name_key(CommonKey::Callee);
    if !strict {
        // `callee` is { [[Value]]: func, [[Writable]]: true, [[Enumerable]]: false,
        // [[Configurable]]: true } on a fresh object (no exotic [[DefineOwnProperty]] step
        // applies to a non-index key). The three data properties get the shape every such
        // object has (remembered per heap) and one slot allocation, instead of three
        // transitions: RayTrace's constructors read `arguments` on every call, and building
        // it was 12% of RayTrace's time.
        let shape = vm.heap.memo_shape(
            amber_heap::ShapeMemo::SloppyArguments,
            &[
                (lk, attrs::HIDDEN),
                (ik, attrs::HIDDEN),
                (ck, attrs::HIDDEN),
            ],
        );
        // (Past the inline two: the vector's buffer becomes the slots' own, one allocation
        // and no growth path.)
        let slots = amber_heap::Slots::from_vec(vec![length, values, callee]);
        vm.heap.get_mut(o).properties = amber_heap::PropertyMap::Shaped {
            shape: Some(shape),
            slots,
        };
        vm.heap.note_growth(3 * std::mem::size_of::<Value>());
        return Ok(Value::Object(o));
    }
    super::add(vm, o, lk, length, attrs::HIDDEN);
    super::add(vm, o, ik, values, attrs::HIDDEN);
    // Strict code: `callee` is an accessor whose getter and setter are %ThrowTypeError%.
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
    Ok(Value::Object(o))
}

/// The environment slot argument `key` of arguments object `o` is mapped to, if any.
fn mapping(vm: &Vm, o: Handle<Object>, key: PropertyKey) -> Option<(Handle<Env>, usize)> {
    let PropertyKey::Index(i) = key else {
        return None;
    };
    match &vm.heap.get(o).kind {
        ObjectKind::Arguments(d) => {
            let env = d.env?;
            match d.mapped.get(i as usize) {
                Some(&slot) if slot != u32::MAX => Some((env, slot as usize)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// CreateMappedArgumentsObject step 17-18 for one parameter: argument `index` (if it was
/// passed) aliases slot `slot` of the running frame's environment.
/// <https://tc39.es/ecma262/#sec-createmappedargumentsobject>
pub fn map_argument(vm: &mut Vm, o: Value, index: usize, slot: u32) {
    let Value::Object(o) = o else { return };
    let frame = vm.frames.last().expect("arguments outside a function");
    let (env, argc) = (frame.env, frame.argc);
    if index >= argc {
        return;
    }
    if let ObjectKind::Arguments(d) = &mut vm.heap.get_mut(o).kind {
        d.env = env;
        if d.mapped.len() <= index {
            d.mapped.resize(index + 1, u32::MAX);
        }
        d.mapped[index] = slot;
    }
}

/// Get(map, P) of a mapped argument: the parameter's current value.
pub fn mapped_get(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) -> Option<Value> {
    let (env, slot) = mapping(vm, o, key)?;
    vm.heap.get(env).slots.get(slot).copied()
}

/// Set(map, P, V) of a mapped argument: assigns the parameter.
pub fn mapped_set(vm: &mut Vm, o: Handle<Object>, key: PropertyKey, v: Value) {
    if let Some((env, slot)) = mapping(vm, o, key) {
        if let Some(s) = vm.heap.get_mut(env).slots.get_mut(slot) {
            *s = v;
        }
    }
}

/// map.[[Delete]](P): the argument no longer aliases its parameter.
pub fn unmap(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) {
    let PropertyKey::Index(i) = key else { return };
    if let ObjectKind::Arguments(d) = &mut vm.heap.get_mut(o).kind {
        if let Some(s) = d.mapped.get_mut(i as usize) {
            *s = u32::MAX;
        }
    }
}

/// [[DefineOwnProperty]] of an arguments exotic object.
/// <https://tc39.es/ecma262/#sec-arguments-exotic-objects-defineownproperty-p-desc>
pub fn define_own_property(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> JsResult<bool> {
    // 2. Let isMapped be ! HasOwnProperty(map, P).
    let is_mapped = mapping(vm, o, key).is_some();
    // 3-4. A data descriptor making a mapped argument non-writable keeps its current value.
    let mut new_desc = desc;
    if is_mapped && !desc.is_accessor() && desc.value.is_none() && desc.writable == Some(false) {
        new_desc.value = mapped_get(vm, o, key);
    }
    // 5-6. Let allowed be ! OrdinaryDefineOwnProperty(args, P, newArgDesc).
    if !crate::object::ordinary_define_own_property(vm, o, key, new_desc)? {
        return Ok(false);
    }
    // 7. Update or remove the mapping.
    if is_mapped {
        if desc.is_accessor() {
            unmap(vm, o, key);
        } else {
            if let Some(v) = desc.value {
                mapped_set(vm, o, key, v);
            }
            if desc.writable == Some(false) {
                unmap(vm, o, key);
            }
        }
    }
    Ok(true)
}
