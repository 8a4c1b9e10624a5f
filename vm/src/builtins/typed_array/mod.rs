//! TypedArrays: the exotic objects' internal methods, %TypedArray%, the eleven concrete
//! constructors and %TypedArray.prototype% (whose methods are in `prototype.rs`).
//! <https://tc39.es/ecma262/#sec-typedarray-objects>
//!
//! Elements are read and written straight from the viewed buffer's bytes (little-endian). Inside
//! algorithms that may run JavaScript, element values are carried as [`Num`] (a Rust number)
//! rather than as `Value`s, so no BigInt handle is ever held across a collection.

use super::{accessor, method};
use crate::natives::NativeId;
use crate::number::{number_to_string, string_to_number};
use crate::object::PropertyDescriptor;
use crate::ops;
use crate::realm::{set_intrinsic, symbol_key, Intrinsic, WellKnown};
use crate::CommonKey;
use crate::{Args, JsResult, Vm};
use amber_heap::object::{ArrayBufferData, ViewData};
use amber_heap::{attrs, BigInt, Handle, Object, ObjectKind, PropertyKey, Value};

mod prototype;
pub(crate) use prototype::*;

// --- element types ------------------------------------------------------------------------------

/// The element types of the TypedArray constructors
/// (<https://tc39.es/ecma262/#table-the-typedarray-constructors>).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElementType {
    Int8,
    Uint8,
    Uint8Clamped,
    Int16,
    Uint16,
    Int32,
    Uint32,
    Float32,
    Float64,
    BigInt64,
    BigUint64,
    Float16,
}

pub const TYPES: [ElementType; 12] = [
    ElementType::Int8,
    ElementType::Uint8,
    ElementType::Uint8Clamped,
    ElementType::Int16,
    ElementType::Uint16,
    ElementType::Int32,
    ElementType::Uint32,
    ElementType::Float32,
    ElementType::Float64,
    ElementType::BigInt64,
    ElementType::BigUint64,
    ElementType::Float16,
];

impl ElementType {
    pub fn from_u8(i: u8) -> ElementType {
        TYPES.get(i as usize).copied().unwrap_or(ElementType::Int8)
    }
    /// The Element Size column of the table.
    pub fn size(self) -> usize {
        use ElementType::*;
        match self {
            Int8 | Uint8 | Uint8Clamped => 1,
            Int16 | Uint16 | Float16 => 2,
            Int32 | Uint32 | Float32 => 4,
            Float64 | BigInt64 | BigUint64 => 8,
        }
    }
    /// [[ContentType]] is ~bigint~.
    pub fn is_bigint(self) -> bool {
        matches!(self, ElementType::BigInt64 | ElementType::BigUint64)
    }
    /// [[TypedArrayName]].
    pub fn name(self) -> &'static str {
        use ElementType::*;
        match self {
            Int8 => "Int8Array",
            Uint8 => "Uint8Array",
            Uint8Clamped => "Uint8ClampedArray",
            Int16 => "Int16Array",
            Uint16 => "Uint16Array",
            Int32 => "Int32Array",
            Uint32 => "Uint32Array",
            Float32 => "Float32Array",
            Float64 => "Float64Array",
            BigInt64 => "BigInt64Array",
            BigUint64 => "BigUint64Array",
            Float16 => "Float16Array",
        }
    }
    fn constructor(self) -> Intrinsic {
        use ElementType::*;
        match self {
            Int8 => Intrinsic::Int8Array,
            Uint8 => Intrinsic::Uint8Array,
            Uint8Clamped => Intrinsic::Uint8ClampedArray,
            Int16 => Intrinsic::Int16Array,
            Uint16 => Intrinsic::Uint16Array,
            Int32 => Intrinsic::Int32Array,
            Uint32 => Intrinsic::Uint32Array,
            Float32 => Intrinsic::Float32Array,
            Float64 => Intrinsic::Float64Array,
            BigInt64 => Intrinsic::BigInt64Array,
            BigUint64 => Intrinsic::BigUint64Array,
            Float16 => Intrinsic::Float16Array,
        }
    }
    fn prototype(self) -> Intrinsic {
        use ElementType::*;
        match self {
            Int8 => Intrinsic::Int8ArrayPrototype,
            Uint8 => Intrinsic::Uint8ArrayPrototype,
            Uint8Clamped => Intrinsic::Uint8ClampedArrayPrototype,
            Int16 => Intrinsic::Int16ArrayPrototype,
            Uint16 => Intrinsic::Uint16ArrayPrototype,
            Int32 => Intrinsic::Int32ArrayPrototype,
            Uint32 => Intrinsic::Uint32ArrayPrototype,
            Float32 => Intrinsic::Float32ArrayPrototype,
            Float64 => Intrinsic::Float64ArrayPrototype,
            BigInt64 => Intrinsic::BigInt64ArrayPrototype,
            BigUint64 => Intrinsic::BigUint64ArrayPrototype,
            Float16 => Intrinsic::Float16ArrayPrototype,
        }
    }
    fn native(self) -> NativeId {
        use ElementType::*;
        match self {
            Int8 => NativeId::Int8Array,
            Uint8 => NativeId::Uint8Array,
            Uint8Clamped => NativeId::Uint8ClampedArray,
            Int16 => NativeId::Int16Array,
            Uint16 => NativeId::Uint16Array,
            Int32 => NativeId::Int32Array,
            Uint32 => NativeId::Uint32Array,
            Float32 => NativeId::Float32Array,
            Float64 => NativeId::Float64Array,
            BigInt64 => NativeId::BigInt64Array,
            BigUint64 => NativeId::BigUint64Array,
            Float16 => NativeId::Float16Array,
        }
    }
}

/// An element value as a Rust number: a Number, or a BigInt reduced to 64 bits (as the
/// element types store it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    F(f64),
    B(i128),
}

fn modulo_bits(f: f64, bits: i32) -> u64 {
    if !f.is_finite() || f == 0.0 {
        return 0;
    }
    f.trunc().rem_euclid(2f64.powi(bits)) as u64
}

/// NumericToRawBytes(type, value, isLittleEndian) (little-endian).
/// <https://tc39.es/ecma262/#sec-numerictorawbytes>
pub fn numeric_to_raw_bytes(ty: ElementType, n: Num, out: &mut [u8]) {
    use ElementType::*;
    let f = match n {
        Num::F(f) => f,
        Num::B(b) => b as f64,
    };
    let b = match n {
        Num::B(b) => b as u64,
        Num::F(f) => modulo_bits(f, 64),
    };
    let bytes: [u8; 8] = match ty {
        Int8 | Uint8 => (modulo_bits(f, 8)).to_le_bytes(),
        // ToUint8Clamp: round half to even within [0, 255].
        Uint8Clamped => {
            let c = if f.is_nan() {
                0.0
            } else {
                f.clamp(0.0, 255.0).round_ties_even()
            };
            (c as u64).to_le_bytes()
        }
        Int16 | Uint16 => modulo_bits(f, 16).to_le_bytes(),
        Int32 | Uint32 => modulo_bits(f, 32).to_le_bytes(),
        Float32 => {
            let mut a = [0u8; 8];
            a[..4].copy_from_slice(&(f as f32).to_le_bytes());
            a
        }
        Float64 => f.to_le_bytes(),
        Float16 => (f64_to_f16_bits(f) as u64).to_le_bytes(),
        BigInt64 | BigUint64 => b.to_le_bytes(),
    };
    let len = out.len().min(8);
    out[..len].copy_from_slice(&bytes[..len]);
}

