//! Function objects: closures, classes, methods, and `Function` / `Function.prototype`.
//! <https://tc39.es/ecma262/#sec-function-objects>

use super::{add, method, native_function};
use crate::natives::NativeId;
use crate::object::{self, PropertyDescriptor};
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic, WellKnown};
use crate::CommonKey;
use crate::{interp, Args, JsResult, Vm};
use amber_compiler::bytecode::flags;
use amber_heap::{
    attrs, Code, Handle, NativeData, Object, ObjectKind, Property, PropertyKey, Value,
};

/// %Function.prototype% is itself a built-in function that accepts any arguments and returns
/// undefined. <https://tc39.es/ecma262/#sec-properties-of-the-function-prototype-object>
pub fn init_prototype(vm: &mut Vm) {
    let realm = vm.current_realm();
    let object_prototype = vm.intrinsic(Intrinsic::ObjectPrototype);
    let fp = vm.heap.alloc(Object::new(
        Some(object_prototype),
        ObjectKind::Native(NativeData::new(
            NativeId::FunctionPrototype as u32,
            realm,
            false,
            Vec::new(),
        )),
    ));
    let (lk, nk) = vm.length_and_name_keys();
    add(vm, fp, lk, Value::Number(0.0), attrs::CONFIGURABLE);
    let empty = Value::String(vm.str(""));
    add(vm, fp, nk, empty, attrs::CONFIGURABLE);
    set_intrinsic(vm, Intrinsic::FunctionPrototype, fp);
    // %ThrowTypeError%: frozen, its `length` and `name` non-configurable.
    let tte = native_function(vm, NativeId::ThrowTypeError, "", 0, false);
    for (i, mut p) in vm.heap.properties(tte).into_iter().enumerate() {
        p.flags = 0;
        vm.heap.set_property(tte, i, p);
    }
    vm.heap.get_mut(tte).extensible = false;
    set_intrinsic(vm, Intrinsic::ThrowTypeError, tte);
}

pub fn init(vm: &mut Vm) {
    let fp = vm.intrinsic(Intrinsic::FunctionPrototype);
    let f = super::constructor(vm, NativeId::Function, "Function", 1, fp);
    set_intrinsic(vm, Intrinsic::Function, f);
    method(vm, fp, "apply", NativeId::FunctionPrototypeApply, 2);
    method(vm, fp, "bind", NativeId::FunctionPrototypeBind, 1);
    method(vm, fp, "call", NativeId::FunctionPrototypeCall, 1);
    method(vm, fp, "toString", NativeId::FunctionPrototypeToString, 0);
    super::symbol_method(
        vm,
        fp,
        WellKnown::HasInstance,
        "[Symbol.hasInstance]",
        NativeId::FunctionPrototypeHasInstance,
        1,
        0,
    );
    // AddRestrictedFunctionProperties(%Function.prototype%): `caller` and `arguments` throw.
    let tte = Value::Object(vm.intrinsic(Intrinsic::ThrowTypeError));
    for name in ["caller", "arguments"] {
        let key = vm.key(name);
        object::add_property(
            vm,
            fp,
            Property {
                key,
                value: tte,
                setter: tte,
                flags: attrs::CONFIGURABLE | attrs::ACCESSOR,
            },
        );
    }
}

/// The behaviour of %Function.prototype% itself.
pub fn prototype_call(_: &mut Vm, _: Args) -> JsResult {
    Ok(Value::Undefined)
}

pub fn throw_type_error(vm: &mut Vm, _: Args) -> JsResult {
    Err(vm.type_error("'caller', 'callee', and 'arguments' properties may not be accessed on strict mode functions or the arguments objects for calls to them"))
}

