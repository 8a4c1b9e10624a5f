//! `Array` and `Array.prototype`. <https://tc39.es/ecma262/#sec-array-objects>
//!
//! The methods are the spec's generic algorithms (they work on any array-like through Get and
//! Set). Values held across calls live in root slots; `o(vm, slot)` reads an object back.

use super::{accessor, method};
use crate::natives::NativeId;
use crate::object;
use crate::ops;
use crate::realm::{set_intrinsic, symbol_key, Intrinsic, WellKnown};
use crate::CommonKey;
use crate::{Args, JsResult, Vm};
use amber_heap::object::ArrayData;
use amber_heap::{attrs, Handle, Object, ObjectKind, PropertyKey, Value};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let ap = vm.heap.alloc(Object::new(
        Some(op),
        ObjectKind::Array(ArrayData {
            length: 0,
            length_writable: true,
        }),
    ));
    set_intrinsic(vm, Intrinsic::ArrayPrototype, ap);
    let c = super::constructor(vm, NativeId::Array, "Array", 1, ap);
    set_intrinsic(vm, Intrinsic::Array, c);
    method(vm, c, "isArray", NativeId::ArrayIsArray, 1);
    method(vm, c, "of", NativeId::ArrayOf, 0);
    method(vm, c, "from", NativeId::ArrayFrom, 1);
    let species = symbol_key(vm, WellKnown::Species);
    accessor(
        vm,
        c,
        species,
        "[Symbol.species]",
        Some(NativeId::ArraySpeciesGetter),
        None,
    );
    let methods: &[(&str, NativeId, u32)] = &[
        ("concat", NativeId::ArrayPrototypeConcat, 1),
        ("entries", NativeId::ArrayPrototypeEntries, 0),
        ("every", NativeId::ArrayPrototypeEvery, 1),
        ("filter", NativeId::ArrayPrototypeFilter, 1),
        ("forEach", NativeId::ArrayPrototypeForEach, 1),
        ("includes", NativeId::ArrayPrototypeIncludes, 1),
        ("indexOf", NativeId::ArrayPrototypeIndexOf, 1),
        ("join", NativeId::ArrayPrototypeJoin, 1),
        ("keys", NativeId::ArrayPrototypeKeys, 0),
        ("map", NativeId::ArrayPrototypeMap, 1),
        ("pop", NativeId::ArrayPrototypePop, 0),
        ("push", NativeId::ArrayPrototypePush, 1),
        ("reduce", NativeId::ArrayPrototypeReduce, 1),
        ("reverse", NativeId::ArrayPrototypeReverse, 0),
        ("shift", NativeId::ArrayPrototypeShift, 0),
        ("slice", NativeId::ArrayPrototypeSlice, 2),
        ("some", NativeId::ArrayPrototypeSome, 1),
        ("sort", NativeId::ArrayPrototypeSort, 1),
        ("splice", NativeId::ArrayPrototypeSplice, 2),
        ("toString", NativeId::ArrayPrototypeToString, 0),
        ("unshift", NativeId::ArrayPrototypeUnshift, 1),
        ("at", NativeId::ArrayPrototypeAt, 1),
        ("copyWithin", NativeId::ArrayPrototypeCopyWithin, 2),
        ("fill", NativeId::ArrayPrototypeFill, 1),
        ("find", NativeId::ArrayPrototypeFind, 1),
        ("findIndex", NativeId::ArrayPrototypeFindIndex, 1),
        ("findLast", NativeId::ArrayPrototypeFindLast, 1),
        ("findLastIndex", NativeId::ArrayPrototypeFindLastIndex, 1),
        ("flat", NativeId::ArrayPrototypeFlat, 0),
        ("flatMap", NativeId::ArrayPrototypeFlatMap, 1),
        ("lastIndexOf", NativeId::ArrayPrototypeLastIndexOf, 1),
        ("reduceRight", NativeId::ArrayPrototypeReduceRight, 1),
        ("toLocaleString", NativeId::ArrayPrototypeToLocaleString, 0),
        ("toReversed", NativeId::ArrayPrototypeToReversed, 0),
        ("toSorted", NativeId::ArrayPrototypeToSorted, 1),
        ("toSpliced", NativeId::ArrayPrototypeToSpliced, 2),
        ("with", NativeId::ArrayPrototypeWith, 2),
    ];
    for &(name, id, len) in methods {
        method(vm, ap, name, id, len);
    }
    let values = method(vm, ap, "values", NativeId::ArrayPrototypeValues, 0);
    set_intrinsic(vm, Intrinsic::ArrayPrototypeValues, values);
    let iter = symbol_key(vm, WellKnown::Iterator);
    super::add(vm, ap, iter, Value::Object(values), attrs::HIDDEN);
    init_unscopables(vm, ap);
}

/// ArrayCreate(length, proto). <https://tc39.es/ecma262/#sec-arraycreate>
pub fn array_create(vm: &mut Vm, length: u32, proto: Option<Handle<Object>>) -> Handle<Object> {
    let proto = proto.unwrap_or_else(|| vm.intrinsic(Intrinsic::ArrayPrototype));
    vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::Array(ArrayData {
            length,
            length_writable: true,
        }),
    ))
}

/// Appends to an array the compiler built (array literals): no observable lookups.
#[inline]
pub fn push_fast(vm: &mut Vm, a: Handle<Object>, v: Value) {
    push_fast_from(vm, a, &v)
}

/// [`push_fast`] of the value at `v` (the accumulator, for `ArrayPush`), read in halves where
/// it is stored: passed by value, it went through a stack temporary written as two words and
/// read back as one 16-byte load, a store-forwarding stall that was 5% of Splay (see
/// `read_in_halves`).
pub fn push_fast_from(vm: &mut Vm, a: Handle<Object>, v: &Value) {
    vm.heap.note_growth(std::mem::size_of::<Value>());
    let obj = vm.heap.get_mut(a);
    if let ObjectKind::Array(d) = &mut obj.kind {
        let i = d.length as usize;
        d.length += 1;
        if obj.elements.len() != i {
            obj.elements.resize(i, Value::Empty);
        }
        obj.elements.push(crate::interp::read_in_halves(v));
    }
}

/// Appends a hole to an array literal.
pub fn push_hole(vm: &mut Vm, a: Handle<Object>) {
    if let ObjectKind::Array(d) = &mut vm.heap.get_mut(a).kind {
        d.length += 1;
    }
}

/// IsArray(argument). <https://tc39.es/ecma262/#sec-isarray>
pub fn is_array_value(vm: &mut Vm, o: Handle<Object>) -> JsResult<bool> {
    match &vm.heap.get(o).kind {
        ObjectKind::Array(_) => Ok(true),
        ObjectKind::Proxy(p) => match p.target {
            Some(t) => is_array_value(vm, t),
            None => Err(vm.type_error("Cannot perform 'IsArray' on a proxy that has been revoked")),
        },
        _ => Ok(false),
    }
}

fn o(vm: &Vm, slot: usize) -> Handle<Object> {
    match vm.rooted(slot) {
        Value::Object(o) => o,
        _ => unreachable!("root slot holds a non-object"),
    }
}

/// ToObject(this) kept in a root slot, and its length.
fn this_object(vm: &mut Vm, args: Args) -> JsResult<(usize, f64)> {
    let obj = ops::to_object(vm, args.this(vm))?;
    let slot = vm.root(Value::Object(obj));
    let len = ops::length_of_array_like(vm, obj)?;
    Ok((slot, len))
}

/// A property key for any integer index (those past the array-index range are strings).
pub(crate) fn index_key(vm: &mut Vm, i: f64) -> PropertyKey {
    if i < u32::MAX as f64 {
        PropertyKey::Index(i as u32)
    } else {
        let s = crate::number::number_to_string(i);
        vm.key(&s)
    }
}

fn set_length(vm: &mut Vm, slot: usize, len: f64) -> JsResult<()> {
    let k = vm.name_key(CommonKey::Length);
    let obj = o(vm, slot);
    ops::set(vm, obj, k, Value::Number(len), true)
}

/// Relative index argument: ToIntegerOrInfinity then clamp against len.
fn relative(vm: &mut Vm, v: Value, len: f64, default: f64) -> JsResult<f64> {
    if v.is_undefined() {
        return Ok(default);
    }
    let r = ops::to_integer_or_infinity(vm, v)?;
    Ok(if r < 0.0 {
        (len + r).max(0.0)
    } else {
        r.min(len)
    })
}

