//! `String` and `String.prototype`. <https://tc39.es/ecma262/#sec-string-objects>

use super::method;
use super::regexp::{self, rooted_obj, to_units, with_roots};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic, WellKnown};
use crate::CommonKey;
use crate::{Args, JsResult, Vm};
use amber_heap::object::IteratorData;
use amber_heap::{attrs, Handle, JsString, Object, ObjectKind, PropertyKey, Value};

pub fn init(vm: &mut Vm) {
    let op = vm.intrinsic(Intrinsic::ObjectPrototype);
    let empty = vm.str("");
    let sp = vm
        .heap
        .alloc(Object::new(Some(op), ObjectKind::String(empty)));
    set_intrinsic(vm, Intrinsic::StringPrototype, sp);
    let lk = vm.name_key(CommonKey::Length);
    super::add(vm, sp, lk, Value::Number(0.0), 0);
    let c = super::constructor(vm, NativeId::String, "String", 1, sp);
    set_intrinsic(vm, Intrinsic::String, c);
    method(vm, c, "fromCharCode", NativeId::StringFromCharCode, 1);
    method(vm, c, "fromCodePoint", NativeId::StringFromCodePoint, 1);
    method(vm, c, "raw", NativeId::StringRaw, 1);
    let methods: &[(&str, NativeId, u32)] = &[
        ("at", NativeId::StringPrototypeAt, 1),
        ("charAt", NativeId::StringPrototypeCharAt, 1),
        ("charCodeAt", NativeId::StringPrototypeCharCodeAt, 1),
        ("codePointAt", NativeId::StringPrototypeCodePointAt, 1),
        ("concat", NativeId::StringPrototypeConcat, 1),
        ("endsWith", NativeId::StringPrototypeEndsWith, 1),
        ("includes", NativeId::StringPrototypeIncludes, 1),
        ("indexOf", NativeId::StringPrototypeIndexOf, 1),
        ("isWellFormed", NativeId::StringPrototypeIsWellFormed, 0),
        ("lastIndexOf", NativeId::StringPrototypeLastIndexOf, 1),
        ("localeCompare", NativeId::StringPrototypeLocaleCompare, 1),
        ("match", NativeId::StringPrototypeMatch, 1),
        ("matchAll", NativeId::StringPrototypeMatchAll, 1),
        ("normalize", NativeId::StringPrototypeNormalize, 0),
        ("padEnd", NativeId::StringPrototypePadEnd, 1),
        ("padStart", NativeId::StringPrototypePadStart, 1),
        ("repeat", NativeId::StringPrototypeRepeat, 1),
        ("replace", NativeId::StringPrototypeReplace, 2),
        ("replaceAll", NativeId::StringPrototypeReplaceAll, 2),
        ("search", NativeId::StringPrototypeSearch, 1),
        ("slice", NativeId::StringPrototypeSlice, 2),
        ("split", NativeId::StringPrototypeSplit, 2),
        ("startsWith", NativeId::StringPrototypeStartsWith, 1),
        ("substr", NativeId::StringPrototypeSubstr, 2),
        ("substring", NativeId::StringPrototypeSubstring, 2),
        (
            "toLocaleLowerCase",
            NativeId::StringPrototypeToLocaleLowerCase,
            0,
        ),
        (
            "toLocaleUpperCase",
            NativeId::StringPrototypeToLocaleUpperCase,
            0,
        ),
        ("toLowerCase", NativeId::StringPrototypeToLowerCase, 0),
        ("toString", NativeId::StringPrototypeToString, 0),
        ("toUpperCase", NativeId::StringPrototypeToUpperCase, 0),
        ("toWellFormed", NativeId::StringPrototypeToWellFormed, 0),
        ("trim", NativeId::StringPrototypeTrim, 0),
        ("valueOf", NativeId::StringPrototypeValueOf, 0),
        ("anchor", NativeId::StringPrototypeAnchor, 1),
        ("big", NativeId::StringPrototypeBig, 0),
        ("blink", NativeId::StringPrototypeBlink, 0),
        ("bold", NativeId::StringPrototypeBold, 0),
        ("fixed", NativeId::StringPrototypeFixed, 0),
        ("fontcolor", NativeId::StringPrototypeFontcolor, 1),
        ("fontsize", NativeId::StringPrototypeFontsize, 1),
        ("italics", NativeId::StringPrototypeItalics, 0),
        ("link", NativeId::StringPrototypeLink, 1),
        ("small", NativeId::StringPrototypeSmall, 0),
        ("strike", NativeId::StringPrototypeStrike, 0),
        ("sub", NativeId::StringPrototypeSub, 0),
        ("sup", NativeId::StringPrototypeSup, 0),
    ];
    for &(name, id, len) in methods {
        method(vm, sp, name, id, len);
    }
    // trimLeft and trimRight are the same function objects as trimStart and trimEnd (Annex B).
    let ts = method(vm, sp, "trimStart", NativeId::StringPrototypeTrimStart, 0);
    super::put(vm, sp, "trimLeft", Value::Object(ts), attrs::HIDDEN);
    let te = method(vm, sp, "trimEnd", NativeId::StringPrototypeTrimEnd, 0);
    super::put(vm, sp, "trimRight", Value::Object(te), attrs::HIDDEN);
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
    let lk = vm.name_key(CommonKey::Length);
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

/// String.fromCodePoint(...codePoints) <https://tc39.es/ecma262/#sec-string.fromcodepoint>
pub fn from_code_point(vm: &mut Vm, args: Args) -> JsResult {
    let mut units = Vec::with_capacity(args.len());
    for i in 0..args.len() {
        // a. Let nextCP be ? ToNumber(next).
        let n = ops::to_number(vm, args.get(vm, i))?;
        // b-c. If nextCP is not an integral Number in [0, 0x10FFFF], throw a RangeError.
        if !(n.is_finite() && n.trunc() == n && (0.0..=1_114_111.0).contains(&n)) {
            let shown = crate::number::number_to_string(n);
            return Err(vm.range_error(format!("Invalid code point {shown}")));
        }
        // d. Append UTF16EncodeCodePoint(ℝ(nextCP)).
        push_code_point(&mut units, n as u32);
    }
    Ok(vm.string_value(units))
}

fn push_code_point(units: &mut Vec<u16>, cp: u32) {
    if cp < 0x10000 {
        units.push(cp as u16);
    } else {
        let c = cp - 0x10000;
        units.push(0xD800 + (c >> 10) as u16);
        units.push(0xDC00 + (c & 0x3FF) as u16);
    }
}

/// String.raw(template, ...substitutions) <https://tc39.es/ecma262/#sec-string.raw>
pub fn raw(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let substitutionCount be the number of elements in substitutions.
    let substitution_count = args.len().saturating_sub(1);
    // 2. Let cooked be ? ToObject(template).
    let cooked = ops::to_object(vm, args.get(vm, 0))?;
    // 3. Let literals be ? ToObject(? Get(cooked, "raw")).
    let raw = ops::get_str(vm, cooked, "raw")?;
    let literals = ops::to_object(vm, raw)?;
    with_roots(vm, &[Value::Object(literals)], |vm, base| {
        // 4. Let literalCount be ? LengthOfArrayLike(literals).
        let literal_count = ops::length_of_array_like(vm, literals)?;
        // 5. If literalCount ≤ 0, return the empty String.
        if literal_count <= 0.0 {
            return Ok(vm.string_value(Vec::new()));
        }
        // 6-8. Interleave the literals and the substitutions.
        let mut r: Vec<u16> = Vec::new();
        let mut next_index = 0usize;
        loop {
            let lit = rooted_obj(vm, base);
            let v = ops::get(vm, lit, PropertyKey::Index(next_index as u32))?;
            r.extend(to_units(vm, v)?);
            if (next_index + 1) as f64 >= literal_count {
                return Ok(vm.string_value(r));
            }
            if next_index < substitution_count {
                let sub = args.get(vm, next_index + 1);
                r.extend(to_units(vm, sub)?);
            }
            check_length(vm, r.len())?;
            next_index += 1;
        }
    })
}

/// The longest string Amber creates (in code units); longer ones throw a RangeError.
pub const MAX_STRING_LENGTH: usize = (1 << 28) - 16;

fn check_length(vm: &mut Vm, len: usize) -> JsResult<()> {
    if len > MAX_STRING_LENGTH {
        return Err(vm.range_error("Invalid string length"));
    }
    Ok(())
}

/// `this` after RequireObjectCoercible and ToString, held in a root slot: a method reads its
/// units after converting its arguments (which may run code and collect) without copying the
/// whole string, so `s.charCodeAt(i)` costs the same for a long string as for a short one.
/// (The slot is released when the native returns.)
#[derive(Clone, Copy)]
struct ThisString(usize);

impl ThisString {
    fn units(self, vm: &Vm) -> &[u16] {
        match vm.rooted(self.0) {
            Value::String(s) => vm.heap.string_units(s),
            _ => unreachable!("a ThisString slot holds a String"),
        }
    }
}

/// RequireObjectCoercible(this) then ToString, rooted (see [`ThisString`]).
fn this_str(vm: &mut Vm, args: Args) -> JsResult<ThisString> {
    let this = ops::require_object_coercible(vm, args.this(vm))?;
    let s = ops::to_string(vm, this)?;
    Ok(ThisString(vm.root(Value::String(s))))
}

/// RequireObjectCoercible(this) then ToString, copied out: for methods whose work is linear
/// in the string anyway.
fn this_string(vm: &mut Vm, args: Args) -> JsResult<Vec<u16>> {
    let this = ops::require_object_coercible(vm, args.this(vm))?;
    let s = ops::to_string(vm, this)?;
    Ok(vm.heap.string_units(s).to_vec())
}

/// String.prototype.at(index) <https://tc39.es/ecma262/#sec-string.prototype.at>
pub fn at(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_str(vm, args)?;
    // 4. Let relativeIndex be ? ToIntegerOrInfinity(index).
    let rel = ops::to_integer_or_infinity(vm, args.get(vm, 0))?;
    let s = this.units(vm);
    let len = s.len() as f64;
    // 5-6. k is relativeIndex, or len + relativeIndex when negative.
    let k = if rel >= 0.0 { rel } else { len + rel };
    // 7. If k < 0 or k ≥ len, return undefined.
    if k < 0.0 || k >= len {
        return Ok(Value::Undefined);
    }
    let unit = s[k as usize];
    Ok(vm.string_value(vec![unit]))
}

/// String.prototype.charAt(pos) <https://tc39.es/ecma262/#sec-string.prototype.charat>
pub fn char_at(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_str(vm, args)?;
    let pos = ops::to_integer_or_infinity(vm, args.get(vm, 0))?;
    let s = this.units(vm);
    if pos < 0.0 || pos >= s.len() as f64 {
        return Ok(Value::String(vm.str("")));
    }
    let unit = s[pos as usize];
    Ok(vm.string_value(vec![unit]))
}

/// String.prototype.charCodeAt(pos) <https://tc39.es/ecma262/#sec-string.prototype.charcodeat>
pub fn char_code_at(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_str(vm, args)?;
    let pos = ops::to_integer_or_infinity(vm, args.get(vm, 0))?;
    let s = this.units(vm);
    if pos < 0.0 || pos >= s.len() as f64 {
        return Ok(Value::Number(f64::NAN));
    }
    Ok(Value::Number(s[pos as usize] as f64))
}

/// CodePointAt(string, position): (code point, code unit count).
/// <https://tc39.es/ecma262/#sec-codepointat>
pub fn code_point_at_units(s: &[u16], i: usize) -> (u32, usize) {
    let first = s[i] as u32;
    if !(0xD800..0xDC00).contains(&first) || i + 1 == s.len() {
        return (first, 1);
    }
    let second = s[i + 1] as u32;
    if !(0xDC00..0xE000).contains(&second) {
        return (first, 1);
    }
    (((first - 0xD800) << 10) + (second - 0xDC00) + 0x10000, 2)
}

/// String.prototype.codePointAt(pos) <https://tc39.es/ecma262/#sec-string.prototype.codepointat>
pub fn code_point_at(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_str(vm, args)?;
    let pos = ops::to_integer_or_infinity(vm, args.get(vm, 0))?;
    let s = this.units(vm);
    if pos < 0.0 || pos >= s.len() as f64 {
        return Ok(Value::Undefined);
    }
    Ok(Value::Number(code_point_at_units(s, pos as usize).0 as f64))
}

/// String.prototype.concat(...args) <https://tc39.es/ecma262/#sec-string.prototype.concat>
pub fn concat(vm: &mut Vm, args: Args) -> JsResult {
    let mut r = this_string(vm, args)?;
    for i in 0..args.len() {
        let next = args.get(vm, i);
        r.extend(to_units(vm, next)?);
        check_length(vm, r.len())?;
    }
    Ok(vm.string_value(r))
}

/// StringIndexOf(string, searchValue, fromIndex). <https://tc39.es/ecma262/#sec-stringindexof>
pub fn string_index_of(haystack: &[u16], needle: &[u16], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return (from <= haystack.len()).then_some(from);
    }
    if needle.len() > haystack.len() {
        return None;
    }
    (from..=haystack.len() - needle.len()).find(|&i| haystack[i..].starts_with(needle))
}