/// Creates a closure for a function template over the running frame's environment:
/// OrdinaryFunctionCreate + SetFunctionName + SetFunctionLength (+ MakeConstructor).
/// <https://tc39.es/ecma262/#sec-ordinaryfunctioncreate>
pub fn create_closure(vm: &mut Vm, code: Handle<Code>) -> Handle<Object> {
    let data = interp::closure_data(vm, code);
    let c = vm.heap.get(code);
    let (code_flags, length, name) = (c.flags, c.length, c.name);
    let proto = if code_flags & flags::GENERATOR != 0 && code_flags & flags::ASYNC != 0 {
        Intrinsic::AsyncGeneratorFunctionPrototype
    } else if code_flags & flags::GENERATOR != 0 {
        Intrinsic::GeneratorFunctionPrototype
    } else if code_flags & flags::ASYNC != 0 {
        Intrinsic::AsyncFunctionPrototype
    } else {
        Intrinsic::FunctionPrototype
    };
    let proto = vm.intrinsic(proto);
    let name = if code_flags & flags::GETTER != 0 {
        let n = format!("get {}", vm.rust_string(name));
        Value::String(vm.str(&n))
    } else if code_flags & flags::SETTER != 0 {
        let n = format!("set {}", vm.rust_string(name));
        Value::String(vm.str(&n))
    } else {
        Value::String(name)
    };
    // "length" and "name", both configurable only, in that order: the layout of every
    // built-in function too, so the object starts with that remembered shape instead of
    // following two transitions (a closure is made at every evaluation of a function
    // expression or arrow).
    let shape = super::function_shape(vm);
    let mut object = Object::new(Some(proto), ObjectKind::Function(Box::new(data)));
    object.properties = amber_heap::PropertyMap::Shaped {
        shape: Some(shape),
        slots: amber_heap::Slots::from_buf([Value::Number(length as f64), name]),
    };
    let f = vm.heap.alloc(object);
    let plain = code_flags & flags::CONSTRUCTOR != 0 && code_flags & flags::CLASS_CONSTRUCTOR == 0;
    if plain && code_flags & flags::STRICT == 0 {
        // A sloppy `function` has own `arguments` and `caller` (null, locked), as other
        // engines give it: an extension 17.1 allows for exactly these functions, so reading
        // `f.caller` does not reach %Function.prototype%'s throwing accessor. (Amber does not
        // expose callers or live arguments through them.)
        let (ak, ck) = (vm.key("arguments"), vm.key("caller"));
        add(vm, f, ak, Value::Null, 0);
        add(vm, f, ck, Value::Null, 0);
    }
    if plain {
        // MakeConstructor: a fresh prototype object whose `constructor` points back.
        let op = vm.intrinsic(Intrinsic::ObjectPrototype);
        let p = vm.heap.alloc(Object::new(Some(op), ObjectKind::Ordinary));
        let (ck, pk) = (
            vm.name_key(CommonKey::Constructor),
            vm.name_key(CommonKey::Prototype),
        );
        add(vm, p, ck, Value::Object(f), attrs::HIDDEN);
        add(vm, f, pk, Value::Object(p), attrs::WRITABLE);
    } else if code_flags & flags::GENERATOR != 0 {
        let which = if code_flags & flags::ASYNC != 0 {
            Intrinsic::AsyncGeneratorPrototype
        } else {
            Intrinsic::GeneratorPrototype
        };
        let gp = vm.intrinsic(which);
        let p = vm.heap.alloc(Object::new(Some(gp), ObjectKind::Ordinary));
        let pk = vm.name_key(CommonKey::Prototype);
        add(vm, f, pk, Value::Object(p), attrs::WRITABLE);
    }
    f
}

