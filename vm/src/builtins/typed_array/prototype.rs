//! %TypedArray.prototype%'s methods: the element-wise algorithms over a validated TypedArray
//! Record. The constructors, the accessors and the exotic internal methods are in the parent
//! module. <https://tc39.es/ecma262/#sec-properties-of-the-%typedarrayprototype%-object>

use super::*;

/// A relative index clamped to [0, len] (the steps shared by many methods).
fn relative_index(vm: &mut Vm, v: Value, len: usize, default: f64) -> JsResult<f64> {
    if v.is_undefined() {
        return Ok(default);
    }
    let r = ops::to_integer_or_infinity(vm, v)?;
    let len = len as f64;
    Ok(if r < 0.0 {
        (len + r).max(0.0)
    } else {
        r.min(len)
    })
}

fn get_value(vm: &mut Vm, o: Handle<Object>, k: usize) -> Value {
    match read_element(vm, o, k) {
        Some(n) => num_to_value(vm, n),
        None => Value::Undefined,
    }
}

/// %TypedArray%.prototype.at(index) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.at>
pub fn at(vm: &mut Vm, args: Args) -> JsResult {
    let (_, len) = this_validated(vm, args)?;
    let rel = ops::to_integer_or_infinity(vm, args.get(vm, 0))?;
    let k = if rel >= 0.0 { rel } else { len as f64 + rel };
    if k < 0.0 || k >= len as f64 {
        return Ok(Value::Undefined);
    }
    let o = this_object(vm, args);
    Ok(get_value(vm, o, k as usize))
}

/// %TypedArray%.prototype.copyWithin(target, start [, end])
/// <https://tc39.es/ecma262/#sec-%typedarray%.prototype.copywithin>
pub fn copy_within(vm: &mut Vm, args: Args) -> JsResult {
    let (_, len) = this_validated_for_write(vm, args)?;
    let to = relative_index(vm, args.get(vm, 0), len, 0.0)?;
    let from = relative_index(vm, args.get(vm, 1), len, 0.0)?;
    let fin = relative_index(vm, args.get(vm, 2), len, len as f64)?;
    let count = (fin - from).min(len as f64 - to);
    if count > 0.0 {
        let o = this_object(vm, args);
        let r = make_record(vm, o).filter(|r| !r.out_of_bounds());
        let Some(r) = r else {
            return Err(vm.type_error("typed array is detached or out of bounds"));
        };
        let len = r.length() as f64;
        let count = count.min(len - from).min(len - to);
        if count > 0.0 {
            let size = r.ty.size();
            let offset = r.data.byte_offset as usize;
            let (to_byte, from_byte) = (to as usize * size + offset, from as usize * size + offset);
            let count_bytes = count as usize * size;
            copy_within_buffer(vm, r.data.buffer, from_byte, to_byte, count_bytes);
        }
    }
    Ok(args.this(vm))
}

/// %TypedArray%.prototype.entries() <https://tc39.es/ecma262/#sec-%typedarray%.prototype.entries>
pub fn entries(vm: &mut Vm, args: Args) -> JsResult {
    let (o, _) = this_validated(vm, args)?;
    Ok(crate::builtins::iterators::create_array_iterator(
        vm,
        Value::Object(o),
        2,
    ))
}

/// %TypedArray%.prototype.keys() <https://tc39.es/ecma262/#sec-%typedarray%.prototype.keys>
pub fn keys(vm: &mut Vm, args: Args) -> JsResult {
    let (o, _) = this_validated(vm, args)?;
    Ok(crate::builtins::iterators::create_array_iterator(
        vm,
        Value::Object(o),
        0,
    ))
}

/// %TypedArray%.prototype.values() <https://tc39.es/ecma262/#sec-%typedarray%.prototype.values>
pub fn values(vm: &mut Vm, args: Args) -> JsResult {
    let (o, _) = this_validated(vm, args)?;
    Ok(crate::builtins::iterators::create_array_iterator(
        vm,
        Value::Object(o),
        1,
    ))
}

