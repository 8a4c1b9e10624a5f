//! Async generator objects: the request queue and %AsyncGeneratorPrototype%.
//! <https://tc39.es/ecma262/#sec-asyncgenerator-objects>

use crate::{JsResult, Vm};
use amber_heap::{Handle, Object, Value};

/// Called after an await inside an async generator body resumed and ran to its next
/// suspension or its end.
pub fn after_resume(vm: &mut Vm, g: Handle<Object>, r: JsResult) -> JsResult {
    let _ = g;
    if r.is_err() {
        vm.take_exception();
    }
    Ok(Value::Undefined)
}
