//! Decorators (<https://github.com/tc39/proposal-decorators>; spec text:
//! <https://arai-a.github.io/ecma262-compare/?pr=2417>).
//!
//! The compiler evaluates decorator expressions with the class elements and then asks for the
//! operations here through `DecoratorOp` (see `amber_compiler::bytecode::decorator_op`). Every
//! operation reads its operands from consecutive registers of the running frame: `at` is the
//! absolute stack index of the first one. Registers are roots, so each operand is read again
//! after any call that may run JavaScript (decorators, getters, initializers).
//!
//! Context objects, their `access` functions and `addInitializer` are built-in closures whose
//! state lives in their slots (`NativeData::slots`).

use super::native_function;
use crate::natives::NativeId;
use crate::object::PropertyDescriptor;
use crate::ops;
use crate::realm::{Intrinsic, WellKnown};
use crate::{Args, JsResult, Vm};
use amber_compiler::bytecode::decorator_op;
use amber_heap::{Handle, Object, ObjectKind, PropertyKey, Value};

/// The element kinds the compiler passes (the context's `kind`).
const METHOD: i32 = 0;
const GETTER: i32 = 1;
const SETTER: i32 = 2;
const FIELD: i32 = 3;
const ACCESSOR: i32 = 4;
/// Not an element: a class decorator's context.
const CLASS: i32 = 5;

/// Runs decorator operation `op` over the registers from stack index `at`.
pub fn run(vm: &mut Vm, op: i32, at: usize) -> JsResult {
    match op {
        decorator_op::APPLY_ELEMENT => apply_element(vm, at),
        decorator_op::RUN_INITIALIZERS => run_initializers(vm, at),
        decorator_op::RUN_EXTRA => {
            run_extra_initializers(vm, at)?;
            Ok(Value::Undefined)
        }
        decorator_op::CLASS => apply_class_decorators(vm, at),
        decorator_op::CREATE_METADATA => create_metadata(vm, at),
        _ => Err(vm.type_error("invalid decorator operation")),
    }
}

fn operand(vm: &Vm, at: usize, i: usize) -> Value {
    vm.stack.get(at + i).copied().unwrap_or(Value::Undefined)
}

fn list_len(vm: &Vm, v: Value) -> usize {
    match v {
        Value::Object(o) => vm.heap.get(o).elements.len(),
        _ => 0,
    }
}