fn callback(vm: &mut Vm, args: Args, name: &str) -> JsResult<()> {
    let f = args.get(vm, 0);
    if !ops::is_callable(vm, f) {
        return Err(vm.type_error(format!(
            "%TypedArray%.prototype.{name}: callback is not a function"
        )));
    }
    Ok(())
}

/// Calls callbackfn(kValue, k, O) with thisArg.
fn call_back(vm: &mut Vm, args: Args, v: Value, k: usize) -> JsResult {
    let (f, this_arg, o) = (args.get(vm, 0), args.get(vm, 1), args.this(vm));
    ops::call(vm, f, this_arg, &[v, Value::Number(k as f64), o])
}

/// The shared loop of every / some / find / findIndex / findLast / findLastIndex / forEach:
/// walks the indices (backwards if `reverse`) and stops at the first element whose callback
/// result's truthiness is `stop_on`; returns that index and value.
fn find_loop(
    vm: &mut Vm,
    args: Args,
    name: &str,
    reverse: bool,
    stop_on: Option<bool>,
) -> JsResult<Option<(usize, Value)>> {
    let (_, len) = this_validated(vm, args)?;
    callback(vm, args, name)?;
    for i in 0..len {
        let k = if reverse { len - 1 - i } else { i };
        let o = this_object(vm, args);
        let n = read_element(vm, o, k);
        let v = match n {
            Some(n) => num_to_value(vm, n),
            None => Value::Undefined,
        };
        let r = call_back(vm, args, v, k)?;
        if let Some(stop) = stop_on {
            if ops::to_boolean(vm, r) == stop {
                let v = match n {
                    Some(n) => num_to_value(vm, n),
                    None => Value::Undefined,
                };
                return Ok(Some((k, v)));
            }
        }
    }
    Ok(None)
}

/// %TypedArray%.prototype.every(callbackfn [, thisArg]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.every>
pub fn every(vm: &mut Vm, args: Args) -> JsResult {
    let r = find_loop(vm, args, "every", false, Some(false))?;
    Ok(Value::Boolean(r.is_none()))
}

/// %TypedArray%.prototype.some(callbackfn [, thisArg]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.some>
pub fn some(vm: &mut Vm, args: Args) -> JsResult {
    let r = find_loop(vm, args, "some", false, Some(true))?;
    Ok(Value::Boolean(r.is_some()))
}

/// %TypedArray%.prototype.forEach(callbackfn [, thisArg]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.foreach>
pub fn for_each(vm: &mut Vm, args: Args) -> JsResult {
    find_loop(vm, args, "forEach", false, None)?;
    Ok(Value::Undefined)
}

/// %TypedArray%.prototype.find(predicate [, thisArg]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.find>
pub fn find(vm: &mut Vm, args: Args) -> JsResult {
    let r = find_loop(vm, args, "find", false, Some(true))?;
    Ok(r.map_or(Value::Undefined, |(_, v)| v))
}

/// %TypedArray%.prototype.findIndex(predicate [, thisArg]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.findindex>
pub fn find_index(vm: &mut Vm, args: Args) -> JsResult {
    let r = find_loop(vm, args, "findIndex", false, Some(true))?;
    Ok(Value::Number(r.map_or(-1.0, |(k, _)| k as f64)))
}

/// %TypedArray%.prototype.findLast(predicate [, thisArg]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.findlast>
pub fn find_last(vm: &mut Vm, args: Args) -> JsResult {
    let r = find_loop(vm, args, "findLast", true, Some(true))?;
    Ok(r.map_or(Value::Undefined, |(_, v)| v))
}

/// %TypedArray%.prototype.findLastIndex(predicate [, thisArg]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.findlastindex>
pub fn find_last_index(vm: &mut Vm, args: Args) -> JsResult {
    let r = find_loop(vm, args, "findLastIndex", true, Some(true))?;
    Ok(Value::Number(r.map_or(-1.0, |(k, _)| k as f64)))
}

