//! Inline caches for named property access (`GetNamed`, `SetNamed`): what a site learned about
//! the shapes it saw, so that the next access to an object of the same shape is a few compares
//! and an indexed load instead of a search. See `vm/PERFORMANCE.md` for the design and
//! `heap/src/code.rs` ([`PropertyCache`]) for what an entry holds.
//!
//! Every fast path here must do exactly what the ordinary [[Get]] / [[Set]] would do. What makes
//! that true:
//! - a shape fixes an object's own named keys and their attributes, so "same shape" means "same
//!   own property at the same slot, or still no such property";
//! - the prototype chain is walked object by object (prototypes are not part of shapes), and
//!   every object on it must have its cached shape too;
//! - objects whose [[Get]]/[[Set]] are not ordinary for the key never match: proxies and module
//!   namespaces never, Arrays and String objects not for "length" (their own exotic "length" is
//!   in no shape), dictionary-mode objects never (their layout changes in place), and keys that
//!   are canonical numeric strings (TypedArrays own those) are never cached.
//!
//! Caches are cleared by every collection (they hold raw shape indices, not handles).

use crate::Vm;
use amber_compiler::bytecode::Ic;
use amber_heap::code::{CacheKind, PropertyCache};
use amber_heap::shape::PropertyMap;
use amber_heap::{attrs, Code, Handle, Object, ObjectKind, PropertyKey, Value};

/// Fills after which a site counts as megamorphic and stops trying.
const MAX_FILLS: u8 = 16;

/// The shape id a cache compares: the shape's index, or one of the two reserved ids.
#[inline(always)]
fn shape_id(o: &Object) -> u32 {
    match &o.properties {
        PropertyMap::Shaped { shape: Some(s), .. } => s.raw.index,
        PropertyMap::Shaped { shape: None, .. } => PropertyCache::NO_PROPERTIES,
        PropertyMap::Dictionary(_) => PropertyCache::DICTIONARY,
    }
}

/// Whether `o`'s [[Get]] and [[Set]] are the ordinary ones for a cached key.
#[inline(always)]
fn ordinary_for(o: &Object, length_key: bool) -> bool {
    match o.kind {
        ObjectKind::Proxy(_) | ObjectKind::ModuleNamespace(_) => false,
        ObjectKind::Array(_) | ObjectKind::String(_) => !length_key,
        _ => true,
    }
}

#[inline(always)]
fn site(vm: &Vm, code: Handle<Code>, ic: Ic) -> &[PropertyCache] {
    vm.heap.get(code).caches.site(ic.0)
}

/// The object the cache's walk ends at, if `o` and its prototypes have the cached shapes.
#[inline(always)]
fn walk<'a>(vm: &'a Vm, c: &PropertyCache, o: Handle<Object>) -> Option<&'a Object> {
    let mut obj = vm.heap.get(o);
    let mut d = 0;
    loop {
        if shape_id(obj) != c.shapes[d] || !ordinary_for(obj, c.length_key) {
            return None;
        }
        if d == c.depth as usize {
            return Some(obj);
        }
        obj = vm.heap.get(obj.proto.get()?);
        d += 1;
    }
}

/// `o.key` from the cache, or `None` when the cache does not apply.
#[inline(always)]
pub(crate) fn cached_get(vm: &Vm, code: Handle<Code>, ic: Ic, o: Handle<Object>) -> Option<Value> {
    for c in site(vm, code, ic) {
        if c.kind != CacheKind::Get {
            return None;
        }
        if let Some(holder) = walk(vm, c, o) {
            return holder.properties.slots().get(c.slot as usize).copied();
        }
    }
    None
}

/// `o.key = value` from the cache; false when the cache does not apply (nothing was done).
///
/// `value` is read (in halves) only where it is stored: read at the start, it was spilled to
/// the stack as two words and reloaded as one 16-byte load, which waits for those two stores
/// to reach the cache (see `read_in_halves`).
#[inline(always)]
pub(crate) fn cached_set(
    vm: &mut Vm,
    code: Handle<Code>,
    ic: Ic,
    o: Handle<Object>,
    value: &Value,
) -> bool {
    let mut found = None;
    for c in site(vm, code, ic) {
        if c.kind == CacheKind::Empty {
            break;
        }
        if walk(vm, c, o).is_some() {
            found = Some(*c);
            break;
        }
    }
    let Some(c) = found else {
        return false;
    };
    match c.kind {
        CacheKind::Set => {
            if c.depth != 0 {
                return false;
            }
            match vm
                .heap
                .get_mut(o)
                .properties
                .slots_mut()
                .get_mut(c.slot as usize)
            {
                Some(slot) => {
                    *slot = crate::interp::read_in_halves(value);
                    true
                }
                None => false,
            }
        }
        CacheKind::Add | CacheKind::AddShadowing => {
            // The receiver and its prototype chain have the cached shapes: the whole chain,
            // which has no such property (so no setter or read-only property intercepts the
            // Set), or the chain up to the first prototype with the key, which has it as a
            // writable data property (so the Set adds it to the receiver).
            let Some(last) = walk(vm, &c, o) else {
                return false;
            };
            let whole_chain = c.kind == CacheKind::Add;
            if whole_chain && last.proto.get().is_some() || !vm.heap.get(o).extensible {
                return false;
            }
            append(vm, o, &c, value)
        }
        CacheKind::Get | CacheKind::Define | CacheKind::Empty => false,
    }
}

