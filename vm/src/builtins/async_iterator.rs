//! Async iteration: GetIterator(obj, async) and %AsyncFromSyncIteratorPrototype%.
//! <https://tc39.es/ecma262/#sec-async-from-sync-iterator-objects>
//!
//! An async-from-sync iterator is an internal object (never reachable from JavaScript) whose
//! `elements` hold its [[SyncIteratorRecord]]: the sync iterator and its `next` method.

use super::promise::{self, closure, Capability};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic, WellKnown};
use crate::CommonKey;
use crate::{Args, JsResult, Vm};
use amber_heap::{Object, ObjectKind, Value};

pub fn init(vm: &mut Vm) {
    let p = super::ordinary(vm, Intrinsic::AsyncIteratorPrototype);
    set_intrinsic(vm, Intrinsic::AsyncFromSyncIteratorPrototype, p);
    super::method(vm, p, "next", NativeId::AsyncFromSyncIteratorNext, 1);
    super::method(vm, p, "return", NativeId::AsyncFromSyncIteratorReturn, 1);
    super::method(vm, p, "throw", NativeId::AsyncFromSyncIteratorThrow, 1);
}

/// GetIterator(obj, async): (iterator, next method).
/// <https://tc39.es/ecma262/#sec-getiterator>
pub fn get_async_iterator(vm: &mut Vm, obj: Value) -> JsResult<(Value, Value)> {
    let os = vm.root(obj);
    let key = crate::realm::symbol_key(vm, WellKnown::AsyncIterator);
    let method = ops::get_method(vm, obj, key);
    let obj = vm.rooted(os);
    vm.unroot(os);
    match method? {
        None => {
            // b. Let syncIteratorRecord be ? GetIterator(obj, sync).
            let (it, next) = ops::get_iterator(vm, obj)?;
            // c. Return CreateAsyncFromSyncIterator(syncIteratorRecord).
            create_async_from_sync_iterator(vm, it, next)
        }
        Some(m) => {
            let iterator = ops::call(vm, m, obj, &[])?;
            if !matches!(iterator, Value::Object(_)) {
                return Err(
                    vm.type_error("Result of the Symbol.asyncIterator method is not an object")
                );
            }
            let is = vm.root(iterator);
            let key = vm.name_key(CommonKey::Next);
            let next = ops::get_v(vm, iterator, key);
            let iterator = vm.rooted(is);
            vm.unroot(is);
            Ok((iterator, next?))
        }
    }
}

/// CreateAsyncFromSyncIterator(syncIteratorRecord): (iterator, next method).
/// <https://tc39.es/ecma262/#sec-createasyncfromsynciterator>
pub fn create_async_from_sync_iterator(
    vm: &mut Vm,
    it: Value,
    next: Value,
) -> JsResult<(Value, Value)> {
    let proto = vm.intrinsic(Intrinsic::AsyncFromSyncIteratorPrototype);
    let mut o = Object::new(Some(proto), ObjectKind::Ordinary);
    o.elements = amber_heap::Elements::from([it, next]);
    let o = Value::Object(vm.heap.alloc(o));
    let key = vm.name_key(CommonKey::Next);
    let next = ops::get_v(vm, o, key)?;
    Ok((o, next))
}

/// The [[SyncIteratorRecord]] of `this`.
fn sync_record(vm: &Vm, this: Value) -> (Value, Value) {
    match this {
        Value::Object(o) => {
            let e = &vm.heap.get(o).elements;
            (
                e.first().copied().unwrap_or(Value::Undefined),
                e.get(1).copied().unwrap_or(Value::Undefined),
            )
        }
        _ => (Value::Undefined, Value::Undefined),
    }
}

fn new_capability(vm: &mut Vm) -> JsResult<Capability> {
    let c = Value::Object(vm.intrinsic(Intrinsic::Promise));
    promise::new_promise_capability(vm, c)
}

/// IfAbruptRejectPromise with the exception in flight.
fn reject_with_exception(vm: &mut Vm, cap: Capability) -> JsResult {
    let e = vm.take_exception();
    let reject = cap.reject(vm);
    ops::call(vm, reject, Value::Undefined, &[e])?;
    let p = cap.promise(vm);
    cap.release(vm);
    Ok(p)
}

fn reject_type_error(vm: &mut Vm, cap: Capability, message: &str) -> JsResult {
    let _ = vm.type_error(message);
    reject_with_exception(vm, cap)
}

/// %AsyncFromSyncIteratorPrototype%.next(value)
/// <https://tc39.es/ecma262/#sec-%asyncfromsynciteratorprototype%.next>
pub fn next(vm: &mut Vm, args: Args) -> JsResult {
    let cap = new_capability(vm)?;
    let (it, next) = sync_record(vm, args.this(vm));
    let argv: Vec<Value> = if args.is_empty() {
        Vec::new()
    } else {
        vec![args.get(vm, 0)]
    };
    // 5. Let result be Completion(IteratorNext(syncIteratorRecord, value)).
    let result = match ops::call(vm, next, it, &argv) {
        Ok(r) => r,
        Err(_) => return reject_with_exception(vm, cap),
    };
    if !matches!(result, Value::Object(_)) {
        return reject_type_error(vm, cap, "Iterator result is not an object");
    }
    continuation(vm, args, result, cap, true)
}

