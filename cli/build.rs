//! Links `amber` as a position-dependent executable: its code and tables get their final
//! addresses at link time, so the dynamic loader has no relocations to apply when it starts
//! (a PIE `amber` spent about a quarter of a hello-world run's instructions in `ld.so`).
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bin=amber=-no-pie");
    }
}
