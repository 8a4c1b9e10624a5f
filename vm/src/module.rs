//! Modules: loading from the file system, linking, evaluation, namespaces, `import()`.
//! <https://tc39.es/ecma262/#sec-source-text-module-records>
//!
//! A module record is a heap object (`ObjectKind::Module`) so modules survive in heap images.
//! The agent's module map (`AgentRoots::modules`) maps a file path to its record; specifiers
//! resolve relative to the importing file. Loading is synchronous (the host reads files), so
//! `import()` settles its promise in the same turn, through the job queue.
//!
//! Not yet: top-level `await` (a module body containing it fails to compile) and import
//! attributes other than none.

use crate::interp;
use crate::object::{self, PropertyDescriptor};
use crate::ops;
use crate::realm::{symbol_key, WellKnown};
use crate::{ErrorKind, JsResult, Vm};
use amber_compiler::module::CompiledModule;
use amber_heap::object::{ModuleData, NamespaceData};
use amber_heap::{Env, Handle, JsString, Object, ObjectKind, PropertyKey, Realm, Value};
use std::path::{Path, PathBuf};

fn data(vm: &Vm, m: Value) -> &ModuleData {
    match m {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::Module(d) => d,
            _ => unreachable!("not a module record"),
        },
        _ => unreachable!("not a module record"),
    }
}

fn data_mut(vm: &mut Vm, m: Value) -> &mut ModuleData {
    match m {
        Value::Object(o) => match &mut vm.heap.get_mut(o).kind {
            ObjectKind::Module(d) => d,
            _ => unreachable!("not a module record"),
        },
        _ => unreachable!("not a module record"),
    }
}

fn units_of(vm: &Vm, s: Handle<JsString>) -> Vec<u16> {
    vm.heap.string_units(s).to_vec()
}

/// Resolves `specifier` against the file of the importing module or script.
fn resolve_path(referrer: &str, specifier: &str) -> PathBuf {
    let base = Path::new(referrer).parent().unwrap_or(Path::new("."));
    let joined = base.join(specifier);
    // Normalize `.` and `..` so one file has one identity in the module map.
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The record for `path` in `realm`'s module map, if loaded.
fn lookup(vm: &Vm, realm: Handle<Realm>, path: &str) -> Option<Value> {
    vm.agent
        .modules
        .iter()
        .find_map(|&(p, m)| (vm.rust_string(p) == path && data(vm, m).realm == realm).then_some(m))
}

/// Parses, compiles and creates the record of a module (ParseModule), then loads what it
/// requests (LoadRequestedModules), depth first.
fn load(vm: &mut Vm, realm: Handle<Realm>, path: &str, source: Option<&str>) -> JsResult {
    if let Some(m) = lookup(vm, realm, path) {
        return Ok(m);
    }
    let source = match source {
        Some(s) => s.to_string(),
        None => match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                return Err(interp::in_realm(vm, realm, |vm| {
                    vm.throw_error(
                        ErrorKind::SyntaxError,
                        format!("Cannot load module '{path}': {e}"),
                    )
                }))
            }
        },
    };
    let compiled = match amber_compiler::compile_module_source(&source, path) {
        Ok(c) => c,
        Err(e) => {
            let (line, col) = amber_parser::line_col(&source, e.span.start as usize);
            return Err(interp::in_realm(vm, realm, |vm| {
                vm.throw_error(
                    ErrorKind::SyntaxError,
                    format!("{} ({path}:{line}:{col})", e.message),
                )
            }));
        }
    };
    let m = create_record(vm, realm, &compiled);
    let slot = vm.root(m);
    for (i, spec) in compiled.requests.iter().enumerate() {
        let spec = String::from_utf16_lossy(spec);
        let dep_path = resolve_path(path, &spec).display().to_string();
        let dep = load(vm, realm, &dep_path, None);
        let dep = match dep {
            Ok(d) => d,
            Err(e) => {
                vm.unroot(slot);
                return Err(e);
            }
        };
        let m = vm.rooted(slot);
        data_mut(vm, m).requested[i] = dep;
    }
    let m = vm.rooted(slot);
    vm.unroot(slot);
    Ok(m)
}