/// RawBytesToNumeric(type, rawBytes, isLittleEndian) (little-endian).
/// <https://tc39.es/ecma262/#sec-rawbytestonumeric>
pub fn raw_bytes_to_numeric(ty: ElementType, raw: &[u8]) -> Num {
    use ElementType::*;
    let mut a = [0u8; 8];
    let len = raw.len().min(8);
    a[..len].copy_from_slice(&raw[..len]);
    match ty {
        Int8 => Num::F(a[0] as i8 as f64),
        Uint8 | Uint8Clamped => Num::F(a[0] as f64),
        Int16 => Num::F(i16::from_le_bytes([a[0], a[1]]) as f64),
        Uint16 => Num::F(u16::from_le_bytes([a[0], a[1]]) as f64),
        Int32 => Num::F(i32::from_le_bytes([a[0], a[1], a[2], a[3]]) as f64),
        Uint32 => Num::F(u32::from_le_bytes([a[0], a[1], a[2], a[3]]) as f64),
        Float32 => Num::F(f32::from_le_bytes([a[0], a[1], a[2], a[3]]) as f64),
        Float64 => Num::F(f64::from_le_bytes(a)),
        Float16 => Num::F(f16_bits_to_f64(u16::from_le_bytes([a[0], a[1]]))),
        BigInt64 => Num::B(i64::from_le_bytes(a) as i128),
        BigUint64 => Num::B(u64::from_le_bytes(a) as i128),
    }
}