/// SetFunctionName(F, name) for a function whose name is only known at run time (computed
/// keys): replaces an empty `name`.
/// <https://tc39.es/ecma262/#sec-setfunctionname>
pub fn set_function_name(vm: &mut Vm, f: Handle<Object>, key: PropertyKey, prefix: Option<&str>) {
    let nk = vm.name_key(CommonKey::Name);
    let Some(pos) = vm.heap.find_property(f, nk) else {
        return;
    };
    let current = vm.heap.property_at(f, pos).value;
    let is_empty_or_prefix = match current {
        Value::String(s) => {
            let t = vm.rust_string(s);
            t.is_empty() || t == "get " || t == "set "
        }
        _ => false,
    };
    if !is_empty_or_prefix {
        return;
    }
    let mut name = match key {
        PropertyKey::Symbol(s) => match vm.heap.get(s).description {
            Some(d) => format!("[{}]", vm.rust_string(d)),
            None => String::new(),
        },
        other => ops::display_key(vm, other),
    };
    if let Some(p) = prefix {
        name = format!("{p} {name}");
    }
    let v = Value::String(vm.str(&name));
    vm.heap.set_property_value(f, pos, v);
}

fn set_home_object(vm: &mut Vm, f: Value, home: Handle<Object>) {
    if let Value::Object(f) = f {
        if let ObjectKind::Function(d) = &mut vm.heap.get_mut(f).kind {
            d.home_object = Some(home);
        }
    }
}

/// DefineMethodProperty / the method part of PropertyDefinitionEvaluation.
/// <https://tc39.es/ecma262/#sec-definemethodproperty>
pub fn define_method(
    vm: &mut Vm,
    obj: Value,
    key: Value,
    f: Value,
    enumerable: bool,
) -> JsResult<()> {
    // The compiler puts the literal or class under construction here; only bytecode from a
    // corrupt heap image can pass anything else.
    let Value::Object(o) = obj else {
        return Err(vm.type_error("internal error: method on a non-object"));
    };
    let key = ops::to_property_key(vm, key)?;
    set_home_object(vm, f, o);
    if let Value::Object(fh) = f {
        set_function_name(vm, fh, key, None);
    }
    let desc = PropertyDescriptor::data(f, true, enumerable, true);
    ops::define_property_or_throw(vm, o, key, desc)
}

/// Defines a getter (`kind` 0 enumerable, 2 not) or setter (1 enumerable, 3 not).
pub fn define_accessor(vm: &mut Vm, obj: Value, key: Value, f: Value, kind: i32) -> JsResult<()> {
    // The compiler puts the literal or class under construction here; only bytecode from a
    // corrupt heap image can pass anything else.
    let Value::Object(o) = obj else {
        return Err(vm.type_error("internal error: accessor on a non-object"));
    };
    let key = ops::to_property_key(vm, key)?;
    set_home_object(vm, f, o);
    let is_getter = kind % 2 == 0;
    if let Value::Object(fh) = f {
        set_function_name(vm, fh, key, Some(if is_getter { "get" } else { "set" }));
    }
    let enumerable = kind < 2;
    let desc = PropertyDescriptor {
        get: is_getter.then_some(f),
        set: (!is_getter).then_some(f),
        enumerable: Some(enumerable),
        configurable: Some(true),
        ..Default::default()
    };
    ops::define_property_or_throw(vm, o, key, desc)
}

/// The [[HomeObject]].[[Prototype]] that `super.x` looks in.
fn super_base(vm: &mut Vm, func: Value) -> JsResult<Option<Handle<Object>>> {
    let home = match func {
        Value::Object(f) => match &vm.heap.get(f).kind {
            ObjectKind::Function(d) => d.home_object,
            _ => None,
        },
        _ => None,
    };
    let Some(home) = home else {
        return Err(vm.throw_error(
            crate::ErrorKind::SyntaxError,
            "'super' keyword unexpected here",
        ));
    };
    object::get_prototype_of(vm, home)
}

