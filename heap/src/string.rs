//! Strings, symbols and BigInts: the primitive values that live in the heap.

use std::cell::OnceCell;

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
    /// The units themselves (interned strings are always flat or Latin-1).
    Flat(Vec<u16>),
    /// The first `len` units of another string.
    Prefix(PrefixOf),
    /// Latin-1 text read from a heap image, widened to UTF-16 when first read.
    Latin1(Box<Latin1Units>),
}

/// A long string read from a heap image whose units are all below 256, kept as its image
/// holds it, Latin-1 text compressed with LZ4 (a block, `lz4_flex::block`), until something
/// reads it as UTF-16 ([`JsString::flat_units`], `Heap::string_units`): that decompresses and
/// widens it once and keeps the wide copy beside the packed bytes.
///
/// Most of an image's bytes are source text that a process started from it never reads: a
/// function's source is read only by `Function.prototype.toString`. Widening lodash's 544 KB of
/// source on load cost half a million instructions and 270 page faults (a third of the whole
/// start) for 1.1 MB that stayed untouched. Kept as Latin-1 bytes, it was still 133 fresh
/// pages to populate and fill, a tenth of the start; packed, 166 KB (`heap/IMAGES.md`).
#[derive(Clone, Debug)]
pub struct Latin1Units {
    /// The text, LZ4-compressed.
    packed: Box<[u8]>,
    /// The length of the text in units (bytes).
    len: usize,
    wide: OnceCell<Box<[u16]>>,
}

impl Latin1Units {
    /// The length in code units.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no units.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The units as UTF-16 (decompressed and widened on the first call).
    ///
    /// The packed bytes come from an image, whose checksums catch damage, but an image
    /// crafted to pass them can hold bytes that do not decompress to `len` bytes. Reading
    /// them is no error and no panic: a block that is not valid LZ4 reads as U+FFFD
    /// throughout, and one that gives fewer bytes is padded with U+FFFD, so the string keeps
    /// the length the image declared (and checked against prefixes of it).
    pub fn wide(&self) -> &[u16] {
        self.wide.get_or_init(|| {
            let mut bytes = vec![0u8; self.len];
            let n = lz4_flex::block::decompress_into(&self.packed, &mut bytes).unwrap_or(0);
            let mut wide: Vec<u16> = bytes[..n].iter().map(|&b| u16::from(b)).collect();
            wide.resize(self.len, 0xFFFD);
            wide.into_boxed_slice()
        })
    }

    /// The bytes a string owns outside its arena entry: the packed text, and the wide copy
    /// once made.
    pub fn footprint(&self) -> usize {
        std::mem::size_of::<Self>() + self.packed.len() + self.wide.get().map_or(0, |w| w.len() * 2)
    }
}

/// Strings at least this long are written to an image LZ4-compressed when every unit is below
/// 256, and read back as [`Latin1Units`]. Shorter ones are written as Latin-1 bytes and
/// widened at once: a box and a cell would cost more than they save. (A long interned string
/// is widened when loading rebuilds the intern table, which hashes its units.)
const LAZY_LATIN1_AT: usize = 1024;

impl Trace for StringUnits {
    fn trace<V: Visitor + ?Sized>(&mut self, visitor: &mut V) {
        match self {
            StringUnits::Flat(_) | StringUnits::Latin1(_) => {}
            StringUnits::Prefix(p) => p.trace(visitor),
        }
    }
}

/// Image tags of [`StringUnits`]: UTF-16 units (a length and two bytes a unit), a prefix,
/// Latin-1 units (a length and one byte a unit), which the writer picks whenever every unit
/// is below 256, or, for such text of [`LAZY_LATIN1_AT`] units or more, packed Latin-1 (the
/// length in units, then the LZ4 block's length and bytes). Source text is most of an image's
/// bytes (lodash's 544 KB of it was 1.1 MB of the 1.6 MB image in UTF-16; packed it is 166
/// KB), and every byte of an image is read, checksummed and paged in at start-up. In memory,
/// packed strings stay packed until read ([`Latin1Units`]); all others are UTF-16.
const FLAT_UTF16: u8 = 0;
const PREFIX: u8 = 1;
const FLAT_LATIN1: u8 = 2;
const PACKED_LATIN1: u8 = 3;

