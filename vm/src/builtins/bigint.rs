//! BigInt values and `BigInt` / `BigInt.prototype`.
//! <https://tc39.es/ecma262/#sec-ecmascript-language-types-bigint-type>
//!
//! Sign and magnitude, magnitude in base-2^32 limbs, least significant first, normalized (no
//! high zero limbs; zero is non-negative with no limbs). The algorithms are the schoolbook ones.

use super::method;
use crate::natives::NativeId;
use crate::ops::{self, NumericOp};
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::{BigInt, Handle, ObjectKind, Value};
use std::cmp::Ordering;

pub fn init(vm: &mut Vm) {
    let bp = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::BigIntPrototype, bp);
    let c = super::constructor(vm, NativeId::BigInt, "BigInt", 1, bp);
    set_intrinsic(vm, Intrinsic::BigInt, c);
    method(vm, c, "asIntN", NativeId::BigIntAsIntN, 2);
    method(vm, c, "asUintN", NativeId::BigIntAsUintN, 2);
    method(
        vm,
        bp,
        "toLocaleString",
        NativeId::BigIntPrototypeToLocaleString,
        0,
    );
    method(vm, bp, "toString", NativeId::BigIntPrototypeToString, 0);
    method(vm, bp, "valueOf", NativeId::BigIntPrototypeValueOf, 0);
    super::iterators::tag(vm, bp, "BigInt");
}

fn normalize(negative: bool, mut limbs: Vec<u32>) -> BigInt {
    while limbs.last() == Some(&0) {
        limbs.pop();
    }
    BigInt {
        negative: negative && !limbs.is_empty(),
        limbs: limbs.into_boxed_slice(),
    }
}

fn cmp_mag(a: &[u32], b: &[u32]) -> Ordering {
    if a.len() != b.len() {
        return a.len().cmp(&b.len());
    }
    for i in (0..a.len()).rev() {
        match a[i].cmp(&b[i]) {
            Ordering::Equal => continue,
            o => return o,
        }
    }
    Ordering::Equal
}

fn add_mag(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len().max(b.len()) + 1);
    let mut carry = 0u64;
    for i in 0..a.len().max(b.len()) {
        let s = *a.get(i).unwrap_or(&0) as u64 + *b.get(i).unwrap_or(&0) as u64 + carry;
        out.push(s as u32);
        carry = s >> 32;
    }
    if carry > 0 {
        out.push(carry as u32);
    }
    out
}

/// a - b for |a| >= |b|.
fn sub_mag(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len());
    let mut borrow = 0i64;
    for (i, &x) in a.iter().enumerate() {
        let mut d = x as i64 - *b.get(i).unwrap_or(&0) as i64 - borrow;
        borrow = 0;
        if d < 0 {
            d += 1 << 32;
            borrow = 1;
        }
        out.push(d as u32);
    }
    out
}

fn mul_mag(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = vec![0u32; a.len() + b.len()];
    for (i, &x) in a.iter().enumerate() {
        let mut carry = 0u64;
        for (j, &y) in b.iter().enumerate() {
            let t = out[i + j] as u64 + x as u64 * y as u64 + carry;
            out[i + j] = t as u32;
            carry = t >> 32;
        }
        out[i + b.len()] = carry as u32;
    }
    out
}

fn bit_len(a: &[u32]) -> usize {
    match a.last() {
        None => 0,
        Some(&top) => (a.len() - 1) * 32 + (32 - top.leading_zeros() as usize),
    }
}

fn shl_mag(a: &[u32], n: usize) -> Vec<u32> {
    let (words, bits) = (n / 32, n % 32);
    let mut out = vec![0u32; words];
    let mut carry = 0u32;
    for &x in a {
        if bits == 0 {
            out.push(x);
        } else {
            out.push((x << bits) | carry);
            carry = x >> (32 - bits);
        }
    }
    if carry > 0 {
        out.push(carry);
    }
    out
}

fn shr_mag(a: &[u32], n: usize) -> Vec<u32> {
    let (words, bits) = (n / 32, n % 32);
    if words >= a.len() {
        return Vec::new();
    }
    let src = &a[words..];
    let mut out = Vec::with_capacity(src.len());
    for i in 0..src.len() {
        let lo = src[i] >> bits;
        let hi = if bits > 0 {
            src.get(i + 1).map_or(0, |&h| h << (32 - bits))
        } else {
            0
        };
        out.push(lo | hi);
    }
    out
}

