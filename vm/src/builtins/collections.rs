//! Keyed collections: `Map`, `Set`, `WeakMap`, `WeakSet`, and the Map and Set iterators.
//! <https://tc39.es/ecma262/#sec-keyed-collections>
//!
//! Storage is the heap's [`MapData`]: insertion-ordered key and value vectors in which deleted
//! entries become `Empty`, so live iterators keep their positions (`clear` empties entries
//! rather than truncating for the same reason). Lookup ([`find_entry`]) is a linear
//! SameValueZero scan in small collections and a hash lookup in larger ones, through an index
//! kept beside the entries (`MapData::index`) that the collector drops and the next lookup
//! rebuilds.
//!
//! **Weak collections are ephemerons:** the collector (`heap/src/gc.rs`) marks a WeakMap
//! value only once its key is otherwise reachable and drops the entries of dead object keys
//! (symbol keys are held strongly). The key restrictions (CanBeHeldWeakly) are enforced here.

use super::{accessor, method};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, symbol_key, Intrinsic, WellKnown};
use crate::CommonKey;
use crate::{Args, JsResult, Vm};
use amber_heap::object::{IteratorData, MapData};
use amber_heap::{attrs, Handle, Object, ObjectKind, PropertyKey, Value};

pub fn init(vm: &mut Vm) {
    init_map(vm);
    init_set(vm);
    init_weak(vm);
}

fn init_map(vm: &mut Vm) {
    let proto = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::MapPrototype, proto);
    let c = super::constructor(vm, NativeId::Map, "Map", 0, proto);
    set_intrinsic(vm, Intrinsic::Map, c);
    method(vm, c, "groupBy", NativeId::MapGroupBy, 2);
    species(vm, c);
    for &(name, id, len) in &[
        ("clear", NativeId::MapPrototypeClear, 0),
        ("delete", NativeId::MapPrototypeDelete, 1),
        ("forEach", NativeId::MapPrototypeForEach, 1),
        ("get", NativeId::MapPrototypeGet, 1),
        ("getOrInsert", NativeId::MapPrototypeGetOrInsert, 2),
        (
            "getOrInsertComputed",
            NativeId::MapPrototypeGetOrInsertComputed,
            2,
        ),
        ("has", NativeId::MapPrototypeHas, 1),
        ("keys", NativeId::MapPrototypeKeys, 0),
        ("set", NativeId::MapPrototypeSet, 2),
        ("values", NativeId::MapPrototypeValues, 0),
    ] {
        method(vm, proto, name, id, len);
    }
    let entries = method(vm, proto, "entries", NativeId::MapPrototypeEntries, 0);
    let iter = symbol_key(vm, WellKnown::Iterator);
    super::add(vm, proto, iter, Value::Object(entries), attrs::HIDDEN);
    let size = vm.key("size");
    accessor(
        vm,
        proto,
        size,
        "size",
        Some(NativeId::MapPrototypeSize),
        None,
    );
    super::iterators::tag(vm, proto, "Map");

    let ip = super::ordinary(vm, Intrinsic::IteratorPrototype);
    set_intrinsic(vm, Intrinsic::MapIteratorPrototype, ip);
    method(vm, ip, "next", NativeId::MapIteratorPrototypeNext, 0);
    super::iterators::tag(vm, ip, "Map Iterator");
}

fn init_set(vm: &mut Vm) {
    let proto = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::SetPrototype, proto);
    let c = super::constructor(vm, NativeId::Set, "Set", 0, proto);
    set_intrinsic(vm, Intrinsic::Set, c);
    species(vm, c);
    for &(name, id, len) in &[
        ("add", NativeId::SetPrototypeAdd, 1),
        ("clear", NativeId::SetPrototypeClear, 0),
        ("delete", NativeId::SetPrototypeDelete, 1),
        ("difference", NativeId::SetPrototypeDifference, 1),
        ("entries", NativeId::SetPrototypeEntries, 0),
        ("forEach", NativeId::SetPrototypeForEach, 1),
        ("has", NativeId::SetPrototypeHas, 1),
        ("intersection", NativeId::SetPrototypeIntersection, 1),
        ("isDisjointFrom", NativeId::SetPrototypeIsDisjointFrom, 1),
        ("isSubsetOf", NativeId::SetPrototypeIsSubsetOf, 1),
        ("isSupersetOf", NativeId::SetPrototypeIsSupersetOf, 1),
        (
            "symmetricDifference",
            NativeId::SetPrototypeSymmetricDifference,
            1,
        ),
        ("union", NativeId::SetPrototypeUnion, 1),
    ] {
        method(vm, proto, name, id, len);
    }
    let values = method(vm, proto, "values", NativeId::SetPrototypeValues, 0);
    let keys = vm.key("keys");
    super::add(vm, proto, keys, Value::Object(values), attrs::HIDDEN);
    let iter = symbol_key(vm, WellKnown::Iterator);
    super::add(vm, proto, iter, Value::Object(values), attrs::HIDDEN);
    let size = vm.key("size");
    accessor(
        vm,
        proto,
        size,
        "size",
        Some(NativeId::SetPrototypeSize),
        None,
    );
    super::iterators::tag(vm, proto, "Set");

    let ip = super::ordinary(vm, Intrinsic::IteratorPrototype);
    set_intrinsic(vm, Intrinsic::SetIteratorPrototype, ip);
    method(vm, ip, "next", NativeId::SetIteratorPrototypeNext, 0);
    super::iterators::tag(vm, ip, "Set Iterator");
}

fn init_weak(vm: &mut Vm) {
    let proto = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::WeakMapPrototype, proto);
    let c = super::constructor(vm, NativeId::WeakMap, "WeakMap", 0, proto);
    set_intrinsic(vm, Intrinsic::WeakMap, c);
    for &(name, id, len) in &[
        ("delete", NativeId::WeakMapPrototypeDelete, 1),
        ("get", NativeId::WeakMapPrototypeGet, 1),
        ("getOrInsert", NativeId::WeakMapPrototypeGetOrInsert, 2),
        (
            "getOrInsertComputed",
            NativeId::WeakMapPrototypeGetOrInsertComputed,
            2,
        ),
        ("has", NativeId::WeakMapPrototypeHas, 1),
        ("set", NativeId::WeakMapPrototypeSet, 2),
    ] {
        method(vm, proto, name, id, len);
    }
    super::iterators::tag(vm, proto, "WeakMap");

    let proto = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::WeakSetPrototype, proto);
    let c = super::constructor(vm, NativeId::WeakSet, "WeakSet", 0, proto);
    set_intrinsic(vm, Intrinsic::WeakSet, c);
    for &(name, id, len) in &[
        ("add", NativeId::WeakSetPrototypeAdd, 1),
        ("delete", NativeId::WeakSetPrototypeDelete, 1),
        ("has", NativeId::WeakSetPrototypeHas, 1),
    ] {
        method(vm, proto, name, id, len);
    }
    super::iterators::tag(vm, proto, "WeakSet");
}

