//! Explicit resource management: the DisposeCapability behind `using` declarations,
//! `DisposableStack`, `AsyncDisposableStack`, and the `@@dispose` / `@@asyncDispose` methods of
//! the iterator prototypes.
//! <https://tc39.es/proposal-explicit-resource-management/>
//!
//! A DisposeCapability Record (and the internal slots of a (Async)DisposableStack) is an object
//! of kind [`ObjectKind::Host`] branded with the stack's constructor id. Its slots hold plain
//! values, so heaps with live stacks still write to images:
//!
//! - `slots[0]`: flags ([`DISPOSED`]: the `[[DisposableState]]` / `[[AsyncDisposableState]]`;
//!   [`NEEDS_AWAIT`] and [`HAS_AWAITED`]: the variables of an asynchronous DisposeResources
//!   in progress);
//! - then one DisposableResource Record per three slots: `[[ResourceValue]]`, `[[DisposeMethod]]`
//!   and `[[Hint]]` (`true` for async-dispose).
//!
//! The disposal of a `using` scope is one instruction (`DisposeResources`). An `await using`
//! scope loops over `DisposeStep` (DisposeResources up to its next Await, see
//! [`dispose_scope_step`]) and an `Await` in bytecode; `disposeAsync` runs the same steps with
//! promise reactions for its Awaits.

use super::iterators::tag;
use super::promise::{self, Capability};
use super::{method, symbol_method};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic, WellKnown};
use crate::{Args, JsResult, Vm};
use amber_heap::object::HostData;
use amber_heap::{attrs, Handle, Object, ObjectKind, Value};

/// `slots[0]` flag: the stack's state is disposed.
const DISPOSED: u32 = 1;
/// The first slot of the resource stack.
const FIRST_RESOURCE: usize = 1;

pub fn init(vm: &mut Vm) {
    // %DisposableStack% and its prototype.
    let proto = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::DisposableStackPrototype, proto);
    let c = super::constructor(vm, NativeId::DisposableStack, "DisposableStack", 0, proto);
    set_intrinsic(vm, Intrinsic::DisposableStack, c);
    method(
        vm,
        proto,
        "adopt",
        NativeId::DisposableStackPrototypeAdopt,
        2,
    );
    method(
        vm,
        proto,
        "defer",
        NativeId::DisposableStackPrototypeDefer,
        1,
    );
    let dispose = method(
        vm,
        proto,
        "dispose",
        NativeId::DisposableStackPrototypeDispose,
        0,
    );
    let key = vm.key("disposed");
    super::accessor(
        vm,
        proto,
        key,
        "disposed",
        Some(NativeId::DisposableStackPrototypeDisposed),
        None,
    );
    method(vm, proto, "move", NativeId::DisposableStackPrototypeMove, 0);
    method(vm, proto, "use", NativeId::DisposableStackPrototypeUse, 1);
    // DisposableStack.prototype[@@dispose] is the same function object as `dispose`.
    let key = crate::realm::symbol_key(vm, WellKnown::Dispose);
    super::add(vm, proto, key, Value::Object(dispose), attrs::HIDDEN);
    tag(vm, proto, "DisposableStack");

    // %AsyncDisposableStack% and its prototype.
    let proto = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::AsyncDisposableStackPrototype, proto);
    let c = super::constructor(
        vm,
        NativeId::AsyncDisposableStack,
        "AsyncDisposableStack",
        0,
        proto,
    );
    set_intrinsic(vm, Intrinsic::AsyncDisposableStack, c);
    method(
        vm,
        proto,
        "adopt",
        NativeId::AsyncDisposableStackPrototypeAdopt,
        2,
    );
    method(
        vm,
        proto,
        "defer",
        NativeId::AsyncDisposableStackPrototypeDefer,
        1,
    );
    let dispose = method(
        vm,
        proto,
        "disposeAsync",
        NativeId::AsyncDisposableStackPrototypeDisposeAsync,
        0,
    );
    let key = vm.key("disposed");
    super::accessor(
        vm,
        proto,
        key,
        "disposed",
        Some(NativeId::AsyncDisposableStackPrototypeDisposed),
        None,
    );
    method(
        vm,
        proto,
        "move",
        NativeId::AsyncDisposableStackPrototypeMove,
        0,
    );
    method(
        vm,
        proto,
        "use",
        NativeId::AsyncDisposableStackPrototypeUse,
        1,
    );
    let key = crate::realm::symbol_key(vm, WellKnown::AsyncDispose);
    super::add(vm, proto, key, Value::Object(dispose), attrs::HIDDEN);
    tag(vm, proto, "AsyncDisposableStack");

    // %IteratorPrototype%[@@dispose] and %AsyncIteratorPrototype%[@@asyncDispose].
    let ip = vm.intrinsic(Intrinsic::IteratorPrototype);
    symbol_method(
        vm,
        ip,
        WellKnown::Dispose,
        "[Symbol.dispose]",
        NativeId::IteratorPrototypeDispose,
        0,
        attrs::HIDDEN,
    );
    let aip = vm.intrinsic(Intrinsic::AsyncIteratorPrototype);
    symbol_method(
        vm,
        aip,
        WellKnown::AsyncDispose,
        "[Symbol.asyncDispose]",
        NativeId::AsyncIteratorPrototypeAsyncDispose,
        0,
        attrs::HIDDEN,
    );
}

