//! `Number` and `Number.prototype`. <https://tc39.es/ecma262/#sec-number-objects>

use super::{method, put};
use crate::natives::NativeId;
use crate::number::{number_to_string, number_to_string_radix};
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::{Object, ObjectKind, Value};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let np = vm
        .heap
        .alloc(Object::new(Some(op), ObjectKind::Number(0.0)));
    set_intrinsic(vm, Intrinsic::NumberPrototype, np);
    let c = super::constructor(vm, NativeId::Number, "Number", 1, np);
    set_intrinsic(vm, Intrinsic::Number, c);
    method(
        vm,
        np,
        "toExponential",
        NativeId::NumberPrototypeToExponential,
        1,
    );
    method(vm, np, "toFixed", NativeId::NumberPrototypeToFixed, 1);
    method(
        vm,
        np,
        "toLocaleString",
        NativeId::NumberPrototypeToLocaleString,
        0,
    );
    method(
        vm,
        np,
        "toPrecision",
        NativeId::NumberPrototypeToPrecision,
        1,
    );
    method(vm, np, "toString", NativeId::NumberPrototypeToString, 1);
    method(vm, np, "valueOf", NativeId::NumberPrototypeValueOf, 0);
    method(vm, c, "isFinite", NativeId::NumberIsFinite, 1);
    method(vm, c, "isInteger", NativeId::NumberIsInteger, 1);
    method(vm, c, "isNaN", NativeId::NumberIsNaN, 1);
    method(vm, c, "isSafeInteger", NativeId::NumberIsSafeInteger, 1);
    // The global parseFloat and parseInt are these same function objects (`global::init`).
    method(vm, c, "parseFloat", NativeId::ParseFloat, 1);
    method(vm, c, "parseInt", NativeId::ParseInt, 2);
    let constants: &[(&str, f64)] = &[
        ("EPSILON", f64::EPSILON),
        ("MAX_SAFE_INTEGER", 9007199254740991.0),
        ("MAX_VALUE", f64::MAX),
        ("MIN_SAFE_INTEGER", -9007199254740991.0),
        ("MIN_VALUE", 5e-324),
        ("NaN", f64::NAN),
        ("NEGATIVE_INFINITY", f64::NEG_INFINITY),
        ("POSITIVE_INFINITY", f64::INFINITY),
    ];
    for &(name, v) in constants {
        put(vm, c, name, Value::Number(v), 0);
    }
}

/// Number(value) <https://tc39.es/ecma262/#sec-number-constructor-number-value>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    let n = if args.is_empty() {
        0.0
    } else {
        match ops::to_numeric(vm, args.get(vm, 0))? {
            Value::BigInt(b) => crate::builtins::bigint::to_f64(vm.heap.get(b)),
            Value::Number(n) => n,
            _ => unreachable!(),
        }
    };
    let nt = args.new_target(vm);
    if nt.is_undefined() {
        return Ok(Value::Number(n));
    }
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::NumberPrototype,
        ObjectKind::Number(n),
    )?;
    Ok(Value::Object(o))
}

/// Number.prototype.toString(radix)
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    let x = super::this_number(vm, args.this(vm), "Number.prototype.toString")?;
    let r = args.get(vm, 0);
    let radix = if r.is_undefined() {
        10.0
    } else {
        ops::to_integer_or_infinity(vm, r)?
    };
    if !(2.0..=36.0).contains(&radix) {
        return Err(vm.range_error("toString() radix must be between 2 and 36"));
    }
    let s = if radix == 10.0 {
        number_to_string(x)
    } else {
        number_to_string_radix(x, radix as u32)
    };
    Ok(vm.string_from(&s))
}

pub fn value_of(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Number(super::this_number(
        vm,
        args.this(vm),
        "Number.prototype.valueOf",
    )?))
}

pub fn is_nan(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Boolean(
        matches!(args.get(vm, 0), Value::Number(n) if n.is_nan()),
    ))
}

pub fn is_integer(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Boolean(
        matches!(args.get(vm, 0), Value::Number(n) if n.is_finite() && n.trunc() == n),
    ))
}

/// Number.isFinite(number) <https://tc39.es/ecma262/#sec-number.isfinite>
pub fn is_finite(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Boolean(
        matches!(args.get(vm, 0), Value::Number(n) if n.is_finite()),
    ))
}

