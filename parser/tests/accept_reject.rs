//! Programs that must parse and programs that must be rejected.

use amber_parser::{parse_module, parse_script, ParseOptions};

fn script_ok(src: &str) {
    if let Err(e) = parse_script(src, &ParseOptions::default()) {
        panic!("expected {src:?} to parse: {}", e.render("test.js", src));
    }
}

fn script_err(src: &str) {
    if parse_script(src, &ParseOptions::default()).is_ok() {
        panic!("expected {src:?} to be a SyntaxError");
    }
}

fn module_ok(src: &str) {
    if let Err(e) = parse_module(src) {
        panic!(
            "expected module {src:?} to parse: {}",
            e.render("test.mjs", src)
        );
    }
}

fn module_err(src: &str) {
    assert!(
        parse_module(src).is_err(),
        "expected module {src:?} to fail"
    );
}

#[test]
fn literals() {
    script_ok("1; 1.5; .5; 1e3; 0x1F; 0o17; 0b101; 1_000_000; 017; 019; 10n; 0x1fn;");
    script_ok("'a\\n\\x41\\u0041\\u{1F600}'; \"\\\n\"; `a${1}b${`c${2}`}`;");
    script_ok("/ab+c/gi; /[/]/; /a\\/b/u;");
    script_err("1_;");
    script_err("1__0;");
    script_err("0_1;");
    script_err("3in x;");
    script_err("/a/gg;");
    script_err("`\\u{`;");
}

#[test]
fn statements_and_asi() {
    script_ok("var a = 1\nvar b = 2\na\n++b\n");
    script_ok("function f() { return\n1 }");
    script_ok("do x; while (y) z");
    script_ok("if (a) b; else if (c) d; else e");
    script_ok("for (var i = 0, j; i < 1; i++) {} for (x in y); for (let [a] of b);");
    script_ok("a: b: for (;;) { continue a; break b }");
    script_ok("switch (x) { case 1: case 2: y; break; default: }");
    script_ok("try {} catch {} try {} finally {} try {} catch ([a]) {} finally {}");
    script_err("a b");
    script_err("for (a\nb\nc)");
    script_err("throw\nx");
    script_err("{ a + }");
}

#[test]
fn expressions() {
    script_ok("a = b ? c : d, e += 1, f **= 2, g ??= h, i ||= j, k &&= l;");
    script_ok("typeof a; delete a.b; void 0; !a; ~a; -a; +a; a in b; a instanceof b;");
    script_ok("new A; new A(); new A.b(c)(d); a.b[c](d)`e`;");
    script_ok("({a, b: c, [d]: e, f() {}, get g() {}, set g(v) {}, ...h, 'i': 1, 2: 3});");
    script_ok("[a, , b, ...c,];");
    script_ok("({a, b} = c); [a, [b], {c}] = d; ({a = 1} = b);");
    script_ok("(a, b) => a; async (a) => await a; async a => a; () => ({});");
    script_ok("a?.b; a?.[b]; a?.(b); a?.b.c(d);");
    script_err("a ?? b || c;");
    script_err("({a = 1});");
    script_err("-a ** 2;");
    script_err("a?.b`c`;");
    script_err("1 = 2;");
}

#[test]
fn regex_versus_division() {
    script_ok("a = b / c / d;");
    script_ok("if (a) /re/.test(b);");
    script_ok("x = {} / 1;");
    script_ok("{} /re/.test(b);");
    script_ok("a++ / 2; x = y\n/re/g");
    script_ok("function f() {} /re/;");
    script_ok("x = function () {} / 1;");
    script_ok("let of = 1; of / 2;");
    script_ok("a ? {} : /re/;");
    script_ok("l: {} /re/;");
    script_ok("class A { m() {} } /re/;");
    script_ok("x = class {} / 1;");
    script_ok("`${{}}` / 1;");
}

#[test]
fn functions_and_classes() {
    script_ok("function* g() { yield; yield 1; yield* g(); }");
    script_ok("async function* h() { for await (x of y) {} }");
    script_ok("class A extends B { #x = 1; static #y; constructor() { super(); } m() { return #x in this } static { this.z = 1 } }");
    script_ok("class C { get; set; static; async; a\nb\n'c' = 1; [d] = 2 }");
    script_ok("var yield = 1; var await = 2; let async = 3; var of = 4;");
    script_ok("({ async *m() { yield await 1 } })");
}

