//! Promise objects, promise capabilities and the promise jobs.
//! <https://tc39.es/ecma262/#sec-promise-objects>
//!
//! Records the spec keeps in closures live in [`NativeData::slots`] of the built-in functions
//! created here (resolving functions, element functions, `finally` callbacks). A reaction is
//! stored flattened in [`PromiseData`] as four values: the capability's promise, resolve and
//! reject (`Undefined` when there is no capability, as for `await`), then the handler.
//! Shared mutable records (`[[AlreadyCalled]]`, `remainingElementsCount`, the values list) are
//! internal "cell" objects whose `elements` hold the state; they never reach JavaScript.

use super::{accessor, method, native_function};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic, WellKnown};
use crate::CommonKey;
use crate::{Args, JsResult, Vm};
use amber_heap::object::PromiseData;
use amber_heap::{attrs, Handle, Object, ObjectKind, Value};

pub(crate) fn init(vm: &mut Vm) {
    let pp = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::PromisePrototype, pp);
    let c = super::constructor(vm, NativeId::Promise, "Promise", 1, pp);
    set_intrinsic(vm, Intrinsic::Promise, c);
    method(vm, c, "all", NativeId::PromiseAll, 1);
    method(vm, c, "allSettled", NativeId::PromiseAllSettled, 1);
    method(vm, c, "any", NativeId::PromiseAny, 1);
    method(vm, c, "race", NativeId::PromiseRace, 1);
    method(vm, c, "reject", NativeId::PromiseReject, 1);
    method(vm, c, "resolve", NativeId::PromiseResolve, 1);
    method(vm, c, "try", NativeId::PromiseTry, 1);
    method(vm, c, "withResolvers", NativeId::PromiseWithResolvers, 0);
    let species = crate::realm::symbol_key(vm, WellKnown::Species);
    accessor(
        vm,
        c,
        species,
        "[Symbol.species]",
        Some(NativeId::PromiseSpeciesGetter),
        None,
    );
    method(vm, pp, "catch", NativeId::PromisePrototypeCatch, 1);
    method(vm, pp, "finally", NativeId::PromisePrototypeFinally, 1);
    method(vm, pp, "then", NativeId::PromisePrototypeThen, 2);
    super::iterators::tag(vm, pp, "Promise");
}

// --- helpers -------------------------------------------------------------------------------

