//! Realm creation cost from Rust, both ways: running every builtin's `init` (what each realm
//! cost before realm templates) and copying the pristine template (what `new ShadowRealm()`,
//! `$262.createRealm()` and `Vm::create_realm` do now). Prints microseconds per realm and heap
//! objects per realm.
//!
//! `cargo run --release -p amber-realms --example realm_cost [N]`

use amber_heap::Kind;
use amber_vm::{Vm, VmOptions};
use std::time::Instant;

// The allocator the `amber` binary uses, so the numbers match it.
#[global_allocator]
static GLOBAL: amber_heap::malloc::Allocator = amber_heap::malloc::Allocator;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let options = VmOptions {
        extensions: amber_realms::extensions(),
        ..Default::default()
    };
    let mut vm = Vm::new(options.clone());
    let objects = vm.heap.arenas.len(Kind::Object);
    for _ in 0..10 {
        amber_vm::realm::create_realm(&mut vm);
    }
    let per_realm = (vm.heap.arenas.len(Kind::Object) - objects) / 10;
    let t = Instant::now();
    for i in 0..n {
        amber_vm::realm::create_realm(&mut vm);
        if i % 200 == 199 {
            vm.collect_garbage();
        }
    }
    let init = t.elapsed().as_secs_f64() * 1e6 / n as f64;

    let mut vm = Vm::new(options);
    vm.new_realm_record(); // builds the template
    vm.collect_garbage();
    let t = Instant::now();
    for i in 0..n {
        vm.new_realm_record();
        if i % 200 == 199 {
            vm.collect_garbage();
        }
    }
    let template = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("realm creation, {n} realms (collected every 200):");
    println!("  running every init: {init:8.1} us per realm");
    println!(
        "  copying the template: {template:6.1} us per realm ({:.1}x faster)",
        init / template
    );
    println!("  heap objects per realm: {per_realm}");
}