/// %AsyncFromSyncIteratorPrototype%.return(value)
/// <https://tc39.es/ecma262/#sec-%asyncfromsynciteratorprototype%.return>
pub fn return_(vm: &mut Vm, args: Args) -> JsResult {
    let cap = new_capability(vm)?;
    let (it, _) = sync_record(vm, args.this(vm));
    let key = vm.key("return");
    let m = match ops::get_method(vm, it, key) {
        Ok(m) => m,
        Err(_) => return reject_with_exception(vm, cap),
    };
    let Some(m) = m else {
        // 7. If return is undefined: resolve with CreateIteratorResultObject(value, true).
        let v = args.get(vm, 0);
        let r = ops::create_iter_result_object(vm, v, true);
        let resolve = cap.resolve(vm);
        ops::call(vm, resolve, Value::Undefined, &[r])?;
        let p = cap.promise(vm);
        cap.release(vm);
        return Ok(p);
    };
    let argv: Vec<Value> = if args.is_empty() {
        Vec::new()
    } else {
        vec![args.get(vm, 0)]
    };
    let (it, _) = sync_record(vm, args.this(vm));
    let result = match ops::call(vm, m, it, &argv) {
        Ok(r) => r,
        Err(_) => return reject_with_exception(vm, cap),
    };
    if !matches!(result, Value::Object(_)) {
        return reject_type_error(vm, cap, "iterator.return() did not return an object");
    }
    continuation(vm, args, result, cap, false)
}

/// %AsyncFromSyncIteratorPrototype%.throw(value)
/// <https://tc39.es/ecma262/#sec-%asyncfromsynciteratorprototype%.throw>
pub fn throw(vm: &mut Vm, args: Args) -> JsResult {
    let cap = new_capability(vm)?;
    let (it, _) = sync_record(vm, args.this(vm));
    let key = vm.key("throw");
    let m = match ops::get_method(vm, it, key) {
        Ok(m) => m,
        Err(_) => return reject_with_exception(vm, cap),
    };
    let Some(m) = m else {
        // 7. No throw method: close the iterator, then reject with a TypeError.
        let (it, _) = sync_record(vm, args.this(vm));
        if ops::iterator_close(vm, it).is_err() {
            return reject_with_exception(vm, cap);
        }
        return reject_type_error(vm, cap, "The iterator does not provide a 'throw' method");
    };
    let v = args.get(vm, 0);
    let (it, _) = sync_record(vm, args.this(vm));
    let result = match ops::call(vm, m, it, &[v]) {
        Ok(r) => r,
        Err(_) => return reject_with_exception(vm, cap),
    };
    if !matches!(result, Value::Object(_)) {
        return reject_type_error(vm, cap, "iterator.throw() did not return an object");
    }
    continuation(vm, args, result, cap, true)
}

/// AsyncFromSyncIteratorContinuation(result, promiseCapability, syncIteratorRecord,
/// closeOnRejection). <https://tc39.es/ecma262/#sec-asyncfromsynciteratorcontinuation>
fn continuation(
    vm: &mut Vm,
    args: Args,
    result: Value,
    cap: Capability,
    close_on_rejection: bool,
) -> JsResult {
    let Value::Object(r) = result else {
        unreachable!()
    };
    let rs = vm.root(result);
    // 1-2. Let done be Completion(IteratorComplete(result)).
    let done = match ops::get_name(vm, r, CommonKey::Done) {
        Ok(d) => ops::to_boolean(vm, d),
        Err(_) => return reject_with_exception(vm, cap),
    };
    // 3-4. Let value be Completion(IteratorValue(result)).
    let Value::Object(r) = vm.rooted(rs) else {
        unreachable!()
    };
    let value = match ops::get_name(vm, r, CommonKey::Value) {
        Ok(v) => v,
        Err(_) => return reject_with_exception(vm, cap),
    };
    // 5. Let valueWrapper be Completion(PromiseResolve(%Promise%, value)).
    let c = Value::Object(vm.intrinsic(Intrinsic::Promise));
    let wrapper = match promise::promise_resolve(vm, c, value) {
        Ok(w) => w,
        Err(_) => {
            // 6. Close the iterator if it is not done and rejections close it.
            if !done && close_on_rejection {
                let (it, _) = sync_record(vm, args.this(vm));
                ops::iterator_close_on_throw(vm, it);
            }
            return reject_with_exception(vm, cap);
        }
    };
    let ws = vm.root(wrapper);
    let on_fulfilled = closure(
        vm,
        NativeId::AsyncFromSyncUnwrap,
        1,
        vec![Value::Boolean(done)],
    );
    let on_rejected = if done || !close_on_rejection {
        Value::Undefined
    } else {
        let (it, _) = sync_record(vm, args.this(vm));
        Value::Object(closure(vm, NativeId::AsyncFromSyncClose, 1, vec![it]))
    };
    let Value::Object(w) = vm.rooted(ws) else {
        unreachable!()
    };
    promise::perform_promise_then(vm, w, Value::Object(on_fulfilled), on_rejected, Some(cap));
    let p = cap.promise(vm);
    cap.release(vm);
    let _ = rs;
    Ok(p)
}

fn slot0(vm: &Vm, args: Args) -> Value {
    let f = args.callee(vm);
    match &vm.heap.get(f).kind {
        ObjectKind::Native(n) => n.slots.first().copied().unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

/// The unwrap closure: CreateIteratorResultObject(value, done).
pub fn unwrap(vm: &mut Vm, args: Args) -> JsResult {
    let done = slot0(vm, args) == Value::Boolean(true);
    let v = args.get(vm, 0);
    Ok(ops::create_iter_result_object(vm, v, done))
}

/// The closeIterator closure: IteratorClose(syncIteratorRecord, ThrowCompletion(error)).
pub fn close(vm: &mut Vm, args: Args) -> JsResult {
    let it = slot0(vm, args);
    let e = args.get(vm, 0);
    let t = vm.throw(e);
    ops::iterator_close_on_throw(vm, it);
    Err(t)
}
