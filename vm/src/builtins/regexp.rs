//! RegExp objects. <https://tc39.es/ecma262/#sec-regexp-regular-expression-objects>
//!
//! Patterns are compiled and matched by the `regress` crate over the UTF-16 code units of the
//! subject string (`find_from_utf16` with `u`/`v`, `find_from_ucs2` without).
//!
//! **Limits.** A backtracking match can take exponential time (`/(a+)+$/` on `"aaa…b"`), so
//! matching must obey the VM's limits. Amber uses a vendored `regress` (`third_party/regress`,
//! see its `AMBER-PATCH.md`) whose matcher calls back every `regress::POLL_INTERVAL_STEPS`
//! backtracking steps; the callback ([`Vm::poll_regexp_steps`]) charges that much fuel and
//! checks the deadline, interrupt flag and heap limit, and an abandoned match ends the script
//! with the same uncatchable stop as an instruction-level poll.
//!
//! **Where compiled matchers live.** A RegExp object holds only its [[OriginalSource]] and
//! [[OriginalFlags]] (`ObjectKind::RegExp`), so heaps stay serializable to images. The compiled
//! `regress::Regex` is kept in [`RegExpCache`], a side table in the [`Vm`] keyed by the
//! *contents* of (source, flags): it survives collections (handles move, contents do not) and
//! image round trips (a loaded heap recompiles on first use). The table is bounded; when full it
//! is cleared and patterns are recompiled on demand.
//!
//! The legacy static properties (`RegExp.$1`, `RegExp.lastMatch`, ...) are in `regexp_legacy`.

use super::{accessor, method, symbol_method};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic, WellKnown};
use crate::CommonKey;
use crate::{Args, ErrorKind, JsResult, Vm};
use amber_heap::object::{RegExpData, RegExpStringIteratorData};
use amber_heap::{attrs, Handle, JsString, Object, ObjectKind, PropertyKey, Value};
use std::sync::Arc;

/// Compiled matchers by (source, flags) contents. See the module docs.
#[derive(Default)]
pub struct RegExpCache {
    map: hashbrown::HashMap<Pattern, Arc<regress::Regex>>,
    /// The last matchers found, by the handles of their source and flags strings, valid until
    /// the next collection (which moves strings): a literal's source is one string each time
    /// it is evaluated, so a loop of `exec` calls finds its matcher here without hashing and
    /// comparing the whole source (the RegExp benchmark spent 9% of its time in that).
    recent: [Option<Recent>; RECENT_LEN],
    /// See [`is_pristine`].
    pristine: Option<Pristine>,
}

const RECENT_LEN: usize = 32;

/// What [`is_pristine`] last found: %RegExp.prototype% of a realm with its built-in `exec` and
/// flag getters, valid while the prototype keeps this shape and these values at these
/// positions, and until the next collection (which moves objects and shapes).
struct Pristine {
    proto: Handle<Object>,
    shape: Handle<amber_heap::shape::Shape>,
    collections: u64,
    /// Each of [`PRISTINE_KEYS`]' position in the prototype's properties, and its value (the
    /// built-in function, or the getter).
    properties: [(usize, Value); PRISTINE_KEYS.len()],
}

/// The properties of %RegExp.prototype% that `@@replace`, `@@match`, `@@matchAll` and
/// `@@split` read through `exec` and the `flags` getter, and the built-in functions they hold.
const PRISTINE_KEYS: [(CommonKey, NativeId); 10] = [
    (CommonKey::Exec, NativeId::RegExpPrototypeExec),
    (CommonKey::Flags, NativeId::RegExpPrototypeFlags),
    (CommonKey::HasIndices, NativeId::RegExpPrototypeHasIndices),
    (CommonKey::Global, NativeId::RegExpPrototypeGlobal),
    (CommonKey::IgnoreCase, NativeId::RegExpPrototypeIgnoreCase),
    (CommonKey::Multiline, NativeId::RegExpPrototypeMultiline),
    (CommonKey::DotAll, NativeId::RegExpPrototypeDotAll),
    (CommonKey::Unicode, NativeId::RegExpPrototypeUnicode),
    (CommonKey::UnicodeSets, NativeId::RegExpPrototypeUnicodeSets),
    (CommonKey::Sticky, NativeId::RegExpPrototypeSticky),
];

/// Does `Get(r, "exec")` give the current realm's built-in `exec`, and `Get(r, "flags")` what
/// the built-in getter makes of `r`.[[OriginalFlags]]? True when `r` is a RegExp object whose
/// only own property is `lastIndex`, whose prototype is the current realm's %RegExp.prototype%,
/// and that prototype still has the built-in `exec` and getters. Then the string methods skip
/// the lookups and calls (ten per `replace` call, and two per match), which they spent an
/// eighth of the RegExp benchmark on; anything else takes the spec's steps as written.
fn is_pristine(vm: &mut Vm, r: Handle<Object>) -> bool {
    let proto = vm.intrinsic(Intrinsic::RegExpPrototype);
    let object = vm.heap.get(r);
    if !matches!(object.kind, ObjectKind::RegExp(_))
        || object.proto.get() != Some(proto)
        || vm.heap.property_count(r) != 1
    {
        return false;
    }
    let amber_heap::shape::PropertyMap::Shaped {
        shape: Some(shape), ..
    } = vm.heap.get(proto).properties
    else {
        return false;
    };
    if let Some(p) = &vm.regexp_cache.pristine {
        if p.proto == proto && p.shape == shape && p.collections == vm.heap.collections {
            return p
                .properties
                .iter()
                .all(|&(at, v)| vm.heap.property_at(proto, at).value == v);
        }
    }
    let mut properties = [(0, Value::Undefined); PRISTINE_KEYS.len()];
    for (slot, &(name, id)) in properties.iter_mut().zip(&PRISTINE_KEYS) {
        let key = vm.name_key(name);
        let Some(at) = vm.heap.find_property(proto, key) else {
            return false;
        };
        let p = vm.heap.property_at(proto, at);
        // `exec` a data property, the others accessors.
        let accessor = p.flags & attrs::ACCESSOR != 0;
        if accessor != (name != CommonKey::Exec) || !ops::is_current_realm_native(vm, p.value, id) {
            return false;
        }
        *slot = (at, p.value);
    }
    vm.regexp_cache.pristine = Some(Pristine {
        proto,
        shape,
        collections: vm.heap.collections,
        properties,
    });
    true
}

/// An entry of [`RegExpCache::recent`].
struct Recent {
    source: Handle<JsString>,
    flags: Handle<JsString>,
    /// `Heap::collections` when the entry was made.
    collections: u64,
    matcher: Arc<regress::Regex>,
}

/// A cache key: [[OriginalSource]] and [[OriginalFlags]].
#[derive(PartialEq, Eq, Hash)]
struct Pattern {
    source: Box<[u16]>,
    flags: Box<[u16]>,
}

/// A borrowed [`Pattern`] to look one up without copying it. It hashes as a `Pattern` does
/// (the derived `Hash` of both hashes the two slices in order).
#[derive(Hash)]
struct PatternRef<'a> {
    source: &'a [u16],
    flags: &'a [u16],
}

impl hashbrown::Equivalent<Pattern> for PatternRef<'_> {
    fn equivalent(&self, key: &Pattern) -> bool {
        *self.source == *key.source && *self.flags == *key.flags
    }
}

impl std::fmt::Debug for RegExpCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RegExpCache({} entries)", self.map.len())
    }
}

/// The most matchers kept at once.
const CACHE_LIMIT: usize = 512;

/// Parsed flags of a RegExp.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    pub has_indices: bool,
    pub global: bool,
    pub ignore_case: bool,
    pub multiline: bool,
    pub dot_all: bool,
    pub unicode: bool,
    pub unicode_sets: bool,
    pub sticky: bool,
}

impl Flags {
    /// Parses a flags string; `None` when it holds an unknown or repeated flag, or both `u`
    /// and `v` (RegExpInitialize step 4).
    pub fn parse(units: &[u16]) -> Option<Flags> {
        let mut f = Flags::default();
        for &u in units {
            let slot = match u {
                0x64 => &mut f.has_indices,
                0x67 => &mut f.global,
                0x69 => &mut f.ignore_case,
                0x6d => &mut f.multiline,
                0x73 => &mut f.dot_all,
                0x75 => &mut f.unicode,
                0x76 => &mut f.unicode_sets,
                0x79 => &mut f.sticky,
                _ => return None,
            };
            if *slot {
                return None;
            }
            *slot = true;
        }
        if f.unicode && f.unicode_sets {
            return None;
        }
        Some(f)
    }

    /// Matching by code points (`u` or `v`).
    pub fn full_unicode(&self) -> bool {
        self.unicode || self.unicode_sets
    }
}

/// Code points of UTF-16 text, pairing surrogates; lone surrogates stay as they are.
fn code_points(units: &[u16]) -> Vec<u32> {
    char::decode_utf16(units.iter().copied())
        .map(|r| match r {
            Ok(c) => c as u32,
            Err(e) => e.unpaired_surrogate() as u32,
        })
        .collect()
}

