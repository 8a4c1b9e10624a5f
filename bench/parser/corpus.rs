//! Reads the parser benchmark manifest (`bench/parser/corpus.txt`) and the files it names
//! (installed by `bench/parser/fetch-corpus.sh` into `target/npm-corpus/node_modules`).
//! Shared by the criterion benches and the `parse_bench` example via `#[path]`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// One file of the corpus, read into memory.
pub struct File {
    pub path: String,
    pub module: bool,
    pub source: String,
}

/// One package: `name@version` and its files, in manifest order (largest first).
pub struct Package {
    pub spec: String,
    pub files: Vec<File>,
}

impl Package {
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.source.len() as u64).sum()
    }
}

/// The repository root (the crate running this is one level below it).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("crate inside the workspace")
        .to_path_buf()
}

pub const HOW_TO_FETCH: &str = "the parser benchmark corpus is not installed; fetch it with\n  \
     bench/parser/fetch-corpus.sh\n(needs node, npm and the npm registry; see bench/parser/README.md)";

/// Loads the corpus, or `Err` with what is missing (the corpus is fetched separately).
pub fn load() -> Result<Vec<Package>, String> {
    let root = repo_root();
    let manifest_path = root.join("bench/parser/corpus.txt");
    let manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    let modules = root.join("target/npm-corpus/node_modules");
    let mut packages: Vec<Package> = Vec::new();
    for line in manifest.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [spec, goal, _bytes, path] = fields[..] else {
            return Err(format!("bad manifest line: {line}"));
        };
        let at = spec.rfind('@').filter(|&i| i > 0).unwrap_or(spec.len());
        let (name, version) = (&spec[..at], spec.get(at + 1..).unwrap_or(""));
        if packages.last().is_none_or(|p| p.spec != spec) {
            let package_json = modules.join(name).join("package.json");
            let text = std::fs::read_to_string(&package_json)
                .map_err(|e| format!("{}: {e}\n{HOW_TO_FETCH}", package_json.display()))?;
            if !text.contains(&format!("\"version\": \"{version}\"")) {
                return Err(format!(
                    "{}: not version {version}\n{HOW_TO_FETCH}",
                    package_json.display()
                ));
            }
        }
        let file = modules.join(name).join(path);
        let source = std::fs::read_to_string(&file)
            .map_err(|e| format!("{}: {e}\n{HOW_TO_FETCH}", file.display()))?;
        let file = File {
            path: path.to_string(),
            module: goal == "module",
            source,
        };
        match packages.last_mut() {
            Some(p) if p.spec == spec => p.files.push(file),
            _ => packages.push(Package {
                spec: spec.to_string(),
                files: vec![file],
            }),
        }
    }
    Ok(packages)
}
