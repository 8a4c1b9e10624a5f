//! Snapshot tests of the disassembler: the bytecode of small programs, as `amber disasm` shows
//! it. Review changes with `cargo insta review`.

fn disasm(source: &str) -> String {
    let compiled =
        amber_compiler::compile_source(source, "test.js", &Default::default()).expect("compiles");
    amber_compiler::disasm::disassemble(&compiled.code)
}

#[test]
fn recursive_function() {
    insta::assert_snapshot!(disasm(
        "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\nfib(10);"
    ));
}

#[test]
fn closure_captures_into_an_environment() {
    insta::assert_snapshot!(disasm(
        "function counter() { let n = 0; return () => ++n; }"
    ));
}

#[test]
fn try_catch_finally() {
    insta::assert_snapshot!(disasm("try { f(); } catch (e) { g(e); } finally { h(); }"));
}

#[test]
fn loops_and_labels() {
    insta::assert_snapshot!(disasm(
        "outer: for (let i = 0; i < 3; i++) { for (const x of xs) { if (x) continue outer; } }"
    ));
}

#[test]
fn objects_and_arrays() {
    insta::assert_snapshot!(disasm(
        "const o = { a: 1, [k]: 2, m() {}, ...rest }; const a = [1, , ...o.list];"
    ));
}

/// Register operands read in place (`x` in `x[++i]`, `a` in `a * ...`), `++i` as one
/// `IncReg`, a property read into a register as one `GetNamedTo`, and a keyed store whose
/// key SetKeyed converts itself.
#[test]
fn register_operands_and_fused_instructions() {
    insta::assert_snapshot!(disasm(
        "function f(o, x, a, i) { var n = o.p.q; x[i] = a * (x[++i] + n); return i; }"
    ));
}

/// Conditions compile to jumps alone: `!` flips the jump, `&&`/`||` chain jumps, `=== null`
/// tests the accumulator (`JumpIfNotNull`), `while (true)` tests nothing; `x & 255` and
/// `i + 1` take their literal as an immediate (`BitAndSmi`, `AddSmi`); `k++` whose value is
/// used is one `PostIncReg`.
#[test]
fn conditions_immediates_and_postfix_updates() {
    insta::assert_snapshot!(disasm(
        "function f(a, b, k) { while (true) { if (!(a instanceof B) || b === null) return a[k++] & 255; k = k + 1; } }"
    ));
}
