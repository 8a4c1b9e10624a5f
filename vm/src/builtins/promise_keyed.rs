//! `Promise.allKeyed` and `Promise.allSettledKeyed`: the await-dictionary proposal.
//! <https://github.com/tc39/proposal-await-dictionary>
//!
//! They are `Promise.all` and `Promise.allSettled` over the enumerable own properties of an
//! object, settling with a null-prototype object that has the same keys. The shared records
//! (the keys, the values, `remainingElementsCount`) are the same internal cells as
//! `promise.rs` uses; property keys are kept as values (see [`key_value`]).

use super::method;
use super::promise::{
    cell_count, cell_get, cell_set, closure, get_promise_resolve, new_cell, new_promise_capability,
    reject_capability, slot, Capability,
};
use crate::natives::NativeId;
use crate::object;
use crate::ops;
use crate::realm::Intrinsic;
use crate::CommonKey;
use crate::{Args, JsResult, Vm};
use amber_heap::{attrs, Object, ObjectKind, PropertyKey, Value};

pub fn init(vm: &mut Vm) {
    let c = vm.intrinsic(Intrinsic::Promise);
    method(vm, c, "allKeyed", NativeId::PromiseAllKeyed, 1);
    method(
        vm,
        c,
        "allSettledKeyed",
        NativeId::PromiseAllSettledKeyed,
        1,
    );
}

/// The proposal's `variant` parameter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Variant {
    All,
    AllSettled,
}

/// Promise.allKeyed(promises). <https://tc39.es/proposal-await-dictionary/#sec-promise.allkeyed>
pub fn all_keyed(vm: &mut Vm, args: Args) -> JsResult {
    keyed_combinator(vm, args, Variant::All)
}

/// Promise.allSettledKeyed(promises).
/// <https://tc39.es/proposal-await-dictionary/#sec-promise.allsettledkeyed>
pub fn all_settled_keyed(vm: &mut Vm, args: Args) -> JsResult {
    keyed_combinator(vm, args, Variant::AllSettled)
}

/// The common steps of Promise.allKeyed and Promise.allSettledKeyed.
fn keyed_combinator(vm: &mut Vm, args: Args, variant: Variant) -> JsResult {
    // 1. Let C be the this value.
    let c = args.this(vm);
    // 2. Let promiseCapability be ? NewPromiseCapability(C).
    let cap = new_promise_capability(vm, c)?;
    // 3. Let promiseResolve be Completion(GetPromiseResolve(C)).
    // 4. IfAbruptRejectPromise(promiseResolve, promiseCapability).
    // (C again from the arguments: NewPromiseCapability ran the executor, which may collect.)
    let resolve_fn = match get_promise_resolve(vm, args.this(vm)) {
        Ok(v) => v,
        Err(_) => return finish(vm, cap, reject_capability),
    };
    let resolve_slot = vm.root(resolve_fn);
    // 5. If promises is not an Object, then reject with a new TypeError.
    let Value::Object(_) = args.get(vm, 0) else {
        // The error goes in flight; IfAbruptRejectPromise takes it from there.
        let _ = vm.type_error("the argument of a keyed promise combinator must be an object");
        return finish(vm, cap, reject_capability);
    };
    // 6. Let result be Completion(PerformPromiseAllKeyed(variant, promises, C, ...)).
    // 7. IfAbruptRejectPromise(result, promiseCapability).
    let result = perform_promise_all_keyed(vm, args, variant, cap, resolve_slot);
    finish(vm, cap, |vm, cap| match result {
        Ok(v) => Ok(v),
        Err(_) => reject_capability(vm, cap),
    })
}

/// Runs the last step of a combinator and releases the capability's root slots.
fn finish(
    vm: &mut Vm,
    cap: Capability,
    last: impl FnOnce(&mut Vm, Capability) -> JsResult,
) -> JsResult {
    let r = last(vm, cap);
    cap.release(vm);
    r
}

/// A property key as a value that a cell can hold (array indices as numbers).
fn key_value(key: PropertyKey) -> Value {
    match key {
        PropertyKey::Index(i) => Value::Number(i as f64),
        PropertyKey::String(s) => Value::String(s),
        PropertyKey::Symbol(s) => Value::Symbol(s),
    }
}

/// The property key kept by [`key_value`].
fn value_key(v: Value) -> Option<PropertyKey> {
    match v {
        Value::Number(n) => Some(PropertyKey::Index(n as u32)),
        Value::String(s) => Some(PropertyKey::String(s)),
        Value::Symbol(s) => Some(PropertyKey::Symbol(s)),
        _ => None,
    }
}

