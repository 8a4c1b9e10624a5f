//! `import()`, `import.defer()`, source-phase imports, and the import bindings and
//! `import.meta` of running module code.

use super::*;

/// The referrer of `import()` in code whose file is `file`: the file, except in the code of a
/// module template ([`TEMPLATE_FILE`]), shared by all its instances, where it is the specifier
/// of the instance that is running (GetActiveScriptOrModule): the module whose environment
/// is at the end of the running code's environment chain.
pub(super) fn referrer_of(vm: &Vm, file: &str) -> String {
    if file != TEMPLATE_FILE {
        return file.to_string();
    }
    let mut env = vm.frames.last().and_then(|f| f.env);
    while let Some(e) = env {
        if let Value::Object(o) = vm.heap.get(e).names {
            if let ObjectKind::Module(d) = &vm.heap.get(o).kind {
                return vm.rust_string(d.path);
            }
        }
        env = vm.heap.get(e).outer;
    }
    file.to_string()
}

/// `import(specifier, options)` from code whose file is `referrer`: a promise for the
/// namespace; with `deferred`, `import.defer(specifier, options)`: a promise for the deferred
/// namespace. <https://tc39.es/ecma262/#sec-evaluate-import-call>
/// <https://tc39.es/proposal-defer-import-eval/#sec-evaluate-import-call>
pub fn dynamic_import(
    vm: &mut Vm,
    specifier: Value,
    options: Value,
    referrer: &str,
    deferred: bool,
) -> JsResult {
    let active = referrer_of(vm, referrer);
    let referrer = active.as_str();
    let promise_ctor = Value::Object(vm.intrinsic(crate::realm::Intrinsic::Promise));
    // 7. NewPromiseCapability(%Promise%). (The options stay rooted in a slot after it.)
    let cap = crate::builtins::promise::new_promise_capability(vm, promise_ctor)?;
    let options_slot = vm.root(options);
    // 8-12. The specifier string and the attributes; an abrupt completion or an invalid
    // attribute rejects the promise.
    let request = (|| -> JsResult<(String, ModuleType)> {
        let spec = ops::to_rust_string(vm, specifier)?;
        let options = vm.rooted(options_slot);
        let mut attributes = Vec::new();
        if options != Value::Undefined {
            let Value::Object(o) = options else {
                return Err(vm.type_error("import() options must be an object"));
            };
            let key = vm.key("with");
            let with = ops::get(vm, o, key)?;
            if with != Value::Undefined {
                let Value::Object(w) = with else {
                    return Err(vm.type_error("import() options 'with' must be an object"));
                };
                let entries = crate::builtins::object::enumerable_own_key_values(vm, w)?;
                for (key, value) in entries {
                    if let Value::String(k) = key {
                        let Value::String(v) = value else {
                            return Err(vm.type_error("import attribute values must be strings"));
                        };
                        let (k, v) = (units_of(vm, k), units_of(vm, v));
                        attributes.push((k, v));
                    }
                }
            }
        }
        // 12.f. AllImportAttributesSupported(attributes).
        let ty = request_type(&attributes).map_err(|m| vm.type_error(m))?;
        Ok((spec, ty))
    })();
    // HostLoadImportedModule: the host loads the module graph synchronously.
    let loaded = request.and_then(|(spec, ty)| {
        // Read after the conversions above, which may have run JavaScript.
        let realm = vm.current_realm();
        // A compartment loads modules only through its own hooks, never from the host's file
        // system (REALMS-DESIGN C.4): an extension's import hook gives the promise of the
        // namespace, which the import() promise follows.
        if vm.heap.get(realm).parent.is_some() {
            if ty != ModuleType::JavaScript {
                return Err(vm.type_error(format!(
                    "Cannot import '{spec}': compartments load only JavaScript modules"
                )));
            }
            if let Some(p) = vm.host_import_in_compartment(realm, &spec, referrer)? {
                return Ok(Err(p));
            }
            return Err(vm.type_error(format!(
                "Cannot import '{spec}': this compartment has no module hooks"
            )));
        }
        let path = resolve_path(referrer, &spec).display().to_string();
        load(vm, realm, &path, None, ty).map(Ok)
    });
    match loaded {
        Ok(Err(p)) => {
            let resolve = cap.resolve(vm);
            ops::call(vm, resolve, Value::Undefined, &[p])?;
        }
        Err(_) => {
            // IfAbruptRejectPromise / ContinueDynamicImport step 1: reject.
            let e = vm.take_exception();
            let reject = cap.reject(vm);
            ops::call(vm, reject, Value::Undefined, &[e])?;
        }
        Ok(Ok(m)) => {
            // ContinueDynamicImport steps 2-9: the loading promise is already fulfilled, so
            // linkAndEvaluate runs as its reaction job.
            let (resolve, reject) = (cap.resolve(vm), cap.reject(vm));
            let link_and_evaluate = closure(
                vm,
                NativeId::DynamicImportLinkAndEvaluate,
                0,
                vec![m, resolve, reject, Value::Boolean(deferred)],
            );
            vm.agent
                .jobs
                .push_back((Value::Object(link_and_evaluate), Value::Undefined));
        }
    }
    let p = cap.promise(vm);
    cap.release(vm);
    Ok(p)
}

