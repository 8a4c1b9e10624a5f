//! Heap images: the whole heap plus the VM's roots, written to bytes and read back.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! magic       8 bytes  "AMBERIMG"
//! sentinel    6 bytes  19 93 0D 0A 1A 0A   (catches text-mode and newline corruption)
//! version     u32      FORMAT_VERSION
//! engine_id   u64      hash of the bytecode format and the native-function table
//! sections    u32      the number of sections
//! table       per section: tag (4 bytes), offset u64, length u64, checksum u64 (CRC-32)
//! header_sum  u64      checksum of every byte before it
//! KNDS        section: entries per arena, u64 × Kind::COUNT
//! STRS SYMS BIGS OBJS ENVS CODE RLMS   one section per arena, every entry in order
//! ROOT        section: the VM's root record
//! checksum    u64      checksum of every byte before it (the whole file)
//! ```
//!
//! Every section has its own checksum, and the table says where each is, so a tool can list an
//! image's sections and counts ([`info`]) without loading it, and a corrupt image names the
//! section that is damaged. Loading validates everything: the header, every checksum, every
//! tag, every length and every handle (an index must be below its arena's count). A malformed
//! image is an [`ImageError`], never a panic.

use crate::trace::Persist;
use crate::{Arenas, Heap, JsString, Kind};
use std::fmt;

/// The first eight bytes of every heap image.
pub const MAGIC: &[u8; 8] = b"AMBERIMG";
/// Bytes after the magic that text-mode transfers would mangle (as PNG's): a damaged
/// copy fails at once.
pub const SENTINEL: &[u8; 6] = b"\x19\x93\r\n\x1a\n";
/// The image format's version; images of other versions are refused (see `heap/IMAGES.md`).
pub const FORMAT_VERSION: u32 = 16;

/// Why an image could not be loaded: a [`ImageErrorDetail`] behind one pointer, so that every
/// field read's `Result` (a value or this error) is at most two words and comes back in
/// registers. The reader returns a `Result` per field, and with the error inline (a `String`
/// and an offset, four words) each one went through memory: 2026-12-05, reading the lodash
/// image's arenas.
#[derive(Clone, PartialEq, Eq)]
pub struct ImageError(Box<ImageErrorDetail>);

/// What [`ImageError`] says (its fields are read through it: `error.message`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageErrorDetail {
    /// What is wrong, in words.
    pub message: String,
    /// The byte offset in the file where reading stopped.
    pub offset: usize,
}

impl ImageError {
    /// The error `message` at byte `offset` of the file.
    #[cold]
    pub fn new(message: impl Into<String>, offset: usize) -> ImageError {
        ImageError(Box::new(ImageErrorDetail {
            message: message.into(),
            offset,
        }))
    }
}

impl std::ops::Deref for ImageError {
    type Target = ImageErrorDetail;
    fn deref(&self) -> &ImageErrorDetail {
        &self.0
    }
}

impl fmt::Debug for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImageError")
            .field("message", &self.message)
            .field("offset", &self.offset)
            .finish()
    }
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid heap image: {} (at byte {})",
            self.message, self.offset
        )
    }
}

impl std::error::Error for ImageError {}

/// Appends bytes.
#[derive(Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    /// The bytes written so far (for unit tests of single `Persist` encodings).
    #[cfg(test)]
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    /// Appends `b`.
    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }
}

/// Reads bytes, checking bounds and handles.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// Where `buf` starts in the file (for error offsets).
    base: usize,
    counts: [usize; Kind::COUNT],
    epoch: u32,
}

impl<'a> Reader<'a> {
    /// A reader over `buf` whose arenas have `counts` entries (by `Kind`), for unit tests of
    /// single `Persist` encodings.
    #[cfg(test)]
    pub(crate) fn for_test(buf: &'a [u8], counts: Vec<usize>) -> Reader<'a> {
        let mut c = [0; Kind::COUNT];
        c.copy_from_slice(&counts);
        Reader {
            buf,
            pos: 0,
            base: 0,
            counts: c,
            epoch: 0,
        }
    }

    /// An error at the current position.
    pub fn error(&self, message: impl Into<String>) -> ImageError {
        ImageError::new(message, self.base + self.pos)
    }

    /// The next `n` bytes, or an error if the image ends first.
    #[inline]
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], ImageError> {
        match self.buf.get(self.pos..).and_then(|rest| rest.get(..n)) {
            Some(b) => {
                self.pos += n;
                Ok(b)
            }
            None => Err(self.cold_error("unexpected end of image")),
        }
    }

