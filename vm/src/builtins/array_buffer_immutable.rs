//! Immutable ArrayBuffers: `ArrayBuffer.prototype.transferToImmutable`, `sliceToImmutable` and
//! the `immutable` getter. <https://tc39.es/proposal-immutable-arraybuffer/>
//!
//! An immutable buffer is an ordinary ArrayBuffer record with `immutable` set: every write
//! path refuses it (TypedArray and DataView stores, Atomics, resize, transfer, detach); see
//! the `is_immutable` checks in `array_buffer`, `typed_array`, `data_view`, `atomics` and
//! `base64`.

use super::array_buffer::{
    allocate_array_buffer, buffer_data, buffer_data_mut, byte_length, copy_and_detach, is_detached,
    is_immutable, this_buffer,
};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::Intrinsic;
use crate::{Args, JsResult, Vm};
use amber_heap::Value;

pub fn init(vm: &mut Vm) {
    let proto = vm.intrinsic(Intrinsic::ArrayBufferPrototype);
    super::method(
        vm,
        proto,
        "sliceToImmutable",
        NativeId::ArrayBufferPrototypeSliceToImmutable,
        2,
    );
    super::method(
        vm,
        proto,
        "transferToImmutable",
        NativeId::ArrayBufferPrototypeTransferToImmutable,
        0,
    );
    let key = vm.key("immutable");
    super::accessor(
        vm,
        proto,
        key,
        "immutable",
        Some(NativeId::ArrayBufferPrototypeImmutable),
        None,
    );
}

/// get ArrayBuffer.prototype.immutable
/// <https://tc39.es/proposal-immutable-arraybuffer/#sec-get-arraybuffer.prototype.immutable>
pub fn get_immutable(vm: &mut Vm, args: Args) -> JsResult {
    // 1-3. RequireInternalSlot(O, [[ArrayBufferData]]); IsSharedArrayBuffer(O) is false.
    let o = this_buffer(vm, args, "immutable")?;
    // 4. Return IsImmutableBuffer(O).
    Ok(Value::Boolean(is_immutable(vm, o)))
}

/// ArrayBuffer.prototype.transferToImmutable([newLength]): ArrayBufferCopyAndDetach(O,
/// newLength, ~immutable~).
/// <https://tc39.es/proposal-immutable-arraybuffer/#sec-arraybuffer.prototype.transfertoimmutable>
pub fn transfer_to_immutable(vm: &mut Vm, args: Args) -> JsResult {
    copy_and_detach(vm, args, false, true, "transferToImmutable")
}

/// ArrayBuffer.prototype.sliceToImmutable(start, end).
/// <https://tc39.es/proposal-immutable-arraybuffer/#sec-arraybuffer.prototype.slicetoimmutable>
pub fn slice_to_immutable(vm: &mut Vm, args: Args) -> JsResult {
    // 1-3. RequireInternalSlot(O, [[ArrayBufferData]]); IsSharedArrayBuffer(O) is false.
    let o = this_buffer(vm, args, "sliceToImmutable")?;
    // 4. If IsDetachedBuffer(O) is true, throw a TypeError exception.
    if is_detached(vm, o) {
        return Err(vm.type_error("ArrayBuffer.prototype.sliceToImmutable: buffer is detached"));
    }
    // 5. Let len be O.[[ArrayBufferByteLength]].
    let len = byte_length(vm, o) as f64;
    // 6-8. Let bounds be ? ResolveBounds(len, start, end).
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
    // 9. Let newLen be max(final - first, 0).
    let new_len = (fin - first).max(0.0) as usize;
    // 10-11. NOTE: the steps above may have detached or resized O; if detached, throw.
    let Value::Object(o) = args.this(vm) else {
        unreachable!("checked by this_buffer")
    };
    if is_detached(vm, o) {
        return Err(vm.type_error("ArrayBuffer.prototype.sliceToImmutable: buffer is detached"));
    }
    // 12-14. If currentLen < final, throw a RangeError exception.
    if (byte_length(vm, o) as f64) < fin {
        return Err(vm.range_error(
            "ArrayBuffer.prototype.sliceToImmutable: the buffer shrank below the end",
        ));
    }
    // 15. Let newBuffer be ? AllocateImmutableArrayBuffer(%ArrayBuffer%, newLen, fromBuf,
    //     first, newLen).
    let first = first as usize;
    let bytes: Vec<u8> = buffer_data(vm, o)
        .and_then(|d| d.bytes.as_ref())
        .and_then(|b| b.get(first..first + new_len))
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    let c = Value::Object(vm.intrinsic(Intrinsic::ArrayBuffer));
    let new = allocate_array_buffer(vm, c, new_len, None)?;
    let data = buffer_data_mut(vm, new);
    if let Some(b) = &mut data.bytes {
        b[..bytes.len()].copy_from_slice(&bytes);
    }
    data.immutable = true;
    // 16. Return newBuffer.
    Ok(Value::Object(new))
}