/// A non-unicode pattern as code units, except that surrogate pairs inside group names
/// (`(?<name>` and `\k<name>`) are combined: names are made of code points in every mode.
fn pattern_units(source: &[u16]) -> Vec<u32> {
    let mut out = Vec::with_capacity(source.len());
    let mut i = 0;
    let mut in_name = false;
    let at = |i: usize, c: u8| source.get(i) == Some(&(c as u16));
    while i < source.len() {
        let u = source[i];
        if in_name {
            if u == b'>' as u16 {
                in_name = false;
            } else if (0xD800..0xDC00).contains(&u)
                && source
                    .get(i + 1)
                    .is_some_and(|n| (0xDC00..0xE000).contains(n))
            {
                let cp = 0x10000 + (((u as u32) - 0xD800) << 10) + (source[i + 1] as u32 - 0xDC00);
                out.push(cp);
                i += 2;
                continue;
            }
        } else if u == b'\\' as u16 {
            // An escape: copy it whole, noting `\k<`.
            out.push(u as u32);
            if let Some(&n) = source.get(i + 1) {
                out.push(n as u32);
                if n == b'k' as u16 && at(i + 2, b'<') {
                    in_name = true;
                }
            }
            i += 2;
            continue;
        } else if u == b'(' as u16
            && at(i + 1, b'?')
            && at(i + 2, b'<')
            && !at(i + 3, b'=')
            && !at(i + 3, b'!')
        {
            in_name = true;
        }
        out.push(u as u32);
        i += 1;
    }
    out
}

/// The compiled matcher for (source, flags), from the cache or freshly compiled. Errors are
/// the pattern's syntax errors.
fn matcher(vm: &mut Vm, source: &[u16], flags: &[u16]) -> Result<Arc<regress::Regex>, String> {
    vm.regexp_cache.matcher(source, flags)
}

impl RegExpCache {
    /// The matcher of `source` and `flags` (strings of `heap`): [`RegExpCache::matcher`]
    /// behind a memo of the last ones by handle.
    fn matcher_of(
        &mut self,
        heap: &amber_heap::Heap,
        source: Handle<JsString>,
        flags: Handle<JsString>,
    ) -> Result<Arc<regress::Regex>, String> {
        let slot = (source.index() ^ flags.index().rotate_left(5)) % RECENT_LEN;
        if let Some(r) = &self.recent[slot] {
            if r.source == source && r.flags == flags && r.collections == heap.collections {
                return Ok(r.matcher.clone());
            }
        }
        let matcher = self.matcher(heap.string_units(source), heap.string_units(flags))?;
        self.recent[slot] = Some(Recent {
            source,
            flags,
            collections: heap.collections,
            matcher: matcher.clone(),
        });
        Ok(matcher)
    }

    /// [`matcher`], given the cache alone (so the source and flags may be borrowed from the
    /// heap).
    fn matcher(&mut self, source: &[u16], flags: &[u16]) -> Result<Arc<regress::Regex>, String> {
        if let Some(r) = self.map.get(&PatternRef { source, flags }) {
            return Ok(r.clone());
        }
        let f = Flags::parse(flags).ok_or_else(|| "invalid flags".to_string())?;
        let rf = regress::Flags {
            icase: f.ignore_case,
            multiline: f.multiline,
            dot_all: f.dot_all,
            no_opt: false,
            unicode: f.full_unicode(),
            unicode_sets: f.unicode_sets,
        };
        // With `u`/`v` the pattern is read as code points; without, as code units (a surrogate
        // pair in the pattern then matches the pair of units in the subject).
        let cps: Vec<u32> = if f.full_unicode() {
            code_points(source)
        } else {
            pattern_units(source)
        };
        let re = regress::Regex::from_unicode(cps.into_iter(), rf).map_err(|e| e.to_string())?;
        let re = Arc::new(re);
        if self.map.len() >= CACHE_LIMIT {
            self.map.clear();
        }
        let key = Pattern {
            source: source.into(),
            flags: flags.into(),
        };
        self.map.insert(key, re.clone());
        Ok(re)
    }
}

pub fn init(vm: &mut Vm) {
    let rp = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::RegExpPrototype, rp);
    let c = super::constructor(vm, NativeId::RegExp, "RegExp", 2, rp);
    set_intrinsic(vm, Intrinsic::RegExp, c);
    let species = crate::realm::symbol_key(vm, WellKnown::Species);
    accessor(
        vm,
        c,
        species,
        "[Symbol.species]",
        Some(NativeId::RegExpSpeciesGetter),
        None,
    );
    method(vm, c, "escape", NativeId::RegExpEscape, 1);
    method(vm, rp, "compile", NativeId::RegExpPrototypeCompile, 2);
    method(vm, rp, "exec", NativeId::RegExpPrototypeExec, 1);
    method(vm, rp, "test", NativeId::RegExpPrototypeTest, 1);
    method(vm, rp, "toString", NativeId::RegExpPrototypeToString, 0);
    let getters: &[(&str, NativeId)] = &[
        ("dotAll", NativeId::RegExpPrototypeDotAll),
        ("flags", NativeId::RegExpPrototypeFlags),
        ("global", NativeId::RegExpPrototypeGlobal),
        ("hasIndices", NativeId::RegExpPrototypeHasIndices),
        ("ignoreCase", NativeId::RegExpPrototypeIgnoreCase),
        ("multiline", NativeId::RegExpPrototypeMultiline),
        ("source", NativeId::RegExpPrototypeSource),
        ("sticky", NativeId::RegExpPrototypeSticky),
        ("unicode", NativeId::RegExpPrototypeUnicode),
        ("unicodeSets", NativeId::RegExpPrototypeUnicodeSets),
    ];
    for &(name, id) in getters {
        let key = vm.key(name);
        accessor(vm, rp, key, name, Some(id), None);
    }
    let symbols: &[(WellKnown, &str, NativeId, u32)] = &[
        (
            WellKnown::Match,
            "[Symbol.match]",
            NativeId::RegExpPrototypeMatch,
            1,
        ),
        (
            WellKnown::MatchAll,
            "[Symbol.matchAll]",
            NativeId::RegExpPrototypeMatchAll,
            1,
        ),
        (
            WellKnown::Replace,
            "[Symbol.replace]",
            NativeId::RegExpPrototypeReplace,
            2,
        ),
        (
            WellKnown::Search,
            "[Symbol.search]",
            NativeId::RegExpPrototypeSearch,
            1,
        ),
        (
            WellKnown::Split,
            "[Symbol.split]",
            NativeId::RegExpPrototypeSplit,
            2,
        ),
    ];
    for &(sym, name, id, len) in symbols {
        symbol_method(vm, rp, sym, name, id, len, attrs::HIDDEN);
    }

    let ip = super::ordinary(vm, Intrinsic::IteratorPrototype);
    set_intrinsic(vm, Intrinsic::RegExpStringIteratorPrototype, ip);
    method(
        vm,
        ip,
        "next",
        NativeId::RegExpStringIteratorPrototypeNext,
        0,
    );
    super::iterators::tag(vm, ip, "RegExp String Iterator");
}

// --- helpers -----------------------------------------------------------------------------------

/// Runs `f` with `vals` in consecutive root slots starting at the slot it is given; releases
/// them (and anything `f` left above them) afterwards.
pub(crate) fn with_roots<T>(
    vm: &mut Vm,
    vals: &[Value],
    f: impl FnOnce(&mut Vm, usize) -> JsResult<T>,
) -> JsResult<T> {
    let base = vm.roots.len();
    vm.roots.extend_from_slice(vals);
    let r = f(vm, base);
    vm.unroot(base);
    r
}

/// Like [`with_roots`], with the subject string `sv` in a root slot of its own, passed as the
/// third argument.
fn with_subject<T>(
    vm: &mut Vm,
    sv: Value,
    vals: &[Value],
    f: impl FnOnce(&mut Vm, usize, usize) -> JsResult<T>,
) -> JsResult<T> {
    let s_slot = vm.root(sv);
    let r = with_roots(vm, vals, |vm, base| f(vm, base, s_slot));
    vm.unroot(s_slot);
    r
}

/// ToString(v) as code units and as a string value (valid until JavaScript runs again).
fn to_units_value(vm: &mut Vm, v: Value) -> JsResult<(Vec<u16>, Value)> {
    let s = ops::to_string(vm, v)?;
    Ok((vm.heap.string_units(s).to_vec(), Value::String(s)))
}

/// The object in root slot `slot`.
pub(crate) fn rooted_obj(vm: &Vm, slot: usize) -> Handle<Object> {
    match vm.rooted(slot) {
        Value::Object(o) => o,
        _ => unreachable!("root slot does not hold an object"),
    }
}

/// [[OriginalSource]] and [[OriginalFlags]] of a RegExp object, copied out.
fn regexp_data(vm: &Vm, v: Value) -> Option<(Vec<u16>, Vec<u16>)> {
    let Value::Object(o) = v else { return None };
    match &vm.heap.get(o).kind {
        ObjectKind::RegExp(d) => Some((
            vm.heap.string_units(d.source).to_vec(),
            vm.heap.string_units(d.flags).to_vec(),
        )),
        _ => None,
    }
}

fn is_regexp_object(vm: &Vm, v: Value) -> bool {
    matches!(v, Value::Object(o) if matches!(vm.heap.get(o).kind, ObjectKind::RegExp(_)))
}

fn units_of(vm: &Vm, v: Value) -> Vec<u16> {
    match v {
        Value::String(s) => vm.heap.string_units(s).to_vec(),
        _ => Vec::new(),
    }
}

/// ToString(v) as code units.
pub(crate) fn to_units(vm: &mut Vm, v: Value) -> JsResult<Vec<u16>> {
    let s = ops::to_string(vm, v)?;
    Ok(vm.heap.string_units(s).to_vec())
}

fn set_last_index(vm: &mut Vm, slot: usize, n: f64) -> JsResult<()> {
    let o = rooted_obj(vm, slot);
    let key = vm.name_key(CommonKey::LastIndex);
    ops::set(vm, o, key, Value::Number(n), true)
}

fn get_last_index(vm: &mut Vm, slot: usize) -> JsResult<f64> {
    let o = rooted_obj(vm, slot);
    let v = ops::get_name(vm, o, CommonKey::LastIndex)?;
    ops::to_length(vm, v)
}

