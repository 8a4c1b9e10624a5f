//! The internal methods of objects: ordinary objects
//! (<https://tc39.es/ecma262/#sec-ordinary-object-internal-methods-and-internal-slots>) and the
//! exotic ones Amber has so far (arrays, string objects, proxies).
//!
//! Each `pub fn` here is an essential internal method (`[[Get]]` is [`get`], ...). They dispatch
//! on the object's kind; ordinary behaviour is the `ordinary_*` function of the same name.

use crate::ops;
use crate::CommonKey;
use crate::{JsResult, Vm};
use amber_heap::{attrs, Handle, Object, ObjectKind, Property, PropertyKey, Value};

/// A Property Descriptor (<https://tc39.es/ecma262/#sec-property-descriptor-specification-type>):
/// every field may be absent.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PropertyDescriptor {
    /// [[Value]] (a data descriptor).
    pub value: Option<Value>,
    /// [[Writable]] (a data descriptor).
    pub writable: Option<bool>,
    /// [[Get]] (an accessor descriptor): a function or `undefined`.
    pub get: Option<Value>,
    /// [[Set]] (an accessor descriptor): a function or `undefined`.
    pub set: Option<Value>,
    /// [[Enumerable]].
    pub enumerable: Option<bool>,
    /// [[Configurable]].
    pub configurable: Option<bool>,
}

impl PropertyDescriptor {
    /// A complete data descriptor.
    pub fn data(value: Value, writable: bool, enumerable: bool, configurable: bool) -> Self {
        PropertyDescriptor {
            value: Some(value),
            writable: Some(writable),
            enumerable: Some(enumerable),
            configurable: Some(configurable),
            ..Default::default()
        }
    }
    /// <https://tc39.es/ecma262/#sec-isaccessordescriptor>
    pub fn is_accessor(&self) -> bool {
        self.get.is_some() || self.set.is_some()
    }
    /// <https://tc39.es/ecma262/#sec-isdatadescriptor>
    pub fn is_data(&self) -> bool {
        self.value.is_some() || self.writable.is_some()
    }
    /// <https://tc39.es/ecma262/#sec-isgenericdescriptor>
    pub fn is_generic(&self) -> bool {
        !self.is_accessor() && !self.is_data()
    }

    fn from_property(p: &Property) -> PropertyDescriptor {
        if p.is_accessor() {
            PropertyDescriptor {
                get: Some(p.value),
                set: Some(p.setter),
                enumerable: Some(p.enumerable()),
                configurable: Some(p.configurable()),
                ..Default::default()
            }
        } else {
            PropertyDescriptor::data(p.value, p.writable(), p.enumerable(), p.configurable())
        }
    }
}

/// Where an own property is stored.
#[derive(Clone, Copy, Debug)]
enum Slot {
    Element(usize),
    Property(usize),
}

fn find_own(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) -> Option<Slot> {
    if let PropertyKey::Index(i) = key {
        if let Some(v) = vm.heap.get(o).elements.get(i as usize) {
            if !matches!(v, Value::Empty) {
                return Some(Slot::Element(i as usize));
            }
        }
    }
    vm.heap.find_property(o, key).map(Slot::Property)
}

fn is_proxy(vm: &Vm, o: Handle<Object>) -> bool {
    matches!(vm.heap.get(o).kind, ObjectKind::Proxy(_))
}

// --- [[GetPrototypeOf]] / [[SetPrototypeOf]] ------------------------------------------------------

/// O.[[GetPrototypeOf]]()
pub fn get_prototype_of(vm: &mut Vm, o: Handle<Object>) -> JsResult<Option<Handle<Object>>> {
    if is_proxy(vm, o) {
        return crate::builtins::proxy::get_prototype_of(vm, o);
    }
    Ok(vm.heap.get(o).proto.get())
}

/// O.[[SetPrototypeOf]](V)
/// <https://tc39.es/ecma262/#sec-ordinarysetprototypeof>
pub fn set_prototype_of(
    vm: &mut Vm,
    o: Handle<Object>,
    v: Option<Handle<Object>>,
) -> JsResult<bool> {
    if is_proxy(vm, o) {
        return crate::builtins::proxy::set_prototype_of(vm, o, v);
    }
    // 1. Let current be O.[[Prototype]].
    let current = vm.heap.get(o).proto.get();
    // 2. If SameValue(V, current) is true, return true.
    if current == v {
        return Ok(true);
    }
    // %Object.prototype% is an immutable prototype exotic object: SetImmutablePrototype.
    // <https://tc39.es/ecma262/#sec-set-immutable-prototype>
    if let ObjectKind::ImmutablePrototype = vm.heap.get(o).kind {
        return Ok(false);
    }
    // 3. Let extensible be O.[[Extensible]]. 4. If extensible is false, return false.
    if !vm.heap.get(o).extensible {
        return Ok(false);
    }
    // 5-8. Refuse to create a cycle (the loop stops at a proxy, whose chain is unknowable).
    let mut p = v;
    while let Some(pp) = p {
        if pp == o {
            return Ok(false);
        }
        if is_proxy(vm, pp) {
            break;
        }
        p = vm.heap.get(pp).proto.get();
    }
    // 9. Set O.[[Prototype]] to V.
    vm.heap.get_mut(o).proto.set(v);
    Ok(true)
}

