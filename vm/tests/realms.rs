//! Several realms in one agent: each has its own intrinsics, and a function remembers the realm
//! it was created in ([[Realm]]), whoever calls it.

use amber_vm::{Vm, VmOptions};

fn vm() -> Vm {
    Vm::new(VmOptions {
        capture_output: true,
        ..Default::default()
    })
}

#[test]
fn realms_have_distinct_intrinsics() {
    let mut vm = vm();
    let a = vm.main_realm();
    let b = vm.create_realm();
    vm.eval_script(
        a,
        "globalThis.protoA = Array.prototype; globalThis.tag = 'A';",
        "a.js",
    )
    .unwrap();
    vm.eval_script(
        b,
        "globalThis.protoB = Array.prototype; globalThis.tag = 'B';",
        "b.js",
    )
    .unwrap();
    // Hand realm B's Array.prototype to realm A through the host and compare.
    vm.eval_script(
        b,
        "var shared = { proto: Array.prototype, arr: [] };",
        "b2.js",
    )
    .unwrap();
    let out = vm.eval_script(a, "typeof protoB", "a2.js").unwrap();
    assert_eq!(out, "undefined", "realms have separate global objects");
    assert_eq!(vm.eval_script(a, "tag", "a3.js").unwrap(), "A");
    assert_eq!(vm.eval_script(b, "tag", "b3.js").unwrap(), "B");
}

#[test]
fn a_function_from_realm_a_allocates_in_realm_a() {
    let mut vm = vm();
    let a = vm.main_realm();
    vm.install_test262_host(a);
    // $262.createRealm gives realm B and a way to evaluate code there.
    let script = r#"
        var other = $262.createRealm();
        var makeArrayInB = other.evalScript("(function () { return [1, 2, 3]; })");
        var OtherArray = other.evalScript("Array");
        var fromB = makeArrayInB();          // called from realm A
        print(Object.getPrototypeOf(fromB) === OtherArray.prototype);
        print(Object.getPrototypeOf(fromB) === Array.prototype);
        print(fromB instanceof Array, fromB instanceof OtherArray, Array.isArray(fromB));
        print(OtherArray !== Array, other.global !== globalThis);
        // A function of realm A called with a `this` from realm B still uses realm A.
        var makeArrayInA = function () { return []; };
        print(Object.getPrototypeOf(makeArrayInA.call(other.global)) === Array.prototype);
    "#;
    vm.eval_script(a, script, "realms.js").unwrap();
    assert_eq!(
        vm.take_output(),
        "true\nfalse\nfalse true true\ntrue true\ntrue\n"
    );
}

#[test]
fn errors_thrown_by_builtins_come_from_the_callee_realm() {
    let mut vm = vm();
    let a = vm.main_realm();
    vm.install_test262_host(a);
    let script = r#"
        var other = $262.createRealm();
        var OtherTypeError = other.evalScript("TypeError");
        var otherToString = other.evalScript("Object.prototype.hasOwnProperty");
        try { otherToString.call(null, "x"); } catch (e) {
            print(e instanceof OtherTypeError, e instanceof TypeError);
        }
    "#;
    vm.eval_script(a, script, "errors.js").unwrap();
    assert_eq!(vm.take_output(), "true false\n");
}

