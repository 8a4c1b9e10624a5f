//! Heap images: the whole heap plus the VM's roots, written to bytes and read back.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! magic       8 bytes  "AMBERIMG"
//! sentinel    6 bytes  19 93 0D 0A 1A 0A   (catches text-mode and newline corruption)
//! version     u32      FORMAT_VERSION
//! engine_id   u64      hash of the bytecode format and the native-function table
//! counts      u64 × Kind::COUNT   entries per arena
//! arenas      every entry of every arena, kind by kind
//! roots       the VM's root record
//! checksum    u64      FNV-1a of every byte before it
//! ```
//!
//! Loading validates everything: the header, the checksum, every tag, every length and every
//! handle (an index must be below its arena's count). A malformed image is an [`ImageError`],
//! never a panic.

use crate::trace::Persist;
use crate::{Arenas, Heap, Kind};
use std::fmt;

pub const MAGIC: &[u8; 8] = b"AMBERIMG";
pub const SENTINEL: &[u8; 6] = b"\x19\x93\r\n\x1a\n";
pub const FORMAT_VERSION: u32 = 3;

/// Why an image could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageError {
    pub message: String,
    pub offset: usize,
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
    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }
}

/// Reads bytes, checking bounds and handles.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    counts: Vec<usize>,
    epoch: u32,
}

impl<'a> Reader<'a> {
    pub fn error(&self, message: impl Into<String>) -> ImageError {
        ImageError {
            message: message.into(),
            offset: self.pos,
        }
    }

    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], ImageError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| self.error("unexpected end of image"))?;
        let b = &self.buf[self.pos..end];
        self.pos = end;
        Ok(b)
    }

    /// A length prefix, checked against the bytes left (every element takes at least a byte).
    pub fn length(&mut self) -> Result<usize, ImageError> {
        let n = usize::read(self)?;
        if n > self.buf.len() - self.pos {
            return Err(self.error(format!("length {n} exceeds the image")));
        }
        Ok(n)
    }

    pub fn check_handle(&self, kind: Kind, index: u32) -> Result<(), ImageError> {
        if (index as usize) < self.counts[kind as usize] {
            Ok(())
        } else {
            Err(self.error(format!(
                "{} handle #{index} out of bounds ({} entries)",
                kind.name(),
                self.counts[kind as usize]
            )))
        }
    }

    pub fn epoch(&self) -> u32 {
        self.epoch
    }
}

/// FNV-1a, 64-bit: simple, dependency-free, and enough to catch corruption (not tampering).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Writes `heap` and the VM's `roots` as an image. Collect first for a compact image.
pub fn dump<R: Persist>(heap: &Heap, roots: &R, engine_id: u64) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes(MAGIC);
    w.bytes(SENTINEL);
    FORMAT_VERSION.write(&mut w);
    engine_id.write(&mut w);
    for &kind in Kind::ALL {
        (heap.arenas.len(kind) as u64).write(&mut w);
    }
    heap.arenas.write(&mut w);
    roots.write(&mut w);
    let checksum = fnv1a(&w.buf);
    checksum.write(&mut w);
    w.buf
}

/// Reads an image written by [`dump`] by an engine with the same `engine_id`.
pub fn load<R: Persist>(bytes: &[u8], engine_id: u64) -> Result<(Heap, R), ImageError> {
    let mut r = Reader {
        buf: bytes,
        pos: 0,
        counts: vec![0; Kind::COUNT],
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
    let id = u64::read(&mut r)?;
    if id != engine_id {
        return Err(r.error(
            "image built by a different amber build (bytecode, natives or extensions differ)",
        ));
    }
    if bytes.len() < r.pos + 8 {
        return Err(r.error("image truncated"));
    }
    let body_end = bytes.len() - 8;
    let mut tail = [0u8; 8];
    tail.copy_from_slice(&bytes[body_end..]);
    if u64::from_le_bytes(tail) != fnv1a(&bytes[..body_end]) {
        return Err(r.error("checksum mismatch: the image is truncated or corrupted"));
    }
    r.buf = &bytes[..body_end];
    let mut counts = Vec::with_capacity(Kind::COUNT);
    for _ in Kind::ALL {
        counts.push(usize::read(&mut r)?);
    }
    r.counts = counts.clone();
    let arenas = Arenas::read(&mut r, &counts)?;
    let roots = R::read(&mut r)?;
    if r.pos != r.buf.len() {
        return Err(r.error("trailing bytes after the roots"));
    }
    let mut heap = Heap::new();
    heap.arenas = arenas;
    heap.rebuild_intern_table();
    heap.live_bytes = heap.estimate_live_bytes();
    Ok((heap, roots))
}