/// `get [Symbol.species]() { return this; }` on a constructor.
fn species(vm: &mut Vm, c: Handle<Object>) {
    let key = symbol_key(vm, WellKnown::Species);
    accessor(
        vm,
        c,
        key,
        "[Symbol.species]",
        Some(NativeId::ArraySpeciesGetter),
        None,
    );
}

// --- storage ----------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Which {
    Map,
    Set,
    WeakMap,
    WeakSet,
}

impl Which {
    fn name(self) -> &'static str {
        match self {
            Which::Map => "Map",
            Which::Set => "Set",
            Which::WeakMap => "WeakMap",
            Which::WeakSet => "WeakSet",
        }
    }
}

fn data(vm: &Vm, o: Handle<Object>) -> &MapData {
    match &vm.heap.get(o).kind {
        ObjectKind::Map(d)
        | ObjectKind::Set(d)
        | ObjectKind::WeakMap(d)
        | ObjectKind::WeakSet(d) => d,
        _ => unreachable!("collection storage of a non-collection"),
    }
}

fn data_mut(vm: &mut Vm, o: Handle<Object>) -> &mut MapData {
    match &mut vm.heap.get_mut(o).kind {
        ObjectKind::Map(d)
        | ObjectKind::Set(d)
        | ObjectKind::WeakMap(d)
        | ObjectKind::WeakSet(d) => d,
        _ => unreachable!("collection storage of a non-collection"),
    }
}

/// RequireInternalSlot(v, [[MapData]]/[[SetData]]/...): `v` as a collection of kind `which`.
fn require(vm: &mut Vm, v: Value, which: Which, method: &str) -> JsResult<Handle<Object>> {
    if let Value::Object(o) = v {
        let ok = matches!(
            (&vm.heap.get(o).kind, which),
            (ObjectKind::Map(_), Which::Map)
                | (ObjectKind::Set(_), Which::Set)
                | (ObjectKind::WeakMap(_), Which::WeakMap)
                | (ObjectKind::WeakSet(_), Which::WeakSet)
        );
        if ok {
            return Ok(o);
        }
    }
    let name = which.name();
    Err(vm.type_error(format!(
        "Method {name}.prototype.{method} called on incompatible receiver"
    )))
}

/// Collections with fewer entries than this are searched linearly.
const INDEX_MIN: usize = 8;

/// The position of `key` (SameValueZero), if present: a linear scan of small collections, a
/// hash lookup in the collection's index (brought up to date first) in larger ones.
fn find_entry(vm: &mut Vm, o: Handle<Object>, key: Value) -> Option<usize> {
    if data(vm, o).keys.len() < INDEX_MIN {
        let d = data(vm, o);
        return d
            .keys
            .iter()
            .position(|&k| !matches!(k, Value::Empty) && ops::same_value_zero(vm, k, key));
    }
    sync_index(vm, o);
    let hash = key_hash(vm, key);
    let d = data(vm, o);
    let table = &d.index.0.as_ref()?.table;
    table
        .find(hash, |&(h, at)| {
            h == hash
                && d.keys.get(at as usize).is_some_and(|&k| {
                    !matches!(k, Value::Empty) && ops::same_value_zero(vm, k, key)
                })
        })
        .map(|&(_, at)| at as usize)
}

/// Adds the entries appended since the index was last brought up to date (or builds it anew
/// if entries were removed from the end, which only a collection's weak pass does).
fn sync_index(vm: &mut Vm, o: Handle<Object>) {
    let d = data(vm, o);
    let len = d.keys.len();
    let covered = match &d.index.0 {
        Some(t) if t.covered <= len => t.covered,
        _ => 0,
    };
    if d.index.0.is_some() && covered == len {
        return;
    }
    let fresh: Vec<(u64, u32)> = (covered..len)
        .filter(|&i| !matches!(d.keys[i], Value::Empty))
        .map(|i| (key_hash(vm, d.keys[i]), i as u32))
        .collect();
    let d = data_mut(vm, o);
    if covered == 0 {
        d.index.0 = Some(Box::default());
    }
    let Some(t) = d.index.0.as_mut() else { return };
    for entry in fresh {
        t.table.insert_unique(entry.0, entry, |e| e.0);
    }
    t.covered = len;
}

/// A hash of `key` consistent with SameValueZero: numbers by value (+0 and -0 alike, one
/// NaN), strings and BigInts by content, symbols and objects by identity (their handle).
fn key_hash(vm: &Vm, key: Value) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    match key {
        Value::Number(n) => {
            let n = if n == 0.0 {
                0.0
            } else if n.is_nan() {
                f64::NAN
            } else {
                n
            };
            (0u8, n.to_bits()).hash(&mut h)
        }
        Value::String(s) => (1u8, vm.heap.string_units(s)).hash(&mut h),
        Value::BigInt(b) => {
            let b = vm.heap.get(b);
            (2u8, b.negative, &b.limbs).hash(&mut h)
        }
        Value::Symbol(s) => (3u8, s.raw.index).hash(&mut h),
        Value::Object(o) => (4u8, o.raw.index).hash(&mut h),
        Value::Boolean(b) => (5u8, b).hash(&mut h),
        Value::Undefined => 6u8.hash(&mut h),
        Value::Null => 7u8.hash(&mut h),
        Value::Empty => 8u8.hash(&mut h),
    }
    h.finish()
}