/// ArraySpeciesCreate(originalArray, length). <https://tc39.es/ecma262/#sec-arrayspeciescreate>
fn array_species_create(
    vm: &mut Vm,
    original: Handle<Object>,
    length: f64,
) -> JsResult<Handle<Object>> {
    if !is_array_value(vm, original)? {
        return array_create_checked(vm, length);
    }
    let mut c = ops::get_name(vm, original, CommonKey::Constructor)?;
    if ops::is_constructor(vm, c) {
        let Value::Object(ch) = c else { unreachable!() };
        let this_realm = vm.current_realm();
        let realm_c = ops::get_function_realm(vm, ch)?;
        if this_realm != realm_c && ch == vm.realm_intrinsic(realm_c, Intrinsic::Array) {
            c = Value::Undefined;
        }
    }
    if let Value::Object(ch) = c {
        let species = symbol_key(vm, WellKnown::Species);
        c = ops::get(vm, ch, species)?;
        if c == Value::Null {
            c = Value::Undefined;
        }
    }
    if c.is_undefined() {
        return array_create_checked(vm, length);
    }
    if !ops::is_constructor(vm, c) {
        return Err(vm.type_error("object.constructor[Symbol.species] is not a constructor"));
    }
    match ops::construct(vm, c, &[Value::Number(length)], None)? {
        Value::Object(a) => Ok(a),
        _ => Err(vm.type_error("species constructor returned a non-object")),
    }
}

pub(crate) fn array_create_checked(vm: &mut Vm, length: f64) -> JsResult<Handle<Object>> {
    if length > u32::MAX as f64 {
        return Err(vm.range_error("Invalid array length"));
    }
    Ok(array_create(vm, length as u32, None))
}

/// Array(...values) <https://tc39.es/ecma262/#sec-array>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    let mut nt = args.new_target(vm);
    if nt.is_undefined() {
        nt = Value::Object(args.callee(vm));
    }
    let proto = ops::get_prototype_from_constructor(vm, nt, Intrinsic::ArrayPrototype)?;
    if args.len() == 1 {
        let len = args.get(vm, 0);
        let a = array_create(vm, 0, Some(proto));
        if let Value::Number(n) = len {
            let int = ops::to_uint32(vm, len)?;
            if int as f64 != n {
                return Err(vm.range_error("Invalid array length"));
            }
            if let ObjectKind::Array(d) = &mut vm.heap.get_mut(a).kind {
                d.length = int;
            }
        } else {
            push_fast(vm, a, len);
        }
        return Ok(Value::Object(a));
    }
    let values = args.to_vec(vm);
    let a = array_create(vm, 0, Some(proto));
    for v in values {
        push_fast(vm, a, v);
    }
    Ok(Value::Object(a))
}

pub fn is_array(vm: &mut Vm, args: Args) -> JsResult {
    match args.get(vm, 0) {
        Value::Object(o) => Ok(Value::Boolean(is_array_value(vm, o)?)),
        _ => Ok(Value::Boolean(false)),
    }
}

/// Array.of(...items)
pub fn of(vm: &mut Vm, args: Args) -> JsResult {
    let len = args.len();
    let c = args.this(vm);
    let a = if ops::is_constructor(vm, c) {
        match ops::construct(vm, c, &[Value::Number(len as f64)], None)? {
            Value::Object(a) => a,
            _ => return Err(vm.type_error("constructor returned a non-object")),
        }
    } else {
        array_create(vm, len as u32, None)
    };
    let slot = vm.root(Value::Object(a));
    for i in 0..len {
        let v = args.get(vm, i);
        let a = o(vm, slot);
        ops::create_data_property_or_throw(vm, a, PropertyKey::Index(i as u32), v)?;
    }
    set_length(vm, slot, len as f64)?;
    let r = vm.rooted(slot);
    vm.unroot(slot);
    Ok(r)
}

/// Array.from(items [, mapfn [, thisArg]]) <https://tc39.es/ecma262/#sec-array.from>
pub fn from(vm: &mut Vm, args: Args) -> JsResult {
    // 2-3. If mapfn is not undefined and not callable, throw a TypeError exception.
    let mapfn = args.get(vm, 1);
    let mapping = !mapfn.is_undefined();
    if mapping && !ops::is_callable(vm, mapfn) {
        return Err(
            vm.type_error("Array.from: when provided, the second argument must be a function")
        );
    }
    // 4. Let usingIterator be ? GetMethod(items, %Symbol.iterator%).
    let iter_key = symbol_key(vm, WellKnown::Iterator);
    let using_iterator = ops::get_method(vm, args.get(vm, 0), iter_key)?;
    let c = args.this(vm);
    if let Some(method) = using_iterator {
        let ms = vm.root(method);
        // 5.a-b. If IsConstructor(C), let A be ? Construct(C); else ArrayCreate(0).
        let a = if ops::is_constructor(vm, c) {
            ops::construct(vm, c, &[], None)?
        } else {
            Value::Object(array_create(vm, 0, None))
        };
        let aslot = vm.root(a);
        // c. Let iteratorRecord be ? GetIteratorFromMethod(items, usingIterator).
        let (items, method) = (args.get(vm, 0), vm.rooted(ms));
        let it = ops::call(vm, method, items, &[])?;
        let Value::Object(ito) = it else {
            return Err(vm.type_error("Result of the Symbol.iterator method is not an object"));
        };
        let its = vm.root(it);
        let next = ops::get_name(vm, ito, CommonKey::Next)?;
        vm.root(next);
        // d-e. Repeat,
        let mut k = 0.0;
        loop {
            let (it, next) = (vm.rooted(its), vm.rooted(its + 1));
            let Some(value) = ops::iterator_step_value(vm, it, next)? else {
                // iv. If next is done: Set(A, "length", 𝔽(k), true); return A.
                let Value::Object(a) = vm.rooted(aslot) else {
                    return Err(vm.type_error("Array.from: constructor returned a non-object"));
                };
                let lk = vm.name_key(CommonKey::Length);
                ops::set(vm, a, lk, Value::Number(k), true)?;
                return Ok(vm.rooted(aslot));
            };
            let mapped = if mapping {
                let (f, t) = (args.get(vm, 1), args.get(vm, 2));
                ops::call(vm, f, t, &[value, Value::Number(k)])
            } else {
                Ok(value)
            };
            let status = mapped.and_then(|v| {
                let pk = index_key(vm, k);
                match vm.rooted(aslot) {
                    Value::Object(a) => ops::create_data_property_or_throw(vm, a, pk, v),
                    _ => Err(vm.type_error("Array.from: constructor returned a non-object")),
                }
            });
            if let Err(e) = status {
                // IfAbruptCloseIterator(status, iteratorRecord).
                let it = vm.rooted(its);
                ops::iterator_close_on_throw(vm, it);
                return Err(e);
            }
            k += 1.0;
        }
    }
    // 7-8. Let arrayLike be ! ToObject(items); let len be ? LengthOfArrayLike(arrayLike).
    let array_like = ops::to_object(vm, args.get(vm, 0))?;
    let src = vm.root(Value::Object(array_like));
    let len = ops::length_of_array_like(vm, array_like)?;
    // 9-10. If IsConstructor(C), let A be ? Construct(C, « 𝔽(len) »); else ? ArrayCreate(len).
    let c = args.this(vm);
    let a = if ops::is_constructor(vm, c) {
        ops::construct(vm, c, &[Value::Number(len)], None)?
    } else {
        Value::Object(array_create_checked(vm, len)?)
    };
    let Value::Object(_) = a else {
        return Err(vm.type_error("Array.from: constructor returned a non-object"));
    };
    let aslot = vm.root(a);
    // 11-12. Copy (and map) each element.
    let mut k = 0.0;
    while k < len {
        let pk = index_key(vm, k);
        let v = ops::get(vm, o(vm, src), pk)?;
        let v = if mapping {
            let (f, t) = (args.get(vm, 1), args.get(vm, 2));
            ops::call(vm, f, t, &[v, Value::Number(k)])?
        } else {
            v
        };
        ops::create_data_property_or_throw(vm, o(vm, aslot), pk, v)?;
        k += 1.0;
    }
    // 13. Perform ? Set(A, "length", 𝔽(len), true).
    set_length(vm, aslot, len)?;
    Ok(vm.rooted(aslot))
}

pub fn species_getter(vm: &mut Vm, args: Args) -> JsResult {
    Ok(args.this(vm))
}

