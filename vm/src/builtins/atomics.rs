//! The `Atomics` namespace. <https://tc39.es/ecma262/#sec-atomics-object>
//!
//! Amber runs a single agent, so every operation is trivially atomic and no agent ever blocks
//! on a WaiterList: a synchronous `wait` can only time out (with an infinite timeout it could
//! never be woken, so it reports "timed-out" at once instead of hanging). `waitAsync` waiters
//! are real: they live in the agent's `waiters` list, `notify` resolves them with "ok", and
//! the job loop resolves one with "timed-out" when its deadline passes and nothing else is
//! left to run ([`Vm::fire_next_timeout`]).

use super::method;
use super::typed_array::{
    bigint_low64, buffer_bytes, buffer_bytes_mut, is_shared, make_record, num_to_value,
    numeric_to_raw_bytes, raw_bytes_to_numeric, to_num, ElementType, Num, TaRecord,
};
use crate::natives::NativeId;
use crate::ops;
use crate::{Args, JsResult, Vm};
use amber_heap::{Handle, Object, Value};

pub fn init(vm: &mut Vm) {
    let a = super::ordinary(vm, crate::realm::Intrinsic::ObjectPrototype);
    super::global(vm, "Atomics", Value::Object(a));
    super::iterators::tag(vm, a, "Atomics");
    for &(name, id, len) in &[
        ("add", NativeId::AtomicsAdd, 3),
        ("and", NativeId::AtomicsAnd, 3),
        ("compareExchange", NativeId::AtomicsCompareExchange, 4),
        ("exchange", NativeId::AtomicsExchange, 3),
        ("isLockFree", NativeId::AtomicsIsLockFree, 1),
        ("load", NativeId::AtomicsLoad, 2),
        ("notify", NativeId::AtomicsNotify, 3),
        ("or", NativeId::AtomicsOr, 3),
        ("pause", NativeId::AtomicsPause, 0),
        ("store", NativeId::AtomicsStore, 3),
        ("sub", NativeId::AtomicsSub, 3),
        ("wait", NativeId::AtomicsWait, 4),
        ("waitAsync", NativeId::AtomicsWaitAsync, 4),
        ("xor", NativeId::AtomicsXor, 3),
    ] {
        method(vm, a, name, id, len);
    }
}

/// ValidateIntegerTypedArray(typedArray, waitable)
/// <https://tc39.es/ecma262/#sec-validateintegertypedarray>
fn validate_integer_typed_array(vm: &mut Vm, v: Value, waitable: bool) -> JsResult<TaRecord> {
    // 1. Let taRecord be ? ValidateTypedArray(typedArray, unordered).
    let (_, record) = super::typed_array::validate_typed_array(vm, v)?;
    use ElementType::*;
    let ok = if waitable {
        // 3.a. If type is neither int32 nor bigint64, throw a TypeError exception.
        matches!(record.ty, Int32 | BigInt64)
    } else {
        // 4.a. If IsUnclampedIntegerElementType(type) and IsBigIntElementType(type) are false.
        matches!(
            record.ty,
            Int8 | Uint8 | Int16 | Uint16 | Int32 | Uint32 | BigInt64 | BigUint64
        )
    };
    if !ok {
        return Err(vm.type_error("Atomics operation on an unsupported typed array type"));
    }
    Ok(record)
}

/// ValidateAtomicAccess(taRecord, requestIndex): the byte index in the buffer.
/// <https://tc39.es/ecma262/#sec-validateatomicaccess>
fn validate_atomic_access(vm: &mut Vm, record: &TaRecord, index: Value) -> JsResult<usize> {
    // 1. Let length be TypedArrayLength(taRecord).
    let length = record.length();
    // 2. Let accessIndex be ? ToIndex(requestIndex).
    let access = ops::to_index(vm, index)?;
    // 4. If accessIndex ≥ length, throw a RangeError exception.
    if access >= length {
        return Err(vm.range_error("Atomics access index out of range"));
    }
    // 5-8. Return (accessIndex × elementSize) + offset.
    Ok(access * record.ty.size() + record.data.byte_offset as usize)
}

/// ValidateAtomicAccessOnIntegerTypedArray(typedArray, requestIndex [, accessMode]); with
/// `write` (accessMode ~write~), a TypedArray over an immutable buffer is refused before the
/// index is read (immutable-arraybuffer proposal).
/// <https://tc39.es/proposal-immutable-arraybuffer/#sec-validateatomicaccessonintegertypedarray>
fn validate_access_on_integer(vm: &mut Vm, args: Args, write: bool) -> JsResult<(TaRecord, usize)> {
    let ta = args.get(vm, 0);
    let record = validate_integer_typed_array(vm, ta, false)?;
    if write && super::array_buffer::is_immutable(vm, record.data.buffer) {
        return Err(vm.type_error("Atomics write on a typed array backed by an immutable buffer"));
    }
    let i = validate_atomic_access(vm, &record, args.get(vm, 1))?;
    Ok((record, i))
}

