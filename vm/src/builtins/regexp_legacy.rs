//! The legacy static properties of RegExp: `RegExp.$1`-`$9`, `input` (`$_`), `lastMatch`
//! (`$&`), `lastParen` (`$+`), `leftContext` (`` $` ``), `rightContext` (`$'`).
//! <https://github.com/tc39/proposal-regexp-legacy-features>
//!
//! The proposal gives %RegExp% internal slots for them. Here they are plain values in the
//! native slots of each realm's %RegExp% object (so they are per realm and survive heap
//! images): the input, and the last match as its subject string and code unit ranges, from
//! which the getters cut the substrings (a match costs no string allocation). A slot holding
//! `Empty` is the proposal's ~empty~ (invalidated) value.

use super::accessor;
use crate::natives::NativeId;
use crate::ops;
use crate::realm::Intrinsic;
use crate::{Args, JsResult, Vm};
use amber_heap::{Handle, JsString, Object, ObjectKind, Value};
use std::ops::Range;

/// [[RegExpInput]]: a string, or `Empty`.
const INPUT: usize = 0;
/// The subject string of the last match, or `Empty` when invalidated.
const SUBJECT: usize = 1;
/// The range of [[RegExpLastMatch]], two numbers.
const LAST_MATCH: usize = 2;
/// The range of [[RegExpLastParen]], two numbers (-1 for the empty string).
const LAST_PAREN: usize = 4;
/// The ranges of [[RegExpParen1]]-[[RegExpParen9]], two numbers each.
const PARENS: usize = 6;
const SLOT_COUNT: usize = PARENS + 2 * 9;

/// Which legacy static property an accessor reads.
#[derive(Clone, Copy)]
enum Property {
    Input,
    LastMatch,
    LastParen,
    LeftContext,
    RightContext,
    Paren(usize),
}

pub fn init(vm: &mut Vm) {
    let c = vm.intrinsic(Intrinsic::RegExp);
    // The initial value of every slot is the empty String.
    let empty = vm.string_from("");
    let mut slots = vec![Value::Number(-1.0); SLOT_COUNT];
    slots[INPUT] = empty;
    slots[SUBJECT] = empty;
    slots[LAST_MATCH] = Value::Number(0.0);
    slots[LAST_MATCH + 1] = Value::Number(0.0);
    if let ObjectKind::Native(n) = &mut vm.heap.get_mut(c).kind {
        n.slots = slots.into();
    }
    // Each long name and its `$` alias share one getter (and setter), named after the long
    // name: a built-in function's `toString` must give a NativeFunction whose name is a
    // PropertyName, which `get $&` is not.
    let long_and_alias: &[(&str, &str, NativeId, Option<NativeId>)] = &[
        (
            "input",
            "$_",
            NativeId::RegExpInputGetter,
            Some(NativeId::RegExpInputSetter),
        ),
        ("lastMatch", "$&", NativeId::RegExpLastMatchGetter, None),
        ("lastParen", "$+", NativeId::RegExpLastParenGetter, None),
        ("leftContext", "$`", NativeId::RegExpLeftContextGetter, None),
        (
            "rightContext",
            "$'",
            NativeId::RegExpRightContextGetter,
            None,
        ),
    ];
    for &(name, alias, get, set) in long_and_alias {
        let key = vm.key(name);
        accessor(vm, c, key, name, Some(get), set);
        let Some(property) = vm.heap.get_property(c, key) else {
            continue;
        };
        let alias = vm.key(alias);
        crate::object::add_property(
            vm,
            c,
            amber_heap::Property {
                key: alias,
                ..property
            },
        );
    }
    let getters: &[(&str, NativeId)] = &[
        ("$1", NativeId::RegExpParen1Getter),
        ("$2", NativeId::RegExpParen2Getter),
        ("$3", NativeId::RegExpParen3Getter),
        ("$4", NativeId::RegExpParen4Getter),
        ("$5", NativeId::RegExpParen5Getter),
        ("$6", NativeId::RegExpParen6Getter),
        ("$7", NativeId::RegExpParen7Getter),
        ("$8", NativeId::RegExpParen8Getter),
        ("$9", NativeId::RegExpParen9Getter),
    ];
    for &(name, get) in getters {
        let key = vm.key(name);
        accessor(vm, c, key, name, Some(get), None);
    }
}

