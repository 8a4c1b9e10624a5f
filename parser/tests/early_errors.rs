//! One test per class of early error: each list must be rejected, and the nearby valid
//! programs must still parse.

use amber_parser::{parse_module, parse_script, ParseOptions};

fn sloppy(src: &str) -> bool {
    parse_script(src, &ParseOptions::default()).is_ok()
}

fn strict(src: &str) -> bool {
    let options = ParseOptions {
        strict: true,
        ..ParseOptions::default()
    };
    parse_script(src, &options).is_ok()
}

fn module(src: &str) -> bool {
    parse_module(src).is_ok()
}

fn rejects(check: fn(&str) -> bool, sources: &[&str]) {
    for src in sources {
        assert!(!check(src), "expected a SyntaxError for {src:?}");
    }
}

fn accepts(check: fn(&str) -> bool, sources: &[&str]) {
    for src in sources {
        assert!(check(src), "expected {src:?} to parse");
    }
}

#[test]
fn duplicate_and_conflicting_declarations() {
    rejects(
        sloppy,
        &[
            "let a; let a;",
            "let a; var a;",
            "var a; let a;",
            "const a = 1; function a() {}",
            "{ let a; { var a; } }",
            "function f(a) { let a; }",
            "try {} catch (e) { let e; }",
            "try {} catch ([e]) { var e; }",
            "switch (x) { case 1: let a; case 2: let a; }",
            "for (let a;;) { var a; }",
            "let let = 1;",
            "'use strict'; { function f() {} function f() {} }",
            "{ function* g() {} function g() {} }",
            "(a, a) => 1;",
            "function f(a, a) { 'use strict'; }",
            "function f(a, [a]) {}",
            "({ m(a, a) {} });",
        ],
    );
    accepts(
        sloppy,
        &[
            "var a; var a; function a() {}",
            "{ function f() {} function f() {} }",
            "try {} catch (e) { var e; }",
            "function f(a, a) {}",
            "function f(a) { var a; function a() {} }",
        ],
    );
    rejects(
        module,
        &[
            "function f() {} function f() {}",
            "import a from 'a'; let a;",
        ],
    );
}

#[test]
fn strict_mode_restrictions() {
    rejects(
        strict,
        &[
            "with (a) {}",
            "delete x;",
            "delete (x);",
            "017;",
            "08;",
            "'\\07';",
            "'\\8';",
            "var eval;",
            "arguments = 1;",
            "eval++;",
            "[eval] = [];",
            "function arguments() {}",
            "function f(eval) {}",
            "var implements;",
            "let = 1;",
            "var yield;",
            "if (a) function f() {}",
            "l: function f() {}",
            "f() = 1;",
            "for (var i = 0 in {});",
        ],
    );
    rejects(
        sloppy,
        &[
            "function f() { 'use strict'; with (a) {} }",
            "function eval() { 'use strict'; }",
            "function f() { '\\07'; 'use strict'; }",
            "class C { m() { with (a) {} } }",
            "function f(a = 1) { 'use strict'; }",
        ],
    );
    accepts(
        sloppy,
        &[
            "with (a) {} delete x; 017; '\\07'; var eval; var yield; f() = 1;",
            "if (a) function f() {}",
            "l: function f() {}",
            "for (var i = 0 in {});",
        ],
    );
}

#[test]
fn labels_break_continue_return() {
    rejects(
        sloppy,
        &[
            "break;",
            "continue;",
            "l: { continue l; }",
            "a: a: ;",
            "while (1) { function f() { break; } }",
            "x: while (1) { (() => { break x; }); }",
            "return;",
            "switch (x) { default: default: }",
            "if (x) l: function f() {}",
            "while (1) l: function f() {}",
        ],
    );
    accepts(
        sloppy,
        &[
            "a: b: while (1) { continue a; }",
            "a: { break a; }",
            "switch (x) { case 1: break; }",
            "function f() { return; }",
        ],
    );
}

#[test]
fn super_and_new_target() {
    rejects(
        sloppy,
        &[
            "super.x;",
            "function f() { super.x; }",
            "class A { constructor() { super(); } }",
            "class A extends B { m() { super(); } }",
            "({ f: function () { super.x; } });",
            "new.target;",
            "() => new.target;",
            "class A { x = super(); }",
        ],
    );
    accepts(
        sloppy,
        &[
            "class A extends B { constructor() { super(); () => super(); } m() { super.m(); } }",
            "({ m() { return super.x; } });",
            "function f() { new.target; () => new.target; }",
            "class A { x = new.target; static { super.y; } }",
        ],
    );
}