fn list_get(vm: &Vm, v: Value, i: usize) -> Value {
    match v {
        Value::Object(o) => vm
            .heap
            .get(o)
            .elements
            .get(i)
            .copied()
            .unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

fn list_push(vm: &mut Vm, v: Value, item: Value) {
    if let Value::Object(o) = v {
        crate::builtins::array::push_fast(vm, o, item);
    }
}

fn new_object(vm: &mut Vm) -> Handle<Object> {
    let proto = vm.intrinsic(Intrinsic::ObjectPrototype);
    vm.heap
        .alloc(Object::new(Some(proto), ObjectKind::Ordinary))
}

fn define(vm: &mut Vm, o: Handle<Object>, name: &str, v: Value) -> JsResult<()> {
    let key = ops::key_from_str(vm, name);
    ops::create_data_property_or_throw(vm, o, key, v)
}

/// A built-in closure named `name` with the given slots.
fn closure(vm: &mut Vm, id: NativeId, name: &str, length: u32, slots: Vec<Value>) -> Value {
    let f = native_function(vm, id, name, length, false);
    if let ObjectKind::Native(n) = &mut vm.heap.get_mut(f).kind {
        n.slots = slots.into();
    }
    Value::Object(f)
}

fn slot(vm: &Vm, f: Handle<Object>, i: usize) -> Value {
    match &vm.heap.get(f).kind {
        ObjectKind::Native(n) => n.slots.get(i).copied().unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

fn set_slot(vm: &mut Vm, f: Value, i: usize, v: Value) {
    if let Value::Object(f) = f {
        if let ObjectKind::Native(n) = &mut vm.heap.get_mut(f).kind {
            if let Some(s) = n.slots.get_mut(i) {
                *s = v;
            }
        }
    }
}

/// CreateDecoratorAccessObject(kind, name): `{ get, set, has }` as the element kind allows.
/// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-createdecoratoraccessobject>
fn create_access_object(vm: &mut Vm, kind: i32, name: Value) -> JsResult<Value> {
    let access = new_object(vm);
    let slot_root = vm.root(Value::Object(access));
    if matches!(kind, FIELD | METHOD | ACCESSOR | GETTER) {
        let f = closure(vm, NativeId::DecoratorAccessGet, "get", 1, vec![name]);
        let Value::Object(access) = vm.rooted(slot_root) else {
            unreachable!()
        };
        define(vm, access, "get", f)?;
    }
    if matches!(kind, FIELD | ACCESSOR | SETTER) {
        let f = closure(vm, NativeId::DecoratorAccessSet, "set", 2, vec![name]);
        let Value::Object(access) = vm.rooted(slot_root) else {
            unreachable!()
        };
        define(vm, access, "set", f)?;
    }
    let f = closure(vm, NativeId::DecoratorAccessHas, "has", 1, vec![name]);
    let access = vm.rooted(slot_root);
    vm.unroot(slot_root);
    let Value::Object(a) = access else {
        unreachable!()
    };
    define(vm, a, "has", f)?;
    Ok(access)
}

/// The `name` a context shows: a Private Name's description, or the property key (a string
/// or a symbol; a numeric literal key such as `1` is the string "1").
fn context_name(vm: &mut Vm, key: Value) -> Value {
    if let Some(p) = super::private::as_private_name(vm, key) {
        let d = super::private::description_handle(vm, p);
        return Value::String(d);
    }
    match key {
        Value::Number(_) => ops::to_property_key(vm, key)
            .map(|k| ops::key_to_value(vm, k))
            .unwrap_or(key),
        _ => key,
    }
}

/// CreateDecoratorContextObject(kind, name, initializers, decorationState, metadata, isStatic).
/// Returns the context and its `addInitializer` function (whose slot 1 is the decoration
/// state: `true` once the decorator has returned).
/// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-createdecoratorcontextobject>
fn create_context_object(
    vm: &mut Vm,
    kind: i32,
    key: Value,
    extra: Value,
    metadata: Value,
    is_static: bool,
) -> JsResult<(Value, Value)> {
    let ctx = new_object(vm);
    let ctx_slot = vm.root(Value::Object(ctx));
    let kind_str = match kind {
        METHOD => "method",
        GETTER => "getter",
        SETTER => "setter",
        FIELD => "field",
        ACCESSOR => "accessor",
        _ => "class",
    };
    let s = vm.string_from(kind_str);
    define(vm, ctx, "kind", s)?;
    let name = context_name(vm, key);
    define(vm, ctx, "name", name)?;
    if kind != CLASS {
        let access = create_access_object(vm, kind, key)?;
        let Value::Object(ctx) = vm.rooted(ctx_slot) else {
            unreachable!()
        };
        define(vm, ctx, "access", access)?;
        define(vm, ctx, "static", Value::Boolean(is_static))?;
        let private = super::private::as_private_name(vm, key).is_some();
        define(vm, ctx, "private", Value::Boolean(private))?;
    }
    let add = closure(
        vm,
        NativeId::DecoratorAddInitializer,
        "addInitializer",
        1,
        vec![extra, Value::Boolean(false)],
    );
    vm.root(add);
    let Value::Object(ctx) = vm.rooted(ctx_slot) else {
        unreachable!()
    };
    define(vm, ctx, "addInitializer", add)?;
    define(vm, ctx, "metadata", metadata)?;
    let ctx = vm.rooted(ctx_slot);
    let add = vm.rooted(ctx_slot + 1);
    vm.unroot(ctx_slot);
    Ok((ctx, add))
}

/// What a decorator's context object is made of (read from the operands just before the
/// call: no JavaScript runs between).
#[derive(Clone, Copy)]
struct ContextArgs {
    kind: i32,
    key: Value,
    extra: Value,
    metadata: Value,
    is_static: bool,
}

/// Calls `decorator(value, context)` for one decorator and marks its decoration finished.
/// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-applydecoratorstoelementdefinition>
/// (steps "Let newValue be ? Call(decorator, undefined, « value, context »)" and "Set
/// decorationState.[[Finished]] to true").
fn call_decorator(vm: &mut Vm, decorator: Value, value: Value, c: ContextArgs) -> JsResult {
    let value_slot = vm.root(value);
    vm.root(decorator);
    let (ctx, add) = create_context_object(vm, c.kind, c.key, c.extra, c.metadata, c.is_static)?;
    vm.root(add);
    let value = vm.rooted(value_slot);
    let decorator = vm.rooted(value_slot + 1);
    let r = ops::call(vm, decorator, Value::Undefined, &[value, ctx]);
    let add = vm.rooted(value_slot + 2);
    vm.unroot(value_slot);
    set_slot(vm, add, 1, Value::Boolean(true));
    r
}

fn require_callable_or_undefined(vm: &mut Vm, v: Value, what: &str) -> JsResult<()> {
    if !matches!(v, Value::Undefined) && !ops::is_callable(vm, v) {
        return Err(vm.type_error(format!("a decorator's {what} must be a function")));
    }
    Ok(())
}

/// ApplyDecoratorsToElementDefinition(homeObject, element, extraInitializers, isStatic) and
/// the definition of the decorated method or accessor that follows it
/// (ApplyDecoratorsAndDefineMethod). Registers: decorators, home object, key (a property key
/// or Private Name), kind, static, metadata, extra initializers, initializers.
/// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-applydecoratorstoelementdefinition>
fn apply_element(vm: &mut Vm, at: usize) -> JsResult {
    let kind = match operand(vm, at, 3) {
        Value::Number(n) => n as i32,
        _ => METHOD,
    };
    let is_static = matches!(operand(vm, at, 4), Value::Boolean(true));
    let key = operand(vm, at, 2);
    let private = super::private::as_private_name(vm, key);
    // The element's current value: the function, or for an accessor `{ get, set }`.
    let (getter, setter) = match private {
        Some(p) => super::private::methods(vm, p),
        None => {
            let Value::Object(home) = operand(vm, at, 1) else {
                return Err(vm.type_error("invalid decorated element"));
            };
            let pk = ops::to_property_key(vm, key)?;
            match crate::object::get_own_property(vm, home, pk)? {
                Some(d) if d.value.is_some() => {
                    (d.value.unwrap_or(Value::Undefined), Value::Undefined)
                }
                Some(d) => (
                    d.get.unwrap_or(Value::Undefined),
                    d.set.unwrap_or(Value::Undefined),
                ),
                None => (Value::Undefined, Value::Undefined),
            }
        }
    };
    // The value slots: [value (method, getter or setter), getter, setter].
    let state = vm.root(match kind {
        SETTER => setter,
        _ => getter,
    });
    vm.root(getter);
    vm.root(setter);
    let result = apply_element_decorators(vm, at, kind, is_static, state);
    let value = vm.rooted(state);
    let getter = vm.rooted(state + 1);
    let setter = vm.rooted(state + 2);
    vm.unroot(state);
    result?;
    // Define the decorated element (fields are defined later, with their initializers).
    let key = operand(vm, at, 2);
    match super::private::as_private_name(vm, key) {
        Some(p) => match kind {
            METHOD => super::private::set_method(vm, p, value, 1),
            GETTER => super::private::set_method(vm, p, value, 2),
            SETTER => super::private::set_method(vm, p, value, 3),
            ACCESSOR => {
                // The accessor's own getter and setter live on its Private Name.
                super::private::set_method(vm, p, getter, 2);
                super::private::set_method(vm, p, setter, 3);
            }
            _ => {}
        },
        None => {
            let Value::Object(home) = operand(vm, at, 1) else {
                return Err(vm.type_error("invalid decorated element"));
            };
            let pk = ops::to_property_key(vm, key)?;
            let desc = match kind {
                METHOD => Some(PropertyDescriptor::data(value, true, false, true)),
                GETTER => Some(PropertyDescriptor {
                    get: Some(value),
                    enumerable: Some(false),
                    configurable: Some(true),
                    ..Default::default()
                }),
                SETTER => Some(PropertyDescriptor {
                    set: Some(value),
                    enumerable: Some(false),
                    configurable: Some(true),
                    ..Default::default()
                }),
                ACCESSOR => Some(PropertyDescriptor {
                    get: Some(getter),
                    set: Some(setter),
                    enumerable: Some(false),
                    configurable: Some(true),
                    ..Default::default()
                }),
                _ => None,
            };
            if let Some(desc) = desc {
                ops::define_property_or_throw(vm, home, pk, desc)?;
            }
        }
    }
    Ok(Value::Undefined)
}

/// The loop of ApplyDecoratorsToElementDefinition: each decorator, last first, with the value
/// in root slot `state` (and an accessor's getter and setter in `state + 1`, `state + 2`).
fn apply_element_decorators(
    vm: &mut Vm,
    at: usize,
    kind: i32,
    is_static: bool,
    state: usize,
) -> JsResult<()> {
    let count = list_len(vm, operand(vm, at, 0));
    for i in (0..count).rev() {
        let decorator = list_get(vm, operand(vm, at, 0), i);
        let value = if kind == ACCESSOR {
            // The value of an accessor is `{ get, set }`.
            let o = new_object(vm);
            let g = vm.rooted(state + 1);
            define(vm, o, "get", g)?;
            let s = vm.rooted(state + 2);
            define(vm, o, "set", s)?;
            Value::Object(o)
        } else if kind == FIELD {
            Value::Undefined
        } else {
            vm.rooted(state)
        };
        let c = ContextArgs {
            kind,
            key: operand(vm, at, 2),
            extra: operand(vm, at, 6),
            metadata: operand(vm, at, 5),
            is_static,
        };
        let new_value = call_decorator(vm, decorator, value, c)?;
        match kind {
            FIELD => {
                // A field decorator returns an initializer (or undefined).
                require_callable_or_undefined(vm, new_value, "result")?;
                if !matches!(new_value, Value::Undefined) {
                    list_push(vm, operand(vm, at, 7), new_value);
                }
            }
            ACCESSOR => {
                // An accessor decorator returns `{ get, set, init }` (or undefined).
                if matches!(new_value, Value::Undefined) {
                    continue;
                }
                let Value::Object(o) = new_value else {
                    return Err(
                        vm.type_error("an accessor decorator must return an object or undefined")
                    );
                };
                let obj_slot = vm.root(Value::Object(o));
                let r = (|| -> JsResult<()> {
                    for (name, target) in [
                        ("get", Some(state + 1)),
                        ("set", Some(state + 2)),
                        ("init", None),
                    ] {
                        let Value::Object(o) = vm.rooted(obj_slot) else {
                            unreachable!()
                        };
                        let k = ops::key_from_str(vm, name);
                        let v = ops::get(vm, o, k)?;
                        require_callable_or_undefined(vm, v, name)?;
                        if matches!(v, Value::Undefined) {
                            continue;
                        }
                        match target {
                            Some(s) => vm.roots[s] = v,
                            None => list_push(vm, operand(vm, at, 7), v),
                        }
                    }
                    Ok(())
                })();
                vm.unroot(obj_slot);
                r?;
            }
            _ => {
                // A method, getter or setter decorator returns a replacement function.
                require_callable_or_undefined(vm, new_value, "result")?;
                if !matches!(new_value, Value::Undefined) {
                    vm.roots[state] = new_value;
                }
            }
        }
    }
    Ok(())
}

/// ApplyDecoratorsToClassDefinition, after defining F[Symbol.metadata]. Registers:
/// decorators (array or undefined), the class, metadata, extra initializers, name.
/// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-applydecoratorstoclassdefinition>
fn apply_class_decorators(vm: &mut Vm, at: usize) -> JsResult {
    // ClassDefinitionEvaluation: DefinePropertyOrThrow(F, @@metadata, { [[Value]]: metadata,
    // [[Writable]]: false, [[Enumerable]]: false, [[Configurable]]: true }).
    let Value::Object(f) = operand(vm, at, 1) else {
        return Err(vm.type_error("invalid decorated class"));
    };
    let key = crate::realm::symbol_key(vm, WellKnown::Metadata);
    let metadata = operand(vm, at, 2);
    ops::define_property_or_throw(
        vm,
        f,
        key,
        PropertyDescriptor::data(metadata, false, false, true),
    )?;
    let class_slot = vm.root(Value::Object(f));
    let count = list_len(vm, operand(vm, at, 0));
    let r = (|| -> JsResult<()> {
        for i in (0..count).rev() {
            let decorator = list_get(vm, operand(vm, at, 0), i);
            let class = vm.rooted(class_slot);
            let c = ContextArgs {
                kind: CLASS,
                key: operand(vm, at, 4),
                extra: operand(vm, at, 3),
                metadata: operand(vm, at, 2),
                is_static: false,
            };
            let new_class = call_decorator(vm, decorator, class, c)?;
            require_callable_or_undefined(vm, new_class, "result")?;
            if !matches!(new_class, Value::Undefined) {
                vm.roots[class_slot] = new_class;
            }
        }
        Ok(())
    })();
    let class = vm.rooted(class_slot);
    vm.unroot(class_slot);
    r?;
    Ok(class)
}

/// The metadata object of a class: an object whose prototype is the superclass's
/// `Symbol.metadata` when that is an object, else null.
/// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-runtime-semantics-classdefinitionevaluation>
fn create_metadata(vm: &mut Vm, at: usize) -> JsResult {
    let parent = match operand(vm, at, 0) {
        Value::Object(p) => {
            let key = crate::realm::symbol_key(vm, WellKnown::Metadata);
            match ops::get(vm, p, key)? {
                Value::Object(m) => Some(m),
                _ => None,
            }
        }
        _ => None,
    };
    Ok(Value::Object(
        vm.heap.alloc(Object::new(parent, ObjectKind::Ordinary)),
    ))
}

/// DefineField's initializers: the value goes through each initializer in turn, called on
/// the receiver. Registers: initializers, receiver, value.
/// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-definefield>
fn run_initializers(vm: &mut Vm, at: usize) -> JsResult {
    let count = list_len(vm, operand(vm, at, 0));
    let value_slot = vm.root(operand(vm, at, 2));
    let r = (|| -> JsResult<()> {
        for i in 0..count {
            let init = list_get(vm, operand(vm, at, 0), i);
            let value = vm.rooted(value_slot);
            let v = ops::call(vm, init, operand(vm, at, 1), &[value])?;
            vm.roots[value_slot] = v;
        }
        Ok(())
    })();
    let value = vm.rooted(value_slot);
    vm.unroot(value_slot);
    r?;
    Ok(value)
}

/// RunExtraInitializers(initializers, receiver)... the `addInitializer` functions, in the
/// order they were added. Registers: initializers, receiver.
/// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-initializeinstanceelements>
fn run_extra_initializers(vm: &mut Vm, at: usize) -> JsResult<()> {
    let count = list_len(vm, operand(vm, at, 0));
    for i in 0..count {
        let init = list_get(vm, operand(vm, at, 0), i);
        ops::call(vm, init, operand(vm, at, 1), &[])?;
    }
    Ok(())
}

/// The `addInitializer` function of a decorator context: slot 0 the extra initializers,
/// slot 1 whether the decoration has finished.
/// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-createaddinitializerfunction>
pub fn add_initializer(vm: &mut Vm, args: Args) -> JsResult {
    let f = args.callee(vm);
    // 1. If decorationState.[[Finished]] is true, throw a TypeError exception.
    if matches!(slot(vm, f, 1), Value::Boolean(true)) {
        return Err(vm.type_error("addInitializer cannot be called after decoration has finished"));
    }
    // 2. Perform ? RequireCallable(initializer).
    let init = args.get(vm, 0);
    if !ops::is_callable(vm, init) {
        return Err(vm.type_error("addInitializer expects a function"));
    }
    // 3. Append initializer to extraInitializers.
    let list = slot(vm, f, 0);
    list_push(vm, list, init);
    Ok(Value::Undefined)
}

fn require_object(vm: &mut Vm, v: Value) -> JsResult<Handle<Object>> {
    match v {
        Value::Object(o) => Ok(o),
        _ => Err(vm.type_error("a decorator access function expects an object")),
    }
}

/// `access.get(o)`: the element's value on `o` (PrivateGet or Get).
/// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-createdecoratoraccessobject>
pub fn access_get(vm: &mut Vm, args: Args) -> JsResult {
    let name = slot(vm, args.callee(vm), 0);
    let o = require_object(vm, args.get(vm, 0))?;
    match super::private::as_private_name(vm, name) {
        Some(p) => super::private::get(vm, Value::Object(o), p),
        None => {
            let key = ops::to_property_key(vm, name)?;
            ops::get(vm, o, key)
        }
    }
}

/// `access.set(o, v)`: PrivateSet or Set(o, name, v, true).
pub fn access_set(vm: &mut Vm, args: Args) -> JsResult {
    let name = slot(vm, args.callee(vm), 0);
    let o = require_object(vm, args.get(vm, 0))?;
    let v = args.get(vm, 1);
    match super::private::as_private_name(vm, name) {
        Some(p) => super::private::set(vm, Value::Object(o), p, v)?,
        None => {
            let key = ops::to_property_key(vm, name)?;
            ops::set(vm, o, key, v, true)?;
        }
    }
    Ok(Value::Undefined)
}

/// `access.has(o)`: whether `o` has the element (`#x in o`, or HasProperty).
pub fn access_has(vm: &mut Vm, args: Args) -> JsResult {
    let name = slot(vm, args.callee(vm), 0);
    let o = require_object(vm, args.get(vm, 0))?;
    match super::private::as_private_name(vm, name) {
        Some(p) => super::private::has(vm, Value::Object(o), p),
        None => {
            let key: PropertyKey = ops::to_property_key(vm, name)?;
            Ok(Value::Boolean(crate::object::has_property(vm, o, key)?))
        }
    }
}