/// The current realm's %RegExp%, whose slots hold the properties.
fn regexp_constructor(vm: &Vm) -> Handle<Object> {
    vm.intrinsic(Intrinsic::RegExp)
}

fn slots_mut(vm: &mut Vm) -> Option<&mut [Value]> {
    let c = regexp_constructor(vm);
    match &mut vm.heap.get_mut(c).kind {
        ObjectKind::Native(n) if n.slots.len() == SLOT_COUNT => Some(&mut n.slots),
        _ => None,
    }
}

fn slot(vm: &Vm, i: usize) -> Value {
    let c = regexp_constructor(vm);
    match &vm.heap.get(c).kind {
        ObjectKind::Native(n) => n.slots.get(i).copied().unwrap_or(Value::Empty),
        _ => Value::Empty,
    }
}

fn range(vm: &Vm, i: usize) -> Option<Range<usize>> {
    match (slot(vm, i), slot(vm, i + 1)) {
        (Value::Number(a), Value::Number(b)) if a >= 0.0 && b >= a => Some(a as usize..b as usize),
        _ => None,
    }
}

fn store_range(slots: &mut [Value], i: usize, r: Option<&Range<usize>>) {
    let (a, b) = r.map_or((-1.0, -1.0), |r| (r.start as f64, r.end as f64));
    slots[i] = Value::Number(a);
    slots[i + 1] = Value::Number(b);
}

/// The legacy part of RegExpBuiltinExec after a match of `r` on `subject`: update the current
/// realm's properties if `r` belongs to it and has legacy features, invalidate them if it
/// belongs to it without (a subclass instance); leave them alone for another realm's RegExp.
/// `captures[0]` is the whole match.
/// <https://github.com/tc39/proposal-regexp-legacy-features#regexpbuiltinexec--r-s->
pub(crate) fn after_match(
    vm: &mut Vm,
    r: Handle<Object>,
    subject: Handle<JsString>,
    captures: &[Option<Range<usize>>],
) {
    let (realm, legacy) = match &vm.heap.get(r).kind {
        ObjectKind::RegExp(d) => (d.realm, d.legacy),
        _ => return,
    };
    // Let thisRealm be the current Realm Record; if SameValue(thisRealm, rRealm) is true,
    if realm != Some(vm.current_realm()) {
        return;
    }
    let Some(slots) = slots_mut(vm) else {
        return;
    };
    if !legacy {
        // InvalidateLegacyRegExpStaticProperties(%RegExp%).
        slots.fill(Value::Empty);
        return;
    }
    // UpdateLegacyRegExpStaticProperties(%RegExp%, S, startIndex, endIndex, capturedValues).
    slots[INPUT] = Value::String(subject);
    slots[SUBJECT] = Value::String(subject);
    store_range(slots, LAST_MATCH, captures.first().and_then(|c| c.as_ref()));
    // [[RegExpLastParen]]: the last captured value, or the empty String without groups.
    let last_paren = if captures.len() > 1 {
        captures.last().and_then(|c| c.as_ref())
    } else {
        None
    };
    store_range(slots, LAST_PAREN, last_paren);
    for n in 0..9 {
        let c = captures.get(n + 1).and_then(|c| c.as_ref());
        store_range(slots, PARENS + 2 * n, c);
    }
}

/// RegExp.prototype.compile's legacy checks: O.[[Realm]] must be the current realm and
/// O.[[LegacyFeaturesEnabled]] true.
/// <https://github.com/tc39/proposal-regexp-legacy-features#regexpprototypecompile--pattern-flags->
pub(crate) fn check_compile(vm: &mut Vm, o: Value) -> JsResult<()> {
    let Value::Object(o) = o else {
        return Ok(());
    };
    let (realm, legacy) = match &vm.heap.get(o).kind {
        ObjectKind::RegExp(d) => (d.realm, d.legacy),
        _ => return Ok(()),
    };
    if realm != Some(vm.current_realm()) {
        return Err(vm.type_error("RegExp.prototype.compile called on a RegExp of another realm"));
    }
    if !legacy {
        return Err(vm.type_error("RegExp.prototype.compile called on a RegExp subclass instance"));
    }
    Ok(())
}