#[test]
fn yield_and_await() {
    rejects(
        sloppy,
        &[
            "function* g(x = yield) {}",
            "function* g() { (x = yield) => 1; }",
            "function* g() { var yield; }",
            "async function f(x = await 1) {}",
            "async function f() { var await; }",
            "async (await) => 1;",
            "async (x = await 1) => x;",
            "class C { static { await; } }",
            "class C { static { var await; } }",
            "function* g() { function* yield() {} }",
            "(function* yield() {});",
            "(async function await() {});",
        ],
    );
    rejects(
        module,
        &["var await;", "function f() { await 1; }", "await: ;"],
    );
    accepts(
        sloppy,
        &[
            "var yield, await; yield: await: ;",
            "function* g() { yield; function f() { var yield; } }",
            "async function f() { await 1; function g() { var await; } }",
            "function* yield() {}",
        ],
    );
    accepts(module, &["await 1; const x = await import('m');"]);
}

#[test]
fn private_names() {
    rejects(
        sloppy,
        &[
            "class C { #x; #x; }",
            "class C { m() { this.#y; } }",
            "this.#x;",
            "class C { #x; m() { delete this.#x; } }",
            "class C { #x; m() { delete (this?.#x); } }",
            "class C { #constructor() {} }",
            "class C { get #a() {} static set #a(v) {} }",
        ],
    );
    accepts(
        sloppy,
        &[
            "class C { #x; get #a() {} set #a(v) {} m() { return #x in this && this.#a; } }",
            "class C { #x; m() { class D { n() { this.#x; } } } }",
        ],
    );
}

#[test]
fn classes_and_objects() {
    rejects(
        sloppy,
        &[
            "class C { constructor() {} constructor() {} }",
            "class C { get constructor() {} }",
            "class C { *constructor() {} }",
            "class C { static prototype() {} }",
            "class C { constructor = 1; }",
            "class C { x = arguments; }",
            "({ __proto__: 1, __proto__: 2 });",
            "({ get a(x) {} });",
            "({ set a() {} });",
            "class let {}",
        ],
    );
    accepts(
        sloppy,
        &[
            "({ __proto__: 1, ['__proto__']: 2, __proto__() {} });",
            "({ __proto__: a, __proto__: b } = c);",
            "class C { static constructor() {} 'prototype'() {} }",
        ],
    );
}

#[test]
fn assignment_targets_and_cover_grammar() {
    rejects(
        sloppy,
        &[
            "1 = 1;",
            "a + b = c;",
            "++a?.b;",
            "({a}) = 1;",
            "[...a, b] = c;",
            "[...a = 1] = b;",
            "({a = 1});",
            "({...{a}} = b);",
            "(a, b);(...c);",
            "a?.b = 1;",
            "f() &&= 1;",
            "for (let x = 1 of y);",
            "for (let.x of y);",
            "(a.b) => 1;",
            "async (...a,) => 1;",
            "[...a,] = b;",
        ],
    );
    accepts(
        sloppy,
        &[
            "({a = 1} = b); [a.b, ...c.d] = e; (a) = 1; (a.b) = 2;",
            "for ([a, b] of c); for ({a = 1} of b);",
            "for (let in x);",
            "(a, ...b) => 1; async (a, ...b) => 1;",
        ],
    );
}

#[test]
fn literals_and_regular_expressions() {
    rejects(
        sloppy,
        &[
            "/(?<a>x)(?<a>y)/;",
            "/\\k<a>(?<b>x)/;",
            "/a{2,1}/;",
            "/[z-a]/;",
            "/(/;",
            "/x/gig;",
            "/\\p{Nope}/u;",
            "/\\u{110000}/u;",
            "/[\\d-z]/u;",
            "/[^\\p{RGI_Emoji}]/v;",
            "`\\unicode`;",
            "'\\u{110000}';",
            "0b12;",
            "1_000_;",
        ],
    );
    accepts(
        sloppy,
        &[
            "/(?<a>x)|(?<a>y)/; /\\k<a>/; /[\\d-z]/; /{/; /]/; /\\1/;",
            "/\\p{Script=Greek}/u; /[\\p{L}&&\\p{Lu}]/v; /(?i:a)b/;",
            "tag`\\unicode`;",
        ],
    );
}