/// %TypedArray%.prototype.fill(value [, start [, end]]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.fill>
pub fn fill(vm: &mut Vm, args: Args) -> JsResult {
    let (o, len) = this_validated_for_write(vm, args)?;
    // 4-5. ToBigInt or ToNumber.
    let bigint = element_type(vm, o).is_bigint();
    let value = to_num(vm, bigint, args.get(vm, 0))?;
    let k = relative_index(vm, args.get(vm, 1), len, 0.0)?;
    let fin = relative_index(vm, args.get(vm, 2), len, len as f64)?;
    // 15-17. Revalidate: the conversions may have detached or shrunk the buffer.
    let o = this_object(vm, args);
    let Some(len) = length_in_bounds(vm, o) else {
        return Err(vm.type_error("typed array is detached or out of bounds"));
    };
    let fin = fin.min(len as f64);
    let mut k = k;
    while k < fin {
        vm.tick()?;
        write_element(vm, o, k, value);
        k += 1.0;
    }
    Ok(Value::Object(o))
}

/// %TypedArray%.prototype.filter(callbackfn [, thisArg]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.filter>
pub fn filter(vm: &mut Vm, args: Args) -> JsResult {
    let (_, len) = this_validated(vm, args)?;
    callback(vm, args, "filter")?;
    let mut kept: Vec<Num> = Vec::new();
    for k in 0..len {
        let o = this_object(vm, args);
        let n = read_element(vm, o, k);
        let v = match n {
            Some(n) => num_to_value(vm, n),
            None => Value::Undefined,
        };
        let selected = call_back(vm, args, v, k)?;
        if ops::to_boolean(vm, selected) {
            kept.push(n.unwrap_or(Num::F(f64::NAN)));
        }
    }
    let o = this_object(vm, args);
    let a = species_create(vm, o, &[Value::Number(kept.len() as f64)], true)?;
    let slot = vm.root(Value::Object(a));
    for (n, &e) in kept.iter().enumerate() {
        let v = num_to_value(vm, e);
        let a = rooted_object(vm, slot);
        if let Err(e) = ops::set(vm, a, PropertyKey::Index(n as u32), v, true) {
            vm.unroot(slot);
            return Err(e);
        }
    }
    let r = vm.rooted(slot);
    vm.unroot(slot);
    Ok(r)
}

/// The shared search of includes / indexOf / lastIndexOf.
fn search(vm: &mut Vm, args: Args, kind: u8) -> JsResult {
    let (_, len) = this_validated(vm, args)?;
    let not_found = if kind == 0 {
        Value::Boolean(false)
    } else {
        Value::Number(-1.0)
    };
    if len == 0 {
        return Ok(not_found);
    }
    let lenf = len as f64;
    // The start index (lastIndexOf counts from the end).
    let (from, step_back) = if kind == 2 {
        let n = if args.len() > 1 {
            ops::to_integer_or_infinity(vm, args.get(vm, 1))?
        } else {
            lenf - 1.0
        };
        if n == f64::NEG_INFINITY {
            return Ok(not_found);
        }
        (
            if n >= 0.0 {
                n.min(lenf - 1.0)
            } else {
                lenf + n
            },
            true,
        )
    } else {
        let n = ops::to_integer_or_infinity(vm, args.get(vm, 1))?;
        if n == f64::INFINITY {
            return Ok(not_found);
        }
        let n = if n == f64::NEG_INFINITY { 0.0 } else { n };
        (if n >= 0.0 { n } else { (lenf + n).max(0.0) }, false)
    };
    let target = args.get(vm, 0);
    let o = this_object(vm, args);
    let mut k = from;
    loop {
        if step_back {
            if k < 0.0 {
                break;
            }
        } else if k >= lenf {
            break;
        }
        let present = read_element(vm, o, k as usize);
        let hit = match present {
            Some(n) => {
                let v = num_to_value(vm, n);
                if kind == 0 {
                    ops::same_value_zero(vm, v, target)
                } else {
                    ops::is_strictly_equal(vm, v, target)
                }
            }
            // includes compares undefined (out-of-range reads) too.
            None => kind == 0 && target.is_undefined(),
        };
        if hit {
            return Ok(if kind == 0 {
                Value::Boolean(true)
            } else {
                Value::Number(k)
            });
        }
        k += if step_back { -1.0 } else { 1.0 };
    }
    Ok(not_found)
}

