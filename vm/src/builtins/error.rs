//! Error objects and the NativeError constructors.
//! <https://tc39.es/ecma262/#sec-error-objects>

use super::{method, put};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, ErrorKind, JsResult, Vm};
use amber_heap::{attrs, Handle, Object, ObjectKind, Value};

fn intrinsics(kind: ErrorKind) -> (Intrinsic, Intrinsic, &'static str) {
    match kind {
        ErrorKind::Error => (Intrinsic::Error, Intrinsic::ErrorPrototype, "Error"),
        ErrorKind::TypeError => (
            Intrinsic::TypeError,
            Intrinsic::TypeErrorPrototype,
            "TypeError",
        ),
        ErrorKind::RangeError => (
            Intrinsic::RangeError,
            Intrinsic::RangeErrorPrototype,
            "RangeError",
        ),
        ErrorKind::ReferenceError => (
            Intrinsic::ReferenceError,
            Intrinsic::ReferenceErrorPrototype,
            "ReferenceError",
        ),
        ErrorKind::SyntaxError => (
            Intrinsic::SyntaxError,
            Intrinsic::SyntaxErrorPrototype,
            "SyntaxError",
        ),
        ErrorKind::EvalError => (
            Intrinsic::EvalError,
            Intrinsic::EvalErrorPrototype,
            "EvalError",
        ),
        ErrorKind::UriError => (
            Intrinsic::UriError,
            Intrinsic::UriErrorPrototype,
            "URIError",
        ),
    }
}

const NATIVE_ERRORS: &[(ErrorKind, NativeId)] = &[
    (ErrorKind::TypeError, NativeId::TypeError),
    (ErrorKind::RangeError, NativeId::RangeError),
    (ErrorKind::ReferenceError, NativeId::ReferenceError),
    (ErrorKind::SyntaxError, NativeId::SyntaxError),
    (ErrorKind::EvalError, NativeId::EvalError),
    (ErrorKind::UriError, NativeId::UriError),
];

pub fn init(vm: &mut Vm) {
    // %Error.prototype% is an ordinary object (not an Error instance).
    let ep = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::ErrorPrototype, ep);
    let e = super::constructor(vm, NativeId::Error, "Error", 1, ep);
    set_intrinsic(vm, Intrinsic::Error, e);
    let name = Value::String(vm.str("Error"));
    put(vm, ep, "name", name, attrs::HIDDEN);
    let empty = Value::String(vm.str(""));
    put(vm, ep, "message", empty, attrs::HIDDEN);
    method(vm, ep, "toString", NativeId::ErrorPrototypeToString, 0);
    method(vm, e, "isError", NativeId::ErrorIsError, 1);
    for &(kind, id) in NATIVE_ERRORS {
        let (ci, pi, name) = intrinsics(kind);
        let p = super::ordinary(vm, Intrinsic::ErrorPrototype);
        set_intrinsic(vm, pi, p);
        let c = super::constructor(vm, id, name, 1, p);
        // Each NativeError constructor's [[Prototype]] is %Error%.
        vm.heap.get_mut(c).proto = Some(e);
        set_intrinsic(vm, ci, c);
        let n = Value::String(vm.str(name));
        put(vm, p, "name", n, attrs::HIDDEN);
        let empty = Value::String(vm.str(""));
        put(vm, p, "message", empty, attrs::HIDDEN);
    }
    // AggregateError: the same shape, with `errors` first.
    // <https://tc39.es/ecma262/#sec-aggregate-error-objects>
    let p = super::ordinary(vm, Intrinsic::ErrorPrototype);
    set_intrinsic(vm, Intrinsic::AggregateErrorPrototype, p);
    let c = super::constructor(vm, NativeId::AggregateError, "AggregateError", 2, p);
    vm.heap.get_mut(c).proto = Some(e);
    set_intrinsic(vm, Intrinsic::AggregateError, c);
    let n = Value::String(vm.str("AggregateError"));
    put(vm, p, "name", n, attrs::HIDDEN);
    let empty = Value::String(vm.str(""));
    put(vm, p, "message", empty, attrs::HIDDEN);
}

/// Creates an error object of the current realm with a message (for errors the engine throws).
pub fn create_error(vm: &mut Vm, kind: ErrorKind, message: &str) -> Handle<Object> {
    let (_, proto, _) = intrinsics(kind);
    let proto = vm.intrinsic(proto);
    let o = vm.heap.alloc(Object::new(Some(proto), ObjectKind::Error));
    let m = vm.string_from(message);
    put(vm, o, "message", m, attrs::HIDDEN);
    o
}

