//! Deep but realistic nesting must parse on a thread with a 2 MiB stack (the default for
//! spawned threads and for `cargo test`).

use amber_parser::{parse_script, ParseOptions};

fn parse_on_small_stack(src: String) -> bool {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || parse_script(&src, &ParseOptions::default()).is_ok())
        .expect("spawn")
        .join()
        .expect("no stack overflow")
}

#[test]
fn long_operator_chains() {
    let chain = format!("x = a{}", "+a".repeat(10000));
    assert!(parse_on_small_stack(chain));
    let calls = format!("x = a{}", ".b(c)".repeat(300));
    assert!(parse_on_small_stack(calls));
}

#[test]
fn nested_brackets_up_to_the_limit() {
    let depth = amber_parser::MAX_NESTING / 2 - 2;
    let nested = format!("x = {}1{}", "[(".repeat(depth), ")]".repeat(depth));
    assert!(parse_on_small_stack(nested));
}

#[test]
fn nesting_beyond_the_limit_is_an_error() {
    let depth = amber_parser::MAX_NESTING + 1;
    let nested = format!("x = {}1{}", "(".repeat(depth), ")".repeat(depth));
    assert!(!parse_on_small_stack(nested));
}

#[test]
fn nested_functions_and_blocks_up_to_the_limit() {
    let depth = amber_parser::MAX_NESTING / 2 - 2;
    let functions = format!(
        "{}x;{}",
        "function f() { if (a) { ".repeat(depth),
        "} }".repeat(depth)
    );
    assert!(parse_on_small_stack(functions));
    let arrows = format!(
        "x = {}1{}",
        "() => { return [".repeat(depth),
        "] }".repeat(depth)
    );
    assert!(parse_on_small_stack(arrows));
}
