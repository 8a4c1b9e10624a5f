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

mod dynamic_import;
mod evaluation;
mod linking;
mod loading;
mod namespace;

pub use dynamic_import::*;
pub use evaluation::*;
pub use linking::*;
pub use loading::*;
pub use namespace::*;

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