/// Throws the TypeError of `startsWith`/`endsWith`/`includes` when the search is a RegExp.
fn reject_regexp(vm: &mut Vm, v: Value, name: &str) -> JsResult<()> {
    if regexp::is_regexp(vm, v)? {
        return Err(vm.type_error(format!(
            "First argument to String.prototype.{name} must not be a regular expression"
        )));
    }
    Ok(())
}

/// String.prototype.endsWith(searchString, endPosition)
/// <https://tc39.es/ecma262/#sec-string.prototype.endswith>
pub fn ends_with(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_str(vm, args)?;
    // 3-4. If ? IsRegExp(searchString) is true, throw a TypeError.
    reject_regexp(vm, args.get(vm, 0), "endsWith")?;
    // 5. Let searchStr be ? ToString(searchString).
    let search = to_units(vm, args.get(vm, 0))?;
    // 6-8. end is the clamped endPosition (len when undefined).
    let len = this.units(vm).len() as f64;
    let end_pos = args.get(vm, 1);
    let pos = if end_pos.is_undefined() {
        len
    } else {
        ops::to_integer_or_infinity(vm, end_pos)?
    };
    let s = this.units(vm);
    let end = pos.clamp(0.0, len) as usize;
    // 9-13. Compare the searchLength code units before end.
    if search.is_empty() {
        return Ok(Value::Boolean(true));
    }
    if search.len() > end {
        return Ok(Value::Boolean(false));
    }
    Ok(Value::Boolean(s[end - search.len()..end] == search[..]))
}

