//! The `Iterator` constructor, `Iterator.from`, and the iterator helpers of
//! `Iterator.prototype` (ES2025). <https://tc39.es/ecma262/#sec-iterator-objects>
//!
//! The spec writes each lazy helper (map, filter, take, drop, flatMap) as an abstract closure
//! run as a generator. Here a helper is an `IteratorHelper` object holding that closure's
//! variables ([`IteratorHelperData`]): `next` runs one step of the closure up to its next
//! Yield, `return` resumes it with a return completion.

use super::{accessor, method};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, symbol_key, Intrinsic, WellKnown};
use crate::CommonKey;
use crate::{Args, JsResult, Vm};
use amber_heap::object::IteratorHelperData;
use amber_heap::{Handle, Object, ObjectKind, Value};

const MAP: u8 = 0;
const FILTER: u8 = 1;
const TAKE: u8 = 2;
const DROP: u8 = 3;
const FLAT_MAP: u8 = 4;
const WRAP: u8 = 5;
/// `Iterator.concat`: `function` is an array of (iterable, @@iterator method) pairs, flattened;
/// `counter` is the index of the next pair to open; `inner`/`inner_next` the open iterator.
const CONCAT: u8 = 6;
/// `Iterator.zip` and `Iterator.zipKeyed`: the closure's variables are described in
/// `iterator_zip`, which runs it.
pub(super) const ZIP: u8 = 7;
/// `Iterator.prototype.chunks` and `Iterator.prototype.windows`: see `iterator_chunking`.
pub(super) const CHUNKS: u8 = 8;
pub(super) const WINDOWS: u8 = 9;

pub(super) const SUSPENDED_START: u8 = 0;
pub(super) const SUSPENDED_YIELD: u8 = 1;
pub(super) const EXECUTING: u8 = 2;
pub(super) const COMPLETED: u8 = 3;

pub fn init(vm: &mut Vm) {
    let ip = vm.intrinsic(Intrinsic::IteratorPrototype);
    // The Iterator constructor: its `prototype` is %Iterator.prototype%, non-writable.
    let c = super::native_function(vm, NativeId::Iterator, "Iterator", 0, true);
    set_intrinsic(vm, Intrinsic::Iterator, c);
    let pk = vm.name_key(CommonKey::Prototype);
    super::add(vm, c, pk, Value::Object(ip), 0);
    super::global(vm, "Iterator", Value::Object(c));
    method(vm, c, "from", NativeId::IteratorFrom, 1);
    method(vm, c, "concat", NativeId::IteratorConcat, 0);
    method(vm, c, "zip", NativeId::IteratorZip, 1);
    method(vm, c, "zipKeyed", NativeId::IteratorZipKeyed, 1);
    for &(name, id, len) in &[
        ("drop", NativeId::IteratorPrototypeDrop, 1),
        ("every", NativeId::IteratorPrototypeEvery, 1),
        ("filter", NativeId::IteratorPrototypeFilter, 1),
        ("find", NativeId::IteratorPrototypeFind, 1),
        ("flatMap", NativeId::IteratorPrototypeFlatMap, 1),
        ("forEach", NativeId::IteratorPrototypeForEach, 1),
        ("map", NativeId::IteratorPrototypeMap, 1),
        ("reduce", NativeId::IteratorPrototypeReduce, 1),
        ("some", NativeId::IteratorPrototypeSome, 1),
        ("take", NativeId::IteratorPrototypeTake, 1),
        ("toArray", NativeId::IteratorPrototypeToArray, 0),
        ("includes", NativeId::IteratorPrototypeIncludes, 1),
        ("join", NativeId::IteratorPrototypeJoin, 1),
        ("chunks", NativeId::IteratorPrototypeChunks, 1),
        ("windows", NativeId::IteratorPrototypeWindows, 1),
    ] {
        method(vm, ip, name, id, len);
    }
    // Iterator.prototype.constructor and [@@toStringTag] are accessors whose setters ignore
    // the prototype itself (web compatibility).
    let ck = vm.name_key(CommonKey::Constructor);
    accessor(
        vm,
        ip,
        ck,
        "constructor",
        Some(NativeId::IteratorPrototypeConstructorGet),
        Some(NativeId::IteratorPrototypeConstructorSet),
    );
    let tk = symbol_key(vm, WellKnown::ToStringTag);
    accessor(
        vm,
        ip,
        tk,
        "[Symbol.toStringTag]",
        Some(NativeId::IteratorPrototypeToStringTagGet),
        Some(NativeId::IteratorPrototypeToStringTagSet),
    );

    // %IteratorHelperPrototype%
    let hp = super::ordinary(vm, Intrinsic::IteratorPrototype);
    set_intrinsic(vm, Intrinsic::IteratorHelperPrototype, hp);
    method(vm, hp, "next", NativeId::IteratorHelperPrototypeNext, 0);
    method(vm, hp, "return", NativeId::IteratorHelperPrototypeReturn, 0);
    super::iterators::tag(vm, hp, "Iterator Helper");

    // %WrapForValidIteratorPrototype%
    let wp = super::ordinary(vm, Intrinsic::IteratorPrototype);
    set_intrinsic(vm, Intrinsic::WrapForValidIteratorPrototype, wp);
    method(
        vm,
        wp,
        "next",
        NativeId::WrapForValidIteratorPrototypeNext,
        0,
    );
    method(
        vm,
        wp,
        "return",
        NativeId::WrapForValidIteratorPrototypeReturn,
        0,
    );
}