#[test]
fn modules() {
    module_ok(
        "import a from 'a'; import * as b from 'b'; import { c, d as e } from 'c'; import 'd';",
    );
    module_ok("import j from './x.json' with { type: 'json' };");
    module_ok("export var x = 1; export function f() {} export default class {}; export { x as y }; export * from 'z';");
    module_ok("export default async function () {} await 1;");
    module_ok("export default 1 + 2;");
    module_err("await: 1");
    module_err("<!-- x");
}

#[test]
fn keywords_as_property_names() {
    script_ok("a.return / 2; a.if / b / c; x.default / 1; a.yield / 2; a.in / 2;");
    script_ok("function* g() { a.yield / 2; }");
    script_ok("a.function(1); a.class / 2; ({ class: 1, function: 2 }).class / 1;");
    script_ok("async function f() { a.await / 2; }");
}

/// The cooker's hard cases: `{` after `:`, class bodies, contextual words as identifiers and
/// template nesting.
#[test]
fn cooker_hard_cases() {
    // `:` before `{`: label (block), case (block), ternary and property value (object).
    script_ok("l: {} /re/.test(s);");
    script_ok("switch (x) { case 1: {} /re/.test(s); }");
    script_ok("x = a ? {} : {} / 2;");
    script_ok("x = { a: {} / 2 };");
    // Class bodies: members, fields with division, static blocks, the class expression's `}`.
    script_ok("class A { a = 1 / 2; b = /re/; static { /re/.test(s); } m() {} } /re/.test(s);");
    script_ok("x = class { m() { return {} } } / 2;");
    script_ok("class A { get\n x() {} set\n y(v) {} static\n z() {} async\n w() {} }");
    // Contextual words as identifiers.
    script_ok("var of = 1, yield = 2, let = 3, async = 4, get = 5; of / 2; yield / 2; let / 2; async / 2; get / 2;");
    script_ok("for (of of of) ; for (let of of []) ;");
    script_ok("let\nx = 1");
    script_ok("if (a) let\n{}");
    script_ok("function* g() { yield /re/; yield\n/re/; }");
    script_ok("async function f() { await /re/; }");
    // Templates: nesting, objects and blocks inside substitutions.
    script_ok("`a${ `b${ `c${ d }` }` }e`;");
    script_ok("`${ {a: 1}.a }${ function () { return {} }() }` / 2;");
    script_ok("x = `${ a }` / 2; y = `${ (b) }`\n/ 2;");
    // A `/` after an expression is division even on a new line (no ASI).
    script_err("y = `${ (b) }`\n/re/.test(s);");
    // `}` of blocks vs object literals.
    script_ok("{} /re/.test(s); x = {} / 2;");
    script_ok("function f() {}\n/re/.test(s);");
    script_ok("x = function () {}\n/ 2;");
    script_ok("() => {}\n/re/.test(s);");
}

/// A concise async arrow body ends at ASI; the next line is not in an async context.
#[test]
fn arrow_body_context_ends_at_asi() {
    script_ok("function g() { const f = async () => 1\n  await(1) }");
    script_ok("var f = async x => await x\nvar await = 2");
    script_ok("async function h() { var f = () => 1\n await 2 }");
}

/// ASI inserts a `;` only where the next token (or the end of the input) is offending, never
/// after a dangling operator: lalrpop's recovery may pop symbols to find a state that takes
/// the error token, which is not an insertion.
/// <https://tc39.es/ecma262/#sec-rules-of-automatic-semicolon-insertion>
#[test]
fn no_asi_after_dangling_tokens_at_eof() {
    for src in [
        "a ,",
        "var x,",
        "a +",
        "x =",
        "f(a,",
        "a ? b :",
        "a ,\n",
        "let x = 1,",
        "a.",
        "new",
        "a ??",
        "[a,",
        "x => {",
        "a, // comment",
    ] {
        script_err(src);
    }
    script_ok("a");
    script_ok("a // comment");
    script_ok("a /* comment */");
    script_ok("var x = 1\n");
    script_ok("do x; while (y)");
}

