//! The inspector (`console.dir`, `console.log`), the console namespace and stack traces: a
//! table of values and what Amber shows for them (node's `util.inspect` output, checked with
//! `bench/inspect/compare.sh`), plus checks that inspecting never runs user code.

use amber_vm::{Vm, VmOptions};

/// Runs `setup` then `console.dir(expr)` and returns what was printed (without the newline).
fn dir(setup: &str, expr: &str) -> String {
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        ..Default::default()
    });
    let realm = vm.main_realm();
    let source = format!("{setup}\nconsole.dir({expr});");
    if let Err(e) = vm.eval_script(realm, &source, "test.js") {
        panic!("{expr}: {e}");
    }
    let out = vm.take_output();
    out.strip_suffix('\n').unwrap_or(&out).to_string()
}

fn run(source: &str) -> String {
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        ..Default::default()
    });
    let realm = vm.main_realm();
    if let Err(e) = vm.eval_script(realm, source, "test.js") {
        return format!("{}error: {e}\n", vm.take_output());
    }
    vm.take_output()
}

const SETUP: &str = r#"
class P { constructor() { this.x = 1; } }
class Q extends P {}
function f() {}
const sym = Symbol('a');
"#;

#[test]
fn values_as_node_shows_them() {
    let table: &[(&str, &str)] = &[
        ("undefined", "undefined"),
        ("null", "null"),
        ("true", "true"),
        ("42", "42"),
        ("-0", "-0"),
        ("NaN", "NaN"),
        ("10n", "10n"),
        ("'hello'", "'hello'"),
        ("\"it's\"", "\"it's\""),
        ("`'\"`", "`'\"`"),
        ("'a\\nb\\u0001'", "'a\\nb\\x01'"),
        ("Symbol('s')", "Symbol(s)"),
        ("{}", "{}"),
        ("{ a: 1, b: 'two', c: [3] }", "{ a: 1, b: 'two', c: [ 3 ] }"),
        ("{ 'a-b': 1, 1: 2, _ok: 3 }", "{ '1': 2, 'a-b': 1, _ok: 3 }"),
        ("{ a: { b: { c: { d: 1 } } } }", "{ a: { b: { c: [Object] } } }"),
        ("[[1, [2, [3, [4]]]]]", "[ [ 1, [ 2, [Array] ] ] ]"),
        ("[]", "[]"),
        ("[1, 'a', null, undefined]", "[ 1, 'a', null, undefined ]"),
        ("(() => { const a = [1, , 3]; a[9] = 10; return a; })()", "[ 1, <1 empty item>, 3, <6 empty items>, 10 ]"),
        ("Object.assign([1, 2], { key: 'v' })", "[ 1, 2, key: 'v' ]"),
        ("new P()", "P { x: 1 }"),
        ("new Q()", "Q { x: 1 }"),
        ("Object.assign(Object.create(null), { a: 1 })", "[Object: null prototype] { a: 1 }"),
        ("f", "[Function: f]"),
        ("[function () {}][0]", "[Function (anonymous)]"),
        ("async function af() {}", "[AsyncFunction: af]"),
        ("function* gen() {}", "[GeneratorFunction: gen]"),
        ("P", "[class P]"),
        ("Q", "[class Q extends P]"),
        ("f.bind(null)", "[Function: bound f]"),
        ("Math.max", "[Function: max]"),
        ("{ [sym]: 1 }", "{ [Symbol(a)]: 1 }"),
        ("{ get g() { return 1; }, set s(v) {}, get gs() { return 1; }, set gs(v) {} }", "{ g: [Getter], s: [Setter], gs: [Getter/Setter] }"),
        ("(() => { const o = { name: 'root' }; o.self = o; return o; })()", "<ref *1> { name: 'root', self: [Circular *1] }"),
        ("new Map([[1, 2], ['a', { b: 1 }]])", "Map(2) { 1 => 2, 'a' => { b: 1 } }"),
        ("new Map()", "Map(0) {}"),
        ("new Set([1, 'x'])", "Set(2) { 1, 'x' }"),
        ("new WeakMap()", "WeakMap { <items unknown> }"),
        ("new WeakSet()", "WeakSet { <items unknown> }"),
        ("new Date(0)", "1970-01-01T00:00:00.000Z"),
        ("new Date(NaN)", "Invalid Date"),
        ("/ab+c/gi", "/ab+c/gi"),
        ("Promise.resolve(1)", "Promise { 1 }"),
        ("new Promise(() => {})", "Promise { <pending> }"),
        ("(() => { const p = Promise.reject(3); p.catch(() => {}); return p; })()", "Promise { <rejected> 3 }"),
        ("new Uint8Array(3)", "Uint8Array(3) [ 0, 0, 0 ]"),
        ("new Float64Array([1.5, -0])", "Float64Array(2) [ 1.5, -0 ]"),
        ("new ArrayBuffer(2)", "ArrayBuffer { [Uint8Contents]: <00 00>, byteLength: 2 }"),
        ("new Proxy({ a: 1 }, {})", "{ a: 1 }"),
        ("new Number(3)", "[Number: 3]"),
        ("new String('abc')", "[String: 'abc']"),
        ("new Boolean(false)", "[Boolean: false]"),
        ("new Map([[1, 2]]).entries()", "[Map Entries] { [ 1, 2 ] }"),
        ("Math", "Object [Math] {}"),
        ("(function* () {})()", "Object [Generator] {}"),
        ("new Error('boom', { cause: 'inner' })", "Error: boom\n    at test.js:7:14 {\n  [cause]: 'inner'\n}"),
        (
            "Array.from({ length: 1000 }, (_, i) => i).slice(0, 30)",
            "[\n   0,  1,  2,  3,  4,  5,  6,  7,  8,\n   9, 10, 11, 12, 13, 14, 15, 16, 17,\n  18, 19, 20, 21, 22, 23, 24, 25, 26,\n  27, 28, 29\n]",
        ),
        (
            "{ alpha: 'aaaaaaaaaa', beta: 'bbbbbbbbbb', gamma: 'cccccccccc', delta: 'dddddddddd', eps: 1 }",
            "{\n  alpha: 'aaaaaaaaaa',\n  beta: 'bbbbbbbbbb',\n  gamma: 'cccccccccc',\n  delta: 'dddddddddd',\n  eps: 1\n}",
        ),
    ];
    assert!(table.len() >= 40);
    for (expr, expected) in table {
        assert_eq!(dir(SETUP, &format!("({expr})")), *expected, "{expr}");
    }
}