fn this_object(vm: &mut Vm, args: Args, what: &str) -> JsResult<Value> {
    match args.this(vm) {
        v @ Value::Object(_) => Ok(v),
        _ => Err(vm.type_error(format!("{what} called on a non-object"))),
    }
}

/// AdvanceStringIndex(S, index, unicode). <https://tc39.es/ecma262/#sec-advancestringindex>
pub fn advance_string_index(s: &[u16], index: f64, unicode: bool) -> f64 {
    // 2. If unicode is false, return index + 1.
    if !unicode {
        return index + 1.0;
    }
    // 3-4. If index + 1 ≥ length, return index + 1.
    if index + 1.0 >= s.len() as f64 {
        return index + 1.0;
    }
    // 5-6. Return index + CodePointAt(S, index).[[CodeUnitCount]].
    let i = index as usize;
    if (0xD800..0xDC00).contains(&s[i]) && (0xDC00..0xE000).contains(&s[i + 1]) {
        index + 2.0
    } else {
        index + 1.0
    }
}

// --- construction ------------------------------------------------------------------------------

/// IsRegExp(argument). <https://tc39.es/ecma262/#sec-isregexp>
pub fn is_regexp(vm: &mut Vm, v: Value) -> JsResult<bool> {
    // 1. If argument is not an Object, return false.
    let Value::Object(o) = v else {
        return Ok(false);
    };
    // 2. Let matcher be ? Get(argument, @@match).
    let key = crate::realm::symbol_key(vm, WellKnown::Match);
    let slot = vm.root(v);
    let m = ops::get(vm, o, key);
    let v = vm.rooted(slot);
    vm.unroot(slot);
    let m = m?;
    // 3. If matcher is not undefined, return ToBoolean(matcher).
    if !m.is_undefined() {
        return Ok(ops::to_boolean(vm, m));
    }
    // 4-5. Return whether argument has a [[RegExpMatcher]] internal slot.
    Ok(is_regexp_object(vm, v))
}

/// RegExpAlloc(newTarget). <https://tc39.es/ecma262/#sec-regexpalloc>
/// With the legacy RegExp features: [[Realm]] is the current realm, and
/// [[LegacyFeaturesEnabled]] whether newTarget is that realm's %RegExp%.
/// <https://github.com/tc39/proposal-regexp-legacy-features#regexpalloc--newtarget->
pub fn regexp_alloc(vm: &mut Vm, new_target: Value) -> JsResult<Handle<Object>> {
    let empty = vm.str("");
    let this_realm = vm.current_realm();
    let legacy = new_target == Value::Object(vm.intrinsic(Intrinsic::RegExp));
    let obj = ops::ordinary_create_from_constructor(
        vm,
        new_target,
        Intrinsic::RegExpPrototype,
        ObjectKind::RegExp(Box::new(RegExpData {
            source: empty,
            flags: empty,
            realm: Some(this_realm),
            legacy,
        })),
    )?;
    // 3. Perform ! DefinePropertyOrThrow(obj, "lastIndex", PropertyDescriptor { [[Writable]]:
    //    true, [[Enumerable]]: false, [[Configurable]]: false }).
    let key = vm.name_key(CommonKey::LastIndex);
    super::add(vm, obj, key, Value::Undefined, attrs::WRITABLE);
    Ok(obj)
}

/// RegExpInitialize(obj, pattern, flags). <https://tc39.es/ecma262/#sec-regexpinitialize>
pub fn regexp_initialize(vm: &mut Vm, obj: Value, pattern: Value, flags: Value) -> JsResult {
    with_roots(vm, &[obj, flags], |vm, base| {
        // 1-2. Let P be ? ToString(pattern) (the empty String for undefined).
        let p = if pattern.is_undefined() {
            Vec::new()
        } else {
            to_units(vm, pattern)?
        };
        // 3-4. Let F be ? ToString(flags) (the empty String for undefined).
        let flags = vm.rooted(base + 1);
        let f = if flags.is_undefined() {
            Vec::new()
        } else {
            to_units(vm, flags)?
        };
        // 5. If F contains any code unit other than "dgimsuvy", or contains any code unit
        //    more than once, or both "u" and "v", throw a SyntaxError.
        if Flags::parse(&f).is_none() {
            let shown = String::from_utf16_lossy(&f);
            return Err(vm.throw_error(
                ErrorKind::SyntaxError,
                format!("Invalid regular expression flags '{shown}'"),
            ));
        }
        // 6-12. Parse the pattern; a syntax error throws a SyntaxError.
        if let Err(e) = matcher(vm, &p, &f) {
            let shown = String::from_utf16_lossy(&p);
            return Err(vm.throw_error(
                ErrorKind::SyntaxError,
                format!("Invalid regular expression: /{shown}/: {e}"),
            ));
        }
        // 13-15. Set obj.[[OriginalSource]], [[OriginalFlags]] and [[RegExpMatcher]].
        let source = vm.heap.alloc_string(p);
        let fl = vm.heap.alloc_string(f);
        let o = rooted_obj(vm, base);
        if let ObjectKind::RegExp(d) = &mut vm.heap.get_mut(o).kind {
            d.source = source;
            d.flags = fl;
        }
        // 16. Perform ? Set(obj, "lastIndex", +0𝔽, true).
        set_last_index(vm, base, 0.0)?;
        // 17. Return obj.
        Ok(vm.rooted(base))
    })
}

/// RegExpCreate(P, F). <https://tc39.es/ecma262/#sec-regexpcreate>
pub fn regexp_create(vm: &mut Vm, pattern: Value, flags: Value) -> JsResult {
    with_roots(vm, &[pattern, flags], |vm, base| {
        let ctor = Value::Object(vm.intrinsic(Intrinsic::RegExp));
        let obj = regexp_alloc(vm, ctor)?;
        let (p, f) = (vm.rooted(base), vm.rooted(base + 1));
        regexp_initialize(vm, Value::Object(obj), p, f)
    })
}

/// Evaluates a RegularExpressionLiteral: RegExpCreate(pattern, flags).
/// <https://tc39.es/ecma262/#sec-regular-expression-literals-runtime-semantics-evaluation>
pub fn create_from_literal(vm: &mut Vm, pattern: Value, flags: Value) -> JsResult {
    regexp_create(vm, pattern, flags)
}

/// RegExp(pattern, flags) <https://tc39.es/ecma262/#sec-regexp-pattern-flags>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let patternIsRegExp be ? IsRegExp(pattern).
    let pattern_is_regexp = is_regexp(vm, args.get(vm, 0))?;
    let mut new_target = args.new_target(vm);
    // 2. If NewTarget is undefined, then
    if new_target.is_undefined() {
        // a. Let newTarget be the active function object.
        new_target = Value::Object(args.callee(vm));
        // b. If patternIsRegExp is true and flags is undefined, then
        let pattern = args.get(vm, 0);
        if pattern_is_regexp && args.get(vm, 1).is_undefined() {
            // i. Let patternConstructor be ? Get(pattern, "constructor").
            let Value::Object(p) = pattern else {
                unreachable!()
            };
            let pc = ops::get_name(vm, p, CommonKey::Constructor)?;
            // ii. If SameValue(newTarget, patternConstructor) is true, return pattern.
            if ops::same_value(vm, Value::Object(args.callee(vm)), pc) {
                return Ok(args.get(vm, 0));
            }
        }
    }
    with_roots(vm, &[new_target], |vm, base| {
        let pattern = args.get(vm, 0);
        let flags = args.get(vm, 1);
        let (p, f) = if let Some((src, fl)) = regexp_data(vm, pattern) {
            // 3. If pattern has a [[RegExpMatcher]] internal slot: P is its
            //    [[OriginalSource]]; F is flags, or its [[OriginalFlags]] when undefined.
            let p = vm.string_value(src);
            let f = if flags.is_undefined() {
                vm.string_value(fl)
            } else {
                flags
            };
            (p, f)
        } else if pattern_is_regexp {
            // 4. Else if patternIsRegExp: P is ? Get(pattern, "source"); F is
            //    ? Get(pattern, "flags") when flags is undefined.
            let Value::Object(po) = pattern else {
                unreachable!()
            };
            let p = ops::get_name(vm, po, CommonKey::Source)?;
            vm.roots.push(p);
            let flags = args.get(vm, 1);
            let f = if flags.is_undefined() {
                let Value::Object(po) = args.get(vm, 0) else {
                    unreachable!()
                };
                ops::get_name(vm, po, CommonKey::Flags)?
            } else {
                flags
            };
            (vm.rooted(base + 1), f)
        } else {
            // 5. Else, P is pattern and F is flags.
            (pattern, flags)
        };
        let mark = vm.roots.len();
        vm.roots.push(p);
        vm.roots.push(f);
        // 6. Let O be ? RegExpAlloc(newTarget).
        let nt = vm.rooted(base);
        let o = regexp_alloc(vm, nt)?;
        // 7. Return ? RegExpInitialize(O, P, F).
        let (p, f) = (vm.rooted(mark), vm.rooted(mark + 1));
        regexp_initialize(vm, Value::Object(o), p, f)
    })
}

