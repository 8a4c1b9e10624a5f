//! `ArrayBuffer` and `ArrayBuffer.prototype` (ES2025: resizable buffers and transfer).
//! <https://tc39.es/ecma262/#sec-arraybuffer-objects>
//!
//! A buffer's bytes live in the heap object ([`ArrayBufferData`]); a detached buffer has none.
//! Allocations are capped at [`MAX_BYTE_LENGTH`] bytes: CreateByteDataBlock throws a RangeError
//! past it, as the spec allows when a block cannot be created.

use super::{accessor, method};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, symbol_key, Intrinsic, WellKnown};
use crate::{Args, JsResult, Vm};
use amber_heap::object::ArrayBufferData;
use amber_heap::{Handle, Object, ObjectKind, Value};

/// The largest buffer Amber allocates (1 GiB).
pub const MAX_BYTE_LENGTH: usize = 1 << 30;

pub(crate) fn init(vm: &mut Vm) {
    let proto = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::ArrayBufferPrototype, proto);
    let c = super::constructor(vm, NativeId::ArrayBuffer, "ArrayBuffer", 1, proto);
    set_intrinsic(vm, Intrinsic::ArrayBuffer, c);
    method(vm, c, "isView", NativeId::ArrayBufferIsView, 1);
    let species = symbol_key(vm, WellKnown::Species);
    accessor(
        vm,
        c,
        species,
        "[Symbol.species]",
        Some(NativeId::ArraySpeciesGetter),
        None,
    );
    for &(name, id, len) in &[
        ("resize", NativeId::ArrayBufferPrototypeResize, 1),
        ("slice", NativeId::ArrayBufferPrototypeSlice, 2),
        ("transfer", NativeId::ArrayBufferPrototypeTransfer, 0),
        (
            "transferToFixedLength",
            NativeId::ArrayBufferPrototypeTransferToFixedLength,
            0,
        ),
    ] {
        method(vm, proto, name, id, len);
    }
    for &(name, id) in &[
        ("byteLength", NativeId::ArrayBufferPrototypeByteLength),
        ("detached", NativeId::ArrayBufferPrototypeDetached),
        ("maxByteLength", NativeId::ArrayBufferPrototypeMaxByteLength),
        ("resizable", NativeId::ArrayBufferPrototypeResizable),
    ] {
        let key = vm.key(name);
        accessor(vm, proto, key, name, Some(id), None);
    }
    super::iterators::tag(vm, proto, "ArrayBuffer");
}

pub(crate) fn buffer_data(vm: &Vm, o: Handle<Object>) -> Option<&ArrayBufferData> {
    match &vm.heap.get(o).kind {
        ObjectKind::ArrayBuffer(d) => Some(d),
        _ => None,
    }
}

pub(crate) fn buffer_data_mut(vm: &mut Vm, o: Handle<Object>) -> &mut ArrayBufferData {
    match &mut vm.heap.get_mut(o).kind {
        ObjectKind::ArrayBuffer(d) => d,
        _ => unreachable!("buffer_data_mut on a non-buffer"),
    }
}

/// RequireInternalSlot(O, [[ArrayBufferData]]) for `this`, and IsSharedArrayBuffer(O) false.
pub(crate) fn this_buffer(vm: &mut Vm, args: Args, method: &str) -> JsResult<Handle<Object>> {
    if let Value::Object(o) = args.this(vm) {
        if buffer_data(vm, o).is_some_and(|d| !d.shared) {
            return Ok(o);
        }
    }
    Err(vm.type_error(format!(
        "Method ArrayBuffer.prototype.{method} called on incompatible receiver"
    )))
}

/// IsImmutableBuffer(arrayBuffer).
/// <https://tc39.es/proposal-immutable-arraybuffer/#sec-isimmutablebuffer>
pub fn is_immutable(vm: &Vm, o: Handle<Object>) -> bool {
    matches!(buffer_data(vm, o), Some(d) if d.immutable)
}

