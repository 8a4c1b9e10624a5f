//! Heap images of a whole VM: a closure over a cyclic object graph survives the round trip, and
//! corrupt images are errors.

use amber_vm::{Vm, VmOptions};

fn image() -> Vec<u8> {
    let mut vm = Vm::new(VmOptions::default());
    let realm = vm.main_realm();
    let entry = r##"
        const root = { name: "root", kids: [] };
        for (const n of ["x", "y"]) root.kids.push({ n, up: root });   // cycles
        root.self = root;
        let calls = 0;
        globalThis.visit = function () {
            calls++;
            return root.kids.map(k => k.up.self.name + ":" + k.n).join(",") + "#" + calls;
        };
    "##;
    vm.eval_script(realm, entry, "entry.js").unwrap();
    vm.write_image().unwrap()
}

#[test]
fn a_closure_over_a_cycle_survives_the_round_trip() {
    let bytes = image();
    let mut vm = Vm::from_image(&bytes, VmOptions::default()).expect("image loads");
    let realm = vm.main_realm();
    assert_eq!(
        vm.eval_script(realm, "visit()", "main.js").unwrap(),
        "root:x,root:y#1"
    );
    assert_eq!(
        vm.eval_script(realm, "visit()", "main.js").unwrap(),
        "root:x,root:y#2"
    );
    // The loaded heap is a working realm: new code can run and allocate.
    assert_eq!(
        vm.eval_script(realm, "[1,2,3].map(x => x * 2).join()", "more.js")
            .unwrap(),
        "2,4,6"
    );
    // And it can be imaged again.
    let again = vm.write_image().unwrap();
    let mut vm2 = Vm::from_image(
        &again,
        VmOptions {
            gc_stress: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        vm2.eval_script(realm, "visit()", "main.js").unwrap(),
        "root:x,root:y#3"
    );
}

/// Long Latin-1 strings (a script's source, long string values) come back from an image as
/// bytes and are widened when first read: `Function.prototype.toString`, string methods,
/// concatenation and property keys all see the same text, and an image of the loaded heap is
/// the image it was loaded from, byte for byte.
#[test]
fn long_latin1_strings_read_the_same_after_a_round_trip() {
    let mut vm = Vm::new(VmOptions::default());
    let realm = vm.main_realm();
    let padding = "// padding to make the source long\n".repeat(60);
    let entry = format!(
        "{padding}globalThis.f = function f(a, b) {{ return a + b; /* é */ }};\n\
         globalThis.long = 'abc\\u00e9'.repeat(500);\n\
         globalThis.wide = '\\u03b1'.repeat(2000);\n"
    );
    vm.eval_script(realm, &entry, "entry.js").unwrap();
    let bytes = vm.write_image().unwrap();
    let mut vm = Vm::from_image(&bytes, VmOptions::default()).expect("image loads");
    assert_eq!(
        vm.write_image().unwrap(),
        bytes,
        "re-imaged before any read"
    );
    let checks = [
        (
            "f.toString()",
            "function f(a, b) { return a + b; /* \u{e9} */ }",
        ),
        ("f(1, 2)", "3"),
        (
            "long.length + ':' + long.slice(0, 5) + ':' + long.indexOf('\\u00e9', 4)",
            "2000:abc\u{e9}a:7",
        ),
        ("(long + '!').slice(-3)", "c\u{e9}!"),
        (
            "const o = {}; o[long] = 1; Object.keys(o)[0] === long",
            "true",
        ),
        ("wide.length + ':' + wide.charCodeAt(1999)", "2000:945"),
    ];
    for (script, expected) in checks {
        assert_eq!(
            vm.eval_script(realm, script, "main.js").unwrap(),
            expected,
            "{script}"
        );
    }
}

/// Bytecode from an image is verified when a frame first enters it, not at load: an image
/// whose unused function has corrupt bytecode loads and runs the rest, a call of that function
/// is a TypeError (its code never runs), and `Vm::verify_all_code` refuses the image as a load
/// used to. An image cannot mark its own code verified (the flag is not written).
#[test]
fn corrupt_bytecode_is_refused_when_first_entered() {
    use amber_compiler::bytecode::{Instr, Reg};
    let mut vm = Vm::new(VmOptions::default());
    let realm = vm.main_realm();
    let entry = "function never() { return 1 } function used(x) { return x + 1 }";
    vm.eval_script(realm, entry, "entry.js").unwrap();
    let valid = vm.write_image().unwrap();
    let mut bad = Vm::from_image(&valid, VmOptions::default()).unwrap();
    let name: Vec<u16> = "never".encode_utf16().collect();
    let heap = &bad.heap;
    let c = heap
        .arenas
        .codes
        .iter()
        .position(|c| heap.string_units(c.name) == &name[..])
        .expect("never's code");
    // A register far outside the frame: the dispatch loop reads registers unchecked.
    let mut bytes = Vec::new();
    Instr::Ldar { src: Reg(60000) }.encode(&mut bytes);
    Instr::Return {}.encode(&mut bytes);
    bad.heap.arenas.codes[c].bytecode = bytes.into_boxed_slice();
    bad.heap.arenas.codes[c].verified = amber_heap::code::Verified(true);
    let image = bad.write_image().unwrap();

    let mut vm = Vm::from_image(&image, VmOptions::default()).expect("loads");
    let realm = vm.main_realm();
    assert_eq!(vm.eval_script(realm, "used(1)", "m.js").unwrap(), "2");
    let err = vm.eval_script(realm, "never()", "m.js").unwrap_err();
    assert!(err.to_string().contains("corrupt heap image"), "{err}");
    // Caught like any TypeError, and refused again on the next call.
    assert_eq!(
        vm.eval_script(
            realm,
            "try { never() } catch (e) { e instanceof TypeError }",
            "m.js"
        )
        .unwrap(),
        "true"
    );
    let err = vm.verify_all_code().unwrap_err();
    assert!(err.to_string().contains("invalid heap image"), "{err}");
    // The image it was made from verifies whole.
    let mut good = Vm::from_image(&valid, VmOptions::default()).unwrap();
    good.verify_all_code().expect("valid code");
}

#[test]
fn corrupt_images_are_clear_errors() {
    let bytes = image();
    assert!(Vm::from_image(&bytes[..bytes.len() - 1], VmOptions::default()).is_err());
    assert!(Vm::from_image(&[], VmOptions::default()).is_err());
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 0x80;
    let err = Vm::from_image(&flipped, VmOptions::default())
        .err()
        .expect("rejected");
    assert!(err.to_string().contains("invalid heap image"), "{err}");
}

/// Recomputes the section checksums and the header checksum of an image body (without its
/// trailing file checksum), where the section table still describes sections in range.
fn repair_checksums(m: &mut [u8]) {
    const PREAMBLE: usize = 8 + 6 + 4 + 8 + 4;
    const ENTRY: usize = 4 + 8 + 8 + 8;
    let word = |m: &[u8], at: usize| u64::from_le_bytes(m[at..at + 8].try_into().unwrap());
    if m.len() < PREAMBLE {
        return;
    }
    let count = u32::from_le_bytes(m[PREAMBLE - 4..PREAMBLE].try_into().unwrap()) as usize;
    let header_end = PREAMBLE + ENTRY * count;
    if count > 64 || header_end + 8 > m.len() {
        return;
    }
    for i in 0..count {
        let e = PREAMBLE + ENTRY * i;
        let (offset, length) = (word(m, e + 4) as usize, word(m, e + 12) as usize);
        if let Some(end) = offset.checked_add(length).filter(|&end| end <= m.len()) {
            let sum = amber_heap::image::checksum(&m[offset..end]);
            m[e + 20..e + 28].copy_from_slice(&sum.to_le_bytes());
        }
    }
    let sum = amber_heap::image::checksum(&m[..header_end]);
    m[header_end..header_end + 8].copy_from_slice(&sum.to_le_bytes());
}

/// A structured mutator: corrupts a valid image (bit flips, byte runs, truncations, and 32-bit
/// words overwritten with out-of-range values, which hit handles, lengths, tags and native ids)
/// and then *repairs the checksums* (each section's, the header's, the file's), so the damage reaches the loader's deeper validation
/// instead of stopping at the checksum. Every mutant must be rejected with an error or load
/// into a VM that can run a script, and never panic. `AMBER_IMAGE_MUTANTS` sets the count
/// (default 300 in `cargo test`).
#[test]
fn mutated_images_with_valid_checksums_never_panic() {
    let bytes = image();
    let body = bytes.len() - 8;
    let n: usize = std::env::var("AMBER_IMAGE_MUTANTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut rejected, mut loaded) = (0, 0);
    for i in 0..n {
        let mut m = bytes[..body].to_vec();
        // Past the magic, sentinel and version, which have their own plain checks.
        let at = 18 + (next() as usize) % (body - 22);
        match i % 5 {
            0 => m[at] ^= 1 << (next() % 8),
            1 => {
                let v = [0xff, 0x7f, 0x00, 0x80][(next() % 4) as usize];
                m[at..at + 4].copy_from_slice(&[v; 4]);
            }
            2 => m.truncate(at),
            3 => {
                let v = (next() as u32) % 4096;
                m[at..at + 4].copy_from_slice(&v.to_le_bytes());
            }
            _ => {
                let len = 1 + (next() as usize) % 16;
                for b in &mut m[at..(at + len).min(body)] {
                    *b = next() as u8;
                }
            }
        }
        repair_checksums(&mut m);
        let sum = amber_heap::image::checksum(&m);
        m.extend_from_slice(&sum.to_le_bytes());
        let result = std::panic::catch_unwind(|| match Vm::from_image(&m, VmOptions::default()) {
            Ok(mut vm) => {
                let realm = vm.main_realm();
                let _ = vm.eval_script(realm, "typeof visit === 'function' && visit()", "m.js");
                // Bytecode is verified when first entered: what the script did not enter is
                // checked here, as loading once did.
                match vm.verify_all_code() {
                    Ok(()) => true,
                    Err(e) => {
                        assert!(e.to_string().contains("invalid heap image"), "{e}");
                        false
                    }
                }
            }
            Err(e) => {
                assert!(e.to_string().contains("invalid heap image"), "{e}");
                false
            }
        });
        match result {
            Ok(true) => loaded += 1,
            Ok(false) => rejected += 1,
            Err(_) => panic!("mutant {i} (kind {}, at byte {at}) panicked", i % 5),
        }
    }
    eprintln!("{n} mutants: {rejected} rejected, {loaded} loaded and ran");
    assert_eq!(loaded + rejected, n);
}