/// Allocates a module record and its environment, and enters it in the module map.
fn create_record(vm: &mut Vm, realm: Handle<Realm>, c: &CompiledModule) -> Value {
    // Loading code allocates but runs nothing, so handles stay valid here.
    let source = vm.heap.alloc_string(c.source.encode_utf16().collect());
    let file = vm.heap.intern_str(&c.file);
    let init = interp::load_code(vm, &c.init, source, file);
    let body = interp::load_code(vm, &c.body, source, file);
    let env = vm.heap.alloc(Env {
        outer: None,
        slots: vec![Value::Empty; c.env_size as usize],
        object: None,
        names: Value::Undefined,
    });
    let intern = |vm: &mut Vm, u: &[u16]| vm.heap.intern(u);
    let requests = c.requests.iter().map(|r| intern(vm, r)).collect();
    let imports = c.imports.iter().map(|(r, n)| (*r, intern(vm, n))).collect();
    let local_exports = c
        .local_exports
        .iter()
        .map(|(n, s)| (intern(vm, n), *s))
        .collect();
    let indirect_exports = c
        .indirect_exports
        .iter()
        .map(|(n, r, i)| {
            let name = intern(vm, n);
            let import = match i {
                Some(i) => Value::String(intern(vm, i)),
                None => Value::Undefined,
            };
            (name, (*r, import))
        })
        .collect();
    let proto = None;
    let record = vm.heap.alloc(Object::new(
        proto,
        ObjectKind::Module(Box::new(ModuleData {
            realm,
            path: file,
            env,
            init,
            body,
            status: 0,
            requests,
            requested: vec![Value::Undefined; c.requests.len()],
            imports,
            import_bindings: Vec::new(),
            namespace_imports: c.namespace_imports.clone(),
            local_exports,
            indirect_exports,
            star_exports: c.star_exports.clone(),
            namespace: Value::Undefined,
            meta: Value::Undefined,
            error: Value::Empty,
        })),
    ));
    vm.heap.get_mut(env).names = Value::Object(record);
    vm.agent.modules.push((file, Value::Object(record)));
    Value::Object(record)
}

/// Where an export resolves to.
enum Resolution {
    /// A binding in a module's environment.
    Slot(Value, u32),
    /// The namespace of a module (`export * as ns from`).
    Namespace(Value),
    NotFound,
    Ambiguous,
}

/// ResolveExport(exportName, resolveSet). <https://tc39.es/ecma262/#sec-resolveexport>
fn resolve_export(vm: &Vm, m: Value, name: &[u16], set: &mut Vec<(Value, Vec<u16>)>) -> Resolution {
    // 1-3. A cycle: this module and name were asked already.
    if set.iter().any(|(mm, n)| *mm == m && n == name) {
        return Resolution::NotFound;
    }
    set.push((m, name.to_vec()));
    let d = data(vm, m);
    // 4. Local exports.
    for &(n, slot) in &d.local_exports {
        if vm.heap.string_units(n) == name {
            return Resolution::Slot(m, slot);
        }
    }
    // 5. Indirect exports.
    for &(n, (r, import)) in &d.indirect_exports {
        if vm.heap.string_units(n) == name {
            let target = d.requested[r as usize];
            return match import {
                Value::String(i) => resolve_export(vm, target, &units_of(vm, i), set),
                _ => Resolution::Namespace(target),
            };
        }
    }
    // 6. `default` is never provided by `export *`.
    if name == "default".encode_utf16().collect::<Vec<_>>().as_slice() {
        return Resolution::NotFound;
    }
    // 7-8. Star exports: exactly one distinct resolution, or ambiguity.
    let mut star: Option<Resolution> = None;
    for &r in &d.star_exports.clone() {
        let target = data(vm, m).requested[r as usize];
        match resolve_export(vm, target, name, set) {
            Resolution::Ambiguous => return Resolution::Ambiguous,
            Resolution::NotFound => {}
            found => match &star {
                None => star = Some(found),
                Some(prev) => {
                    let same = match (prev, &found) {
                        (Resolution::Slot(a, x), Resolution::Slot(b, y)) => a == b && x == y,
                        (Resolution::Namespace(a), Resolution::Namespace(b)) => a == b,
                        _ => false,
                    };
                    if !same {
                        return Resolution::Ambiguous;
                    }
                }
            },
        }
    }
    star.unwrap_or(Resolution::NotFound)
}

