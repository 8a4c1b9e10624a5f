//! `Iterator.zip` and `Iterator.zipKeyed` (the joint iteration proposal).
//! <https://tc39.es/proposal-joint-iteration/>
//!
//! Both build an `IteratorHelper` of kind [`ZIP`] that runs IteratorZip's closure one Yield at
//! a time. Its variables live in the helper's fields:
//! - `function`: iters, an internal list of (iterator, next method) pairs; a finished iterator
//!   (mode "longest") is null there, so the open iterators (openIters, in the same order) are
//!   the non-null ones;
//! - `inner`: the padding list (mode "longest"), else undefined;
//! - `inner_next`: the keys list of `zipKeyed` (keys as values: index keys as Numbers), else
//!   undefined, meaning finishResults makes an array;
//! - `remaining`: the mode ([`SHORTEST`], [`LONGEST`] or [`STRICT`]).
//!
//! Lists under construction live in root slots; the helper itself is `this`, a root, so its
//! fields are read afresh after every call that may run JavaScript.

use super::iterator_helpers::{
    create_helper, get_iterator_flattenable, helper_mut, COMPLETED, EXECUTING, SUSPENDED_YIELD, ZIP,
};
use super::{root_key, rooted_key};
use crate::realm::Intrinsic;
use crate::{ops, Args, JsResult, Vm};
use amber_heap::{Object, ObjectKind, PropertyKey, Value};

const SHORTEST: u8 = 0;
const LONGEST: u8 = 1;
const STRICT: u8 = 2;

/// IteratorCloseAll(iters, completion) over iterators kept in root slots: the iterator of entry
/// `i` is in slot `base + stride * i`; null entries are not open and are skipped.
/// <https://tc39.es/proposal-joint-iteration/#sec-closeall>
fn iterator_close_all(
    vm: &mut Vm,
    base: usize,
    count: usize,
    stride: usize,
    mut completion: JsResult<()>,
) -> JsResult<()> {
    // 1. For each element iter of iters, in reverse List order, do
    for i in (0..count).rev() {
        let iter = vm.rooted(base + stride * i);
        if iter == Value::Null {
            continue;
        }
        // a. Set completion to Completion(IteratorClose(iter, completion)).
        completion = match completion {
            Ok(()) => ops::iterator_close(vm, iter),
            Err(e) => {
                ops::iterator_close_on_throw(vm, iter);
                Err(e)
            }
        };
    }
    // 2. Return ? completion.
    completion
}

/// IfAbruptCloseIterators(error, iters) while the arguments are read: closes the iterators
/// opened so far (in root slots) and returns the error.
fn close_and_throw<T>(
    vm: &mut Vm,
    base: usize,
    count: usize,
    stride: usize,
    error: crate::Throw,
) -> JsResult<T> {
    let r = iterator_close_all(vm, base, count, stride, Err(error));
    match r {
        Err(e) => Err(e),
        Ok(()) => unreachable!("IteratorCloseAll of a throw completion returned normally"),
    }
}

/// Steps 2-7 of Iterator.zip and Iterator.zipKeyed: GetOptionsObject(options), then the
/// "mode" option and, for "longest", the "padding" option (undefined or an Object).
fn read_options(vm: &mut Vm, args: Args, name: &str) -> JsResult<(u8, Value)> {
    // GetOptionsObject(options): undefined is an empty object, anything else must be an Object.
    // <https://tc39.es/ecma262/#sec-getoptionsobject>
    let options = match args.get(vm, 1) {
        Value::Undefined => return Ok((SHORTEST, Value::Undefined)),
        Value::Object(o) => o,
        _ => return Err(vm.type_error(format!("{name}: options must be an object"))),
    };
    // 3. Let mode be ? Get(options, "mode").
    let mode = ops::get_str(vm, options, "mode")?;
    // 4-5. undefined is "shortest"; anything but the three strings is a TypeError.
    let mode = match mode {
        Value::Undefined => SHORTEST,
        Value::String(s) => match String::from_utf16_lossy(vm.heap.string_units(s)).as_str() {
            "shortest" => SHORTEST,
            "longest" => LONGEST,
            "strict" => STRICT,
            _ => u8::MAX,
        },
        _ => u8::MAX,
    };
    if mode == u8::MAX {
        return Err(vm.type_error(format!(
            "{name}: mode must be \"shortest\", \"longest\" or \"strict\""
        )));
    }
    // 6-7. For "longest", paddingOption is ? Get(options, "padding"): undefined or an Object.
    let mut padding = Value::Undefined;
    if mode == LONGEST {
        let Value::Object(options) = args.get(vm, 1) else {
            unreachable!("options was checked to be an object")
        };
        padding = ops::get_str(vm, options, "padding")?;
        if !matches!(padding, Value::Undefined | Value::Object(_)) {
            return Err(vm.type_error(format!("{name}: padding must be an object")));
        }
    }
    Ok((mode, padding))
}

