//! The compiler: scope analysis and bytecode emission.
//!
//! Input is an [`amber_parser::ast::Script`]; output is a [`CompiledScript`], a tree of
//! [`FunctionCode`]s that holds only plain data (no heap handles), so one compilation can be
//! shared across threads and VMs. The VM turns it into heap `Code` objects when it runs it.
//!
//! - [`bytecode`]: the instruction table, encoder and decoder.
//! - `scope`: which bindings each function's closures capture (they go to heap environments;
//!   all others live in registers).
//! - `emit`: the bytecode emitter, one file per chapter of the spec it compiles.
//! - [`disasm`]: the disassembler.
//! - [`module`]: module records' tables (imports, exports, requests).

#![warn(missing_docs)]

pub mod bytecode;
pub mod disasm;
pub(crate) mod emit;
pub mod module;
pub(crate) mod scope;

use amber_parser::ast;

/// A constant-table entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    /// A Number literal.
    Number(f64),
    /// A string (a literal or a property name), as UTF-16 code units.
    String(Vec<u16>),
    /// Decimal digits of a BigInt literal.
    BigInt(String),
    /// A template site: the cooked strings (`None` for invalid escapes) and the raw strings.
    Template {
        /// `[[Cooked]]` strings.
        cooked: Vec<Option<Vec<u16>>>,
        /// `[[Raw]]` strings.
        raw: Vec<Vec<u16>>,
    },
    /// A list of names (for `CopyRestProperties`-style and scope-name tables).
    Names(Vec<Vec<u16>>),
    /// The elements of an array literal of number literals (`CreateArrayFromList`).
    Numbers(Vec<f64>),
}

/// An exception handler: while `start <= pc < end`, a throw jumps to `target` with the
/// exception in the accumulator, after popping environments down to `env_depth`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handler {
    /// The first pc the handler covers.
    pub start: u32,
    /// The pc past the last one it covers.
    pub end: u32,
    /// Where the handler's code starts.
    pub target: u32,
    /// How many environments are pushed when the handler starts.
    pub env_depth: u32,
}

/// A compiled function or script body.
#[derive(Clone, Debug, Default)]
pub struct FunctionCode {
    /// The function's name (empty for anonymous functions and scripts).
    pub name: Vec<u16>,
    /// The instructions (see [`bytecode`]).
    pub bytecode: Vec<u8>,
    /// The constants the `Const` operands index.
    pub constants: Vec<Constant>,
    /// Nested functions, by the `Func` operands of `Closure` instructions.
    pub functions: Vec<FunctionCode>,
    /// Exception handlers, innermost first.
    pub handlers: Vec<Handler>,
    /// `(pc, line, column)`, in pc order: the code from `pc` on comes from that source position.
    /// Lines and columns are 1-based; the column counts UTF-8 bytes from the line start, and
    /// lines end at LF, CR or CRLF (unlike [`amber_parser::line_col`], which counts characters
    /// and also ends lines at U+2028/U+2029).
    pub lines: Vec<(u32, u32, u32)>,
    /// Registers a frame needs (the fixed ones, parameters, locals and temporaries).
    pub register_count: u32,
    /// The number of formal parameters.
    pub param_count: u32,
    /// The function's `length` property value.
    pub length: u32,
    /// [`bytecode::flags`] bits.
    pub flags: u32,
    /// The function's source text range (for `Function.prototype.toString`), as byte offsets
    /// `(start, end)` into [`CompiledScript::source`] (the whole source for a script).
    pub source_range: (u32, u32),
}

/// A compiled script: its top-level code plus the source it came from.
#[derive(Clone, Debug)]
pub struct CompiledScript {
    /// The top-level code.
    pub code: FunctionCode,
    /// The source text (kept for `Function.prototype.toString`).
    pub source: String,
    /// The file name, for error locations.
    pub file: String,
}