/// PerformPromiseAllKeyed(variant, promises, constructor, resultCapability, promiseResolve).
/// <https://tc39.es/proposal-await-dictionary/#sec-performpromiseallkeyed>
fn perform_promise_all_keyed(
    vm: &mut Vm,
    args: Args,
    variant: Variant,
    cap: Capability,
    resolve_slot: usize,
) -> JsResult {
    let Value::Object(promises) = args.get(vm, 0) else {
        unreachable!("checked by the caller")
    };
    // 1. Let allKeys be ? promises.[[OwnPropertyKeys]]().
    let all_keys: Vec<Value> = object::own_property_keys(vm, promises)?
        .into_iter()
        .map(key_value)
        .collect();
    // 2-4. Let keys and values be new empty Lists, remainingElementsCount be { [[Value]]: 1 }.
    let all = new_cell(vm, all_keys);
    let keys = new_cell(vm, amber_heap::Elements::new());
    let values = new_cell(vm, amber_heap::Elements::new());
    let remaining = new_cell(vm, [Value::Number(1.0)]);
    let cells = vm.root(Value::Object(all));
    vm.root(Value::Object(keys));
    vm.root(Value::Object(values));
    vm.root(Value::Object(remaining));
    let result = keyed_loop(vm, args, variant, cap, resolve_slot, cells);
    vm.unroot(cells);
    result
}

/// Steps 5-9 of PerformPromiseAllKeyed, with the cells (all keys, keys, values, remaining) in
/// the four root slots from `cells`.
fn keyed_loop(
    vm: &mut Vm,
    args: Args,
    variant: Variant,
    cap: Capability,
    resolve_slot: usize,
    cells: usize,
) -> JsResult {
    let count = match vm.rooted(cells) {
        Value::Object(a) => vm.heap.get(a).elements.len(),
        _ => 0,
    };
    // 5. Let index be 0.
    let mut index: usize = 0;
    // 6. For each element key of allKeys, do
    for i in 0..count {
        let all = vm.rooted(cells);
        let Some(key) = value_key(cell_get(vm, all, i)) else {
            continue;
        };
        let Value::Object(promises) = args.get(vm, 0) else {
            unreachable!("checked by the caller")
        };
        // a. Let desc be ? promises.[[GetOwnProperty]](key).
        let desc = object::get_own_property(vm, promises, key)?;
        // b. If desc is not undefined and desc.[[Enumerable]] is true, then
        if desc.and_then(|d| d.enumerable) != Some(true) {
            continue;
        }
        // The key again: [[GetOwnProperty]] may have run a proxy trap.
        let key = value_key(cell_get(vm, vm.rooted(cells), i)).unwrap_or(key);
        let Value::Object(promises) = args.get(vm, 0) else {
            unreachable!("checked by the caller")
        };
        // i. Let value be ? Get(promises, key).
        let value = ops::get(vm, promises, key)?;
        let (keys, values) = (vm.rooted(cells + 1), vm.rooted(cells + 2));
        // ii. Append key to keys. iii. Append undefined to values.
        let kv = cell_get(vm, vm.rooted(cells), i);
        cell_set(vm, keys, index, kv);
        cell_set(vm, values, index, Value::Undefined);
        // iv. Let nextPromise be ? Call(promiseResolve, constructor, « value »).
        let promise_resolve = vm.rooted(resolve_slot);
        let c = args.this(vm);
        let next_promise = ops::call(vm, promise_resolve, c, &[value])?;
        let np = vm.root(next_promise);
        // The cells again: promiseResolve ran JavaScript, which may have moved them.
        let (keys, values, remaining) = (
            vm.rooted(cells + 1),
            vm.rooted(cells + 2),
            vm.rooted(cells + 3),
        );
        // v-viii. The element functions, sharing one [[AlreadyCalled]] record.
        let called = new_cell(vm, [Value::Boolean(false)]);
        let slots = vec![
            Value::Object(called),
            Value::Number(index as f64),
            values,
            cap.resolve(vm),
            remaining,
            keys,
        ];
        let (on_fulfilled, on_rejected) = match variant {
            Variant::All => {
                let f = closure(vm, NativeId::PromiseAllKeyedResolveElement, 1, slots);
                (Value::Object(f), cap.reject(vm))
            }
            Variant::AllSettled => {
                let f = closure(
                    vm,
                    NativeId::PromiseAllSettledKeyedResolveElement,
                    1,
                    slots.clone(),
                );
                let r = closure(vm, NativeId::PromiseAllSettledKeyedRejectElement, 1, slots);
                (Value::Object(f), Value::Object(r))
            }
        };
        // ix. Set remainingElementsCount.[[Value]] to remainingElementsCount.[[Value]] + 1.
        let remaining = vm.rooted(cells + 3);
        let n = cell_count(vm, remaining) + 1.0;
        cell_set(vm, remaining, 0, Value::Number(n));
        // x. Perform ? Invoke(nextPromise, "then", « onFulfilled, onRejected »).
        let then = vm.name_key(CommonKey::Then);
        let next_promise = vm.rooted(np);
        let r = ops::invoke(vm, next_promise, then, &[on_fulfilled, on_rejected]);
        vm.unroot(np);
        r?;
        // xi. Set index to index + 1.
        index += 1;
    }
    // 7. Set remainingElementsCount.[[Value]] to remainingElementsCount.[[Value]] - 1.
    let remaining = vm.rooted(cells + 3);
    let n = cell_count(vm, remaining) - 1.0;
    cell_set(vm, remaining, 0, Value::Number(n));
    // 8. If remainingElementsCount.[[Value]] = 0, then
    if n == 0.0 {
        // a. Let result be CreateKeyedPromiseCombinatorResultObject(keys, values).
        let (keys, values) = (vm.rooted(cells + 1), vm.rooted(cells + 2));
        let result = create_keyed_result_object(vm, keys, values);
        // b. Perform ? Call(resultCapability.[[Resolve]], undefined, « result »).
        let resolve = cap.resolve(vm);
        ops::call(vm, resolve, Value::Undefined, &[result])?;
    }
    // 9. Return resultCapability.[[Promise]].
    Ok(cap.promise(vm))
}