/// Number.isSafeInteger(number) <https://tc39.es/ecma262/#sec-number.issafeinteger>
pub fn is_safe_integer(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Boolean(matches!(
        args.get(vm, 0),
        Value::Number(n) if n.is_finite() && n.trunc() == n && n.abs() <= 9007199254740991.0
    )))
}

/// Number.prototype.toLocaleString() <https://tc39.es/ecma262/#sec-number.prototype.tolocalestring>
/// (without ECMA-402: the same as `toString()`).
pub fn to_locale_string(vm: &mut Vm, args: Args) -> JsResult {
    let x = super::this_number(vm, args.this(vm), "Number.prototype.toLocaleString")?;
    Ok(vm.string_from(&number_to_string(x)))
}

/// The exact decimal expansion of a finite, positive double: digits `d0 d1 d2 ...` (no
/// trailing zeros) and the exponent `e` with x = d0.d1d2... × 10^e.
fn exact_digits(x: f64) -> (Vec<u8>, i32) {
    // A double has at most 767 significant decimal digits, so 800 fraction digits of
    // scientific notation are exact.
    let s = format!("{x:.800e}");
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let mut digits: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    while digits.len() > 1 && digits.last() == Some(&0) {
        digits.pop();
    }
    (digits, exp.parse().unwrap_or(0))
}

/// Keeps the first `keep` digits, rounding half up on the exact value (the spec's "if there
/// are two such n, pick the larger n"). Returns the digits and whether the rounding carried
/// into a new leading digit (then the result has `keep + 1` digits).
fn round_half_up(digits: &[u8], keep: usize) -> (Vec<u8>, bool) {
    let mut out: Vec<u8> = digits.iter().copied().take(keep).collect();
    out.resize(keep, 0);
    if digits.get(keep).is_some_and(|&d| d >= 5) {
        let mut i = keep;
        loop {
            if i == 0 {
                out.insert(0, 1);
                return (out, true);
            }
            i -= 1;
            if out[i] == 9 {
                out[i] = 0;
            } else {
                out[i] += 1;
                break;
            }
        }
    }
    (out, false)
}

/// x rounded to `p` significant digits: (digits, exponent of the first digit).
fn to_significant(x: f64, p: usize) -> (Vec<u8>, i32) {
    let (digits, e) = exact_digits(x);
    let (mut d, carried) = round_half_up(&digits, p);
    if carried {
        d.truncate(p);
        (d, e + 1)
    } else {
        (d, e)
    }
}

fn digits_str(d: &[u8]) -> String {
    d.iter().map(|&d| (b'0' + d) as char).collect()
}

fn exponent_suffix(e: i32) -> String {
    if e >= 0 {
        format!("e+{e}")
    } else {
        format!("e-{}", -e)
    }
}

/// Number.prototype.toExponential(fractionDigits)
/// <https://tc39.es/ecma262/#sec-number.prototype.toexponential>
pub fn to_exponential(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let x be ? ThisNumberValue(this value).
    let x = super::this_number(vm, args.this(vm), "Number.prototype.toExponential")?;
    // 2. Let f be ? ToIntegerOrInfinity(fractionDigits).
    let fd = args.get(vm, 0);
    let f = ops::to_integer_or_infinity(vm, fd)?;
    // 4. If x is not finite, return Number::toString(x, 10).
    if !x.is_finite() {
        return Ok(vm.string_from(&number_to_string(x)));
    }
    // 5. If f < 0 or f > 100, throw a RangeError.
    if !(0.0..=100.0).contains(&f) {
        return Err(vm.range_error("toExponential() argument must be between 0 and 100"));
    }
    // 6-8. Sign.
    let (sign, x) = if x < 0.0 { ("-", -x) } else { ("", x) };
    // 9-10. The digits n and exponent e.
    let (digits, e) = if x == 0.0 {
        (vec![0u8; f as usize + 1], 0)
    } else if fd.is_undefined() {
        // As few digits as needed to identify x (the shortest round-trip digits).
        let s = format!("{x:e}");
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let d: Vec<u8> = m
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        (d, e.parse().unwrap_or(0))
    } else {
        to_significant(x, f as usize + 1)
    };
    // 11-13. a.bbb then e±d.
    let ds = digits_str(&digits);
    let m = if ds.len() > 1 {
        format!("{}.{}", &ds[..1], &ds[1..])
    } else {
        ds
    };
    Ok(vm.string_from(&format!("{sign}{m}{}", exponent_suffix(e))))
}