/// The IEEE 754 binary16 encoding of `x`, rounded to nearest, ties to even.
fn f64_to_f16_bits(x: f64) -> u16 {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return 0x7e00;
    }
    let r = super::math::round_to_f16(x).abs();
    if r.is_infinite() {
        return sign | 0x7c00;
    }
    if r == 0.0 {
        return sign;
    }
    if r < 2f64.powi(-14) {
        // Subnormal: the fraction counts units of 2^-24.
        return sign | (r * 2f64.powi(24)) as u16;
    }
    let e = ((r.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    let fraction = ((r / 2f64.powi(e) - 1.0) * 1024.0) as u16;
    sign | (((e + 15) as u16) << 10) | fraction
}

/// The value of a binary16 encoding.
fn f16_bits_to_f64(b: u16) -> f64 {
    let sign = if b & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = ((b >> 10) & 0x1f) as i32;
    let fraction = (b & 0x3ff) as f64;
    let m = match exp {
        0 => fraction * 2f64.powi(-24),
        31 if fraction == 0.0 => f64::INFINITY,
        31 => return f64::NAN,
        _ => (1.0 + fraction / 1024.0) * 2f64.powi(exp - 15),
    };
    sign * m
}

fn bigint_from_i128(n: i128) -> BigInt {
    let m = n.unsigned_abs();
    let mut limbs: Vec<u32> = (0..4).map(|i| (m >> (32 * i)) as u32).collect();
    while limbs.last() == Some(&0) {
        limbs.pop();
    }
    BigInt {
        negative: n < 0 && !limbs.is_empty(),
        limbs: limbs.into_boxed_slice(),
    }
}

/// The low 64 bits of a BigInt, two's complement.
pub fn bigint_low64(b: &BigInt) -> u64 {
    let lo = b.limbs.first().copied().unwrap_or(0) as u64;
    let hi = b.limbs.get(1).copied().unwrap_or(0) as u64;
    let m = lo | (hi << 32);
    if b.negative {
        m.wrapping_neg()
    } else {
        m
    }
}

/// A [`Num`] as a language value (allocates BigInts).
pub fn num_to_value(vm: &mut Vm, n: Num) -> Value {
    match n {
        Num::F(f) => Value::Number(f),
        Num::B(b) => Value::BigInt(vm.heap.alloc(bigint_from_i128(b))),
    }
}

/// ToBigInt or ToNumber by content type (may run JavaScript).
pub fn to_num(vm: &mut Vm, bigint: bool, v: Value) -> JsResult<Num> {
    if bigint {
        let b = super::bigint::to_bigint(vm, v)?;
        Ok(Num::B(bigint_low64(vm.heap.get(b)) as i64 as i128))
    } else {
        Ok(Num::F(ops::to_number(vm, v)?))
    }
}

// --- buffers and views -------------------------------------------------------------------------

// Every read and write of a buffer's bytes goes through these (and, for `Atomics`, through
// `ArrayBufferData::block`): an ArrayBuffer's bytes are a vector in the heap object, a
// SharedArrayBuffer's are a shared block other agents use at the same time (`amber_heap::shared`).

fn buffer(vm: &Vm, buffer: Handle<Object>) -> Option<&ArrayBufferData> {
    match &vm.heap.get(buffer).kind {
        ObjectKind::ArrayBuffer(d) => Some(d),
        _ => None,
    }
}

/// The buffer's byte length, or `None` when it is detached (or not a buffer).
pub fn buffer_len(vm: &Vm, b: Handle<Object>) -> Option<usize> {
    buffer(vm, b)?.byte_len()
}

/// Reads `out.len()` bytes at `at`; false when out of range or detached.
pub fn read_buffer(vm: &Vm, b: Handle<Object>, at: usize, out: &mut [u8]) -> bool {
    buffer(vm, b).is_some_and(|d| d.read(at, out))
}

/// Writes `src` at `at`; false when out of range or detached.
pub fn write_buffer(vm: &mut Vm, b: Handle<Object>, at: usize, src: &[u8]) -> bool {
    match &mut vm.heap.get_mut(b).kind {
        ObjectKind::ArrayBuffer(d) => d.write(at, src),
        _ => false,
    }
}

/// A copy of the bytes in `at..at + len` that exist.
pub fn buffer_to_vec(vm: &Vm, b: Handle<Object>, at: usize, len: usize) -> Vec<u8> {
    buffer(vm, b).map_or_else(Vec::new, |d| d.to_vec(at, len))
}

/// Copies `len` bytes from `from` to `to` inside one buffer; false when out of range.
pub fn copy_within_buffer(
    vm: &mut Vm,
    b: Handle<Object>,
    from: usize,
    to: usize,
    len: usize,
) -> bool {
    match &mut vm.heap.get_mut(b).kind {
        ObjectKind::ArrayBuffer(d) => d.copy_within(from, to, len),
        _ => false,
    }
}

/// Writes the elements whose raw bytes (of type `from`) are `src` into buffer `dst` at byte
/// `at`, converted to type `to` (a plain byte copy when the types are the same); what does not
/// fit in the buffer is left out. A conversion ticks ([`Vm::tick`]) per element.
fn write_converted(
    vm: &mut Vm,
    dst: Handle<Object>,
    at: usize,
    src: &[u8],
    from: ElementType,
    to: ElementType,
) -> JsResult<()> {
    if from == to {
        let room = buffer_len(vm, dst).unwrap_or(0).saturating_sub(at);
        write_buffer(vm, dst, at, &src[..src.len().min(room)]);
        return Ok(());
    }
    for (k, raw) in src.chunks_exact(from.size()).enumerate() {
        vm.tick()?;
        let mut out = [0u8; 8];
        let out = &mut out[..to.size()];
        numeric_to_raw_bytes(to, raw_bytes_to_numeric(from, raw), out);
        write_buffer(vm, dst, at + k * to.size(), out);
    }
    Ok(())
}

/// IsFixedLengthArrayBuffer(arrayBuffer) <https://tc39.es/ecma262/#sec-isfixedlengtharraybuffer>
pub fn is_fixed_length_buffer(vm: &Vm, buffer: Handle<Object>) -> bool {
    match &vm.heap.get(buffer).kind {
        ObjectKind::ArrayBuffer(d) => d.max_byte_length.is_none(),
        _ => true,
    }
}

/// The slots of a TypedArray.
pub fn typed_array_data(vm: &Vm, o: Handle<Object>) -> Option<ViewData> {
    match &vm.heap.get(o).kind {
        ObjectKind::TypedArray(d) => Some((**d).clone()),
        _ => None,
    }
}

pub fn is_typed_array(vm: &Vm, v: Value) -> bool {
    matches!(v, Value::Object(o) if matches!(vm.heap.get(o).kind, ObjectKind::TypedArray(_)))
}

fn element_type(vm: &Vm, o: Handle<Object>) -> ElementType {
    typed_array_data(vm, o).map_or(ElementType::Int8, |d| ElementType::from_u8(d.element_type))
}

/// A TypedArray With Buffer Witness Record
/// (<https://tc39.es/ecma262/#sec-typedarray-with-buffer-witness-records>) with the answers
/// of IsTypedArrayOutOfBounds and TypedArrayLength worked out.
#[derive(Clone, Debug)]
pub struct TaRecord {
    pub data: ViewData,
    pub ty: ElementType,
    /// [[CachedBufferByteLength]]; `None` is ~detached~.
    pub buffer_len: Option<usize>,
}

impl TaRecord {
    /// IsTypedArrayOutOfBounds(taRecord) <https://tc39.es/ecma262/#sec-istypedarrayoutofbounds>
    pub fn out_of_bounds(&self) -> bool {
        // 3. If IsDetachedBuffer(O.[[ViewedArrayBuffer]]) is true, return true.
        let Some(buffer_len) = self.buffer_len else {
            return true;
        };
        let buffer_len = buffer_len as u64;
        // 5-8. byteOffsetStart and byteOffsetEnd.
        let start = self.data.byte_offset;
        let end = match self.data.array_length {
            None => buffer_len,
            Some(len) => start.saturating_add(len.saturating_mul(self.ty.size() as u64)),
        };
        // 10. If byteOffsetStart > bufferByteLength or byteOffsetEnd > bufferByteLength, return true.
        start > buffer_len || end > buffer_len
    }

    /// TypedArrayLength(taRecord) <https://tc39.es/ecma262/#sec-typedarraylength>
    /// (0 when out of bounds).
    pub fn length(&self) -> usize {
        if self.out_of_bounds() {
            return 0;
        }
        match self.data.array_length {
            Some(len) => len as usize,
            None => {
                let buffer_len = self.buffer_len.unwrap_or(0) as u64;
                ((buffer_len - self.data.byte_offset) / self.ty.size() as u64) as usize
            }
        }
    }

    /// TypedArrayByteLength(taRecord) <https://tc39.es/ecma262/#sec-typedarraybytelength>
    pub fn byte_length(&self) -> usize {
        if self.out_of_bounds() {
            return 0;
        }
        match self.data.byte_length {
            Some(b) => b as usize,
            None => self.length() * self.ty.size(),
        }
    }
}

/// MakeTypedArrayWithBufferWitnessRecord(obj, order)
/// <https://tc39.es/ecma262/#sec-maketypedarraywithbufferwitnessrecord>
pub fn make_record(vm: &Vm, o: Handle<Object>) -> Option<TaRecord> {
    let data = typed_array_data(vm, o)?;
    let buffer_len = buffer_len(vm, data.buffer);
    Some(TaRecord {
        ty: ElementType::from_u8(data.element_type),
        data,
        buffer_len,
    })
}

/// The length of a TypedArray, or `None` when it is out of bounds (or detached).
pub fn length_in_bounds(vm: &Vm, o: Handle<Object>) -> Option<usize> {
    let r = make_record(vm, o)?;
    (!r.out_of_bounds()).then(|| r.length())
}

/// IsTypedArrayFixedLength(O) <https://tc39.es/ecma262/#sec-istypedarrayfixedlength>
pub fn is_typed_array_fixed_length(vm: &Vm, o: Handle<Object>) -> bool {
    let Some(d) = typed_array_data(vm, o) else {
        return true;
    };
    // 1. If O.[[ArrayLength]] is auto, return false.
    // 3. If IsFixedLengthArrayBuffer(buffer) is false and IsSharedArrayBuffer(buffer) is
    //    false, return false.
    d.array_length.is_some() && (is_fixed_length_buffer(vm, d.buffer) || is_shared(vm, d.buffer))
}

/// IsSharedArrayBuffer(obj) <https://tc39.es/ecma262/#sec-issharedarraybuffer>
pub fn is_shared(vm: &Vm, buffer: Handle<Object>) -> bool {
    matches!(&vm.heap.get(buffer).kind, ObjectKind::ArrayBuffer(d) if d.shared)
}

/// IsValidIntegerIndex(O, index) <https://tc39.es/ecma262/#sec-isvalidintegerindex>
pub fn is_valid_integer_index(vm: &Vm, o: Handle<Object>, index: f64) -> bool {
    // 2-3. Integral and not -0 or negative.
    if index.fract() != 0.0 || !index.is_finite() || index < 0.0 || index.is_sign_negative() {
        return false;
    }
    // 1, 4-9.
    match length_in_bounds(vm, o) {
        Some(len) => index < len as f64,
        None => false,
    }
}

/// The element at a valid index, as a Rust number.
pub fn read_element(vm: &Vm, o: Handle<Object>, index: usize) -> Option<Num> {
    if !is_valid_integer_index(vm, o, index as f64) {
        return None;
    }
    let d = typed_array_data(vm, o)?;
    let ty = ElementType::from_u8(d.element_type);
    let at = d.byte_offset as usize + index * ty.size();
    let mut raw = [0u8; 8];
    let raw = &mut raw[..ty.size()];
    read_buffer(vm, d.buffer, at, raw).then(|| raw_bytes_to_numeric(ty, raw))
}

/// IsImmutableBuffer(O.[[ViewedArrayBuffer]]) for a TypedArray or DataView `o`.
/// <https://tc39.es/proposal-immutable-arraybuffer/#sec-isimmutablebuffer>
pub fn is_view_immutable(vm: &Vm, o: Handle<Object>) -> bool {
    match &vm.heap.get(o).kind {
        ObjectKind::TypedArray(d) | ObjectKind::DataView(d) => {
            super::array_buffer::is_immutable(vm, d.buffer)
        }
        _ => false,
    }
}

/// Writes an element at an index if it is valid (the value already converted); never into
/// an immutable buffer.
pub fn write_element(vm: &mut Vm, o: Handle<Object>, index: f64, n: Num) {
    if !is_valid_integer_index(vm, o, index) || is_view_immutable(vm, o) {
        return;
    }
    let Some(d) = typed_array_data(vm, o) else {
        return;
    };
    let ty = ElementType::from_u8(d.element_type);
    let at = d.byte_offset as usize + index as usize * ty.size();
    let mut raw = [0u8; 8];
    let raw = &mut raw[..ty.size()];
    numeric_to_raw_bytes(ty, n, raw);
    write_buffer(vm, d.buffer, at, raw);
}

/// TypedArrayGetElement(O, index) <https://tc39.es/ecma262/#sec-typedarraygetelement>
pub fn typed_array_get_element(vm: &mut Vm, o: Handle<Object>, index: f64) -> Value {
    if !is_valid_integer_index(vm, o, index) {
        return Value::Undefined;
    }
    match read_element(vm, o, index as usize) {
        Some(n) => num_to_value(vm, n),
        None => Value::Undefined,
    }
}

/// TypedArraySetElement(O, index, value) <https://tc39.es/ecma262/#sec-typedarraysetelement>
pub fn typed_array_set_element(
    vm: &mut Vm,
    o: Handle<Object>,
    index: f64,
    value: Value,
) -> JsResult<()> {
    // 1-2. ToBigInt or ToNumber (may run JavaScript: keep O in a root slot).
    let bigint = element_type(vm, o).is_bigint();
    let slot = vm.root(Value::Object(o));
    let n = to_num(vm, bigint, value);
    let Value::Object(o) = vm.rooted(slot) else {
        unreachable!()
    };
    vm.unroot(slot);
    // 3. If IsValidIntegerIndex(O, index) is true, SetValueInBuffer.
    write_element(vm, o, index, n?);
    Ok(())
}

/// `O[n] = value` for a TypedArray `O` and a Number `n` when `value` is already of the array's
/// content type (so TypedArraySetElement runs no JavaScript); false if `O` is not a TypedArray
/// or the value needs converting.
pub fn try_set_fast(vm: &mut Vm, o: Handle<Object>, n: f64, value: Value) -> bool {
    let bigint = match &vm.heap.get(o).kind {
        ObjectKind::TypedArray(d) => ElementType::from_u8(d.element_type).is_bigint(),
        _ => return false,
    };
    if is_view_immutable(vm, o) {
        return false;
    }
    let num = match (value, bigint) {
        (Value::Number(f), false) => Num::F(f),
        (Value::BigInt(b), true) => Num::B(bigint_low64(vm.heap.get(b)) as i64 as i128),
        _ => return false,
    };
    // ToString(-0) is "0".
    let index = if n == 0.0 { 0.0 } else { n };
    write_element(vm, o, index, num);
    true
}

/// CanonicalNumericIndexString(argument) for a property key
/// <https://tc39.es/ecma262/#sec-canonicalnumericindexstring>.
pub fn canonical_numeric_index(vm: &Vm, key: PropertyKey) -> Option<f64> {
    match key {
        PropertyKey::Index(i) => Some(i as f64),
        PropertyKey::Symbol(_) => None,
        PropertyKey::String(s) => {
            let units = vm.heap.string_units(s);
            let first = *units.first()?;
            let plausible = (b'0' as u16..=b'9' as u16).contains(&first)
                || first == b'-' as u16
                || first == b'I' as u16
                || first == b'N' as u16;
            if !plausible {
                return None;
            }
            let text = String::from_utf16_lossy(units);
            // 1. If argument is "-0", return -0𝔽.
            if text == "-0" {
                return Some(-0.0);
            }
            // 2-4. Let n be ! ToNumber(argument); if ! ToString(n) is argument, return n.
            let n = string_to_number(&text);
            (number_to_string(n) == text).then_some(n)
        }
    }
}

// --- the exotic internal methods -----------------------------------------------------------------

/// TypedArray [[GetOwnProperty]] for numeric keys (`None` for other keys).
/// <https://tc39.es/ecma262/#sec-typedarray-getownproperty>
pub fn get_own_property(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
) -> Option<Option<PropertyDescriptor>> {
    let index = canonical_numeric_index(vm, key)?;
    let value = typed_array_get_element(vm, o, index);
    if value.is_undefined() {
        return Some(None);
    }
    // The elements of an immutable buffer are non-writable and non-configurable.
    let mutable = !is_view_immutable(vm, o);
    Some(Some(PropertyDescriptor::data(
        value, mutable, true, mutable,
    )))
}

/// TypedArray [[DefineOwnProperty]] <https://tc39.es/ecma262/#sec-typedarray-defineownproperty>
pub fn define_own_property(
    vm: &mut Vm,
    o: Handle<Object>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> JsResult<bool> {
    // 1. If P is a String and numericIndex is not undefined, then
    if let Some(index) = canonical_numeric_index(vm, key) {
        if is_view_immutable(vm, o) {
            return Ok(define_immutable_element(vm, o, index, &desc));
        }
        if !is_valid_integer_index(vm, o, index)
            || desc.configurable == Some(false)
            || desc.enumerable == Some(false)
            || desc.is_accessor()
            || desc.writable == Some(false)
        {
            return Ok(false);
        }
        if let Some(v) = desc.value {
            typed_array_set_element(vm, o, index, v)?;
        }
        return Ok(true);
    }
    // 2. Return ! OrdinaryDefineOwnProperty(O, P, Desc).
    crate::object::ordinary_define_own_property(vm, o, key, desc)
}

/// [[DefineOwnProperty]] of an element of a TypedArray over an immutable buffer: it succeeds
/// only when it changes nothing (the element is `{ [[Value]], [[Writable]]: false,
/// [[Enumerable]]: true, [[Configurable]]: false }`).
/// <https://tc39.es/proposal-immutable-arraybuffer/#sec-typedarray-defineownproperty>
fn define_immutable_element(
    vm: &mut Vm,
    o: Handle<Object>,
    index: f64,
    desc: &PropertyDescriptor,
) -> bool {
    if !is_valid_integer_index(vm, o, index)
        || desc.configurable == Some(true)
        || desc.enumerable == Some(false)
        || desc.is_accessor()
        || desc.writable == Some(true)
    {
        return false;
    }
    match desc.value {
        Some(v) => {
            let current = typed_array_get_element(vm, o, index);
            ops::same_value(vm, v, current)
        }
        None => true,
    }
}

// --- realm setup ---------------------------------------------------------------------------------

pub fn init(vm: &mut Vm) {
    // %TypedArray.prototype% and %TypedArray%
    let proto = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::TypedArrayPrototype, proto);
    let c = super::native_function(vm, NativeId::TypedArray, "TypedArray", 0, true);
    set_intrinsic(vm, Intrinsic::TypedArray, c);
    let (pk, ck) = (
        vm.name_key(CommonKey::Prototype),
        vm.name_key(CommonKey::Constructor),
    );
    super::add(vm, c, pk, Value::Object(proto), 0);
    super::add(vm, proto, ck, Value::Object(c), attrs::HIDDEN);
    method(vm, c, "from", NativeId::TypedArrayFrom, 1);
    method(vm, c, "of", NativeId::TypedArrayOf, 0);
    let species = symbol_key(vm, WellKnown::Species);
    accessor(
        vm,
        c,
        species,
        "[Symbol.species]",
        Some(NativeId::ArraySpeciesGetter),
        None,
    );
    for &(name, id) in &[
        ("buffer", NativeId::TypedArrayPrototypeBuffer),
        ("byteLength", NativeId::TypedArrayPrototypeByteLength),
        ("byteOffset", NativeId::TypedArrayPrototypeByteOffset),
        ("length", NativeId::TypedArrayPrototypeLength),
    ] {
        let key = vm.key(name);
        accessor(vm, proto, key, name, Some(id), None);
    }
    let tag = symbol_key(vm, WellKnown::ToStringTag);
    accessor(
        vm,
        proto,
        tag,
        "[Symbol.toStringTag]",
        Some(NativeId::TypedArrayPrototypeToStringTag),
        None,
    );
    let methods: &[(&str, NativeId, u32)] = &[
        ("at", NativeId::TypedArrayPrototypeAt, 1),
        ("copyWithin", NativeId::TypedArrayPrototypeCopyWithin, 2),
        ("entries", NativeId::TypedArrayPrototypeEntries, 0),
        ("every", NativeId::TypedArrayPrototypeEvery, 1),
        ("fill", NativeId::TypedArrayPrototypeFill, 1),
        ("filter", NativeId::TypedArrayPrototypeFilter, 1),
        ("find", NativeId::TypedArrayPrototypeFind, 1),
        ("findIndex", NativeId::TypedArrayPrototypeFindIndex, 1),
        ("findLast", NativeId::TypedArrayPrototypeFindLast, 1),
        (
            "findLastIndex",
            NativeId::TypedArrayPrototypeFindLastIndex,
            1,
        ),
        ("forEach", NativeId::TypedArrayPrototypeForEach, 1),
        ("includes", NativeId::TypedArrayPrototypeIncludes, 1),
        ("indexOf", NativeId::TypedArrayPrototypeIndexOf, 1),
        ("join", NativeId::TypedArrayPrototypeJoin, 1),
        ("keys", NativeId::TypedArrayPrototypeKeys, 0),
        ("lastIndexOf", NativeId::TypedArrayPrototypeLastIndexOf, 1),
        ("map", NativeId::TypedArrayPrototypeMap, 1),
        ("reduce", NativeId::TypedArrayPrototypeReduce, 1),
        ("reduceRight", NativeId::TypedArrayPrototypeReduceRight, 1),
        ("reverse", NativeId::TypedArrayPrototypeReverse, 0),
        ("set", NativeId::TypedArrayPrototypeSet, 1),
        ("slice", NativeId::TypedArrayPrototypeSlice, 2),
        ("some", NativeId::TypedArrayPrototypeSome, 1),
        ("sort", NativeId::TypedArrayPrototypeSort, 1),
        ("subarray", NativeId::TypedArrayPrototypeSubarray, 2),
        (
            "toLocaleString",
            NativeId::TypedArrayPrototypeToLocaleString,
            0,
        ),
        ("toReversed", NativeId::TypedArrayPrototypeToReversed, 0),
        ("toSorted", NativeId::TypedArrayPrototypeToSorted, 1),
        ("with", NativeId::TypedArrayPrototypeWith, 2),
    ];
    for &(name, id, len) in methods {
        method(vm, proto, name, id, len);
    }
    let values = method(vm, proto, "values", NativeId::TypedArrayPrototypeValues, 0);
    let iter = symbol_key(vm, WellKnown::Iterator);
    super::add(vm, proto, iter, Value::Object(values), attrs::HIDDEN);
    // %TypedArray%.prototype.toString is %Array.prototype.toString%.
    let ap = vm.intrinsic(Intrinsic::ArrayPrototype);
    let ts = vm.key("toString");
    let to_string = vm
        .heap
        .get_property(ap, ts)
        .map_or(Value::Undefined, |p| p.value);
    super::add(vm, proto, ts, to_string, attrs::HIDDEN);

    // The concrete constructors.
    for ty in TYPES {
        let p = vm
            .heap
            .alloc(Object::new(Some(proto), ObjectKind::Ordinary));
        set_intrinsic(vm, ty.prototype(), p);
        let k = super::constructor(vm, ty.native(), ty.name(), 3, p);
        vm.heap.get_mut(k).proto.set(Some(c));
        set_intrinsic(vm, ty.constructor(), k);
        let bpe = Value::Number(ty.size() as f64);
        super::put(vm, k, "BYTES_PER_ELEMENT", bpe, 0);
        super::put(vm, p, "BYTES_PER_ELEMENT", bpe, 0);
    }
}

// --- constructors --------------------------------------------------------------------------------

/// %TypedArray%() <https://tc39.es/ecma262/#sec-%typedarray%>
pub fn abstract_constructor(vm: &mut Vm, _: Args) -> JsResult {
    Err(vm.type_error("Abstract class TypedArray not directly constructable"))
}

macro_rules! concrete_constructors {
    ($($f:ident => $t:ident,)*) => {
        $(
            /// A TypedArray constructor <https://tc39.es/ecma262/#sec-typedarray>.
            pub fn $f(vm: &mut Vm, args: Args) -> JsResult {
                construct(vm, args, ElementType::$t)
            }
        )*
    };
}

concrete_constructors! {
    int8_array => Int8,
    uint8_array => Uint8,
    uint8_clamped_array => Uint8Clamped,
    int16_array => Int16,
    uint16_array => Uint16,
    int32_array => Int32,
    uint32_array => Uint32,
    float32_array => Float32,
    float64_array => Float64,
    big_int64_array => BigInt64,
    big_uint64_array => BigUint64,
    float16_array => Float16,
}

/// Allocates a TypedArray object viewing `buffer` (also used for bytes modules).
pub(crate) fn alloc_view(
    vm: &mut Vm,
    proto: Handle<Object>,
    ty: ElementType,
    buffer: Handle<Object>,
    byte_offset: usize,
    length: Option<usize>,
) -> Handle<Object> {
    vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::TypedArray(Box::new(ViewData {
            buffer,
            element_type: ty as u8,
            byte_offset: byte_offset as u64,
            byte_length: length.map(|l| (l * ty.size()) as u64),
            array_length: length.map(|l| l as u64),
        })),
    ))
}