/// Long division of magnitudes, bit by bit: (quotient, remainder).
fn divmod_mag(a: &[u32], b: &[u32]) -> (Vec<u32>, Vec<u32>) {
    if cmp_mag(a, b) == Ordering::Less {
        return (Vec::new(), a.to_vec());
    }
    let mut q = vec![0u32; a.len()];
    let mut r: Vec<u32> = Vec::new();
    for i in (0..bit_len(a)).rev() {
        r = shl_mag(&r, 1);
        if (a[i / 32] >> (i % 32)) & 1 == 1 {
            if r.is_empty() {
                r.push(1);
            } else {
                r[0] |= 1;
            }
        }
        while r.last() == Some(&0) {
            r.pop();
        }
        if cmp_mag(&r, b) != Ordering::Less {
            r = sub_mag(&r, b);
            while r.last() == Some(&0) {
                r.pop();
            }
            q[i / 32] |= 1 << (i % 32);
        }
    }
    (q, r)
}

fn add(a: &BigInt, b: &BigInt) -> BigInt {
    if a.negative == b.negative {
        return normalize(a.negative, add_mag(&a.limbs, &b.limbs));
    }
    match cmp_mag(&a.limbs, &b.limbs) {
        Ordering::Less => normalize(b.negative, sub_mag(&b.limbs, &a.limbs)),
        _ => normalize(a.negative, sub_mag(&a.limbs, &b.limbs)),
    }
}

fn neg(a: &BigInt) -> BigInt {
    normalize(!a.negative, a.limbs.to_vec())
}

fn from_i64(n: i64) -> BigInt {
    let m = n.unsigned_abs();
    normalize(n < 0, vec![m as u32, (m >> 32) as u32])
}

/// Two's complement limbs of `a`, `len` limbs wide.
fn to_twos(a: &BigInt, len: usize) -> Vec<u32> {
    let mut v: Vec<u32> = a.limbs.to_vec();
    v.resize(len, 0);
    if a.negative {
        for x in v.iter_mut() {
            *x = !*x;
        }
        let mut carry = true;
        for x in v.iter_mut() {
            if !carry {
                break;
            }
            let (s, c) = x.overflowing_add(1);
            *x = s;
            carry = c;
        }
    }
    v
}

fn from_twos(mut v: Vec<u32>) -> BigInt {
    let negative = v.last().is_some_and(|&t| t >> 31 == 1);
    if negative {
        for x in v.iter_mut() {
            *x = !*x;
        }
        let mut carry = true;
        for x in v.iter_mut() {
            if !carry {
                break;
            }
            let (s, c) = x.overflowing_add(1);
            *x = s;
            carry = c;
        }
    }
    normalize(negative, v)
}

fn bitwise(a: &BigInt, b: &BigInt, f: impl Fn(u32, u32) -> u32) -> BigInt {
    let len = a.limbs.len().max(b.limbs.len()) + 1;
    let (x, y) = (to_twos(a, len), to_twos(b, len));
    from_twos(x.iter().zip(&y).map(|(&p, &q)| f(p, q)).collect())
}

/// BigInt::leftShift with a possibly negative shift count; right shifts round toward −∞.
fn shift_left(a: &BigInt, n: i64) -> BigInt {
    if n >= 0 {
        return normalize(a.negative, shl_mag(&a.limbs, n as usize));
    }
    let n = n.unsigned_abs() as usize;
    let q = shr_mag(&a.limbs, n);
    let mut r = normalize(a.negative, q);
    if a.negative {
        // Floor: subtract one if any shifted-out bit was set.
        let lost = shl_mag(&shr_mag(&a.limbs, n), n);
        if cmp_mag(&lost, &a.limbs) != Ordering::Equal {
            r = add(&r, &from_i64(-1));
        }
    }
    r
}

