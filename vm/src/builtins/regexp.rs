//! RegExp objects. <https://tc39.es/ecma262/#sec-regexp-regular-expression-objects>
//!
//! Not built yet (it will use the `regress` crate): a regular-expression literal evaluates to a
//! SyntaxError naming the missing feature.

use crate::{ErrorKind, JsResult, Vm};
use amber_heap::Value;

pub fn init(_vm: &mut Vm) {}

/// Evaluates a RegularExpressionLiteral: RegExpCreate(pattern, flags).
pub fn create_from_literal(vm: &mut Vm, _pattern: Value, _flags: Value) -> JsResult {
    Err(vm.throw_error(
        ErrorKind::SyntaxError,
        "regular expressions are not supported yet",
    ))
}