/// Can a [[Set]] of an index on an object with this prototype chain hit an inherited
/// property (a setter or a read-only element) or exotic behaviour? The fast paths must not skip
/// those.
fn inherits_indexed_properties(vm: &Vm, mut proto: Option<Handle<Object>>) -> bool {
    while let Some(p) = proto {
        let obj = vm.heap.get(p);
        if !matches!(
            obj.kind,
            ObjectKind::Ordinary | ObjectKind::Array(_) | ObjectKind::ImmutablePrototype
        ) || obj.elements.iter().any(|v| !matches!(v, Value::Empty))
            || vm
                .heap
                .any_property_key(p, |k| matches!(k, PropertyKey::Index(_)))
        {
            return true;
        }
        proto = obj.proto.get();
    }
    false
}

/// [`inherits_any_index`] inline for the usual chain (Array.prototype, Object.prototype:
/// ordinary, no elements, no index keys in their shapes), which it answers "no" without a
/// call; any other prototype goes to the full walk. (Every `push` and appending store asks.)
#[inline(always)]
pub(crate) fn inherits_any_index_fast(
    vm: &Vm,
    proto: Option<Handle<Object>>,
    start: u32,
    n: u32,
) -> bool {
    let mut p = proto;
    while let Some(h) = p {
        let obj = vm.heap.get(h);
        if !obj.elements.is_empty()
            || !matches!(
                obj.kind,
                ObjectKind::Ordinary | ObjectKind::Array(_) | ObjectKind::ImmutablePrototype
            )
            || vm.heap.map_may_have_index_keys(&obj.properties)
        {
            return inherits_any_index(vm, proto, start, n);
        }
        p = obj.proto.get();
    }
    false
}

/// Could a Set of one of the indices `start..start + n` on an object with prototype `proto`
/// meet something on the prototype chain (a setter, a read-only property, an exotic
/// prototype)? `push` asks this for just the indices it writes, which is much cheaper than
/// [`inherits_indexed_properties`] on prototypes with many methods.
pub(crate) fn inherits_any_index(
    vm: &Vm,
    mut proto: Option<Handle<Object>>,
    start: u32,
    n: u32,
) -> bool {
    let end = start.saturating_add(n);
    while let Some(p) = proto {
        let obj = vm.heap.get(p);
        if !matches!(
            obj.kind,
            ObjectKind::Ordinary | ObjectKind::Array(_) | ObjectKind::ImmutablePrototype
        ) {
            return true;
        }
        // The usual prototype (Array.prototype, Object.prototype) has no elements and a shape
        // without index keys: two tests, no per-index lookup.
        if let Some(held) = obj
            .elements
            .get(start as usize..(end as usize).min(obj.elements.len()))
        {
            if held.iter().any(|v| !matches!(v, Value::Empty)) {
                return true;
            }
        }
        if vm.heap.map_may_have_index_keys(&obj.properties)
            && (start..end).any(|i| vm.heap.get_property(p, PropertyKey::Index(i)).is_some())
        {
            return true;
        }
        proto = obj.proto.get();
    }
    false
}

/// The fast path of [`push`]: `this` a plain, extensible array with a writable length and
/// no holes, whose prototypes have nothing at the indices written. The steps of the spec
/// then only append the items and set `length`. Returns the new length, or `None` (nothing
/// done) when the general steps must run.
#[inline]
fn push_to_plain_array(
    vm: &mut Vm,
    this: Value,
    n: usize,
    item: impl Fn(&Vm, usize) -> Value,
) -> Option<Value> {
    let Value::Object(a) = this else { return None };
    let obj = vm.heap.get(a);
    let ObjectKind::Array(d) = &obj.kind else {
        return None;
    };
    if !(d.length_writable
        && obj.extensible
        && obj.elements.len() == d.length as usize
        && (d.length as usize) + n < u32::MAX as usize
        && !inherits_any_index_fast(vm, obj.proto.get(), d.length, n as u32))
    {
        return None;
    }
    vm.heap.note_growth(n * std::mem::size_of::<Value>());
    for i in 0..n {
        let v = item(vm, i);
        vm.heap.get_mut(a).elements.push(v);
    }
    let obj = vm.heap.get_mut(a);
    let len = obj.elements.len() as u32;
    if let ObjectKind::Array(d) = &mut obj.kind {
        d.length = len;
    }
    Some(Value::Number(len as f64))
}

/// `this.push(item)` where the callee `f` is the current realm's %Array.prototype.push%, run
/// without a native call (no call segment, no native frame) when [`push_to_plain_array`]
/// applies; `None` when the call must be made. Nothing observable differs: that path
/// cannot throw, and the function's realm is the current one.
pub(crate) fn push_one_without_call(
    vm: &mut Vm,
    f: Value,
    this: Value,
    item: Value,
) -> Option<Value> {
    if !ops::is_current_realm_native(vm, f, NativeId::ArrayPrototypePush) {
        return None;
    }
    push_to_plain_array(vm, this, 1, |_, _| item)
}

/// Array.prototype.push(...items) <https://tc39.es/ecma262/#sec-array.prototype.push>
pub fn push(vm: &mut Vm, args: Args) -> JsResult {
    let this = args.this(vm);
    if let Some(len) = push_to_plain_array(vm, this, args.len(), |vm, i| args.get(vm, i)) {
        return Ok(len);
    }
    let (slot, len) = this_object(vm, args)?;
    let n = args.len();
    if len + n as f64 > 9007199254740991.0 {
        return Err(vm.type_error("Pushing past the maximum array length"));
    }
    for i in 0..n {
        let v = args.get(vm, i);
        let k = index_key(vm, len + i as f64);
        let a = o(vm, slot);
        ops::set(vm, a, k, v, true)?;
    }
    set_length(vm, slot, len + n as f64)?;
    vm.unroot(slot);
    Ok(Value::Number(len + n as f64))
}

/// Array.prototype.pop()
pub fn pop(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    if len == 0.0 {
        set_length(vm, slot, 0.0)?;
        vm.unroot(slot);
        return Ok(Value::Undefined);
    }
    let k = index_key(vm, len - 1.0);
    let a = o(vm, slot);
    let v = ops::get(vm, a, k)?;
    let vs = vm.root(v);
    let a = o(vm, slot);
    ops::delete_property_or_throw(vm, a, k)?;
    set_length(vm, slot, len - 1.0)?;
    let v = vm.rooted(vs);
    vm.unroot(slot);
    Ok(v)
}

/// Array.prototype.join(separator) <https://tc39.es/ecma262/#sec-array.prototype.join>
pub fn join(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    let sep = args.get(vm, 0);
    let sep: Vec<u16> = if sep.is_undefined() {
        vec![b',' as u16]
    } else {
        let s = ops::to_string(vm, sep)?;
        vm.heap.string_units(s).to_vec()
    };
    let mut out: Vec<u16> = Vec::new();
    let mut i = 0.0;
    while i < len {
        vm.tick()?;
        if i > 0.0 {
            out.extend_from_slice(&sep);
        }
        let k = index_key(vm, i);
        let a = o(vm, slot);
        let e = ops::get(vm, a, k)?;
        if !e.is_nullish() {
            let s = ops::to_string(vm, e)?;
            out.extend_from_slice(vm.heap.string_units(s));
        }
        if out.len() > crate::builtins::string::MAX_STRING_LENGTH {
            vm.unroot(slot);
            return Err(vm.range_error("Invalid string length"));
        }
        i += 1.0;
    }
    vm.unroot(slot);
    Ok(vm.string_value(out))
}

/// Array.prototype.toString()
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    let a = ops::to_object(vm, args.this(vm))?;
    let slot = vm.root(Value::Object(a));
    let f = ops::get_str(vm, a, "join")?;
    let a = vm.rooted(slot);
    vm.unroot(slot);
    // 3. If IsCallable(func) is false, set func to %Object.prototype.toString%.
    if ops::is_callable(vm, f) {
        return ops::call(vm, f, a, &[]);
    }
    super::object::object_to_string(vm, a)
}