/// `super[key]` (MakeSuperPropertyReference + GetValue).
/// <https://tc39.es/ecma262/#sec-super-keyword-runtime-semantics-evaluation>
pub fn super_get(vm: &mut Vm, func: Value, this: Value, key: Value) -> JsResult {
    if let Value::Empty = this {
        return Err(vm.reference_error("Must call super constructor before accessing 'this'"));
    }
    let ks = vm.root(key);
    let ts = vm.root(this);
    let base = super_base(vm, func)?;
    let (key, this) = (vm.rooted(ks), vm.rooted(ts));
    vm.unroot(ks);
    let Some(base) = base else {
        return Err(vm.type_error("Cannot read properties of null (super)"));
    };
    let (key, base, this) = super_key(vm, key, base, this)?;
    object::get(vm, base, key, this)
}

/// ToPropertyKey of a super reference's key, which may run JavaScript (a `toString`) and
/// so collect: the base and `this` are rooted across it and returned afresh.
fn super_key(
    vm: &mut Vm,
    key: Value,
    base: Handle<Object>,
    this: Value,
) -> JsResult<(PropertyKey, Handle<Object>, Value)> {
    let slots = vm.roots.len();
    vm.roots.extend_from_slice(&[Value::Object(base), this]);
    let key = ops::to_property_key(vm, key);
    let (base, this) = (vm.roots[slots], vm.roots[slots + 1]);
    vm.unroot(slots);
    let Value::Object(base) = base else {
        unreachable!("a rooted object stays an object")
    };
    Ok((key?, base, this))
}

/// GetValue of a super reference whose key a later PutValue reuses: the base first, then
/// ToPropertyKey of the key (returned with the value).
pub fn super_get_keyed(
    vm: &mut Vm,
    func: Value,
    this: Value,
    key: Value,
) -> JsResult<(Value, Value)> {
    if let Value::Empty = this {
        return Err(vm.reference_error("Must call super constructor before accessing 'this'"));
    }
    let slots = vm.roots.len();
    vm.roots.extend_from_slice(&[key, this]);
    let base = super_base(vm, func);
    let (key, this) = (vm.roots[slots], vm.roots[slots + 1]);
    vm.unroot(slots);
    let Some(base) = base? else {
        return Err(vm.type_error("Cannot read properties of null (super)"));
    };
    let (key, base, this) = super_key(vm, key, base, this)?;
    let v = object::get(vm, base, key, this)?;
    let slot = vm.root(v);
    let kv = ops::key_to_value(vm, key);
    let v = vm.rooted(slot);
    vm.unroot(slot);
    Ok((v, kv))
}

/// `super[key] = value`.
pub fn super_set(
    vm: &mut Vm,
    func: Value,
    this: Value,
    key: Value,
    value: Value,
    strict: bool,
) -> JsResult<()> {
    if let Value::Empty = this {
        return Err(vm.reference_error("Must call super constructor before accessing 'this'"));
    }
    let slots = vm.roots.len();
    vm.roots.extend_from_slice(&[key, this, value]);
    let base = super_base(vm, func)?;
    let (key, this, value) = (vm.roots[slots], vm.roots[slots + 1], vm.roots[slots + 2]);
    vm.unroot(slots);
    let Some(base) = base else {
        return Err(vm.type_error("Cannot set properties of null (super)"));
    };
    let vs = vm.root(value);
    let converted = super_key(vm, key, base, this);
    let value = vm.rooted(vs);
    vm.unroot(vs);
    let (key, base, this) = converted?;
    let ok = object::set(vm, base, key, value, this)?;
    if !ok && strict {
        let name = ops::display_key(vm, key);
        return Err(vm.type_error(format!("Cannot assign to read only property '{name}'")));
    }
    Ok(())
}