/// CanonicalizeKeyedCollectionKey(key): -0 becomes +0.
/// <https://tc39.es/ecma262/#sec-canonicalizekeyedcollectionkey>
fn canonicalize(key: Value) -> Value {
    match key {
        Value::Number(n) => Value::Number(if n == 0.0 { 0.0 } else { n }),
        k => k,
    }
}

/// Adds or replaces an entry.
fn put(vm: &mut Vm, o: Handle<Object>, key: Value, value: Value) {
    let key = canonicalize(key);
    match find_entry(vm, o, key) {
        Some(i) => data_mut(vm, o).values[i] = value,
        None => {
            let d = data_mut(vm, o);
            d.keys.push(key);
            d.values.push(value);
            d.size += 1;
        }
    }
}

/// Removes an entry; false when absent.
fn remove(vm: &mut Vm, o: Handle<Object>, key: Value) -> bool {
    match find_entry(vm, o, key) {
        Some(i) => {
            let d = data_mut(vm, o);
            d.keys[i] = Value::Empty;
            d.values[i] = Value::Empty;
            d.size -= 1;
            true
        }
        None => false,
    }
}

fn clear_entries(vm: &mut Vm, o: Handle<Object>) {
    let d = data_mut(vm, o);
    d.keys.iter_mut().for_each(|k| *k = Value::Empty);
    d.values.iter_mut().for_each(|v| *v = Value::Empty);
    d.size = 0;
}

/// CanBeHeldWeakly(v). <https://tc39.es/ecma262/#sec-canbeheldweakly>
pub(crate) fn can_be_held_weakly(vm: &Vm, v: Value) -> bool {
    match v {
        Value::Object(_) => true,
        Value::Symbol(s) => !vm.heap.get(s).registered,
        _ => false,
    }
}

fn new_collection(vm: &mut Vm, proto: Handle<Object>, which: Which) -> Handle<Object> {
    let d = Box::<MapData>::default();
    let kind = match which {
        Which::Map => ObjectKind::Map(d),
        Which::Set => ObjectKind::Set(d),
        Which::WeakMap => ObjectKind::WeakMap(d),
        Which::WeakSet => ObjectKind::WeakSet(d),
    };
    vm.heap.alloc(Object::new(Some(proto), kind))
}

// --- constructors ---------------------------------------------------------------------------

/// The shared steps of the four constructors: create the collection from NewTarget, then
/// feed it the iterable through its adder (`set` or `add`).
/// <https://tc39.es/ecma262/#sec-map-iterable>
fn construct_collection(vm: &mut Vm, args: Args, which: Which) -> JsResult {
    let (default, adder_name) = match which {
        Which::Map => (Intrinsic::MapPrototype, "set"),
        Which::Set => (Intrinsic::SetPrototype, "add"),
        Which::WeakMap => (Intrinsic::WeakMapPrototype, "set"),
        Which::WeakSet => (Intrinsic::WeakSetPrototype, "add"),
    };
    // 1. If NewTarget is undefined, throw a TypeError exception.
    let nt = args.new_target(vm);
    if nt.is_undefined() {
        return Err(vm.type_error(format!("Constructor {} requires 'new'", which.name())));
    }
    // 2. Let map be ? OrdinaryCreateFromConstructor(NewTarget, "%Map.prototype%", « [[MapData]] »).
    let proto = ops::get_prototype_from_constructor(vm, nt, default)?;
    let map = new_collection(vm, proto, which);
    let ms = vm.root(Value::Object(map));
    // 4. If iterable is either undefined or null, return map.
    if args.get(vm, 0).is_nullish() {
        return Ok(vm.rooted(ms));
    }
    // 5. Let adder be ? Get(map, "set"). 6. If IsCallable(adder) is false, throw a TypeError.
    let adder = ops::get_str(vm, map, adder_name)?;
    if !ops::is_callable(vm, adder) {
        return Err(vm.type_error(format!(
            "'{adder_name}' returned for {} is not callable",
            which.name()
        )));
    }
    let adder_slot = vm.root(adder);
    // 7. Return ? AddEntriesFromIterable(map, iterable, adder) (or the Set/WeakSet loop).
    let (it, next) = ops::get_iterator(vm, args.get(vm, 0))?;
    let its = vm.root(it);
    vm.root(next);
    let pairs = matches!(which, Which::Map | Which::WeakMap);
    loop {
        let (it, next) = (vm.rooted(its), vm.rooted(its + 1));
        let Some(item) = ops::iterator_step_value(vm, it, next)? else {
            return Ok(vm.rooted(ms));
        };
        let r = if pairs {
            add_entry(vm, item, ms, adder_slot)
        } else {
            let (adder, map) = (vm.rooted(adder_slot), vm.rooted(ms));
            ops::call(vm, adder, map, &[item]).map(|_| ())
        };
        if let Err(e) = r {
            // IfAbruptCloseIterator(status, iteratorRecord).
            let it = vm.rooted(its);
            ops::iterator_close_on_throw(vm, it);
            return Err(e);
        }
    }
}

/// One step of AddEntriesFromIterable: `adder.call(map, item[0], item[1])`.
/// <https://tc39.es/ecma262/#sec-add-entries-from-iterable>
fn add_entry(vm: &mut Vm, item: Value, ms: usize, adder_slot: usize) -> JsResult<()> {
    // i. If next is not an Object, throw a TypeError exception.
    let Value::Object(o) = item else {
        return Err(vm.type_error("Iterator value is not an entry object"));
    };
    let is = vm.root(item);
    // ii-iii. Let k be ? Get(next, "0"); let v be ? Get(next, "1").
    let k = ops::get(vm, o, PropertyKey::Index(0))?;
    let ks = vm.root(k);
    let Value::Object(o) = vm.rooted(is) else {
        unreachable!()
    };
    let v = ops::get(vm, o, PropertyKey::Index(1))?;
    // iv. Perform ? Call(adder, target, « k, v »).
    let (adder, map, k) = (vm.rooted(adder_slot), vm.rooted(ms), vm.rooted(ks));
    ops::call(vm, adder, map, &[k, v])?;
    vm.unroot(is);
    Ok(())
}

