//! The ShadowRealm constructor and prototype.
//! <https://tc39.es/proposal-shadowrealm/#sec-shadowrealm-objects>
//!
//! A ShadowRealm object is an ordinary object with a [[ShadowRealm]] slot (an
//! [`ObjectKind::Host`] branded with the constructor's native id) holding a realm record of
//! its own: fresh intrinsics and global, copied from the VM's realm template. The realm is not
//! in the agent's realm table, so it lives exactly as long as something references it: the
//! ShadowRealm object, or a function created inside it (through a wrapper's target).

use crate::wrapped::{get_wrapped_value, type_error_copy};
use amber_heap::{HostData, Object, ObjectKind, PropertyKey, Value};
use amber_vm::builtins::{self, promise};
use amber_vm::extension::Extension;
use amber_vm::{interp, module, ops, Args, ErrorKind, Intrinsic, JsResult, Vm};

amber_vm::extension_natives! {
    pub enum Native {
        ShadowRealm => constructor,
        Evaluate => evaluate,
        ImportValue => import_value,
        WrappedFunction => crate::wrapped::call,
        ExportGetter => export_getter,
        ImportValueError => import_value_error,
    }
}

/// The ShadowRealm extension: `%ShadowRealm%` and `%ShadowRealm.prototype%` in every realm
/// (ShadowRealms themselves included, so they nest).
pub static EXTENSION: Extension = Extension {
    name: "amber.ShadowRealm",
    natives: Native::TABLE,
    realm_slots: &["%ShadowRealm.prototype%"],
    init_realm,
    ensure_can_compile_strings: None,
    import_in_compartment: None,
    finalize_import_meta: None,
    hides_error_stacks: None,
};

/// Index of `%ShadowRealm.prototype%` in the extension's realm slots.
const PROTOTYPE: usize = 0;

/// Creates `%ShadowRealm%` and `%ShadowRealm.prototype%` in the realm being initialized.
/// <https://tc39.es/proposal-shadowrealm/#sec-properties-of-the-shadowRealm-constructor>
fn init_realm(vm: &mut Vm) {
    let proto = builtins::ordinary(vm, Intrinsic::ObjectPrototype);
    vm.set_extension_slot(&EXTENSION, PROTOTYPE, Value::Object(proto));
    let id = |vm: &Vm, n: Native| vm.extension_native(&EXTENSION, n as u32);
    let ctor = id(vm, Native::ShadowRealm);
    builtins::constructor(vm, ctor, "ShadowRealm", 0, proto);
    let evaluate = id(vm, Native::Evaluate);
    builtins::method(vm, proto, "evaluate", evaluate, 1);
    let import_value = id(vm, Native::ImportValue);
    builtins::method(vm, proto, "importValue", import_value, 2);
    builtins::iterators::tag(vm, proto, "ShadowRealm");
}

/// `new ShadowRealm()`. <https://tc39.es/proposal-shadowrealm/#sec-shadowrealm>
fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    let nt = args.new_target(vm);
    let Value::Object(c) = nt else {
        return Err(vm.type_error("Constructor ShadowRealm requires 'new'"));
    };
    // 2. Let O be ? OrdinaryCreateFromConstructor(NewTarget, "%ShadowRealm.prototype%",
    //    « [[ShadowRealm]] »). GetPrototypeFromConstructor: a non-object `prototype` falls back
    //    to the intrinsic of NewTarget's realm.
    let proto = match ops::get_str(vm, c, "prototype")? {
        Value::Object(p) => p,
        _ => {
            let Value::Object(c) = args.new_target(vm) else {
                unreachable!()
            };
            let realm = ops::get_function_realm(vm, c)?;
            match vm.extension_slot(realm, &EXTENSION, PROTOTYPE) {
                Value::Object(p) => p,
                _ => vm.realm_intrinsic(realm, Intrinsic::ObjectPrototype),
            }
        }
    };
    let brand = vm
        .extension_native(&EXTENSION, Native::ShadowRealm as u32)
        .0;
    // 3-7. InitializeHostDefinedRealm(): a new realm (no JavaScript runs, nothing collects).
    let realm = vm.new_realm_record();
    // A ShadowRealm made by builder code is in the builder phase too (REALMS-DESIGN D.1).
    let caller = vm.current_realm();
    vm.heap.get_mut(realm).builder = vm.heap.get(caller).builder;
    // 8. Set O.[[ShadowRealm]] to realmRec.
    let o = vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::Host(Box::new(HostData {
            brand,
            realm: Some(realm),
            slots: Vec::new(),
        })),
    ));
    // 9. Perform ? HostInitializeShadowRealm(realmRec, innerContext, O).
    if let Some(hook) = vm.options.host_initialize_shadow_realm {
        let slot = vm.root(Value::Object(o));
        hook(vm, realm)?;
        return Ok(vm.rooted(slot));
    }
    // 11. Return O.
    Ok(Value::Object(o))
}