/// The lists an IteratorZip helper keeps, built from `count` entries in root slots from
/// `base` on, `stride` slots apart: (iterator, next method) at offsets 0 and 1, and for
/// `zipKeyed` the key (as a value) at offset 2. `padding` is `count` root slots (or `None`).
fn iterator_zip(
    vm: &mut Vm,
    base: usize,
    count: usize,
    stride: usize,
    mode: u8,
    padding: Option<usize>,
) -> Value {
    let mut pairs = Vec::with_capacity(2 * count);
    let mut keys = Vec::new();
    for i in 0..count {
        pairs.push(vm.rooted(base + stride * i));
        pairs.push(vm.rooted(base + stride * i + 1));
        if stride == 3 {
            keys.push(vm.rooted(base + stride * i + 2));
        }
    }
    // No JavaScript runs from here on, so nothing moves.
    let iters = Value::Object(ops::create_array_from_list(vm, &pairs));
    let padding = match padding {
        Some(p) => {
            let values = vm.roots[p..p + count].to_vec();
            Value::Object(ops::create_array_from_list(vm, &values))
        }
        None => Value::Undefined,
    };
    let keys = if stride == 3 {
        Value::Object(ops::create_array_from_list(vm, &keys))
    } else {
        Value::Undefined
    };
    // IteratorZip ( iters, mode, padding, finishResults ) 1-6: the helper, whose
    // [[UnderlyingIterators]] are openIters (a copy of iters).
    // <https://tc39.es/proposal-joint-iteration/#sec-IteratorZip>
    let h = create_helper(
        vm,
        Intrinsic::IteratorHelperPrototype,
        ZIP,
        Value::Undefined,
        Value::Undefined,
        iters,
        f64::from(mode),
    );
    if let ObjectKind::IteratorHelper(d) = &mut vm.heap.get_mut(h).kind {
        d.inner = padding;
        d.inner_next = keys;
    }
    Value::Object(h)
}

/// Iterator.zip ( iterables [ , options ] )
/// <https://tc39.es/proposal-joint-iteration/#sec-iterator.zip>
pub fn zip(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If iterables is not an Object, throw a TypeError exception.
    if !matches!(args.get(vm, 0), Value::Object(_)) {
        return Err(vm.type_error("Iterator.zip: iterables must be an object"));
    }
    // 2-7. The options.
    let (mode, padding_option) = read_options(vm, args, "Iterator.zip")?;
    let padding_slot = vm.root(padding_option);
    // 10. Let inputIter be ? GetIterator(iterables, sync).
    let (input, input_next) = ops::get_iterator(vm, args.get(vm, 0))?;
    let input_slot = vm.root(input);
    vm.root(input_next);
    // 8. Let iters be a new empty List (pairs of root slots from here on).
    let iters = vm.roots.len();
    let mut count = 0;
    // 11-12. Repeat, while next is not done,
    loop {
        // a. Set next to Completion(IteratorStepValue(inputIter)).
        let (input, input_next) = (vm.rooted(input_slot), vm.rooted(input_slot + 1));
        let next = match ops::iterator_step_value(vm, input, input_next) {
            Ok(Some(v)) => v,
            Ok(None) => break,
            // b. IfAbruptCloseIterators(next, iters).
            Err(e) => return close_and_throw(vm, iters, count, 2, e),
        };
        // c.i. Let iter be Completion(GetIteratorFlattenable(next, reject-primitives)).
        match get_iterator_flattenable(vm, next, false) {
            Ok((iter, iter_next)) => {
                // iii. Append iter to iters.
                vm.root(iter);
                vm.root(iter_next);
                count += 1;
            }
            // ii. IfAbruptCloseIterators(iter, the list-concatenation of « inputIter » and iters).
            Err(e) => return close_and_throw(vm, input_slot, count + 1, 2, e),
        }
    }
    // 13-14. The padding.
    let padding = if mode == LONGEST {
        let padding_option = vm.rooted(padding_slot);
        Some(padding_from_iterable(vm, padding_option, iters, count)?)
    } else {
        None
    };
    // 15-16. finishResults makes an array: IteratorZip(iters, mode, padding, finishResults).
    Ok(iterator_zip(vm, iters, count, 2, mode, padding))
}