/// `CreateDataProperty(o, key, value)` from the cache (an object literal's `key: value`);
/// false when the cache does not apply (nothing was done). Only ordinary objects are cached:
/// their [[DefineOwnProperty]] adds a new key to an extensible object as a default data
/// property, whatever the prototypes hold, so the receiver's shape decides everything.
#[inline(always)]
pub(crate) fn cached_define(
    vm: &mut Vm,
    code: Handle<Code>,
    ic: Ic,
    o: Handle<Object>,
    value: &Value,
) -> bool {
    let obj = vm.heap.get(o);
    if !matches!(obj.kind, ObjectKind::Ordinary) || !obj.extensible {
        return false;
    }
    let id = shape_id(obj);
    let Some(c) = site(vm, code, ic)
        .iter()
        .find(|c| c.kind == CacheKind::Define && c.shapes[0] == id)
        .copied()
    else {
        return false;
    };
    append(vm, o, &c, value)
}

/// A cached add or define: `o` moves to the cache's target shape by appending `value` in the
/// cached slot (false, nothing done, if its slots are not what the shape says).
#[inline(always)]
fn append(vm: &mut Vm, o: Handle<Object>, c: &PropertyCache, value: &Value) -> bool {
    let target = Handle::from_raw(amber_heap::RawHandle::new(c.target, vm.heap.epoch()));
    vm.heap.note_growth(std::mem::size_of::<Value>());
    if let PropertyMap::Shaped { shape, slots } = &mut vm.heap.get_mut(o).properties {
        if slots.len() == c.slot as usize {
            slots.extend(std::iter::once(crate::interp::read_in_halves(value)));
            *shape = Some(target);
            return true;
        }
    }
    false
}

/// `o`'s shape (if it is shaped and has properties) and the position of `key` in it.
pub(crate) fn shaped_position(
    vm: &Vm,
    o: Handle<Object>,
    key: PropertyKey,
) -> Option<(Handle<amber_heap::Shape>, usize)> {
    let PropertyMap::Shaped {
        shape: Some(now), ..
    } = vm.heap.get(o).properties
    else {
        return None;
    };
    Some((now, vm.heap.shape_position(now, key)?))
}

/// Whether shape `now` is shape `before` (a shape id) plus the entry at `pos`, last and with
/// default attributes: the transition an ordinary add of that key makes.
fn is_default_add(vm: &Vm, now: Handle<amber_heap::Shape>, pos: usize, before: u32) -> bool {
    let shape = vm.heap.get(now);
    pos + 1 == shape.len()
        && vm.heap.shape_entries(now)[pos].flags == attrs::DEFAULT
        && match shape.parent {
            Some(p) => p.raw.index == before,
            None => before == PropertyCache::NO_PROPERTIES,
        }
}

/// After a slow `CreateDataProperty(o, key, v)` (which succeeded), caches it if it added `key`
/// as the last property of an ordinary object, with default attributes, to the shape `before`.
pub(crate) fn fill_define(
    vm: &mut Vm,
    code: Handle<Code>,
    ic: Ic,
    o: Handle<Object>,
    key: PropertyKey,
    before: u32,
) {
    if !note_miss(vm, code, ic) || cacheable_key(vm, key).is_none() {
        return;
    }
    if !matches!(vm.heap.get(o).kind, ObjectKind::Ordinary) || before == PropertyCache::DICTIONARY {
        return;
    }
    let Some((now, pos)) = shaped_position(vm, o, key) else {
        return;
    };
    if is_default_add(vm, now, pos, before) {
        let mut c = PropertyCache {
            kind: CacheKind::Define,
            slot: vm.heap.shape_entries(now)[pos].slot,
            target: now.raw.index,
            ..PropertyCache::EMPTY
        };
        c.shapes[0] = before;
        store(vm, code, ic, c);
    }
}

/// The cache-relevant state of a receiver before a Set: its shape id.
#[inline(always)]
pub(crate) fn shape_before(vm: &Vm, o: Handle<Object>) -> u32 {
    shape_id(vm.heap.get(o))
}