    /// The next `N` bytes as an array (the fixed-width numbers' read).
    #[inline]
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], ImageError> {
        match self
            .buf
            .get(self.pos..)
            .and_then(|rest| rest.first_chunk::<N>())
        {
            Some(&b) => {
                self.pos += N;
                Ok(b)
            }
            None => Err(self.cold_error("unexpected end of image")),
        }
    }

    /// The next `N` bytes without consuming them, if the section has that many left (for
    /// reads that decode a tag and its payload after one bounds check; see [`Reader::skip`]).
    #[inline]
    pub(crate) fn peek<const N: usize>(&self) -> Option<&'a [u8; N]> {
        self.buf
            .get(self.pos..)
            .and_then(|rest| rest.first_chunk::<N>())
    }

    /// Consumes `n` bytes that [`Reader::peek`] showed were there.
    #[inline]
    pub(crate) fn skip(&mut self, n: usize) {
        debug_assert!(self.pos + n <= self.buf.len());
        self.pos += n;
    }

    /// [`Reader::error`] out of line: the reading functions are inlined into every field's
    /// read, and their error paths are never taken for a valid image.
    #[cold]
    #[inline(never)]
    fn cold_error(&self, message: &str) -> ImageError {
        self.error(message)
    }

    /// A length prefix, checked against the bytes left (every element takes at least a byte).
    #[inline]
    pub fn length(&mut self) -> Result<usize, ImageError> {
        let n = usize::read(self)?;
        if n > self.buf.len() - self.pos {
            return Err(self.length_error(n));
        }
        Ok(n)
    }

    #[cold]
    #[inline(never)]
    fn length_error(&self, n: usize) -> ImageError {
        self.error(format!("length {n} exceeds the image"))
    }

    /// Is `index` inside the arena of `kind` (whose entry count the image declared)?
    #[inline]
    pub fn check_handle(&self, kind: Kind, index: u32) -> Result<(), ImageError> {
        if (index as usize) < self.counts[kind as usize] {
            Ok(())
        } else {
            Err(self.handle_error(kind, index))
        }
    }

    #[cold]
    #[inline(never)]
    fn handle_error(&self, kind: Kind, index: u32) -> ImageError {
        self.error(format!(
            "{} handle #{index} out of bounds ({} entries)",
            kind.name(),
            self.counts[kind as usize]
        ))
    }

    /// The epoch handles read from the image are stamped with.
    pub fn epoch(&self) -> u32 {
        self.epoch
    }
}

/// The checksum of a byte range: CRC-32 (the `crc32fast` crate, which uses the CPU's carry-less
/// multiply), stored in a `u64` field. It catches corruption, not tampering. (FNV-1a, a byte at a
/// time, was a fifth of the time to start from a 1.7 MB image.)
pub fn checksum(bytes: &[u8]) -> u64 {
    crc32fast::hash(bytes) as u64
}

/// The section tag of each arena.
fn kind_tag(kind: Kind) -> [u8; 4] {
    *match kind {
        Kind::JsString => b"STRS",
        Kind::Symbol => b"SYMS",
        Kind::BigInt => b"BIGS",
        Kind::Object => b"OBJS",
        Kind::Env => b"ENVS",
        Kind::Code => b"CODE",
        Kind::Realm => b"RLMS",
        Kind::Shape => b"SHPS",
    }
}

/// The sections of an image, in order.
fn section_tags() -> Vec<[u8; 4]> {
    let mut tags = vec![*b"KNDS"];
    tags.extend(Kind::ALL.iter().map(|&k| kind_tag(k)));
    tags.push(*b"ROOT");
    tags
}

/// Bytes of the fixed header before the section table.
const PREAMBLE: usize = 8 + 6 + 4 + 8 + 4;
/// Bytes of one section-table entry.
const ENTRY: usize = 4 + 8 + 8 + 8;

