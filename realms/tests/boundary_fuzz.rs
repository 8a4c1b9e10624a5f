//! A property test of the ShadowRealm boundary: random programs create realms (nested ones
//! too) and pass random values and callables back and forth. Properties checked:
//!
//! - no panic (including stale-handle panics under GC stress in debug builds), and every
//!   program ends (a deadline stops runaway recursion);
//! - no cross-realm object leak: every value that arrives in a realm (a result in the outer
//!   realm, an argument or `this` in an inner one) is a primitive or a function whose
//!   prototype is *that* realm's `%Function.prototype%`; the program prints `LEAK` otherwise.
//!
//! `cargo test -p amber-realms --test boundary_fuzz` runs a bounded number of programs;
//! `AMBER_FUZZ_PROGRAMS=100000 cargo test --release -p amber-realms --test boundary_fuzz` runs
//! more. Each program is derived from its index, so a failure names a reproducible seed.

use amber_vm::{ScriptError, Vm, VmOptions};
use std::time::{Duration, Instant};

/// xorshift64*: enough randomness for program shapes, and deterministic per seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Sources evaluated inside a realm; inner functions check what they receive with `chk`.
const INNER: &[&str] = &[
    "1",
    "'text'",
    "-0",
    "10n",
    "Symbol('s')",
    "null",
    "undefined",
    "({})",
    "[1, 2]",
    "globalThis",
    "Promise.resolve(1)",
    "(x) => (chk(x), x)",
    "(f, x) => (chk(f), chk(x), f(x))",
    "function () { chk(this); return this; }",
    "(...a) => (a.forEach(chk), a.length)",
    "(f) => (chk(f), () => f)",
    "() => ({})",
    "() => { throw new RangeError('inner') }",
    "() => { throw { notAnError: true } }",
    "async () => 1",
    "(function* () {})",
    "class K {}",
    "new Proxy(function () { return 2 }, {})",
    "(() => { const p = Proxy.revocable(() => 1, {}); p.revoke(); return p.proxy })()",
    "(() => { const f = () => 3; Object.defineProperty(f, 'length', { get() { throw 1 } }); return f })()",
    "new ShadowRealm().evaluate('(x) => x')",
    "(f) => new ShadowRealm().evaluate('(g) => g')(f)",
    "(f) => f(f)",
    "throw 1",
    "throw new TypeError('t')",
    "let ;",
];

/// Values of the outer realm used as arguments and receivers.
const OUTER: &[&str] = &[
    "1",
    "'s'",
    "undefined",
    "Symbol.iterator",
    "2n",
    "({})",
    "[]",
    "(x) => (chk(x), x)",
    "(f) => (chk(f), typeof f === 'function' ? f : f)",
    "function () { return this; }",
    "new Proxy({}, {})",
    "new Proxy(() => 1, {})",
    "() => { throw new Error('outer') }",
    "Math.max",
];

fn program(seed: u64) -> String {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut p = String::from(
        "const chk = (x) => { if ((typeof x === 'object' && x !== null) || \
           (typeof x === 'function' && Object.getPrototypeOf(x) !== Function.prototype)) print('LEAK'); };\n\
         const realms = [new ShadowRealm(), new ShadowRealm()];\n\
         const CHK = \"globalThis.chk = (x) => { if ((typeof x === 'object' && x !== null) || \
           (typeof x === 'function' && Object.getPrototypeOf(x) !== Function.prototype)) throw new Error('LEAK'); }\";\n\
         realms.forEach(r => r.evaluate(CHK));\n\
         const got = [];\n\
         const step = (f) => { try { const v = f(); chk(v); got.push(v); } catch (e) { \
           if (String(e && e.message).includes('LEAK')) print('LEAK'); } };\n",
    );
    for _ in 0..(5 + rng.below(20)) {
        match rng.below(4) {
            0 => {
                let src = rng.pick(INNER).replace('\\', "\\\\").replace('"', "\\\"");
                p += &format!(
                    "step(() => realms[{}].evaluate(\"{}\"));\n",
                    rng.below(2),
                    src
                );
            }
            1 | 2 => {
                let args: Vec<&str> = (0..rng.below(3)).map(|_| rng.pick(OUTER)).collect();
                p += &format!(
                    "step(() => {{ const f = got[{}]; return typeof f === 'function' ? f.call({}, {}) : f; }});\n",
                    rng.below(8),
                    rng.pick(OUTER),
                    args.join(", ")
                );
            }
            _ => {
                p += &format!(
                    "step(() => {{ const f = got[{}]; const g = got[{}]; return typeof f === 'function' ? f(g, g) : g; }});\n",
                    rng.below(8),
                    rng.below(8)
                );
            }
        }
    }
    p += "print('done', got.length);\n";
    p
}

fn run(seed: u64, gc_stress: bool) -> Result<(), String> {
    let source = program(seed);
    let outcome = std::panic::catch_unwind(|| {
        let mut vm = Vm::new(VmOptions {
            capture_output: true,
            gc_stress,
            extensions: amber_realms::extensions(),
            ..Default::default()
        });
        vm.set_deadline(Some(Instant::now() + Duration::from_secs(5)));
        let main = vm.main_realm();
        let r = vm.eval_script(main, &source, "fuzz.js");
        (r, vm.take_output())
    });
    match outcome {
        Err(_) => Err(format!("seed {seed}: panic\n{source}")),
        Ok((_, out)) if out.contains("LEAK") => Err(format!("seed {seed}: leak\n{source}")),
        Ok((Ok(_), out)) if out.contains("done") => Ok(()),
        Ok((Err(ScriptError::Interrupted), _)) => Ok(()),
        Ok((r, out)) => Err(format!("seed {seed}: {r:?}\n{out}\n{source}")),
    }
}

#[test]
fn random_programs_find_no_panic_and_no_leak() {
    let n: u64 = std::env::var("AMBER_FUZZ_PROGRAMS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(150);
    let programs = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            // Every program normally, and one in five again under GC stress (the stress run
            // also checks, in debug builds, that no handle is used after it moved).
            let failures: Vec<String> = (0..n)
                .filter_map(|seed| run(seed, false).err())
                .chain((0..n).step_by(5).filter_map(|seed| run(seed, true).err()))
                .collect();
            assert!(failures.is_empty(), "{}", failures.join("\n\n"));
            n
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(programs, n);
}
