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
