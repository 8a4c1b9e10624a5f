//! End-to-end tests of the runner with a fake engine on a synthetic suite.
//!
//! The fake engine does not run JavaScript. It obeys directives written in the test's source
//! (`FAKE:panic`, `FAKE:throw TypeError`, ...), which lets each runner category be provoked.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use test262_runner::app;
use test262_runner::cli::Options;
use test262_runner::engine::{Engine, Execution, Failure, Goal, Request, ScriptError, Stage};
use test262_runner::exclusions::Exclusions;
use test262_runner::runner::{run_suite, Outcome, RunConfig, RunRecord};
use test262_runner::suite::{Mode, Selection, Suite};

/// An engine driven by `FAKE:` directives in the test source.
struct FakeEngine;

impl Engine for FakeEngine {
    type Script = String;

    fn compile_harness(&self, source: &str, _path: &Path) -> Result<String, ScriptError> {
        if source.contains("FAKE:panic") {
            panic!("the fake compiler panicked");
        }
        Ok(source.to_string())
    }

    fn execute(&self, request: &Request<'_, String>) -> Execution {
        let mut output = String::new();
        let result = fake_run(request, &mut output);
        Execution { result, output }
    }

    fn parse(&self, source: &str, _goal: Goal) -> Result<(), String> {
        if source.contains("FAKE:syntax") {
            Err("fake syntax error".into())
        } else {
            Ok(())
        }
    }
}

fn uncaught(name: &str) -> ScriptError {
    ScriptError::Uncaught {
        name: name.into(),
        message: "fake".into(),
    }
}