/// Slot `i` of a built-in function's per-closure state.
pub(crate) fn slot(vm: &Vm, f: Handle<Object>, i: usize) -> Value {
    match &vm.heap.get(f).kind {
        ObjectKind::Native(n) => n.slots.get(i).copied().unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

fn set_slot(vm: &mut Vm, f: Handle<Object>, i: usize, v: Value) {
    if let ObjectKind::Native(n) = &mut vm.heap.get_mut(f).kind {
        if let Some(s) = n.slots.get_mut(i) {
            *s = v;
        }
    }
}

/// A built-in function (anonymous unless named) with per-closure slots.
pub fn closure(vm: &mut Vm, id: NativeId, length: u32, slots: Vec<Value>) -> Handle<Object> {
    let f = native_function(vm, id, "", length, false);
    if let ObjectKind::Native(n) = &mut vm.heap.get_mut(f).kind {
        n.slots = slots.into();
    }
    f
}

/// An internal mutable record (never exposed to JavaScript).
pub(crate) fn new_cell(vm: &mut Vm, values: impl Into<amber_heap::Elements>) -> Handle<Object> {
    let mut o = Object::new(None, ObjectKind::Ordinary);
    o.elements = values.into();
    vm.heap.alloc(o)
}

pub(crate) fn cell_get(vm: &Vm, cell: Value, i: usize) -> Value {
    match cell {
        Value::Object(c) => vm
            .heap
            .get(c)
            .elements
            .get(i)
            .copied()
            .unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

pub(crate) fn cell_set(vm: &mut Vm, cell: Value, i: usize, v: Value) {
    if let Value::Object(c) = cell {
        let e = &mut vm.heap.get_mut(c).elements;
        if e.len() <= i {
            e.resize(i + 1, Value::Undefined);
        }
        e[i] = v;
    }
}

/// IsPromise(x). <https://tc39.es/ecma262/#sec-ispromise>
pub fn is_promise(vm: &Vm, x: Value) -> bool {
    matches!(x, Value::Object(o) if matches!(vm.heap.get(o).kind, ObjectKind::Promise(_)))
}

fn promise_data(vm: &mut Vm, p: Handle<Object>) -> &mut PromiseData {
    match &mut vm.heap.get_mut(p).kind {
        ObjectKind::Promise(d) => d,
        _ => unreachable!("not a promise"),
    }
}

/// A new pending promise with the given prototype.
fn new_promise(vm: &mut Vm, proto: Handle<Object>) -> Handle<Object> {
    vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::Promise(Box::new(PromiseData {
            state: 0,
            result: Value::Undefined,
            fulfill_reactions: Vec::new(),
            reject_reactions: Vec::new(),
            is_handled: false,
        })),
    ))
}

/// A PromiseCapability Record held in three consecutive root slots: promise, resolve, reject.
#[derive(Clone, Copy, Debug)]
pub struct Capability {
    /// The first of the three root slots (the [[Promise]]).
    pub slot: usize,
}

impl Capability {
    /// [[Promise]]: the promise object (or thenable) the capability controls.
    pub fn promise(self, vm: &Vm) -> Value {
        vm.rooted(self.slot)
    }
    /// [[Resolve]]: the function that resolves the promise.
    pub fn resolve(self, vm: &Vm) -> Value {
        vm.rooted(self.slot + 1)
    }
    /// [[Reject]]: the function that rejects the promise.
    pub fn reject(self, vm: &Vm) -> Value {
        vm.rooted(self.slot + 2)
    }
    /// Releases the root slots (and any pushed after them).
    pub fn release(self, vm: &mut Vm) {
        vm.unroot(self.slot);
    }
}

/// IfAbruptRejectPromise(value, capability): rejects the capability's promise with the
/// exception in flight and returns the promise.
/// <https://tc39.es/ecma262/#sec-ifabruptrejectpromise>
pub(crate) fn reject_capability(vm: &mut Vm, cap: Capability) -> JsResult {
    let e = vm.take_exception();
    let reject = cap.reject(vm);
    ops::call(vm, reject, Value::Undefined, &[e])?;
    Ok(cap.promise(vm))
}

// --- abstract operations -------------------------------------------------------------------

/// CreateResolvingFunctions(promise): (resolve, reject). `[[AlreadyResolved]]` is the
/// promise slot of both being cleared.
/// <https://tc39.es/ecma262/#sec-createresolvingfunctions>
pub fn create_resolving_functions(
    vm: &mut Vm,
    promise: Handle<Object>,
) -> (Handle<Object>, Handle<Object>) {
    let p = Value::Object(promise);
    let resolve = closure(
        vm,
        NativeId::PromiseResolveFunction,
        1,
        vec![p, Value::Undefined],
    );
    let reject = closure(
        vm,
        NativeId::PromiseRejectFunction,
        1,
        vec![p, Value::Object(resolve)],
    );
    set_slot(vm, resolve, 1, Value::Object(reject));
    (resolve, reject)
}

/// Takes the promise of a resolving function, marking both functions as used; `None` if
/// already resolved.
fn take_resolving_promise(vm: &mut Vm, f: Handle<Object>) -> Option<Handle<Object>> {
    let Value::Object(p) = slot(vm, f, 0) else {
        return None;
    };
    set_slot(vm, f, 0, Value::Undefined);
    if let Value::Object(other) = slot(vm, f, 1) {
        set_slot(vm, other, 0, Value::Undefined);
    }
    Some(p)
}

/// Promise Resolve Functions. <https://tc39.es/ecma262/#sec-promise-resolve-functions>
pub fn resolve_function(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.callee(vm);
    // 2-5. If alreadyResolved.[[Value]] is true, return undefined.
    let Some(promise) = take_resolving_promise(vm, f) else {
        return Ok(Value::Undefined);
    };
    resolve_promise(vm, promise, args.get(vm, 0));
    Ok(Value::Undefined)
}

/// The body of the promise resolve functions after the already-resolved check (steps 7-16).
pub fn resolve_promise(vm: &mut Vm, promise: Handle<Object>, resolution: Value) {
    // 7. If SameValue(resolution, promise) is true, reject with a TypeError.
    if resolution == Value::Object(promise) {
        let ps = vm.root(Value::Object(promise));
        let e = vm.type_error("Chaining cycle detected for promise");
        let _ = e;
        let err = vm.take_exception();
        let Value::Object(promise) = vm.rooted(ps) else {
            unreachable!()
        };
        vm.unroot(ps);
        reject_promise(vm, promise, err);
        return;
    }
    // 8. If resolution is not an Object, fulfill.
    let Value::Object(r) = resolution else {
        fulfill_promise(vm, promise, resolution);
        return;
    };
    // 9. Let then be Completion(Get(resolution, "then")).
    let base = vm.root(Value::Object(promise));
    vm.root(resolution);
    let then = ops::get_name(vm, r, CommonKey::Then);
    let Value::Object(promise) = vm.rooted(base) else {
        unreachable!()
    };
    let resolution = vm.rooted(base + 1);
    vm.unroot(base);
    match then {
        // 10. If then is an abrupt completion, reject with then.[[Value]].
        Err(_) => {
            let e = vm.take_exception();
            reject_promise(vm, promise, e);
        }
        Ok(then) if !ops::is_callable(vm, then) => fulfill_promise(vm, promise, resolution),
        Ok(then) => {
            // 14. Let job be NewPromiseResolveThenableJob(promise, resolution, thenJobCallback).
            let job = closure(
                vm,
                NativeId::PromiseResolveThenableJob,
                0,
                vec![Value::Object(promise), resolution, then],
            );
            vm.agent
                .jobs
                .push_back((Value::Object(job), Value::Undefined));
        }
    }
}

/// Promise Reject Functions. <https://tc39.es/ecma262/#sec-promise-reject-functions>
pub fn reject_function(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.callee(vm);
    let Some(promise) = take_resolving_promise(vm, f) else {
        return Ok(Value::Undefined);
    };
    reject_promise(vm, promise, args.get(vm, 0));
    Ok(Value::Undefined)
}

/// FulfillPromise(promise, value). <https://tc39.es/ecma262/#sec-fulfillpromise>
pub fn fulfill_promise(vm: &mut Vm, promise: Handle<Object>, value: Value) {
    let d = promise_data(vm, promise);
    if d.state != 0 {
        return;
    }
    let reactions = std::mem::take(&mut d.fulfill_reactions);
    d.reject_reactions.clear();
    d.result = value;
    d.state = 1;
    trigger_promise_reactions(vm, &reactions, 0, value);
}

/// RejectPromise(promise, reason). <https://tc39.es/ecma262/#sec-rejectpromise>
pub fn reject_promise(vm: &mut Vm, promise: Handle<Object>, reason: Value) {
    let d = promise_data(vm, promise);
    if d.state != 0 {
        return;
    }
    let reactions = std::mem::take(&mut d.reject_reactions);
    d.fulfill_reactions.clear();
    d.result = reason;
    d.state = 2;
    // HostPromiseRejectionTracker(promise, "reject"): the shell does not track rejections.
    trigger_promise_reactions(vm, &reactions, 1, reason);
}

/// TriggerPromiseReactions(reactions, argument). <https://tc39.es/ecma262/#sec-triggerpromisereactions>
fn trigger_promise_reactions(vm: &mut Vm, reactions: &[Value], kind: u8, argument: Value) {
    for r in reactions.chunks(4) {
        enqueue_reaction_job(vm, r, kind, argument);
    }
}

/// NewPromiseReactionJob(reaction, argument) + HostEnqueuePromiseJob.
/// <https://tc39.es/ecma262/#sec-newpromisereactionjob>
fn enqueue_reaction_job(vm: &mut Vm, reaction: &[Value], kind: u8, argument: Value) {
    let mut slots = reaction.to_vec();
    slots.push(Value::Number(kind as f64));
    let job = closure(vm, NativeId::PromiseReactionJob, 1, slots);
    vm.agent.jobs.push_back((Value::Object(job), argument));
}

/// The job of NewPromiseReactionJob. <https://tc39.es/ecma262/#sec-newpromisereactionjob>
pub fn reaction_job(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.callee(vm);
    let handler = slot(vm, f, 3);
    let is_reject = slot(vm, f, 4) == Value::Number(1.0);
    let argument = args.get(vm, 0);
    // 1.c-f. The handler result.
    let result = if handler.is_undefined() {
        if is_reject {
            Err(vm.throw(argument))
        } else {
            Ok(argument)
        }
    } else {
        ops::call(vm, handler, Value::Undefined, &[argument])
    };
    let f = args.callee(vm);
    // 1.g. If promiseCapability is undefined, return (await reactions never throw).
    if slot(vm, f, 0).is_undefined() {
        if result.is_err() {
            vm.take_exception();
        }
        return Ok(Value::Undefined);
    }
    match result {
        Ok(v) => {
            let resolve = slot(vm, f, 1);
            ops::call(vm, resolve, Value::Undefined, &[v])
        }
        Err(_) => {
            let e = vm.take_exception();
            let reject = slot(vm, f, 2);
            ops::call(vm, reject, Value::Undefined, &[e])
        }
    }
}

/// The job of NewPromiseResolveThenableJob. <https://tc39.es/ecma262/#sec-newpromiseresolvethenablejob>
pub fn resolve_thenable_job(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.callee(vm);
    let Value::Object(promise) = slot(vm, f, 0) else {
        return Ok(Value::Undefined);
    };
    let (thenable, then) = (slot(vm, f, 1), slot(vm, f, 2));
    // a. Let resolvingFunctions be CreateResolvingFunctions(promiseToResolve).
    let (resolve, reject) = create_resolving_functions(vm, promise);
    let rs = vm.root(Value::Object(reject));
    // b. Let thenCallResult be Completion(HostCallJobCallback(then, thenable, « resolve, reject »)).
    let r = ops::call(
        vm,
        then,
        thenable,
        &[Value::Object(resolve), Value::Object(reject)],
    );
    let reject = vm.rooted(rs);
    vm.unroot(rs);
    // c. If thenCallResult is an abrupt completion, call reject.
    if r.is_err() {
        let e = vm.take_exception();
        return ops::call(vm, reject, Value::Undefined, &[e]);
    }
    Ok(Value::Undefined)
}

/// NewPromiseCapability(C): the capability is left in three new root slots.
/// <https://tc39.es/ecma262/#sec-newpromisecapability>
pub fn new_promise_capability(vm: &mut Vm, c: Value) -> JsResult<Capability> {
    // 1. If IsConstructor(C) is false, throw a TypeError exception.
    if !ops::is_constructor(vm, c) {
        return Err(vm.type_error("Promise capability constructor is not a constructor"));
    }
    if let Value::Object(co) = c {
        let is_intrinsic = matches!(&vm.heap.get(co).kind,
            ObjectKind::Native(n) if n.id() == NativeId::Promise as u32);
        if is_intrinsic {
            // %Promise% itself: the executor and the construction are unobservable.
            let proto = ops::get_prototype_from_constructor(vm, c, Intrinsic::PromisePrototype)?;
            let p = new_promise(vm, proto);
            let (res, rej) = create_resolving_functions(vm, p);
            let slot = vm.root(Value::Object(p));
            vm.root(Value::Object(res));
            vm.root(Value::Object(rej));
            return Ok(Capability { slot });
        }
    }
    // 2-5. The executor closure records resolve and reject.
    let executor = closure(
        vm,
        NativeId::PromiseCapabilityExecutor,
        2,
        vec![Value::Undefined, Value::Undefined],
    );
    let es = vm.root(Value::Object(executor));
    // 6. Let promise be ? Construct(C, « executor »).
    let promise = match ops::construct(vm, c, &[Value::Object(executor)], None) {
        Ok(p) => p,
        Err(e) => {
            vm.unroot(es);
            return Err(e);
        }
    };
    let Value::Object(executor) = vm.rooted(es) else {
        unreachable!()
    };
    vm.unroot(es);
    let (resolve, reject) = (slot(vm, executor, 0), slot(vm, executor, 1));
    // 7-8. If IsCallable(resolve/reject) is false, throw a TypeError exception.
    if !ops::is_callable(vm, resolve) || !ops::is_callable(vm, reject) {
        return Err(vm.type_error("Promise resolve or reject function is not callable"));
    }
    let slot = vm.root(promise);
    vm.root(resolve);
    vm.root(reject);
    Ok(Capability { slot })
}

/// GetCapabilitiesExecutor Functions.
pub fn capability_executor(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.callee(vm);
    if !slot(vm, f, 0).is_undefined() || !slot(vm, f, 1).is_undefined() {
        return Err(vm.type_error("Promise executor has already been invoked"));
    }
    let (resolve, reject) = (args.get(vm, 0), args.get(vm, 1));
    set_slot(vm, f, 0, resolve);
    set_slot(vm, f, 1, reject);
    Ok(Value::Undefined)
}

/// PerformPromiseThen(promise, onFulfilled, onRejected, resultCapability).
/// <https://tc39.es/ecma262/#sec-performpromisethen>
pub fn perform_promise_then(
    vm: &mut Vm,
    promise: Handle<Object>,
    on_fulfilled: Value,
    on_rejected: Value,
    cap: Option<Capability>,
) -> Value {
    let on_fulfilled = if ops::is_callable(vm, on_fulfilled) {
        on_fulfilled
    } else {
        Value::Undefined
    };
    let on_rejected = if ops::is_callable(vm, on_rejected) {
        on_rejected
    } else {
        Value::Undefined
    };
    let (cp, cres, crej) = match cap {
        Some(c) => (c.promise(vm), c.resolve(vm), c.reject(vm)),
        None => (Value::Undefined, Value::Undefined, Value::Undefined),
    };
    let fulfill = [cp, cres, crej, on_fulfilled];
    let reject = [cp, cres, crej, on_rejected];
    let d = promise_data(vm, promise);
    match d.state {
        0 => {
            d.fulfill_reactions.extend_from_slice(&fulfill);
            d.reject_reactions.extend_from_slice(&reject);
        }
        1 => {
            let v = d.result;
            enqueue_reaction_job(vm, &fulfill, 0, v);
        }
        _ => {
            let v = d.result;
            enqueue_reaction_job(vm, &reject, 1, v);
        }
    }
    promise_data(vm, promise).is_handled = true;
    cp
}

/// PromiseResolve(C, x). <https://tc39.es/ecma262/#sec-promise-resolve>
pub fn promise_resolve(vm: &mut Vm, c: Value, x: Value) -> JsResult {
    let base = vm.root(c);
    vm.root(x);
    // 1. If IsPromise(x) is true, then
    if let Value::Object(xo) = x {
        if is_promise(vm, x) {
            let ctor = ops::get_name(vm, xo, CommonKey::Constructor);
            let ctor = match ctor {
                Ok(v) => v,
                Err(e) => {
                    vm.unroot(base);
                    return Err(e);
                }
            };
            if ctor == vm.rooted(base) {
                let x = vm.rooted(base + 1);
                vm.unroot(base);
                return Ok(x);
            }
        }
    }
    let c = vm.rooted(base);
    let cap = match new_promise_capability(vm, c) {
        Ok(cap) => cap,
        Err(e) => {
            vm.unroot(base);
            return Err(e);
        }
    };
    let x = vm.rooted(base + 1);
    let resolve = cap.resolve(vm);
    let r = ops::call(vm, resolve, Value::Undefined, &[x]);
    let p = cap.promise(vm);
    vm.unroot(base);
    r?;
    Ok(p)
}

// --- the constructor and its functions -----------------------------------------------------

/// Promise(executor). <https://tc39.es/ecma262/#sec-promise-executor>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    let nt = args.new_target(vm);
    if nt.is_undefined() {
        return Err(vm.type_error("Promise constructor cannot be invoked without 'new'"));
    }
    // 2. If IsCallable(executor) is false, throw a TypeError exception.
    if !ops::is_callable(vm, args.get(vm, 0)) {
        return Err(vm.type_error("Promise resolver is not a function"));
    }
    // 3. Let promise be ? OrdinaryCreateFromConstructor(NewTarget, "%Promise.prototype%", ...).
    let proto = ops::get_prototype_from_constructor(vm, nt, Intrinsic::PromisePrototype)?;
    let promise = new_promise(vm, proto);
    let (resolve, reject) = create_resolving_functions(vm, promise);
    let base = vm.root(Value::Object(promise));
    vm.root(Value::Object(reject));
    // 9. Let completion be Completion(Call(executor, undefined, « resolve, reject »)).
    let executor = args.get(vm, 0);
    let r = ops::call(
        vm,
        executor,
        Value::Undefined,
        &[Value::Object(resolve), Value::Object(reject)],
    );
    if r.is_err() {
        let e = vm.take_exception();
        let reject = vm.rooted(base + 1);
        if let Err(t) = ops::call(vm, reject, Value::Undefined, &[e]) {
            vm.unroot(base);
            return Err(t);
        }
    }
    let p = vm.rooted(base);
    vm.unroot(base);
    Ok(p)
}

/// Promise.prototype.then(onFulfilled, onRejected).
/// <https://tc39.es/ecma262/#sec-promise.prototype.then>
pub fn then(vm: &mut Vm, args: Args) -> JsResult {
    let promise = args.this(vm);
    let Value::Object(p) = promise else {
        return Err(vm.type_error("Promise.prototype.then called on a non-promise"));
    };
    if !is_promise(vm, promise) {
        return Err(vm.type_error("Promise.prototype.then called on a non-promise"));
    }
    let c = ops::species_constructor(vm, p, Intrinsic::Promise)?;
    let cap = new_promise_capability(vm, c)?;
    let Value::Object(p) = args.this(vm) else {
        unreachable!()
    };
    let r = perform_promise_then(vm, p, args.get(vm, 0), args.get(vm, 1), Some(cap));
    cap.release(vm);
    Ok(r)
}

/// Promise.prototype.catch(onRejected). <https://tc39.es/ecma262/#sec-promise.prototype.catch>
pub fn catch(vm: &mut Vm, args: Args) -> JsResult {
    let key = vm.name_key(CommonKey::Then);
    let on_rejected = args.get(vm, 0);
    ops::invoke(vm, args.this(vm), key, &[Value::Undefined, on_rejected])
}

/// Promise.prototype.finally(onFinally). <https://tc39.es/ecma262/#sec-promise.prototype.finally>
pub fn finally(vm: &mut Vm, args: Args) -> JsResult {
    let Value::Object(p) = args.this(vm) else {
        return Err(vm.type_error("Promise.prototype.finally called on a non-object"));
    };
    let c = ops::species_constructor(vm, p, Intrinsic::Promise)?;
    let on_finally = args.get(vm, 0);
    let (then_finally, catch_finally) = if !ops::is_callable(vm, on_finally) {
        (on_finally, on_finally)
    } else {
        let t = closure(vm, NativeId::PromiseThenFinally, 1, vec![on_finally, c]);
        let k = closure(vm, NativeId::PromiseCatchFinally, 1, vec![on_finally, c]);
        (Value::Object(t), Value::Object(k))
    };
    let key = vm.name_key(CommonKey::Then);
    ops::invoke(vm, args.this(vm), key, &[then_finally, catch_finally])
}

/// The Then Finally and Catch Finally functions (steps 6.a and 7.a of `finally`).
fn finally_callback(vm: &mut Vm, args: Args, is_catch: bool) -> JsResult {
    let f = args.callee(vm);
    let (on_finally, c) = (slot(vm, f, 0), slot(vm, f, 1));
    // i. Let result be ? Call(onFinally, undefined).
    let result = ops::call(vm, on_finally, Value::Undefined, &[])?;
    let f = args.callee(vm);
    let c2 = slot(vm, f, 1);
    let _ = c;
    // ii. Let p be ? PromiseResolve(C, result).
    let p = promise_resolve(vm, c2, result)?;
    // iii-iv. A function that returns value (or throws reason).
    let value = args.get(vm, 0);
    let id = if is_catch {
        NativeId::PromiseThrower
    } else {
        NativeId::PromiseValueThunk
    };
    let thunk = closure(vm, id, 0, vec![value]);
    let key = vm.name_key(CommonKey::Then);
    ops::invoke(vm, p, key, &[Value::Object(thunk)])
}

pub(crate) fn then_finally(vm: &mut Vm, args: Args) -> JsResult {
    finally_callback(vm, args, false)
}

pub(crate) fn catch_finally(vm: &mut Vm, args: Args) -> JsResult {
    finally_callback(vm, args, true)
}

pub(crate) fn value_thunk(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.callee(vm);
    Ok(slot(vm, f, 0))
}

pub(crate) fn thrower(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.callee(vm);
    let v = slot(vm, f, 0);
    Err(vm.throw(v))
}

/// Promise.resolve(x). <https://tc39.es/ecma262/#sec-promise.resolve>
pub fn resolve(vm: &mut Vm, args: Args) -> JsResult {
    let c = args.this(vm);
    if !matches!(c, Value::Object(_)) {
        return Err(vm.type_error("Promise.resolve called on a non-object"));
    }
    promise_resolve(vm, c, args.get(vm, 0))
}

/// Promise.reject(r). <https://tc39.es/ecma262/#sec-promise.reject>
pub fn reject(vm: &mut Vm, args: Args) -> JsResult {
    let cap = new_promise_capability(vm, args.this(vm))?;
    let reject = cap.reject(vm);
    let r = ops::call(vm, reject, Value::Undefined, &[args.get(vm, 0)]);
    let p = cap.promise(vm);
    cap.release(vm);
    r?;
    Ok(p)
}

/// Promise.try(callback, ...args). <https://tc39.es/ecma262/#sec-promise.try>
pub fn try_(vm: &mut Vm, args: Args) -> JsResult {
    let c = args.this(vm);
    if !matches!(c, Value::Object(_)) {
        return Err(vm.type_error("Promise.try called on a non-object"));
    }
    let cap = new_promise_capability(vm, c)?;
    let all = args.to_vec(vm);
    let (f, rest) = match all.split_first() {
        Some((f, rest)) => (*f, rest.to_vec()),
        None => (Value::Undefined, Vec::new()),
    };
    let status = ops::call(vm, f, Value::Undefined, &rest);
    let r = match status {
        Ok(v) => {
            let resolve = cap.resolve(vm);
            ops::call(vm, resolve, Value::Undefined, &[v])
        }
        Err(_) => {
            let e = vm.take_exception();
            let reject = cap.reject(vm);
            ops::call(vm, reject, Value::Undefined, &[e])
        }
    };
    let p = cap.promise(vm);
    cap.release(vm);
    r?;
    Ok(p)
}

/// Promise.withResolvers(). <https://tc39.es/ecma262/#sec-promise.withResolvers>
pub fn with_resolvers(vm: &mut Vm, args: Args) -> JsResult {
    let cap = new_promise_capability(vm, args.this(vm))?;
    let o = super::ordinary(vm, Intrinsic::ObjectPrototype);
    for (i, name) in ["promise", "resolve", "reject"].into_iter().enumerate() {
        let v = vm.rooted(cap.slot + i);
        let key = vm.key(name);
        super::add(vm, o, key, v, attrs::DEFAULT);
    }
    cap.release(vm);
    Ok(Value::Object(o))
}

pub(crate) fn species_getter(vm: &mut Vm, args: Args) -> JsResult {
    Ok(args.this(vm))
}

// --- Promise.all, allSettled, any, race ----------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Combinator {
    All,
    AllSettled,
    Any,
    Race,
}

