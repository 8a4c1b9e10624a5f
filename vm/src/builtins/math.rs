//! The `Math` namespace. <https://tc39.es/ecma262/#sec-math-object>

use super::{method, put};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::Value;

pub fn init(vm: &mut Vm) {
    let m = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::Math, m);
    super::global(vm, "Math", Value::Object(m));
    super::iterators::tag(vm, m, "Math");
    let constants: &[(&str, f64)] = &[
        ("E", std::f64::consts::E),
        ("LN10", std::f64::consts::LN_10),
        ("LN2", std::f64::consts::LN_2),
        ("LOG10E", std::f64::consts::LOG10_E),
        ("LOG2E", std::f64::consts::LOG2_E),
        ("PI", std::f64::consts::PI),
        ("SQRT1_2", std::f64::consts::FRAC_1_SQRT_2),
        ("SQRT2", std::f64::consts::SQRT_2),
    ];
    for &(name, v) in constants {
        put(vm, m, name, Value::Number(v), 0);
    }
    let fns: &[(&str, NativeId, u32)] = &[
        ("abs", NativeId::MathAbs, 1),
        ("acos", NativeId::MathAcos, 1),
        ("acosh", NativeId::MathAcosh, 1),
        ("asin", NativeId::MathAsin, 1),
        ("asinh", NativeId::MathAsinh, 1),
        ("atanh", NativeId::MathAtanh, 1),
        ("cbrt", NativeId::MathCbrt, 1),
        ("clz32", NativeId::MathClz32, 1),
        ("cosh", NativeId::MathCosh, 1),
        ("expm1", NativeId::MathExpm1, 1),
        ("f16round", NativeId::MathF16round, 1),
        ("fround", NativeId::MathFround, 1),
        ("hypot", NativeId::MathHypot, 2),
        ("imul", NativeId::MathImul, 2),
        ("log10", NativeId::MathLog10, 1),
        ("log1p", NativeId::MathLog1p, 1),
        ("log2", NativeId::MathLog2, 1),
        ("sinh", NativeId::MathSinh, 1),
        ("sumPrecise", NativeId::MathSumPrecise, 1),
        ("tanh", NativeId::MathTanh, 1),
        ("atan", NativeId::MathAtan, 1),
        ("atan2", NativeId::MathAtan2, 2),
        ("ceil", NativeId::MathCeil, 1),
        ("cos", NativeId::MathCos, 1),
        ("exp", NativeId::MathExp, 1),
        ("floor", NativeId::MathFloor, 1),
        ("log", NativeId::MathLog, 1),
        ("max", NativeId::MathMax, 2),
        ("min", NativeId::MathMin, 2),
        ("pow", NativeId::MathPow, 2),
        ("random", NativeId::MathRandom, 0),
        ("round", NativeId::MathRound, 1),
        ("sign", NativeId::MathSign, 1),
        ("sin", NativeId::MathSin, 1),
        ("sqrt", NativeId::MathSqrt, 1),
        ("tan", NativeId::MathTan, 1),
        ("trunc", NativeId::MathTrunc, 1),
    ];
    for &(name, id, len) in fns {
        method(vm, m, name, id, len);
    }
}

fn unary(vm: &mut Vm, args: Args, f: fn(f64) -> f64) -> JsResult {
    let x = ops::to_number(vm, args.get(vm, 0))?;
    Ok(Value::Number(f(x)))
}

pub fn abs(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::abs)
}
pub fn floor(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::floor)
}
pub fn ceil(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::ceil)
}
pub fn trunc(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::trunc)
}
pub fn sqrt(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::sqrt)
}
pub fn log(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::ln)
}
pub fn exp(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::exp)
}
pub fn sin(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::sin)
}
pub fn cos(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::cos)
}
pub fn tan(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::tan)
}
pub fn atan(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::atan)
}

/// Math.round(x): rounds half up (toward +∞), keeping -0.
pub fn round(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, |x| {
        if !x.is_finite() || x.fract() == 0.0 {
            return x;
        }
        if (-0.5..0.0).contains(&x) {
            return -0.0;
        }
        // floor(x + 0.5) would round 0.49999999999999994 up: compare the fraction instead.
        let f = x.floor();
        if x - f >= 0.5 {
            f + 1.0
        } else {
            f
        }
    })
}

pub fn sign(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, |x| {
        if x.is_nan() || x == 0.0 {
            x
        } else {
            x.signum()
        }
    })
}

pub fn atan2(vm: &mut Vm, args: Args) -> JsResult {
    let y = ops::to_number(vm, args.get(vm, 0))?;
    let x = ops::to_number(vm, args.get(vm, 1))?;
    Ok(Value::Number(y.atan2(x)))
}