/// The constructor and prototype steps of ClassDefinitionEvaluation.
/// <https://tc39.es/ecma262/#sec-runtime-semantics-classdefinitionevaluation>
pub fn create_class(
    vm: &mut Vm,
    code: Handle<Code>,
    parent: Value,
) -> JsResult<(Handle<Object>, Handle<Object>)> {
    // 5-8. Determine protoParent and constructorParent.
    let (proto_parent, ctor_parent) = match parent {
        Value::Empty => (
            Some(vm.intrinsic(Intrinsic::ObjectPrototype)),
            vm.intrinsic(Intrinsic::FunctionPrototype),
        ),
        Value::Null => (None, vm.intrinsic(Intrinsic::FunctionPrototype)),
        p => {
            if !ops::is_constructor(vm, p) {
                return Err(vm.type_error("Class extends value is not a constructor or null"));
            }
            let Value::Object(ph) = p else { unreachable!() };
            let slot = vm.root(p);
            let pp = ops::get_name(vm, ph, CommonKey::Prototype)?;
            let Value::Object(ph) = vm.rooted(slot) else {
                unreachable!()
            };
            vm.unroot(slot);
            match pp {
                Value::Object(o) => (Some(o), ph),
                Value::Null => (None, ph),
                _ => {
                    return Err(
                        vm.type_error("Class extends value does not have valid prototype property")
                    )
                }
            }
        }
    };
    // 9. Let proto be OrdinaryObjectCreate(protoParent).
    let proto = vm
        .heap
        .alloc(Object::new(proto_parent, ObjectKind::Ordinary));
    // 14-18. The constructor F, with [[HomeObject]] proto and [[Prototype]] constructorParent.
    let f = create_closure(vm, code);
    vm.heap.get_mut(f).proto.set(Some(ctor_parent));
    if let ObjectKind::Function(d) = &mut vm.heap.get_mut(f).kind {
        d.home_object = Some(proto);
    }
    // MakeConstructor(F, false, proto) and CreateMethodProperty(proto, "constructor", F).
    let (pk, ck) = (
        vm.name_key(CommonKey::Prototype),
        vm.name_key(CommonKey::Constructor),
    );
    add(vm, f, pk, Value::Object(proto), 0);
    add(vm, proto, ck, Value::Object(f), attrs::HIDDEN);
    Ok((f, proto))
}

/// Records the instance-field initializer of a class constructor.
pub fn set_class_fields(vm: &mut Vm, class: Handle<Object>, initializer: Value) {
    let home = match &vm.heap.get(class).kind {
        ObjectKind::Function(d) => d.home_object,
        _ => None,
    };
    if let (Some(home), Value::Object(init)) = (home, initializer) {
        if let ObjectKind::Function(d) = &mut vm.heap.get_mut(init).kind {
            d.home_object = Some(home);
        }
    }
    if let ObjectKind::Function(d) = &mut vm.heap.get_mut(class).kind {
        d.fields = initializer;
    }
}

/// InitializeInstanceElements(O, constructor).
/// <https://tc39.es/ecma262/#sec-initializeinstanceelements>
pub fn initialize_instance_fields(vm: &mut Vm, constructor: Value, this: Value) -> JsResult<()> {
    let Value::Object(c) = constructor else {
        return Ok(());
    };
    let init = match &vm.heap.get(c).kind {
        ObjectKind::Function(d) => d.fields,
        _ => Value::Undefined,
    };
    if let Value::Object(_) = init {
        ops::call(vm, init, this, &[])?;
    }
    Ok(())
}

// --- Function and Function.prototype ------------------------------------------------------------

/// `Function(p1, ..., body)`. <https://tc39.es/ecma262/#sec-function-p1-p2-pn-body>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    create_dynamic_function(vm, args, "function", Intrinsic::FunctionPrototype)
}

