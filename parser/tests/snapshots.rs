//! AST snapshots of representative constructs (`cargo insta review` to update).

use amber_parser::{parse_module, parse_script, ParseOptions};
use insta::assert_debug_snapshot;

fn script(src: &str) -> amber_parser::ast::Script {
    parse_script(src, &ParseOptions::default())
        .unwrap_or_else(|e| panic!("{}", e.render("snapshot.js", src)))
}

#[test]
fn declarations_and_destructuring() {
    assert_debug_snapshot!(script(
        "var a = 1, [b, , ...c] = d; let { e, f: g = 2, ...h } = i; const j = 3;"
    ));
}

#[test]
fn functions_and_arrows() {
    assert_debug_snapshot!(script(
        "function f(a, b) { 'use strict'; return a; }\nfunction f2(a = 1, ...c) {}\nconst g = async (x) => await x;\nfunction* h() { yield* h(); }"
    ));
}

#[test]
fn classes() {
    assert_debug_snapshot!(script(
        "class A extends B { #x = 1; static y; constructor() { super(); } get z() { return this.#x; } static { A.w = #x in this; } }"
    ));
}

#[test]
fn object_literals() {
    assert_debug_snapshot!(script(
        "({ __proto__: p, a, 'b': 1, [c]: 2, d() {}, get e() {}, ...f });"
    ));
}

#[test]
fn templates_and_optional_chains() {
    assert_debug_snapshot!(script("tag`a${b}\\u{`; `c${d}e`; a?.b.c?.(d)[e];"));
}

#[test]
fn assignment_targets() {
    assert_debug_snapshot!(script(
        "a = 1; a.b += 2; [c, d.e] = f; ({ g, h: i = 3 } = j); k ??= l;"
    ));
}

#[test]
fn loops_and_asi() {
    assert_debug_snapshot!(script("for (let i = 0; i < n; i++) x\nfor (const k in o) break\nlab: for (x of y) continue lab\ndo a; while (b) c\na\n++b"));
}

#[test]
fn regex_and_division() {
    assert_debug_snapshot!(script("a = b / c / d; if (x) /re/g.test(s); e = {} / 2;"));
}

#[test]
fn module_items() {
    assert_debug_snapshot!(parse_module(
        "import a, { b as c } from 'm' with { type: 'json' };\nimport * as ns from 'n';\nexport const x = 1;\nexport { x as y, c as 'z' };\nexport default class {}\nexport * as all from 'o';\nawait import.meta.resolve('p');"
    )
    .unwrap());
}

#[test]
fn statements() {
    assert_debug_snapshot!(script(
        "if (a) if (b) c; else d;\nswitch (x) { case 1: y(); break; default: z(); }\ntry { t() } catch ({ message }) { m } finally { f }\ntry {} catch { }\nouter: while (1) { with (o) p; throw e; }\ndebugger;"
    ));
}

#[test]
fn operators_and_precedence() {
    assert_debug_snapshot!(script(
        "a ?? b; (c || d) ?? e; f ** -g; (-h) ** i ** j; k ? l : m ? n : o; p, q;\n!r instanceof s; t in u; typeof v === 'w'; void 0; delete x.y; new z.Z(1)(2); function f() { new.target; }"
    ));
}

#[test]
fn async_generators_and_methods() {
    assert_debug_snapshot!(script(
        "async function* ag() { for await (const x of y) yield await x; }\n({ async *m() {}, async n() {}, *o() {}, get p() { return 1 }, set p(v) {} });\nasync x => x; async (a, ...b) => { return a; }; async;"
    ));
}

#[test]
fn class_elements() {
    assert_debug_snapshot!(script(
        "class C { static #count = 0; accessor a = 1; static async *#gen() {} get #g() {} set #g(v) {} 'quoted'() {} [computed] = 2; static { this.#count++; } }"
    ));
}

#[test]
fn literals() {
    assert_debug_snapshot!(script(
        "1_000; 0x1F; 0o17; 0b101; 017; 019; 10n; .5e-3; 'a\\x41\\u{1F600}'; /[a-z]+(?<n>x)\\k<n>/giu; /[\\p{L}--[a-z]]/v; tag`\\unicode${1}`;"
    ));
}

#[test]
fn strictness_is_propagated() {
    // `Function::strict` comes from the early-error pass: the directive, the enclosing code,
    // class bodies.
    assert_debug_snapshot!(script(
        "function sloppy() { return function inner() {}; }\nfunction strict() { 'use strict'; return () => function inner() {}; }\nclass K { m() {} }"
    ));
}

#[test]
fn contextual_keywords_as_identifiers() {
    assert_debug_snapshot!(script(
        "var let = 1, async = 2, of = 3, yield = 4, await = 5, get = 6, set = 7, static = 8;\nlet\nx = 1; for (async of => 1;;) break; ({ get, set, async, await });"
    ));
}

#[test]
fn using_and_export_forms() {
    assert_debug_snapshot!(parse_module(
        "{ using a = b; await using c = d; }\nexport default async function () {}\nexport { e as renamed } from 'f';\nexport * from 'g';\nimport h, * as i from 'j';\nimport { 'k-l' as m } from 'n';\nconst o = await import('p', { with: { type: 'json' } });"
    )
    .unwrap());
}