/// The shared steps of Error(message, options) and NativeError(message, options), and of
/// AggregateError(errors, message, options) up to its errors: `first` is the index of the
/// `message` argument. <https://tc39.es/ecma262/#sec-error-message>
fn construct_error(vm: &mut Vm, args: Args, proto: Intrinsic, first: usize) -> JsResult {
    // 1. If NewTarget is undefined, let newTarget be the active function object.
    let mut nt = args.new_target(vm);
    if nt.is_undefined() {
        nt = Value::Object(args.callee(vm));
    }
    // 2. Let O be ? OrdinaryCreateFromConstructor(newTarget, proto, « [[ErrorData]] »).
    let o = ops::ordinary_create_from_constructor(vm, nt, proto, ObjectKind::Error)?;
    let os = vm.root(Value::Object(o));
    // 3. If message is not undefined, then CreateNonEnumerableDataPropertyOrThrow(O, "message", msg).
    let message = args.get(vm, first);
    if !message.is_undefined() {
        let m = ops::to_string(vm, message)?;
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        put(vm, o, "message", Value::String(m), attrs::HIDDEN);
    }
    // 4. Perform ? InstallErrorCause(O, options).
    let options = args.get(vm, first + 1);
    if let Value::Object(opts) = options {
        let key = vm.key("cause");
        if crate::object::has_property(vm, opts, key)? {
            let cause = ops::get(vm, opts, key)?;
            let Value::Object(o) = vm.rooted(os) else {
                unreachable!()
            };
            put(vm, o, "cause", cause, attrs::HIDDEN);
        }
    }
    let o = vm.rooted(os);
    vm.unroot(os);
    Ok(o)
}

/// `AggregateError(errors, message, options)`.
/// <https://tc39.es/ecma262/#sec-aggregate-error>
pub fn aggregate_error_constructor(vm: &mut Vm, args: Args) -> JsResult {
    // Steps 1-4: as NativeError, with message and options after `errors`.
    let o = construct_error(vm, args, Intrinsic::AggregateErrorPrototype, 1)?;
    let os = vm.root(o);
    // 5. Let errorsList be ? IterableToList(errors).
    let errors = args.get(vm, 0);
    let list = ops::iterable_to_list(vm, errors);
    let o = vm.rooted(os);
    vm.unroot(os);
    let list = list?;
    // 6. Perform ! DefinePropertyOrThrow(O, "errors", PropertyDescriptor { [[Configurable]]:
    //    true, [[Enumerable]]: false, [[Writable]]: true, [[Value]]:
    //    CreateArrayFromList(errorsList) }).
    let os = vm.root(o);
    let array = ops::create_array_from_list(vm, &list);
    let o = vm.rooted(os);
    vm.unroot(os);
    if let Value::Object(h) = o {
        put(vm, h, "errors", Value::Object(array), attrs::HIDDEN);
    }
    Ok(o)
}

/// `Error.isError(arg)`. <https://tc39.es/ecma262/#sec-error.iserror>
pub fn is_error(vm: &mut Vm, args: Args) -> JsResult {
    // 1-3. Whether arg is an Object with an [[ErrorData]] internal slot (a Proxy has none).
    let arg = args.get(vm, 0);
    let is_error = match arg {
        Value::Object(o) => matches!(vm.heap.get(o).kind, ObjectKind::Error),
        _ => false,
    };
    Ok(Value::Boolean(is_error))
}

pub fn error_constructor(vm: &mut Vm, args: Args) -> JsResult {
    construct_error(vm, args, Intrinsic::ErrorPrototype, 0)
}
pub fn type_error_constructor(vm: &mut Vm, args: Args) -> JsResult {
    construct_error(vm, args, Intrinsic::TypeErrorPrototype, 0)
}
pub fn range_error_constructor(vm: &mut Vm, args: Args) -> JsResult {
    construct_error(vm, args, Intrinsic::RangeErrorPrototype, 0)
}
pub fn reference_error_constructor(vm: &mut Vm, args: Args) -> JsResult {
    construct_error(vm, args, Intrinsic::ReferenceErrorPrototype, 0)
}
pub fn syntax_error_constructor(vm: &mut Vm, args: Args) -> JsResult {
    construct_error(vm, args, Intrinsic::SyntaxErrorPrototype, 0)
}
pub fn eval_error_constructor(vm: &mut Vm, args: Args) -> JsResult {
    construct_error(vm, args, Intrinsic::EvalErrorPrototype, 0)
}
pub fn uri_error_constructor(vm: &mut Vm, args: Args) -> JsResult {
    construct_error(vm, args, Intrinsic::UriErrorPrototype, 0)
}

/// Error.prototype.toString() <https://tc39.es/ecma262/#sec-error.prototype.tostring>
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    let Value::Object(o) = args.this(vm) else {
        return Err(vm.type_error("Error.prototype.toString requires that 'this' be an Object"));
    };
    let name = ops::get_str(vm, o, "name")?;
    let name = if name.is_undefined() {
        "Error".to_string()
    } else {
        ops::to_rust_string(vm, name)?
    };
    let Value::Object(o) = args.this(vm) else {
        unreachable!()
    };
    let msg = ops::get_str(vm, o, "message")?;
    let msg = if msg.is_undefined() {
        String::new()
    } else {
        ops::to_rust_string(vm, msg)?
    };
    let s = match (name.is_empty(), msg.is_empty()) {
        (true, _) => msg,
        (_, true) => name,
        _ => format!("{name}: {msg}"),
    };
    Ok(vm.string_from(&s))
}
