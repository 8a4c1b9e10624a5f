//! The callable boundary between a ShadowRealm and its caller: wrapped function exotic objects,
//! GetWrappedValue and CreateTypeErrorCopy.
//! <https://tc39.es/proposal-shadowrealm/#sec-wrapped-function-exotic-objects>
//!
//! Only primitives and callables cross. A callable crosses as a *new* wrapper each time (no
//! cache, no unwrapping: either would be observable), and a throw crosses as a fresh TypeError
//! of the receiving realm, built without running any code.
//!
//! A wrapper is a built-in function object of this extension's `WrappedFunction` native: its
//! [[Realm]] is the caller realm, its one slot is [[WrappedTargetFunction]], and it is not a
//! constructor. That gives the exotic object's semantics with the VM's ordinary machinery:
//! calling it pushes a context of its [[Realm]] (PrepareForWrappedFunctionCall), its prototype
//! is that realm's %Function.prototype%, `Function.prototype.toString` shows the native form.

use crate::shadow_realm::{Native, EXTENSION};
use amber_heap::{attrs, Handle, NativeData, Object, ObjectKind, Property, Realm, Value};
use amber_vm::{ops, Args, ErrorKind, Intrinsic, JsResult, Throw, Vm};

/// GetWrappedValue(callerRealm, value): primitives pass unchanged, callables get a new
/// wrapper in `realm`, other objects are a TypeError (of the current realm).
/// <https://tc39.es/proposal-shadowrealm/#sec-getwrappedvalue>
pub fn get_wrapped_value(vm: &mut Vm, realm: Handle<Realm>, value: Value) -> JsResult {
    // 1. If value is an Object, then
    if let Value::Object(_) = value {
        // a. If IsCallable(value) is false, throw a TypeError exception.
        if !ops::is_callable(vm, value) {
            return Err(vm.type_error(
                "ShadowRealm: only primitives and callables can cross the realm boundary",
            ));
        }
        // b. Return ? WrappedFunctionCreate(callerRealm, value).
        return wrapped_function_create(vm, realm, value);
    }
    // 2. Return value.
    Ok(value)
}

/// WrappedFunctionCreate(callerRealm, Target).
/// <https://tc39.es/proposal-shadowrealm/#sec-wrappedfunctioncreate>
pub fn wrapped_function_create(vm: &mut Vm, realm: Handle<Realm>, target: Value) -> JsResult {
    // 1-6. MakeBasicObject with [[Prototype]] callerRealm.[[Intrinsics]].[[%Function.prototype%]],
    //      [[Call]], [[WrappedTargetFunction]] Target and [[Realm]] callerRealm. The name and
    //      length are defined by CopyNameAndLength below, not here.
    let id = vm.extension_native(&EXTENSION, Native::WrappedFunction as u32);
    let proto = vm.realm_intrinsic(realm, Intrinsic::FunctionPrototype);
    let wrapped = vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::Native(NativeData::new(id.0, realm, false, vec![target])),
    ));
    let slot = vm.root(Value::Object(wrapped));
    // 7. Let result be Completion(CopyNameAndLength(wrapped, Target)).
    let result = copy_name_and_length(vm, slot, target);
    let wrapped = vm.rooted(slot);
    vm.unroot(slot);
    match result {
        Ok(()) => Ok(wrapped),
        // 8. If result is an abrupt completion, throw a TypeError exception.
        Err(t) if vm.is_terminating() => Err(t),
        Err(_) => {
            vm.take_exception();
            Err(vm.type_error("ShadowRealm: reading the wrapped function's name or length threw"))
        }
    }
}