#[test]
fn class_constructor_errors_come_from_the_realm_the_spec_says() {
    let mut vm = vm();
    let a = vm.main_realm();
    vm.install_test262_host(a);
    let script = r#"
        var other = $262.createRealm().global;
        var C = other.eval('(class C extends Object { constructor() {} });');
        // [[Construct]] checks the result and `this` after leaving the callee: caller's realm.
        try { new C(); } catch (e) { print(e.constructor === ReferenceError); }
        var D = other.eval('(class D extends Object { constructor() { return 1; } });');
        try { new D(); } catch (e) { print(e.constructor === TypeError); }
        try { Reflect.construct(D, []); } catch (e) { print(e.constructor === TypeError); }
        var E = other.eval('(class E extends Object { constructor() { if (0) super(); } });');
        try { new E(); } catch (e) { print(e.constructor === ReferenceError); }
        // [[Call]] of a class constructor creates its TypeError in the callee's realm.
        var K = other.eval('(class K {})');
        try { K(); } catch (e) { print(e.constructor === other.TypeError); }
        // Inside the other realm, the errors are that realm's.
        print(other.eval('try { new (class extends Object { constructor() {} }) } catch (e) { e instanceof ReferenceError }'));
        class Ok extends Object { constructor() { super(); return undefined; } }
        print(new Ok() instanceof Ok);
    "#;
    vm.eval_script(a, script, "ctor-realms.js").unwrap();
    assert_eq!(
        vm.take_output(),
        "true\ntrue\ntrue\ntrue\ntrue\ntrue\ntrue\n"
    );
}

/// A global load's inline cache remembers where a global-object property was; a `let` of the
/// same name declared by a later script must shadow it, and each realm reads its own global.
#[test]
fn global_load_caches_see_later_lexicals_and_other_realms() {
    let mut vm = vm();
    let a = vm.main_realm();
    vm.eval_script(
        a,
        "globalThis.h = 'property'; function readH() { return h; } for (var i = 0; i < 30; i++) readH();",
        "a.js",
    )
    .unwrap();
    assert_eq!(vm.eval_script(a, "readH()", "a2.js").unwrap(), "property");
    vm.eval_script(a, "let h = 'lexical';", "a3.js").unwrap();
    assert_eq!(vm.eval_script(a, "readH()", "a4.js").unwrap(), "lexical");
    // The same code run in another realm (through a function of that realm) reads that
    // realm's globals.
    let b = vm.create_realm();
    vm.eval_script(b, "globalThis.h = 'realm b';", "b.js")
        .unwrap();
    let source = "function readIt() { return h; } for (var i = 0; i < 30; i++) readIt(); readIt()";
    assert_eq!(vm.eval_script(a, source, "a5.js").unwrap(), "lexical");
    assert_eq!(vm.eval_script(b, source, "b2.js").unwrap(), "realm b");
}

/// Global accesses go through per-site caches keyed by the realm and by how many lexical
/// declarations any realm has made: a later script's `let` shadows a cached global-object
/// property (for reads and writes), and a realm's code never reads another realm's binding
/// through a cache filled there.
#[test]
fn global_access_caches_follow_later_lexicals_and_realms() {
    let mut vm = vm();
    let a = vm.main_realm();
    vm.install_test262_host(a);
    let script = r#"
        globalThis.g = "property";
        function readG() { return g; }
        function writeG(v) { g = v; }
        for (var i = 0; i < 20; i++) { readG(); writeG("property"); }
        print(readG());
        $262.evalScript("let g = 'lexical';");
        print(readG(), globalThis.g);
        writeG("written");
        print(readG(), globalThis.g);
        // A lexical declared in another realm changes nothing here, though it invalidates.
        var other = $262.createRealm();
        other.evalScript("let g = 'other'; var h = 'other h';");
        print(readG());
        // The same source in two realms: each reads its own global.
        globalThis.h = "own h";
        var src = "(function () { var r = []; for (var i = 0; i < 20; i++) r.push(h); return r[19]; })";
        print(eval(src)(), other.evalScript(src)());
        // A const lexical: cached reads, then a write throws.
        $262.evalScript("const k = 1;");
        function readK() { return k; }
        function writeK() { k = 2; }
        for (var i = 0; i < 20; i++) readK();
        try { writeK(); } catch (e) { print(e.constructor.name, readK()); }
    "#;
    vm.eval_script(a, script, "globals.js").unwrap();
    assert_eq!(
        vm.take_output(),
        "property\nlexical property\nwritten property\nwritten\nown h other h\nTypeError 1\n"
    );
}
