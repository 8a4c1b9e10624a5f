//! The `Atomics` namespace. <https://tc39.es/ecma262/#sec-atomics-object>
//!
//! Operations on a SharedArrayBuffer are atomic operations on its Shared Data Block
//! (`amber_heap::shared`), which other agents (`$262.agent`, each a `Vm` on its own thread)
//! may use at the same time. `wait` really blocks the agent until another agent notifies it or
//! its timeout passes (it throws when the agent's [[CanBlock]] is false,
//! `VmOptions::cannot_block`); `waitAsync` waiters live in the agent's `waiters` list and are
//! resolved by its job loop. Waiters of every agent are in the process-wide WaiterLists below,
//! so `notify` wakes waiters of any agent, in FIFO order.

use super::method;
use super::typed_array::{
    bigint_low64, is_shared, make_record, num_to_value, numeric_to_raw_bytes, raw_bytes_to_numeric,
    read_buffer, to_num, write_buffer, ElementType, Num, TaRecord,
};
use crate::natives::NativeId;
use crate::ops;
use crate::CommonKey;
use crate::{Args, JsResult, Vm};
use amber_heap::shared::SharedBlock;
use amber_heap::{Handle, Object, ObjectKind, Value};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

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

/// The buffer's Shared Data Block, if it is a SharedArrayBuffer.
fn shared_block(vm: &Vm, buffer: Handle<Object>) -> Option<Arc<SharedBlock>> {
    match &vm.heap.get(buffer).kind {
        ObjectKind::ArrayBuffer(d) => d.block.as_ref().map(|b| b.block()),
        _ => None,
    }
}

/// The little-endian value of `size` bytes at `at`, zero-extended: one sequentially
/// consistent atomic load for a shared buffer (a plain read otherwise: one agent only).
fn atomic_load(vm: &Vm, buffer: Handle<Object>, at: usize, size: usize) -> u64 {
    if let Some(b) = shared_block(vm, buffer) {
        return b.atomic_load(at, size).unwrap_or(0);
    }
    let mut raw = [0u8; 8];
    read_buffer(vm, buffer, at, &mut raw[..size]);
    u64::from_le_bytes(raw)
}

/// Stores the low `size` bytes of `value` at `at` (atomically for a shared buffer).
fn atomic_store(vm: &mut Vm, buffer: Handle<Object>, at: usize, size: usize, value: u64) {
    if let Some(b) = shared_block(vm, buffer) {
        b.atomic_store(at, size, value);
        return;
    }
    write_buffer(vm, buffer, at, &value.to_le_bytes()[..size]);
}

/// Replaces the value `old` at `at` by `op(old)` and returns `old`, as one atomic
/// read-modify-write for a shared buffer.
fn atomic_rmw(
    vm: &mut Vm,
    buffer: Handle<Object>,
    at: usize,
    size: usize,
    op: &dyn Fn(u64) -> u64,
) -> u64 {
    if let Some(b) = shared_block(vm, buffer) {
        return b.atomic_rmw(at, size, op).unwrap_or(0);
    }
    let old = atomic_load(vm, buffer, at, size);
    atomic_store(vm, buffer, at, size, op(old));
    old
}

fn to_bits(ty: ElementType, n: Num) -> u64 {
    let mut raw = [0u8; 8];
    numeric_to_raw_bytes(ty, n, &mut raw[..ty.size()]);
    u64::from_le_bytes(raw)
}

fn from_bits(ty: ElementType, bits: u64) -> Num {
    raw_bytes_to_numeric(ty, &bits.to_le_bytes()[..ty.size()])
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
    let operand = to_bits(record.ty, v);
    let old = atomic_rmw(vm, record.data.buffer, at, record.ty.size(), &|old| {
        op(old, operand)
    });
    let n = from_bits(record.ty, old);
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
    let (expected, replacement) = (
        to_bits(record.ty, expected),
        to_bits(record.ty, replacement),
    );
    let buffer = record.data.buffer;
    let old = match shared_block(vm, buffer) {
        Some(b) => b
            .atomic_compare_exchange(at, size, expected, replacement)
            .unwrap_or(0),
        None => {
            let old = atomic_load(vm, buffer, at, size);
            if old == expected {
                atomic_store(vm, buffer, at, size, replacement);
            }
            old
        }
    };
    let n = from_bits(record.ty, old);
    Ok(num_to_value(vm, n))
}