pub fn pow(vm: &mut Vm, args: Args) -> JsResult {
    let b = ops::to_number(vm, args.get(vm, 0))?;
    let e = ops::to_number(vm, args.get(vm, 1))?;
    Ok(Value::Number(ops::number_exponentiate(b, e)))
}

/// Math.max / Math.min: every argument is converted first, then compared (−0 < +0).
fn extremum(vm: &mut Vm, args: Args, max: bool) -> JsResult {
    let mut values = Vec::with_capacity(args.len());
    for i in 0..args.len() {
        values.push(ops::to_number(vm, args.get(vm, i))?);
    }
    let mut r = if max {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    };
    for v in values {
        if v.is_nan() {
            return Ok(Value::Number(f64::NAN));
        }
        let better = if max {
            v > r || (v == 0.0 && r == 0.0 && r.is_sign_negative() && !v.is_sign_negative())
        } else {
            v < r || (v == 0.0 && r == 0.0 && !r.is_sign_negative() && v.is_sign_negative())
        };
        if better {
            r = v;
        }
    }
    Ok(Value::Number(r))
}

pub fn max(vm: &mut Vm, args: Args) -> JsResult {
    extremum(vm, args, true)
}
pub fn min(vm: &mut Vm, args: Args) -> JsResult {
    extremum(vm, args, false)
}

/// Math.random(): xorshift64* seeded from the clock, per thread (or, under
/// [`crate::VmOptions::predictable`], from a fixed seed kept in the VM).
pub fn random(vm: &mut Vm, _: Args) -> JsResult {
    super::date::refuse_in_builder(vm, "Math.random()")?;
    use std::cell::Cell;
    thread_local!(static STATE: Cell<u64> = Cell::new(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0x9E37_79B9, |d| d.as_nanos() as u64) | 1
    ));
    let r = if vm.options.predictable {
        xorshift64_star(&mut vm.predictable_state.1)
    } else {
        STATE.with(|s| {
            let mut x = s.get();
            let r = xorshift64_star(&mut x);
            s.set(x);
            r
        })
    };
    // The top 53 bits, as a double in [0, 1).
    Ok(Value::Number((r >> 11) as f64 / (1u64 << 53) as f64))
}

/// One step of xorshift64*: advances `state` and returns the next output.
fn xorshift64_star(state: &mut u64) -> u64 {
    let mut x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    x.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

/// Math.acos(x) <https://tc39.es/ecma262/#sec-math.acos>
pub fn acos(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::acos)
}
/// Math.acosh(x) <https://tc39.es/ecma262/#sec-math.acosh>
pub fn acosh(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::acosh)
}
/// Math.asin(x) <https://tc39.es/ecma262/#sec-math.asin>
pub fn asin(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::asin)
}
/// Math.asinh(x) <https://tc39.es/ecma262/#sec-math.asinh> (keeps -0).
pub fn asinh(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, |x| if x == 0.0 { x } else { x.asinh() })
}
/// Math.atanh(x) <https://tc39.es/ecma262/#sec-math.atanh>
pub fn atanh(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, |x| if x == 0.0 { x } else { x.atanh() })
}
/// Math.cbrt(x) <https://tc39.es/ecma262/#sec-math.cbrt>
pub fn cbrt(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::cbrt)
}
/// Math.clz32(x) <https://tc39.es/ecma262/#sec-math.clz32>
pub fn clz32(vm: &mut Vm, args: Args) -> JsResult {
    let n = ops::to_uint32(vm, args.get(vm, 0))?;
    Ok(Value::Number(n.leading_zeros() as f64))
}
/// Math.cosh(x) <https://tc39.es/ecma262/#sec-math.cosh>
pub fn cosh(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::cosh)
}
/// Math.expm1(x) <https://tc39.es/ecma262/#sec-math.expm1>
pub fn expm1(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, |x| if x == 0.0 { x } else { x.exp_m1() })
}
/// Math.fround(x) <https://tc39.es/ecma262/#sec-math.fround>
pub fn fround(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, |x| x as f32 as f64)
}
/// Math.hypot(...args) <https://tc39.es/ecma262/#sec-math.hypot>
pub fn hypot(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Coerce every argument first.
    let mut coerced = Vec::with_capacity(args.len());
    for i in 0..args.len() {
        coerced.push(ops::to_number(vm, args.get(vm, i))?);
    }
    // 3-5. Any infinity gives +∞; else any NaN gives NaN; all zeros give +0.
    if coerced.iter().any(|x| x.is_infinite()) {
        return Ok(Value::Number(f64::INFINITY));
    }
    if coerced.iter().any(|x| x.is_nan()) {
        return Ok(Value::Number(f64::NAN));
    }
    let max = coerced.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    if max == 0.0 {
        return Ok(Value::Number(0.0));
    }
    // Scale by the largest magnitude to avoid overflow and underflow.
    let sum: f64 = coerced.iter().map(|x| (x / max) * (x / max)).sum();
    Ok(Value::Number(sum.sqrt() * max))
}
/// Math.imul(x, y) <https://tc39.es/ecma262/#sec-math.imul>
pub fn imul(vm: &mut Vm, args: Args) -> JsResult {
    let a = ops::to_uint32(vm, args.get(vm, 0))?;
    let b = ops::to_uint32(vm, args.get(vm, 1))?;
    Ok(Value::Number(a.wrapping_mul(b) as i32 as f64))
}
/// Math.log10(x) <https://tc39.es/ecma262/#sec-math.log10>
pub fn log10(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::log10)
}
/// Math.log1p(x) <https://tc39.es/ecma262/#sec-math.log1p>
pub fn log1p(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, |x| if x == 0.0 { x } else { x.ln_1p() })
}
/// Math.log2(x) <https://tc39.es/ecma262/#sec-math.log2>
pub fn log2(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, f64::log2)
}
/// Math.sinh(x) <https://tc39.es/ecma262/#sec-math.sinh>
pub fn sinh(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, |x| if x == 0.0 { x } else { x.sinh() })
}
/// Math.tanh(x) <https://tc39.es/ecma262/#sec-math.tanh>
pub fn tanh(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, |x| if x == 0.0 { x } else { x.tanh() })
}

