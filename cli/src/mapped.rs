//! A heap image's bytes for `amber --snapshot-blob`: the file mapped into memory rather than
//! read into a new buffer. Reading a 1 MB image copied it into a fresh allocation whose every
//! page faulted in the kernel's copy (about 260 faults and 0.25-0.3 ms of a 3 ms start, measured
//! with `dd` reading the image in one block against 64 KiB blocks); a read-only private mapping
//! with `MAP_POPULATE` shares the page cache's pages and sets up their page-table entries in the
//! `mmap` call.
//!
//! The loader copies everything it keeps (strings, bytecode), so the mapping only lives for the
//! load. Files that cannot be mapped (empty files, pipes, other systems) are read as before.

use std::fs::File;
use std::io;
use std::ops::Deref;

/// A file's bytes: mapped, or read into memory.
pub enum FileBytes {
    /// A read-only private mapping of the whole file.
    #[cfg(unix)]
    Mapped(Mapping),
    /// The file read into a buffer.
    Read(Vec<u8>),
}

impl Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            #[cfg(unix)]
            FileBytes::Mapped(m) => m.bytes(),
            FileBytes::Read(v) => v,
        }
    }
}

/// The bytes of the file at `path`, mapped when the file is a non-empty regular file.
pub fn read(path: &str) -> io::Result<FileBytes> {
    let file = File::open(path)?;
    #[cfg(unix)]
    {
        let meta = file.metadata()?;
        if meta.is_file() && meta.len() > 0 {
            if let Ok(len) = usize::try_from(meta.len()) {
                if let Some(m) = Mapping::new(&file, len) {
                    return Ok(FileBytes::Mapped(m));
                }
            }
        }
    }
    read_all(file)
}

fn read_all(mut file: File) -> io::Result<FileBytes> {
    use std::io::Read;
    let mut v = Vec::new();
    file.read_to_end(&mut v)?;
    Ok(FileBytes::Read(v))
}

/// `len` bytes mapped read-only and private from the start of a file; unmapped on drop.
#[cfg(unix)]
pub struct Mapping {
    ptr: *mut libc::c_void,
    len: usize,
}

#[cfg(unix)]
impl Mapping {
    /// Maps the first `len` (> 0) bytes of `file`, or `None` if the system refuses.
    fn new(file: &File, len: usize) -> Option<Mapping> {
        use std::os::fd::AsRawFd;
        #[cfg(target_os = "linux")]
        let flags = libc::MAP_PRIVATE | libc::MAP_POPULATE;
        #[cfg(not(target_os = "linux"))]
        let flags = libc::MAP_PRIVATE;
        // SAFETY: a new mapping at an address the kernel chooses (a null hint), so no existing
        // memory is affected; `len` is non-zero and the descriptor is open for reading (the
        // mapping keeps its own reference to the file, so it outlives `file`). Failure is
        // `MAP_FAILED`, checked below.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                flags,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            None
        } else {
            Some(Mapping { ptr, len })
        }
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: `ptr` is a live mapping of `len` readable bytes (from `mmap`, unmapped only by
        // `drop`, which needs `&mut self`, so not while this borrow lives). Its pages are the
        // file's: like the executable and the shared libraries the dynamic loader maps, the
        // image file must not be truncated or rewritten in place while `amber` starts from it
        // (a truncation would be a SIGBUS, a rewrite would change bytes under the reader; the
        // reader checks every byte it uses against the checksums and bounds, but only once).
        // Tools that replace files (compilers, `cp`, `amber --build-snapshot` itself, which
        // writes a new file) make a new inode and leave the mapping alone.
        unsafe { std::slice::from_raw_parts(self.ptr as *const u8, self.len) }
    }
}

#[cfg(unix)]
impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: `ptr` and `len` are exactly what `mmap` returned and was given, and no
        // borrow of the bytes outlives `self`.
        unsafe {
            libc::munmap(self.ptr, self.len);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str, bytes: &[u8]) -> String {
        let path = std::env::temp_dir().join(format!("amber-mapped-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    }

    #[test]
    fn mapped_bytes_are_the_files() {
        let content: Vec<u8> = (0..70_000u32).map(|i| (i % 251) as u8).collect();
        let path = temp("big", &content);
        let bytes = read(&path).unwrap();
        #[cfg(unix)]
        assert!(matches!(bytes, FileBytes::Mapped(_)));
        assert_eq!(&*bytes, &content[..]);
        drop(bytes);
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn empty_files_and_errors() {
        let path = temp("empty", b"");
        let bytes = read(&path).unwrap();
        assert!(matches!(bytes, FileBytes::Read(_)));
        assert!(bytes.is_empty());
        std::fs::remove_file(&path).unwrap();
        assert!(read(&path).is_err());
    }
}