/// GetExportedNames(exportStarSet). <https://tc39.es/ecma262/#sec-getexportednames>
fn exported_names(vm: &Vm, m: Value, visited: &mut Vec<Value>) -> Vec<Vec<u16>> {
    if visited.contains(&m) {
        return Vec::new();
    }
    visited.push(m);
    let d = data(vm, m);
    let mut names: Vec<Vec<u16>> = d
        .local_exports
        .iter()
        .map(|(n, _)| units_of(vm, *n))
        .collect();
    names.extend(d.indirect_exports.iter().map(|(n, _)| units_of(vm, *n)));
    for &r in &d.star_exports {
        let target = d.requested[r as usize];
        for n in exported_names(vm, target, visited) {
            if n != "default".encode_utf16().collect::<Vec<_>>() && !names.contains(&n) {
                names.push(n);
            }
        }
    }
    names
}

/// GetModuleNamespace(module). <https://tc39.es/ecma262/#sec-getmodulenamespace>
pub fn namespace(vm: &mut Vm, m: Value) -> Value {
    if let ns @ Value::Object(_) = data(vm, m).namespace {
        return ns;
    }
    let mut names = exported_names(vm, m, &mut Vec::new());
    names.retain(|n| {
        matches!(
            resolve_export(vm, m, n, &mut Vec::new()),
            Resolution::Slot(..) | Resolution::Namespace(_)
        )
    });
    names.sort();
    let exports = names.iter().map(|n| vm.heap.intern(n)).collect();
    let ns = vm.heap.alloc(Object::new(
        None,
        ObjectKind::ModuleNamespace(Box::new(NamespaceData { module: m, exports })),
    ));
    // @@toStringTag: "Module" (non-writable, non-enumerable, non-configurable).
    let tag = symbol_key(vm, WellKnown::ToStringTag);
    let v = Value::String(vm.str("Module"));
    crate::builtins::add(vm, ns, tag, v, 0);
    vm.heap.get_mut(ns).extensible = false;
    data_mut(vm, m).namespace = Value::Object(ns);
    Value::Object(ns)
}

/// The environment slot an import or an export resolves to.
fn binding_slot(vm: &mut Vm, r: Resolution) -> Option<(Handle<Env>, u32)> {
    match r {
        Resolution::Slot(target, slot) => Some((data(vm, target).env, slot)),
        Resolution::Namespace(target) => {
            // A namespace binding: a one-slot environment holding the namespace object.
            let ns = namespace(vm, target);
            let env = vm.heap.alloc(Env {
                outer: None,
                slots: vec![ns],
                object: None,
                names: Value::Undefined,
            });
            Some((env, 0))
        }
        Resolution::NotFound | Resolution::Ambiguous => None,
    }
}