/// Array.prototype.slice(start, end)
pub fn slice(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    let k = relative(vm, args.get(vm, 0), len, 0.0)?;
    let fin = relative(vm, args.get(vm, 1), len, len)?;
    let count = (fin - k).max(0.0);
    let a = array_species_create(vm, o(vm, slot), count)?;
    let aslot = vm.root(Value::Object(a));
    let mut n = 0.0;
    let mut i = k;
    while i < fin {
        vm.tick()?;
        let pk = index_key(vm, i);
        let src = o(vm, slot);
        if object::has_property(vm, src, pk)? {
            let src = o(vm, slot);
            let v = ops::get(vm, src, pk)?;
            let nk = index_key(vm, n);
            let a = o(vm, aslot);
            ops::create_data_property_or_throw(vm, a, nk, v)?;
        }
        i += 1.0;
        n += 1.0;
    }
    set_length(vm, aslot, n)?;
    let r = vm.rooted(aslot);
    vm.unroot(slot);
    Ok(r)
}

/// Array.prototype.indexOf(searchElement, fromIndex)
pub fn index_of(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    if len == 0.0 {
        vm.unroot(slot);
        return Ok(Value::Number(-1.0));
    }
    let n = ops::to_integer_or_infinity(vm, args.get(vm, 1))?;
    if n == f64::INFINITY {
        vm.unroot(slot);
        return Ok(Value::Number(-1.0));
    }
    let mut k = if n >= 0.0 { n } else { (len + n).max(0.0) };
    while k < len {
        vm.tick()?;
        let pk = index_key(vm, k);
        let a = o(vm, slot);
        if object::has_property(vm, a, pk)? {
            let a = o(vm, slot);
            let e = ops::get(vm, a, pk)?;
            let target = args.get(vm, 0);
            if ops::is_strictly_equal(vm, e, target) {
                vm.unroot(slot);
                return Ok(Value::Number(k));
            }
        }
        k += 1.0;
    }
    vm.unroot(slot);
    Ok(Value::Number(-1.0))
}

/// Array.prototype.includes(searchElement, fromIndex)
pub fn includes(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    if len == 0.0 {
        vm.unroot(slot);
        return Ok(Value::Boolean(false));
    }
    let n = ops::to_integer_or_infinity(vm, args.get(vm, 1))?;
    let mut k = if n >= 0.0 { n } else { (len + n).max(0.0) };
    while k < len {
        vm.tick()?;
        let pk = index_key(vm, k);
        let a = o(vm, slot);
        let e = ops::get(vm, a, pk)?;
        let target = args.get(vm, 0);
        if ops::same_value_zero(vm, e, target) {
            vm.unroot(slot);
            return Ok(Value::Boolean(true));
        }
        k += 1.0;
    }
    vm.unroot(slot);
    Ok(Value::Boolean(false))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Iteration {
    ForEach,
    Map,
    Filter,
    Some,
    Every,
}

/// The shared loop of forEach/map/filter/some/every (each keeps its own spec steps around it).
fn iterate(vm: &mut Vm, args: Args, kind: Iteration, name: &str) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    let f = args.get(vm, 0);
    if !ops::is_callable(vm, f) {
        vm.unroot(slot);
        return Err(vm.type_error(format!(
            "Array.prototype.{name}: callback is not a function"
        )));
    }
    let result_slot = match kind {
        Iteration::Map => {
            let a = array_species_create(vm, o(vm, slot), len)?;
            Some(vm.root(Value::Object(a)))
        }
        Iteration::Filter => {
            let a = array_species_create(vm, o(vm, slot), 0.0)?;
            Some(vm.root(Value::Object(a)))
        }
        _ => None,
    };
    let mut to = 0.0;
    let mut k = 0.0;
    while k < len {
        vm.tick()?;
        let pk = index_key(vm, k);
        let a = o(vm, slot);
        if object::has_property(vm, a, pk)? {
            let a = o(vm, slot);
            let v = ops::get(vm, a, pk)?;
            let vs = vm.root(v);
            let (f, t, a) = (args.get(vm, 0), args.get(vm, 1), vm.rooted(slot));
            let r = ops::call(vm, f, t, &[v, Value::Number(k), a])?;
            let v = vm.rooted(vs);
            vm.unroot(vs);
            match kind {
                Iteration::ForEach => {}
                Iteration::Map => {
                    let out = o(vm, result_slot.unwrap());
                    ops::create_data_property_or_throw(vm, out, pk, r)?;
                }
                Iteration::Filter => {
                    if ops::to_boolean(vm, r) {
                        let tk = index_key(vm, to);
                        let out = o(vm, result_slot.unwrap());
                        ops::create_data_property_or_throw(vm, out, tk, v)?;
                        to += 1.0;
                    }
                }
                Iteration::Some => {
                    if ops::to_boolean(vm, r) {
                        vm.unroot(slot);
                        return Ok(Value::Boolean(true));
                    }
                }
                Iteration::Every => {
                    if !ops::to_boolean(vm, r) {
                        vm.unroot(slot);
                        return Ok(Value::Boolean(false));
                    }
                }
            }
        }
        k += 1.0;
    }
    let result = match kind {
        Iteration::ForEach => Value::Undefined,
        Iteration::Map | Iteration::Filter => vm.rooted(result_slot.unwrap()),
        Iteration::Some => Value::Boolean(false),
        Iteration::Every => Value::Boolean(true),
    };
    vm.unroot(slot);
    Ok(result)
}

pub fn for_each(vm: &mut Vm, args: Args) -> JsResult {
    iterate(vm, args, Iteration::ForEach, "forEach")
}
pub fn map(vm: &mut Vm, args: Args) -> JsResult {
    iterate(vm, args, Iteration::Map, "map")
}
pub fn filter(vm: &mut Vm, args: Args) -> JsResult {
    iterate(vm, args, Iteration::Filter, "filter")
}
pub fn some(vm: &mut Vm, args: Args) -> JsResult {
    iterate(vm, args, Iteration::Some, "some")
}
pub fn every(vm: &mut Vm, args: Args) -> JsResult {
    iterate(vm, args, Iteration::Every, "every")
}

/// Array.prototype.reduce(callbackfn, initialValue)
pub fn reduce(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    let f = args.get(vm, 0);
    if !ops::is_callable(vm, f) {
        vm.unroot(slot);
        return Err(vm.type_error("Array.prototype.reduce: callback is not a function"));
    }
    let mut k = 0.0;
    let acc_slot = vm.root(Value::Undefined);
    if args.len() >= 2 {
        vm.roots[acc_slot] = args.get(vm, 1);
    } else {
        let mut found = false;
        while k < len && !found {
            let pk = index_key(vm, k);
            let a = o(vm, slot);
            if object::has_property(vm, a, pk)? {
                let a = o(vm, slot);
                vm.roots[acc_slot] = ops::get(vm, a, pk)?;
                found = true;
            }
            k += 1.0;
        }
        if !found {
            vm.unroot(slot);
            return Err(vm.type_error("Reduce of empty array with no initial value"));
        }
    }
    while k < len {
        vm.tick()?;
        let pk = index_key(vm, k);
        let a = o(vm, slot);
        if object::has_property(vm, a, pk)? {
            let a = o(vm, slot);
            let v = ops::get(vm, a, pk)?;
            let (f, acc, a) = (args.get(vm, 0), vm.rooted(acc_slot), vm.rooted(slot));
            vm.roots[acc_slot] =
                ops::call(vm, f, Value::Undefined, &[acc, v, Value::Number(k), a])?;
        }
        k += 1.0;
    }
    let r = vm.rooted(acc_slot);
    vm.unroot(slot);
    Ok(r)
}

/// IsConcatSpreadable(O). <https://tc39.es/ecma262/#sec-isconcatspreadable>
fn is_concat_spreadable(vm: &mut Vm, v: Value) -> JsResult<bool> {
    let Value::Object(obj) = v else {
        return Ok(false);
    };
    let key = symbol_key(vm, WellKnown::IsConcatSpreadable);
    let spreadable = ops::get(vm, obj, key)?;
    if !spreadable.is_undefined() {
        return Ok(ops::to_boolean(vm, spreadable));
    }
    is_array_value(vm, obj)
}