/// CreateDynamicFunction, for every kind (`prefix` is `function`, `function*`,
/// `async function` or `async function*`; `fallback_proto` the kind's prototype intrinsic).
/// <https://tc39.es/ecma262/#sec-createdynamicfunction>
///
/// The spec parses the parameters and the body each against its own goal symbol, then the whole
/// assembled text. The parser has only the Script and Module goals, so each part is parsed
/// wrapped in an otherwise empty function expression, and the parse must be that one function
/// expression, spanning all of the wrapper: parameter text like `a) {}; (function (` or body text
/// like `}); (function () {` closes the function early and is a SyntaxError, as the spec's
/// separate parses make it.
pub(crate) fn create_dynamic_function(
    vm: &mut Vm,
    args: Args,
    prefix: &str,
    fallback_proto: Intrinsic,
) -> JsResult {
    // Steps 9-14: the parameter strings joined with commas, and the body.
    let n = args.len();
    let mut params = Vec::new();
    for i in 0..n.saturating_sub(1) {
        params.push(ops::to_rust_string(vm, args.get(vm, i))?);
    }
    let body = if n > 0 {
        ops::to_rust_string(vm, args.get(vm, n - 1))?
    } else {
        String::new()
    };
    let params = params.join(",");
    // HostEnsureCanCompileStrings(currentRealm, parameterStrings, bodyString, false).
    let realm = vm.current_realm();
    vm.host_ensure_can_compile_strings(realm)?;
    // Steps 15-18: each part on its own.
    for (p, b) in [(params.as_str(), ""), ("", body.as_str())] {
        if let Err(message) = parses_as_one_function(prefix, p, b) {
            return Err(vm.throw_error(crate::ErrorKind::SyntaxError, message));
        }
    }
    // Step 19: the whole source text, which is also what `toString` returns.
    let source = format!("({prefix} anonymous({params}\n) {{\n{body}\n}})");
    let realm = vm.current_realm();
    // A compartment's dynamic functions are strict (its record says so).
    let strict = vm.heap.get(realm).strict;
    let value = interp::eval_in_realm(vm, realm, &source, strict)?;
    let Value::Object(f) = value else {
        return Err(vm.throw_error(crate::ErrorKind::SyntaxError, "Invalid function body"));
    };
    // Steps 20-22: the prototype comes from newTarget.
    let nt = args.new_target(vm);
    if let Value::Object(_) = nt {
        let proto = ops::get_prototype_from_constructor(vm, nt, fallback_proto)?;
        vm.heap.get_mut(f).proto.set(Some(proto));
    }
    Ok(value)
}

/// Whether `({prefix} anonymous(params\n) {\nbody\n})` parses as exactly one function
/// expression covering all of it; `Err` holds the SyntaxError message.
fn parses_as_one_function(prefix: &str, params: &str, body: &str) -> Result<(), String> {
    use amber_parser::ast::{Expr, Stmt};
    let source = format!("({prefix} anonymous({params}\n) {{\n{body}\n}})");
    let script = amber_parser::parse_script(&source, &Default::default()).map_err(|e| {
        let (line, col) = amber_parser::line_col(&source, e.span.start as usize);
        format!("{} (<function>:{line}:{col})", e.message)
    })?;
    let whole = match script.body.as_slice() {
        [Stmt::Expr(Expr::Paren(inner, _), _)] => match &**inner {
            Expr::Function(f) => f.source.start == 1 && f.source.end as usize == source.len() - 1,
            _ => false,
        },
        _ => false,
    };
    if whole {
        Ok(())
    } else if body.is_empty() {
        Err("the parameters of a dynamic function end it early".to_string())
    } else {
        Err("the body of a dynamic function ends it early".to_string())
    }
}

/// Function.prototype.call(thisArg, ...args)
/// <https://tc39.es/ecma262/#sec-function.prototype.call>
pub fn call(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.this(vm);
    if !ops::is_callable(vm, f) {
        return Err(vm.type_error("Function.prototype.call called on a non-function"));
    }
    let this = args.get(vm, 0);
    let rest: Vec<Value> = (1..args.len()).map(|i| args.get(vm, i)).collect();
    ops::call(vm, f, this, &rest)
}