/// BigInt arithmetic for the binary operators. <https://tc39.es/ecma262/#sec-numeric-types-bigint-add>
pub fn binary_op(vm: &mut Vm, a: Handle<BigInt>, b: Handle<BigInt>, op: NumericOp) -> JsResult {
    let (x, y) = (vm.heap.get(a).clone(), vm.heap.get(b).clone());
    let r = match op {
        NumericOp::Add => add(&x, &y),
        NumericOp::Sub => add(&x, &neg(&y)),
        NumericOp::Mul => normalize(x.negative != y.negative, mul_mag(&x.limbs, &y.limbs)),
        NumericOp::Div | NumericOp::Rem => {
            if y.limbs.is_empty() {
                return Err(vm.range_error("Division by zero"));
            }
            let (q, r) = divmod_mag(&x.limbs, &y.limbs);
            if op == NumericOp::Div {
                normalize(x.negative != y.negative, q)
            } else {
                normalize(x.negative, r)
            }
        }
        NumericOp::Exp => {
            if y.negative {
                return Err(vm.range_error("Exponent must be non-negative"));
            }
            if y.limbs.len() > 1 && !x.limbs.is_empty() && !(x.limbs.len() == 1 && x.limbs[0] == 1)
            {
                return Err(vm.range_error("Maximum BigInt size exceeded"));
            }
            let mut e = y.limbs.first().copied().unwrap_or(0);
            let mut base = x.clone();
            let mut result = from_i64(1);
            while e > 0 {
                if e & 1 == 1 {
                    result = normalize(
                        result.negative != base.negative,
                        mul_mag(&result.limbs, &base.limbs),
                    );
                }
                e >>= 1;
                if e > 0 {
                    base = normalize(false, mul_mag(&base.limbs, &base.limbs));
                    if base.limbs.len() > 1 << 20 {
                        return Err(vm.range_error("Maximum BigInt size exceeded"));
                    }
                }
            }
            result
        }
        NumericOp::BitAnd => bitwise(&x, &y, |p, q| p & q),
        NumericOp::BitOr => bitwise(&x, &y, |p, q| p | q),
        NumericOp::BitXor => bitwise(&x, &y, |p, q| p ^ q),
        NumericOp::Shl | NumericOp::Shr => {
            let n = to_i64_saturating(&y);
            let n = if op == NumericOp::Shr {
                n.saturating_neg()
            } else {
                n
            };
            if n > (1 << 30) && !x.limbs.is_empty() {
                return Err(vm.range_error("Maximum BigInt size exceeded"));
            }
            shift_left(&x, n.max(-(1 << 40)))
        }
        NumericOp::UShr => {
            return Err(vm.type_error("BigInts have no unsigned right shift, use >> instead"))
        }
    };
    Ok(Value::BigInt(vm.heap.alloc(r)))
}

fn to_i64_saturating(a: &BigInt) -> i64 {
    if a.limbs.len() > 2 {
        return if a.negative { i64::MIN } else { i64::MAX };
    }
    let m = a.limbs.first().copied().unwrap_or(0) as u64
        | (a.limbs.get(1).copied().unwrap_or(0) as u64) << 32;
    let m = m.min(i64::MAX as u64) as i64;
    if a.negative {
        -m
    } else {
        m
    }
}

pub fn negate(vm: &mut Vm, a: Handle<BigInt>) -> Value {
    let r = neg(vm.heap.get(a));
    Value::BigInt(vm.heap.alloc(r))
}

/// BigInt::bitwiseNOT(x) = -x - 1.
pub fn bit_not(vm: &mut Vm, a: Handle<BigInt>) -> Value {
    let r = add(&neg(vm.heap.get(a)), &from_i64(-1));
    Value::BigInt(vm.heap.alloc(r))
}

pub fn add_small(vm: &mut Vm, a: Handle<BigInt>, n: i64) -> Value {
    let r = add(vm.heap.get(a), &from_i64(n));
    Value::BigInt(vm.heap.alloc(r))
}

pub fn compare(a: &BigInt, b: &BigInt) -> Ordering {
    match (a.negative, b.negative) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => cmp_mag(&a.limbs, &b.limbs),
        (true, true) => cmp_mag(&b.limbs, &a.limbs),
    }
}

