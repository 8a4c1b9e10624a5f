//! Cooking literal tokens into values: identifiers with escapes, numbers, BigInts, strings and
//! template chunks.

use crate::lexer::{is_id_continue, is_id_start};

/// Decodes `\u` escapes in an identifier and checks that every character is allowed.
/// Returns `None` for a malformed escape or a code point that is not an identifier character.
pub fn cook_identifier(raw: &str) -> Option<String> {
    if !raw.contains('\\') {
        return Some(raw.to_string());
    }
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        let c = if c == '\\' {
            if chars.next() != Some('u') {
                return None;
            }
            let cp = unicode_escape(&mut chars)?;
            char::from_u32(cp)?
        } else {
            c
        };
        let ok = if out.is_empty() {
            is_id_start(c)
        } else {
            is_id_continue(c)
        };
        if !ok {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

/// Parses the part after `\u`: `XXXX` or `{X...}`. Returns the code point.
fn unicode_escape(chars: &mut std::iter::Peekable<std::str::Chars>) -> Option<u32> {
    if chars.peek() == Some(&'{') {
        chars.next();
        let mut v: u32 = 0;
        let mut n = 0;
        loop {
            let c = chars.next()?;
            if c == '}' {
                break;
            }
            v = v.checked_mul(16)?.checked_add(c.to_digit(16)?)?;
            if v > 0x10FFFF {
                return None;
            }
            n += 1;
        }
        if n == 0 {
            return None;
        }
        Some(v)
    } else {
        let mut v = 0;
        for _ in 0..4 {
            v = v * 16 + chars.next()?.to_digit(16)?;
        }
        Some(v)
    }
}

/// Checks numeric separators: each `_` sits between two digits of `radix`.
/// <https://tc39.es/ecma262/#prod-NumericLiteralSeparator>
fn separators_ok(digits: &str, radix: u32) -> bool {
    let b = digits.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'_' {
            let before = i > 0 && (b[i - 1] as char).is_digit(radix);
            let after = i + 1 < b.len() && (b[i + 1] as char).is_digit(radix);
            if !before || !after {
                return false;
            }
        }
    }
    true
}

/// Parses a NumericLiteral (without a BigInt suffix) to its value.
/// <https://tc39.es/ecma262/#sec-numericvalue>
pub fn parse_number(text: &str) -> Result<f64, String> {
    let lower = text.to_ascii_lowercase();
    if let Some(radix) = radix_prefix(&lower) {
        return parse_radix(&text[2..], radix).ok_or_else(|| "invalid number".to_string());
    }
    let b = text.as_bytes();
    if b.len() > 1 && b[0] == b'0' && b[1].is_ascii_digit()
        || (b.len() > 1 && b[0] == b'0' && b[1] == b'_')
    {
        return parse_legacy(text);
    }
    let (mantissa, exponent) = match lower.find('e') {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let (int, frac) = match mantissa.find('.') {
        Some(i) => (&mantissa[..i], Some(&mantissa[i + 1..])),
        None => (mantissa, None),
    };
    let int_ok = int.is_empty() || separators_ok(int, 10);
    let frac_ok = frac.is_none_or(|f| separators_ok(f, 10));
    let exp_digits = exponent.map(|e| e.trim_start_matches(['+', '-']));
    let exp_ok = exp_digits.is_none_or(|e| !e.is_empty() && separators_ok(e, 10));
    if !int_ok || !frac_ok || !exp_ok {
        return Err("invalid numeric literal".into());
    }
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    clean
        .parse::<f64>()
        .map_err(|_| "invalid numeric literal".to_string())
}

fn radix_prefix(lower: &str) -> Option<u32> {
    if lower.starts_with("0x") {
        Some(16)
    } else if lower.starts_with("0o") {
        Some(8)
    } else if lower.starts_with("0b") {
        Some(2)
    } else {
        None
    }
}

fn parse_radix(digits: &str, radix: u32) -> Option<f64> {
    if digits.is_empty() || !separators_ok(digits, radix) {
        return None;
    }
    let mut exact: u128 = 0;
    let mut approx: f64 = 0.0;
    let mut overflow = false;
    for c in digits.chars().filter(|&c| c != '_') {
        let d = c.to_digit(radix)?;
        approx = approx * radix as f64 + d as f64;
        match exact
            .checked_mul(radix as u128)
            .and_then(|v| v.checked_add(d as u128))
        {
            Some(v) => exact = v,
            None => overflow = true,
        }
    }
    Some(if overflow { approx } else { exact as f64 })
}

/// Annex B LegacyOctalIntegerLiteral (`017`) and NonOctalDecimalIntegerLiteral (`019`, `08.5`).
/// <https://tc39.es/ecma262/#sec-additional-syntax-numeric-literals>
fn parse_legacy(text: &str) -> Result<f64, String> {
    if text.contains('_') {
        return Err("numeric separators are not allowed in legacy octal literals".into());
    }
    let int_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let int = &text[..int_end];
    if int.bytes().all(|c| c < b'8') {
        if int_end != text.len() {
            return Err("invalid legacy octal literal".into());
        }
        return parse_radix(&int[1..], 8).ok_or_else(|| "invalid number".into());
    }
    text.parse::<f64>()
        .map_err(|_| "invalid numeric literal".into())
}

/// Parses a BigInt literal (with its `n`) into decimal digits.
pub fn parse_bigint(text: &str) -> Result<String, String> {
    let body = &text[..text.len() - 1];
    let lower = body.to_ascii_lowercase();
    let (digits, radix) = match radix_prefix(&lower) {
        Some(r) => (&body[2..], r),
        None => {
            if body.len() > 1 && body.starts_with('0') {
                return Err("invalid BigInt literal".into());
            }
            (body, 10)
        }
    };
    if digits.is_empty() || !separators_ok(digits, radix) {
        return Err("invalid BigInt literal".into());
    }
    // Convert to decimal with base-1e9 limbs, least significant first.
    let mut limbs: Vec<u64> = vec![0];
    for c in digits.chars().filter(|&c| c != '_') {
        let d = c.to_digit(radix).ok_or("invalid BigInt literal")? as u64;
        let mut carry = d;
        for limb in limbs.iter_mut() {
            let v = *limb * radix as u64 + carry;
            *limb = v % 1_000_000_000;
            carry = v / 1_000_000_000;
        }
        while carry > 0 {
            limbs.push(carry % 1_000_000_000);
            carry /= 1_000_000_000;
        }
    }
    let mut out = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&limb.to_string());
        } else {
            out.push_str(&format!("{limb:09}"));
        }
    }
    Ok(out)
}