/// The receiver check of GetLegacyRegExpStaticProperty and SetLegacyRegExpStaticProperty:
/// SameValue(C, thisValue), where C is the current realm's %RegExp%.
fn check_receiver(vm: &mut Vm, args: Args) -> JsResult<()> {
    let c = regexp_constructor(vm);
    if args.this(vm) != Value::Object(c) {
        return Err(vm.type_error(
            "RegExp legacy static properties are only available on the RegExp constructor",
        ));
    }
    Ok(())
}

/// GetLegacyRegExpStaticProperty(%RegExp%, this value, internalSlotName).
/// <https://github.com/tc39/proposal-regexp-legacy-features#getlegacyregexpstaticproperty-c-thisvalue-internalslotname->
fn get_legacy(vm: &mut Vm, args: Args, property: Property) -> JsResult {
    // 2. If SameValue(C, thisValue) is false, throw a TypeError exception.
    check_receiver(vm, args)?;
    // 3-4. Let val be C.[[internalSlotName]]; if it is empty, throw a TypeError exception.
    if let Property::Input = property {
        return match slot(vm, INPUT) {
            Value::String(s) => Ok(Value::String(s)),
            _ => Err(vm.type_error("RegExp legacy static properties are invalidated")),
        };
    }
    let Value::String(subject) = slot(vm, SUBJECT) else {
        return Err(vm.type_error("RegExp legacy static properties are invalidated"));
    };
    let units = vm.heap.string_units(subject);
    let len = units.len();
    let last_match = range(vm, LAST_MATCH).unwrap_or(0..0);
    let r = match property {
        Property::Input => unreachable!("handled above"),
        Property::LastMatch => Some(last_match),
        Property::LastParen => range(vm, LAST_PAREN),
        Property::LeftContext => Some(0..last_match.start),
        Property::RightContext => Some(last_match.end..len),
        Property::Paren(n) => range(vm, PARENS + 2 * (n - 1)),
    };
    // 5. Return val.
    let part = r
        .and_then(|r| vm.heap.string_units(subject).get(r))
        .map(<[u16]>::to_vec)
        .unwrap_or_default();
    Ok(vm.string_value(part))
}

/// get RegExp.input, get RegExp.$_
pub fn input_getter(vm: &mut Vm, args: Args) -> JsResult {
    get_legacy(vm, args, Property::Input)
}

/// set RegExp.input, set RegExp.$_: SetLegacyRegExpStaticProperty(%RegExp%, this value,
/// [[RegExpInput]], val).
/// <https://github.com/tc39/proposal-regexp-legacy-features#setlegacyregexpstaticproperty-c-thisvalue-internalslotname-val->
pub fn input_setter(vm: &mut Vm, args: Args) -> JsResult {
    // 2. If SameValue(C, thisValue) is false, throw a TypeError exception.
    check_receiver(vm, args)?;
    // 3. Let strVal be ? ToString(val).
    let s = ops::to_string(vm, args.get(vm, 0))?;
    // 4. Set the value of the internal slot of C named internalSlotName to strVal.
    if let Some(slots) = slots_mut(vm) {
        slots[INPUT] = Value::String(s);
    }
    Ok(Value::Undefined)
}

/// get RegExp.lastMatch, get RegExp.$&
pub fn last_match_getter(vm: &mut Vm, args: Args) -> JsResult {
    get_legacy(vm, args, Property::LastMatch)
}

/// get RegExp.lastParen, get RegExp.$+
pub fn last_paren_getter(vm: &mut Vm, args: Args) -> JsResult {
    get_legacy(vm, args, Property::LastParen)
}

/// get RegExp.leftContext, get RegExp.$`
pub fn left_context_getter(vm: &mut Vm, args: Args) -> JsResult {
    get_legacy(vm, args, Property::LeftContext)
}

/// get RegExp.rightContext, get RegExp.$'
pub fn right_context_getter(vm: &mut Vm, args: Args) -> JsResult {
    get_legacy(vm, args, Property::RightContext)
}

macro_rules! paren_getters {
    ($($name:ident => $n:literal,)*) => {
        $(
            #[doc = concat!("get RegExp.$", $n)]
            pub fn $name(vm: &mut Vm, args: Args) -> JsResult {
                get_legacy(vm, args, Property::Paren($n))
            }
        )*
    };
}

paren_getters! {
    paren1_getter => 1,
    paren2_getter => 2,
    paren3_getter => 3,
    paren4_getter => 4,
    paren5_getter => 5,
    paren6_getter => 6,
    paren7_getter => 7,
    paren8_getter => 8,
    paren9_getter => 9,
}