/// `import.source(specifier)`: EvaluateImportCall(specifier, ~source~). The module is loaded
/// (HostLoadImportedModule) and then asked for its module source (ContinueDynamicImport step
/// 2: GetModuleSource). A Source Text Module Record's GetModuleSource throws a SyntaxError, so
/// for those the promise rejects (with the loading error, or with that SyntaxError); the
/// test262 host's `<module source>` module has a module source, which it resolves to.
/// <https://tc39.es/proposal-source-phase-imports/#sec-evaluate-import-call>
pub fn dynamic_import_source(vm: &mut Vm, specifier: Value, referrer: &str) -> JsResult {
    let active = referrer_of(vm, referrer);
    let referrer = active.as_str();
    let promise_ctor = Value::Object(vm.intrinsic(crate::realm::Intrinsic::Promise));
    // 5. NewPromiseCapability(%Promise%).
    let cap = crate::builtins::promise::new_promise_capability(vm, promise_ctor)?;
    // 6-7. ToString(specifier); an abrupt completion rejects.
    let result: JsResult = ops::to_rust_string(vm, specifier).and_then(|spec| {
        let realm = vm.current_realm();
        if vm.heap.get(realm).parent.is_some() {
            return Err(vm.type_error(format!(
                "Cannot import '{spec}': this compartment has no module hooks"
            )));
        }
        // 9. HostLoadImportedModule, then GetModuleSource() of the loaded module.
        let path = Loader::Files.resolve(vm, referrer, &spec)?;
        let m = load(vm, realm, &path, None, ModuleType::JavaScript)?;
        match data(vm, m).module_source {
            source @ Value::Object(_) => Ok(source),
            _ => Err(vm.throw_error(
                ErrorKind::SyntaxError,
                format!("'{spec}' is a JavaScript module, which has no module source to import"),
            )),
        }
    });
    if let Ok(source) = result {
        let resolve = cap.resolve(vm);
        ops::call(vm, resolve, Value::Undefined, &[source])?;
    } else {
        let e = vm.take_exception();
        let reject = cap.reject(vm);
        ops::call(vm, reject, Value::Undefined, &[e])?;
    }
    let p = cap.promise(vm);
    cap.release(vm);
    Ok(p)
}