// --- the constructor ---------------------------------------------------------------------------

/// Iterator() <https://tc39.es/ecma262/#sec-iterator-constructor>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is either undefined or the active function object, throw a TypeError.
    let nt = args.new_target(vm);
    if nt.is_undefined() || nt == Value::Object(args.callee(vm)) {
        return Err(vm.type_error("Iterator cannot be constructed directly"));
    }
    // 2. Return ? OrdinaryCreateFromConstructor(NewTarget, "%Iterator.prototype%").
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::IteratorPrototype,
        ObjectKind::Ordinary,
    )?;
    Ok(Value::Object(o))
}

/// GetIteratorDirect(obj): (iterator, next method). <https://tc39.es/ecma262/#sec-getiteratordirect>
pub(super) fn get_iterator_direct(vm: &mut Vm, obj: Value) -> JsResult<(Value, Value)> {
    let slot = vm.root(obj);
    let key = vm.name_key(CommonKey::Next);
    let next = ops::get_v(vm, obj, key)?;
    let obj = vm.rooted(slot);
    vm.unroot(slot);
    Ok((obj, next))
}

/// GetIteratorFlattenable(obj, primitiveHandling).
/// <https://tc39.es/ecma262/#sec-getiteratorflattenable>
pub(super) fn get_iterator_flattenable(
    vm: &mut Vm,
    obj: Value,
    iterate_strings: bool,
) -> JsResult<(Value, Value)> {
    // 1. If obj is not an Object, then strings may be iterated; anything else is rejected.
    let accepted = match obj {
        Value::Object(_) => true,
        Value::String(_) => iterate_strings,
        _ => false,
    };
    if !accepted {
        return Err(vm.type_error("value is not an iterator or iterable object"));
    }
    let slot = vm.root(obj);
    // 2. Let method be ? GetMethod(obj, %Symbol.iterator%).
    let key = symbol_key(vm, WellKnown::Iterator);
    let method = ops::get_method(vm, obj, key)?;
    let obj = vm.rooted(slot);
    vm.unroot(slot);
    // 3-4. If method is undefined, the object is its own iterator; else call it.
    let iterator = match method {
        None => obj,
        Some(m) => ops::call(vm, m, obj, &[])?,
    };
    // 5. If iterator is not an Object, throw a TypeError exception.
    if !matches!(iterator, Value::Object(_)) {
        return Err(vm.type_error("iterator is not an object"));
    }
    // 6. Return ? GetIteratorDirect(iterator).
    get_iterator_direct(vm, iterator)
}

/// Iterator.from(O) <https://tc39.es/ecma262/#sec-iterator.from>
pub fn from(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let iteratorRecord be ? GetIteratorFlattenable(O, iterate-string-primitives).
    let (iterator, next) = get_iterator_flattenable(vm, args.get(vm, 0), true)?;
    let base = vm.root(iterator);
    vm.root(next);
    // 2. Let hasInstance be ? OrdinaryHasInstance(%Iterator%, iteratorRecord.[[Iterator]]).
    let c = Value::Object(vm.intrinsic(Intrinsic::Iterator));
    if ops::ordinary_has_instance(vm, c, iterator)? {
        // 3. If hasInstance is true, return iteratorRecord.[[Iterator]].
        return Ok(vm.rooted(base));
    }
    // 4-6. Let wrapper be OrdinaryObjectCreate(%WrapForValidIteratorPrototype%, « [[Iterated]] »).
    let (iterator, next) = (vm.rooted(base), vm.rooted(base + 1));
    Ok(Value::Object(create_helper(
        vm,
        Intrinsic::WrapForValidIteratorPrototype,
        WRAP,
        iterator,
        next,
        Value::Undefined,
        0.0,
    )))
}