/// A construct the compiler rejects (early errors the parser leaves to the compiler, and
/// features not compiled yet), with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct CompileError {
    /// What is wrong.
    pub message: String,
    /// Where, as a byte range of the source.
    pub span: ast::Span,
    /// The error is a SyntaxError (otherwise: an unsupported feature, reported as one too).
    pub syntax: bool,
}

/// Compiles a parsed script.
pub fn compile_script(
    script: &ast::Script,
    source: &str,
    file: &str,
) -> Result<CompiledScript, CompileError> {
    let code = emit::compile_script(script, source)?;
    Ok(CompiledScript {
        code,
        source: source.to_string(),
        file: file.to_string(),
    })
}

/// Parses and compiles module source text.
///
/// ```
/// use amber_compiler::compile_module_source;
///
/// let m = compile_module_source("import { a } from './a.js';\nexport const b = a + 1;", "m.js")
///     .unwrap();
/// // The module's requests, as UTF-16 specifiers.
/// assert_eq!(m.requests, vec!["./a.js".encode_utf16().collect::<Vec<u16>>()]);
/// assert!(!m.has_tla);
/// // Parse errors come back as SyntaxErrors with their byte range.
/// let err = compile_module_source("export { x };", "n.js").unwrap_err();
/// assert!(err.syntax, "{err:?}");
/// ```
pub fn compile_module_source(
    source: &str,
    file: &str,
) -> Result<module::CompiledModule, CompileError> {
    let m = amber_parser::parse_module(source).map_err(|e| CompileError {
        message: e.message,
        span: e.span,
        syntax: true,
    })?;
    module::compile_module(&m, source, file)
}

/// Compiles source text (parse + compile), mapping parse errors to [`CompileError`].
///
/// ```
/// use amber_compiler::{compile_source, disasm::disassemble};
/// use amber_parser::ParseOptions;
///
/// let script = compile_source("let x = 1; x + 41", "a.js", &ParseOptions::default()).unwrap();
/// let listing = disassemble(&script.code);
/// assert!(listing.contains("LdaSmi"), "{listing}");
/// // Errors carry the byte range of the offending source.
/// let err = compile_source("let let = 1;", "b.js", &ParseOptions::default()).unwrap_err();
/// assert!(err.syntax && err.span.start >= 4, "{err:?}");
/// ```
pub fn compile_source(
    source: &str,
    file: &str,
    options: &amber_parser::ParseOptions,
) -> Result<CompiledScript, CompileError> {
    let script = amber_parser::parse_script(source, options).map_err(|e| CompileError {
        message: e.message,
        span: e.span,
        syntax: true,
    })?;
    compile_script(&script, source, file)
}

/// The parse options for the code of a direct eval: PerformEval's _strictCaller_ and the early
/// errors that depend on the caller (`new.target`, `super`, `arguments` in a class field
/// initializer, the private names of the enclosing classes), read from the call site's scope
/// descriptor.
/// <https://tc39.es/ecma262/#sec-performeval>
pub fn eval_parse_options(strict: bool, scopes: &str) -> amber_parser::ParseOptions {
    let ctx = emit::EvalContext::from_descriptor(scopes);
    amber_parser::ParseOptions {
        strict: strict || scopes.starts_with("strict\n"),
        allow_new_target: ctx.in_function,
        allow_super_property: ctx.in_method,
        allow_super_call: ctx.in_derived_constructor,
        in_class_field_init: ctx.in_class_field_initializer,
        private_names: emit::descriptor_private_names(scopes),
    }
}

/// Parses and compiles the code of a direct eval whose caller's scopes are described by
/// `scopes` (a string constant the compiler emitted at the call site).
pub fn compile_eval(
    source: &str,
    strict: bool,
    scopes: &str,
) -> Result<CompiledScript, CompileError> {
    let options = eval_parse_options(strict, scopes);
    let script = amber_parser::parse_script(source, &options).map_err(|e| CompileError {
        message: e.message,
        span: e.span,
        syntax: true,
    })?;
    let code = emit::compile_eval(&script, source, scopes)?;
    Ok(CompiledScript {
        code,
        source: source.to_string(),
        file: "<eval>".to_string(),
    })
}
