//! Abstract operations (<https://tc39.es/ecma262/#sec-abstract-operations>): type conversion
//! (§7.1), testing and comparison (§7.2), operations on objects (§7.3) and on iterators (§7.4).

use crate::natives::NativeId;
use crate::number::string_to_number;
use crate::object::{self, PropertyDescriptor};
use crate::realm::Intrinsic;
use crate::CommonKey;
use crate::{interp, ErrorKind, JsResult, Vm};
use amber_heap::{Handle, JsString, Object, ObjectKind, PropertyKey, PropertyMap, Value};

// --- property keys -----------------------------------------------------------------------------

/// Is `units` a canonical array index ("0", "1", ... below 2^32 - 1)?
pub fn array_index(units: &[u16]) -> Option<u32> {
    if units.is_empty() || units.len() > 10 {
        return None;
    }
    if units[0] == b'0' as u16 && units.len() > 1 {
        return None;
    }
    let mut n: u64 = 0;
    for &u in units {
        if !(b'0' as u16..=b'9' as u16).contains(&u) {
            return None;
        }
        n = n * 10 + (u - b'0' as u16) as u64;
    }
    (n < u32::MAX as u64).then_some(n as u32)
}

/// The property key for Rust text.
pub fn key_from_str(vm: &mut Vm, s: &str) -> PropertyKey {
    amber_heap::string::with_utf16(s, |units| key_from_units(vm, units))
}

/// Is `key` the string "length"? (Cheaper than interning "length" to compare handles.)
#[inline]
pub fn is_length_key(vm: &Vm, key: PropertyKey) -> bool {
    const LENGTH: [u16; 6] = [108, 101, 110, 103, 116, 104];
    matches!(key, PropertyKey::String(s) if *vm.heap.string_units(s) == LENGTH)
}

/// The property key for a string given as UTF-16 code units: an array index when the text
/// is one (`"0"`, `"42"`), otherwise the interned string.
pub fn key_from_units(vm: &mut Vm, units: &[u16]) -> PropertyKey {
    match array_index(units) {
        Some(i) => PropertyKey::Index(i),
        None => PropertyKey::String(vm.heap.intern(units)),
    }
}

/// The property key for a string value.
pub fn key_from_string(vm: &mut Vm, s: Handle<JsString>) -> PropertyKey {
    if let Some(i) = array_index(vm.heap.string_units(s)) {
        return PropertyKey::Index(i);
    }
    PropertyKey::String(vm.heap.intern_handle(s))
}

/// A property key as a language value (for [[OwnPropertyKeys]] results).
pub fn key_to_value(vm: &mut Vm, key: PropertyKey) -> Value {
    match key {
        PropertyKey::Index(i) => vm.string_from(&i.to_string()),
        PropertyKey::String(s) => Value::String(s),
        PropertyKey::Symbol(s) => Value::Symbol(s),
    }
}

/// `n` as an array index (an integer from 0 to 2^32 - 2; -0 is 0), if it is one.
///
/// `as u32` truncates (and saturates), so the round trip gives back `n` exactly when `n` is an
/// integer in range. This is the keyed-access fast paths' test: `n.fract() == 0.0` compiles to
/// a call of libm's `trunc` on the baseline x86-64 target, 3% of NavierStokes.
#[inline(always)]
pub fn array_index_of(n: f64) -> Option<u32> {
    let i = n as u32;
    (f64::from(i) == n && i != u32::MAX).then_some(i)
}

/// ToPropertyKey(argument). <https://tc39.es/ecma262/#sec-topropertykey>
pub fn to_property_key(vm: &mut Vm, v: Value) -> JsResult<PropertyKey> {
    if let Value::Number(n) = v {
        if let Some(i) = array_index_of(n) {
            return Ok(PropertyKey::Index(i));
        }
    }
    match v {
        Value::String(s) => Ok(key_from_string(vm, s)),
        Value::Symbol(s) => Ok(PropertyKey::Symbol(s)),
        _ => {
            // 1. Let key be ? ToPrimitive(argument, string).
            let key = to_primitive(vm, v, Hint::String)?;
            // 2. If key is a Symbol, return key. 3. Return ! ToString(key).
            if let Value::Symbol(s) = key {
                return Ok(PropertyKey::Symbol(s));
            }
            let s = to_string(vm, key)?;
            Ok(key_from_string(vm, s))
        }
    }
}

// --- type conversion ---------------------------------------------------------------------------

/// The preferred type of ToPrimitive. <https://tc39.es/ecma262/#sec-toprimitive>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    /// No preference (`"default"`): `+`, `==`, the Date constructor.
    Default,
    /// `"string"`: ToString, property keys, template literals.
    String,
    /// `"number"`: ToNumber and the arithmetic and relational operators.
    Number,
}

/// ToPrimitive(input, preferredType). <https://tc39.es/ecma262/#sec-toprimitive>
pub fn to_primitive(vm: &mut Vm, input: Value, hint: Hint) -> JsResult {
    let Value::Object(o) = input else {
        return Ok(input);
    };
    let slot = vm.root(input);
    // a. Let exoticToPrim be ? GetMethod(input, @@toPrimitive).
    let to_prim_key =
        PropertyKey::Symbol(vm.agent.symbols[crate::realm::WellKnown::ToPrimitive as usize]);
    let exotic = get_method(vm, Value::Object(o), to_prim_key)?;
    let input = vm.rooted(slot);
    let result = if let Some(f) = exotic {
        let hint_str = match hint {
            Hint::Default => "default",
            Hint::String => "string",
            Hint::Number => "number",
        };
        let h = vm.string_from(hint_str);
        let r = call(vm, f, input, &[h])?;
        if let Value::Object(_) = r {
            vm.unroot(slot);
            return Err(vm.type_error("Cannot convert object to primitive value"));
        }
        r
    } else {
        ordinary_to_primitive(
            vm,
            input,
            if hint == Hint::String {
                Hint::String
            } else {
                Hint::Number
            },
        )?
    };
    vm.unroot(slot);
    Ok(result)
}

/// OrdinaryToPrimitive(O, hint). <https://tc39.es/ecma262/#sec-ordinarytoprimitive>
pub fn ordinary_to_primitive(vm: &mut Vm, o: Value, hint: Hint) -> JsResult {
    let names = if hint == Hint::String {
        ["toString", "valueOf"]
    } else {
        ["valueOf", "toString"]
    };
    let slot = vm.root(o);
    for name in names {
        let o = vm.rooted(slot);
        let key = vm.key(name);
        let method = get_v(vm, o, key)?;
        if is_callable(vm, method) {
            let o = vm.rooted(slot);
            let result = call(vm, method, o, &[])?;
            if !matches!(result, Value::Object(_)) {
                vm.unroot(slot);
                return Ok(result);
            }
        }
    }
    vm.unroot(slot);
    Err(vm.type_error("Cannot convert object to primitive value"))
}

/// ToBoolean(argument). <https://tc39.es/ecma262/#sec-toboolean>
#[inline]
pub fn to_boolean(vm: &Vm, v: Value) -> bool {
    match v {
        Value::Undefined | Value::Null | Value::Empty => false,
        Value::Boolean(b) => b,
        Value::Number(n) => !(n == 0.0 || n.is_nan()),
        Value::String(s) => !vm.heap.string_units(s).is_empty(),
        Value::Symbol(_) => true,
        Value::BigInt(b) => !vm.heap.get(b).limbs.is_empty(),
        Value::Object(o) => !crate::host::is_html_dda(vm, o),
    }
}