/// The shared frame of Promise.all/allSettled/any/race: capability, GetPromiseResolve,
/// GetIterator, the Perform* loop, and closing the iterator on an abrupt completion.
/// <https://tc39.es/ecma262/#sec-promise.all>
fn combinator(vm: &mut Vm, args: Args, which: Combinator) -> JsResult {
    let c = args.this(vm);
    // 2. Let promiseCapability be ? NewPromiseCapability(C).
    let cap = new_promise_capability(vm, c)?;
    // 3. Let promiseResolve be Completion(GetPromiseResolve(C)).
    // (C again from the arguments: NewPromiseCapability ran the executor, which may collect.)
    let resolve_fn = match get_promise_resolve(vm, args.this(vm)) {
        Ok(v) => v,
        Err(_) => {
            let r = reject_capability(vm, cap);
            cap.release(vm);
            return r;
        }
    };
    let rs = vm.root(resolve_fn);
    // 5. Let iteratorRecord be Completion(GetIterator(iterable, sync)).
    let (it, next) = match ops::get_iterator(vm, args.get(vm, 0)) {
        Ok(x) => x,
        Err(_) => {
            let r = reject_capability(vm, cap);
            cap.release(vm);
            return r;
        }
    };
    let its = vm.root(it);
    vm.root(next);
    // 7. Let result be Completion(PerformPromiseAll(...)).
    let result = perform_combinator(vm, args, cap, rs, its, which);
    let r = match result {
        Ok(v) => Ok(v),
        Err(done) => {
            // 8.a. If iteratorRecord.[[Done]] is false, set result to Completion(IteratorClose(...)).
            if !done {
                let it = vm.rooted(its);
                ops::iterator_close_on_throw(vm, it);
            }
            reject_capability(vm, cap)
        }
    };
    cap.release(vm);
    r
}

