//! Reads JSON-string lines (one program each) on stdin and prints `ok` or `err <message>` per
//! line: a batch front end for differential testing against another parser.
//! Usage: `judge [--module]`.

use amber_parser::{parse_module, parse_script, ParseOptions};
use std::io::{BufRead, Write};

/// Decodes a JSON string literal (the subset `JSON.stringify` / Python's `json.dumps` emit).
fn unjson(line: &str) -> Option<String> {
    let s = line.trim().strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = s.chars();
    let mut pending_high: Option<u32> = None;
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next()?;
        let c = match e {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                let v = u32::from_str_radix(&hex, 16).ok()?;
                if (0xD800..0xDC00).contains(&v) {
                    pending_high = Some(v);
                    continue;
                }
                if let (Some(h), true) = (pending_high.take(), (0xDC00..0xE000).contains(&v)) {
                    char::from_u32(0x10000 + ((h - 0xD800) << 10) + (v - 0xDC00))?
                } else {
                    char::from_u32(v).unwrap_or('\u{FFFD}')
                }
            }
            other => other,
        };
        out.push(c);
    }
    Some(out)
}

fn main() {
    let module = std::env::args().any(|a| a == "--module");
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let Some(src) = unjson(&line) else {
            writeln!(out, "skip").ok();
            continue;
        };
        let r = if module {
            parse_module(&src).map(drop)
        } else {
            parse_script(&src, &ParseOptions::default()).map(drop)
        };
        match r {
            Ok(()) => writeln!(out, "ok").ok(),
            Err(e) => writeln!(out, "err {}", e.message.replace('\n', " ")).ok(),
        };
    }
}
