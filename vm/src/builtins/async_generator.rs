//! Async generator objects: the request queue and %AsyncGeneratorPrototype%.
//! <https://tc39.es/ecma262/#sec-asyncgenerator-objects>
//!
//! The queue lives in [`GeneratorData::queue`], flattened as records of five values: the
//! completion's mode (0 normal, 1 throw, 2 return), its value, and the request's promise
//! capability (promise, resolve, reject).

use super::generator::{
    COMPLETED, EXECUTING, KIND_ASYNC_GENERATOR, SUSPENDED_START, SUSPENDED_YIELD,
};
use super::promise::{self, closure};
use crate::interp;
use crate::natives::NativeId;
use crate::ops;
use crate::realm::Intrinsic;
use crate::{Args, JsResult, Vm};
use amber_heap::object::GeneratorData;
use amber_heap::{Handle, Object, ObjectKind, Value};

/// The ~draining-queue~ state.
pub const DRAINING_QUEUE: u8 = 4;

const RECORD: usize = 5;

pub fn init(vm: &mut Vm) {
    let p = vm.intrinsic(Intrinsic::AsyncGeneratorPrototype);
    super::method(vm, p, "next", NativeId::AsyncGeneratorPrototypeNext, 1);
    super::method(vm, p, "return", NativeId::AsyncGeneratorPrototypeReturn, 1);
    super::method(vm, p, "throw", NativeId::AsyncGeneratorPrototypeThrow, 1);
}

fn data(vm: &Vm, g: Handle<Object>) -> &GeneratorData {
    match &vm.heap.get(g).kind {
        ObjectKind::Generator(d) => d,
        _ => unreachable!("not a generator"),
    }
}

fn data_mut(vm: &mut Vm, g: Handle<Object>) -> &mut GeneratorData {
    match &mut vm.heap.get_mut(g).kind {
        ObjectKind::Generator(d) => d,
        _ => unreachable!("not a generator"),
    }
}

fn set_state(vm: &mut Vm, g: Handle<Object>, state: u8) {
    data_mut(vm, g).state = state;
}

/// The first request's completion (mode, value), if any.
pub fn first_request(vm: &Vm, g: Handle<Object>) -> Option<(u8, Value)> {
    let q = &data(vm, g).queue;
    if q.len() < RECORD {
        return None;
    }
    let mode = match q[0] {
        Value::Number(n) => n as u8,
        _ => 0,
    };
    Some((mode, q[1]))
}

/// AsyncGeneratorCompleteStep(generator, completion, done).
/// <https://tc39.es/ecma262/#sec-asyncgeneratorcompletestep>
pub fn complete_step(vm: &mut Vm, g: Handle<Object>, value: Value, is_throw: bool, done: bool) {
    let q = &mut data_mut(vm, g).queue;
    if q.len() < RECORD {
        return;
    }
    let record: Vec<Value> = q.drain(..RECORD).collect();
    let r = if is_throw {
        ops::call(vm, record[4], Value::Undefined, &[value])
    } else {
        let result = ops::create_iter_result_object(vm, value, done);
        ops::call(vm, record[3], Value::Undefined, &[result])
    };
    if r.is_err() {
        vm.take_exception();
    }
}

/// AsyncGeneratorDrainQueue(generator). <https://tc39.es/ecma262/#sec-asyncgeneratordrainqueue>
fn drain_queue(vm: &mut Vm, g: Handle<Object>) {
    let gs = vm.root(Value::Object(g));
    loop {
        let Value::Object(g) = vm.rooted(gs) else {
            unreachable!()
        };
        let Some((mode, value)) = first_request(vm, g) else {
            set_state(vm, g, COMPLETED);
            break;
        };
        if mode == 2 {
            await_return(vm, g);
            break;
        }
        let v = if mode == 1 { value } else { Value::Undefined };
        complete_step(vm, g, v, mode == 1, true);
    }
    vm.unroot(gs);
}

