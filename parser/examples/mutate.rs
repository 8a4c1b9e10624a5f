//! A poor man's fuzzer: parses truncated and byte-mutated versions of every file under a
//! directory and reports any panic. Usage: `mutate DIR [ROUNDS]`.

use amber_parser::{parse_module, parse_script, ParseOptions};
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "js") {
            out.push(p);
        }
    }
}

/// A small deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn mutate(src: &str, rng: &mut Rng) -> String {
    let mut bytes = src.as_bytes().to_vec();
    if bytes.is_empty() {
        return String::new();
    }
    const PIECES: &[&[u8]] = &[
        b"(", b")", b"{", b"}", b"[", b"]", b"/", b"`", b"${", b"'", b"\\", b"\n", b"=>", b"?.",
        b"#", b"yield ", b"await ", b"async ", b"let ",
    ];
    for _ in 0..(1 + rng.next() % 4) {
        let at = (rng.next() as usize) % bytes.len().max(1);
        match rng.next() % 3 {
            0 => bytes.truncate(at),
            1 => {
                let piece = PIECES[(rng.next() as usize) % PIECES.len()];
                bytes.splice(at..at, piece.iter().copied());
            }
            _ => {
                if at < bytes.len() {
                    bytes.remove(at);
                }
            }
        }
        if bytes.is_empty() {
            break;
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut files = Vec::new();
    walk(Path::new(&args[0]), &mut files);
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(1);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut panics = 0;
    std::panic::set_hook(Box::new(|_| {}));
    for f in &files {
        let Ok(src) = std::fs::read_to_string(f) else {
            continue;
        };
        for _ in 0..rounds {
            let m = mutate(&src, &mut rng);
            let r = std::panic::catch_unwind(|| {
                let _ = parse_script(&m, &ParseOptions::default());
                let _ = parse_module(&m);
            });
            if r.is_err() {
                panics += 1;
                if panics <= 5 {
                    eprintln!("panic on mutation of {}:\n{m}\n----", f.display());
                }
            }
        }
    }
    println!("{} files, {panics} panics", files.len());
}
