//! `Iterator.prototype.chunks` and `Iterator.prototype.windows` (the iterator chunking
//! proposal). <https://tc39.es/proposal-iterator-chunking/>
//!
//! Both are `IteratorHelper`s (kinds [`CHUNKS`] and [`WINDOWS`]) over an underlying iterator
//! (`iterator`, `next`). `remaining` is the chunk or window size, set to 0 once the underlying
//! iterator is exhausted and the closure is suspended at its last Yield (of a partial chunk or
//! window), from which it only returns. `windows` keeps its buffer, which outlives a Yield, in
//! an internal list in `function`; `counter` is 1 for undersized "allow-partial".

use super::iterator_helpers::{create_helper, get_iterator_direct, helper_mut, CHUNKS, WINDOWS};
use crate::realm::Intrinsic;
use crate::{ops, Args, JsResult, Vm};
use amber_heap::{ObjectKind, Value};

/// The largest chunk or window size, 2^32 - 1.
const MAX_SIZE: f64 = 4294967295.0;

/// Throws `error` after IteratorClose(iterated, error) of the receiver (whose `next` has not
/// been read).
fn close_and_throw<T>(vm: &mut Vm, args: Args, error: crate::Throw) -> JsResult<T> {
    let o = args.this(vm);
    ops::iterator_close_on_throw(vm, o);
    Err(error)
}

/// The shared steps 1-6 of chunks and windows: `this` must be an Object; the size must be an
/// integral Number (no coercion) in [1, 2^32 - 1], else the receiver is closed.
fn validate_size(vm: &mut Vm, args: Args, name: &str) -> JsResult<f64> {
    // 1-2. If O is not an Object, throw a TypeError exception.
    if !matches!(args.this(vm), Value::Object(_)) {
        return Err(vm.type_error(format!("Iterator.prototype.{name} called on non-object")));
    }
    // 3. Let iterated be the Iterator Record { [[Iterator]]: O, [[NextMethod]]: undefined }.
    match args.get(vm, 0) {
        // 4-5. If size is not a Number, or not an integral Number, throw a TypeError
        // exception (closing iterated).
        Value::Number(n) if n.is_finite() && n.fract() == 0.0 => {
            // 6. If size is not in the inclusive interval from 1 to 2^32 - 1, throw a
            // RangeError exception (closing iterated).
            if !(1.0..=MAX_SIZE).contains(&n) {
                let e = vm.range_error(format!(
                    "Iterator.prototype.{name}: size must be between 1 and 2^32 - 1"
                ));
                return close_and_throw(vm, args, e);
            }
            Ok(n)
        }
        _ => {
            let e = vm.type_error(format!(
                "Iterator.prototype.{name}: size must be an integral Number"
            ));
            close_and_throw(vm, args, e)
        }
    }
}

/// Iterator.prototype.chunks ( chunkSize )
/// <https://tc39.es/proposal-iterator-chunking/#sec-iterator.prototype.chunks>
pub fn chunks(vm: &mut Vm, args: Args) -> JsResult {
    // 1-6. Validate O and chunkSize.
    let size = validate_size(vm, args, "chunks")?;
    // 7. Set iterated to ? GetIteratorDirect(O).
    let (iterator, next) = get_iterator_direct(vm, args.this(vm))?;
    // 8-11. The helper, whose closure the `resume` below runs.
    let h = create_helper(
        vm,
        Intrinsic::IteratorHelperPrototype,
        CHUNKS,
        iterator,
        next,
        Value::Undefined,
        size,
    );
    Ok(Value::Object(h))
}

/// Iterator.prototype.windows ( windowSize [ , undersized ] )
/// <https://tc39.es/proposal-iterator-chunking/#sec-iterator.prototype.windows>
pub fn windows(vm: &mut Vm, args: Args) -> JsResult {
    // 1-6. Validate O and windowSize.
    let size = validate_size(vm, args, "windows")?;
    // 7-8. undersized: undefined is "only-full"; otherwise "only-full" or "allow-partial"
    // (no coercion), else a TypeError closing iterated.
    let allow_partial = match args.get(vm, 1) {
        Value::Undefined => false,
        Value::String(s) => match String::from_utf16_lossy(vm.heap.string_units(s)).as_str() {
            "only-full" => false,
            "allow-partial" => true,
            _ => return invalid_undersized(vm, args),
        },
        _ => return invalid_undersized(vm, args),
    };
    // 9. Set iterated to ? GetIteratorDirect(O).
    let (iterator, next) = get_iterator_direct(vm, args.this(vm))?;
    // 10-13. The helper; its buffer starts empty.
    let buffer = Value::Object(ops::create_array_from_list(vm, &[]));
    let h = create_helper(
        vm,
        Intrinsic::IteratorHelperPrototype,
        WINDOWS,
        iterator,
        next,
        buffer,
        size,
    );
    if let ObjectKind::IteratorHelper(d) = &mut vm.heap.get_mut(h).kind {
        d.counter = if allow_partial { 1.0 } else { 0.0 };
    }
    Ok(Value::Object(h))
}

fn invalid_undersized(vm: &mut Vm, args: Args) -> JsResult {
    let e = vm.type_error(
        "Iterator.prototype.windows: undersized must be \"only-full\" or \"allow-partial\"",
    );
    close_and_throw(vm, args, e)
}

