//! %IteratorPrototype%, array and string iterators, and the for-in iterator.
//! <https://tc39.es/ecma262/#sec-iteration>

use super::symbol_method;
use crate::natives::NativeId;
use crate::object;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic, WellKnown};
use crate::{Args, JsResult, Vm};
use amber_heap::object::{ForInData, IteratorData};
use amber_heap::{attrs, Object, ObjectKind, PropertyKey, Value};

pub(crate) fn init(vm: &mut Vm) {
    let ip = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::IteratorPrototype, ip);
    symbol_method(
        vm,
        ip,
        WellKnown::Iterator,
        "[Symbol.iterator]",
        NativeId::IteratorPrototypeIterator,
        0,
        attrs::HIDDEN,
    );

    let aip = super::ordinary(vm, Intrinsic::IteratorPrototype);
    set_intrinsic(vm, Intrinsic::ArrayIteratorPrototype, aip);
    super::method(vm, aip, "next", NativeId::ArrayIteratorPrototypeNext, 0);
    tag(vm, aip, "Array Iterator");

    let sip = super::ordinary(vm, Intrinsic::IteratorPrototype);
    set_intrinsic(vm, Intrinsic::StringIteratorPrototype, sip);
    super::method(vm, sip, "next", NativeId::StringIteratorPrototypeNext, 0);
    tag(vm, sip, "String Iterator");
}

/// Defines `@@toStringTag` (non-writable, configurable).
pub fn tag(vm: &mut Vm, o: amber_heap::Handle<Object>, name: &str) {
    let key = crate::realm::symbol_key(vm, WellKnown::ToStringTag);
    let v = Value::String(vm.str(name));
    super::add(vm, o, key, v, attrs::CONFIGURABLE);
}

/// %IteratorPrototype%[@@iterator]()
pub fn iterator_prototype_iterator(vm: &mut Vm, args: Args) -> JsResult {
    Ok(args.this(vm))
}

/// CreateArrayIterator(array, kind). <https://tc39.es/ecma262/#sec-createarrayiterator>
pub fn create_array_iterator(vm: &mut Vm, target: Value, kind: u8) -> Value {
    let proto = vm.intrinsic(Intrinsic::ArrayIteratorPrototype);
    Value::Object(vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::ArrayIterator(Box::new(IteratorData {
            target,
            index: 0,
            kind,
        })),
    )))
}

/// %ArrayIteratorPrototype%.next() <https://tc39.es/ecma262/#sec-%arrayiteratorprototype%.next>
pub fn array_iterator_next(vm: &mut Vm, args: Args) -> JsResult {
    let this = args.this(vm);
    let data = match this {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::ArrayIterator(d) => Some((o, (**d).clone())),
            _ => None,
        },
        _ => None,
    };
    let Some((_, data)) = data else {
        return Err(vm.type_error("next method called on incompatible receiver"));
    };
    let Value::Object(target) = data.target else {
        return Ok(ops::create_iter_result_object(vm, Value::Undefined, true));
    };
    let len = match &vm.heap.get(target).kind {
        ObjectKind::Array(a) => a.length as f64,
        // 1.b. If array has a [[TypedArrayName]] internal slot: if IsTypedArrayOutOfBounds,
        //      throw a TypeError; len is TypedArrayLength.
        ObjectKind::TypedArray(_) => match super::typed_array::length_in_bounds(vm, target) {
            Some(len) => len as f64,
            None => return Err(vm.type_error("typed array is detached or out of bounds")),
        },
        _ => ops::length_of_array_like(vm, target)?,
    };
    let index = data.index;
    // `length` may have run a getter (and a collection): read the iterator (a root, as
    // `this`) and the target again.
    let Value::Object(it) = args.this(vm) else {
        unreachable!()
    };
    let target = match &vm.heap.get(it).kind {
        ObjectKind::ArrayIterator(d) => d.target,
        _ => Value::Undefined,
    };
    let Value::Object(target) = target else {
        return Ok(ops::create_iter_result_object(vm, Value::Undefined, true));
    };
    if index as f64 >= len {
        if let ObjectKind::ArrayIterator(d) = &mut vm.heap.get_mut(it).kind {
            d.target = Value::Undefined;
        }
        return Ok(ops::create_iter_result_object(vm, Value::Undefined, true));
    }
    if let ObjectKind::ArrayIterator(d) = &mut vm.heap.get_mut(it).kind {
        d.index = index + 1;
    }
    let result = match data.kind {
        0 => Value::Number(index as f64),
        1 => ops::get(vm, target, PropertyKey::Index(index))?,
        _ => {
            let v = ops::get(vm, target, PropertyKey::Index(index))?;
            Value::Object(ops::create_array_from_list(
                vm,
                &[Value::Number(index as f64), v],
            ))
        }
    };
    Ok(ops::create_iter_result_object(vm, result, false))
}

