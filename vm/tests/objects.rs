//! Object-model built-ins (Proxy, Reflect, Array, Object, collections, Date, ...), run end to
//! end: each case is a script whose `print` output is compared, once normally and once with
//! the collector moving every object at every safepoint.

use amber_vm::{Vm, VmOptions};

fn run(source: &str, gc_stress: bool) -> String {
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        gc_stress,
        ..Default::default()
    });
    let realm = vm.main_realm();
    if let Err(e) = vm.eval_script(realm, source, "test.js") {
        let out = vm.take_output();
        return format!("{out}error: {e}\n");
    }
    vm.take_output()
}

fn check(source: &str, expect: &str) {
    assert_eq!(run(source, false), expect, "normal run");
    assert_eq!(run(source, true), expect, "gc_stress run");
}

#[test]
fn proxy_traps_and_invariants() {
    check(
        r#"
        var log = [];
        var target = { a: 1 };
        var p = new Proxy(target, {
          get(t, k, r) { log.push("get " + String(k)); return Reflect.get(t, k, r); },
          has(t, k) { log.push("has " + k); return k in t; },
          ownKeys(t) { log.push("ownKeys"); return Reflect.ownKeys(t); },
          defineProperty(t, k, d) { log.push("define " + k); return Reflect.defineProperty(t, k, d); },
          deleteProperty(t, k) { log.push("delete " + k); return delete t[k]; },
        });
        p.b = 2;
        print(p.a, p.b, "a" in p, Object.keys(p).join());
        delete p.a;
        print(log.join("; "));
        Object.defineProperty(target, "fixed", { value: 1 });
        var bad = new Proxy(target, { get() { return 2; } });
        try { bad.fixed; } catch (e) { print(e instanceof TypeError); }
        var r = Proxy.revocable({}, {});
        r.revoke();
        try { r.proxy.x; } catch (e) { print(e instanceof TypeError); }
        var f = new Proxy(function (a, b) { return a + b; }, {
          apply(t, self, args) { return t(...args) * 10; },
        });
        print(f(1, 2), typeof f, typeof new Proxy({}, {}));
        var C = new Proxy(function () { this.x = 1; }, {});
        print(new C().x);
        "#,
        "1 2 true a,b\nget a; get b; has a; ownKeys; define b; delete a\ntrue\ntrue\n30 function object\n1\n",
    );
}

#[test]
fn reflect_functions() {
    check(
        r#"
        var o = {};
        print(Reflect.defineProperty(o, "x", { value: 1 }), Reflect.isExtensible(o));
        print(JSON.stringify(Reflect.getOwnPropertyDescriptor(o, "x")));
        print(Reflect.preventExtensions(o), Reflect.isExtensible(o));
        print(Reflect.setPrototypeOf(o, null), Reflect.setPrototypeOf({}, null));
        print(Reflect.ownKeys({ b: 1, 1: 2, a: 3 }).join());
        "#,
        "true true\n{\"value\":1,\"writable\":false,\"enumerable\":false,\"configurable\":false}\ntrue false\nfalse true\n1,b,a\n",
    );
}