/// Iterator.zip step 14: the padding list from the "padding" option (an iterable or
/// undefined), in `count` new root slots whose first is returned. `iters` are the iterators to
/// close on an abrupt completion.
fn padding_from_iterable(
    vm: &mut Vm,
    padding_option: Value,
    iters: usize,
    count: usize,
) -> JsResult<usize> {
    // a. If paddingOption is undefined, append undefined iterCount times.
    if padding_option.is_undefined() {
        let p = vm.roots.len();
        vm.roots.resize(p + count, Value::Undefined);
        return Ok(p);
    }
    // b.i-ii. Let paddingIter be Completion(GetIterator(paddingOption, sync)).
    let (padding_iter, padding_next) = match ops::get_iterator(vm, padding_option) {
        Ok(r) => r,
        Err(e) => return close_and_throw(vm, iters, count, 2, e),
    };
    let pi = vm.root(padding_iter);
    vm.root(padding_next);
    let p = vm.roots.len();
    // iii. Let usingIterator be true.
    let mut using_iterator = true;
    // iv. Perform the following steps iterCount times:
    for _ in 0..count {
        // 1. If usingIterator is true, then
        if using_iterator {
            // a. Set next to Completion(IteratorStepValue(paddingIter)).
            let (it, next) = (vm.rooted(pi), vm.rooted(pi + 1));
            match ops::iterator_step_value(vm, it, next) {
                // d. Else, append next to padding.
                Ok(Some(v)) => {
                    vm.root(v);
                }
                // c. If next is done, set usingIterator to false.
                Ok(None) => using_iterator = false,
                // b. IfAbruptCloseIterators(next, iters).
                Err(e) => return close_and_throw(vm, iters, count, 2, e),
            }
        }
        // 2. If usingIterator is false, append undefined to padding.
        if !using_iterator {
            vm.root(Value::Undefined);
        }
    }
    // v. If usingIterator is true, then
    if using_iterator {
        // 1. Let completion be Completion(IteratorClose(paddingIter, NormalCompletion(unused))).
        let it = vm.rooted(pi);
        if let Err(e) = ops::iterator_close(vm, it) {
            // 2. IfAbruptCloseIterators(completion, iters).
            return close_and_throw(vm, iters, count, 2, e);
        }
    }
    Ok(p)
}

/// Iterator.zipKeyed ( iterables [ , options ] )
/// <https://tc39.es/proposal-joint-iteration/#sec-iterator.zipkeyed>
pub fn zip_keyed(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If iterables is not an Object, throw a TypeError exception.
    if !matches!(args.get(vm, 0), Value::Object(_)) {
        return Err(vm.type_error("Iterator.zipKeyed: iterables must be an object"));
    }
    // 2-7. The options.
    let (mode, padding_option) = read_options(vm, args, "Iterator.zipKeyed")?;
    let padding_slot = vm.root(padding_option);
    // 10. Let allKeys be ? iterables.[[OwnPropertyKeys]]().
    let Value::Object(iterables) = args.get(vm, 0) else {
        unreachable!("iterables was checked to be an object")
    };
    let all_keys = crate::object::own_property_keys(vm, iterables)?;
    let keys_base = vm.roots.len();
    for &key in &all_keys {
        root_key(vm, key);
    }
    let key_count = all_keys.len();
    // 8, 11. iters and keys: (iterator, next method, key) triples of root slots.
    let iters = vm.roots.len();
    let mut count = 0;
    // 12. For each element key of allKeys, do
    for k in 0..key_count {
        let key = rooted_key(vm, keys_base + k);
        let Value::Object(iterables) = args.get(vm, 0) else {
            unreachable!("iterables was checked to be an object")
        };
        // a-b. Let desc be Completion(iterables.[[GetOwnProperty]](key)); IfAbruptCloseIterators.
        let desc = match crate::object::get_own_property(vm, iterables, key) {
            Ok(d) => d,
            Err(e) => return close_and_throw(vm, iters, count, 3, e),
        };
        // c. If desc is not undefined and desc.[[Enumerable]] is true, then
        if desc.is_none_or(|d| d.enumerable != Some(true)) {
            continue;
        }
        // i-ii. Let value be Completion(Get(iterables, key)); IfAbruptCloseIterators.
        let key = rooted_key(vm, keys_base + k);
        let Value::Object(iterables) = args.get(vm, 0) else {
            unreachable!("iterables was checked to be an object")
        };
        let value = match ops::get(vm, iterables, key) {
            Ok(v) => v,
            Err(e) => return close_and_throw(vm, iters, count, 3, e),
        };
        // iii. If value is not undefined, then
        if value.is_undefined() {
            continue;
        }
        // 1-2. Let iter be Completion(GetIteratorFlattenable(value, reject-primitives)).
        match get_iterator_flattenable(vm, value, false) {
            Ok((iter, iter_next)) => {
                // 3-4. Append key to keys and iter to iters.
                vm.root(iter);
                vm.root(iter_next);
                let key = vm.rooted(keys_base + k);
                vm.root(key);
                count += 1;
            }
            Err(e) => return close_and_throw(vm, iters, count, 3, e),
        }
    }
    // 13-14. The padding: for "longest", ? Get(paddingOption, key) for each key.
    let padding = if mode == LONGEST {
        let p = vm.roots.len();
        for i in 0..count {
            let Value::Object(padding_option) = vm.rooted(padding_slot) else {
                vm.root(Value::Undefined);
                continue;
            };
            let key = rooted_key(vm, iters + 3 * i + 2);
            match ops::get(vm, padding_option, key) {
                Ok(v) => {
                    vm.root(v);
                }
                Err(e) => return close_and_throw(vm, iters, count, 3, e),
            }
        }
        Some(p)
    } else {
        None
    };
    // 15-16. finishResults makes a null-prototype object keyed by keys.
    Ok(iterator_zip(vm, iters, count, 3, mode, padding))
}