/// Compares a BigInt with a Number; `None` if the Number is NaN.
pub fn compare_number(a: &BigInt, n: f64) -> Option<Ordering> {
    if n.is_nan() {
        return None;
    }
    if n == f64::INFINITY {
        return Some(Ordering::Less);
    }
    if n == f64::NEG_INFINITY {
        return Some(Ordering::Greater);
    }
    let int = n.trunc();
    let b = from_f64_integer(int);
    match compare(a, &b) {
        Ordering::Equal if n > int => Some(Ordering::Less),
        Ordering::Equal if n < int => Some(Ordering::Greater),
        o => Some(o),
    }
}

pub fn equals_number(a: &BigInt, n: f64) -> bool {
    n.is_finite() && n.trunc() == n && compare_number(a, n) == Some(Ordering::Equal)
}

/// An integral, finite f64 as a BigInt.
fn from_f64_integer(n: f64) -> BigInt {
    let negative = n < 0.0;
    let mut m = n.abs();
    let mut limbs = Vec::new();
    while m >= 1.0 {
        let limb = m % 4294967296.0;
        limbs.push(limb as u32);
        m = ((m - limb) / 4294967296.0).trunc();
    }
    normalize(negative, limbs)
}

pub fn to_f64(a: &BigInt) -> f64 {
    // Correct rounding for large values: use the decimal string through Rust's parser.
    if a.limbs.len() <= 1 {
        let m = a.limbs.first().copied().unwrap_or(0) as f64;
        return if a.negative { -m } else { m };
    }
    to_decimal(a).parse::<f64>().unwrap_or(f64::NAN)
}

/// The decimal digits of a BigInt (with `-`).
pub fn to_decimal(a: &BigInt) -> String {
    to_radix(a, 10)
}

fn to_radix(a: &BigInt, radix: u32) -> String {
    if a.limbs.is_empty() {
        return "0".into();
    }
    let mut digits = Vec::new();
    let mut mag: Vec<u32> = a.limbs.to_vec();
    while !mag.is_empty() {
        let mut rem = 0u64;
        for x in mag.iter_mut().rev() {
            let cur = (rem << 32) | *x as u64;
            *x = (cur / radix as u64) as u32;
            rem = cur % radix as u64;
        }
        digits.push(std::char::from_digit(rem as u32, radix).unwrap_or('0'));
        while mag.last() == Some(&0) {
            mag.pop();
        }
    }
    if a.negative {
        digits.push('-');
    }
    digits.iter().rev().collect()
}

fn parse_digits(s: &str, radix: u32) -> Option<Vec<u32>> {
    if s.is_empty() {
        return None;
    }
    let mut mag: Vec<u32> = Vec::new();
    for c in s.chars() {
        let d = c.to_digit(radix)?;
        let mut carry = d as u64;
        for x in mag.iter_mut() {
            let t = *x as u64 * radix as u64 + carry;
            *x = t as u32;
            carry = t >> 32;
        }
        if carry > 0 {
            mag.push(carry as u32);
        }
    }
    Some(mag)
}

/// StringToBigInt(str): `None` if it is not a valid StringIntegerLiteral.
/// <https://tc39.es/ecma262/#sec-stringtobigint>
pub fn parse_string(s: &str) -> Option<BigInt> {
    let s = crate::number::trim_js(s);
    if s.is_empty() {
        return Some(normalize(false, Vec::new()));
    }
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            return parse_digits(rest, radix).map(|m| normalize(false, m));
        }
    }
    let (negative, digits) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    parse_digits(digits, 10).map(|m| normalize(negative, m))
}

/// A BigInt literal's value (the parser has already converted it to decimal digits).
pub fn from_decimal_literal(vm: &mut Vm, digits: &str) -> Value {
    let b = parse_digits(digits, 10)
        .map(|m| normalize(false, m))
        .unwrap_or_else(|| normalize(false, Vec::new()));
    Value::BigInt(vm.heap.alloc(b))
}