/// Function.prototype.apply(thisArg, argArray)
/// <https://tc39.es/ecma262/#sec-function.prototype.apply>
pub fn apply(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.this(vm);
    if !ops::is_callable(vm, f) {
        return Err(vm.type_error("Function.prototype.apply was called on a non-function"));
    }
    let arg_array = args.get(vm, 1);
    let list = if arg_array.is_nullish() {
        Vec::new()
    } else {
        ops::create_list_from_array_like(vm, arg_array)?
    };
    let (f, this) = (args.this(vm), args.get(vm, 0));
    ops::call(vm, f, this, &list)
}

/// Function.prototype.bind(thisArg, ...args): BoundFunctionCreate plus the name and length.
/// <https://tc39.es/ecma262/#sec-function.prototype.bind>
pub fn bind(vm: &mut Vm, args: Args) -> JsResult {
    let target = args.this(vm);
    let Value::Object(t) = target else {
        return Err(vm.type_error("Bind must be called on a function"));
    };
    if !ops::is_callable(vm, target) {
        return Err(vm.type_error("Bind must be called on a function"));
    }
    let proto = object::get_prototype_of(vm, t)?;
    let bound_args: Vec<Value> = (1..args.len()).map(|i| args.get(vm, i)).collect();
    let this = args.get(vm, 0);
    let f = vm.heap.alloc(Object::new(
        proto,
        ObjectKind::Bound(Box::new(amber_heap::object::BoundData {
            target: t,
            this,
            args: bound_args.clone(),
        })),
    ));
    let fs = vm.root(Value::Object(f));
    // 5-6. length: max(0, target length - bound argument count) when the target has an own
    // numeric `length`.
    let lk = vm.name_key(CommonKey::Length);
    let mut len = 0.0;
    if ops::has_own_property(vm, t, lk)? {
        let tl = ops::get(vm, t, lk)?;
        if let Value::Number(n) = tl {
            if n == f64::INFINITY {
                len = f64::INFINITY;
            } else if n.is_finite() {
                len =
                    (ops::to_integer_or_infinity(vm, tl)? - bound_args.len() as f64).max(0.0) + 0.0;
            }
        }
    }
    let Value::Object(f) = vm.rooted(fs) else {
        unreachable!()
    };
    add(vm, f, lk, Value::Number(len), attrs::CONFIGURABLE);
    // 7-8. name: "bound " + target name (if a string).
    let name = ops::get_str(vm, t, "name")?;
    let name = match name {
        Value::String(s) => vm.rust_string(s),
        _ => String::new(),
    };
    let Value::Object(f) = vm.rooted(fs) else {
        unreachable!()
    };
    vm.unroot(fs);
    let nk = vm.name_key(CommonKey::Name);
    let n = Value::String(vm.str(&format!("bound {name}")));
    add(vm, f, nk, n, attrs::CONFIGURABLE);
    Ok(Value::Object(f))
}

/// Function.prototype.toString(): the exact source text of ECMAScript functions, a
/// NativeFunction string for the rest.
/// <https://tc39.es/ecma262/#sec-function.prototype.tostring>
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.this(vm);
    let Value::Object(o) = f else {
        return Err(vm.type_error("Function.prototype.toString requires that 'this' be a Function"));
    };
    let script_source = match &vm.heap.get(o).kind {
        ObjectKind::Function(d) => Some(vm.heap.get(d.code).source),
        _ => None,
    };
    let offsets = script_source.map(|source| source_offsets(vm, source));
    let text = match &vm.heap.get(o).kind {
        ObjectKind::Function(d) => {
            let code = vm.heap.get(d.code);
            let (start, end) = code.source_range;
            let units = vm.heap.string_units(code.source);
            let range = offsets.and_then(|o| o.units(units, start as usize, end as usize));
            match range {
                Some(range) => String::from_utf16_lossy(&units[range]),
                None => "function () { [native code] }".to_string(),
            }
        }
        // A bound function's name ("bound f") is not a PropertyName: NativeFunction syntax
        // allows the name to be left out.
        ObjectKind::Bound(_) => "function () { [native code] }".to_string(),
        ObjectKind::Native(_) => {
            let name = match vm.peek_data(o, "name") {
                Some(Value::String(s)) => vm.rust_string(s),
                _ => String::new(),
            };
            format!("function {name}() {{ [native code] }}")
        }
        ObjectKind::Proxy(p) if p.callable => "function () { [native code] }".to_string(),
        _ => {
            return Err(
                vm.type_error("Function.prototype.toString requires that 'this' be a Function")
            )
        }
    };
    Ok(vm.string_from(&text))
}