/// Whether a site's key can be cached at all, and whether it is "length".
fn cacheable_key(vm: &mut Vm, key: PropertyKey) -> Option<bool> {
    let PropertyKey::String(_) = key else {
        return None;
    };
    if crate::builtins::typed_array::canonical_numeric_index(vm, key).is_some() {
        return None;
    }
    Some(key == vm.length_and_name_keys().0)
}

/// Adds `c` to the site: in its first free entry, or (all taken) in place of the oldest.
fn store(vm: &mut Vm, code: Handle<Code>, ic: Ic, mut c: PropertyCache) {
    let entries = vm.heap.get_mut(code).caches.site_mut(ic.0);
    let Some(first) = entries.first() else {
        return;
    };
    let fills = first.misses;
    let at = match entries.iter().position(|e| e.kind == CacheKind::Empty) {
        Some(free) => free,
        None => {
            // Full: shift the others down and put the new one last.
            entries.rotate_left(1);
            entries.len() - 1
        }
    };
    c.misses = 0;
    entries[at] = c;
    entries[0].misses = fills;
}

/// Counts a fill; false if the site was filled too often to keep trying (megamorphic).
fn note_miss(vm: &mut Vm, code: Handle<Code>, ic: Ic) -> bool {
    match vm.heap.get_mut(code).caches.site_mut(ic.0).first_mut() {
        Some(c) if c.misses < MAX_FILLS => {
            c.misses += 1;
            true
        }
        _ => false,
    }
}

/// After a slow `o.key` that found a data property, caches where it was found (when the
/// receiver and the prototypes up to the holder are shaped and ordinary for the key).
pub(crate) fn fill_get(
    vm: &mut Vm,
    code: Handle<Code>,
    ic: Ic,
    o: Handle<Object>,
    key: PropertyKey,
) {
    if !note_miss(vm, code, ic) {
        return;
    }
    let Some(length_key) = cacheable_key(vm, key) else {
        return;
    };
    let mut c = PropertyCache {
        kind: CacheKind::Get,
        length_key,
        ..PropertyCache::EMPTY
    };
    let mut h = o;
    for d in 0..PropertyCache::MAX_SHAPES {
        let obj = vm.heap.get(h);
        let id = shape_id(obj);
        if id == PropertyCache::DICTIONARY || !ordinary_for(obj, length_key) {
            return;
        }
        c.shapes[d] = id;
        if let Some(pos) = vm.heap.find_property(h, key) {
            let p = vm.heap.property_at(h, pos);
            if p.is_accessor() {
                return;
            }
            let PropertyMap::Shaped { shape: Some(s), .. } = &vm.heap.get(h).properties else {
                return;
            };
            c.slot = vm.heap.shape_entries(*s)[pos].slot;
            c.depth = d as u8;
            store(vm, code, ic, c);
            return;
        }
        match vm.heap.get(h).proto.get() {
            Some(p) => h = p,
            None => return,
        }
    }
}

/// After a slow `o.key = v` (which succeeded), caches it: as a Set if `o` had the property as
/// an own writable data property, as an Add if it got it as a new default data property and
/// nothing on its (short, shaped) prototype chain has it, or as an AddShadowing if the first
/// prototype that has it has it as a writable data property.
pub(crate) fn fill_set(
    vm: &mut Vm,
    code: Handle<Code>,
    ic: Ic,
    o: Handle<Object>,
    key: PropertyKey,
    before: u32,
) {
    if !note_miss(vm, code, ic) {
        return;
    }
    let Some(length_key) = cacheable_key(vm, key) else {
        return;
    };
    if !ordinary_for(vm.heap.get(o), length_key) {
        return;
    }
    let Some((now, pos)) = shaped_position(vm, o, key) else {
        return;
    };
    let entry = vm.heap.shape_entries(now)[pos];
    if entry.flags & attrs::ACCESSOR != 0 || entry.flags & attrs::WRITABLE == 0 {
        return;
    }
    if now.raw.index == before {
        store(
            vm,
            code,
            ic,
            PropertyCache {
                kind: CacheKind::Set,
                length_key,
                shapes: [before, 0, 0, 0, 0],
                slot: entry.slot,
                ..PropertyCache::EMPTY
            },
        );
        return;
    }
    // An add: the new shape is the old one plus this key, last, with default attributes.
    if !is_default_add(vm, now, pos, before) {
        return;
    }
    let mut c = PropertyCache {
        kind: CacheKind::Add,
        length_key,
        slot: entry.slot,
        target: now.raw.index,
        ..PropertyCache::EMPTY
    };
    c.shapes[0] = before;
    let mut proto = vm.heap.get(o).proto.get();
    let mut d = 0;
    while let Some(p) = proto {
        d += 1;
        if d >= PropertyCache::MAX_SHAPES {
            return;
        }
        let obj = vm.heap.get(p);
        let id = shape_id(obj);
        if id == PropertyCache::DICTIONARY || !ordinary_for(obj, length_key) {
            return;
        }
        c.shapes[d] = id;
        proto = obj.proto.get();
        if let Some(held) = vm.heap.get_property(p, key) {
            // OrdinarySet stops at the first prototype with the key. Its shape fixes the
            // property's attributes: a writable data property lets the Set add the key to the
            // receiver, anything else (a setter, a read-only property) does not.
            if held.is_accessor() || held.flags & attrs::WRITABLE == 0 {
                return;
            }
            c.kind = CacheKind::AddShadowing;
            c.depth = d as u8;
            store(vm, code, ic, c);
            return;
        }
    }
    c.depth = d as u8;
    store(vm, code, ic, c);
}

