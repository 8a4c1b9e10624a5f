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
    let stack = vm.key("stack");
    super::accessor(
        vm,
        ep,
        stack,
        "stack",
        Some(NativeId::ErrorPrototypeStackGet),
        Some(NativeId::ErrorPrototypeStackSet),
    );
    method(vm, e, "isError", NativeId::ErrorIsError, 1);
    for &(kind, id) in NATIVE_ERRORS {
        let (ci, pi, name) = intrinsics(kind);
        let p = super::ordinary(vm, Intrinsic::ErrorPrototype);
        set_intrinsic(vm, pi, p);
        let c = super::constructor(vm, id, name, 1, p);
        // Each NativeError constructor's [[Prototype]] is %Error%.
        vm.heap.get_mut(c).proto.set(Some(e));
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
    vm.heap.get_mut(c).proto.set(Some(e));
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
    let frames = crate::stack::capture(vm);
    let o = vm
        .heap
        .alloc(Object::new(Some(proto), ObjectKind::Error(frames)));
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
    let o =
        ops::ordinary_create_from_constructor(vm, nt, proto, ObjectKind::Error(Value::Undefined))?;
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
    // The stack trace (error-stacks proposal: the implementation-defined string behind
    // `Error.prototype.stack`), captured while the frames that created the error are live.
    let frames = crate::stack::capture(vm);
    let o = vm.rooted(os);
    vm.unroot(os);
    if let Value::Object(h) = o {
        vm.heap.get_mut(h).kind = ObjectKind::Error(frames);
    }
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
        Value::Object(o) => matches!(vm.heap.get(o).kind, ObjectKind::Error(_)),
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

/// The `Name: message` line of an error, as Error.prototype.toString computes it but from data
/// properties only (no getter or `toString` runs).
pub fn header(vm: &mut Vm, o: Handle<Object>) -> String {
    let name = match vm.peek_data(o, "name") {
        Some(Value::String(s)) => vm.rust_string(s),
        Some(Value::Undefined) | None => "Error".into(),
        Some(other) => shallow(vm, other),
    };
    let msg = match vm.peek_data(o, "message") {
        Some(Value::String(s)) => vm.rust_string(s),
        Some(Value::Undefined) | None => String::new(),
        Some(other) => shallow(vm, other),
    };
    match (name.is_empty(), msg.is_empty()) {
        (true, _) => msg,
        (_, true) => name,
        _ => format!("{name}: {msg}"),
    }
}

/// A primitive's display; objects are not looked into (a name or message that is itself an
/// error must not recurse).
fn shallow(vm: &mut Vm, v: Value) -> String {
    match v {
        Value::Object(_) => "[object Object]".into(),
        other => vm.display(other),
    }
}

/// The stack of an object with [[ErrorData]]: its header, then the frames captured when it
/// was created. `None` for other objects.
pub fn stack_of(vm: &mut Vm, o: Handle<Object>) -> Option<String> {
    let ObjectKind::Error(frames) = vm.heap.get(o).kind else {
        return None;
    };
    let mut text = header(vm, o);
    if let Value::String(s) = frames {
        let frames = vm.rust_string(s);
        if !frames.is_empty() {
            text.push('\n');
            text.push_str(&frames);
        }
    }
    Some(text)
}

/// get Error.prototype.stack
/// <https://tc39.es/proposal-error-stacks/#sec-get-error.prototype.stack>
pub fn stack_getter(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Let E be the this value; if E is not an Object, throw a TypeError exception.
    let Value::Object(e) = args.this(vm) else {
        return Err(vm.type_error("Error.prototype.stack getter called on a non-object"));
    };
    // 3. If E does not have an [[ErrorData]] internal slot, return undefined.
    // 4. Return an implementation-defined string that represents the stack trace of E.
    //    Code in a compartment sees the header only, never frames, wherever the error was
    //    made (REALMS-DESIGN C.2 item 6: frames would reveal the host's functions and files);
    //    the host console still prints them, from the error's [[ErrorData]].
    //    So does code of a realm locked down with `errorTaming: 'safe'` (the default).
    let caller = vm.frames.last().map(|f| f.realm);
    if caller.is_some_and(|r| vm.hides_error_stacks(r)) {
        if !matches!(vm.heap.get(e).kind, ObjectKind::Error(_)) {
            return Ok(Value::Undefined);
        }
        let text = header(vm, e);
        return Ok(vm.string_from(&text));
    }
    match stack_of(vm, e) {
        Some(text) => Ok(vm.string_from(&text)),
        None => Ok(Value::Undefined),
    }
}

/// set Error.prototype.stack
/// <https://tc39.es/proposal-error-stacks/#sec-set-error.prototype.stack>
pub fn stack_setter(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Let E be the this value; if E is not an Object, throw a TypeError exception.
    let Value::Object(_) = args.this(vm) else {
        return Err(vm.type_error("Error.prototype.stack setter called on a non-object"));
    };
    // 3-4. If no argument was passed, throw a TypeError exception.
    if args.is_empty() {
        return Err(vm.type_error("Error.prototype.stack setter needs a value"));
    }
    // 5-6. Let V be the argument; if V is not a String, throw a TypeError exception.
    if !matches!(args.get(vm, 0), Value::String(_)) {
        return Err(vm.type_error("Error.prototype.stack must be set to a string"));
    }
    // 7. Perform ? SetterThatIgnoresPrototypeProperties(E, %Error.prototype%, "stack", V).
    setter_that_ignores_prototype_properties(vm, args, Intrinsic::ErrorPrototype, "stack")?;
    // 8. Return undefined.
    Ok(Value::Undefined)
}

/// SetterThatIgnoresPrototypeProperties(thisValue, home, p, v) with v the first argument.
/// <https://tc39.es/ecma262/#sec-SetterThatIgnoresPrototypeProperties>
fn setter_that_ignores_prototype_properties(
    vm: &mut Vm,
    args: Args,
    home: Intrinsic,
    name: &str,
) -> JsResult<()> {
    // 1. If thisValue is not an Object, throw a TypeError exception.
    let Value::Object(this) = args.this(vm) else {
        return Err(vm.type_error("setter called on a non-object"));
    };
    // 2. If SameValue(thisValue, home) is true, throw a TypeError exception.
    if this == vm.intrinsic(home) {
        return Err(vm.type_error(format!("Cannot assign to {name} of the prototype itself")));
    }
    let key = vm.key(name);
    // 3. Let desc be ? thisValue.[[GetOwnProperty]](p).
    let desc = crate::object::get_own_property(vm, this, key)?;
    let key = vm.key(name);
    let (Value::Object(this), v) = (args.this(vm), args.get(vm, 0)) else {
        return Ok(());
    };
    if desc.is_none() {
        // 4. If desc is undefined, perform ? CreateDataPropertyOrThrow(thisValue, p, v).
        ops::create_data_property_or_throw(vm, this, key, v)?;
    } else {
        // 5. Else, perform ? Set(thisValue, p, v, true).
        ops::set(vm, this, key, v, true)?;
    }
    Ok(())
}