/// IsDetachedBuffer(arrayBuffer) <https://tc39.es/ecma262/#sec-isdetachedbuffer>
pub fn is_detached(vm: &Vm, o: Handle<Object>) -> bool {
    matches!(buffer_data(vm, o), Some(d) if d.byte_len().is_none())
}

/// DetachArrayBuffer(arrayBuffer) <https://tc39.es/ecma262/#sec-detacharraybuffer>
pub fn detach(vm: &mut Vm, o: Handle<Object>) -> JsResult<()> {
    // 1. Assert: IsSharedArrayBuffer(arrayBuffer) is false.
    if buffer_data(vm, o).is_none_or(|d| d.shared) {
        return Err(vm.type_error("not an ArrayBuffer"));
    }
    // An immutable buffer cannot be detached (immutable-arraybuffer proposal).
    if is_immutable(vm, o) {
        return Err(vm.type_error("an immutable ArrayBuffer cannot be detached"));
    }
    buffer_data_mut(vm, o).bytes = None;
    Ok(())
}

pub(crate) fn byte_length(vm: &Vm, o: Handle<Object>) -> usize {
    buffer_data(vm, o)
        .and_then(ArrayBufferData::byte_len)
        .unwrap_or(0)
}

/// AllocateArrayBuffer(constructor, byteLength [, maxByteLength]).
/// <https://tc39.es/ecma262/#sec-allocatearraybuffer>
pub fn allocate_array_buffer(
    vm: &mut Vm,
    constructor: Value,
    byte_length: usize,
    max_byte_length: Option<usize>,
) -> JsResult<Handle<Object>> {
    // 2. If allocatingResizableBuffer and byteLength > maxByteLength, throw a RangeError.
    if let Some(max) = max_byte_length {
        if byte_length > max {
            return Err(vm.range_error("byteLength exceeds maxByteLength"));
        }
    }
    // 3. Let obj be ? OrdinaryCreateFromConstructor(constructor, "%ArrayBuffer.prototype%", slots).
    let proto =
        ops::get_prototype_from_constructor(vm, constructor, Intrinsic::ArrayBufferPrototype)?;
    // 4. Let block be ? CreateByteDataBlock(byteLength).
    if byte_length > MAX_BYTE_LENGTH || max_byte_length.is_some_and(|m| m > MAX_BYTE_LENGTH) {
        return Err(vm.range_error("Array buffer allocation failed"));
    }
    Ok(vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::ArrayBuffer(Box::new(ArrayBufferData {
            bytes: Some(vec![0; byte_length]),
            max_byte_length: max_byte_length.map(|m| m as u64),
            shared: false,
            immutable: false,
            block: None,
        })),
    )))
}

/// ArrayBuffer(length [, options]) <https://tc39.es/ecma262/#sec-arraybuffer-length>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if args.new_target(vm).is_undefined() {
        return Err(vm.type_error("Constructor ArrayBuffer requires 'new'"));
    }
    // 2. Let byteLength be ? ToIndex(length).
    let len = ops::to_index(vm, args.get(vm, 0))?;
    // 3. Let requestedMaxByteLength be ? GetArrayBufferMaxByteLengthOption(options).
    let mut max = None;
    if let Value::Object(options) = args.get(vm, 1) {
        let m = ops::get_str(vm, options, "maxByteLength")?;
        if !m.is_undefined() {
            max = Some(ops::to_index(vm, m)?);
        }
    }
    // 4. Return ? AllocateArrayBuffer(NewTarget, byteLength, requestedMaxByteLength).
    let nt = args.new_target(vm);
    Ok(Value::Object(allocate_array_buffer(vm, nt, len, max)?))
}

/// ArrayBuffer.isView(arg) <https://tc39.es/ecma262/#sec-arraybuffer.isview>: true for
/// objects with a [[ViewedArrayBuffer]] (typed arrays and DataViews).
pub fn is_view(vm: &mut Vm, args: Args) -> JsResult {
    let arg = args.get(vm, 0);
    Ok(Value::Boolean(super::typed_array::is_view(vm, arg)))
}

