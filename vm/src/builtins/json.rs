//! The `JSON` namespace. <https://tc39.es/ecma262/#sec-json-object>

use super::{json_raw, method};
use crate::natives::NativeId;
use crate::object;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::{ObjectKind, PropertyKey, Value};

pub fn init(vm: &mut Vm) {
    let j = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::Json, j);
    super::global(vm, "JSON", Value::Object(j));
    method(vm, j, "parse", NativeId::JsonParse, 2);
    method(vm, j, "stringify", NativeId::JsonStringify, 3);
    super::iterators::tag(vm, j, "JSON");
}

/// QuoteJSONString(value). <https://tc39.es/ecma262/#sec-quotejsonstring>
fn quote(units: &[u16], out: &mut Vec<u16>) {
    out.push(b'"' as u16);
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        let esc: Option<&str> = match u {
            0x08 => Some("\\b"),
            0x09 => Some("\\t"),
            0x0a => Some("\\n"),
            0x0c => Some("\\f"),
            0x0d => Some("\\r"),
            0x22 => Some("\\\""),
            0x5c => Some("\\\\"),
            _ => None,
        };
        if let Some(e) = esc {
            out.extend(e.encode_utf16());
        } else if u < 0x20 || (0xD800..0xE000).contains(&u) && !is_paired(units, i) {
            out.extend(format!("\\u{u:04x}").encode_utf16());
        } else if (0xD800..0xDC00).contains(&u) {
            out.push(u);
            out.push(units[i + 1]);
            i += 1;
        } else {
            out.push(u);
        }
        i += 1;
    }
    out.push(b'"' as u16);
}

fn is_paired(units: &[u16], i: usize) -> bool {
    let u = units[i];
    if (0xD800..0xDC00).contains(&u) {
        units
            .get(i + 1)
            .is_some_and(|n| (0xDC00..0xE000).contains(n))
    } else {
        false
    }
}

/// The serialization state. Every heap value it refers to lives in a root slot (the rooting
/// rule: the replacer and toJSON methods may run JavaScript, and so move objects).
struct State {
    /// Root slots of the objects being serialized (for the cycle check).
    stack: Vec<usize>,
    indent: Vec<u16>,
    gap: Vec<u16>,
    /// Root slots (start, count) holding the PropertyList's keys as string values.
    property_list: Option<(usize, usize)>,
}

/// JSON.stringify(value, replacer, space). <https://tc39.es/ecma262/#sec-json.stringify>
pub fn stringify(vm: &mut Vm, args: Args) -> JsResult {
    let base = vm.roots.len();
    let r = stringify_rooted(vm, args, base);
    vm.unroot(base);
    r
}