/// %TypedArray%.prototype.includes(searchElement [, fromIndex]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.includes>
pub fn includes(vm: &mut Vm, args: Args) -> JsResult {
    search(vm, args, 0)
}

/// %TypedArray%.prototype.indexOf(searchElement [, fromIndex]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.indexof>
pub fn index_of(vm: &mut Vm, args: Args) -> JsResult {
    search(vm, args, 1)
}

/// %TypedArray%.prototype.lastIndexOf(searchElement [, fromIndex]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.lastindexof>
pub fn last_index_of(vm: &mut Vm, args: Args) -> JsResult {
    search(vm, args, 2)
}

/// %TypedArray%.prototype.join(separator) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.join>
pub fn join(vm: &mut Vm, args: Args) -> JsResult {
    let (_, len) = this_validated(vm, args)?;
    let sep = args.get(vm, 0);
    let sep: Vec<u16> = if sep.is_undefined() {
        vec![b',' as u16]
    } else {
        let s = ops::to_string(vm, sep)?;
        vm.heap.string_units(s).to_vec()
    };
    let o = this_object(vm, args);
    let mut out: Vec<u16> = Vec::new();
    for k in 0..len {
        vm.tick()?;
        if k > 0 {
            out.extend_from_slice(&sep);
        }
        if let Some(n) = read_element(vm, o, k) {
            let text = match n {
                Num::F(f) => number_to_string(f),
                Num::B(b) => b.to_string(),
            };
            out.extend(text.encode_utf16());
        }
    }
    Ok(Value::String(vm.heap.alloc_string(out)))
}

/// %TypedArray%.prototype.map(callbackfn [, thisArg]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.map>
pub fn map(vm: &mut Vm, args: Args) -> JsResult {
    let (o, len) = this_validated(vm, args)?;
    callback(vm, args, "map")?;
    let a = species_create(vm, o, &[Value::Number(len as f64)], true)?;
    let slot = vm.root(Value::Object(a));
    let result = (|| {
        for k in 0..len {
            let o = this_object(vm, args);
            let v = get_value(vm, o, k);
            let mapped = call_back(vm, args, v, k)?;
            let a = rooted_object(vm, slot);
            ops::set(vm, a, PropertyKey::Index(k as u32), mapped, true)?;
        }
        Ok(vm.rooted(slot))
    })();
    vm.unroot(slot);
    result
}

fn reduce_impl(vm: &mut Vm, args: Args, right: bool) -> JsResult {
    let name = if right { "reduceRight" } else { "reduce" };
    let (_, len) = this_validated(vm, args)?;
    callback(vm, args, name)?;
    if len == 0 && args.len() < 2 {
        return Err(vm.type_error("Reduce of empty array with no initial value"));
    }
    let mut i = 0;
    let initial = if args.len() >= 2 {
        args.get(vm, 1)
    } else {
        i = 1;
        let o = this_object(vm, args);
        get_value(vm, o, if right { len - 1 } else { 0 })
    };
    let slot = vm.root(initial);
    let result = (|| {
        while i < len {
            let k = if right { len - 1 - i } else { i };
            let o = this_object(vm, args);
            let v = get_value(vm, o, k);
            let (f, acc, o) = (args.get(vm, 0), vm.rooted(slot), args.this(vm));
            let r = ops::call(
                vm,
                f,
                Value::Undefined,
                &[acc, v, Value::Number(k as f64), o],
            )?;
            vm.roots[slot] = r;
            i += 1;
        }
        Ok(vm.rooted(slot))
    })();
    vm.unroot(slot);
    result
}

/// %TypedArray%.prototype.reduce(callbackfn [, initialValue]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.reduce>
pub fn reduce(vm: &mut Vm, args: Args) -> JsResult {
    reduce_impl(vm, args, false)
}

/// %TypedArray%.prototype.reduceRight(callbackfn [, initialValue]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.reduceright>
pub fn reduce_right(vm: &mut Vm, args: Args) -> JsResult {
    reduce_impl(vm, args, true)
}