/// O.[[IsExtensible]]()
pub fn is_extensible(vm: &mut Vm, o: Handle<Object>) -> JsResult<bool> {
    if is_proxy(vm, o) {
        return crate::builtins::proxy::is_extensible(vm, o);
    }
    Ok(vm.heap.get(o).extensible)
}

/// O.[[PreventExtensions]]()
pub fn prevent_extensions(vm: &mut Vm, o: Handle<Object>) -> JsResult<bool> {
    if is_proxy(vm, o) {
        return crate::builtins::proxy::prevent_extensions(vm, o);
    }
    // <https://tc39.es/ecma262/#sec-typedarray-preventextensions>
    if let ObjectKind::TypedArray(_) = vm.heap.get(o).kind {
        if !crate::builtins::typed_array::is_typed_array_fixed_length(vm, o) {
            return Ok(false);
        }
    }
    vm.heap.get_mut(o).extensible = false;
    Ok(true)
}

// --- [[GetOwnProperty]] ---------------------------------------------------------------------------

/// O.[[GetOwnProperty]](P)
pub fn get_own_property(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
) -> JsResult<Option<PropertyDescriptor>> {
    match &vm.heap.get(o).kind {
        ObjectKind::Proxy(_) => return crate::builtins::proxy::get_own_property(vm, o, key),
        ObjectKind::ModuleNamespace(_) => return crate::module::get_own_property(vm, o, key),
        ObjectKind::TypedArray(_) => {
            if let Some(d) = crate::builtins::typed_array::get_own_property(vm, o, key) {
                return Ok(d);
            }
        }
        ObjectKind::Array(a) if crate::ops::is_length_key(vm, key) => {
            let (len, w) = (a.length, a.length_writable);
            return Ok(Some(PropertyDescriptor::data(
                Value::Number(len as f64),
                w,
                false,
                false,
            )));
        }
        ObjectKind::String(s) => {
            // <https://tc39.es/ecma262/#sec-string-exotic-objects-getownproperty-p>
            if let PropertyKey::Index(i) = key {
                let s = *s;
                let units = vm.heap.string_units(s);
                if let Some(&u) = units.get(i as usize) {
                    let v = vm.string_value(vec![u]);
                    return Ok(Some(PropertyDescriptor::data(v, false, true, false)));
                }
            }
        }
        ObjectKind::Arguments(_) => {
            // <https://tc39.es/ecma262/#sec-arguments-exotic-objects-getownproperty-p>
            let mut desc = ordinary_get_own_property(vm, o, key);
            if let Some(d) = &mut desc {
                if let Some(v) = crate::builtins::arguments::mapped_get(vm, o, key) {
                    d.value = Some(v);
                }
            }
            return Ok(desc);
        }
        _ => {}
    }
    Ok(ordinary_get_own_property(vm, o, key))
}

/// <https://tc39.es/ecma262/#sec-ordinarygetownproperty>
pub fn ordinary_get_own_property(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
) -> Option<PropertyDescriptor> {
    match find_own(vm, o, key)? {
        Slot::Element(i) => {
            let v = vm.heap.get(o).elements[i];
            Some(PropertyDescriptor::data(v, true, true, true))
        }
        Slot::Property(p) => {
            let prop = vm.heap.property_at(o, p);
            Some(PropertyDescriptor::from_property(&prop))
        }
    }
}

// --- [[DefineOwnProperty]] ------------------------------------------------------------------------