pub fn map_constructor(vm: &mut Vm, args: Args) -> JsResult {
    construct_collection(vm, args, Which::Map)
}
pub fn set_constructor(vm: &mut Vm, args: Args) -> JsResult {
    construct_collection(vm, args, Which::Set)
}
pub fn weak_map_constructor(vm: &mut Vm, args: Args) -> JsResult {
    construct_collection(vm, args, Which::WeakMap)
}
pub fn weak_set_constructor(vm: &mut Vm, args: Args) -> JsResult {
    construct_collection(vm, args, Which::WeakSet)
}

// --- groupBy ----------------------------------------------------------------------------------

/// GroupBy(items, callbackfn, keyCoercion): the groups as a Map-kind object whose values are
/// arrays (property keys are stored as their string or symbol values).
/// <https://tc39.es/ecma262/#sec-groupby>
pub fn group_by(
    vm: &mut Vm,
    items: Value,
    callback: Value,
    property: bool,
) -> JsResult<Handle<Object>> {
    // 1. Perform ? RequireObjectCoercible(items).
    ops::require_object_coercible(vm, items)?;
    // 2. If IsCallable(callback) is false, throw a TypeError exception.
    if !ops::is_callable(vm, callback) {
        return Err(vm.type_error("groupBy: callback is not a function"));
    }
    let cs = vm.root(callback);
    // 3. Let groups be a new empty List.
    let proto = vm.intrinsic(Intrinsic::MapPrototype);
    let groups = new_collection(vm, proto, Which::Map);
    let gs = vm.root(Value::Object(groups));
    // 4. Let iteratorRecord be ? GetIterator(items, sync).
    let (it, next) = ops::get_iterator(vm, items)?;
    let its = vm.root(it);
    vm.root(next);
    // 5-6. Let k be 0; repeat,
    let mut k = 0.0;
    loop {
        let (it, next) = (vm.rooted(its), vm.rooted(its + 1));
        // b. Let next be ? IteratorStepValue(iteratorRecord). c. If done, return groups.
        let Some(value) = ops::iterator_step_value(vm, it, next)? else {
            let Value::Object(g) = vm.rooted(gs) else {
                unreachable!()
            };
            return Ok(g);
        };
        let vs = vm.root(value);
        // e. Let key be Completion(Call(callback, undefined, « value, 𝔽(k) »)).
        let f = vm.rooted(cs);
        let mut key = ops::call(vm, f, Value::Undefined, &[value, Value::Number(k)]);
        // g-h. Coerce the key (IfAbruptCloseIterator on failure).
        if property {
            key = key.and_then(|key| {
                let pk = ops::to_property_key(vm, key)?;
                Ok(ops::key_to_value(vm, pk))
            });
        } else {
            key = key.map(canonicalize);
        }
        let key = match key {
            Ok(key) => key,
            Err(e) => {
                let it = vm.rooted(its);
                ops::iterator_close_on_throw(vm, it);
                return Err(e);
            }
        };
        // i. Perform AddValueToKeyedGroup(groups, key, value).
        let Value::Object(g) = vm.rooted(gs) else {
            unreachable!()
        };
        let value = vm.rooted(vs);
        match find_entry(vm, g, key) {
            Some(i) => {
                let Value::Object(list) = data(vm, g).values[i] else {
                    unreachable!()
                };
                super::array::push_fast(vm, list, value);
            }
            None => {
                let list = ops::create_array_from_list(vm, &[value]);
                put(vm, g, key, Value::Object(list));
            }
        }
        vm.unroot(vs);
        // j. Set k to k + 1.
        k += 1.0;
    }
}

/// Map.groupBy(items, callbackfn) <https://tc39.es/ecma262/#sec-map.groupby>
pub fn map_group_by(vm: &mut Vm, args: Args) -> JsResult {
    let (items, f) = (args.get(vm, 0), args.get(vm, 1));
    Ok(Value::Object(group_by(vm, items, f, false)?))
}

/// Object.groupBy(items, callbackfn) <https://tc39.es/ecma262/#sec-object.groupby>
pub fn object_group_by(vm: &mut Vm, args: Args) -> JsResult {
    let (items, f) = (args.get(vm, 0), args.get(vm, 1));
    let groups = group_by(vm, items, f, true)?;
    // 2. Let obj be OrdinaryObjectCreate(null).
    let obj = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
    // 3. For each Record g of groups: CreateDataPropertyOrThrow(obj, g.[[Key]], elements).
    let d = data(vm, groups).clone();
    for (k, v) in d.keys.into_iter().zip(d.values) {
        let key = match k {
            Value::Symbol(s) => PropertyKey::Symbol(s),
            Value::String(s) => ops::key_from_string(vm, s),
            _ => continue,
        };
        super::add(vm, obj, key, v, attrs::DEFAULT);
    }
    Ok(Value::Object(obj))
}

// --- Map.prototype ----------------------------------------------------------------------------

/// Map.prototype.clear() <https://tc39.es/ecma262/#sec-map.prototype.clear>
pub fn map_clear(vm: &mut Vm, args: Args) -> JsResult {
    let m = require(vm, args.this(vm), Which::Map, "clear")?;
    clear_entries(vm, m);
    Ok(Value::Undefined)
}

/// Map.prototype.delete(key) <https://tc39.es/ecma262/#sec-map.prototype.delete>
pub fn map_delete(vm: &mut Vm, args: Args) -> JsResult {
    let m = require(vm, args.this(vm), Which::Map, "delete")?;
    Ok(Value::Boolean(remove(vm, m, args.get(vm, 0))))
}

/// Map.prototype.get(key) <https://tc39.es/ecma262/#sec-map.prototype.get>
pub fn map_get(vm: &mut Vm, args: Args) -> JsResult {
    let m = require(vm, args.this(vm), Which::Map, "get")?;
    Ok(match find_entry(vm, m, args.get(vm, 0)) {
        Some(i) => data(vm, m).values[i],
        None => Value::Undefined,
    })
}

/// Map.prototype.has(key) <https://tc39.es/ecma262/#sec-map.prototype.has>
pub fn map_has(vm: &mut Vm, args: Args) -> JsResult {
    let m = require(vm, args.this(vm), Which::Map, "has")?;
    Ok(Value::Boolean(find_entry(vm, m, args.get(vm, 0)).is_some()))
}

/// Map.prototype.set(key, value) <https://tc39.es/ecma262/#sec-map.prototype.set>
pub fn map_set(vm: &mut Vm, args: Args) -> JsResult {
    let m = require(vm, args.this(vm), Which::Map, "set")?;
    put(vm, m, args.get(vm, 0), args.get(vm, 1));
    Ok(Value::Object(m))
}