/// CreateKeyedPromiseCombinatorResultObject(keys, values): a null-prototype object with a data
/// property per key.
/// <https://tc39.es/proposal-await-dictionary/#sec-createkeyedpromisecombinatorresultobject>
fn create_keyed_result_object(vm: &mut Vm, keys: Value, values: Value) -> Value {
    let count = match keys {
        Value::Object(k) => vm.heap.get(k).elements.len(),
        _ => 0,
    };
    // 1. Let obj be OrdinaryObjectCreate(null).
    let obj = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
    // 2. For each key, perform ! CreateDataPropertyOrThrow(obj, key, value).
    for i in 0..count {
        let Some(key) = value_key(cell_get(vm, keys, i)) else {
            continue;
        };
        let value = cell_get(vm, values, i);
        // A fresh ordinary object with distinct keys: defining cannot fail nor run code.
        super::add(vm, obj, key, value, attrs::DEFAULT);
    }
    Value::Object(obj)
}

/// The common part of the keyed element functions: the [[AlreadyCalled]] check, storing
/// `value` at [[Index]], and resolving with the keyed result once the count reaches zero.
fn keyed_element(vm: &mut Vm, args: Args, value: Value) -> JsResult {
    let f = args.callee(vm);
    let called = slot(vm, f, 0);
    if cell_get(vm, called, 0) == Value::Boolean(true) {
        return Ok(Value::Undefined);
    }
    cell_set(vm, called, 0, Value::Boolean(true));
    let index = match slot(vm, f, 1) {
        Value::Number(n) => n as usize,
        _ => 0,
    };
    let (values, resolve, remaining, keys) = (
        slot(vm, f, 2),
        slot(vm, f, 3),
        slot(vm, f, 4),
        slot(vm, f, 5),
    );
    cell_set(vm, values, index, value);
    let n = cell_count(vm, remaining) - 1.0;
    cell_set(vm, remaining, 0, Value::Number(n));
    if n == 0.0 {
        let result = create_keyed_result_object(vm, keys, values);
        return ops::call(vm, resolve, Value::Undefined, &[result]);
    }
    Ok(Value::Undefined)
}

/// The fulfilled steps of Promise.allKeyed's element functions.
/// <https://tc39.es/proposal-await-dictionary/#sec-performpromiseallkeyed>
pub fn all_keyed_resolve_element(vm: &mut Vm, args: Args) -> JsResult {
    let v = args.get(vm, 0);
    keyed_element(vm, args, v)
}

/// The fulfilled and rejected steps of Promise.allSettledKeyed's element functions:
/// `{ status, value }` or `{ status, reason }`.
fn settled_keyed_element(vm: &mut Vm, args: Args, fulfilled: bool) -> JsResult {
    let f = args.callee(vm);
    if cell_get(vm, slot(vm, f, 0), 0) == Value::Boolean(true) {
        return Ok(Value::Undefined);
    }
    let o = super::ordinary(vm, Intrinsic::ObjectPrototype);
    let status = vm.string_from(if fulfilled { "fulfilled" } else { "rejected" });
    let sk = vm.key("status");
    super::add(vm, o, sk, status, attrs::DEFAULT);
    let vk = vm.key(if fulfilled { "value" } else { "reason" });
    let v = args.get(vm, 0);
    super::add(vm, o, vk, v, attrs::DEFAULT);
    keyed_element(vm, args, Value::Object(o))
}

pub fn all_settled_keyed_resolve_element(vm: &mut Vm, args: Args) -> JsResult {
    settled_keyed_element(vm, args, true)
}

pub fn all_settled_keyed_reject_element(vm: &mut Vm, args: Args) -> JsResult {
    settled_keyed_element(vm, args, false)
}
