//! Module loading in compartments: the module options of `new Compartment`, `import`,
//! `importNow`, `load`, `module`, `import()` and `import.meta` in compartment code, and
//! `ModuleSource`. Behaviour reference: REALMS-DESIGN.md C.4, C.5 (and
//! `../shared/spec/compartments/`, SES `docs/reference.md`, XS `documentation/xs/Compartment.md`).
//!
//! Each compartment record keeps a **loader state** (a host object in its `[[CompartmentLoader]]`
//! extension slot): the `modules` map, the hooks, and a private cache of the descriptors it
//! has been given (specifier → descriptor), so every hook is asked about a specifier once.
//! Module *records* live in the agent's module map like every other module, keyed by the full
//! specifier and the compartment's record, so each compartment has its own instances.
//!
//! Loading has two halves:
//! - **Fetching** (`import`, `load`, `import()`): asynchronous. Starting from the specifier, each
//!   module's descriptor is found in the cache, in `modules`, from `moduleMapHook`, or from the
//!   asynchronous `importHook` (its result is awaited); a source's requests are resolved with
//!   `resolveHook(request, referrer)` and fetched in turn, until nothing is pending.
//! - **Linking** (`importNow`, `module`, and the end of `import`): synchronous, through
//!   `amber_vm::module::load_with_host`: the VM asks this crate's [`CompartmentHost`] for each
//!   module; it answers from the cache, `modules` or `moduleMapHook`, else the synchronous
//!   `importNowHook`. Then Link() and Evaluate().
//!
//! Descriptors (C.4): a `ModuleSource`; `{source: ModuleSource | string | virtual source}`;
//! a virtual source itself; `{namespace: specifier, compartment}` (that compartment's instance,
//! shared); `{namespace: moduleNamespace}` (that instance); `{namespace: object}` (a virtual
//! namespace whose exports are the object's own enumerable properties, read once).
//!
//! A `ModuleSource` is parsed and compiled once, by its constructor, into a module template
//! (`amber_vm::module::compile_template`); every compartment that loads it, under any
//! specifier and through any descriptor or hook, makes a new instance of the template (its own
//! environment and state, the template's code). A string source is compiled for each instance.
//!
//! Virtual module sources (both shapes, C.4 DECISION) become generated module text
//! ([`virtual_source`]) whose body calls `execute`; what `execute` returns, if it is a
//! thenable, is the module's completion (a dynamic [[HasTLA]], `module::complete_with`): its
//! evaluation and its importers wait for it, and a rejection rejects the import.
//!
//! DECISIONs recorded here (REALMS-DESIGN leaves them open): without a `resolveHook`, a
//! specifier starting with `./` or `../` resolves against the referrer's specifier like a URL
//! path, and any other specifier is used as it is; a module that no map or hook supplies is a
//! TypeError "Cannot find module"; `import()` of a JSON module in a compartment is a TypeError.

use crate::compartment::{loader_state_of, this_compartment, EXTENSION, LOADER, MODULE_SOURCE};
use amber_heap::{Handle, HostData, Object, ObjectKind, Realm, Value};
use amber_vm::builtins::{self, native_function, promise};
use amber_vm::module::{self, Fetched, ModuleHost};
use amber_vm::{interp, ops, Args, ErrorKind, Intrinsic, JsResult, Vm};
use std::cell::Cell;

use crate::compartment::Native;

/// Loader-state slots.
const S_MODULES: usize = 0;
const S_RESOLVE: usize = 1;
const S_IMPORT: usize = 2;
const S_IMPORT_NOW: usize = 3;
const S_MAP: usize = 4;
const S_META: usize = 5;
const S_CACHE: usize = 6;
const S_COMPARTMENT: usize = 7;
const S_COUNT: usize = 8;

/// The prefix of the internal request by which a virtual module source's generated module
/// reaches its `execute` (never resolved by `resolveHook`, never offered to a hook).
const VIRTUAL_PREFIX: &str = "\u{0}amber-virtual:";

fn id(vm: &Vm, n: Native) -> amber_vm::natives::NativeRef {
    vm.extension_native(&EXTENSION, n as u32)
}

/// Reads the module options of a Compartment and makes the loader state of `record`
/// (`options` is the options bag, or, in the legacy positional form, an object holding just
/// `modules`). Hooks must be callable; `modules` an object. XS's `loadHook`/`loadNowHook`
/// are the same as `importHook`/`importNowHook`.
pub fn create_loader_state(
    vm: &mut Vm,
    record: Handle<Realm>,
    options: Value,
    modules: Value,
) -> JsResult<()> {
    let base = vm.roots.len();
    vm.root(options);
    let mut values = vec![Value::Undefined; S_COUNT];
    let first = vm.roots.len();
    for _ in 0..S_COUNT {
        vm.root(Value::Undefined);
    }
    vm.roots[first + S_MODULES] = modules;
    let record_slot = vm.root_realm(record);
    let result = (|| -> JsResult<()> {
        if let Value::Object(_) = vm.rooted(base) {
            for (name, alt, slot) in [
                ("modules", None, S_MODULES),
                ("resolveHook", None, S_RESOLVE),
                ("importHook", Some("loadHook"), S_IMPORT),
                ("importNowHook", Some("loadNowHook"), S_IMPORT_NOW),
                ("moduleMapHook", None, S_MAP),
                ("importMetaHook", None, S_META),
            ] {
                let Value::Object(o) = vm.rooted(base) else {
                    unreachable!()
                };
                let mut v = ops::get_str(vm, o, name)?;
                if v.is_undefined() {
                    if let Some(alt) = alt {
                        let Value::Object(o) = vm.rooted(base) else {
                            unreachable!()
                        };
                        v = ops::get_str(vm, o, alt)?;
                    }
                }
                if v.is_undefined() {
                    continue;
                }
                if slot == S_MODULES {
                    if !matches!(v, Value::Object(_)) {
                        return Err(vm.type_error("Compartment: 'modules' must be an object"));
                    }
                } else if !ops::is_callable(vm, v) {
                    return Err(vm.type_error(format!("Compartment: '{name}' must be a function")));
                }
                vm.roots[first + slot] = v;
            }
        } else if !matches!(
            vm.rooted(first + S_MODULES),
            Value::Undefined | Value::Object(_)
        ) {
            return Err(vm.type_error("Compartment: 'modules' must be an object"));
        }
        let cache = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
        for (i, v) in values.iter_mut().enumerate() {
            *v = vm.rooted(first + i);
        }
        values[S_CACHE] = Value::Object(cache);
        let record = vm.rooted_realm(record_slot);
        let brand = id(vm, Native::Import).0;
        let state = vm.heap.alloc(Object::new(
            None,
            ObjectKind::Host(Box::new(HostData {
                brand,
                realm: Some(record),
                slots: values.clone(),
            })),
        ));
        interp::in_realm(vm, record, |vm| {
            vm.set_extension_slot(&EXTENSION, LOADER, Value::Object(state))
        });
        Ok(())
    })();
    vm.unroot_realms(record_slot);
    vm.unroot(base);
    result
}

/// Records the Compartment object of `record` in its loader state (for virtual module
/// sources' `execute(exports, compartment, resolvedImports)`).
pub fn set_loader_compartment(vm: &mut Vm, record: Handle<Realm>, compartment: Handle<Object>) {
    if let Value::Object(state) = loader_state_of(vm, record) {
        if let ObjectKind::Host(h) = &mut vm.heap.get_mut(state).kind {
            if let Some(s) = h.slots.get_mut(S_COMPARTMENT) {
                *s = Value::Object(compartment);
            }
        }
    }
}

