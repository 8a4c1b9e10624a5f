//! The instruction tracer (`VmOptions::trace`, `amber --trace`): its output for a small
//! program, as a snapshot (a change to the compiler's output shows up here as a reviewable diff).

use amber_vm::{Vm, VmOptions};

fn trace(source: &str) -> String {
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        trace: true,
        ..Default::default()
    });
    let realm = vm.main_realm();
    vm.exec_script(realm, source, "trace.js").unwrap();
    vm.take_output()
}

#[test]
fn a_call_and_a_loop() {
    insta::assert_snapshot!(trace(
        "function add(a, b) { return a + b }\nvar s = 0;\nfor (var i = 0; i < 2; i++) s = add(s, i);\nprint(s);"
    ));
}

#[test]
fn an_exception_unwinds_to_its_handler() {
    insta::assert_snapshot!(trace(
        "try { null.x } catch (e) { print(e.constructor.name) }"
    ));
}
