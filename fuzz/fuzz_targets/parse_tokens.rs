//! Grammar-shaped inputs: the fuzz bytes pick JavaScript tokens and fragments (keywords,
//! punctuators, identifiers, numeric and string literals, template pieces, regular expressions,
//! comments), so mutations explore token sequences rather than bytes. The joined text goes
//! through `parse_script` (sloppy and strict) and `parse_module`: no panics, error spans inside
//! the source.
//!
//! Byte `b < FRAGMENTS.len()` appends `FRAGMENTS[b]` and a space; the other byte values are
//! separators: the lower half of them a line break, the upper half "glue" (drop the space just
//! written, so the next fragment touches the previous one).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[rustfmt::skip]
const FRAGMENTS: &[&str] = &[
    "var", "let", "const", "function", "async", "await", "yield", "class", "extends", "super",
    "new", "this", "return", "if", "else", "for", "while", "do", "in", "of", "instanceof",
    "typeof", "void", "delete", "try", "catch", "finally", "throw", "switch", "case", "default",
    "break", "continue", "with", "debugger", "import", "export", "from", "as", "static", "get",
    "set", "null", "true", "false", "target", "meta", "enum", "implements", "package", "{", "}",
    "(", ")", "[", "]", ";", ",", "<", ">", "<=", ">=", "==", "!=", "===", "!==", "+", "-", "*",
    "/", "%", "**", "++", "--", "<<", ">>", ">>>", "&", "|", "^", "!", "~", "&&", "||", "??", "?",
    "?.", ":", "=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=",
    "&&=", "||=", "??=", "=>", "...", ".", "#x", "@", "a", "b", "x", "arguments", "eval", "_$",
    "\\u0061", "\\u{62}", "\u{212e}", "\u{309b}", "0", "1.5", "0x1F", "0o7", "0b1", "1n", "1e3",
    "07", "08", ".5", "1_000", "\"s\"", "'s'", "\"\\u{1F600}\"", "\"\\x41\"", "`", "`a${", "}b`",
    "`${", "`x`", "String.raw`\\u`", "/a/g", "/[/]/", "/(?<n>x)\\k<n>/u", "/\\p{L}/v", "/(?=a)*/",
    "/{/", "/*c*/", "<!--", "-->", "#!x", "import.meta", "import(", "super.", "super(", "async(",
    "function*", "a=>a", "(a,b)=>{}", "x(){}", "static{}", "#p", "'\\\n'", "/*\n*/", "//c\n",
    "\"use strict\"", "\u{2028}", "\t", "\u{feff}", "\\u0065lse",
];

fn render(data: &[u8]) -> String {
    let mut text = String::new();
    let separators = 256 - FRAGMENTS.len();
    for &b in data {
        let b = b as usize;
        if let Some(fragment) = FRAGMENTS.get(b) {
            text.push_str(fragment);
            text.push(' ');
        } else if b - FRAGMENTS.len() < separators / 2 {
            text.push('\n');
        } else if text.ends_with(' ') {
            text.pop();
        }
    }
    text
}

fuzz_target!(|data: &[u8]| {
    let source = render(data);
    for strict in [false, true] {
        let options = amber_parser::ParseOptions {
            strict,
            ..Default::default()
        };
        if let Err(e) = amber_parser::parse_script(&source, &options) {
            assert!(e.span.start as usize <= source.len());
            assert!(e.span.end as usize <= source.len());
        }
    }
    if let Err(e) = amber_parser::parse_module(&source) {
        assert!(e.span.start as usize <= source.len());
        assert!(e.span.end as usize <= source.len());
    }
});