/// String.prototype.includes(searchString, position)
/// <https://tc39.es/ecma262/#sec-string.prototype.includes>
pub fn includes(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_str(vm, args)?;
    reject_regexp(vm, args.get(vm, 0), "includes")?;
    let search = to_units(vm, args.get(vm, 0))?;
    let pos = ops::to_integer_or_infinity(vm, args.get(vm, 1))?;
    let s = this.units(vm);
    let start = pos.clamp(0.0, s.len() as f64) as usize;
    Ok(Value::Boolean(string_index_of(s, &search, start).is_some()))
}

/// String.prototype.indexOf(searchString, position)
/// <https://tc39.es/ecma262/#sec-string.prototype.indexof>
pub fn index_of(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_str(vm, args)?;
    let search = to_units(vm, args.get(vm, 0))?;
    let pos = ops::to_integer_or_infinity(vm, args.get(vm, 1))?;
    let s = this.units(vm);
    let start = pos.clamp(0.0, s.len() as f64) as usize;
    Ok(Value::Number(
        string_index_of(s, &search, start).map_or(-1.0, |i| i as f64),
    ))
}

/// String.prototype.lastIndexOf(searchString, position)
/// <https://tc39.es/ecma262/#sec-string.prototype.lastindexof>
pub fn last_index_of(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_str(vm, args)?;
    // 3. Let searchStr be ? ToString(searchString).
    let search = to_units(vm, args.get(vm, 0))?;
    // 4-5. pos is +∞ when ToNumber(position) is NaN, else its integer part.
    let num_pos = ops::to_number(vm, args.get(vm, 1))?;
    let s = this.units(vm);
    let pos = if num_pos.is_nan() {
        f64::INFINITY
    } else {
        num_pos.trunc()
    };
    // 6-9. start is the clamped position; search backwards from there.
    let len = s.len();
    let start = pos.clamp(0.0, len as f64) as usize;
    if search.len() > len {
        return Ok(Value::Number(-1.0));
    }
    let from = start.min(len - search.len());
    let found = (0..=from).rev().find(|&i| s[i..].starts_with(&search));
    Ok(Value::Number(found.map_or(-1.0, |i| i as f64)))
}