#[test]
fn long_arrays_are_truncated() {
    let shown = dir("", "Array.from({ length: 1000 }, (_, i) => i)");
    assert!(
        shown.ends_with("  96, 97, 98, 99,\n  ... 900 more items\n]"),
        "{shown}"
    );
}

#[test]
fn inspecting_never_runs_user_code() {
    let out = run(r#"
        let ran = [];
        const o = { get g() { ran.push('getter'); return 1; }, toString() { ran.push('toString'); } };
        const p = new Proxy({ a: 1 }, {
          get() { ran.push('get trap'); }, ownKeys() { ran.push('ownKeys trap'); return []; },
          getOwnPropertyDescriptor() { ran.push('gopd trap'); },
          getPrototypeOf() { ran.push('getPrototypeOf trap'); return null; },
        });
        class E extends Error { get name() { ran.push('name getter'); return 'E'; } }
        console.log(o, p, new E('x').message);
        console.dir(Object.defineProperty({}, Symbol.toStringTag, { get() { ran.push('tag'); } }));
        console.log(ran.length);
    "#);
    assert_eq!(
        out,
        "{ g: [Getter], toString: [Function: toString] } { a: 1 } x\n{}\n0\n"
    );
}

#[test]
fn console_methods() {
    let out = run(r#"
        console.log('%s is %d and %i, %f %o %%', 'x', 42.5, 42.5, 1.5, [1]);
        console.info('info'); console.debug('debug');
        console.count(); console.count(); console.count('a'); console.countReset(); console.count();
        console.group('G'); console.log('inside'); console.group(); console.log({ a: 1 });
        console.groupEnd(); console.groupEnd(); console.log('out');
        console.assert(true, 'no'); console.assert(0, 'yes %s', 'really');
        console.error('err'); console.warn('warn');
        console.table([{ a: 1, b: 'x' }, { a: 22 }]);
        console.table([1, 2]);
        console.dir('s');
    "#);
    assert_eq!(
        out,
        "x is 42.5 and 42, 1.5 [ 1 ] %\ninfo\ndebug\ndefault: 1\ndefault: 2\na: 1\ndefault: 1\n\
         G\n  inside\n    { a: 1 }\nout\nAssertion failed: yes really\nerr\nwarn\n\
         ┌─────────┬────┬─────┐\n\
         │ (index) │ a  │ b   │\n\
         ├─────────┼────┼─────┤\n\
         │ 0       │ 1  │ 'x' │\n\
         │ 1       │ 22 │     │\n\
         └─────────┴────┴─────┘\n\
         ┌─────────┬────────┐\n\
         │ (index) │ Values │\n\
         ├─────────┼────────┤\n\
         │ 0       │ 1      │\n\
         │ 1       │ 2      │\n\
         └─────────┴────────┘\n\
         's'\n"
    );
    let out = run(
        "console.time('t'); console.timeLog('t', 1); console.timeEnd('t'); console.timeEnd('t');",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("t: ") && lines[0].ends_with("ms 1"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("t: ") && lines[1].ends_with("ms"),
        "{out}"
    );
    assert_eq!(lines[2], "Warning: No such label 't' for console.timeEnd()");
}

#[test]
fn error_stacks() {
    let out = run(r#"
        function outer() { return inner(); }
        function inner() { return new TypeError('deep'); }
        const e = outer();
        print(e.stack);
        print(Object.prototype.hasOwnProperty.call(e, 'stack'));
        e.message = 'changed';
        print(e.stack.split('\n')[0]);
        e.stack = 'mine';
        print(e.stack, Object.getOwnPropertyDescriptor(e, 'stack').enumerable);
        try { [1].forEach(() => { null.x; }); } catch (err) { print(err.stack); }
        function rec(n) { return n ? rec(n - 1) : new Error('r'); }
        print(rec(50).stack.split('\n').length);
    "#);
    assert_eq!(
        out,
        "TypeError: deep\n    at inner (test.js:3:35)\n    at outer (test.js:2:35)\n    at test.js:4:19\n\
         false\nTypeError: changed\nmine true\n\
         TypeError: Cannot read properties of null (reading 'x')\n    at test.js:11:35\n    \
         at Array.forEach (native)\n    at test.js:11:15\n11\n"
    );
}

#[test]
fn creating_errors_in_a_loop_stays_cheap() {
    let start = std::time::Instant::now();
    let out = run(r#"
        function deep(n) { if (n) return deep(n - 1); let k = 0; for (let i = 0; i < 20000; i++) { k += new Error('x').message.length; } return k; }
        print(deep(30));
    "#);
    assert_eq!(out, "20000\n");
    // Generous: a debug build creates 20,000 errors 30 frames deep well within this.
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}
