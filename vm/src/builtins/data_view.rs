//! `DataView` and `DataView.prototype`. <https://tc39.es/ecma262/#sec-dataview-objects>

use super::typed_array::{
    is_fixed_length_buffer, num_to_value, numeric_to_raw_bytes, raw_bytes_to_numeric, read_buffer,
    to_num, write_buffer, ElementType,
};
use super::{accessor, method};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::object::ViewData;
use amber_heap::{Handle, Object, ObjectKind, Value};

pub fn init(vm: &mut Vm) {
    let proto = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::DataViewPrototype, proto);
    let c = super::constructor(vm, NativeId::DataView, "DataView", 1, proto);
    set_intrinsic(vm, Intrinsic::DataView, c);
    for &(name, id) in &[
        ("buffer", NativeId::DataViewPrototypeBuffer),
        ("byteLength", NativeId::DataViewPrototypeByteLength),
        ("byteOffset", NativeId::DataViewPrototypeByteOffset),
    ] {
        let key = vm.key(name);
        accessor(vm, proto, key, name, Some(id), None);
    }
    let methods: &[(&str, NativeId, u32)] = &[
        ("getBigInt64", NativeId::DataViewPrototypeGetBigInt64, 1),
        ("getBigUint64", NativeId::DataViewPrototypeGetBigUint64, 1),
        ("getFloat16", NativeId::DataViewPrototypeGetFloat16, 1),
        ("getFloat32", NativeId::DataViewPrototypeGetFloat32, 1),
        ("getFloat64", NativeId::DataViewPrototypeGetFloat64, 1),
        ("getInt8", NativeId::DataViewPrototypeGetInt8, 1),
        ("getInt16", NativeId::DataViewPrototypeGetInt16, 1),
        ("getInt32", NativeId::DataViewPrototypeGetInt32, 1),
        ("getUint8", NativeId::DataViewPrototypeGetUint8, 1),
        ("getUint16", NativeId::DataViewPrototypeGetUint16, 1),
        ("getUint32", NativeId::DataViewPrototypeGetUint32, 1),
        ("setBigInt64", NativeId::DataViewPrototypeSetBigInt64, 2),
        ("setBigUint64", NativeId::DataViewPrototypeSetBigUint64, 2),
        ("setFloat16", NativeId::DataViewPrototypeSetFloat16, 2),
        ("setFloat32", NativeId::DataViewPrototypeSetFloat32, 2),
        ("setFloat64", NativeId::DataViewPrototypeSetFloat64, 2),
        ("setInt8", NativeId::DataViewPrototypeSetInt8, 2),
        ("setInt16", NativeId::DataViewPrototypeSetInt16, 2),
        ("setInt32", NativeId::DataViewPrototypeSetInt32, 2),
        ("setUint8", NativeId::DataViewPrototypeSetUint8, 2),
        ("setUint16", NativeId::DataViewPrototypeSetUint16, 2),
        ("setUint32", NativeId::DataViewPrototypeSetUint32, 2),
    ];
    for &(name, id, len) in methods {
        method(vm, proto, name, id, len);
    }
    super::iterators::tag(vm, proto, "DataView");
}

fn view_data(vm: &Vm, v: Value) -> Option<ViewData> {
    match v {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::DataView(d) => Some((**d).clone()),
            _ => None,
        },
        _ => None,
    }
}

/// A DataView With Buffer Witness Record, resolved: the view's byte length, or `None` when
/// IsViewOutOfBounds. <https://tc39.es/ecma262/#sec-isviewoutofbounds>,
/// <https://tc39.es/ecma262/#sec-getviewbytelength>
fn view_byte_length(vm: &Vm, d: &ViewData) -> Option<usize> {
    let buffer_len = super::typed_array::buffer_len(vm, d.buffer)? as u64;
    let start = d.byte_offset;
    let end = match d.byte_length {
        None => buffer_len,
        Some(l) => start.saturating_add(l),
    };
    if start > buffer_len || end > buffer_len {
        return None;
    }
    Some((end - start) as usize)
}

