//! Data-driven ShadowRealm tests: every `tests/js/*.js` file runs twice — normally and under GC
//! stress (collect and move everything at every safepoint) — in a VM with this crate's
//! extensions and test262's `$262` (for `$262.createRealm`), and its output must equal the
//! `// expect: ...` comments in the file, in order.

use amber_vm::{Vm, VmOptions};
use std::path::Path;

fn expectations(source: &str) -> Vec<String> {
    source
        .lines()
        .filter_map(|l| {
            l.find("// expect: ")
                .map(|i| l[i + "// expect: ".len()..].to_string())
        })
        .collect()
}

fn run(path: &Path, gc_stress: bool) -> Result<(), String> {
    let source = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let expected = expectations(&source);
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        gc_stress,
        extensions: amber_realms::extensions(),
        ..Default::default()
    });
    let realm = vm.main_realm();
    vm.install_test262_host(realm);
    amber_realms::snapshot::install_host_functions(&mut vm, realm);
    let result = vm
        .eval_script(realm, &source, &path.display().to_string())
        .and_then(|_| vm.run_jobs());
    let output = vm.take_output();
    let actual: Vec<&str> = output.lines().collect();
    if let Err(e) = result {
        return Err(format!("uncaught: {e}\n--- output\n{output}"));
    }
    if actual != expected {
        return Err(format!(
            "output differs\n--- expected\n{}\n--- actual\n{}",
            expected.join("\n"),
            output
        ));
    }
    Ok(())
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
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| {
            run(f, gc_stress)
                .err()
                .map(|e| format!("{}: {e}", f.display()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} files failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

/// Runs on a thread with the `amber` command's stack size: the recursion tests go through
/// wrapped functions (natives calling back into JavaScript) up to the VM's native-depth limit,
/// which needs more than a test thread's default stack in debug builds.
fn on_big_stack(gc_stress: bool) {
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || run_all(gc_stress))
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn js_files() {
    on_big_stack(false);
}

#[test]
fn js_files_gc_stress() {
    on_big_stack(true);
}
