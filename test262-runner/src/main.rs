//! The `test262-runner` binary: runs test262 against Amber. See the crate's README.

use std::process::ExitCode;

/// The allocator the `amber` binary uses (see `cli/src/main.rs`), so the runner measures the
/// engine as users run it; it also makes a full run faster.
#[global_allocator]
static GLOBAL: amber_heap::malloc::Allocator = amber_heap::malloc::Allocator;

use clap::Parser;
use test262_runner::amber::{AmberEngine, Mode};
use test262_runner::app;
use test262_runner::cli::Options;

fn main() -> ExitCode {
    // The workers allocate; mimalloc must start on this thread, which outlives them.
    amber_heap::before_spawning_thread();
    let options = Options::parse();
    let engine = AmberEngine {
        gc_stress: options.gc_stress,
        // A runaway test ends with an out-of-memory failure instead of taking the whole
        // run down with it.
        max_heap: Some(1 << 30),
        mode: if options.compartment {
            Mode::Compartment
        } else if options.lockdown {
            Mode::Lockdown
        } else {
            Mode::Normal
        },
    };
    let mut stdout = std::io::stdout().lock();
    match app::run(engine, &options, &mut stdout) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(status) => ExitCode::from(status as u8),
        Err(error) => {
            eprintln!("test262-runner: {error}");
            ExitCode::from(2)
        }
    }
}