/// %TypedArray%.prototype.reverse() <https://tc39.es/ecma262/#sec-%typedarray%.prototype.reverse>
pub fn reverse(vm: &mut Vm, args: Args) -> JsResult {
    let (o, len) = this_validated_for_write(vm, args)?;
    let mut lower = 0;
    while len > 0 && lower < len / 2 {
        vm.tick()?;
        let upper = len - 1 - lower;
        if let (Some(a), Some(b)) = (read_element(vm, o, lower), read_element(vm, o, upper)) {
            write_element(vm, o, lower as f64, b);
            write_element(vm, o, upper as f64, a);
        }
        lower += 1;
    }
    Ok(Value::Object(o))
}

/// %TypedArray%.prototype.set(source [, offset]) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.set>
pub fn set(vm: &mut Vm, args: Args) -> JsResult {
    // 1-3. RequireInternalSlot(target, [[TypedArrayName]]).
    if !is_typed_array(vm, args.this(vm)) {
        return Err(vm.type_error("%TypedArray%.prototype.set called on incompatible receiver"));
    }
    // The target must be writable before the arguments are read (immutable-arraybuffer).
    if is_view_immutable(vm, this_object(vm, args)) {
        return Err(vm.type_error("typed array is backed by an immutable ArrayBuffer"));
    }
    // 4-5. Let targetOffset be ? ToIntegerOrInfinity(offset); if < 0, throw a RangeError.
    let target_offset = ops::to_integer_or_infinity(vm, args.get(vm, 1))?;
    if target_offset < 0.0 {
        return Err(vm.range_error("offset is out of bounds"));
    }
    let source = args.get(vm, 0);
    if is_typed_array(vm, source) {
        set_from_typed_array(vm, args, target_offset)?;
    } else {
        set_from_array_like(vm, args, target_offset)?;
    }
    Ok(Value::Undefined)
}

/// SetTypedArrayFromTypedArray(target, targetOffset, source)
/// <https://tc39.es/ecma262/#sec-settypedarrayfromtypedarray>
fn set_from_typed_array(vm: &mut Vm, args: Args, target_offset: f64) -> JsResult<()> {
    let target = this_object(vm, args);
    let Value::Object(source) = args.get(vm, 0) else {
        unreachable!()
    };
    let (Some(tr), Some(sr)) = (make_record(vm, target), make_record(vm, source)) else {
        unreachable!()
    };
    // 3-4, 7-8. Both must be in bounds.
    if tr.out_of_bounds() || sr.out_of_bounds() {
        return Err(vm.type_error("typed array is detached or out of bounds"));
    }
    let (target_len, src_len) = (tr.length(), sr.length());
    // 22-23. If targetOffset = +∞ or srcLength + targetOffset > targetLength, throw a RangeError.
    if target_offset == f64::INFINITY || src_len as f64 + target_offset > target_len as f64 {
        return Err(vm.range_error("offset is out of bounds"));
    }
    // 24. If target.[[ContentType]] is not source.[[ContentType]], throw a TypeError exception.
    if tr.ty.is_bigint() != sr.ty.is_bigint() {
        return Err(vm.type_error("content types of source and target typed arrays differ"));
    }
    // 25-29. Copy (through a clone of the source bytes, which handles a shared buffer).
    let start = sr.data.byte_offset as usize;
    let src_bytes = buffer_to_vec(vm, sr.data.buffer, start, src_len * sr.ty.size());
    let to = tr.data.byte_offset as usize + target_offset as usize * tr.ty.size();
    write_converted(vm, tr.data.buffer, to, &src_bytes, sr.ty, tr.ty)?;
    Ok(())
}

