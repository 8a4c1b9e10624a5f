//! Finding the tests of a test262 checkout and expanding them into test runs.

use std::fs;
use std::path::{Path, PathBuf};

use crate::exclusions::Exclusions;
use crate::frontmatter::{parse_metadata, Metadata};
use crate::glob::Glob;

/// How one run of a test is executed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    /// Non-strict global code (also used for `raw` tests).
    Sloppy,
    /// Global code with `"use strict";` prepended.
    Strict,
    /// Module code.
    Module,
}

impl Mode {
    /// The name used in baselines, JSON and messages.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Sloppy => "sloppy",
            Mode::Strict => "strict",
            Mode::Module => "module",
        }
    }

    /// Parses a name written by [`Mode::name`].
    pub fn from_name(name: &str) -> Option<Mode> {
        match name {
            "sloppy" => Some(Mode::Sloppy),
            "strict" => Some(Mode::Strict),
            "module" => Some(Mode::Module),
            _ => None,
        }
    }
}

/// The runs INTERPRETING.md requires for a test with `meta`: `module`, `raw`, `onlyStrict` and
/// `noStrict` tests run once, every other test runs twice (non-strict, then strict).
pub fn modes_for(meta: &Metadata) -> Vec<Mode> {
    if meta.has_flag("module") {
        vec![Mode::Module]
    } else if meta.has_flag("raw") || meta.has_flag("noStrict") {
        vec![Mode::Sloppy]
    } else if meta.has_flag("onlyStrict") {
        vec![Mode::Strict]
    } else {
        vec![Mode::Sloppy, Mode::Strict]
    }
}

/// One test file.
#[derive(Clone, Debug)]
pub struct TestCase {
    /// The path relative to the suite directory, with `/` separators (`test/...`).
    pub path: String,
    pub meta: Metadata,
    /// Set when the frontmatter could not be read; every run of the test then fails.
    pub meta_error: Option<String>,
    /// Set when the exclusion file excludes the test.
    pub excluded: Option<String>,
}

/// One run of one test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TestRun {
    /// Index into [`Suite::tests`].
    pub test: usize,
    pub mode: Mode,
}

/// The `--filter` globs. No filter selects every test.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    globs: Vec<Glob>,
}

impl Selection {
    /// A selection from `--filter` patterns. A pattern naming a directory (no match on its own)
    /// also selects everything below it, so `test/built-ins/Array` works like `.../Array/**`.
    pub fn new(patterns: &[String]) -> Selection {
        let mut globs = Vec::new();
        for pattern in patterns {
            let pattern = pattern.trim_end_matches('/');
            globs.push(Glob::new(pattern));
            globs.push(Glob::new(&format!("{pattern}/**")));
        }
        Selection { globs }
    }

    /// Whether the test at `path` (relative to the suite directory) is selected.
    pub fn selects(&self, path: &str) -> bool {
        self.globs.is_empty() || self.globs.iter().any(|g| g.matches(path))
    }
}

/// The selected tests of a suite and their runs.
#[derive(Clone, Debug)]
pub struct Suite {
    /// The suite directory (holding `test/` and `harness/`).
    pub root: PathBuf,
    pub tests: Vec<TestCase>,
    pub runs: Vec<TestRun>,
}

impl Suite {
    /// Finds every selected test under `root/test`, in sorted order, skipping `_FIXTURE` files.
    pub fn discover(
        root: &Path,
        selection: &Selection,
        exclusions: &Exclusions,
    ) -> Result<Suite, String> {
        let test_dir = root.join("test");
        if !test_dir.is_dir() || !root.join("harness").is_dir() {
            return Err(format!(
                "{} is not a test262 checkout (it needs test/ and harness/)",
                root.display()
            ));
        }
        let mut paths = Vec::new();
        collect_test_files(&test_dir, "test", &mut paths)?;
        paths.retain(|path| selection.selects(path));
        let tests: Vec<TestCase> = paths
            .into_iter()
            .map(|path| load_case(root, path, exclusions))
            .collect();
        let runs = tests
            .iter()
            .enumerate()
            .flat_map(|(index, case)| {
                modes_for(&case.meta)
                    .into_iter()
                    .map(move |mode| TestRun { test: index, mode })
            })
            .collect();
        Ok(Suite {
            root: root.to_path_buf(),
            tests,
            runs,
        })
    }

    /// The test file's path on disk.
    pub fn file_path(&self, case: &TestCase) -> PathBuf {
        self.root.join(&case.path)
    }
}

/// Reads a test's frontmatter and decides whether it is excluded.
fn load_case(root: &Path, path: String, exclusions: &Exclusions) -> TestCase {
    let parsed = read_source(&root.join(&path)).and_then(|source| parse_metadata(&source));
    let (meta, meta_error) = match parsed {
        Ok(meta) => (meta, None),
        Err(error) => (Metadata::default(), Some(error)),
    };
    let excluded = exclusions.reason_for(&path, &meta);
    TestCase {
        path,
        meta,
        meta_error,
        excluded,
    }
}

/// Reads a file as text; invalid UTF-8 is replaced rather than rejected.
pub fn read_source(path: &Path) -> Result<String, String> {
    let bytes = fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    })
}

/// Collects the relative paths of test files below `dir` in sorted order.
fn collect_test_files(dir: &Path, relative: &str, out: &mut Vec<String>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut entries: Vec<_> = entries
        .collect::<Result<_, _>>()
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{relative}/{name}");
        let file_type = entry
            .file_type()
            .map_err(|e| format!("cannot stat {path}: {e}"))?;
        if file_type.is_dir() {
            collect_test_files(&entry.path(), &path, out)?;
        } else if name.ends_with(".js") && !name.contains("_FIXTURE") {
            out.push(path);
        }
    }
    Ok(())
}
