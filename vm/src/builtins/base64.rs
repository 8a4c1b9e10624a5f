//! Uint8Array to and from base64 and hex: `Uint8Array.fromBase64`, `Uint8Array.fromHex` and
//! `Uint8Array.prototype.{setFromBase64, setFromHex, toBase64, toHex}`.
//! <https://tc39.es/ecma262/#sec-uint8array-objects>

use super::method;
use super::typed_array::{buffer_to_vec, make_record, write_buffer, ElementType};
use crate::natives::NativeId;
use crate::ops;
use crate::realm::Intrinsic;
use crate::{Args, JsResult, Vm};
use amber_heap::{Handle, Object, Value};

pub fn init(vm: &mut Vm) {
    let c = vm.intrinsic(Intrinsic::Uint8Array);
    method(vm, c, "fromBase64", NativeId::Uint8ArrayFromBase64, 1);
    method(vm, c, "fromHex", NativeId::Uint8ArrayFromHex, 1);
    let p = vm.intrinsic(Intrinsic::Uint8ArrayPrototype);
    method(
        vm,
        p,
        "setFromBase64",
        NativeId::Uint8ArrayPrototypeSetFromBase64,
        1,
    );
    method(
        vm,
        p,
        "setFromHex",
        NativeId::Uint8ArrayPrototypeSetFromHex,
        1,
    );
    method(vm, p, "toBase64", NativeId::Uint8ArrayPrototypeToBase64, 0);
    method(vm, p, "toHex", NativeId::Uint8ArrayPrototypeToHex, 0);
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

#[derive(Clone, Copy, PartialEq, Eq)]
enum LastChunk {
    Loose,
    Strict,
    StopBeforePartial,
}

/// The result of FromBase64 / FromHex: [[Read]], [[Bytes]], and whether [[Error]] is a
/// SyntaxError.
struct Decoded {
    read: usize,
    bytes: Vec<u8>,
    error: bool,
}

/// The string argument (a TypeError unless it is a String).
fn string_arg(vm: &mut Vm, v: Value) -> JsResult<Vec<u16>> {
    match v {
        Value::String(s) => Ok(vm.heap.string_units(s).to_vec()),
        _ => Err(vm.type_error("argument must be a string")),
    }
}

/// GetOptionsObject(options), then Get(opts, name) (undefined when options is undefined).
/// <https://tc39.es/ecma262/#sec-getoptionsobject>
fn option(vm: &mut Vm, options: Value, name: &str) -> JsResult {
    match options {
        Value::Undefined => Ok(Value::Undefined),
        Value::Object(o) => ops::get_str(vm, o, name),
        _ => Err(vm.type_error("options must be an object")),
    }
}

fn is_str(vm: &Vm, v: Value, s: &str) -> bool {
    matches!(v, Value::String(h) if vm.heap.string_units(h).iter().copied().eq(s.encode_utf16()))
}

/// The "alphabet" option: true for base64url.
fn alphabet_option(vm: &mut Vm, options: Value) -> JsResult<bool> {
    let a = option(vm, options, "alphabet")?;
    if a.is_undefined() || is_str(vm, a, "base64") {
        return Ok(false);
    }
    if is_str(vm, a, "base64url") {
        return Ok(true);
    }
    Err(vm.type_error("alphabet must be \"base64\" or \"base64url\""))
}

fn last_chunk_option(vm: &mut Vm, options: Value) -> JsResult<LastChunk> {
    let l = option(vm, options, "lastChunkHandling")?;
    if l.is_undefined() || is_str(vm, l, "loose") {
        Ok(LastChunk::Loose)
    } else if is_str(vm, l, "strict") {
        Ok(LastChunk::Strict)
    } else if is_str(vm, l, "stop-before-partial") {
        Ok(LastChunk::StopBeforePartial)
    } else {
        Err(vm.type_error(
            "lastChunkHandling must be \"loose\", \"strict\" or \"stop-before-partial\"",
        ))
    }
}

/// SkipAsciiWhitespace(string, index) <https://tc39.es/ecma262/#sec-skipasciiwhitespace>
fn skip_ascii_whitespace(s: &[u16], mut index: usize) -> usize {
    while index < s.len() && matches!(s[index], 0x09 | 0x0a | 0x0c | 0x0d | 0x20) {
        index += 1;
    }
    index
}

/// DecodeFullLengthBase64Chunk(chunk) on alphabet indices.
/// <https://tc39.es/ecma262/#sec-decodefulllengthbase64chunk>
fn decode_full_chunk(chunk: &[u8]) -> [u8; 3] {
    let n = chunk
        .iter()
        .take(4)
        .fold(0u32, |acc, &c| (acc << 6) | c as u32);
    [(n >> 16) as u8, (n >> 8) as u8, n as u8]
}

/// DecodeFinalBase64Chunk(chunk, throwOnExtraBits): `None` for the SyntaxError.
/// <https://tc39.es/ecma262/#sec-decodefinalbase64chunk>
fn decode_final_chunk(chunk: &[u8], throw_on_extra_bits: bool) -> Option<Vec<u8>> {
    let mut padded = chunk.to_vec();
    padded.resize(4, 0);
    let bytes = decode_full_chunk(&padded);
    if chunk.len() == 2 {
        if throw_on_extra_bits && bytes[1] != 0 {
            return None;
        }
        Some(vec![bytes[0]])
    } else {
        if throw_on_extra_bits && bytes[2] != 0 {
            return None;
        }
        Some(vec![bytes[0], bytes[1]])
    }
}

/// FromBase64(string, alphabet, lastChunkHandling [, maxLength])
/// <https://tc39.es/ecma262/#sec-frombase64>
fn from_base64(s: &[u16], url: bool, last: LastChunk, max_length: usize) -> Decoded {
    let mut out = Decoded {
        read: 0,
        bytes: Vec::new(),
        error: false,
    };
    // 3. If maxLength = 0, return { [[Read]]: 0, [[Bytes]]: « » }.
    if max_length == 0 {
        return out;
    }
    let fail = |mut d: Decoded| {
        d.error = true;
        d
    };
    let mut chunk: Vec<u8> = Vec::with_capacity(4);
    let mut index = 0;
    let length = s.len();
    loop {
        index = skip_ascii_whitespace(s, index);
        if index == length {
            if !chunk.is_empty() {
                match last {
                    LastChunk::StopBeforePartial => return out,
                    LastChunk::Loose => {
                        if chunk.len() == 1 {
                            return fail(out);
                        }
                        let tail = decode_final_chunk(&chunk, false).unwrap_or_default();
                        out.bytes.extend(tail);
                    }
                    LastChunk::Strict => return fail(out),
                }
            }
            out.read = length;
            return out;
        }
        let mut c = s[index];
        index += 1;
        if c == b'=' as u16 {
            if chunk.len() < 2 {
                return fail(out);
            }
            index = skip_ascii_whitespace(s, index);
            if chunk.len() == 2 {
                if index == length {
                    if last == LastChunk::StopBeforePartial {
                        return out;
                    }
                    return fail(out);
                }
                if s[index] == b'=' as u16 {
                    index = skip_ascii_whitespace(s, index + 1);
                }
            }
            if index < length {
                return fail(out);
            }
            let Some(tail) = decode_final_chunk(&chunk, last == LastChunk::Strict) else {
                return fail(out);
            };
            out.bytes.extend(tail);
            out.read = length;
            return out;
        }
        if url {
            if c == b'+' as u16 || c == b'/' as u16 {
                return fail(out);
            } else if c == b'-' as u16 {
                c = b'+' as u16;
            } else if c == b'_' as u16 {
                c = b'/' as u16;
            }
        }
        let Some(value) = ALPHABET.iter().position(|&a| a as u16 == c) else {
            return fail(out);
        };
        let remaining = max_length - out.bytes.len();
        if (remaining == 1 && chunk.len() == 2) || (remaining == 2 && chunk.len() == 3) {
            return out;
        }
        chunk.push(value as u8);
        if chunk.len() == 4 {
            out.bytes.extend(decode_full_chunk(&chunk));
            chunk.clear();
            out.read = index;
            if out.bytes.len() == max_length {
                return out;
            }
        }
    }
}

/// FromHex(string [, maxLength]) <https://tc39.es/ecma262/#sec-fromhex>
fn from_hex(s: &[u16], max_length: usize) -> Decoded {
    let mut out = Decoded {
        read: 0,
        bytes: Vec::new(),
        error: false,
    };
    if !s.len().is_multiple_of(2) {
        out.error = true;
        return out;
    }
    let digit = |u: u16| char::from_u32(u as u32).and_then(|c| c.to_digit(16));
    while out.read < s.len() && out.bytes.len() < max_length {
        let (Some(hi), Some(lo)) = (digit(s[out.read]), digit(s[out.read + 1])) else {
            out.error = true;
            return out;
        };
        out.read += 2;
        out.bytes.push((hi * 16 + lo) as u8);
    }
    out
}

/// A new Uint8Array holding `bytes` (AllocateTypedArray with %Uint8Array%).
fn new_uint8_array(vm: &mut Vm, bytes: &[u8]) -> JsResult {
    let c = Value::Object(vm.intrinsic(Intrinsic::Uint8Array));
    let ta = ops::construct(vm, c, &[Value::Number(bytes.len() as f64)], None)?;
    if let Value::Object(o) = ta {
        set_uint8_array_bytes(vm, o, bytes);
    }
    Ok(ta)
}

/// SetUint8ArrayBytes(into, bytes) <https://tc39.es/ecma262/#sec-setuint8arraybytes>
fn set_uint8_array_bytes(vm: &mut Vm, into: Handle<Object>, bytes: &[u8]) {
    let Some(r) = make_record(vm, into) else {
        return;
    };
    let at = r.data.byte_offset as usize;
    write_buffer(vm, r.data.buffer, at, bytes);
}

/// ValidateUint8Array(ta) <https://tc39.es/ecma262/#sec-validateuint8array>
/// ValidateUint8Array for a target that is written: not backed by an immutable buffer
/// (immutable-arraybuffer proposal).
fn validate_writable_uint8_array(vm: &mut Vm, v: Value) -> JsResult<Handle<Object>> {
    let o = validate_uint8_array(vm, v)?;
    if super::typed_array::is_view_immutable(vm, o) {
        return Err(vm.type_error("the Uint8Array is backed by an immutable ArrayBuffer"));
    }
    Ok(o)
}

fn validate_uint8_array(vm: &mut Vm, v: Value) -> JsResult<Handle<Object>> {
    if let Value::Object(o) = v {
        if make_record(vm, o).is_some_and(|r| r.ty == ElementType::Uint8) {
            return Ok(o);
        }
    }
    Err(vm.type_error("this is not a Uint8Array"))
}

/// The length of `into` for the set methods (a TypeError when out of bounds).
fn byte_length_in_bounds(vm: &mut Vm, into: Handle<Object>) -> JsResult<usize> {
    match make_record(vm, into).filter(|r| !r.out_of_bounds()) {
        Some(r) => Ok(r.length()),
        None => Err(vm.type_error("typed array is detached or out of bounds")),
    }
}

/// GetUint8ArrayBytes(ta) <https://tc39.es/ecma262/#sec-getuint8arraybytes>
fn get_uint8_array_bytes(vm: &mut Vm, ta: Handle<Object>) -> JsResult<Vec<u8>> {
    let len = byte_length_in_bounds(vm, ta)?;
    let Some(r) = make_record(vm, ta) else {
        unreachable!()
    };
    let at = r.data.byte_offset as usize;
    Ok(buffer_to_vec(vm, r.data.buffer, at, len))
}

fn read_written(vm: &mut Vm, read: usize, written: usize) -> Value {
    let o = super::ordinary(vm, Intrinsic::ObjectPrototype);
    let (rk, wk) = (vm.key("read"), vm.key("written"));
    super::add(
        vm,
        o,
        rk,
        Value::Number(read as f64),
        amber_heap::attrs::DEFAULT,
    );
    super::add(
        vm,
        o,
        wk,
        Value::Number(written as f64),
        amber_heap::attrs::DEFAULT,
    );
    Value::Object(o)
}

/// Uint8Array.fromBase64(string [, options]) <https://tc39.es/ecma262/#sec-uint8array.frombase64>
pub fn from_base64_native(vm: &mut Vm, args: Args) -> JsResult {
    if !matches!(args.get(vm, 0), Value::String(_)) {
        return Err(vm.type_error("Uint8Array.fromBase64: argument must be a string"));
    }
    let options = args.get(vm, 1);
    let url = alphabet_option(vm, options)?;
    let options = args.get(vm, 1);
    let last = last_chunk_option(vm, options)?;
    let s = string_arg(vm, args.get(vm, 0))?;
    let d = from_base64(&s, url, last, usize::MAX);
    if d.error {
        return Err(vm.throw_error(crate::ErrorKind::SyntaxError, "invalid base64 string"));
    }
    new_uint8_array(vm, &d.bytes)
}

/// Uint8Array.fromHex(string) <https://tc39.es/ecma262/#sec-uint8array.fromhex>
pub fn from_hex_native(vm: &mut Vm, args: Args) -> JsResult {
    let s = string_arg(vm, args.get(vm, 0))?;
    let d = from_hex(&s, usize::MAX);
    if d.error {
        return Err(vm.throw_error(crate::ErrorKind::SyntaxError, "invalid hex string"));
    }
    new_uint8_array(vm, &d.bytes)
}

/// Uint8Array.prototype.setFromBase64(string [, options])
/// <https://tc39.es/ecma262/#sec-uint8array.prototype.setfrombase64>
pub fn set_from_base64(vm: &mut Vm, args: Args) -> JsResult {
    let this = args.this(vm);
    validate_writable_uint8_array(vm, this)?;
    if !matches!(args.get(vm, 0), Value::String(_)) {
        return Err(vm.type_error("Uint8Array.prototype.setFromBase64: argument must be a string"));
    }
    let options = args.get(vm, 1);
    let url = alphabet_option(vm, options)?;
    let options = args.get(vm, 1);
    let last = last_chunk_option(vm, options)?;
    let this = args.this(vm);
    let into = validate_uint8_array(vm, this)?;
    let byte_length = byte_length_in_bounds(vm, into)?;
    let s = string_arg(vm, args.get(vm, 0))?;
    let d = from_base64(&s, url, last, byte_length);
    set_uint8_array_bytes(vm, into, &d.bytes);
    if d.error {
        return Err(vm.throw_error(crate::ErrorKind::SyntaxError, "invalid base64 string"));
    }
    Ok(read_written(vm, d.read, d.bytes.len()))
}

/// Uint8Array.prototype.setFromHex(string) <https://tc39.es/ecma262/#sec-uint8array.prototype.setfromhex>
pub fn set_from_hex(vm: &mut Vm, args: Args) -> JsResult {
    let this = args.this(vm);
    let into = validate_writable_uint8_array(vm, this)?;
    let s = string_arg(vm, args.get(vm, 0))?;
    let byte_length = byte_length_in_bounds(vm, into)?;
    let d = from_hex(&s, byte_length);
    set_uint8_array_bytes(vm, into, &d.bytes);
    if d.error {
        return Err(vm.throw_error(crate::ErrorKind::SyntaxError, "invalid hex string"));
    }
    Ok(read_written(vm, d.read, d.bytes.len()))
}

/// Uint8Array.prototype.toBase64([options]) <https://tc39.es/ecma262/#sec-uint8array.prototype.tobase64>
pub fn to_base64(vm: &mut Vm, args: Args) -> JsResult {
    let this = args.this(vm);
    validate_uint8_array(vm, this)?;
    let options = args.get(vm, 0);
    let url = alphabet_option(vm, options)?;
    let options = args.get(vm, 0);
    let omit = option(vm, options, "omitPadding")?;
    let omit_padding = ops::to_boolean(vm, omit);
    let this = args.this(vm);
    let o = validate_uint8_array(vm, this)?;
    let bytes = get_uint8_array_bytes(vm, o)?;
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (b as u32) << (16 - 8 * i));
        let chars = group.len() + 1;
        for i in 0..4 {
            if i < chars {
                let mut c = ALPHABET[((n >> (18 - 6 * i)) & 63) as usize];
                if url {
                    c = match c {
                        b'+' => b'-',
                        b'/' => b'_',
                        c => c,
                    };
                }
                out.push(c as char);
            } else if !omit_padding {
                out.push('=');
            }
        }
    }
    Ok(vm.string_from(&out))
}

/// Uint8Array.prototype.toHex() <https://tc39.es/ecma262/#sec-uint8array.prototype.tohex>
pub fn to_hex(vm: &mut Vm, args: Args) -> JsResult {
    let this = args.this(vm);
    let o = validate_uint8_array(vm, this)?;
    let bytes = get_uint8_array_bytes(vm, o)?;
    let out: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(vm.string_from(&out))
}