fn stringify_rooted(vm: &mut Vm, args: Args, base: usize) -> JsResult {
    // Root slot base: the replacer function (or undefined).
    vm.roots.push(Value::Undefined);
    let rs = base;
    let mut property_list = None;
    let replacer = args.get(vm, 1);
    if ops::is_callable(vm, replacer) {
        vm.roots[rs] = replacer;
    } else if let Value::Object(r) = replacer {
        if super::array::is_array_value(vm, r)? {
            // The PropertyList, kept as string values in root slots.
            let items = ops::create_list_from_array_like(vm, replacer)?;
            let items_base = vm.roots.len();
            vm.roots.extend_from_slice(&items);
            let list_base = vm.roots.len();
            for i in 0..items.len() {
                let item = vm.rooted(items_base + i);
                let wanted = match item {
                    Value::String(_) | Value::Number(_) => true,
                    Value::Object(o) => matches!(
                        vm.heap.get(o).kind,
                        ObjectKind::String(_) | ObjectKind::Number(_)
                    ),
                    _ => false,
                };
                if !wanted {
                    continue;
                }
                let s = ops::to_string(vm, item)?;
                let units = vm.heap.string_units(s).to_vec();
                let dup = (list_base..vm.roots.len()).any(|j| match vm.roots[j] {
                    Value::String(t) => vm.heap.string_units(t) == &units[..],
                    _ => false,
                });
                if !dup {
                    vm.roots.push(Value::String(s));
                }
            }
            property_list = Some((list_base, vm.roots.len() - list_base));
        }
    }
    let mut space = args.get(vm, 2);
    if let Value::Object(o) = space {
        match vm.heap.get(o).kind {
            ObjectKind::Number(_) => space = Value::Number(ops::to_number(vm, space)?),
            ObjectKind::String(_) => space = Value::String(ops::to_string(vm, space)?),
            _ => {}
        }
    }
    let gap: Vec<u16> = match space {
        Value::Number(n) => {
            let k = n.clamp(0.0, 10.0) as usize;
            vec![b' ' as u16; if n >= 1.0 { k } else { 0 }]
        }
        Value::String(s) => vm.heap.string_units(s).iter().take(10).copied().collect(),
        _ => Vec::new(),
    };
    let wrapper = super::ordinary(vm, Intrinsic::ObjectPrototype);
    let empty = vm.key("");
    let value = args.get(vm, 0);
    ops::create_data_property_or_throw(vm, wrapper, empty, value)?;
    let mut state = State {
        stack: Vec::new(),
        indent: Vec::new(),
        gap,
        property_list,
    };
    let ws = vm.root(Value::Object(wrapper));
    let mut out = Vec::new();
    let key = vm.string_value(Vec::new());
    if serialize_property(vm, &mut state, key, ws, &mut out, rs)? {
        Ok(vm.string_value(out))
    } else {
        Ok(Value::Undefined)
    }
}

/// SerializeJSONProperty(state, key, holder); returns false for undefined. `key` is the
/// property name as a string value; `holder` is a root slot.
/// <https://tc39.es/ecma262/#sec-serializejsonproperty>
fn serialize_property(
    vm: &mut Vm,
    state: &mut State,
    key: Value,
    holder: usize,
    out: &mut Vec<u16>,
    rs: usize,
) -> JsResult<bool> {
    // A unit of fuel and a poll of the limits now and then: a big value takes long.
    vm.tick()?;
    let base = vm.roots.len();
    vm.roots.push(key);
    let r = serialize_property_rooted(vm, state, base, holder, out, rs);
    vm.unroot(base);
    r
}