/// RegExp.escape(S) <https://tc39.es/ecma262/#sec-regexp.escape>
pub fn escape(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If S is not a String, throw a TypeError exception.
    let Value::String(s) = args.get(vm, 0) else {
        return Err(vm.type_error("RegExp.escape requires a string"));
    };
    let units = vm.heap.string_units(s).to_vec();
    let mut escaped: Vec<u16> = Vec::with_capacity(units.len());
    // 3-4. For each code point cp of StringToCodePoints(S):
    for cp in code_points(&units) {
        let is_alnum = cp < 0x80 && (cp as u8).is_ascii_alphanumeric();
        if escaped.is_empty() && is_alnum {
            // a. A leading digit or ASCII letter becomes \xHH.
            escaped.extend(format!("\\x{cp:02x}").encode_utf16());
        } else {
            encode_for_regexp_escape(cp, &mut escaped);
        }
    }
    Ok(vm.string_value(escaped))
}

/// EncodeForRegExpEscape(cp). <https://tc39.es/ecma262/#sec-encodeforregexpescape>
fn encode_for_regexp_escape(cp: u32, out: &mut Vec<u16>) {
    const SYNTAX: &str = "^$\\.*+?()[]{}|/";
    const OTHER: &str = ",-=<>#&!%:;@~'`\"";
    let ch = char::from_u32(cp);
    // 1. SyntaxCharacter or "/": a backslash and the character.
    if let Some(c) = ch.filter(|c| SYNTAX.contains(*c)) {
        out.push(b'\\' as u16);
        out.push(c as u16);
        return;
    }
    // 2. ControlEscape code points: \t \n \v \f \r.
    let control = match cp {
        0x09 => Some('t'),
        0x0A => Some('n'),
        0x0B => Some('v'),
        0x0C => Some('f'),
        0x0D => Some('r'),
        _ => None,
    };
    if let Some(c) = control {
        out.push(b'\\' as u16);
        out.push(c as u16);
        return;
    }
    // 3-5. Other punctuators, white space, line terminators and surrogates: hex escapes.
    let punct = ch.is_some_and(|c| OTHER.contains(c));
    let space = cp <= 0xFFFF && super::string::is_trimmable(cp as u16);
    let surrogate = (0xD800..0xE000).contains(&cp);
    if punct || space || surrogate {
        if cp <= 0xFF {
            out.extend(format!("\\x{cp:02x}").encode_utf16());
        } else {
            let mut units = Vec::new();
            push_utf16(&mut units, cp);
            for cu in units {
                out.extend(format!("\\u{cu:04x}").encode_utf16());
            }
        }
        return;
    }
    // 6. Return UTF16EncodeCodePoint(cp).
    push_utf16(out, cp);
}

fn push_utf16(out: &mut Vec<u16>, cp: u32) {
    if cp < 0x10000 {
        out.push(cp as u16);
    } else {
        let c = cp - 0x10000;
        out.push(0xD800 + (c >> 10) as u16);
        out.push(0xDC00 + (c & 0x3FF) as u16);
    }
}

/// get RegExp[@@species]
pub fn species_getter(vm: &mut Vm, args: Args) -> JsResult {
    Ok(args.this(vm))
}

// --- matching ----------------------------------------------------------------------------------

/// One successful match: the capture ranges (index 0 is the whole match) and the group names
/// of each capture (empty when unnamed).
struct MatchResult {
    captures: Vec<Option<std::ops::Range<usize>>>,
    /// (name, range) for each distinct group name, in pattern order.
    named: Vec<(String, Option<std::ops::Range<usize>>)>,
    has_named: bool,
}

/// Runs the matcher on the string `subject` from `start`; `sticky` requires the match to begin
/// there. The subject's code units are matched where they are in the heap. The match polls the
/// VM's limits as it goes; when one stops it, the script ends (an uncatchable throw).
fn run_matcher(
    vm: &mut Vm,
    re: &regress::Regex,
    subject: Handle<JsString>,
    start: usize,
    full_unicode: bool,
    sticky: bool,
) -> JsResult<Option<MatchResult>> {
    let (heap, mut limits) = vm.heap_and_match_poll();
    let s = heap.string_units(subject);
    let mut stop = None;
    let mut poll = || {
        stop = limits.poll();
        stop.is_none()
    };
    // A sticky search tries `start` only (`anchored`): searching on and then refusing a match
    // that starts later would make every sticky call, and so every `split`, scan the rest of
    // the subject.
    let found = if full_unicode {
        re.find_from_utf16_with_poll(s, start, sticky, &mut poll)
    } else {
        re.find_from_ucs2_with_poll(s, start, sticky, &mut poll)
    };
    let m = match found {
        Ok(Some(m)) => m,
        Ok(None) => return Ok(None),
        Err(regress::MatchAborted) => {
            vm.terminating = Some(stop.unwrap_or(crate::ScriptError::Interrupted));
            return Err(crate::Throw(()));
        }
    };
    debug_assert!(!sticky || m.start() == start);
    let mut captures = vec![Some(m.range())];
    captures.extend(m.captures.iter().cloned());
    let named: Vec<(String, Option<std::ops::Range<usize>>)> =
        m.named_groups().map(|(n, r)| (n.to_string(), r)).collect();
    Ok(Some(MatchResult {
        captures,
        has_named: !named.is_empty(),
        named,
    }))
}

/// The string in root slot `slot`.
fn rooted_string(vm: &Vm, slot: usize) -> Handle<JsString> {
    match vm.rooted(slot) {
        Value::String(s) => s,
        _ => unreachable!("root slot does not hold a string"),
    }
}

/// A new string of the code units `range` of the string in root slot `s_slot`.
fn substring_value(vm: &mut Vm, s_slot: usize, range: std::ops::Range<usize>) -> Value {
    let units = vm.heap.string_units(rooted_string(vm, s_slot))[range].to_vec();
    vm.string_value(units)
}

/// RegExpBuiltinExec(R, S). <https://tc39.es/ecma262/#sec-regexpbuiltinexec>
/// `slot` holds R (a RegExp object) and `s_slot` S (a string), matched where it is: the
/// subject is not copied, so a loop of `exec` calls over a long string stays linear.
fn regexp_builtin_exec(vm: &mut Vm, slot: usize, s_slot: usize) -> JsResult {
    // 2. Let lastIndex be ℝ(? ToLength(? Get(R, "lastIndex"))).
    let mut last_index = get_last_index(vm, slot)?;
    // 1. Let length be the length of S.
    let length = vm.heap.string_units(rooted_string(vm, s_slot)).len();
    // 3-6. Let flags be R.[[OriginalFlags]]; global, sticky, hasIndices.
    let ObjectKind::RegExp(data) = &vm.heap.get(rooted_obj(vm, slot)).kind else {
        return Err(vm.type_error("RegExp exec method called on an incompatible receiver"));
    };
    let (source, flags_units) = (data.source, data.flags);
    let flags = Flags::parse(vm.heap.string_units(flags_units)).unwrap_or_default();
    // 7. If global is false and sticky is false, set lastIndex to 0.
    if !flags.global && !flags.sticky {
        last_index = 0.0;
    }
    // 8-10. Let matcher be R.[[RegExpMatcher]]; fullUnicode.
    let re = match vm.regexp_cache.matcher_of(&vm.heap, source, flags_units) {
        Ok(re) => re,
        Err(e) => return Err(vm.throw_error(ErrorKind::SyntaxError, e)),
    };
    let full_unicode = flags.full_unicode();
    // 11-13. Find a match at or after lastIndex (at lastIndex only when sticky).
    if last_index > length as f64 {
        if flags.global || flags.sticky {
            set_last_index(vm, slot, 0.0)?;
        }
        return Ok(Value::Null);
    }
    let subject = rooted_string(vm, s_slot);
    let found = run_matcher(
        vm,
        &re,
        subject,
        last_index as usize,
        full_unicode,
        flags.sticky,
    )?;
    let Some(m) = found else {
        // 13.a.i-ii. On failure: set lastIndex to 0 (when global or sticky), return null.
        if flags.global || flags.sticky {
            set_last_index(vm, slot, 0.0)?;
        }
        return Ok(Value::Null);
    };
    let whole = m.captures[0].clone().unwrap_or(0..0);
    // 15-16. If global or sticky, perform ? Set(R, "lastIndex", 𝔽(e), true).
    if flags.global || flags.sticky {
        set_last_index(vm, slot, whole.end as f64)?;
    }
    // The legacy static properties (RegExp.$1 and friends) of the current realm.
    let (r, subject) = (rooted_obj(vm, slot), rooted_string(vm, s_slot));
    super::regexp_legacy::after_match(vm, r, subject, &m.captures);
    // 18-22. Let A be ! ArrayCreate(n + 1) with "index", "input" and the captures.
    let mut values = Vec::with_capacity(m.captures.len());
    for c in &m.captures {
        values.push(match c {
            Some(r) => substring_value(vm, s_slot, r.clone()),
            None => Value::Undefined,
        });
    }
    let a = ops::create_array_from_list(vm, &values);
    let ik = vm.name_key(CommonKey::Index);
    ops::create_data_property_or_throw(vm, a, ik, Value::Number(whole.start as f64))?;
    let input = vm.rooted(s_slot);
    let ink = vm.name_key(CommonKey::Input);
    ops::create_data_property_or_throw(vm, a, ink, input)?;
    // 27-33. "groups": an object with null prototype holding the named groups, or undefined.
    let groups = if m.has_named {
        let g = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
        for (name, r) in &m.named {
            let v = match r {
                Some(r) => substring_value(vm, s_slot, r.clone()),
                None => Value::Undefined,
            };
            let k = vm.key(name);
            ops::create_data_property_or_throw(vm, g, k, v)?;
        }
        Value::Object(g)
    } else {
        Value::Undefined
    };
    let gk = vm.name_key(CommonKey::Groups);
    ops::create_data_property_or_throw(vm, a, gk, groups)?;
    // 34. If hasIndices: "indices" is MakeMatchIndicesIndexPairArray(...).
    if flags.has_indices {
        let mut pairs = Vec::with_capacity(m.captures.len());
        for c in &m.captures {
            pairs.push(match c {
                Some(r) => Value::Object(ops::create_array_from_list(
                    vm,
                    &[Value::Number(r.start as f64), Value::Number(r.end as f64)],
                )),
                None => Value::Undefined,
            });
        }
        let indices = ops::create_array_from_list(vm, &pairs);
        let igroups = if m.has_named {
            let g = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
            for (name, r) in &m.named {
                let v = match r {
                    Some(r) => Value::Object(ops::create_array_from_list(
                        vm,
                        &[Value::Number(r.start as f64), Value::Number(r.end as f64)],
                    )),
                    None => Value::Undefined,
                };
                let k = vm.key(name);
                ops::create_data_property_or_throw(vm, g, k, v)?;
            }
            Value::Object(g)
        } else {
            Value::Undefined
        };
        ops::create_data_property_or_throw(vm, indices, gk, igroups)?;
        let idk = vm.name_key(CommonKey::Indices);
        ops::create_data_property_or_throw(vm, a, idk, Value::Object(indices))?;
    }
    Ok(Value::Object(a))
}

