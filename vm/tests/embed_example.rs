//! Runs `examples/embed.rs` (the embedding walkthrough) as a test, so it stays true.

#[path = "../examples/embed.rs"]
mod embed;

#[test]
fn the_embedding_example_runs() {
    embed::main();
}
