//! Micro-benchmarks of the interpreter's hot operations: named property reads and writes
//! (own, inherited, polymorphic), constructor-style adds, calls, global reads, array indexing
//! and push, and string appends. Each benchmark evaluates one small function whose loop runs
//! 100,000 times (or as noted), in a VM made once per benchmark, so the numbers compare the
//! operations rather than start-up. `cargo bench -p amber-vm --bench interp`.
//!
//! These guide work on shapes, inline caches and the dispatch loop (`vm/PERFORMANCE.md`);
//! whole-program comparisons with other engines are `../shared/bench/run.sh`.

use amber_vm::{Vm, VmOptions};
use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;

const CASES: &[(&str, &str)] = &[
    (
        "get_own",
        "var o = {a: 1, b: 2, c: 3}; var s = 0; for (var i = 0; i < 100000; i++) s += o.c;",
    ),
    (
        "get_inherited",
        "function C() {} C.prototype.m = 1; var o = new C(); var s = 0;
         for (var i = 0; i < 100000; i++) s += o.m;",
    ),
    (
        "get_polymorphic",
        "var os = [{x: 1}, {y: 0, x: 2}, {z: 0, x: 3}]; var s = 0;
         for (var i = 0; i < 100000; i++) s += os[i % 3].x;",
    ),
    (
        "set_own",
        "var o = {a: 1, b: 2}; for (var i = 0; i < 100000; i++) o.b = i;",
    ),
    (
        "construct_and_add",
        "function P(x, y) { this.x = x; this.y = y; } var p;
         for (var i = 0; i < 100000; i++) p = new P(i, i);",
    ),
    (
        "call",
        "function f(a, b) { return a + b; } var s = 0;
         for (var i = 0; i < 100000; i++) s = f(s, i);",
    ),
    (
        "method_call",
        "var A = class { m(x) { return x + 1; } }; var a = new A(); var s = 0;
         for (var i = 0; i < 100000; i++) s = a.m(s);",
    ),
    (
        "global_read",
        "var g = 3; function f() { var s = 0; for (var i = 0; i < 100000; i++) s += g; return s; } f();",
    ),
    (
        "array_index",
        "var a = []; for (var i = 0; i < 1000; i++) a.push(i); var s = 0;
         for (var j = 0; j < 100; j++) for (var i = 0; i < 1000; i++) s += a[i];",
    ),
    (
        "array_push",
        "var a = []; for (var i = 0; i < 100000; i++) a.push(i);",
    ),
    (
        "string_append",
        "var s = ''; for (var i = 0; i < 100000; i++) s += 'x';",
    ),
];

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("interp");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    for &(name, source) in CASES {
        let mut vm = Vm::new(VmOptions::default());
        let realm = vm.main_realm();
        // Inside a function, so that the loop's variables are registers and the numbers are
        // about the operation (`global_read` reads a global on purpose).
        let source = format!("(function () {{ {source} }})();");
        group.bench_function(name, |b| {
            b.iter(|| {
                vm.eval_script(realm, &source, "bench.js")
                    .expect("benchmark script")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