/// Atomics.load(typedArray, index) <https://tc39.es/ecma262/#sec-atomics.load>
pub fn load(vm: &mut Vm, args: Args) -> JsResult {
    let (_, at) = validate_access_on_integer(vm, args, false)?;
    let record = revalidate_atomic_access(vm, args, at)?;
    let bits = atomic_load(vm, record.data.buffer, at, record.ty.size());
    let n = from_bits(record.ty, bits);
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
    let bits = to_bits(record.ty, v);
    atomic_store(vm, record.data.buffer, at, record.ty.size(), bits);
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
    let Some(block) = make_record(vm, o).and_then(|r| shared_block(vm, r.data.buffer)) else {
        return Ok(Value::Number(0.0));
    };
    // 6. Let WL be GetWaiterList(block, byteIndexInBuffer).
    // 7. Perform EnterCriticalSection(WL).
    // 8-10. Remove up to c waiters from the front of WL.[[Waiters]] and NotifyWaiter each:
    //       a blocked agent wakes, an async waiter's agent gets its "ok" in its mailbox.
    // 11. Perform LeaveCriticalSection(WL).
    let woken = {
        let mut lists = waiter_lists();
        let key = (block.id(), at);
        let mut n = 0usize;
        if let Some(list) = lists.get_mut(&key) {
            while (n as f64) < c {
                let Some(w) = list.pop_front() else { break };
                w.mailbox.deliver(w.token);
                n += 1;
            }
            if list.is_empty() {
                lists.remove(&key);
            }
        }
        n
    };
    // This agent's own async waiters resolve now (EnqueueResolveInAgentJob into this agent).
    vm.process_mailbox();
    // 12. Return 𝔽(n).
    Ok(Value::Number(woken as f64))
}

// --- WaiterLists ---------------------------------------------------------------------------------
// <https://tc39.es/ecma262/#sec-waiterlist-records>: one list per (Shared Data Block, byte
// index), shared by every agent of the process, with one lock for all of them (the spec's
// critical sections). A waiter is a token and its agent's mailbox: notify moves the token into
// the mailbox. A blocked agent (`Atomics.wait`) waits on its mailbox for its token; an async
// waiter's token is turned into an "ok" resolution by its agent's job loop.

/// Where an agent receives notifications: the tokens of its notified waiters.
#[derive(Default)]
pub(crate) struct Mailbox {
    tokens: Mutex<Vec<u64>>,
    cond: Condvar,
}

impl Mailbox {
    fn lock(&self) -> MutexGuard<'_, Vec<u64>> {
        self.tokens.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// NotifyWaiter: hands the waiter's token to its agent and wakes the agent.
    fn deliver(&self, token: u64) {
        self.lock().push(token);
        self.cond.notify_all();
    }

    /// Removes `token` if it was delivered.
    fn take(&self, token: u64) -> bool {
        let mut tokens = self.lock();
        match tokens.iter().position(|&t| t == token) {
            Some(i) => {
                tokens.swap_remove(i);
                true
            }
            None => false,
        }
    }
}

struct Waiter {
    token: u64,
    mailbox: Arc<Mailbox>,
}

type WaiterLists = HashMap<(u64, usize), VecDeque<Waiter>>;

fn waiter_lists() -> MutexGuard<'static, WaiterLists> {
    static LISTS: OnceLock<Mutex<WaiterLists>> = OnceLock::new();
    // Every update under this lock is a single push or removal: a poisoned lock is consistent.
    LISTS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

fn next_token() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// RemoveWaiter(WL, waiter) if it is still in its list; false if a notify took it first.
fn remove_waiter(key: (u64, usize), token: u64) -> bool {
    let mut lists = waiter_lists();
    let Some(list) = lists.get_mut(&key) else {
        return false;
    };
    let Some(i) = list.iter().position(|w| w.token == token) else {
        return false;
    };
    list.remove(i);
    if list.is_empty() {
        lists.remove(&key);
    }
    true
}

/// Removes every waiter of `tokens` (an agent that goes away while its async waiters wait).
pub(crate) fn remove_waiters(waiters: &[(u64, u64, usize)]) {
    for &(token, block, at) in waiters {
        remove_waiter((block, at), token);
    }
}