/// get ArrayBuffer.prototype.byteLength <https://tc39.es/ecma262/#sec-get-arraybuffer.prototype.bytelength>
pub fn get_byte_length(vm: &mut Vm, args: Args) -> JsResult {
    let o = this_buffer(vm, args, "byteLength")?;
    Ok(Value::Number(byte_length(vm, o) as f64))
}

/// get ArrayBuffer.prototype.maxByteLength <https://tc39.es/ecma262/#sec-get-arraybuffer.prototype.maxbytelength>
pub fn get_max_byte_length(vm: &mut Vm, args: Args) -> JsResult {
    let o = this_buffer(vm, args, "maxByteLength")?;
    if is_detached(vm, o) {
        return Ok(Value::Number(0.0));
    }
    let len = match buffer_data(vm, o).and_then(|d| d.max_byte_length) {
        Some(m) => m as f64,
        None => byte_length(vm, o) as f64,
    };
    Ok(Value::Number(len))
}

/// get ArrayBuffer.prototype.resizable <https://tc39.es/ecma262/#sec-get-arraybuffer.prototype.resizable>
pub fn get_resizable(vm: &mut Vm, args: Args) -> JsResult {
    let o = this_buffer(vm, args, "resizable")?;
    Ok(Value::Boolean(
        buffer_data(vm, o).is_some_and(|d| d.max_byte_length.is_some()),
    ))
}

/// get ArrayBuffer.prototype.detached <https://tc39.es/ecma262/#sec-get-arraybuffer.prototype.detached>
pub fn get_detached(vm: &mut Vm, args: Args) -> JsResult {
    let o = this_buffer(vm, args, "detached")?;
    Ok(Value::Boolean(is_detached(vm, o)))
}

/// ArrayBuffer.prototype.resize(newLength) <https://tc39.es/ecma262/#sec-arraybuffer.prototype.resize>
pub fn resize(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. RequireInternalSlot(O, [[ArrayBufferMaxByteLength]]).
    let o = this_buffer(vm, args, "resize")?;
    if buffer_data(vm, o).is_some_and(|d| d.max_byte_length.is_none()) {
        return Err(vm.type_error("ArrayBuffer.prototype.resize: buffer is not resizable"));
    }
    // 4. Let newByteLength be ? ToIndex(newLength).
    let new_len = ops::to_index(vm, args.get(vm, 0))?;
    let Value::Object(o) = args.this(vm) else {
        unreachable!()
    };
    // 5. If IsDetachedBuffer(O) is true, throw a TypeError exception.
    if is_detached(vm, o) {
        return Err(vm.type_error("ArrayBuffer.prototype.resize: buffer is detached"));
    }
    // 6. If newByteLength > O.[[ArrayBufferMaxByteLength]], throw a RangeError exception.
    let max = buffer_data(vm, o)
        .and_then(|d| d.max_byte_length)
        .unwrap_or(0);
    if new_len as u64 > max {
        return Err(vm.range_error("ArrayBuffer.prototype.resize: length exceeds maxByteLength"));
    }
    // 7-9. Resize the block in place, zero-filling new bytes.
    if let Some(bytes) = &mut buffer_data_mut(vm, o).bytes {
        bytes.resize(new_len, 0);
    }
    Ok(Value::Undefined)
}