pub(super) fn create_helper(
    vm: &mut Vm,
    proto: Intrinsic,
    kind: u8,
    iterator: Value,
    next: Value,
    function: Value,
    remaining: f64,
) -> Handle<Object> {
    let proto = vm.intrinsic(proto);
    vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::IteratorHelper(Box::new(IteratorHelperData {
            iterator,
            next,
            kind,
            state: SUSPENDED_START,
            function,
            counter: 0.0,
            remaining,
            inner: Value::Undefined,
            inner_next: Value::Undefined,
        })),
    ))
}

fn wrapped(vm: &mut Vm, v: Value, what: &str) -> JsResult<(Value, Value)> {
    if let Value::Object(o) = v {
        if let ObjectKind::IteratorHelper(d) = &vm.heap.get(o).kind {
            if d.kind == WRAP {
                return Ok((d.iterator, d.next));
            }
        }
    }
    Err(vm.type_error(format!("{what} called on incompatible receiver")))
}

/// %WrapForValidIteratorPrototype%.next() <https://tc39.es/ecma262/#sec-%wrapforvaliditeratorprototype%.next>
pub fn wrap_next(vm: &mut Vm, args: Args) -> JsResult {
    let (iterator, next) = wrapped(vm, args.this(vm), "next")?;
    ops::call(vm, next, iterator, &[])
}

/// %WrapForValidIteratorPrototype%.return() <https://tc39.es/ecma262/#sec-%wrapforvaliditeratorprototype%.return>
pub fn wrap_return(vm: &mut Vm, args: Args) -> JsResult {
    let (iterator, _) = wrapped(vm, args.this(vm), "return")?;
    let slot = vm.root(iterator);
    let key = vm.key("return");
    let method = ops::get_method(vm, iterator, key)?;
    let iterator = vm.rooted(slot);
    match method {
        None => Ok(ops::create_iter_result_object(vm, Value::Undefined, true)),
        Some(m) => ops::call(vm, m, iterator, &[]),
    }
}

// --- Iterator.prototype accessors ---------------------------------------------------------------

/// SetterThatIgnoresPrototypeProperties(thisValue, home, p, v).
/// <https://tc39.es/ecma262/#sec-SetterThatIgnoresPrototypeProperties>
fn setter_that_ignores_prototype_properties(vm: &mut Vm, args: Args, name: Value) -> JsResult {
    // 1. If thisValue is not an Object, throw a TypeError exception.
    let Value::Object(this) = args.this(vm) else {
        return Err(vm.type_error("setter called on non-object"));
    };
    // 2. If SameValue(thisValue, home) is true, throw a TypeError exception.
    if this == vm.intrinsic(Intrinsic::IteratorPrototype) {
        return Err(vm.type_error("Cannot assign to this property of Iterator.prototype"));
    }
    let key = ops::to_property_key(vm, name)?;
    let ks = super::root_key(vm, key);
    // 3. Let desc be ? thisValue.[[GetOwnProperty]](p).
    let desc = crate::object::get_own_property(vm, this, key)?;
    let key = super::rooted_key(vm, ks);
    let (Value::Object(this), v) = (args.this(vm), args.get(vm, 0)) else {
        unreachable!()
    };
    if desc.is_none() {
        // 4. If desc is undefined, perform ? CreateDataPropertyOrThrow(thisValue, p, v).
        ops::create_data_property_or_throw(vm, this, key, v)?;
    } else {
        // 5. Else, perform ? Set(thisValue, p, v, true).
        ops::set(vm, this, key, v, true)?;
    }
    Ok(Value::Undefined)
}

pub fn constructor_get(vm: &mut Vm, _: Args) -> JsResult {
    Ok(Value::Object(vm.intrinsic(Intrinsic::Iterator)))
}
pub fn constructor_set(vm: &mut Vm, args: Args) -> JsResult {
    let name = vm.string_from("constructor");
    setter_that_ignores_prototype_properties(vm, args, name)
}
pub fn to_string_tag_get(vm: &mut Vm, _: Args) -> JsResult {
    Ok(vm.string_from("Iterator"))
}
pub fn to_string_tag_set(vm: &mut Vm, args: Args) -> JsResult {
    let sym = vm.agent.symbols[WellKnown::ToStringTag as usize];
    setter_that_ignores_prototype_properties(vm, args, Value::Symbol(sym))
}

