//! Loading: resolving specifiers, the host's fetch, JSON/text/bytes modules, creating module
//! records and module templates (`ModuleSource`).

use super::*;

/// Resolves `specifier` against the file of the importing module or script.
pub(super) fn resolve_path(referrer: &str, specifier: &str) -> PathBuf {
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
pub(super) fn lookup(vm: &Vm, realm: Handle<Realm>, path: &str, ty: ModuleType) -> Option<Value> {
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
pub(super) fn request_type(attributes: &[(Vec<u16>, Vec<u16>)]) -> Result<ModuleType, String> {
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
pub(super) fn load_json(vm: &mut Vm, realm: Handle<Realm>, path: &str, source: &str) -> JsResult {
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
pub(super) fn create_default_export_synthetic_module(
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
pub(super) const TEST262_MODULE_SOURCE: &str = "<module source>";

/// The test262 host's module for `<module source>`: a module with no exports whose
/// [[ModuleSource]] is an object inheriting from %AbstractModuleSource.prototype% (what a
/// WebAssembly module record would provide; Amber has no such module type of its own).
pub(super) fn create_test262_module_source(
    vm: &mut Vm,
    realm: Handle<Realm>,
    path: &str,
) -> JsResult {
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
pub(super) enum Loader<'a> {
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
    pub(super) fn resolve(self, vm: &mut Vm, referrer: &str, specifier: &str) -> JsResult<String> {
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

pub(super) fn load(
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
pub(super) fn load_with(
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

pub(super) fn load_rooted(
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
pub(super) fn load_requests(
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
pub(super) fn module_type_of(n: u8) -> ModuleType {
    match n {
        1 => ModuleType::Json,
        2 => ModuleType::Text,
        3 => ModuleType::Bytes,
        _ => ModuleType::JavaScript,
    }
}

/// Allocates a module record and its environment, and enters it in the module map.
pub(super) fn create_record(
    vm: &mut Vm,
    realm: Handle<Realm>,
    c: &CompiledModule,
    ty: ModuleType,
) -> Value {
    let record = alloc_record(vm, realm, c, ty, vm.agent.modules.len() as u32);
    let file = data(vm, record).path;
    enter_in_map(vm, realm, file, record);
    record
}

/// Enters a new module record in the agent's module table (weakly, under the id it was made
/// with) and in its realm's [[LoadedModules]] (strongly: the realm keeps it alive).
pub(super) fn enter_in_map(
    vm: &mut Vm,
    realm: Handle<Realm>,
    file: Handle<JsString>,
    record: Value,
) {
    let id = vm.agent.modules.push((file, record));
    debug_assert_eq!(id, data(vm, record).id);
    vm.heap.get_mut(realm).modules.push(record);
}

/// Allocates a module record with id `id` and its environment, without entering it in the
/// module map.
pub(super) fn alloc_record(
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
pub(super) const TEMPLATE_ID: u32 = u32::MAX;

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
pub(super) fn root_realm(vm: &Vm, mut realm: Handle<Realm>) -> Handle<Realm> {
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
pub(super) fn instantiate_template(
    vm: &mut Vm,
    realm: Handle<Realm>,
    t: Value,
    path: &str,
) -> JsResult {
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