/// O.[[DefineOwnProperty]](P, Desc)
pub fn define_own_property(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> JsResult<bool> {
    match &vm.heap.get(o).kind {
        ObjectKind::Proxy(_) => crate::builtins::proxy::define_own_property(vm, o, key, desc),
        ObjectKind::ModuleNamespace(_) => crate::module::define_own_property(vm, o, key, desc),
        ObjectKind::Array(_) => array_define_own_property(vm, o, key, desc),
        ObjectKind::TypedArray(_) => {
            crate::builtins::typed_array::define_own_property(vm, o, key, desc)
        }
        ObjectKind::String(s) => {
            // <https://tc39.es/ecma262/#sec-string-exotic-objects-defineownproperty-p-desc>
            if let PropertyKey::Index(i) = key {
                let len = vm.heap.string_units(*s).len();
                if (i as usize) < len {
                    let current = get_own_property(vm, o, key)?;
                    return Ok(is_compatible_property_descriptor(vm, false, &desc, current));
                }
            }
            ordinary_define_own_property(vm, o, key, desc)
        }
        ObjectKind::Arguments(_) => {
            crate::builtins::arguments::define_own_property(vm, o, key, desc)
        }
        _ => ordinary_define_own_property(vm, o, key, desc),
    }
}

/// <https://tc39.es/ecma262/#sec-ordinarydefineownproperty>
pub fn ordinary_define_own_property(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> JsResult<bool> {
    // 1. Let current be ? O.[[GetOwnProperty]](P).
    let current = ordinary_get_own_property(vm, o, key);
    // 2. Let extensible be ? IsExtensible(O).
    let extensible = vm.heap.get(o).extensible;
    // 3. Return ValidateAndApplyPropertyDescriptor(O, P, extensible, Desc, current).
    Ok(validate_and_apply_property_descriptor(
        vm,
        Some(o),
        key,
        extensible,
        desc,
        current,
    ))
}

/// <https://tc39.es/ecma262/#sec-iscompatiblepropertydescriptor>
pub fn is_compatible_property_descriptor(
    vm: &mut Vm,
    extensible: bool,
    desc: &PropertyDescriptor,
    current: Option<PropertyDescriptor>,
) -> bool {
    validate_and_apply_property_descriptor(
        vm,
        None,
        PropertyKey::Index(0),
        extensible,
        *desc,
        current,
    )
}

/// <https://tc39.es/ecma262/#sec-validateandapplypropertydescriptor>
pub fn validate_and_apply_property_descriptor(
    vm: &mut Vm,
    o: Option<Handle<Object>>,
    key: PropertyKey,
    extensible: bool,
    desc: PropertyDescriptor,
    current: Option<PropertyDescriptor>,
) -> bool {
    // 2. If current is undefined, then
    let Some(current) = current else {
        // a. If extensible is false, return false.
        if !extensible {
            return false;
        }
        // b. If O is undefined, return true.
        let Some(o) = o else { return true };
        // c-d. Create an accessor or data property with defaults for absent fields.
        let enumerable = desc.enumerable.unwrap_or(false);
        let configurable = desc.configurable.unwrap_or(false);
        let mut flags = 0;
        if enumerable {
            flags |= attrs::ENUMERABLE;
        }
        if configurable {
            flags |= attrs::CONFIGURABLE;
        }
        let prop = if desc.is_accessor() {
            Property {
                key,
                value: desc.get.unwrap_or(Value::Undefined),
                setter: desc.set.unwrap_or(Value::Undefined),
                flags: flags | attrs::ACCESSOR,
            }
        } else {
            if desc.writable.unwrap_or(false) {
                flags |= attrs::WRITABLE;
            }
            Property {
                key,
                value: desc.value.unwrap_or(Value::Undefined),
                setter: Value::Undefined,
                flags,
            }
        };
        add_property(vm, o, prop);
        return true;
    };
    // 4. If Desc does not have any fields, return true.
    if desc == PropertyDescriptor::default() {
        return true;
    }
    // 5. If current.[[Configurable]] is false, then
    if current.configurable == Some(false) {
        // a. If Desc has a [[Configurable]] field and Desc.[[Configurable]] is true, return false.
        if desc.configurable == Some(true) {
            return false;
        }
        // b. If Desc has an [[Enumerable]] field and it differs from current's, return false.
        if desc.enumerable.is_some() && desc.enumerable != current.enumerable {
            return false;
        }
        // c. If IsGenericDescriptor(Desc) is false and IsAccessorDescriptor(Desc) is not
        //    IsAccessorDescriptor(current), return false.
        if !desc.is_generic() && desc.is_accessor() != current.is_accessor() {
            return false;
        }
        if current.is_accessor() {
            // d. If current is an accessor: [[Get]] and [[Set]] must not change.
            if let Some(g) = desc.get {
                if !ops::same_value(vm, g, current.get.unwrap_or(Value::Undefined)) {
                    return false;
                }
            }
            if let Some(s) = desc.set {
                if !ops::same_value(vm, s, current.set.unwrap_or(Value::Undefined)) {
                    return false;
                }
            }
        } else if current.writable == Some(false) {
            // e. If current.[[Writable]] is false: it must stay false and keep its value.
            if desc.writable == Some(true) {
                return false;
            }
            if let Some(v) = desc.value {
                if !ops::same_value(vm, v, current.value.unwrap_or(Value::Undefined)) {
                    return false;
                }
            }
        }
    }
    // 6. If O is not undefined, then apply.
    let Some(o) = o else { return true };
    let old = current;
    let mut new = if desc.is_accessor() && !old.is_accessor() {
        // b. Convert a data property to an accessor, keeping configurable/enumerable.
        PropertyDescriptor {
            get: Some(Value::Undefined),
            set: Some(Value::Undefined),
            enumerable: old.enumerable,
            configurable: old.configurable,
            ..Default::default()
        }
    } else if desc.is_data() && old.is_accessor() {
        // c. Convert an accessor to a data property.
        PropertyDescriptor {
            value: Some(Value::Undefined),
            writable: Some(false),
            enumerable: old.enumerable,
            configurable: old.configurable,
            ..Default::default()
        }
    } else {
        old
    };
    // d. Set every field present in Desc.
    if desc.value.is_some() {
        new.value = desc.value;
    }
    if desc.writable.is_some() {
        new.writable = desc.writable;
    }
    if desc.get.is_some() {
        new.get = desc.get;
    }
    if desc.set.is_some() {
        new.set = desc.set;
    }
    if desc.enumerable.is_some() {
        new.enumerable = desc.enumerable;
    }
    if desc.configurable.is_some() {
        new.configurable = desc.configurable;
    }
    write_property(vm, o, key, &new);
    true
}

fn descriptor_flags(d: &PropertyDescriptor) -> u8 {
    let mut flags = 0;
    if d.enumerable == Some(true) {
        flags |= attrs::ENUMERABLE;
    }
    if d.configurable == Some(true) {
        flags |= attrs::CONFIGURABLE;
    }
    if d.is_accessor() {
        flags |= attrs::ACCESSOR;
    } else if d.writable == Some(true) {
        flags |= attrs::WRITABLE;
    }
    flags
}

/// Overwrites an existing own property with a complete descriptor.
fn write_property(vm: &mut Vm, o: Handle<Object>, key: PropertyKey, d: &PropertyDescriptor) {
    let flags = descriptor_flags(d);
    let (value, setter) = if d.is_accessor() {
        (
            d.get.unwrap_or(Value::Undefined),
            d.set.unwrap_or(Value::Undefined),
        )
    } else {
        (d.value.unwrap_or(Value::Undefined), Value::Undefined)
    };
    match find_own(vm, o, key) {
        Some(Slot::Element(i)) if flags == attrs::DEFAULT => {
            vm.heap.get_mut(o).elements[i] = value;
        }
        Some(Slot::Element(i)) => {
            // Non-default attributes: move the element into the property map.
            vm.heap.get_mut(o).elements[i] = Value::Empty;
            vm.heap.push_property(
                o,
                Property {
                    key,
                    value,
                    setter,
                    flags,
                },
            );
        }
        Some(Slot::Property(p)) => {
            let property = Property {
                key,
                value,
                setter,
                flags,
            };
            vm.heap.set_property(o, p, property);
        }
        None => {}
    }
}

/// Adds a new own property (the key must not exist yet).
pub fn add_property(vm: &mut Vm, o: Handle<Object>, prop: Property) {
    vm.heap.note_growth(std::mem::size_of::<Value>());
    let obj = vm.heap.get_mut(o);
    if let PropertyKey::Index(i) = prop.key {
        let i = i as usize;
        if prop.flags == attrs::DEFAULT && i <= obj.elements.len() + 64 {
            if i >= obj.elements.len() {
                obj.elements.resize(i + 1, Value::Empty);
            }
            obj.elements[i] = prop.value;
            return;
        }
    }
    vm.heap.push_property(o, prop);
}

/// Array exotic [[DefineOwnProperty]].
/// <https://tc39.es/ecma262/#sec-array-exotic-objects-defineownproperty-p-desc>
fn array_define_own_property(
    vm: &mut Vm,
    a: Handle<Object>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> JsResult<bool> {
    // 1. If P is "length", then return ? ArraySetLength(A, Desc).
    if key == vm.name_key(CommonKey::Length) {
        return array_set_length(vm, a, desc);
    }
    // 2. Else if P is an array index, then
    if let PropertyKey::Index(index) = key {
        let (length, length_writable) = array_length(vm, a);
        // f. If index ≥ length and lengthDesc.[[Writable]] is false, return false.
        if index >= length && !length_writable {
            return Ok(false);
        }
        // h. Let succeeded be ! OrdinaryDefineOwnProperty(A, P, Desc).
        if !ordinary_define_own_property(vm, a, key, desc)? {
            return Ok(false);
        }
        // j. If index ≥ length, set length to index + 1.
        if index >= length {
            set_array_length_field(vm, a, index + 1);
        }
        return Ok(true);
    }
    ordinary_define_own_property(vm, a, key, desc)
}

/// An Array exotic object's `length` and whether it is writable (`(0, true)` for any other
/// object).
pub fn array_length(vm: &Vm, a: Handle<Object>) -> (u32, bool) {
    match &vm.heap.get(a).kind {
        ObjectKind::Array(d) => (d.length, d.length_writable),
        _ => (0, true),
    }
}

fn set_array_length_field(vm: &mut Vm, a: Handle<Object>, len: u32) {
    if let ObjectKind::Array(d) = &mut vm.heap.get_mut(a).kind {
        d.length = len;
    }
}

/// <https://tc39.es/ecma262/#sec-arraysetlength>
fn array_set_length(vm: &mut Vm, a: Handle<Object>, desc: PropertyDescriptor) -> JsResult<bool> {
    let (old_len, writable) = array_length(vm, a);
    // 1. If Desc does not have a [[Value]] field, then return OrdinaryDefineOwnProperty(A, "length", Desc).
    let Some(value) = desc.value else {
        return Ok(length_attributes_ok(&desc, writable) && {
            if desc.writable == Some(false) {
                if let ObjectKind::Array(d) = &mut vm.heap.get_mut(a).kind {
                    d.length_writable = false;
                }
            }
            true
        });
    };
    // The conversions run user code (valueOf), and with it the collector: root A and the
    // value across them.
    let slot = vm.root(Value::Object(a));
    vm.root(value);
    let numbers = (|| {
        // 3. Let newLen be ? ToUint32(Desc.[[Value]]).
        let new_len = ops::to_uint32(vm, vm.rooted(slot + 1))?;
        // 4. Let numberLen be ? ToNumber(Desc.[[Value]]).
        let number_len = ops::to_number(vm, vm.rooted(slot + 1))?;
        Ok((new_len, number_len))
    })();
    let Value::Object(a) = vm.rooted(slot) else {
        unreachable!("rooted as an object")
    };
    vm.unroot(slot);
    let (new_len, number_len) = numbers?;
    // 5. If SameValueZero(newLen, numberLen) is false, throw a RangeError exception.
    if new_len as f64 != number_len {
        return Err(vm.range_error("Invalid array length"));
    }
    // Re-read: the conversions above may have run user code.
    let (old_len2, writable2) = array_length(vm, a);
    let (old_len, writable) = if old_len2 != old_len || writable2 != writable {
        (old_len2, writable2)
    } else {
        (old_len, writable)
    };
    if !length_attributes_ok(&desc, writable) {
        return Ok(false);
    }
    // 12. If newLen ≥ oldLen, return OrdinaryDefineOwnProperty(A, "length", newLenDesc).
    if new_len >= old_len {
        if !writable && new_len != old_len {
            return Ok(false);
        }
        set_array_length_field(vm, a, new_len);
        if desc.writable == Some(false) {
            if let ObjectKind::Array(d) = &mut vm.heap.get_mut(a).kind {
                d.length_writable = false;
            }
        }
        return Ok(true);
    }
    // 13. If oldLenDesc.[[Writable]] is false, return false.
    if !writable {
        return Ok(false);
    }
    // 17. Delete elements from the end; stop at a non-configurable one.
    let mut final_len = new_len;
    let obj = vm.heap.get_mut(a);
    if obj.elements.len() > new_len as usize {
        obj.elements.truncate(new_len as usize);
    }
    let mut sparse: Vec<(u32, bool)> = vm
        .heap
        .properties(a)
        .iter()
        .filter_map(|p| match p.key {
            PropertyKey::Index(i) if i >= new_len => Some((i, p.configurable())),
            _ => None,
        })
        .collect();
    sparse.sort_by_key(|&(i, _)| std::cmp::Reverse(i));
    for (i, configurable) in sparse {
        if !configurable {
            final_len = i + 1;
            break;
        }
        let key = PropertyKey::Index(i);
        if let Some(pos) = vm.heap.find_property(a, key) {
            vm.heap.remove_property(a, pos);
        }
    }
    set_array_length_field(vm, a, final_len);
    if desc.writable == Some(false) {
        if let ObjectKind::Array(d) = &mut vm.heap.get_mut(a).kind {
            d.length_writable = false;
        }
    }
    Ok(final_len == new_len)
}

/// The attribute checks of OrdinaryDefineOwnProperty for the (non-configurable, non-enumerable)
/// `length` property.
fn length_attributes_ok(desc: &PropertyDescriptor, writable: bool) -> bool {
    if desc.configurable == Some(true) || desc.enumerable == Some(true) || desc.is_accessor() {
        return false;
    }
    desc.writable != Some(true) || writable
}

// --- [[HasProperty]], [[Get]], [[Set]], [[Delete]] ------------------------------------------------

/// O.[[HasProperty]](P)
/// <https://tc39.es/ecma262/#sec-ordinaryhasproperty>
pub fn has_property(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) -> JsResult<bool> {
    let mut o = o;
    loop {
        if is_proxy(vm, o) {
            return crate::builtins::proxy::has_property(vm, o, key);
        }
        if let ObjectKind::ModuleNamespace(_) = vm.heap.get(o).kind {
            return crate::module::has_property(vm, o, key);
        }
        // <https://tc39.es/ecma262/#sec-typedarray-hasproperty>
        if let ObjectKind::TypedArray(_) = vm.heap.get(o).kind {
            if let Some(i) = crate::builtins::typed_array::canonical_numeric_index(vm, key) {
                return Ok(crate::builtins::typed_array::is_valid_integer_index(
                    vm, o, i,
                ));
            }
        }
        // 1. Let hasOwn be ? O.[[GetOwnProperty]](P).
        if get_own_property(vm, o, key)?.is_some() {
            return Ok(true);
        }
        // 3. Let parent be ? O.[[GetPrototypeOf]](). 4. If parent is not null, return ? parent.[[HasProperty]](P).
        match vm.heap.get(o).proto.get() {
            Some(p) => o = p,
            None => return Ok(false),
        }
    }
}

/// O.[[Get]](P, Receiver)
/// <https://tc39.es/ecma262/#sec-ordinaryget>
pub fn get(vm: &mut Vm, o: Handle<Object>, key: PropertyKey, receiver: Value) -> JsResult {
    let mut o = o;
    loop {
        // Fast path: ordinary storage (also right for arrays and strings except `length` and
        // string indices, handled by get_own_property).
        let exotic = match vm.heap.get(o).kind {
            // An Array's only exotic own property is "length", kept in the kind.
            ObjectKind::Array(d) => {
                if crate::ops::is_length_key(vm, key) {
                    return Ok(Value::Number(d.length as f64));
                }
                false
            }
            ObjectKind::String(_)
            | ObjectKind::Proxy(_)
            | ObjectKind::Arguments(_)
            | ObjectKind::ModuleNamespace(_)
            | ObjectKind::TypedArray(_) => true,
            _ => false,
        };
        if exotic {
            if is_proxy(vm, o) {
                return crate::builtins::proxy::get(vm, o, key, receiver);
            }
            if let ObjectKind::ModuleNamespace(_) = vm.heap.get(o).kind {
                return crate::module::get(vm, o, key);
            }
            // <https://tc39.es/ecma262/#sec-typedarray-get>
            if let ObjectKind::TypedArray(_) = vm.heap.get(o).kind {
                if let Some(i) = crate::builtins::typed_array::canonical_numeric_index(vm, key) {
                    return Ok(crate::builtins::typed_array::typed_array_get_element(
                        vm, o, i,
                    ));
                }
            }
            if let ObjectKind::Arguments(_) = vm.heap.get(o).kind {
                if let Some(v) = crate::builtins::arguments::mapped_get(vm, o, key) {
                    return Ok(v);
                }
            }
            if let Some(desc) = get_own_property(vm, o, key)? {
                return get_from_descriptor(vm, desc, receiver);
            }
        } else if let Some(slot) = find_own(vm, o, key) {
            return match slot {
                Slot::Element(i) => Ok(vm.heap.get(o).elements[i]),
                Slot::Property(p) => {
                    let prop = vm.heap.property_at(o, p);
                    if prop.is_accessor() {
                        call_getter(vm, prop.value, receiver)
                    } else {
                        Ok(prop.value)
                    }
                }
            };
        }
        match vm.heap.get(o).proto.get() {
            Some(p) => o = p,
            None => return Ok(Value::Undefined),
        }
    }
}

fn get_from_descriptor(vm: &mut Vm, desc: PropertyDescriptor, receiver: Value) -> JsResult {
    if desc.is_accessor() {
        call_getter(vm, desc.get.unwrap_or(Value::Undefined), receiver)
    } else {
        Ok(desc.value.unwrap_or(Value::Undefined))
    }
}

fn call_getter(vm: &mut Vm, getter: Value, receiver: Value) -> JsResult {
    if getter.is_undefined() {
        return Ok(Value::Undefined);
    }
    ops::call(vm, getter, receiver, &[])
}

/// O.[[Set]](P, V, Receiver)
/// <https://tc39.es/ecma262/#sec-ordinaryset>
pub fn set(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
    value: Value,
    receiver: Value,
) -> JsResult<bool> {
    // Fast path: an own, writable data property of an ordinary object set on itself.
    if receiver == Value::Object(o) && !is_exotic_for_set(vm, o) {
        if let Some(slot) = find_own(vm, o, key) {
            match slot {
                Slot::Element(i) => {
                    vm.heap.get_mut(o).elements[i] = value;
                    return Ok(true);
                }
                Slot::Property(p) => {
                    let prop = vm.heap.property_at(o, p);
                    if !prop.is_accessor() && prop.writable() {
                        vm.heap.set_property_value(o, p, value);
                        return Ok(true);
                    }
                }
            }
        }
    }
    let slot = vm.root(value);
    let receiver_slot = vm.root(receiver);
    let result = ordinary_set(vm, o, key, slot, receiver_slot);
    vm.unroot(slot);
    result
}

fn is_exotic_for_set(vm: &Vm, o: Handle<Object>) -> bool {
    matches!(
        vm.heap.get(o).kind,
        ObjectKind::Array(_)
            | ObjectKind::String(_)
            | ObjectKind::Proxy(_)
            | ObjectKind::Arguments(_)
            | ObjectKind::ModuleNamespace(_)
            | ObjectKind::TypedArray(_)
    )
}

/// OrdinarySet with V and Receiver in root slots.
fn ordinary_set(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
    value_slot: usize,
    receiver_slot: usize,
) -> JsResult<bool> {
    if is_proxy(vm, o) {
        let (v, r) = (vm.rooted(value_slot), vm.rooted(receiver_slot));
        return crate::builtins::proxy::set(vm, o, key, v, r);
    }
    if let ObjectKind::ModuleNamespace(_) = vm.heap.get(o).kind {
        // [[Set]] of a module namespace always fails.
        return Ok(false);
    }
    // <https://tc39.es/ecma262/#sec-typedarray-set>
    if let ObjectKind::TypedArray(_) = vm.heap.get(o).kind {
        if let Some(i) = crate::builtins::typed_array::canonical_numeric_index(vm, key) {
            // 1.b.i. If SameValue(O, Receiver) is true, TypedArraySetElement and return true.
            if vm.rooted(receiver_slot) == Value::Object(o) {
                // An element of an immutable buffer is never written (immutable-arraybuffer).
                if crate::builtins::typed_array::is_view_immutable(vm, o) {
                    return Ok(false);
                }
                let v = vm.rooted(value_slot);
                crate::builtins::typed_array::typed_array_set_element(vm, o, i, v)?;
                return Ok(true);
            }
            // 1.b.ii. If IsValidIntegerIndex(O, numericIndex) is false, return true.
            if !crate::builtins::typed_array::is_valid_integer_index(vm, o, i) {
                return Ok(true);
            }
        }
    }
    if let ObjectKind::Arguments(_) = vm.heap.get(o).kind {
        let v = vm.rooted(value_slot);
        if vm.rooted(receiver_slot) == Value::Object(o) {
            crate::builtins::arguments::mapped_set(vm, o, key, v);
        }
    }
    // 1. Let ownDesc be ? O.[[GetOwnProperty]](P).
    let own = get_own_property(vm, o, key)?;
    // 2. Return ? OrdinarySetWithOwnDescriptor(O, P, V, Receiver, ownDesc).
    let own = match own {
        Some(d) => d,
        None => {
            // 2.a. Let parent be ? O.[[GetPrototypeOf]]().
            match vm.heap.get(o).proto.get() {
                Some(parent) => {
                    let o_root = vm.root(Value::Object(o));
                    let r = ordinary_set(vm, parent, key, value_slot, receiver_slot);
                    vm.unroot(o_root);
                    return r;
                }
                None => PropertyDescriptor::data(Value::Undefined, true, true, true),
            }
        }
    };
    // 3. If IsDataDescriptor(ownDesc) is true, then
    if own.is_data() {
        // a. If ownDesc.[[Writable]] is false, return false.
        if own.writable == Some(false) {
            return Ok(false);
        }
        // b. If Receiver is not an Object, return false.
        let Value::Object(receiver) = vm.rooted(receiver_slot) else {
            return Ok(false);
        };
        // c. Let existingDescriptor be ? Receiver.[[GetOwnProperty]](P).
        let ks = crate::builtins::root_key(vm, key);
        let existing = get_own_property(vm, receiver, key);
        let key = crate::builtins::rooted_key(vm, ks);
        vm.unroot(ks);
        let existing = existing?;
        let value = vm.rooted(value_slot);
        let Value::Object(receiver) = vm.rooted(receiver_slot) else {
            return Ok(false);
        };
        return match existing {
            // d. If existingDescriptor is not undefined, then
            Some(existing) => {
                // i. If IsAccessorDescriptor(existingDescriptor) is true, return false.
                if existing.is_accessor() {
                    return Ok(false);
                }
                // ii. If existingDescriptor.[[Writable]] is false, return false.
                if existing.writable == Some(false) {
                    return Ok(false);
                }
                // iii-iv. Return ? Receiver.[[DefineOwnProperty]](P, { [[Value]]: V }).
                define_own_property(
                    vm,
                    receiver,
                    key,
                    PropertyDescriptor {
                        value: Some(value),
                        ..Default::default()
                    },
                )
            }
            // e. Else, return ? CreateDataProperty(Receiver, P, V).
            None => ops::create_data_property(vm, receiver, key, value),
        };
    }
    // 5. Let setter be ownDesc.[[Set]]. 6. If setter is undefined, return false.
    let setter = own.set.unwrap_or(Value::Undefined);
    if setter.is_undefined() {
        return Ok(false);
    }
    // 7. Perform ? Call(setter, Receiver, « V »).
    let (v, r) = (vm.rooted(value_slot), vm.rooted(receiver_slot));
    ops::call(vm, setter, r, &[v])?;
    Ok(true)
}

/// O.[[Delete]](P)
/// <https://tc39.es/ecma262/#sec-ordinarydelete>
pub fn delete(vm: &mut Vm, o: Handle<Object>, key: PropertyKey) -> JsResult<bool> {
    // Only arrays have an exotic "length" (interning it on every lookup is costly).
    let length_key = if matches!(vm.heap.get(o).kind, ObjectKind::Array(_)) {
        vm.name_key(CommonKey::Length)
    } else {
        PropertyKey::Index(u32::MAX)
    };
    match &vm.heap.get(o).kind {
        ObjectKind::Proxy(_) => return crate::builtins::proxy::delete(vm, o, key),
        ObjectKind::ModuleNamespace(_) => return crate::module::delete(vm, o, key),
        ObjectKind::Array(_) if key == length_key => return Ok(false),
        ObjectKind::String(s) => {
            if let PropertyKey::Index(i) = key {
                if (i as usize) < vm.heap.string_units(*s).len() {
                    return Ok(false);
                }
            }
        }
        // <https://tc39.es/ecma262/#sec-typedarray-delete>
        ObjectKind::TypedArray(_) => {
            if let Some(i) = crate::builtins::typed_array::canonical_numeric_index(vm, key) {
                return Ok(!crate::builtins::typed_array::is_valid_integer_index(
                    vm, o, i,
                ));
            }
        }
        _ => {}
    }
    let deleted = match find_own(vm, o, key) {
        None => true,
        Some(Slot::Element(i)) => {
            let obj = vm.heap.get_mut(o);
            obj.elements[i] = Value::Empty;
            if i + 1 == obj.elements.len() {
                while matches!(obj.elements.last(), Some(Value::Empty)) {
                    obj.elements.pop();
                }
            }
            true
        }
        Some(Slot::Property(p)) => {
            if !vm.heap.property_at(o, p).configurable() {
                return Ok(false);
            }
            vm.heap.remove_property(o, p);
            true
        }
    };
    // Arguments exotic objects: a deleted index is no longer mapped.
    // <https://tc39.es/ecma262/#sec-arguments-exotic-objects-delete-p>
    if deleted {
        if let ObjectKind::Arguments(_) = vm.heap.get(o).kind {
            crate::builtins::arguments::unmap(vm, o, key);
        }
    }
    Ok(deleted)
}

/// O.[[OwnPropertyKeys]]()
/// <https://tc39.es/ecma262/#sec-ordinaryownpropertykeys>: integer indices ascending, then
/// strings, then symbols, each in creation order.
pub fn own_property_keys(vm: &mut Vm, o: Handle<Object>) -> JsResult<Vec<PropertyKey>> {
    if is_proxy(vm, o) {
        return crate::builtins::proxy::own_property_keys(vm, o);
    }
    if let ObjectKind::ModuleNamespace(_) = vm.heap.get(o).kind {
        return crate::module::own_property_keys(vm, o);
    }
    // Only arrays have an exotic "length" (interning it on every lookup is costly).
    let length_key = if matches!(vm.heap.get(o).kind, ObjectKind::Array(_)) {
        vm.name_key(CommonKey::Length)
    } else {
        PropertyKey::Index(u32::MAX)
    };
    // <https://tc39.es/ecma262/#sec-typedarray-ownpropertykeys>: the valid indices first.
    let typed_len = crate::builtins::typed_array::length_in_bounds(vm, o).unwrap_or(0);
    let obj = vm.heap.get(o);
    let mut indices: Vec<u32> = obj
        .elements
        .iter()
        .enumerate()
        .filter(|(_, v)| !matches!(v, Value::Empty))
        .map(|(i, _)| i as u32)
        .collect();
    if let ObjectKind::String(s) = obj.kind {
        let len = vm.heap.string_units(s).len() as u32;
        indices.extend(0..len);
    }
    indices.extend(0..typed_len as u32);
    let mut strings = Vec::new();
    let mut symbols = Vec::new();
    for p in &vm.heap.properties(o) {
        match p.key {
            PropertyKey::Index(i) => indices.push(i),
            PropertyKey::String(_) => strings.push(p.key),
            PropertyKey::Symbol(_) => symbols.push(p.key),
        }
    }
    indices.sort_unstable();
    indices.dedup();
    let mut keys: Vec<PropertyKey> = indices.into_iter().map(PropertyKey::Index).collect();
    if let ObjectKind::Array(_) = obj.kind {
        keys.push(length_key);
    }
    keys.extend(strings);
    keys.extend(symbols);
    Ok(keys)
}
