//! Module namespace exotic objects: their internal methods.

use super::*;

// --- module namespace exotic objects ----------------------------------------------------------

pub(super) fn ns_data(vm: &Vm, o: Handle<Object>) -> (Value, Vec<Handle<JsString>>) {
    match &vm.heap.get(o).kind {
        ObjectKind::ModuleNamespace(d) => (d.module, d.exports.clone()),
        _ => unreachable!("not a namespace"),
    }
}

/// The export named by `key`, if the namespace has it.
pub(super) fn ns_export(vm: &Vm, o: Handle<Object>, key: PropertyKey) -> Option<Vec<u16>> {
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
pub(super) fn ns_value(vm: &mut Vm, o: Handle<Object>, name: &[u16]) -> JsResult {
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
pub(super) fn is_symbol_like_namespace_key(vm: &Vm, o: Handle<Object>, key: PropertyKey) -> bool {
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
pub(super) fn get_module_exports_list(
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