fn push_code_point(out: &mut Vec<u16>, cp: u32) {
    match char::from_u32(cp) {
        Some(c) => {
            let mut buf = [0u16; 2];
            out.extend_from_slice(c.encode_utf16(&mut buf));
        }
        // A lone surrogate from `\uD800`.
        None => out.push(cp as u16),
    }
}

/// How an escape sequence may be written: strings allow Annex B legacy octal escapes,
/// templates allow none (and a bad escape makes the cooked value undefined).
#[derive(Clone, Copy, PartialEq)]
enum EscapeMode {
    String,
    Template,
}

/// Cooks one escape after `\`. Returns false for an invalid escape.
fn cook_escape(
    chars: &mut std::iter::Peekable<std::str::Chars>,
    out: &mut Vec<u16>,
    mode: EscapeMode,
) -> bool {
    let Some(c) = chars.next() else { return false };
    match c {
        'n' => out.push(0x0A),
        't' => out.push(0x09),
        'r' => out.push(0x0D),
        'b' => out.push(0x08),
        'f' => out.push(0x0C),
        'v' => out.push(0x0B),
        '\r' => {
            // LineContinuation: `\` CR LF counts as one line terminator.
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
        }
        '\n' | '\u{2028}' | '\u{2029}' => {}
        'x' => {
            let hi = chars.next().and_then(|c| c.to_digit(16));
            let lo = chars.next().and_then(|c| c.to_digit(16));
            match (hi, lo) {
                (Some(h), Some(l)) => out.push((h * 16 + l) as u16),
                _ => return false,
            }
        }
        'u' => match unicode_escape(chars) {
            Some(cp) => push_code_point(out, cp),
            None => return false,
        },
        '0' if !chars.peek().is_some_and(|d| d.is_ascii_digit()) => out.push(0),
        '0'..='9' if mode == EscapeMode::Template => return false,
        '0'..='7' => {
            // LegacyOctalEscapeSequence: up to three digits, value at most 0o377.
            let mut v = c.to_digit(8).unwrap_or(0);
            let max_digits = if c <= '3' { 2 } else { 1 };
            for _ in 0..max_digits {
                match chars.peek().and_then(|d| d.to_digit(8)) {
                    Some(d) => {
                        v = v * 8 + d;
                        chars.next();
                    }
                    None => break,
                }
            }
            out.push(v as u16);
        }
        c => push_code_point(out, c as u32),
    }
    true
}

/// Cooks the text between a string literal's quotes into UTF-16.
/// <https://tc39.es/ecma262/#sec-static-semantics-sv>
pub fn cook_string(raw: &str) -> Result<Vec<u16>, String> {
    let mut out = Vec::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if !cook_escape(&mut chars, &mut out, EscapeMode::String) {
                return Err("invalid escape sequence".into());
            }
        } else {
            push_code_point(&mut out, c as u32);
        }
    }
    Ok(out)
}

/// Does a string literal's raw text contain a legacy octal or `\8`/`\9` escape (errors in
/// strict mode)?
#[allow(dead_code)] // Used by the strict-mode checks of the early-error pass.
pub fn has_legacy_escape(raw: &str) -> bool {
    let b = raw.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            let next = b.get(i + 1).copied().unwrap_or(0);
            let after = b.get(i + 2).copied().unwrap_or(0);
            if (b'1'..=b'9').contains(&next) || (next == b'0' && after.is_ascii_digit()) {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// Cooks a template chunk: returns (cooked, raw). Cooked is `None` for an invalid escape.
/// <https://tc39.es/ecma262/#sec-static-semantics-tv> and `TRV`.
pub fn cook_template(raw: &str) -> (Option<Vec<u16>>, Vec<u16>) {
    // Both values normalize CR and CRLF to LF.
    let normalized = raw.replace("\r\n", "\n").replace('\r', "\n");
    let raw_value: Vec<u16> = normalized.encode_utf16().collect();
    let mut out = Vec::with_capacity(normalized.len());
    let mut chars = normalized.chars().peekable();
    let mut valid = true;
    while let Some(c) = chars.next() {
        if c == '\\' {
            if !cook_escape(&mut chars, &mut out, EscapeMode::Template) {
                valid = false;
                break;
            }
        } else {
            push_code_point(&mut out, c as u32);
        }
    }
    (valid.then_some(out), raw_value)
}