/// Writes `heap` and the VM's `roots` as an image. Collect first for a compact image.
pub fn dump<R: Persist>(heap: &Heap, roots: &R, engine_id: u64) -> Vec<u8> {
    let mut sections: Vec<Vec<u8>> = Vec::new();
    let mut w = Writer::default();
    for &kind in Kind::ALL {
        (heap.arenas.len(kind) as u64).write(&mut w);
    }
    sections.push(std::mem::take(&mut w.buf));
    for &kind in Kind::ALL {
        heap.arenas.write_kind(kind, &mut w);
        sections.push(std::mem::take(&mut w.buf));
    }
    roots.write(&mut w);
    sections.push(std::mem::take(&mut w.buf));

    let tags = section_tags();
    w.bytes(MAGIC);
    w.bytes(SENTINEL);
    FORMAT_VERSION.write(&mut w);
    engine_id.write(&mut w);
    (sections.len() as u32).write(&mut w);
    let mut offset = (PREAMBLE + ENTRY * sections.len() + 8) as u64;
    for (tag, section) in tags.iter().zip(&sections) {
        w.bytes(tag);
        offset.write(&mut w);
        (section.len() as u64).write(&mut w);
        checksum(section).write(&mut w);
        offset += section.len() as u64;
    }
    checksum(&w.buf).write(&mut w);
    for section in &sections {
        w.bytes(section);
    }
    let checksum = checksum(&w.buf);
    checksum.write(&mut w);
    w.buf
}

/// One entry of an image's section table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The section's four-letter tag (`KNDS`, `OBJS`...).
    pub tag: String,
    /// Where the section starts in the file, in bytes.
    pub offset: u64,
    /// The section's length in bytes.
    pub length: u64,
    /// Does the section's content match its checksum?
    pub intact: bool,
}

/// What an image's header says, read without loading the heap ([`info`]).
#[derive(Clone, Debug)]
pub struct ImageInfo {
    /// The image's format version ([`FORMAT_VERSION`] when this build wrote it).
    pub version: u32,
    /// The engine id of the build that wrote it: only the same id loads it.
    pub engine_id: u64,
    /// The section table, in file order.
    pub sections: Vec<Section>,
    /// Entries per arena (from the `KNDS` section), and the bytes of that arena's section.
    pub kinds: Vec<(Kind, u64, u64)>,
    /// Does the whole file match its checksum?
    pub intact: bool,
}

/// What [`read_header`] found: a reader past the header, the version, the engine id, the
/// section table (each section's checksum checked) and whether the whole file matches its
/// checksum.
type Header<'a> = (Reader<'a>, u32, u64, Vec<Section>, bool);

/// Reads the header and the section table, checking the header's own checksum, then every
/// section's checksum and the whole file's in one pass over the bytes: the file's CRC-32 is
/// the header's combined with each section's (`crc32fast::Hasher::combine`, logarithmic in
/// the length), so no byte is read twice. (Checking each section and then the whole file
/// read every byte twice: a tenth of starting from an image of lodash.)
fn read_header(bytes: &[u8]) -> Result<Header<'_>, ImageError> {
    let mut r = Reader {
        buf: bytes,
        pos: 0,
        base: 0,
        counts: [0; Kind::COUNT],
        epoch: 0,
    };
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(r.error("not an Amber heap image (bad magic number)"));
    }
    r.bytes(MAGIC.len())?;
    if r.bytes(SENTINEL.len())? != SENTINEL {
        return Err(r.error("corrupted header (newline conversion?)"));
    }
    let version = u32::read(&mut r)?;
    if version != FORMAT_VERSION {
        return Err(r.error(format!(
            "image format version {version}, this amber reads version {FORMAT_VERSION}"
        )));
    }
    let engine_id = u64::read(&mut r)?;
    let count = u32::read(&mut r)? as usize;
    let tags = section_tags();
    if count != tags.len() {
        return Err(r.error(format!(
            "{count} sections, this amber's images have {}",
            tags.len()
        )));
    }
    let mut sections = Vec::with_capacity(count);
    let mut sums = Vec::with_capacity(count);
    for expected in &tags {
        let tag = r.bytes(4)?;
        if tag != expected {
            return Err(r.error(format!(
                "section {} where {} belongs",
                String::from_utf8_lossy(tag),
                String::from_utf8_lossy(expected)
            )));
        }
        let (offset, length, sum) = (u64::read(&mut r)?, u64::read(&mut r)?, u64::read(&mut r)?);
        sections.push(Section {
            tag: String::from_utf8_lossy(tag).into_owned(),
            offset,
            length,
            intact: false,
        });
        sums.push(sum);
    }
    let header_end = r.pos;
    let header_sum = u64::read(&mut r)?;
    if header_sum != checksum(&bytes[..header_end]) {
        return Err(r.error("header checksum mismatch: the section table is corrupted"));
    }
    // The sections follow each other from the end of the header to the file checksum.
    let mut at = r.pos as u64;
    let mut whole = crc32fast::Hasher::new();
    whole.update(&bytes[..r.pos]);
    for (section, sum) in sections.iter_mut().zip(sums) {
        if section.offset != at {
            return Err(r.error(format!("section {} is misplaced", section.tag)));
        }
        let end = section
            .offset
            .checked_add(section.length)
            .filter(|&e| e <= bytes.len() as u64)
            .ok_or_else(|| r.error(format!("section {} runs past the end", section.tag)))?;
        let mut h = crc32fast::Hasher::new();
        h.update(&bytes[section.offset as usize..end as usize]);
        whole.combine(&h);
        section.intact = h.finalize() as u64 == sum;
        at = end;
    }
    if at + 8 != bytes.len() as u64 {
        return Err(r.error("the image's length does not match its section table"));
    }
    let mut tail = [0u8; 8];
    tail.copy_from_slice(&bytes[at as usize..]);
    let intact = u64::from_le_bytes(tail) == whole.finalize() as u64;
    Ok((r, version, engine_id, sections, intact))
}

