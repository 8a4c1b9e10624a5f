//! Corrupt heap images are rejected cleanly: a structured mutator takes valid images of varied
//! programs (closures, classes, generators, promises, Maps and Sets, symbols, proxies, a
//! ShadowRealm, typed arrays) and damages them section by section: truncations at many
//! offsets, bit flips across every section, 32-bit words overwritten with in-range (swapped)
//! and out-of-range handles, huge length prefixes, out-of-range native ids, and bad bytecode in
//! Code entries. Byte-level damage is *resealed* (every checksum recomputed) so that it reaches
//! the section readers and the validator instead of stopping at a checksum.
//!
//! Every mutant must either be rejected with an `ImageError`, or load into a VM that runs a
//! small script; a panic anywhere fails the test (it is caught with `catch_unwind` so that the
//! report names the mutant). Lives in `realms/` because the images hold a ShadowRealm, whose
//! natives are the realms extensions' (the `amber` CLI's options).

use amber_heap::image::{self, ImageError};
use amber_heap::{NativeData, ObjectKind};
use amber_vm::{Vm, VmOptions};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

fn options() -> VmOptions {
    VmOptions {
        extensions: amber_realms::extensions(),
        ..VmOptions::default()
    }
}

/// Small programs whose images cover the kinds of heap state an image carries.
const PROGRAMS: &[(&str, &str)] = &[
    (
        "closures",
        "let n = 0; const inc = () => ++n; globalThis.f = function (x) { return inc() + x; };
         globalThis.args = (function (a, b) { return arguments; })(1, 2);
         globalThis.arr = [1, , 'three', { four: 4 }];
         globalThis.pend = new Promise(() => {}); pend.then(v => v, e => e);",
    ),
    (
        "classes",
        "class A { #p = 1; static s = 2; get p() { return this.#p; } }
         class B extends A { constructor() { super(); this.b = [1, 'two', 3n]; } }
         globalThis.b = new B();",
    ),
    (
        "generators-promises",
        "function* g() { let x = yield 1; try { yield x * 2; } finally { globalThis.d = 1; } }
         const it = g(); it.next(); it.next(21); globalThis.it = it;
         async function af() { await null; return 5; }
         globalThis.p = af(); globalThis.q = Promise.resolve(1).then(v => v + 1);",
    ),
    (
        "collections-symbols",
        "const s = Symbol('k'), r = Symbol.for('reg');
         globalThis.m = new Map([[1, 'a'], [s, r], [{}, []]]);
         globalThis.st = new Set(['x', 2, s]);
         globalThis.wm = new WeakMap([[globalThis, 1]]);
         globalThis.o = { [s]: 1, [r]: 2 };",
    ),
    (
        "proxies",
        "globalThis.px = new Proxy({ a: 1 }, { get(o, k) { return k in o ? o[k] : 42; } });
         const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); globalThis.rv = proxy;
         globalThis.re = /a(b+)c/giu;",
    ),
    (
        "shadowrealm",
        "const sr = new ShadowRealm(); globalThis.fn = sr.evaluate('globalThis.z = 1; (x) => x + z');",
    ),
    (
        // A live function using every kind of constant operand: names, globals, a regular
        // expression literal, templates, direct eval, `with`, a const assignment.
        "syntax",
        "globalThis.h = function (x) {
             const c = 1; let r = 0;
             with ({ a: 1 }) { r += a; }
             r += eval('x + 1') + /x+/g.test(`t${x}`) + String.raw`a${x}b`.length;
             try { c = 2; } catch (e) { r += e.name.length; }
             return r + gv + (typeof undeclared);
         }; var gv = 2; h(1);",
    ),
    (
        "typed-arrays",
        "const buf = new ArrayBuffer(16);
         globalThis.u8 = new Uint8Array(buf, 0, 8); u8[1] = 200;
         globalThis.f64 = new Float64Array([1.5, NaN]); globalThis.dv = new DataView(buf, 4);",
    ),    (
        // Over 1,024 characters of source, so the image holds it packed (LZ4): the probe's
        // `String(ls)` decompresses it.
        "long-source",
        "globalThis.ls = function longSource(x) {
             // the packed source text of this program is over a thousand characters long; the packed source text of this program is over a thousand characters long; the packed source text of this program is over a thousand characters long; the packed source text of this program is over a thousand characters long; the packed source text of this program is over a thousand characters long; the packed source text of this program is over a thousand characters long; the packed source text of this program is over a thousand characters long; the packed source text of this program is over a thousand characters long; the packed source text of this program is over a thousand characters long; the packed source text of this program is over a thousand characters long; the packed source text of this program is over a thousand characters long; the packed source text of this program is over a thousand characters long; the packed source text of this program is over a thousand characters long; the packed source text of this program is over a thousand characters long; the packed source text of this program is over a thousand characters long; the packed source text of this program is over a thousand characters long;
             return x + 1;
         };",
    ),
];