/// AllocateTypedArray with a length: a fresh %ArrayBuffer% of length × elementSize bytes.
/// <https://tc39.es/ecma262/#sec-allocatetypedarray>
fn allocate_typed_array(
    vm: &mut Vm,
    proto: Handle<Object>,
    ty: ElementType,
    length: usize,
) -> JsResult<Handle<Object>> {
    let slot = vm.root(Value::Object(proto));
    // AllocateTypedArrayBuffer(O, length) <https://tc39.es/ecma262/#sec-allocatetypedarraybuffer>
    let Some(byte_length) = length.checked_mul(ty.size()) else {
        vm.unroot(slot);
        return Err(vm.range_error("Invalid typed array length"));
    };
    let ab = Value::Object(vm.intrinsic(Intrinsic::ArrayBuffer));
    let buffer = super::array_buffer::allocate_array_buffer(vm, ab, byte_length, None);
    let Value::Object(proto) = vm.rooted(slot) else {
        unreachable!()
    };
    vm.unroot(slot);
    Ok(alloc_view(vm, proto, ty, buffer?, 0, Some(length)))
}

/// TypedArray(...args) <https://tc39.es/ecma262/#sec-typedarray>
fn construct(vm: &mut Vm, args: Args, ty: ElementType) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    let nt = args.new_target(vm);
    if nt.is_undefined() {
        return Err(vm.type_error(format!("Constructor {} requires 'new'", ty.name())));
    }
    let first = args.get(vm, 0);
    // 5. If firstArgument is not an Object: elementLength = ? ToIndex(firstArgument), then
    //    AllocateTypedArray(constructorName, NewTarget, proto, elementLength).
    if !matches!(first, Value::Object(_)) {
        let len = ops::to_index(vm, first)?;
        let nt = args.new_target(vm);
        let proto = ops::get_prototype_from_constructor(vm, nt, ty.prototype())?;
        return Ok(Value::Object(allocate_typed_array(vm, proto, ty, len)?));
    }
    // 4.a. Let O be ? AllocateTypedArray(constructorName, NewTarget, proto).
    let proto = ops::get_prototype_from_constructor(vm, nt, ty.prototype())?;
    let proto_slot = vm.root(Value::Object(proto));
    let r = construct_from_object(vm, args, ty, proto_slot);
    vm.unroot(proto_slot);
    r.map(Value::Object)
}