/// DataView(buffer [, byteOffset [, byteLength]])
/// <https://tc39.es/ecma262/#sec-dataview-buffer-byteoffset-bytelength>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if args.new_target(vm).is_undefined() {
        return Err(vm.type_error("Constructor DataView requires 'new'"));
    }
    // 2. Perform ? RequireInternalSlot(buffer, [[ArrayBufferData]]).
    let is_buffer = matches!(args.get(vm, 0), Value::Object(b)
        if matches!(vm.heap.get(b).kind, ObjectKind::ArrayBuffer(_)));
    if !is_buffer {
        return Err(vm.type_error("First argument to DataView constructor must be an ArrayBuffer"));
    }
    // 3. Let offset be ? ToIndex(byteOffset).
    let offset = ops::to_index(vm, args.get(vm, 1))?;
    let buffer = buffer_arg(vm, args);
    // 4-6. Detached, and offset within the buffer.
    let Some(buffer_len) = super::typed_array::buffer_len(vm, buffer) else {
        return Err(vm.type_error("Cannot construct a DataView on a detached ArrayBuffer"));
    };
    if offset > buffer_len {
        return Err(vm.range_error("Start offset is outside the bounds of the buffer"));
    }
    // 7-9. viewByteLength.
    let fixed = is_fixed_length_buffer(vm, buffer);
    let byte_length = args.get(vm, 2);
    let view_byte_length = if byte_length.is_undefined() {
        fixed.then_some(buffer_len - offset)
    } else {
        let l = ops::to_index(vm, byte_length)?;
        if offset.checked_add(l).is_none_or(|end| end > buffer_len) {
            return Err(vm.range_error("Invalid DataView length"));
        }
        Some(l)
    };
    // 10. Let O be ? OrdinaryCreateFromConstructor(NewTarget, "%DataView.prototype%", ...).
    let nt = args.new_target(vm);
    let proto = ops::get_prototype_from_constructor(vm, nt, Intrinsic::DataViewPrototype)?;
    // 11-14. Check the buffer again: the prototype lookup may have run JavaScript.
    let buffer = buffer_arg(vm, args);
    let Some(buffer_len) = super::typed_array::buffer_len(vm, buffer) else {
        return Err(vm.type_error("Cannot construct a DataView on a detached ArrayBuffer"));
    };
    if offset > buffer_len {
        return Err(vm.range_error("Start offset is outside the bounds of the buffer"));
    }
    if !byte_length.is_undefined() {
        if let Some(l) = view_byte_length {
            if offset + l > buffer_len {
                return Err(vm.range_error("Invalid DataView length"));
            }
        }
    }
    // 15-18.
    let o = vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::DataView(Box::new(ViewData {
            buffer,
            element_type: 0,
            byte_offset: offset as u64,
            byte_length: view_byte_length.map(|l| l as u64),
            array_length: None,
        })),
    ));
    Ok(Value::Object(o))
}

fn buffer_arg(vm: &Vm, args: Args) -> Handle<Object> {
    match args.get(vm, 0) {
        Value::Object(b) => b,
        _ => unreachable!("checked to be an ArrayBuffer"),
    }
}

fn this_view(vm: &mut Vm, args: Args, name: &str) -> JsResult<ViewData> {
    let this = args.this(vm);
    view_data(vm, this).ok_or_else(|| {
        vm.type_error(format!(
            "DataView.prototype.{name} called on incompatible receiver"
        ))
    })
}

/// get DataView.prototype.buffer <https://tc39.es/ecma262/#sec-get-dataview.prototype.buffer>
pub fn get_buffer(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_view(vm, args, "buffer")?;
    Ok(Value::Object(d.buffer))
}

/// get DataView.prototype.byteLength <https://tc39.es/ecma262/#sec-get-dataview.prototype.bytelength>
pub fn get_byte_length(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_view(vm, args, "byteLength")?;
    match view_byte_length(vm, &d) {
        Some(l) => Ok(Value::Number(l as f64)),
        None => Err(vm.type_error("DataView is detached or out of bounds")),
    }
}

/// get DataView.prototype.byteOffset <https://tc39.es/ecma262/#sec-get-dataview.prototype.byteoffset>
pub fn get_byte_offset(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_view(vm, args, "byteOffset")?;
    match view_byte_length(vm, &d) {
        Some(_) => Ok(Value::Number(d.byte_offset as f64)),
        None => Err(vm.type_error("DataView is detached or out of bounds")),
    }
}

/// GetViewValue(view, requestIndex, isLittleEndian, type)
/// <https://tc39.es/ecma262/#sec-getviewvalue>
fn get_view_value(vm: &mut Vm, args: Args, ty: ElementType) -> JsResult {
    // 1. Perform ? RequireInternalSlot(view, [[DataView]]).
    this_view(vm, args, "get")?;
    // 3. Let getIndex be ? ToIndex(requestIndex).
    let index = ops::to_index(vm, args.get(vm, 0))?;
    // 4. Set isLittleEndian to ToBoolean(isLittleEndian).
    let little = ops::to_boolean(vm, args.get(vm, 1));
    let d = this_view(vm, args, "get")?;
    read_view(vm, &d, index, ty, little)
}