/// What a loaded mutant runs: it touches the globals the programs left behind.
const PROBE: &str = "
    var out = [];
    for (const k of Object.keys(globalThis)) {
        try { const v = globalThis[k]; out.push(typeof v === 'function' ? v(1) : String(v)); }
        catch (e) { out.push('!'); }
    }
    // Each step on its own, so that one throwing does not skip the rest.
    for (const step of [
        () => it.next(), () => it.return(1),
        () => args[0] + args[1] + args.length, () => { args[1] = 5; },
        () => arr.push(5), () => { arr.length = 1; },
        () => p.then(x => x), () => q.then(x => x), () => pend.then(x => x),
        () => Promise.all([p, q]),
        () => m.get(1), () => m.get(99), () => m.forEach(() => 0), () => [...m, ...st],
        () => st.has(2), () => st.forEach(() => 0), () => wm.get(globalThis),
        () => u8[1] + f64[0], () => dv.getInt8(0), () => u8.subarray(1).join(),
        () => fn(1), () => h(2), () => b.p, () => new B(),
        () => px.zz, () => px(), () => 'a' in px, () => Object.keys(px), () => rv.x,
        () => String(ls).length, () => Function.prototype.toString.call(h),
    ]) {
        try { step(); } catch (e) {}
    }
    [1, 2, 3].map(x => x * 2).join() + out.length;
";

/// Runs a program (and its jobs) in a fresh VM and returns that VM.
fn run(source: &str) -> Vm {
    let mut vm = Vm::new(options());
    let realm = vm.main_realm();
    vm.eval_script(realm, source, "entry.js")
        .expect("program runs");
    vm.run_jobs().expect("jobs run");
    vm
}

fn build(source: &str) -> Vec<u8> {
    run(source).write_image().expect("image written")
}

/// Counters of one family of mutants.
#[derive(Default)]
struct Tally {
    rejected: usize,
    loaded: usize,
}

/// Loads one mutant and, if it loads, runs [`PROBE`]; panics are caught and reported.
fn attempt(bytes: &[u8], what: &str, tally: &mut Tally, panics: &mut Vec<String>) {
    // Names each mutant first (to find one that aborts, which catch_unwind cannot report).
    if std::env::var_os("AMBER_IMAGE_CORRUPTION_VERBOSE").is_some() {
        eprintln!("{what}");
    }
    let result = catch_unwind(AssertUnwindSafe(|| -> Result<(), ImageError> {
        let mut vm = Vm::from_image(bytes, options())?;
        // A corrupt image must not hang the probe either.
        vm.set_deadline(Some(Instant::now() + Duration::from_millis(500)));
        let realm = vm.main_realm();
        let _ = vm.eval_script(realm, PROBE, "probe.js");
        let _ = vm.run_jobs();
        // Bytecode is verified when a frame first enters it: the code the probe did not enter
        // is checked here, as loading once did (a mutant it refuses counts as rejected).
        vm.verify_all_code()?;
        Ok(())
    }));
    match result {
        Ok(Ok(())) => tally.loaded += 1,
        Ok(Err(e)) => {
            assert!(
                e.to_string().starts_with("invalid heap image"),
                "{what}: {e}"
            );
            tally.rejected += 1;
        }
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panics.push(format!("{what}: {msg}"));
        }
    }
}