/// A global load (`LdaGlobal`; stores, `StaGlobal`, have their own entries of kind Set) from
/// the cache: the binding's remembered position in the global
/// lexicals (a `let`/`const`/`class`, initialized) or in the global object (a data property),
/// checked by key. A global-object hit also needs the lexicals unchanged in number: they only
/// ever grow, so the same count means the name is still not a lexical that would shadow it.
/// `shapes[0..3]` hold the lexicals' count and the two objects' indices, `depth` is 0 for a
/// lexical, 1 for a global-object property, and `slot` the position.
#[inline(always)]
pub(crate) fn cached_global(
    vm: &Vm,
    code: Handle<Code>,
    ic: Ic,
    lexicals: Handle<Object>,
    global: Handle<Object>,
    key: PropertyKey,
) -> Option<Value> {
    let c = site(vm, code, ic).first()?;
    if c.kind != CacheKind::Get
        || c.shapes[1] != lexicals.raw.index
        || c.shapes[2] != global.raw.index
    {
        return None;
    }
    global_binding(vm, c, lexicals, global, key).map(|(_, p)| p.value)
}

/// The binding a global-access cache entry names, if it still holds: an initialized lexical,
/// or a data property of the global object not shadowed by a lexical declared since.
#[inline(always)]
fn global_binding(
    vm: &Vm,
    c: &PropertyCache,
    lexicals: Handle<Object>,
    global: Handle<Object>,
    key: PropertyKey,
) -> Option<(Handle<Object>, amber_heap::Property)> {
    if c.depth == 0 {
        let p = vm.heap.property_at_if(lexicals, c.slot as usize, key)?;
        return (!matches!(p.value, Value::Empty)).then_some((lexicals, p));
    }
    if vm.heap.property_count(lexicals) != c.shapes[0] as usize {
        return None;
    }
    let p = vm.heap.property_at_if(global, c.slot as usize, key)?;
    (!p.is_accessor()).then_some((global, p))
}

/// A global store (`StaGlobal`) through the cache: the binding [`cached_global`] would read,
/// if it is writable. False (nothing done) when the cache does not apply.
#[inline(always)]
pub(crate) fn cached_global_store(
    vm: &mut Vm,
    code: Handle<Code>,
    ic: Ic,
    lexicals: Handle<Object>,
    global: Handle<Object>,
    key: PropertyKey,
    value: Value,
) -> bool {
    let Some(c) = site(vm, code, ic).first().copied() else {
        return false;
    };
    if c.kind != CacheKind::Set
        || c.shapes[1] != lexicals.raw.index
        || c.shapes[2] != global.raw.index
    {
        return false;
    }
    match global_binding(vm, &c, lexicals, global, key) {
        Some((holder, p)) if p.writable() => {
            vm.heap.set_property_value(holder, c.slot as usize, value);
            true
        }
        _ => false,
    }
}

/// Fills a global load's (`kind` Get) or store's (`kind` Set) cache after the slow path (see
/// [`cached_global`]).
pub(crate) fn fill_global(
    vm: &mut Vm,
    code: Handle<Code>,
    ic: Ic,
    kind: CacheKind,
    lexicals: Handle<Object>,
    global: Handle<Object>,
    key: PropertyKey,
) {
    if !note_miss(vm, code, ic) {
        return;
    }
    let (depth, position) = match vm.heap.find_property(lexicals, key) {
        Some(pos) => (0, pos),
        None => match vm.heap.find_property(global, key) {
            Some(pos) => (1, pos),
            None => return,
        },
    };
    let count = vm.heap.property_count(lexicals) as u32;
    if let Some(first) = vm.heap.get_mut(code).caches.site_mut(ic.0).first_mut() {
        let fills = first.misses;
        *first = PropertyCache {
            kind,
            depth,
            misses: fills,
            shapes: [count, lexicals.raw.index, global.raw.index, 0, 0],
            slot: position as u32,
            ..PropertyCache::EMPTY
        };
    }
}