/// The elements of a dense array iterated with the built-in array iterator, when that
/// iteration cannot be observed: `m` is %Array.prototype.values%, %ArrayIteratorPrototype%.next
/// is the original, and every index below `length` is a plain element (no holes, so no
/// prototype lookups). IteratorToList would produce exactly these values.
fn dense_array_values(vm: &mut Vm, obj: Value, m: Value) -> Option<Vec<Value>> {
    let Value::Object(a) = obj else { return None };
    if m != Value::Object(vm.intrinsic(Intrinsic::ArrayPrototypeValues)) {
        return None;
    }
    let aip = vm.intrinsic(Intrinsic::ArrayIteratorPrototype);
    let next_key = vm.name_key(CommonKey::Next);
    let next = vm.heap.get_property(aip, next_key)?;
    let Value::Object(next_fn) = next.value else {
        return None;
    };
    let original = next.flags & attrs::ACCESSOR == 0
        && matches!(&vm.heap.get(next_fn).kind,
            ObjectKind::Native(n) if n.id() == NativeId::ArrayIteratorPrototypeNext as u32);
    if !original {
        return None;
    }
    let obj = vm.heap.get(a);
    let ObjectKind::Array(d) = &obj.kind else {
        return None;
    };
    let dense = obj.elements.len() == d.length as usize
        && !obj.elements.iter().any(|v| matches!(v, Value::Empty));
    dense.then(|| obj.elements.to_vec())
}

