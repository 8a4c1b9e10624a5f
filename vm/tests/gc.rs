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

/// WeakRefs and WeakMap/WeakSet keys are weak: a target or key reachable only through them is
/// collected (once the job that made or read it is over: [[KeptAlive]]), entries with live
/// keys keep their values (ephemerons, also through chains of keys), and weak collections
/// shed dead entries, so a WeakMap cache does not grow without bound.
#[test]
fn weak_references_are_weak() {
    for gc_stress in [false, true] {
        let mut vm = Vm::new(VmOptions {
            capture_output: true,
            gc_stress,
            ..Default::default()
        });
        let realm = vm.main_realm();
        let setup = r#"
            var wm = new WeakMap(), ws = new WeakSet(), keep = {};
            wm.set(keep, "kept"); ws.add(keep);
            var ref1 = new WeakRef({ big: 1 });
            var same = typeof ref1.deref();
            for (let i = 0; i < 1000; i++) { const k = {}; wm.set(k, { i }); ws.add(k); }
            var a = {}, b = {}; wm.set(a, b); wm.set(b, { last: true });
            var refA = new WeakRef(a), refKeep = new WeakRef(keep);
            print(same);
        "#;
        vm.eval_script(realm, setup, "setup.js").unwrap();
        vm.run_jobs().unwrap(); // the job is over: [[KeptAlive]] is cleared
        vm.collect_garbage();
        let check = r#"
            print(ref1.deref(), wm.get(keep), ws.has(keep), refKeep.deref() === keep);
            print(wm.get(wm.get(a)).last, refA.deref() === a);
            a = null; b = null;
        "#;
        vm.eval_script(realm, check, "check.js").unwrap();
        vm.run_jobs().unwrap();
        vm.collect_garbage();
        vm.eval_script(realm, "print(refA.deref())", "after.js")
            .unwrap();
        assert_eq!(
            vm.take_output(),
            "object\nundefined kept true true\ntrue true\nundefined\n",
            "gc_stress: {gc_stress}"
        );
        // The 1,001 dead keys' entries are gone from both collections.
        let weak_entries: usize = vm
            .heap
            .arenas
            .objects
            .iter()
            .map(|o| match &o.kind {
                amber_heap::ObjectKind::WeakMap(d) | amber_heap::ObjectKind::WeakSet(d) => {
                    d.keys.len()
                }
                _ => 0,
            })
            .sum();
        assert_eq!(weak_entries, 2, "gc_stress: {gc_stress}"); // `keep` in each
    }
}

#[test]
fn finalization_registries_call_back_for_collected_targets() {
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        ..Default::default()
    });
    let realm = vm.main_realm();
    let setup = r#"
        var log = [];
        var registry = new FinalizationRegistry(held => log.push(held));
        var keep = {};
        var token = {};
        (function () {
            for (var i = 0; i < 3; i++) registry.register({ i }, "dead" + i);
            registry.register(keep, "kept", keep);
            registry.register({}, "unregistered", token);
            registry.register(Symbol("s"), "symbol");
        })();
        registry.unregister(token);
    "#;
    vm.eval_script(realm, setup, "setup.js").unwrap();
    vm.run_jobs().unwrap();
    // The collection empties the three cells whose targets died and queues one cleanup job.
    vm.collect_garbage();
    vm.run_jobs().unwrap();
    vm.eval_script(realm, "print(log.sort().join())", "check.js")
        .unwrap();
    assert_eq!(vm.take_output(), "dead0,dead1,dead2\n");
    // Each cell is cleaned up once; the kept target and the symbol's cell stay registered.
    vm.collect_garbage();
    vm.run_jobs().unwrap();
    vm.eval_script(
        realm,
        "print(log.length, registry.unregister(keep))",
        "again.js",
    )
    .unwrap();
    assert_eq!(vm.take_output(), "3 true\n");
}

#[test]
fn a_registry_that_dies_with_its_targets_calls_nothing() {
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        ..Default::default()
    });
    let realm = vm.main_realm();
    let setup = r#"
        var calls = 0;
        (function () {
            var registry = new FinalizationRegistry(() => calls++);
            registry.register({}, 1);
        })();
    "#;
    vm.eval_script(realm, setup, "setup.js").unwrap();
    vm.collect_garbage();
    vm.run_jobs().unwrap();
    vm.eval_script(realm, "print(calls)", "check.js").unwrap();
    assert_eq!(vm.take_output(), "0\n");
}