/// Obeys each `FAKE:` directive of the source in order.
fn fake_run(request: &Request<'_, String>, output: &mut String) -> Result<(), Failure> {
    let runtime = |error| Failure {
        stage: Stage::Runtime,
        error,
    };
    let strict = request.source.starts_with("\"use strict\";\n");
    if request.goal == (Goal::Script { strict: true }) && !strict {
        return Err(runtime(uncaught("StrictRunWithoutDirective")));
    }
    for line in request.source.lines() {
        let Some(directive) = line.split("FAKE:").nth(1) else {
            continue;
        };
        let (verb, argument) = directive.split_once(' ').unwrap_or((directive, ""));
        match verb {
            "panic" => panic!("the fake engine panicked"),
            "loop" => {
                while Instant::now() < request.deadline {
                    thread::sleep(Duration::from_millis(5));
                }
                return Err(runtime(ScriptError::Interrupted));
            }
            "hang" => loop {
                thread::sleep(Duration::from_millis(50));
            },
            "throw" => return Err(runtime(uncaught(argument))),
            "syntax" => {
                return Err(Failure {
                    stage: Stage::Parse,
                    error: ScriptError::Syntax {
                        message: "fake".into(),
                        line: 1,
                        column: 1,
                    },
                })
            }
            "print" => {
                output.push_str(argument);
                output.push('\n');
            }
            "expect-harness" => {
                let names: Vec<&str> = request.harness.iter().map(|(name, _)| *name).collect();
                if names.join(",") != argument {
                    return Err(runtime(uncaught(&format!("harness was {names:?}"))));
                }
            }
            "expect-mode" => {
                let actual = match request.goal {
                    Goal::Module => "module",
                    Goal::Script { strict: true } => "strict",
                    Goal::Script { strict: false } => "sloppy",
                };
                if actual != argument {
                    return Err(runtime(uncaught("WrongMode")));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// A fresh directory for one test's synthetic suite.
fn temp_suite(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "amber-test262-runner-{}-{}-{name}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A test file with frontmatter `meta` and body `body`.
fn test_file(root: &Path, path: &str, meta: &str, body: &str) {
    write(
        root,
        path,
        &format!("// header\n/*---\ndescription: x\n{meta}\n---*/\n{body}\n"),
    );
}

/// The synthetic suite shared by the tests.
fn build_suite(name: &str) -> PathBuf {
    let root = temp_suite(name);
    for file in [
        "assert.js",
        "sta.js",
        "doneprintHandle.js",
        "inc.js",
        "sub/more.js",
    ] {
        write(&root, &format!("harness/{file}"), "// harness\n");
    }
    test_file(
        &root,
        "test/a/b/pass.js",
        "",
        "FAKE:expect-harness assert.js,sta.js",
    );
    test_file(
        &root,
        "test/a/b/only-strict.js",
        "flags: [onlyStrict]",
        "FAKE:expect-mode strict",
    );
    test_file(
        &root,
        "test/a/b/no-strict.js",
        "flags:\n  - noStrict",
        "FAKE:expect-mode sloppy",
    );
    test_file(
        &root,
        "test/a/b/raw.js",
        "flags: [raw]",
        "FAKE:expect-harness ",
    );
    test_file(
        &root,
        "test/a/b/mod.js",
        "flags: [module]",
        "FAKE:expect-mode module",
    );
    test_file(&root, "test/a/b/dep_FIXTURE.js", "", "FAKE:panic");
    write(&root, "test/a/b/notes.txt", "not a test");
    test_file(
        &root,
        "test/a/b/includes.js",
        "includes: [inc.js, sub/more.js]\nflags: [async]",
        "FAKE:expect-harness assert.js,sta.js,doneprintHandle.js,inc.js,sub/more.js\nFAKE:print Test262:AsyncTestComplete",
    );
    test_file(&root, "test/a/c/async-fail.js", "flags: [async, noStrict]", "FAKE:print Test262:AsyncTestFailure:Test262Error: no\nFAKE:print Test262:AsyncTestComplete");
    test_file(
        &root,
        "test/a/c/async-silent.js",
        "flags: [async, noStrict]",
        "",
    );
    test_file(
        &root,
        "test/a/c/panic.js",
        "flags: [noStrict]",
        "FAKE:panic",
    );
    test_file(&root, "test/a/c/loop.js", "flags: [noStrict]", "FAKE:loop");
    test_file(
        &root,
        "test/a/c/throws.js",
        "flags: [noStrict]",
        "FAKE:throw Test262Error",
    );
    let negative = "negative:\n  phase: runtime\n  type: TypeError\nflags: [noStrict]";
    test_file(
        &root,
        "test/a/c/neg-right.js",
        negative,
        "FAKE:throw TypeError",
    );
    test_file(
        &root,
        "test/a/c/neg-wrong-type.js",
        negative,
        "FAKE:throw RangeError",
    );
    test_file(&root, "test/a/c/neg-completes.js", negative, "");
    let parse = "negative:\n  phase: parse\n  type: SyntaxError\nflags: [noStrict]";
    test_file(&root, "test/a/c/neg-parse.js", parse, "FAKE:syntax");
    test_file(
        &root,
        "test/a/c/neg-parse-at-runtime.js",
        parse,
        "FAKE:throw SyntaxError",
    );
    test_file(&root, "test/a/d/temporal.js", "features: [Temporal]", "");
    test_file(&root, "test/e/top.js", "flags: [noStrict]", "");
    root
}

fn exclusions() -> Exclusions {
    Exclusions::parse("[features]\nTemporal = \"not yet\"\n").unwrap()
}

fn config(parse_only: bool) -> RunConfig {
    RunConfig {
        threads: 3,
        timeout: Duration::from_millis(100),
        watchdog_grace: Duration::from_millis(200),
        parse_only,
    }
}

fn run(root: &Path, filters: &[&str], parse_only: bool) -> Vec<RunRecord> {
    let filters: Vec<String> = filters.iter().map(|f| f.to_string()).collect();
    let suite = Suite::discover(root, &Selection::new(&filters), &exclusions()).unwrap();
    run_suite(
        Arc::new(FakeEngine),
        Arc::new(suite),
        &config(parse_only),
        |_, _| {},
    )
}

fn outcome<'r>(records: &'r [RunRecord], path: &str, mode: Mode) -> &'r Outcome {
    let full = format!("test/{path}");
    &records
        .iter()
        .find(|r| r.path == full && r.mode == mode)
        .unwrap_or_else(|| panic!("no record for {full} {mode:?}"))
        .outcome
}

#[test]
fn mode_expansion_and_fixtures() {
    let root = build_suite("modes");
    let suite = Suite::discover(&root, &Selection::default(), &exclusions()).unwrap();
    assert_eq!(
        suite.tests.len(),
        18,
        "the _FIXTURE and .txt files are not tests"
    );
    let count = |mode| suite.runs.iter().filter(|r| r.mode == mode).count();
    // pass, includes and temporal run twice; only-strict once strict; the rest once each.
    assert_eq!(count(Mode::Strict), 4);
    assert_eq!(count(Mode::Module), 1);
    assert_eq!(count(Mode::Sloppy), 16);
    let filtered = Suite::discover(&root, &Selection::new(&["test/a/b".into()]), &exclusions());
    assert_eq!(filtered.unwrap().tests.len(), 6);
}

#[test]
fn every_category_is_reported() {
    let root = build_suite("categories");
    let records = run(&root, &[], false);
    let passed = |path, mode| assert_eq!(outcome(&records, path, mode), &Outcome::Passed, "{path}");
    passed("a/b/pass.js", Mode::Sloppy);
    passed("a/b/pass.js", Mode::Strict);
    passed("a/b/only-strict.js", Mode::Strict);
    passed("a/b/no-strict.js", Mode::Sloppy);
    passed("a/b/raw.js", Mode::Sloppy);
    passed("a/b/mod.js", Mode::Module);
    passed("a/b/includes.js", Mode::Strict);
    passed("a/c/neg-right.js", Mode::Sloppy);
    passed("a/c/neg-parse.js", Mode::Sloppy);
    let failed = |path| {
        let outcome = outcome(&records, path, Mode::Sloppy);
        assert!(matches!(outcome, Outcome::Failed(_)), "{path}: {outcome:?}");
    };
    failed("a/c/async-fail.js");
    failed("a/c/async-silent.js");
    failed("a/c/throws.js");
    failed("a/c/neg-wrong-type.js");
    failed("a/c/neg-completes.js");
    failed("a/c/neg-parse-at-runtime.js");
    let Outcome::Panic(message) = outcome(&records, "a/c/panic.js", Mode::Sloppy) else {
        panic!("expected a panic")
    };
    assert!(message.contains("the fake engine panicked"), "{message}");
    assert!(matches!(
        outcome(&records, "a/c/loop.js", Mode::Sloppy),
        Outcome::Timeout(_)
    ));
    assert!(matches!(
        outcome(&records, "a/d/temporal.js", Mode::Strict),
        Outcome::Excluded(_)
    ));
}

#[test]
fn the_watchdog_abandons_a_hung_engine() {
    let root = temp_suite("hang");
    write(&root, "harness/assert.js", "");
    write(&root, "harness/sta.js", "");
    test_file(&root, "test/x/y/hang.js", "flags: [noStrict]", "FAKE:hang");
    test_file(&root, "test/x/y/ok.js", "", "");
    let started = Instant::now();
    let records = run(&root, &[], false);
    assert!(started.elapsed() < Duration::from_secs(5));
    let Outcome::Timeout(message) = outcome(&records, "x/y/hang.js", Mode::Sloppy) else {
        panic!("expected a timeout")
    };
    assert!(message.contains("watchdog"), "{message}");
    assert_eq!(
        outcome(&records, "x/y/ok.js", Mode::Strict),
        &Outcome::Passed
    );
}

#[test]
fn parse_only_mode() {
    let root = build_suite("parse");
    let records = run(&root, &["test/a/c/neg-*.js", "test/a/b/pass.js"], true);
    assert_eq!(records.len(), 7);
    assert_eq!(
        outcome(&records, "a/c/neg-parse.js", Mode::Sloppy),
        &Outcome::Passed
    );
    assert_eq!(
        outcome(&records, "a/b/pass.js", Mode::Strict),
        &Outcome::Passed
    );
    assert!(matches!(
        outcome(&records, "a/c/neg-parse-at-runtime.js", Mode::Sloppy),
        Outcome::Failed(_)
    ));
}

/// Runner options over the fake suite, with the same exclusions as [`exclusions`] (written
/// into the suite, so the test does not depend on what the crate's own file excludes).
fn options(root: &Path, filters: &[&str]) -> Options {
    let file = root.join("exclusions.toml");
    fs::write(&file, "[features]\nTemporal = \"not yet\"\n").unwrap();
    Options {
        suite: root.to_path_buf(),
        filters: filters.iter().map(|f| f.to_string()).collect(),
        threads: Some(2),
        timeout_ms: 100,
        exclusions: Some(file),
        ..Options::default()
    }
}

#[test]
fn baseline_ratchet_json_and_report() {
    let root = build_suite("baseline");
    let baseline = root.join("baseline.txt");
    let mut options = options(&root, &["test/a/b/**"]);
    options.baseline = Some(baseline.clone());
    options.update_baseline = true;
    options.json = Some(root.join("run.json"));
    let mut out = Vec::new();
    assert_eq!(app::run(FakeEngine, &options, &mut out), Ok(0));
    let written = fs::read_to_string(&baseline).unwrap();
    assert!(written.starts_with("test/a/b/includes.js sloppy\ntest/a/b/includes.js strict\n"));
    assert_eq!(written.lines().count(), 8);

    // A baseline entry that now fails is a regression: exit status 1, listed by name.
    fs::write(&baseline, format!("{written}test/a/c/throws.js sloppy\n")).unwrap();
    options.update_baseline = false;
    options.filters = vec!["test/a/**".into()];
    options.report = Some(root.join("report"));
    options.previous = Some(root.join("run.json"));
    options.verbose = true;
    let mut out = Vec::new();
    assert_eq!(
        app::run(FakeEngine, &options, &mut out),
        Ok(app::EXIT_REGRESSION)
    );
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("REGRESSIONS: 1"), "{text}");
    assert!(text.contains("  test/a/c/throws.js sloppy"), "{text}");
    assert!(text.contains("newly passing: 2"), "{text}");
    assert!(text.contains("PANIC test/a/c/panic.js [sloppy]"), "{text}");
    assert!(text.ends_with("10 passed, 8 failed, 2 skipped\n"), "{text}");
    let report = fs::read_to_string(root.join("report/README.md")).unwrap();
    assert!(report.contains("Change since the previous run"));
    assert!(root.join("report/a.svg").exists());
}

#[test]
fn a_broken_harness_fails_its_tests() {
    let root = temp_suite("harness");
    write(&root, "harness/assert.js", "FAKE:panic");
    write(&root, "harness/sta.js", "");
    test_file(&root, "test/x/y/uses.js", "flags: [noStrict]", "");
    test_file(&root, "test/x/y/raw.js", "flags: [raw]", "");
    test_file(
        &root,
        "test/x/y/missing.js",
        "flags: [raw]\nincludes: [nope.js]",
        "",
    );
    let records = run(&root, &[], false);
    let Outcome::Failed(message) = outcome(&records, "x/y/uses.js", Mode::Sloppy) else {
        panic!("expected a failure")
    };
    assert!(
        message.contains("panic while compiling harness file assert.js"),
        "{message}"
    );
    assert_eq!(
        outcome(&records, "x/y/raw.js", Mode::Sloppy),
        &Outcome::Passed
    );
    assert_eq!(
        outcome(&records, "x/y/missing.js", Mode::Sloppy),
        &Outcome::Passed
    );
}