/// Mutants per family are multiplied by `AMBER_IMAGE_CORRUPTION_SCALE` (default 1, a few
/// seconds in a debug build; larger for a long hunt, best in release).
fn scale(n: usize) -> usize {
    let k: usize = std::env::var("AMBER_IMAGE_CORRUPTION_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    n * k.max(1)
}

/// Deterministic pseudo-random numbers (xorshift). `AMBER_IMAGE_CORRUPTION_SEED` varies the
/// sequence (each test's own seed is mixed with it).
struct Rng(u64);
impl Rng {
    fn new(seed: u64) -> Rng {
        let extra: u64 = std::env::var("AMBER_IMAGE_CORRUPTION_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Rng((seed ^ extra.wrapping_mul(0x9e37_79b9_7f4a_7c15)).max(1))
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `per` offsets spread across `start..end` (every offset when the range is small).
fn spread(start: usize, end: usize, per: usize, rng: &mut Rng) -> Vec<usize> {
    let len = end.saturating_sub(start);
    if len <= per {
        return (start..end).collect();
    }
    (0..per)
        .map(|i| start + i * len / per + rng.below(len / per))
        .collect()
}

#[test]
fn valid_images_load_and_run_the_probe() {
    for (name, source) in PROGRAMS {
        let bytes = build(source);
        let mut tally = Tally::default();
        let mut panics = Vec::new();
        attempt(&bytes, name, &mut tally, &mut panics);
        assert!(panics.is_empty(), "{panics:?}");
        assert_eq!(tally.loaded, 1, "{name} loads");
    }
}

/// Byte-level damage, section by section, resealed.
#[test]
fn corrupt_sections_are_rejected_or_harmless() {
    let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
    let mut panics = Vec::new();
    let mut tally = Tally::default();
    for (name, source) in PROGRAMS {
        let bytes = build(source);
        let info = image::info(&bytes).expect("valid image");
        let counts: Vec<u32> = info.kinds.iter().map(|k| k.1 as u32).collect();
        let header_end = info.sections[0].offset as usize;

        // Truncation: offsets spread through the header, then through the body; as cut, and
        // resealed (the table then points past the end).
        let cuts = spread(0, header_end, scale(24), &mut rng);
        for at in cuts
            .into_iter()
            .chain(spread(header_end, bytes.len(), scale(16), &mut rng))
        {
            attempt(
                &bytes[..at],
                &format!("{name}: cut at {at}"),
                &mut tally,
                &mut panics,
            );
            let m = image::reseal(&bytes[..at]);
            attempt(
                &m,
                &format!("{name}: cut at {at}, resealed"),
                &mut tally,
                &mut panics,
            );
        }
        // A header field changed (not resealed: the header checksum must catch it; resealed:
        // the structural checks must).
        for at in spread(0, header_end, scale(8), &mut rng) {
            let mut m = bytes.clone();
            m[at] ^= 1 << rng.below(8);
            attempt(
                &m,
                &format!("{name}: header bit at {at}"),
                &mut tally,
                &mut panics,
            );
            let m = image::reseal(&m);
            attempt(
                &m,
                &format!("{name}: header bit at {at}, resealed"),
                &mut tally,
                &mut panics,
            );
        }

        for s in &info.sections {
            let (start, end) = (s.offset as usize, (s.offset + s.length) as usize);
            let tag = &s.tag;
            let mut mutate = |kind: &str, at: usize, f: &mut dyn FnMut(&mut Vec<u8>)| {
                let mut m = bytes.clone();
                f(&mut m);
                let m = image::reseal(&m);
                let what = format!("{name}: {tag} {kind} at {at}");
                attempt(&m, &what, &mut tally, &mut panics);
            };
            // Bit flips.
            for at in spread(start, end, scale(12), &mut rng) {
                let bit = rng.below(8);
                mutate("bit flip", at, &mut |m| m[at] ^= 1 << bit);
            }
            if end - start < 8 {
                continue;
            }
            // 32-bit words: handles swapped for other in-range indices of some arena, just
            // out of range, and huge.
            for at in spread(start, end - 4, scale(12), &mut rng) {
                let count = counts[rng.below(counts.len())];
                let v = match rng.below(4) {
                    0 => count.saturating_sub(1 + rng.below(3) as u32),
                    1 => count,
                    2 => u32::MAX,
                    _ => rng.below(count.max(1) as usize) as u32,
                };
                mutate("word", at, &mut |m| {
                    m[at..at + 4].copy_from_slice(&v.to_le_bytes())
                });
            }
            // 64-bit words: huge length prefixes and counts (these must not allocate).
            for at in spread(start, end - 8, scale(8), &mut rng) {
                let v: u64 = [u64::MAX, 1 << 40, u32::MAX as u64, 1 << 28][rng.below(4)];
                mutate("length", at, &mut |m| {
                    m[at..at + 8].copy_from_slice(&v.to_le_bytes())
                });
            }
            // Two words swapped.
            for at in spread(start, end - 8, scale(6), &mut rng) {
                let other = start + rng.below(end - start - 4);
                mutate("swap", at, &mut |m| {
                    let (a, b) = (m[at..at + 4].to_vec(), m[other..other + 4].to_vec());
                    m[at..at + 4].copy_from_slice(&b);
                    m[other..other + 4].copy_from_slice(&a);
                });
            }
        }
    }
    eprintln!(
        "byte-level mutants: {} rejected, {} loaded and ran the probe, {} panicked",
        tally.rejected,
        tally.loaded,
        panics.len()
    );
    assert!(
        panics.is_empty(),
        "{} panics:\n{}",
        panics.len(),
        panics.join("\n")
    );
}

/// Damage made in the heap before it is written (so the image is well-formed and only the
/// VM-level validation can catch it): out-of-range native ids, bad bytecode, bad frame sizes,
/// suspended generators that do not match their code.
#[test]
fn bad_natives_and_bytecode_are_rejected_or_harmless() {
    let mut rng = Rng::new(0xd1b5_4a32_d192_ed03);
    let mut panics = Vec::new();
    let mut tally = Tally::default();
    for (name, source) in PROGRAMS {
        let base = build(source);
        let info = image::info(&base).expect("valid image");
        let codes = info.kinds[amber_heap::Kind::Code as usize].1 as usize;
        let mut mutant = |what: String, f: &mut dyn FnMut(&mut Vm)| {
            let mut vm = Vm::from_image(&base, options()).expect("valid image");
            f(&mut vm);
            let bytes = vm.write_image().expect("image written");
            attempt(&bytes, &what, &mut tally, &mut panics);
        };
        // Native ids past the table (must be rejected). Ids at or past 2^31 cannot be built
        // (the top bit is the constructor flag) and are refused by the image reader itself.
        for id in [(1 << 31) - 1, 1 << 16, 5000] {
            mutant(format!("{name}: native id {id}"), &mut |vm| {
                let objects = &mut vm.heap.arenas.objects;
                let mut n = 0;
                for o in objects.iter_mut() {
                    if let ObjectKind::Native(d) = &mut o.kind {
                        n += 1;
                        if n % 97 == 0 {
                            *d = NativeData::new(id, d.realm, d.is_constructor(), d.slots.to_vec());
                        }
                    }
                }
            });
        }
        // Bytecode: bytes flipped, truncated, opcodes replaced, operands set to extremes.
        // Suspended generators and async functions whose saved frame does not match its code.
        for k in 0..6 {
            mutant(format!("{name}: generator state {k}"), &mut |vm| {
                for o in vm.heap.arenas.objects.iter_mut() {
                    if let ObjectKind::Generator(d) = &mut o.kind {
                        match k {
                            0 => d.pc += 1,
                            1 => d.pc = u32::MAX,
                            2 => d.registers.truncate(d.registers.len() / 2),
                            3 => d.queue.clear(),
                            4 => d.resume_reg = u32::MAX,
                            _ => d.state = 9,
                        }
                    }
                }
            });
        }
        // Typed arrays and DataViews whose fields disagree with their buffer, or whose buffer
        // is not an ArrayBuffer.
        for k in 0..6 {
            mutant(format!("{name}: view {k}"), &mut |vm| {
                let n = vm.heap.arenas.objects.len() as u32;
                for (i, o) in vm.heap.arenas.objects.iter_mut().enumerate() {
                    if let ObjectKind::TypedArray(d) | ObjectKind::DataView(d) = &mut o.kind {
                        match k {
                            0 => d.element_type = 200,
                            1 => d.byte_offset = u64::MAX - 3,
                            2 => d.byte_length = Some(1 << 40),
                            3 => d.array_length = Some(u64::MAX),
                            4 => d.byte_offset = 9,
                            _ => {
                                // Another object (the view itself, or its neighbour).
                                let other = (i as u32 + (i as u32 % 2)) % n;
                                let mut raw = d.buffer.raw;
                                raw.index = other;
                                d.buffer = amber_heap::Handle::from_raw(raw);
                            }
                        }
                    }
                }
            });
        }
        // Maps and Sets whose parallel key and value lists or size disagree.
        for k in 0..4 {
            mutant(format!("{name}: collection {k}"), &mut |vm| {
                for o in vm.heap.arenas.objects.iter_mut() {
                    if let ObjectKind::Map(d) | ObjectKind::Set(d) | ObjectKind::WeakMap(d) =
                        &mut o.kind
                    {
                        match k {
                            0 => d.keys.push(amber_heap::Value::Number(99.0)),
                            1 => d.values.clear(),
                            2 => d.size = u32::MAX,
                            _ => d.size = 0,
                        }
                    }
                }
            });
        }
        // Arrays, arguments objects and promises whose internal fields are out of range.
        for k in 0..10 {
            mutant(format!("{name}: object fields {k}"), &mut |vm| {
                for o in vm.heap.arenas.objects.iter_mut() {
                    match (&mut o.kind, k) {
                        (ObjectKind::Array(d), 0) => d.length = 0,
                        // (Not u32::MAX: `String(arr)` would then join 2^32 holes, which is
                        // slow for a valid array too, not a corruption problem.)
                        (ObjectKind::Array(d), 1) => d.length = 1 << 16,
                        (ObjectKind::Arguments(d), 2) => d.mapped = vec![9999, 0, 1].into(),
                        (ObjectKind::Arguments(d), 3) => d.env = None,
                        (ObjectKind::Promise(d), 4) => d.state = 7,
                        (ObjectKind::Promise(d), 5) => {
                            d.fulfill_reactions.push(amber_heap::Value::Number(1.0))
                        }
                        (ObjectKind::Promise(d), 6) => d.reject_reactions.clear(),
                        (ObjectKind::Proxy(d), 7) => d.target = None,
                        (ObjectKind::Proxy(d), 8) => d.handler = None,
                        (ObjectKind::Proxy(d), 9) => d.callable = true,
                        _ => {}
                    }
                }
            });
        }
        if codes == 0 {
            continue;
        }
        for k in 0..scale(24) {
            let c = rng.below(codes);
            let r = rng.next();
            mutant(format!("{name}: code #{c} mutation {k}"), &mut |vm| {
                let code = &mut vm.heap.arenas.codes[c];
                let mut b = code.bytecode.to_vec();
                if b.is_empty() {
                    return;
                }
                let at = (r >> 8) as usize % b.len();
                match k % 6 {
                    0 => b[at] ^= 1 << (r % 8),
                    1 => b.truncate(at),
                    2 => b[at] = r as u8,
                    3 => b[at] = 0xff,
                    4 => {
                        for x in &mut b[at..] {
                            *x = 0xff;
                        }
                    }
                    _ => b.clear(),
                }
                code.bytecode = b.into_boxed_slice();
            });
        }
        // Frame sizes and handler tables that do not match the bytecode.
        for k in 0..scale(8) {
            let c = rng.below(codes);
            mutant(format!("{name}: code #{c} frame {k}"), &mut |vm| {
                let code = &mut vm.heap.arenas.codes[c];
                match k % 4 {
                    0 => code.register_count = 0,
                    1 => code.param_count = u32::MAX,
                    2 => code.handlers = vec![(0, (u32::MAX, 0))].into_boxed_slice(),
                    _ => code.constants = Vec::new().into_boxed_slice(),
                }
            });
        }
    }
    eprintln!(
        "VM-level mutants: {} rejected, {} loaded and ran the probe, {} panicked",
        tally.rejected,
        tally.loaded,
        panics.len()
    );
    assert!(
        panics.is_empty(),
        "{} panics:\n{}",
        panics.len(),
        panics.join("\n")
    );
}

/// `LdaImport` and `LdaImportMeta` in script code, where the environment at their depth is no
/// module's: an error when they run, not a panic (bytecode the compiler never emits; such
/// mutants panicked in `import.meta` until 2026-12-06, found at
/// `AMBER_IMAGE_CORRUPTION_SCALE=10`).
#[test]
fn module_instructions_outside_modules_are_errors() {
    use amber_compiler::bytecode::{Count, Instr};
    // `f` has an environment of its own (the arrow captures `y`), so depth 0 reaches one.
    let base = build("globalThis.f = function (x) { let y = x; return () => y; }; f(1);");
    for instr in [
        Instr::LdaImportMeta { depth: Count(0) },
        Instr::LdaImport {
            depth: Count(0),
            index: Count(0),
        },
    ] {
        let mut vm = Vm::from_image(&base, options()).expect("valid image");
        let mut body = Vec::new();
        instr.encode(&mut body);
        Instr::Return {}.encode(&mut body);
        // The arrow's body (f's nested function) becomes the instruction, then return: a
        // frame of the arrow starts in the environment that holds `y`.
        let codes = &mut vm.heap.arenas.codes;
        let arrows: Vec<usize> = codes
            .iter()
            .flat_map(|c| c.functions.iter().map(|h| h.index()))
            .collect();
        assert!(!arrows.is_empty());
        for i in arrows {
            codes[i].bytecode = body.clone().into_boxed_slice();
            codes[i].handlers = Vec::new().into_boxed_slice();
        }
        let bytes = vm.write_image().expect("image written");
        let mut vm = Vm::from_image(&bytes, options()).expect("valid image");
        let realm = vm.main_realm();
        let result = catch_unwind(AssertUnwindSafe(|| {
            vm.eval_script(
                realm,
                "try { f(2)(); 'ran' } catch (e) { e.message }",
                "probe.js",
            )
        }));
        let out = result.unwrap_or_else(|_| panic!("{instr:?} panicked"));
        let out = out.unwrap_or_else(|e| panic!("{instr:?}: {e}"));
        assert!(out.contains("not a module environment"), "{instr:?}: {out}");
    }
}

/// Part images (a realm snapshot's bytes, `snapshotFromBuffer`) go through the same loader and
/// validator, then are absorbed into a running heap: corrupt ones are rejected, or are absorbed
/// into a heap that still collects and runs code.
#[test]
fn corrupt_part_images_are_rejected_or_harmless() {
    let mut rng = Rng::new(0x2545_f491_4f6c_dd1d);
    let mut panics = Vec::new();
    let mut tally = Tally::default();
    for (name, source) in PROGRAMS
        .iter()
        .filter(|(n, _)| ["generators-promises", "collections-symbols", "syntax"].contains(n))
    {
        let mut vm = run(source);
        let realm = vm.realm_handle(vm.main_realm());
        let bytes = vm.write_part_image(realm, Vec::new());
        let mut reader = Vm::new(options());
        let (r, _) = reader
            .read_part_image(&bytes)
            .expect("a valid part image reads");
        let _ = r;
        let len = bytes.len();
        for k in 0..scale(90) {
            let at = rng.below(len - 8);
            let mut m = bytes.clone();
            match k % 3 {
                0 => m[at] ^= 1 << rng.below(8),
                1 => {
                    let v = [u32::MAX, 1 << 20, rng.below(4096) as u32][rng.below(3)];
                    m[at..at + 4].copy_from_slice(&v.to_le_bytes());
                }
                _ => m.truncate(at),
            }
            let m = image::reseal(&m);
            let what = format!("{name}: part image mutant {k} at {at}");
            let result = catch_unwind(AssertUnwindSafe(|| -> Result<(), ImageError> {
                let mut vm = Vm::new(options());
                let (realm, _values) = vm.read_part_image(&m)?;
                let slot = vm.root_realm(realm);
                vm.set_deadline(Some(Instant::now() + Duration::from_millis(500)));
                vm.collect_garbage();
                let main = vm.main_realm();
                let _ = vm.eval_script(main, "[1, 2].map(x => x * 2).join()", "probe.js");
                vm.unroot_realms(slot);
                vm.collect_garbage();
                Ok(())
            }));
            match result {
                Ok(Ok(())) => tally.loaded += 1,
                Ok(Err(e)) => {
                    assert!(
                        e.to_string().starts_with("invalid heap image"),
                        "{what}: {e}"
                    );
                    tally.rejected += 1;
                }
                Err(_) => panics.push(what),
            }
        }
    }
    eprintln!(
        "part-image mutants: {} rejected, {} absorbed, {} panicked",
        tally.rejected,
        tally.loaded,
        panics.len()
    );
    assert!(
        panics.is_empty(),
        "{} panics:\n{}",
        panics.len(),
        panics.join("\n")
    );
}
