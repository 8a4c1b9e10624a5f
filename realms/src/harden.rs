//! `harden(value)`: freeze an object graph, natively.
//! Behaviour reference: REALMS-DESIGN.md C.3 (XS's order, SES's TypedArray rule).
//!
//! Breadth first from the root: each object is frozen (SetIntegrityLevel frozen through its
//! internal methods, so proxy traps run), then its prototype and the values and accessor
//! functions of its own properties, in [[OwnPropertyKeys]] order, join the queue. Getters are
//! never called. Only when the whole graph is frozen are its objects marked `hardened`
//! (a header bit), so a harden that throws midway leaves what it froze frozen but unmarked, and
//! a later call retries; a marked object ends the walk at once, which makes hardening an
//! already hardened graph O(1).

use amber_heap::{attrs, Handle, Object, ObjectKind, PropertyKey, Value};
use amber_vm::builtins::{root_key, rooted_key};
use amber_vm::object::{self, PropertyDescriptor};
use amber_vm::{JsResult, Vm};
use hashbrown::HashSet;

/// The queue of a harden in progress: a prototype-less array object held in a root slot (so
/// the collector traces and moves its entries), and the set of objects already queued, by
/// arena index (rebuilt after a collection, which renumbers objects).
struct Queue {
    slot: usize,
    seen: HashSet<u32>,
    epoch: u32,
}

impl Queue {
    fn new(vm: &mut Vm) -> Queue {
        let array = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
        Queue {
            slot: vm.root(Value::Object(array)),
            seen: HashSet::new(),
            epoch: vm.heap.epoch(),
        }
    }

    fn array(&self, vm: &Vm) -> Handle<Object> {
        match vm.rooted(self.slot) {
            Value::Object(a) => a,
            _ => unreachable!("the harden queue is an object"),
        }
    }

    fn len(&self, vm: &Vm) -> usize {
        vm.heap.get(self.array(vm)).elements.len()
    }

    fn at(&self, vm: &Vm, i: usize) -> Handle<Object> {
        match vm.heap.get(self.array(vm)).elements[i] {
            Value::Object(o) => o,
            _ => unreachable!("the harden queue holds objects"),
        }
    }

    /// Queues `v` if it is an object that is neither hardened nor queued already.
    fn enqueue(&mut self, vm: &mut Vm, v: Value) {
        let Value::Object(o) = v else { return };
        if vm.heap.get(o).hardened {
            return;
        }
        if self.epoch != vm.heap.epoch() {
            // A collection renumbered the objects: the queue (traced) has their new handles.
            let array = self.array(vm);
            self.seen = vm
                .heap
                .get(array)
                .elements
                .iter()
                .filter_map(|v| v.as_object())
                .map(|o| o.raw.index)
                .collect();
            self.epoch = vm.heap.epoch();
        }
        if self.seen.insert(o.raw.index) {
            let array = self.array(vm);
            vm.heap.get_mut(array).elements.push(Value::Object(o));
        }
    }
}

/// harden(root): freezes `root` and everything reachable from it through prototypes and own
/// properties, then marks it all hardened. Primitives are left as they are.
pub fn harden(vm: &mut Vm, root: Value) -> JsResult<()> {
    let base = vm.roots.len();
    let mut queue = Queue::new(vm);
    queue.enqueue(vm, root);
    let mut i = 0;
    let result = (|| {
        while i < queue.len(vm) {
            freeze_and_traverse(vm, &mut queue, i)?;
            i += 1;
        }
        Ok(())
    })();
    if result.is_ok() {
        // Commit: the whole graph is frozen.
        for j in 0..queue.len(vm) {
            let o = queue.at(vm, j);
            vm.heap.get_mut(o).hardened = true;
        }
    }
    vm.unroot(base);
    result
}

/// Can `o` be frozen and walked by reading its slots directly? Only objects whose internal
/// methods are all ordinary, with no integer-indexed properties (their [[OwnPropertyKeys]]
/// order and storage need the general path): then freezing and walking run no code and
/// observe nothing, so doing it field by field is the same as doing it through the methods.
fn is_plain(vm: &Vm, h: Handle<Object>) -> bool {
    let o = vm.heap.get(h);
    matches!(
        o.kind,
        ObjectKind::Ordinary
            | ObjectKind::ImmutablePrototype
            | ObjectKind::Function(_)
            | ObjectKind::Native(_)
            | ObjectKind::Bound(_)
            | ObjectKind::Error(_)
            | ObjectKind::Boolean(_)
            | ObjectKind::Number(_)
            | ObjectKind::Symbol(_)
            | ObjectKind::BigInt(_)
            | ObjectKind::Date(_)
            | ObjectKind::RegExp(_)
            | ObjectKind::Map(_)
            | ObjectKind::Set(_)
            | ObjectKind::WeakMap(_)
            | ObjectKind::WeakSet(_)
            | ObjectKind::Promise(_)
            | ObjectKind::WeakRef(_)
            | ObjectKind::Host(_)
            | ObjectKind::Temporal(_)
    ) && o.elements.is_empty()
        && !vm
            .heap
            .any_property_key(h, |k| matches!(k, PropertyKey::Index(_)))
}