/// String.prototype.localeCompare(that)
/// <https://tc39.es/ecma262/#sec-string.prototype.localecompare>
///
/// Without a locale library this compares the canonical (NFC) forms by code unit, so
/// canonically equivalent strings compare equal, as the spec requires.
pub fn locale_compare(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_string(vm, args)?;
    let that = to_units(vm, args.get(vm, 0))?;
    let (a, b) = (normalize_units(&s, "NFC"), normalize_units(&that, "NFC"));
    Ok(Value::Number(match a.cmp(&b) {
        std::cmp::Ordering::Less => -1.0,
        std::cmp::Ordering::Equal => 0.0,
        std::cmp::Ordering::Greater => 1.0,
    }))
}

/// Calls `regexp[sym](...)` when `regexp` is an Object and has that method:
/// the delegation step of `match`, `matchAll`, `replace`, `replaceAll`, `search` and `split`.
fn delegate(
    vm: &mut Vm,
    args: Args,
    sym: WellKnown,
    extra: Option<usize>,
) -> JsResult<Option<Value>> {
    // (Only objects are asked: primitives' prototype methods are not looked up.)
    let regexp = args.get(vm, 0);
    if !matches!(regexp, Value::Object(_)) {
        return Ok(None);
    }
    let key = crate::realm::symbol_key(vm, sym);
    let Some(m) = ops::get_method(vm, regexp, key)? else {
        return Ok(None);
    };
    let (regexp, o) = (args.get(vm, 0), args.this(vm));
    let mut call_args = vec![o];
    if let Some(i) = extra {
        call_args.push(args.get(vm, i));
    }
    Ok(Some(ops::call(vm, m, regexp, &call_args)?))
}

/// RegExpCreate(regexp, flags) then Invoke(rx, sym, « S »): the fallback of `match`,
/// `matchAll` and `search`.
fn invoke_on_new_regexp(vm: &mut Vm, args: Args, flags: Option<&str>, sym: WellKnown) -> JsResult {
    let o = args.this(vm);
    let s = ops::to_string(vm, o)?;
    with_roots(vm, &[Value::String(s)], |vm, base| {
        let flags = match flags {
            Some(f) => vm.string_from(f),
            None => Value::Undefined,
        };
        let rx = regexp::regexp_create(vm, args.get(vm, 0), flags)?;
        let key = crate::realm::symbol_key(vm, sym);
        let s = vm.rooted(base);
        ops::invoke(vm, rx, key, &[s])
    })
}

/// String.prototype.match(regexp) <https://tc39.es/ecma262/#sec-string.prototype.match>
pub fn match_(vm: &mut Vm, args: Args) -> JsResult {
    ops::require_object_coercible(vm, args.this(vm))?;
    if let Some(v) = delegate(vm, args, WellKnown::Match, None)? {
        return Ok(v);
    }
    invoke_on_new_regexp(vm, args, None, WellKnown::Match)
}

/// String.prototype.matchAll(regexp) <https://tc39.es/ecma262/#sec-string.prototype.matchall>
pub fn match_all(vm: &mut Vm, args: Args) -> JsResult {
    ops::require_object_coercible(vm, args.this(vm))?;
    require_global_flag(vm, args, "matchAll")?;
    if let Some(v) = delegate(vm, args, WellKnown::MatchAll, None)? {
        return Ok(v);
    }
    invoke_on_new_regexp(vm, args, Some("g"), WellKnown::MatchAll)
}

/// The IsRegExp check of `matchAll` and `replaceAll`: a RegExp search value must be global.
fn require_global_flag(vm: &mut Vm, args: Args, name: &str) -> JsResult<()> {
    let v = args.get(vm, 0);
    if v.is_nullish() || !regexp::is_regexp(vm, v)? {
        return Ok(());
    }
    let Value::Object(o) = args.get(vm, 0) else {
        return Ok(());
    };
    // i. Let flags be ? Get(searchValue, "flags").
    let flags = ops::get_str(vm, o, "flags")?;
    // ii. Perform ? RequireObjectCoercible(flags).
    ops::require_object_coercible(vm, flags)?;
    // iii. If ? ToString(flags) does not contain "g", throw a TypeError.
    let f = to_units(vm, flags)?;
    if !f.contains(&(b'g' as u16)) {
        return Err(vm.type_error(format!(
            "String.prototype.{name} called with a non-global RegExp argument"
        )));
    }
    Ok(())
}

