//! Iterator methods from stage-3 proposals that consume an iterator eagerly:
//! `Iterator.prototype.includes` (<https://tc39.es/proposal-iterator-includes/>) and
//! `Iterator.prototype.join` (<https://tc39.es/proposal-iterator-join/>).
//! (`Iterator.concat`, a lazy helper, lives with the other helpers in `iterator_helpers`.)

use crate::CommonKey;
use crate::{ops, Args, JsResult, Vm};
use amber_heap::Value;

/// The largest integer every Number below it represents exactly (2^53 - 1).
const MAX_SAFE_INTEGER: f64 = 9007199254740991.0;

/// Throws `error` after IteratorClose(iterated, error) of the receiver `o` (whose `next` has not
/// been read): the error wins over anything `return` does.
fn close_and_throw(vm: &mut Vm, o: Value, error: crate::Throw) -> JsResult {
    ops::iterator_close_on_throw(vm, o);
    Err(error)
}

/// Iterator.prototype.includes ( searchElement [ , skippedElements ] )
/// <https://tc39.es/proposal-iterator-includes/#sec-iterator.prototype.includes>
pub fn includes(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. O must be an Object.
    let o = args.this(vm);
    if !matches!(o, Value::Object(_)) {
        return Err(vm.type_error("Iterator.prototype.includes called on non-object"));
    }
    // 4-6. skippedElements: undefined, or an integral Number or ±∞ (no coercion) in
    // [0, 2^53 - 1] or +∞; anything else closes the iterator and throws.
    let to_skip = match args.get(vm, 1) {
        Value::Undefined => 0.0,
        Value::Number(n) if n == f64::INFINITY || (n.is_finite() && n.fract() == 0.0) => {
            if n < 0.0 || (n.is_finite() && n > MAX_SAFE_INTEGER) {
                let e = vm.range_error(
                    "Iterator.prototype.includes: skippedElements must be between 0 and 2^53 - 1, or Infinity",
                );
                return close_and_throw(vm, o, e);
            }
            n
        }
        Value::Number(n) if n == f64::NEG_INFINITY => {
            let e =
                vm.range_error("Iterator.prototype.includes: skippedElements must not be negative");
            return close_and_throw(vm, o, e);
        }
        _ => {
            let e = vm.type_error(
                "Iterator.prototype.includes: skippedElements must be an integral Number or Infinity",
            );
            return close_and_throw(vm, o, e);
        }
    };
    // 8. Set iterated to ? GetIteratorDirect(O).
    let base = vm.root(o);
    let key = vm.name_key(CommonKey::Next);
    let next = ops::get_v(vm, o, key)?;
    vm.root(next);
    // 7, 9. Skip toSkip values, then compare each with SameValueZero.
    let mut skipped = 0.0;
    loop {
        let (it, next) = (vm.rooted(base), vm.rooted(base + 1));
        let Some(value) = ops::iterator_step_value(vm, it, next)? else {
            return Ok(Value::Boolean(false));
        };
        if skipped < to_skip {
            skipped += 1.0;
        } else if ops::same_value_zero(vm, value, args.get(vm, 0)) {
            // Return ? IteratorClose(iterated, NormalCompletion(true)).
            let it = vm.rooted(base);
            ops::iterator_close(vm, it)?;
            return Ok(Value::Boolean(true));
        }
    }
}

/// Iterator.prototype.join ( separator )
/// <https://tc39.es/proposal-iterator-join/#sec-iterator.prototype.join>
pub fn join(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. O must be an Object.
    let o = args.this(vm);
    if !matches!(o, Value::Object(_)) {
        return Err(vm.type_error("Iterator.prototype.join called on non-object"));
    }
    let base = vm.root(o);
    // 3-4. The separator is converted before `next` is read; a throw closes O.
    let separator = match args.get(vm, 0) {
        Value::Undefined => vec![u16::from(b',')],
        s => match ops::to_string(vm, s) {
            Ok(s) => vm.heap.string_units(s).to_vec(),
            Err(e) => {
                let o = vm.rooted(base);
                return close_and_throw(vm, o, e);
            }
        },
    };
    // 5. Let iterated be ? GetIteratorDirect(O).
    let key = vm.name_key(CommonKey::Next);
    let o = vm.rooted(base);
    let next = ops::get_v(vm, o, key)?;
    vm.root(next);
    // 6-7. Concatenate ToString of each value (null and undefined as ""), separated.
    let mut out: Vec<u16> = Vec::new();
    let mut first = true;
    loop {
        let (it, next) = (vm.rooted(base), vm.rooted(base + 1));
        let Some(value) = ops::iterator_step_value(vm, it, next)? else {
            return Ok(vm.string_value(out));
        };
        if !first {
            out.extend_from_slice(&separator);
        }
        first = false;
        if !value.is_nullish() {
            match ops::to_string(vm, value) {
                Ok(s) => out.extend_from_slice(vm.heap.string_units(s)),
                Err(e) => {
                    let it = vm.rooted(base);
                    return close_and_throw(vm, it, e);
                }
            }
        }
    }
}
