//! Embedding Amber in a Rust program: the whole public surface an embedder needs, in order.
//! `cargo run -p amber-vm --example embed` (`vm/tests/embed_example.rs` runs it as a test).
//!
//! 1. Create a VM ([`Vm::new`] with [`VmOptions`]).
//! 2. Register host functions through an [`Extension`]: natives get stable ids (so heap
//!    images stay valid), the same mechanism `amber-realms` uses for ShadowRealm.
//! 3. Evaluate scripts ([`Vm::eval_script`]: completion value as text) or get values
//!    ([`Vm::run_script_value`]) and convert them ([`Vm::rust_string`], [`Vm::string_from`]).
//! 4. Run the promise job queue ([`Vm::run_jobs`]).
//! 5. Limits that stop code: a deadline ([`Vm::set_deadline`]), an interrupt flag another
//!    thread can set ([`Vm::interrupt_handle`]) and a fuel budget ([`Vm::set_fuel`]); they
//!    stop regular-expression matching too, and the VM stays usable afterwards.
//! 6. Write the heap to an image and start another VM from it ([`Vm::write_image`],
//!    [`Vm::from_image`]).
//!
//! For comparison: Boa's `Context` and QuickJS's `JSRuntime`/`JSContext` cover the same ground
//! with more entry points (property access, class builders); Amber keeps the embedding API to
//! these calls plus the `ops` module's abstract operations for anything finer.

use amber_heap::Value;
use amber_vm::{ops, Args, Extension, JsResult, ScriptError, Vm, VmOptions};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

// The host's natives, in a fixed order (append only: the order is part of image identity).
amber_vm::extension_natives! {
    pub enum Host {
        Greet => greet,
        Add => add,
    }
}

/// The embedder's extension: two host functions, no per-realm slots, nothing to install in
/// every realm (the globals are added to the main realm below).
pub static HOST: Extension = Extension {
    name: "example.host",
    natives: Host::TABLE,
    realm_slots: &[],
    init_realm: |_| {},
    ensure_can_compile_strings: None,
    import_in_compartment: None,
    finalize_import_meta: None,
    hides_error_stacks: None,
};

/// `greet(name)`: JavaScript value → Rust string → JavaScript string.
fn greet(vm: &mut Vm, args: Args) -> JsResult {
    let name = ops::to_rust_string(vm, args.get(vm, 0))?;
    Ok(vm.string_from(&format!("hello, {name}")))
}

/// `add(a, b)`: numbers both ways; a TypeError for anything else.
fn add(vm: &mut Vm, args: Args) -> JsResult {
    match (args.get(vm, 0), args.get(vm, 1)) {
        (Value::Number(a), Value::Number(b)) => Ok(Value::Number(a + b)),
        _ => Err(vm.type_error("add: two numbers, please")),
    }
}

fn options() -> VmOptions {
    VmOptions {
        extensions: vec![&HOST],
        capture_output: true,
        ..VmOptions::default()
    }
}

pub fn main() {
    // 1-2. A VM with the host functions as globals of its main realm.
    let mut vm = Vm::new(options());
    let realm = vm.main_realm();
    for (name, native, length) in [("greet", Host::Greet, 1), ("add", Host::Add, 2)] {
        let id = vm.extension_native(&HOST, native as u32);
        vm.define_global_function(realm, name, id, length);
    }

    // 3. Scripts: the completion value as text, or as a value to convert.
    let text = vm.eval_script(realm, "greet('embedder') + '!'", "a.js");
    assert_eq!(text.unwrap(), "hello, embedder!");
    let script = Vm::compile_script("add(20, 22)", "b.js", false).unwrap();
    let value = vm.run_script_value(realm, &script).unwrap();
    assert!(matches!(value, Value::Number(n) if n == 42.0));
    // A JavaScript error comes back as a ScriptError with the message and where.
    match vm.eval_script(realm, "add('x', 1)", "c.js") {
        Err(ScriptError::Uncaught { name, message }) => {
            assert_eq!(name, "TypeError");
            assert!(message.contains("two numbers"), "{message}");
        }
        other => panic!("expected a TypeError, got {other:?}"),
    }

    // 4. Promise jobs run when the embedder says so.
    vm.eval_script(realm, "Promise.resolve(41).then(x => print(x + 1))", "d.js")
        .unwrap();
    assert_eq!(vm.take_output(), "");
    vm.run_jobs().unwrap();
    assert_eq!(vm.take_output(), "42\n");

    // 5. Limits: a deadline stops an infinite loop...
    vm.set_deadline(Some(Instant::now() + Duration::from_millis(50)));
    let started = Instant::now();
    let stopped = vm.eval_script(realm, "for (;;) {}", "loop.js");
    assert!(stopped.is_err() && started.elapsed() < Duration::from_secs(2));
    vm.set_deadline(None);
    // ...and so does the interrupt flag, set here from another thread.
    let flag = vm.interrupt_handle();
    let setter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        flag.store(true, Ordering::SeqCst);
    });
    assert!(vm.eval_script(realm, "while (true) {}", "spin.js").is_err());
    setter.join().unwrap();
    vm.interrupt_handle().store(false, Ordering::SeqCst);
    // ...and a fuel budget, here inside a catastrophically backtracking regular expression.
    vm.set_fuel(Some(1_000_000));
    let regexp = "/(a+)+$/.test('a'.repeat(28) + 'b')";
    assert_eq!(
        vm.eval_script(realm, regexp, "re.js"),
        Err(ScriptError::OutOfFuel)
    );
    vm.set_fuel(None);
    // The VM is still usable.
    assert_eq!(vm.eval_script(realm, "add(1, 2)", "e.js").unwrap(), "3");

    // 6. Images: state and host functions survive into a new VM (same extensions required).
    vm.eval_script(realm, "globalThis.counter = 10", "f.js")
        .unwrap();
    let bytes = vm.write_image().unwrap();
    let mut again = Vm::from_image(&bytes, options()).unwrap();
    let realm = again.main_realm();
    let text = again
        .eval_script(realm, "greet(++counter)", "g.js")
        .unwrap();
    assert_eq!(text, "hello, 11");
    // An image is refused by a VM with other extensions.
    assert!(Vm::from_image(&bytes, VmOptions::default()).is_err());
    println!("embedding example: all steps ran");
}