/// Function.prototype[@@hasInstance](V)
pub fn has_instance(vm: &mut Vm, args: Args) -> JsResult {
    let (f, v) = (args.this(vm), args.get(vm, 0));
    Ok(Value::Boolean(ops::ordinary_has_instance(vm, f, v)?))
}

/// How UTF-8 byte offsets into a script's source (the parser's spans) map to its code units:
/// equal for an all-ASCII source, else by decoding from the nearest of the checkpoints kept
/// every [`SourceOffsets::STEP`] units. lodash asks for the text of functions in its 540 KB
/// source (which has one non-ASCII line) many times during its start-up: decoding from the
/// start each time was a third of it.
#[derive(Clone, Debug)]
pub(crate) struct SourceOffsets {
    /// (byte offset, unit offset) pairs at character boundaries, increasing; empty for an
    /// ASCII source.
    checkpoints: std::sync::Arc<[(usize, usize)]>,
    ascii: bool,
}

impl SourceOffsets {
    /// Code units between two checkpoints (at least).
    const STEP: usize = 4096;

    fn of(units: &[u16]) -> SourceOffsets {
        if units.iter().all(|&u| u < 0x80) {
            return SourceOffsets {
                checkpoints: std::sync::Arc::new([]),
                ascii: true,
            };
        }
        let mut checkpoints = vec![(0, 0)];
        let (mut byte, mut unit) = (0, 0);
        for c in char::decode_utf16(units.iter().copied()) {
            // Lone surrogates became U+FFFD in the text the parser read.
            let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
            byte += c.len_utf8();
            unit += c.len_utf16();
            if unit - checkpoints[checkpoints.len() - 1].1 >= Self::STEP {
                checkpoints.push((byte, unit));
            }
        }
        SourceOffsets {
            checkpoints: checkpoints.into(),
            ascii: false,
        }
    }

    /// The code units of `units` (the source) that byte offsets `start..end` cover; `None`
    /// if they do not fall on character boundaries inside it.
    fn units(&self, units: &[u16], start: usize, end: usize) -> Option<std::ops::Range<usize>> {
        if self.ascii {
            return (end <= units.len() && start <= end).then_some(start..end);
        }
        let at = self.checkpoints.partition_point(|&(b, _)| b <= start);
        let (mut byte, mut unit) = self.checkpoints[at.checked_sub(1)?];
        let mut chars = char::decode_utf16(units.get(unit..)?.iter().copied());
        let mut from = None;
        loop {
            if byte == start {
                from = Some(unit);
            }
            if byte == end {
                return Some(from?..unit);
            }
            if byte > end {
                return None;
            }
            let c = chars.next()?.unwrap_or(char::REPLACEMENT_CHARACTER);
            byte += c.len_utf8();
            unit += c.len_utf16();
        }
    }
}

/// [`SourceOffsets`] of a script source; those of the last source asked about are kept until
/// a collection moves strings.
fn source_offsets(vm: &mut Vm, source: Handle<amber_heap::JsString>) -> SourceOffsets {
    let epoch = vm.heap.epoch();
    if let Some((e, s, offsets)) = &vm.source_offsets {
        if *e == epoch && *s == source {
            return offsets.clone();
        }
    }
    let offsets = SourceOffsets::of(vm.heap.string_units(source));
    vm.source_offsets = Some((epoch, source, offsets.clone()));
    offsets
}