fn rooted_object(vm: &Vm, slot: usize) -> Handle<Object> {
    match vm.rooted(slot) {
        Value::Object(o) => o,
        _ => unreachable!("root slot holds a non-object"),
    }
}

fn construct_from_object(
    vm: &mut Vm,
    args: Args,
    ty: ElementType,
    proto_slot: usize,
) -> JsResult<Handle<Object>> {
    let Value::Object(src) = args.get(vm, 0) else {
        unreachable!()
    };
    // b. If firstArgument has a [[TypedArrayName]] internal slot:
    if let Some(src_record) = make_record(vm, src) {
        return initialize_from_typed_array(vm, ty, proto_slot, src_record);
    }
    // c. Else if firstArgument has an [[ArrayBufferData]] internal slot:
    if let ObjectKind::ArrayBuffer(_) = vm.heap.get(src).kind {
        return initialize_from_array_buffer(vm, args, ty, proto_slot);
    }
    // d. Else: an iterable or an array-like.
    let iter_key = symbol_key(vm, WellKnown::Iterator);
    let using_iterator = ops::get_method(vm, Value::Object(src), iter_key)?;
    let (list, len) = match using_iterator {
        Some(m) => {
            let src = args.get(vm, 0);
            let values = iterator_to_list_with(vm, src, m)?;
            let len = values.len();
            let a = ops::create_array_from_list(vm, &values);
            (a, len)
        }
        None => {
            let Value::Object(src) = args.get(vm, 0) else {
                unreachable!()
            };
            let len = ops::length_of_array_like(vm, src)?;
            // `length` may have run a getter: read the source (an argument, so rooted) again.
            let Value::Object(src) = args.get(vm, 0) else {
                unreachable!()
            };
            (src, len as usize)
        }
    };
    // InitializeTypedArrayFromList / InitializeTypedArrayFromArrayLike: AllocateTypedArrayBuffer,
    // then Set each element.
    let list_slot = vm.root(Value::Object(list));
    let proto = rooted_object(vm, proto_slot);
    let o = allocate_typed_array(vm, proto, ty, len)?;
    let o_slot = vm.root(Value::Object(o));
    for k in 0..len {
        let list = rooted_object(vm, list_slot);
        let v = ops::get(vm, list, PropertyKey::Index(k as u32))?;
        let o = rooted_object(vm, o_slot);
        typed_array_set_element(vm, o, k as f64, v)?;
    }
    let o = rooted_object(vm, o_slot);
    vm.unroot(list_slot);
    Ok(o)
}

/// IteratorToList(GetIteratorFromMethod(obj, method)).
fn iterator_to_list_with(vm: &mut Vm, obj: Value, m: Value) -> JsResult<Vec<Value>> {
    if let Some(values) = dense_array_values(vm, obj, m) {
        return Ok(values);
    }
    let iterator = ops::call(vm, m, obj, &[])?;
    let Value::Object(it) = iterator else {
        return Err(vm.type_error("Result of the Symbol.iterator method is not an object"));
    };
    let it_slot = vm.root(Value::Object(it));
    let next_key = vm.name_key(CommonKey::Next);
    let next = ops::get(vm, it, next_key);
    let next = match next {
        Ok(n) => n,
        Err(e) => {
            vm.unroot(it_slot);
            return Err(e);
        }
    };
    let next_slot = vm.root(next);
    // The values collected so far live in an array object (they may be collected otherwise).
    let acc = ops::create_array_from_list(vm, &[]);
    let acc_slot = vm.root(Value::Object(acc));
    let mut n = 0u32;
    let result = loop {
        let (it, next) = (vm.rooted(it_slot), vm.rooted(next_slot));
        match ops::iterator_step_value(vm, it, next) {
            Ok(Some(v)) => {
                let acc = rooted_object(vm, acc_slot);
                super::array::push_fast(vm, acc, v);
                n += 1;
            }
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        }
    };
    let acc = rooted_object(vm, acc_slot);
    vm.unroot(it_slot);
    result?;
    let _ = n;
    Ok(vm.heap.get(acc).elements.to_vec())
}

/// InitializeTypedArrayFromTypedArray(O, srcArray)
/// <https://tc39.es/ecma262/#sec-initializetypedarrayfromtypedarray>
fn initialize_from_typed_array(
    vm: &mut Vm,
    ty: ElementType,
    proto_slot: usize,
    src: TaRecord,
) -> JsResult<Handle<Object>> {
    // 7. If IsTypedArrayOutOfBounds(srcRecord) is true, throw a TypeError exception.
    if src.out_of_bounds() {
        return Err(vm.type_error("source typed array is out of bounds or detached"));
    }
    // 8-10. elementLength and byteLength.
    let len = src.length();
    // 11-12. A new buffer (CloneArrayBuffer or AllocateArrayBuffer).
    let proto = rooted_object(vm, proto_slot);
    if src.ty.is_bigint() != ty.is_bigint() {
        // (The allocation comes first in the spec; it has no observable effect but a RangeError
        // for huge lengths, which cannot happen for a source that exists.)
        return Err(vm.type_error("content types of source and target typed arrays differ"));
    }
    let o = allocate_typed_array(vm, proto, ty, len)?;
    let start = src.data.byte_offset as usize;
    let src_bytes = buffer_to_vec(vm, src.data.buffer, start, len * src.ty.size());
    if let Some(dst) = typed_array_data(vm, o).map(|d| d.buffer) {
        write_converted(vm, dst, 0, &src_bytes, src.ty, ty)?;
    }
    Ok(o)
}