/// GetPromiseResolve(promiseConstructor). <https://tc39.es/ecma262/#sec-getpromiseresolve>
pub(crate) fn get_promise_resolve(vm: &mut Vm, c: Value) -> JsResult {
    let Value::Object(co) = c else {
        return Err(vm.type_error("not a constructor"));
    };
    let r = ops::get_str(vm, co, "resolve")?;
    if !ops::is_callable(vm, r) {
        return Err(vm.type_error("Promise resolve is not callable"));
    }
    Ok(r)
}

/// PerformPromiseAll / AllSettled / Any / Race. `Err(done)` is an abrupt completion with the
/// exception in flight; `done` is the iterator record's [[Done]].
fn perform_combinator(
    vm: &mut Vm,
    args: Args,
    cap: Capability,
    resolve_slot: usize,
    iter_slot: usize,
    which: Combinator,
) -> Result<Value, bool> {
    let c = args.this(vm);
    // values (or errors) list and remainingElementsCount, as cells.
    let values = new_cell(vm, amber_heap::Elements::new());
    let remaining = new_cell(vm, [Value::Number(1.0)]);
    let vs = vm.root(Value::Object(values));
    vm.root(Value::Object(remaining));
    let _ = c;
    let mut index: u32 = 0;
    let result = loop {
        let (it, next) = (vm.rooted(iter_slot), vm.rooted(iter_slot + 1));
        // a. Let next be ? IteratorStepValue(iteratorRecord).
        let next_value = match ops::iterator_step_value(vm, it, next) {
            Ok(v) => v,
            Err(_) => break Err(true),
        };
        let Some(next_value) = next_value else {
            // b. If next is done: finish.
            if which == Combinator::Race {
                break Ok(cap.promise(vm));
            }
            let rem = vm.rooted(vs + 1);
            let n = cell_count(vm, rem) - 1.0;
            cell_set(vm, rem, 0, Value::Number(n));
            if n == 0.0 {
                let list = vm.rooted(vs);
                if let Err(()) = finish_combinator(vm, cap, list, which) {
                    break Err(true);
                }
            }
            break Ok(cap.promise(vm));
        };
        let list = vm.rooted(vs);
        if which != Combinator::Race {
            // c. Append undefined to values.
            cell_set(vm, list, index as usize, Value::Undefined);
        }
        // d. Let nextPromise be ? Call(promiseResolve, constructor, « next »).
        let pr = vm.rooted(resolve_slot);
        let c = args.this(vm);
        let next_promise = match ops::call(vm, pr, c, &[next_value]) {
            Ok(p) => p,
            Err(_) => break Err(false),
        };
        let nps = vm.root(next_promise);
        let (list, rem) = (vm.rooted(vs), vm.rooted(vs + 1));
        let (on_fulfilled, on_rejected) = match which {
            Combinator::Race => (cap.resolve(vm), cap.reject(vm)),
            Combinator::All => {
                let called = new_cell(vm, [Value::Boolean(false)]);
                let res = cap.resolve(vm);
                let f = closure(
                    vm,
                    NativeId::PromiseAllResolveElement,
                    1,
                    vec![
                        Value::Object(called),
                        Value::Number(index as f64),
                        list,
                        res,
                        rem,
                    ],
                );
                (Value::Object(f), cap.reject(vm))
            }
            Combinator::AllSettled => {
                let called = new_cell(vm, [Value::Boolean(false)]);
                let res = cap.resolve(vm);
                let slots = vec![
                    Value::Object(called),
                    Value::Number(index as f64),
                    list,
                    res,
                    rem,
                ];
                let f = closure(
                    vm,
                    NativeId::PromiseAllSettledResolveElement,
                    1,
                    slots.clone(),
                );
                let r = closure(vm, NativeId::PromiseAllSettledRejectElement, 1, slots);
                (Value::Object(f), Value::Object(r))
            }
            Combinator::Any => {
                let called = new_cell(vm, [Value::Boolean(false)]);
                let rej = cap.reject(vm);
                let r = closure(
                    vm,
                    NativeId::PromiseAnyRejectElement,
                    1,
                    vec![
                        Value::Object(called),
                        Value::Number(index as f64),
                        list,
                        rej,
                        rem,
                    ],
                );
                (cap.resolve(vm), Value::Object(r))
            }
        };
        if which != Combinator::Race {
            // remainingElementsCount.[[Value]] + 1.
            let n = cell_count(vm, rem) + 1.0;
            cell_set(vm, rem, 0, Value::Number(n));
        }
        // Invoke(nextPromise, "then", « onFulfilled, onRejected »).
        let key = vm.name_key(CommonKey::Then);
        let next_promise = vm.rooted(nps);
        let r = ops::invoke(vm, next_promise, key, &[on_fulfilled, on_rejected]);
        vm.unroot(nps);
        if r.is_err() {
            break Err(false);
        }
        index += 1;
    };
    vm.unroot(vs);
    result
}