/// get Map.prototype.size <https://tc39.es/ecma262/#sec-get-map.prototype.size>
pub fn map_size(vm: &mut Vm, args: Args) -> JsResult {
    let m = require(vm, args.this(vm), Which::Map, "size")?;
    Ok(Value::Number(data(vm, m).size as f64))
}

/// Map.prototype.forEach(callbackfn [, thisArg]) <https://tc39.es/ecma262/#sec-map.prototype.foreach>
pub fn map_for_each(vm: &mut Vm, args: Args) -> JsResult {
    for_each(vm, args, Which::Map)
}

/// The loop of Map/Set.prototype.forEach: entries added during the walk are visited; deleted
/// ones are skipped.
fn for_each(vm: &mut Vm, args: Args, which: Which) -> JsResult {
    let m = require(vm, args.this(vm), which, "forEach")?;
    if !ops::is_callable(vm, args.get(vm, 0)) {
        return Err(vm.type_error(format!(
            "{}.prototype.forEach: callback is not a function",
            which.name()
        )));
    }
    let _ = m;
    let mut i = 0;
    loop {
        let Value::Object(m) = args.this(vm) else {
            unreachable!()
        };
        let d = data(vm, m);
        if i >= d.keys.len() {
            return Ok(Value::Undefined);
        }
        let (k, v) = (d.keys[i], d.values[i]);
        i += 1;
        if matches!(k, Value::Empty) {
            continue;
        }
        let (f, t) = (args.get(vm, 0), args.get(vm, 1));
        let v = if which == Which::Set { k } else { v };
        ops::call(vm, f, t, &[v, k, Value::Object(m)])?;
    }
}

pub fn map_keys(vm: &mut Vm, args: Args) -> JsResult {
    create_iterator(vm, args, Which::Map, 0, "keys")
}
pub fn map_values(vm: &mut Vm, args: Args) -> JsResult {
    create_iterator(vm, args, Which::Map, 1, "values")
}
pub fn map_entries(vm: &mut Vm, args: Args) -> JsResult {
    create_iterator(vm, args, Which::Map, 2, "entries")
}

/// CreateMapIterator(map, kind) / CreateSetIterator(set, kind).
/// <https://tc39.es/ecma262/#sec-createmapiterator>
fn create_iterator(vm: &mut Vm, args: Args, which: Which, kind: u8, name: &str) -> JsResult {
    let m = require(vm, args.this(vm), which, name)?;
    let data = Box::new(IteratorData {
        target: Value::Object(m),
        index: 0,
        kind,
    });
    let (proto, kind) = match which {
        Which::Map => (
            Intrinsic::MapIteratorPrototype,
            ObjectKind::MapIterator(data),
        ),
        _ => (
            Intrinsic::SetIteratorPrototype,
            ObjectKind::SetIterator(data),
        ),
    };
    let proto = vm.intrinsic(proto);
    Ok(Value::Object(vm.heap.alloc(Object::new(Some(proto), kind))))
}

/// %MapIteratorPrototype%.next() <https://tc39.es/ecma262/#sec-%mapiteratorprototype%.next>
pub fn map_iterator_next(vm: &mut Vm, args: Args) -> JsResult {
    iterator_next(vm, args, Which::Map)
}

/// %SetIteratorPrototype%.next() <https://tc39.es/ecma262/#sec-%setiteratorprototype%.next>
pub fn set_iterator_next(vm: &mut Vm, args: Args) -> JsResult {
    iterator_next(vm, args, Which::Set)
}

fn iterator_next(vm: &mut Vm, args: Args, which: Which) -> JsResult {
    let this = args.this(vm);
    let state = match this {
        Value::Object(o) => match (&vm.heap.get(o).kind, which) {
            (ObjectKind::MapIterator(d), Which::Map) | (ObjectKind::SetIterator(d), Which::Set) => {
                Some((o, d.target, d.index as usize, d.kind))
            }
            _ => None,
        },
        _ => None,
    };
    let Some((it, target, mut index, kind)) = state else {
        return Err(vm.type_error(format!(
            "{} Iterator.prototype.next called on incompatible receiver",
            which.name()
        )));
    };
    let set_state = |vm: &mut Vm, target: Value, index: usize| {
        if let ObjectKind::MapIterator(d) | ObjectKind::SetIterator(d) =
            &mut vm.heap.get_mut(it).kind
        {
            d.target = target;
            d.index = index as u32;
        }
    };
    let Value::Object(m) = target else {
        return Ok(ops::create_iter_result_object(vm, Value::Undefined, true));
    };
    loop {
        let d = data(vm, m);
        if index >= d.keys.len() {
            set_state(vm, Value::Undefined, index);
            return Ok(ops::create_iter_result_object(vm, Value::Undefined, true));
        }
        let (k, v) = (d.keys[index], d.values[index]);
        index += 1;
        if matches!(k, Value::Empty) {
            continue;
        }
        set_state(vm, target, index);
        let v = if which == Which::Set { k } else { v };
        let result = match kind {
            0 => k,
            1 => v,
            _ => Value::Object(ops::create_array_from_list(vm, &[k, v])),
        };
        return Ok(ops::create_iter_result_object(vm, result, false));
    }
}

// --- Set.prototype ----------------------------------------------------------------------------

/// Set.prototype.add(value) <https://tc39.es/ecma262/#sec-set.prototype.add>
pub fn set_add(vm: &mut Vm, args: Args) -> JsResult {
    let s = require(vm, args.this(vm), Which::Set, "add")?;
    let v = args.get(vm, 0);
    if find_entry(vm, s, v).is_none() {
        put(vm, s, v, Value::Undefined);
    }
    Ok(Value::Object(s))
}

pub fn set_clear(vm: &mut Vm, args: Args) -> JsResult {
    let s = require(vm, args.this(vm), Which::Set, "clear")?;
    clear_entries(vm, s);
    Ok(Value::Undefined)
}

pub fn set_delete(vm: &mut Vm, args: Args) -> JsResult {
    let s = require(vm, args.this(vm), Which::Set, "delete")?;
    Ok(Value::Boolean(remove(vm, s, args.get(vm, 0))))
}