// --- the DisposeCapability -----------------------------------------------------------------

/// The slots of a capability object (`None` for any other value).
fn host(vm: &Vm, v: Value) -> Option<&HostData> {
    match v {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::Host(h) => Some(h),
            _ => None,
        },
        _ => None,
    }
}

fn host_mut(vm: &mut Vm, v: Value) -> Option<&mut HostData> {
    match v {
        Value::Object(o) => match &mut vm.heap.get_mut(o).kind {
            ObjectKind::Host(h) => Some(h),
            _ => None,
        },
        _ => None,
    }
}

/// The capability kind of a new stack object: a brand and an empty, pending stack.
fn capability_kind(brand: NativeId) -> ObjectKind {
    ObjectKind::Host(Box::new(HostData {
        brand: brand as u32,
        realm: None,
        slots: vec![Value::Number(0.0)],
    }))
}

/// NewDisposeCapability(): the hidden record of a scope with `using` declarations.
/// <https://tc39.es/proposal-explicit-resource-management/#sec-newdisposecapability>
pub fn new_dispose_capability(vm: &mut Vm) -> Value {
    let o = vm.heap.alloc(Object::new(
        None,
        capability_kind(NativeId::DisposableStack),
    ));
    Value::Object(o)
}

fn flags(vm: &Vm, cap: Value) -> u32 {
    match host(vm, cap).map(|h| h.slots[0]) {
        Some(Value::Number(n)) => n as u32,
        _ => 0,
    }
}

fn set_flags(vm: &mut Vm, cap: Value, flags: u32) {
    if let Some(h) = host_mut(vm, cap) {
        h.slots[0] = Value::Number(flags as f64);
    }
}

fn push_resource(vm: &mut Vm, cap: Value, value: Value, method: Value, is_async: bool) {
    if let Some(h) = host_mut(vm, cap) {
        h.slots
            .extend_from_slice(&[value, method, Value::Boolean(is_async)]);
    }
}

/// The top DisposableResource Record of the stack: (value, method, is async).
fn peek_resource(vm: &Vm, cap: Value) -> Option<(Value, Value, bool)> {
    let h = host(vm, cap)?;
    let n = h.slots.len();
    if n < FIRST_RESOURCE + 3 {
        return None;
    }
    let is_async = matches!(h.slots[n - 1], Value::Boolean(true));
    Some((h.slots[n - 3], h.slots[n - 2], is_async))
}

fn pop_resource(vm: &mut Vm, cap: Value) -> Option<(Value, Value, bool)> {
    let r = peek_resource(vm, cap)?;
    if let Some(h) = host_mut(vm, cap) {
        let n = h.slots.len();
        h.slots.truncate(n - 3);
    }
    Some(r)
}

/// AddDisposableResource(disposeCapability, V, hint [, method]) for the capability in root
/// slot `cap`. <https://tc39.es/proposal-explicit-resource-management/#sec-adddisposableresource>
pub fn add_disposable_resource(
    vm: &mut Vm,
    cap: usize,
    v: Value,
    is_async: bool,
    method: Option<Value>,
) -> JsResult<()> {
    let (value, method) = match method {
        // 1. If method is not present, then
        None => {
            // a. If V is either null or undefined and hint is sync-dispose, return unused.
            if v.is_nullish() && !is_async {
                return Ok(());
            }
            // b. Let resource be ? CreateDisposableResource(V, hint).
            create_disposable_resource(vm, v, is_async)?
        }
        // 2. Else, let resource be ? CreateDisposableResource(undefined, hint, method).
        Some(m) => {
            if !ops::is_callable(vm, m) {
                return Err(vm.type_error("dispose method is not a function"));
            }
            (Value::Undefined, m)
        }
    };
    // 3. Append resource to disposeCapability.[[DisposableResourceStack]].
    let c = vm.rooted(cap);
    push_resource(vm, c, value, method, is_async);
    Ok(())
}

/// CreateDisposableResource(V, hint) without a method: (value, method).
/// <https://tc39.es/proposal-explicit-resource-management/#sec-createdisposableresource>
fn create_disposable_resource(vm: &mut Vm, v: Value, is_async: bool) -> JsResult<(Value, Value)> {
    // 1.a. If V is either null or undefined, then set V and method to undefined.
    if v.is_nullish() {
        return Ok((Value::Undefined, Value::Undefined));
    }
    // 1.b.i. If V is not an Object, throw a TypeError exception.
    if !matches!(v, Value::Object(_)) {
        let shown = ops::short_display(vm, v);
        return Err(vm.type_error(format!("{shown} is not an object and cannot be disposed")));
    }
    // 1.b.ii. Let method be ? GetDisposeMethod(V, hint).
    let vs = vm.root(v);
    let method = get_dispose_method(vm, v, is_async);
    let v = vm.rooted(vs);
    vm.unroot(vs);
    match method? {
        Some(m) => Ok((v, m)),
        // 1.b.iii. If method is undefined, throw a TypeError exception.
        None => {
            let which = if is_async {
                "Symbol.asyncDispose or Symbol.dispose"
            } else {
                "Symbol.dispose"
            };
            Err(vm.type_error(format!("the value has no {which} method")))
        }
    }
}

