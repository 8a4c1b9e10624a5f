//! `Array.fromAsync`: the Array.fromAsync proposal.
//! <https://tc39.es/proposal-array-from-async/>
//!
//! The spec writes Array.fromAsync as an abstract closure run by AsyncFunctionStart, with an
//! `Await` at each step of its loops. Natives cannot suspend, so the closure is a state machine:
//! its variables live in an internal state object (the `elements` of an object that never
//! reaches JavaScript, indexed by the `STATE_*` constants), and each `Await` registers two
//! built-in continuations on the awaited promise, whose slots hold the state object and the
//! [`Phase`] to resume in. The body runs synchronously up to the first `Await`, as an async
//! function does.

use super::array::{array_create, array_create_checked, index_key};
use super::async_iterator::create_async_from_sync_iterator;
use super::promise::{self, closure, slot};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{symbol_key, Intrinsic, WellKnown};
use crate::CommonKey;
use crate::{Args, JsResult, Throw, Vm};
use amber_heap::{Handle, Object, ObjectKind, Value};

pub fn init(vm: &mut Vm) {
    let c = vm.intrinsic(Intrinsic::Array);
    super::method(vm, c, "fromAsync", NativeId::ArrayFromAsync, 1);
}

// The variables of the closure, as indices into the state object's elements.
const STATE_PROMISE: usize = 0;
const STATE_RESOLVE: usize = 1;
const STATE_REJECT: usize = 2;
/// The `this` value C, until A is made.
const STATE_C: usize = 3;
const STATE_A: usize = 4;
/// k, a Number.
const STATE_K: usize = 5;
/// The iterator record (undefined for array-likes).
const STATE_ITERATOR: usize = 6;
const STATE_NEXT: usize = 7;
/// mapfn, undefined when not mapping.
const STATE_MAPFN: usize = 8;
const STATE_THIS_ARG: usize = 9;
const STATE_ARRAY_LIKE: usize = 10;
/// len, a Number (array-likes only).
const STATE_LEN: usize = 11;
/// The error to rethrow once AsyncIteratorClose has awaited the iterator's `return`.
const STATE_ERROR: usize = 12;
const STATE_SIZE: usize = 13;

/// Where the closure resumes after an `Await`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Step j.ii.3: the awaited result of the iterator's `next`.
    IteratorResult,
    /// Step j.ii.9.c: the awaited result of mapfn (iterables).
    IteratorMapped,
    /// Step k.vii.3: the awaited element of the array-like.
    ArrayLikeValue,
    /// Step k.vii.4.b: the awaited result of mapfn (array-likes).
    ArrayLikeMapped,
    /// AsyncIteratorClose after a throw completion: the awaited result of `return`.
    CloseAfterThrow,
}

impl Phase {
    const ALL: [Phase; 5] = [
        Phase::IteratorResult,
        Phase::IteratorMapped,
        Phase::ArrayLikeValue,
        Phase::ArrayLikeMapped,
        Phase::CloseAfterThrow,
    ];

    fn from_value(v: Value) -> Option<Phase> {
        match v {
            Value::Number(n) => Phase::ALL.get(n as usize).copied(),
            _ => None,
        }
    }
}

/// How a run of the body ended: suspended at an `Await`, or returned A.
enum Flow {
    Awaiting,
    Return(Value),
}

/// The state object in root slot `s`.
fn state(vm: &Vm, s: usize) -> Handle<Object> {
    match vm.rooted(s) {
        Value::Object(o) => o,
        _ => unreachable!("the state slot holds the state object"),
    }
}

fn get(vm: &Vm, s: usize, i: usize) -> Value {
    let st = state(vm, s);
    vm.heap
        .get(st)
        .elements
        .get(i)
        .copied()
        .unwrap_or(Value::Undefined)
}

fn set(vm: &mut Vm, s: usize, i: usize, v: Value) {
    let st = state(vm, s);
    if let Some(e) = vm.heap.get_mut(st).elements.get_mut(i) {
        *e = v;
    }
}

fn k(vm: &Vm, s: usize) -> f64 {
    match get(vm, s, STATE_K) {
        Value::Number(n) => n,
        _ => 0.0,
    }
}