/// RegExpExec(R, S). <https://tc39.es/ecma262/#sec-regexpexec>
/// `slot` holds R (an object) and `s_slot` S (a string).
pub(crate) fn regexp_exec(vm: &mut Vm, slot: usize, s_slot: usize) -> JsResult {
    // The loops of @@replace, @@match and @@split call this once per match, with no
    // safepoint between when `exec` is the built-in one: one tick each, so the limits stop
    // a loop that never ends (a non-global regexp whose "global" property says true).
    vm.tick()?;
    // 1. Let exec be ? Get(R, "exec").
    let r = rooted_obj(vm, slot);
    if is_pristine(vm, r) {
        // The built-in exec: with S a string, Call(exec, R, « S ») is RegExpBuiltinExec(R, S).
        return regexp_builtin_exec(vm, slot, s_slot);
    }
    let exec = ops::get_name(vm, r, CommonKey::Exec)?;
    // 2. If IsCallable(exec) is true, then
    if ops::is_callable(vm, exec) {
        // a. Let result be ? Call(exec, R, « S »).
        let (r, sv) = (vm.rooted(slot), vm.rooted(s_slot));
        let result = ops::call(vm, exec, r, &[sv])?;
        // b. If result is not an Object and not null, throw a TypeError.
        if !matches!(result, Value::Object(_) | Value::Null) {
            return Err(
                vm.type_error("RegExp exec method returned something other than an Object or null")
            );
        }
        return Ok(result);
    }
    // 3. Perform ? RequireInternalSlot(R, [[RegExpMatcher]]).
    if !is_regexp_object(vm, vm.rooted(slot)) {
        return Err(vm.type_error("RegExp exec method called on an incompatible receiver"));
    }
    // 4. Return ? RegExpBuiltinExec(R, S).
    regexp_builtin_exec(vm, slot, s_slot)
}

/// RegExp.prototype.exec(string) <https://tc39.es/ecma262/#sec-regexp.prototype.exec>
pub fn exec(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Let R be the this value; RequireInternalSlot(R, [[RegExpMatcher]]).
    let r = args.this(vm);
    if !is_regexp_object(vm, r) {
        return Err(vm.type_error("RegExp.prototype.exec called on an incompatible receiver"));
    }
    // 3. Let S be ? ToString(string).
    let sv = Value::String(ops::to_string(vm, args.get(vm, 0))?);
    let r = args.this(vm);
    // 4. Return ? RegExpBuiltinExec(R, S).
    with_subject(vm, sv, &[r], |vm, base, ss| {
        regexp_builtin_exec(vm, base, ss)
    })
}

/// RegExp.prototype.test(S) <https://tc39.es/ecma262/#sec-regexp.prototype.test>
pub fn test(vm: &mut Vm, args: Args) -> JsResult {
    this_object(vm, args, "RegExp.prototype.test")?;
    let sv = Value::String(ops::to_string(vm, args.get(vm, 0))?);
    let r = args.this(vm);
    with_subject(vm, sv, &[r], |vm, base, ss| {
        let m = regexp_exec(vm, base, ss)?;
        Ok(Value::Boolean(m != Value::Null))
    })
}

/// RegExp.prototype.compile(pattern, flags) (Annex B).
/// <https://tc39.es/ecma262/#sec-regexp.prototype.compile>
pub fn compile(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Let O be the this value; RequireInternalSlot(O, [[RegExpMatcher]]).
    let o = args.this(vm);
    if !is_regexp_object(vm, o) {
        return Err(vm.type_error("RegExp.prototype.compile called on an incompatible receiver"));
    }
    // The legacy features: O must be of this realm, and not a subclass instance.
    super::regexp_legacy::check_compile(vm, o)?;
    let (pattern, flags) = (args.get(vm, 0), args.get(vm, 1));
    // 3. If pattern is an Object with a [[RegExpMatcher]] internal slot, then
    let (p, f) = if let Some((src, fl)) = regexp_data(vm, pattern) {
        // a. If flags is not undefined, throw a TypeError.
        if !flags.is_undefined() {
            return Err(
                vm.type_error("Cannot supply flags when constructing one RegExp from another")
            );
        }
        // b-c. Let P be pattern.[[OriginalSource]]; F be pattern.[[OriginalFlags]].
        // (Allocation never collects: only calls into JavaScript can.)
        (vm.string_value(src), vm.string_value(fl))
    } else {
        (pattern, flags)
    };
    // 5. Return ? RegExpInitialize(O, P, F).
    let o = args.this(vm);
    regexp_initialize(vm, o, p, f)
}

// --- accessors ---------------------------------------------------------------------------------

/// RegExpHasFlag(R, codeUnit). <https://tc39.es/ecma262/#sec-regexphasflag>
fn regexp_has_flag(vm: &mut Vm, args: Args, flag: u8, name: &str) -> JsResult {
    let r = args.this(vm);
    // 1. If R is not an Object, throw a TypeError.
    let Value::Object(o) = r else {
        return Err(vm.type_error(format!(
            "RegExp.prototype.{name} getter called on a non-object"
        )));
    };
    // 2. If R does not have an [[OriginalFlags]] internal slot, then
    let ObjectKind::RegExp(data) = &vm.heap.get(o).kind else {
        // a. If SameValue(R, %RegExp.prototype%) is true, return undefined.
        if o == vm.intrinsic(Intrinsic::RegExpPrototype) {
            return Ok(Value::Undefined);
        }
        // b. Otherwise, throw a TypeError.
        return Err(vm.type_error(format!(
            "RegExp.prototype.{name} getter called on an incompatible receiver"
        )));
    };
    // 3-5. Return whether flags contains codeUnit.
    let flags = vm.heap.string_units(data.flags);
    Ok(Value::Boolean(flags.contains(&(flag as u16))))
}

pub fn get_has_indices(vm: &mut Vm, args: Args) -> JsResult {
    regexp_has_flag(vm, args, b'd', "hasIndices")
}
pub fn get_global(vm: &mut Vm, args: Args) -> JsResult {
    regexp_has_flag(vm, args, b'g', "global")
}
pub fn get_ignore_case(vm: &mut Vm, args: Args) -> JsResult {
    regexp_has_flag(vm, args, b'i', "ignoreCase")
}
pub fn get_multiline(vm: &mut Vm, args: Args) -> JsResult {
    regexp_has_flag(vm, args, b'm', "multiline")
}
pub fn get_dot_all(vm: &mut Vm, args: Args) -> JsResult {
    regexp_has_flag(vm, args, b's', "dotAll")
}
pub fn get_unicode(vm: &mut Vm, args: Args) -> JsResult {
    regexp_has_flag(vm, args, b'u', "unicode")
}
pub fn get_unicode_sets(vm: &mut Vm, args: Args) -> JsResult {
    regexp_has_flag(vm, args, b'v', "unicodeSets")
}
pub fn get_sticky(vm: &mut Vm, args: Args) -> JsResult {
    regexp_has_flag(vm, args, b'y', "sticky")
}

/// The flags in the order the `flags` getter lists them.
const FLAGS_IN_ORDER: [u8; 8] = *b"dgimsuvy";

/// get RegExp.prototype.flags <https://tc39.es/ecma262/#sec-get-regexp.prototype.flags>
pub fn get_flags(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Let R be the this value; if R is not an Object, throw a TypeError.
    let r = this_object(vm, args, "RegExp.prototype.flags getter")?;
    // 3-18. Append the code unit of each flag whose property is truthy (in FLAGS_IN_ORDER).
    let props: &[(u8, crate::CommonKey)] = &[
        (b'd', CommonKey::HasIndices),
        (b'g', CommonKey::Global),
        (b'i', CommonKey::IgnoreCase),
        (b'm', CommonKey::Multiline),
        (b's', CommonKey::DotAll),
        (b'u', CommonKey::Unicode),
        (b'v', CommonKey::UnicodeSets),
        (b'y', CommonKey::Sticky),
    ];
    with_roots(vm, &[r], |vm, base| {
        let mut result = Vec::new();
        for &(c, name) in props {
            let o = rooted_obj(vm, base);
            let v = ops::get_name(vm, o, name)?;
            if ops::to_boolean(vm, v) {
                result.push(c as u16);
            }
        }
        Ok(vm.string_value(result))
    })
}