pub(crate) fn cell_count(vm: &Vm, cell: Value) -> f64 {
    match cell_get(vm, cell, 0) {
        Value::Number(n) => n,
        _ => 0.0,
    }
}

/// Copies the elements of a list cell into a new array.
fn list_to_array(vm: &mut Vm, list: Value) -> Value {
    let elems: Vec<Value> = match list {
        Value::Object(l) => vm
            .heap
            .get(l)
            .elements
            .iter()
            .map(|v| {
                if let Value::Empty = v {
                    Value::Undefined
                } else {
                    *v
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    Value::Object(ops::create_array_from_list(vm, &elems))
}

/// The end of the loop once every element has settled: resolve with the values, or for
/// `any`, reject with an AggregateError.
fn finish_combinator(
    vm: &mut Vm,
    cap: Capability,
    list: Value,
    which: Combinator,
) -> Result<(), ()> {
    let arr = list_to_array(vm, list);
    let r = if which == Combinator::Any {
        let e = aggregate_error(vm, arr);
        let reject = cap.reject(vm);
        ops::call(vm, reject, Value::Undefined, &[e])
    } else {
        let resolve = cap.resolve(vm);
        ops::call(vm, resolve, Value::Undefined, &[arr])
    };
    r.map(|_| ()).map_err(|_| ())
}

/// A new AggregateError with an `errors` array.
fn aggregate_error(vm: &mut Vm, errors: Value) -> Value {
    let proto = vm.intrinsic(Intrinsic::AggregateErrorPrototype);
    let frames = crate::stack::capture(vm);
    let o = vm
        .heap
        .alloc(Object::new(Some(proto), ObjectKind::Error(frames)));
    let m = vm.string_from("All promises were rejected");
    super::put(vm, o, "message", m, attrs::HIDDEN);
    super::put(vm, o, "errors", errors, attrs::HIDDEN);
    Value::Object(o)
}

/// The common part of the element functions: the [[AlreadyCalled]] check, storing `value` at
/// the index, and settling once the count reaches zero.
fn element_function(vm: &mut Vm, args: Args, value: Value, which: Combinator) -> JsResult {
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
    let list = slot(vm, f, 2);
    let settle = slot(vm, f, 3);
    let rem = slot(vm, f, 4);
    cell_set(vm, list, index, value);
    let n = cell_count(vm, rem) - 1.0;
    cell_set(vm, rem, 0, Value::Number(n));
    if n == 0.0 {
        let arr = list_to_array(vm, list);
        let v = if which == Combinator::Any {
            aggregate_error(vm, arr)
        } else {
            arr
        };
        return ops::call(vm, settle, Value::Undefined, &[v]);
    }
    Ok(Value::Undefined)
}

/// Promise.all Resolve Element Functions.
pub fn all_resolve_element(vm: &mut Vm, args: Args) -> JsResult {
    let v = args.get(vm, 0);
    element_function(vm, args, v, Combinator::All)
}

/// Promise.allSettled Resolve/Reject Element Functions: `{ status, value | reason }`.
fn settled_element(vm: &mut Vm, args: Args, fulfilled: bool) -> JsResult {
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
    element_function(vm, args, Value::Object(o), Combinator::AllSettled)
}

pub(crate) fn all_settled_resolve_element(vm: &mut Vm, args: Args) -> JsResult {
    settled_element(vm, args, true)
}

pub(crate) fn all_settled_reject_element(vm: &mut Vm, args: Args) -> JsResult {
    settled_element(vm, args, false)
}

/// Promise.any Reject Element Functions.
pub fn any_reject_element(vm: &mut Vm, args: Args) -> JsResult {
    let v = args.get(vm, 0);
    element_function(vm, args, v, Combinator::Any)
}

pub(crate) fn all(vm: &mut Vm, args: Args) -> JsResult {
    combinator(vm, args, Combinator::All)
}

pub(crate) fn all_settled(vm: &mut Vm, args: Args) -> JsResult {
    combinator(vm, args, Combinator::AllSettled)
}

pub(crate) fn any(vm: &mut Vm, args: Args) -> JsResult {
    combinator(vm, args, Combinator::Any)
}

pub(crate) fn race(vm: &mut Vm, args: Args) -> JsResult {
    combinator(vm, args, Combinator::Race)
}