/// InitializeTypedArrayFromArrayBuffer(O, buffer, byteOffset, length)
/// <https://tc39.es/ecma262/#sec-initializetypedarrayfromarraybuffer>
fn initialize_from_array_buffer(
    vm: &mut Vm,
    args: Args,
    ty: ElementType,
    proto_slot: usize,
) -> JsResult<Handle<Object>> {
    let size = ty.size();
    // 2. Let offset be ? ToIndex(byteOffset).
    let offset = ops::to_index(vm, args.get(vm, 1))?;
    // 3. If offset modulo elementSize ≠ 0, throw a RangeError exception.
    if offset % size != 0 {
        return Err(vm.range_error(format!(
            "start offset of {} should be a multiple of {size}",
            ty.name()
        )));
    }
    // 5. If length is not undefined, let newLength be ? ToIndex(length).
    let length = args.get(vm, 2);
    let new_length = if length.is_undefined() {
        None
    } else {
        Some(ops::to_index(vm, length)?)
    };
    let Value::Object(buffer) = args.get(vm, 0) else {
        unreachable!()
    };
    // 4. Let bufferIsFixedLength be IsFixedLengthArrayBuffer(buffer).
    let fixed = is_fixed_length_buffer(vm, buffer);
    // 6. If IsDetachedBuffer(buffer) is true, throw a TypeError exception.
    let Some(buffer_len) = buffer_len(vm, buffer) else {
        return Err(vm.type_error("Cannot construct a typed array on a detached ArrayBuffer"));
    };
    let proto = rooted_object(vm, proto_slot);
    // 8. If length is undefined and bufferIsFixedLength is false, then
    if new_length.is_none() && !fixed {
        if offset > buffer_len {
            return Err(vm.range_error("start offset is outside the bounds of the buffer"));
        }
        return Ok(alloc_view(vm, proto, ty, buffer, offset, None));
    }
    // 9. Else,
    let new_byte_length = match new_length {
        None => {
            if buffer_len % size != 0 {
                return Err(vm.range_error(format!(
                    "byte length of {} should be a multiple of {size}",
                    ty.name()
                )));
            }
            if offset > buffer_len {
                return Err(vm.range_error("start offset is outside the bounds of the buffer"));
            }
            buffer_len - offset
        }
        Some(n) => {
            let bytes = n
                .checked_mul(size)
                .filter(|b| offset.checked_add(*b).is_some_and(|end| end <= buffer_len));
            match bytes {
                Some(b) => b,
                None => return Err(vm.range_error("Invalid typed array length")),
            }
        }
    };
    Ok(alloc_view(
        vm,
        proto,
        ty,
        buffer,
        offset,
        Some(new_byte_length / size),
    ))
}

/// TypedArrayCreateFromConstructor(constructor, argumentList)
/// <https://tc39.es/ecma262/#sec-typedarraycreatefromconstructor>
///
/// `write` is the immutable-arraybuffer proposal's accessMode ~write~: the new TypedArray is
/// to be written, so it must not be backed by an immutable buffer.
fn create_from_constructor(
    vm: &mut Vm,
    constructor: Value,
    arguments: &[Value],
    write: bool,
) -> JsResult<Handle<Object>> {
    // 1. Let newTypedArray be ? Construct(constructor, argumentList).
    let new = ops::construct(vm, constructor, arguments, None)?;
    // 2. Let taRecord be ? ValidateTypedArray(newTypedArray, seq-cst, accessMode).
    let (o, record) = if write {
        validate_typed_array_for_write(vm, new)?
    } else {
        validate_typed_array(vm, new)?
    };
    // 3. If the number of elements in argumentList is 1 and argumentList[0] is a Number, then
    if let [Value::Number(n)] = arguments {
        // b. Let length be TypedArrayLength(taRecord). c. If length < argumentList[0], throw.
        if (record.length() as f64) < *n {
            return Err(vm.type_error("derived typed array is too small"));
        }
    }
    Ok(o)
}

/// TypedArraySpeciesCreate(exemplar, argumentList)
/// <https://tc39.es/ecma262/#sec-typedarray-species-create>
/// With `write` (accessMode ~write~), the result must not be backed by an immutable buffer.
fn species_create(
    vm: &mut Vm,
    exemplar: Handle<Object>,
    arguments: &[Value],
    write: bool,
) -> JsResult<Handle<Object>> {
    let ty = element_type(vm, exemplar);
    // 2-3. Let constructor be ? SpeciesConstructor(exemplar, defaultConstructor).
    let slots: Vec<usize> = arguments.iter().map(|&a| vm.root(a)).collect();
    let constructor = ops::species_constructor(vm, exemplar, ty.constructor());
    let arguments: Vec<Value> = slots.iter().map(|&s| vm.rooted(s)).collect();
    if let Some(&first) = slots.first() {
        vm.unroot(first);
    }
    // 4. Let result be ? TypedArrayCreateFromConstructor(constructor, argumentList).
    let result = create_from_constructor(vm, constructor?, &arguments, write)?;
    // 6. If result.[[ContentType]] is not exemplar.[[ContentType]], throw a TypeError exception.
    if element_type(vm, result).is_bigint() != ty.is_bigint() {
        return Err(
            vm.type_error("species constructor returned a typed array of another content type")
        );
    }
    Ok(result)
}

/// TypedArrayCreateSameType(exemplar, argumentList)
/// <https://tc39.es/ecma262/#sec-typedarray-create-same-type>
fn create_same_type(
    vm: &mut Vm,
    exemplar: Handle<Object>,
    length: usize,
) -> JsResult<Handle<Object>> {
    let ty = element_type(vm, exemplar);
    let proto = vm.intrinsic(ty.prototype());
    allocate_typed_array(vm, proto, ty, length)
}

/// ValidateTypedArray(O, order) <https://tc39.es/ecma262/#sec-validatetypedarray>
pub fn validate_typed_array(vm: &mut Vm, o: Value) -> JsResult<(Handle<Object>, TaRecord)> {
    // 1. Perform ? RequireInternalSlot(O, [[TypedArrayName]]).
    let record = match o {
        Value::Object(h) => make_record(vm, h).map(|r| (h, r)),
        _ => None,
    };
    let Some((h, record)) = record else {
        return Err(vm.type_error("this is not a typed array"));
    };
    // 4. If IsTypedArrayOutOfBounds(taRecord) is true, throw a TypeError exception.
    if record.out_of_bounds() {
        return Err(vm.type_error("typed array is detached or out of bounds"));
    }
    Ok((h, record))
}

/// ValidateTypedArray(O, order, ~write~): also refuses a TypedArray over an immutable buffer.
/// <https://tc39.es/proposal-immutable-arraybuffer/#sec-validatetypedarray>
pub fn validate_typed_array_for_write(
    vm: &mut Vm,
    o: Value,
) -> JsResult<(Handle<Object>, TaRecord)> {
    let (h, record) = validate_typed_array(vm, o)?;
    if is_view_immutable(vm, h) {
        return Err(vm.type_error("typed array is backed by an immutable ArrayBuffer"));
    }
    Ok((h, record))
}