/// Number.prototype.toFixed(fractionDigits) <https://tc39.es/ecma262/#sec-number.prototype.tofixed>
pub fn to_fixed(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let x be ? ThisNumberValue(this value).
    let x = super::this_number(vm, args.this(vm), "Number.prototype.toFixed")?;
    // 2. Let f be ? ToIntegerOrInfinity(fractionDigits).
    let f = ops::to_integer_or_infinity(vm, args.get(vm, 0))?;
    // 4-5. If f is not finite, or f < 0 or f > 100, throw a RangeError.
    if !(0.0..=100.0).contains(&f) {
        return Err(vm.range_error("toFixed() digits argument must be between 0 and 100"));
    }
    let f = f as usize;
    // 6. If x is not finite, return Number::toString(x, 10).
    if !x.is_finite() {
        return Ok(vm.string_from(&number_to_string(x)));
    }
    // 8. Sign (-0 prints without one).
    let (sign, x) = if x < 0.0 { ("-", -x) } else { ("", x) };
    // 9. If x ≥ 10^21, let m be ! ToString(𝔽(x)).
    if x >= 1e21 {
        return Ok(vm.string_from(&format!("{sign}{}", number_to_string(x))));
    }
    // 10.a. Let n be an integer for which n / 10^f - x is as close to zero as possible.
    let mut n: Vec<u8> = if x == 0.0 {
        Vec::new()
    } else {
        let (digits, e) = exact_digits(x);
        let keep = e + 1 + f as i32;
        if keep < 0 {
            Vec::new()
        } else {
            round_half_up(&digits, keep as usize).0
        }
    };
    while n.first() == Some(&0) {
        n.remove(0);
    }
    // 10.b. Let m be the digits of n ("0" when n = 0).
    let mut m = if n.is_empty() {
        "0".to_string()
    } else {
        digits_str(&n)
    };
    // 10.c. Insert the decimal point f digits from the right, padding with zeros.
    if f != 0 {
        if m.len() <= f {
            m = format!("{}{m}", "0".repeat(f + 1 - m.len()));
        }
        let k = m.len();
        m = format!("{}.{}", &m[..k - f], &m[k - f..]);
    }
    Ok(vm.string_from(&format!("{sign}{m}")))
}

/// Number.prototype.toPrecision(precision)
/// <https://tc39.es/ecma262/#sec-number.prototype.toprecision>
pub fn to_precision(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let x be ? ThisNumberValue(this value).
    let x = super::this_number(vm, args.this(vm), "Number.prototype.toPrecision")?;
    // 2. If precision is undefined, return ! ToString(x).
    let precision = args.get(vm, 0);
    if precision.is_undefined() {
        return Ok(vm.string_from(&number_to_string(x)));
    }
    // 3. Let p be ? ToIntegerOrInfinity(precision).
    let p = ops::to_integer_or_infinity(vm, precision)?;
    // 4. If x is not finite, return Number::toString(x, 10).
    if !x.is_finite() {
        return Ok(vm.string_from(&number_to_string(x)));
    }
    // 5. If p < 1 or p > 100, throw a RangeError.
    if !(1.0..=100.0).contains(&p) {
        return Err(vm.range_error("toPrecision() argument must be between 1 and 100"));
    }
    let p = p as usize;
    // 7-8. Sign.
    let (sign, x) = if x < 0.0 { ("-", -x) } else { ("", x) };
    // 9-10. The p digits m and the exponent e.
    let (digits, e) = if x == 0.0 {
        (vec![0u8; p], 0)
    } else {
        to_significant(x, p)
    };
    let m = digits_str(&digits);
    // 10.c. Exponential notation when e < -6 or e ≥ p.
    if e < -6 || e >= p as i32 {
        let m = if p == 1 {
            m
        } else {
            format!("{}.{}", &m[..1], &m[1..])
        };
        return Ok(vm.string_from(&format!("{sign}{m}{}", exponent_suffix(e))));
    }
    // 11. If e = p - 1, return s + m.
    let out = if e == p as i32 - 1 {
        m
    } else if e >= 0 {
        // 12. If e ≥ 0: m is the first e + 1 digits, ".", the rest.
        let k = e as usize + 1;
        format!("{}.{}", &m[..k], &m[k..])
    } else {
        // 13. Else: "0." followed by -(e + 1) zeros and m.
        format!("0.{}{m}", "0".repeat((-(e + 1)) as usize))
    };
    Ok(vm.string_from(&format!("{sign}{out}")))
}