/// EscapeRegExpPattern(P, F). <https://tc39.es/ecma262/#sec-escaperegexppattern>
fn escape_regexp_pattern(p: &[u16]) -> Vec<u16> {
    if p.is_empty() {
        return "(?:)".encode_utf16().collect();
    }
    let mut out = Vec::with_capacity(p.len());
    let (mut escaped, mut in_class) = (false, false);
    for &u in p {
        let line_terminator = match u {
            0x0A => Some('n'),
            0x0D => Some('r'),
            0x2028 => Some('2'),
            0x2029 => Some('3'),
            _ => None,
        };
        if let Some(c) = line_terminator {
            if !escaped {
                out.push(b'\\' as u16);
            }
            match c {
                '2' => out.extend("u2028".encode_utf16()),
                '3' => out.extend("u2029".encode_utf16()),
                c => out.push(c as u16),
            }
            escaped = false;
            continue;
        }
        if escaped {
            out.push(u);
            escaped = false;
            continue;
        }
        match u {
            0x5C => escaped = true,
            0x5B => in_class = true,
            0x5D => in_class = false,
            0x2F if !in_class => out.push(b'\\' as u16),
            _ => {}
        }
        out.push(u);
    }
    out
}

/// get RegExp.prototype.source <https://tc39.es/ecma262/#sec-get-regexp.prototype.source>
pub fn get_source(vm: &mut Vm, args: Args) -> JsResult {
    let r = args.this(vm);
    // 1-2. If R is not an Object, throw a TypeError.
    let Value::Object(o) = r else {
        return Err(vm.type_error("RegExp.prototype.source getter called on a non-object"));
    };
    // 3. If R does not have an [[OriginalSource]] internal slot, then
    let Some((src, _)) = regexp_data(vm, r) else {
        // a. If SameValue(R, %RegExp.prototype%) is true, return "(?:)".
        if o == vm.intrinsic(Intrinsic::RegExpPrototype) {
            return Ok(vm.string_from("(?:)"));
        }
        return Err(
            vm.type_error("RegExp.prototype.source getter called on an incompatible receiver")
        );
    };
    // 4-6. Return EscapeRegExpPattern(src, flags).
    let escaped = escape_regexp_pattern(&src);
    Ok(vm.string_value(escaped))
}

/// RegExp.prototype.toString() <https://tc39.es/ecma262/#sec-regexp.prototype.tostring>
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    let r = this_object(vm, args, "RegExp.prototype.toString")?;
    with_roots(vm, &[r], |vm, base| {
        // 3. Let pattern be ? ToString(? Get(R, "source")).
        let o = rooted_obj(vm, base);
        let src = ops::get_name(vm, o, CommonKey::Source)?;
        let pattern = to_units(vm, src)?;
        // 4. Let flags be ? ToString(? Get(R, "flags")).
        let o = rooted_obj(vm, base);
        let fl = ops::get_name(vm, o, CommonKey::Flags)?;
        let flags = to_units(vm, fl)?;
        // 5. Return "/" + pattern + "/" + flags.
        let mut out = vec![b'/' as u16];
        out.extend(pattern);
        out.push(b'/' as u16);
        out.extend(flags);
        Ok(vm.string_value(out))
    })
}

// --- symbol methods ----------------------------------------------------------------------------

/// ToString(? Get(o, "flags")) as code units.
fn get_flags_units(vm: &mut Vm, slot: usize) -> JsResult<Vec<u16>> {
    let o = rooted_obj(vm, slot);
    if is_pristine(vm, o) {
        // The built-in getter's result: the flags in its order (see `get_flags`).
        let ObjectKind::RegExp(data) = &vm.heap.get(o).kind else {
            unreachable!("is_pristine checked the kind")
        };
        let flags = vm.heap.string_units(data.flags);
        return Ok(FLAGS_IN_ORDER
            .iter()
            .map(|&c| c as u16)
            .filter(|c| flags.contains(c))
            .collect());
    }
    let f = ops::get_name(vm, o, CommonKey::Flags)?;
    to_units(vm, f)
}

/// ToString(? Get(result, "0")) as code units.
fn match_string(vm: &mut Vm, result: Value) -> JsResult<Vec<u16>> {
    let Value::Object(o) = result else {
        return Ok(Vec::new());
    };
    let v = ops::get(vm, o, PropertyKey::Index(0))?;
    to_units(vm, v)
}

/// When a global match was empty, step lastIndex past it.
fn advance_after_empty_match(vm: &mut Vm, slot: usize, s: &[u16], unicode: bool) -> JsResult<()> {
    let this_index = get_last_index(vm, slot)?;
    let next = advance_string_index(s, this_index, unicode);
    set_last_index(vm, slot, next)
}

/// RegExp.prototype[@@match](string) <https://tc39.es/ecma262/#sec-regexp.prototype-@@match>
pub fn symbol_match(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Let rx be the this value; if rx is not an Object, throw a TypeError.
    this_object(vm, args, "RegExp.prototype[Symbol.match]")?;
    // 3. Let S be ? ToString(string).
    let (s, sv) = to_units_value(vm, args.get(vm, 0))?;
    let rx = args.this(vm);
    with_subject(vm, sv, &[rx], |vm, base, ss| {
        // 4. Let flags be ? ToString(? Get(rx, "flags")).
        let flags = get_flags_units(vm, base)?;
        // 5. If flags does not contain "g", return ? RegExpExec(rx, S).
        if !flags.contains(&(b'g' as u16)) {
            return regexp_exec(vm, base, ss);
        }
        // 6.a. If flags contains "u" or "v", let fullUnicode be true.
        let full_unicode = flags.contains(&(b'u' as u16)) || flags.contains(&(b'v' as u16));
        // 6.c. Perform ? Set(rx, "lastIndex", +0𝔽, true).
        set_last_index(vm, base, 0.0)?;
        // 6.d-g. Collect the match strings.
        let list = base + 1;
        loop {
            let result = regexp_exec(vm, base, ss)?;
            if result == Value::Null {
                if vm.roots.len() == list {
                    return Ok(Value::Null);
                }
                let items = vm.roots[list..].to_vec();
                return Ok(Value::Object(ops::create_array_from_list(vm, &items)));
            }
            let m = match_string(vm, result)?;
            let empty = m.is_empty();
            let v = vm.string_value(m);
            vm.roots.push(v);
            if empty {
                advance_after_empty_match(vm, base, &s, full_unicode)?;
            }
        }
    })
}

/// RegExp.prototype[@@matchAll](string)
/// <https://tc39.es/ecma262/#sec-regexp-prototype-%symbol.matchall%>
pub fn symbol_match_all(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Let R be the this value; if R is not an Object, throw a TypeError.
    this_object(vm, args, "RegExp.prototype[Symbol.matchAll]")?;
    // 3. Let S be ? ToString(string).
    let s = ops::to_string(vm, args.get(vm, 0))?;
    let r2 = args.this(vm);
    with_roots(vm, &[r2, Value::String(s)], |vm, base| {
        // 4. Let C be ? SpeciesConstructor(R, %RegExp%).
        let o = rooted_obj(vm, base);
        let c = ops::species_constructor(vm, o, Intrinsic::RegExp)?;
        vm.roots.push(c);
        // 5. Let flags be ? ToString(? Get(R, "flags")).
        let flags = get_flags_units(vm, base)?;
        let fv = vm.string_value(flags.clone());
        // 6. Let matcher be ? Construct(C, « R, flags »).
        let (c, r) = (vm.rooted(base + 2), vm.rooted(base));
        let matcher = ops::construct(vm, c, &[r, fv], None)?;
        vm.roots.push(matcher);
        // 7. Let lastIndex be ? ToLength(? Get(R, "lastIndex")).
        let last_index = get_last_index(vm, base)?;
        // 8. Perform ? Set(matcher, "lastIndex", lastIndex, true).
        set_last_index(vm, base + 3, last_index)?;
        // 9-12. global and fullUnicode from flags.
        let global = flags.contains(&(b'g' as u16));
        let full_unicode = flags.contains(&(b'u' as u16)) || flags.contains(&(b'v' as u16));
        // 13. Return CreateRegExpStringIterator(matcher, S, global, fullUnicode).
        let proto = vm.intrinsic(Intrinsic::RegExpStringIteratorPrototype);
        let it = vm.heap.alloc(Object::new(
            Some(proto),
            ObjectKind::RegExpStringIterator(Box::new(RegExpStringIteratorData {
                regexp: vm.rooted(base + 3),
                string: vm.rooted(base + 1),
                global,
                full_unicode,
                done: false,
            })),
        ));
        Ok(Value::Object(it))
    })
}

/// %RegExpStringIteratorPrototype%.next()
/// <https://tc39.es/ecma262/#sec-%regexpstringiteratorprototype%.next>
pub fn string_iterator_next(vm: &mut Vm, args: Args) -> JsResult {
    let this = args.this(vm);
    let data = match this {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::RegExpStringIterator(d) => Some((**d).clone()),
            _ => None,
        },
        _ => None,
    };
    let Some(data) = data else {
        return Err(vm.type_error("RegExp String Iterator next called on an incompatible receiver"));
    };
    // 4. If O.[[Done]] is true, return CreateIterResultObject(undefined, true).
    if data.done {
        return Ok(ops::create_iter_result_object(vm, Value::Undefined, true));
    }
    let s = units_of(vm, data.string);
    let set_done = |vm: &mut Vm, args: Args| {
        if let Value::Object(o) = args.this(vm) {
            if let ObjectKind::RegExpStringIterator(d) = &mut vm.heap.get_mut(o).kind {
                d.done = true;
            }
        }
    };
    with_subject(vm, data.string, &[data.regexp], |vm, base, ss| {
        // 9. Let match be ? RegExpExec(R, S).
        let m = regexp_exec(vm, base, ss)?;
        // 10. If match is null: set O.[[Done]] to true; return (undefined, true).
        if m == Value::Null {
            set_done(vm, args);
            return Ok(ops::create_iter_result_object(vm, Value::Undefined, true));
        }
        let ms = vm.root(m);
        // 11. If global is true: step past empty matches; return (match, false).
        if data.global {
            let m = vm.rooted(ms);
            let match_str = match_string(vm, m)?;
            if match_str.is_empty() {
                advance_after_empty_match(vm, base, &s, data.full_unicode)?;
            }
        } else {
            // 12. Else: set O.[[Done]] to true; return (match, false).
            set_done(vm, args);
        }
        let m = vm.rooted(ms);
        Ok(ops::create_iter_result_object(vm, m, false))
    })
}

