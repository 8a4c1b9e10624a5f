//! Loading a heap image never panics: arbitrary bytes are rejected with an error, and images
//! that load can run code.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(mut vm) = amber_vm::Vm::from_image(data, Default::default()) {
        let realm = vm.main_realm();
        let _ = vm.eval_script(realm, "1 + 1", "fuzz.js");
    }
});