fn serialize_property_rooted(
    vm: &mut Vm,
    state: &mut State,
    ks: usize,
    hs: usize,
    out: &mut Vec<u16>,
    rs: usize,
) -> JsResult<bool> {
    // 1. Let value be ? Get(holder, key).
    let h = super::regexp::rooted_obj(vm, hs);
    let key = ops::to_property_key(vm, vm.rooted(ks))?;
    let mut value = ops::get(vm, h, key)?;
    // 2. If value is an Object or a BigInt, call its toJSON method if it has one.
    if matches!(value, Value::Object(_) | Value::BigInt(_)) {
        let vs = vm.root(value);
        let tj = vm.key("toJSON");
        let f = ops::get_v(vm, value, tj)?;
        value = vm.rooted(vs);
        if ops::is_callable(vm, f) {
            let k = vm.rooted(ks);
            value = ops::call(vm, f, value, &[k])?;
        }
        vm.unroot(vs);
    }
    // 3. If state.[[ReplacerFunction]] is not undefined, call it.
    let replacer = vm.rooted(rs);
    if !replacer.is_undefined() {
        let (k, holder) = (vm.rooted(ks), vm.rooted(hs));
        value = ops::call(vm, replacer, holder, &[k, value])?;
    }
    // 4.a. If value has an [[IsRawJSON]] internal slot, return ! Get(value, "rawJSON").
    if let Some(text) = json_raw::raw_json_text(vm, value) {
        out.extend_from_slice(vm.heap.string_units(text));
        return Ok(true);
    }
    if let Value::Object(o) = value {
        value = match vm.heap.get(o).kind {
            ObjectKind::Number(_) => Value::Number(ops::to_number(vm, value)?),
            ObjectKind::String(_) => Value::String(ops::to_string(vm, value)?),
            ObjectKind::Boolean(b) => Value::Boolean(b),
            ObjectKind::BigInt(b) => Value::BigInt(b),
            _ => value,
        };
    }
    match value {
        Value::Null => out.extend("null".encode_utf16()),
        Value::Boolean(true) => out.extend("true".encode_utf16()),
        Value::Boolean(false) => out.extend("false".encode_utf16()),
        Value::String(s) => quote(vm.heap.string_units(s), out),
        Value::Number(n) => {
            let s = if n.is_finite() {
                crate::number::number_to_string(n)
            } else {
                "null".into()
            };
            out.extend(s.encode_utf16());
        }
        Value::BigInt(_) => return Err(vm.type_error("Do not know how to serialize a BigInt")),
        Value::Object(o) if !ops::is_callable(vm, value) => {
            if state.stack.iter().any(|&slot| vm.rooted(slot) == value) {
                return Err(vm.type_error("Converting circular structure to JSON"));
            }
            let slot = vm.root(value);
            state.stack.push(slot);
            let r = if super::array::is_array_value(vm, o)? {
                serialize_array(vm, state, slot, out, rs)
            } else {
                serialize_object(vm, state, slot, out, rs)
            };
            vm.unroot(slot);
            state.stack.pop();
            r?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn open(state: &mut State, out: &mut Vec<u16>, c: u8) -> Vec<u16> {
    out.push(c as u16);
    let stepback = state.indent.clone();
    state.indent.extend(state.gap.clone());
    stepback
}

fn separator(state: &State, out: &mut Vec<u16>, first: bool) {
    if !first {
        out.push(b',' as u16);
    }
    if !state.gap.is_empty() {
        out.push(b'\n' as u16);
        out.extend(&state.indent);
    }
}

fn close(state: &mut State, out: &mut Vec<u16>, c: u8, stepback: Vec<u16>, empty: bool) {
    state.indent = stepback;
    if !empty && !state.gap.is_empty() {
        out.push(b'\n' as u16);
        out.extend(&state.indent);
    }
    out.push(c as u16);
}

/// SerializeJSONObject(state, value).
fn serialize_object(
    vm: &mut Vm,
    state: &mut State,
    slot: usize,
    out: &mut Vec<u16>,
    rs: usize,
) -> JsResult<()> {
    let stepback = open(state, out, b'{');
    let Value::Object(o) = vm.rooted(slot) else {
        unreachable!()
    };
    let keys_base = vm.roots.len();
    match state.property_list {
        Some((start, count)) => {
            for i in 0..count {
                let k = vm.rooted(start + i);
                vm.roots.push(k);
            }
        }
        None => {
            let all = object::own_property_keys(vm, o)?;
            let mut keys = Vec::new();
            for k in all {
                if let PropertyKey::Symbol(_) = k {
                    continue;
                }
                let Value::Object(o) = vm.rooted(slot) else {
                    unreachable!()
                };
                if object::get_own_property(vm, o, k)?.and_then(|d| d.enumerable) == Some(true) {
                    keys.push(k);
                }
            }
            // The keys are kept as string values in root slots while members serialize.
            for k in keys {
                let kv = ops::key_to_value(vm, k);
                vm.roots.push(kv);
            }
        }
    }
    let mut first = true;
    for i in keys_base..vm.roots.len() {
        let mut member = Vec::new();
        let k = vm.rooted(i);
        if serialize_property(vm, state, k, slot, &mut member, rs)? {
            separator(state, out, first);
            first = false;
            let Value::String(ks) = vm.rooted(i) else {
                continue;
            };
            quote(vm.heap.string_units(ks), out);
            out.push(b':' as u16);
            if !state.gap.is_empty() {
                out.push(b' ' as u16);
            }
            out.extend(member);
        }
    }
    vm.unroot(keys_base);
    close(state, out, b'}', stepback, first);
    Ok(())
}

/// SerializeJSONArray(state, value).
fn serialize_array(
    vm: &mut Vm,
    state: &mut State,
    slot: usize,
    out: &mut Vec<u16>,
    rs: usize,
) -> JsResult<()> {
    let stepback = open(state, out, b'[');
    let Value::Object(o) = vm.rooted(slot) else {
        unreachable!()
    };
    let len = ops::length_of_array_like(vm, o)? as u32;
    for i in 0..len {
        separator(state, out, i == 0);
        let k = vm.string_from(&i.to_string());
        if !serialize_property(vm, state, k, slot, out, rs)? {
            out.extend("null".encode_utf16());
        }
    }
    close(state, out, b']', stepback, len == 0);
    Ok(())
}

/// JSON.parse(text, reviver) <https://tc39.es/ecma262/#sec-json.parse>
pub fn parse(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Let jsonString be ? ToString(text).
    let s = ops::to_string(vm, args.get(vm, 0))?;
    let units = vm.heap.string_units(s).to_vec();
    // 9. If IsCallable(reviver) is true, then
    let reviver = args.get(vm, 1);
    let with_reviver = ops::is_callable(vm, reviver);
    // a. Let snapshot be CreateJSONParseRecord(script, unfiltered) (json-parse-with-source).
    let (v, snapshot) = parse_json(vm, &units, with_reviver)?;
    if !with_reviver {
        return Ok(v);
    }
    let base = vm.roots.len();
    vm.roots.push(snapshot);
    // b-d. Let root be a new object with root[""] = unfiltered.
    let root = super::ordinary(vm, Intrinsic::ObjectPrototype);
    let empty = vm.key("");
    ops::create_data_property_or_throw(vm, root, empty, v)?;
    // e. Return ? InternalizeJSONProperty(root, rootName, reviver, snapshot).
    vm.roots.push(Value::Object(root));
    vm.roots.push(reviver);
    let r = internalize_json_property(vm, base + 1, empty, base + 2, base);
    vm.unroot(base);
    r
}

/// ParseJSON(text) without a reviver: JSON.parse steps 3-8, also used by JSON modules.
/// <https://tc39.es/ecma262/#sec-ParseJSON>
pub fn parse_json_text(vm: &mut Vm, units: &[u16]) -> JsResult {
    parse_json(vm, units, false).map(|(v, _)| v)
}

/// Parses a JSON text into its value and, if `records`, its JSON Parse Record.
/// <https://tc39.es/proposal-json-parse-with-source/#sec-createjsonparserecord>
pub(crate) fn parse_json(vm: &mut Vm, units: &[u16], records: bool) -> JsResult<(Value, Value)> {
    // A strict reader builds the values directly.
    let base = vm.roots.len();
    let mut p = Parser {
        s: units,
        i: 0,
        records,
    };
    p.ws();
    let r = p.value(vm);
    vm.unroot(base);
    let v = r?;
    p.ws();
    if p.i != units.len() {
        return Err(vm.throw_error(crate::ErrorKind::SyntaxError, "Unexpected token in JSON"));
    }
    Ok(v)
}

/// InternalizeJSONProperty(holder, name, reviver, parseRecord); `holder`, `reviver` and
/// `parse_record` (a JSON Parse Record, or undefined for empty) are root slots.
/// <https://tc39.es/proposal-json-parse-with-source/#sec-internalizejsonproperty>
fn internalize_json_property(
    vm: &mut Vm,
    holder: usize,
    name: PropertyKey,
    reviver: usize,
    parse_record: usize,
) -> JsResult {
    // Keep the name alive too (a string key is a heap handle).
    let name_v = ops::key_to_value(vm, name);
    let base = vm.roots.len();
    vm.roots.push(name_v);
    let r = (|| {
        // 1. Let val be ? Get(holder, name).
        let h = super::regexp::rooted_obj(vm, holder);
        let name = ops::to_property_key(vm, vm.rooted(base))?;
        let val = ops::get(vm, h, name)?;
        vm.roots.push(val);
        let val_slot = base + 1;
        // 2. Let context be OrdinaryObjectCreate(%Object.prototype%).
        let context = super::ordinary(vm, Intrinsic::ObjectPrototype);
        vm.roots.push(Value::Object(context));
        // 3-4. The source of a primitive that is still the parsed value, and the records of
        //      the elements or entries of an array or object that still is.
        let record = vm.rooted(parse_record);
        let (source, element_records, entry_records) = json_raw::record_parts(vm, record, val);
        if let Some(source) = source {
            let key = vm.key("source");
            ops::create_data_property_or_throw(vm, context, key, source)?;
        }
        vm.roots.push(element_records);
        vm.roots.push(entry_records);
        let (elements_slot, entries_slot) = (base + 3, base + 4);
        // The slot for the record of the element or entry being internalized.
        vm.roots.push(Value::Undefined);
        let child_slot = base + 5;
        // 5. If val is an Object, then
        if let Value::Object(o) = val {
            // a-c. The keys: indices below the length of an array, else the enumerable own
            //      string keys.
            let keys: Vec<PropertyKey> = if super::array::is_array_value(vm, o)? {
                let len = ops::length_of_array_like(vm, o)?;
                (0..len as u64)
                    .map(|i| {
                        if i < u32::MAX as u64 {
                            PropertyKey::Index(i as u32)
                        } else {
                            vm.key(&i.to_string())
                        }
                    })
                    .collect()
            } else {
                let all = object::own_property_keys(vm, o)?;
                let mut keys = Vec::new();
                for k in all {
                    if matches!(k, PropertyKey::Symbol(_)) {
                        continue;
                    }
                    let o = super::regexp::rooted_obj(vm, val_slot);
                    if let Some(d) = object::get_own_property(vm, o, k)? {
                        if d.enumerable == Some(true) {
                            keys.push(k);
                        }
                    }
                }
                keys
            };
            // Key handles are kept alive as values while the reviver runs.
            let keys_base = vm.roots.len();
            for &k in &keys {
                let kv = ops::key_to_value(vm, k);
                vm.roots.push(kv);
            }
            for i in 0..keys.len() {
                let k = ops::to_property_key(vm, vm.rooted(keys_base + i))?;
                // The element record at index I, or the entry record whose [[Key]] is P.
                let (elements, entries) = (vm.rooted(elements_slot), vm.rooted(entries_slot));
                let child = json_raw::child_record(vm, elements, entries, k);
                vm.roots[child_slot] = child;
                // i. Let newElement be ? InternalizeJSONProperty(val, P, reviver, record).
                let new_element = internalize_json_property(vm, val_slot, k, reviver, child_slot)?;
                let o = super::regexp::rooted_obj(vm, val_slot);
                let k = ops::to_property_key(vm, vm.rooted(keys_base + i))?;
                if new_element.is_undefined() {
                    // ii. If newElement is undefined, perform ? val.[[Delete]](P).
                    object::delete(vm, o, k)?;
                } else {
                    // iii. Else, perform ? CreateDataProperty(val, P, newElement).
                    ops::create_data_property(vm, o, k, new_element)?;
                }
            }
        }
        // 6. Return ? Call(reviver, holder, « name, val, context »).
        let (f, h, n, v, c) = (
            vm.rooted(reviver),
            vm.rooted(holder),
            vm.rooted(base),
            vm.rooted(val_slot),
            vm.rooted(base + 2),
        );
        ops::call(vm, f, h, &[n, v, c])
    })();
    vm.unroot(base);
    r
}

struct Parser<'a> {
    s: &'a [u16],
    i: usize,
    /// Build a JSON Parse Record for every value (JSON.parse with a reviver); otherwise the
    /// record half of each result is undefined.
    records: bool,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], 0x20 | 0x09 | 0x0a | 0x0d) {
            self.i += 1;
        }
    }
    fn error(&self, vm: &mut Vm) -> crate::Throw {
        vm.throw_error(
            crate::ErrorKind::SyntaxError,
            format!("Unexpected token in JSON at position {}", self.i),
        )
    }
    fn eat(&mut self, word: &str) -> bool {
        let w: Vec<u16> = word.encode_utf16().collect();
        if self.s[self.i..].starts_with(&w) {
            self.i += w.len();
            true
        } else {
            false
        }
    }
    /// A value and its JSON Parse Record (undefined unless `records`).
    fn value(&mut self, vm: &mut Vm) -> JsResult<(Value, Value)> {
        // A unit of fuel and a poll of the limits now and then: a big text takes long.
        vm.tick()?;
        let start = self.i;
        let v = match self.s.get(self.i).copied() {
            Some(0x7b) => return self.object(vm),
            Some(0x5b) => return self.array(vm),
            Some(0x22) => {
                let units = self.string(vm)?;
                vm.string_value(units)
            }
            Some(c) if c == b'-' as u16 || (b'0' as u16..=b'9' as u16).contains(&c) => {
                self.number(vm)?
            }
            _ if self.eat("true") => Value::Boolean(true),
            _ if self.eat("false") => Value::Boolean(false),
            _ if self.eat("null") => Value::Null,
            _ => return Err(self.error(vm)),
        };
        if !self.records {
            return Ok((v, Value::Undefined));
        }
        let source = vm.string_value(self.s[start..self.i].to_vec());
        let record = json_raw::parse_record(vm, v, source, Value::Undefined, Value::Undefined);
        Ok((v, record))
    }
    fn number(&mut self, vm: &mut Vm) -> JsResult {
        let start = self.i;
        let digit = |c: u16| (b'0' as u16..=b'9' as u16).contains(&c);
        if self.s[self.i] == b'-' as u16 {
            self.i += 1;
        }
        let int_start = self.i;
        while self.i < self.s.len() && digit(self.s[self.i]) {
            self.i += 1;
        }
        if self.i == int_start || (self.s[int_start] == b'0' as u16 && self.i - int_start > 1) {
            return Err(self.error(vm));
        }
        if self.s.get(self.i) == Some(&(b'.' as u16)) {
            self.i += 1;
            let f = self.i;
            while self.i < self.s.len() && digit(self.s[self.i]) {
                self.i += 1;
            }
            if f == self.i {
                return Err(self.error(vm));
            }
        }
        if matches!(self.s.get(self.i), Some(&c) if c == b'e' as u16 || c == b'E' as u16) {
            self.i += 1;
            if matches!(self.s.get(self.i), Some(&c) if c == b'+' as u16 || c == b'-' as u16) {
                self.i += 1;
            }
            let e = self.i;
            while self.i < self.s.len() && digit(self.s[self.i]) {
                self.i += 1;
            }
            if e == self.i {
                return Err(self.error(vm));
            }
        }
        let text = String::from_utf16_lossy(&self.s[start..self.i]);
        Ok(Value::Number(text.parse::<f64>().unwrap_or(f64::NAN)))
    }
    fn string(&mut self, vm: &mut Vm) -> JsResult<Vec<u16>> {
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let Some(&c) = self.s.get(self.i) else {
                return Err(self.error(vm));
            };
            self.i += 1;
            match c {
                0x22 => return Ok(out),
                0x5c => {
                    let Some(&e) = self.s.get(self.i) else {
                        return Err(self.error(vm));
                    };
                    self.i += 1;
                    out.push(match e {
                        0x22 => 0x22,
                        0x5c => 0x5c,
                        0x2f => 0x2f,
                        0x62 => 0x08,
                        0x66 => 0x0c,
                        0x6e => 0x0a,
                        0x72 => 0x0d,
                        0x74 => 0x09,
                        0x75 => {
                            let hex = self
                                .s
                                .get(self.i..self.i + 4)
                                .ok_or_else(|| self.error(vm))?;
                            let text = String::from_utf16_lossy(hex);
                            let v = u16::from_str_radix(&text, 16).map_err(|_| self.error(vm))?;
                            self.i += 4;
                            v
                        }
                        _ => return Err(self.error(vm)),
                    });
                }
                c if c < 0x20 => return Err(self.error(vm)),
                c => out.push(c),
            }
        }
    }
    fn array(&mut self, vm: &mut Vm) -> JsResult<(Value, Value)> {
        self.i += 1;
        let a = super::array::array_create(vm, 0, None);
        let slot = vm.root(Value::Object(a));
        // The records of the elements, in order.
        let elements = self.records.then(|| json_raw::record_list(vm));
        vm.root(elements.unwrap_or(Value::Undefined));
        self.ws();
        if self.s.get(self.i) == Some(&0x5d) {
            self.i += 1;
            return Ok(self.finish_composite(vm, slot, true));
        }
        loop {
            self.ws();
            let (v, record) = self.value(vm)?;
            let Value::Object(a) = vm.rooted(slot) else {
                unreachable!()
            };
            super::array::push_fast(vm, a, v);
            json_raw::push_record(vm, vm.rooted(slot + 1), record);
            self.ws();
            match self.s.get(self.i) {
                Some(0x2c) => self.i += 1,
                Some(0x5d) => {
                    self.i += 1;
                    break;
                }
                _ => return Err(self.error(vm)),
            }
        }
        Ok(self.finish_composite(vm, slot, true))
    }

    /// The value of an array or object in root slot `slot`, its element or entry records in
    /// the next slot, and the record of the whole (both slots are released).
    fn finish_composite(&mut self, vm: &mut Vm, slot: usize, array: bool) -> (Value, Value) {
        let (v, children) = (vm.rooted(slot), vm.rooted(slot + 1));
        vm.unroot(slot);
        if !self.records {
            return (v, Value::Undefined);
        }
        let (elements, entries) = if array {
            (children, Value::Undefined)
        } else {
            (Value::Undefined, children)
        };
        let record = json_raw::parse_record(vm, v, Value::Undefined, elements, entries);
        (v, record)
    }
    fn object(&mut self, vm: &mut Vm) -> JsResult<(Value, Value)> {
        self.i += 1;
        let o = super::ordinary(vm, Intrinsic::ObjectPrototype);
        let slot = vm.root(Value::Object(o));
        // The records of the entries, by key.
        let entries = self.records.then(|| json_raw::record_map(vm));
        vm.root(entries.unwrap_or(Value::Undefined));
        self.ws();
        if self.s.get(self.i) == Some(&0x7d) {
            self.i += 1;
            return Ok(self.finish_composite(vm, slot, false));
        }
        loop {
            self.ws();
            if self.s.get(self.i) != Some(&0x22) {
                return Err(self.error(vm));
            }
            let k = self.string(vm)?;
            self.ws();
            if self.s.get(self.i) != Some(&0x3a) {
                return Err(self.error(vm));
            }
            self.i += 1;
            self.ws();
            let (v, record) = self.value(vm)?;
            let key = ops::key_from_units(vm, &k);
            let Value::Object(o) = vm.rooted(slot) else {
                unreachable!()
            };
            ops::create_data_property(vm, o, key, v)?;
            json_raw::set_entry_record(vm, vm.rooted(slot + 1), key, record);
            self.ws();
            match self.s.get(self.i) {
                Some(0x2c) => self.i += 1,
                Some(0x7d) => {
                    self.i += 1;
                    break;
                }
                _ => return Err(self.error(vm)),
            }
        }
        Ok(self.finish_composite(vm, slot, false))
    }
}