/// ToNumber(argument). <https://tc39.es/ecma262/#sec-tonumber>
pub fn to_number(vm: &mut Vm, v: Value) -> JsResult<f64> {
    match v {
        Value::Number(n) => Ok(n),
        Value::Undefined | Value::Empty => Ok(f64::NAN),
        Value::Null => Ok(0.0),
        Value::Boolean(b) => Ok(b as u8 as f64),
        Value::String(s) => Ok(string_to_number(&vm.rust_string(s))),
        Value::Symbol(_) => Err(vm.type_error("Cannot convert a Symbol value to a number")),
        Value::BigInt(_) => Err(vm.type_error("Cannot convert a BigInt value to a number")),
        Value::Object(_) => {
            let p = to_primitive(vm, v, Hint::Number)?;
            to_number(vm, p)
        }
    }
}

/// ToNumeric(value): a Number or a BigInt. <https://tc39.es/ecma262/#sec-tonumeric>
pub fn to_numeric(vm: &mut Vm, v: Value) -> JsResult {
    let p = to_primitive(vm, v, Hint::Number)?;
    if let Value::BigInt(_) = p {
        return Ok(p);
    }
    Ok(Value::Number(to_number(vm, p)?))
}

/// ToIntegerOrInfinity(argument). <https://tc39.es/ecma262/#sec-tointegerorinfinity>
pub fn to_integer_or_infinity(vm: &mut Vm, v: Value) -> JsResult<f64> {
    let n = to_number(vm, v)?;
    if n.is_nan() || n == 0.0 {
        return Ok(0.0);
    }
    // truncate(ℝ(number)) is a mathematical value: -0.5 gives +0, never -0.
    let t = n.trunc();
    Ok(if t == 0.0 { 0.0 } else { t })
}

#[inline]
fn modulo_2_32(n: f64) -> u32 {
    // Fast path: below 2^63 in magnitude, `as i64` is exactly truncate(n), and the low 32
    // bits of its two's complement are truncate(n) modulo 2^32. (NaN fails the test.)
    if n.abs() < 9.2e18 {
        return (n as i64) as u32;
    }
    if !n.is_finite() || n == 0.0 {
        return 0;
    }
    let int = n.trunc();
    let m = int.rem_euclid(4294967296.0);
    m as u32
}

/// ToInt32(argument). <https://tc39.es/ecma262/#sec-toint32>
pub fn to_int32(vm: &mut Vm, v: Value) -> JsResult<i32> {
    // 1. Let number be ? ToNumber(argument). 2-5: see `to_i32`.
    Ok(to_i32(to_number(vm, v)?))
}

/// ToUint32(argument). <https://tc39.es/ecma262/#sec-touint32>
pub fn to_uint32(vm: &mut Vm, v: Value) -> JsResult<u32> {
    // 1. Let number be ? ToNumber(argument). 2-5: see `modulo_2_32`.
    Ok(modulo_2_32(to_number(vm, v)?))
}

/// ToLength(argument). <https://tc39.es/ecma262/#sec-tolength>
pub fn to_length(vm: &mut Vm, v: Value) -> JsResult<f64> {
    let len = to_integer_or_infinity(vm, v)?;
    if len <= 0.0 {
        return Ok(0.0);
    }
    Ok(len.min(9007199254740991.0))
}

/// ToIndex(value). <https://tc39.es/ecma262/#sec-toindex>
pub fn to_index(vm: &mut Vm, v: Value) -> JsResult<usize> {
    let i = to_integer_or_infinity(vm, v)?;
    if !(0.0..=9007199254740991.0).contains(&i) {
        return Err(vm.range_error("Invalid index"));
    }
    Ok(i as usize)
}

/// ToString(argument). <https://tc39.es/ecma262/#sec-tostring>
pub fn to_string(vm: &mut Vm, v: Value) -> JsResult<Handle<JsString>> {
    Ok(match v {
        Value::String(s) => s,
        Value::Undefined | Value::Empty => vm.str("undefined"),
        Value::Null => vm.str("null"),
        Value::Boolean(true) => vm.str("true"),
        Value::Boolean(false) => vm.str("false"),
        Value::Number(n) => vm.heap.alloc_string(crate::number::number_to_utf16(n)),
        Value::Symbol(_) => return Err(vm.type_error("Cannot convert a Symbol value to a string")),
        Value::BigInt(b) => {
            let s = crate::builtins::bigint::to_decimal(&vm.heap.get(b).clone());
            vm.heap.alloc_string(s.encode_utf16().collect())
        }
        Value::Object(_) => {
            let p = to_primitive(vm, v, Hint::String)?;
            return to_string(vm, p);
        }
    })
}

/// ToString, returned as Rust text.
pub fn to_rust_string(vm: &mut Vm, v: Value) -> JsResult<String> {
    let s = to_string(vm, v)?;
    Ok(vm.rust_string(s))
}

/// ToObject(argument). <https://tc39.es/ecma262/#sec-toobject>
pub fn to_object(vm: &mut Vm, v: Value) -> JsResult<Handle<Object>> {
    let (proto, kind) = match v {
        Value::Object(o) => return Ok(o),
        Value::Undefined | Value::Null | Value::Empty => {
            return Err(vm.type_error(format!(
                "Cannot convert {} to object",
                if v == Value::Null {
                    "null"
                } else {
                    "undefined"
                }
            )))
        }
        Value::Boolean(b) => (Intrinsic::BooleanPrototype, ObjectKind::Boolean(b)),
        Value::Number(n) => (Intrinsic::NumberPrototype, ObjectKind::Number(n)),
        Value::String(s) => {
            let proto = vm.intrinsic(Intrinsic::StringPrototype);
            return Ok(crate::builtins::string::string_create(vm, s, proto));
        }
        Value::Symbol(s) => (Intrinsic::SymbolPrototype, ObjectKind::Symbol(s)),
        Value::BigInt(b) => (Intrinsic::BigIntPrototype, ObjectKind::BigInt(b)),
    };
    let proto = vm.intrinsic(proto);
    Ok(vm.heap.alloc(Object::new(Some(proto), kind)))
}

/// RequireObjectCoercible(argument). <https://tc39.es/ecma262/#sec-requireobjectcoercible>
pub fn require_object_coercible(vm: &mut Vm, v: Value) -> JsResult {
    if v.is_nullish() {
        return Err(vm.type_error(format!(
            "Cannot convert {} to object",
            if v == Value::Null {
                "null"
            } else {
                "undefined"
            }
        )));
    }
    Ok(v)
}

// --- testing and comparison --------------------------------------------------------------------

/// IsCallable(argument). <https://tc39.es/ecma262/#sec-iscallable>
pub fn is_callable(vm: &Vm, v: Value) -> bool {
    match v {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound(_) => true,
            ObjectKind::Proxy(p) => p.callable,
            _ => false,
        },
        _ => false,
    }
}

/// IsConstructor(argument). <https://tc39.es/ecma262/#sec-isconstructor>
pub fn is_constructor(vm: &Vm, v: Value) -> bool {
    match v {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::Function(f) => {
                let code = vm.heap.get(f.code);
                code.flags & amber_compiler::bytecode::flags::CONSTRUCTOR != 0
            }
            ObjectKind::Native(n) => n.is_constructor(),
            ObjectKind::Bound(b) => is_constructor(vm, Value::Object(b.target)),
            ObjectKind::Proxy(p) => p.constructor,
            _ => false,
        },
        _ => false,
    }
}

/// SameValue(x, y). <https://tc39.es/ecma262/#sec-samevalue>
pub fn same_value(vm: &Vm, x: Value, y: Value) -> bool {
    match (x, y) {
        (Value::Number(a), Value::Number(b)) => {
            (a.is_nan() && b.is_nan()) || (a == b && a.is_sign_negative() == b.is_sign_negative())
        }
        _ => same_value_non_number(vm, x, y),
    }
}