/// Array.prototype.concat(...items)
pub fn concat(vm: &mut Vm, args: Args) -> JsResult {
    let this = ops::to_object(vm, args.this(vm))?;
    let slot = vm.root(Value::Object(this));
    let a = array_species_create(vm, this, 0.0)?;
    let aslot = vm.root(Value::Object(a));
    let mut n = 0.0;
    for i in 0..=args.len() {
        let e = if i == 0 {
            vm.rooted(slot)
        } else {
            args.get(vm, i - 1)
        };
        let es = vm.root(e);
        if is_concat_spreadable(vm, e)? {
            let Value::Object(eo) = vm.rooted(es) else {
                unreachable!()
            };
            let len = ops::length_of_array_like(vm, eo)?;
            if n + len > 9007199254740991.0 {
                return Err(vm.type_error("concat result too long"));
            }
            let mut k = 0.0;
            while k < len {
                vm.tick()?;
                let pk = index_key(vm, k);
                let eo = o(vm, es);
                if object::has_property(vm, eo, pk)? {
                    let eo = o(vm, es);
                    let v = ops::get(vm, eo, pk)?;
                    let nk = index_key(vm, n);
                    let a = o(vm, aslot);
                    ops::create_data_property_or_throw(vm, a, nk, v)?;
                }
                n += 1.0;
                k += 1.0;
            }
        } else {
            let nk = index_key(vm, n);
            let a = o(vm, aslot);
            let e = vm.rooted(es);
            ops::create_data_property_or_throw(vm, a, nk, e)?;
            n += 1.0;
        }
        vm.unroot(es);
    }
    set_length(vm, aslot, n)?;
    let r = vm.rooted(aslot);
    vm.unroot(slot);
    Ok(r)
}

/// Array.prototype.reverse()
pub fn reverse(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    let middle = (len / 2.0).floor();
    let mut lower = 0.0;
    // The keys are made again before each use: past 2^32 - 2 they are strings, and any step
    // can run a proxy trap that collects (and moves them).
    while lower != middle {
        let upper = len - lower - 1.0;
        let a = o(vm, slot);
        let lk = index_key(vm, lower);
        let lower_exists = object::has_property(vm, a, lk)?;
        let lv = if lower_exists {
            let (a, lk) = (o(vm, slot), index_key(vm, lower));
            ops::get(vm, a, lk)?
        } else {
            Value::Undefined
        };
        let ls = vm.root(lv);
        let (a, uk) = (o(vm, slot), index_key(vm, upper));
        let upper_exists = object::has_property(vm, a, uk)?;
        let uv = if upper_exists {
            let (a, uk) = (o(vm, slot), index_key(vm, upper));
            ops::get(vm, a, uk)?
        } else {
            Value::Undefined
        };
        let us = vm.root(uv);
        let (a, lk) = (o(vm, slot), index_key(vm, lower));
        match (lower_exists, upper_exists) {
            (true, true) => {
                ops::set(vm, a, lk, vm.rooted(us), true)?;
                let (a, uk) = (o(vm, slot), index_key(vm, upper));
                ops::set(vm, a, uk, vm.rooted(ls), true)?;
            }
            (false, true) => {
                ops::set(vm, a, lk, vm.rooted(us), true)?;
                let (a, uk) = (o(vm, slot), index_key(vm, upper));
                ops::delete_property_or_throw(vm, a, uk)?;
            }
            (true, false) => {
                ops::delete_property_or_throw(vm, a, lk)?;
                let (a, uk) = (o(vm, slot), index_key(vm, upper));
                ops::set(vm, a, uk, vm.rooted(ls), true)?;
            }
            (false, false) => {}
        }
        vm.unroot(ls);
        lower += 1.0;
    }
    let r = vm.rooted(slot);
    vm.unroot(slot);
    Ok(r)
}

/// Moves elements `from..from+count` to `to..` (the shifting loops of shift/unshift/splice).
fn move_elements(vm: &mut Vm, slot: usize, from: f64, to: f64, count: f64) -> JsResult<()> {
    let (order, start): (f64, f64) = if to < from {
        (1.0, 0.0)
    } else {
        (-1.0, count - 1.0)
    };
    let mut i = start;
    // Keys are made right before each use (past 2^32 - 2 they are strings, which a proxy trap
    // in the previous step may have moved).
    for _ in 0..count as u64 {
        let (a, fk) = (o(vm, slot), index_key(vm, from + i));
        if object::has_property(vm, a, fk)? {
            let (a, fk) = (o(vm, slot), index_key(vm, from + i));
            let v = ops::get(vm, a, fk)?;
            let (a, tk) = (o(vm, slot), index_key(vm, to + i));
            ops::set(vm, a, tk, v, true)?;
        } else {
            let (a, tk) = (o(vm, slot), index_key(vm, to + i));
            ops::delete_property_or_throw(vm, a, tk)?;
        }
        i += order;
    }
    Ok(())
}

/// Array.prototype.shift()
pub fn shift(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    if len == 0.0 {
        set_length(vm, slot, 0.0)?;
        vm.unroot(slot);
        return Ok(Value::Undefined);
    }
    let a = o(vm, slot);
    let first = ops::get(vm, a, PropertyKey::Index(0))?;
    let fs = vm.root(first);
    move_elements(vm, slot, 1.0, 0.0, len - 1.0)?;
    let k = index_key(vm, len - 1.0);
    let a = o(vm, slot);
    ops::delete_property_or_throw(vm, a, k)?;
    set_length(vm, slot, len - 1.0)?;
    let first = vm.rooted(fs);
    vm.unroot(slot);
    Ok(first)
}

/// Array.prototype.unshift(...items)
pub fn unshift(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    let n = args.len() as f64;
    if n > 0.0 {
        if len + n > 9007199254740991.0 {
            return Err(vm.type_error("unshift past the maximum array length"));
        }
        move_elements(vm, slot, 0.0, n, len)?;
        for j in 0..args.len() {
            let v = args.get(vm, j);
            let a = o(vm, slot);
            ops::set(vm, a, PropertyKey::Index(j as u32), v, true)?;
        }
    }
    set_length(vm, slot, len + n)?;
    vm.unroot(slot);
    Ok(Value::Number(len + n))
}

/// Array.prototype.splice(start, deleteCount, ...items)
/// <https://tc39.es/ecma262/#sec-array.prototype.splice>
pub fn splice(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    let start = relative(vm, args.get(vm, 0), len, 0.0)?;
    let item_count = args.len().saturating_sub(2) as f64;
    let delete_count = match args.len() {
        0 => 0.0,
        1 => len - start,
        _ => {
            let dc = ops::to_integer_or_infinity(vm, args.get(vm, 1))?;
            dc.max(0.0).min(len - start)
        }
    };
    if len + item_count - delete_count > 9007199254740991.0 {
        return Err(vm.type_error("splice result too long"));
    }
    let a = array_species_create(vm, o(vm, slot), delete_count)?;
    let aslot = vm.root(Value::Object(a));
    let mut k = 0.0;
    while k < delete_count {
        vm.tick()?;
        let fk = index_key(vm, start + k);
        let src = o(vm, slot);
        if object::has_property(vm, src, fk)? {
            let src = o(vm, slot);
            let v = ops::get(vm, src, fk)?;
            let kk = index_key(vm, k);
            let a = o(vm, aslot);
            ops::create_data_property_or_throw(vm, a, kk, v)?;
        }
        k += 1.0;
    }
    set_length(vm, aslot, delete_count)?;
    if item_count < delete_count {
        move_elements(
            vm,
            slot,
            start + delete_count,
            start + item_count,
            len - delete_count - start,
        )?;
        let mut k = len;
        while k > len - delete_count + item_count {
            let kk = index_key(vm, k - 1.0);
            let src = o(vm, slot);
            ops::delete_property_or_throw(vm, src, kk)?;
            k -= 1.0;
        }
    } else if item_count > delete_count {
        move_elements(
            vm,
            slot,
            start + delete_count,
            start + item_count,
            len - delete_count - start,
        )?;
    }
    for j in 0..item_count as usize {
        let v = args.get(vm, j + 2);
        let kk = index_key(vm, start + j as f64);
        let src = o(vm, slot);
        ops::set(vm, src, kk, v, true)?;
    }
    set_length(vm, slot, len - delete_count + item_count)?;
    let r = vm.rooted(aslot);
    vm.unroot(slot);
    Ok(r)
}