/// A list element of the helper: entry `i` of the internal list in `field`.
fn list_get(vm: &Vm, list: Value, i: usize) -> Value {
    match list {
        Value::Object(o) => vm
            .heap
            .get(o)
            .elements
            .get(i)
            .copied()
            .unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

/// iters[i] of the running helper: (iterator, next method), the iterator null once finished.
fn iter_at(vm: &mut Vm, args: Args, i: usize) -> (Value, Value) {
    let iters = helper_mut(vm, args).function;
    (list_get(vm, iters, 2 * i), list_get(vm, iters, 2 * i + 1))
}

/// Removes iters[i] from openIters (sets it to null in iters).
fn remove_open(vm: &mut Vm, args: Args, i: usize) {
    if let Value::Object(o) = helper_mut(vm, args).function {
        if let Some(slot) = vm.heap.get_mut(o).elements.get_mut(2 * i) {
            *slot = Value::Null;
        }
    }
}

/// The number of entries of iters (iterCount).
fn iter_count(vm: &mut Vm, args: Args) -> usize {
    match helper_mut(vm, args).function {
        Value::Object(o) => vm.heap.get(o).elements.len() / 2,
        _ => 0,
    }
}

/// IteratorCloseAll(openIters, completion) for the running helper.
fn close_open_iters(vm: &mut Vm, args: Args, completion: JsResult<()>) -> JsResult<()> {
    let count = iter_count(vm, args);
    let base = vm.roots.len();
    for i in 0..count {
        let (iter, _) = iter_at(vm, args, i);
        vm.root(iter);
    }
    let r = iterator_close_all(vm, base, count, 1, completion);
    vm.unroot(base);
    r
}

/// IteratorCloseAll(openIters, ThrowCompletion(a new TypeError)).
fn close_open_iters_with_type_error(vm: &mut Vm, args: Args, message: &str) -> JsResult<()> {
    let e = vm.type_error(message);
    close_open_iters(vm, args, Err(e))
}

/// Runs IteratorZip's closure (step 3) from its last Yield to its next one: `Some(results)`
/// to yield, `None` when it returns. <https://tc39.es/proposal-joint-iteration/#sec-IteratorZip>
pub(super) fn resume(vm: &mut Vm, args: Args) -> JsResult<Option<Value>> {
    let mode = helper_mut(vm, args).remaining as u8;
    let iter_count = iter_count(vm, args);
    // a. If iterCount = 0, return ReturnCompletion(undefined).
    if iter_count == 0 {
        return Ok(None);
    }
    // b. Repeat, (one round per resumption)
    // i. Let results be a new empty List (root slots from here on).
    let results = vm.roots.len();
    // iii. For each integer i such that 0 ≤ i < iterCount, in ascending order, do
    for i in 0..iter_count {
        // 1. Let iter be iters[i].
        let (iter, next) = iter_at(vm, args, i);
        let result = if iter == Value::Null {
            // 2. If iter is null, then (mode is "longest") let result be padding[i].
            let padding = helper_mut(vm, args).inner;
            list_get(vm, padding, i)
        } else {
            // 3.a. Let result be Completion(IteratorStepValue(iter)).
            match ops::iterator_step_value(vm, iter, next) {
                Ok(Some(v)) => v,
                // b. If result is an abrupt completion, then remove iter from openIters and
                // return ? IteratorCloseAll(openIters, result).
                Err(e) => {
                    remove_open(vm, args, i);
                    close_open_iters(vm, args, Err(e))?;
                    return Ok(None);
                }
                // d. If result is done, then
                Ok(None) => {
                    // i. Remove iter from openIters.
                    remove_open(vm, args, i);
                    match mode {
                        // ii. If mode is "shortest", then
                        SHORTEST => {
                            // Return ? IteratorCloseAll(openIters, ReturnCompletion(undefined)).
                            close_open_iters(vm, args, Ok(()))?;
                            return Ok(None);
                        }
                        // iii. Else if mode is "strict", then
                        STRICT => {
                            // 1. If i ≠ 0, return ? IteratorCloseAll(openIters, a TypeError).
                            if i != 0 {
                                close_open_iters_with_type_error(
                                    vm,
                                    args,
                                    "Iterator.zip: iterables have different lengths (mode \"strict\")",
                                )?;
                                return Ok(None);
                            }
                            // 2. For each integer k such that 1 ≤ k < iterCount, ascending,
                            for k in 1..iter_count {
                                // a. Let open be Completion(IteratorStep(iters[k])).
                                let (it, nx) = iter_at(vm, args, k);
                                match ops::iterator_step(vm, it, nx) {
                                    // b. abrupt: remove iters[k] from openIters and return ?
                                    // IteratorCloseAll(openIters, open).
                                    Err(e) => {
                                        remove_open(vm, args, k);
                                        close_open_iters(vm, args, Err(e))?;
                                        return Ok(None);
                                    }
                                    // d. If open is done, remove iters[k] from openIters.
                                    Ok(None) => remove_open(vm, args, k),
                                    // e. Else, return ? IteratorCloseAll(openIters, a TypeError).
                                    Ok(Some(_)) => {
                                        close_open_iters_with_type_error(
                                            vm,
                                            args,
                                            "Iterator.zip: iterables have different lengths (mode \"strict\")",
                                        )?;
                                        return Ok(None);
                                    }
                                }
                            }
                            // 3. Return ReturnCompletion(undefined).
                            return Ok(None);
                        }
                        // iv. Else (mode is "longest"),
                        _ => {
                            // 2. If openIters is empty, return ReturnCompletion(undefined).
                            if (0..iter_count).all(|k| iter_at(vm, args, k).0 == Value::Null) {
                                return Ok(None);
                            }
                            // 3-4. Set iters[i] to null (done above); result is padding[i].
                            let padding = helper_mut(vm, args).inner;
                            list_get(vm, padding, i)
                        }
                    }
                }
            }
        };
        // 4. Append result to results.
        vm.root(result);
    }
    // iv. Set results to finishResults(results).
    let values = vm.roots[results..].to_vec();
    vm.unroot(results);
    let keys = helper_mut(vm, args).inner_next;
    let finished = match keys {
        // Iterator.zip: CreateArrayFromList(results).
        Value::Undefined => ops::create_array_from_list(vm, &values),
        // Iterator.zipKeyed: an object with null prototype, results[i] under keys[i]. A fresh
        // ordinary object runs no JavaScript, so nothing moves here.
        _ => {
            let obj = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
            for (i, &value) in values.iter().enumerate() {
                let key = match list_get(vm, keys, i) {
                    Value::Number(n) => PropertyKey::Index(n as u32),
                    Value::String(s) => PropertyKey::String(s),
                    Value::Symbol(s) => PropertyKey::Symbol(s),
                    _ => continue,
                };
                ops::create_data_property_or_throw(vm, obj, key, value)?;
            }
            obj
        }
    };
    // v. Let completion be Completion(Yield(results)).
    Ok(Some(Value::Object(finished)))
}

/// %IteratorHelperPrototype%.return() for an IteratorZip helper in state `state` (suspended
/// at its start or at a Yield; already marked completed).
/// <https://tc39.es/proposal-joint-iteration/#sec-%iteratorhelperprototype%.return>
pub(super) fn helper_return(vm: &mut Vm, args: Args, state: u8) -> JsResult {
    // 4. Suspended at the start: the state is completed while
    // IteratorCloseAll(O.[[UnderlyingIterators]], ReturnCompletion(undefined)) runs.
    // 5-6. Suspended at a Yield: GeneratorResumeAbrupt runs the closure (executing) to
    // step vi: return ? IteratorCloseAll(openIters, completion).
    if state == SUSPENDED_YIELD {
        helper_mut(vm, args).state = EXECUTING;
    }
    let r = close_open_iters(vm, args, Ok(()));
    helper_mut(vm, args).state = COMPLETED;
    r?;
    Ok(ops::create_iter_result_object(vm, Value::Undefined, true))
}