/// The linkAndEvaluateClosure of ContinueDynamicImport: links and evaluates the module, and
/// settles the import() promise when its evaluation promise settles.
/// <https://tc39.es/ecma262/#sec-ContinueDynamicImport>
pub fn dynamic_import_link_and_evaluate(vm: &mut Vm, args: crate::Args) -> JsResult {
    let f = args.callee(vm);
    let slots = match &vm.heap.get(f).kind {
        ObjectKind::Native(n) if n.slots.len() == 4 => n.slots.to_vec(),
        _ => return Ok(Value::Undefined),
    };
    let (m, resolve, reject) = (slots[0], slots[1], slots[2]);
    let deferred = slots[3] == Value::Boolean(true);
    let slot = vm.root(m);
    vm.root(resolve);
    vm.root(reject);
    // 9.a-b. Link(); an abrupt completion rejects.
    if link(vm, m).is_err() {
        let e = vm.take_exception();
        let reject = vm.rooted(slot + 2);
        vm.unroot(slot);
        ops::call(vm, reject, Value::Undefined, &[e])?;
        return Ok(Value::Undefined);
    }
    if deferred {
        return continue_deferred_import(vm, slot);
    }
    // 9.c. Evaluate().
    let m = vm.rooted(slot);
    let evaluated = match evaluate(vm, m) {
        Ok(Value::Object(p)) => p,
        _ => {
            let e = vm.take_exception();
            let reject = vm.rooted(slot + 2);
            vm.unroot(slot);
            ops::call(vm, reject, Value::Undefined, &[e])?;
            return Ok(Value::Undefined);
        }
    };
    let p = vm.root(Value::Object(evaluated));
    // 9.d-f. onFulfilled resolves with the namespace; onRejected rejects.
    let (m, resolve) = (vm.rooted(slot), vm.rooted(slot + 1));
    let on_fulfilled = closure(vm, NativeId::DynamicImportFulfilled, 0, vec![m, resolve]);
    let reject = vm.rooted(slot + 2);
    let on_rejected = closure(vm, NativeId::DynamicImportRejected, 1, vec![reject]);
    let Value::Object(evaluated) = vm.rooted(p) else {
        unreachable!()
    };
    vm.unroot(slot);
    crate::builtins::promise::perform_promise_then(
        vm,
        evaluated,
        Value::Object(on_fulfilled),
        Value::Object(on_rejected),
        None,
    );
    Ok(Value::Undefined)
}

/// ContinueDynamicImport for phase defer, after linking (module, resolve and reject in root
/// slots from `slot` on): only the module's asynchronous transitive dependencies are
/// evaluated; once they are, the promise resolves with the deferred namespace.
/// <https://tc39.es/proposal-defer-import-eval/#sec-ContinueDynamicImport>
pub(super) fn continue_deferred_import(vm: &mut Vm, slot: usize) -> JsResult {
    let m = vm.rooted(slot);
    let id = data(vm, m).id;
    // a. Let evaluationList be GatherAsynchronousTransitiveDependencies(module).
    let list = gather_asynchronous_transitive_dependencies(vm, id, &mut Vec::new());
    // c-d. Evaluate() each; their promises, in root slots.
    let promises = vm.roots.len();
    for dep in list {
        let dep = rec(vm, dep);
        match evaluate(vm, dep) {
            Ok(p) => {
                vm.root(p);
            }
            Err(_) => {
                let e = vm.take_exception();
                let reject = vm.rooted(slot + 2);
                vm.unroot(slot);
                ops::call(vm, reject, Value::Undefined, &[e])?;
                return Ok(Value::Undefined);
            }
        }
    }
    let list = vm.roots[promises..].to_vec();
    let list = Value::Object(ops::create_array_from_list(vm, &list));
    // b, e-h. When every promise is fulfilled (at once if there are none), resolve with
    // GetModuleNamespace(module, defer); the first rejection rejects.
    let (m, resolve, reject) = (vm.rooted(slot), vm.rooted(slot + 1), vm.rooted(slot + 2));
    let step = closure(
        vm,
        NativeId::DynamicImportDeferStep,
        0,
        vec![m, resolve, reject, list, Value::Number(0.0)],
    );
    vm.unroot(slot);
    ops::call(vm, Value::Object(step), Value::Undefined, &[])?;
    Ok(Value::Undefined)
}

/// One step of a deferred `import()`: waits for the evaluation promise at the closure's index
/// (with PerformPromiseThen, which calls no `then` property), then for the next one; after the
/// last, resolves with the deferred namespace.
pub fn dynamic_import_defer_step(vm: &mut Vm, args: crate::Args) -> JsResult {
    let f = args.callee(vm);
    let slots = match &vm.heap.get(f).kind {
        ObjectKind::Native(n) if n.slots.len() == 5 => n.slots.to_vec(),
        _ => return Ok(Value::Undefined),
    };
    let (m, resolve, reject, list) = (slots[0], slots[1], slots[2], slots[3]);
    let index = match slots[4] {
        Value::Number(n) => n as usize,
        _ => 0,
    };
    let next = match list {
        Value::Object(l) => vm.heap.get(l).elements.get(index).copied(),
        _ => None,
    };
    match next {
        Some(Value::Object(p)) if matches!(vm.heap.get(p).kind, ObjectKind::Promise(_)) => {
            let step = closure(
                vm,
                NativeId::DynamicImportDeferStep,
                0,
                vec![m, resolve, reject, list, Value::Number(index as f64 + 1.0)],
            );
            let on_rejected = closure(vm, NativeId::DynamicImportRejected, 1, vec![reject]);
            crate::builtins::promise::perform_promise_then(
                vm,
                p,
                Value::Object(step),
                Value::Object(on_rejected),
                None,
            );
        }
        _ => {
            let slot = vm.root(resolve);
            let ns = get_module_namespace(vm, m, true);
            let resolve = vm.rooted(slot);
            vm.unroot(slot);
            ops::call(vm, resolve, Value::Undefined, &[ns])?;
        }
    }
    Ok(Value::Undefined)
}