/// CopyNameAndLength(F, Target) without prefix or argCount, for a wrapper in root `f_slot`.
/// The observable order on Target: [[GetOwnProperty]]("length"), [[Get]]("length"),
/// [[Get]]("name").
/// <https://tc39.es/proposal-shadowrealm/#sec-copynameandlength>
fn copy_name_and_length(vm: &mut Vm, f_slot: usize, target: Value) -> JsResult<()> {
    let t_slot = vm.root(target);
    let Value::Object(t) = target else {
        unreachable!("GetWrappedValue only wraps callables")
    };
    // 1-2. argCount is 0; let L be 0.
    let mut len = 0.0;
    // (Property keys are interned strings, which a collection may move: each is made again
    // after anything that can run code.)
    // 3. Let targetHasLength be ? HasOwnProperty(Target, "length").
    let length_key = vm.key("length");
    // 4. If targetHasLength is true, then
    if ops::has_own_property(vm, t, length_key)? {
        // a. Let targetLen be ? Get(Target, "length").
        let Value::Object(t) = vm.rooted(t_slot) else {
            unreachable!()
        };
        let length_key = vm.key("length");
        let target_len = ops::get(vm, t, length_key)?;
        // b. If targetLen is a Number, then
        if let Value::Number(n) = target_len {
            len = if n == f64::INFINITY {
                f64::INFINITY
            } else if n == f64::NEG_INFINITY {
                0.0
            } else {
                // ToIntegerOrInfinity of a finite number (NaN is 0), then max(·, 0).
                let int = if n.is_nan() { 0.0 } else { n.trunc() };
                int.max(0.0) + 0.0
            };
        }
    }
    // 5. Perform SetFunctionLength(F, L).
    let length_key = vm.key("length");
    define(vm, f_slot, length_key, Value::Number(len));
    // 6. Let targetName be ? Get(Target, "name").
    let Value::Object(t) = vm.rooted(t_slot) else {
        unreachable!()
    };
    let name_key = vm.key("name");
    let target_name = ops::get(vm, t, name_key)?;
    // 7. If targetName is not a String, set targetName to the empty String.
    let name = match target_name {
        Value::String(s) => Value::String(s),
        _ => Value::String(vm.str("")),
    };
    // 9. Perform SetFunctionName(F, targetName).
    let name_key = vm.key("name");
    define(vm, f_slot, name_key, name);
    Ok(())
}

/// Defines `{ [[Value]]: v, [[Writable]]: false, [[Enumerable]]: false, [[Configurable]]: true }`
/// on the fresh wrapper in root `f_slot` (SetFunctionLength / SetFunctionName: the wrapper is
/// extensible and has no such property yet, so this cannot fail).
fn define(vm: &mut Vm, f_slot: usize, key: amber_heap::PropertyKey, v: Value) {
    let Value::Object(f) = vm.rooted(f_slot) else {
        unreachable!()
    };
    amber_vm::object::add_property(
        vm,
        f,
        Property {
            key,
            value: v,
            setter: Value::Undefined,
            flags: attrs::CONFIGURABLE,
        },
    );
}

/// The [[Call]] of a wrapped function exotic object. The VM has already pushed the context of
/// the wrapper's [[Realm]] (PrepareForWrappedFunctionCall: a built-in runs in its own realm),
/// so every error made here belongs to the caller realm.
/// <https://tc39.es/proposal-shadowrealm/#sec-wrapped-function-exotic-objects-call-thisargument-argumentslist>
pub fn call(vm: &mut Vm, args: Args) -> JsResult {
    ordinary_wrapped_function_call(vm, args)
}

/// The wrapper's [[WrappedTargetFunction]] and [[Realm]].
fn wrapper_slots(vm: &Vm, f: Handle<Object>) -> (Value, Handle<Realm>) {
    match &vm.heap.get(f).kind {
        ObjectKind::Native(n) => (
            n.slots.first().copied().unwrap_or(Value::Undefined),
            n.realm,
        ),
        _ => unreachable!("a wrapped function is a native function object"),
    }
}

