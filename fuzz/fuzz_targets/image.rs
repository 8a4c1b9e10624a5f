//! Loading a heap image never panics: arbitrary bytes are rejected with an error, and images
//! that load can run code.
//!
//! Each input is tried twice: as it is, and resealed (`amber_heap::image::reseal` recomputes
//! every checksum), since a mutation the checksums catch never reaches the section readers or
//! the validator.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::time::{Duration, Instant};

fn try_load(data: &[u8]) {
    // The `amber` CLI's options: its images (the seed corpus) carry the realms extensions'
    // natives, and an image from a build with other natives is refused at the engine id.
    let options = amber_vm::VmOptions {
        extensions: amber_realms::extensions(),
        ..Default::default()
    };
    if let Ok(mut vm) = amber_vm::Vm::from_image(data, options) {
        // Corrupt code must not hang the run either.
        vm.set_deadline(Some(Instant::now() + Duration::from_secs(1)));
        let realm = vm.main_realm();
        // The functions' source text too: a long script's is packed until read.
        let probe = "[1, 2].map(x => x + 1).join() + Object.keys(globalThis) + \
            Object.values(globalThis).map(v => typeof v == 'function' ? String(v).length : 0)";
        let _ = vm.eval_script(realm, probe, "fuzz.js");
        // Bytecode is verified when first entered; verify what the probe did not enter too,
        // so the fuzzer still reaches the verifier with every code object.
        let _ = vm.verify_all_code();
    }
}

fuzz_target!(|data: &[u8]| {
    try_load(data);
    let resealed = amber_heap::image::reseal(data);
    if resealed != data {
        try_load(&resealed);
    }
});