fn a(vm: &mut Vm, s: usize) -> JsResult<Handle<Object>> {
    match get(vm, s, STATE_A) {
        Value::Object(a) => Ok(a),
        _ => Err(vm.type_error("Array.fromAsync: the result is not an object")),
    }
}

/// Array.fromAsync(asyncItems [, mapfn [, thisArg]]).
/// <https://tc39.es/proposal-array-from-async/#sec-array.fromAsync>
pub fn from_async(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let C be the this value.
    // 2. Let promiseCapability be ! NewPromiseCapability(%Promise%).
    let promise_ctor = Value::Object(vm.intrinsic(Intrinsic::Promise));
    let cap = promise::new_promise_capability(vm, promise_ctor)?;
    let mut elements = vec![Value::Undefined; STATE_SIZE];
    elements[STATE_PROMISE] = cap.promise(vm);
    elements[STATE_RESOLVE] = cap.resolve(vm);
    elements[STATE_REJECT] = cap.reject(vm);
    elements[STATE_C] = args.this(vm);
    elements[STATE_K] = Value::Number(0.0);
    elements[STATE_MAPFN] = args.get(vm, 1);
    elements[STATE_THIS_ARG] = args.get(vm, 2);
    cap.release(vm);
    let mut o = Object::new(None, ObjectKind::Ordinary);
    o.elements = elements.into();
    let st = vm.heap.alloc(o);
    let s = vm.root(Value::Object(st));
    // 3-4. Perform AsyncFunctionStart(promiseCapability, fromAsyncClosure).
    let flow = start(vm, args, s);
    settle(vm, s, flow);
    // 5. Return promiseCapability.[[Promise]].
    let p = get(vm, s, STATE_PROMISE);
    vm.unroot(s);
    Ok(p)
}

/// What AsyncFunctionStart does with the body's completion: resolve or reject the promise on
/// a return or a throw, nothing while it awaits.
fn settle(vm: &mut Vm, s: usize, flow: JsResult<Flow>) {
    let (f, v) = match flow {
        Ok(Flow::Awaiting) => return,
        Ok(Flow::Return(a)) => (get(vm, s, STATE_RESOLVE), a),
        Err(_) => {
            let e = vm.take_exception();
            (get(vm, s, STATE_REJECT), e)
        }
    };
    // The resolving functions of a %Promise% capability cannot throw.
    let _ = ops::call(vm, f, Value::Undefined, &[v]);
}

/// The fromAsyncClosure up to its first `Await`.
fn start(vm: &mut Vm, args: Args, s: usize) -> JsResult<Flow> {
    // a-b. If mapfn is not undefined and not callable, throw a TypeError exception.
    let mapfn = get(vm, s, STATE_MAPFN);
    if !mapfn.is_undefined() && !ops::is_callable(vm, mapfn) {
        return Err(
            vm.type_error("Array.fromAsync: when provided, the second argument must be a function")
        );
    }
    // c. Let usingAsyncIterator be ? GetMethod(asyncItems, @@asyncIterator).
    let key = symbol_key(vm, WellKnown::AsyncIterator);
    let using_async = ops::get_method(vm, args.get(vm, 0), key)?;
    // d. If usingAsyncIterator is undefined, let usingSyncIterator be ? GetMethod(asyncItems,
    //    @@iterator).
    let (method, sync) = match using_async {
        Some(m) => (Some(m), false),
        None => {
            let key = symbol_key(vm, WellKnown::Iterator);
            (ops::get_method(vm, args.get(vm, 0), key)?, true)
        }
    };
    match method {
        // f-g. Let iteratorRecord be ? GetIteratorFromMethod(asyncItems, method), wrapped by
        //      CreateAsyncFromSyncIterator for a sync iterator.
        Some(method) => {
            let items = args.get(vm, 0);
            let iterator = ops::call(vm, method, items, &[])?;
            let Value::Object(io) = iterator else {
                return Err(vm.type_error("Result of the iterator method is not an object"));
            };
            let is = vm.root(iterator);
            let next = ops::get_name(vm, io, CommonKey::Next);
            let iterator = vm.rooted(is);
            vm.unroot(is);
            let (iterator, next) = if sync {
                create_async_from_sync_iterator(vm, iterator, next?)?
            } else {
                (iterator, next?)
            };
            set(vm, s, STATE_ITERATOR, iterator);
            set(vm, s, STATE_NEXT, next);
            // j.i. If IsConstructor(C), let A be ? Construct(C); else let A be ! ArrayCreate(0).
            let c = get(vm, s, STATE_C);
            let a = if ops::is_constructor(vm, c) {
                ops::construct(vm, c, &[], None)?
            } else {
                Value::Object(array_create(vm, 0, None))
            };
            set(vm, s, STATE_A, a);
            iterator_step(vm, s)
        }
        None => {
            // k.ii. Let arrayLike be ! ToObject(asyncItems).
            let array_like = ops::to_object(vm, args.get(vm, 0))?;
            set(vm, s, STATE_ARRAY_LIKE, Value::Object(array_like));
            // iii. Let len be ? LengthOfArrayLike(arrayLike).
            let len = ops::length_of_array_like(vm, array_like)?;
            set(vm, s, STATE_LEN, Value::Number(len));
            // iv-v. If IsConstructor(C), let A be ? Construct(C, « 𝔽(len) »); else
            //       let A be ? ArrayCreate(len).
            let c = get(vm, s, STATE_C);
            let a = if ops::is_constructor(vm, c) {
                ops::construct(vm, c, &[Value::Number(len)], None)?
            } else {
                Value::Object(array_create_checked(vm, len)?)
            };
            set(vm, s, STATE_A, a);
            array_like_step(vm, s)
        }
    }
}

