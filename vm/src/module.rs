//! Modules: loading from the file system, linking, evaluation, namespaces, `import()`.
//! <https://tc39.es/ecma262/#sec-source-text-module-records>
//!
//! A module record is a heap object (`ObjectKind::Module`) so modules survive in heap images.
//! The agent's module map (`AgentRoots::modules`) maps a file path to its record; specifiers
//! resolve relative to the importing file. Loading is synchronous (the host reads files);
//! `import()` links and evaluates in a job, as the reaction to the (already settled) loading.
//!
//! Evaluation follows the Cyclic Module Record algorithms, with top-level `await`: a module
//! whose body awaits (or that waits for such a dependency) evaluates asynchronously, and
//! Evaluate() returns a promise.
//!
//! Import attributes: the host supports `type`, with the values `"json"` (JSON modules),
//! `"text"` (text modules, <https://github.com/tc39/proposal-import-text>) and `"bytes"` (bytes
//! modules, <https://tc39.es/proposal-import-bytes/>); any other attribute fails the load.

use crate::builtins::promise::closure;
use crate::interp;
use crate::natives::NativeId;
use crate::object::{self, PropertyDescriptor};
use crate::ops;
use crate::realm::{symbol_key, WellKnown};
use crate::{ErrorKind, JsResult, Vm};
use amber_compiler::module::{CompiledModule, SOURCE_IMPORT_NAME};
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

/// The type of module a request asks for (its `type` import attribute), as
/// `ModuleData::module_type` stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ModuleType {
    /// No `type`: a Source Text Module Record.
    JavaScript = 0,
    /// `type: "json"`. <https://tc39.es/ecma262/#sec-parse-json-module>
    Json = 1,
    /// `type: "text"`. <https://github.com/tc39/proposal-import-text>
    Text = 2,
    /// `type: "bytes"`. <https://tc39.es/proposal-import-bytes/>
    Bytes = 3,
}

/// The record for `path` in `realm`'s module map, if loaded (modules of different types of
/// the same file, e.g. a text module and a source text module, are different records).
fn lookup(vm: &Vm, realm: Handle<Realm>, path: &str, ty: ModuleType) -> Option<Value> {
    // Compare code units: converting every path in the map to a Rust string made loading a
    // graph of n modules allocate n^2 strings.
    let units: Vec<u16> = path.encode_utf16().collect();
    vm.agent.modules.iter().find_map(|(_, &(p, m))| {
        let d = data(vm, m);
        (d.realm == realm && d.module_type == ty as u8 && vm.heap.string_units(p) == units)
            .then_some(m)
    })
}

/// What a request's [[Attributes]] ask for. The host supports the one attribute `type`
/// (HostGetSupportedImportAttributes), with the values `"json"`, `"text"` and `"bytes"`;
/// `Err` says what is unsupported.
/// <https://tc39.es/ecma262/#sec-AllImportAttributesSupported>
fn request_type(attributes: &[(Vec<u16>, Vec<u16>)]) -> Result<ModuleType, String> {
    let mut ty = ModuleType::JavaScript;
    for (key, value) in attributes {
        let key = String::from_utf16_lossy(key);
        if key != "type" {
            return Err(format!("Import attribute '{key}' is not supported"));
        }
        let value = String::from_utf16_lossy(value);
        ty = match value.as_str() {
            "json" => ModuleType::Json,
            "text" => ModuleType::Text,
            "bytes" => ModuleType::Bytes,
            _ => return Err(format!("Module type '{value}' is not supported")),
        };
    }
    Ok(ty)
}

/// ParseJSONModule(source): a module whose `default` export is the parsed value
/// (CreateDefaultExportSyntheticModule).
/// <https://tc39.es/ecma262/#sec-parse-json-module>
fn load_json(vm: &mut Vm, realm: Handle<Realm>, path: &str, source: &str) -> JsResult {
    let units: Vec<u16> = source.encode_utf16().collect();
    let value = interp::in_realm(vm, realm, |vm| {
        crate::builtins::json::parse_json_text(vm, &units)
    })?;
    create_default_export_synthetic_module(vm, realm, path, value, ModuleType::Json)
}

/// CreateDefaultExportSyntheticModule(defaultExport) for a module of type `ty` (JSON, text or
/// bytes): the module's one export, `default`, holds `value`. It is made from an empty module
/// with one more environment slot, exported as `default` and holding the value from the
/// start: the module has no dependencies and nothing can observe the binding before its
/// evaluation.
/// <https://tc39.es/ecma262/#sec-create-default-export-synthetic-module>
fn create_default_export_synthetic_module(
    vm: &mut Vm,
    realm: Handle<Realm>,
    path: &str,
    value: Value,
    ty: ModuleType,
) -> JsResult {
    let slot = vm.root(value);
    let mut compiled = match amber_compiler::compile_module_source("", path) {
        Ok(c) => c,
        Err(e) => {
            vm.unroot(slot);
            return Err(vm.throw_error(ErrorKind::SyntaxError, e.message));
        }
    };
    let binding = compiled.env_size;
    compiled.env_size += 1;
    compiled
        .local_exports
        .push(("default".encode_utf16().collect(), binding));
    let m = create_record(vm, realm, &compiled, ty);
    let value = vm.rooted(slot);
    vm.unroot(slot);
    let env = data(vm, m).env;
    vm.heap.get_mut(env).slots[binding as usize] = value;
    Ok(m)
}

/// What a [`ModuleHost`] gives for a module specifier.
pub enum Fetched {
    /// Module source text, to be parsed and linked as a new module record of the loading realm.
    Source(String),
    /// An existing module record (one of another compartment's, or a synthetic one): the
    /// importer links to that very instance.
    Record(Value),
    /// A compiled module template (see [`compile_template`]): a new instance of it is made for
    /// the loading realm, sharing the template's code instead of parsing the text again.
    Template(Value),
    /// Module source text generated for a virtual module source: like `Source`, except that
    /// the body may hand its completion to a promise ([`complete_with`]), which the module's
    /// evaluation then waits for (a dynamic [[HasTLA]]).
    Virtual(String),
}

/// A host that names and supplies modules itself, instead of the file system: compartments'
/// module maps and hooks (REALMS-DESIGN C.4). Both methods may run JavaScript.
pub trait ModuleHost {
    /// The full specifier of `request` imported by the module whose full specifier is
    /// `referrer` (a compartment's `resolveHook`).
    fn resolve(&self, vm: &mut Vm, request: &str, referrer: &str) -> JsResult<String>;
    /// The module named by the full specifier `specifier`, for `realm`, which has no record
    /// for it yet.
    fn fetch(&self, vm: &mut Vm, realm: Handle<Realm>, specifier: &str) -> JsResult<Fetched>;
}

/// The specifier test262 uses for "a module that provides a valid Module Source"
/// (INTERPRETING.md, source phase imports).
const TEST262_MODULE_SOURCE: &str = "<module source>";

/// The test262 host's module for `<module source>`: a module with no exports whose
/// [[ModuleSource]] is an object inheriting from %AbstractModuleSource.prototype% (what a
/// WebAssembly module record would provide; Amber has no such module type of its own).
fn create_test262_module_source(vm: &mut Vm, realm: Handle<Realm>, path: &str) -> JsResult {
    let compiled = match amber_compiler::compile_module_source("", path) {
        Ok(c) => c,
        Err(e) => return Err(vm.throw_error(ErrorKind::SyntaxError, e.message)),
    };
    let m = create_record(vm, realm, &compiled, ModuleType::JavaScript);
    let slot = vm.root(m);
    // Its prototype stands for a host's subclass prototype (as WebAssembly.Module.prototype),
    // which inherits from %AbstractModuleSource.prototype%.
    let ams = vm.realm_intrinsic(
        realm,
        crate::realm::Intrinsic::AbstractModuleSourcePrototype,
    );
    let proto = vm.heap.alloc(Object::new(Some(ams), ObjectKind::Ordinary));
    let source = vm
        .heap
        .alloc(Object::new(Some(proto), ObjectKind::Ordinary));
    let m = vm.rooted(slot);
    vm.unroot(slot);
    data_mut(vm, m).module_source = Value::Object(source);
    Ok(m)
}

