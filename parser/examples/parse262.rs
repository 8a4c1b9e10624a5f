//! Parse-only conformance against test262.
//!
//! Usage: `cargo run --release -p amber-parser --example parse262 -- [TEST262_DIR] [FAILURES_FILE]`
//!
//! For every test file the YAML frontmatter decides the goal (`flags: [module]`), the modes
//! (`onlyStrict`, `noStrict`, `raw`) and the expectation (`negative: phase: parse`). Prints,
//! per directory, how many negative tests were rejected and how many positive tests parsed.

use amber_parser::{parse_module, parse_script, ParseOptions};
use std::path::{Path, PathBuf};

struct Meta {
    module: bool,
    only_strict: bool,
    no_strict: bool,
    negative_parse: bool,
}

fn frontmatter(src: &str) -> Meta {
    let yaml = match (src.find("/*---"), src.find("---*/")) {
        (Some(a), Some(b)) if a < b => &src[a..b],
        _ => "",
    };
    let flags = yaml
        .lines()
        .find(|l| l.trim_start().starts_with("flags:"))
        .unwrap_or("");
    let has = |f: &str| flags.contains(f);
    let negative_parse = yaml.contains("negative:")
        && yaml
            .lines()
            .skip_while(|l| !l.contains("negative:"))
            .take(3)
            .any(|l| l.contains("phase: parse"));
    Meta {
        module: has("module"),
        only_strict: has("onlyStrict"),
        no_strict: has("noStrict") || has("raw"),
        negative_parse,
    }
}

/// Returns true when the test behaved as expected in every mode it runs in.
fn run(src: &str, meta: &Meta) -> bool {
    let modes: Vec<bool> = if meta.module || meta.only_strict {
        vec![true]
    } else if meta.no_strict {
        vec![false]
    } else {
        vec![false, true]
    };
    modes.into_iter().all(|strict| {
        let parsed = std::panic::catch_unwind(|| {
            if meta.module {
                parse_module(src).is_ok()
            } else {
                let options = ParseOptions {
                    strict,
                    ..ParseOptions::default()
                };
                parse_script(src, &options).is_ok()
            }
        });
        match parsed {
            Ok(ok) => ok != meta.negative_parse,
            Err(_) => false,
        }
    })
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "js")
            && !p.to_string_lossy().contains("_FIXTURE")
        {
            out.push(p);
        }
    }
}

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(args.first().map_or("target/test262", String::as_str));
    let failures_file = args.get(1).cloned();
    let mut failures = Vec::new();
    for sub in ["language", "annexB", "built-ins"] {
        let mut files = Vec::new();
        walk(&root.join("test").join(sub), &mut files);
        files.sort();
        let (mut neg, mut neg_ok, mut pos, mut pos_ok) = (0, 0, 0, 0);
        for f in &files {
            let Ok(src) = std::fs::read_to_string(f) else {
                continue;
            };
            let meta = frontmatter(&src);
            let ok = run(&src, &meta);
            if meta.negative_parse {
                neg += 1;
                neg_ok += ok as usize;
            } else {
                pos += 1;
                pos_ok += ok as usize;
            }
            if !ok {
                let kind = if meta.negative_parse { "NEG" } else { "POS" };
                failures.push(format!("{kind} {}", f.display()));
            }
        }
        println!("test/{sub}: rejected negatives {neg_ok}/{neg}, parsed positives {pos_ok}/{pos}");
    }
    if let Some(path) = failures_file {
        std::fs::write(path, failures.join("\n")).expect("write failures");
    }
}