/// GetDisposeMethod(V, hint).
/// <https://tc39.es/proposal-explicit-resource-management/#sec-getdisposemethod>
fn get_dispose_method(vm: &mut Vm, v: Value, is_async: bool) -> JsResult<Option<Value>> {
    if !is_async {
        // 2. Else, let method be ? GetMethod(V, @@dispose).
        let key = crate::realm::symbol_key(vm, WellKnown::Dispose);
        return ops::get_method(vm, v, key);
    }
    // 1.a. Let method be ? GetMethod(V, @@asyncDispose).
    let vs = vm.root(v);
    let key = crate::realm::symbol_key(vm, WellKnown::AsyncDispose);
    let method = ops::get_method(vm, v, key);
    let v = vm.rooted(vs);
    vm.unroot(vs);
    if let Some(m) = method? {
        return Ok(Some(m));
    }
    // 1.b.i. If method is undefined, set method to ? GetMethod(V, @@dispose).
    let key = crate::realm::symbol_key(vm, WellKnown::Dispose);
    let Some(sync) = ops::get_method(vm, v, key)? else {
        return Ok(None);
    };
    // 1.b.ii. If method is not undefined: wrap it in a closure that calls it and returns a
    // promise (CreateBuiltinFunction(closure, 0, "", « »)).
    let f = promise::closure(vm, NativeId::AsyncFromSyncDispose, 0, vec![sync]);
    Ok(Some(Value::Object(f)))
}

/// The closure of GetDisposeMethod step 1.b.ii.1: calls the sync `@@dispose` method and
/// returns a promise for undefined (rejected if the method throws).
pub fn async_from_sync_dispose(vm: &mut Vm, args: Args) -> JsResult {
    // a. Let O be the this value.
    let o = args.this(vm);
    let method = closure_slot(vm, args.callee(vm), 0);
    // b. Let promiseCapability be ! NewPromiseCapability(%Promise%).
    let ctor = Value::Object(vm.intrinsic(Intrinsic::Promise));
    let cap = promise::new_promise_capability(vm, ctor)?;
    // c. Let result be Completion(Call(method, O)).
    let result = ops::call(vm, method, o, &[]);
    // d. IfAbruptRejectPromise(result, promiseCapability).
    // e. Perform ? Call(promiseCapability.[[Resolve]], undefined, « undefined »).
    let settled = match result {
        Ok(_) => {
            let resolve = cap.resolve(vm);
            ops::call(vm, resolve, Value::Undefined, &[Value::Undefined])
        }
        Err(_) => {
            let e = vm.take_exception();
            let reject = cap.reject(vm);
            ops::call(vm, reject, Value::Undefined, &[e])
        }
    };
    // f. Return promiseCapability.[[Promise]].
    let p = cap.promise(vm);
    cap.release(vm);
    settled?;
    Ok(p)
}