/// Where module source text comes from.
#[derive(Clone, Copy)]
enum Loader<'a> {
    /// The file system: specifiers are paths relative to the importing module's file.
    Files,
    /// A JavaScript function `hook(specifier, referrer)` returning the source text (the
    /// function is in this root slot): specifiers are names, used as they are.
    Hook(usize),
    /// A module host of a crate above the VM.
    Host(&'a dyn ModuleHost),
}

impl Loader<'_> {
    /// The module-map key of `specifier` imported from the module `referrer`.
    fn resolve(self, vm: &mut Vm, referrer: &str, specifier: &str) -> JsResult<String> {
        match self {
            Loader::Files if specifier == TEST262_MODULE_SOURCE && vm.test262_module_source => {
                Ok(specifier.to_string())
            }
            Loader::Files => Ok(resolve_path(referrer, specifier).display().to_string()),
            Loader::Hook(_) => Ok(specifier.to_string()),
            Loader::Host(h) => h.resolve(vm, specifier, referrer),
        }
    }
}

fn load(
    vm: &mut Vm,
    realm: Handle<Realm>,
    path: &str,
    source: Option<&str>,
    ty: ModuleType,
) -> JsResult {
    load_with(vm, Loader::Files, realm, path, "", source, ty)
}

/// Loads the module `path` (imported by `referrer`) and, recursively, everything it imports,
/// entering new records in the module map (HostLoadImportedModule, done synchronously).
/// Parses, compiles and creates the record of a module (ParseModule), then loads what it
/// requests (LoadRequestedModules), depth first.
fn load_with(
    vm: &mut Vm,
    loader: Loader<'_>,
    realm: Handle<Realm>,
    path: &str,
    referrer: &str,
    source: Option<&str>,
    ty: ModuleType,
) -> JsResult {
    // A hook runs JavaScript, which may collect: keep the realm in a root slot.
    let realm_slot = vm.root_realm(realm);
    let r = load_rooted(vm, loader, realm_slot, path, referrer, source, ty);
    vm.unroot_realms(realm_slot);
    r
}

fn load_rooted(
    vm: &mut Vm,
    loader: Loader<'_>,
    realm_slot: usize,
    path: &str,
    referrer: &str,
    source: Option<&str>,
    ty: ModuleType,
) -> JsResult {
    let realm = vm.rooted_realm(realm_slot);
    if let Some(m) = lookup(vm, realm, path, ty) {
        return Ok(m);
    }
    if matches!(loader, Loader::Files)
        && source.is_none()
        && path == TEST262_MODULE_SOURCE
        && vm.test262_module_source
    {
        return create_test262_module_source(vm, realm, path);
    }
    let mut dynamic_tla = false;
    let bytes = match (source, loader) {
        (Some(s), _) => s.as_bytes().to_vec(),
        (None, Loader::Hook(hook)) => {
            let hook = vm.rooted(hook);
            let (spec, from) = (vm.string_from(path), vm.string_from(referrer));
            let text = interp::in_realm(vm, realm, |vm| {
                ops::call(vm, hook, Value::Undefined, &[spec, from])
            })?;
            let realm = vm.rooted_realm(realm_slot);
            match text {
                Value::String(s) => vm.rust_string(s).into_bytes(),
                _ => {
                    return Err(interp::in_realm(vm, realm, |vm| {
                        vm.type_error(format!(
                            "Cannot load module '{path}': importHook must return the module's source text (a string)"
                        ))
                    }))
                }
            }
        }
        (None, Loader::Host(host)) => match host.fetch(vm, realm, path)? {
            Fetched::Source(s) => s.into_bytes(),
            Fetched::Virtual(s) => {
                dynamic_tla = true;
                s.into_bytes()
            }
            Fetched::Record(m) => return Ok(m),
            // A template of another realm: its text, compiled again for this one.
            Fetched::Template(t) if !template_fits(vm, t, vm.rooted_realm(realm_slot)) => {
                let body = data(vm, t).body;
                let source = vm.heap.get(body).source;
                vm.rust_string(source).into_bytes()
            }
            Fetched::Template(t) => {
                let realm = vm.rooted_realm(realm_slot);
                let m = instantiate_template(vm, realm, t, path)?;
                // The template's `requested` holds each request's type (see compile_template).
                let types = data(vm, t).requested.clone();
                let requests: Vec<(String, Result<ModuleType, String>)> = data(vm, m)
                    .requests
                    .iter()
                    .zip(types)
                    .map(|(&r, ty)| {
                        let ty = match ty {
                            Value::Number(n) => Ok(module_type_of(n as u8)),
                            Value::String(s) => Err(vm.rust_string(s)),
                            _ => Ok(ModuleType::JavaScript),
                        };
                        (vm.rust_string(r), ty)
                    })
                    .collect();
                return load_requests(vm, loader, realm_slot, m, path, requests);
            }
        },
        (None, Loader::Files) => match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                // A host-defined failure of HostLoadImportedModule: a plain Error, as node's
                // ERR_MODULE_NOT_FOUND (a SyntaxError would claim the source is malformed).
                return Err(interp::in_realm(vm, realm, |vm| {
                    vm.throw_error(
                        ErrorKind::Error,
                        format!("Cannot load module '{path}': {e}"),
                    )
                }));
            }
        },
    };
    let realm = vm.rooted_realm(realm_slot);
    // Text and bytes modules take the file as it is; the others are UTF-8 source text.
    match ty {
        ModuleType::Text => {
            let value = crate::module_synthetic::text_module_value(vm, &bytes);
            return create_default_export_synthetic_module(vm, realm, path, value, ty);
        }
        ModuleType::Bytes => {
            let value = interp::in_realm(vm, realm, |vm| {
                crate::module_synthetic::bytes_module_value(vm, bytes)
            })?;
            let realm = vm.rooted_realm(realm_slot);
            return create_default_export_synthetic_module(vm, realm, path, value, ty);
        }
        ModuleType::JavaScript | ModuleType::Json => {}
    }
    let source = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(_) => {
            return Err(interp::in_realm(vm, realm, |vm| {
                vm.throw_error(
                    ErrorKind::Error,
                    format!("Cannot load module '{path}': stream did not contain valid UTF-8"),
                )
            }));
        }
    };
    if ty == ModuleType::Json {
        return load_json(vm, realm, path, &source);
    }
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
    let m = create_record(vm, realm, &compiled, ModuleType::JavaScript);
    data_mut(vm, m).dynamic_tla = dynamic_tla;
    let requests = compiled
        .requests
        .iter()
        .zip(&compiled.request_attributes)
        .map(|(spec, attributes)| (String::from_utf16_lossy(spec), request_type(attributes)))
        .collect();
    load_requests(vm, loader, realm_slot, m, path, requests)
}