/// Link(): resolves every import of `m` and its dependencies and runs their
/// InitializeEnvironment code. <https://tc39.es/ecma262/#sec-moduledeclarationlinking>
fn link(vm: &mut Vm, m: Value) -> JsResult<()> {
    if data(vm, m).status >= 1 {
        return Ok(());
    }
    data_mut(vm, m).status = 1;
    let slot = vm.root(m);
    // Each dependency is read from the rooted record: linking one runs JavaScript (its
    // initialization), which may move the others.
    for i in 0..data(vm, m).requested.len() {
        let m = vm.rooted(slot);
        let dep = data(vm, m).requested[i];
        if let Err(e) = link(vm, dep) {
            vm.unroot(slot);
            return Err(e);
        }
    }
    let m = vm.rooted(slot);
    // Resolve the import table.
    let imports = data(vm, m).imports.clone();
    let mut bindings = Vec::with_capacity(imports.len());
    for (r, name) in imports {
        let target = data(vm, m).requested[r as usize];
        let name_units = units_of(vm, name);
        let resolution = resolve_export(vm, target, &name_units, &mut Vec::new());
        let ambiguous = matches!(resolution, Resolution::Ambiguous);
        match binding_slot(vm, resolution) {
            Some(b) => bindings.push(b),
            None => {
                let n = String::from_utf16_lossy(&name_units);
                let path = vm.rust_string(data(vm, target).path);
                let realm = data(vm, m).realm;
                vm.unroot(slot);
                let what = if ambiguous {
                    "is ambiguous"
                } else {
                    "is not provided"
                };
                return Err(interp::in_realm(vm, realm, |vm| {
                    vm.throw_error(
                        ErrorKind::SyntaxError,
                        format!("The requested module '{path}' export '{n}' {what}"),
                    )
                }));
            }
        }
    }
    // Indirect exports must resolve too.
    let indirect = data(vm, m).indirect_exports.clone();
    for (name, _) in indirect {
        let n = units_of(vm, name);
        if let Resolution::NotFound | Resolution::Ambiguous =
            resolve_export(vm, m, &n, &mut Vec::new())
        {
            let realm = data(vm, m).realm;
            vm.unroot(slot);
            let n = String::from_utf16_lossy(&n);
            return Err(interp::in_realm(vm, realm, |vm| {
                vm.throw_error(
                    ErrorKind::SyntaxError,
                    format!("Export '{n}' cannot be resolved"),
                )
            }));
        }
    }
    data_mut(vm, m).import_bindings = bindings;
    // Namespace imports.
    for (r, s) in data(vm, m).namespace_imports.clone() {
        let target = data(vm, m).requested[r as usize];
        let ns = namespace(vm, target);
        let m = vm.rooted(slot);
        let env = data(vm, m).env;
        vm.heap.get_mut(env).slots[s as usize] = ns;
    }
    // InitializeEnvironment: hoisted functions and vars.
    let m = vm.rooted(slot);
    let (realm, init, env) = {
        let d = data(vm, m);
        (d.realm, d.init, d.env)
    };
    let r = interp::run_module_code(vm, realm, init, env);
    let m = vm.rooted(slot);
    vm.unroot(slot);
    r?;
    data_mut(vm, m).status = 2;
    Ok(())
}

/// Evaluate(): runs module bodies in post-order; each module once; errors are remembered.
/// <https://tc39.es/ecma262/#sec-moduleevaluation>
fn evaluate(vm: &mut Vm, m: Value) -> JsResult<()> {
    match data(vm, m).status {
        3 => return Ok(()), // evaluating: a cycle back to an ancestor
        4 => {
            let e = data(vm, m).error;
            return if let Value::Empty = e {
                Ok(())
            } else {
                Err(vm.throw(e))
            };
        }
        _ => {}
    }
    data_mut(vm, m).status = 3;
    let slot = vm.root(m);
    for i in 0..data(vm, m).requested.len() {
        let m = vm.rooted(slot);
        let dep = data(vm, m).requested[i];
        if let Err(t) = evaluate(vm, dep) {
            let m = vm.rooted(slot);
            vm.unroot(slot);
            let e = vm.exception;
            let d = data_mut(vm, m);
            d.status = 4;
            d.error = e;
            return Err(t);
        }
    }
    let m = vm.rooted(slot);
    let (realm, body, env) = {
        let d = data(vm, m);
        (d.realm, d.body, d.env)
    };
    let r = interp::run_module_code(vm, realm, body, env);
    let m = vm.rooted(slot);
    vm.unroot(slot);
    let error = match r {
        Ok(_) => Value::Empty,
        Err(_) => vm.exception,
    };
    let d = data_mut(vm, m);
    d.status = 4;
    d.error = error;
    r.map(|_| ())
}

/// Which phase a module failed in.
pub enum Failure {
    /// The root module's own source is not a valid module.
    Parse,
    /// Loading or linking failed (a dependency's syntax, a missing file, an unresolvable import).
    Resolution,
    /// Evaluation threw.
    Evaluation,
}