fn read_view(vm: &mut Vm, d: &ViewData, index: usize, ty: ElementType, little: bool) -> JsResult {
    // 6-8. If IsViewOutOfBounds(viewRecord) is true, throw a TypeError exception.
    let Some(view_size) = view_byte_length(vm, d) else {
        return Err(vm.type_error("DataView is detached or out of bounds"));
    };
    // 10. If getIndex + elementSize > viewSize, throw a RangeError exception.
    if index.saturating_add(ty.size()) > view_size {
        return Err(vm.range_error("Offset is outside the bounds of the DataView"));
    }
    // 11-12. GetValueFromBuffer(buffer, getIndex + viewOffset, type, false, unordered, isLittleEndian).
    let at = index + d.byte_offset as usize;
    let mut raw = vec![0u8; ty.size()];
    read_buffer(vm, d.buffer, at, &mut raw);
    if !little {
        raw.reverse();
    }
    let n = raw_bytes_to_numeric(ty, &raw);
    Ok(num_to_value(vm, n))
}

/// SetViewValue(view, requestIndex, isLittleEndian, type, value)
/// <https://tc39.es/ecma262/#sec-setviewvalue>
fn set_view_value(vm: &mut Vm, args: Args, ty: ElementType) -> JsResult {
    // 1. Perform ? RequireInternalSlot(view, [[DataView]]).
    let d = this_view(vm, args, "set")?;
    // If IsImmutableBuffer(view.[[ViewedArrayBuffer]]) is true, throw a TypeError exception
    // (immutable-arraybuffer proposal).
    if super::array_buffer::is_immutable(vm, d.buffer) {
        return Err(vm.type_error("DataView set on an immutable ArrayBuffer"));
    }
    // 3. Let getIndex be ? ToIndex(requestIndex).
    let index = ops::to_index(vm, args.get(vm, 0))?;
    // 4-5. ToBigInt or ToNumber.
    let n = to_num(vm, ty.is_bigint(), args.get(vm, 1))?;
    // 6. Set isLittleEndian to ToBoolean(isLittleEndian).
    let little = ops::to_boolean(vm, args.get(vm, 2));
    let d = this_view(vm, args, "set")?;
    // 8-10. If IsViewOutOfBounds(viewRecord) is true, throw a TypeError exception.
    let Some(view_size) = view_byte_length(vm, &d) else {
        return Err(vm.type_error("DataView is detached or out of bounds"));
    };
    // 12. If getIndex + elementSize > viewSize, throw a RangeError exception.
    if index.saturating_add(ty.size()) > view_size {
        return Err(vm.range_error("Offset is outside the bounds of the DataView"));
    }
    // 13-14. SetValueInBuffer(buffer, getIndex + viewOffset, type, numberValue, false, unordered, isLittleEndian).
    let mut raw = vec![0u8; ty.size()];
    numeric_to_raw_bytes(ty, n, &mut raw);
    if !little {
        raw.reverse();
    }
    let at = index + d.byte_offset as usize;
    write_buffer(vm, d.buffer, at, &raw);
    Ok(Value::Undefined)
}

macro_rules! view_accessors {
    ($($get:ident, $set:ident => $t:ident, $name:literal;)*) => {
        $(
            #[doc = concat!("DataView.prototype.get", $name, " <https://tc39.es/ecma262/#sec-dataview.prototype.get", $name, ">")]
            pub fn $get(vm: &mut Vm, args: Args) -> JsResult {
                get_view_value(vm, args, ElementType::$t)
            }
            #[doc = concat!("DataView.prototype.set", $name, " <https://tc39.es/ecma262/#sec-dataview.prototype.set", $name, ">")]
            pub fn $set(vm: &mut Vm, args: Args) -> JsResult {
                set_view_value(vm, args, ElementType::$t)
            }
        )*
    };
}

view_accessors! {
    get_int8, set_int8 => Int8, "int8";
    get_uint8, set_uint8 => Uint8, "uint8";
    get_int16, set_int16 => Int16, "int16";
    get_uint16, set_uint16 => Uint16, "uint16";
    get_int32, set_int32 => Int32, "int32";
    get_uint32, set_uint32 => Uint32, "uint32";
    get_float16, set_float16 => Float16, "float16";
    get_float32, set_float32 => Float32, "float32";
    get_float64, set_float64 => Float64, "float64";
    get_big_int64, set_big_int64 => BigInt64, "bigint64";
    get_big_uint64, set_big_uint64 => BigUint64, "biguint64";
}