/// LoadRequestedModules for the new record `m` (of the module `path`): loads each request
/// (its specifier and the module type its attributes ask for, or why they are unsupported),
/// depth first, and records what it resolved to.
fn load_requests(
    vm: &mut Vm,
    loader: Loader<'_>,
    realm_slot: usize,
    m: Value,
    path: &str,
    requests: Vec<(String, Result<ModuleType, String>)>,
) -> JsResult {
    let slot = vm.root(m);
    for (i, (spec, ty)) in requests.into_iter().enumerate() {
        let dep_path = match loader.resolve(vm, path, &spec) {
            Ok(p) => p,
            Err(e) => {
                vm.unroot(slot);
                return Err(e);
            }
        };
        // InnerModuleLoading step 2.c.i: unsupported attributes are a SyntaxError.
        let dep = match ty {
            Ok(ty) => {
                let realm = vm.rooted_realm(realm_slot);
                load_with(vm, loader, realm, &dep_path, path, None, ty)
            }
            Err(message) => Err(interp::in_realm(vm, vm.rooted_realm(realm_slot), |vm| {
                vm.throw_error(ErrorKind::SyntaxError, message)
            })),
        };
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

/// The [`ModuleType`] stored as `n` (`ModuleData::module_type`).
fn module_type_of(n: u8) -> ModuleType {
    match n {
        1 => ModuleType::Json,
        2 => ModuleType::Text,
        3 => ModuleType::Bytes,
        _ => ModuleType::JavaScript,
    }
}

/// Allocates a module record and its environment, and enters it in the module map.
fn create_record(vm: &mut Vm, realm: Handle<Realm>, c: &CompiledModule, ty: ModuleType) -> Value {
    let record = alloc_record(vm, realm, c, ty, vm.agent.modules.len() as u32);
    let file = data(vm, record).path;
    enter_in_map(vm, realm, file, record);
    record
}

/// Enters a new module record in the agent's module table (weakly, under the id it was made
/// with) and in its realm's [[LoadedModules]] (strongly: the realm keeps it alive).
fn enter_in_map(vm: &mut Vm, realm: Handle<Realm>, file: Handle<JsString>, record: Value) {
    let id = vm.agent.modules.push((file, record));
    debug_assert_eq!(id, data(vm, record).id);
    vm.heap.get_mut(realm).modules.push(record);
}

/// Allocates a module record with id `id` and its environment, without entering it in the
/// module map.
fn alloc_record(
    vm: &mut Vm,
    realm: Handle<Realm>,
    c: &CompiledModule,
    ty: ModuleType,
    id: u32,
) -> Value {
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
            status: UNLINKED,
            requests,
            requested: vec![Value::Undefined; c.requests.len()],
            deferred: c.deferred_requests.clone(),
            imports,
            import_bindings: Vec::new(),
            namespace_imports: c.namespace_imports.clone(),
            local_exports,
            indirect_exports,
            star_exports: c.star_exports.clone(),
            namespace: Value::Undefined,
            deferred_namespace: Value::Undefined,
            meta: Value::Undefined,
            module_source: Value::Empty,
            error: Value::Empty,
            id,
            has_tla: c.has_tla,
            dynamic_tla: false,
            module_type: ty as u8,
            dfs_ancestor_index: 0,
            cycle_root: u32::MAX,
            async_order: 0,
            pending_async: 0,
            async_parents: Vec::new(),
            capability: Vec::new(),
        })),
    ));
    vm.heap.get_mut(env).names = Value::Object(record);
    Value::Object(record)
}

/// The file name of the code of a module template ([`compile_template`]): its instances have
/// their own specifiers, which the shared code cannot name.
pub const TEMPLATE_FILE: &str = "<ModuleSource>";

/// Id of a template record: it is in no module map, and is never linked or evaluated.
const TEMPLATE_ID: u32 = u32::MAX;

/// ParseModule of `source` once, for any number of instances (a compartment `ModuleSource`,
/// REALMS-DESIGN C.4): a module record of `realm` that is never entered in a module map,
/// linked or evaluated, whose code, import and export tables each instance shares
/// ([`instantiate_template`]). Its `requested` list, unused otherwise, holds each request's
/// module type (a number), or the message of the SyntaxError its attributes cause (a string).
/// A SyntaxError if `source` is not a module.
pub fn compile_template(vm: &mut Vm, realm: Handle<Realm>, source: &str) -> JsResult {
    let compiled = match amber_compiler::compile_module_source(source, TEMPLATE_FILE) {
        Ok(c) => c,
        Err(e) => {
            let (line, col) = amber_parser::line_col(source, e.span.start as usize);
            return Err(vm.throw_error(
                ErrorKind::SyntaxError,
                format!("{} ({line}:{col})", e.message),
            ));
        }
    };
    let t = alloc_record(vm, realm, &compiled, ModuleType::JavaScript, TEMPLATE_ID);
    let types = compiled
        .request_attributes
        .iter()
        .map(|a| match request_type(a) {
            Ok(ty) => Value::Number(ty as u8 as f64),
            Err(message) => Value::String(vm.heap.alloc_string(message.encode_utf16().collect())),
        })
        .collect();
    data_mut(vm, t).requested = types;
    Ok(t)
}

/// Is `v` a module template made by [`compile_template`]?
pub fn is_template(vm: &Vm, v: Value) -> bool {
    matches!(v, Value::Object(o) if matches!(&vm.heap.get(o).kind, ObjectKind::Module(d) if d.id == TEMPLATE_ID))
}

/// The outermost realm record of `realm` (a compartment record's parent realm, whose
/// intrinsics it shares).
fn root_realm(vm: &Vm, mut realm: Handle<Realm>) -> Handle<Realm> {
    while let Some(p) = vm.heap.get(realm).parent {
        realm = p;
    }
    realm
}

/// Can `realm` make instances of template `t`? The template's constants (template objects,
/// name lists) are objects of the realm it was compiled in, so only that realm and its
/// compartments share its code.
pub fn template_fits(vm: &Vm, t: Value, realm: Handle<Realm>) -> bool {
    is_template(vm, t) && root_realm(vm, data(vm, t).realm) == root_realm(vm, realm)
}

/// A new module record of `realm` for the module `path`, made from template `t`: the same
/// code objects and tables, with a new environment and a fresh state, entered in the module
/// map (ParseModule without the parse: everything ParseModule derives from the text is in the
/// template).
fn instantiate_template(vm: &mut Vm, realm: Handle<Realm>, t: Value, path: &str) -> JsResult {
    if !template_fits(vm, t, realm) {
        return Err(vm.type_error(format!(
            "Cannot load module '{path}': its module source belongs to another realm"
        )));
    }
    let file = vm.heap.intern_str(path);
    let env_size = vm.heap.get(data(vm, t).env).slots.len();
    let env = vm.heap.alloc(Env {
        outer: None,
        slots: vec![Value::Empty; env_size],
        object: None,
        names: Value::Undefined,
    });
    let id = vm.agent.modules.len() as u32;
    let d = data(vm, t);
    let md = ModuleData {
        realm,
        path: file,
        env,
        init: d.init,
        body: d.body,
        status: UNLINKED,
        requests: d.requests.clone(),
        requested: vec![Value::Undefined; d.requests.len()],
        deferred: d.deferred.clone(),
        imports: d.imports.clone(),
        import_bindings: Vec::new(),
        namespace_imports: d.namespace_imports.clone(),
        local_exports: d.local_exports.clone(),
        indirect_exports: d.indirect_exports.clone(),
        star_exports: d.star_exports.clone(),
        namespace: Value::Undefined,
        deferred_namespace: Value::Undefined,
        meta: Value::Undefined,
        module_source: Value::Empty,
        error: Value::Empty,
        id,
        has_tla: d.has_tla,
        dynamic_tla: d.dynamic_tla,
        module_type: ModuleType::JavaScript as u8,
        dfs_ancestor_index: 0,
        cycle_root: u32::MAX,
        async_order: 0,
        pending_async: 0,
        async_parents: Vec::new(),
        capability: Vec::new(),
    };
    let record = vm
        .heap
        .alloc(Object::new(None, ObjectKind::Module(Box::new(md))));
    vm.heap.get_mut(env).names = Value::Object(record);
    enter_in_map(vm, realm, file, Value::Object(record));
    Ok(Value::Object(record))
}

/// Do two module records share their code (instances of one template)?
pub fn same_code(vm: &Vm, a: Value, b: Value) -> bool {
    is_module_record(vm, a)
        && is_module_record(vm, b)
        && data(vm, a).body == data(vm, b).body
        && data(vm, a).init == data(vm, b).init
}