/// OrdinaryWrappedFunctionCall(F, thisArgument, argumentsList).
/// <https://tc39.es/proposal-shadowrealm/#sec-ordinary-wrapped-function-call>
fn ordinary_wrapped_function_call(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let target be F.[[WrappedTargetFunction]]. 3. Let callerRealm be F.[[Realm]].
    //    (Both are re-read from the callee, which is rooted, after anything that may run
    //    code; realm handles are rooted with root_realm.)
    let (target, caller_realm) = wrapper_slots(vm, args.callee(vm));
    let caller = vm.root_realm(caller_realm);
    let Value::Object(t) = target else {
        return Err(vm.type_error("ShadowRealm: wrapped function has no target"));
    };
    // 5. Let targetRealm be ? GetFunctionRealm(target).
    let target_realm = ops::get_function_realm(vm, t)?;
    let target_slot = vm.root_realm(target_realm);
    // 6-7. Wrap each argument into targetRealm.
    let first = vm.root(Value::Undefined);
    for i in 0..args.len() {
        let arg = args.get(vm, i);
        let realm = vm.rooted_realm(target_slot);
        let w = get_wrapped_value(vm, realm, arg)?;
        vm.root(w);
    }
    // 8. Let wrappedThisArgument be ? GetWrappedValue(targetRealm, thisArgument).
    let this = args.this(vm);
    let realm = vm.rooted_realm(target_slot);
    let wrapped_this = get_wrapped_value(vm, realm, this)?;
    // 9. Let result be Completion(Call(target, wrappedThisArgument, wrappedArgs)).
    let wrapped_args: Vec<Value> = (0..args.len()).map(|i| vm.rooted(first + 1 + i)).collect();
    let (target, _) = wrapper_slots(vm, args.callee(vm));
    let result = ops::call(vm, target, wrapped_this, &wrapped_args);
    let caller_realm = vm.rooted_realm(caller);
    match result {
        // 10. If result.[[Type]] is normal, return ? GetWrappedValue(callerRealm, result.[[Value]]).
        Ok(v) => get_wrapped_value(vm, caller_realm, v),
        // 11. Else, throw CreateTypeErrorCopy(callerRealm, result.[[Value]]).
        Err(t) => Err(type_error_copy(vm, t, caller_realm, "wrapped function")),
    }
}

/// Turns the throw in flight into CreateTypeErrorCopy(realm, thrown value): a fresh TypeError
/// of `realm` whose message is built from the thrown value's own data properties only (no
/// getter, no `toString`: no code runs). A VM stop (deadline, interrupt, heap limit) is not a
/// JavaScript throw and passes through unchanged.
/// <https://tc39.es/proposal-shadowrealm/#sec-create-type-error-copy>
pub fn type_error_copy(vm: &mut Vm, t: Throw, realm: Handle<Realm>, what: &str) -> Throw {
    if vm.is_terminating() {
        return t;
    }
    let thrown = vm.take_exception();
    let detail = error_detail(vm, thrown);
    let message = format!("{what} threw ({detail})");
    amber_vm::interp::in_realm(vm, realm, |vm| {
        vm.throw_error(ErrorKind::TypeError, message)
    })
}

/// `Name: message` of an error object from its data properties, or a generic description of
/// any other thrown value. A copy of a copy is formed from the original detail, never nested
/// (shadowrealm/errors.md).
fn error_detail(vm: &mut Vm, v: Value) -> String {
    match v {
        Value::Object(o) if matches!(vm.heap.get(o).kind, ObjectKind::Error(_)) => {
            let text = |vm: &mut Vm, name: &str| match vm.peek_data(o, name) {
                Some(Value::String(s)) => vm.rust_string(s),
                _ => String::new(),
            };
            let (name, message) = (text(vm, "name"), text(vm, "message"));
            if name == "TypeError" {
                if let Some(inner) = message
                    .split_once(" threw (")
                    .and_then(|(_, rest)| rest.strip_suffix(')'))
                {
                    return inner.to_string();
                }
            }
            match (name.is_empty(), message.is_empty()) {
                (_, true) if name.is_empty() => "Error".to_string(),
                (_, true) => name,
                (true, false) => format!("Error: {message}"),
                (false, false) => format!("{name}: {message}"),
            }
        }
        Value::Object(_) => "uncaught exception: Object".to_string(),
        other => format!("uncaught exception: {}", vm.display(other)),
    }
}
