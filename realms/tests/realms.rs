//! ShadowRealm from Rust: realms are garbage like any object, wrappers keep their targets (not
//! the other way around), heap images carry ShadowRealms and their wrappers, an embedder's own
//! extension uses the same stable-id mechanism, and an image is refused by a VM with other
//! extensions.

use amber_heap::Kind;
use amber_vm::extension::Extension;
use amber_vm::{Args, JsResult, Vm, VmOptions};

fn vm(gc_stress: bool) -> Vm {
    Vm::new(VmOptions {
        capture_output: true,
        gc_stress,
        extensions: amber_realms::extensions(),
        ..Default::default()
    })
}

fn realm_count(vm: &mut Vm) -> usize {
    vm.collect_garbage();
    vm.heap.arenas.len(Kind::Realm)
}

#[test]
fn unreachable_shadow_realms_are_collected_with_their_realm() {
    let mut vm = vm(false);
    let main = vm.main_realm();
    vm.eval_script(main, "new ShadowRealm().evaluate('1')", "warm.js")
        .unwrap();
    let base = realm_count(&mut vm);
    let objects_before = vm.heap.arenas.len(Kind::Object);
    vm.eval_script(
        main,
        "for (let i = 0; i < 300; i++) new ShadowRealm().evaluate('[1,2,3].map(x => x).length')",
        "loop.js",
    )
    .unwrap();
    assert_eq!(
        realm_count(&mut vm),
        base,
        "every dropped realm is collected"
    );
    let objects_after = vm.heap.arenas.len(Kind::Object);
    assert!(
        objects_after <= objects_before + 50,
        "objects grew from {objects_before} to {objects_after}"
    );
}

/// A ShadowRealm that loaded modules through `importValue` is collected with them: the
/// agent's module table holds modules weakly, each realm's [[LoadedModules]] strongly. A live
/// realm keeps its module instance (a second import sees the same state).
#[test]
fn realms_that_imported_modules_are_collected_with_their_modules() {
    for gc_stress in [false, true] {
        let mut vm = vm(gc_stress);
        let main = vm.main_realm();
        let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/exports.mjs");
        let setup = format!(
            "globalThis.spec = {fixture:?}; globalThis.results = []; \
             globalThis.kept = new ShadowRealm(); \
             kept.importValue(spec, 'bump').then(f => results.push(f(), f()));"
        );
        vm.eval_script(main, &setup, "setup.js").unwrap();
        vm.run_jobs().unwrap();
        let base = realm_count(&mut vm);
        let modules = vm.heap.arenas.len(Kind::Object);
        let rounds = if gc_stress { 10 } else { 200 };
        let program = format!(
            "for (let i = 0; i < {rounds}; i++) \
               new ShadowRealm().importValue(spec, 'answer').then(a => results.push(a));"
        );
        vm.eval_script(main, &program, "loop.js").unwrap();
        vm.run_jobs().unwrap();
        assert_eq!(
            vm.eval_script(
                main,
                "results.length + ':' + results.slice(0, 3)",
                "check.js"
            )
            .unwrap(),
            format!("{}:1,2,42", rounds + 2)
        );
        assert_eq!(
            realm_count(&mut vm),
            base,
            "every dropped realm is collected"
        );
        let after = vm.heap.arenas.len(Kind::Object);
        assert!(
            after <= modules + 50,
            "objects grew from {modules} to {after} (gc_stress {gc_stress})"
        );
        // The kept realm still has its module, with its state.
        vm.eval_script(
            main,
            "kept.importValue(spec, 'bump').then(f => results.push(f()))",
            "again.js",
        )
        .unwrap();
        vm.run_jobs().unwrap();
        assert_eq!(
            vm.eval_script(main, "results[results.length - 1]", "last.js")
                .unwrap(),
            "3"
        );
    }
}

#[test]
fn a_wrapper_keeps_its_target_realm_alive() {
    let mut vm = vm(false);
    let main = vm.main_realm();
    vm.eval_script(
        main,
        "globalThis.f = new ShadowRealm().evaluate('let n = 40; () => ++n + 1')",
        "keep.js",
    )
    .unwrap();
    let with_wrapper = realm_count(&mut vm);
    assert_eq!(vm.eval_script(main, "f() + f()", "call.js").unwrap(), "85");
    vm.eval_script(main, "delete globalThis.f", "drop.js")
        .unwrap();
    assert_eq!(realm_count(&mut vm), with_wrapper - 1);
}