/// Math.f16round(x) <https://tc39.es/ecma262/#sec-math.f16round>: x rounded to the nearest
/// IEEE 754 binary16 value (ties to even), as a Number.
pub fn f16round(vm: &mut Vm, args: Args) -> JsResult {
    unary(vm, args, round_to_f16)
}

/// `x` rounded to the nearest IEEE 754 binary16 value (ties to even), as an f64.
pub fn round_to_f16(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let a = x.abs();
    // binary16 has 10 fraction bits and a minimum exponent of -14 (subnormals below).
    let exp = (((a.to_bits() >> 52) & 0x7ff) as i32 - 1023).max(-14);
    let quantum = 2f64.powi(exp - 10);
    let r = (a / quantum).round_ties_even() * quantum;
    let r = if r > 65504.0 { f64::INFINITY } else { r };
    r.copysign(x)
}

/// Math.sumPrecise(items). <https://tc39.es/ecma262/#sec-math.sumprecise>
pub fn sum_precise(vm: &mut Vm, args: Args) -> JsResult {
    #[derive(PartialEq)]
    enum State {
        MinusZero,
        Finite,
        PlusInfinity,
        MinusInfinity,
        NotANumber,
    }
    // 1-2. RequireObjectCoercible(items); GetIterator(items, sync).
    let items = args.get(vm, 0);
    crate::ops::require_object_coercible(vm, items)?;
    let (it, next) = crate::ops::get_iterator(vm, items)?;
    let base = vm.roots.len();
    vm.roots.extend_from_slice(&[it, next]);
    // 3-6.
    let mut state = State::MinusZero;
    let mut sum = ExactSum::new();
    let mut count: u64 = 0;
    // 7. Repeat, while next is not done.
    let result = loop {
        if let Err(e) = vm.tick() {
            break Err(e);
        }
        let (it, next) = (vm.roots[base], vm.roots[base + 1]);
        let n = match crate::ops::iterator_step_value(vm, it, next) {
            Ok(Some(v)) => v,
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        };
        // 7.b.i-ii: too many values (not reachable in practice), or not a Number: close the
        // iterator and throw.
        let Value::Number(n) = n else {
            let e = vm.type_error("Math.sumPrecise: every item must be a Number");
            crate::ops::iterator_close_on_throw(vm, vm.roots[base]);
            break Err(e);
        };
        if count >= (1 << 53) - 1 {
            let e = vm.range_error("Math.sumPrecise: too many items");
            crate::ops::iterator_close_on_throw(vm, vm.roots[base]);
            break Err(e);
        }
        // 7.b.iv-v.
        if state != State::NotANumber {
            if n.is_nan() {
                state = State::NotANumber;
            } else if n == f64::INFINITY {
                state = if state == State::MinusInfinity {
                    State::NotANumber
                } else {
                    State::PlusInfinity
                };
            } else if n == f64::NEG_INFINITY {
                state = if state == State::PlusInfinity {
                    State::NotANumber
                } else {
                    State::MinusInfinity
                };
            } else if !(n == 0.0 && n.is_sign_negative())
                && matches!(state, State::MinusZero | State::Finite)
            {
                state = State::Finite;
                sum.add(n);
            }
        }
        count += 1;
    };
    vm.unroot(base);
    result?;
    // 8-12.
    Ok(Value::Number(match state {
        State::NotANumber => f64::NAN,
        State::PlusInfinity => f64::INFINITY,
        State::MinusInfinity => f64::NEG_INFINITY,
        State::MinusZero => -0.0,
        State::Finite => sum.into_f64(),
    }))
}

