//! `WeakRef` and `FinalizationRegistry`.
//! <https://tc39.es/ecma262/#sec-managing-memory>
//!
//! The collector holds a WeakRef's object target and a registry's cell targets weakly
//! (`heap/src/gc.rs`): a target nothing else keeps is collected, the WeakRef then derefs to
//! `undefined` and the registry's cell is emptied, and the VM enqueues a job that runs the
//! cleanup callback with the cell's held value ([`cleanup_job`]). A WeakRef target made or
//! derefed in the current synchronous run is kept alive until it ends (AddToKeptObjects).

use super::collections::can_be_held_weakly;
use super::iterators::tag;
use super::method;
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::object::{FinalizationCell, FinalizationRegistryData};
use amber_heap::{Handle, Object, ObjectKind, Value};

pub fn init(vm: &mut Vm) {
    let proto = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::WeakRefPrototype, proto);
    let c = super::constructor(vm, NativeId::WeakRef, "WeakRef", 1, proto);
    set_intrinsic(vm, Intrinsic::WeakRef, c);
    method(vm, proto, "deref", NativeId::WeakRefPrototypeDeref, 0);
    tag(vm, proto, "WeakRef");

    let proto = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::FinalizationRegistryPrototype, proto);
    let c = super::constructor(
        vm,
        NativeId::FinalizationRegistry,
        "FinalizationRegistry",
        1,
        proto,
    );
    set_intrinsic(vm, Intrinsic::FinalizationRegistry, c);
    method(
        vm,
        proto,
        "register",
        NativeId::FinalizationRegistryPrototypeRegister,
        2,
    );
    method(
        vm,
        proto,
        "unregister",
        NativeId::FinalizationRegistryPrototypeUnregister,
        1,
    );
    tag(vm, proto, "FinalizationRegistry");
}

/// `WeakRef(target)`. <https://tc39.es/ecma262/#sec-weak-ref-target>
pub fn weak_ref_constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    let nt = args.new_target(vm);
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor WeakRef requires 'new'"));
    }
    // 2. If CanBeHeldWeakly(target) is false, throw a TypeError exception.
    let target = args.get(vm, 0);
    if !can_be_held_weakly(vm, target) {
        return Err(vm.type_error("WeakRef: invalid target"));
    }
    // 3-6. OrdinaryCreateFromConstructor; AddToKeptObjects(target); set [[WeakRefTarget]].
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::WeakRefPrototype,
        ObjectKind::WeakRef(Value::Undefined),
    )?;
    // The target is an argument, so still valid: nothing ran that could collect.
    let target = args.get(vm, 0);
    vm.agent.kept_alive.push(target);
    vm.heap.get_mut(o).kind = ObjectKind::WeakRef(target);
    Ok(Value::Object(o))
}

/// `WeakRef.prototype.deref()`. <https://tc39.es/ecma262/#sec-weak-ref.prototype.deref>
pub fn weak_ref_deref(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. RequireInternalSlot(weakRef, [[WeakRefTarget]]).
    match args.this(vm) {
        Value::Object(o) => match vm.heap.get(o).kind {
            // 3. Return WeakRefDeref(weakRef): AddToKeptObjects(target) if it is alive.
            ObjectKind::WeakRef(target) => {
                if !target.is_undefined() {
                    vm.agent.kept_alive.push(target);
                }
                Ok(target)
            }
            _ => Err(
                vm.type_error("WeakRef.prototype.deref called on an object that is not a WeakRef")
            ),
        },
        _ => Err(vm.type_error("WeakRef.prototype.deref called on a non-object")),
    }
}

/// `FinalizationRegistry(cleanupCallback)`.
/// <https://tc39.es/ecma262/#sec-finalization-registry-cleanup-callback>
pub fn finalization_registry_constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    let nt = args.new_target(vm);
    if nt.is_undefined() {
        return Err(vm.type_error("Constructor FinalizationRegistry requires 'new'"));
    }
    // 2. If IsCallable(cleanupCallback) is false, throw a TypeError exception.
    if !ops::is_callable(vm, args.get(vm, 0)) {
        return Err(vm.type_error("FinalizationRegistry: cleanup must be callable"));
    }
    // 3-7. OrdinaryCreateFromConstructor with [[Realm]], [[CleanupCallback]], [[Cells]].
    let data = FinalizationRegistryData {
        cleanup: Value::Undefined,
        cells: Vec::new(),
    };
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::FinalizationRegistryPrototype,
        ObjectKind::FinalizationRegistry(Box::new(data)),
    )?;
    let cleanup = args.get(vm, 0);
    registry(vm, o).cleanup = cleanup;
    Ok(Value::Object(o))
}

