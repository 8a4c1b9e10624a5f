//! Modules from the file system: live bindings, namespaces, re-exports, cycles, `import()`,
//! and resolution errors.

use amber_vm::{ScriptError, Vm, VmOptions};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/modules")
}

fn run(file: &str, gc_stress: bool) -> (Result<(), ScriptError>, String) {
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        gc_stress,
        ..Default::default()
    });
    let realm = vm.main_realm();
    let path = dir().join(file);
    let source = std::fs::read_to_string(&path).unwrap();
    let r = vm
        .eval_module(realm, &source, &path)
        .and_then(|_| vm.run_jobs());
    (r, vm.take_output())
}

#[test]
fn imports_exports_and_cycles() {
    for stress in [false, true] {
        let (r, out) = run("main.mjs", stress);
        assert!(r.is_ok(), "{r:?}");
        assert_eq!(
            out,
            "5 0\nlive binding: 2 2\ndefault! [Function: add] add,counter,default,inc Module\nobject undefined\ndynamic true 2\n"
        );
    }
}

#[test]
fn an_unresolvable_import_is_a_resolution_error() {
    let (r, _) = run("bad-import.mjs", false);
    match r {
        Err(ScriptError::Resolution { name, message }) => {
            assert_eq!(name, "SyntaxError");
            assert!(message.contains("nope"), "{message}");
        }
        other => panic!("expected a resolution error, got {other:?}"),
    }
}

// --- top-level await --------------------------------------------------------------------------

/// Runs `tla/<file>` normally and under GC stress; both runs must agree.
fn run_tla(file: &str) -> (Result<(), ScriptError>, String) {
    let first = run(&format!("tla/{file}"), false);
    let stressed = run(&format!("tla/{file}"), true);
    assert_eq!(first, stressed, "{file}: GC stress changed the outcome");
    first
}

#[test]
fn top_level_await_evaluation_order() {
    let (r, out) = run_tla("order.mjs");
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(out, "a start\nb\na job\na end\nc\nmain\n");
}

#[test]
fn a_top_level_await_rejection_is_the_uncaught_error() {
    let (r, out) = run_tla("reject.mjs");
    assert_eq!(out, "throws: start\n");
    match r {
        Err(ScriptError::Uncaught { name, message }) => {
            assert_eq!(name, "RangeError");
            assert_eq!(message, "late failure");
        }
        other => panic!("expected the rejection as an uncaught error, got {other:?}"),
    }
    // Through import(): both imports reject with the one recorded error.
    let (r, out) = run_tla("reject-dynamic.mjs");
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(out, "throws: start\ntrue late failure true\n");
}

#[test]
fn a_cycle_with_top_level_await() {
    let (r, out) = run_tla("cycle.mjs");
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(
        out,
        "b before await\nb after await: hello from a\na sees B\nmain sees A\n"
    );
}

#[test]
fn dynamic_import_of_a_module_with_top_level_await() {
    let (r, out) = run_tla("dynamic.mjs");
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(
        out,
        "sync\nthen 2\nawaited 2 later\nfor await x\nfor await y\n"
    );
}

#[test]
fn json_modules() {
    let (r, out) = run_tla("json.mjs");
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(out, "amber 3 true true\ndefault\nTypeError\n");
}

#[test]
fn closures_capture_block_bindings_of_the_module_body() {
    for stress in [false, true] {
        let (r, out) = run("loop-closures.mjs", stress);
        assert!(r.is_ok(), "{r:?}");
        assert_eq!(out, "a,b,0,1,block\n");
    }
}

#[test]
fn text_and_bytes_modules() {
    let (r, out) = run_tla("text-bytes.mjs");
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(
        out,
        "\"héllo\\n\u{fffd}!\" 8 true fffd\n[object Uint8Array] 4 0,1,254,255 true\n0 TypeError 12 ef\ntrue default true\nTypeError\n"
    );
}

#[test]
fn import_defer_evaluates_on_first_access() {
    let (r, out) = run_tla("defer.mjs");
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(
        out,
        "0 [object Deferred Module] undefined 0\n42 dep evaluated\nvalue true\nRangeError true dep evaluated,throws evaluated\n"
    );
}