/// Reads an image's header, section table and arena counts without loading it.
pub fn info(bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    let (_, version, engine_id, sections, intact) = read_header(bytes)?;
    let k = &sections[0];
    let mut r = Reader {
        buf: &bytes[k.offset as usize..(k.offset + k.length) as usize],
        pos: 0,
        base: k.offset as usize,
        counts: [0; Kind::COUNT],
        epoch: 0,
    };
    let mut kinds = Vec::with_capacity(Kind::COUNT);
    for (i, &kind) in Kind::ALL.iter().enumerate() {
        kinds.push((kind, u64::read(&mut r)?, sections[1 + i].length));
    }
    Ok(ImageInfo {
        version,
        engine_id,
        sections,
        kinds,
        intact,
    })
}

/// The invariants of the string arena that reading each entry cannot check: a prefix string's
/// base has a higher index than the prefix (as the heap allocates them), so every prefix chain
/// ends at a flat string (`Heap::string_units` follows chains: a cycle would never end), a
/// prefix is no longer than its base, and interned strings are flat (the intern table hashes
/// their flat units).
fn check_strings(arenas: &Arenas, offset: usize) -> Result<(), ImageError> {
    for (i, s) in arenas.strings.iter().enumerate() {
        let bad = match &s.units {
            crate::string::StringUnits::Flat(_) | crate::string::StringUnits::Latin1(_) => None,
            crate::string::StringUnits::Prefix(_) if s.interned => Some("is interned"),
            crate::string::StringUnits::Prefix(p) if p.base.index() <= i => {
                Some("names an earlier string as its base")
            }
            crate::string::StringUnits::Prefix(p) => {
                // Not longer than its base (whose own length is checked in turn), so a
                // prefix's length is the length of its units (`Heap::string_length`).
                match arenas.strings.get(p.base.index()).map(JsString::len) {
                    Some(n) if p.len as usize <= n => None,
                    _ => Some("is longer than its base"),
                }
            }
        };
        if let Some(why) = bad {
            return Err(ImageError::new(format!("prefix string #{i} {why}"), offset));
        }
    }
    Ok(())
}

