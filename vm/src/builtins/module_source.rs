//! %AbstractModuleSource%, the abstract base class of module source objects (what
//! `import source x from "m"` binds), from the source phase imports proposal. It is not a
//! global: test262 reaches it through `$262.AbstractModuleSource`.
//! <https://tc39.es/proposal-source-phase-imports/#sec-%abstractmodulesource%>
//!
//! Every module Amber loads from source text is a Source Text Module Record, whose
//! GetModuleSource throws a SyntaxError; the only module source objects are the test262
//! host's (`<module source>`, see `module::create_test262_module_source`). The class is here
//! for its shape and for the hosts (Wasm, compartments' `ModuleSource`) that will subclass it.

use super::{accessor, native_function};
use crate::natives::NativeId;
use crate::realm::{set_intrinsic, symbol_key, Intrinsic, WellKnown};
use crate::CommonKey;
use crate::{Args, JsResult, Vm};
use amber_heap::{attrs, Object, ObjectKind, Value};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.heap.alloc(Object::new(Some(op), ObjectKind::Ordinary));
    set_intrinsic(vm, Intrinsic::AbstractModuleSourcePrototype, proto);
    let c = native_function(
        vm,
        NativeId::AbstractModuleSource,
        "AbstractModuleSource",
        0,
        true,
    );
    set_intrinsic(vm, Intrinsic::AbstractModuleSource, c);
    let (pk, ck) = (
        vm.name_key(CommonKey::Prototype),
        vm.name_key(CommonKey::Constructor),
    );
    super::add(vm, c, pk, Value::Object(proto), 0);
    super::add(vm, proto, ck, Value::Object(c), attrs::HIDDEN);
    let tag = symbol_key(vm, WellKnown::ToStringTag);
    accessor(
        vm,
        proto,
        tag,
        "[Symbol.toStringTag]",
        Some(NativeId::AbstractModuleSourcePrototypeToStringTag),
        None,
    );
}

/// %AbstractModuleSource% ( ): always a TypeError, called or constructed.
/// <https://tc39.es/proposal-source-phase-imports/#sec-abstractmodulesource>
pub fn constructor(vm: &mut Vm, _: Args) -> JsResult {
    Err(vm.type_error("AbstractModuleSource is an abstract class and cannot be constructed"))
}

/// get %AbstractModuleSource%.prototype [ @@toStringTag ]: the [[ModuleSourceClassName]] of
/// a module source object, else undefined. No object has that slot yet (see the module
/// documentation), so this is undefined.
/// <https://tc39.es/proposal-source-phase-imports/#sec-get-%abstractmodulesource%.prototype.@@tostringtag>
pub fn to_string_tag(_: &mut Vm, _: Args) -> JsResult {
    Ok(Value::Undefined)
}
