//! The ECMAScript parser: source text → [`ast`].
//!
//! Pipeline: a context-free `logos` lexer, a token-cooking layer that makes the
//! context-dependent lexing decisions (regex vs. division, template resumption, restricted
//! productions), a `lalrpop` grammar that builds the AST, and an early-error pass.
//!
//! **Architecture invariant:** `parser` knows nothing about the heap or the VM.

pub mod ast;

use ast::Span;

/// Which goal symbol and which context the source is parsed in.
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    /// Parse as strict mode code (as if it began with `"use strict"`).
    pub strict: bool,
    /// Direct `eval` inside a function: `new.target` is allowed.
    pub allow_new_target: bool,
    /// Direct `eval` inside a method: `super.x` is allowed.
    pub allow_super_property: bool,
    /// Direct `eval` inside a derived constructor: `super()` is allowed.
    pub allow_super_call: bool,
    /// Direct `eval` inside a class field initializer: `arguments` is a SyntaxError.
    pub in_class_field_init: bool,
    /// Private names visible to a direct `eval` inside a class body.
    pub private_names: Vec<ast::Ident>,
}

/// A parse failure or an early error.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

impl SyntaxError {
    pub fn new(message: impl Into<String>, span: Span) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            span,
        }
    }

    /// The 1-based line and column (in characters) of the error's start.
    pub fn line_col(&self, source: &str) -> (usize, usize) {
        line_col(source, self.span.start as usize)
    }

    /// `file:line:col: SyntaxError: message`, then the source line and a caret under the error.
    pub fn render(&self, file: &str, source: &str) -> String {
        let (line, col) = self.line_col(source);
        let text = source.lines().nth(line - 1).unwrap_or("");
        let caret = " ".repeat(col.saturating_sub(1));
        format!(
            "{file}:{line}:{col}: SyntaxError: {}\n{text}\n{caret}^",
            self.message
        )
    }
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SyntaxError {}

/// The 1-based line and column of a byte offset. Lines end at any ECMAScript LineTerminator
/// (LF, CR, CRLF, U+2028, U+2029).
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut col = 1;
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i >= offset {
            break;
        }
        match c {
            '\r' => {
                if let Some((_, '\n')) = chars.peek() {
                    continue;
                }
                line += 1;
                col = 1;
            }
            '\n' | '\u{2028}' | '\u{2029}' => {
                line += 1;
                col = 1;
            }
            _ => col += 1,
        }
    }
    (line, col)
}

/// Parses `source` as a Script, with all early errors.
/// <https://tc39.es/ecma262/#sec-parse-script>
pub fn parse_script(source: &str, options: &ParseOptions) -> Result<ast::Script, SyntaxError> {
    let _ = (source, options);
    Err(SyntaxError::new("the parser is not built yet", Span::default()))
}

/// Parses `source` as a Module, with all early errors.
/// <https://tc39.es/ecma262/#sec-parsemodule>
pub fn parse_module(source: &str) -> Result<ast::Module, SyntaxError> {
    let _ = source;
    Err(SyntaxError::new("the parser is not built yet", Span::default()))
}