/// RevalidateAtomicAccess(typedArray, byteIndexInBuffer)
/// <https://tc39.es/ecma262/#sec-revalidateatomicaccess>
fn revalidate_atomic_access(vm: &mut Vm, args: Args, byte_index: usize) -> JsResult<TaRecord> {
    let Value::Object(o) = args.get(vm, 0) else {
        unreachable!("validated typed array")
    };
    let record = make_record(vm, o).filter(|r| !r.out_of_bounds());
    let Some(record) = record else {
        return Err(vm.type_error("typed array is detached or out of bounds"));
    };
    if byte_index >= record.buffer_len.unwrap_or(0) {
        return Err(vm.range_error("Atomics access index out of range"));
    }
    Ok(record)
}

/// The value operand: ToBigInt, or 𝔽(? ToIntegerOrInfinity(value)).
fn operand(vm: &mut Vm, ty: ElementType, v: Value) -> JsResult<Num> {
    if ty.is_bigint() {
        to_num(vm, true, v)
    } else {
        Ok(Num::F(ops::to_integer_or_infinity(vm, v)?))
    }
}

fn read_raw(vm: &Vm, buffer: Handle<Object>, at: usize, size: usize) -> [u8; 8] {
    let mut raw = [0u8; 8];
    if let Some(b) = buffer_bytes(vm, buffer).and_then(|b| b.get(at..at + size)) {
        raw[..size].copy_from_slice(b);
    }
    raw
}

fn write_raw(vm: &mut Vm, buffer: Handle<Object>, at: usize, raw: &[u8]) {
    if let Some(b) = buffer_bytes_mut(vm, buffer).and_then(|b| b.get_mut(at..at + raw.len())) {
        b.copy_from_slice(raw);
    }
}

/// AtomicReadModifyWrite(typedArray, index, value, op)
/// <https://tc39.es/ecma262/#sec-atomicreadmodifywrite>: `op` maps the old and operand bit
/// patterns (little-endian, zero-extended) to the new one; returns the old value.
fn read_modify_write(vm: &mut Vm, args: Args, op: fn(u64, u64) -> u64) -> JsResult {
    // 1. Let byteIndexInBuffer be ? ValidateAtomicAccessOnIntegerTypedArray(typedArray, index).
    let (record, at) = validate_access_on_integer(vm, args, true)?;
    // 2-3. v.
    let v = operand(vm, record.ty, args.get(vm, 2))?;
    // 4. Perform ? RevalidateAtomicAccess(typedArray, byteIndexInBuffer).
    let record = revalidate_atomic_access(vm, args, at)?;
    // 5-7. GetModifySetValueInBuffer(buffer, byteIndexInBuffer, elementType, v, op).
    let size = record.ty.size();
    let old = read_raw(vm, record.data.buffer, at, size);
    let mut operand_raw = [0u8; 8];
    numeric_to_raw_bytes(record.ty, v, &mut operand_raw[..size]);
    let new = op(u64::from_le_bytes(old), u64::from_le_bytes(operand_raw)).to_le_bytes();
    write_raw(vm, record.data.buffer, at, &new[..size]);
    let n = raw_bytes_to_numeric(record.ty, &old[..size]);
    Ok(num_to_value(vm, n))
}

/// Atomics.add(typedArray, index, value) <https://tc39.es/ecma262/#sec-atomics.add>
pub fn add(vm: &mut Vm, args: Args) -> JsResult {
    read_modify_write(vm, args, |x, y| x.wrapping_add(y))
}

/// Atomics.and(typedArray, index, value) <https://tc39.es/ecma262/#sec-atomics.and>
pub fn and(vm: &mut Vm, args: Args) -> JsResult {
    read_modify_write(vm, args, |x, y| x & y)
}

/// Atomics.exchange(typedArray, index, value) <https://tc39.es/ecma262/#sec-atomics.exchange>
pub fn exchange(vm: &mut Vm, args: Args) -> JsResult {
    read_modify_write(vm, args, |_, y| y)
}

/// Atomics.or(typedArray, index, value) <https://tc39.es/ecma262/#sec-atomics.or>
pub fn or(vm: &mut Vm, args: Args) -> JsResult {
    read_modify_write(vm, args, |x, y| x | y)
}

