//! Strings, symbols and BigInts: the primitive values that live in the heap.

use crate::handle::Handle;
use crate::heap_struct;
use crate::image::{ImageError, Reader, Writer};
use crate::trace::{Persist, Trace, Visitor};

/// An ECMAScript String value: immutable UTF-16 code units.
/// <https://tc39.es/ecma262/#sec-ecmascript-language-types-string-type>
///
/// `interned` strings are the canonical copies used as property keys; the heap's intern table
/// finds them by content. Read a string's units with `Heap::string_units`, which resolves
/// prefix strings (see [`StringUnits`]).
#[derive(Clone, Debug)]
pub struct JsString {
    /// The code units (flat, or a prefix of another string's buffer).
    pub units: StringUnits,
    /// Is this the canonical string of its content (in the intern table)?
    pub interned: bool,
}
heap_struct!(JsString { units, interned });

/// Where a string's code units are.
///
/// `s + t` where `s` is long, flat and not interned *moves* `s`'s buffer into the result,
/// appends `t` there (amortized: the buffer grows by doubling) and leaves `s` a `Prefix`
/// of the result, the first `len` units of its buffer. So `s += "x"` in a loop is linear
/// rather than quadratic. A prefix's base was allocated after it, so a base always has a
/// higher index than its prefixes (the collector relies on this to shorten chains).
#[derive(Clone, Debug)]
pub enum StringUnits {
    /// The units themselves (interned strings are always flat).
    Flat(Vec<u16>),
    /// The first `len` units of another string.
    Prefix(PrefixOf),
}

impl Trace for StringUnits {
    fn trace<V: Visitor + ?Sized>(&mut self, visitor: &mut V) {
        match self {
            StringUnits::Flat(_) => {}
            StringUnits::Prefix(p) => p.trace(visitor),
        }
    }
}

/// Image tags of [`StringUnits`]: UTF-16 units (a length and two bytes a unit), a prefix, or
/// Latin-1 units (a length and one byte a unit), which the writer picks whenever every unit
/// is below 256. Source text is most of an image's bytes (lodash's 544 KB of it was 1.1 MB
/// of the 1.6 MB image in UTF-16), and every byte of an image is read, checksummed and
/// paged in at start-up. In memory strings stay UTF-16.
const FLAT_UTF16: u8 = 0;
const PREFIX: u8 = 1;
const FLAT_LATIN1: u8 = 2;

impl Persist for StringUnits {
    fn write(&self, w: &mut Writer) {
        match self {
            StringUnits::Flat(units) if units.iter().all(|&u| u < 256) => {
                FLAT_LATIN1.write(w);
                units.len().write(w);
                let bytes: Vec<u8> = units.iter().map(|&u| u as u8).collect();
                w.bytes(&bytes);
            }
            StringUnits::Flat(units) => {
                FLAT_UTF16.write(w);
                units.write(w);
            }
            StringUnits::Prefix(p) => {
                PREFIX.write(w);
                p.write(w);
            }
        }
    }
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        match u8::read(r)? {
            FLAT_UTF16 => Ok(StringUnits::Flat(Persist::read(r)?)),
            PREFIX => Ok(StringUnits::Prefix(Persist::read(r)?)),
            FLAT_LATIN1 => {
                let len = r.length()?;
                Ok(StringUnits::Flat(
                    r.bytes(len)?.iter().map(|&b| b as u16).collect(),
                ))
            }
            tag => Err(r.error(format!("invalid StringUnits tag {tag}"))),
        }
    }
}

/// The base and length of a prefix string.
#[derive(Clone, Copy, Debug)]
pub struct PrefixOf {
    /// The string whose buffer holds the units.
    pub base: Handle<JsString>,
    /// How many of the base's units are this string.
    pub len: u32,
}
heap_struct!(PrefixOf { base, len });

impl JsString {
    /// The length in code units (a prefix's own length: no walk to its base).
    #[inline]
    pub fn len(&self) -> usize {
        match &self.units {
            StringUnits::Flat(units) => units.len(),
            StringUnits::Prefix(p) => p.len as usize,
        }
    }

    /// Whether the string has no code units.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A flat string.
    pub fn flat(units: Vec<u16>, interned: bool) -> JsString {
        JsString {
            units: StringUnits::Flat(units),
            interned,
        }
    }

    /// The units of a flat string; empty for a prefix string (whose units are in its base:
    /// use `Heap::string_units`).
    pub fn flat_units(&self) -> &[u16] {
        match &self.units {
            StringUnits::Flat(units) => units,
            StringUnits::Prefix(_) => &[],
        }
    }
}

/// A Symbol value. <https://tc39.es/ecma262/#sec-ecmascript-language-types-symbol-type>
#[derive(Clone, Debug)]
pub struct Symbol {
    /// [[Description]] (`None` for `Symbol()`).
    pub description: Option<Handle<JsString>>,
    /// Registered with `Symbol.for` (its description is the registry key).
    pub registered: bool,
}
heap_struct!(Symbol {
    description,
    registered
});

/// A BigInt value: sign and magnitude in base 2^32 limbs, least significant first, no
/// trailing zero limbs (zero has no limbs and is never negative).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BigInt {
    /// The sign (false for zero).
    pub negative: bool,
    /// The magnitude, least significant limb first.
    pub limbs: Box<[u32]>,
}
heap_struct!(BigInt { negative, limbs });

/// Calls `f` with `s` as UTF-16 code units: short text (built-in names) is encoded on the
/// stack, longer text in a new `Vec`.
pub fn with_utf16<R>(s: &str, f: impl FnOnce(&[u16]) -> R) -> R {
    let mut buf = [0u16; 32];
    // A UTF-8 string never has more code units than bytes.
    if s.len() <= buf.len() {
        if s.is_ascii() {
            // Widening bytes is cheaper than decoding UTF-8 (start-up interns ~2,000 names).
            for (u, &b) in buf.iter_mut().zip(s.as_bytes()) {
                *u = b as u16;
            }
            return f(&buf[..s.len()]);
        }
        let mut n = 0;
        for u in s.encode_utf16() {
            buf[n] = u;
            n += 1;
        }
        return f(&buf[..n]);
    }
    f(&s.encode_utf16().collect::<Vec<u16>>())
}