/// ValidateShadowRealmObject(O): O's [[ShadowRealm]], or a TypeError.
/// <https://tc39.es/proposal-shadowrealm/#sec-validateshadowrealmobject>
fn validate_shadow_realm_object(
    vm: &mut Vm,
    o: Value,
    method: &str,
) -> JsResult<amber_heap::Handle<amber_heap::Realm>> {
    let brand = vm
        .extension_native(&EXTENSION, Native::ShadowRealm as u32)
        .0;
    if let Value::Object(o) = o {
        if let ObjectKind::Host(h) = &vm.heap.get(o).kind {
            if let (true, Some(realm)) = (h.brand == brand, h.realm) {
                return Ok(realm);
            }
        }
    }
    Err(vm.type_error(format!(
        "ShadowRealm.prototype.{method} called on an object that is not a ShadowRealm"
    )))
}

/// Is `v` a ShadowRealm object?
pub fn is_shadow_realm(vm: &Vm, v: Value) -> bool {
    let brand = vm
        .extension_native(&EXTENSION, Native::ShadowRealm as u32)
        .0;
    matches!(v, Value::Object(o)
        if matches!(&vm.heap.get(o).kind, ObjectKind::Host(h) if h.brand == brand))
}

/// `ShadowRealm.prototype.evaluate(sourceText)`.
/// <https://tc39.es/proposal-shadowrealm/#sec-shadowrealm.prototype.evaluate>
fn evaluate(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Let O be the this value. Perform ? ValidateShadowRealmObject(O).
    let eval_realm = validate_shadow_realm_object(vm, args.this(vm), "evaluate")?;
    // 3. If sourceText is not a String, throw a TypeError exception (no ToString).
    let Value::String(source) = args.get(vm, 0) else {
        return Err(vm.type_error("ShadowRealm.prototype.evaluate: the source must be a string"));
    };
    // 4. Let callerRealm be the current Realm Record. 5. Let evalRealm be O.[[ShadowRealm]].
    let caller = vm.current_realm();
    let source = vm.rust_string(source);
    perform_shadow_realm_eval(vm, &source, caller, eval_realm)
}

/// PerformShadowRealmEval(sourceText, callerRealm, evalRealm).
/// <https://tc39.es/proposal-shadowrealm/#sec-performshadowrealmeval>
///
/// GetShadowRealmContext gives the eval code a fresh declarative environment over the inner
/// global environment, and makes it the variable environment too in strict code: exactly the
/// environments of an indirect eval in the inner realm, so the eval code runs as one.
pub fn perform_shadow_realm_eval(
    vm: &mut Vm,
    source: &str,
    caller: amber_heap::Handle<amber_heap::Realm>,
    eval_realm: amber_heap::Handle<amber_heap::Realm>,
) -> JsResult {
    // 1. Perform ? HostEnsureCanCompileStrings(evalRealm, « », sourceText, false).
    vm.host_ensure_can_compile_strings(eval_realm)?;
    let eval_realm_slot = vm.root_realm(eval_realm);
    // 2. Parse as a Script; any early error (including new.target, super.x and super() in the
    //    body) is a SyntaxError of the *caller's* realm (the current realm here).
    let script = match Vm::compile_global_eval(source, false) {
        Ok(s) => s,
        Err(message) => return Err(vm.throw_error(ErrorKind::SyntaxError, message)),
    };
    let caller_slot = vm.root_realm(caller);
    // 3-16. Evaluate in the inner realm (an empty result is undefined).
    let eval_realm = vm.rooted_realm(eval_realm_slot);
    let result = vm.run_in_realm(eval_realm, &script);
    let caller = vm.rooted_realm(caller_slot);
    match result {
        // 18. Return ? GetWrappedValue(callerRealm, result.[[Value]]).
        Ok(v) => get_wrapped_value(vm, caller, v),
        // 17. An abrupt completion becomes CreateTypeErrorCopy(callerRealm, ...).
        Err(t) => Err(type_error_copy(vm, t, caller, "evaluate")),
    }
}

/// `ShadowRealm.prototype.importValue(specifier, exportName)`.
/// <https://tc39.es/proposal-shadowrealm/#sec-shadowrealm.prototype.importvalue>
fn import_value(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. ValidateShadowRealmObject(O).
    validate_shadow_realm_object(vm, args.this(vm), "importValue")?;
    // 3. Let specifierString be ? ToString(specifier) (may run code; its throw propagates).
    let specifier = ops::to_string(vm, args.get(vm, 0))?;
    let specifier_slot = vm.root(Value::String(specifier));
    // 4. If exportName is not a String, throw a TypeError exception (synchronously).
    let export_name = args.get(vm, 1);
    if !matches!(export_name, Value::String(_)) {
        return Err(
            vm.type_error("ShadowRealm.prototype.importValue: the export name must be a string")
        );
    }
    // 5-6. callerRealm is the current realm; evalRealm is O.[[ShadowRealm]] (read again: the
    //      ToString above may have collected).
    let eval_realm = validate_shadow_realm_object(vm, args.this(vm), "importValue")?;
    let specifier = vm.rooted(specifier_slot);
    shadow_realm_import_value(vm, specifier, args.get(vm, 1), eval_realm)
}

