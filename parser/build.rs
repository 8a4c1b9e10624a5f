//! Generates the parser from `src/grammar.lalrpop` and patches the generated code so that
//! automatic semicolon insertion does not pay for lalrpop's eager expected-token lists.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src/grammar.lalrpop");
    lalrpop::Configuration::new()
        .use_cargo_dir_conventions()
        .emit_rerun_directives(true)
        .emit_comments(false)
        .emit_whitespace(false)
        .process()
        .expect("lalrpop failed");
    patch_expected_tokens();
}

/// lalrpop computes the list of expected tokens on every error by simulating each terminal
/// against the state stack; every ASI event is an error, so this is costly. The grammar never
/// reports that list, so make it empty.
fn patch_expected_tokens() {
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let file = out.join("grammar.rs");
    let code = std::fs::read_to_string(&file).expect("generated parser");
    let needle = "if __accepts(None, __states, Some(index),";
    let patched_needle = "if false && __accepts(None, __states, Some(index),";
    // lalrpop skips regeneration when the grammar's hash is unchanged, so the file may
    // already be patched.
    if code.contains(patched_needle) {
        return;
    }
    assert!(
        code.contains(needle),
        "the lalrpop patch point moved: update build.rs"
    );
    let patched = code.replace(needle, patched_needle);
    std::fs::write(&file, patched).expect("write patched parser");
}