/// RequireInternalSlot(finalizationRegistry, [[Cells]]).
fn this_registry(vm: &mut Vm, args: &Args, method: &str) -> JsResult<Handle<Object>> {
    match args.this(vm) {
        Value::Object(o) if matches!(vm.heap.get(o).kind, ObjectKind::FinalizationRegistry(_)) => {
            Ok(o)
        }
        _ => Err(vm.type_error(format!(
            "FinalizationRegistry.prototype.{method} called on an incompatible receiver"
        ))),
    }
}

fn registry(vm: &mut Vm, o: Handle<Object>) -> &mut FinalizationRegistryData {
    match &mut vm.heap.get_mut(o).kind {
        ObjectKind::FinalizationRegistry(d) => d,
        _ => unreachable!("checked by this_registry"),
    }
}

/// `FinalizationRegistry.prototype.register(target, heldValue [, unregisterToken])`.
/// <https://tc39.es/ecma262/#sec-finalization-registry.prototype.register>
pub fn register(vm: &mut Vm, args: Args) -> JsResult {
    let o = this_registry(vm, &args, "register")?;
    let (target, held, token) = (args.get(vm, 0), args.get(vm, 1), args.get(vm, 2));
    // 3. If CanBeHeldWeakly(target) is false, throw a TypeError exception.
    if !can_be_held_weakly(vm, target) {
        return Err(vm.type_error("FinalizationRegistry.prototype.register: invalid target"));
    }
    // 4. If SameValue(target, heldValue) is true, throw a TypeError exception.
    if ops::same_value(vm, target, held) {
        return Err(vm.type_error(
            "FinalizationRegistry.prototype.register: target and held value must differ",
        ));
    }
    // 5. If CanBeHeldWeakly(unregisterToken) is false: undefined means no token, anything
    //    else is a TypeError.
    let token = if can_be_held_weakly(vm, token) {
        token
    } else if token.is_undefined() {
        Value::Empty
    } else {
        return Err(
            vm.type_error("FinalizationRegistry.prototype.register: invalid unregister token")
        );
    };
    // 6-7. Append the cell; return undefined.
    registry(vm, o).cells.push(FinalizationCell {
        target,
        held,
        token,
    });
    Ok(Value::Undefined)
}

/// `FinalizationRegistry.prototype.unregister(unregisterToken)`.
/// <https://tc39.es/ecma262/#sec-finalization-registry.prototype.unregister>
pub fn unregister(vm: &mut Vm, args: Args) -> JsResult {
    let o = this_registry(vm, &args, "unregister")?;
    // 3. If CanBeHeldWeakly(unregisterToken) is false, throw a TypeError exception.
    let token = args.get(vm, 0);
    if !can_be_held_weakly(vm, token) {
        return Err(
            vm.type_error("FinalizationRegistry.prototype.unregister: invalid unregister token")
        );
    }
    // 4-6. Remove every cell whose token is SameValue to it; report whether any was.
    let cells = std::mem::take(&mut registry(vm, o).cells);
    let before = cells.len();
    let kept: Vec<FinalizationCell> = cells
        .into_iter()
        .filter(|c| c.token == Value::Empty || !ops::same_value(vm, c.token, token))
        .collect();
    let removed = kept.len() != before;
    registry(vm, o).cells = kept;
    Ok(Value::Boolean(removed))
}

/// The job HostEnqueueFinalizationRegistryCleanupJob queues (its argument is the registry):
/// CleanupFinalizationRegistry, which removes each emptied cell and calls the cleanup
/// callback with its held value.
/// <https://tc39.es/ecma262/#sec-cleanup-finalization-registry>
pub fn cleanup_job(vm: &mut Vm, args: Args) -> JsResult {
    loop {
        // The registry is read from the (rooted) arguments on every turn: the callback may
        // run JavaScript that collects and moves it.
        let Value::Object(o) = args.get(vm, 0) else {
            return Ok(Value::Undefined);
        };
        let ObjectKind::FinalizationRegistry(d) = &mut vm.heap.get_mut(o).kind else {
            return Ok(Value::Undefined);
        };
        // 3. While it contains a cell whose [[WeakRefTarget]] is empty: a-b. choose one and
        //    remove it; c. call the cleanup callback with its [[HeldValue]].
        let Some(i) = d.cells.iter().position(|c| c.target == Value::Empty) else {
            return Ok(Value::Undefined);
        };
        let cell = d.cells.remove(i);
        let callback = d.cleanup;
        crate::ops::call(vm, callback, Value::Undefined, &[cell.held])?;
    }
}