/// RegExp.prototype[@@search](string) <https://tc39.es/ecma262/#sec-regexp.prototype-@@search>
pub fn symbol_search(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Let rx be the this value; if rx is not an Object, throw a TypeError.
    this_object(vm, args, "RegExp.prototype[Symbol.search]")?;
    // 3. Let S be ? ToString(string).
    let sv = Value::String(ops::to_string(vm, args.get(vm, 0))?);
    let rx = args.this(vm);
    with_subject(vm, sv, &[rx], |vm, base, ss| {
        // 4. Let previousLastIndex be ? Get(rx, "lastIndex").
        let o = rooted_obj(vm, base);
        let previous = ops::get_name(vm, o, CommonKey::LastIndex)?;
        vm.roots.push(previous);
        // 5. If SameValue(previousLastIndex, +0𝔽) is false, Set(rx, "lastIndex", +0𝔽, true).
        if !ops::same_value(vm, previous, Value::Number(0.0)) {
            set_last_index(vm, base, 0.0)?;
        }
        // 6. Let result be ? RegExpExec(rx, S).
        let result = regexp_exec(vm, base, ss)?;
        vm.roots.push(result);
        // 7. Let currentLastIndex be ? Get(rx, "lastIndex").
        let o = rooted_obj(vm, base);
        let current = ops::get_name(vm, o, CommonKey::LastIndex)?;
        // 8. If SameValue(currentLastIndex, previousLastIndex) is false, restore it.
        let previous = vm.rooted(base + 1);
        if !ops::same_value(vm, current, previous) {
            let o = rooted_obj(vm, base);
            let key = vm.name_key(CommonKey::LastIndex);
            ops::set(vm, o, key, previous, true)?;
        }
        // 9-10. If result is null, return -1; else return ? Get(result, "index").
        match vm.rooted(base + 2) {
            Value::Object(r) => ops::get_name(vm, r, CommonKey::Index),
            _ => Ok(Value::Number(-1.0)),
        }
    })
}

/// GetSubstitution(matched, str, position, captures, namedCaptures, replacementTemplate).
/// <https://tc39.es/ecma262/#sec-getsubstitution>
/// `named` is the root slot holding namedCaptures (`Undefined` when absent).
pub(crate) fn get_substitution(
    vm: &mut Vm,
    matched: &[u16],
    s: &[u16],
    position: usize,
    captures: &[Option<Vec<u16>>],
    named: Option<usize>,
    template: &[u16],
) -> JsResult<Vec<u16>> {
    let dollar = b'$' as u16;
    let is_digit = |u: u16| (b'0' as u16..=b'9' as u16).contains(&u);
    let mut result = Vec::with_capacity(template.len());
    let mut i = 0;
    let m = captures.len();
    while i < template.len() {
        if result.len() > crate::builtins::string::MAX_STRING_LENGTH {
            return Err(vm.range_error("Invalid string length"));
        }
        let c = template[i];
        if c != dollar || i + 1 >= template.len() {
            result.push(c);
            i += 1;
            continue;
        }
        let next = template[i + 1];
        match next {
            0x24 => {
                result.push(dollar);
                i += 2;
            }
            0x26 => {
                result.extend_from_slice(matched);
                i += 2;
            }
            0x60 => {
                result.extend_from_slice(&s[..position.min(s.len())]);
                i += 2;
            }
            0x27 => {
                let tail = (position + matched.len()).min(s.len());
                result.extend_from_slice(&s[tail..]);
                i += 2;
            }
            d if is_digit(d) => {
                let mut digit_count = if i + 2 < template.len() && is_digit(template[i + 2]) {
                    2
                } else {
                    1
                };
                let mut index = (d - b'0' as u16) as usize;
                if digit_count == 2 {
                    index = index * 10 + (template[i + 2] - b'0' as u16) as usize;
                    if index > m {
                        digit_count = 1;
                        index = (d - b'0' as u16) as usize;
                    }
                }
                if (1..=m).contains(&index) {
                    if let Some(cap) = &captures[index - 1] {
                        result.extend_from_slice(cap);
                    }
                } else {
                    result.extend_from_slice(&template[i..i + 1 + digit_count]);
                }
                i += 1 + digit_count;
            }
            0x3C => {
                let gt = template[i..].iter().position(|&u| u == b'>' as u16);
                match (gt, named) {
                    (Some(gt), Some(slot)) if !vm.rooted(slot).is_undefined() => {
                        let name = &template[i + 2..i + gt];
                        let Value::Object(o) = vm.rooted(slot) else {
                            unreachable!()
                        };
                        let key = ops::key_from_units(vm, name);
                        let capture = ops::get(vm, o, key)?;
                        if !capture.is_undefined() {
                            let cu = to_units(vm, capture)?;
                            result.extend(cu);
                        }
                        i += gt + 1;
                    }
                    _ => {
                        result.extend_from_slice(&template[i..i + 2]);
                        i += 2;
                    }
                }
            }
            _ => {
                result.push(dollar);
                i += 1;
            }
        }
    }
    Ok(result)
}

/// RegExp.prototype[@@replace](string, replaceValue)
/// <https://tc39.es/ecma262/#sec-regexp.prototype-@@replace>
pub fn symbol_replace(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Let rx be the this value; if rx is not an Object, throw a TypeError.
    this_object(vm, args, "RegExp.prototype[Symbol.replace]")?;
    // 3. Let S be ? ToString(string).
    let (s, sv) = to_units_value(vm, args.get(vm, 0))?;
    let length_s = s.len();
    // 5-6. functionalReplace; else replaceValue = ? ToString(replaceValue).
    let replace_value = args.get(vm, 1);
    let functional = ops::is_callable(vm, replace_value);
    let template = if functional {
        Vec::new()
    } else {
        to_units(vm, replace_value)?
    };
    let rx = args.this(vm);
    let replace_value = args.get(vm, 1);
    with_subject(vm, sv, &[rx, replace_value], |vm, base, ss| {
        // 7. Let flags be ? ToString(? Get(rx, "flags")).
        let flags = get_flags_units(vm, base)?;
        // 8. Let global be true if flags contains "g".
        let global = flags.contains(&(b'g' as u16));
        let mut full_unicode = false;
        if global {
            full_unicode = flags.contains(&(b'u' as u16)) || flags.contains(&(b'v' as u16));
            set_last_index(vm, base, 0.0)?;
        }
        // 10-11. Collect the results.
        let results = base + 2;
        loop {
            let result = regexp_exec(vm, base, ss)?;
            if result == Value::Null {
                break;
            }
            vm.roots.push(result);
            if !global {
                break;
            }
            let m = match_string(vm, result)?;
            if m.is_empty() {
                advance_after_empty_match(vm, base, &s, full_unicode)?;
            }
        }
        let count = vm.roots.len() - results;
        // 12-14. Build the result.
        let mut acc: Vec<u16> = Vec::new();
        let mut next_source_position = 0usize;
        for k in 0..count {
            let temps = vm.roots.len();
            let r = rooted_obj(vm, results + k);
            // a-b. resultLength and nCaptures.
            let result_length = ops::length_of_array_like(vm, r)?;
            let n_captures = (result_length - 1.0).max(0.0) as usize;
            // c. Let matched be ? ToString(? Get(result, "0")).
            let matched = match_string(vm, Value::Object(rooted_obj(vm, results + k)))?;
            // e-h. Let position be the clamped ToIntegerOrInfinity(? Get(result, "index")).
            let r = rooted_obj(vm, results + k);
            let pos_v = ops::get_name(vm, r, CommonKey::Index)?;
            let position = ops::to_integer_or_infinity(vm, pos_v)?;
            let position = position.clamp(0.0, length_s as f64) as usize;
            // i-k. The captures, each ToString'd unless undefined.
            let mut captures: Vec<Option<Vec<u16>>> = Vec::new();
            for n in 1..=n_captures {
                let r = rooted_obj(vm, results + k);
                let key = if n < u32::MAX as usize {
                    PropertyKey::Index(n as u32)
                } else {
                    vm.key(&n.to_string())
                };
                let cap = ops::get(vm, r, key)?;
                captures.push(if cap.is_undefined() {
                    None
                } else {
                    Some(to_units(vm, cap)?)
                });
            }
            // l. Let namedCaptures be ? Get(result, "groups").
            let r = rooted_obj(vm, results + k);
            let named = ops::get_name(vm, r, CommonKey::Groups)?;
            let named_slot = vm.root(named);
            let replacement = if functional {
                // m. replacerArgs = « matched » + captures + « position, S » (+ groups).
                let mut call_args = vec![vm.string_value(matched.clone())];
                for c in &captures {
                    call_args.push(match c {
                        Some(u) => vm.string_value(u.clone()),
                        None => Value::Undefined,
                    });
                }
                call_args.push(Value::Number(position as f64));
                call_args.push(vm.rooted(ss));
                let named = vm.rooted(named_slot);
                if !named.is_undefined() {
                    call_args.push(named);
                }
                let f = vm.rooted(base + 1);
                let v = ops::call(vm, f, Value::Undefined, &call_args)?;
                to_units(vm, v)?
            } else {
                // n. If namedCaptures is not undefined, set it to ? ToObject(namedCaptures).
                let named = vm.rooted(named_slot);
                if !named.is_undefined() {
                    let o = ops::to_object(vm, named)?;
                    vm.roots[named_slot] = Value::Object(o);
                }
                get_substitution(
                    vm,
                    &matched,
                    &s,
                    position,
                    &captures,
                    Some(named_slot),
                    &template,
                )?
            };
            // p. If position ≥ nextSourcePosition, append and move on.
            if position >= next_source_position {
                acc.extend_from_slice(&s[next_source_position..position]);
                acc.extend(replacement);
                next_source_position = position + matched.len();
            }
            vm.unroot(temps);
        }
        // 15-16. Append the rest of S.
        if next_source_position < length_s {
            acc.extend_from_slice(&s[next_source_position..]);
        }
        Ok(vm.string_value(acc))
    })
}