/// SameValueZero(x, y). <https://tc39.es/ecma262/#sec-samevaluezero>
pub fn same_value_zero(vm: &Vm, x: Value, y: Value) -> bool {
    match (x, y) {
        (Value::Number(a), Value::Number(b)) => (a.is_nan() && b.is_nan()) || a == b,
        _ => same_value_non_number(vm, x, y),
    }
}

/// SameValueNonNumber(x, y). <https://tc39.es/ecma262/#sec-samevaluenonnumber>
fn same_value_non_number(vm: &Vm, x: Value, y: Value) -> bool {
    match (x, y) {
        (Value::String(a), Value::String(b)) => {
            a == b || vm.heap.string_units(a) == vm.heap.string_units(b)
        }
        (Value::BigInt(a), Value::BigInt(b)) => vm.heap.get(a) == vm.heap.get(b),
        (Value::Number(_), _) | (_, Value::Number(_)) => false,
        _ => x == y,
    }
}

/// IsStrictlyEqual(x, y). <https://tc39.es/ecma262/#sec-isstrictlyequal>
pub fn is_strictly_equal(vm: &Vm, x: Value, y: Value) -> bool {
    match (x, y) {
        (Value::Number(a), Value::Number(b)) => a == b,
        _ => same_value_non_number(vm, x, y),
    }
}

/// IsLooselyEqual(x, y). <https://tc39.es/ecma262/#sec-islooselyequal>
pub fn is_loosely_equal(vm: &mut Vm, x: Value, y: Value) -> JsResult<bool> {
    if let Some(eq) = loosely_equal_without_conversion(vm, x, y) {
        return Ok(eq);
    }
    use Value::*;
    Ok(match (x, y) {
        (Number(_), Number(_))
        | (String(_), String(_))
        | (Boolean(_), Boolean(_))
        | (Symbol(_), Symbol(_))
        | (Object(_), Object(_))
        | (BigInt(_), BigInt(_)) => is_strictly_equal(vm, x, y),
        (Number(a), String(s)) => a == string_to_number(&vm.rust_string(s)),
        (String(s), Number(b)) => string_to_number(&vm.rust_string(s)) == b,
        (BigInt(_), String(_)) | (String(_), BigInt(_)) => {
            let (b, s) = if let BigInt(_) = x { (x, y) } else { (y, x) };
            let Value::String(s) = s else { unreachable!() };
            let text = vm.rust_string(s);
            match crate::builtins::bigint::parse_string(&text) {
                Some(n) => {
                    let Value::BigInt(b) = b else { unreachable!() };
                    *vm.heap.get(b) == n
                }
                None => false,
            }
        }
        (Boolean(b), _) => return is_loosely_equal(vm, Number(b as u8 as f64), y),
        (_, Boolean(b)) => return is_loosely_equal(vm, x, Number(b as u8 as f64)),
        (Object(_), Number(_) | String(_) | BigInt(_) | Symbol(_)) => {
            let p = to_primitive(vm, x, Hint::Default)?;
            return is_loosely_equal(vm, p, y);
        }
        (Number(_) | String(_) | BigInt(_) | Symbol(_), Object(_)) => {
            let p = to_primitive(vm, y, Hint::Default)?;
            return is_loosely_equal(vm, x, p);
        }
        (BigInt(a), Number(n)) | (Number(n), BigInt(a)) => {
            crate::builtins::bigint::equals_number(&vm.heap.get(a).clone(), n)
        }
        _ => false,
    })
}

/// The steps of IsLooselyEqual that convert nothing and call nothing: undefined or null on
/// either side (steps 2-4), and two objects (step 1). `None` for the rest. The interpreter's
/// `==` and `!=` try this in line before calling [`is_loosely_equal`]: `x == null` is the
/// commonest loose comparison (Richards spent 4% of its time calling out for it).
/// <https://tc39.es/ecma262/#sec-islooselyequal>
#[inline(always)]
pub(crate) fn loosely_equal_without_conversion(vm: &Vm, x: Value, y: Value) -> Option<bool> {
    use Value::{Null, Object, Undefined};
    match (x, y) {
        // Steps 2-3.
        (Undefined | Null, Undefined | Null) => Some(true),
        // Step 4 (Annex B): an [[IsHTMLDDA]] object equals undefined and null.
        (Undefined | Null, Object(o)) | (Object(o), Undefined | Null) => {
            Some(crate::host::is_html_dda(vm, o))
        }
        // Steps 5-14 convert only strings, BigInts, booleans and objects, and never to
        // undefined or null: anything else compared with undefined or null is not equal.
        (Undefined | Null, _) | (_, Undefined | Null) => Some(false),
        // Step 1: the same type, IsStrictlyEqual; two objects are equal when they are one.
        (Object(a), Object(b)) => Some(a == b),
        _ => None,
    }
}

/// The `typeof` operator. <https://tc39.es/ecma262/#sec-typeof-operator>
pub fn type_of(vm: &Vm, v: Value) -> &'static str {
    match v {
        Value::Undefined | Value::Empty => "undefined",
        Value::Null => "object",
        Value::Boolean(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Symbol(_) => "symbol",
        Value::BigInt(_) => "bigint",
        Value::Object(o) => {
            if crate::host::is_html_dda(vm, o) {
                "undefined"
            } else if is_callable(vm, v) {
                "function"
            } else {
                "object"
            }
        }
    }
}

// --- operations on objects ---------------------------------------------------------------------

/// Get(O, P). <https://tc39.es/ecma262/#sec-get-o-p>
pub fn get(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) -> JsResult {
    object::get(vm, o, key, Value::Object(o))
}

/// Get(O, P) for one of the engine's common names ([`crate::CommonKey`]).
pub(crate) fn get_name(vm: &mut Vm, o: Handle<Object>, name: CommonKey) -> JsResult {
    let key = vm.name_key(name);
    get(vm, o, key)
}

/// Get with a Rust-text key.
pub fn get_str(vm: &mut Vm, o: Handle<Object>, name: &str) -> JsResult {
    let key = vm.key(name);
    get(vm, o, key)
}

/// GetV(V, P): property lookup on any value, primitives through their prototype.
/// <https://tc39.es/ecma262/#sec-getv>
pub fn get_v(vm: &mut Vm, v: Value, key: PropertyKey) -> JsResult {
    match v {
        Value::Object(o) => object::get(vm, o, key, v),
        Value::String(s) => {
            // Fast path for string length and indices: no wrapper object.
            let units = vm.heap.string_units(s);
            if let PropertyKey::Index(i) = key {
                if let Some(&u) = units.get(i as usize) {
                    return Ok(vm.string_value(vec![u]));
                }
            } else if key == vm.length_and_name_keys().0 {
                return Ok(Value::Number(vm.heap.string_units(s).len() as f64));
            }
            let proto = vm.intrinsic(Intrinsic::StringPrototype);
            object::get(vm, proto, key, v)
        }
        Value::Number(_) | Value::Boolean(_) | Value::Symbol(_) | Value::BigInt(_) => {
            let proto = match v {
                Value::Number(_) => Intrinsic::NumberPrototype,
                Value::Boolean(_) => Intrinsic::BooleanPrototype,
                Value::Symbol(_) => Intrinsic::SymbolPrototype,
                _ => Intrinsic::BigIntPrototype,
            };
            let proto = vm.intrinsic(proto);
            object::get(vm, proto, key, v)
        }
        Value::Undefined | Value::Null | Value::Empty => {
            let what = if v == Value::Null {
                "null"
            } else {
                "undefined"
            };
            let name = display_key(vm, key);
            Err(vm.type_error(format!(
                "Cannot read properties of {what} (reading '{name}')"
            )))
        }
    }
}