/// Await(value), resuming in `phase`: PromiseResolve(%Promise%, value), then the two
/// continuations registered with PerformPromiseThen.
/// <https://tc39.es/ecma262/#await>
fn await_value(vm: &mut Vm, s: usize, value: Value, phase: Phase) -> JsResult<Flow> {
    let promise_ctor = Value::Object(vm.intrinsic(Intrinsic::Promise));
    let p = promise::promise_resolve(vm, promise_ctor, value)?;
    let ps = vm.root(p);
    let slots = vec![vm.rooted(s), Value::Number(phase as u8 as f64)];
    let on_fulfilled = closure(vm, NativeId::ArrayFromAsyncFulfilled, 1, slots.clone());
    let on_rejected = closure(vm, NativeId::ArrayFromAsyncRejected, 1, slots);
    let Value::Object(p) = vm.rooted(ps) else {
        unreachable!("PromiseResolve returns a promise")
    };
    vm.unroot(ps);
    promise::perform_promise_then(
        vm,
        p,
        Value::Object(on_fulfilled),
        Value::Object(on_rejected),
        None,
    );
    Ok(Flow::Awaiting)
}

/// The fulfilled continuation of an `Await`.
pub fn fulfilled(vm: &mut Vm, args: Args) -> JsResult {
    resume(vm, args, false)
}

/// The rejected continuation of an `Await`.
pub fn rejected(vm: &mut Vm, args: Args) -> JsResult {
    resume(vm, args, true)
}

/// Resumes the closure after an `Await` with its outcome (`value`, thrown if `is_throw`).
fn resume(vm: &mut Vm, args: Args, is_throw: bool) -> JsResult {
    let f = args.callee(vm);
    let (st, phase) = (slot(vm, f, 0), Phase::from_value(slot(vm, f, 1)));
    let Some(phase) = phase else {
        return Ok(Value::Undefined);
    };
    let s = vm.root(st);
    let value = args.get(vm, 0);
    let flow = match (phase, is_throw) {
        // AsyncIteratorClose: the awaited result of `return` does not matter; the original
        // throw completion is returned.
        (Phase::CloseAfterThrow, _) => {
            let e = get(vm, s, STATE_ERROR);
            Err(vm.throw(e))
        }
        // j.ii.9.d. IfAbruptCloseAsyncIterator(mappedValue, iteratorRecord).
        (Phase::IteratorMapped, true) => {
            let t = vm.throw(value);
            close_after_throw(vm, s, t)
        }
        (_, true) => Err(vm.throw(value)),
        (Phase::IteratorResult, false) => iterator_result(vm, s, value),
        (Phase::IteratorMapped, false) => iterator_define(vm, s, value),
        (Phase::ArrayLikeValue, false) => array_like_value(vm, s, value),
        (Phase::ArrayLikeMapped, false) => array_like_define(vm, s, value),
    };
    settle(vm, s, flow);
    vm.unroot(s);
    Ok(Value::Undefined)
}