// --- the lazy helpers ---------------------------------------------------------------------------

/// Steps 1-4 of every helper: `this` must be an object; a non-callable function argument
/// closes it (IteratorClose with a throw completion) and throws.
fn require_this_and_callable(vm: &mut Vm, args: Args, name: &str) -> JsResult<()> {
    let o = args.this(vm);
    if !matches!(o, Value::Object(_)) {
        return Err(vm.type_error(format!("Iterator.prototype.{name} called on non-object")));
    }
    if !ops::is_callable(vm, args.get(vm, 0)) {
        let e = vm.type_error(format!(
            "Iterator.prototype.{name}: argument is not a function"
        ));
        ops::iterator_close_on_throw(vm, o);
        return Err(e);
    }
    Ok(())
}

fn lazy(vm: &mut Vm, args: Args, kind: u8, name: &str) -> JsResult {
    require_this_and_callable(vm, args, name)?;
    // Let iterated be ? GetIteratorDirect(O).
    let (iterator, next) = get_iterator_direct(vm, args.this(vm))?;
    let f = args.get(vm, 0);
    Ok(Value::Object(create_helper(
        vm,
        Intrinsic::IteratorHelperPrototype,
        kind,
        iterator,
        next,
        f,
        0.0,
    )))
}

/// Iterator.prototype.map(mapper) <https://tc39.es/ecma262/#sec-iterator.prototype.map>
pub fn map(vm: &mut Vm, args: Args) -> JsResult {
    lazy(vm, args, MAP, "map")
}
/// Iterator.prototype.filter(predicate) <https://tc39.es/ecma262/#sec-iterator.prototype.filter>
pub fn filter(vm: &mut Vm, args: Args) -> JsResult {
    lazy(vm, args, FILTER, "filter")
}
/// Iterator.prototype.flatMap(mapper) <https://tc39.es/ecma262/#sec-iterator.prototype.flatmap>
pub fn flat_map(vm: &mut Vm, args: Args) -> JsResult {
    lazy(vm, args, FLAT_MAP, "flatMap")
}

/// The shared steps of take(limit) and drop(limit).
/// <https://tc39.es/ecma262/#sec-iterator.prototype.take>
fn take_or_drop(vm: &mut Vm, args: Args, kind: u8, name: &str) -> JsResult {
    let o = args.this(vm);
    // 1-2. If O is not an Object, throw a TypeError exception.
    if !matches!(o, Value::Object(_)) {
        return Err(vm.type_error(format!("Iterator.prototype.{name} called on non-object")));
    }
    // 4. Let numLimit be Completion(ToNumber(limit)); IfAbruptCloseIterator(numLimit, iterated).
    let num = match ops::to_number(vm, args.get(vm, 0)) {
        Ok(n) => n,
        Err(e) => {
            let o = args.this(vm);
            ops::iterator_close_on_throw(vm, o);
            return Err(e);
        }
    };
    // 5-9. NaN, a limit past 2^53 - 1 or a negative one closes the iterator with a RangeError.
    let limit = if num.is_nan() || (num.is_finite() && num > 9007199254740991.0) {
        -1.0
    } else {
        num.trunc()
    };
    if limit < 0.0 {
        let e = vm.range_error(format!(
            "Iterator.prototype.{name}: limit must be a non-negative number"
        ));
        let o = args.this(vm);
        ops::iterator_close_on_throw(vm, o);
        return Err(e);
    }
    // 9. Set iterated to ? GetIteratorDirect(O).
    let (iterator, next) = get_iterator_direct(vm, args.this(vm))?;
    Ok(Value::Object(create_helper(
        vm,
        Intrinsic::IteratorHelperPrototype,
        kind,
        iterator,
        next,
        Value::Undefined,
        limit,
    )))
}

pub fn take(vm: &mut Vm, args: Args) -> JsResult {
    take_or_drop(vm, args, TAKE, "take")
}
/// Iterator.prototype.drop(limit) <https://tc39.es/ecma262/#sec-iterator.prototype.drop>
pub fn drop(vm: &mut Vm, args: Args) -> JsResult {
    take_or_drop(vm, args, DROP, "drop")
}

