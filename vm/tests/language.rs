//! Language-semantics tests: run JavaScript, compare what it prints. Every check also runs
//! with `gc_stress` (a collection that moves every object at every safepoint).

use amber_vm::{Vm, VmOptions};

fn run(src: &str, gc_stress: bool) -> String {
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        gc_stress,
        ..Default::default()
    });
    let realm = vm.main_realm();
    let r = vm
        .eval_script(realm, src, "test.js")
        .and_then(|_| vm.run_jobs());
    let mut out = vm.take_output();
    if let Err(e) = r {
        out.push_str(&format!("error: {e}\n"));
    }
    out
}

#[track_caller]
fn check(src: &str, expected: &str) {
    assert_eq!(run(src, false), expected, "source:\n{src}");
    assert_eq!(run(src, true), expected, "gc_stress, source:\n{src}");
}

#[test]
fn promise_then_order() {
    check(
        r#"
        var log = [];
        Promise.resolve(1).then(v => log.push("a" + v));
        new Promise((res, rej) => rej(2)).catch(v => log.push("b" + v));
        Promise.resolve(3).finally(() => log.push("f")).then(v => { log.push("c" + v); print(log.join()); });
        log.push("sync");
        "#,
        "sync,a1,b2,f,c3\n",
    );
}

#[test]
fn promise_combinators() {
    check(
        r#"
        Promise.all([1, Promise.resolve(2), { then(r) { r(3); } }]).then(v => print("all " + v));
        Promise.allSettled([1, Promise.reject(2)]).then(v => print("settled " + v.map(x => x.status + ":" + (x.value ?? x.reason)).join()));
        Promise.any([Promise.reject(1), Promise.resolve(5)]).then(v => print("any " + v));
        Promise.any([Promise.reject(1)]).catch(e => print("agg " + e.errors));
        Promise.race([new Promise(() => {}), Promise.resolve(7)]).then(v => print("race " + v));
        "#,
        "settled fulfilled:1,rejected:2\nany 5\nagg 1\nrace 7\nall 1,2,3\n",
    );
}

#[test]
fn promise_thenable_and_errors() {
    check(
        r#"
        var res; var p = new Promise(r => { res = r; }); res(p);
        p.catch(e => print(e instanceof TypeError));
        new Promise(() => { throw "boom"; }).then(null, e => print(e));
        Promise.resolve({ get then() { throw "getter"; } }).catch(e => print(e));
        "#,
        "boom\ngetter\ntrue\n",
    );
}