/// ArrayBuffer.prototype.slice(start, end) <https://tc39.es/ecma262/#sec-arraybuffer.prototype.slice>
pub fn slice(vm: &mut Vm, args: Args) -> JsResult {
    let o = this_buffer(vm, args, "slice")?;
    // 4. If IsDetachedBuffer(O) is true, throw a TypeError exception.
    if is_detached(vm, o) {
        return Err(vm.type_error("ArrayBuffer.prototype.slice: buffer is detached"));
    }
    // 5. Let len be O.[[ArrayBufferByteLength]].
    let len = byte_length(vm, o) as f64;
    // 6-13. first and final, clamped relative indices.
    let clamp = |r: f64| {
        if r < 0.0 {
            (len + r).max(0.0)
        } else {
            r.min(len)
        }
    };
    let first = clamp(ops::to_integer_or_infinity(vm, args.get(vm, 0))?);
    let end = args.get(vm, 1);
    let fin = if end.is_undefined() {
        len
    } else {
        clamp(ops::to_integer_or_infinity(vm, end)?)
    };
    // 14. Let newLen be max(final - first, 0).
    let new_len = (fin - first).max(0.0);
    // 15. Let ctor be ? SpeciesConstructor(O, %ArrayBuffer%).
    let Value::Object(o) = args.this(vm) else {
        unreachable!()
    };
    let ctor = ops::species_constructor(vm, o, Intrinsic::ArrayBuffer)?;
    // 16. Let new be ? Construct(ctor, « 𝔽(newLen) »).
    let new = ops::construct(vm, ctor, &[Value::Number(new_len)], None)?;
    // 17-21. new must be a distinct, attached ArrayBuffer large enough.
    let Value::Object(n) = new else {
        return Err(vm.type_error("ArrayBuffer species constructor returned a non-buffer"));
    };
    if buffer_data(vm, n).is_none_or(|d| d.shared) {
        return Err(vm.type_error("ArrayBuffer species constructor returned a non-buffer"));
    }
    if is_detached(vm, n) {
        return Err(vm.type_error("ArrayBuffer species constructor returned a detached buffer"));
    }
    // If IsImmutableBuffer(new) is true, throw a TypeError exception (immutable-arraybuffer).
    if is_immutable(vm, n) {
        return Err(vm.type_error("ArrayBuffer species constructor returned an immutable buffer"));
    }
    let Value::Object(o) = args.this(vm) else {
        unreachable!()
    };
    if n == o {
        return Err(vm.type_error("ArrayBuffer species constructor returned the same buffer"));
    }
    if (byte_length(vm, n) as f64) < new_len {
        return Err(vm.type_error("ArrayBuffer species constructor returned a too small buffer"));
    }
    // 22. NOTE: Side-effects of the above steps may have detached or resized O.
    // 23. If IsDetachedBuffer(O) is true, throw a TypeError exception.
    if is_detached(vm, o) {
        return Err(vm.type_error("ArrayBuffer.prototype.slice: buffer is detached"));
    }
    // 24-28. Copy min(newLen, currentLen - first) bytes.
    let current_len = byte_length(vm, o) as f64;
    if first < current_len {
        let count = new_len.min(current_len - first) as usize;
        let first = first as usize;
        let src: Vec<u8> = buffer_data(vm, o)
            .and_then(|d| d.bytes.as_ref())
            .map(|b| b[first..first + count].to_vec())
            .unwrap_or_default();
        if let Some(bytes) = &mut buffer_data_mut(vm, n).bytes {
            bytes[..count].copy_from_slice(&src);
        }
    }
    Ok(new)
}