/// A property key as text for error messages.
pub fn display_key(vm: &Vm, key: PropertyKey) -> String {
    match key {
        PropertyKey::Index(i) => i.to_string(),
        PropertyKey::String(s) => vm.rust_string(s),
        PropertyKey::Symbol(s) => match vm.heap.get(s).description {
            Some(d) => format!("Symbol({})", vm.rust_string(d)),
            None => "Symbol()".into(),
        },
    }
}

/// Set(O, P, V, Throw). <https://tc39.es/ecma262/#sec-set-o-p-v-throw>
pub fn set(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
    v: Value,
    throw: bool,
) -> JsResult<()> {
    let ok = object::set(vm, o, key, v, Value::Object(o))?;
    if !ok && throw {
        let name = display_key(vm, key);
        return Err(vm.type_error(format!(
            "Cannot assign to read only property '{name}' of object"
        )));
    }
    Ok(())
}

/// PutValue for a property reference with any base value (strict: failure throws).
/// <https://tc39.es/ecma262/#sec-putvalue>
pub fn put_value(
    vm: &mut Vm,
    base: Value,
    key: PropertyKey,
    v: Value,
    strict: bool,
) -> JsResult<()> {
    match base {
        Value::Object(o) => {
            let ok = object::set(vm, o, key, v, base)?;
            if !ok && strict {
                let name = display_key(vm, key);
                return Err(vm.type_error(format!(
                    "Cannot assign to read only property '{name}' of object"
                )));
            }
            Ok(())
        }
        Value::Undefined | Value::Null | Value::Empty => Err(set_on_nullish(vm, base, Some(key))),
        _ => {
            // A primitive base: look the property up on its wrapper's prototype chain with
            // the primitive as receiver (setters run; data properties fail).
            let slot = vm.root(v);
            let wrapper = to_object(vm, base)?;
            let v = vm.rooted(slot);
            vm.unroot(slot);
            let ok = object::set(vm, wrapper, key, v, base)?;
            if !ok && strict {
                let name = display_key(vm, key);
                return Err(vm.type_error(format!("Cannot create property '{name}' on primitive")));
            }
            Ok(())
        }
    }
}

/// The TypeError of PutValue's ToObject on a null or undefined base, naming the key when it
/// is known (a key that is still an object is not converted: ToObject throws first).
#[cold]
pub fn set_on_nullish(vm: &mut Vm, base: Value, key: Option<PropertyKey>) -> crate::Throw {
    let what = if base == Value::Null {
        "null"
    } else {
        "undefined"
    };
    let message = match key {
        Some(key) => {
            let name = display_key(vm, key);
            format!("Cannot set properties of {what} (setting '{name}')")
        }
        None => format!("Cannot set properties of {what}"),
    };
    vm.type_error(message)
}

/// CreateDataProperty(O, P, V). <https://tc39.es/ecma262/#sec-createdataproperty>
pub fn create_data_property(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
    v: Value,
) -> JsResult<bool> {
    object::define_own_property(vm, o, key, PropertyDescriptor::data(v, true, true, true))
}

/// CreateDataPropertyOrThrow(O, P, V). <https://tc39.es/ecma262/#sec-createdatapropertyorthrow>
pub fn create_data_property_or_throw(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
    v: Value,
) -> JsResult<()> {
    if !create_data_property(vm, o, key, v)? {
        let name = display_key(vm, key);
        return Err(vm.type_error(format!("Cannot define property '{name}'")));
    }
    Ok(())
}