/// SetTypedArrayFromArrayLike(target, targetOffset, source)
/// <https://tc39.es/ecma262/#sec-settypedarrayfromarraylike>
fn set_from_array_like(vm: &mut Vm, args: Args, target_offset: f64) -> JsResult<()> {
    let target = this_object(vm, args);
    // 1-3. targetRecord; if out of bounds, throw a TypeError; targetLength.
    let Some(target_len) = length_in_bounds(vm, target) else {
        return Err(vm.type_error("typed array is detached or out of bounds"));
    };
    // 4-5. Let src be ? ToObject(source); srcLength = ? LengthOfArrayLike(src).
    let source = args.get(vm, 0);
    let src = ops::to_object(vm, source)?;
    let src_slot = vm.root(Value::Object(src));
    let result = (|| {
        let src_len = ops::length_of_array_like(vm, src)?;
        // 6-7. If targetOffset = +∞ or srcLength + targetOffset > targetLength, throw a RangeError.
        if target_offset == f64::INFINITY || src_len + target_offset > target_len as f64 {
            return Err(vm.range_error("offset is out of bounds"));
        }
        // 8-9. Get each source element and TypedArraySetElement it.
        for k in 0..src_len as usize {
            let src = rooted_object(vm, src_slot);
            let v = ops::get(vm, src, PropertyKey::Index(k as u32))?;
            let target = this_object(vm, args);
            typed_array_set_element(vm, target, target_offset + k as f64, v)?;
        }
        Ok(())
    })();
    vm.unroot(src_slot);
    result
}

/// %TypedArray%.prototype.slice(start, end) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.slice>
pub fn slice(vm: &mut Vm, args: Args) -> JsResult {
    let (_, len) = this_validated(vm, args)?;
    let start = relative_index(vm, args.get(vm, 0), len, 0.0)?;
    let end = relative_index(vm, args.get(vm, 1), len, len as f64)?;
    let count = (end - start).max(0.0);
    let o = this_object(vm, args);
    let a = species_create(vm, o, &[Value::Number(count)], true)?;
    if count > 0.0 {
        let o = this_object(vm, args);
        let Some(len) = length_in_bounds(vm, o) else {
            return Err(vm.type_error("typed array is detached or out of bounds"));
        };
        let end = end.min(len as f64);
        let count = (end - start).max(0.0) as usize;
        let start = start as usize;
        let (src_ty, target_ty) = (element_type(vm, o), element_type(vm, a));
        if src_ty == target_ty {
            let (Some(sd), Some(td)) = (typed_array_data(vm, o), typed_array_data(vm, a)) else {
                unreachable!()
            };
            let size = src_ty.size();
            let from = start * size + sd.byte_offset as usize;
            let to = td.byte_offset as usize;
            let n = count * size;
            // Byte by byte, as the spec copies (source and target may share a buffer).
            if sd.buffer == td.buffer {
                // In ascending order, each byte read after the previous one was written.
                for i in 0..n {
                    vm.tick()?;
                    let mut b = [0u8];
                    if read_buffer(vm, sd.buffer, from + i, &mut b) {
                        write_buffer(vm, td.buffer, to + i, &b);
                    }
                }
            } else {
                let src = buffer_to_vec(vm, sd.buffer, from, n);
                let room = buffer_len(vm, td.buffer).unwrap_or(0).saturating_sub(to);
                write_buffer(vm, td.buffer, to, &src[..src.len().min(room)]);
            }
        } else {
            for n in 0..count {
                vm.tick()?;
                if let Some(v) = read_element(vm, o, start + n) {
                    write_element(vm, a, n as f64, v);
                }
            }
        }
    }
    Ok(Value::Object(a))
}

/// The default TypedArray element order: numeric, -0 before +0, NaN last.
/// <https://tc39.es/ecma262/#sec-comparetypedarrayelements>
fn default_compare(x: Num, y: Num) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (x, y) {
        (Num::B(a), Num::B(b)) => a.cmp(&b),
        (Num::F(a), Num::F(b)) => {
            if a.is_nan() {
                return if b.is_nan() {
                    Ordering::Equal
                } else {
                    Ordering::Greater
                };
            }
            if b.is_nan() {
                return Ordering::Less;
            }
            if a < b {
                return Ordering::Less;
            }
            if a > b {
                return Ordering::Greater;
            }
            match (a.is_sign_negative(), b.is_sign_negative()) {
                (true, false) if a == 0.0 => Ordering::Less,
                (false, true) if a == 0.0 => Ordering::Greater,
                _ => Ordering::Equal,
            }
        }
        _ => Ordering::Equal,
    }
}

