//! Collections during real programs: garbage is reclaimed, live objects move and stay intact.

use amber_heap::Kind;
use amber_vm::{Vm, VmOptions};

fn objects(vm: &Vm) -> usize {
    vm.heap
        .counts()
        .into_iter()
        .find(|(k, _)| *k == Kind::Object)
        .map_or(0, |(_, n)| n)
}

#[test]
fn garbage_is_reclaimed_and_live_objects_survive_moving() {
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        ..Default::default()
    });
    let realm = vm.main_realm();
    vm.collect_garbage();
    let baseline = objects(&vm);
    // Keep a linked list alive; make a lot of garbage in between its nodes so that collection
    // must slide the nodes down.
    let script = r#"
        var head = null;
        for (var i = 0; i < 2000; i++) {
            var garbage = [{ i }, { i }, [i, i, i]];
            head = { value: i, next: head };
        }
        garbage = null;
    "#;
    vm.eval_script(realm, script, "alloc.js").unwrap();
    let before = objects(&vm);
    assert!(before > baseline + 2000 * 4, "allocated {before}");
    vm.collect_garbage();
    let after = objects(&vm);
    // The list (2000 nodes) survives; the 6000+ garbage objects do not.
    assert!(
        after < baseline + 2100,
        "after collection: {after} (baseline {baseline})"
    );
    assert!(vm.verify_heap().is_ok());
    let check = "var n = 0, sum = 0; for (var p = head; p; p = p.next) { n++; sum += p.value; } n + ' ' + sum";
    assert_eq!(
        vm.eval_script(realm, check, "check.js").unwrap(),
        "2000 1999000"
    );
}

#[test]
fn collections_run_on_their_own_when_the_heap_grows() {
    let mut vm = Vm::new(VmOptions::default());
    let realm = vm.main_realm();
    let script = "var keep = []; for (var i = 0; i < 100000; i++) { var t = { a: i, b: [i] }; if (i % 1000 === 0) keep.push(t); } keep.length";
    assert_eq!(vm.eval_script(realm, script, "grow.js").unwrap(), "100");
    assert!(vm.heap.collections > 0, "the collector ran");
    assert!(
        objects(&vm) < 100_000,
        "garbage did not pile up: {}",
        objects(&vm)
    );
}