/// DefinePropertyOrThrow(O, P, desc). <https://tc39.es/ecma262/#sec-definepropertyorthrow>
pub fn define_property_or_throw(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> JsResult<()> {
    if !object::define_own_property(vm, o, key, desc)? {
        let name = display_key(vm, key);
        return Err(vm.type_error(format!("Cannot redefine property: {name}")));
    }
    Ok(())
}

/// DeletePropertyOrThrow(O, P). <https://tc39.es/ecma262/#sec-deletepropertyorthrow>
pub fn delete_property_or_throw(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) -> JsResult<()> {
    if !object::delete(vm, o, key)? {
        let name = display_key(vm, key);
        return Err(vm.type_error(format!("Cannot delete property '{name}'")));
    }
    Ok(())
}

/// HasOwnProperty(O, P). <https://tc39.es/ecma262/#sec-hasownproperty>
pub fn has_own_property(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) -> JsResult<bool> {
    Ok(object::get_own_property(vm, o, key)?.is_some())
}

/// GetMethod(V, P): `None` for undefined or null. <https://tc39.es/ecma262/#sec-getmethod>
pub fn get_method(vm: &mut Vm, v: Value, key: PropertyKey) -> JsResult<Option<Value>> {
    let f = get_v(vm, v, key)?;
    if f.is_nullish() {
        return Ok(None);
    }
    if !is_callable(vm, f) {
        let name = display_key(vm, key);
        return Err(vm.type_error(format!("{name} is not a function")));
    }
    Ok(Some(f))
}

/// Call(F, V, argumentsList). <https://tc39.es/ecma262/#sec-call>
pub fn call(vm: &mut Vm, f: Value, this: Value, args: &[Value]) -> JsResult {
    interp::call(vm, f, this, args)
}

/// Construct(F, argumentsList, newTarget). <https://tc39.es/ecma262/#sec-construct>
pub fn construct(vm: &mut Vm, f: Value, args: &[Value], new_target: Option<Value>) -> JsResult {
    interp::construct(vm, f, args, new_target.unwrap_or(f))
}

/// Invoke(V, P, argumentsList). <https://tc39.es/ecma262/#sec-invoke>
pub fn invoke(vm: &mut Vm, v: Value, key: PropertyKey, args: &[Value]) -> JsResult {
    let slot = vm.root(v);
    let mark = vm.roots.len();
    vm.roots.extend_from_slice(args);
    let f = get_v(vm, v, key)?;
    let v = vm.rooted(slot);
    let args = vm.roots[mark..].to_vec();
    vm.unroot(slot);
    call(vm, f, v, &args)
}

/// LengthOfArrayLike(obj). <https://tc39.es/ecma262/#sec-lengthofarraylike>
pub fn length_of_array_like(vm: &mut Vm, o: Handle<Object>) -> JsResult<f64> {
    if let ObjectKind::Array(a) = &vm.heap.get(o).kind {
        return Ok(a.length as f64);
    }
    let v = get_name(vm, o, CommonKey::Length)?;
    to_length(vm, v)
}

/// CreateArrayFromList(elements). <https://tc39.es/ecma262/#sec-createarrayfromlist>
pub fn create_array_from_list(vm: &mut Vm, elements: &[Value]) -> Handle<Object> {
    let a = crate::builtins::array::array_create(vm, 0, None);
    let obj = vm.heap.get_mut(a);
    obj.elements = amber_heap::Elements::from(elements);
    if let ObjectKind::Array(d) = &mut obj.kind {
        d.length = elements.len() as u32;
    }
    a
}

/// The longest argument list Amber builds (CreateListFromArrayLike); longer ones are a
/// RangeError, as in other engines.
pub const MAX_ARGUMENTS: usize = 1 << 24;

/// CreateListFromArrayLike(obj). <https://tc39.es/ecma262/#sec-createlistfromarraylike>
pub fn create_list_from_array_like(vm: &mut Vm, v: Value) -> JsResult<Vec<Value>> {
    let Value::Object(o) = v else {
        return Err(vm.type_error("CreateListFromArrayLike called on non-object"));
    };
    if let Some(list) = dense_list(vm, o) {
        return Ok(list);
    }
    let slot = vm.root(v);
    let len = length_of_array_like(vm, o)? as usize;
    // Not a spec limit: an argument list this long could never be passed anyway, and
    // building it would exhaust memory first.
    if len > MAX_ARGUMENTS {
        vm.unroot(slot);
        return Err(vm.range_error("Too many arguments in function call"));
    }
    let mark = vm.roots.len();
    for i in 0..len {
        vm.tick()?;
        let Value::Object(o) = vm.rooted(slot) else {
            unreachable!()
        };
        let v = get(vm, o, PropertyKey::Index(i as u32))?;
        vm.roots.push(v);
    }
    let list = vm.roots[mark..].to_vec();
    vm.unroot(slot);
    Ok(list)
}

/// What CreateListFromArrayLike(o) reads, when reading it runs no code and looks nothing up
/// on the prototype chain: `o` is an Array, or an unmapped arguments object whose "length" is
/// a data property (`f.apply(this, arguments)`), and every index below the length is one of
/// its elements (no holes). Elements are plain data properties, so each Get would return
/// exactly the element.
fn dense_list(vm: &mut Vm, o: Handle<Object>) -> Option<Vec<Value>> {
    let len = dense_length(vm, o)?;
    Some(vm.heap.get(o).elements[..len].to_vec())
}

/// The length of the list [`dense_list`] would return, if `o` is such an array-like; its
/// elements below that length are the list.
pub(crate) fn dense_length(vm: &mut Vm, o: Handle<Object>) -> Option<usize> {
    let len = match &vm.heap.get(o).kind {
        ObjectKind::Array(a) => a.length as usize,
        ObjectKind::Arguments(d) if d.env.is_none() => {
            // Its "length" must be a data property holding an integer. Still in the shape of a
            // fresh sloppy arguments object, it is the first slot (redefining it as an
            // accessor changes the shape); otherwise it is looked up.
            let memo = vm
                .heap
                .memoized_shape(amber_heap::ShapeMemo::SloppyArguments);
            let length = match &vm.heap.get(o).properties {
                PropertyMap::Shaped {
                    shape: Some(s),
                    slots,
                } if Some(*s) == memo => *slots.first()?,
                _ => {
                    let key = vm.name_key(CommonKey::Length);
                    let p = vm.heap.get_property(o, key)?;
                    if p.is_accessor() {
                        return None;
                    }
                    p.value
                }
            };
            // (An integer by a round trip, not `f64::fract`, a libm call on baseline x86-64;
            // lengths past the limit are refused below.)
            match length {
                Value::Number(n) if n >= 0.0 && (n as usize) as f64 == n => n as usize,
                _ => return None,
            }
        }
        _ => return None,
    };
    dense_prefix(&vm.heap.get(o).elements, len)
}

/// `Some(len)` if the first `len` elements are all present (and not too many to pass).
fn dense_prefix(elements: &[Value], len: usize) -> Option<usize> {
    let dense = len <= elements.len().min(MAX_ARGUMENTS)
        && !elements[..len].iter().any(|v| matches!(v, Value::Empty));
    dense.then_some(len)
}

/// OrdinaryHasInstance(C, O). <https://tc39.es/ecma262/#sec-ordinaryhasinstance>
pub fn ordinary_has_instance(vm: &mut Vm, c: Value, o: Value) -> JsResult<bool> {
    // 1. If IsCallable(C) is false, return false.
    if !is_callable(vm, c) {
        return Ok(false);
    }
    let Value::Object(ch) = c else {
        return Ok(false);
    };
    // 2. If C has a [[BoundTargetFunction]] internal slot, return ? InstanceofOperator(O, BC).
    if let ObjectKind::Bound(b) = &vm.heap.get(ch).kind {
        let target = Value::Object(b.target);
        return instanceof_operator(vm, o, target);
    }
    // 3. If O is not an Object, return false.
    let Value::Object(mut o) = o else {
        return Ok(false);
    };
    // 4. Let P be ? Get(C, "prototype").
    let oslot = vm.root(Value::Object(o));
    let collections = vm.heap.collections;
    let p = get_name(vm, ch, CommonKey::Prototype);
    let Value::Object(o2) = vm.rooted(oslot) else {
        unreachable!()
    };
    o = o2;
    vm.unroot(oslot);
    let p = p?;
    if collections == vm.heap.collections && matches!(p, Value::Object(_)) {
        // (The next `instanceof` of a function of this shape reads it from the cache.)
        remember_prototype_slot(vm, ch);
    }
    // 5. If P is not an Object, throw a TypeError exception.
    let Value::Object(p) = p else {
        return Err(vm.type_error("Function has non-object prototype in instanceof check"));
    };
    // 6. Repeat: walk O's prototype chain.
    has_on_prototype_chain(vm, o, p)
}

/// OrdinaryHasInstance step 6: is `p` on `o`'s prototype chain (by [[GetPrototypeOf]])?
/// Only a proxy's [[GetPrototypeOf]] runs code; every other object's is its [[Prototype]],
/// read here without a call. <https://tc39.es/ecma262/#sec-ordinaryhasinstance>
fn has_on_prototype_chain(vm: &mut Vm, mut o: Handle<Object>, p: Handle<Object>) -> JsResult<bool> {
    loop {
        let obj = vm.heap.get(o);
        if matches!(obj.kind, ObjectKind::Proxy(_)) {
            break;
        }
        match obj.proto.get() {
            None => return Ok(false),
            Some(proto) if proto == p => return Ok(true),
            Some(proto) => o = proto,
        }
    }
    // A proxy's trap may collect: `p` is rooted across each step from here.
    let pslot = vm.root(Value::Object(p));
    let found = loop {
        let proto = match object::get_prototype_of(vm, o) {
            Ok(proto) => proto,
            Err(e) => {
                vm.unroot(pslot);
                return Err(e);
            }
        };
        let Value::Object(p) = vm.rooted(pslot) else {
            unreachable!("rooted as an object")
        };
        match proto {
            None => break false,
            Some(proto) if proto == p => break true,
            Some(proto) => o = proto,
        }
    };
    vm.unroot(pslot);
    Ok(found)
}

/// Is `v` the built-in function `id` of the current realm?
pub(crate) fn is_current_realm_native(vm: &Vm, v: Value, id: NativeId) -> bool {
    let Value::Object(f) = v else { return false };
    matches!(&vm.heap.get(f).kind,
        ObjectKind::Native(n) if n.id() == id as u32 && n.realm == vm.current_realm())
}

/// InstanceofOperator(V, target). <https://tc39.es/ecma262/#sec-instanceofoperator>
pub fn instanceof_operator(vm: &mut Vm, v: Value, target: Value) -> JsResult<bool> {
    if !matches!(target, Value::Object(_)) {
        return Err(vm.type_error("Right-hand side of 'instanceof' is not an object"));
    }
    let key = PropertyKey::Symbol(vm.agent.symbols[crate::realm::WellKnown::HasInstance as usize]);
    // The common case without the lookup: a target that is not a proxy, has no own
    // @@hasInstance and inherits from the current realm's %Function.prototype% gets that
    // object's @@hasInstance, which is non-writable and non-configurable, so always
    // %Function.prototype[@@hasInstance]%: OrdinaryHasInstance, as below. (Searching
    // %Function.prototype%'s large shape for the symbol was 2.5% of EarleyBoyer.)
    if let Value::Object(t) = target {
        let obj = vm.heap.get(t);
        if !matches!(obj.kind, ObjectKind::Proxy(_))
            && obj.proto.get() == Some(vm.intrinsic(Intrinsic::FunctionPrototype))
            && vm.heap.find_property(t, key).is_none()
        {
            // OrdinaryHasInstance's steps 1-5 for an ECMAScript function (callable, not
            // bound) whose "prototype", an object, is read through the prototype cache.
            if let (Value::Object(o), Some(p)) = (v, cached_prototype(vm, t)) {
                return has_on_prototype_chain(vm, o, p);
            }
            return ordinary_has_instance(vm, target, v);
        }
    }
    let vs = vm.root(v);
    let ts = vm.root(target);
    let handler = get_method(vm, target, key)?;
    let (v, target) = (vm.rooted(vs), vm.rooted(ts));
    vm.unroot(vs);
    if let Some(h) = handler {
        // %Function.prototype[@@hasInstance]% of the current realm is OrdinaryHasInstance(F, V)
        // with F the this value: run it without a call (the common case of every `instanceof`).
        // Another realm's copy is called, so that its errors come from its realm.
        if is_current_realm_native(vm, h, NativeId::FunctionPrototypeHasInstance) {
            return ordinary_has_instance(vm, target, v);
        }
        let r = call(vm, h, target, &[v])?;
        return Ok(to_boolean(vm, r));
    }
    if !is_callable(vm, target) {
        return Err(vm.type_error("Right-hand side of 'instanceof' is not callable"));
    }
    ordinary_has_instance(vm, target, v)
}

/// GetPrototypeFromConstructor(constructor, intrinsicDefaultProto).
/// <https://tc39.es/ecma262/#sec-getprototypefromconstructor>
pub fn get_prototype_from_constructor(
    vm: &mut Vm,
    ctor: Value,
    default: Intrinsic,
) -> JsResult<Handle<Object>> {
    if let Value::Object(c) = ctor {
        if let Some(p) = cached_prototype(vm, c) {
            return Ok(p);
        }
        // 2. Let proto be ? Get(constructor, "prototype"): a proxy's trap may collect, so
        // the constructor is rooted across it.
        let slot = vm.root(ctor);
        let collections = vm.heap.collections;
        let proto = get_name(vm, c, CommonKey::Prototype);
        let Value::Object(c) = vm.rooted(slot) else {
            unreachable!("rooted as an object")
        };
        vm.unroot(slot);
        if let Value::Object(p) = proto? {
            if collections == vm.heap.collections {
                remember_prototype_slot(vm, c);
            }
            return Ok(p);
        }
        // 4.a. Let realm be ? GetFunctionRealm(constructor).
        let realm = get_function_realm(vm, c)?;
        return Ok(vm.realm_intrinsic(realm, default));
    }
    Ok(vm.intrinsic(default))
}

/// Get(constructor, "prototype") for an ECMAScript function with the shape of the last one
/// read (a one-entry cache in the VM; `new C()` reads C's "prototype" on every construct).
/// A shape fixes where each key's value lives and whether it is a data property, and an
/// ECMAScript function's [[Get]] is the ordinary one, so the slot holds the value Get returns.
/// `None` when the cache does not apply.
#[inline]
fn cached_prototype(vm: &Vm, c: Handle<Object>) -> Option<Handle<Object>> {
    let (shape, slot, collections) = vm.prototype_slot?;
    let o = vm.heap.get(c);
    match (&o.kind, &o.properties) {
        (
            ObjectKind::Function(_),
            PropertyMap::Shaped {
                shape: Some(s),
                slots,
            },
        ) if *s == shape && collections == vm.heap.collections => match slots.get(slot as usize) {
            Some(&Value::Object(p)) => Some(p),
            _ => None,
        },
        _ => None,
    }
}

/// Fills [`cached_prototype`]'s entry from `c`, an ECMAScript function whose "prototype"
/// is an own data property.
fn remember_prototype_slot(vm: &mut Vm, c: Handle<Object>) {
    if !matches!(vm.heap.get(c).kind, ObjectKind::Function(_)) {
        return;
    }
    let key = vm.name_key(CommonKey::Prototype);
    if let Some((shape, pos)) = crate::inline_cache::shaped_position(vm, c, key) {
        let entry = vm.heap.shape_entries(shape)[pos];
        if entry.flags & amber_heap::attrs::ACCESSOR == 0 {
            vm.prototype_slot = Some((shape, entry.slot, vm.heap.collections));
        }
    }
}

/// OrdinaryCreateFromConstructor(constructor, intrinsicDefaultProto).
/// <https://tc39.es/ecma262/#sec-ordinarycreatefromconstructor>
pub fn ordinary_create_from_constructor(
    vm: &mut Vm,
    ctor: Value,
    default: Intrinsic,
    kind: ObjectKind,
) -> JsResult<Handle<Object>> {
    let proto = get_prototype_from_constructor(vm, ctor, default)?;
    Ok(vm.heap.alloc(Object::new(Some(proto), kind)))
}

/// GetFunctionRealm(obj). <https://tc39.es/ecma262/#sec-getfunctionrealm>
pub fn get_function_realm(vm: &mut Vm, o: Handle<Object>) -> JsResult<Handle<amber_heap::Realm>> {
    match &vm.heap.get(o).kind {
        ObjectKind::Function(f) => Ok(f.realm),
        ObjectKind::Native(n) => Ok(n.realm),
        ObjectKind::Bound(b) => {
            let t = b.target;
            get_function_realm(vm, t)
        }
        ObjectKind::Proxy(p) => match p.target {
            Some(t) => get_function_realm(vm, t),
            None => Err(vm.type_error("Cannot perform operation on a revoked proxy")),
        },
        _ => Ok(vm.current_realm()),
    }
}

/// SpeciesConstructor(O, defaultConstructor). <https://tc39.es/ecma262/#sec-speciesconstructor>
pub fn species_constructor(vm: &mut Vm, o: Handle<Object>, default: Intrinsic) -> JsResult {
    let c = get_name(vm, o, CommonKey::Constructor)?;
    if c.is_undefined() {
        return Ok(Value::Object(vm.intrinsic(default)));
    }
    let Value::Object(c) = c else {
        return Err(vm.type_error("object.constructor is not an object"));
    };
    let key = PropertyKey::Symbol(vm.agent.symbols[crate::realm::WellKnown::Species as usize]);
    let s = get(vm, c, key)?;
    if s.is_nullish() {
        return Ok(Value::Object(vm.intrinsic(default)));
    }
    if is_constructor(vm, s) {
        return Ok(s);
    }
    Err(vm.type_error("object.constructor[Symbol.species] is not a constructor"))
}

// --- operators ---------------------------------------------------------------------------------

/// Concatenates two strings into a new string value (see `Heap::concat`, which makes
/// appending in a loop linear).
pub fn concat(vm: &mut Vm, a: Handle<JsString>, b: Handle<JsString>) -> JsResult {
    let (la, lb) = (vm.heap.string_units(a).len(), vm.heap.string_units(b).len());
    if la == 0 {
        return Ok(Value::String(b));
    }
    if lb == 0 {
        return Ok(Value::String(a));
    }
    if la + lb > crate::builtins::string::MAX_STRING_LENGTH {
        return Err(vm.range_error("Invalid string length"));
    }
    // A unit of fuel per BULK_UNITS_PER_TICK units appended (appending is amortized linear),
    // and a poll of the limits: a loop of big appends runs few instructions.
    if lb >= crate::BULK_UNITS_PER_TICK {
        vm.tick_n((lb / crate::BULK_UNITS_PER_TICK) as u32)?;
    }
    let (a, b) = if la + lb >= 1 << 20 {
        check_heap_room(vm, (la + lb) * 2, a, b)?
    } else {
        (a, b)
    };
    Ok(Value::String(vm.heap.concat(a, b)))
}

/// Before a big string is made under `--max-heap`: if it would not fit, collect (this may
/// run where JavaScript could, as a `valueOf` could) and stop the script if it still would
/// not. A loop that doubles a string outruns the safepoint polls otherwise. Returns `a` and
/// `b` afresh (a collection moves them).
fn check_heap_room(
    vm: &mut Vm,
    bytes: usize,
    a: Handle<JsString>,
    b: Handle<JsString>,
) -> JsResult<(Handle<JsString>, Handle<JsString>)> {
    let Some(max) = vm.options.max_heap else {
        return Ok((a, b));
    };
    if vm.heap.used_bytes() + bytes <= max {
        return Ok((a, b));
    }
    let slot = vm.roots.len();
    vm.roots
        .extend_from_slice(&[Value::String(a), Value::String(b)]);
    vm.collect_garbage();
    let (Value::String(a), Value::String(b)) = (vm.roots[slot], vm.roots[slot + 1]) else {
        unreachable!("rooted strings stay strings")
    };
    vm.unroot(slot);
    if vm.heap.used_bytes() + bytes > max {
        vm.terminating = Some(crate::ScriptError::OutOfMemory);
        return Err(crate::Throw(()));
    }
    Ok((a, b))
}

/// The `+` operator: ApplyStringOrNumericBinaryOperator with `+`.
/// <https://tc39.es/ecma262/#sec-applystringornumericbinaryoperator>
pub fn add(vm: &mut Vm, l: Value, r: Value) -> JsResult {
    if let (Value::Number(a), Value::Number(b)) = (l, r) {
        return Ok(Value::Number(a + b));
    }
    if let (Value::String(a), Value::String(b)) = (l, r) {
        return concat(vm, a, b);
    }
    let rs = vm.root(r);
    let lprim = to_primitive(vm, l, Hint::Default)?;
    let ls = vm.root(lprim);
    let r = vm.rooted(rs);
    let rprim = to_primitive(vm, r, Hint::Default)?;
    let lprim = vm.rooted(ls);
    vm.unroot(rs);
    if matches!(lprim, Value::String(_)) || matches!(rprim, Value::String(_)) {
        let rs = vm.root(rprim);
        let a = to_string(vm, lprim)?;
        let a_slot = vm.root(Value::String(a));
        let rprim = vm.rooted(rs);
        let b = to_string(vm, rprim)?;
        let Value::String(a) = vm.rooted(a_slot) else {
            unreachable!()
        };
        vm.unroot(rs);
        return concat(vm, a, b);
    }
    numeric_op(vm, lprim, rprim, NumericOp::Add)
}

/// A binary operator on numbers or BigInts (the table of ApplyStringOrNumericBinaryOperator).
/// <https://tc39.es/ecma262/#sec-applystringornumericbinaryoperator>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumericOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `**`
    Exp,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `>>>`
    UShr,
    /// `&`
    BitAnd,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
}