/// SortIndexedProperties over the elements with CompareTypedArrayElements: a stable merge sort
/// (the comparator may run JavaScript).
fn sort_elements(vm: &mut Vm, args: Args, mut items: Vec<Num>) -> JsResult<Vec<Num>> {
    let comparefn = args.get(vm, 0);
    let n = items.len();
    let mut buf = items.clone();
    let mut width = 1;
    while width < n {
        let mut i = 0;
        while i < n {
            let mid = (i + width).min(n);
            let hi = (i + 2 * width).min(n);
            let (mut l, mut r, mut out) = (i, mid, i);
            while l < mid && r < hi {
                vm.tick()?;
                let (x, y) = (items[l], items[r]);
                let greater = if comparefn.is_undefined() {
                    default_compare(x, y) == std::cmp::Ordering::Greater
                } else {
                    let f = args.get(vm, 0);
                    let xv = num_to_value(vm, x);
                    let xs = vm.root(xv);
                    let yv = num_to_value(vm, y);
                    let xv = vm.rooted(xs);
                    vm.unroot(xs);
                    let v = ops::call(vm, f, Value::Undefined, &[xv, yv])?;
                    let v = ops::to_number(vm, v)?;
                    v > 0.0
                };
                if greater {
                    buf[out] = items[r];
                    r += 1;
                } else {
                    buf[out] = items[l];
                    l += 1;
                }
                out += 1;
            }
            buf[out..out + (mid - l)].copy_from_slice(&items[l..mid]);
            out += mid - l;
            buf[out..out + (hi - r)].copy_from_slice(&items[r..hi]);
            i += 2 * width;
        }
        std::mem::swap(&mut items, &mut buf);
        width *= 2;
    }
    Ok(items)
}

fn check_comparator(vm: &mut Vm, args: Args, name: &str) -> JsResult<()> {
    let c = args.get(vm, 0);
    if !c.is_undefined() && !ops::is_callable(vm, c) {
        return Err(vm.type_error(format!(
            "%TypedArray%.prototype.{name}: the comparison function must be a function"
        )));
    }
    Ok(())
}

/// The elements, read with a tick ([`Vm::tick`]) each.
fn read_all(vm: &mut Vm, o: Handle<Object>, len: usize) -> JsResult<Vec<Num>> {
    let mut items = Vec::with_capacity(len);
    for k in 0..len {
        vm.tick()?;
        items.push(read_element(vm, o, k).unwrap_or(Num::F(0.0)));
    }
    Ok(items)
}

/// %TypedArray%.prototype.sort(comparefn) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.sort>
pub fn sort(vm: &mut Vm, args: Args) -> JsResult {
    check_comparator(vm, args, "sort")?;
    let (o, len) = this_validated_for_write(vm, args)?;
    let items = read_all(vm, o, len)?;
    let sorted = sort_elements(vm, args, items)?;
    // Write back (indices no longer valid after a shrink are skipped).
    let o = this_object(vm, args);
    for (k, n) in sorted.into_iter().enumerate() {
        vm.tick()?;
        write_element(vm, o, k as f64, n);
    }
    Ok(Value::Object(o))
}

/// %TypedArray%.prototype.toSorted(comparefn) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.tosorted>
pub fn to_sorted(vm: &mut Vm, args: Args) -> JsResult {
    check_comparator(vm, args, "toSorted")?;
    let (o, len) = this_validated(vm, args)?;
    let a = create_same_type(vm, o, len)?;
    let slot = vm.root(Value::Object(a));
    let o = this_object(vm, args);
    let items = read_all(vm, o, len)?;
    let sorted = sort_elements(vm, args, items);
    let a = rooted_object(vm, slot);
    vm.unroot(slot);
    for (k, n) in sorted?.into_iter().enumerate() {
        write_element(vm, a, k as f64, n);
    }
    Ok(Value::Object(a))
}

/// %TypedArray%.prototype.toReversed() <https://tc39.es/ecma262/#sec-%typedarray%.prototype.toreversed>
pub fn to_reversed(vm: &mut Vm, args: Args) -> JsResult {
    let (o, len) = this_validated(vm, args)?;
    let a = create_same_type(vm, o, len)?;
    let o = this_object(vm, args);
    for k in 0..len {
        if let Some(n) = read_element(vm, o, len - 1 - k) {
            write_element(vm, a, k as f64, n);
        }
    }
    Ok(Value::Object(a))
}

