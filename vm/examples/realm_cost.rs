//! Times realm creation: `cargo run --release -p amber-vm --example realm_cost`.
use amber_vm::{Vm, VmOptions};
use std::time::Instant;

fn main() {
    let mut vm = Vm::new(VmOptions::default());
    let before = vm.heap.counts();
    let n = 200;
    let t = Instant::now();
    for _ in 0..n {
        vm.create_realm();
    }
    let per = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    let after = vm.heap.counts();
    println!("{per:.1} us per realm");
    for ((k, a), (_, b)) in after.iter().zip(before.iter()) {
        println!("{:?}: {} per realm", k, (a - b) / n);
    }
    println!("used bytes per realm {}", vm.heap.used_bytes() / (n + 1));
}