/// Where an export resolves to.
enum Resolution {
    /// A binding in a module's environment.
    Slot(Value, u32),
    /// The namespace of a module (`export * as ns from`).
    /// The namespace of a module, deferred (`import defer * as ns; export { ns }`) or not.
    Namespace(Value, bool),
    /// The [[ModuleSource]] of a module (an `import source` binding, re-exported): the
    /// ResolvedBinding Record { [[Module]], [[BindingName]]: ~source~ }.
    Source(Value),
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
            let deferred = d.deferred.get(r as usize) == Some(&true);
            return match import {
                // ResolveExport step 5.a.iv (source phase imports): e.[[ImportName]] is ~source~.
                Value::String(i) if vm.heap.string_units(i) == SOURCE_IMPORT_NAME => {
                    Resolution::Source(target)
                }
                Value::String(i) => resolve_export(vm, target, &units_of(vm, i), set),
                _ => Resolution::Namespace(target, deferred),
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
                        (Resolution::Namespace(a, x), Resolution::Namespace(b, y)) => {
                            a == b && x == y
                        }
                        (Resolution::Source(a), Resolution::Source(b)) => a == b,
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
    get_module_namespace(vm, m, false)
}

/// GetModuleNamespace(module, phase): the namespace, or with `deferred` (phase defer) the
/// deferred namespace, which is another object.
/// <https://tc39.es/proposal-defer-import-eval/#sec-getmodulenamespace>
fn get_module_namespace(vm: &mut Vm, m: Value, deferred: bool) -> Value {
    let existing = if deferred {
        data(vm, m).deferred_namespace
    } else {
        data(vm, m).namespace
    };
    if let ns @ Value::Object(_) = existing {
        return ns;
    }
    let mut names = exported_names(vm, m, &mut Vec::new());
    names.retain(|n| {
        matches!(
            resolve_export(vm, m, n, &mut Vec::new()),
            Resolution::Slot(..) | Resolution::Namespace(..) | Resolution::Source(..)
        )
    });
    names.sort();
    let exports = names.iter().map(|n| vm.heap.intern(n)).collect();
    let ns = vm.heap.alloc(Object::new(
        None,
        ObjectKind::ModuleNamespace(Box::new(NamespaceData {
            module: m,
            exports,
            deferred,
        })),
    ));
    // @@toStringTag: "Module", or "Deferred Module" (non-writable, non-enumerable,
    // non-configurable).
    let tag = symbol_key(vm, WellKnown::ToStringTag);
    let v = Value::String(vm.str(if deferred {
        "Deferred Module"
    } else {
        "Module"
    }));
    crate::builtins::add(vm, ns, tag, v, 0);
    vm.heap.get_mut(ns).extensible = false;
    if deferred {
        data_mut(vm, m).deferred_namespace = Value::Object(ns);
    } else {
        data_mut(vm, m).namespace = Value::Object(ns);
    }
    Value::Object(ns)
}

/// The environment slot an import or an export resolves to.
fn binding_slot(vm: &mut Vm, r: Resolution) -> Option<(Handle<Env>, u32)> {
    match r {
        Resolution::Slot(target, slot) => Some((data(vm, target).env, slot)),
        Resolution::Namespace(target, deferred) => {
            // A namespace binding: a one-slot environment holding the namespace object.
            let ns = get_module_namespace(vm, target, deferred);
            let env = vm.heap.alloc(Env {
                outer: None,
                slots: vec![ns],
                object: None,
                names: Value::Undefined,
            });
            Some((env, 0))
        }
        Resolution::Source(target) => {
            // A source binding: a one-slot environment holding the module source object.
            let source = data(vm, target).module_source;
            if let Value::Empty = source {
                return None;
            }
            let env = vm.heap.alloc(Env {
                outer: None,
                slots: vec![source],
                object: None,
                names: Value::Undefined,
            });
            Some((env, 0))
        }
        Resolution::NotFound | Resolution::Ambiguous => None,
    }
}

/// Link(): resolves every import of `m` and its dependencies and runs their
/// InitializeEnvironment code. On failure the modules left ~linking~ become ~unlinked~ again
/// (step 4.a), so a later Link() reports the same error.
/// <https://tc39.es/ecma262/#sec-moduledeclarationlinking>
fn link(vm: &mut Vm, m: Value) -> JsResult<()> {
    let r = inner_module_linking(vm, m);
    if r.is_err() {
        let ids: Vec<u32> = vm.agent.modules.iter().map(|(id, _)| id).collect();
        for id in ids {
            let d = md_mut(vm, id);
            if d.status == LINKING {
                d.status = UNLINKED;
            }
        }
    }
    r
}

/// InnerModuleLinking(module) (depth first; a module ~linking~ is a cycle back to it).
/// <https://tc39.es/ecma262/#sec-InnerModuleLinking>
fn inner_module_linking(vm: &mut Vm, m: Value) -> JsResult<()> {
    if data(vm, m).status != UNLINKED {
        return Ok(());
    }
    data_mut(vm, m).status = LINKING;
    let slot = vm.root(m);
    // Each dependency is read from the rooted record: linking one runs JavaScript (its
    // initialization), which may move the others.
    for i in 0..data(vm, m).requested.len() {
        let m = vm.rooted(slot);
        let dep = data(vm, m).requested[i];
        if let Err(e) = inner_module_linking(vm, dep) {
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
        // InitializeEnvironment step 7 (source phase imports): an import of ~source~ binds
        // importedModule.GetModuleSource(), which throws a SyntaxError for a Source Text
        // Module Record (it has no module source); other imports go through ResolveExport.
        let source_import = name_units == SOURCE_IMPORT_NAME;
        let resolution = if source_import {
            Resolution::Source(target)
        } else {
            resolve_export(vm, target, &name_units, &mut Vec::new())
        };
        let ambiguous = matches!(resolution, Resolution::Ambiguous);
        match binding_slot(vm, resolution) {
            Some(b) => bindings.push(b),
            None => {
                let n = String::from_utf16_lossy(&name_units);
                let path = vm.rust_string(data(vm, target).path);
                let realm = data(vm, m).realm;
                vm.unroot(slot);
                let message = if source_import {
                    format!("'{path}' is a JavaScript module, which has no module source to import")
                } else if ambiguous {
                    format!("The requested module '{path}' export '{n}' is ambiguous")
                } else {
                    format!("The requested module '{path}' export '{n}' is not provided")
                };
                return Err(interp::in_realm(vm, realm, |vm| {
                    vm.throw_error(ErrorKind::SyntaxError, message)
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
        let deferred = data(vm, m).deferred.get(r as usize) == Some(&true);
        let ns = get_module_namespace(vm, target, deferred);
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
    let r = interp::run_module_code(vm, realm, init, env, m);
    let m = vm.rooted(slot);
    vm.unroot(slot);
    r?;
    data_mut(vm, m).status = LINKED;
    Ok(())
}

// --- evaluation ------------------------------------------------------------------------------
//
// Module records are named by their index in the agent's module map (`ModuleData::id`), which
// collections do not change, so the DFS stack, [[CycleRoot]] and [[AsyncParentModules]] are
// plain integers.

/// [[Status]] values.
const UNLINKED: u8 = 0;
const LINKING: u8 = 1;
const LINKED: u8 = 2;
const EVALUATING: u8 = 3;
const EVALUATING_ASYNC: u8 = 4;
const EVALUATED: u8 = 5;
/// [[AsyncEvaluationOrder]] ~unset~ and ~done~.
const ORDER_UNSET: u32 = 0;
const ORDER_DONE: u32 = u32::MAX;

/// The record of module `id`. Ids reach here from live records (their own, and the
/// [[CycleRoot]] of modules in their cycle, which hold each other through
/// [[RequestedModules]]); [[AsyncParentModules]] and ExecuteAsyncModule's closures, which can
/// outlive a parent whose realm died, check [`is_live`] first.
fn rec(vm: &Vm, id: u32) -> Value {
    match vm.agent.modules.get(id) {
        Some(&(_, m)) => m,
        None => unreachable!("module {id} is referenced but was collected"),
    }
}

/// Is module `id` still loaded (its realm alive)?
fn is_live(vm: &Vm, id: u32) -> bool {
    vm.agent.modules.get(id).is_some()
}

fn md(vm: &Vm, id: u32) -> &ModuleData {
    data(vm, rec(vm, id))
}

fn md_mut(vm: &mut Vm, id: u32) -> &mut ModuleData {
    let m = rec(vm, id);
    data_mut(vm, m)
}

/// [[CycleRoot]]. A module whose synchronous evaluation threw never had it set (Evaluate step 9
/// only records the error); it stands for itself.
fn cycle_root(vm: &Vm, id: u32) -> u32 {
    match md(vm, id).cycle_root {
        u32::MAX => id,
        root => root,
    }
}

fn has_async_order(vm: &Vm, id: u32) -> bool {
    let o = md(vm, id).async_order;
    o != ORDER_UNSET && o != ORDER_DONE
}

/// IncrementModuleAsyncEvaluationCount(). <https://tc39.es/ecma262/#sec-IncrementModuleAsyncEvaluationCount>
fn increment_module_async_evaluation_count(vm: &mut Vm) -> u32 {
    vm.module_async_count += 1;
    vm.module_async_count
}

/// Calls one of the functions of a module's [[TopLevelCapability]] (1 resolve, 2 reject).
fn settle_top_level(vm: &mut Vm, id: u32, which: usize, v: Value) {
    let Some(&f) = md(vm, id).capability.get(which) else {
        return;
    };
    // ! Call(capability.[[Resolve/Reject]]): the built-in resolving functions cannot throw.
    if ops::call(vm, f, Value::Undefined, &[v]).is_err() {
        vm.take_exception();
    }
}

/// Evaluate(): a promise for the evaluation of `m` and its dependencies.
/// <https://tc39.es/ecma262/#sec-moduleevaluation>
fn evaluate(vm: &mut Vm, m: Value) -> JsResult {
    let mut id = data(vm, m).id;
    // 3. An evaluated or evaluating-async module answers through its cycle root.
    if matches!(md(vm, id).status, EVALUATING_ASYNC | EVALUATED) {
        id = cycle_root(vm, id);
    }
    // 4. Later calls share the first call's promise.
    if let Some(&p) = md(vm, id).capability.first() {
        return Ok(p);
    }
    // 5-7. A new capability, held by the root.
    let c = Value::Object(vm.intrinsic(crate::realm::Intrinsic::Promise));
    let cap = crate::builtins::promise::new_promise_capability(vm, c)?;
    let capability = vec![cap.promise(vm), cap.resolve(vm), cap.reject(vm)];
    cap.release(vm);
    md_mut(vm, id).capability = capability;
    let mut stack = Vec::new();
    // 8. InnerModuleEvaluation(module, stack, 0).
    match inner_module_evaluation(vm, id, &mut stack, 0) {
        Err(_) => {
            // 9. Every module on the stack failed with the same error.
            let e = vm.take_exception();
            for m in stack {
                let d = md_mut(vm, m);
                d.status = EVALUATED;
                d.error = e;
            }
            settle_top_level(vm, id, 2, e);
        }
        Ok(_) => {
            // 10. A synchronous evaluation resolves now; an asynchronous one when it is done.
            if md(vm, id).status == EVALUATED {
                settle_top_level(vm, id, 1, Value::Undefined);
            }
        }
    }
    Ok(md(vm, id).capability[0])
}

/// Throws a module's [[EvaluationError]].
fn rethrow(vm: &mut Vm, id: u32) -> crate::Throw {
    let e = md(vm, id).error;
    vm.throw(e)
}

/// InnerModuleEvaluation(module, stack, index): the depth-first traversal that runs the
/// module bodies in post-order and groups cycles (strongly connected components).
/// <https://tc39.es/ecma262/#sec-innermoduleevaluation>
fn inner_module_evaluation(
    vm: &mut Vm,
    id: u32,
    stack: &mut Vec<u32>,
    mut index: u32,
) -> JsResult<u32> {
    // 2. Already evaluated (or evaluating asynchronously): its error, if any.
    match md(vm, id).status {
        EVALUATING_ASYNC | EVALUATED => {
            return match md(vm, id).error {
                Value::Empty => Ok(index),
                _ => Err(rethrow(vm, id)),
            };
        }
        // 3. A cycle back to a module on the stack.
        EVALUATING => return Ok(index),
        LINKED => {}
        _ => return Err(vm.type_error("module evaluated before it was linked")),
    }
    // 5-10.
    let module_index = index;
    {
        let d = md_mut(vm, id);
        d.status = EVALUATING;
        d.dfs_ancestor_index = index;
        d.pending_async = 0;
    }
    index += 1;
    stack.push(id);
    // 11. The dependencies: the evaluationList of the import defer proposal, where a deferred
    // request contributes only its asynchronous transitive dependencies.
    let mut evaluation_list: Vec<u32> = Vec::new();
    for i in 0..md(vm, id).requested.len() {
        let required = data(vm, md(vm, id).requested[i]).id;
        if md(vm, id).deferred.get(i) == Some(&true) {
            for m in gather_asynchronous_transitive_dependencies(vm, required, &mut Vec::new()) {
                if !evaluation_list.contains(&m) {
                    evaluation_list.push(m);
                }
            }
        } else if !evaluation_list.contains(&required) {
            evaluation_list.push(required);
        }
    }
    for required in evaluation_list {
        let mut required = required;
        index = inner_module_evaluation(vm, required, stack, index)?;
        if md(vm, required).status == EVALUATING {
            let a = md(vm, required).dfs_ancestor_index;
            let d = md_mut(vm, id);
            d.dfs_ancestor_index = d.dfs_ancestor_index.min(a);
        } else {
            required = cycle_root(vm, required);
            if !matches!(md(vm, required).error, Value::Empty) {
                return Err(rethrow(vm, required));
            }
        }
        if has_async_order(vm, required) {
            md_mut(vm, id).pending_async += 1;
            md_mut(vm, required).async_parents.push(id);
        }
    }
    // 12-13. Asynchronous if it awaits or waits for an asynchronous dependency.
    if md(vm, id).pending_async > 0 || md(vm, id).has_tla {
        let order = increment_module_async_evaluation_count(vm);
        md_mut(vm, id).async_order = order;
        if md(vm, id).pending_async == 0 {
            execute_async_module(vm, id);
        }
    } else if let Some(promise) = execute_module(vm, id)? {
        // A dynamic [[HasTLA]] that turned out true: from here on as step 12.
        let order = increment_module_async_evaluation_count(vm);
        md_mut(vm, id).async_order = order;
        await_module_completion(vm, id, promise);
    }
    // 16. The root of a strongly connected component pops the whole component.
    if md(vm, id).dfs_ancestor_index == module_index {
        while let Some(required) = stack.pop() {
            let d = md_mut(vm, required);
            d.status = if d.async_order == ORDER_UNSET {
                EVALUATED
            } else {
                EVALUATING_ASYNC
            };
            d.cycle_root = id;
            if required == id {
                break;
            }
        }
    }
    Ok(index)
}

/// IsModuleSCCEvaluated(module): whether the module's strongly connected component (its
/// [[CycleRoot]], once it has one) has finished evaluating.
/// <https://tc39.es/proposal-defer-import-eval/#sec-IsModuleSCCEvaluated>
fn is_module_scc_evaluated(vm: &Vm, id: u32) -> bool {
    // 1. If module.[[CycleRoot]] is not empty, the root's status decides.
    match md(vm, id).cycle_root {
        u32::MAX => md(vm, id).status == EVALUATED,
        root => md(vm, root).status == EVALUATED,
    }
}

/// GatherAsynchronousTransitiveDependencies(module, seen): the modules with top-level `await`
/// that a deferred import of `id` must still evaluate eagerly, without going past them.
/// <https://tc39.es/proposal-defer-import-eval/#sec-GatherAsynchronousTransitiveDependencies>
fn gather_asynchronous_transitive_dependencies(vm: &Vm, id: u32, seen: &mut Vec<u32>) -> Vec<u32> {
    let mut result = Vec::new();
    // 3-4. Each module once.
    if seen.contains(&id) {
        return result;
    }
    seen.push(id);
    // 6. A module being evaluated, or whose strongly connected component is evaluated,
    // contributes nothing. (A module evaluated as part of a cycle whose root still awaits
    // is not done: the deferred import must wait for that root.)
    if md(vm, id).status == EVALUATING || is_module_scc_evaluated(vm, id) {
        return result;
    }
    // 7. A module with top-level await is evaluated eagerly (and one that may turn out so).
    if md(vm, id).has_tla || md(vm, id).dynamic_tla {
        result.push(id);
        return result;
    }
    // 8. Otherwise its dependencies' asynchronous dependencies.
    for i in 0..md(vm, id).requested.len() {
        let required = data(vm, md(vm, id).requested[i]).id;
        for m in gather_asynchronous_transitive_dependencies(vm, required, seen) {
            if !result.contains(&m) {
                result.push(m);
            }
        }
    }
    result
}

/// ReadyForSyncExecution(module, seen): whether evaluating `id` now would finish
/// synchronously. <https://tc39.es/proposal-defer-import-eval/#sec-ReadyForSyncExecution>
fn ready_for_sync_execution(vm: &Vm, id: u32, seen: &mut Vec<u32>) -> bool {
    // 2-3. Each module once.
    if seen.contains(&id) {
        return true;
    }
    seen.push(id);
    // 5. A module whose strongly connected component is evaluated is ready.
    if is_module_scc_evaluated(vm, id) {
        return true;
    }
    // 6. One being evaluated is not.
    if matches!(md(vm, id).status, EVALUATING | EVALUATING_ASYNC | EVALUATED) {
        return false;
    }
    // 7. Nor is one with top-level await (or one that may turn out so).
    if md(vm, id).has_tla || md(vm, id).dynamic_tla {
        return false;
    }
    // 8. Every dependency must be ready too.
    (0..md(vm, id).requested.len()).all(|i| {
        let required = data(vm, md(vm, id).requested[i]).id;
        ready_for_sync_execution(vm, required, seen)
    })
}

/// EvaluateSync(module): evaluates a module that is ready for synchronous execution, throwing
/// its evaluation error. <https://tc39.es/proposal-defer-import-eval/#sec-EvaluateSync>
fn evaluate_sync(vm: &mut Vm, m: Value) -> JsResult<()> {
    // 2. Let promise be ! module.Evaluate().
    let promise = evaluate(vm, m)?;
    // 3-4. The promise is settled; a rejection is marked handled and thrown.
    let (state, result) = promise_state(vm, promise);
    if state == 2 {
        if let Value::Object(p) = promise {
            if let ObjectKind::Promise(d) = &mut vm.heap.get_mut(p).kind {
                d.is_handled = true;
            }
        }
        return Err(vm.throw(result));
    }
    Ok(())
}

/// ExecuteModule() of a module without top-level `await`: runs its body. A body with a
/// dynamic [[HasTLA]] may have handed its completion to a promise ([`complete_with`]): that
/// promise, which the module's evaluation must wait for as for a body with top-level `await`.
/// <https://tc39.es/ecma262/#sec-source-text-module-record-execute-module>
fn execute_module(vm: &mut Vm, id: u32) -> JsResult<Option<Handle<Object>>> {
    let m = rec(vm, id);
    let (realm, body, env) = {
        let d = data(vm, m);
        (d.realm, d.body, d.env)
    };
    let outer = std::mem::replace(&mut vm.module_completion, Value::Empty);
    let slot = vm.root(outer);
    let r = interp::run_module_code(vm, realm, body, env, m);
    let completion = std::mem::replace(&mut vm.module_completion, vm.roots[slot]);
    vm.unroot(slot);
    r?;
    Ok(match completion {
        Value::Object(p) if md(vm, id).dynamic_tla => Some(p),
        _ => None,
    })
}

/// Hands the completion of the running module body to `promise`: the module's evaluation,
/// and its importers', wait for it, as for a body with top-level `await` (a rejection is the
/// module's evaluation error). Only a body with a dynamic [[HasTLA]] can, and only from the
/// body itself (the running frame is the body's); elsewhere a TypeError.
pub fn complete_with(vm: &mut Vm, promise: Handle<Object>) -> JsResult<()> {
    let running = vm.frames.last().map(|f| f.function);
    let ok = match running {
        Some(m @ Value::Object(o)) => {
            matches!(&vm.heap.get(o).kind, ObjectKind::Module(d) if d.dynamic_tla && d.status == EVALUATING)
                && vm.module_completion == Value::Empty
                && is_module_record(vm, m)
        }
        _ => false,
    };
    if !ok {
        return Err(
            vm.type_error("a module's completion can only be handed over by its body, once")
        );
    }
    vm.module_completion = Value::Object(promise);
    Ok(())
}

/// Waits for the promise a module body with a dynamic [[HasTLA]] handed its completion to:
/// its settlement is the body's, as in ExecuteAsyncModule.
fn await_module_completion(vm: &mut Vm, id: u32, promise: Handle<Object>) {
    let slot = vm.root(Value::Object(promise));
    let tag = Value::Number(id as f64);
    let on_fulfilled = closure(vm, NativeId::AsyncModuleFulfilled, 0, vec![tag]);
    let on_rejected = closure(vm, NativeId::AsyncModuleRejected, 0, vec![tag]);
    let Value::Object(promise) = vm.rooted(slot) else {
        unreachable!()
    };
    vm.unroot(slot);
    crate::builtins::promise::perform_promise_then(
        vm,
        promise,
        Value::Object(on_fulfilled),
        Value::Object(on_rejected),
        None,
    );
}

/// ExecuteAsyncModule(module). <https://tc39.es/ecma262/#sec-execute-async-module>
///
/// The body of a module with top-level `await` is compiled as an async body (AsyncBlockStart):
/// it creates its own promise capability and returns the promise when it first suspends or
/// completes. Reacting to that promise is the same as passing the spec's capability to
/// ExecuteModule: the reactions run in the same job, after the same number of ticks.
fn execute_async_module(vm: &mut Vm, id: u32) {
    let m = rec(vm, id);
    let (realm, body, env) = {
        let d = data(vm, m);
        (d.realm, d.body, d.env)
    };
    let promise = match interp::run_module_code(vm, realm, body, env, m) {
        Ok(Value::Object(p)) => p,
        // The body's prologue failed (it cannot, short of running out of stack).
        Ok(_) | Err(_) => {
            let e = if vm.exception == Value::Empty {
                Value::Undefined
            } else {
                vm.take_exception()
            };
            async_module_execution_rejected(vm, id, e);
            return;
        }
    };
    await_module_completion(vm, id, promise);
}

/// The module id a closure of [`execute_async_module`] captured.
fn closure_module(vm: &Vm, args: crate::Args) -> Option<u32> {
    let f = args.callee(vm);
    match &vm.heap.get(f).kind {
        ObjectKind::Native(n) => match n.slots.first() {
            Some(Value::Number(id)) if is_live(vm, *id as u32) => Some(*id as u32),
            _ => None,
        },
        _ => None,
    }
}

/// The fulfilledClosure of ExecuteAsyncModule.
pub fn async_module_fulfilled(vm: &mut Vm, args: crate::Args) -> JsResult {
    if let Some(id) = closure_module(vm, args) {
        async_module_execution_fulfilled(vm, id);
    }
    Ok(Value::Undefined)
}

/// The rejectedClosure of ExecuteAsyncModule.
pub fn async_module_rejected(vm: &mut Vm, args: crate::Args) -> JsResult {
    let error = args.get(vm, 0);
    if let Some(id) = closure_module(vm, args) {
        async_module_execution_rejected(vm, id, error);
    }
    Ok(Value::Undefined)
}

/// GatherAvailableAncestors(module, execList).
/// <https://tc39.es/ecma262/#sec-gather-available-ancestors>
fn gather_available_ancestors(vm: &mut Vm, id: u32, exec_list: &mut Vec<u32>) {
    for m in md(vm, id).async_parents.clone() {
        // A parent whose realm died no longer waits for anything.
        if !is_live(vm, m) {
            continue;
        }
        let root = cycle_root(vm, m);
        if !exec_list.contains(&m) && matches!(md(vm, root).error, Value::Empty) {
            let d = md_mut(vm, m);
            d.pending_async = d.pending_async.saturating_sub(1);
            if d.pending_async == 0 {
                exec_list.push(m);
                // A module with a dynamic [[HasTLA]] may turn out asynchronous: its own
                // ancestors are gathered when it has finished (see the loop in
                // async_module_execution_fulfilled).
                if !md(vm, m).has_tla && !md(vm, m).dynamic_tla {
                    gather_available_ancestors(vm, m, exec_list);
                }
            }
        }
    }
}

/// AsyncModuleExecutionFulfilled(module).
/// <https://tc39.es/ecma262/#sec-async-module-execution-fulfilled>
fn async_module_execution_fulfilled(vm: &mut Vm, id: u32) {
    // 1. It failed already (through a dependency of its cycle).
    if md(vm, id).status == EVALUATED {
        return;
    }
    // 5-7.
    {
        let d = md_mut(vm, id);
        d.async_order = ORDER_DONE;
        d.status = EVALUATED;
    }
    settle_top_level(vm, id, 1, Value::Undefined);
    // 8-10. The ancestors that can run now, in the order they started evaluating.
    let mut exec_list = Vec::new();
    gather_available_ancestors(vm, id, &mut exec_list);
    exec_list.sort_by_key(|&m| md(vm, m).async_order);
    // 11.
    for m in exec_list {
        if md(vm, m).status == EVALUATED {
            continue;
        }
        if md(vm, m).has_tla {
            execute_async_module(vm, m);
            continue;
        }
        match execute_module(vm, m) {
            Err(_) => {
                let e = vm.take_exception();
                async_module_execution_rejected(vm, m, e);
            }
            Ok(Some(promise)) => await_module_completion(vm, m, promise),
            // A dynamic [[HasTLA]] that turned out false: done, and now its ancestors, which
            // were not gathered with it. (They run before the rest of this list, a deviation
            // in order only between modules that do not depend on each other.)
            Ok(None) if md(vm, m).dynamic_tla => async_module_execution_fulfilled(vm, m),
            Ok(None) => {
                let d = md_mut(vm, m);
                d.async_order = ORDER_DONE;
                d.status = EVALUATED;
                settle_top_level(vm, m, 1, Value::Undefined);
            }
        }
    }
}

/// AsyncModuleExecutionRejected(module, error).
/// <https://tc39.es/ecma262/#sec-async-module-execution-rejected>
fn async_module_execution_rejected(vm: &mut Vm, id: u32, error: Value) {
    // 1.
    if md(vm, id).status == EVALUATED {
        return;
    }
    // 5-8.
    {
        let d = md_mut(vm, id);
        d.error = error;
        d.status = EVALUATED;
        d.async_order = ORDER_DONE;
    }
    // 9-10. The module's own evaluation promise rejects first, then every waiting importer
    // fails with the same error: leaf to root. (The current draft orders these steps so, as
    // test262 checks; the copy in spec.txt still has the importers first.) The error is read
    // back from the record each time: running the rejections may collect.
    let error = md(vm, id).error;
    settle_top_level(vm, id, 2, error);
    for m in md(vm, id).async_parents.clone() {
        if !is_live(vm, m) {
            continue;
        }
        let error = md(vm, id).error;
        async_module_execution_rejected(vm, m, error);
    }
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

/// Loads, links and evaluates the module at `path` with the given source; returns the promise
/// of its evaluation (Evaluate()). A synchronous module graph has settled it already.
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
    let m = load(vm, realm, path, Some(source), ModuleType::JavaScript)
        .map_err(|_| Failure::Resolution)?;
    let slot = vm.root(m);
    if link(vm, m).is_err() {
        vm.unroot(slot);
        return Err(Failure::Resolution);
    }
    let m = vm.rooted(slot);
    vm.unroot(slot);
    evaluate(vm, m).map_err(|_| Failure::Evaluation)
}

/// Loads the module `specifier` through `hook` (`hook(specifier, referrer)` returns a module's
/// source text; the module's own imports come through it too, with their specifiers used as
/// they are), links and evaluates it in `realm`, and returns its namespace object. A module
/// still evaluating (top-level await) has its namespace returned all the same; its evaluation
/// goes on in the job queue. Used by `RealmBuilder.prototype.evalModule`.
pub fn load_with_hook(vm: &mut Vm, realm: Handle<Realm>, specifier: &str, hook: Value) -> JsResult {
    let hook_slot = vm.root(hook);
    let loaded = load_with(
        vm,
        Loader::Hook(hook_slot),
        realm,
        specifier,
        "",
        None,
        ModuleType::JavaScript,
    );
    vm.unroot(hook_slot);
    let m = loaded?;
    let slot = vm.root(m);
    let result = link(vm, m).and_then(|()| {
        let m = vm.rooted(slot);
        evaluate(vm, m)
    });
    let m = vm.rooted(slot);
    vm.unroot(slot);
    let promise = result?;
    match promise_state(vm, promise) {
        (2, error) => Err(vm.throw(error)),
        _ => Ok(namespace(vm, m)),
    }
}

/// Loads the module `specifier` of `realm` (a compartment's record) and everything it imports
/// through `host` (HostLoadImportedModule, synchronously), and returns its record, neither
/// linked nor evaluated. A record already in `realm`'s module map is returned as it is.
pub fn load_with_host(
    vm: &mut Vm,
    realm: Handle<Realm>,
    specifier: &str,
    host: &dyn ModuleHost,
) -> JsResult {
    load_with(
        vm,
        Loader::Host(host),
        realm,
        specifier,
        "",
        None,
        ModuleType::JavaScript,
    )
}

/// Link() of a module record. <https://tc39.es/ecma262/#sec-moduledeclarationlinking>
pub fn link_module(vm: &mut Vm, m: Value) -> JsResult<()> {
    link(vm, m)
}

/// Evaluate() of a linked module record: the promise of its evaluation.
/// <https://tc39.es/ecma262/#sec-moduleevaluation>
pub fn evaluate_module(vm: &mut Vm, m: Value) -> JsResult {
    evaluate(vm, m)
}

/// Is `v` a module record?
pub fn is_module_record(vm: &Vm, v: Value) -> bool {
    matches!(v, Value::Object(o) if matches!(vm.heap.get(o).kind, ObjectKind::Module(_)))
}

/// The module record behind a module namespace exotic object.
pub fn module_of_namespace(vm: &Vm, v: Value) -> Option<Value> {
    match v {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::ModuleNamespace(d) => Some(d.module),
            _ => None,
        },
        _ => None,
    }
}

/// The realm (or compartment record) and the specifier (its module-map key) of a module record.
pub fn module_realm_and_path(vm: &Vm, m: Value) -> (Handle<Realm>, Handle<JsString>) {
    let d = data(vm, m);
    (d.realm, d.path)
}

/// A module of `realm`, entered in its module map under `path`, whose exports are `exports`
/// (name, value), fixed when it is made: a compartment's virtual namespace descriptor
/// `{namespace: object}` (REALMS-DESIGN C.4). It is made like a JSON module: an empty module
/// with one more environment slot per export, initialized from the start.
pub fn synthetic_module(
    vm: &mut Vm,
    realm: Handle<Realm>,
    path: &str,
    exports: &[(Vec<u16>, Value)],
) -> JsResult {
    let base = vm.roots.len();
    for (_, v) in exports {
        vm.root(*v);
    }
    let mut compiled = match amber_compiler::compile_module_source("", path) {
        Ok(c) => c,
        Err(e) => {
            vm.unroot(base);
            return Err(vm.throw_error(ErrorKind::SyntaxError, e.message));
        }
    };
    let first = compiled.env_size;
    compiled.env_size += exports.len() as u32;
    for (i, (name, _)) in exports.iter().enumerate() {
        compiled
            .local_exports
            .push((name.clone(), first + i as u32));
    }
    let m = create_record(vm, realm, &compiled, ModuleType::JavaScript);
    let env = data(vm, m).env;
    for i in 0..exports.len() {
        let v = vm.rooted(base + i);
        vm.heap.get_mut(env).slots[first as usize + i] = v;
    }
    vm.unroot(base);
    Ok(m)
}

/// What a module's source text imports and exports, read statically (for `ModuleSource`).
pub struct ModuleSourceInfo {
    /// The requested specifiers, in source order, without duplicates.
    pub imports: Vec<String>,
    /// The names it exports itself or re-exports by name (not those of `export *`).
    pub exports: Vec<String>,
    /// The specifiers of its `export * from` requests.
    pub reexports: Vec<String>,
    /// Does the body use top-level `await`?
    pub has_tla: bool,
}

/// ParseModule of `source` (with early errors), without creating a record: what it imports
/// and exports, or the SyntaxError message.
pub fn analyze_module_source(source: &str) -> Result<ModuleSourceInfo, String> {
    let c = amber_compiler::compile_module_source(source, "").map_err(|e| {
        let (line, col) = amber_parser::line_col(source, e.span.start as usize);
        format!("{} ({line}:{col})", e.message)
    })?;
    let text = |u: &Vec<u16>| String::from_utf16_lossy(u);
    let mut exports: Vec<String> = c.local_exports.iter().map(|(n, _)| text(n)).collect();
    exports.extend(c.indirect_exports.iter().map(|(n, _, _)| text(n)));
    Ok(ModuleSourceInfo {
        imports: c.requests.iter().map(text).collect(),
        exports,
        reexports: c
            .star_exports
            .iter()
            .filter_map(|&r| c.requests.get(r as usize).map(text))
            .collect(),
        has_tla: c.has_tla,
    })
}

/// What template `t` ([`compile_template`]) imports and exports, as
/// [`analyze_module_source`] reads them from the text.
pub fn template_info(vm: &Vm, t: Value) -> ModuleSourceInfo {
    let d = data(vm, t);
    let text = |s: Handle<JsString>| vm.rust_string(s);
    let mut exports: Vec<String> = d.local_exports.iter().map(|&(n, _)| text(n)).collect();
    exports.extend(d.indirect_exports.iter().map(|&(n, _)| text(n)));
    ModuleSourceInfo {
        imports: d.requests.iter().map(|&r| text(r)).collect(),
        exports,
        reexports: d
            .star_exports
            .iter()
            .filter_map(|&r| d.requests.get(r as usize).map(|&s| text(s)))
            .collect(),
        has_tla: d.has_tla,
    }
}

/// The state of a promise: 0 pending, 1 fulfilled, 2 rejected, and its result.
pub fn promise_state(vm: &Vm, p: Value) -> (u8, Value) {
    match p {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::Promise(d) => (d.state, d.result),
            _ => (0, Value::Undefined),
        },
        _ => (0, Value::Undefined),
    }
}

/// The referrer of `import()` in code whose file is `file`: the file, except in the code of a
/// module template ([`TEMPLATE_FILE`]), shared by all its instances, where it is the specifier
/// of the instance that is running (GetActiveScriptOrModule): the module whose environment
/// is at the end of the running code's environment chain.
fn referrer_of(vm: &Vm, file: &str) -> String {
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
        ObjectKind::Native(n) if n.slots.len() == 4 => n.slots.clone(),
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
fn continue_deferred_import(vm: &mut Vm, slot: usize) -> JsResult {
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
        ObjectKind::Native(n) if n.slots.len() == 5 => n.slots.clone(),
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

/// `LdaImport`: the value of import binding `index` of the module owning `env`.
pub fn load_import(vm: &mut Vm, env: Handle<Env>, index: u32) -> JsResult {
    let m = record_of_env(vm, env);
    let (target, slot) = data(vm, m).import_bindings[index as usize];
    Ok(vm.heap.get(target).slots[slot as usize])
}

/// `import.meta`: an ordinary object with a null prototype, created on first use
/// (HostGetImportMetaProperties / HostFinalizeImportMeta: a compartment's `importMetaHook`
/// fills it through its extension).
/// <https://tc39.es/ecma262/#sec-meta-properties-runtime-semantics-evaluation>
pub fn import_meta(vm: &mut Vm, env: Handle<Env>) -> JsResult {
    let m = record_of_env(vm, env);
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
        Resolution::Namespace(target, deferred) => get_module_namespace(vm, target, deferred),
        Resolution::Source(target) => data(vm, target).module_source,
        _ => Value::Undefined,
    };
    if let Value::Empty = v {
        let n = String::from_utf16_lossy(name);
        return Err(vm.reference_error(format!("Cannot access '{n}' before initialization")));
    }
    Ok(v)
}

/// Whether `o` is a deferred module namespace (`import defer * as ns`).
pub fn is_deferred_namespace(vm: &Vm, o: Handle<Object>) -> bool {
    matches!(&vm.heap.get(o).kind, ObjectKind::ModuleNamespace(d) if d.deferred)
}

/// IsSymbolLikeNamespaceKey(P, O): a Symbol, or "then" on a deferred namespace; these keys
/// never evaluate a deferred module.
/// <https://tc39.es/proposal-defer-import-eval/#sec-IsSymbolLikeNamespaceKey>
fn is_symbol_like_namespace_key(vm: &Vm, o: Handle<Object>, key: PropertyKey) -> bool {
    match key {
        PropertyKey::Symbol(_) => true,
        PropertyKey::String(s) => {
            is_deferred_namespace(vm, o)
                && vm.heap.string_units(s) == "then".encode_utf16().collect::<Vec<_>>()
        }
        PropertyKey::Index(_) => false,
    }
}

/// GetModuleExportsList(O), for its effect: a deferred namespace evaluates its module first
/// (a TypeError if that cannot finish synchronously). Evaluation runs JavaScript, so the
/// namespace and the key (kept in root slots meanwhile) come back refreshed.
/// <https://tc39.es/proposal-defer-import-eval/#sec-GetModuleExportsList>
fn get_module_exports_list(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
) -> JsResult<(Handle<Object>, PropertyKey)> {
    let m = match &vm.heap.get(o).kind {
        ObjectKind::ModuleNamespace(d) if d.deferred => d.module,
        _ => return Ok((o, key)),
    };
    // 1.b. Not evaluated and not ready for synchronous execution: a TypeError.
    let id = data(vm, m).id;
    if md(vm, id).status != EVALUATED && !ready_for_sync_execution(vm, id, &mut Vec::new()) {
        return Err(
            vm.type_error("Cannot evaluate a deferred module now: it is being evaluated or awaits")
        );
    }
    // 1.c. Perform ? EvaluateSync(m).
    let slot = vm.root(Value::Object(o));
    crate::builtins::root_key(vm, key);
    let r = evaluate_sync(vm, m);
    let (o, key) = match vm.rooted(slot) {
        Value::Object(o) => (o, crate::builtins::rooted_key(vm, slot + 1)),
        _ => unreachable!("the namespace slot holds the namespace"),
    };
    vm.unroot(slot);
    r.map(|()| (o, key))
}

/// [[GetOwnProperty]] <https://tc39.es/ecma262/#sec-module-namespace-exotic-objects-getownproperty-p>
pub fn get_own_property(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
) -> JsResult<Option<PropertyDescriptor>> {
    if is_symbol_like_namespace_key(vm, o, key) {
        return Ok(object::ordinary_get_own_property(vm, o, key));
    }
    let (o, key) = get_module_exports_list(vm, o, key)?;
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
    if is_symbol_like_namespace_key(vm, o, key) {
        return object::ordinary_define_own_property(vm, o, key, desc);
    }
    // [[GetOwnProperty]] may evaluate a deferred module: keep the descriptor's value rooted.
    let slot = vm.root(desc.value.unwrap_or(Value::Undefined));
    let current = get_own_property(vm, o, key);
    let value = desc.value.map(|_| vm.rooted(slot));
    vm.unroot(slot);
    let Some(current) = current? else {
        return Ok(false);
    };
    if desc.configurable == Some(true)
        || desc.enumerable == Some(false)
        || desc.is_accessor()
        || desc.writable == Some(false)
    {
        return Ok(false);
    }
    if let Some(v) = value {
        return Ok(ops::same_value(
            vm,
            v,
            current.value.unwrap_or(Value::Undefined),
        ));
    }
    Ok(true)
}

/// [[HasProperty]]
pub fn has_property(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) -> JsResult<bool> {
    if is_symbol_like_namespace_key(vm, o, key) {
        return Ok(object::ordinary_get_own_property(vm, o, key).is_some());
    }
    let (o, key) = get_module_exports_list(vm, o, key)?;
    Ok(ns_export(vm, o, key).is_some())
}

/// [[Get]] <https://tc39.es/ecma262/#sec-module-namespace-exotic-objects-get-p-receiver>
pub fn get(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) -> JsResult {
    if is_symbol_like_namespace_key(vm, o, key) {
        return Ok(object::ordinary_get_own_property(vm, o, key)
            .and_then(|d| d.value)
            .unwrap_or(Value::Undefined));
    }
    let (o, key) = get_module_exports_list(vm, o, key)?;
    match ns_export(vm, o, key) {
        Some(name) => ns_value(vm, o, &name),
        None => Ok(Value::Undefined),
    }
}

/// [[Delete]]
pub fn delete(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) -> JsResult<bool> {
    if is_symbol_like_namespace_key(vm, o, key) {
        return Ok(object::ordinary_get_own_property(vm, o, key)
            .is_none_or(|d| d.configurable == Some(true)));
    }
    let (o, key) = get_module_exports_list(vm, o, key)?;
    Ok(ns_export(vm, o, key).is_none())
}

/// [[OwnPropertyKeys]]: the exports (sorted), then the symbols.
pub fn own_property_keys(vm: &mut Vm, o: Handle<Object>) -> JsResult<Vec<PropertyKey>> {
    // GetModuleExportsList(O) (the key is only carried along).
    let (o, _) = get_module_exports_list(vm, o, PropertyKey::Index(0))?;
    let (_, exports) = ns_data(vm, o);
    let mut keys: Vec<PropertyKey> = exports
        .iter()
        .map(|&e| ops::key_from_string(vm, e))
        .collect();
    let symbols: Vec<PropertyKey> = vm.heap.property_keys(o);
    keys.extend(symbols);
    Ok(keys)
}