/// Array.prototype.sort(comparefn): SortIndexedProperties with a stable merge sort.
/// <https://tc39.es/ecma262/#sec-array.prototype.sort>
pub fn sort(vm: &mut Vm, args: Args) -> JsResult {
    let cmp = args.get(vm, 0);
    if !cmp.is_undefined() && !ops::is_callable(vm, cmp) {
        return Err(vm.type_error("The comparison function must be either a function or undefined"));
    }
    let (slot, len) = this_object(vm, args)?;
    // Collect the present values (holes are skipped and re-created at the end).
    let base = vm.roots.len();
    let mut k = 0.0;
    while k < len {
        vm.tick()?;
        let pk = index_key(vm, k);
        let a = o(vm, slot);
        if object::has_property(vm, a, pk)? {
            let a = o(vm, slot);
            let v = ops::get(vm, a, pk)?;
            vm.roots.push(v);
        }
        k += 1.0;
    }
    let n = vm.roots.len() - base;
    let order = merge_sort(vm, args, base, n)?;
    for (i, &j) in order.iter().enumerate() {
        let v = vm.roots[base + j];
        let a = o(vm, slot);
        ops::set(vm, a, PropertyKey::Index(i as u32), v, true)?;
    }
    let mut k = n as f64;
    while k < len {
        vm.tick()?;
        let pk = index_key(vm, k);
        let a = o(vm, slot);
        ops::delete_property_or_throw(vm, a, pk)?;
        k += 1.0;
    }
    let r = vm.rooted(slot);
    vm.unroot(slot);
    Ok(r)
}

/// A stable merge sort of the values in root slots `base..base + n` with
/// CompareArrayElements (comparisons may run JavaScript, so it sorts indices); returns the order.
fn merge_sort(vm: &mut Vm, args: Args, base: usize, n: usize) -> JsResult<Vec<usize>> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut buf = order.clone();
    let mut width = 1;
    while width < n {
        let mut i = 0;
        while i < n {
            let mid = (i + width).min(n);
            let hi = (i + 2 * width).min(n);
            let (mut l, mut r, mut out) = (i, mid, i);
            while l < mid && r < hi {
                // A comparison is a unit of work for the limits (a long sort stops in time).
                vm.tick()?;
                let (x, y) = (vm.roots[base + order[l]], vm.roots[base + order[r]]);
                let greater = compare_values(vm, args, x, y)? > 0.0;
                if greater {
                    buf[out] = order[r];
                    r += 1;
                } else {
                    buf[out] = order[l];
                    l += 1;
                }
                out += 1;
            }
            buf[out..out + (mid - l)].copy_from_slice(&order[l..mid]);
            out += mid - l;
            buf[out..out + (hi - r)].copy_from_slice(&order[r..hi]);
            i += 2 * width;
        }
        std::mem::swap(&mut order, &mut buf);
        width *= 2;
    }
    Ok(order)
}

/// CompareArrayElements(x, y, comparefn). <https://tc39.es/ecma262/#sec-comparearrayelements>
fn compare_values(vm: &mut Vm, args: Args, x: Value, y: Value) -> JsResult<f64> {
    match (x.is_undefined(), y.is_undefined()) {
        (true, true) => return Ok(0.0),
        (true, false) => return Ok(1.0),
        (false, true) => return Ok(-1.0),
        _ => {}
    }
    let cmp = args.get(vm, 0);
    if !cmp.is_undefined() {
        let r = ops::call(vm, cmp, Value::Undefined, &[x, y])?;
        let n = ops::to_number(vm, r)?;
        return Ok(if n.is_nan() { 0.0 } else { n });
    }
    let ys = vm.root(y);
    let xs = ops::to_string(vm, x)?;
    let xslot = vm.root(Value::String(xs));
    let y = vm.rooted(ys);
    let ystr = ops::to_string(vm, y)?;
    let Value::String(xs) = vm.rooted(xslot) else {
        unreachable!()
    };
    vm.unroot(ys);
    let (a, b) = (vm.heap.string_units(xs), vm.heap.string_units(ystr));
    Ok(match a.cmp(b) {
        std::cmp::Ordering::Less => -1.0,
        std::cmp::Ordering::Equal => 0.0,
        std::cmp::Ordering::Greater => 1.0,
    })
}

pub fn keys(vm: &mut Vm, args: Args) -> JsResult {
    let o = ops::to_object(vm, args.this(vm))?;
    Ok(super::iterators::create_array_iterator(
        vm,
        Value::Object(o),
        0,
    ))
}

pub fn values(vm: &mut Vm, args: Args) -> JsResult {
    let o = ops::to_object(vm, args.this(vm))?;
    Ok(super::iterators::create_array_iterator(
        vm,
        Value::Object(o),
        1,
    ))
}

pub fn entries(vm: &mut Vm, args: Args) -> JsResult {
    let o = ops::to_object(vm, args.this(vm))?;
    Ok(super::iterators::create_array_iterator(
        vm,
        Value::Object(o),
        2,
    ))
}

// --- ES2015+ methods ---------------------------------------------------------------------------

/// Array.prototype.at(index) <https://tc39.es/ecma262/#sec-array.prototype.at>
pub fn at(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Let O be ? ToObject(this value); let len be ? LengthOfArrayLike(O).
    let (slot, len) = this_object(vm, args)?;
    // 3-5. Let relativeIndex be ? ToIntegerOrInfinity(index); k = len + rel if negative.
    let rel = ops::to_integer_or_infinity(vm, args.get(vm, 0))?;
    let k = if rel >= 0.0 { rel } else { len + rel };
    // 6. If k < 0 or k ≥ len, return undefined.
    if k < 0.0 || k >= len {
        return Ok(Value::Undefined);
    }
    // 7. Return ? Get(O, ! ToString(𝔽(k))).
    let pk = index_key(vm, k);
    ops::get(vm, o(vm, slot), pk)
}

/// Array.prototype.copyWithin(target, start [, end])
/// <https://tc39.es/ecma262/#sec-array.prototype.copywithin>
pub fn copy_within(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    // 3-5. Let to be the clamped relative target.
    let to = relative(vm, args.get(vm, 0), len, 0.0)?;
    // 6-8. Let from be the clamped relative start.
    let from = relative(vm, args.get(vm, 1), len, 0.0)?;
    // 9-11. Let final be the clamped relative end (len when undefined).
    let fin = relative(vm, args.get(vm, 2), len, len)?;
    // 12. Let count be min(final - from, len - to).
    let count = (fin - from).min(len - to);
    // 13-14. Copy backwards when the ranges overlap with from < to.
    let (mut from, mut to, dir) = if from < to && to < from + count {
        (from + count - 1.0, to + count - 1.0, -1.0)
    } else {
        (from, to, 1.0)
    };
    let mut count = count;
    // 15. Repeat, while count > 0,
    while count > 0.0 {
        let (fk, tk) = (index_key(vm, from), index_key(vm, to));
        let a = o(vm, slot);
        if object::has_property(vm, a, fk)? {
            let a = o(vm, slot);
            let v = ops::get(vm, a, fk)?;
            let a = o(vm, slot);
            ops::set(vm, a, tk, v, true)?;
        } else {
            let a = o(vm, slot);
            ops::delete_property_or_throw(vm, a, tk)?;
        }
        from += dir;
        to += dir;
        count -= 1.0;
    }
    // 16. Return O.
    Ok(vm.rooted(slot))
}

/// Array.prototype.fill(value [, start [, end]])
/// <https://tc39.es/ecma262/#sec-array.prototype.fill>
pub fn fill(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    let mut k = relative(vm, args.get(vm, 1), len, 0.0)?;
    let fin = relative(vm, args.get(vm, 2), len, len)?;
    if fill_in_place(vm, o(vm, slot), args.get(vm, 0), k, fin) {
        return Ok(vm.rooted(slot));
    }
    // 11. Repeat, while k < final: Perform ? Set(O, Pk, value, true).
    while k < fin {
        vm.tick()?;
        let pk = index_key(vm, k);
        let (a, v) = (o(vm, slot), args.get(vm, 0));
        ops::set(vm, a, pk, v, true)?;
        k += 1.0;
    }
    Ok(vm.rooted(slot))
}

/// Steps 11-12 of `fill` done directly on the elements, when that is what the Sets would do:
/// `obj` is an extensible Array whose own indexed properties are all elements (plain data
/// properties or holes) and whose prototypes have no indexed properties, so each
/// Set(O, Pk, value, true) overwrites or creates a writable data element and calls nothing.
/// `[k, fin)` lies below the length (fill clamps it), so the length does not change.
/// Returns false, having done nothing, when the fast path does not apply.
fn fill_in_place(vm: &mut Vm, obj: Handle<Object>, value: Value, k: f64, fin: f64) -> bool {
    let o = vm.heap.get(obj);
    let applies = matches!(o.kind, ObjectKind::Array(_))
        && o.extensible
        && k < fin
        && fin <= u32::MAX as f64
        && !vm
            .heap
            .any_property_key(obj, |k| matches!(k, PropertyKey::Index(_)))
        && !inherits_indexed_properties(vm, o.proto.get());
    if !applies {
        return false;
    }
    let (k, fin) = (k as usize, fin as usize);
    let elements = &mut vm.heap.get_mut(obj).elements;
    if elements.len() < fin {
        elements.resize(fin, Value::Empty);
    }
    elements[k..fin].fill(value);
    true
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Ascending,
    Descending,
}