fn closure_slot(vm: &Vm, f: Handle<Object>, i: usize) -> Value {
    match &vm.heap.get(f).kind {
        ObjectKind::Native(n) => n.slots.get(i).copied().unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

/// DisposeResources(disposeCapability, completion) for a capability whose resources are all
/// sync-dispose (or for a `using` scope without `await using`): `error` is the value of a
/// throw completion; returns the value of the resulting throw completion, if any.
/// <https://tc39.es/proposal-explicit-resource-management/#sec-disposeresources>
pub fn dispose_resources(vm: &mut Vm, cap: Value, error: Option<Value>) -> Option<Value> {
    let base = vm.root(cap);
    let err = vm.root(error.unwrap_or(Value::Undefined));
    let mut has_error = error.is_some();
    // 3. For each resource of disposeCapability.[[DisposableResourceStack]], in reverse list
    //    order, do
    loop {
        let cap = vm.rooted(base);
        let Some((value, method, _)) = pop_resource(vm, cap) else {
            break;
        };
        // e. If method is not undefined, then
        if method.is_undefined() {
            continue;
        }
        // i. Let result be Completion(Call(method, value)).
        if ops::call(vm, method, value, &[]).is_err() {
            // iii. If result is a throw completion, combine it with completion.
            let e = vm.take_exception();
            let combined = if has_error {
                let suppressed = vm.rooted(err);
                super::suppressed_error::create(vm, e, suppressed)
            } else {
                e
            };
            vm.roots[err] = combined;
            has_error = true;
        }
    }
    // 6. Set disposeCapability.[[DisposableResourceStack]] to a new empty List (done: every
    //    resource was popped).
    // 7. Return ? completion.
    let e = vm.rooted(err);
    vm.unroot(base);
    has_error.then_some(e)
}

// --- DisposeResources with awaits ----------------------------------------------------------

/// `slots[0]` flag of an asynchronous DisposeResources in progress: needsAwait.
const NEEDS_AWAIT: u32 = 2;
/// `slots[0]` flag of an asynchronous DisposeResources in progress: hasAwaited.
const HAS_AWAITED: u32 = 4;

/// The completion an asynchronous DisposeResources has reached, kept in a root slot while
/// disposals run.
struct Completion {
    /// Root slot of the throw completion's value (meaningful when `thrown`).
    slot: usize,
    thrown: bool,
}

impl Completion {
    fn new(vm: &mut Vm, error: Option<Value>) -> Completion {
        let slot = vm.root(error.unwrap_or(Value::Undefined));
        Completion {
            slot,
            thrown: error.is_some(),
        }
    }

    /// DisposeResources step 3.e.iii: a disposal threw `e`. After a throw completion the
    /// result is a SuppressedError (error: e, suppressed: the previous value), else `e`.
    fn add(&mut self, vm: &mut Vm, e: Value) {
        let combined = if self.thrown {
            let suppressed = vm.rooted(self.slot);
            super::suppressed_error::create(vm, e, suppressed)
        } else {
            e
        };
        vm.roots[self.slot] = combined;
        self.thrown = true;
    }

    /// The throw completion's value, if any; releases the slot (and later ones).
    fn finish(self, vm: &mut Vm) -> Option<Value> {
        let e = vm.rooted(self.slot);
        vm.unroot(self.slot);
        self.thrown.then_some(e)
    }
}

/// Folds the throw completion `e` of an awaited disposal into a completion (`error`: the
/// completion so far, if a throw). <https://tc39.es/proposal-explicit-resource-management/#sec-disposeresources>
pub fn add_disposal_error(vm: &mut Vm, error: Option<Value>, e: Value) -> Value {
    match error {
        Some(suppressed) => super::suppressed_error::create(vm, e, suppressed),
        None => e,
    }
}

/// DisposeResources(disposeCapability, completion) steps 3-4 on the capability in root slot
/// `cap`, up to the next Await: returns the value to await, or `None` when every resource is
/// disposed. Disposal errors are folded into `completion`; needsAwait and hasAwaited live in
/// the capability's flags, so the caller resumes by calling again after the Await (and, if
/// the Await threw, folding its error in).
/// <https://tc39.es/proposal-explicit-resource-management/#sec-disposeresources>
fn dispose_until_await(vm: &mut Vm, cap: usize, completion: &mut Completion) -> Option<Value> {
    loop {
        let c = vm.rooted(cap);
        let f = flags(vm, c);
        let (needs_await, has_awaited) = (f & NEEDS_AWAIT != 0, f & HAS_AWAITED != 0);
        let Some((_, _, is_async)) = peek_resource(vm, c) else {
            // 4. If needsAwait is true and hasAwaited is false, perform ! Await(undefined).
            if needs_await && !has_awaited {
                set_flags(vm, c, f & !NEEDS_AWAIT);
                return Some(Value::Undefined);
            }
            return None;
        };
        // 3.d. If hint is sync-dispose and needsAwait is true and hasAwaited is false, then
        //      perform ! Await(undefined) and set needsAwait to false.
        if !is_async && needs_await && !has_awaited {
            set_flags(vm, c, f & !NEEDS_AWAIT);
            return Some(Value::Undefined);
        }
        let (value, method, is_async) = pop_resource(vm, c)?;
        // f. Else (no method, only for null or undefined resources): set needsAwait to true.
        if method.is_undefined() {
            set_flags(vm, c, f | NEEDS_AWAIT);
            continue;
        }
        // e.i. Let result be Completion(Call(method, value)).
        match ops::call(vm, method, value, &[]) {
            // ii. If result is a normal completion and hint is async-dispose, then set result
            //     to Completion(Await(result.[[Value]])) and hasAwaited to true.
            Ok(result) if is_async => {
                let c = vm.rooted(cap);
                let f = flags(vm, c);
                set_flags(vm, c, f | HAS_AWAITED);
                return Some(result);
            }
            Ok(_) => {}
            // iii. If result is a throw completion, combine it with completion.
            Err(_) => {
                let e = vm.take_exception();
                completion.add(vm, e);
            }
        }
    }
}

/// One step of the disposal of an `await using` scope: DisposeResources on `cap` with the
/// scope's completion (`error`: its throw value, if any) up to the next Await. Returns the
/// completion so far and the value the scope must await next (`None`: disposal is over).
pub fn dispose_scope_step(
    vm: &mut Vm,
    cap: Value,
    error: Option<Value>,
) -> (Option<Value>, Option<Value>) {
    let base = vm.root(cap);
    let mut completion = Completion::new(vm, error);
    let next = dispose_until_await(vm, base, &mut completion);
    let ns = vm.root(next.unwrap_or(Value::Undefined));
    let next = next.map(|_| vm.rooted(ns));
    vm.unroot(ns);
    let error = completion.finish(vm);
    vm.unroot(base);
    (error, next)
}

/// The state of `disposeAsync`'s DisposeResources while it awaits, kept in the elements of
/// an internal object that its promise reactions share.
mod state {
    pub const CAP: usize = 0;
    pub const HAS_ERROR: usize = 1;
    pub const ERROR: usize = 2;
    pub const RESOLVE: usize = 3;
    pub const REJECT: usize = 4;
    pub const LEN: usize = 5;
}

fn get(vm: &Vm, st: Value, i: usize) -> Value {
    match st {
        Value::Object(o) => vm
            .heap
            .get(o)
            .elements
            .get(i)
            .copied()
            .unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

fn set(vm: &mut Vm, st: Value, i: usize, v: Value) {
    if let Value::Object(o) = st {
        if let Some(e) = vm.heap.get_mut(o).elements.get_mut(i) {
            *e = v;
        }
    }
}

/// DisposeResources(disposeCapability, NormalCompletion(undefined)) for `disposeAsync`, whose
/// Awaits are promise reactions: settles the capability `pc` (resolved with undefined, or
/// rejected with the resulting throw completion's value) once every resource is disposed.
/// <https://tc39.es/proposal-explicit-resource-management/#sec-disposeresources>
fn dispose_resources_async(vm: &mut Vm, cap: Value, pc: Capability) {
    // 1-2. needsAwait and hasAwaited start false.
    let f = flags(vm, cap);
    set_flags(vm, cap, f & !(NEEDS_AWAIT | HAS_AWAITED));
    let mut o = Object::new(None, ObjectKind::Ordinary);
    o.elements = amber_heap::Elements::from([Value::Undefined; state::LEN]);
    o.elements[state::CAP] = cap;
    o.elements[state::HAS_ERROR] = Value::Boolean(false);
    o.elements[state::RESOLVE] = pc.resolve(vm);
    o.elements[state::REJECT] = pc.reject(vm);
    let st = vm.heap.alloc(o);
    continue_disposal(vm, Value::Object(st), None);
}

/// Resumes `disposeAsync`'s DisposeResources (`thrown`: the error of the Await it resumes
/// from) until it awaits again or completes.
fn continue_disposal(vm: &mut Vm, st: Value, thrown: Option<Value>) {
    let base = vm.root(st);
    let cap = vm.root(get(vm, st, state::CAP));
    let error = matches!(get(vm, st, state::HAS_ERROR), Value::Boolean(true))
        .then(|| get(vm, st, state::ERROR));
    let mut completion = Completion::new(vm, error);
    if let Some(e) = thrown {
        completion.add(vm, e);
    }
    loop {
        let Some(v) = dispose_until_await(vm, cap, &mut completion) else {
            // 7. Return ? completion: settle the promise.
            let st = vm.rooted(base);
            let (f, arg) = if completion.thrown {
                (get(vm, st, state::REJECT), vm.rooted(completion.slot))
            } else {
                (get(vm, st, state::RESOLVE), Value::Undefined)
            };
            // The resolving functions of a %Promise% capability do not throw.
            if ops::call(vm, f, Value::Undefined, &[arg]).is_err() {
                vm.take_exception();
            }
            break;
        };
        // Await(v): PromiseResolve(%Promise%, v), then react to its settlement.
        let ctor = Value::Object(vm.intrinsic(Intrinsic::Promise));
        match promise::promise_resolve(vm, ctor, v) {
            Ok(Value::Object(p)) => {
                let ps = vm.root(Value::Object(p));
                let st = vm.rooted(base);
                let error = vm.rooted(completion.slot);
                set(vm, st, state::HAS_ERROR, Value::Boolean(completion.thrown));
                set(vm, st, state::ERROR, error);
                let on_fulfilled =
                    promise::closure(vm, NativeId::DisposeAsyncFulfilled, 1, vec![st]);
                let on_rejected = promise::closure(vm, NativeId::DisposeAsyncRejected, 1, vec![st]);
                let Value::Object(p) = vm.rooted(ps) else {
                    unreachable!()
                };
                promise::perform_promise_then(
                    vm,
                    p,
                    Value::Object(on_fulfilled),
                    Value::Object(on_rejected),
                    None,
                );
                break;
            }
            Ok(_) => {}
            Err(_) => {
                let e = vm.take_exception();
                completion.add(vm, e);
            }
        }
    }
    vm.unroot(base);
}

/// The fulfillment reaction of an Await in `disposeAsync`'s DisposeResources.
pub fn dispose_async_fulfilled(vm: &mut Vm, args: Args) -> JsResult {
    let st = closure_slot(vm, args.callee(vm), 0);
    continue_disposal(vm, st, None);
    Ok(Value::Undefined)
}

/// The rejection reaction of an Await in `disposeAsync`'s DisposeResources: the disposal
/// threw.
pub fn dispose_async_rejected(vm: &mut Vm, args: Args) -> JsResult {
    let st = closure_slot(vm, args.callee(vm), 0);
    let e = args.get(vm, 0);
    continue_disposal(vm, st, Some(e));
    Ok(Value::Undefined)
}

// --- DisposableStack and AsyncDisposableStack ----------------------------------------------

/// RequireInternalSlot(O, [[DisposableState]]) (or [[AsyncDisposableState]] for `brand`
/// AsyncDisposableStack).
fn require_stack(vm: &mut Vm, o: Value, brand: NativeId, method: &str) -> JsResult<Value> {
    if host(vm, o).is_some_and(|h| h.brand == brand as u32) {
        return Ok(o);
    }
    let class = match brand {
        NativeId::AsyncDisposableStack => "AsyncDisposableStack",
        _ => "DisposableStack",
    };
    Err(vm.type_error(format!(
        "{class}.prototype.{method} called on an object that is not a {class}"
    )))
}

/// Throws the ReferenceError of a method called on a disposed stack.
fn require_pending(vm: &mut Vm, o: Value) -> JsResult<()> {
    if flags(vm, o) & DISPOSED != 0 {
        return Err(vm.reference_error("the stack is already disposed"));
    }
    Ok(())
}

/// DisposableStack() and AsyncDisposableStack().
/// <https://tc39.es/proposal-explicit-resource-management/#sec-disposablestack>
fn construct_stack(vm: &mut Vm, args: Args, brand: NativeId, proto: Intrinsic) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    let nt = args.new_target(vm);
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor requires 'new'"));
    }
    // 2-5. OrdinaryCreateFromConstructor(NewTarget, proto, « [[DisposableState]],
    //      [[DisposeCapability]] »), pending, with a new DisposeCapability.
    let o = ops::ordinary_create_from_constructor(vm, nt, proto, capability_kind(brand))?;
    Ok(Value::Object(o))
}

pub fn disposable_stack_constructor(vm: &mut Vm, args: Args) -> JsResult {
    construct_stack(
        vm,
        args,
        NativeId::DisposableStack,
        Intrinsic::DisposableStackPrototype,
    )
}

/// <https://tc39.es/proposal-explicit-resource-management/#sec-asyncdisposablestack>
pub fn async_disposable_stack_constructor(vm: &mut Vm, args: Args) -> JsResult {
    construct_stack(
        vm,
        args,
        NativeId::AsyncDisposableStack,
        Intrinsic::AsyncDisposableStackPrototype,
    )
}

/// `adopt(value, onDispose)`: registers a closure that calls onDispose(value).
/// <https://tc39.es/proposal-explicit-resource-management/#sec-disposablestack.prototype.adopt>
fn adopt(vm: &mut Vm, args: Args, brand: NativeId) -> JsResult {
    // 1-2. Let disposableStack be the this value; RequireInternalSlot.
    let this = args.this(vm);
    let o = require_stack(vm, this, brand, "adopt")?;
    // 3. If disposableStack.[[DisposableState]] is disposed, throw a ReferenceError.
    require_pending(vm, o)?;
    // 4. If IsCallable(onDispose) is false, throw a TypeError exception.
    let (value, on_dispose) = (args.get(vm, 0), args.get(vm, 1));
    if !ops::is_callable(vm, on_dispose) {
        return Err(vm.type_error("adopt: onDispose is not a function"));
    }
    // 5-6. Let F be CreateBuiltinFunction(closure, 0, "", « »), where closure returns
    //      ? Call(onDispose, undefined, « value »).
    let os = vm.root(o);
    let f = promise::closure(vm, NativeId::AdoptCallback, 0, vec![value, on_dispose]);
    // 7. Perform ? AddDisposableResource(disposableStack.[[DisposeCapability]], undefined,
    //    hint, F).
    let r = add_disposable_resource(
        vm,
        os,
        Value::Undefined,
        brand == NativeId::AsyncDisposableStack,
        Some(Value::Object(f)),
    );
    vm.unroot(os);
    r?;
    // 8. Return value.
    Ok(args.get(vm, 0))
}

/// The closure of `adopt`: Call(onDispose, undefined, « value »).
pub fn adopt_callback(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.callee(vm);
    let (value, on_dispose) = (closure_slot(vm, f, 0), closure_slot(vm, f, 1));
    ops::call(vm, on_dispose, Value::Undefined, &[value])
}

/// `defer(onDispose)`.
/// <https://tc39.es/proposal-explicit-resource-management/#sec-disposablestack.prototype.defer>
fn defer(vm: &mut Vm, args: Args, brand: NativeId) -> JsResult {
    let this = args.this(vm);
    let o = require_stack(vm, this, brand, "defer")?;
    require_pending(vm, o)?;
    // 4. If IsCallable(onDispose) is false, throw a TypeError exception.
    let on_dispose = args.get(vm, 0);
    if !ops::is_callable(vm, on_dispose) {
        return Err(vm.type_error("defer: onDispose is not a function"));
    }
    // 5. Perform ? AddDisposableResource(disposableStack.[[DisposeCapability]], undefined,
    //    hint, onDispose).
    let os = vm.root(o);
    let r = add_disposable_resource(
        vm,
        os,
        Value::Undefined,
        brand == NativeId::AsyncDisposableStack,
        Some(on_dispose),
    );
    vm.unroot(os);
    r?;
    // 6. Return undefined.
    Ok(Value::Undefined)
}

/// `use(value)`.
/// <https://tc39.es/proposal-explicit-resource-management/#sec-disposablestack.prototype.use>
fn use_(vm: &mut Vm, args: Args, brand: NativeId) -> JsResult {
    let this = args.this(vm);
    let o = require_stack(vm, this, brand, "use")?;
    require_pending(vm, o)?;
    // 4. Perform ? AddDisposableResource(disposableStack.[[DisposeCapability]], value, hint).
    let value = args.get(vm, 0);
    let os = vm.root(o);
    let r = add_disposable_resource(vm, os, value, brand == NativeId::AsyncDisposableStack, None);
    vm.unroot(os);
    r?;
    // 5. Return value.
    Ok(args.get(vm, 0))
}

/// `move()`: a new stack takes over the resources; this one becomes disposed.
/// <https://tc39.es/proposal-explicit-resource-management/#sec-disposablestack.prototype.move>
fn move_(vm: &mut Vm, args: Args, brand: NativeId, proto: Intrinsic) -> JsResult {
    let this = args.this(vm);
    let o = require_stack(vm, this, brand, "move")?;
    // 3. If disposableStack.[[DisposableState]] is disposed, throw a ReferenceError.
    require_pending(vm, o)?;
    // 4. Let newDisposableStack be ? OrdinaryCreateFromConstructor(%DisposableStack%,
    //    "%DisposableStack.prototype%", ...): the intrinsic's prototype cannot be observed.
    let proto = vm.intrinsic(proto);
    let new = vm
        .heap
        .alloc(Object::new(Some(proto), capability_kind(brand)));
    // 5-7. newDisposableStack is pending and takes the DisposeCapability; this stack gets a
    //      new one.
    let resources = host_mut(vm, o)
        .map(|h| h.slots.split_off(FIRST_RESOURCE))
        .unwrap_or_default();
    if let Some(h) = host_mut(vm, Value::Object(new)) {
        h.slots.extend(resources);
    }
    // 8. Set disposableStack.[[DisposableState]] to disposed.
    let f = flags(vm, o);
    set_flags(vm, o, f | DISPOSED);
    // 9. Return newDisposableStack.
    Ok(Value::Object(new))
}

/// `get disposed`.
/// <https://tc39.es/proposal-explicit-resource-management/#sec-get-disposablestack.prototype.disposed>
fn disposed(vm: &mut Vm, args: Args, brand: NativeId) -> JsResult {
    let this = args.this(vm);
    let o = require_stack(vm, this, brand, "disposed")?;
    Ok(Value::Boolean(flags(vm, o) & DISPOSED != 0))
}

/// `DisposableStack.prototype.dispose()`.
/// <https://tc39.es/proposal-explicit-resource-management/#sec-disposablestack.prototype.dispose>
pub fn dispose(vm: &mut Vm, args: Args) -> JsResult {
    let this = args.this(vm);
    let o = require_stack(vm, this, NativeId::DisposableStack, "dispose")?;
    // 3. If disposableStack.[[DisposableState]] is disposed, return undefined.
    let f = flags(vm, o);
    if f & DISPOSED != 0 {
        return Ok(Value::Undefined);
    }
    // 4. Set disposableStack.[[DisposableState]] to disposed.
    set_flags(vm, o, f | DISPOSED);
    // 5. Return ? DisposeResources(disposableStack.[[DisposeCapability]], NormalCompletion(undefined)).
    match dispose_resources(vm, o, None) {
        Some(e) => Err(vm.throw(e)),
        None => Ok(Value::Undefined),
    }
}

/// `AsyncDisposableStack.prototype.disposeAsync()`.
/// <https://tc39.es/proposal-explicit-resource-management/#sec-asyncdisposablestack.prototype.disposeAsync>
pub fn dispose_async(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let asyncDisposableStack be the this value.
    let this = args.this(vm);
    // 2. Let promiseCapability be ! NewPromiseCapability(%Promise%).
    let ctor = Value::Object(vm.intrinsic(Intrinsic::Promise));
    let pc = promise::new_promise_capability(vm, ctor)?;
    let this_is_stack =
        host(vm, this).is_some_and(|h| h.brand == NativeId::AsyncDisposableStack as u32);
    let f = flags(vm, this);
    if !this_is_stack {
        // 3. If asyncDisposableStack does not have an [[AsyncDisposableState]] internal slot,
        //    reject the promise with a TypeError.
        let e = crate::builtins::error::create_error(
            vm,
            crate::ErrorKind::TypeError,
            "AsyncDisposableStack.prototype.disposeAsync called on an object that is not an AsyncDisposableStack",
        );
        let reject = pc.reject(vm);
        let r = ops::call(vm, reject, Value::Undefined, &[Value::Object(e)]);
        let p = pc.promise(vm);
        pc.release(vm);
        r?;
        return Ok(p);
    }
    if f & DISPOSED != 0 {
        // 4. If asyncDisposableStack.[[AsyncDisposableState]] is disposed, resolve the
        //    promise with undefined.
        let resolve = pc.resolve(vm);
        let r = ops::call(vm, resolve, Value::Undefined, &[Value::Undefined]);
        let p = pc.promise(vm);
        pc.release(vm);
        r?;
        return Ok(p);
    }
    // 5. Set asyncDisposableStack.[[AsyncDisposableState]] to disposed.
    set_flags(vm, this, f | DISPOSED);
    // 6-8. Let result be Completion(DisposeResources(...)); settle the promise with it.
    dispose_resources_async(vm, this, pc);
    // 9. Return promiseCapability.[[Promise]].
    let p = pc.promise(vm);
    pc.release(vm);
    Ok(p)
}

pub fn disposable_stack_adopt(vm: &mut Vm, args: Args) -> JsResult {
    adopt(vm, args, NativeId::DisposableStack)
}
pub fn disposable_stack_defer(vm: &mut Vm, args: Args) -> JsResult {
    defer(vm, args, NativeId::DisposableStack)
}
pub fn disposable_stack_use(vm: &mut Vm, args: Args) -> JsResult {
    use_(vm, args, NativeId::DisposableStack)
}
pub fn disposable_stack_move(vm: &mut Vm, args: Args) -> JsResult {
    move_(
        vm,
        args,
        NativeId::DisposableStack,
        Intrinsic::DisposableStackPrototype,
    )
}
pub fn disposable_stack_disposed(vm: &mut Vm, args: Args) -> JsResult {
    disposed(vm, args, NativeId::DisposableStack)
}
pub fn async_disposable_stack_adopt(vm: &mut Vm, args: Args) -> JsResult {
    adopt(vm, args, NativeId::AsyncDisposableStack)
}
pub fn async_disposable_stack_defer(vm: &mut Vm, args: Args) -> JsResult {
    defer(vm, args, NativeId::AsyncDisposableStack)
}
pub fn async_disposable_stack_use(vm: &mut Vm, args: Args) -> JsResult {
    use_(vm, args, NativeId::AsyncDisposableStack)
}
pub fn async_disposable_stack_move(vm: &mut Vm, args: Args) -> JsResult {
    move_(
        vm,
        args,
        NativeId::AsyncDisposableStack,
        Intrinsic::AsyncDisposableStackPrototype,
    )
}
pub fn async_disposable_stack_disposed(vm: &mut Vm, args: Args) -> JsResult {
    disposed(vm, args, NativeId::AsyncDisposableStack)
}

// --- iterators -----------------------------------------------------------------------------

/// `%IteratorPrototype%[@@dispose]()`.
/// <https://tc39.es/proposal-explicit-resource-management/#sec-%iteratorprototype%-@@dispose>
pub fn iterator_dispose(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let O be the this value.
    let o = args.this(vm);
    // 2. Let return be ? GetMethod(O, "return").
    let key = vm.key("return");
    // 3. If return is not undefined, then perform ? Call(return, O, « »).
    if let Some(ret) = ops::get_method(vm, o, key)? {
        let o = args.this(vm);
        ops::call(vm, ret, o, &[])?;
    }
    // 4. Return undefined.
    Ok(Value::Undefined)
}

/// `%AsyncIteratorPrototype%[@@asyncDispose]()`.
/// <https://tc39.es/proposal-explicit-resource-management/#sec-%asynciteratorprototype%-@@asyncdispose>
pub fn async_iterator_async_dispose(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let O be the this value.
    let o = args.this(vm);
    // 2. Let promiseCapability be ! NewPromiseCapability(%Promise%).
    let ctor = Value::Object(vm.intrinsic(Intrinsic::Promise));
    let pc = promise::new_promise_capability(vm, ctor)?;
    let r = async_iterator_async_dispose_steps(vm, o, pc);
    let settled = match r {
        Ok(()) => Ok(Value::Undefined),
        Err(_) => {
            // IfAbruptRejectPromise(result, promiseCapability).
            let e = vm.take_exception();
            let reject = pc.reject(vm);
            ops::call(vm, reject, Value::Undefined, &[e])
        }
    };
    let p = pc.promise(vm);
    pc.release(vm);
    settled?;
    Ok(p)
}

/// Steps 3-6 of `%AsyncIteratorPrototype%[@@asyncDispose]()`; an error rejects the promise.
fn async_iterator_async_dispose_steps(vm: &mut Vm, o: Value, pc: Capability) -> JsResult<()> {
    let os = vm.root(o);
    // 3. Let return be Completion(GetMethod(O, "return")).
    let key = vm.key("return");
    let ret = ops::get_method(vm, o, key);
    let o = vm.rooted(os);
    vm.unroot(os);
    match ret? {
        // 5. If return is undefined, then perform ! Call(promiseCapability.[[Resolve]],
        //    undefined, « undefined »).
        None => {
            let resolve = pc.resolve(vm);
            ops::call(vm, resolve, Value::Undefined, &[Value::Undefined])?;
        }
        Some(ret) => {
            // 6.a. Let result be Completion(Call(return, O)).
            let result = ops::call(vm, ret, o, &[])?;
            // c. Let resultWrapper be Completion(PromiseResolve(%Promise%, result)).
            let ctor = Value::Object(vm.intrinsic(Intrinsic::Promise));
            let wrapper = promise::promise_resolve(vm, ctor, result)?;
            // e-f. Let onFulfilled be CreateBuiltinFunction(unwrap, 1, "", « ») where unwrap
            //      returns undefined.
            let ws = vm.root(wrapper);
            let unwrap = promise::closure(vm, NativeId::AsyncIteratorDisposeUnwrap, 1, vec![]);
            let wrapper = vm.rooted(ws);
            vm.unroot(ws);
            // g. Perform PerformPromiseThen(resultWrapper, onFulfilled, undefined,
            //    promiseCapability).
            if let Value::Object(w) = wrapper {
                promise::perform_promise_then(
                    vm,
                    w,
                    Value::Object(unwrap),
                    Value::Undefined,
                    Some(pc),
                );
            }
        }
    }
    Ok(())
}

/// The `unwrap` closure of `@@asyncDispose`: returns undefined.
pub fn async_iterator_dispose_unwrap(_vm: &mut Vm, _args: Args) -> JsResult {
    Ok(Value::Undefined)
}