/// Whether the helper's closure is suspended at its last Yield (the underlying iterator is
/// exhausted), from which it returns without closing anything.
pub(super) fn exhausted(vm: &mut Vm, args: Args) -> bool {
    helper_mut(vm, args).remaining == 0.0
}

/// IteratorStepValue(iterated) on the helper's underlying iterator.
fn step(vm: &mut Vm, args: Args) -> JsResult<Option<Value>> {
    let d = helper_mut(vm, args);
    let (it, next) = (d.iterator, d.next);
    ops::iterator_step_value(vm, it, next)
}

/// Runs the closure of chunks or windows from its last Yield to its next one: `Some(array)` to
/// yield, `None` when it returns.
pub(super) fn resume(vm: &mut Vm, args: Args) -> JsResult<Option<Value>> {
    let d = helper_mut(vm, args);
    let (kind, size) = (d.kind, d.remaining);
    // Resumed after the Yield of the last partial chunk or window: return.
    if size == 0.0 {
        return Ok(None);
    }
    if kind == CHUNKS {
        resume_chunks(vm, args, size)
    } else {
        resume_windows(vm, args, size)
    }
}

/// Iterator.prototype.chunks step 8's closure. The buffer is empty at every resumption (it is
/// emptied after each Yield), so it lives in root slots.
/// <https://tc39.es/proposal-iterator-chunking/#sec-iterator.prototype.chunks>
fn resume_chunks(vm: &mut Vm, args: Args, size: f64) -> JsResult<Option<Value>> {
    // a. Let buffer be a new empty List.
    let buffer = vm.roots.len();
    // b. Repeat,
    loop {
        // i. Let value be ? IteratorStepValue(iterated).
        let Some(value) = step(vm, args)? else {
            // ii. If value is done, then
            if vm.roots.len() == buffer {
                // 2. Return ReturnCompletion(undefined).
                return Ok(None);
            }
            // 1. If buffer is not empty, perform Completion(Yield(CreateArrayFromList(buffer))).
            helper_mut(vm, args).remaining = 0.0;
            let values = vm.roots[buffer..].to_vec();
            vm.unroot(buffer);
            return Ok(Some(Value::Object(ops::create_array_from_list(
                vm, &values,
            ))));
        };
        // iii. Append value to buffer.
        vm.root(value);
        // iv. If the number of elements in buffer is ℝ(chunkSize), then
        if (vm.roots.len() - buffer) as f64 == size {
            // 1-3. Yield CreateArrayFromList(buffer); the buffer starts empty again.
            // (An abrupt completion of the Yield closes iterated: see helper_return.)
            let values = vm.roots[buffer..].to_vec();
            vm.unroot(buffer);
            return Ok(Some(Value::Object(ops::create_array_from_list(
                vm, &values,
            ))));
        }
    }
}

/// The helper's windows buffer (an internal list).
fn buffer(vm: &mut Vm, args: Args) -> Option<amber_heap::Handle<amber_heap::Object>> {
    match helper_mut(vm, args).function {
        Value::Object(o) => Some(o),
        _ => None,
    }
}

/// Iterator.prototype.windows step 10's closure.
/// <https://tc39.es/proposal-iterator-chunking/#sec-iterator.prototype.windows>
fn resume_windows(vm: &mut Vm, args: Args, size: f64) -> JsResult<Option<Value>> {
    let allow_partial = helper_mut(vm, args).counter == 1.0;
    // b. Repeat,
    loop {
        // i. Let value be ? IteratorStepValue(iterated).
        let value = step(vm, args)?;
        let Some(list) = buffer(vm, args) else {
            return Ok(None);
        };
        let Some(value) = value else {
            // ii. If value is done, then
            let len = vm.heap.get(list).elements.len();
            // 1. If undersized is "allow-partial", buffer is not empty and the number of
            // elements in buffer < ℝ(windowSize), perform
            // Completion(Yield(CreateArrayFromList(buffer))).
            if allow_partial && len > 0 && (len as f64) < size {
                helper_mut(vm, args).remaining = 0.0;
                let values = vm.heap.get(list).elements.clone();
                return Ok(Some(Value::Object(ops::create_array_from_list(
                    vm, &values,
                ))));
            }
            // 2. Return ReturnCompletion(undefined).
            return Ok(None);
        };
        let obj = vm.heap.get_mut(list);
        // iii. If the number of elements in buffer is ℝ(windowSize), remove its first element.
        if obj.elements.len() as f64 == size {
            obj.elements.remove(0);
        }
        // iv. Append value to buffer.
        obj.elements.push(value);
        let len = obj.elements.len();
        if let ObjectKind::Array(a) = &mut obj.kind {
            a.length = len as u32;
        }
        // v. If the number of elements in buffer is ℝ(windowSize), then
        if len as f64 == size {
            // 1-2. Yield CreateArrayFromList(buffer); an abrupt completion closes iterated
            // (see helper_return).
            let values = vm.heap.get(list).elements.clone();
            return Ok(Some(Value::Object(ops::create_array_from_list(
                vm, &values,
            ))));
        }
    }
}
