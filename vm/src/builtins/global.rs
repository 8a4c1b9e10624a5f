//! The global object's value and function properties.
//! <https://tc39.es/ecma262/#sec-global-object>

use super::{global, native_function};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{interp, Args, JsResult, Vm};
use amber_heap::{attrs, Value};

pub fn init(vm: &mut Vm) {
    let realm = vm.current_realm();
    let g = vm.heap.get(realm).global_object;
    super::put(vm, g, "globalThis", Value::Object(g), attrs::HIDDEN);
    super::put(vm, g, "Infinity", Value::Number(f64::INFINITY), 0);
    super::put(vm, g, "NaN", Value::Number(f64::NAN), 0);
    super::put(vm, g, "undefined", Value::Undefined, 0);
    let eval = native_function(vm, NativeId::Eval, "eval", 1, false);
    global(vm, "eval", Value::Object(eval));
    set_intrinsic(vm, Intrinsic::Eval, eval);
    for (name, id, len) in [
        ("parseInt", NativeId::ParseInt, 2),
        ("parseFloat", NativeId::ParseFloat, 1),
        ("isNaN", NativeId::IsNaN, 1),
        ("isFinite", NativeId::IsFinite, 1),
    ] {
        // Number.parseInt and Number.parseFloat (made by `number::init`) are these very
        // function objects.
        // (Only those two: Number.isNaN and Number.isFinite differ from the globals, which
        // convert their argument.)
        let number = vm.intrinsic(Intrinsic::Number);
        let shared = matches!(name, "parseInt" | "parseFloat");
        let f = match vm.peek_data(number, name) {
            Some(Value::Object(f)) if shared => f,
            _ => native_function(vm, id, name, len, false),
        };
        global(vm, name, Value::Object(f));
    }
    super::uri::init(vm);
}

/// PerformEval(x, strictCaller = false, direct = false): evaluates in the global scope of
/// the current realm. <https://tc39.es/ecma262/#sec-performeval>
pub fn perform_eval(vm: &mut Vm, x: Value) -> JsResult {
    let Value::String(s) = x else { return Ok(x) };
    let realm = vm.current_realm();
    // HostEnsureCanCompileStrings(evalRealm, « », x, false).
    vm.host_ensure_can_compile_strings(realm)?;
    let source = vm.rust_string(s);
    let realm = vm.current_realm();
    interp::indirect_eval(vm, realm, &source)
}

/// eval(x): indirect eval. <https://tc39.es/ecma262/#sec-eval-x>
pub fn eval(vm: &mut Vm, args: Args) -> JsResult {
    perform_eval(vm, args.get(vm, 0))
}

/// parseInt(string, radix) <https://tc39.es/ecma262/#sec-parseint-string-radix>
pub fn parse_int(vm: &mut Vm, args: Args) -> JsResult {
    let s = ops::to_rust_string(vm, args.get(vm, 0))?;
    let mut r = ops::to_int32(vm, args.get(vm, 1))?;
    let s = crate::number::trim_js(&s);
    let (sign, mut s) = match s.as_bytes().first() {
        Some(b'-') => (-1.0, &s[1..]),
        Some(b'+') => (1.0, &s[1..]),
        _ => (1.0, s),
    };
    let mut strip_prefix = true;
    if r != 0 {
        if !(2..=36).contains(&r) {
            return Ok(Value::Number(f64::NAN));
        }
        if r != 16 {
            strip_prefix = false;
        }
    } else {
        r = 10;
    }
    if strip_prefix && (s.starts_with("0x") || s.starts_with("0X")) {
        s = &s[2..];
        r = 16;
    }
    let digits: String = s.chars().take_while(|c| c.is_digit(r as u32)).collect();
    if digits.is_empty() {
        return Ok(Value::Number(f64::NAN));
    }
    let n = if r == 10 {
        digits.parse::<f64>().unwrap_or(f64::NAN)
    } else {
        digits.chars().fold(0.0, |acc, c| {
            acc * r as f64 + c.to_digit(r as u32).unwrap_or(0) as f64
        })
    };
    Ok(Value::Number(sign * n))
}

/// parseFloat(string) <https://tc39.es/ecma262/#sec-parsefloat-string>
pub fn parse_float(vm: &mut Vm, args: Args) -> JsResult {
    let s = ops::to_rust_string(vm, args.get(vm, 0))?;
    let s = crate::number::trim_js(&s);
    // The longest prefix that is a StrDecimalLiteral.
    let bytes = s.as_bytes();
    let mut end = 0;
    let mut i = 0;
    if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
        i += 1;
    }
    if s[i..].starts_with("Infinity") {
        return Ok(Value::Number(if bytes.first() == Some(&b'-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }));
    }
    let mut seen_digit = false;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
        seen_digit = true;
        end = i;
    }
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
            seen_digit = true;
            end = i;
        }
    }
    if seen_digit && i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        let mut j = i + 1;
        if j < bytes.len() && (bytes[j] == b'+' || bytes[j] == b'-') {
            j += 1;
        }
        let start = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        if j > start {
            end = j;
        }
    }
    if !seen_digit {
        return Ok(Value::Number(f64::NAN));
    }
    Ok(Value::Number(s[..end].parse::<f64>().unwrap_or(f64::NAN)))
}

pub fn is_nan(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Boolean(
        ops::to_number(vm, args.get(vm, 0))?.is_nan(),
    ))
}

pub fn is_finite(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Boolean(
        ops::to_number(vm, args.get(vm, 0))?.is_finite(),
    ))
}
