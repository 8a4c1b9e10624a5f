//! `String` and `String.prototype`. <https://tc39.es/ecma262/#sec-string-objects>

use super::method;
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic, WellKnown};
use crate::{Args, JsResult, Vm};
use amber_heap::object::IteratorData;
use amber_heap::{attrs, Handle, JsString, Object, ObjectKind, Value};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let empty = vm.str("");
    let sp = vm
        .heap
        .alloc(Object::new(Some(op), ObjectKind::String(empty)));
    set_intrinsic(vm, Intrinsic::StringPrototype, sp);
    let lk = vm.key("length");
    super::add(vm, sp, lk, Value::Number(0.0), 0);
    let c = super::constructor(vm, NativeId::String, "String", 1, sp);
    set_intrinsic(vm, Intrinsic::String, c);
    method(vm, c, "fromCharCode", NativeId::StringFromCharCode, 1);
    let methods: &[(&str, NativeId, u32)] = &[
        ("charAt", NativeId::StringPrototypeCharAt, 1),
        ("charCodeAt", NativeId::StringPrototypeCharCodeAt, 1),
        ("indexOf", NativeId::StringPrototypeIndexOf, 1),
        ("slice", NativeId::StringPrototypeSlice, 2),
        ("split", NativeId::StringPrototypeSplit, 2),
        ("substring", NativeId::StringPrototypeSubstring, 2),
        ("toLowerCase", NativeId::StringPrototypeToLowerCase, 0),
        ("toString", NativeId::StringPrototypeToString, 0),
        ("toUpperCase", NativeId::StringPrototypeToUpperCase, 0),
        ("valueOf", NativeId::StringPrototypeValueOf, 0),
    ];
    for &(name, id, len) in methods {
        method(vm, sp, name, id, len);
    }
    super::symbol_method(
        vm,
        sp,
        WellKnown::Iterator,
        "[Symbol.iterator]",
        NativeId::StringPrototypeIterator,
        0,
        attrs::HIDDEN,
    );
}

/// StringCreate(value, prototype). <https://tc39.es/ecma262/#sec-stringcreate>
pub fn string_create(vm: &mut Vm, s: Handle<JsString>, proto: Handle<Object>) -> Handle<Object> {
    let o = vm
        .heap
        .alloc(Object::new(Some(proto), ObjectKind::String(s)));
    let len = vm.heap.string_units(s).len();
    let lk = vm.key("length");
    super::add(vm, o, lk, Value::Number(len as f64), 0);
    o
}

/// String(value) <https://tc39.es/ecma262/#sec-string-constructor-string-value>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    let nt = args.new_target(vm);
    let v = args.get(vm, 0);
    let s = if args.is_empty() {
        vm.str("")
    } else if let (Value::Symbol(sym), true) = (v, nt.is_undefined()) {
        let desc = vm
            .heap
            .get(sym)
            .description
            .map(|d| vm.rust_string(d))
            .unwrap_or_default();
        return Ok(vm.string_from(&format!("Symbol({desc})")));
    } else {
        ops::to_string(vm, v)?
    };
    if nt.is_undefined() {
        return Ok(Value::String(s));
    }
    let ss = vm.root(Value::String(s));
    let proto = ops::get_prototype_from_constructor(vm, nt, Intrinsic::StringPrototype)?;
    let Value::String(s) = vm.rooted(ss) else {
        unreachable!()
    };
    vm.unroot(ss);
    Ok(Value::Object(string_create(vm, s, proto)))
}

/// String.fromCharCode(...codeUnits)
pub fn from_char_code(vm: &mut Vm, args: Args) -> JsResult {
    let mut units = Vec::with_capacity(args.len());
    for i in 0..args.len() {
        let n = ops::to_uint32(vm, args.get(vm, i))?;
        units.push(n as u16);
    }
    Ok(vm.string_value(units))
}

/// ThisStringValue(value) <https://tc39.es/ecma262/#sec-thisstringvalue>
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    match args.this(vm) {
        Value::String(s) => Ok(Value::String(s)),
        Value::Object(o) => match vm.heap.get(o).kind {
            ObjectKind::String(s) => Ok(Value::String(s)),
            _ => Err(vm.type_error("String.prototype.toString requires that 'this' be a String")),
        },
        _ => Err(vm.type_error("String.prototype.toString requires that 'this' be a String")),
    }
}

/// RequireObjectCoercible(this) then ToString: the first steps of most String methods.
fn this_string(vm: &mut Vm, args: Args) -> JsResult<Vec<u16>> {
    let this = ops::require_object_coercible(vm, args.this(vm))?;
    let s = ops::to_string(vm, this)?;
    Ok(vm.heap.string_units(s).to_vec())
}

