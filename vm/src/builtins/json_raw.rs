//! JSON.parse source text access: `JSON.rawJSON`, `JSON.isRawJSON`, the JSON Parse Records
//! behind the reviver's `context` argument, and JSON.stringify of raw JSON objects.
//! <https://tc39.es/proposal-json-parse-with-source/>
//!
//! A JSON Parse Record is an internal object (never reachable from JavaScript) whose
//! `elements` are its fields, in the `RECORD_*` order. Its [[Elements]] is a list object (its
//! `elements` hold the records in order) and its [[Entries]] a null-prototype object mapping
//! each key to its record, so the reviver's lookups by key are property lookups.
//! A raw JSON object is a [`ObjectKind::Host`] object branded with `JSON.rawJSON`'s id: the
//! brand is its [[IsRawJSON]] internal slot.

use crate::natives::NativeId;
use crate::object;
use crate::ops;
use crate::realm::Intrinsic;
use crate::{Args, JsResult, Vm};
use amber_heap::object::HostData;
use amber_heap::{attrs, Handle, JsString, Object, ObjectKind, PropertyKey, Value};

pub fn init(vm: &mut Vm) {
    let j = vm.intrinsic(Intrinsic::Json);
    super::method(vm, j, "isRawJSON", NativeId::JsonIsRawJson, 1);
    super::method(vm, j, "rawJSON", NativeId::JsonRawJson, 1);
}

// The fields of a JSON Parse Record.
const RECORD_VALUE: usize = 0;
/// The source text of a primitive (a string), undefined for arrays and objects.
const RECORD_SOURCE: usize = 1;
const RECORD_ELEMENTS: usize = 2;
const RECORD_ENTRIES: usize = 3;

/// A JSON Parse Record { [[Value]], the source text, [[Elements]], [[Entries]] }.
/// <https://tc39.es/proposal-json-parse-with-source/#sec-json-parse-record>
pub(crate) fn parse_record(
    vm: &mut Vm,
    value: Value,
    source: Value,
    elements: Value,
    entries: Value,
) -> Value {
    let mut o = Object::new(None, ObjectKind::Ordinary);
    o.elements = amber_heap::Elements::from([value, source, elements, entries]);
    Value::Object(vm.heap.alloc(o))
}

/// A new, empty [[Elements]] list.
pub(crate) fn record_list(vm: &mut Vm) -> Value {
    Value::Object(vm.heap.alloc(Object::new(None, ObjectKind::Ordinary)))
}

/// Appends a record to an [[Elements]] list (nothing when records are off).
pub(crate) fn push_record(vm: &mut Vm, list: Value, record: Value) {
    if let Value::Object(l) = list {
        vm.heap.get_mut(l).elements.push(record);
    }
}

/// A new, empty [[Entries]] map.
pub(crate) fn record_map(vm: &mut Vm) -> Value {
    Value::Object(vm.heap.alloc(Object::new(None, ObjectKind::Ordinary)))
}

/// Records the entry for `key` (a later duplicate key replaces it, as its value does).
pub(crate) fn set_entry_record(vm: &mut Vm, map: Value, key: PropertyKey, record: Value) {
    if let Value::Object(m) = map {
        // An ordinary, extensible, never exposed object: defining runs no code and succeeds.
        let _ = ops::create_data_property(vm, m, key, record);
    }
}

fn field(vm: &Vm, record: Handle<Object>, i: usize) -> Value {
    vm.heap
        .get(record)
        .elements
        .get(i)
        .copied()
        .unwrap_or(Value::Undefined)
}

/// Steps 3-4 of InternalizeJSONProperty: if `record` is a JSON Parse Record whose [[Value]] is
/// still `val`, the source text (for a primitive) and the [[Elements]] and [[Entries]];
/// otherwise nothing (empty lists as undefined).
/// <https://tc39.es/proposal-json-parse-with-source/#sec-internalizejsonproperty>
pub(crate) fn record_parts(vm: &Vm, record: Value, val: Value) -> (Option<Value>, Value, Value) {
    let Value::Object(r) = record else {
        return (None, Value::Undefined, Value::Undefined);
    };
    // 3. If parseRecord is a JSON Parse Record and SameValue(parseRecord.[[Value]], val).
    if !ops::same_value(vm, field(vm, r, RECORD_VALUE), val) {
        return (None, Value::Undefined, Value::Undefined);
    }
    // a. If val is not an Object, the context gets "source".
    let source = (!matches!(val, Value::Object(_))).then(|| field(vm, r, RECORD_SOURCE));
    (
        source,
        field(vm, r, RECORD_ELEMENTS),
        field(vm, r, RECORD_ENTRIES),
    )
}