/// AsyncGeneratorAwaitReturn(generator). <https://tc39.es/ecma262/#sec-asyncgeneratorawaitreturn>
fn await_return(vm: &mut Vm, g: Handle<Object>) {
    let Some((_, value)) = first_request(vm, g) else {
        return;
    };
    let gs = vm.root(Value::Object(g));
    let c = Value::Object(vm.intrinsic(Intrinsic::Promise));
    let p = promise::promise_resolve(vm, c, value);
    let Value::Object(g) = vm.rooted(gs) else {
        unreachable!()
    };
    vm.unroot(gs);
    match p {
        Err(_) => {
            let e = vm.take_exception();
            complete_step(vm, g, e, true, true);
            drain_queue(vm, g);
        }
        Ok(p) => {
            let Value::Object(p) = p else { return };
            let ps = vm.root(Value::Object(p));
            let f = closure(
                vm,
                NativeId::AsyncGeneratorReturnFulfilled,
                1,
                vec![Value::Object(g)],
            );
            let r = closure(
                vm,
                NativeId::AsyncGeneratorReturnRejected,
                1,
                vec![Value::Object(g)],
            );
            let Value::Object(p) = vm.rooted(ps) else {
                unreachable!()
            };
            vm.unroot(ps);
            promise::perform_promise_then(vm, p, Value::Object(f), Value::Object(r), None);
        }
    }
}

fn return_settled(vm: &mut Vm, args: Args, is_throw: bool) -> JsResult {
    let f = args.callee(vm);
    let g = match &vm.heap.get(f).kind {
        ObjectKind::Native(n) => n.slots[0],
        _ => Value::Undefined,
    };
    let Value::Object(g) = g else {
        return Ok(Value::Undefined);
    };
    let v = args.get(vm, 0);
    complete_step(vm, g, v, is_throw, true);
    drain_queue(vm, g);
    Ok(Value::Undefined)
}

/// The fulfilledClosure of AsyncGeneratorAwaitReturn.
pub fn return_fulfilled(vm: &mut Vm, args: Args) -> JsResult {
    return_settled(vm, args, false)
}

/// The rejectedClosure of AsyncGeneratorAwaitReturn.
pub fn return_rejected(vm: &mut Vm, args: Args) -> JsResult {
    return_settled(vm, args, true)
}

/// The `Yield` instruction in an async generator: AsyncGeneratorYield(value) after the value
/// was awaited. Returns the resumption (mode, value) to continue with at once when more
/// requests are queued, or `None` to suspend.
/// <https://tc39.es/ecma262/#sec-asyncgeneratoryield>
pub fn yield_value(vm: &mut Vm, g: Handle<Object>, value: Value) -> Option<(u8, Value)> {
    complete_step(vm, g, value, false, false);
    first_request(vm, g)
}

/// AsyncGeneratorResume(generator, completion), and what follows when the body stops: a
/// body that returned or threw completes its step and drains the queue (AsyncGeneratorStart
/// steps 4.f-4.k).
fn resume(vm: &mut Vm, g: Handle<Object>, value: Value, mode: u8) {
    let gs = vm.root(Value::Object(g));
    let r = interp::generator_resume(vm, g, value, mode);
    let Value::Object(g) = vm.rooted(gs) else {
        unreachable!()
    };
    vm.unroot(gs);
    let _ = after_resume(vm, g, r);
}

/// Called after the body of `g` ran to its next suspension or its end.
pub fn after_resume(vm: &mut Vm, g: Handle<Object>, r: JsResult) -> JsResult {
    if !data(vm, g).registers.is_empty() {
        // Suspended at a yield or an await.
        return Ok(Value::Undefined);
    }
    set_state(vm, g, DRAINING_QUEUE);
    let gs = vm.root(Value::Object(g));
    match r {
        Ok(v) => complete_step(vm, g, v, false, true),
        Err(_) => {
            let e = vm.take_exception();
            complete_step(vm, g, e, true, true);
        }
    }
    let Value::Object(g) = vm.rooted(gs) else {
        unreachable!()
    };
    vm.unroot(gs);
    drain_queue(vm, g);
    Ok(Value::Undefined)
}