#[test]
fn modules() {
    rejects(
        module,
        &[
            "export { x };",
            "var x; export { x, x };",
            "export default 1; export default 2;",
            "export { 'a' };",
            "import x from 'a' with { type: 'json', type: 'json' };",
            "<!-- comment",
            "with (a) {}",
            "export { '\\uD800' as a } from 'm';",
        ],
    );
    accepts(
        module,
        &[
            "var x; export { x, x as y, x as 'z' }; export default function () {}",
            "export * as ns from 'm'; export { default } from 'm'; import * as m from 'm';",
            "import.meta.url;",
        ],
    );
    rejects(
        sloppy,
        &["import.meta;", "export var x;", "import x from 'y';"],
    );
}

#[test]
fn using_declarations() {
    rejects(
        sloppy,
        &[
            "using x = a;",
            "{ using {x} = a; }",
            "{ using x; }",
            "for (using x in y);",
            "switch (a) { case 1: using x = y; }",
        ],
    );
    accepts(
        sloppy,
        &[
            "{ using x = a, y = b; } for (using x of y); var using = 1; using[0];",
            "async function f() { await using x = a; for (await using y of z); }",
        ],
    );
}

#[test]
fn class_field_initializers() {
    // ContainsArguments of an Initializer, through arrows but not ordinary functions.
    // https://tc39.es/ecma262/#sec-class-definitions-static-semantics-early-errors
    rejects(
        sloppy,
        &[
            "class C { x = arguments; }",
            "class C { x = () => arguments; }",
            "class C { static x = typeof arguments; }",
            "class C { x = class { [arguments] = 1; }; }",
            "class C { static { arguments; } }",
            "class A extends B { x = super(); }",
            "class A extends B { x = () => super(); }",
        ],
    );
    accepts(
        sloppy,
        &[
            "class C { x = function () { return arguments; }; y = { m() { arguments; } }; }",
            "class C { [arguments] = 1; }",
            "class C { x = this.y; z = new.target; w = super.v; }",
        ],
    );
    // A field initializer is `Initializer[+In, ~Yield, ~Await]` (tc39/ecma262#3333): `await`
    // is an identifier there in scripts, `yield` a strict-mode reserved word; computed keys
    // keep the enclosing context.
    accepts(
        sloppy,
        &[
            "async function f() { class C { x = await; } }",
            "async () => class { x = await };",
            "async function f() { class C { [await 1] = 1; x = async () => await 2; } }",
            "function* g() { class C { [yield] = 1; } }",
        ],
    );
    rejects(
        sloppy,
        &[
            "async function f() { class C { x = await 1; } }",
            "async () => class { static x = await 1 };",
            "function* g() { class C { x = yield; } }",
            "function* g() { class C { x = yield 1; } }",
            "async () => class { [await] = 1 };",
        ],
    );
    rejects(
        module,
        &["class C { x = await; }", "class C { x = await 1; }"],
    );
}

#[test]
fn await_and_yield_in_parameters() {
    // https://tc39.es/ecma262/#sec-async-arrow-function-definitions-static-semantics-early-errors
    // https://tc39.es/ecma262/#sec-generator-function-definitions-static-semantics-early-errors
    rejects(
        sloppy,
        &[
            "async function f() { (x = await 1) => x; }",
            "async function f() { async (x = await 1) => x; }",
            "async (x = await) => x;",
            "async ([await]) => 1;",
            "async ({ await }) => 1;",
            "function* g() { (x = yield) => x; }",
            "function* g() { (yield) => 1; }",
            "function* g(yield) {}",
            "async function f(await) {}",
            "async function* f(x = yield) {}",
            "({ async *m(x = await 1) {} });",
            "class C { *m(x = yield) {} }",
        ],
    );
    accepts(
        sloppy,
        &[
            "(x = await) => x; (yield) => 1; async (x = y) => await x;",
            "function* g() { function f(x = yield) {} }",
            "async function f() { function g(await) {} }",
        ],
    );
}

#[test]
fn let_restrictions() {
    rejects(
        sloppy,
        &[
            "let let = 1;",
            "const let = 1;",
            "let [let] = [];",
            "for (let let of x);",
            "for (const let in x);",
            "if (a) let [x] = y;",
            "while (a) let [x] = y;",
            "label: let [x] = y;",
            "do let [x] = y; while (0)",
            "for (let of x);",
            "class let {}",
        ],
    );
    rejects(strict, &["let = 1;", "var let;", "if (a) let\nx = 1;"]);
    accepts(
        sloppy,
        &[
            "let = 1; var let; let.x; let(0); let\nx = 1;",
            "if (a) let\nx = 1;",
            "for (let in x); for (let.x in y); for (let;;) break;",
            "for (let of of x);",
        ],
    );
}