/// An exact sum of finite doubles: a two's-complement fixed-point integer counting units of
/// 2^-1074 (the smallest subnormal), wide enough for 2^53 values of magnitude below 2^1024.
/// Rounding happens once, in [`ExactSum::into_f64`] (the spec's 𝔽(sum)).
struct ExactSum {
    /// Little-endian 32-bit digits held in i64s, so carries can wait (see `add`).
    digits: Vec<i64>,
    pending: u32,
}

impl ExactSum {
    /// 1074 fraction bits + 1024 integer bits + 53 bits of headroom for the count + sign.
    const DIGITS: usize = (1074usize + 1024 + 53 + 1).div_ceil(32) + 1;

    fn new() -> ExactSum {
        ExactSum {
            digits: vec![0; Self::DIGITS],
            pending: 0,
        }
    }

    /// Adds a finite double exactly.
    fn add(&mut self, x: f64) {
        let bits = x.to_bits();
        let exponent = ((bits >> 52) & 0x7ff) as usize;
        let fraction = bits & ((1 << 52) - 1);
        // x = mantissa × 2^(shift - 1074).
        let (mantissa, shift) = if exponent == 0 {
            (fraction, 0)
        } else {
            (fraction | (1 << 52), exponent - 1)
        };
        let sign = if x.is_sign_negative() { -1 } else { 1 };
        let (digit, offset) = (shift / 32, shift % 32);
        let wide = (mantissa as u128) << offset;
        for k in 0..3 {
            let part = ((wide >> (32 * k)) & 0xffff_ffff) as i64;
            self.digits[digit + k] += sign * part;
        }
        // Each digit moves by less than 2^32 per add; normalize well before an i64 could
        // overflow.
        self.pending += 1;
        if self.pending == 1 << 20 {
            self.normalize();
        }
    }

    /// Propagates carries so every digit but the top one is in 0..2^32.
    fn normalize(&mut self) {
        let mut carry = 0i64;
        let last = self.digits.len() - 1;
        for (i, d) in self.digits.iter_mut().enumerate() {
            let v = *d + carry;
            if i == last {
                *d = v;
            } else {
                *d = v & 0xffff_ffff;
                carry = v >> 32;
            }
        }
        self.pending = 0;
    }

    /// The sum rounded to the nearest double (ties to even); ±Infinity past the largest.
    fn into_f64(mut self) -> f64 {
        self.normalize();
        let negative = *self.digits.last().unwrap() < 0;
        if negative {
            // Two's-complement negation of the whole number.
            let mut carry = 1i64;
            let last = self.digits.len() - 1;
            for (i, d) in self.digits.iter_mut().enumerate() {
                let v = if i == last { -*d - 1 } else { 0xffff_ffff - *d } + carry;
                if i == last {
                    *d = v;
                } else {
                    *d = v & 0xffff_ffff;
                    carry = v >> 32;
                }
            }
        }
        let magnitude = self.round_magnitude();
        if negative {
            -magnitude
        } else {
            magnitude
        }
    }

    /// The (non-negative, normalized) accumulator as the nearest double.
    fn round_magnitude(&self) -> f64 {
        let bit = |i: usize| (self.digits[i / 32] >> (i % 32)) & 1 == 1;
        let Some(top_digit) = self.digits.iter().rposition(|&d| d != 0) else {
            return 0.0;
        };
        let top = top_digit * 32 + 63 - (self.digits[top_digit] as u64).leading_zeros() as usize;
        if top < 53 {
            // Below 2^53 units of 2^-1074: a subnormal or the smallest normals, exact.
            let mut m = 0u64;
            for i in (0..=top).rev() {
                m = (m << 1) | bit(i) as u64;
            }
            return m as f64 * f64::from_bits(1); // m × 2^-1074, exact
        }
        // Keep 53 bits from `top` down; round half to even on the rest.
        let low = top - 52;
        let mut m = 0u64;
        for i in (low..=top).rev() {
            m = (m << 1) | bit(i) as u64;
        }
        let half = bit(low - 1);
        let sticky = (0..low - 1).any(bit);
        if half && (sticky || m & 1 == 1) {
            m += 1;
        }
        // m × 2^(low - 1074), where m may have become 2^53.
        let mut exponent = low as i32 - 1074;
        if m == 1 << 53 {
            m >>= 1;
            exponent += 1;
        }
        if exponent + 52 > 1023 {
            return f64::INFINITY;
        }
        // m has 53 bits, exponent ≥ -1074 + 1: build the bits directly.
        let biased = (exponent + 52 + 1023) as u64;
        f64::from_bits((biased << 52) | (m & ((1 << 52) - 1)))
    }
}