/// ApplyStringOrNumericBinaryOperator for every operator but `+` on strings.
pub fn numeric_op(vm: &mut Vm, l: Value, r: Value, op: NumericOp) -> JsResult {
    if let (Value::Number(a), Value::Number(b)) = (l, r) {
        return Ok(Value::Number(number_op(a, b, op)));
    }
    let rs = vm.root(r);
    let lnum = to_numeric(vm, l)?;
    let ls = vm.root(lnum);
    let r = vm.rooted(rs);
    let rnum = to_numeric(vm, r)?;
    let lnum = vm.rooted(ls);
    vm.unroot(rs);
    match (lnum, rnum) {
        (Value::Number(a), Value::Number(b)) => Ok(Value::Number(number_op(a, b, op))),
        (Value::BigInt(a), Value::BigInt(b)) => crate::builtins::bigint::binary_op(vm, a, b, op),
        _ => Err(vm.throw_error(
            ErrorKind::TypeError,
            "Cannot mix BigInt and other types, use explicit conversions",
        )),
    }
}

/// ToInt32 of a Number: truncate(n) modulo 2^32, as a signed 32-bit integer.
#[inline]
pub(crate) fn to_i32(n: f64) -> i32 {
    modulo_2_32(n) as i32
}

/// The Number::* operations. <https://tc39.es/ecma262/#sec-numeric-types-number-add> and
/// siblings.
#[inline]
pub fn number_op(a: f64, b: f64, op: NumericOp) -> f64 {
    match op {
        NumericOp::Add => a + b,
        NumericOp::Sub => a - b,
        NumericOp::Mul => a * b,
        NumericOp::Div => a / b,
        NumericOp::Rem => {
            // Number::remainder: the sign of the dividend; Rust's % matches (fmod, a libm
            // call). Two integers in u32 range with a positive dividend (not -0, whose
            // remainder is -0) and a nonzero divisor take the integer remainder, which is
            // the same value and a single instruction.
            if let (Some(x), Some(y)) = (array_index_of(a), array_index_of(b)) {
                if y != 0 && a.is_sign_positive() {
                    return (x % y) as f64;
                }
            }
            if b.is_infinite() && a.is_finite() {
                a
            } else {
                a % b
            }
        }
        NumericOp::Exp => number_exponentiate(a, b),
        NumericOp::Shl => (to_i32(a).wrapping_shl(modulo_2_32(b) & 31)) as f64,
        NumericOp::Shr => (to_i32(a) >> (modulo_2_32(b) & 31)) as f64,
        NumericOp::UShr => (modulo_2_32(a) >> (modulo_2_32(b) & 31)) as f64,
        NumericOp::BitAnd => (to_i32(a) & to_i32(b)) as f64,
        NumericOp::BitOr => (to_i32(a) | to_i32(b)) as f64,
        NumericOp::BitXor => (to_i32(a) ^ to_i32(b)) as f64,
    }
}