/// Atomics.sub(typedArray, index, value) <https://tc39.es/ecma262/#sec-atomics.sub>
pub fn sub(vm: &mut Vm, args: Args) -> JsResult {
    read_modify_write(vm, args, |x, y| x.wrapping_sub(y))
}

/// Atomics.xor(typedArray, index, value) <https://tc39.es/ecma262/#sec-atomics.xor>
pub fn xor(vm: &mut Vm, args: Args) -> JsResult {
    read_modify_write(vm, args, |x, y| x ^ y)
}

/// Atomics.compareExchange(typedArray, index, expectedValue, replacementValue)
/// <https://tc39.es/ecma262/#sec-atomics.compareexchange>
pub fn compare_exchange(vm: &mut Vm, args: Args) -> JsResult {
    let (record, at) = validate_access_on_integer(vm, args, true)?;
    let expected = operand(vm, record.ty, args.get(vm, 2))?;
    let replacement = operand(vm, record.ty, args.get(vm, 3))?;
    let record = revalidate_atomic_access(vm, args, at)?;
    let size = record.ty.size();
    let mut expected_raw = [0u8; 8];
    numeric_to_raw_bytes(record.ty, expected, &mut expected_raw[..size]);
    let mut replacement_raw = [0u8; 8];
    numeric_to_raw_bytes(record.ty, replacement, &mut replacement_raw[..size]);
    let read = read_raw(vm, record.data.buffer, at, size);
    if read[..size] == expected_raw[..size] {
        write_raw(vm, record.data.buffer, at, &replacement_raw[..size]);
    }
    let n = raw_bytes_to_numeric(record.ty, &read[..size]);
    Ok(num_to_value(vm, n))
}

/// Atomics.load(typedArray, index) <https://tc39.es/ecma262/#sec-atomics.load>
pub fn load(vm: &mut Vm, args: Args) -> JsResult {
    let (_, at) = validate_access_on_integer(vm, args, false)?;
    let record = revalidate_atomic_access(vm, args, at)?;
    let size = record.ty.size();
    let raw = read_raw(vm, record.data.buffer, at, size);
    let n = raw_bytes_to_numeric(record.ty, &raw[..size]);
    Ok(num_to_value(vm, n))
}

/// Atomics.store(typedArray, index, value) <https://tc39.es/ecma262/#sec-atomics.store>
pub fn store(vm: &mut Vm, args: Args) -> JsResult {
    let (record, at) = validate_access_on_integer(vm, args, true)?;
    // 2-3. v (a BigInt is kept as converted, to be returned).
    let value = args.get(vm, 2);
    let (v, result) = if record.ty.is_bigint() {
        let b = super::bigint::to_bigint(vm, value)?;
        (
            Num::B(bigint_low64(vm.heap.get(b)) as i64 as i128),
            Value::BigInt(b),
        )
    } else {
        let f = ops::to_integer_or_infinity(vm, value)?;
        (Num::F(f), Value::Number(f))
    };
    // 4. Perform ? RevalidateAtomicAccess(typedArray, byteIndexInBuffer).
    let record = revalidate_atomic_access(vm, args, at)?;
    let size = record.ty.size();
    let mut raw = [0u8; 8];
    numeric_to_raw_bytes(record.ty, v, &mut raw[..size]);
    write_raw(vm, record.data.buffer, at, &raw[..size]);
    // 8. Return v.
    Ok(result)
}

/// Atomics.isLockFree(size) <https://tc39.es/ecma262/#sec-atomics.islockfree>
pub fn is_lock_free(vm: &mut Vm, args: Args) -> JsResult {
    let n = ops::to_integer_or_infinity(vm, args.get(vm, 0))?;
    Ok(Value::Boolean(
        matches!(n as i64, 1 | 2 | 4 | 8) && n.fract() == 0.0,
    ))
}

/// Atomics.pause([N]) <https://tc39.es/ecma262/#sec-atomics.pause>
pub fn pause(vm: &mut Vm, args: Args) -> JsResult {
    let n = args.get(vm, 0);
    // 1. If N is neither undefined nor an integral Number, throw a TypeError exception.
    match n {
        Value::Undefined => {}
        Value::Number(f) if f.is_finite() && f.fract() == 0.0 => {}
        _ => return Err(vm.type_error("Atomics.pause: argument must be an integral Number")),
    }
    std::hint::spin_loop();
    Ok(Value::Undefined)
}

