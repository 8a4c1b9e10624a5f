//! The compiler: scope analysis and bytecode emission.
//!
//! Input is an [`amber_parser::ast::Script`]; output is a [`CompiledScript`], a tree of
//! [`FunctionCode`]s that holds only plain data (no heap handles), so one compilation can be
//! shared across threads and VMs. The VM turns it into heap `Code` objects when it runs it.
//!
//! - [`bytecode`]: the instruction table, encoder and decoder.
//! - [`scope`]: which bindings each function's closures capture (they go to heap environments;
//!   all others live in registers).
//! - [`emit`]: the bytecode emitter.
//! - [`disasm`]: the disassembler.

pub mod bytecode;
pub mod disasm;
pub mod emit;
pub mod module;
pub mod scope;

use amber_parser::ast;

/// A constant-table entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    Number(f64),
    String(Vec<u16>),
    /// Decimal digits of a BigInt literal.
    BigInt(String),
    /// A template site: the cooked strings (`None` for invalid escapes) and the raw strings.
    Template {
        cooked: Vec<Option<Vec<u16>>>,
        raw: Vec<Vec<u16>>,
    },
    /// A list of names (for `CopyRestProperties`-style and scope-name tables).
    Names(Vec<Vec<u16>>),
}

/// An exception handler: while `start <= pc < end`, a throw jumps to `target` with the
/// exception in the accumulator, after popping environments down to `env_depth`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handler {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub env_depth: u32,
}

/// A compiled function or script body.
#[derive(Clone, Debug, Default)]
pub struct FunctionCode {
    pub name: Vec<u16>,
    pub bytecode: Vec<u8>,
    pub constants: Vec<Constant>,
    pub functions: Vec<FunctionCode>,
    pub handlers: Vec<Handler>,
    /// `(pc, line, column)`, in pc order.
    pub lines: Vec<(u32, u32, u32)>,
    pub register_count: u32,
    pub param_count: u32,
    /// The function's `length` property value.
    pub length: u32,
    /// [`bytecode::flags`] bits.
    pub flags: u32,
    /// The function's source text range (for `Function.prototype.toString`).
    pub source_range: (u32, u32),
}

/// A compiled script: its top-level code plus the source it came from.
#[derive(Clone, Debug)]
pub struct CompiledScript {
    pub code: FunctionCode,
    pub source: String,
    pub file: String,
}

/// A construct the compiler rejects (early errors the parser leaves to the compiler, and
/// features not compiled yet), with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct CompileError {
    pub message: String,
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

/// Parses and compiles the code of a direct eval whose caller's scopes are described by
/// `scopes` (a string constant the compiler emitted at the call site).
pub fn compile_eval(
    source: &str,
    strict: bool,
    scopes: &str,
) -> Result<CompiledScript, CompileError> {
    let ctx = scopes
        .lines()
        .find_map(|l| l.strip_prefix("ctx:"))
        .unwrap_or("");
    // The private names of the enclosing classes are bindings spelled with their `#`.
    let mut private_names: Vec<amber_parser::ast::Ident> = Vec::new();
    for line in scopes.lines() {
        for entry in line.split('\t').skip(1) {
            if let Some(name) = entry.rsplitn(3, ':').nth(2) {
                if name.starts_with('#') && !private_names.iter().any(|n| &**n == name) {
                    private_names.push(name.into());
                }
            }
        }
    }
    // PerformEval: new.target, super properties, super calls and `arguments` (in a field
    // initializer) depend on the function of the caller's this environment.
    let options = amber_parser::ParseOptions {
        strict: strict || scopes.starts_with("strict\n"),
        allow_new_target: ctx.contains('n'),
        allow_super_property: ctx.contains('s'),
        allow_super_call: ctx.contains('c'),
        in_class_field_init: ctx.contains('f'),
        private_names,
    };
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