/// The fulfilledClosure of ContinueDynamicImport: resolves with GetModuleNamespace(module).
pub fn dynamic_import_fulfilled(vm: &mut Vm, args: crate::Args) -> JsResult {
    let f = args.callee(vm);
    let (m, resolve) = match &vm.heap.get(f).kind {
        ObjectKind::Native(n) if n.slots.len() == 2 => (n.slots[0], n.slots[1]),
        _ => return Ok(Value::Undefined),
    };
    let slot = vm.root(resolve);
    let ns = namespace(vm, m);
    let resolve = vm.rooted(slot);
    vm.unroot(slot);
    ops::call(vm, resolve, Value::Undefined, &[ns])?;
    Ok(Value::Undefined)
}

/// The rejectedClosure of ContinueDynamicImport: rejects with the reason.
pub fn dynamic_import_rejected(vm: &mut Vm, args: crate::Args) -> JsResult {
    let f = args.callee(vm);
    let reject = match &vm.heap.get(f).kind {
        ObjectKind::Native(n) if n.slots.len() == 1 => n.slots[0],
        _ => return Ok(Value::Undefined),
    };
    let reason = args.get(vm, 0);
    ops::call(vm, reject, Value::Undefined, &[reason])?;
    Ok(Value::Undefined)
}

/// The module record of a module environment.
pub fn record_of_env(vm: &Vm, env: Handle<Env>) -> Value {
    vm.heap.get(env).names
}

/// The module record owning `env`, which `LdaImport` and `LdaImportMeta` name by depth. The
/// compiler emits them only in module code, where the environment at that depth is the
/// module's; bytecode from a corrupt heap image can name any environment, and that is an
/// error, not a panic (as `env_at`'s depth).
fn module_of_env(vm: &mut Vm, env: Handle<Env>) -> JsResult<Value> {
    let m = record_of_env(vm, env);
    match m {
        Value::Object(o) if matches!(vm.heap.get(o).kind, ObjectKind::Module(_)) => Ok(m),
        _ => Err(vm.type_error("internal error: not a module environment")),
    }
}

/// `LdaImport`: the value of import binding `index` of the module owning `env`.
pub fn load_import(vm: &mut Vm, env: Handle<Env>, index: u32) -> JsResult {
    let m = module_of_env(vm, env)?;
    // In range for compiled code; checked for bytecode from a corrupt image (`module_of_env`).
    let value = data(vm, m)
        .import_bindings
        .get(index as usize)
        .and_then(|&(target, slot)| vm.heap.get(target).slots.get(slot as usize).copied());
    value.ok_or_else(|| vm.type_error("internal error: import binding out of range"))
}

/// `import.meta`: an ordinary object with a null prototype, created on first use
/// (HostGetImportMetaProperties / HostFinalizeImportMeta: a compartment's `importMetaHook`
/// fills it through its extension).
/// <https://tc39.es/ecma262/#sec-meta-properties-runtime-semantics-evaluation>
pub fn import_meta(vm: &mut Vm, env: Handle<Env>) -> JsResult {
    let m = module_of_env(vm, env)?;
    if let meta @ Value::Object(_) = data(vm, m).meta {
        return Ok(meta);
    }
    let o = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
    data_mut(vm, m).meta = Value::Object(o);
    let (realm, path) = {
        let d = data(vm, m);
        (d.realm, d.path)
    };
    if vm.heap.get(realm).parent.is_some() {
        let slot = vm.root(Value::Object(o));
        let r = vm.host_finalize_import_meta(realm, Value::String(path), o);
        let o = vm.rooted(slot);
        vm.unroot(slot);
        r?;
        return Ok(o);
    }
    Ok(Value::Object(o))
}