/// The deadline `t` milliseconds from now, `None` for +∞ (or past what `Instant` can hold).
fn deadline_after(t: f64) -> Option<Instant> {
    if t.is_nan() || t == f64::INFINITY {
        return None;
    }
    let d = Duration::try_from_secs_f64((t / 1000.0).max(0.0)).ok()?;
    Instant::now().checked_add(d)
}

/// Why a blocked wait ended.
enum Wake {
    Notified,
    TimedOut,
    /// The VM's deadline passed or it was interrupted.
    Stopped,
}

/// Waits at most until `until` (`None`: forever), waking at least every 50 ms to check the VM's
/// deadline and interrupt flag. Returns `Some(Wake::Stopped)` when the VM must stop, and
/// `Some(Wake::TimedOut)` when `until` passed.
fn check_wait(vm: &Vm, until: Option<Instant>) -> Result<Duration, Wake> {
    let now = Instant::now();
    if vm.interrupt.load(Ordering::Relaxed) || vm.deadline.is_some_and(|d| now >= d) {
        return Err(Wake::Stopped);
    }
    if until.is_some_and(|u| now >= u) {
        return Err(Wake::TimedOut);
    }
    let mut wait = Duration::from_millis(50);
    for limit in [until, vm.deadline].into_iter().flatten() {
        wait = wait.min(limit.saturating_duration_since(now));
    }
    Ok(wait)
}

/// SuspendThisAgent(WL, waiterRecord) for a blocked `Atomics.wait`: sleeps on the agent's
/// mailbox until the waiter's token arrives (Notified), its timeout passes (TriggerTimeout:
/// the waiter leaves its list), or the VM must stop.
/// <https://tc39.es/ecma262/#sec-suspendthisagent>
fn suspend(
    vm: &Vm,
    mailbox: &Mailbox,
    key: (u64, usize),
    token: u64,
    until: Option<Instant>,
) -> Wake {
    let mut tokens = mailbox.lock();
    let why = loop {
        if let Some(i) = tokens.iter().position(|&t| t == token) {
            tokens.swap_remove(i);
            return Wake::Notified;
        }
        match check_wait(vm, until) {
            Ok(wait) => {
                tokens = mailbox
                    .cond
                    .wait_timeout(tokens, wait)
                    .map_or_else(|e| e.into_inner().0, |r| r.0);
            }
            Err(why) => break why,
        }
    };
    drop(tokens);
    if remove_waiter(key, token) {
        return why;
    }
    // A notify removed the waiter between the check and the removal: its token is delivered.
    mailbox.take(token);
    match why {
        Wake::Stopped => Wake::Stopped,
        _ => Wake::Notified,
    }
}

/// Values per waiter in `AgentRoots::waiters`: the SharedArrayBuffer, the byte index, the
/// promise's resolve function, and the deadline (milliseconds since the Unix epoch, or +∞).
/// `AgentHost::async_waiters` holds the matching (token, block id, byte index), in the same
/// order.
const WAITER: usize = 4;

/// Queues a job that resolves a waiter's promise with `result` (NotifyWaiter's and the
/// timeout job's EnqueueResolveInAgentJob).
fn resolve_later(vm: &mut Vm, resolve: Value, result: &str) {
    let value = vm.string_from(result);
    vm.agent.jobs.push_back((resolve, value));
}

fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Puts the async waiters of a VM loaded from a heap image back in the WaiterLists (the
/// image's blocks are new, and so are their lists).
pub(crate) fn register_loaded_waiters(vm: &mut Vm) {
    let mut registered = Vec::new();
    for w in vm.agent.waiters.chunks_exact(WAITER) {
        let (Value::Object(buffer), Value::Number(at)) = (w[0], w[1]) else {
            continue;
        };
        let Some(block) = shared_block(vm, buffer) else {
            continue;
        };
        let token = next_token();
        let key = (block.id(), at as usize);
        waiter_lists().entry(key).or_default().push_back(Waiter {
            token,
            mailbox: vm.agent_host.mailbox.clone(),
        });
        registered.push((token, key.0, key.1));
    }
    // Entries that could not be registered (not produced by Amber) are dropped with theirs.
    if registered.len() != vm.agent.waiters.len() / WAITER {
        remove_waiters(&registered);
        vm.agent.waiters.clear();
        registered.clear();
    }
    vm.agent_host.async_waiters = registered;
}

impl Vm {
    /// Turns the tokens notify delivered to this agent into "ok" resolutions of its async
    /// waiters' promises. True if any was resolved.
    pub(crate) fn process_mailbox(&mut self) -> bool {
        let tokens = std::mem::take(&mut *self.agent_host.mailbox.lock());
        let mut any = false;
        for token in tokens {
            let Some(i) = self
                .agent_host
                .async_waiters
                .iter()
                .position(|w| w.0 == token)
            else {
                continue;
            };
            self.agent_host.async_waiters.remove(i);
            let at = i * WAITER;
            let resolve = self.agent.waiters[at + 2];
            self.agent.waiters.drain(at..at + WAITER);
            resolve_later(self, resolve, "ok");
            any = true;
        }
        any
    }

    /// Between jobs: queues the resolutions of async waiters that were notified (by any
    /// agent) or whose deadline passed. The spec runs timeouts "in parallel", so they must not
    /// wait for the job queue to empty (a test may spin on promise jobs until they fire).
    pub(crate) fn poll_waiters(&mut self) {
        if self.agent.waiters.is_empty() {
            return;
        }
        self.process_mailbox();
        let now = now_ms();
        let mut i = 0;
        while i < self.agent_host.async_waiters.len() {
            let at = i * WAITER;
            let expired =
                matches!(self.agent.waiters.get(at + 3), Some(Value::Number(d)) if *d <= now);
            let (token, block, index) = self.agent_host.async_waiters[i];
            // TriggerTimeout(WL, waiterRecord), unless a notify took it first.
            if expired && remove_waiter((block, index), token) {
                self.agent_host.async_waiters.remove(i);
                let resolve = self.agent.waiters[at + 2];
                self.agent.waiters.drain(at..at + WAITER);
                resolve_later(self, resolve, "timed-out");
            } else {
                i += 1;
            }
        }
    }

    /// When the job queue is empty: waits until an async waiter is notified (by any agent) or
    /// its deadline passes, and queues its resolution. False when there is nothing to wait
    /// for: no async waiter, or only waiters without a deadline that no other agent can
    /// notify. When the VM must stop meanwhile, sets `terminating` and returns false.
    pub(crate) fn fire_next_timeout(&mut self) -> bool {
        loop {
            if self.process_mailbox() {
                return true;
            }
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
            if earliest.is_none()
                && (self.agent.waiters.is_empty() || !self.other_agents_may_notify())
            {
                return false;
            }
            let until = earliest.and_then(|(_, d)| deadline_after(d - now_ms()));
            let mailbox = self.agent_host.mailbox.clone();
            let tokens = mailbox.lock();
            if !tokens.is_empty() {
                continue;
            }
            match check_wait(self, until) {
                Ok(wait) => {
                    let _ = mailbox.cond.wait_timeout(tokens, wait);
                }
                Err(Wake::Stopped) => {
                    self.terminating = Some(crate::ScriptError::Interrupted);
                    return false;
                }
                Err(_) => {
                    drop(tokens);
                    // TriggerTimeout(WL, waiterRecord), unless a notify took it first (then
                    // its "ok" is in the mailbox).
                    let Some((i, _)) = earliest else { continue };
                    let (token, block, at) = self.agent_host.async_waiters[i];
                    if remove_waiter((block, at), token) {
                        self.agent_host.async_waiters.remove(i);
                        let at = i * WAITER;
                        let resolve = self.agent.waiters[at + 2];
                        self.agent.waiters.drain(at..at + WAITER);
                        resolve_later(self, resolve, "timed-out");
                        return true;
                    }
                }
            }
        }
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
    let Value::Object(o) = args.get(vm, 0) else {
        unreachable!("validated above")
    };
    let Some(r) = make_record(vm, o) else {
        return Err(vm.type_error("Atomics.waitAsync: the typed array is no longer valid"));
    };
    let Some(block) = shared_block(vm, r.data.buffer) else {
        return Err(vm.type_error("Atomics.waitAsync requires a shared typed array"));
    };
    // 13. Let promiseCapability be ! NewPromiseCapability(%Promise%) (rooted from here on,
    //     with the buffer).
    let bs = vm.root(Value::Object(r.data.buffer));
    let promise_ctor = Value::Object(vm.intrinsic(crate::realm::Intrinsic::Promise));
    let cap = super::promise::new_promise_capability(vm, promise_ctor)?;
    // 17. Perform EnterCriticalSection(WL).
    // 18-19. Let w be GetValueFromBuffer(...); if v ≠ w, "not-equal".
    // 20. If t = 0, "timed-out".
    // 21-27. Otherwise AddWaiter(WL, waiterRecord).
    // 28. Perform LeaveCriticalSection(WL).
    let token = next_token();
    let key = (block.id(), at);
    let outcome = {
        let mut lists = waiter_lists();
        let w = from_bits(r.ty, block.atomic_load(at, r.ty.size()).unwrap_or(0));
        if v != w {
            Some("not-equal")
        } else if t == 0.0 {
            Some("timed-out")
        } else {
            lists.entry(key).or_default().push_back(Waiter {
                token,
                mailbox: vm.agent_host.mailbox.clone(),
            });
            None
        }
    };
    let (is_async, value) = match outcome {
        Some(result) => (false, vm.string_from(result)),
        None => {
            let deadline = if t.is_finite() { now_ms() + t } else { t };
            let entry = [
                vm.rooted(bs),
                Value::Number(at as f64),
                cap.resolve(vm),
                Value::Number(deadline),
            ];
            vm.agent.waiters.extend_from_slice(&entry);
            vm.agent_host.async_waiters.push((token, key.0, key.1));
            (true, cap.promise(vm))
        }
    };
    vm.unroot(bs);
    // 16. resultObject: { async, value }.
    let vs = vm.root(value);
    let result = super::ordinary(vm, crate::realm::Intrinsic::ObjectPrototype);
    let rs = vm.root(Value::Object(result));
    let (ka, kv) = (vm.key("async"), vm.name_key(CommonKey::Value));
    let Value::Object(result) = vm.rooted(rs) else {
        unreachable!("a rooted object stays an object")
    };
    ops::create_data_property_or_throw(vm, result, ka, Value::Boolean(is_async))?;
    let value = vm.rooted(vs);
    ops::create_data_property_or_throw(vm, result, kv, value)?;
    let result = vm.rooted(rs);
    vm.unroot(vs);
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
    // 10. If mode is sync and AgentCanSuspend() is false, throw a TypeError exception.
    if vm.options.cannot_block {
        return Err(vm.type_error("Atomics.wait: this agent cannot block ([[CanBlock]] is false)"));
    }
    let Value::Object(o) = args.get(vm, 0) else {
        unreachable!("validated above")
    };
    let Some(block) = make_record(vm, o).and_then(|r| shared_block(vm, r.data.buffer)) else {
        return Err(vm.type_error("Atomics.wait: the typed array is no longer valid"));
    };
    // 17. Perform EnterCriticalSection(WL).
    // 18-19. If v ≠ w, leave and return "not-equal".
    // 21-25. AddWaiter(WL, waiterRecord); LeaveCriticalSection(WL) (before suspending).
    let size = record.ty.size();
    let token = next_token();
    let key = (block.id(), at);
    let mailbox = vm.agent_host.mailbox.clone();
    {
        let mut lists = waiter_lists();
        let w = from_bits(record.ty, block.atomic_load(at, size).unwrap_or(0));
        if v != w {
            drop(lists);
            return Ok(vm.string_from("not-equal"));
        }
        lists.entry(key).or_default().push_back(Waiter {
            token,
            mailbox: mailbox.clone(),
        });
    }
    // 26. SuspendThisAgent(WL, waiterRecord) until notified or timed out.
    match suspend(vm, &mailbox, key, token, deadline_after(t)) {
        // 30-31. Return waiterRecord.[[Result]].
        Wake::Notified => Ok(vm.string_from("ok")),
        Wake::TimedOut => Ok(vm.string_from("timed-out")),
        Wake::Stopped => {
            vm.terminating = Some(crate::ScriptError::Interrupted);
            Err(crate::Throw(()))
        }
    }
}