// --- iterables (step j) ----------------------------------------------------------------------

/// One turn of step j.ii up to the `Await` of the iterator's next result.
fn iterator_step(vm: &mut Vm, s: usize) -> JsResult<Flow> {
    // 1. If k ≥ 2^53 - 1, close the iterator with a TypeError.
    if k(vm, s) >= 9007199254740991.0 {
        let t = vm.type_error("Array.fromAsync: too many elements");
        return close_after_throw(vm, s, t);
    }
    // 3. Let nextResult be ? Call(iteratorRecord.[[NextMethod]], iteratorRecord.[[Iterator]]).
    let (iterator, next) = (get(vm, s, STATE_ITERATOR), get(vm, s, STATE_NEXT));
    let next_result = ops::call(vm, next, iterator, &[])?;
    // 4. Set nextResult to ? Await(nextResult).
    await_value(vm, s, next_result, Phase::IteratorResult)
}

/// Steps j.ii.5-10, with the awaited next result.
fn iterator_result(vm: &mut Vm, s: usize, next_result: Value) -> JsResult<Flow> {
    // 5. If nextResult is not an Object, throw a TypeError exception.
    let Value::Object(r) = next_result else {
        return Err(vm.type_error("Array.fromAsync: iterator result is not an object"));
    };
    let rs = vm.root(next_result);
    // 6. Let done be ? IteratorComplete(nextResult).
    let done = ops::get_name(vm, r, CommonKey::Done);
    let done = match done {
        Ok(d) => ops::to_boolean(vm, d),
        Err(t) => {
            vm.unroot(rs);
            return Err(t);
        }
    };
    // 7. If done is true, perform ? Set(A, "length", 𝔽(k), true) and return A.
    if done {
        vm.unroot(rs);
        return finish(vm, s, k(vm, s));
    }
    // 8. Let nextValue be ? IteratorValue(nextResult).
    let Value::Object(r) = vm.rooted(rs) else {
        unreachable!()
    };
    vm.unroot(rs);
    let next_value = ops::get_name(vm, r, CommonKey::Value)?;
    // 9. If mapping is true, then
    let mapfn = get(vm, s, STATE_MAPFN);
    if mapfn.is_undefined() {
        // 10. Else, let mappedValue be nextValue.
        return iterator_define(vm, s, next_value);
    }
    // a. Let mappedValue be Call(mapfn, thisArg, « nextValue, 𝔽(k) »).
    let this_arg = get(vm, s, STATE_THIS_ARG);
    let mapped = ops::call(vm, mapfn, this_arg, &[next_value, Value::Number(k(vm, s))]);
    // b. IfAbruptCloseAsyncIterator(mappedValue, iteratorRecord).
    // c. Set mappedValue to Await(mappedValue).
    // d. IfAbruptCloseAsyncIterator(mappedValue, iteratorRecord).
    match mapped.and_then(|m| await_value(vm, s, m, Phase::IteratorMapped)) {
        Ok(flow) => Ok(flow),
        Err(t) => close_after_throw(vm, s, t),
    }
}

/// Steps j.ii.11-13: define the element, then the next turn of the loop.
fn iterator_define(vm: &mut Vm, s: usize, mapped: Value) -> JsResult<Flow> {
    // 11. Let defineStatus be CreateDataPropertyOrThrow(A, Pk, mappedValue).
    let pk = index_key(vm, k(vm, s));
    let status = a(vm, s).and_then(|a| ops::create_data_property_or_throw(vm, a, pk, mapped));
    // 12. If defineStatus is an abrupt completion, return ? AsyncIteratorClose(...).
    if let Err(t) = status {
        return close_after_throw(vm, s, t);
    }
    // 13. Set k to k + 1.
    set(vm, s, STATE_K, Value::Number(k(vm, s) + 1.0));
    iterator_step(vm, s)
}