pub fn set_has(vm: &mut Vm, args: Args) -> JsResult {
    let s = require(vm, args.this(vm), Which::Set, "has")?;
    Ok(Value::Boolean(find_entry(vm, s, args.get(vm, 0)).is_some()))
}

pub fn set_size(vm: &mut Vm, args: Args) -> JsResult {
    let s = require(vm, args.this(vm), Which::Set, "size")?;
    Ok(Value::Number(data(vm, s).size as f64))
}

pub fn set_for_each(vm: &mut Vm, args: Args) -> JsResult {
    for_each(vm, args, Which::Set)
}

pub fn set_values(vm: &mut Vm, args: Args) -> JsResult {
    create_iterator(vm, args, Which::Set, 1, "values")
}
pub fn set_entries(vm: &mut Vm, args: Args) -> JsResult {
    create_iterator(vm, args, Which::Set, 2, "entries")
}

/// A Set Record (<https://tc39.es/ecma262/#sec-set-records>): `base` holds the set object, its
/// `has` and its `keys` in root slots.
struct SetRecord {
    base: usize,
    size: f64,
}

/// GetSetRecord(obj). <https://tc39.es/ecma262/#sec-getsetrecord>
fn get_set_record(vm: &mut Vm, obj: Value) -> JsResult<SetRecord> {
    // 1. If obj is not an Object, throw a TypeError exception.
    let Value::Object(o) = obj else {
        return Err(vm.type_error("Set operation argument is not an object"));
    };
    let base = vm.root(obj);
    // 2-3. Let rawSize be ? Get(obj, "size"); let numSize be ? ToNumber(rawSize).
    let raw = ops::get_str(vm, o, "size")?;
    let num = ops::to_number(vm, raw)?;
    // 4. If numSize is NaN, throw a TypeError exception.
    if num.is_nan() {
        return Err(vm.type_error("Set operation argument has a NaN size"));
    }
    // 5-6. Let intSize be ! ToIntegerOrInfinity(numSize); if intSize < 0, throw a RangeError.
    let size = num.trunc() + 0.0;
    if size < 0.0 {
        return Err(vm.range_error("Set operation argument has a negative size"));
    }
    // 7-8. Let has be ? Get(obj, "has"); if IsCallable(has) is false, throw a TypeError.
    let Value::Object(o) = vm.rooted(base) else {
        unreachable!()
    };
    let has = ops::get_str(vm, o, "has")?;
    if !ops::is_callable(vm, has) {
        return Err(vm.type_error("Set operation argument has no callable 'has'"));
    }
    vm.root(has);
    // 9-10. Let keys be ? Get(obj, "keys"); if IsCallable(keys) is false, throw a TypeError.
    let Value::Object(o) = vm.rooted(base) else {
        unreachable!()
    };
    let keys = ops::get_str(vm, o, "keys")?;
    if !ops::is_callable(vm, keys) {
        return Err(vm.type_error("Set operation argument has no callable 'keys'"));
    }
    vm.root(keys);
    Ok(SetRecord { base, size })
}

impl SetRecord {
    /// ToBoolean(? Call(otherRec.[[Has]], otherRec.[[SetObject]], « e »)).
    fn has(&self, vm: &mut Vm, e: Value) -> JsResult<bool> {
        let (has, set) = (vm.rooted(self.base + 1), vm.rooted(self.base));
        let r = ops::call(vm, has, set, &[e])?;
        Ok(ops::to_boolean(vm, r))
    }

    /// GetIteratorFromMethod(otherRec.[[SetObject]], otherRec.[[Keys]]): returns the root
    /// slot of (iterator, next).
    fn keys(&self, vm: &mut Vm) -> JsResult<usize> {
        let (keys, set) = (vm.rooted(self.base + 2), vm.rooted(self.base));
        let it = ops::call(vm, keys, set, &[])?;
        let Value::Object(io) = it else {
            return Err(vm.type_error("keys() result is not an object"));
        };
        let slot = vm.root(it);
        let next = ops::get_name(vm, io, CommonKey::Next)?;
        vm.root(next);
        Ok(slot)
    }
}

/// IteratorStepValue on an iterator kept at `slot` by [`SetRecord::keys`], canonicalized.
fn next_key(vm: &mut Vm, slot: usize) -> JsResult<Option<Value>> {
    let (it, next) = (vm.rooted(slot), vm.rooted(slot + 1));
    Ok(ops::iterator_step_value(vm, it, next)?.map(canonicalize))
}

fn this_set_rooted(vm: &mut Vm, args: Args, name: &str) -> JsResult<usize> {
    let s = require(vm, args.this(vm), Which::Set, name)?;
    Ok(vm.root(Value::Object(s)))
}

fn obj(vm: &Vm, slot: usize) -> Handle<Object> {
    match vm.rooted(slot) {
        Value::Object(o) => o,
        _ => unreachable!("root slot holds a non-object"),
    }
}

/// A new Set (of %Set.prototype%) holding a copy of `from`'s entries, in a root slot.
fn copy_set(vm: &mut Vm, from: Option<Handle<Object>>) -> usize {
    let proto = vm.intrinsic(Intrinsic::SetPrototype);
    let result = new_collection(vm, proto, Which::Set);
    if let Some(from) = from {
        let d = data(vm, from).clone();
        let r = data_mut(vm, result);
        for k in d.keys.into_iter().filter(|k| !matches!(k, Value::Empty)) {
            r.keys.push(k);
            r.values.push(Value::Undefined);
            r.size += 1;
        }
    }
    vm.root(Value::Object(result))
}

fn entry_at(vm: &Vm, s: Handle<Object>, i: usize) -> Option<Value> {
    data(vm, s).keys.get(i).copied()
}

/// Set.prototype.union(other) <https://tc39.es/ecma262/#sec-set.prototype.union>
pub fn set_union(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_set_rooted(vm, args, "union")?;
    let other = get_set_record(vm, args.get(vm, 0))?;
    let keys = other.keys(vm)?;
    let result = copy_set(vm, Some(obj(vm, this)));
    while let Some(k) = next_key(vm, keys)? {
        let r = obj(vm, result);
        if find_entry(vm, r, k).is_none() {
            put(vm, r, k, Value::Undefined);
        }
    }
    Ok(vm.rooted(result))
}