/// %TypedArray%.prototype.with(index, value) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.with>
pub fn with(vm: &mut Vm, args: Args) -> JsResult {
    let (o, len) = this_validated(vm, args)?;
    let bigint = element_type(vm, o).is_bigint();
    // 4-6. relativeIndex and actualIndex.
    let rel = ops::to_integer_or_infinity(vm, args.get(vm, 0))?;
    let actual = if rel >= 0.0 { rel } else { len as f64 + rel };
    // 7-8. ToBigInt or ToNumber.
    let value = to_num(vm, bigint, args.get(vm, 1))?;
    // 9. If IsValidIntegerIndex(O, 𝔽(actualIndex)) is false, throw a RangeError exception.
    let o = this_object(vm, args);
    if !is_valid_integer_index(vm, o, actual) {
        return Err(vm.range_error("Invalid typed array index"));
    }
    // 10-13. A copy with the one element replaced.
    let a = create_same_type(vm, o, len)?;
    let o = this_object(vm, args);
    for k in 0..len {
        let n = if k as f64 == actual {
            Some(value)
        } else {
            read_element(vm, o, k)
        };
        match n {
            Some(n) => write_element(vm, a, k as f64, n),
            // Get returned undefined (the buffer shrank): Set converts it.
            None if bigint => return Err(vm.type_error("Cannot convert undefined to a BigInt")),
            None => write_element(vm, a, k as f64, Num::F(f64::NAN)),
        }
    }
    Ok(Value::Object(a))
}

/// %TypedArray%.prototype.subarray(start, end) <https://tc39.es/ecma262/#sec-%typedarray%.prototype.subarray>
pub fn subarray(vm: &mut Vm, args: Args) -> JsResult {
    // 1-3. RequireInternalSlot(O, [[TypedArrayName]]).
    let record = match args.this(vm) {
        Value::Object(o) => make_record(vm, o),
        _ => None,
    };
    let Some(record) = record else {
        return Err(
            vm.type_error("%TypedArray%.prototype.subarray called on incompatible receiver")
        );
    };
    // 5-7. srcLength (0 when out of bounds).
    let src_len = record.length();
    let start = relative_index(vm, args.get(vm, 0), src_len, 0.0)?;
    let size = record.ty.size();
    let begin_byte_offset = record.data.byte_offset as f64 + start * size as f64;
    let end_arg = args.get(vm, 1);
    // [[ViewedArrayBuffer]] never changes, but the handle in `record` may be stale now.
    let o = this_object(vm, args);
    let buffer = Value::Object(typed_array_data(vm, o).map_or(record.data.buffer, |d| d.buffer));
    let arguments: Vec<Value> = if record.data.array_length.is_none() && end_arg.is_undefined() {
        vec![buffer, Value::Number(begin_byte_offset)]
    } else {
        let buffer_slot = vm.root(buffer);
        let end = relative_index(vm, end_arg, src_len, src_len as f64);
        let buffer = vm.rooted(buffer_slot);
        vm.unroot(buffer_slot);
        let new_length = (end? - start).max(0.0);
        vec![
            buffer,
            Value::Number(begin_byte_offset),
            Value::Number(new_length),
        ]
    };
    let o = this_object(vm, args);
    Ok(Value::Object(species_create(vm, o, &arguments, false)?))
}

/// %TypedArray%.prototype.toLocaleString() <https://tc39.es/ecma262/#sec-%typedarray%.prototype.tolocalestring>
pub fn to_locale_string(vm: &mut Vm, args: Args) -> JsResult {
    let (_, len) = this_validated(vm, args)?;
    let mut out: Vec<u16> = Vec::new();
    for k in 0..len {
        if k > 0 {
            out.push(b',' as u16);
        }
        let o = this_object(vm, args);
        let v = get_value(vm, o, k);
        if !v.is_nullish() {
            let key = vm.key("toLocaleString");
            let r = ops::invoke(vm, v, key, &[])?;
            let s = ops::to_string(vm, r)?;
            out.extend_from_slice(vm.heap.string_units(s));
        }
    }
    Ok(Value::String(vm.heap.alloc_string(out)))
}
