//! Template objects for tagged templates (GetTemplateObject).
//! <https://tc39.es/ecma262/#sec-gettemplateobject>

use crate::object::PropertyDescriptor;
use crate::ops;
use crate::{JsResult, Vm};
use amber_heap::{Code, Handle, Value};

/// The constant for a template site: an array `[cooked strings..., raw array]` built when the
/// code is loaded; the template object itself is made (and cached per realm) on first use.
pub fn template_constant(vm: &mut Vm, cooked: &[Option<Vec<u16>>], raw: &[Vec<u16>]) -> Value {
    let mut values: Vec<Value> = cooked
        .iter()
        .map(|c| match c {
            Some(s) => Value::String(vm.heap.intern(s)),
            None => Value::Undefined,
        })
        .collect();
    let raws: Vec<Value> = raw
        .iter()
        .map(|s| Value::String(vm.heap.intern(s)))
        .collect();
    let raw_array = ops::create_array_from_list(vm, &raws);
    values.push(Value::Object(raw_array));
    Value::Object(ops::create_array_from_list(vm, &values))
}

/// GetTemplateObject(templateLiteral): one frozen object per site and realm.
pub fn get_template_object(vm: &mut Vm, code: Handle<Code>, k: u32) -> JsResult {
    let realm = vm.current_realm();
    if let Some(&(_, o)) = vm
        .heap
        .get(realm)
        .template_map
        .iter()
        .find(|((c, kk), _)| *c == code && *kk == k)
    {
        return Ok(Value::Object(o));
    }
    // The site constant is an object (verified when an image is loaded) holding the cooked
    // strings and then the raw strings' array; only a corrupt image breaks the rest.
    let corrupt = |vm: &mut Vm| Err(vm.type_error("internal error: corrupt template constant"));
    let Some(Value::Object(site)) = vm.heap.get(code).constants.get(k as usize).copied() else {
        return corrupt(vm);
    };
    let elements = vm.heap.get(site).elements.clone();
    let Some((&Value::Object(raw_src), cooked)) = elements.split_last() else {
        return corrupt(vm);
    };
    let raw_values = vm.heap.get(raw_src).elements.clone();
    let template = ops::create_array_from_list(vm, cooked);
    let raw = ops::create_array_from_list(vm, &raw_values);
    crate::builtins::object::set_integrity_level(vm, raw, true)?;
    let rk = vm.key("raw");
    ops::define_property_or_throw(
        vm,
        template,
        rk,
        PropertyDescriptor::data(Value::Object(raw), false, false, false),
    )?;
    crate::builtins::object::set_integrity_level(vm, template, true)?;
    vm.heap
        .get_mut(realm)
        .template_map
        .push(((code, k), template));
    Ok(Value::Object(template))
}
