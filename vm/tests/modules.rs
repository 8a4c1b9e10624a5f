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
