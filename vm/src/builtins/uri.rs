//! URI handling functions (<https://tc39.es/ecma262/#sec-uri-handling-functions>) and the
//! Annex B `escape`/`unescape` globals.

use super::global;
use super::native_function;
use super::regexp::to_units;
use crate::natives::NativeId;
use crate::{Args, ErrorKind, JsResult, Vm};
use amber_heap::Value;

pub fn init(vm: &mut Vm) {
    for (name, id) in [
        ("decodeURI", NativeId::DecodeUri),
        ("decodeURIComponent", NativeId::DecodeUriComponent),
        ("encodeURI", NativeId::EncodeUri),
        ("encodeURIComponent", NativeId::EncodeUriComponent),
        ("escape", NativeId::Escape),
        ("unescape", NativeId::Unescape),
    ] {
        let f = native_function(vm, id, name, 1, false);
        global(vm, name, Value::Object(f));
    }
}

/// The reserved characters `encodeURI` leaves alone and `decodeURI` does not decode.
const URI_RESERVED_AND_HASH: &str = ";/?:@&=+$,#";

fn uri_error(vm: &mut Vm) -> crate::Throw {
    vm.throw_error(ErrorKind::UriError, "URI malformed")
}

/// Encode(string, extraUnescaped). <https://tc39.es/ecma262/#sec-encode>
fn encode(vm: &mut Vm, args: Args, extra_unescaped: &str) -> JsResult {
    let s = to_units(vm, args.get(vm, 0))?;
    let unescaped = |u: u16| {
        u < 0x80
            && ((u as u8).is_ascii_alphanumeric()
                || b"-_.!~*'()".contains(&(u as u8))
                || extra_unescaped.as_bytes().contains(&(u as u8)))
    };
    let mut r: Vec<u16> = Vec::with_capacity(s.len());
    let mut k = 0;
    while k < s.len() {
        let c = s[k];
        if unescaped(c) {
            r.push(c);
            k += 1;
            continue;
        }
        // Let cp be CodePointAt(string, k); an unpaired surrogate throws a URIError.
        let (cp, count) = super::string::code_point_at_units(&s, k);
        if (0xD800..0xE000).contains(&cp) {
            return Err(uri_error(vm));
        }
        k += count;
        let ch = char::from_u32(cp).unwrap_or('\u{FFFD}');
        let mut buf = [0u8; 4];
        for b in ch.encode_utf8(&mut buf).bytes() {
            r.extend(format!("%{b:02X}").encode_utf16());
        }
    }
    Ok(vm.string_value(r))
}

fn hex_value(u: u16) -> Option<u32> {
    char::from_u32(u as u32)?.to_digit(16)
}

/// ParseHexOctet(string, position). <https://tc39.es/ecma262/#sec-parsehexoctet>
fn parse_hex_octet(s: &[u16], at: usize) -> Option<u8> {
    let hi = hex_value(*s.get(at)?)?;
    let lo = hex_value(*s.get(at + 1)?)?;
    Some((hi * 16 + lo) as u8)
}

/// Decode(string, preserveEscapeSet). <https://tc39.es/ecma262/#sec-decode>
fn decode(vm: &mut Vm, args: Args, preserve: &str) -> JsResult {
    let s = to_units(vm, args.get(vm, 0))?;
    let len = s.len();
    let mut r: Vec<u16> = Vec::with_capacity(len);
    let mut k = 0;
    while k < len {
        let c = s[k];
        if c != b'%' as u16 {
            r.push(c);
            k += 1;
            continue;
        }
        // b.i-iii. "%XX": the first octet.
        let start = k;
        let Some(b) = parse_hex_octet(&s, k + 1) else {
            return Err(uri_error(vm));
        };
        k += 2;
        // b.iv. Let n be the number of leading 1 bits in B.
        let n = b.leading_ones() as usize;
        if n == 0 {
            if preserve.as_bytes().contains(&b) {
                r.extend_from_slice(&s[start..start + 3]);
            } else {
                r.push(b as u16);
            }
            k += 1;
            continue;
        }
        // b.vi. A multi-byte sequence of n octets, each "%XX" with 10xxxxxx.
        if n == 1 || n > 4 {
            return Err(uri_error(vm));
        }
        let mut octets = vec![b];
        for _ in 1..n {
            k += 1;
            if s.get(k) != Some(&(b'%' as u16)) {
                return Err(uri_error(vm));
            }
            match parse_hex_octet(&s, k + 1) {
                Some(cb) if cb & 0xC0 == 0x80 => octets.push(cb),
                _ => return Err(uri_error(vm)),
            }
            k += 2;
        }
        // The octets must be the shortest UTF-8 form of a scalar value.
        let Ok(text) = std::str::from_utf8(&octets) else {
            return Err(uri_error(vm));
        };
        r.extend(text.encode_utf16());
        k += 1;
    }
    Ok(vm.string_value(r))
}

/// encodeURI(uri) <https://tc39.es/ecma262/#sec-encodeuri-uri>
pub fn encode_uri(vm: &mut Vm, args: Args) -> JsResult {
    encode(vm, args, URI_RESERVED_AND_HASH)
}

/// encodeURIComponent(uriComponent) <https://tc39.es/ecma262/#sec-encodeuricomponent-uricomponent>
pub fn encode_uri_component(vm: &mut Vm, args: Args) -> JsResult {
    encode(vm, args, "")
}

/// decodeURI(encodedURI) <https://tc39.es/ecma262/#sec-decodeuri-encodeduri>
pub fn decode_uri(vm: &mut Vm, args: Args) -> JsResult {
    decode(vm, args, URI_RESERVED_AND_HASH)
}

/// decodeURIComponent(encodedURIComponent)
/// <https://tc39.es/ecma262/#sec-decodeuricomponent-encodeduricomponent>
pub fn decode_uri_component(vm: &mut Vm, args: Args) -> JsResult {
    decode(vm, args, "")
}

/// escape(string) (Annex B) <https://tc39.es/ecma262/#sec-escape-string>
pub fn escape(vm: &mut Vm, args: Args) -> JsResult {
    let s = to_units(vm, args.get(vm, 0))?;
    let mut r: Vec<u16> = Vec::with_capacity(s.len());
    for u in s {
        if u < 0x80 && ((u as u8).is_ascii_alphanumeric() || b"@*_+-./".contains(&(u as u8))) {
            r.push(u);
        } else if u < 256 {
            r.extend(format!("%{u:02X}").encode_utf16());
        } else {
            r.extend(format!("%u{u:04X}").encode_utf16());
        }
    }
    Ok(vm.string_value(r))
}

/// unescape(string) (Annex B) <https://tc39.es/ecma262/#sec-unescape-string>
pub fn unescape(vm: &mut Vm, args: Args) -> JsResult {
    let s = to_units(vm, args.get(vm, 0))?;
    let mut r: Vec<u16> = Vec::with_capacity(s.len());
    let mut k = 0;
    let hex4 = |at: usize| -> Option<u16> {
        let mut v = 0u32;
        for i in 0..4 {
            v = v * 16 + hex_value(*s.get(at + i)?)?;
        }
        Some(v as u16)
    };
    while k < s.len() {
        let mut c = s[k];
        if c == b'%' as u16 {
            if s.get(k + 1) == Some(&(b'u' as u16)) {
                if let Some(v) = hex4(k + 2) {
                    c = v;
                    k += 5;
                }
            } else if let Some(v) = parse_hex_octet(&s, k + 1) {
                c = v as u16;
                k += 2;
            }
        }
        r.push(c);
        k += 1;
    }
    Ok(vm.string_value(r))
}