/// The shared start of next/return/throw: the capability and AsyncGeneratorValidate.
fn validate(vm: &mut Vm, args: Args) -> JsResult<(promise::Capability, Option<Handle<Object>>)> {
    let c = Value::Object(vm.intrinsic(Intrinsic::Promise));
    let cap = promise::new_promise_capability(vm, c)?;
    let this = args.this(vm);
    if let Value::Object(o) = this {
        if let ObjectKind::Generator(d) = &vm.heap.get(o).kind {
            if d.kind == KIND_ASYNC_GENERATOR {
                return Ok((cap, Some(o)));
            }
        }
    }
    let e = vm.type_error("AsyncGenerator method called on an incompatible receiver");
    let _ = e;
    let err = vm.take_exception();
    let reject = cap.reject(vm);
    ops::call(vm, reject, Value::Undefined, &[err])?;
    Ok((cap, None))
}

/// AsyncGeneratorEnqueue(generator, completion, promiseCapability).
fn enqueue(vm: &mut Vm, g: Handle<Object>, mode: u8, value: Value, cap: promise::Capability) {
    let record = [
        Value::Number(mode as f64),
        value,
        cap.promise(vm),
        cap.resolve(vm),
        cap.reject(vm),
    ];
    data_mut(vm, g).queue.extend_from_slice(&record);
}

fn finish(vm: &mut Vm, cap: promise::Capability) -> JsResult {
    let p = cap.promise(vm);
    cap.release(vm);
    Ok(p)
}

/// %AsyncGeneratorPrototype%.next(value) <https://tc39.es/ecma262/#sec-asyncgenerator-prototype-next>
pub fn next(vm: &mut Vm, args: Args) -> JsResult {
    let (cap, g) = validate(vm, args)?;
    let Some(g) = g else {
        return finish(vm, cap);
    };
    let state = data(vm, g).state;
    if state == COMPLETED {
        let r = ops::create_iter_result_object(vm, Value::Undefined, true);
        let resolve = cap.resolve(vm);
        ops::call(vm, resolve, Value::Undefined, &[r])?;
        return finish(vm, cap);
    }
    let v = args.get(vm, 0);
    enqueue(vm, g, 0, v, cap);
    if state == SUSPENDED_START || state == SUSPENDED_YIELD {
        resume(vm, g, v, 0);
    }
    finish(vm, cap)
}

/// %AsyncGeneratorPrototype%.return(value) <https://tc39.es/ecma262/#sec-asyncgenerator-prototype-return>
pub fn return_(vm: &mut Vm, args: Args) -> JsResult {
    let (cap, g) = validate(vm, args)?;
    let Some(g) = g else {
        return finish(vm, cap);
    };
    let v = args.get(vm, 0);
    enqueue(vm, g, 2, v, cap);
    let state = data(vm, g).state;
    if state == SUSPENDED_START || state == COMPLETED {
        set_state(vm, g, DRAINING_QUEUE);
        await_return(vm, g);
    } else if state == SUSPENDED_YIELD {
        resume(vm, g, v, 2);
    }
    finish(vm, cap)
}

/// %AsyncGeneratorPrototype%.throw(exception) <https://tc39.es/ecma262/#sec-asyncgenerator-prototype-throw>
pub fn throw(vm: &mut Vm, args: Args) -> JsResult {
    let (cap, g) = validate(vm, args)?;
    let Some(g) = g else {
        return finish(vm, cap);
    };
    let mut state = data(vm, g).state;
    if state == SUSPENDED_START {
        set_state(vm, g, COMPLETED);
        state = COMPLETED;
    }
    let v = args.get(vm, 0);
    if state == COMPLETED {
        let reject = cap.reject(vm);
        ops::call(vm, reject, Value::Undefined, &[v])?;
        return finish(vm, cap);
    }
    enqueue(vm, g, 1, v, cap);
    if state == SUSPENDED_YIELD {
        resume(vm, g, v, 1);
    }
    let _ = EXECUTING;
    finish(vm, cap)
}