/// FindViaPredicate(O, len, direction, predicate, thisArg): (index, value).
/// <https://tc39.es/ecma262/#sec-findviapredicate>
fn find_via_predicate(
    vm: &mut Vm,
    args: Args,
    direction: Direction,
    name: &str,
) -> JsResult<(f64, Value)> {
    let (slot, len) = this_object(vm, args)?;
    // 1. If IsCallable(predicate) is false, throw a TypeError exception.
    if !ops::is_callable(vm, args.get(vm, 0)) {
        return Err(vm.type_error(format!(
            "Array.prototype.{name}: predicate is not a function"
        )));
    }
    // 2-4. Visit every index (holes read as undefined) in the given direction.
    for i in 0..len as u64 {
        let k = match direction {
            Direction::Ascending => i as f64,
            Direction::Descending => len - 1.0 - i as f64,
        };
        let pk = index_key(vm, k);
        let a = o(vm, slot);
        let v = ops::get(vm, a, pk)?;
        let vs = vm.root(v);
        let (f, t, a) = (args.get(vm, 0), args.get(vm, 1), vm.rooted(slot));
        let r = ops::call(vm, f, t, &[v, Value::Number(k), a])?;
        let v = vm.rooted(vs);
        vm.unroot(vs);
        if ops::to_boolean(vm, r) {
            return Ok((k, v));
        }
    }
    // 5. Return the Record { [[Index]]: -1𝔽, [[Value]]: undefined }.
    Ok((-1.0, Value::Undefined))
}

/// Array.prototype.find(predicate [, thisArg]) <https://tc39.es/ecma262/#sec-array.prototype.find>
pub fn find(vm: &mut Vm, args: Args) -> JsResult {
    Ok(find_via_predicate(vm, args, Direction::Ascending, "find")?.1)
}

/// <https://tc39.es/ecma262/#sec-array.prototype.findindex>
pub fn find_index(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Number(
        find_via_predicate(vm, args, Direction::Ascending, "findIndex")?.0,
    ))
}

/// <https://tc39.es/ecma262/#sec-array.prototype.findlast>
pub fn find_last(vm: &mut Vm, args: Args) -> JsResult {
    Ok(find_via_predicate(vm, args, Direction::Descending, "findLast")?.1)
}

/// <https://tc39.es/ecma262/#sec-array.prototype.findlastindex>
pub fn find_last_index(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Number(
        find_via_predicate(vm, args, Direction::Descending, "findLastIndex")?.0,
    ))
}

/// FlattenIntoArray(target, source, sourceLen, start, depth [, mapperFunction, thisArg]).
/// `target` and `source` are root slots; the mapper is argument 0 of `args` when `mapping`.
/// <https://tc39.es/ecma262/#sec-flattenintoarray>
#[allow(clippy::too_many_arguments)]
fn flatten_into_array(
    vm: &mut Vm,
    args: Args,
    target: usize,
    source: usize,
    source_len: f64,
    start: f64,
    depth: f64,
    mapping: bool,
) -> JsResult<f64> {
    // 2. Let targetIndex be start.
    let mut target_index = start;
    // 4. Repeat, while sourceIndex < sourceLen,
    let mut source_index = 0.0;
    while source_index < source_len {
        vm.tick()?;
        let pk = index_key(vm, source_index);
        let src = o(vm, source);
        // b-c. If ? HasProperty(source, P) is true, then
        if object::has_property(vm, src, pk)? {
            let src = o(vm, source);
            let mut element = ops::get(vm, src, pk)?;
            // ii. If mapperFunction is present, call it.
            if mapping {
                let (f, t, s) = (args.get(vm, 0), args.get(vm, 1), vm.rooted(source));
                element = ops::call(vm, f, t, &[element, Value::Number(source_index), s])?;
            }
            let es = vm.root(element);
            // iii-iv. Flatten arrays while depth remains.
            let flatten = depth > 0.0
                && match element {
                    Value::Object(e) => is_array_value(vm, e)?,
                    _ => false,
                };
            if flatten {
                let Value::Object(e) = vm.rooted(es) else {
                    unreachable!()
                };
                let len = ops::length_of_array_like(vm, e)?;
                target_index = flatten_into_array(
                    vm,
                    args,
                    target,
                    es,
                    len,
                    target_index,
                    depth - 1.0,
                    false,
                )?;
            } else {
                // vi. If targetIndex ≥ 2^53 - 1, throw a TypeError exception.
                if target_index >= 9007199254740991.0 {
                    return Err(vm.type_error("flat result too long"));
                }
                let tk = index_key(vm, target_index);
                let (t, e) = (o(vm, target), vm.rooted(es));
                ops::create_data_property_or_throw(vm, t, tk, e)?;
                target_index += 1.0;
            }
            vm.unroot(es);
        }
        source_index += 1.0;
    }
    // 5. Return targetIndex.
    Ok(target_index)
}

/// Array.prototype.flat([depth]) <https://tc39.es/ecma262/#sec-array.prototype.flat>
pub fn flat(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    // 3-4. Let depthNum be 1, or ToIntegerOrInfinity(depth) clamped at 0.
    let depth = args.get(vm, 0);
    let depth = if depth.is_undefined() {
        1.0
    } else {
        ops::to_integer_or_infinity(vm, depth)?.max(0.0)
    };
    // 5. Let A be ? ArraySpeciesCreate(O, 0).
    let a = array_species_create(vm, o(vm, slot), 0.0)?;
    let aslot = vm.root(Value::Object(a));
    // 6. Perform ? FlattenIntoArray(A, O, sourceLen, 0, depthNum).
    flatten_into_array(vm, args, aslot, slot, len, 0.0, depth, false)?;
    Ok(vm.rooted(aslot))
}

/// Array.prototype.flatMap(mapperFunction [, thisArg])
/// <https://tc39.es/ecma262/#sec-array.prototype.flatmap>
pub fn flat_map(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    // 3. If IsCallable(mapperFunction) is false, throw a TypeError exception.
    if !ops::is_callable(vm, args.get(vm, 0)) {
        return Err(vm.type_error("Array.prototype.flatMap: mapper is not a function"));
    }
    let a = array_species_create(vm, o(vm, slot), 0.0)?;
    let aslot = vm.root(Value::Object(a));
    flatten_into_array(vm, args, aslot, slot, len, 0.0, 1.0, true)?;
    Ok(vm.rooted(aslot))
}

/// Array.prototype.lastIndexOf(searchElement [, fromIndex])
/// <https://tc39.es/ecma262/#sec-array.prototype.lastindexof>
pub fn last_index_of(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    // 3. If len = 0, return -1𝔽.
    if len == 0.0 {
        return Ok(Value::Number(-1.0));
    }
    // 4-6. Let n be ToIntegerOrInfinity(fromIndex) if present, else len - 1.
    let n = if args.len() > 1 {
        ops::to_integer_or_infinity(vm, args.get(vm, 1))?
    } else {
        len - 1.0
    };
    if n == f64::NEG_INFINITY {
        return Ok(Value::Number(-1.0));
    }
    let mut k = if n >= 0.0 { n.min(len - 1.0) } else { len + n };
    // 7. Repeat, while k ≥ 0,
    while k >= 0.0 {
        let pk = index_key(vm, k);
        let a = o(vm, slot);
        if object::has_property(vm, a, pk)? {
            let a = o(vm, slot);
            let e = ops::get(vm, a, pk)?;
            let target = args.get(vm, 0);
            if ops::is_strictly_equal(vm, e, target) {
                return Ok(Value::Number(k));
            }
        }
        k -= 1.0;
    }
    Ok(Value::Number(-1.0))
}