/// ArrayBufferCopyAndDetach(arrayBuffer, newLength, preserveResizability).
/// <https://tc39.es/ecma262/#sec-arraybuffercopyanddetach>
///
/// `preserve` is preserveResizability ~preserve-resizability~; with `immutable` (the
/// immutable-arraybuffer proposal's ~immutable~) the copy is an immutable buffer.
/// <https://tc39.es/proposal-immutable-arraybuffer/#sec-arraybuffercopyanddetach>
pub(crate) fn copy_and_detach(
    vm: &mut Vm,
    args: Args,
    preserve: bool,
    immutable: bool,
    name: &str,
) -> JsResult {
    let o = this_buffer(vm, args, name)?;
    // 3-4. Let newByteLength be arrayBuffer's length, or ? ToIndex(newLength).
    let new_length = args.get(vm, 0);
    let new_len = if new_length.is_undefined() {
        byte_length(vm, o)
    } else {
        ops::to_index(vm, new_length)?
    };
    let Value::Object(o) = args.this(vm) else {
        unreachable!()
    };
    // 5. If IsDetachedBuffer(arrayBuffer) is true, throw a TypeError exception.
    if is_detached(vm, o) {
        return Err(vm.type_error(format!("ArrayBuffer.prototype.{name}: buffer is detached")));
    }
    // If IsImmutableBuffer(arrayBuffer) is true, throw a TypeError exception.
    if is_immutable(vm, o) {
        return Err(vm.type_error(format!("ArrayBuffer.prototype.{name}: buffer is immutable")));
    }
    // 6-7. Keep the maximum length only when preserving resizability.
    let max = if preserve {
        buffer_data(vm, o)
            .and_then(|d| d.max_byte_length)
            .map(|m| m as usize)
    } else {
        None
    };
    // 9. Let newBuffer be ? AllocateArrayBuffer(%ArrayBuffer%, newByteLength, newMaxByteLength).
    let c = Value::Object(vm.intrinsic(Intrinsic::ArrayBuffer));
    let new = allocate_array_buffer(vm, c, new_len, max)?;
    // 10-13. Copy the bytes that fit, then detach the old buffer.
    let Value::Object(o) = args.this(vm) else {
        unreachable!()
    };
    let old = buffer_data_mut(vm, o).bytes.take().unwrap_or_default();
    let count = old.len().min(new_len);
    if let Some(bytes) = &mut buffer_data_mut(vm, new).bytes {
        bytes[..count].copy_from_slice(&old[..count]);
    }
    buffer_data_mut(vm, new).immutable = immutable;
    Ok(Value::Object(new))
}

/// ArrayBuffer.prototype.transfer([newLength]) <https://tc39.es/ecma262/#sec-arraybuffer.prototype.transfer>
pub fn transfer(vm: &mut Vm, args: Args) -> JsResult {
    copy_and_detach(vm, args, true, false, "transfer")
}

/// <https://tc39.es/ecma262/#sec-arraybuffer.prototype.transfertofixedlength>
pub fn transfer_to_fixed_length(vm: &mut Vm, args: Args) -> JsResult {
    copy_and_detach(vm, args, false, false, "transferToFixedLength")
}

// --- SharedArrayBuffer ---------------------------------------------------------------------------
// <https://tc39.es/ecma262/#sec-sharedarraybuffer-objects>. A shared buffer's block is a
// Shared Data Block in the process-wide registry (`amber_heap::shared`), which other agents
// (`$262.agent`) may hold too; the heap object names it by id. Growable, never detached.

pub(crate) fn init_shared(vm: &mut Vm) {
    let proto = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::SharedArrayBufferPrototype, proto);
    let c = super::constructor(
        vm,
        NativeId::SharedArrayBuffer,
        "SharedArrayBuffer",
        1,
        proto,
    );
    set_intrinsic(vm, Intrinsic::SharedArrayBuffer, c);
    let species = symbol_key(vm, WellKnown::Species);
    accessor(
        vm,
        c,
        species,
        "[Symbol.species]",
        Some(NativeId::ArraySpeciesGetter),
        None,
    );
    method(
        vm,
        proto,
        "grow",
        NativeId::SharedArrayBufferPrototypeGrow,
        1,
    );
    method(
        vm,
        proto,
        "slice",
        NativeId::SharedArrayBufferPrototypeSlice,
        2,
    );
    for &(name, id) in &[
        ("byteLength", NativeId::SharedArrayBufferPrototypeByteLength),
        ("growable", NativeId::SharedArrayBufferPrototypeGrowable),
        (
            "maxByteLength",
            NativeId::SharedArrayBufferPrototypeMaxByteLength,
        ),
    ] {
        let key = vm.key(name);
        accessor(vm, proto, key, name, Some(id), None);
    }
    super::iterators::tag(vm, proto, "SharedArrayBuffer");
}