pub fn char_at(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_string(vm, args)?;
    let pos = ops::to_integer_or_infinity(vm, args.get(vm, 0))?;
    if pos < 0.0 || pos >= s.len() as f64 {
        return Ok(Value::String(vm.str("")));
    }
    Ok(vm.string_value(vec![s[pos as usize]]))
}

pub fn char_code_at(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_string(vm, args)?;
    let pos = ops::to_integer_or_infinity(vm, args.get(vm, 0))?;
    if pos < 0.0 || pos >= s.len() as f64 {
        return Ok(Value::Number(f64::NAN));
    }
    Ok(Value::Number(s[pos as usize] as f64))
}

fn find(haystack: &[u16], needle: &[u16], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return (from <= haystack.len()).then_some(from);
    }
    (from..=haystack.len().saturating_sub(needle.len()))
        .find(|&i| haystack[i..].starts_with(needle))
}

pub fn index_of(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_string(vm, args)?;
    let search = ops::to_string(vm, args.get(vm, 0))?;
    let search = vm.heap.string_units(search).to_vec();
    let pos = ops::to_integer_or_infinity(vm, args.get(vm, 1))?;
    let start = pos.clamp(0.0, s.len() as f64) as usize;
    Ok(Value::Number(
        find(&s, &search, start).map_or(-1.0, |i| i as f64),
    ))
}

pub fn slice(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_string(vm, args)?;
    let len = s.len() as f64;
    let start = ops::to_integer_or_infinity(vm, args.get(vm, 0))?;
    let from = if start < 0.0 {
        (len + start).max(0.0)
    } else {
        start.min(len)
    };
    let end = args.get(vm, 1);
    let to = if end.is_undefined() {
        len
    } else {
        let e = ops::to_integer_or_infinity(vm, end)?;
        if e < 0.0 {
            (len + e).max(0.0)
        } else {
            e.min(len)
        }
    };
    if from >= to {
        return Ok(Value::String(vm.str("")));
    }
    Ok(vm.string_value(s[from as usize..to as usize].to_vec()))
}

pub fn substring(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_string(vm, args)?;
    let len = s.len() as f64;
    let start = ops::to_integer_or_infinity(vm, args.get(vm, 0))?.clamp(0.0, len);
    let end = args.get(vm, 1);
    let end = if end.is_undefined() {
        len
    } else {
        ops::to_integer_or_infinity(vm, end)?.clamp(0.0, len)
    };
    let (from, to) = (start.min(end) as usize, start.max(end) as usize);
    Ok(vm.string_value(s[from..to].to_vec()))
}

pub fn to_upper_case(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_string(vm, args)?;
    let t = String::from_utf16_lossy(&s).to_uppercase();
    Ok(vm.string_from(&t))
}

pub fn to_lower_case(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_string(vm, args)?;
    let t = String::from_utf16_lossy(&s).to_lowercase();
    Ok(vm.string_from(&t))
}

/// String.prototype.split(separator, limit) for string separators.
pub fn split(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_string(vm, args)?;
    let limit = args.get(vm, 1);
    let lim = if limit.is_undefined() {
        u32::MAX
    } else {
        ops::to_uint32(vm, limit)?
    };
    let sep_v = args.get(vm, 0);
    if lim == 0 {
        return Ok(Value::Object(ops::create_array_from_list(vm, &[])));
    }
    if sep_v.is_undefined() {
        let v = vm.string_value(s);
        return Ok(Value::Object(ops::create_array_from_list(vm, &[v])));
    }
    let sep = ops::to_string(vm, sep_v)?;
    let sep = vm.heap.string_units(sep).to_vec();
    let mut parts: Vec<Vec<u16>> = Vec::new();
    if sep.is_empty() {
        parts = s.iter().map(|&u| vec![u]).collect();
    } else {
        let mut start = 0;
        while let Some(i) = find(&s, &sep, start) {
            if i >= s.len() {
                break;
            }
            parts.push(s[start..i].to_vec());
            start = i + sep.len();
        }
        parts.push(s[start..].to_vec());
    }
    parts.truncate(lim as usize);
    let values: Vec<Value> = parts.into_iter().map(|p| vm.string_value(p)).collect();
    Ok(Value::Object(ops::create_array_from_list(vm, &values)))
}

/// String.prototype[@@iterator]()
pub fn iterator(vm: &mut Vm, args: Args) -> JsResult {
    let this = ops::require_object_coercible(vm, args.this(vm))?;
    let s = ops::to_string(vm, this)?;
    let proto = vm.intrinsic(Intrinsic::StringIteratorPrototype);
    Ok(Value::Object(vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::StringIterator(Box::new(IteratorData {
            target: Value::String(s),
            index: 0,
            kind: 1,
        })),
    ))))
}