/// Number::exponentiate. <https://tc39.es/ecma262/#sec-numeric-types-number-exponentiate>
pub fn number_exponentiate(base: f64, exponent: f64) -> f64 {
    if exponent.is_nan() {
        return f64::NAN;
    }
    if exponent == 0.0 {
        return 1.0;
    }
    if (base == 1.0 || base == -1.0) && exponent.is_infinite() {
        return f64::NAN;
    }
    base.powf(exponent)
}

/// IsLessThan(x, y, LeftFirst): `None` is undefined (a NaN was involved).
/// <https://tc39.es/ecma262/#sec-islessthan>
pub fn is_less_than(vm: &mut Vm, x: Value, y: Value, left_first: bool) -> JsResult<Option<bool>> {
    if let (Value::Number(a), Value::Number(b)) = (x, y) {
        return Ok(if a.is_nan() || b.is_nan() {
            None
        } else {
            Some(a < b)
        });
    }
    let (px, py) = if left_first {
        let ys = vm.root(y);
        let px = to_primitive(vm, x, Hint::Number)?;
        let xs = vm.root(px);
        let y = vm.rooted(ys);
        let py = to_primitive(vm, y, Hint::Number)?;
        let px = vm.rooted(xs);
        vm.unroot(ys);
        (px, py)
    } else {
        let xs = vm.root(x);
        let py = to_primitive(vm, y, Hint::Number)?;
        let ys = vm.root(py);
        let x = vm.rooted(xs);
        let px = to_primitive(vm, x, Hint::Number)?;
        let py = vm.rooted(ys);
        vm.unroot(xs);
        (px, py)
    };
    if let (Value::String(a), Value::String(b)) = (px, py) {
        return Ok(Some(vm.heap.string_units(a) < vm.heap.string_units(b)));
    }
    if let (Value::BigInt(a), Value::String(b)) = (px, py) {
        let text = vm.rust_string(b);
        return Ok(crate::builtins::bigint::parse_string(&text).map(|n| {
            crate::builtins::bigint::compare(vm.heap.get(a), &n) == std::cmp::Ordering::Less
        }));
    }
    if let (Value::String(a), Value::BigInt(b)) = (px, py) {
        let text = vm.rust_string(a);
        return Ok(crate::builtins::bigint::parse_string(&text).map(|n| {
            crate::builtins::bigint::compare(&n, vm.heap.get(b)) == std::cmp::Ordering::Less
        }));
    }
    let ys = vm.root(py);
    let nx = to_numeric(vm, px)?;
    let py = vm.rooted(ys);
    let xs = vm.root(nx);
    let ny = to_numeric(vm, py)?;
    let nx = vm.rooted(xs);
    vm.unroot(ys);
    Ok(match (nx, ny) {
        (Value::Number(a), Value::Number(b)) => {
            if a.is_nan() || b.is_nan() {
                None
            } else {
                Some(a < b)
            }
        }
        (Value::BigInt(a), Value::BigInt(b)) => Some(
            crate::builtins::bigint::compare(vm.heap.get(a), vm.heap.get(b))
                == std::cmp::Ordering::Less,
        ),
        (Value::BigInt(a), Value::Number(b)) => {
            crate::builtins::bigint::compare_number(vm.heap.get(a), b)
                .map(|o| o == std::cmp::Ordering::Less)
        }
        (Value::Number(a), Value::BigInt(b)) => {
            crate::builtins::bigint::compare_number(vm.heap.get(b), a)
                .map(|o| o == std::cmp::Ordering::Greater)
        }
        _ => None,
    })
}