/// Loads, links and evaluates the module at `path` with the given source.
pub fn run_module(
    vm: &mut Vm,
    realm: Handle<Realm>,
    source: &str,
    path: &str,
) -> Result<Value, Failure> {
    if amber_parser::parse_module(source).is_err() {
        // Reported by the caller with the exact position.
        return Err(Failure::Parse);
    }
    let m = load(vm, realm, path, Some(source)).map_err(|_| Failure::Resolution)?;
    let slot = vm.root(m);
    if link(vm, m).is_err() {
        vm.unroot(slot);
        return Err(Failure::Resolution);
    }
    let m = vm.rooted(slot);
    let r = evaluate(vm, m);
    let m = vm.rooted(slot);
    vm.unroot(slot);
    r.map(|_| m).map_err(|_| Failure::Evaluation)
}

/// `import(specifier)` from code whose file is `referrer`: a promise for the namespace.
/// <https://tc39.es/ecma262/#sec-import-call-runtime-semantics-evaluation>
pub fn dynamic_import(vm: &mut Vm, specifier: Value, referrer: &str) -> JsResult {
    let realm = vm.current_realm();
    let promise_ctor = Value::Object(vm.intrinsic(crate::realm::Intrinsic::Promise));
    let cap = crate::builtins::promise::new_promise_capability(vm, promise_ctor)?;
    let outcome = (|| -> JsResult {
        let spec = ops::to_rust_string(vm, specifier)?;
        let path = resolve_path(referrer, &spec).display().to_string();
        let m = load(vm, realm, &path, None)?;
        let slot = vm.root(m);
        let r = link(vm, m).and_then(|_| {
            let m = vm.rooted(slot);
            evaluate(vm, m)
        });
        let m = vm.rooted(slot);
        vm.unroot(slot);
        r?;
        Ok(namespace(vm, m))
    })();
    let (f, arg) = match outcome {
        Ok(ns) => (cap.resolve(vm), ns),
        Err(_) => {
            let e = vm.take_exception();
            (cap.reject(vm), e)
        }
    };
    ops::call(vm, f, Value::Undefined, &[arg])?;
    let p = cap.promise(vm);
    cap.release(vm);
    Ok(p)
}

/// The module record of a module environment.
pub fn record_of_env(vm: &Vm, env: Handle<Env>) -> Value {
    vm.heap.get(env).names
}

/// `LdaImport`: the value of import binding `index` of the module owning `env`.
pub fn load_import(vm: &mut Vm, env: Handle<Env>, index: u32) -> JsResult {
    let m = record_of_env(vm, env);
    let (target, slot) = data(vm, m).import_bindings[index as usize];
    Ok(vm.heap.get(target).slots[slot as usize])
}

/// `import.meta`: an ordinary object with a null prototype, created on first use.
pub fn import_meta(vm: &mut Vm, env: Handle<Env>) -> Value {
    let m = record_of_env(vm, env);
    if let meta @ Value::Object(_) = data(vm, m).meta {
        return meta;
    }
    let o = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
    data_mut(vm, m).meta = Value::Object(o);
    Value::Object(o)
}

// --- module namespace exotic objects ----------------------------------------------------------

fn ns_data(vm: &Vm, o: Handle<Object>) -> (Value, Vec<Handle<JsString>>) {
    match &vm.heap.get(o).kind {
        ObjectKind::ModuleNamespace(d) => (d.module, d.exports.clone()),
        _ => unreachable!("not a namespace"),
    }
}

/// The export named by `key`, if the namespace has it.
fn ns_export(vm: &Vm, o: Handle<Object>, key: PropertyKey) -> Option<Vec<u16>> {
    let PropertyKey::String(s) = key else {
        if let PropertyKey::Index(i) = key {
            let name: Vec<u16> = i.to_string().encode_utf16().collect();
            let (_, exports) = ns_data(vm, o);
            return exports
                .iter()
                .any(|&e| vm.heap.string_units(e) == name.as_slice())
                .then_some(name);
        }
        return None;
    };
    let (_, exports) = ns_data(vm, o);
    let name = vm.heap.string_units(s);
    exports
        .iter()
        .any(|&e| vm.heap.string_units(e) == name)
        .then(|| name.to_vec())
}