/// AsyncIteratorClose(iteratorRecord, completion) for a throw completion `t`: calls the
/// iterator's `return`, awaits its result if it returned normally, then returns `t`, the
/// exception in flight (which the state keeps meanwhile).
/// <https://tc39.es/ecma262/#sec-asynciteratorclose>
fn close_after_throw(vm: &mut Vm, s: usize, _t: Throw) -> JsResult<Flow> {
    let error = vm.take_exception();
    set(vm, s, STATE_ERROR, error);
    let rethrow = |vm: &mut Vm| {
        let e = get(vm, s, STATE_ERROR);
        Err(vm.throw(e))
    };
    // 3. Let innerResult be Completion(GetMethod(iterator, "return")).
    let iterator = get(vm, s, STATE_ITERATOR);
    let key = vm.key("return");
    let method = match ops::get_method(vm, iterator, key) {
        Ok(Some(m)) => m,
        // 4.b. If return is undefined, return ? completion.
        Ok(None) => return rethrow(vm),
        // 5. If completion is a throw completion, return ? completion.
        Err(_) => return rethrow(vm),
    };
    // 4.c. Set innerResult to Completion(Call(return, iterator)).
    let iterator = get(vm, s, STATE_ITERATOR);
    let inner = match ops::call(vm, method, iterator, &[]) {
        Ok(v) => v,
        Err(_) => return rethrow(vm),
    };
    // 4.d. If innerResult is a normal completion, set innerResult to Await(innerResult).
    match await_value(vm, s, inner, Phase::CloseAfterThrow) {
        Ok(flow) => Ok(flow),
        Err(_) => rethrow(vm),
    }
}

// --- array-likes (step k) --------------------------------------------------------------------

/// One turn of step k.vii up to the `Await` of the element, or the end of the loop.
fn array_like_step(vm: &mut Vm, s: usize) -> JsResult<Flow> {
    let (k, len) = (k(vm, s), get(vm, s, STATE_LEN));
    let len = match len {
        Value::Number(n) => n,
        _ => 0.0,
    };
    // vii. Repeat, while k < len,
    if k >= len {
        // viii. Perform ? Set(A, "length", 𝔽(len), true). ix. Return A.
        return finish(vm, s, len);
    }
    // 1-2. Let kValue be ? Get(arrayLike, Pk).
    let pk = index_key(vm, k);
    let Value::Object(array_like) = get(vm, s, STATE_ARRAY_LIKE) else {
        unreachable!("set before the loop")
    };
    let k_value = ops::get(vm, array_like, pk)?;
    // 3. Set kValue to ? Await(kValue).
    await_value(vm, s, k_value, Phase::ArrayLikeValue)
}

/// Step k.vii.4-5, with the awaited element.
fn array_like_value(vm: &mut Vm, s: usize, k_value: Value) -> JsResult<Flow> {
    let mapfn = get(vm, s, STATE_MAPFN);
    if mapfn.is_undefined() {
        return array_like_define(vm, s, k_value);
    }
    // 4.a. Let mappedValue be ? Call(mapfn, thisArg, « kValue, 𝔽(k) »).
    let this_arg = get(vm, s, STATE_THIS_ARG);
    let mapped = ops::call(vm, mapfn, this_arg, &[k_value, Value::Number(k(vm, s))])?;
    // b. Set mappedValue to ? Await(mappedValue).
    await_value(vm, s, mapped, Phase::ArrayLikeMapped)
}

/// Steps k.vii.6-7: define the element, then the next turn of the loop.
fn array_like_define(vm: &mut Vm, s: usize, mapped: Value) -> JsResult<Flow> {
    // 6. Perform ? CreateDataPropertyOrThrow(A, Pk, mappedValue).
    let pk = index_key(vm, k(vm, s));
    let a = a(vm, s)?;
    ops::create_data_property_or_throw(vm, a, pk, mapped)?;
    // 7. Set k to k + 1.
    set(vm, s, STATE_K, Value::Number(k(vm, s) + 1.0));
    array_like_step(vm, s)
}

/// Perform ? Set(A, "length", 𝔽(len), true) and return A.
fn finish(vm: &mut Vm, s: usize, len: f64) -> JsResult<Flow> {
    let key = vm.name_key(CommonKey::Length);
    let a = a(vm, s)?;
    ops::set(vm, a, key, Value::Number(len), true)?;
    Ok(Flow::Return(get(vm, s, STATE_A)))
}