impl Persist for StringUnits {
    fn write(&self, w: &mut Writer) {
        match self {
            StringUnits::Flat(units) if units.iter().all(|&u| u < 256) => {
                let bytes: Vec<u8> = units.iter().map(|&u| u as u8).collect();
                if bytes.len() >= LAZY_LATIN1_AT {
                    write_packed(w, bytes.len(), &lz4_flex::block::compress(&bytes));
                } else {
                    FLAT_LATIN1.write(w);
                    bytes.len().write(w);
                    w.bytes(&bytes);
                }
            }
            StringUnits::Flat(units) => {
                FLAT_UTF16.write(w);
                units.write(w);
            }
            // The packed bytes as read (compressing the text again gives the same bytes).
            StringUnits::Latin1(l) => write_packed(w, l.len, &l.packed),
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
                let bytes = r.bytes(len)?;
                Ok(StringUnits::Flat(bytes.iter().map(|&b| b as u16).collect()))
            }
            PACKED_LATIN1 => {
                let len = usize::read(r)?;
                let n = r.length()?;
                let bytes = r.bytes(n)?;
                // An LZ4 block gives at most 255 bytes a byte of input (a match's length
                // extension bytes): a longer declared text cannot be what the block holds,
                // and a length would otherwise reserve memory the image never fills.
                if len > n.saturating_mul(255) {
                    return Err(r.error(format!("packed string of {len} units in {n} bytes")));
                }
                let mut packed = Vec::with_capacity(n);
                crate::populate_for_writing(packed.as_ptr(), n);
                packed.extend_from_slice(bytes);
                Ok(StringUnits::Latin1(Box::new(Latin1Units {
                    packed: packed.into_boxed_slice(),
                    len,
                    wide: OnceCell::new(),
                })))
            }
            tag => Err(r.error(format!("invalid StringUnits tag {tag}"))),
        }
    }
}

/// Writes packed Latin-1 text: the tag, the length in units, the LZ4 block.
fn write_packed(w: &mut Writer, len: usize, packed: &[u8]) {
    PACKED_LATIN1.write(w);
    len.write(w);
    packed.len().write(w);
    w.bytes(packed);
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
            StringUnits::Latin1(l) => l.len(),
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
            StringUnits::Latin1(l) => l.wide(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Kind;

    fn write(units: &StringUnits) -> Vec<u8> {
        let mut w = Writer::default();
        units.write(&mut w);
        w.as_bytes().to_vec()
    }

    fn read(bytes: &[u8]) -> StringUnits {
        StringUnits::read(&mut Reader::for_test(bytes, vec![0; Kind::COUNT])).unwrap()
    }

    /// Packed text that does not decompress to its declared length (only an image crafted to
    /// pass the checksums holds any) reads as U+FFFD where the block gives no units; a length
    /// no block of that size can give is refused.
    #[test]
    fn packed_text_that_does_not_decompress_reads_as_replacement_characters() {
        let text: Vec<u16> = (0..3000u32).map(|i| (i % 10) as u16 + 0x30).collect();
        let mut bytes = write(&StringUnits::Flat(text.clone()));
        // The block follows the tag and two 8-byte lengths: cut its literals short by
        // damaging its first token, then read it.
        bytes[17] = 0xF0;
        bytes[18] = 0x00;
        let units = read(&bytes);
        let StringUnits::Latin1(l) = &units else {
            panic!("expected Latin-1 units, got {units:?}")
        };
        assert_eq!(l.wide().len(), 3000);
        assert!(l.wide().contains(&0xFFFD), "{:?}", &l.wide()[..20]);

        let mut too_long = write(&StringUnits::Flat(text));
        too_long[1..9].copy_from_slice(&u64::MAX.to_le_bytes());
        let mut r = Reader::for_test(&too_long, vec![0; Kind::COUNT]);
        let err = StringUnits::read(&mut r).unwrap_err();
        assert!(err.message.contains("packed string"), "{}", err.message);
    }

    /// Long Latin-1 text comes back from an image packed, reads as the same UTF-16 units,
    /// and is written again byte for byte as it was read (so images stay deterministic);
    /// short text and text with units above 255 come back flat.
    #[test]
    fn long_latin1_text_is_read_packed_and_widened_when_read() {
        let text: Vec<u16> = (0..3000u32).map(|i| (i * 7 % 256) as u16).collect();
        let bytes = write(&StringUnits::Flat(text.clone()));
        let units = read(&bytes);
        let StringUnits::Latin1(l) = &units else {
            panic!("expected Latin-1 units, got {units:?}")
        };
        assert_eq!(l.len(), 3000);
        assert!(
            l.packed.len() < 3000,
            "not compressed: {} bytes",
            l.packed.len()
        );
        assert!(l.wide.get().is_none(), "widened before anything read it");
        assert_eq!(write(&units), bytes);
        let s = JsString {
            units,
            interned: false,
        };
        assert_eq!(s.len(), 3000);
        assert_eq!(s.flat_units(), &text[..]);
        assert_eq!(write(&s.units), bytes, "widening changed the image bytes");

        let short: Vec<u16> = vec![b'a' as u16; LAZY_LATIN1_AT - 1];
        assert!(
            matches!(read(&write(&StringUnits::Flat(short))), StringUnits::Flat(u) if u.len() == LAZY_LATIN1_AT - 1)
        );
        let mut wide = text;
        wide[17] = 0x3b1;
        assert!(
            matches!(read(&write(&StringUnits::Flat(wide.clone()))), StringUnits::Flat(u) if u == wide)
        );
    }
}
