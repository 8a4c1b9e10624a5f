//! Generators, async functions and async generators: their intrinsics, the generator objects'
//! methods, and the VM hooks of the `GeneratorStart`, `Await` and `DelegateStep` instructions.
//! <https://tc39.es/ecma262/#sec-generator-objects>
//!
//! A suspended body is a frame saved in a [`GeneratorData`] (registers, pc, environment);
//! [`interp::generator_resume`] pushes it back and runs it in a nested dispatch loop until it
//! yields, awaits or returns. Async functions use the same record (kind 1, never exposed) with
//! their promise capability in `queue`.

use super::promise::{self, closure};
use super::{add, method, native_function};
use crate::interp;
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic, WellKnown};
use crate::CommonKey;
use crate::{Args, JsResult, Vm};
use amber_compiler::bytecode::{flags, REG_CALLEE};
use amber_heap::object::GeneratorData;
use amber_heap::{attrs, Handle, Object, ObjectKind, Value};

pub const SUSPENDED_START: u8 = 0;
pub const SUSPENDED_YIELD: u8 = 1;
pub const EXECUTING: u8 = 2;
pub const COMPLETED: u8 = 3;

pub const KIND_GENERATOR: u8 = 0;
pub const KIND_ASYNC_FUNCTION: u8 = 1;
pub const KIND_ASYNC_GENERATOR: u8 = 2;

pub fn init(vm: &mut Vm) {
    let fp = vm.intrinsic(Intrinsic::FunctionPrototype);
    let function = vm.intrinsic(Intrinsic::Function);
    // %AsyncIteratorPrototype%
    let aip = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::AsyncIteratorPrototype, aip);
    super::symbol_method(
        vm,
        aip,
        WellKnown::AsyncIterator,
        "[Symbol.asyncIterator]",
        NativeId::IteratorPrototypeIterator,
        0,
        attrs::HIDDEN,
    );
    let kinds = [
        (
            "GeneratorFunction",
            "Generator",
            NativeId::GeneratorFunction,
            Intrinsic::GeneratorFunction,
            Intrinsic::GeneratorFunctionPrototype,
            Some((Intrinsic::GeneratorPrototype, Intrinsic::IteratorPrototype)),
        ),
        (
            "AsyncGeneratorFunction",
            "AsyncGenerator",
            NativeId::AsyncGeneratorFunction,
            Intrinsic::AsyncGeneratorFunction,
            Intrinsic::AsyncGeneratorFunctionPrototype,
            Some((
                Intrinsic::AsyncGeneratorPrototype,
                Intrinsic::AsyncIteratorPrototype,
            )),
        ),
        (
            "AsyncFunction",
            "",
            NativeId::AsyncFunction,
            Intrinsic::AsyncFunction,
            Intrinsic::AsyncFunctionPrototype,
            None,
        ),
    ];
    for (name, instance_tag, id, ci, pi, instances) in kinds {
        // %GeneratorFunction.prototype% and friends: ordinary objects inheriting from
        // %Function.prototype%.
        let p = vm.heap.alloc(Object::new(Some(fp), ObjectKind::Ordinary));
        set_intrinsic(vm, pi, p);
        let c = native_function(vm, id, name, 1, true);
        vm.heap.get_mut(c).proto.set(Some(function));
        set_intrinsic(vm, ci, c);
        let (pk, ck) = (
            vm.name_key(CommonKey::Prototype),
            vm.name_key(CommonKey::Constructor),
        );
        add(vm, c, pk, Value::Object(p), 0);
        add(vm, p, ck, Value::Object(c), attrs::CONFIGURABLE);
        super::iterators::tag(vm, p, name);
        if let Some((ip, ipp)) = instances {
            // %GeneratorPrototype%: the prototype of generator objects.
            let gp = super::ordinary(vm, ipp);
            set_intrinsic(vm, ip, gp);
            add(vm, p, pk, Value::Object(gp), attrs::CONFIGURABLE);
            add(vm, gp, ck, Value::Object(p), attrs::CONFIGURABLE);
            super::iterators::tag(vm, gp, instance_tag);
        }
    }
    let gp = vm.intrinsic(Intrinsic::GeneratorPrototype);
    method(vm, gp, "next", NativeId::GeneratorPrototypeNext, 1);
    method(vm, gp, "return", NativeId::GeneratorPrototypeReturn, 1);
    method(vm, gp, "throw", NativeId::GeneratorPrototypeThrow, 1);
    super::async_generator::init(vm);
    super::async_iterator::init(vm);
}