/// RequireInternalSlot(O, [[ArrayBufferData]]) and IsSharedArrayBuffer(O) for `this`.
fn this_shared(vm: &mut Vm, args: Args, method: &str) -> JsResult<Handle<Object>> {
    if let Value::Object(o) = args.this(vm) {
        if buffer_data(vm, o).is_some_and(|d| d.shared) {
            return Ok(o);
        }
    }
    Err(vm.type_error(format!(
        "Method SharedArrayBuffer.prototype.{method} called on incompatible receiver"
    )))
}

/// SharedArrayBuffer(length [, options]) <https://tc39.es/ecma262/#sec-sharedarraybuffer-length>
pub fn shared_constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if args.new_target(vm).is_undefined() {
        return Err(vm.type_error("Constructor SharedArrayBuffer requires 'new'"));
    }
    // 2. Let byteLength be ? ToIndex(length).
    let len = ops::to_index(vm, args.get(vm, 0))?;
    // 3. Let requestedMaxByteLength be ? GetArrayBufferMaxByteLengthOption(options).
    let mut max = None;
    if let Value::Object(options) = args.get(vm, 1) {
        let m = ops::get_str(vm, options, "maxByteLength")?;
        if !m.is_undefined() {
            max = Some(ops::to_index(vm, m)?);
        }
    }
    // AllocateSharedArrayBuffer(NewTarget, byteLength, requestedMaxByteLength)
    // <https://tc39.es/ecma262/#sec-allocatesharedarraybuffer>
    // 2. If allocatingGrowableBuffer and byteLength > maxByteLength, throw a RangeError.
    if let Some(m) = max {
        if len > m {
            return Err(vm.range_error("byteLength exceeds maxByteLength"));
        }
    }
    // 4. Let obj be ? OrdinaryCreateFromConstructor(constructor, "%SharedArrayBuffer.prototype%", slots).
    let nt = args.new_target(vm);
    let proto = ops::get_prototype_from_constructor(vm, nt, Intrinsic::SharedArrayBufferPrototype)?;
    // 6. Let block be ? CreateSharedByteDataBlock(allocLength).
    if len > MAX_BYTE_LENGTH || max.is_some_and(|m| m > MAX_BYTE_LENGTH) {
        return Err(vm.range_error("Array buffer allocation failed"));
    }
    let Some(data) = ArrayBufferData::new_shared(len, max) else {
        return Err(vm.range_error("Array buffer allocation failed"));
    };
    Ok(Value::Object(vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::ArrayBuffer(Box::new(data)),
    ))))
}

/// get SharedArrayBuffer.prototype.byteLength <https://tc39.es/ecma262/#sec-get-sharedarraybuffer.prototype.bytelength>
pub fn shared_byte_length(vm: &mut Vm, args: Args) -> JsResult {
    let o = this_shared(vm, args, "byteLength")?;
    Ok(Value::Number(byte_length(vm, o) as f64))
}

/// get SharedArrayBuffer.prototype.growable <https://tc39.es/ecma262/#sec-get-sharedarraybuffer.prototype.growable>
pub fn shared_growable(vm: &mut Vm, args: Args) -> JsResult {
    let o = this_shared(vm, args, "growable")?;
    Ok(Value::Boolean(
        buffer_data(vm, o).is_some_and(|d| d.max_byte_length.is_some()),
    ))
}

/// get SharedArrayBuffer.prototype.maxByteLength <https://tc39.es/ecma262/#sec-get-sharedarraybuffer.prototype.maxbytelength>
pub fn shared_max_byte_length(vm: &mut Vm, args: Args) -> JsResult {
    let o = this_shared(vm, args, "maxByteLength")?;
    let len = match buffer_data(vm, o).and_then(|d| d.max_byte_length) {
        Some(m) => m as f64,
        None => byte_length(vm, o) as f64,
    };
    Ok(Value::Number(len))
}