/// %StringIteratorPrototype%.next(): iterates code points.
pub fn string_iterator_next(vm: &mut Vm, args: Args) -> JsResult {
    let this = args.this(vm);
    let data = match this {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::StringIterator(d) => Some((o, (**d).clone())),
            _ => None,
        },
        _ => None,
    };
    let Some((it, data)) = data else {
        return Err(vm.type_error("next method called on incompatible receiver"));
    };
    let Value::String(s) = data.target else {
        return Ok(ops::create_iter_result_object(vm, Value::Undefined, true));
    };
    let units = vm.heap.string_units(s);
    let i = data.index as usize;
    if i >= units.len() {
        if let ObjectKind::StringIterator(d) = &mut vm.heap.get_mut(it).kind {
            d.target = Value::Undefined;
        }
        return Ok(ops::create_iter_result_object(vm, Value::Undefined, true));
    }
    let first = units[i];
    let len = if (0xD800..0xDC00).contains(&first)
        && units
            .get(i + 1)
            .is_some_and(|u| (0xDC00..0xE000).contains(u))
    {
        2
    } else {
        1
    };
    let cp = units[i..i + len].to_vec();
    if let ObjectKind::StringIterator(d) = &mut vm.heap.get_mut(it).kind {
        d.index += len as u32;
    }
    let v = vm.string_value(cp);
    Ok(ops::create_iter_result_object(vm, v, false))
}

/// CreateForInIterator(object): collects the enumerable string keys of the object and its
/// prototypes up front (shadowed and duplicate keys once), as EnumerateObjectProperties allows.
/// <https://tc39.es/ecma262/#sec-createforiniterator>
pub fn for_in_iterator(vm: &mut Vm, v: Value) -> JsResult {
    let proto = vm.intrinsic(Intrinsic::ObjectPrototype);
    if v.is_nullish() {
        return Ok(Value::Object(vm.heap.alloc(Object::new(
            Some(proto),
            ObjectKind::ForInIterator(Box::new(ForInData {
                object: Value::Undefined,
                keys: Vec::new(),
                index: 0,
            })),
        ))));
    }
    let o = ops::to_object(vm, v)?;
    let os = vm.root(Value::Object(o));
    let mut seen: Vec<PropertyKey> = Vec::new();
    let mut keys: Vec<PropertyKey> = Vec::new();
    let mut current = Some(o);
    while let Some(c) = current {
        let cs = vm.root(Value::Object(c));
        let own = object::own_property_keys(vm, c)?;
        for k in own {
            if let PropertyKey::Symbol(_) = k {
                continue;
            }
            if seen.contains(&k) {
                continue;
            }
            seen.push(k);
            let amber_heap::Value::Object(c) = vm.rooted(cs) else {
                unreachable!()
            };
            if let Some(d) = object::get_own_property(vm, c, k)? {
                if d.enumerable == Some(true) {
                    keys.push(k);
                }
            }
        }
        let amber_heap::Value::Object(c) = vm.rooted(cs) else {
            unreachable!()
        };
        vm.unroot(cs);
        current = object::get_prototype_of(vm, c)?;
    }
    let key_values: Vec<Value> = keys.into_iter().map(|k| ops::key_to_value(vm, k)).collect();
    let object = vm.rooted(os);
    vm.unroot(os);
    let proto = vm.intrinsic(Intrinsic::ObjectPrototype);
    Ok(Value::Object(vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::ForInIterator(Box::new(ForInData {
            object,
            keys: key_values,
            index: 0,
        })),
    ))))
}

/// The next key of a for-in iterator, skipping keys deleted since enumeration began.
pub fn for_in_next(vm: &mut Vm, it: Value) -> JsResult<Option<Value>> {
    let Value::Object(it) = it else {
        return Ok(None);
    };
    loop {
        let (object, key) = match &vm.heap.get(it).kind {
            ObjectKind::ForInIterator(d) => match d.keys.get(d.index as usize) {
                Some(&k) => (d.object, k),
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        if let ObjectKind::ForInIterator(d) = &mut vm.heap.get_mut(it).kind {
            d.index += 1;
        }
        let Value::Object(o) = object else {
            return Ok(None);
        };
        let ks = vm.root(key);
        let pk = ops::to_property_key(vm, key)?;
        let still_there = object::has_property(vm, o, pk)?;
        let key = vm.rooted(ks);
        vm.unroot(ks);
        if still_there {
            return Ok(Some(key));
        }
    }
}