/// Atomics.notify(typedArray, index, count) <https://tc39.es/ecma262/#sec-atomics.notify>
pub fn notify(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let taRecord be ? ValidateIntegerTypedArray(typedArray, true).
    let ta = args.get(vm, 0);
    let record = validate_integer_typed_array(vm, ta, true)?;
    // 2. Let byteIndexInBuffer be ? ValidateAtomicAccess(taRecord, index).
    let at = validate_atomic_access(vm, &record, args.get(vm, 1))?;
    // 3. If count is undefined, let c be +∞; else c = max(? ToIntegerOrInfinity(count), 0).
    let count = args.get(vm, 2);
    let c = if count.is_undefined() {
        f64::INFINITY
    } else {
        ops::to_integer_or_infinity(vm, count)?.max(0.0)
    };
    // 4-5. If IsSharedArrayBuffer(buffer) is false, return +0𝔽 (read again: the conversion
    //      may have run JavaScript that collected).
    let Value::Object(o) = args.get(vm, 0) else {
        unreachable!("validated above")
    };
    let Some(r) = make_record(vm, o).filter(|r| is_shared(vm, r.data.buffer)) else {
        return Ok(Value::Number(0.0));
    };
    // 6-12. Remove up to c waiters on this location, in order, and resolve them with "ok"
    //       (only this agent's async waiters can be waiting).
    let buffer = Value::Object(r.data.buffer);
    let mut woken = 0usize;
    let mut i = 0;
    while i < vm.agent.waiters.len() && (woken as f64) < c {
        let w = &vm.agent.waiters[i..i + WAITER];
        if w[0] == buffer && w[1] == Value::Number(at as f64) {
            let resolve = w[2];
            vm.agent.waiters.drain(i..i + WAITER);
            resolve_later(vm, resolve, "ok");
            woken += 1;
        } else {
            i += WAITER;
        }
    }
    Ok(Value::Number(woken as f64))
}

/// Values per waiter in `AgentRoots::waiters`: the SharedArrayBuffer, the byte index, the
/// promise's resolve function, and the deadline (milliseconds since the Unix epoch, or +∞).
const WAITER: usize = 4;

/// Queues a job that resolves a waiter's promise with `result` (NotifyWaiter's and the
/// timeout job's EnqueueResolveInAgentJob).
fn resolve_later(vm: &mut Vm, resolve: Value, result: &str) {
    let value = vm.string_from(result);
    vm.agent.jobs.push((resolve, value));
}

fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

impl Vm {
    /// When the job queue is empty: waits for the earliest `Atomics.waitAsync` deadline and
    /// queues its "timed-out" resolution. False when no waiter has a finite deadline.
    pub(crate) fn fire_next_timeout(&mut self) -> bool {
        let earliest = self
            .agent
            .waiters
            .chunks_exact(WAITER)
            .enumerate()
            .filter_map(|(i, w)| match w[3] {
                Value::Number(d) if d.is_finite() => Some((i, d)),
                _ => None,
            })
            .min_by(|a, b| a.1.total_cmp(&b.1));
        let Some((i, deadline)) = earliest else {
            return false;
        };
        let wait = deadline - now_ms();
        if wait > 0.0 {
            std::thread::sleep(std::time::Duration::from_secs_f64(wait / 1000.0));
        }
        let at = i * WAITER;
        let resolve = self.agent.waiters[at + 2];
        self.agent.waiters.drain(at..at + WAITER);
        resolve_later(self, resolve, "timed-out");
        true
    }
}

