//! Number ↔ String conversions.

/// Number::toString(x) with radix 10.
/// <https://tc39.es/ecma262/#sec-numeric-types-number-tostring>
///
/// `ryu-js` implements exactly the spec's shortest-round-trip algorithm and formatting rules.
pub fn number_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if let Some(i) = safe_integer(x) {
        return i.to_string();
    }
    let mut buf = ryu_js::Buffer::new();
    buf.format(x).to_string()
}

/// `x` as an `i64` when it is an integer of magnitude below 2^53 (-0 gives 0). For these the
/// spec's shortest round-trip digits are exactly the integer's decimal digits (every integer
/// in that range is a Number, so no shorter digit string denotes `x`), so Number::toString
/// can skip the shortest-digits search: loop counters, indices and lengths are converted this
/// way far more often than fractions.
#[inline]
fn safe_integer(x: f64) -> Option<i64> {
    const LIMIT: f64 = 9007199254740992.0; // 2^53
                                           // Below 2^53 in magnitude `as i64` is exactly truncate(x), so the round trip gives back x
                                           // only for integers (`f64::trunc` would be a libm call on the baseline x86-64 target).
    let i = x as i64;
    (x.abs() < LIMIT && i as f64 == x).then_some(i)
}

/// Number::toString(x) as UTF-16 code units, the form a string value holds. The text is
/// always ASCII (digits, sign, point, exponent, `NaN`, `Infinity`), so each byte is a unit.
pub fn number_to_utf16(x: f64) -> Vec<u16> {
    number_to_string(x).bytes().map(u16::from).collect()
}

/// Number::toString(x, radix) for radix 2..=36 (other than 10).
pub fn number_to_string_radix(x: f64, radix: u32) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let negative = x < 0.0;
    let x = x.abs();
    let mut int = x.trunc();
    let mut frac = x - int;
    let mut digits = Vec::new();
    let r = radix as f64;
    if int == 0.0 {
        digits.push(b'0');
    }
    while int > 0.0 {
        let d = (int % r) as u32;
        digits.push(std::char::from_digit(d, radix).unwrap_or('0') as u8);
        int = (int / r).trunc();
    }
    digits.reverse();
    let mut out = String::from_utf8(digits).unwrap_or_default();
    if frac > 0.0 {
        out.push('.');
        // Enough digits to distinguish the value: at most 52 significant bits.
        let mut count = 0;
        while frac > 0.0 && count < 52 {
            frac *= r;
            let d = frac.trunc() as u32;
            out.push(std::char::from_digit(d, radix).unwrap_or('0'));
            frac -= d as f64;
            count += 1;
        }
    }
    if negative {
        out.insert(0, '-');
    }
    out
}

fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{9}' | '\u{a}' | '\u{b}' | '\u{c}' | '\u{d}' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// Trims StrWhiteSpaceChar from both ends.
pub fn trim_js(s: &str) -> &str {
    s.trim_matches(is_js_whitespace)
}

/// StringToNumber(str).
/// <https://tc39.es/ecma262/#sec-stringtonumber>
pub fn string_to_number(s: &str) -> f64 {
    let s = trim_js(s);
    if s.is_empty() {
        return 0.0;
    }
    let radix_prefix = |p: &str| -> Option<u32> {
        match p {
            "0x" | "0X" => Some(16),
            "0o" | "0O" => Some(8),
            "0b" | "0B" => Some(2),
            _ => None,
        }
    };
    if let Some(prefix) = s.get(..2) {
        if let Some(radix) = radix_prefix(prefix) {
            let digits = &s[2..];
            if digits.is_empty() {
                return f64::NAN;
            }
            let mut v = 0f64;
            for c in digits.chars() {
                match c.to_digit(radix) {
                    Some(d) => v = v * radix as f64 + d as f64,
                    None => return f64::NAN,
                }
            }
            return v;
        }
    }
    let (sign, body) = match s.as_bytes()[0] {
        b'+' => (1.0, &s[1..]),
        b'-' => (-1.0, &s[1..]),
        _ => (1.0, s),
    };
    if body == "Infinity" {
        return sign * f64::INFINITY;
    }
    // StrUnsignedDecimalLiteral: digits, optional fraction, optional exponent; Rust's parser
    // accepts a superset ("inf", "nan", "1_0" are not accepted by it either), so validate
    // the characters first.
    let valid = !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && body
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && body != ".";
    if !valid {
        return f64::NAN;
    }
    match body.parse::<f64>() {
        Ok(v) => sign * v,
        Err(_) => f64::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The integer fast path agrees with the shortest-digits algorithm at and around its
    /// edges, and leaves -0, fractions and large integers to it.
    #[test]
    fn integers_print_as_the_shortest_digits_do() {
        let shortest = |x: f64| ryu_js::Buffer::new().format(x).to_string();
        let edge = 9007199254740992.0; // 2^53
        for x in [
            1.0,
            -1.0,
            7.0,
            10.0,
            1023.0,
            -4096.0,
            123456789.0,
            edge - 1.0,
            1.0 - edge,
        ] {
            assert_eq!(number_to_string(x), shortest(x), "{x}");
            assert_eq!(
                String::from_utf16(&number_to_utf16(x)).unwrap(),
                shortest(x)
            );
        }
        for x in [edge, -edge, 1e21, 123456789012345680000.0, 0.5, -0.25, 1e-7] {
            assert_eq!(number_to_string(x), shortest(x), "{x}");
        }
        assert_eq!(number_to_string(-0.0), "0");
        assert_eq!(String::from_utf16(&number_to_utf16(-0.0)).unwrap(), "0");
        assert_eq!(
            String::from_utf16(&number_to_utf16(f64::NAN)).unwrap(),
            "NaN"
        );
    }

    #[test]
    fn number_to_string_follows_the_spec() {
        assert_eq!(number_to_string(1.0), "1");
        assert_eq!(number_to_string(-0.0), "0");
        assert_eq!(number_to_string(0.1), "0.1");
        assert_eq!(number_to_string(1e21), "1e+21");
        assert_eq!(
            number_to_string(123456789012345680000.0),
            "123456789012345680000"
        );
        assert_eq!(number_to_string(1e-7), "1e-7");
        assert_eq!(number_to_string(f64::NAN), "NaN");
    }

    #[test]
    fn string_to_number_accepts_exactly_the_grammar() {
        assert_eq!(string_to_number("  42  "), 42.0);
        assert_eq!(string_to_number("0x1F"), 31.0);
        assert_eq!(string_to_number(""), 0.0);
        assert_eq!(string_to_number("-Infinity"), f64::NEG_INFINITY);
        assert!(string_to_number("1_000").is_nan());
        assert!(string_to_number("inf").is_nan());
        assert!(string_to_number("0x").is_nan());
        assert_eq!(string_to_number(".5"), 0.5);
        assert_eq!(string_to_number("5."), 5.0);
    }
}