/// ToBigInt(argument). <https://tc39.es/ecma262/#sec-tobigint>
pub fn to_bigint(vm: &mut Vm, v: Value) -> JsResult<Handle<BigInt>> {
    let prim = ops::to_primitive(vm, v, ops::Hint::Number)?;
    match prim {
        Value::BigInt(b) => Ok(b),
        Value::Boolean(b) => Ok(vm.heap.alloc(from_i64(b as i64))),
        Value::String(s) => {
            let text = vm.rust_string(s);
            match parse_string(&text) {
                Some(b) => Ok(vm.heap.alloc(b)),
                None => Err(vm.throw_error(
                    crate::ErrorKind::SyntaxError,
                    format!("Cannot convert {text} to a BigInt"),
                )),
            }
        }
        Value::Undefined | Value::Null => {
            Err(vm.type_error("Cannot convert undefined or null to a BigInt"))
        }
        Value::Number(_) => Err(vm.type_error("Cannot convert a Number to a BigInt")),
        Value::Symbol(_) => Err(vm.type_error("Cannot convert a Symbol to a BigInt")),
        _ => Err(vm.type_error("Cannot convert to a BigInt")),
    }
}

/// BigInt(value) <https://tc39.es/ecma262/#sec-bigint-constructor-number-value>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    if !args.new_target(vm).is_undefined() {
        return Err(vm.type_error("BigInt is not a constructor"));
    }
    let prim = ops::to_primitive(vm, args.get(vm, 0), ops::Hint::Number)?;
    if let Value::Number(n) = prim {
        // NumberToBigInt: the number must be an integer.
        if !n.is_finite() || n.trunc() != n {
            return Err(vm.range_error(format!(
                "The number {} cannot be converted to a BigInt because it is not an integer",
                crate::number::number_to_string(n)
            )));
        }
        return Ok(Value::BigInt(vm.heap.alloc(from_f64_integer(n))));
    }
    Ok(Value::BigInt(to_bigint(vm, prim)?))
}

fn this_bigint(vm: &mut Vm, v: Value) -> JsResult<Handle<BigInt>> {
    match v {
        Value::BigInt(b) => Ok(b),
        Value::Object(o) => match vm.heap.get(o).kind {
            ObjectKind::BigInt(b) => Ok(b),
            _ => Err(vm.type_error("BigInt.prototype method requires that 'this' be a BigInt")),
        },
        _ => Err(vm.type_error("BigInt.prototype method requires that 'this' be a BigInt")),
    }
}

/// BigInt.prototype.toString(radix)
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    let b = this_bigint(vm, args.this(vm))?;
    let r = args.get(vm, 0);
    let radix = if r.is_undefined() {
        10.0
    } else {
        ops::to_integer_or_infinity(vm, r)?
    };
    if !(2.0..=36.0).contains(&radix) {
        return Err(vm.range_error("toString() radix must be between 2 and 36"));
    }
    let s = to_radix(&vm.heap.get(b).clone(), radix as u32);
    Ok(vm.string_from(&s))
}

pub fn value_of(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::BigInt(this_bigint(vm, args.this(vm))?))
}

/// BigInt.prototype.toLocaleString() <https://tc39.es/ecma262/#sec-bigint.prototype.tolocalestring>
/// (without ECMA-402: the decimal digits, as `toString()`).
pub fn to_locale_string(vm: &mut Vm, args: Args) -> JsResult {
    let b = this_bigint(vm, args.this(vm))?;
    let s = to_decimal(&vm.heap.get(b).clone());
    Ok(vm.string_from(&s))
}

/// The widest `bits` accepted where the result would need that many bits of storage.
const MAX_AS_N_BITS: usize = 1 << 24;

/// The low `bits` bits of x in two's complement, as limbs, and whether bit `bits - 1` is set.
fn low_bits(x: &BigInt, bits: usize) -> (Vec<u32>, bool) {
    let len = bits.div_ceil(32);
    let mut v = to_twos(x, len.max(x.limbs.len()));
    v.truncate(len);
    let rem = bits % 32;
    if rem != 0 {
        if let Some(top) = v.last_mut() {
            *top &= (1u32 << rem) - 1;
        }
    }
    let top_bit = v
        .get((bits - 1) / 32)
        .is_some_and(|&l| (l >> ((bits - 1) % 32)) & 1 == 1);
    (v, top_bit)
}