/// Array.prototype.reduceRight(callbackfn [, initialValue])
/// <https://tc39.es/ecma262/#sec-array.prototype.reduceright>
pub fn reduce_right(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    if !ops::is_callable(vm, args.get(vm, 0)) {
        return Err(vm.type_error("Array.prototype.reduceRight: callback is not a function"));
    }
    let mut k = len - 1.0;
    let acc = vm.root(Value::Undefined);
    if args.len() >= 2 {
        vm.roots[acc] = args.get(vm, 1);
    } else {
        // 8. Find the last present element.
        let mut found = false;
        while k >= 0.0 && !found {
            let pk = index_key(vm, k);
            let a = o(vm, slot);
            if object::has_property(vm, a, pk)? {
                let a = o(vm, slot);
                vm.roots[acc] = ops::get(vm, a, pk)?;
                found = true;
            }
            k -= 1.0;
        }
        if !found {
            return Err(vm.type_error("Reduce of empty array with no initial value"));
        }
    }
    // 9. Repeat, while k ≥ 0,
    while k >= 0.0 {
        let pk = index_key(vm, k);
        let a = o(vm, slot);
        if object::has_property(vm, a, pk)? {
            let a = o(vm, slot);
            let v = ops::get(vm, a, pk)?;
            let (f, accv, a) = (args.get(vm, 0), vm.rooted(acc), vm.rooted(slot));
            vm.roots[acc] = ops::call(vm, f, Value::Undefined, &[accv, v, Value::Number(k), a])?;
        }
        k -= 1.0;
    }
    Ok(vm.rooted(acc))
}

/// A new array from values in root slots `base..base + n` (for the copying methods).
fn array_from_roots(vm: &mut Vm, base: usize, n: usize) -> Value {
    let values = vm.roots[base..base + n].to_vec();
    Value::Object(ops::create_array_from_list(vm, &values))
}

/// Checks a result length of the copying methods against 2^32 - 1 (ArrayCreate's limit).
fn check_array_length(vm: &mut Vm, len: f64) -> JsResult<()> {
    if len > u32::MAX as f64 {
        return Err(vm.range_error("Invalid array length"));
    }
    Ok(())
}

/// Array.prototype.toReversed() <https://tc39.es/ecma262/#sec-array.prototype.toreversed>
pub fn to_reversed(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    // 3. Let A be ? ArrayCreate(len).
    check_array_length(vm, len)?;
    // 4-5. Read every index from the end (holes read as undefined).
    let base = vm.roots.len();
    let mut k = len - 1.0;
    while k >= 0.0 {
        let pk = index_key(vm, k);
        let a = o(vm, slot);
        let v = ops::get(vm, a, pk)?;
        vm.roots.push(v);
        k -= 1.0;
    }
    Ok(array_from_roots(vm, base, len as usize))
}

/// Array.prototype.toSorted(comparefn) <https://tc39.es/ecma262/#sec-array.prototype.tosorted>
pub fn to_sorted(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If comparefn is not undefined and IsCallable(comparefn) is false, throw a TypeError.
    let cmp = args.get(vm, 0);
    if !cmp.is_undefined() && !ops::is_callable(vm, cmp) {
        return Err(vm.type_error("The comparison function must be either a function or undefined"));
    }
    let (slot, len) = this_object(vm, args)?;
    // 4. Let A be ? ArrayCreate(len).
    check_array_length(vm, len)?;
    // 6. Let sortedList be ? SortIndexedProperties(O, len, SortCompare, read-through-holes).
    let base = vm.roots.len();
    let mut k = 0.0;
    while k < len {
        vm.tick()?;
        let pk = index_key(vm, k);
        let a = o(vm, slot);
        let v = ops::get(vm, a, pk)?;
        vm.roots.push(v);
        k += 1.0;
    }
    let n = len as usize;
    let order = merge_sort(vm, args, base, n)?;
    let sorted: Vec<Value> = order.iter().map(|&j| vm.roots[base + j]).collect();
    Ok(Value::Object(ops::create_array_from_list(vm, &sorted)))
}

/// Array.prototype.toSpliced(start, skipCount, ...items)
/// <https://tc39.es/ecma262/#sec-array.prototype.tospliced>
pub fn to_spliced(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    // 3-7. Let actualStart be the clamped relative start.
    let start = relative(vm, args.get(vm, 0), len, 0.0)?;
    // 8. Let insertCount be the number of elements in items.
    let insert_count = args.len().saturating_sub(2) as f64;
    // 9-11. Let actualSkipCount be the clamped skip count.
    let skip = match args.len() {
        0 => 0.0,
        1 => len - start,
        _ => {
            let sc = ops::to_integer_or_infinity(vm, args.get(vm, 1))?;
            sc.max(0.0).min(len - start)
        }
    };
    // 12. Let newLen be len + insertCount - actualSkipCount.
    let new_len = len + insert_count - skip;
    // 13. If newLen > 2^53 - 1, throw a TypeError exception.
    if new_len > 9007199254740991.0 {
        return Err(vm.type_error("toSpliced result too long"));
    }
    // 14. Let A be ? ArrayCreate(newLen).
    check_array_length(vm, new_len)?;
    let base = vm.roots.len();
    // 17-18. Copy the elements before start.
    let mut i = 0.0;
    while i < start {
        vm.tick()?;
        let pk = index_key(vm, i);
        let a = o(vm, slot);
        let v = ops::get(vm, a, pk)?;
        vm.roots.push(v);
        i += 1.0;
    }
    // 19. Insert the items.
    for j in 2..args.len() {
        let v = args.get(vm, j);
        vm.roots.push(v);
    }
    // 20-21. Copy the elements after the skipped ones.
    let mut r = start + skip;
    while r < len {
        vm.tick()?;
        let pk = index_key(vm, r);
        let a = o(vm, slot);
        let v = ops::get(vm, a, pk)?;
        vm.roots.push(v);
        r += 1.0;
    }
    Ok(array_from_roots(vm, base, new_len as usize))
}

/// Array.prototype.with(index, value) <https://tc39.es/ecma262/#sec-array.prototype.with>
pub fn with(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    // 3-5. Let actualIndex be the relative index.
    let rel = ops::to_integer_or_infinity(vm, args.get(vm, 0))?;
    let actual = if rel >= 0.0 { rel } else { len + rel };
    // 6. If actualIndex ≥ len or actualIndex < 0, throw a RangeError exception.
    if actual >= len || actual < 0.0 {
        return Err(vm.range_error("Invalid index"));
    }
    // 7. Let A be ? ArrayCreate(len).
    check_array_length(vm, len)?;
    let base = vm.roots.len();
    let mut k = 0.0;
    while k < len {
        vm.tick()?;
        let v = if k == actual {
            args.get(vm, 1)
        } else {
            let pk = index_key(vm, k);
            let a = o(vm, slot);
            ops::get(vm, a, pk)?
        };
        vm.roots.push(v);
        k += 1.0;
    }
    Ok(array_from_roots(vm, base, len as usize))
}

/// Array.prototype.toLocaleString() <https://tc39.es/ecma262/#sec-array.prototype.tolocalestring>
pub fn to_locale_string(vm: &mut Vm, args: Args) -> JsResult {
    let (slot, len) = this_object(vm, args)?;
    // 3. Let separator be the implementation-defined list-separator String (",").
    let mut out: Vec<u16> = Vec::new();
    let mut k = 0.0;
    while k < len {
        vm.tick()?;
        if k > 0.0 {
            out.push(b',' as u16);
        }
        let pk = index_key(vm, k);
        let a = o(vm, slot);
        let e = ops::get(vm, a, pk)?;
        // c. If nextElement is neither undefined nor null: ToString(? Invoke(nextElement,
        //    "toLocaleString")).
        if !e.is_nullish() {
            let key = vm.key("toLocaleString");
            let r = ops::invoke(vm, e, key, &[])?;
            let s = ops::to_string(vm, r)?;
            out.extend_from_slice(vm.heap.string_units(s));
        }
        k += 1.0;
    }
    Ok(vm.string_value(out))
}

/// Installs `Array.prototype[@@unscopables]`.
/// <https://tc39.es/ecma262/#sec-array.prototype-%symbol.unscopables%>
fn init_unscopables(vm: &mut Vm, ap: Handle<Object>) {
    let u = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
    for name in [
        "at",
        "copyWithin",
        "entries",
        "fill",
        "find",
        "findIndex",
        "findLast",
        "findLastIndex",
        "flat",
        "flatMap",
        "includes",
        "keys",
        "toReversed",
        "toSorted",
        "toSpliced",
        "values",
    ] {
        let key = vm.key(name);
        super::add(vm, u, key, Value::Boolean(true), attrs::DEFAULT);
    }
    let key = symbol_key(vm, WellKnown::Unscopables);
    super::add(vm, ap, key, Value::Object(u), attrs::CONFIGURABLE);
}
