//! `SuppressedError`: the error DisposeResources throws when disposing fails while another
//! error is already in flight.
//! <https://tc39.es/proposal-explicit-resource-management/#sec-suppressederror-objects>

use super::put;
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::{attrs, Object, ObjectKind, Value};

pub fn init(vm: &mut Vm) {
    let error = vm.intrinsic(Intrinsic::Error);
    let p = super::ordinary(vm, Intrinsic::ErrorPrototype);
    set_intrinsic(vm, Intrinsic::SuppressedErrorPrototype, p);
    let c = super::constructor(vm, NativeId::SuppressedError, "SuppressedError", 3, p);
    // The [[Prototype]] of the SuppressedError constructor is %Error%.
    vm.heap.get_mut(c).proto.set(Some(error));
    set_intrinsic(vm, Intrinsic::SuppressedError, c);
    let name = Value::String(vm.str("SuppressedError"));
    put(vm, p, "name", name, attrs::HIDDEN);
    let empty = Value::String(vm.str(""));
    put(vm, p, "message", empty, attrs::HIDDEN);
}

/// `SuppressedError(error, suppressed, message)`.
/// <https://tc39.es/proposal-explicit-resource-management/#sec-suppressederror-constructor>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, let newTarget be the active function object; else let
    //    newTarget be NewTarget.
    let mut nt = args.new_target(vm);
    if nt.is_undefined() {
        nt = Value::Object(args.callee(vm));
    }
    // 2. Let O be ? OrdinaryCreateFromConstructor(newTarget, "%SuppressedError.prototype%",
    //    « [[ErrorData]] »).
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::SuppressedErrorPrototype,
        ObjectKind::Error(Value::Undefined),
    )?;
    let os = vm.root(Value::Object(o));
    // 3. If message is not undefined, then
    let message = args.get(vm, 2);
    if !message.is_undefined() {
        // a. Let msg be ? ToString(message).
        let m = match ops::to_string(vm, message) {
            Ok(m) => m,
            Err(e) => {
                vm.unroot(os);
                return Err(e);
            }
        };
        // b. Perform CreateNonEnumerableDataPropertyOrThrow(O, "message", msg).
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        put(vm, o, "message", Value::String(m), attrs::HIDDEN);
    }
    let Value::Object(o) = vm.rooted(os) else {
        unreachable!()
    };
    vm.unroot(os);
    // 4. Perform CreateNonEnumerableDataPropertyOrThrow(O, "error", error).
    let error = args.get(vm, 0);
    put(vm, o, "error", error, attrs::HIDDEN);
    // 5. Perform CreateNonEnumerableDataPropertyOrThrow(O, "suppressed", suppressed).
    let suppressed = args.get(vm, 1);
    put(vm, o, "suppressed", suppressed, attrs::HIDDEN);
    // The stack trace, as for the other native errors.
    let frames = crate::stack::capture(vm);
    vm.heap.get_mut(o).kind = ObjectKind::Error(frames);
    // 6. Return O.
    Ok(Value::Object(o))
}

/// "A newly created SuppressedError object" with its `error` and `suppressed` properties
/// (DisposeResources step 3.e.iii.1).
/// <https://tc39.es/proposal-explicit-resource-management/#sec-disposeresources>
pub fn create(vm: &mut Vm, error: Value, suppressed: Value) -> Value {
    let proto = vm.intrinsic(Intrinsic::SuppressedErrorPrototype);
    let frames = crate::stack::capture(vm);
    let o = vm
        .heap
        .alloc(Object::new(Some(proto), ObjectKind::Error(frames)));
    put(vm, o, "error", error, attrs::HIDDEN);
    put(vm, o, "suppressed", suppressed, attrs::HIDDEN);
    Value::Object(o)
}