/// The shared first steps of asIntN / asUintN: (bits, bigint), or the unchanged value.
fn as_n_args(vm: &mut Vm, args: Args) -> JsResult<(usize, BigInt)> {
    // 1. Set bits to ? ToIndex(bits).
    let bits = ops::to_index(vm, args.get(vm, 0))?;
    // 2. Set bigint to ? ToBigInt(bigint).
    let b = to_bigint(vm, args.get(vm, 1))?;
    Ok((bits, vm.heap.get(b).clone()))
}

/// BigInt.asIntN(bits, bigint) <https://tc39.es/ecma262/#sec-bigint.asintn>
pub fn as_int_n(vm: &mut Vm, args: Args) -> JsResult {
    let (bits, x) = as_n_args(vm, args)?;
    // 3. Let mod be ℝ(bigint) modulo 2^bits.
    if bits == 0 {
        return Ok(Value::BigInt(vm.heap.alloc(normalize(false, Vec::new()))));
    }
    // Values that already fit in bits - 1 bits (plus sign) are unchanged.
    if bit_len(&x.limbs) < bits {
        return Ok(Value::BigInt(vm.heap.alloc(x)));
    }
    if bits > MAX_AS_N_BITS {
        return Err(vm.range_error("Maximum BigInt size exceeded"));
    }
    let (mut v, top) = low_bits(&x, bits);
    // 4. If mod ≥ 2^(bits - 1), return ℤ(mod - 2^bits); otherwise, return ℤ(mod).
    let r = if top {
        let rem = bits % 32;
        if rem != 0 {
            if let Some(t) = v.last_mut() {
                *t |= !((1u32 << rem) - 1);
            }
        }
        from_twos(v)
    } else {
        normalize(false, v)
    };
    Ok(Value::BigInt(vm.heap.alloc(r)))
}

/// BigInt.asUintN(bits, bigint) <https://tc39.es/ecma262/#sec-bigint.asuintn>
pub fn as_uint_n(vm: &mut Vm, args: Args) -> JsResult {
    let (bits, x) = as_n_args(vm, args)?;
    if bits == 0 {
        return Ok(Value::BigInt(vm.heap.alloc(normalize(false, Vec::new()))));
    }
    // Non-negative values that fit are unchanged.
    if !x.negative && bit_len(&x.limbs) <= bits {
        return Ok(Value::BigInt(vm.heap.alloc(x)));
    }
    if bits > MAX_AS_N_BITS {
        return Err(vm.range_error("Maximum BigInt size exceeded"));
    }
    // 3. Return ℤ(ℝ(bigint) modulo 2^bits).
    let (v, _) = low_bits(&x, bits);
    Ok(Value::BigInt(vm.heap.alloc(normalize(false, v))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(s: &str) -> BigInt {
        parse_string(s).unwrap()
    }

    #[test]
    fn arithmetic_round_trips_through_decimal() {
        let a = big("123456789012345678901234567890");
        let b = big("-987654321098765432109876543210");
        assert_eq!(to_decimal(&add(&a, &b)), "-864197532086419753208641975320");
        let p = normalize(a.negative != b.negative, mul_mag(&a.limbs, &b.limbs));
        assert_eq!(
            to_decimal(&p),
            "-121932631137021795226185032733622923332237463801111263526900"
        );
        let (q, r) = divmod_mag(&b.limbs, &a.limbs);
        assert_eq!(to_decimal(&normalize(false, q)), "8");
        assert_eq!(to_decimal(&normalize(false, r)), "9000000000900000000090");
    }

    #[test]
    fn shifts_round_toward_negative_infinity() {
        assert_eq!(to_decimal(&shift_left(&big("-5"), -1)), "-3");
        assert_eq!(to_decimal(&shift_left(&big("5"), -1)), "2");
        assert_eq!(
            to_decimal(&shift_left(&big("1"), 70)),
            "1180591620717411303424"
        );
    }

    #[test]
    fn bitwise_uses_twos_complement() {
        assert_eq!(
            to_decimal(&bitwise(&big("-1"), &big("255"), |p, q| p & q)),
            "255"
        );
        assert_eq!(
            to_decimal(&bitwise(&big("-8"), &big("3"), |p, q| p | q)),
            "-5"
        );
    }
}