/// The record of the element at index `key` of [[Elements]], or of the entry whose [[Key]] is
/// `key` in [[Entries]]; undefined (empty) if there is none.
pub(crate) fn child_record(
    vm: &mut Vm,
    elements: Value,
    entries: Value,
    key: PropertyKey,
) -> Value {
    if let (Value::Object(list), PropertyKey::Index(i)) = (elements, key) {
        return vm
            .heap
            .get(list)
            .elements
            .get(i as usize)
            .copied()
            .unwrap_or(Value::Undefined);
    }
    match entries {
        Value::Object(map) => object::ordinary_get_own_property(vm, map, key)
            .and_then(|d| d.value)
            .unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

/// Does `v` have an [[IsRawJSON]] internal slot?
fn is_raw_json_object(vm: &Vm, v: Value) -> bool {
    matches!(v, Value::Object(o) if matches!(
        &vm.heap.get(o).kind,
        ObjectKind::Host(h) if h.brand == NativeId::JsonRawJson as u32
    ))
}

/// JSON.rawJSON(text). <https://tc39.es/proposal-json-parse-with-source/#sec-json.rawjson>
pub fn raw_json(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let jsonString be ? ToString(text).
    let s = ops::to_string(vm, args.get(vm, 0))?;
    let units = vm.heap.string_units(s).to_vec();
    // 2. Throw a SyntaxError if jsonString is empty, or if its first or last code unit is
    //    tab, line feed, carriage return or space.
    let is_ws = |u: &u16| matches!(u, 0x09 | 0x0a | 0x0d | 0x20);
    if units.first().is_none_or(is_ws) || units.last().is_some_and(is_ws) {
        return Err(vm.throw_error(
            crate::ErrorKind::SyntaxError,
            "JSON.rawJSON: the text is empty or starts or ends with whitespace",
        ));
    }
    // 3. Parse it as a JSON text; throw a SyntaxError if it is not one, or if its outermost
    //    value is an object or array.
    if matches!(units.first(), Some(0x7b | 0x5b)) {
        return Err(vm.throw_error(
            crate::ErrorKind::SyntaxError,
            "JSON.rawJSON: the text must be a primitive JSON value",
        ));
    }
    super::json::parse_json_text(vm, &units)?;
    // 4-5. Let obj be OrdinaryObjectCreate(null, « [[IsRawJSON]] »).
    let obj = vm.heap.alloc(Object::new(
        None,
        ObjectKind::Host(Box::new(HostData {
            brand: NativeId::JsonRawJson as u32,
            realm: None,
            slots: Vec::new(),
        })),
    ));
    // 6. Perform ! CreateDataPropertyOrThrow(obj, "rawJSON", jsonString).
    // 7. Perform ! SetIntegrityLevel(obj, frozen).
    let text = vm.string_value(units);
    let key = vm.key("rawJSON");
    super::add(vm, obj, key, text, attrs::ENUMERABLE);
    vm.heap.get_mut(obj).extensible = false;
    // 8. Return obj.
    Ok(Value::Object(obj))
}

/// JSON.isRawJSON(O). <https://tc39.es/proposal-json-parse-with-source/#sec-json.israwjson>
pub fn is_raw_json(vm: &mut Vm, args: Args) -> JsResult {
    let o = args.get(vm, 0);
    Ok(Value::Boolean(is_raw_json_object(vm, o)))
}

/// SerializeJSONProperty's step for raw JSON: if `value` has an [[IsRawJSON]] internal slot,
/// its text, ! Get(value, "rawJSON") (an own, frozen data property).
/// <https://tc39.es/proposal-json-parse-with-source/#sec-serializejsonproperty>
pub(crate) fn raw_json_text(vm: &mut Vm, value: Value) -> Option<Handle<JsString>> {
    if !is_raw_json_object(vm, value) {
        return None;
    }
    let Value::Object(o) = value else {
        return None;
    };
    let key = vm.key("rawJSON");
    match object::ordinary_get_own_property(vm, o, key).and_then(|d| d.value) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    }
}