/// The helper's data, read afresh (the helper is `this`, a root).
fn helper(vm: &Vm, args: Args) -> Option<&IteratorHelperData> {
    match args.this(vm) {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::IteratorHelper(d) if d.kind != WRAP => Some(d),
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn helper_mut(vm: &mut Vm, args: Args) -> &mut IteratorHelperData {
    let Value::Object(o) = args.this(vm) else {
        unreachable!("helper_mut on a non-helper")
    };
    match &mut vm.heap.get_mut(o).kind {
        ObjectKind::IteratorHelper(d) => d,
        _ => unreachable!("helper_mut on a non-helper"),
    }
}

/// IfAbruptCloseIterator(error, iterated): closes the underlying iterator, keeps the error.
fn close_underlying_on_throw(vm: &mut Vm, args: Args) {
    let it = helper_mut(vm, args).iterator;
    ops::iterator_close_on_throw(vm, it);
}

/// IteratorStepValue on the underlying iterator.
fn step_underlying(vm: &mut Vm, args: Args) -> JsResult<Option<Value>> {
    let d = helper_mut(vm, args);
    let (it, next) = (d.iterator, d.next);
    ops::iterator_step_value(vm, it, next)
}

/// Call(function, undefined, « value, counter »), closing the underlying iterator on throw.
fn call_function(vm: &mut Vm, args: Args, value: Value) -> JsResult {
    let d = helper_mut(vm, args);
    let (f, counter) = (d.function, d.counter);
    match ops::call(vm, f, Value::Undefined, &[value, Value::Number(counter)]) {
        Ok(v) => Ok(v),
        Err(e) => {
            close_underlying_on_throw(vm, args);
            Err(e)
        }
    }
}

/// Runs the helper's closure up to its next Yield (`Some`) or its end (`None`).
fn resume(vm: &mut Vm, args: Args) -> JsResult<Option<Value>> {
    let kind = helper_mut(vm, args).kind;
    match kind {
        MAP => {
            // a. Let value be ? IteratorStepValue(iterated). b. If done, return.
            let Some(value) = step_underlying(vm, args)? else {
                return Ok(None);
            };
            // c-d. Let mapped be Completion(Call(mapper, undefined, « value, counter »)).
            let mapped = call_function(vm, args, value)?;
            // f. Set counter to counter + 1. e. Yield mapped.
            helper_mut(vm, args).counter += 1.0;
            Ok(Some(mapped))
        }
        FILTER => loop {
            let Some(value) = step_underlying(vm, args)? else {
                return Ok(None);
            };
            let vs = vm.root(value);
            let selected = call_function(vm, args, value)?;
            let value = vm.rooted(vs);
            vm.unroot(vs);
            helper_mut(vm, args).counter += 1.0;
            if ops::to_boolean(vm, selected) {
                return Ok(Some(value));
            }
        },
        TAKE => {
            let remaining = helper_mut(vm, args).remaining;
            // a. If remaining = 0, return ? IteratorClose(iterated, ReturnCompletion(undefined)).
            if remaining == 0.0 {
                let it = helper_mut(vm, args).iterator;
                ops::iterator_close(vm, it)?;
                return Ok(None);
            }
            // b. If remaining ≠ +∞, set remaining to remaining - 1.
            if remaining != f64::INFINITY {
                helper_mut(vm, args).remaining = remaining - 1.0;
            }
            // c-e. Let value be ? IteratorStepValue(iterated); yield it.
            step_underlying(vm, args)
        }
        DROP => {
            // a. Repeat, while remaining > 0: skip values.
            while helper_mut(vm, args).remaining > 0.0 {
                let d = helper_mut(vm, args);
                if d.remaining != f64::INFINITY {
                    d.remaining -= 1.0;
                }
                let d = helper_mut(vm, args);
                let (it, next) = (d.iterator, d.next);
                if ops::iterator_step(vm, it, next)?.is_none() {
                    return Ok(None);
                }
            }
            step_underlying(vm, args)
        }
        FLAT_MAP => loop {
            let d = helper_mut(vm, args);
            if !d.inner.is_undefined() {
                // v.1. Let innerValue be Completion(IteratorStepValue(innerIterator)).
                let (inner, inner_next) = (d.inner, d.inner_next);
                match ops::iterator_step_value(vm, inner, inner_next) {
                    Ok(Some(v)) => return Ok(Some(v)),
                    Ok(None) => {
                        // 4. If innerValue is done, set innerAlive to false; counter + 1.
                        let d = helper_mut(vm, args);
                        d.inner = Value::Undefined;
                        d.inner_next = Value::Undefined;
                        d.counter += 1.0;
                    }
                    Err(e) => {
                        // 2. IfAbruptCloseIterator(innerValue, iterated).
                        close_underlying_on_throw(vm, args);
                        return Err(e);
                    }
                }
                continue;
            }
            let Some(value) = step_underlying(vm, args)? else {
                return Ok(None);
            };
            let mapped = call_function(vm, args, value)?;
            // e. Let innerIterator be Completion(GetIteratorFlattenable(mapped, reject-primitives)).
            match get_iterator_flattenable(vm, mapped, false) {
                Ok((inner, inner_next)) => {
                    let d = helper_mut(vm, args);
                    d.inner = inner;
                    d.inner_next = inner_next;
                }
                Err(e) => {
                    close_underlying_on_throw(vm, args);
                    return Err(e);
                }
            }
        },
        CONCAT => loop {
            let d = helper_mut(vm, args);
            if !d.inner.is_undefined() {
                // 3.a.v. Let innerValue be ? IteratorStepValue(iteratorRecord); yield it, or
                // go on to the next iterable when it is done.
                let (inner, inner_next) = (d.inner, d.inner_next);
                if let Some(v) = ops::iterator_step_value(vm, inner, inner_next)? {
                    return Ok(Some(v));
                }
                let d = helper_mut(vm, args);
                d.inner = Value::Undefined;
                d.inner_next = Value::Undefined;
                continue;
            }
            // 3.a. For each Record iterable of iterables:
            let (pairs, index) = (d.function, d.counter as u32);
            let Value::Object(list) = pairs else {
                return Ok(None);
            };
            let (iterable, open) = {
                let elements = &vm.heap.get(list).elements;
                match (
                    elements.get(2 * index as usize),
                    elements.get(2 * index as usize + 1),
                ) {
                    (Some(&i), Some(&m)) => (i, m),
                    _ => return Ok(None),
                }
            };
            helper_mut(vm, args).counter += 1.0;
            // i-iii. Let iter be ? Call(iterable.[[OpenMethod]], iterable.[[Iterable]]); it must
            // be an Object; GetIteratorDirect(iter).
            let iter = ops::call(vm, open, iterable, &[])?;
            if !matches!(iter, Value::Object(_)) {
                return Err(
                    vm.type_error("Iterator.concat: the iterator method returned a non-object")
                );
            }
            let (inner, inner_next) = get_iterator_direct(vm, iter)?;
            let d = helper_mut(vm, args);
            d.inner = inner;
            d.inner_next = inner_next;
        },
        ZIP => super::iterator_zip::resume(vm, args),
        CHUNKS | WINDOWS => super::iterator_chunking::resume(vm, args),
        _ => Ok(None),
    }
}

/// Iterator.concat ( ...items ) <https://tc39.es/proposal-iterator-sequencing/#sec-iterator.concat>
pub fn concat(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Each item must be an Object with a callable @@iterator, read once, in order.
    let list = vm.roots.len();
    for i in 0..args.len() {
        let item = args.get(vm, i);
        if !matches!(item, Value::Object(_)) {
            return Err(vm.type_error("Iterator.concat: every argument must be an iterable object"));
        }
        let key = symbol_key(vm, WellKnown::Iterator);
        let method = ops::get_method(vm, item, key)?;
        let Some(method) = method else {
            return Err(vm.type_error("Iterator.concat: an argument is not iterable"));
        };
        let item = args.get(vm, i);
        vm.roots.push(item);
        vm.roots.push(method);
    }
    let pairs = vm.roots[list..].to_vec();
    let pairs = ops::create_array_from_list(vm, &pairs);
    // 3-5. A helper whose closure opens each iterable in turn; it has no underlying iterator
    // until it starts.
    let h = create_helper(
        vm,
        Intrinsic::IteratorHelperPrototype,
        CONCAT,
        Value::Undefined,
        Value::Undefined,
        Value::Object(pairs),
        0.0,
    );
    Ok(Value::Object(h))
}

/// %IteratorHelperPrototype%.next() <https://tc39.es/ecma262/#sec-%iteratorhelperprototype%.next>
pub fn helper_next(vm: &mut Vm, args: Args) -> JsResult {
    // GeneratorValidate: a helper that is not running.
    let Some(d) = helper(vm, args) else {
        return Err(vm.type_error("Iterator Helper next called on incompatible receiver"));
    };
    match d.state {
        EXECUTING => return Err(vm.type_error("Iterator Helper is already running")),
        COMPLETED => return Ok(ops::create_iter_result_object(vm, Value::Undefined, true)),
        _ => {}
    }
    helper_mut(vm, args).state = EXECUTING;
    let r = resume(vm, args);
    match r {
        Ok(Some(v)) => {
            helper_mut(vm, args).state = SUSPENDED_YIELD;
            Ok(ops::create_iter_result_object(vm, v, false))
        }
        Ok(None) => {
            helper_mut(vm, args).state = COMPLETED;
            Ok(ops::create_iter_result_object(vm, Value::Undefined, true))
        }
        Err(e) => {
            helper_mut(vm, args).state = COMPLETED;
            Err(e)
        }
    }
}

/// %IteratorHelperPrototype%.return() <https://tc39.es/ecma262/#sec-%iteratorhelperprototype%.return>
pub fn helper_return(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. RequireInternalSlot(O, [[UnderlyingIterator]]).
    let Some(d) = helper(vm, args) else {
        return Err(vm.type_error("Iterator Helper return called on incompatible receiver"));
    };
    let state = d.state;
    if state == EXECUTING {
        return Err(vm.type_error("Iterator Helper is already running"));
    }
    if state == COMPLETED {
        return Ok(ops::create_iter_result_object(vm, Value::Undefined, true));
    }
    // 3-4. Suspended at start or at a Yield: the return completion closes the iterators.
    let d = helper_mut(vm, args);
    d.state = COMPLETED;
    let (iterator, inner, kind) = (d.iterator, d.inner, d.kind);
    if kind == ZIP {
        return super::iterator_zip::helper_return(vm, args, state);
    }
    if (kind == CHUNKS || kind == WINDOWS) && super::iterator_chunking::exhausted(vm, args) {
        // Suspended at the Yield of the last, partial chunk or window: the closure returns
        // without closing the (exhausted) underlying iterator.
        return Ok(ops::create_iter_result_object(vm, Value::Undefined, true));
    }
    if kind == CONCAT {
        // Iterator.concat has no underlying iterator: only an open inner one is closed.
        // At a Yield, GeneratorResumeAbrupt runs the closure (state executing, so a re-entrant
        // call throws) and the closure closes the open iterator.
        if state == SUSPENDED_YIELD && !inner.is_undefined() {
            helper_mut(vm, args).state = EXECUTING;
            let closed = ops::iterator_close(vm, inner);
            helper_mut(vm, args).state = COMPLETED;
            closed?;
        }
        return Ok(ops::create_iter_result_object(vm, Value::Undefined, true));
    }
    if state == SUSPENDED_YIELD && !inner.is_undefined() {
        // flatMap: IteratorClose(innerIterator, completion), then the outer one.
        if let Err(e) = ops::iterator_close(vm, inner) {
            let it = helper_mut(vm, args).iterator;
            ops::iterator_close_on_throw(vm, it);
            return Err(e);
        }
        let it = helper_mut(vm, args).iterator;
        ops::iterator_close(vm, it)?;
    } else {
        ops::iterator_close(vm, iterator)?;
    }
    Ok(ops::create_iter_result_object(vm, Value::Undefined, true))
}

// --- the eager methods --------------------------------------------------------------------------

/// Steps shared by reduce/toArray/forEach/some/every/find: (iterator, next) in root slots.
fn direct_rooted(vm: &mut Vm, args: Args) -> JsResult<usize> {
    let (it, next) = get_iterator_direct(vm, args.this(vm))?;
    let base = vm.root(it);
    vm.root(next);
    Ok(base)
}

fn step_rooted(vm: &mut Vm, base: usize) -> JsResult<Option<Value>> {
    let (it, next) = (vm.rooted(base), vm.rooted(base + 1));
    ops::iterator_step_value(vm, it, next)
}

/// Call(f, undefined, callArgs) closing the iterator at `base` on throw.
fn call_or_close(vm: &mut Vm, base: usize, f: Value, call_args: &[Value]) -> JsResult {
    match ops::call(vm, f, Value::Undefined, call_args) {
        Ok(v) => Ok(v),
        Err(e) => {
            let it = vm.rooted(base);
            ops::iterator_close_on_throw(vm, it);
            Err(e)
        }
    }
}

/// Iterator.prototype.reduce(reducer [, initialValue]) <https://tc39.es/ecma262/#sec-iterator.prototype.reduce>
pub fn reduce(vm: &mut Vm, args: Args) -> JsResult {
    require_this_and_callable(vm, args, "reduce")?;
    let base = direct_rooted(vm, args)?;
    let acc = vm.root(Value::Undefined);
    let mut counter;
    if args.len() < 2 {
        // 6. If initialValue is not present: the first value is the accumulator.
        let Some(first) = step_rooted(vm, base)? else {
            return Err(vm.type_error("Reduce of empty iterator with no initial value"));
        };
        vm.roots[acc] = first;
        counter = 1.0;
    } else {
        vm.roots[acc] = args.get(vm, 1);
        counter = 0.0;
    }
    // 8. Repeat,
    loop {
        let Some(value) = step_rooted(vm, base)? else {
            return Ok(vm.rooted(acc));
        };
        let (f, a) = (args.get(vm, 0), vm.rooted(acc));
        vm.roots[acc] = call_or_close(vm, base, f, &[a, value, Value::Number(counter)])?;
        counter += 1.0;
    }
}

/// Iterator.prototype.toArray() <https://tc39.es/ecma262/#sec-iterator.prototype.toarray>
pub fn to_array(vm: &mut Vm, args: Args) -> JsResult {
    if !matches!(args.this(vm), Value::Object(_)) {
        return Err(vm.type_error("Iterator.prototype.toArray called on non-object"));
    }
    let base = direct_rooted(vm, args)?;
    let items = vm.roots.len();
    while let Some(v) = step_rooted(vm, base)? {
        vm.roots.push(v);
    }
    let list = vm.roots[items..].to_vec();
    Ok(Value::Object(ops::create_array_from_list(vm, &list)))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Eager {
    ForEach,
    Some,
    Every,
    Find,
}

/// The loop of forEach/some/every/find: call the function on each value with a counter and
/// stop (closing the iterator) once the answer is known.
fn eager(vm: &mut Vm, args: Args, which: Eager, name: &str) -> JsResult {
    require_this_and_callable(vm, args, name)?;
    let base = direct_rooted(vm, args)?;
    let mut counter = 0.0;
    loop {
        let Some(value) = step_rooted(vm, base)? else {
            return Ok(match which {
                Eager::ForEach | Eager::Find => Value::Undefined,
                Eager::Some => Value::Boolean(false),
                Eager::Every => Value::Boolean(true),
            });
        };
        let vs = vm.root(value);
        let f = args.get(vm, 0);
        let r = call_or_close(vm, base, f, &[value, Value::Number(counter)])?;
        let stop = match which {
            Eager::ForEach => None,
            Eager::Some if ops::to_boolean(vm, r) => Some(Value::Boolean(true)),
            Eager::Every if !ops::to_boolean(vm, r) => Some(Value::Boolean(false)),
            Eager::Find if ops::to_boolean(vm, r) => Some(vm.rooted(vs)),
            _ => None,
        };
        if let Some(result) = stop {
            // Return ? IteratorClose(iterated, NormalCompletion(result)).
            let rs = vm.root(result);
            let it = vm.rooted(base);
            ops::iterator_close(vm, it)?;
            return Ok(vm.rooted(rs));
        }
        vm.unroot(vs);
        counter += 1.0;
    }
}

/// <https://tc39.es/ecma262/#sec-iterator.prototype.foreach>
pub fn for_each(vm: &mut Vm, args: Args) -> JsResult {
    eager(vm, args, Eager::ForEach, "forEach")
}
/// <https://tc39.es/ecma262/#sec-iterator.prototype.some>
pub fn some(vm: &mut Vm, args: Args) -> JsResult {
    eager(vm, args, Eager::Some, "some")
}
/// <https://tc39.es/ecma262/#sec-iterator.prototype.every>
pub fn every(vm: &mut Vm, args: Args) -> JsResult {
    eager(vm, args, Eager::Every, "every")
}
/// <https://tc39.es/ecma262/#sec-iterator.prototype.find>
pub fn find(vm: &mut Vm, args: Args) -> JsResult {
    eager(vm, args, Eager::Find, "find")
}