/// Normalizes UTF-16 text; lone surrogates are kept as they are.
fn normalize_units(s: &[u16], form: &str) -> Vec<u16> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut Vec<u16>| {
        let normalized: String = match form {
            "NFC" => run.nfc().collect(),
            "NFD" => run.nfd().collect(),
            "NFKC" => run.nfkc().collect(),
            _ => run.nfkd().collect(),
        };
        out.extend(normalized.encode_utf16());
        run.clear();
    };
    for r in char::decode_utf16(s.iter().copied()) {
        match r {
            Ok(c) => run.push(c),
            Err(e) => {
                flush(&mut run, &mut out);
                out.push(e.unpaired_surrogate());
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

/// String.prototype.normalize(form) <https://tc39.es/ecma262/#sec-string.prototype.normalize>
pub fn normalize(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_string(vm, args)?;
    // 3-4. Let f be "NFC" when form is undefined, else ? ToString(form).
    let form = args.get(vm, 0);
    let f = if form.is_undefined() {
        "NFC".to_string()
    } else {
        ops::to_rust_string(vm, form)?
    };
    // 5. If f is not one of "NFC", "NFD", "NFKC", or "NFKD", throw a RangeError.
    if !matches!(f.as_str(), "NFC" | "NFD" | "NFKC" | "NFKD") {
        return Err(vm.range_error("The normalization form should be one of NFC, NFD, NFKC, NFKD."));
    }
    let out = normalize_units(&s, &f);
    Ok(vm.string_value(out))
}

/// StringPaddingBuiltinsImpl(O, maxLength, fillString, placement).
/// <https://tc39.es/ecma262/#sec-stringpaddingbuiltinsimpl>
fn string_pad(vm: &mut Vm, args: Args, at_start: bool) -> JsResult {
    let s = this_string(vm, args)?;
    // 3. Let intMaxLength be ℝ(? ToLength(maxLength)).
    let max_length = ops::to_length(vm, args.get(vm, 0))?;
    // 5. If intMaxLength ≤ stringLength, return S.
    if max_length <= s.len() as f64 {
        return Ok(vm.string_value(s));
    }
    // 6-7. fillString is " " when undefined, else ? ToString(fillString).
    let fill = args.get(vm, 1);
    let fill = if fill.is_undefined() {
        vec![b' ' as u16]
    } else {
        to_units(vm, fill)?
    };
    // StringPad 3. If fillString is the empty String, return S.
    if fill.is_empty() {
        return Ok(vm.string_value(s));
    }
    check_length(vm, max_length as usize)?;
    // 4-6. The truncated filler, before or after S.
    let fill_len = max_length as usize - s.len();
    let filler: Vec<u16> = fill.iter().copied().cycle().take(fill_len).collect();
    let out = if at_start {
        [filler, s].concat()
    } else {
        [s, filler].concat()
    };
    Ok(vm.string_value(out))
}

/// String.prototype.padEnd(maxLength, fillString)
/// <https://tc39.es/ecma262/#sec-string.prototype.padend>
pub fn pad_end(vm: &mut Vm, args: Args) -> JsResult {
    string_pad(vm, args, false)
}

/// String.prototype.padStart(maxLength, fillString)
/// <https://tc39.es/ecma262/#sec-string.prototype.padstart>
pub fn pad_start(vm: &mut Vm, args: Args) -> JsResult {
    string_pad(vm, args, true)
}

/// String.prototype.repeat(count) <https://tc39.es/ecma262/#sec-string.prototype.repeat>
pub fn repeat(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_string(vm, args)?;
    // 3. Let n be ? ToIntegerOrInfinity(count).
    let n = ops::to_integer_or_infinity(vm, args.get(vm, 0))?;
    // 4-5. If n < 0 or n = +∞, throw a RangeError.
    if n < 0.0 || n == f64::INFINITY {
        return Err(vm.range_error("Invalid count value"));
    }
    // 6. If n = 0, return the empty String.
    if n == 0.0 || s.is_empty() {
        return Ok(vm.string_value(Vec::new()));
    }
    if n * s.len() as f64 > MAX_STRING_LENGTH as f64 {
        return Err(vm.range_error("Invalid string length"));
    }
    // 7. Return the String value made from n copies of S appended together.
    // (A unit of fuel per BULK_UNITS_PER_TICK units made, and a poll of the limits.)
    let made = n as usize * s.len();
    vm.tick_n((made / crate::BULK_UNITS_PER_TICK) as u32)?;
    Ok(vm.string_value(s.repeat(n as usize)))
}

/// String.prototype.replace(searchValue, replaceValue)
/// <https://tc39.es/ecma262/#sec-string.prototype.replace>
pub fn replace(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let O be ? RequireObjectCoercible(this value).
    ops::require_object_coercible(vm, args.this(vm))?;
    // 2. Delegate to searchValue[@@replace] when there is one.
    if let Some(v) = delegate(vm, args, WellKnown::Replace, Some(1))? {
        return Ok(v);
    }
    // 3-4. Let string be ? ToString(O); searchString be ? ToString(searchValue).
    let string = this_string(vm, args)?;
    let search = to_units(vm, args.get(vm, 0))?;
    // 5-6. functionalReplace, else replaceValue = ? ToString(replaceValue).
    let replace_value = args.get(vm, 1);
    let functional = ops::is_callable(vm, replace_value);
    let template = if functional {
        Vec::new()
    } else {
        to_units(vm, replace_value)?
    };
    // 8. Let position be StringIndexOf(string, searchString, 0); if -1, return string.
    let Some(position) = string_index_of(&string, &search, 0) else {
        return Ok(vm.string_value(string));
    };
    // 10-12. The replacement: the function's result, or GetSubstitution.
    let replacement = if functional {
        let sv = vm.string_value(search.clone());
        let strv = vm.string_value(string.clone());
        let f = args.get(vm, 1);
        let r = ops::call(
            vm,
            f,
            Value::Undefined,
            &[sv, Value::Number(position as f64), strv],
        )?;
        to_units(vm, r)?
    } else {
        regexp::get_substitution(vm, &search, &string, position, &[], None, &template)?
    };
    // 13. Return preceding + replacement + following.
    let mut out = string[..position].to_vec();
    out.extend(replacement);
    out.extend_from_slice(&string[position + search.len()..]);
    check_length(vm, out.len())?;
    Ok(vm.string_value(out))
}

/// String.prototype.replaceAll(searchValue, replaceValue)
/// <https://tc39.es/ecma262/#sec-string.prototype.replaceall>
pub fn replace_all(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let O be ? RequireObjectCoercible(this value).
    ops::require_object_coercible(vm, args.this(vm))?;
    // 2.a-b. A RegExp searchValue must have the "g" flag.
    require_global_flag(vm, args, "replaceAll")?;
    // 2.c-d. Delegate to searchValue[@@replace] when there is one.
    if let Some(v) = delegate(vm, args, WellKnown::Replace, Some(1))? {
        return Ok(v);
    }
    // 3-4. Let string be ? ToString(O); searchString be ? ToString(searchValue).
    let string = this_string(vm, args)?;
    let search = to_units(vm, args.get(vm, 0))?;
    // 5-6. functionalReplace, else replaceValue = ? ToString(replaceValue).
    let replace_value = args.get(vm, 1);
    let functional = ops::is_callable(vm, replace_value);
    let template = if functional {
        Vec::new()
    } else {
        to_units(vm, replace_value)?
    };
    // 7-11. Collect the match positions, advancing by max(1, searchLength).
    let advance_by = search.len().max(1);
    let mut positions = Vec::new();
    let mut position = string_index_of(&string, &search, 0);
    while let Some(p) = position {
        positions.push(p);
        position = string_index_of(&string, &search, p + advance_by);
    }
    // 12-15. Build the result.
    let mut end_of_last_match = 0;
    let mut result: Vec<u16> = Vec::new();
    for p in positions {
        result.extend_from_slice(&string[end_of_last_match..p]);
        let replacement = if functional {
            let sv = vm.string_value(search.clone());
            let strv = vm.string_value(string.clone());
            let f = args.get(vm, 1);
            let r = ops::call(
                vm,
                f,
                Value::Undefined,
                &[sv, Value::Number(p as f64), strv],
            )?;
            to_units(vm, r)?
        } else {
            regexp::get_substitution(vm, &search, &string, p, &[], None, &template)?
        };
        result.extend(replacement);
        check_length(vm, result.len())?;
        end_of_last_match = p + search.len();
    }
    if end_of_last_match < string.len() {
        result.extend_from_slice(&string[end_of_last_match..]);
    }
    Ok(vm.string_value(result))
}

/// String.prototype.search(regexp) <https://tc39.es/ecma262/#sec-string.prototype.search>
pub fn search(vm: &mut Vm, args: Args) -> JsResult {
    ops::require_object_coercible(vm, args.this(vm))?;
    if let Some(v) = delegate(vm, args, WellKnown::Search, None)? {
        return Ok(v);
    }
    invoke_on_new_regexp(vm, args, None, WellKnown::Search)
}

/// String.prototype.slice(start, end) <https://tc39.es/ecma262/#sec-string.prototype.slice>
pub fn slice(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_str(vm, args)?;
    let len = this.units(vm).len() as f64;
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
    let part = this.units(vm)[from as usize..to as usize].to_vec();
    Ok(vm.string_value(part))
}

/// String.prototype.split(separator, limit) <https://tc39.es/ecma262/#sec-string.prototype.split>
pub fn split(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let O be ? RequireObjectCoercible(this value).
    ops::require_object_coercible(vm, args.this(vm))?;
    // 2. Delegate to separator[@@split] when there is one.
    if let Some(v) = delegate(vm, args, WellKnown::Split, Some(1))? {
        return Ok(v);
    }
    // 3. Let S be ? ToString(O).
    let s = this_string(vm, args)?;
    // 4. Let lim be 2^32 - 1 when limit is undefined, else ℝ(? ToUint32(limit)).
    let limit = args.get(vm, 1);
    let lim = if limit.is_undefined() {
        u32::MAX
    } else {
        ops::to_uint32(vm, limit)?
    } as usize;
    // 5. Let R be ? ToString(separator).
    let sep_v = args.get(vm, 0);
    let r = to_units(vm, sep_v)?;
    // 6. If lim = 0, return CreateArrayFromList(« »).
    if lim == 0 {
        return Ok(Value::Object(ops::create_array_from_list(vm, &[])));
    }
    // 7. If separator is undefined, return CreateArrayFromList(« S »).
    if args.get(vm, 0).is_undefined() {
        let v = vm.string_value(s);
        return Ok(Value::Object(ops::create_array_from_list(vm, &[v])));
    }
    let mut parts: Vec<Vec<u16>> = Vec::new();
    if r.is_empty() {
        // 9. An empty separator splits S into its first lim code units.
        parts = s.iter().take(lim).map(|&u| vec![u]).collect();
    } else if s.is_empty() {
        // 10. If S is the empty String, return CreateArrayFromList(« S »).
        parts.push(s);
    } else {
        // 11-16. Split at each occurrence of R.
        let mut i = 0;
        let mut j = string_index_of(&s, &r, 0);
        while let Some(jj) = j {
            parts.push(s[i..jj].to_vec());
            if parts.len() == lim {
                break;
            }
            i = jj + r.len();
            j = string_index_of(&s, &r, i);
        }
        if parts.len() < lim {
            parts.push(s[i..].to_vec());
        }
    }
    let values: Vec<Value> = parts.into_iter().map(|p| vm.string_value(p)).collect();
    Ok(Value::Object(ops::create_array_from_list(vm, &values)))
}

/// String.prototype.startsWith(searchString, position)
/// <https://tc39.es/ecma262/#sec-string.prototype.startswith>
pub fn starts_with(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_str(vm, args)?;
    reject_regexp(vm, args.get(vm, 0), "startsWith")?;
    let search = to_units(vm, args.get(vm, 0))?;
    let pos = ops::to_integer_or_infinity(vm, args.get(vm, 1))?;
    let s = this.units(vm);
    let start = pos.clamp(0.0, s.len() as f64) as usize;
    if search.is_empty() {
        return Ok(Value::Boolean(true));
    }
    let end = start + search.len();
    if end > s.len() {
        return Ok(Value::Boolean(false));
    }
    Ok(Value::Boolean(s[start..end] == search[..]))
}

/// String.prototype.substr(start, length) (Annex B)
/// <https://tc39.es/ecma262/#sec-string.prototype.substr>
pub fn substr(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_str(vm, args)?;
    let size = this.units(vm).len() as f64;
    // 4-8. intStart, clamped into [0, size] (negative counts from the end).
    let int_start = ops::to_integer_or_infinity(vm, args.get(vm, 0))?;
    let int_start = if int_start == f64::NEG_INFINITY {
        0.0
    } else if int_start < 0.0 {
        (size + int_start).max(0.0)
    } else {
        int_start.min(size)
    };
    // 9-10. intLength: size when length is undefined, clamped into [0, size].
    let length = args.get(vm, 1);
    let int_length = if length.is_undefined() {
        size
    } else {
        ops::to_integer_or_infinity(vm, length)?
    };
    let int_length = int_length.clamp(0.0, size);
    // 11-12. Return the substring from intStart to min(intStart + intLength, size).
    let int_end = (int_start + int_length).min(size);
    if int_start >= int_end {
        return Ok(vm.string_value(Vec::new()));
    }
    let part = this.units(vm)[int_start as usize..int_end as usize].to_vec();
    Ok(vm.string_value(part))
}

/// String.prototype.substring(start, end) <https://tc39.es/ecma262/#sec-string.prototype.substring>
pub fn substring(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_str(vm, args)?;
    let len = this.units(vm).len() as f64;
    let start = ops::to_integer_or_infinity(vm, args.get(vm, 0))?.clamp(0.0, len);
    let end = args.get(vm, 1);
    let end = if end.is_undefined() {
        len
    } else {
        ops::to_integer_or_infinity(vm, end)?.clamp(0.0, len)
    };
    let (from, to) = (start.min(end) as usize, start.max(end) as usize);
    let part = this.units(vm)[from..to].to_vec();
    Ok(vm.string_value(part))
}

/// Maps the valid runs of UTF-16 text through `f`; lone surrogates are kept.
fn map_text(s: &[u16], f: impl Fn(&str) -> String) -> Vec<u16> {
    let mut out = Vec::with_capacity(s.len());
    let mut run = String::new();
    for r in char::decode_utf16(s.iter().copied()) {
        match r {
            Ok(c) => run.push(c),
            Err(e) => {
                out.extend(f(&run).encode_utf16());
                run.clear();
                out.push(e.unpaired_surrogate());
            }
        }
    }
    out.extend(f(&run).encode_utf16());
    out
}

/// String.prototype.toUpperCase() <https://tc39.es/ecma262/#sec-string.prototype.touppercase>
/// (full Unicode default case conversion).
pub fn to_upper_case(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_string(vm, args)?;
    let t = map_text(&s, str::to_uppercase);
    Ok(vm.string_value(t))
}

/// String.prototype.toLowerCase() <https://tc39.es/ecma262/#sec-string.prototype.tolowercase>
/// (full Unicode default case conversion, with the final-sigma rule).
pub fn to_lower_case(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_string(vm, args)?;
    let t = map_text(&s, str::to_lowercase);
    Ok(vm.string_value(t))
}

/// String.prototype.isWellFormed() <https://tc39.es/ecma262/#sec-string.prototype.iswellformed>
pub fn is_well_formed(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_string(vm, args)?;
    Ok(Value::Boolean(
        char::decode_utf16(s.iter().copied()).all(|r| r.is_ok()),
    ))
}

/// String.prototype.toWellFormed() <https://tc39.es/ecma262/#sec-string.prototype.towellformed>
pub fn to_well_formed(vm: &mut Vm, args: Args) -> JsResult {
    let s = this_string(vm, args)?;
    let mut out = Vec::with_capacity(s.len());
    for r in char::decode_utf16(s.iter().copied()) {
        match r {
            Ok(c) => push_code_point(&mut out, c as u32),
            Err(_) => out.push(0xFFFD),
        }
    }
    Ok(vm.string_value(out))
}

/// Is `u` WhiteSpace or a LineTerminator? <https://tc39.es/ecma262/#sec-white-space>
pub fn is_trimmable(u: u16) -> bool {
    matches!(
        u,
        0x09 | 0x0A | 0x0B | 0x0C | 0x0D | 0x20 | 0xA0 | 0x1680 | 0x2000
            ..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 | 0xFEFF
    )
}

/// TrimString(string, where). <https://tc39.es/ecma262/#sec-trimstring>
fn trim_string(vm: &mut Vm, args: Args, start: bool, end: bool) -> JsResult {
    let s = this_string(vm, args)?;
    let mut from = 0;
    let mut to = s.len();
    if start {
        while from < to && is_trimmable(s[from]) {
            from += 1;
        }
    }
    if end {
        while to > from && is_trimmable(s[to - 1]) {
            to -= 1;
        }
    }
    Ok(vm.string_value(s[from..to].to_vec()))
}

/// String.prototype.trim() <https://tc39.es/ecma262/#sec-string.prototype.trim>
pub fn trim(vm: &mut Vm, args: Args) -> JsResult {
    trim_string(vm, args, true, true)
}

/// String.prototype.trimStart() <https://tc39.es/ecma262/#sec-string.prototype.trimstart>
pub fn trim_start(vm: &mut Vm, args: Args) -> JsResult {
    trim_string(vm, args, true, false)
}

/// String.prototype.trimEnd() <https://tc39.es/ecma262/#sec-string.prototype.trimend>
pub fn trim_end(vm: &mut Vm, args: Args) -> JsResult {
    trim_string(vm, args, false, true)
}

/// CreateHTML(string, tag, attribute, value) (Annex B). <https://tc39.es/ecma262/#sec-createhtml>
fn create_html(vm: &mut Vm, args: Args, tag: &str, attribute: &str) -> JsResult {
    // 1-2. Let str be ? RequireObjectCoercible(string); S be ? ToString(str).
    let s = this_string(vm, args)?;
    // 3. Let p1 be "<" + tag.
    let mut out: Vec<u16> = format!("<{tag}").encode_utf16().collect();
    // 4. If attribute is not the empty String, append ` attribute="escapedV"`.
    if !attribute.is_empty() {
        let v = to_units(vm, args.get(vm, 0))?;
        out.extend(format!(" {attribute}=\"").encode_utf16());
        for u in v {
            if u == b'"' as u16 {
                out.extend("&quot;".encode_utf16());
            } else {
                out.push(u);
            }
        }
        out.push(b'"' as u16);
    }
    // 5-8. Return p1 + ">" + S + "</" + tag + ">".
    out.push(b'>' as u16);
    out.extend(s);
    out.extend(format!("</{tag}>").encode_utf16());
    Ok(vm.string_value(out))
}

pub fn anchor(vm: &mut Vm, args: Args) -> JsResult {
    create_html(vm, args, "a", "name")
}
pub fn big(vm: &mut Vm, args: Args) -> JsResult {
    create_html(vm, args, "big", "")
}
pub fn blink(vm: &mut Vm, args: Args) -> JsResult {
    create_html(vm, args, "blink", "")
}
pub fn bold(vm: &mut Vm, args: Args) -> JsResult {
    create_html(vm, args, "b", "")
}
pub fn fixed(vm: &mut Vm, args: Args) -> JsResult {
    create_html(vm, args, "tt", "")
}
pub fn fontcolor(vm: &mut Vm, args: Args) -> JsResult {
    create_html(vm, args, "font", "color")
}
pub fn fontsize(vm: &mut Vm, args: Args) -> JsResult {
    create_html(vm, args, "font", "size")
}
pub fn italics(vm: &mut Vm, args: Args) -> JsResult {
    create_html(vm, args, "i", "")
}
pub fn link(vm: &mut Vm, args: Args) -> JsResult {
    create_html(vm, args, "a", "href")
}
pub fn small(vm: &mut Vm, args: Args) -> JsResult {
    create_html(vm, args, "small", "")
}
pub fn strike(vm: &mut Vm, args: Args) -> JsResult {
    create_html(vm, args, "strike", "")
}
pub fn sub(vm: &mut Vm, args: Args) -> JsResult {
    create_html(vm, args, "sub", "")
}
pub fn sup(vm: &mut Vm, args: Args) -> JsResult {
    create_html(vm, args, "sup", "")
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