// --- iterators ---------------------------------------------------------------------------------

/// An Iterator Record kept in two root slots (iterator, next method).
#[derive(Clone, Copy, Debug)]
pub struct IteratorRecord {
    /// The first of the two root slots: the iterator; the next slot holds its `next` method.
    pub slot: usize,
}

/// GetIterator(obj, sync). <https://tc39.es/ecma262/#sec-getiterator>
/// Returns (iterator, next method).
pub fn get_iterator(vm: &mut Vm, v: Value) -> JsResult<(Value, Value)> {
    let key = PropertyKey::Symbol(vm.agent.symbols[crate::realm::WellKnown::Iterator as usize]);
    let slot = vm.root(v);
    let method = get_method(vm, v, key)?;
    let v = vm.rooted(slot);
    let Some(method) = method else {
        vm.unroot(slot);
        let shown = short_display(vm, v);
        return Err(vm.type_error(format!("{shown} is not iterable")));
    };
    let iterator = call(vm, method, v, &[])?;
    vm.unroot(slot);
    if !matches!(iterator, Value::Object(_)) {
        return Err(vm.type_error("Result of the Symbol.iterator method is not an object"));
    }
    let slot = vm.root(iterator);
    let next_key = vm.name_key(CommonKey::Next);
    let next = get_v(vm, iterator, next_key)?;
    let iterator = vm.rooted(slot);
    vm.unroot(slot);
    Ok((iterator, next))
}

/// IteratorStep(iteratorRecord): the result object, or `None` when done.
/// <https://tc39.es/ecma262/#sec-iteratorstep>
pub fn iterator_step(vm: &mut Vm, iterator: Value, next: Value) -> JsResult<Option<Value>> {
    let result = call(vm, next, iterator, &[])?;
    let Value::Object(r) = result else {
        return Err(vm.type_error("Iterator result is not an object"));
    };
    let slot = vm.root(result);
    let done = get_name(vm, r, CommonKey::Done)?;
    let result = vm.rooted(slot);
    vm.unroot(slot);
    Ok((!to_boolean(vm, done)).then_some(result))
}

/// IteratorStepValue(iteratorRecord): `None` when done.
/// <https://tc39.es/ecma262/#sec-iteratorstepvalue>
pub fn iterator_step_value(vm: &mut Vm, iterator: Value, next: Value) -> JsResult<Option<Value>> {
    let result = call(vm, next, iterator, &[])?;
    let Value::Object(r) = result else {
        return Err(vm.type_error("Iterator result is not an object"));
    };
    let slot = vm.root(result);
    let done = get_name(vm, r, CommonKey::Done)?;
    if to_boolean(vm, done) {
        vm.unroot(slot);
        return Ok(None);
    }
    let Value::Object(r) = vm.rooted(slot) else {
        unreachable!()
    };
    let value = get_name(vm, r, CommonKey::Value)?;
    vm.unroot(slot);
    Ok(Some(value))
}

/// IteratorClose(iteratorRecord, completion) for a normal completion: calls `return` and
/// checks its result is an object. <https://tc39.es/ecma262/#sec-iteratorclose>
pub fn iterator_close(vm: &mut Vm, iterator: Value) -> JsResult<()> {
    let key = vm.key("return");
    let slot = vm.root(iterator);
    let ret = get_method(vm, iterator, key)?;
    let iterator = vm.rooted(slot);
    vm.unroot(slot);
    if let Some(ret) = ret {
        let r = call(vm, ret, iterator, &[])?;
        if !matches!(r, Value::Object(_)) {
            return Err(vm.type_error("iterator.return() did not return an object"));
        }
    }
    Ok(())
}

/// IteratorClose for a throw completion: calls `return`, ignoring its errors, and keeps the
/// original exception.
pub fn iterator_close_on_throw(vm: &mut Vm, iterator: Value) {
    let exc = vm.take_exception();
    let slot = vm.roots.len();
    vm.roots.extend_from_slice(&[exc, iterator]);
    let key = vm.key("return");
    // GetMethod may run a getter, which may collect: read the iterator back from its root.
    if let Ok(Some(ret)) = get_method(vm, iterator, key) {
        let iterator = vm.roots[slot + 1];
        let _ = call(vm, ret, iterator, &[]);
    }
    vm.exception = vm.rooted(slot);
    vm.unroot(slot);
}

/// Collects an iterable into a list (IteratorToList(GetIterator(v))).
pub fn iterable_to_list(vm: &mut Vm, v: Value) -> JsResult<Vec<Value>> {
    let (it, next) = get_iterator(vm, v)?;
    let base = vm.roots.len();
    vm.roots.push(it);
    vm.roots.push(next);
    loop {
        if let Err(e) = vm.tick() {
            vm.unroot(base);
            return Err(e);
        }
        let (it, next) = (vm.roots[base], vm.roots[base + 1]);
        match iterator_step_value(vm, it, next) {
            Ok(Some(v)) => vm.roots.push(v),
            Ok(None) => break,
            Err(e) => {
                vm.unroot(base);
                return Err(e);
            }
        }
    }
    let list = vm.roots[base + 2..].to_vec();
    vm.unroot(base);
    Ok(list)
}

/// CreateIterResultObject(value, done). <https://tc39.es/ecma262/#sec-createiterresultobject>
pub fn create_iter_result_object(vm: &mut Vm, value: Value, done: bool) -> Value {
    let proto = vm.intrinsic(Intrinsic::ObjectPrototype);
    let o = vm
        .heap
        .alloc(Object::new(Some(proto), ObjectKind::Ordinary));
    let (vk, dk) = (vm.name_key(CommonKey::Value), vm.name_key(CommonKey::Done));
    object::add_property(
        vm,
        o,
        amber_heap::Property {
            key: vk,
            value,
            setter: Value::Undefined,
            flags: amber_heap::attrs::DEFAULT,
        },
    );
    object::add_property(
        vm,
        o,
        amber_heap::Property {
            key: dk,
            value: Value::Boolean(done),
            setter: Value::Undefined,
            flags: amber_heap::attrs::DEFAULT,
        },
    );
    Value::Object(o)
}

/// A short description of a value for error messages, never running user code.
pub fn short_display(vm: &mut Vm, v: Value) -> String {
    match v {
        Value::String(s) => format!("\"{}\"", vm.rust_string(s)),
        Value::Object(o) => {
            if is_callable(vm, v) {
                "function".into()
            } else if let ObjectKind::Array(_) = vm.heap.get(o).kind {
                "array".into()
            } else {
                "object".into()
            }
        }
        other => crate::host::display(vm, other),
    }
}