/// Set.prototype.intersection(other) <https://tc39.es/ecma262/#sec-set.prototype.intersection>
pub fn set_intersection(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_set_rooted(vm, args, "intersection")?;
    let other = get_set_record(vm, args.get(vm, 0))?;
    let result = copy_set(vm, None);
    if data(vm, obj(vm, this)).size as f64 <= other.size {
        // 5. Walk this set, asking other.has for each element.
        let mut i = 0;
        while let Some(e) = entry_at(vm, obj(vm, this), i) {
            i += 1;
            if matches!(e, Value::Empty) {
                continue;
            }
            let es = vm.root(e);
            let in_other = other.has(vm, e)?;
            let e = vm.rooted(es);
            vm.unroot(es);
            let r = obj(vm, result);
            if in_other && find_entry(vm, r, e).is_none() {
                put(vm, r, e, Value::Undefined);
            }
        }
    } else {
        // 6. Walk other's keys, keeping those this set has.
        let keys = other.keys(vm)?;
        while let Some(k) = next_key(vm, keys)? {
            let (t, r) = (obj(vm, this), obj(vm, result));
            if find_entry(vm, t, k).is_some() && find_entry(vm, r, k).is_none() {
                put(vm, r, k, Value::Undefined);
            }
        }
    }
    Ok(vm.rooted(result))
}

/// Set.prototype.difference(other) <https://tc39.es/ecma262/#sec-set.prototype.difference>
pub fn set_difference(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_set_rooted(vm, args, "difference")?;
    let other = get_set_record(vm, args.get(vm, 0))?;
    let result = copy_set(vm, Some(obj(vm, this)));
    if data(vm, obj(vm, this)).size as f64 <= other.size {
        // 5. For each element of the copy, remove it when other.has(element).
        let this_size = data(vm, obj(vm, result)).keys.len();
        for i in 0..this_size {
            let Some(e) = entry_at(vm, obj(vm, result), i) else {
                break;
            };
            if matches!(e, Value::Empty) {
                continue;
            }
            let es = vm.root(e);
            let in_other = other.has(vm, e)?;
            let e = vm.rooted(es);
            vm.unroot(es);
            if in_other {
                remove(vm, obj(vm, result), e);
            }
        }
    } else {
        // 6. Remove every key of other.
        let keys = other.keys(vm)?;
        while let Some(k) = next_key(vm, keys)? {
            remove(vm, obj(vm, result), k);
        }
    }
    Ok(vm.rooted(result))
}

/// Set.prototype.symmetricDifference(other)
/// <https://tc39.es/ecma262/#sec-set.prototype.symmetricdifference>
pub fn set_symmetric_difference(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_set_rooted(vm, args, "symmetricDifference")?;
    let other = get_set_record(vm, args.get(vm, 0))?;
    let keys = other.keys(vm)?;
    let result = copy_set(vm, Some(obj(vm, this)));
    while let Some(k) = next_key(vm, keys)? {
        let (t, r) = (obj(vm, this), obj(vm, result));
        let already_in_result = find_entry(vm, r, k).is_some();
        if find_entry(vm, t, k).is_some() {
            // c. If SetDataHas(O.[[SetData]], nextValue) is true, remove it from the result.
            if already_in_result {
                remove(vm, r, k);
            }
        } else if !already_in_result {
            put(vm, r, k, Value::Undefined);
        }
    }
    Ok(vm.rooted(result))
}

/// Set.prototype.isSubsetOf(other) <https://tc39.es/ecma262/#sec-set.prototype.issubsetof>
pub fn set_is_subset_of(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_set_rooted(vm, args, "isSubsetOf")?;
    let other = get_set_record(vm, args.get(vm, 0))?;
    // 4. If SetDataSize(O.[[SetData]]) > otherRec.[[Size]], return false.
    if data(vm, obj(vm, this)).size as f64 > other.size {
        return Ok(Value::Boolean(false));
    }
    let mut i = 0;
    while let Some(e) = entry_at(vm, obj(vm, this), i) {
        i += 1;
        if matches!(e, Value::Empty) {
            continue;
        }
        if !other.has(vm, e)? {
            return Ok(Value::Boolean(false));
        }
    }
    Ok(Value::Boolean(true))
}

/// Set.prototype.isSupersetOf(other) <https://tc39.es/ecma262/#sec-set.prototype.issupersetof>
pub fn set_is_superset_of(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_set_rooted(vm, args, "isSupersetOf")?;
    let other = get_set_record(vm, args.get(vm, 0))?;
    // 4. If SetDataSize(O.[[SetData]]) < otherRec.[[Size]], return false.
    if (data(vm, obj(vm, this)).size as f64) < other.size {
        return Ok(Value::Boolean(false));
    }
    let keys = other.keys(vm)?;
    while let Some(k) = next_key(vm, keys)? {
        if find_entry(vm, obj(vm, this), k).is_none() {
            let it = vm.rooted(keys);
            ops::iterator_close(vm, it)?;
            return Ok(Value::Boolean(false));
        }
    }
    Ok(Value::Boolean(true))
}

/// Set.prototype.isDisjointFrom(other) <https://tc39.es/ecma262/#sec-set.prototype.isdisjointfrom>
pub fn set_is_disjoint_from(vm: &mut Vm, args: Args) -> JsResult {
    let this = this_set_rooted(vm, args, "isDisjointFrom")?;
    let other = get_set_record(vm, args.get(vm, 0))?;
    if data(vm, obj(vm, this)).size as f64 <= other.size {
        let mut i = 0;
        while let Some(e) = entry_at(vm, obj(vm, this), i) {
            i += 1;
            if matches!(e, Value::Empty) {
                continue;
            }
            if other.has(vm, e)? {
                return Ok(Value::Boolean(false));
            }
        }
    } else {
        let keys = other.keys(vm)?;
        while let Some(k) = next_key(vm, keys)? {
            if find_entry(vm, obj(vm, this), k).is_some() {
                let it = vm.rooted(keys);
                ops::iterator_close(vm, it)?;
                return Ok(Value::Boolean(false));
            }
        }
    }
    Ok(Value::Boolean(true))
}

// --- WeakMap.prototype and WeakSet.prototype --------------------------------------------------