#[test]
fn images_carry_shadow_realms_and_wrappers() {
    let mut vm = vm(false);
    let main = vm.main_realm();
    vm.eval_script(
        main,
        "globalThis.r = new ShadowRealm(); r.evaluate('var hits = 0'); \
         globalThis.hit = r.evaluate('() => ++hits');",
        "entry.js",
    )
    .unwrap();
    let bytes = vm.write_image().unwrap();
    let options = VmOptions {
        extensions: amber_realms::extensions(),
        capture_output: true,
        ..Default::default()
    };
    let mut loaded = Vm::from_image(&bytes, options).expect("image loads");
    let out = loaded
        .eval_script(
            main,
            "hit(); hit(); r.evaluate('hits') + ':' + new ShadowRealm().evaluate('2')",
            "main.js",
        )
        .unwrap();
    assert_eq!(out, "2:2");
    // A VM without the realm extensions has other native ids: the image is refused.
    let err = match Vm::from_image(&bytes, VmOptions::default()) {
        Ok(_) => panic!("an image with extension natives loaded into a VM without them"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("engine") || err.contains("build"), "{err}");
}

// An embedder's host function, registered through the same mechanism as ShadowRealm.
fn host_add(vm: &mut Vm, args: Args) -> JsResult {
    let a = amber_vm::ops::to_number(vm, args.get(vm, 0))?;
    let b = amber_vm::ops::to_number(vm, args.get(vm, 1))?;
    Ok(amber_heap::Value::Number(a + b))
}

fn host_tag(vm: &mut Vm, _: Args) -> JsResult {
    Ok(vm.string_from("host"))
}

amber_vm::extension_natives! {
    enum HostNative {
        Add => host_add,
        Tag => host_tag,
    }
}

fn host_init_realm(vm: &mut Vm) {
    // In every realm (ShadowRealms too): a pure function is harmless there.
    let id = vm.extension_native(&HOST, HostNative::Add as u32);
    let f = amber_vm::builtins::native_function(vm, id, "hostAdd", 2, false);
    amber_vm::builtins::global(vm, "hostAdd", amber_heap::Value::Object(f));
}

static HOST: Extension = Extension {
    name: "embedder.example",
    natives: HostNative::TABLE,
    realm_slots: &[],
    init_realm: host_init_realm,
    ensure_can_compile_strings: None,
    import_in_compartment: None,
    finalize_import_meta: None,
    hides_error_stacks: None,
};

#[test]
fn an_embedder_extension_gets_stable_ids_like_realms_do() {
    let mut extensions = amber_realms::extensions();
    extensions.push(&HOST);
    let mut vm = Vm::new(VmOptions {
        extensions,
        ..Default::default()
    });
    let main = vm.main_realm();
    // A host-only global, installed in the main realm alone.
    let tag = vm.extension_native(&HOST, HostNative::Tag as u32);
    vm.define_global_function(main, "hostTag", tag, 0);
    assert_eq!(
        vm.eval_script(main, "hostAdd(40, 2) + hostTag()", "a.js")
            .unwrap(),
        "42host"
    );
    assert_eq!(
        vm.eval_script(
            main,
            "const r = new ShadowRealm(); r.evaluate('hostAdd(1, 2) + typeof hostTag')",
            "b.js"
        )
        .unwrap(),
        "3undefined"
    );
    // The ids follow the core table and the realm extensions, in registration order.
    assert!(tag.0 as usize + 1 == vm.native_count());
}

#[test]
fn realm_creation_under_gc_stress() {
    let mut vm = vm(true);
    let main = vm.main_realm();
    let out = vm
        .eval_script(
            main,
            "let s = 0; for (let i = 0; i < 5; i++) { const r = new ShadowRealm(); \
             s += r.evaluate('(f) => f(2)')((x) => x * i); } s",
            "stress.js",
        )
        .unwrap();
    assert_eq!(out, "20");
    vm.verify_heap().unwrap();
}

/// A `ModuleSource` is compiled once: however many compartments instantiate it, no code
/// object is made after the constructor, and the instances share their code while each has
/// its own environment.
#[test]
fn a_module_source_is_compiled_once_and_shared() {
    let mut vm = vm(false);
    let main = vm.main_realm();
    vm.eval_script(
        main,
        "var src = new ModuleSource('export let n = 0; export function f() { return ++n; } export const g = () => [1].map((x) => x + n);');
         var cs = [];",
        "setup.js",
    )
    .unwrap();
    vm.collect_garbage();
    let code_before = vm.heap.arenas.len(Kind::Code);
    let script = Vm::compile_script(
        "var out = [];
             for (let i = 0; i < 20; i++) {
               const c = new Compartment({ modules: { m: src, 'x/m': { source: src } } });
               cs.push(c);
               out.push(c.importNow('m'), c.importNow('x/m'));
             }
             out[0].f(); out[0].f(); out[1].f();
             out;",
        "use.js",
        false,
    )
    .unwrap();
    let ns = vm.run_script_value(main, &script).unwrap();
    let slot = vm.root(ns);
    vm.collect_garbage();
    let code_after = vm.heap.arenas.len(Kind::Code);
    // The use script's own code (its top level and the block of its loop) is all that is
    // new: 40 instances made no code objects of their own.
    assert!(
        code_after <= code_before + 4,
        "code objects grew from {code_before} to {code_after} for 40 instances"
    );
    let amber_heap::Value::Object(arr) = vm.rooted(slot) else {
        panic!("not an array")
    };
    let items = vm.heap.get(arr).elements.clone();
    assert_eq!(items.len(), 40);
    let records: Vec<_> = items
        .iter()
        .map(|&n| amber_vm::module::module_of_namespace(&vm, n).expect("a namespace"))
        .collect();
    for r in &records[1..] {
        assert!(amber_vm::module::same_code(&vm, records[0], *r));
        assert_ne!(records[0], *r, "each instance is its own record");
    }
    // Separate state: the first instance counted twice, the second once, the rest never.
    let counts = vm
        .eval_script(main, "out.map((ns) => ns.n).join()", "read.js")
        .unwrap();
    assert!(counts.starts_with("2,1,0,0,"), "{counts}");
    vm.unroot(slot);
}