/// The fast path of [`freeze_and_traverse`] for a plain object: SetIntegrityLevel(frozen) as
/// flag updates, then the prototype and the own properties' values in [[OwnPropertyKeys]]
/// order (strings, then symbols, each in creation order).
fn freeze_plain(vm: &mut Vm, queue: &mut Queue, o: Handle<Object>) {
    let obj = vm.heap.get_mut(o);
    obj.extensible = false;
    let mut next = vec![obj.proto.get().map_or(Value::Null, Value::Object)];
    vm.heap.map_property_flags(o, |flags| {
        if flags & attrs::ACCESSOR != 0 {
            flags & !attrs::CONFIGURABLE
        } else {
            flags & !(attrs::CONFIGURABLE | attrs::WRITABLE)
        }
    });
    let properties = vm.heap.properties(o);
    for symbols in [false, true] {
        for p in &properties {
            if matches!(p.key, PropertyKey::Symbol(_)) == symbols {
                next.push(p.value);
                if p.is_accessor() {
                    next.push(p.setter);
                }
            }
        }
    }
    for v in next {
        queue.enqueue(vm, v);
    }
}

/// Freezes queue entry `i` and queues what it references.
fn freeze_and_traverse(vm: &mut Vm, queue: &mut Queue, i: usize) -> JsResult<()> {
    let o = queue.at(vm, i);
    if is_plain(vm, o) {
        freeze_plain(vm, queue, o);
        return Ok(());
    }
    // 1. Freeze it (TypedArrays: SES's rule, their elements stay writable).
    let frozen = if matches!(vm.heap.get(o).kind, ObjectKind::TypedArray(_)) {
        freeze_typed_array(vm, queue, i)?
    } else {
        amber_vm::builtins::object::set_integrity_level(vm, o, true)?
    };
    if !frozen {
        return Err(vm.type_error("harden: the object cannot be frozen"));
    }
    // 2. Its prototype first.
    let o = queue.at(vm, i);
    let proto = object::get_prototype_of(vm, o)?;
    queue.enqueue(vm, proto.map_or(Value::Null, Value::Object));
    // 3. Then the values and accessors of its own properties, in [[OwnPropertyKeys]] order.
    let o = queue.at(vm, i);
    let keys = object::own_property_keys(vm, o)?;
    let first = vm.roots.len();
    for &k in &keys {
        root_key(vm, k);
    }
    for k in 0..keys.len() {
        let key: PropertyKey = rooted_key(vm, first + k);
        let o = queue.at(vm, i);
        if let Some(d) = object::get_own_property(vm, o, key)? {
            for v in [d.value, d.get, d.set].into_iter().flatten() {
                queue.enqueue(vm, v);
            }
        }
    }
    vm.unroot(first);
    Ok(())
}

/// A TypedArray cannot be frozen while it has elements (their [[DefineOwnProperty]] refuses
/// non-writable). REALMS-DESIGN C.3 DECISION (SES): make it non-extensible and freeze its
/// non-index properties; the elements stay writable.
fn freeze_typed_array(vm: &mut Vm, queue: &mut Queue, i: usize) -> JsResult<bool> {
    let o = queue.at(vm, i);
    if !object::prevent_extensions(vm, o)? {
        return Ok(false);
    }
    let o = queue.at(vm, i);
    let keys = object::own_property_keys(vm, o)?;
    let first = vm.roots.len();
    for &k in &keys {
        root_key(vm, k);
    }
    for k in 0..keys.len() {
        let key = rooted_key(vm, first + k);
        if matches!(key, PropertyKey::Index(_)) {
            continue;
        }
        let o = queue.at(vm, i);
        let Some(d) = object::get_own_property(vm, o, key)? else {
            continue;
        };
        let desc = PropertyDescriptor {
            configurable: Some(false),
            writable: d.is_data().then_some(false),
            ..Default::default()
        };
        let o = queue.at(vm, i);
        let key = rooted_key(vm, first + k);
        amber_vm::ops::define_property_or_throw(vm, o, key, desc)?;
    }
    vm.unroot(first);
    Ok(true)
}