/// Slot `i` of a loader state.
fn state_slot(vm: &Vm, state: Value, i: usize) -> Value {
    match state {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::Host(h) => h.slots.get(i).copied().unwrap_or(Value::Undefined),
            _ => Value::Undefined,
        },
        _ => Value::Undefined,
    }
}

/// The compartment record a loader state belongs to.
fn state_record(vm: &Vm, state: Value) -> Option<Handle<Realm>> {
    match state {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::Host(h) => h.realm,
            _ => None,
        },
        _ => None,
    }
}

// --- resolving and finding descriptors ----------------------------------------------------------

/// The default resolution (no `resolveHook`): `./x` and `../x` relative to the referrer's
/// specifier, as URL paths are; anything else as it is.
fn resolve_default(request: &str, referrer: &str) -> String {
    if !(request.starts_with("./") || request.starts_with("../")) {
        return request.to_string();
    }
    let mut parts: Vec<&str> = referrer.split('/').collect();
    parts.pop();
    for part in request.split('/') {
        match part {
            "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The full specifier of `request` imported by `referrer`: `resolveHook(request, referrer)`,
/// which must return a string.
fn resolve(
    vm: &mut Vm,
    state_slot_index: usize,
    request: &str,
    referrer: &str,
) -> JsResult<String> {
    if request.starts_with(VIRTUAL_PREFIX) {
        return Ok(request.to_string());
    }
    let hook = state_slot(vm, vm.rooted(state_slot_index), S_RESOLVE);
    if hook.is_undefined() {
        return Ok(resolve_default(request, referrer));
    }
    let (a, b) = (vm.string_from(request), vm.string_from(referrer));
    match ops::call(vm, hook, Value::Undefined, &[a, b])? {
        Value::String(s) => Ok(vm.rust_string(s)),
        _ => Err(vm.type_error(format!(
            "Compartment: resolveHook must return a string (resolving '{request}' from '{referrer}')"
        ))),
    }
}

/// The descriptor of `specifier` that needs no asynchronous hook: from the cache, then
/// `modules`, then `moduleMapHook`; `None` if none of them has it. A new one is cached.
fn sync_descriptor(vm: &mut Vm, state: usize, specifier: &str) -> JsResult<Option<Value>> {
    let key = vm.key(specifier);
    let Value::Object(cache) = state_slot(vm, vm.rooted(state), S_CACHE) else {
        return Ok(None);
    };
    if let Some(p) = vm.heap.get_property(cache, key) {
        return Ok(Some(p.value));
    }
    if let Value::Object(modules) = state_slot(vm, vm.rooted(state), S_MODULES) {
        if ops::has_own_property(vm, modules, key)? {
            let Value::Object(modules) = state_slot(vm, vm.rooted(state), S_MODULES) else {
                unreachable!()
            };
            let d = ops::get(vm, modules, key)?;
            cache_descriptor(vm, state, specifier, d);
            return Ok(Some(d));
        }
    }
    let hook = state_slot(vm, vm.rooted(state), S_MAP);
    if !hook.is_undefined() {
        let s = vm.string_from(specifier);
        let d = ops::call(vm, hook, Value::Undefined, &[s])?;
        if !d.is_undefined() {
            cache_descriptor(vm, state, specifier, d);
            return Ok(Some(d));
        }
    }
    Ok(None)
}

/// Remembers the descriptor given for `specifier` (the cache is never exposed).
fn cache_descriptor(vm: &mut Vm, state: usize, specifier: &str, d: Value) {
    let slot = vm.root(d);
    let key = vm.key(specifier);
    let d = vm.rooted(slot);
    vm.unroot(slot);
    if let Value::Object(cache) = state_slot(vm, vm.rooted(state), S_CACHE) {
        if vm.heap.get_property(cache, key).is_none() {
            builtins::add(vm, cache, key, d, amber_heap::attrs::WRITABLE);
        }
    }
}

/// The descriptor of `specifier` for synchronous loading: [`sync_descriptor`], else
/// `importNowHook(specifier)`, else a TypeError.
fn descriptor_now(vm: &mut Vm, state: usize, specifier: &str) -> JsResult {
    if let Some(d) = sync_descriptor(vm, state, specifier)? {
        return Ok(d);
    }
    let hook = state_slot(vm, vm.rooted(state), S_IMPORT_NOW);
    if hook.is_undefined() {
        return Err(vm.type_error(format!(
            "Cannot find module '{specifier}': it is not in the compartment's modules, and there is no importNowHook"
        )));
    }
    let s = vm.string_from(specifier);
    let d = ops::call(vm, hook, Value::Undefined, &[s])?;
    if d.is_undefined() {
        return Err(vm.type_error(format!(
            "Cannot find module '{specifier}': importNowHook returned undefined"
        )));
    }
    cache_descriptor(vm, state, specifier, d);
    Ok(d)
}

/// The text of a `ModuleSource`, if `v` is one.
pub fn module_source_text(vm: &Vm, v: Value) -> Option<Value> {
    let brand = id(vm, Native::ModuleSource).0;
    match v {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::Host(h) if h.brand == brand => h.slots.first().copied(),
            _ => None,
        },
        _ => None,
    }
}

/// The compiled module template of a `ModuleSource` (its last slot), if `v` is one.
pub fn module_source_template(vm: &Vm, v: Value) -> Option<Value> {
    let brand = id(vm, Native::ModuleSource).0;
    match v {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::Host(h) if h.brand == brand => h
                .slots
                .last()
                .copied()
                .filter(|&t| module::is_template(vm, t)),
            _ => None,
        },
        _ => None,
    }
}

/// What a descriptor stands for.
enum Descriptor {
    /// A `ModuleSource`: each loading compartment makes an instance of its compiled template.
    Compiled(Value),
    /// Source text to instantiate in the loading compartment.
    Source(String),
    /// The module text generated for a virtual module source ([`virtual_source`]).
    VirtualSource(String),
    /// An existing module instance.
    Record(Value),
    /// The instance of `specifier` in the compartment whose loader state is this value.
    Alias(Value, String),
    /// A virtual namespace object.
    Virtual(Value),
}

/// Interprets a module descriptor (C.4).
fn interpret(vm: &mut Vm, state: usize, specifier: &str, d: Value) -> JsResult<Descriptor> {
    if let Some(t) = module_source_template(vm, d) {
        return Ok(Descriptor::Compiled(t));
    }
    if let Some(m) = module::module_of_namespace(vm, d) {
        return Ok(Descriptor::Record(m));
    }
    let Value::Object(o) = d else {
        return Err(vm.type_error(format!(
            "Cannot load module '{specifier}': a module descriptor must be an object"
        )));
    };
    let slot = vm.root(d);
    let result = (|| {
        let key = vm.key("source");
        if amber_vm::object::has_property(vm, o, key)? {
            let Value::Object(o) = vm.rooted(slot) else {
                unreachable!()
            };
            let source = ops::get(vm, o, key)?;
            if let Some(t) = module_source_template(vm, source) {
                return Ok(Descriptor::Compiled(t));
            }
            if let Value::String(s) = source {
                return Ok(Descriptor::Source(vm.rust_string(s)));
            }
            if is_virtual_source(vm, source)? {
                return virtual_source(vm, state, specifier, source).map(Descriptor::VirtualSource);
            }
            return Err(vm.type_error(format!(
                "Cannot load module '{specifier}': 'source' must be a ModuleSource, a string or a virtual module source"
            )));
        }
        // A virtual module source given as the descriptor itself.
        if is_virtual_source(vm, vm.rooted(slot))? {
            return virtual_source(vm, state, specifier, vm.rooted(slot))
                .map(Descriptor::VirtualSource);
        }
        let Value::Object(o) = vm.rooted(slot) else {
            unreachable!()
        };
        let key = vm.key("namespace");
        if amber_vm::object::has_property(vm, o, key)? {
            let Value::Object(o) = vm.rooted(slot) else {
                unreachable!()
            };
            let ns = ops::get(vm, o, key)?;
            if let Some(m) = module::module_of_namespace(vm, ns) {
                return Ok(Descriptor::Record(m));
            }
            match ns {
                Value::String(s) => {
                    let name = vm.rust_string(s);
                    let ns_slot = vm.root(ns);
                    let Value::Object(o) = vm.rooted(slot) else {
                        unreachable!()
                    };
                    let c = ops::get_str(vm, o, "compartment")?;
                    vm.unroot(ns_slot);
                    let other = if c.is_undefined() {
                        vm.rooted(state)
                    } else {
                        let record = this_compartment(vm, c, "import")
                            .map_err(|_| vm.type_error(format!(
                                "Cannot load module '{specifier}': 'compartment' must be a Compartment"
                            )))?;
                        loader_state_of(vm, record)
                    };
                    return Ok(Descriptor::Alias(other, name));
                }
                Value::Object(_) => return Ok(Descriptor::Virtual(ns)),
                _ => {
                    return Err(vm.type_error(format!(
                        "Cannot load module '{specifier}': 'namespace' must be a specifier, a module namespace or an object"
                    )))
                }
            }
        }
        Err(vm.type_error(format!(
            "Cannot load module '{specifier}': the descriptor has neither 'source' nor 'namespace'"
        )))
    })();
    vm.unroot(slot);
    result
}

// --- virtual module sources ------------------------------------------------------------------

/// Is `v` a virtual module source: an object (not a ModuleSource) with a callable `execute`?
fn is_virtual_source(vm: &mut Vm, v: Value) -> JsResult<bool> {
    let Value::Object(o) = v else {
        return Ok(false);
    };
    if module_source_text(vm, v).is_some() || module::module_of_namespace(vm, v).is_some() {
        return Ok(false);
    }
    let slot = vm.root(v);
    let execute = ops::get_str(vm, o, "execute");
    vm.unroot(slot);
    Ok(ops::is_callable(vm, execute?))
}

/// A JavaScript string literal for `s`.
fn js_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `o[name]` as a list of strings (`undefined`: empty); anything else is a TypeError.
fn string_list(vm: &mut Vm, o: usize, name: &str, specifier: &str) -> JsResult<Vec<String>> {
    let Value::Object(obj) = vm.rooted(o) else {
        return Ok(Vec::new());
    };
    let v = ops::get_str(vm, obj, name)?;
    if v.is_undefined() {
        return Ok(Vec::new());
    }
    let list = ops::create_list_from_array_like(vm, v)?;
    let mut out = Vec::with_capacity(list.len());
    for v in list {
        match v {
            Value::String(s) => out.push(vm.rust_string(s)),
            _ => {
                return Err(vm.type_error(format!(
                "Cannot load module '{specifier}': the virtual source's '{name}' must list strings"
            )))
            }
        }
    }
    Ok(out)
}

/// Field `name` of the binding in root slot `b`, as a string, or `None` when undefined.
fn opt_string(vm: &mut Vm, b: usize, name: &str) -> JsResult<Option<String>> {
    let Value::Object(o) = vm.rooted(b) else {
        return Ok(None);
    };
    match ops::get_str(vm, o, name)? {
        Value::Undefined => Ok(None),
        Value::String(s) => Ok(Some(vm.rust_string(s))),
        _ => Err(vm.type_error(format!(
            "a virtual module source binding's '{name}' must be a string"
        ))),
    }
}

/// The module text that stands for a virtual module source (C.4 DECISION: both shapes).
/// The generated module imports what the source declares, declares its exports as module
/// bindings, and calls `execute` once, at evaluation:
/// - SES `{imports, exports, reexports, execute}`: `execute(exportsTarget, compartment,
///   resolvedImports)`, where assigning `exportsTarget[name]` sets export `name` and
///   `resolvedImports` maps each import to its full specifier (for `compartment.importNow`);
/// - XS `{bindings, needsImport, needsImportMeta, execute}`: `execute($, Import, ImportMeta)`,
///   where `$` reads the imported bindings and reads and writes the local exports, `Import`
///   is `import()` of the module and `ImportMeta` its `import.meta`.
///
/// `execute` itself is reached through an internal request whose module exports a record of
/// `{execute, compartment, resolvedImports}`: generated code uses no global.
fn virtual_source(vm: &mut Vm, state: usize, specifier: &str, vs: Value) -> JsResult<String> {
    let base = vm.root(vs);
    let resolved = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
    vm.root(Value::Object(resolved));
    let r = virtual_source_rooted(vm, state, specifier, base, base + 1);
    vm.unroot(base);
    r
}

fn virtual_source_rooted(
    vm: &mut Vm,
    state: usize,
    specifier: &str,
    vs: usize,
    resolved_slot: usize,
) -> JsResult<String> {
    let internal = format!("{VIRTUAL_PREFIX}{specifier}");
    let mut text = format!("import __v from {};\n", js_str(&internal));
    let mut target = String::from("const __t = { __proto__: null");
    let Value::Object(o) = vm.rooted(vs) else {
        unreachable!()
    };
    let bindings = ops::get_str(vm, o, "bindings")?;
    let call = if bindings.is_undefined() {
        // SES shape.
        for request in string_list(vm, vs, "imports", specifier)? {
            text.push_str(&format!("import {};\n", js_str(&request)));
            let full = resolve(vm, state, &request, specifier)?;
            let v = vm.string_from(&full);
            let v_slot = vm.root(v);
            let k = vm.key(&request);
            let v = vm.rooted(v_slot);
            vm.unroot(v_slot);
            if let Value::Object(r) = vm.rooted(resolved_slot) {
                if vm.heap.get_property(r, k).is_none() {
                    builtins::add(vm, r, k, v, amber_heap::attrs::ENUMERABLE);
                }
            }
        }
        for request in string_list(vm, vs, "reexports", specifier)? {
            text.push_str(&format!("export * from {};\n", js_str(&request)));
        }
        for (i, name) in string_list(vm, vs, "exports", specifier)?
            .iter()
            .enumerate()
        {
            let n = js_str(name);
            text.push_str(&format!("let __e{i}; export {{ __e{i} as {n} }};\n"));
            target.push_str(&format!(
                ", get {n}() {{ return __e{i}; }}, set {n}(v) {{ __e{i} = v; }}"
            ));
        }
        "__v.complete(__x(__t, __c, __r));"
    } else {
        // XS shape.
        let list = ops::create_list_from_array_like(vm, bindings)?;
        let first = vm.roots.len();
        for v in &list {
            vm.root(*v);
        }
        let result = (|| -> JsResult<()> {
            for i in 0..list.len() {
                let b = first + i;
                if !matches!(vm.rooted(b), Value::Object(_)) {
                    return Err(vm.type_error(format!(
                        "Cannot load module '{specifier}': each of 'bindings' must be an object"
                    )));
                }
                let import = opt_string(vm, b, "import")?;
                let all_from = opt_string(vm, b, "importAllFrom")?;
                let export = opt_string(vm, b, "export")?;
                let export_all = opt_string(vm, b, "exportAllFrom")?;
                let as_ = opt_string(vm, b, "as")?;
                let from = opt_string(vm, b, "from")?;
                match (import, all_from, export, export_all, from) {
                    (Some(name), None, None, None, Some(from)) => {
                        let local = as_.unwrap_or_else(|| name.clone());
                        text.push_str(&format!(
                            "import {{ {} as __b{i} }} from {};\n",
                            js_str(&name),
                            js_str(&from)
                        ));
                        target.push_str(&format!(
                            ", get {}() {{ return __b{i}; }}",
                            js_str(&local)
                        ));
                    }
                    (None, Some(from), None, None, None) => {
                        let Some(local) = as_ else {
                            return Err(vm.type_error("an importAllFrom binding needs 'as'"));
                        };
                        text.push_str(&format!(
                            "import * as __b{i} from {};\n",
                            js_str(&from)
                        ));
                        target.push_str(&format!(
                            ", get {}() {{ return __b{i}; }}",
                            js_str(&local)
                        ));
                    }
                    (None, None, Some(name), None, Some(from)) => {
                        let exported = as_.unwrap_or_else(|| name.clone());
                        text.push_str(&format!(
                            "export {{ {} as {} }} from {};\n",
                            js_str(&name),
                            js_str(&exported),
                            js_str(&from)
                        ));
                    }
                    (None, None, Some(name), None, None) => {
                        let exported = as_.unwrap_or_else(|| name.clone());
                        let n = js_str(&name);
                        text.push_str(&format!(
                            "let __b{i}; export {{ __b{i} as {} }};\n",
                            js_str(&exported)
                        ));
                        target.push_str(&format!(
                            ", get {n}() {{ return __b{i}; }}, set {n}(v) {{ __b{i} = v; }}"
                        ));
                    }
                    (None, None, None, Some(from), None) => match as_ {
                        Some(ns) => text.push_str(&format!(
                            "export * as {} from {};\n",
                            js_str(&ns),
                            js_str(&from)
                        )),
                        None => text.push_str(&format!("export * from {};\n", js_str(&from))),
                    },
                    _ => {
                        return Err(vm.type_error(format!(
                            "Cannot load module '{specifier}': binding {i} is not one of the XS binding forms"
                        )))
                    }
                }
            }
            Ok(())
        })();
        vm.unroot(first);
        result?;
        let Value::Object(o) = vm.rooted(vs) else {
            unreachable!()
        };
        let v = ops::get_str(vm, o, "needsImport")?;
        let needs_import = ops::to_boolean(vm, v);
        let Value::Object(o) = vm.rooted(vs) else {
            unreachable!()
        };
        let v = ops::get_str(vm, o, "needsImportMeta")?;
        let needs_meta = ops::to_boolean(vm, v);
        match (needs_import, needs_meta) {
            (true, true) => "__v.complete(__x(__t, (s) => import(s), import.meta));",
            (true, false) => "__v.complete(__x(__t, (s) => import(s)));",
            (false, true) => "__v.complete(__x(__t, undefined, import.meta));",
            (false, false) => "__v.complete(__x(__t));",
        }
    };
    target.push_str(" };\n");
    text.push_str(&target);
    text.push_str("__v.seal(__t);\n");
    text.push_str("const { execute: __x, compartment: __c, resolvedImports: __r } = __v;\n");
    text.push_str(call);
    // The record `execute` is reached through.
    let Value::Object(o) = vm.rooted(vs) else {
        unreachable!()
    };
    let execute = ops::get_str(vm, o, "execute")?;
    let ex_slot = vm.root(execute);
    let (ek, ck, rk, dk) = (
        vm.key("execute"),
        vm.key("compartment"),
        vm.key("resolvedImports"),
        vm.key("complete"),
    );
    let complete = native_function(vm, id(vm, Native::VirtualComplete), "complete", 1, false);
    let complete_slot = vm.root(Value::Object(complete));
    let seal = native_function(vm, id(vm, Native::VirtualSeal), "seal", 1, false);
    vm.root(Value::Object(seal));
    let sk = vm.key("seal");
    let record = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
    let compartment = state_slot(vm, vm.rooted(state), S_COMPARTMENT);
    let execute = vm.rooted(ex_slot);
    let resolved = vm.rooted(resolved_slot);
    let complete = vm.rooted(complete_slot);
    let seal = vm.rooted(complete_slot + 1);
    vm.unroot(ex_slot);
    builtins::add(vm, record, dk, complete, 0);
    builtins::add(vm, record, sk, seal, 0);
    builtins::add(vm, record, ek, execute, 0);
    builtins::add(vm, record, ck, compartment, 0);
    builtins::add(vm, record, rk, resolved, 0);
    cache_descriptor(vm, state, &internal, Value::Object(record));
    Ok(text)
}

/// `complete(result)` of a virtual module source's generated module, called by its body with
/// what `execute` returned: a thenable (an async `execute`, or one that returns a promise)
/// becomes the module's completion, which its evaluation and its importers wait for; a
/// rejection is the module's evaluation error. Anything else: the module completed.
pub fn virtual_complete(vm: &mut Vm, args: Args) -> JsResult {
    let result = args.get(vm, 0);
    let Value::Object(o) = result else {
        return Ok(Value::Undefined);
    };
    let slot = vm.root(result);
    let r = (|| -> JsResult<()> {
        let then = ops::get_str(vm, o, "then")?;
        if !ops::is_callable(vm, then) {
            return Ok(());
        }
        let ctor = Value::Object(vm.intrinsic(Intrinsic::Promise));
        if let Value::Object(p) = promise::promise_resolve(vm, ctor, vm.rooted(slot))? {
            module::complete_with(vm, p)?;
        }
        Ok(())
    })();
    vm.unroot(slot);
    r.map(|()| Value::Undefined)
}

/// `seal(target)` of a virtual module source's generated module: seals the object `execute`
/// receives as `$` (XS: no properties can be created or deleted; imports are read-only, as
/// they have getters only).
pub fn virtual_seal(vm: &mut Vm, args: Args) -> JsResult {
    if let Value::Object(o) = args.get(vm, 0) {
        builtins::object::set_integrity_level(vm, o, false)?;
    }
    Ok(Value::Undefined)
}

// --- synchronous loading ----------------------------------------------------------------------

thread_local! {
    /// How deeply aliases (`{namespace, compartment}`) are being followed now: a cycle of
    /// aliases would otherwise recurse forever.
    static ALIAS_DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// The VM's module host for one compartment: its loader state is in root slot `state`.
pub struct CompartmentHost {
    state: usize,
}

impl ModuleHost for CompartmentHost {
    fn resolve(&self, vm: &mut Vm, request: &str, referrer: &str) -> JsResult<String> {
        resolve(vm, self.state, request, referrer)
    }

    fn fetch(&self, vm: &mut Vm, realm: Handle<Realm>, specifier: &str) -> JsResult<Fetched> {
        let realm_slot = vm.root_realm(realm);
        let r = self.fetch_rooted(vm, realm_slot, specifier);
        vm.unroot_realms(realm_slot);
        r
    }
}

impl CompartmentHost {
    fn fetch_rooted(&self, vm: &mut Vm, realm_slot: usize, specifier: &str) -> JsResult<Fetched> {
        if specifier.starts_with(VIRTUAL_PREFIX) {
            // The generated module of a virtual source imports its `execute` record.
            let key = vm.key(specifier);
            let v = match state_slot(vm, vm.rooted(self.state), S_CACHE) {
                Value::Object(cache) => vm.heap.get_property(cache, key).map(|p| p.value),
                _ => None,
            };
            let Some(v) = v else {
                return Err(vm.type_error("Compartment: a virtual module source was lost"));
            };
            let realm = vm.rooted_realm(realm_slot);
            let name: Vec<u16> = "default".encode_utf16().collect();
            return Ok(Fetched::Record(module::synthetic_module(
                vm,
                realm,
                specifier,
                &[(name, v)],
            )?));
        }
        let d = descriptor_now(vm, self.state, specifier)?;
        match interpret(vm, self.state, specifier, d)? {
            Descriptor::Compiled(t) => Ok(Fetched::Template(t)),
            Descriptor::Source(text) => Ok(Fetched::Source(text)),
            Descriptor::VirtualSource(text) => Ok(Fetched::Virtual(text)),
            Descriptor::Record(m) => Ok(Fetched::Record(m)),
            Descriptor::Alias(other, name) => {
                let depth = ALIAS_DEPTH.with(|d| d.get());
                if depth >= 100 {
                    return Err(vm.throw_error(
                        ErrorKind::RangeError,
                        format!("Cannot load module '{specifier}': module aliases form a cycle"),
                    ));
                }
                let Some(record) = state_record(vm, other) else {
                    return Err(vm.type_error("Compartment: no loader state"));
                };
                ALIAS_DEPTH.with(|d| d.set(depth + 1));
                let r = load_now(vm, record, other, &name);
                ALIAS_DEPTH.with(|d| d.set(depth));
                Ok(Fetched::Record(r?))
            }
            Descriptor::Virtual(ns) => {
                let slot = vm.root(ns);
                let Value::Object(o) = ns else { unreachable!() };
                let entries = builtins::object::enumerable_own_key_values(vm, o);
                vm.unroot(slot);
                let entries = entries?;
                let mut exports = Vec::new();
                for (k, v) in entries {
                    if let Value::String(k) = k {
                        exports.push((vm.heap.string_units(k).to_vec(), v));
                    }
                }
                let realm = vm.rooted_realm(realm_slot);
                Ok(Fetched::Record(module::synthetic_module(
                    vm, realm, specifier, &exports,
                )?))
            }
        }
    }
}

/// Loads (not links) `specifier` in the compartment `record` whose loader state is `state`.
fn load_now(vm: &mut Vm, record: Handle<Realm>, state: Value, specifier: &str) -> JsResult {
    let slot = vm.root(state);
    let host = CompartmentHost { state: slot };
    let r = module::load_with_host(vm, record, specifier, &host);
    vm.unroot(slot);
    r
}

/// Loads and links `specifier` in the compartment `record`.
fn load_and_link(vm: &mut Vm, record: Handle<Realm>, specifier: &str) -> JsResult {
    let state = loader_state_of(vm, record);
    let m = load_now(vm, record, state, specifier)?;
    let slot = vm.root(m);
    let r = module::link_module(vm, m);
    let m = vm.rooted(slot);
    vm.unroot(slot);
    r.map(|()| m)
}

/// `Compartment.prototype.importNow(specifier)`: loads, links and evaluates the module
/// synchronously (through `modules`, `moduleMapHook` and `importNowHook`) and returns its
/// namespace; a module that is still evaluating (top-level await) is a TypeError.
pub fn import_now(vm: &mut Vm, args: Args) -> JsResult {
    this_compartment(vm, args.this(vm), "importNow")?;
    let specifier = ops::to_rust_string(vm, args.get(vm, 0))?;
    let record = this_compartment(vm, args.this(vm), "importNow")?;
    let m = load_and_link(vm, record, &specifier)?;
    let slot = vm.root(m);
    let p = module::evaluate_module(vm, m);
    let m = vm.rooted(slot);
    vm.unroot(slot);
    match module::promise_state(vm, p?) {
        (1, _) => Ok(module::namespace(vm, m)),
        (2, e) => Err(vm.throw(e)),
        _ => Err(vm.type_error(format!(
            "Compartment.prototype.importNow: '{specifier}' evaluates asynchronously (top-level await, or a virtual source's execute returned a promise); use import()"
        ))),
    }
}

/// `Compartment.prototype.module(specifier)`: the namespace of the module, loaded and linked
/// synchronously but not evaluated (its bindings are in their TDZ until it is imported).
pub fn module_namespace(vm: &mut Vm, args: Args) -> JsResult {
    this_compartment(vm, args.this(vm), "module")?;
    let specifier = ops::to_rust_string(vm, args.get(vm, 0))?;
    let record = this_compartment(vm, args.this(vm), "module")?;
    let m = load_and_link(vm, record, &specifier)?;
    Ok(module::namespace(vm, m))
}

// --- asynchronous loading --------------------------------------------------------------------

/// Slots of a load job (an internal object's elements).
const J_STATE: usize = 0;
const J_PENDING: usize = 1;
const J_SPECIFIER: usize = 2;
const J_RESOLVE: usize = 3;
const J_REJECT: usize = 4;
const J_DONE: usize = 5;
const J_VISITED: usize = 6;
const J_IMPORT: usize = 7;

fn job_get(vm: &Vm, job: usize, i: usize) -> Value {
    match vm.rooted(job) {
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

fn job_set(vm: &mut Vm, job: usize, i: usize, v: Value) {
    if let Value::Object(o) = vm.rooted(job) {
        if let Some(e) = vm.heap.get_mut(o).elements.get_mut(i) {
            *e = v;
        }
    }
}

fn job_pending_add(vm: &mut Vm, job: usize, delta: f64) -> f64 {
    let n = match job_get(vm, job, J_PENDING) {
        Value::Number(n) => n + delta,
        _ => delta,
    };
    job_set(vm, job, J_PENDING, Value::Number(n));
    n
}

/// Starts fetching `specifier` (and its graph) in the compartment whose loader state is
/// `state`; returns a promise that settles when everything is fetched, then (if `import`)
/// linked and evaluated, with the namespace (or `undefined` for `load`).
fn start_job(vm: &mut Vm, state: Value, specifier: &str, import: bool) -> JsResult {
    let base = vm.root(state);
    let ctor = Value::Object(vm.intrinsic(Intrinsic::Promise));
    let cap = match promise::new_promise_capability(vm, ctor) {
        Ok(c) => c,
        Err(e) => {
            vm.unroot(base);
            return Err(e);
        }
    };
    let visited = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
    let spec = vm.string_from(specifier);
    let mut cell = Object::new(None, ObjectKind::Ordinary);
    cell.elements = amber_heap::Elements::from([
        vm.rooted(base),
        Value::Number(0.0),
        spec,
        cap.resolve(vm),
        cap.reject(vm),
        Value::Boolean(false),
        Value::Object(visited),
        Value::Boolean(import),
    ]);
    let cell = vm.heap.alloc(cell);
    let job = vm.root(Value::Object(cell));
    // The pending count starts at one for the root, so nothing finishes before it is fetched.
    job_pending_add(vm, job, 1.0);
    let r = fetch_async(vm, job, specifier).and_then(|()| step_done(vm, job));
    if r.is_err() {
        fail(vm, job)?;
    }
    let p = cap.promise(vm);
    vm.unroot(base);
    Ok(p)
}

/// Rejects the job's promise with the exception in flight (once).
fn fail(vm: &mut Vm, job: usize) -> JsResult<()> {
    if vm.is_terminating() {
        // A deadline or an interrupt is never turned into a rejection.
        let e = vm.take_exception();
        return Err(vm.throw(e));
    }
    let e = vm.take_exception();
    reject_once(vm, job, e)
}

/// Rejects the job's promise with `reason`, once.
fn reject_once(vm: &mut Vm, job: usize, reason: Value) -> JsResult<()> {
    if job_get(vm, job, J_DONE) == Value::Boolean(true) {
        return Ok(());
    }
    job_set(vm, job, J_DONE, Value::Boolean(true));
    let reject = job_get(vm, job, J_REJECT);
    ops::call(vm, reject, Value::Undefined, &[reason])?;
    Ok(())
}

/// The error for an `importHook` that threw or rejected with `reason` while loading
/// `specifier`: a TypeError of the compartment's realm naming the module and the cause, as
/// the SES shim does ("Failed to load module"), so the hook's own error object never crosses.
/// (Errors of the loader itself, such as a SyntaxError in the module's text, stay as they
/// are, as ECMA-262 requires of `import()`.)
fn hook_failure(vm: &mut Vm, specifier: &str, reason: Value) -> Value {
    let (name, message) = vm.describe_error(reason);
    let _ = vm.type_error(format!(
        "Cannot load module '{specifier}': importHook failed: {name}: {message}"
    ));
    vm.take_exception()
}

/// One unit of pending work is done: when nothing is pending, the graph is fetched.
fn step_done(vm: &mut Vm, job: usize) -> JsResult<()> {
    if job_pending_add(vm, job, -1.0) > 0.0 || job_get(vm, job, J_DONE) == Value::Boolean(true) {
        return Ok(());
    }
    job_set(vm, job, J_DONE, Value::Boolean(true));
    if job_get(vm, job, J_IMPORT) != Value::Boolean(true) {
        let resolve = job_get(vm, job, J_RESOLVE);
        ops::call(vm, resolve, Value::Undefined, &[Value::Undefined])?;
        return Ok(());
    }
    // Everything is fetched: link and evaluate in a job of its own, never during the call
    // that started the import (ContinueDynamicImport runs linkAndEvaluate as the reaction to
    // the loading promise, even when loading finished synchronously).
    let ctor = Value::Object(vm.intrinsic(Intrinsic::Promise));
    let loaded = promise::promise_resolve(vm, ctor, Value::Undefined)?;
    let l_slot = vm.root(loaded);
    let cell = vm.rooted(job);
    let f = closure(vm, Native::ImportLinkAndEvaluate, vec![cell]);
    let loaded = vm.rooted(l_slot);
    vm.unroot(l_slot);
    if let Value::Object(p) = loaded {
        promise::perform_promise_then(vm, p, Value::Object(f), Value::Undefined, None);
    }
    Ok(())
}

/// The linkAndEvaluate reaction of an import (slots: job): loads the fetched graph from the
/// cache, links and evaluates it; the namespace when the evaluation settles.
/// <https://tc39.es/ecma262/#sec-ContinueDynamicImport>
pub fn import_link_and_evaluate(vm: &mut Vm, args: Args) -> JsResult {
    let slots = closure_slots(vm, &args);
    let Some(&cell) = slots.first() else {
        return Ok(Value::Undefined);
    };
    let job = vm.root(cell);
    let r = link_and_evaluate(vm, job);
    vm.unroot(job);
    r.map(|()| Value::Undefined)
}

fn link_and_evaluate(vm: &mut Vm, job: usize) -> JsResult<()> {
    let Value::String(s) = job_get(vm, job, J_SPECIFIER) else {
        return Ok(());
    };
    let specifier = vm.rust_string(s);
    let state = job_get(vm, job, J_STATE);
    let Some(record) = state_record(vm, state) else {
        return Ok(());
    };
    let outcome = (|| -> JsResult<(Value, Value)> {
        let m = load_and_link(vm, record, &specifier)?;
        let slot = vm.root(m);
        let p = module::evaluate_module(vm, m);
        let m = vm.rooted(slot);
        vm.unroot(slot);
        Ok((m, p?))
    })();
    let (m, p) = match outcome {
        Ok(v) => v,
        Err(_) => {
            let e = vm.take_exception();
            let reject = job_get(vm, job, J_REJECT);
            ops::call(vm, reject, Value::Undefined, &[e])?;
            return Ok(());
        }
    };
    let slot = vm.root(p);
    let resolve = job_get(vm, job, J_RESOLVE);
    let on_fulfilled = closure(vm, Native::ImportEvaluated, vec![m, resolve]);
    let f_slot = vm.root(Value::Object(on_fulfilled));
    let reject = job_get(vm, job, J_REJECT);
    let Value::Object(p) = vm.rooted(slot) else {
        vm.unroot(slot);
        return Ok(());
    };
    let on_fulfilled = vm.rooted(f_slot);
    vm.unroot(slot);
    promise::perform_promise_then(vm, p, on_fulfilled, reject, None);
    Ok(())
}

/// A native closure of this extension with `slots`.
fn closure(vm: &mut Vm, n: Native, slots: Vec<Value>) -> Handle<Object> {
    let base = vm.roots.len();
    for v in &slots {
        vm.root(*v);
    }
    let f = native_function(vm, id(vm, n), "", 1, false);
    let slots = (0..slots.len()).map(|i| vm.rooted(base + i)).collect();
    vm.unroot(base);
    if let ObjectKind::Native(d) = &mut vm.heap.get_mut(f).kind {
        d.slots = slots;
    }
    f
}

fn closure_slots(vm: &Vm, args: &Args) -> Vec<Value> {
    match &vm.heap.get(args.callee(vm)).kind {
        ObjectKind::Native(d) => d.slots.to_vec(),
        _ => Vec::new(),
    }
}

/// Fetches `specifier` for the job, unless it already has.
fn fetch_async(vm: &mut Vm, job: usize, specifier: &str) -> JsResult<()> {
    let key = vm.key(specifier);
    let Value::Object(visited) = job_get(vm, job, J_VISITED) else {
        return Ok(());
    };
    if vm.heap.get_property(visited, key).is_some() {
        return Ok(());
    }
    builtins::add(vm, visited, key, Value::Boolean(true), 0);
    let state = vm.root(job_get(vm, job, J_STATE));
    let r = fetch_async_rooted(vm, job, state, specifier);
    vm.unroot(state);
    r
}

fn fetch_async_rooted(vm: &mut Vm, job: usize, state: usize, specifier: &str) -> JsResult<()> {
    if specifier.starts_with(VIRTUAL_PREFIX) {
        return Ok(());
    }
    if let Some(d) = sync_descriptor(vm, state, specifier)? {
        return process(vm, job, state, specifier, d);
    }
    let hook = state_slot(vm, vm.rooted(state), S_IMPORT);
    if hook.is_undefined() {
        // No asynchronous hook: the synchronous one, or a TypeError.
        let d = descriptor_now(vm, state, specifier)?;
        return process(vm, job, state, specifier, d);
    }
    // importHook(specifier): awaited.
    let s = vm.string_from(specifier);
    let r = match ops::call(vm, hook, Value::Undefined, &[s]) {
        Ok(r) => r,
        Err(t) if vm.is_terminating() => return Err(t),
        Err(_) => {
            let e = vm.take_exception();
            let e = hook_failure(vm, specifier, e);
            return Err(vm.throw(e));
        }
    };
    let ctor = Value::Object(vm.intrinsic(Intrinsic::Promise));
    let p = promise::promise_resolve(vm, ctor, r)?;
    let p_slot = vm.root(p);
    job_pending_add(vm, job, 1.0);
    let s = vm.string_from(specifier);
    let cell = vm.rooted(job);
    let on_fulfilled = closure(vm, Native::ImportHookFulfilled, vec![cell, s]);
    let f_slot = vm.root(Value::Object(on_fulfilled));
    let s = vm.string_from(specifier);
    let cell = vm.rooted(job);
    let on_rejected = closure(vm, Native::ImportHookRejected, vec![cell, s]);
    let (on_fulfilled, p) = (vm.rooted(f_slot), vm.rooted(p_slot));
    vm.unroot(p_slot);
    if let Value::Object(p) = p {
        promise::perform_promise_then(vm, p, on_fulfilled, Value::Object(on_rejected), None);
    }
    Ok(())
}

/// A descriptor arrived for `specifier`: caches it, and fetches what it needs.
fn process(vm: &mut Vm, job: usize, state: usize, specifier: &str, d: Value) -> JsResult<()> {
    cache_descriptor(vm, state, specifier, d);
    let imports = match interpret(vm, state, specifier, d)? {
        Descriptor::Compiled(t) => module::template_info(vm, t).imports,
        Descriptor::Source(text) | Descriptor::VirtualSource(text) => {
            module::analyze_module_source(&text)
                .map_err(|m| {
                    vm.throw_error(ErrorKind::SyntaxError, format!("{m} (in '{specifier}')"))
                })?
                .imports
        }
        other => return process_other(vm, job, state, other),
    };
    for request in imports {
        let full = resolve(vm, state, &request, specifier)?;
        fetch_async(vm, job, &full)?;
    }
    Ok(())
}

/// [`process`] for the descriptors that are not module sources.
fn process_other(vm: &mut Vm, job: usize, state: usize, d: Descriptor) -> JsResult<()> {
    match d {
        Descriptor::Compiled(_) | Descriptor::Source(_) | Descriptor::VirtualSource(_) => Ok(()),
        Descriptor::Alias(other, name) => {
            // The other compartment fetches its graph itself; this job waits for it.
            let same = vm.rooted(state) == other;
            if same {
                return fetch_async(vm, job, &name);
            }
            let p = start_job(vm, other, &name, false)?;
            let p_slot = vm.root(p);
            job_pending_add(vm, job, 1.0);
            let cell = vm.rooted(job);
            let on_fulfilled = closure(vm, Native::ImportHookFulfilled, vec![cell]);
            let f_slot = vm.root(Value::Object(on_fulfilled));
            let cell = vm.rooted(job);
            let on_rejected = closure(vm, Native::ImportHookRejected, vec![cell]);
            let (on_fulfilled, p) = (vm.rooted(f_slot), vm.rooted(p_slot));
            vm.unroot(p_slot);
            if let Value::Object(p) = p {
                promise::perform_promise_then(
                    vm,
                    p,
                    on_fulfilled,
                    Value::Object(on_rejected),
                    None,
                );
            }
            Ok(())
        }
        Descriptor::Record(_) | Descriptor::Virtual(_) => Ok(()),
    }
}

/// The reaction to an `importHook` promise (slots: job, specifier) or to another
/// compartment's load (slots: job): processes the descriptor, then counts the unit done.
pub fn import_hook_fulfilled(vm: &mut Vm, args: Args) -> JsResult {
    let slots = closure_slots(vm, &args);
    let Some(&cell) = slots.first() else {
        return Ok(Value::Undefined);
    };
    let job = vm.root(cell);
    let d = args.get(vm, 0);
    let r = (|| -> JsResult<()> {
        if job_get(vm, job, J_DONE) == Value::Boolean(true) {
            return Ok(());
        }
        if let Some(Value::String(s)) = slots.get(1).copied() {
            let specifier = vm.rust_string(s);
            if d.is_undefined() {
                return Err(vm.type_error(format!(
                    "Cannot find module '{specifier}': importHook gave undefined"
                )));
            }
            let state = vm.root(job_get(vm, job, J_STATE));
            let r = process(vm, job, state, &specifier, d);
            vm.unroot(state);
            r?;
        }
        step_done(vm, job)
    })();
    if r.is_err() {
        fail(vm, job)?;
    }
    vm.unroot(job);
    Ok(Value::Undefined)
}

/// The rejection reaction of an `importHook` promise (slots: job): rejects the load.
pub fn import_hook_rejected(vm: &mut Vm, args: Args) -> JsResult {
    let slots = closure_slots(vm, &args);
    let Some(&cell) = slots.first() else {
        return Ok(Value::Undefined);
    };
    let job = vm.root(cell);
    let reason = args.get(vm, 0);
    // An importHook's rejection (slots: job, specifier) is wrapped; another compartment's
    // load (slots: job) has already made its error.
    let e = match slots.get(1) {
        Some(Value::String(s)) => {
            let specifier = vm.rust_string(*s);
            hook_failure(vm, &specifier, reason)
        }
        _ => reason,
    };
    let r = reject_once(vm, job, e);
    vm.unroot(job);
    r.map(|()| Value::Undefined)
}

/// The fulfilment reaction of an imported module's evaluation (slots: module, resolve):
/// resolves with its namespace (C.4 DECISION: the namespace itself, not `{namespace}`).
pub fn import_evaluated(vm: &mut Vm, args: Args) -> JsResult {
    let slots = closure_slots(vm, &args);
    let (Some(&m), Some(&resolve)) = (slots.first(), slots.get(1)) else {
        return Ok(Value::Undefined);
    };
    let slot = vm.root(resolve);
    let ns = module::namespace(vm, m);
    let resolve = vm.rooted(slot);
    vm.unroot(slot);
    ops::call(vm, resolve, Value::Undefined, &[ns])?;
    Ok(Value::Undefined)
}

/// `Compartment.prototype.import(specifier)`: a promise of the module's namespace.
pub fn import(vm: &mut Vm, args: Args) -> JsResult {
    import_or_load(vm, args, true)
}

/// `Compartment.prototype.load(specifier)`: a promise that the module graph is fetched
/// (nothing is evaluated).
pub fn load(vm: &mut Vm, args: Args) -> JsResult {
    import_or_load(vm, args, false)
}

fn import_or_load(vm: &mut Vm, args: Args, import: bool) -> JsResult {
    let method = if import { "import" } else { "load" };
    this_compartment(vm, args.this(vm), method)?;
    let specifier = match ops::to_rust_string(vm, args.get(vm, 0)) {
        Ok(s) => s,
        Err(_) => return rejected(vm),
    };
    let record = this_compartment(vm, args.this(vm), method)?;
    let state = loader_state_of(vm, record);
    start_job(vm, state, &specifier, import)
}

/// A promise rejected with the exception in flight.
fn rejected(vm: &mut Vm) -> JsResult {
    let e = vm.take_exception();
    let ctor = Value::Object(vm.intrinsic(Intrinsic::Promise));
    let cap = promise::new_promise_capability(vm, ctor)?;
    let reject = cap.reject(vm);
    ops::call(vm, reject, Value::Undefined, &[e])?;
    let p = cap.promise(vm);
    cap.release(vm);
    Ok(p)
}

/// `import(specifier)` in compartment code (the extension's import hook): the specifier is
/// resolved against the referrer with the compartment's `resolveHook`, then imported as by
/// `compartment.import`.
pub fn import_in_compartment(
    vm: &mut Vm,
    record: Handle<Realm>,
    specifier: &str,
    referrer: &str,
) -> JsResult<Option<Value>> {
    let state = loader_state_of(vm, record);
    if state.is_undefined() {
        return Ok(None);
    }
    let slot = vm.root(state);
    let full = resolve(vm, slot, specifier, referrer);
    vm.unroot(slot);
    let full = full?;
    start_job(vm, state_after(vm, record), &full, true).map(Some)
}

fn state_after(vm: &Vm, record: Handle<Realm>) -> Value {
    loader_state_of(vm, record)
}

/// `import.meta` of a compartment's module: `importMetaHook(specifier, importMeta)`.
pub fn finalize_import_meta(
    vm: &mut Vm,
    record: Handle<Realm>,
    specifier: Value,
    meta: Handle<Object>,
) -> JsResult<()> {
    let state = loader_state_of(vm, record);
    let hook = state_slot(vm, state, S_META);
    if hook.is_undefined() {
        return Ok(());
    }
    ops::call(
        vm,
        hook,
        Value::Undefined,
        &[specifier, Value::Object(meta)],
    )?;
    Ok(())
}

// --- ModuleSource ------------------------------------------------------------------------------

/// `new ModuleSource(text)`: module source text parsed and compiled once (a SyntaxError now if
/// it is not a module) into a module template ([`module::compile_template`]), usable as a
/// descriptor in any number of compartments, each of which makes its own instance of the
/// template: its own environment and state, the same code. Its `imports`, `exports` and
/// `reexports` are read from the template. Slots: the text; the three lists, each its length
/// then its strings; whether it has top-level `await`; the template.
pub fn module_source_constructor(vm: &mut Vm, args: Args) -> JsResult {
    let Value::Object(nt) = args.new_target(vm) else {
        return Err(vm.type_error("Constructor ModuleSource requires 'new'"));
    };
    let text = ops::to_string(vm, args.get(vm, 0))?;
    let text_slot = vm.root(Value::String(text));
    let source = vm.rust_string(text);
    // Parsed and compiled here, once: every compartment that loads this source makes an
    // instance of the template, sharing its code.
    let realm = vm.current_realm();
    let template = match module::compile_template(vm, realm, &source) {
        Ok(t) => t,
        Err(e) => {
            vm.unroot(text_slot);
            return Err(e);
        }
    };
    vm.root(template);
    let info = module::template_info(vm, template);
    let _ = nt;
    let proto = match args.new_target(vm) {
        Value::Object(nt) => match ops::get_str(vm, nt, "prototype") {
            Ok(Value::Object(p)) => p,
            Ok(_) => {
                let realm = vm.current_realm();
                match vm.extension_slot(realm, &EXTENSION, MODULE_SOURCE) {
                    Value::Object(p) => p,
                    _ => vm.intrinsic(Intrinsic::ObjectPrototype),
                }
            }
            Err(e) => {
                vm.unroot(text_slot);
                return Err(e);
            }
        },
        _ => vm.intrinsic(Intrinsic::ObjectPrototype),
    };
    let mut slots = vec![vm.rooted(text_slot)];
    for list in [&info.imports, &info.exports, &info.reexports] {
        slots.push(Value::Number(list.len() as f64));
        for s in list {
            let v = vm.string_from(s);
            slots.push(v);
        }
    }
    slots.push(Value::Boolean(info.has_tla));
    slots.push(vm.rooted(text_slot + 1));
    vm.unroot(text_slot);
    let brand = id(vm, Native::ModuleSource).0;
    let o = vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::Host(Box::new(HostData {
            brand,
            realm: None,
            slots,
        })),
    ));
    Ok(Value::Object(o))
}

/// List `which` (0 imports, 1 exports, 2 reexports) of a ModuleSource, as a new array.
fn module_source_list(vm: &mut Vm, args: &Args, which: usize, name: &str) -> JsResult {
    let brand = id(vm, Native::ModuleSource).0;
    let slots = match args.this(vm) {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::Host(h) if h.brand == brand => Some(h.slots.clone()),
            _ => None,
        },
        _ => None,
    };
    let Some(slots) = slots else {
        return Err(vm.type_error(format!(
            "ModuleSource.prototype.{name} called on an object that is not a ModuleSource"
        )));
    };
    let mut i = 1;
    for _ in 0..which {
        let n = match slots.get(i) {
            Some(Value::Number(n)) => *n as usize,
            _ => 0,
        };
        i += 1 + n;
    }
    let n = match slots.get(i) {
        Some(Value::Number(n)) => *n as usize,
        _ => 0,
    };
    let items: Vec<Value> = slots.iter().skip(i + 1).take(n).copied().collect();
    Ok(Value::Object(ops::create_array_from_list(vm, &items)))
}

/// `get ModuleSource.prototype.imports`: the requested specifiers.
pub fn module_source_imports(vm: &mut Vm, args: Args) -> JsResult {
    module_source_list(vm, &args, 0, "imports")
}

/// `get ModuleSource.prototype.exports`: the export names (without `export *`).
pub fn module_source_exports(vm: &mut Vm, args: Args) -> JsResult {
    module_source_list(vm, &args, 1, "exports")
}

/// `get ModuleSource.prototype.reexports`: the specifiers of `export * from`.
pub fn module_source_reexports(vm: &mut Vm, args: Args) -> JsResult {
    module_source_list(vm, &args, 2, "reexports")
}

/// Installs `ModuleSource` and its prototype in the current realm.
pub fn init_module_source(vm: &mut Vm) {
    let proto = builtins::ordinary(vm, Intrinsic::ObjectPrototype);
    vm.set_extension_slot(&EXTENSION, MODULE_SOURCE, Value::Object(proto));
    let ctor = id(vm, Native::ModuleSource);
    builtins::constructor(vm, ctor, "ModuleSource", 1, proto);
    for (name, native) in [
        ("imports", Native::ModuleSourceImports),
        ("exports", Native::ModuleSourceExports),
        ("reexports", Native::ModuleSourceReexports),
    ] {
        let getter = id(vm, native);
        let f = native_function(vm, getter, &format!("get {name}"), 0, false);
        let key = vm.key(name);
        amber_vm::object::add_property(
            vm,
            proto,
            amber_heap::Property {
                key,
                value: Value::Object(f),
                setter: Value::Undefined,
                flags: amber_heap::attrs::CONFIGURABLE | amber_heap::attrs::ACCESSOR,
            },
        );
    }
    builtins::iterators::tag(vm, proto, "ModuleSource");
}
