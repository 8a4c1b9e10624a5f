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
