//! Proxy exotic objects. <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots>
//!
//! The `Proxy` constructor is not installed yet, so no proxy object can exist: these internal
//! methods are the dispatch targets the object model already calls, and they report the missing
//! feature as a TypeError rather than misbehave.

use crate::object::PropertyDescriptor;
use crate::{JsResult, Vm};
use amber_heap::{Handle, Object, PropertyKey, Value};

pub fn init(_vm: &mut Vm) {}

fn unsupported<T>(vm: &mut Vm) -> JsResult<T> {
    Err(vm.type_error("Proxy objects are not supported yet"))
}

pub fn get_prototype_of(vm: &mut Vm, _: Handle<Object>) -> JsResult<Option<Handle<Object>>> {
    unsupported(vm)
}
pub fn set_prototype_of(
    vm: &mut Vm,
    _: Handle<Object>,
    _: Option<Handle<Object>>,
) -> JsResult<bool> {
    unsupported(vm)
}
pub fn is_extensible(vm: &mut Vm, _: Handle<Object>) -> JsResult<bool> {
    unsupported(vm)
}
pub fn prevent_extensions(vm: &mut Vm, _: Handle<Object>) -> JsResult<bool> {
    unsupported(vm)
}
pub fn get_own_property(
    vm: &mut Vm,
    _: Handle<Object>,
    _: PropertyKey,
) -> JsResult<Option<PropertyDescriptor>> {
    unsupported(vm)
}
pub fn define_own_property(
    vm: &mut Vm,
    _: Handle<Object>,
    _: PropertyKey,
    _: PropertyDescriptor,
) -> JsResult<bool> {
    unsupported(vm)
}
pub fn has_property(vm: &mut Vm, _: Handle<Object>, _: PropertyKey) -> JsResult<bool> {
    unsupported(vm)
}
pub fn get(vm: &mut Vm, _: Handle<Object>, _: PropertyKey, _: Value) -> JsResult {
    unsupported(vm)
}
pub fn set(vm: &mut Vm, _: Handle<Object>, _: PropertyKey, _: Value, _: Value) -> JsResult<bool> {
    unsupported(vm)
}
pub fn delete(vm: &mut Vm, _: Handle<Object>, _: PropertyKey) -> JsResult<bool> {
    unsupported(vm)
}
pub fn own_property_keys(vm: &mut Vm, _: Handle<Object>) -> JsResult<Vec<PropertyKey>> {
    unsupported(vm)
}
pub fn call(vm: &mut Vm, _: Handle<Object>, _: Value, _: &[Value]) -> JsResult {
    unsupported(vm)
}
pub fn construct(vm: &mut Vm, _: Handle<Object>, _: &[Value], _: Value) -> JsResult {
    unsupported(vm)
}