/// ValidateTypedArray(this, seq-cst, ~write~): the object and TypedArrayLength.
fn this_validated_for_write(vm: &mut Vm, args: Args) -> JsResult<(Handle<Object>, usize)> {
    let this = args.this(vm);
    let (o, r) = validate_typed_array_for_write(vm, this)?;
    Ok((o, r.length()))
}

/// ValidateTypedArray on `this`: the object and TypedArrayLength.
fn this_validated(vm: &mut Vm, args: Args) -> JsResult<(Handle<Object>, usize)> {
    let this = args.this(vm);
    let (o, r) = validate_typed_array(vm, this)?;
    Ok((o, r.length()))
}

fn this_object(vm: &Vm, args: Args) -> Handle<Object> {
    match args.this(vm) {
        Value::Object(o) => o,
        _ => unreachable!("validated receiver is an object"),
    }
}

/// %TypedArray%.from(source [, mapper [, thisArg]]) <https://tc39.es/ecma262/#sec-%typedarray%.from>
pub fn from(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Let C be the this value; if IsConstructor(C) is false, throw a TypeError exception.
    let c = args.this(vm);
    if !ops::is_constructor(vm, c) {
        return Err(vm.type_error("TypedArray.from: this is not a constructor"));
    }
    // 3-4. mapping.
    let mapper = args.get(vm, 1);
    let mapping = !mapper.is_undefined();
    if mapping && !ops::is_callable(vm, mapper) {
        return Err(vm.type_error("TypedArray.from: the mapper is not callable"));
    }
    // 5. Let usingIterator be ? GetMethod(source, %Symbol.iterator%).
    let source = args.get(vm, 0);
    let iter_key = symbol_key(vm, WellKnown::Iterator);
    let using_iterator = ops::get_method(vm, source, iter_key)?;
    let (list, len) = match using_iterator {
        // 6. If usingIterator is not undefined: IteratorToList.
        Some(m) => {
            let source = args.get(vm, 0);
            let values = iterator_to_list_with(vm, source, m)?;
            let len = values.len();
            (ops::create_array_from_list(vm, &values), len)
        }
        // 8-9. An array-like.
        None => {
            let source = args.get(vm, 0);
            let a = ops::to_object(vm, source)?;
            let slot = vm.root(Value::Object(a));
            let len = ops::length_of_array_like(vm, a);
            let a = rooted_object(vm, slot);
            vm.unroot(slot);
            (a, len? as usize)
        }
    };
    let list_slot = vm.root(Value::Object(list));
    // Let targetObj be ? TypedArrayCreateFromConstructor(C, « 𝔽(len) »).
    let c = args.this(vm);
    let target = create_from_constructor(vm, c, &[Value::Number(len as f64)], true);
    let target = match target {
        Ok(t) => t,
        Err(e) => {
            vm.unroot(list_slot);
            return Err(e);
        }
    };
    let target_slot = vm.root(Value::Object(target));
    let result = (|| {
        for k in 0..len {
            let list = rooted_object(vm, list_slot);
            let mut v = ops::get(vm, list, PropertyKey::Index(k as u32))?;
            if mapping {
                let (mapper, this_arg) = (args.get(vm, 1), args.get(vm, 2));
                v = ops::call(vm, mapper, this_arg, &[v, Value::Number(k as f64)])?;
            }
            let target = rooted_object(vm, target_slot);
            ops::set(vm, target, PropertyKey::Index(k as u32), v, true)?;
        }
        Ok(vm.rooted(target_slot))
    })();
    vm.unroot(list_slot);
    result
}

/// %TypedArray%.of(...items) <https://tc39.es/ecma262/#sec-%typedarray%.of>
pub fn of(vm: &mut Vm, args: Args) -> JsResult {
    let len = args.len();
    let c = args.this(vm);
    if !ops::is_constructor(vm, c) {
        return Err(vm.type_error("TypedArray.of: this is not a constructor"));
    }
    let new = create_from_constructor(vm, c, &[Value::Number(len as f64)], true)?;
    let slot = vm.root(Value::Object(new));
    for k in 0..len {
        let v = args.get(vm, k);
        let o = rooted_object(vm, slot);
        if let Err(e) = ops::set(vm, o, PropertyKey::Index(k as u32), v, true) {
            vm.unroot(slot);
            return Err(e);
        }
    }
    let r = vm.rooted(slot);
    vm.unroot(slot);
    Ok(r)
}

// --- accessors -----------------------------------------------------------------------------------

fn this_record(vm: &mut Vm, args: Args, name: &str) -> JsResult<TaRecord> {
    let r = match args.this(vm) {
        Value::Object(o) => make_record(vm, o),
        _ => None,
    };
    r.ok_or_else(|| {
        vm.type_error(format!(
            "get %TypedArray%.prototype.{name} called on incompatible receiver"
        ))
    })
}

/// get %TypedArray%.prototype.buffer <https://tc39.es/ecma262/#sec-get-%typedarray%.prototype.buffer>
pub fn get_buffer(vm: &mut Vm, args: Args) -> JsResult {
    let r = this_record(vm, args, "buffer")?;
    Ok(Value::Object(r.data.buffer))
}

/// get %TypedArray%.prototype.byteLength <https://tc39.es/ecma262/#sec-get-%typedarray%.prototype.bytelength>
pub fn get_byte_length(vm: &mut Vm, args: Args) -> JsResult {
    let r = this_record(vm, args, "byteLength")?;
    Ok(Value::Number(r.byte_length() as f64))
}

/// get %TypedArray%.prototype.byteOffset <https://tc39.es/ecma262/#sec-get-%typedarray%.prototype.byteoffset>
pub fn get_byte_offset(vm: &mut Vm, args: Args) -> JsResult {
    let r = this_record(vm, args, "byteOffset")?;
    if r.out_of_bounds() {
        return Ok(Value::Number(0.0));
    }
    Ok(Value::Number(r.data.byte_offset as f64))
}

/// get %TypedArray%.prototype.length <https://tc39.es/ecma262/#sec-get-%typedarray%.prototype.length>
pub fn get_length(vm: &mut Vm, args: Args) -> JsResult {
    let r = this_record(vm, args, "length")?;
    Ok(Value::Number(r.length() as f64))
}

/// get %TypedArray%.prototype [ %Symbol.toStringTag% ]
/// <https://tc39.es/ecma262/#sec-get-%typedarray%.prototype-%symbol.tostringtag%>
pub fn get_to_string_tag(vm: &mut Vm, args: Args) -> JsResult {
    let this = args.this(vm);
    match this {
        Value::Object(o) => match typed_array_data(vm, o) {
            Some(d) => {
                let name = ElementType::from_u8(d.element_type).name();
                Ok(vm.string_from(name))
            }
            None => Ok(Value::Undefined),
        },
        _ => Ok(Value::Undefined),
    }
}

/// Used by ArrayBuffer.isView: does `v` have a [[ViewedArrayBuffer]]?
pub fn is_view(vm: &Vm, v: Value) -> bool {
    matches!(v, Value::Object(o) if matches!(
        vm.heap.get(o).kind,
        ObjectKind::TypedArray(_) | ObjectKind::DataView(_)
    ))
}
