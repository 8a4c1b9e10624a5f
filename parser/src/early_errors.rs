//! The early-error pass over the finished AST.
//! <https://tc39.es/ecma262/#early-error>

use crate::ast::*;
use crate::{ParseOptions, SyntaxError};

/// Checks a Script's early errors and computes `Function::strict`.
pub fn check_script(
    script: &mut Script,
    source: &str,
    options: &ParseOptions,
) -> Result<(), SyntaxError> {
    let _ = (script, source, options);
    Ok(())
}

/// Checks a Module's early errors and computes `Function::strict`.
pub fn check_module(module: &mut Module, source: &str) -> Result<(), SyntaxError> {
    let _ = (module, source);
    Ok(())
}
