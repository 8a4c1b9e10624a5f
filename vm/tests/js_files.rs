//! Data-driven language tests: every `tests/js/*.js` file runs twice — normally and under GC
//! stress (collect and move everything at every safepoint) — and its output must equal the
//! `// expect: ...` comments in the file, in order. A file whose last `// expect-error: Name`
//! comment names an error must end with that uncaught error.

use amber_vm::{ScriptError, Vm, VmOptions};
use std::path::Path;

fn expectations(source: &str) -> (Vec<String>, Option<String>) {
    let mut lines = Vec::new();
    let mut error = None;
    for l in source.lines() {
        if let Some(i) = l.find("// expect: ") {
            lines.push(l[i + "// expect: ".len()..].to_string());
        }
        if let Some(i) = l.find("// expect-error: ") {
            error = Some(l[i + "// expect-error: ".len()..].trim().to_string());
        }
    }
    (lines, error)
}

fn run(path: &Path, gc_stress: bool) -> Result<(), String> {
    let source = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let (expected, expected_error) = expectations(&source);
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        gc_stress,
        ..Default::default()
    });
    let realm = vm.main_realm();
    let result = vm
        .eval_script(realm, &source, &path.display().to_string())
        .and_then(|_| vm.run_jobs());
    let output = vm.take_output();
    let actual: Vec<&str> = output.lines().collect();
    if actual != expected {
        return Err(format!(
            "output differs\n--- expected\n{}\n--- actual\n{}",
            expected.join("\n"),
            output
        ));
    }
    match (result, expected_error) {
        (Ok(()), None) => Ok(()),
        (Err(ScriptError::Uncaught { name, .. }), Some(e)) if name == e => Ok(()),
        (Err(e), None) => Err(format!("unexpected error: {e}")),
        (r, Some(e)) => Err(format!("expected uncaught {e}, got {r:?}")),
    }
}

fn run_all(gc_stress: bool) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for f in &files {
        if let Err(e) = run(f, gc_stress) {
            failures.push(format!("{}: {e}", f.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

#[test]
fn js_files() {
    run_all(false);
}

#[test]
fn js_files_under_gc_stress() {
    run_all(true);
}