/// ShadowRealmImportValue(specifierString, exportNameString, callerRealm, evalRealm).
/// <https://tc39.es/proposal-shadowrealm/#sec-shadowrealmimportvalue>
fn shadow_realm_import_value(
    vm: &mut Vm,
    specifier: Value,
    export_name: Value,
    eval_realm: amber_heap::Handle<amber_heap::Realm>,
) -> JsResult {
    let name_slot = vm.root(export_name);
    // The referrer's location: the innermost script or module running (the caller of
    // importValue), so relative specifiers resolve as that code's own `import()` would.
    let referrer = match vm.frames.last() {
        Some(f) => vm.rust_string(vm.heap.get(f.code).file),
        None => String::new(),
    };
    // 1-9. In a context of evalRealm: HostLoadImportedModule(evalRealm, specifier, ...) with
    //      innerCapability, a %Promise% of the inner realm; `import()` in the inner realm
    //      does exactly that (each ShadowRealm has its own module map).
    let inner = interp::in_realm(vm, eval_realm, |vm| {
        module::dynamic_import(vm, specifier, Value::Undefined, &referrer, false)
    })?;
    let inner_slot = vm.root(inner);
    // 10-15. onFulfilled (ExportGetter, [[ExportNameString]]) and onRejected
    //        (ImportValueError), built-ins of callerRealm (the current realm).
    let getter_id = vm.extension_native(&EXTENSION, Native::ExportGetter as u32);
    let on_fulfilled = builtins::native_function(vm, getter_id, "", 1, false);
    let name = vm.rooted(name_slot);
    if let ObjectKind::Native(n) = &mut vm.heap.get_mut(on_fulfilled).kind {
        n.slots = vec![name].into();
    }
    let fulfilled_slot = vm.root(Value::Object(on_fulfilled));
    let error_id = vm.extension_native(&EXTENSION, Native::ImportValueError as u32);
    let on_rejected = builtins::native_function(vm, error_id, "", 1, false);
    let rejected_slot = vm.root(Value::Object(on_rejected));
    // 16. Let promiseCapability be ! NewPromiseCapability(%Promise%).
    let promise_ctor = Value::Object(vm.intrinsic(Intrinsic::Promise));
    let cap = promise::new_promise_capability(vm, promise_ctor)?;
    // 17. Return PerformPromiseThen(innerCapability.[[Promise]], onFulfilled, onRejected,
    //     promiseCapability).
    let Value::Object(inner) = vm.rooted(inner_slot) else {
        return Err(vm.type_error("ShadowRealm.prototype.importValue: import() gave no promise"));
    };
    let (f, r) = (vm.rooted(fulfilled_slot), vm.rooted(rejected_slot));
    let p = promise::perform_promise_then(vm, inner, f, r, Some(cap));
    Ok(p)
}

/// An ExportGetter function: reads the export from the namespace and wraps it.
/// <https://tc39.es/proposal-shadowrealm/#sec-export-getter-functions>
fn export_getter(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.callee(vm);
    // 2-4. Let string be f.[[ExportNameString]].
    let name = match &vm.heap.get(f).kind {
        ObjectKind::Native(n) => n.slots.first().copied().unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    };
    let Value::Object(exports) = args.get(vm, 0) else {
        return Err(vm.type_error("ShadowRealm.prototype.importValue: no module namespace"));
    };
    let key: PropertyKey = ops::to_property_key(vm, name)?;
    // 5-6. If ? HasOwnProperty(exports, string) is false, throw a TypeError exception.
    if !ops::has_own_property(vm, exports, key)? {
        let shown = ops::display_key(vm, key);
        return Err(vm.type_error(format!(
            "ShadowRealm.prototype.importValue: the module has no export named '{shown}'"
        )));
    }
    // 7. Let value be ? Get(exports, string). (The key again: a collection may have moved it.)
    let Value::Object(exports) = args.get(vm, 0) else {
        unreachable!()
    };
    let name = match &vm.heap.get(args.callee(vm)).kind {
        ObjectKind::Native(n) => n.slots.first().copied().unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    };
    let key = ops::to_property_key(vm, name)?;
    let value = ops::get(vm, exports, key)?;
    // 8-9. Return ? GetWrappedValue(f.[[Realm]], value) (f's realm is the current one).
    let realm = vm.current_realm();
    get_wrapped_value(vm, realm, value)
}

/// An ImportValueError function: any load, link or evaluation failure rejects with a
/// TypeError copy of the function's realm.
/// <https://tc39.es/proposal-shadowrealm/#sec-import-value-error-functions>
fn import_value_error(vm: &mut Vm, args: Args) -> JsResult {
    let error = args.get(vm, 0);
    let t = vm.throw(error);
    let realm = vm.current_realm();
    Err(type_error_copy(vm, t, realm, "importValue"))
}