/// WeakMap.prototype.delete(key) <https://tc39.es/ecma262/#sec-weakmap.prototype.delete>
pub fn weak_map_delete(vm: &mut Vm, args: Args) -> JsResult {
    let m = require(vm, args.this(vm), Which::WeakMap, "delete")?;
    let k = args.get(vm, 0);
    Ok(Value::Boolean(
        can_be_held_weakly(vm, k) && remove(vm, m, k),
    ))
}

pub fn weak_map_get(vm: &mut Vm, args: Args) -> JsResult {
    let m = require(vm, args.this(vm), Which::WeakMap, "get")?;
    let k = args.get(vm, 0);
    if !can_be_held_weakly(vm, k) {
        return Ok(Value::Undefined);
    }
    Ok(match find_entry(vm, m, k) {
        Some(i) => data(vm, m).values[i],
        None => Value::Undefined,
    })
}

pub fn weak_map_has(vm: &mut Vm, args: Args) -> JsResult {
    let m = require(vm, args.this(vm), Which::WeakMap, "has")?;
    let k = args.get(vm, 0);
    Ok(Value::Boolean(
        can_be_held_weakly(vm, k) && find_entry(vm, m, k).is_some(),
    ))
}

/// WeakMap.prototype.set(key, value) <https://tc39.es/ecma262/#sec-weakmap.prototype.set>
pub fn weak_map_set(vm: &mut Vm, args: Args) -> JsResult {
    let m = require(vm, args.this(vm), Which::WeakMap, "set")?;
    let k = args.get(vm, 0);
    // 3. If CanBeHeldWeakly(key) is false, throw a TypeError exception.
    if !can_be_held_weakly(vm, k) {
        return Err(vm.type_error("Invalid value used as weak map key"));
    }
    put(vm, m, k, args.get(vm, 1));
    Ok(Value::Object(m))
}

/// WeakSet.prototype.add(value) <https://tc39.es/ecma262/#sec-weakset.prototype.add>
pub fn weak_set_add(vm: &mut Vm, args: Args) -> JsResult {
    let s = require(vm, args.this(vm), Which::WeakSet, "add")?;
    let v = args.get(vm, 0);
    if !can_be_held_weakly(vm, v) {
        return Err(vm.type_error("Invalid value used in weak set"));
    }
    if find_entry(vm, s, v).is_none() {
        put(vm, s, v, Value::Undefined);
    }
    Ok(Value::Object(s))
}

pub fn weak_set_delete(vm: &mut Vm, args: Args) -> JsResult {
    let s = require(vm, args.this(vm), Which::WeakSet, "delete")?;
    let v = args.get(vm, 0);
    Ok(Value::Boolean(
        can_be_held_weakly(vm, v) && remove(vm, s, v),
    ))
}

pub fn weak_set_has(vm: &mut Vm, args: Args) -> JsResult {
    let s = require(vm, args.this(vm), Which::WeakSet, "has")?;
    let v = args.get(vm, 0);
    Ok(Value::Boolean(
        can_be_held_weakly(vm, v) && find_entry(vm, s, v).is_some(),
    ))
}

// --- upsert (getOrInsert, getOrInsertComputed) -------------------------------------------------

/// Map.prototype.getOrInsert(key, value) and WeakMap.prototype.getOrInsert(key, value).
/// <https://tc39.es/proposal-upsert/#sec-map.prototype.getOrInsert>
fn get_or_insert(vm: &mut Vm, args: Args, which: Which) -> JsResult {
    let m = require(vm, args.this(vm), which, "getOrInsert")?;
    let key = args.get(vm, 0);
    if which == Which::WeakMap && !can_be_held_weakly(vm, key) {
        return Err(vm.type_error("Invalid value used as weak map key"));
    }
    // 3. Set key to CanonicalizeKeyedCollectionKey(key).
    let key = canonicalize(key);
    // 4. If an entry has key, return its value.
    if let Some(i) = find_entry(vm, m, key) {
        return Ok(data(vm, m).values[i]);
    }
    // 5-6. Append the entry and return value.
    let value = args.get(vm, 1);
    put(vm, m, key, value);
    Ok(value)
}

/// Map.prototype.getOrInsertComputed(key, callbackfn) and the WeakMap one.
/// <https://tc39.es/proposal-upsert/#sec-map.prototype.getOrInsertComputed>
fn get_or_insert_computed(vm: &mut Vm, args: Args, which: Which) -> JsResult {
    let m = require(vm, args.this(vm), which, "getOrInsertComputed")?;
    // 3. If IsCallable(callbackfn) is false, throw a TypeError exception.
    if !ops::is_callable(vm, args.get(vm, 1)) {
        return Err(vm.type_error("getOrInsertComputed: callback is not a function"));
    }
    let key = args.get(vm, 0);
    if which == Which::WeakMap && !can_be_held_weakly(vm, key) {
        return Err(vm.type_error("Invalid value used as weak map key"));
    }
    // 4. Set key to CanonicalizeKeyedCollectionKey(key).
    let key = canonicalize(key);
    if let Some(i) = find_entry(vm, m, key) {
        return Ok(data(vm, m).values[i]);
    }
    // 6. Let value be ? Call(callbackfn, undefined, « key »).
    let f = args.get(vm, 1);
    let ks = vm.root(key);
    let value = ops::call(vm, f, Value::Undefined, &[key])?;
    let key = vm.rooted(ks);
    vm.unroot(ks);
    // 7-8. The callback may have changed the map: overwrite or append.
    let Value::Object(m) = args.this(vm) else {
        unreachable!()
    };
    put(vm, m, key, value);
    Ok(value)
}

pub fn map_get_or_insert(vm: &mut Vm, args: Args) -> JsResult {
    get_or_insert(vm, args, Which::Map)
}
pub fn map_get_or_insert_computed(vm: &mut Vm, args: Args) -> JsResult {
    get_or_insert_computed(vm, args, Which::Map)
}
pub fn weak_map_get_or_insert(vm: &mut Vm, args: Args) -> JsResult {
    get_or_insert(vm, args, Which::WeakMap)
}
pub fn weak_map_get_or_insert_computed(vm: &mut Vm, args: Args) -> JsResult {
    get_or_insert_computed(vm, args, Which::WeakMap)
}
