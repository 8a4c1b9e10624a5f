//! Links `amber` as a position-dependent executable: its code and tables get their final
//! addresses at link time, so the dynamic loader has no relocations to apply when it starts
//! (a PIE `amber` spent about a quarter of a hello-world run's instructions in `ld.so`).
//!
//! With glibc it also links GCC's unwinder statically (`libgcc_eh.a`, which the C compiler
//! the build already needs ships): the unwinding symbols std asks of `libgcc_s.so` are then
//! resolved at link time, `libgcc_s` is dropped as unneeded, and the loader opens, maps and
//! relocates one shared library fewer at every start (hello world: 29,000 fewer instructions).
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bin=amber=-no-pie");
        if std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu") {
            println!("cargo:rustc-link-lib=static:+verbatim=libgcc_eh.a");
        }
    }
}