/// Atomics.waitAsync(typedArray, index, value, timeout)
/// <https://tc39.es/ecma262/#sec-atomics.waitasync>: DoWait(async, ...)
/// <https://tc39.es/ecma262/#sec-dowait>.
pub fn wait_async(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let taRecord be ? ValidateIntegerTypedArray(typedArray, true).
    let ta = args.get(vm, 0);
    let record = validate_integer_typed_array(vm, ta, true)?;
    // 2-3. If IsSharedArrayBuffer(buffer) is false, throw a TypeError exception.
    if !is_shared(vm, record.data.buffer) {
        return Err(vm.type_error("Atomics.waitAsync requires a shared typed array"));
    }
    // 4. Let i be ? ValidateAtomicAccess(taRecord, index).
    let at = validate_atomic_access(vm, &record, args.get(vm, 1))?;
    // 5-7. v: ToBigInt64 or ToInt32.
    let value = args.get(vm, 2);
    let v = if record.ty == ElementType::BigInt64 {
        to_num(vm, true, value)?
    } else {
        Num::F(ops::to_int32(vm, value)? as f64)
    };
    // 8-9. Let q be ? ToNumber(timeout); t.
    let q = ops::to_number(vm, args.get(vm, 3))?;
    let t = if q.is_nan() || q == f64::INFINITY {
        f64::INFINITY
    } else {
        q.max(0.0)
    };
    // 11-18. Read the current value (after the conversions, which may have run JavaScript).
    let Value::Object(o) = args.get(vm, 0) else {
        unreachable!("validated above")
    };
    let Some(r) = make_record(vm, o) else {
        return Err(vm.type_error("Atomics.waitAsync: the typed array is no longer valid"));
    };
    let size = r.ty.size();
    let buffer = r.data.buffer;
    let raw = read_raw(vm, buffer, at, size);
    let w = raw_bytes_to_numeric(r.ty, &raw[..size]);
    // 16. resultObject: { async, value }.
    let result = super::ordinary(vm, crate::realm::Intrinsic::ObjectPrototype);
    let rs = vm.root(Value::Object(result));
    let (is_async, value) = if v != w {
        // 19. "not-equal", synchronously.
        (false, vm.string_from("not-equal"))
    } else if t == 0.0 {
        // 20. A zero timeout: "timed-out", synchronously.
        (false, vm.string_from("timed-out"))
    } else {
        // 21-30. Add a waiter whose promise a notify or the deadline resolves.
        let promise_ctor = Value::Object(vm.intrinsic(crate::realm::Intrinsic::Promise));
        let bs = vm.root(Value::Object(buffer));
        let cap = super::promise::new_promise_capability(vm, promise_ctor)?;
        let deadline = if t.is_finite() { now_ms() + t } else { t };
        let entry = [
            vm.rooted(bs),
            Value::Number(at as f64),
            cap.resolve(vm),
            Value::Number(deadline),
        ];
        vm.agent.waiters.extend_from_slice(&entry);
        let promise = cap.promise(vm);
        vm.unroot(bs);
        (true, promise)
    };
    let Value::Object(result) = vm.rooted(rs) else {
        unreachable!("a rooted object stays an object")
    };
    let vs = vm.root(value);
    let (ka, kv) = (vm.key("async"), vm.key("value"));
    ops::create_data_property_or_throw(vm, result, ka, Value::Boolean(is_async))?;
    let value = vm.rooted(vs);
    ops::create_data_property_or_throw(vm, result, kv, value)?;
    let result = vm.rooted(rs);
    vm.unroot(rs);
    Ok(result)
}

/// Atomics.wait(typedArray, index, value, timeout) <https://tc39.es/ecma262/#sec-atomics.wait>:
/// DoWait(sync, ...) <https://tc39.es/ecma262/#sec-dowait>.
pub fn wait(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let taRecord be ? ValidateIntegerTypedArray(typedArray, true).
    let ta = args.get(vm, 0);
    let record = validate_integer_typed_array(vm, ta, true)?;
    // 2-3. If IsSharedArrayBuffer(buffer) is false, throw a TypeError exception.
    if !is_shared(vm, record.data.buffer) {
        return Err(vm.type_error("Atomics.wait requires a shared typed array"));
    }
    // 4. Let i be ? ValidateAtomicAccess(taRecord, index).
    let at = validate_atomic_access(vm, &record, args.get(vm, 1))?;
    // 5-7. v: ToBigInt64 or ToInt32.
    let value = args.get(vm, 2);
    let v = if record.ty == ElementType::BigInt64 {
        to_num(vm, true, value)?
    } else {
        Num::F(ops::to_int32(vm, value)? as f64)
    };
    // 8-9. Let q be ? ToNumber(timeout); t.
    let q = ops::to_number(vm, args.get(vm, 3))?;
    let t = if q.is_nan() || q == f64::INFINITY {
        f64::INFINITY
    } else {
        q.max(0.0)
    };
    // 19-20. If v ≠ w, return "not-equal".
    let Value::Object(o) = args.get(vm, 0) else {
        unreachable!()
    };
    let Some(r) = make_record(vm, o) else {
        unreachable!()
    };
    let size = r.ty.size();
    let raw = read_raw(vm, r.data.buffer, at, size);
    let w = raw_bytes_to_numeric(r.ty, &raw[..size]);
    if v != w {
        return Ok(vm.string_from("not-equal"));
    }
    // No other agent can notify this one: wait out a finite timeout, then time out.
    if t.is_finite() && t > 0.0 {
        std::thread::sleep(std::time::Duration::from_secs_f64(t.min(60_000.0) / 1000.0));
    }
    Ok(vm.string_from("timed-out"))
}