/// Reads an image written by [`dump`] by an engine with the same `engine_id`.
pub fn load<R: Persist>(bytes: &[u8], engine_id: u64) -> Result<(Heap, R), ImageError> {
    let (r, _, id, sections, intact) = read_header(bytes)?;
    if id != engine_id {
        return Err(r.error(
            "image built by a different amber build (bytecode, natives or extensions differ)",
        ));
    }
    if let Some(bad) = sections.iter().find(|s| !s.intact) {
        return Err(ImageError::new(
            format!("section {} is corrupted (checksum mismatch)", bad.tag),
            bad.offset as usize,
        ));
    }
    if !intact {
        return Err(r.error("checksum mismatch: the image is truncated or corrupted"));
    }
    let section = |i: usize, counts: &[usize; Kind::COUNT]| {
        let s = &sections[i];
        Reader {
            buf: &bytes[s.offset as usize..(s.offset + s.length) as usize],
            pos: 0,
            base: s.offset as usize,
            counts: *counts,
            epoch: 0,
        }
    };
    let finish = |r: &Reader| {
        if r.pos == r.buf.len() {
            Ok(())
        } else {
            Err(r.error("trailing bytes in the section"))
        }
    };
    let mut r = section(0, &[0; Kind::COUNT]);
    let mut counts = [0; Kind::COUNT];
    for count in &mut counts {
        *count = usize::read(&mut r)?;
    }
    finish(&r)?;
    // Every entry takes at least a byte of its section: a larger count is corrupt, and is
    // refused here, before `read_kind` reserves room for it.
    for (i, &kind) in Kind::ALL.iter().enumerate() {
        let s = &sections[1 + i];
        if counts[kind as usize] as u64 > s.length {
            return Err(ImageError::new(
                format!(
                    "{} {} entries in a section of {} bytes",
                    counts[kind as usize],
                    kind.name(),
                    s.length
                ),
                sections[0].offset as usize,
            ));
        }
    }
    let mut arenas = Arenas::default();
    for (i, &kind) in Kind::ALL.iter().enumerate() {
        let mut r = section(1 + i, &counts);
        arenas.read_kind(kind, &mut r, counts[kind as usize])?;
        finish(&r)?;
    }
    check_strings(
        &arenas,
        sections[1 + Kind::JsString as usize].offset as usize,
    )?;
    crate::shape::resolve_shapes(&mut arenas.shapes).map_err(|message| {
        ImageError::new(message, sections[1 + Kind::Shape as usize].offset as usize)
    })?;
    let mut r = section(sections.len() - 1, &counts);
    let roots = R::read(&mut r)?;
    finish(&r)?;
    let mut heap = Heap::new();
    heap.arenas = arenas;
    heap.rebuild_intern_table();
    heap.rebuild_shape_transitions();
    heap.live_bytes = heap.estimate_live_bytes();
    Ok((heap, roots))
}

/// Recomputes every checksum of an image (each section's, the header's and the whole file's)
/// so that damaged *content* gets past the checksums and reaches the structural checks. For
/// tests and fuzzing only: corruption that the checksums would catch tells nothing about the
/// reader. Bytes whose header or section table cannot be followed are returned unchanged.
pub fn reseal(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let count = section_tags().len();
    let table = PREAMBLE;
    let header_end = table + ENTRY * count;
    if out.len() < header_end + 8 + 8 {
        return out;
    }
    let field = |b: &[u8], at: usize| {
        let mut x = [0u8; 8];
        x.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(x)
    };
    let body_end = out.len() - 8;
    for i in 0..count {
        let entry = table + ENTRY * i;
        let (offset, length) = (field(&out, entry + 4), field(&out, entry + 12));
        let end = match offset.checked_add(length) {
            Some(e) if e <= body_end as u64 => e as usize,
            _ => continue,
        };
        let sum = checksum(&out[offset as usize..end]);
        out[entry + 20..entry + 28].copy_from_slice(&sum.to_le_bytes());
    }
    let sum = checksum(&out[..header_end]);
    out[header_end..header_end + 8].copy_from_slice(&sum.to_le_bytes());
    let sum = checksum(&out[..body_end]);
    out[body_end..].copy_from_slice(&sum.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::check_strings;
    use crate::string::{JsString, PrefixOf, StringUnits};
    use crate::{Arenas, Handle, RawHandle};

    fn prefix(base: u32, len: u32) -> JsString {
        JsString {
            units: StringUnits::Prefix(PrefixOf {
                base: Handle::from_raw(RawHandle::new(base, 0)),
                len,
            }),
            interned: false,
        }
    }

    /// A prefix longer than its base (directly, or through a chain) is refused: string
    /// lengths are read from the prefix without walking to the flat units.
    #[test]
    fn prefix_strings_no_longer_than_their_base() {
        let flat = JsString::flat(vec![b'a' as u16; 4], false);
        let mut arenas = Arenas {
            strings: vec![prefix(1, 3), prefix(2, 4), flat.clone()],
            ..Default::default()
        };
        assert!(check_strings(&arenas, 0).is_ok());
        arenas.strings = vec![prefix(1, 5), prefix(2, 4), flat.clone()];
        let err = check_strings(&arenas, 0).unwrap_err();
        assert!(
            err.message.contains("longer than its base"),
            "{}",
            err.message
        );
        arenas.strings = vec![prefix(1, 3), prefix(2, 9), flat];
        assert!(check_strings(&arenas, 0).is_err());
        arenas.strings = vec![prefix(7, 1)];
        assert!(check_strings(&arenas, 0).is_err());
    }
}