/// A keyword followed by a `\u` escape or a non-ASCII IdentifierPartChar is a longer
/// IdentifierName, not the keyword and another identifier.
/// <https://tc39.es/ecma262/#prod-IdentifierName>
#[test]
fn keyword_prefix_with_escape_or_unicode_tail() {
    script_ok("var this\\u0061 = 1; this\\u0061;");
    script_ok("var ifé = 1, letà = 2, functionñ = 3; ifé + letà + functionñ;");
    script_ok("({ get\\u0061: 1, async\\u0061() {} });");
    // `function\u0061 () {}` is a call of `functiona` followed by a block, not a function.
    script_err("var x = function\\u0061 () {}");
    script_err("th\\u0069s;");
}

/// `let` starts a declaration only at the start of a statement or a `for` head.
#[test]
fn let_as_identifier_in_expressions() {
    script_ok("x = 2 * let\ny");
    script_ok("async function f() { 2 * let\nx }");
    script_ok("() => let\nx");
    script_ok("f(let\n, y); [let\n]; `${let}`;");
    script_ok("l: let\nx");
    script_err("do let\nx = 1; while (0)");
    script_ok("let\nx = 1; for (let\ny of z);");
    // A restricted production or `debugger` ends the statement by ASI: a declaration follows.
    script_ok("function* g() { yield\nlet x = 1 }");
    script_ok("function f() { return\nlet x = 1 }");
    script_ok("while (1) { break\nlet x = 1 }");
    script_ok("while (1) { continue\nlet x = 1 }");
    script_ok("debugger\nlet x = 1");
    script_ok("x = a +\nlet; x = typeof let;");
    script_ok("x = (let\n / 2); y = 1 * let / 2 / 3;");
    // The `while (…)` that ends a `do` statement is followed by a new statement, not a loop
    // body: `let` + LineTerminator + identifier is a declaration there.
    script_ok("do {} while (1)\nlet x");
    script_ok("do x; while (1) let\nx");
    script_ok("do while (a) b; while (c) let\nx");
    script_ok("do if (a) while (b) c; while (d)\nlet x");
    script_ok("x = { do: 1 }; do ; while (0)\nlet y");
    script_err("do {} while (1) let\nx.y");
    // A loop body is a Statement: there `let` is an identifier (and ASI follows).
    script_ok("while (a) let\nx");
}

/// Regular expression or division after tokens whose role depends on what came before.
#[test]
fn regex_or_division_context() {
    // A keyword after `.` or `?.` is a property name: `p.catch(f) / 2` divides.
    script_ok("p.catch(f) /x/ 1; a?.if(b) /x/ 1; a.for(b) /x/ 1; a?.return / 2;");
    script_ok("try {} catch (e) {} /x/; if (a) /x/;");
    // A function expression in a parameter default does not make the outer function an
    // expression: `/` after the declaration's body starts a regular expression.
    script_ok("function f(a = function () {}) {} /x/");
    script_ok("async function* f([a = function () {}]) {} /x/");
    script_ok("x = function f(a = function () {}) {} / 1");
    script_ok("x = { m(a = function () {}) {} } / 1");
    // `var x` + LineTerminator + `/`: ASI ends the declaration, a regular expression follows.
    script_ok("var x\n/x/\n1");
    script_ok("let x\n/x/g");
    script_err("var x /x/");
}

/// `?.` is not a conditional's `?`: after it, a `case X:` colon still starts a statement, so
/// `{` is a block and `let` declares (prettier's bundled TypeScript plugin has this shape).
#[test]
fn optional_chaining_does_not_open_a_conditional() {
    script_ok("switch (t) { case 1: x = a?.b ? c : d; case 2: { let s = 1; } }");
    script_ok("switch (t) { case 1: x = a ? c : d?.e; case 2: { let s = 1; } }");
    script_ok("switch (t) { case 1: x = a ?.5 : 1; case 2: { let s = 1; } }");
    script_ok("x = a?.b ? { c: 1 } : { d: 2 }; let y = 1;");
    script_err("switch (t) { case 1: x = a ? b : c ? d; case 2: { let s = 1; } }");
}