pub fn generator_function(vm: &mut Vm, args: Args) -> JsResult {
    super::function::create_dynamic_function(
        vm,
        args,
        "function*",
        Intrinsic::GeneratorFunctionPrototype,
    )
}

pub fn async_generator_function(vm: &mut Vm, args: Args) -> JsResult {
    super::function::create_dynamic_function(
        vm,
        args,
        "async function*",
        Intrinsic::AsyncGeneratorFunctionPrototype,
    )
}

pub fn async_function(vm: &mut Vm, args: Args) -> JsResult {
    super::function::create_dynamic_function(
        vm,
        args,
        "async function",
        Intrinsic::AsyncFunctionPrototype,
    )
}

// --- VM hooks ------------------------------------------------------------------------------

fn new_state(kind: u8) -> ObjectKind {
    ObjectKind::Generator(Box::new(GeneratorData {
        state: SUSPENDED_START,
        kind,
        function: Value::Undefined,
        pc: 0,
        registers: Vec::new(),
        env: None,
        env_depth: 0,
        resume_reg: 0,
        queue: Vec::new(),
    }))
}

/// OrdinaryCreateFromConstructor(functionObject, "%GeneratorFunction.prototype.prototype%")
/// for the running frame (EvaluateGeneratorBody step 2, EvaluateAsyncGeneratorBody step 2).
pub fn create_generator(vm: &mut Vm) -> JsResult<Handle<Object>> {
    let frame = vm.frames.last().unwrap();
    let callee = vm.stack[frame.base + REG_CALLEE as usize];
    let is_async = vm.heap.get(frame.code).flags & flags::ASYNC != 0;
    let (proto, kind) = if is_async {
        (Intrinsic::AsyncGeneratorPrototype, KIND_ASYNC_GENERATOR)
    } else {
        (Intrinsic::GeneratorPrototype, KIND_GENERATOR)
    };
    let p = ops::get_prototype_from_constructor(vm, callee, proto)?;
    Ok(vm.heap.alloc(Object::new(Some(p), new_state(kind))))
}