/// Whether @@split's loop over `splitter` (root slot `sp`, made by the constructor in root slot
/// `c_slot`) can run no code but the built-in `exec`, so that nothing but its result can be
/// observed: the constructor was %RegExp% itself (so the splitter is a fresh RegExp whose
/// "lastIndex" is a plain data property) and the splitter [`is_pristine`].
fn exec_is_unobservable(vm: &mut Vm, c_slot: usize, sp: usize) -> bool {
    vm.rooted(c_slot) == Value::Object(vm.intrinsic(Intrinsic::RegExp))
        && is_pristine(vm, rooted_obj(vm, sp))
}

/// Steps 17-22 of @@split when [`exec_is_unobservable`]: the spec tries the sticky splitter at
/// q, q + 1, ... until one matches, and the first q where it matches is where an unanchored
/// search from q finds its match, so one search stands for that whole run of attempts. Every
/// match the attempts would find is found, in order, and updates the legacy static properties
/// as the built-in `exec` does; the splitter's lastIndex and the match arrays are never seen.
fn split_by_search(
    vm: &mut Vm,
    sp: usize,
    ss: usize,
    a_slot: usize,
    lim: usize,
    unicode: bool,
) -> JsResult {
    let push = |vm: &mut Vm, v: Value| -> usize {
        let a = rooted_obj(vm, a_slot);
        super::array::push_fast(vm, a, v);
        crate::object::array_length(vm, a).0 as usize
    };
    let re = {
        let ObjectKind::RegExp(d) = &vm.heap.get(rooted_obj(vm, sp)).kind else {
            unreachable!("the splitter is a RegExp object");
        };
        let (source, flags) = (
            vm.heap.string_units(d.source),
            vm.heap.string_units(d.flags),
        );
        match vm.regexp_cache.matcher(source, flags) {
            Ok(re) => re,
            Err(e) => return Err(vm.throw_error(ErrorKind::SyntaxError, e)),
        }
    };
    let size = vm.heap.string_units(rooted_string(vm, ss)).len();
    let (mut p, mut q) = (0usize, 0usize);
    while q < size {
        vm.tick()?;
        // a-b. The first q at or after this one where the splitter matches, and its match.
        let subject = rooted_string(vm, ss);
        let Some(m) = run_matcher(vm, &re, subject, q, unicode, false)? else {
            break;
        };
        let whole = m.captures[0].clone().unwrap_or(0..0);
        if whole.start >= size {
            break;
        }
        q = whole.start;
        let (r, subject) = (rooted_obj(vm, sp), rooted_string(vm, ss));
        super::regexp_legacy::after_match(vm, r, subject, &m.captures);
        // d.i-ii. Let e be min(lastIndex, size): the sticky match ends where lastIndex is set.
        let e = whole.end.min(size);
        // d.iii. If e = p, set q to AdvanceStringIndex(S, q, unicodeMatching).
        if e == p {
            let s = vm.heap.string_units(rooted_string(vm, ss));
            q = advance_string_index(s, q as f64, unicode) as usize;
            continue;
        }
        // d.iv. Push T, the substring of S from p to q.
        let t = substring_value(vm, ss, p..q);
        if push(vm, t) == lim {
            return Ok(vm.rooted(a_slot));
        }
        // d.v. Set p to e.
        p = e;
        // d.vi-ix. Push each capture.
        for c in &m.captures[1..] {
            let cap = match c {
                Some(r) => substring_value(vm, ss, r.clone()),
                None => Value::Undefined,
            };
            if push(vm, cap) == lim {
                return Ok(vm.rooted(a_slot));
            }
        }
        // d.x. Set q to p.
        q = p;
    }
    // 20-22. Push S[p..size] and return A.
    let t = substring_value(vm, ss, p..size);
    push(vm, t);
    Ok(vm.rooted(a_slot))
}

/// RegExp.prototype[@@split](string, limit) <https://tc39.es/ecma262/#sec-regexp.prototype-@@split>
pub fn symbol_split(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Let rx be the this value; if rx is not an Object, throw a TypeError.
    this_object(vm, args, "RegExp.prototype[Symbol.split]")?;
    // 3. Let S be ? ToString(string).
    let (s, sv) = to_units_value(vm, args.get(vm, 0))?;
    let rx = args.this(vm);
    with_subject(vm, sv, &[rx], |vm, base, ss| {
        // 4. Let C be ? SpeciesConstructor(rx, %RegExp%).
        let o = rooted_obj(vm, base);
        let c = ops::species_constructor(vm, o, Intrinsic::RegExp)?;
        vm.roots.push(c);
        // 5. Let flags be ? ToString(? Get(rx, "flags")).
        let mut flags = get_flags_units(vm, base)?;
        // 6-7. unicodeMatching: flags contains "u" or "v".
        let unicode = flags.contains(&(b'u' as u16)) || flags.contains(&(b'v' as u16));
        // 8-9. newFlags: flags with "y".
        if !flags.contains(&(b'y' as u16)) {
            flags.push(b'y' as u16);
        }
        // 10. Let splitter be ? Construct(C, « rx, newFlags »).
        let fv = vm.string_value(flags);
        let (c, rx) = (vm.rooted(base + 1), vm.rooted(base));
        let splitter = ops::construct(vm, c, &[rx, fv], None)?;
        vm.roots.push(splitter);
        let sp = base + 2;
        // 13. Let lim be 2^32 - 1 if limit is undefined, else ℝ(? ToUint32(limit)).
        let limit = args.get(vm, 1);
        let lim = if limit.is_undefined() {
            u32::MAX
        } else {
            ops::to_uint32(vm, limit)?
        } as usize;
        // 11-12. Let A be ! ArrayCreate(0); lengthA = 0.
        let a = ops::create_array_from_list(vm, &[]);
        vm.roots.push(Value::Object(a));
        let a_slot = base + 3;
        vm.roots.push(Value::Undefined);
        let z_slot = base + 4;
        let push = |vm: &mut Vm, v: Value| -> usize {
            let a = rooted_obj(vm, a_slot);
            super::array::push_fast(vm, a, v);
            crate::object::array_length(vm, a).0 as usize
        };
        // 14. If lim = 0, return A.
        if lim == 0 {
            return Ok(vm.rooted(a_slot));
        }
        let size = s.len();
        // 16. If S is the empty String: return A, or [S] when the splitter does not match.
        if size == 0 {
            let z = regexp_exec(vm, sp, ss)?;
            if z == Value::Null {
                let v = vm.string_value(Vec::new());
                push(vm, v);
            }
            return Ok(vm.rooted(a_slot));
        }
        if exec_is_unobservable(vm, base + 1, sp) {
            return split_by_search(vm, sp, ss, a_slot, lim, unicode);
        }
        // 17-19. Walk q over S.
        let (mut p, mut q) = (0usize, 0usize);
        while q < size {
            // a. Perform ? Set(splitter, "lastIndex", 𝔽(q), true).
            set_last_index(vm, sp, q as f64)?;
            // b. Let z be ? RegExpExec(splitter, S).
            let z = regexp_exec(vm, sp, ss)?;
            // c. If z is null, set q to AdvanceStringIndex(S, q, unicodeMatching).
            if z == Value::Null {
                q = advance_string_index(&s, q as f64, unicode) as usize;
                continue;
            }
            vm.roots[z_slot] = z;
            // d.i-ii. Let e be min(ℝ(? ToLength(? Get(splitter, "lastIndex"))), size).
            let e = get_last_index(vm, sp)?.min(size as f64) as usize;
            // d.iii. If e = p, set q to AdvanceStringIndex(S, q, unicodeMatching).
            if e == p {
                q = advance_string_index(&s, q as f64, unicode) as usize;
                continue;
            }
            // d.iv. Push T, the substring of S from p to q.
            let t = vm.string_value(s[p..q.max(p)].to_vec());
            if push(vm, t) == lim {
                return Ok(vm.rooted(a_slot));
            }
            // d.v. Set p to e.
            p = e;
            // d.vi-ix. Push each capture of z.
            let zo = rooted_obj(vm, z_slot);
            let n = ops::length_of_array_like(vm, zo)?;
            let n_captures = (n - 1.0).max(0.0) as usize;
            for i in 1..=n_captures {
                let zo = rooted_obj(vm, z_slot);
                let cap = ops::get(vm, zo, PropertyKey::Index(i as u32))?;
                if push(vm, cap) == lim {
                    return Ok(vm.rooted(a_slot));
                }
            }
            // d.x. Set q to p.
            q = p;
        }
        // 20-22. Push S[p..size] and return A.
        let t = vm.string_value(s[p..].to_vec());
        push(vm, t);
        Ok(vm.rooted(a_slot))
    })
}