/// The current value of an export (a ReferenceError while it is in its TDZ).
fn ns_value(vm: &mut Vm, o: Handle<Object>, name: &[u16]) -> JsResult {
    let (m, _) = ns_data(vm, o);
    let r = resolve_export(vm, m, name, &mut Vec::new());
    let v = match r {
        Resolution::Slot(target, slot) => {
            let env = data(vm, target).env;
            vm.heap.get(env).slots[slot as usize]
        }
        Resolution::Namespace(target) => namespace(vm, target),
        _ => Value::Undefined,
    };
    if let Value::Empty = v {
        let n = String::from_utf16_lossy(name);
        return Err(vm.reference_error(format!("Cannot access '{n}' before initialization")));
    }
    Ok(v)
}

/// [[GetOwnProperty]] <https://tc39.es/ecma262/#sec-module-namespace-exotic-objects-getownproperty-p>
pub fn get_own_property(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
) -> JsResult<Option<PropertyDescriptor>> {
    if let PropertyKey::Symbol(_) = key {
        return Ok(object::ordinary_get_own_property(vm, o, key));
    }
    let Some(name) = ns_export(vm, o, key) else {
        return Ok(None);
    };
    let v = ns_value(vm, o, &name)?;
    Ok(Some(PropertyDescriptor::data(v, true, true, false)))
}

/// [[DefineOwnProperty]] <https://tc39.es/ecma262/#sec-module-namespace-exotic-objects-defineownproperty-p-desc>
pub fn define_own_property(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> JsResult<bool> {
    if let PropertyKey::Symbol(_) = key {
        return object::ordinary_define_own_property(vm, o, key, desc);
    }
    let Some(current) = get_own_property(vm, o, key)? else {
        return Ok(false);
    };
    if desc.configurable == Some(true)
        || desc.enumerable == Some(false)
        || desc.is_accessor()
        || desc.writable == Some(false)
    {
        return Ok(false);
    }
    if let Some(v) = desc.value {
        return Ok(ops::same_value(
            vm,
            v,
            current.value.unwrap_or(Value::Undefined),
        ));
    }
    Ok(true)
}

/// [[HasProperty]]
pub fn has_property(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) -> bool {
    match key {
        PropertyKey::Symbol(_) => object::ordinary_get_own_property(vm, o, key).is_some(),
        _ => ns_export(vm, o, key).is_some(),
    }
}

/// [[Get]] <https://tc39.es/ecma262/#sec-module-namespace-exotic-objects-get-p-receiver>
pub fn get(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) -> JsResult {
    if let PropertyKey::Symbol(_) = key {
        return Ok(object::ordinary_get_own_property(vm, o, key)
            .and_then(|d| d.value)
            .unwrap_or(Value::Undefined));
    }
    match ns_export(vm, o, key) {
        Some(name) => ns_value(vm, o, &name),
        None => Ok(Value::Undefined),
    }
}

/// [[Delete]]
pub fn delete(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) -> bool {
    match key {
        PropertyKey::Symbol(_) => object::ordinary_get_own_property(vm, o, key)
            .is_none_or(|d| d.configurable == Some(true)),
        _ => ns_export(vm, o, key).is_none(),
    }
}

/// [[OwnPropertyKeys]]: the exports (sorted), then the symbols.
pub fn own_property_keys(vm: &mut Vm, o: Handle<Object>) -> Vec<PropertyKey> {
    let (_, exports) = ns_data(vm, o);
    let mut keys: Vec<PropertyKey> = exports
        .iter()
        .map(|&e| ops::key_from_string(vm, e))
        .collect();
    let symbols: Vec<PropertyKey> = vm
        .heap
        .get(o)
        .properties
        .entries()
        .iter()
        .map(|p| p.key)
        .collect();
    keys.extend(symbols);
    keys
}