#[test]
fn labelled_functions() {
    // https://tc39.es/ecma262/#sec-labelled-statements-static-semantics-early-errors
    rejects(
        sloppy,
        &[
            "l: function* g() {}",
            "l: async function f() {}",
            "l: class C {}",
            "l: let [x] = y;",
            "if (a) l: function f() {}",
            "while (a) l: function f() {}",
            "for (;;) l: m: function f() {}",
        ],
    );
    rejects(strict, &["l: function f() {}", "l: m: function f() {}"]);
    accepts(
        sloppy,
        &["l: function f() {}", "l: m: function f() {} l: { }"],
    );
}

#[test]
fn use_strict_directive_retroactive() {
    // A "use strict" directive makes the function's own name, parameters and earlier
    // directives strict too.
    // https://tc39.es/ecma262/#sec-function-definitions-static-semantics-early-errors
    rejects(
        sloppy,
        &[
            "function eval() { 'use strict'; }",
            "function arguments() { 'use strict'; }",
            "(function yield() { 'use strict'; });",
            "function f(eval) { 'use strict'; }",
            "function f(package) { 'use strict'; }",
            "function f(a, a) { 'use strict'; }",
            "function f() { '\\08'; 'use strict'; }",
            "function f() { 'use strict'; return function () { with (a) {} }; }",
            "function f() { 'use strict'; return () => { var static; }; }",
            "(a = 1) => { 'use strict'; };",
            "function f({ a }) { 'use strict'; }",
            "function f(...a) { 'use strict'; }",
        ],
    );
    accepts(
        sloppy,
        &[
            "function f() { 'use\\x20strict'; with (a) {} }",
            "function f() { ('use strict'); with (a) {} }",
            "function f() { 'a'; 'use strict'; } with (a) {}",
            "function f() { f(); 'use strict'; with (a) {} }",
        ],
    );
}

#[test]
fn html_like_comments() {
    // Annex B.1.1: HTML-like comments exist in scripts only.
    // https://tc39.es/ecma262/#sec-html-like-comments
    accepts(
        sloppy,
        &[
            "x = 1; <!-- comment\n",
            "--> comment\n",
            "/* a\n */ --> b\n",
        ],
    );
    rejects(sloppy, &["x = 1; --> not at line start\n"]);
    rejects(
        module,
        &["<!-- comment\n", "--> comment\n", "/* a\n */ --> b\n"],
    );
}

/// The context a direct eval's code is parsed in (PerformEval steps 6–10).
/// https://tc39.es/ecma262/#sec-performeval
#[test]
fn eval_code_context() {
    let eval = |src: &str, options: ParseOptions| parse_script(src, &options).is_ok();
    let none = ParseOptions::default;
    assert!(!eval("new.target", none()));
    assert!(!eval("() => new.target", none()));
    assert!(!eval("super.x", none()));
    assert!(!eval("super()", none()));
    assert!(!eval("this.#x", none()));
    assert!(eval("arguments", none()));
    let function = || ParseOptions {
        allow_new_target: true,
        ..ParseOptions::default()
    };
    assert!(eval("new.target; () => new.target", function()));
    assert!(!eval("super.x", function()));
    let method = || ParseOptions {
        allow_new_target: true,
        allow_super_property: true,
        ..ParseOptions::default()
    };
    assert!(eval("super.x; () => super['y']", method()));
    assert!(!eval("super()", method()));
    // A nested ordinary function has its own (missing) home object.
    assert!(!eval("(function () { super.x; })", method()));
    let derived = ParseOptions {
        allow_super_call: true,
        ..method()
    };
    assert!(eval("super(); () => super()", derived.clone()));
    assert!(!eval("(function () { super(); })", derived));
    let field = || ParseOptions {
        in_class_field_init: true,
        ..method()
    };
    assert!(!eval("arguments", field()));
    assert!(!eval("() => arguments", field()));
    assert!(eval("(function () { arguments; })", field()));
    let private = ParseOptions {
        private_names: vec!["#x".into()],
        ..method()
    };
    assert!(eval("this.#x; #x in this; () => this.#x", private.clone()));
    assert!(!eval("this.#y", private.clone()));
    assert!(eval("class D { #y; m() { this.#x; this.#y; } }", private));
    // Strictness comes from the caller (strictCaller) or from the eval code itself.
    let strict_caller = ParseOptions {
        strict: true,
        ..ParseOptions::default()
    };
    assert!(!eval("with (a) {}", strict_caller));
    assert!(!eval("'use strict'; with (a) {}", none()));
}
