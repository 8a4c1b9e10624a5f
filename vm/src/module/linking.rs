//! Linking: ResolveExport, GetExportedNames, namespaces of records, Link() and
//! InnerModuleLinking.

use super::*;

/// Where an export resolves to.
pub(super) enum Resolution {
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
pub(super) fn resolve_export(
    vm: &Vm,
    m: Value,
    name: &[u16],
    set: &mut Vec<(Value, Vec<u16>)>,
) -> Resolution {
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
pub(super) fn exported_names(vm: &Vm, m: Value, visited: &mut Vec<Value>) -> Vec<Vec<u16>> {
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
pub(super) fn get_module_namespace(vm: &mut Vm, m: Value, deferred: bool) -> Value {
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
pub(super) fn binding_slot(vm: &mut Vm, r: Resolution) -> Option<(Handle<Env>, u32)> {
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
pub(super) fn link(vm: &mut Vm, m: Value) -> JsResult<()> {
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
pub(super) fn inner_module_linking(vm: &mut Vm, m: Value) -> JsResult<()> {
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