/// EvaluateAsyncFunctionBody step 1: the state of an async function call, holding
/// NewPromiseCapability(%Promise%).
pub fn create_async_function_state(vm: &mut Vm) -> JsResult<Handle<Object>> {
    let c = Value::Object(vm.intrinsic(Intrinsic::Promise));
    let cap = promise::new_promise_capability(vm, c)?;
    let queue = vec![cap.promise(vm), cap.resolve(vm), cap.reject(vm)];
    cap.release(vm);
    let mut state = new_state(KIND_ASYNC_FUNCTION);
    if let ObjectKind::Generator(d) = &mut state {
        d.queue = queue;
        d.state = EXECUTING;
    }
    Ok(vm.heap.alloc(Object::new(None, state)))
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

/// The promise an async function's caller receives (undefined for other kinds).
pub fn async_promise(vm: &Vm, g: Handle<Object>) -> Value {
    let d = data(vm, g);
    if d.kind == KIND_ASYNC_FUNCTION {
        d.queue[0]
    } else {
        Value::Undefined
    }
}

/// Settles an async function's promise with `v` (resolve or reject); returns the promise.
pub fn async_settle(vm: &mut Vm, g: Handle<Object>, v: Value, reject: bool) -> JsResult {
    let d = data_mut(vm, g);
    d.state = COMPLETED;
    let (p, f) = (d.queue[0], d.queue[if reject { 2 } else { 1 }]);
    let ps = vm.root(p);
    let r = ops::call(vm, f, Value::Undefined, &[v]);
    let p = vm.rooted(ps);
    vm.unroot(ps);
    r?;
    Ok(p)
}

/// Await step 2: PromiseResolve(%Promise%, value).
/// <https://tc39.es/ecma262/#await>
pub fn await_value(vm: &mut Vm, _g: Handle<Object>, v: Value) -> JsResult<Handle<Object>> {
    let c = Value::Object(vm.intrinsic(Intrinsic::Promise));
    match promise::promise_resolve(vm, c, v)? {
        Value::Object(p) => Ok(p),
        _ => Err(vm.type_error("await: not a promise")),
    }
}

/// Await steps 3-9: PerformPromiseThen(promise, onFulfilled, onRejected) with closures that
/// resume the suspended frame.
pub fn await_then(vm: &mut Vm, g: Handle<Object>, promise: Handle<Object>) {
    let ps = vm.root(Value::Object(promise));
    let on_fulfilled = closure(vm, NativeId::AwaitFulfilled, 1, vec![Value::Object(g)]);
    let on_rejected = closure(vm, NativeId::AwaitRejected, 1, vec![Value::Object(g)]);
    let Value::Object(promise) = vm.rooted(ps) else {
        unreachable!()
    };
    vm.unroot(ps);
    promise::perform_promise_then(
        vm,
        promise,
        Value::Object(on_fulfilled),
        Value::Object(on_rejected),
        None,
    );
}

fn await_resume(vm: &mut Vm, args: Args, mode: u8) -> JsResult {
    let f = args.callee(vm);
    let g = match &vm.heap.get(f).kind {
        ObjectKind::Native(n) => n.slots[0],
        _ => Value::Undefined,
    };
    let Value::Object(g) = g else {
        return Ok(Value::Undefined);
    };
    let v = args.get(vm, 0);
    let gs = vm.root(Value::Object(g));
    let r = interp::generator_resume(vm, g, v, mode);
    let Value::Object(g) = vm.rooted(gs) else {
        unreachable!()
    };
    vm.unroot(gs);
    after_resume(vm, g, r)
}

/// The onFulfilled closure of Await: resume with a normal completion.
pub fn await_fulfilled(vm: &mut Vm, args: Args) -> JsResult {
    await_resume(vm, args, 0)
}

/// The onRejected closure of Await: resume with a throw completion.
pub fn await_rejected(vm: &mut Vm, args: Args) -> JsResult {
    await_resume(vm, args, 1)
}

/// What to do after an await resumption ran the body to its next suspension or its end.
fn after_resume(vm: &mut Vm, g: Handle<Object>, r: JsResult) -> JsResult {
    match data(vm, g).kind {
        KIND_ASYNC_GENERATOR => super::async_generator::after_resume(vm, g, r),
        _ => {
            // Async functions settle their promise in compiled code.
            if r.is_err() {
                vm.take_exception();
            }
            Ok(Value::Undefined)
        }
    }
}

// --- %GeneratorPrototype% ------------------------------------------------------------------

/// GeneratorValidate(generator, brand): the generator and its state.
/// <https://tc39.es/ecma262/#sec-generatorvalidate>
fn generator_validate(vm: &mut Vm, g: Value, method: &str) -> JsResult<(Handle<Object>, u8)> {
    if let Value::Object(o) = g {
        if let ObjectKind::Generator(d) = &vm.heap.get(o).kind {
            if d.kind == KIND_GENERATOR {
                if d.state == EXECUTING {
                    return Err(vm.type_error("Generator is already running"));
                }
                return Ok((o, d.state));
            }
        }
    }
    Err(vm.type_error(format!(
        "Generator.prototype.{method} called on an incompatible receiver"
    )))
}

/// GeneratorResume / GeneratorResumeAbrupt after validation: runs the body and builds the
/// iterator result.
fn resume(vm: &mut Vm, g: Handle<Object>, value: Value, mode: u8) -> JsResult {
    let gs = vm.root(Value::Object(g));
    let r = interp::generator_resume(vm, g, value, mode);
    let Value::Object(g) = vm.rooted(gs) else {
        unreachable!()
    };
    vm.unroot(gs);
    match r {
        Err(e) => {
            data_mut(vm, g).state = COMPLETED;
            Err(e)
        }
        Ok(v) => {
            if data(vm, g).state == EXECUTING {
                // The body returned.
                let d = data_mut(vm, g);
                d.state = COMPLETED;
                d.registers = Vec::new();
                d.env = None;
                Ok(ops::create_iter_result_object(vm, v, true))
            } else {
                // It yielded an iterator result.
                Ok(v)
            }
        }
    }
}

/// %GeneratorPrototype%.next(value) <https://tc39.es/ecma262/#sec-generator.prototype.next>
pub fn next(vm: &mut Vm, args: Args) -> JsResult {
    let (g, state) = generator_validate(vm, args.this(vm), "next")?;
    if state == COMPLETED {
        return Ok(ops::create_iter_result_object(vm, Value::Undefined, true));
    }
    resume(vm, g, args.get(vm, 0), 0)
}

/// %GeneratorPrototype%.return(value) <https://tc39.es/ecma262/#sec-generator.prototype.return>
pub fn return_(vm: &mut Vm, args: Args) -> JsResult {
    let (g, state) = generator_validate(vm, args.this(vm), "return")?;
    let v = args.get(vm, 0);
    if state == SUSPENDED_START || state == COMPLETED {
        data_mut(vm, g).state = COMPLETED;
        return Ok(ops::create_iter_result_object(vm, v, true));
    }
    resume(vm, g, v, 2)
}

/// %GeneratorPrototype%.throw(exception) <https://tc39.es/ecma262/#sec-generator.prototype.throw>
pub fn throw(vm: &mut Vm, args: Args) -> JsResult {
    let (g, state) = generator_validate(vm, args.this(vm), "throw")?;
    let v = args.get(vm, 0);
    if state == SUSPENDED_START || state == COMPLETED {
        data_mut(vm, g).state = COMPLETED;
        return Err(vm.throw(v));
    }
    resume(vm, g, v, 1)
}

// --- yield* ----------------------------------------------------------------------------------

/// One step of `yield*` (<https://tc39.es/ecma262/#sec-generator-function-definitions-runtime-semantics-evaluation>,
/// YieldExpression : `yield* AssignmentExpression`, step 7): calls the inner iterator's
/// `next`, `throw` or `return` with `received`. Returns `(true, value)` when the delegation
/// is over (inner done, or no `return` method for a return) and `(false, innerResult)` to
/// yield. The iterator record is at stack index `at` (iterator, next method).
pub fn delegate_step(vm: &mut Vm, at: usize, mode: u8, received: Value) -> JsResult<(bool, Value)> {
    let (finished, inner) = delegate_call(vm, at, mode, received)?;
    if finished {
        return Ok((true, inner));
    }
    let Value::Object(io) = inner else {
        return Err(vm.type_error("Iterator result is not an object"));
    };
    let is = vm.root(inner);
    let done = ops::get_name(vm, io, CommonKey::Done);
    let done = match done {
        Ok(d) => ops::to_boolean(vm, d),
        Err(e) => {
            vm.unroot(is);
            return Err(e);
        }
    };
    let inner = vm.rooted(is);
    vm.unroot(is);
    if done {
        let Value::Object(io) = inner else {
            unreachable!()
        };
        let v = ops::get_name(vm, io, CommonKey::Value)?;
        return Ok((true, v));
    }
    Ok((false, inner))
}

/// The call part of a `yield*` step: `(true, received)` for a return completion when the
/// iterator has no `return` method, else `(false, innerResult)` (not yet checked).
pub fn delegate_call(vm: &mut Vm, at: usize, mode: u8, received: Value) -> JsResult<(bool, Value)> {
    let iterator = vm.stack[at];
    let inner = match mode {
        0 => {
            let next = vm.stack[at + 1];
            ops::call(vm, next, iterator, &[received])?
        }
        1 => {
            let rs = vm.root(received);
            let key = vm.key("throw");
            let m = ops::get_method(vm, iterator, key);
            let received = vm.rooted(rs);
            vm.unroot(rs);
            match m? {
                Some(t) => {
                    let iterator = vm.stack[at];
                    ops::call(vm, t, iterator, &[received])?
                }
                None => {
                    // c.iii. The delegate has no throw method: close it, then throw a TypeError.
                    let iterator = vm.stack[at];
                    ops::iterator_close(vm, iterator)?;
                    return Err(vm.type_error("The iterator does not provide a 'throw' method"));
                }
            }
        }
        _ => {
            let rs = vm.root(received);
            let key = vm.key("return");
            let m = ops::get_method(vm, iterator, key);
            let received = vm.rooted(rs);
            vm.unroot(rs);
            match m? {
                Some(r) => {
                    let iterator = vm.stack[at];
                    ops::call(vm, r, iterator, &[received])?
                }
                None => return Ok((true, received)),
            }
        }
    };
    Ok((false, inner))
}

/// The result part of an async `yield*` step: `(done, IteratorValue(innerResult))`.
pub fn delegate_result(vm: &mut Vm, inner: Value) -> JsResult<(bool, Value)> {
    let Value::Object(io) = inner else {
        return Err(vm.type_error("Iterator result is not an object"));
    };
    let is = vm.root(inner);
    let done = ops::get_name(vm, io, CommonKey::Done);
    let inner = vm.rooted(is);
    vm.unroot(is);
    let done = ops::to_boolean(vm, done?);
    let Value::Object(io) = inner else {
        unreachable!()
    };
    let v = ops::get_name(vm, io, CommonKey::Value)?;
    Ok((done, v))
}