/// SharedArrayBuffer.prototype.grow(newLength) <https://tc39.es/ecma262/#sec-sharedarraybuffer.prototype.grow>
pub fn shared_grow(vm: &mut Vm, args: Args) -> JsResult {
    // 2-3. RequireInternalSlot(O, [[ArrayBufferMaxByteLength]]); IsSharedArrayBuffer(O).
    let o = this_shared(vm, args, "grow")?;
    if buffer_data(vm, o).is_some_and(|d| d.max_byte_length.is_none()) {
        return Err(vm.type_error("SharedArrayBuffer.prototype.grow: buffer is not growable"));
    }
    // 4. Let newByteLength be ? ToIndex(newLength).
    let new_len = ops::to_index(vm, args.get(vm, 0))?;
    let Value::Object(o) = args.this(vm) else {
        unreachable!()
    };
    // 6. If newByteLength > O.[[ArrayBufferMaxByteLength]], throw a RangeError exception.
    let max = buffer_data(vm, o)
        .and_then(|d| d.max_byte_length)
        .unwrap_or(0);
    if new_len as u64 > max {
        return Err(
            vm.range_error("SharedArrayBuffer.prototype.grow: length exceeds maxByteLength")
        );
    }
    // 11. Repeat (one compare-and-exchange on the shared length, which other agents may be
    //     growing at the same time):
    //     d. If newByteLength < currentByteLength, throw a RangeError exception.
    //     e-g. Otherwise set the length to newByteLength (the new bytes are already zero).
    let grown = buffer_data(vm, o)
        .and_then(|d| d.block.as_ref())
        .is_some_and(|b| b.block().grow(new_len));
    if !grown {
        return Err(vm.range_error("SharedArrayBuffer.prototype.grow: cannot shrink"));
    }
    Ok(Value::Undefined)
}

/// SharedArrayBuffer.prototype.slice(start, end) <https://tc39.es/ecma262/#sec-sharedarraybuffer.prototype.slice>
pub fn shared_slice(vm: &mut Vm, args: Args) -> JsResult {
    let o = this_shared(vm, args, "slice")?;
    // 4. Let len be ArrayBufferByteLength(O, seq-cst).
    let len = byte_length(vm, o) as f64;
    let clamp = |r: f64| {
        if r < 0.0 {
            (len + r).max(0.0)
        } else {
            r.min(len)
        }
    };
    let first = clamp(ops::to_integer_or_infinity(vm, args.get(vm, 0))?);
    let end = args.get(vm, 1);
    let fin = if end.is_undefined() {
        len
    } else {
        clamp(ops::to_integer_or_infinity(vm, end)?)
    };
    // 13. Let newLen be max(final - first, 0).
    let new_len = (fin - first).max(0.0);
    // 14. Let ctor be ? SpeciesConstructor(O, %SharedArrayBuffer%).
    let Value::Object(o) = args.this(vm) else {
        unreachable!()
    };
    let ctor = ops::species_constructor(vm, o, Intrinsic::SharedArrayBuffer)?;
    // 15. Let new be ? Construct(ctor, « 𝔽(newLen) »).
    let new = ops::construct(vm, ctor, &[Value::Number(new_len)], None)?;
    // 16-19. new must be a distinct SharedArrayBuffer large enough.
    let Value::Object(n) = new else {
        return Err(vm.type_error("SharedArrayBuffer species constructor returned a non-buffer"));
    };
    if !buffer_data(vm, n).is_some_and(|d| d.shared) {
        return Err(
            vm.type_error("SharedArrayBuffer species constructor returned a non-shared buffer")
        );
    }
    let Value::Object(o) = args.this(vm) else {
        unreachable!()
    };
    if n == o {
        return Err(vm.type_error("SharedArrayBuffer species constructor returned the same buffer"));
    }
    if (byte_length(vm, n) as f64) < new_len {
        return Err(
            vm.type_error("SharedArrayBuffer species constructor returned a too small buffer")
        );
    }
    // 20-23. Copy newLen bytes from first.
    let first = first as usize;
    let count = new_len as usize;
    let src = buffer_data(vm, o).map_or_else(Vec::new, |d| d.to_vec(first, count));
    let room = byte_length(vm, n);
    buffer_data_mut(vm, n).write(0, &src[..src.len().min(room)]);
    Ok(new)
}
