//! The Amber virtual machine: the interpreter loop, abstract operations, realm records,
//! intrinsics and the standard library.
//!
//! This file currently holds the embedding API that the CLI and the test262 runner program
//! against. Its signatures are the contract; the bodies are being built.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

/// Options fixed when a [`Vm`] is created.
#[derive(Clone, Debug, Default)]
pub struct VmOptions {
    /// Collect (and move every object) at every safepoint. Slow; finds rooting bugs.
    pub gc_stress: bool,
    /// End the script with an error when the heap grows past this many bytes.
    pub max_heap: Option<usize>,
    /// `print`/`console.log` append to a buffer read with [`Vm::take_output`] instead of
    /// writing to stdout.
    pub capture_output: bool,
}

/// A realm's index in the agent's realm table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RealmId(pub u32);

/// Why a script did not complete normally.
#[derive(Clone, Debug, PartialEq)]
pub enum ScriptError {
    /// The source did not parse, or failed an early error.
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
    /// A module could not be resolved or linked (test262's `phase: resolution`).
    Resolution { name: String, message: String },
    /// An exception was thrown and not caught. `name` is the thrown value's constructor name
    /// (`TypeError`, `Test262Error`, ...), or its type for primitives.
    Uncaught { name: String, message: String },
    /// The script was stopped from outside: deadline passed or interrupt flag set.
    Interrupted,
    /// A resource limit (`max_heap`) was hit.
    OutOfMemory,
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScriptError::Syntax {
                message,
                line,
                column,
            } => write!(f, "{line}:{column}: SyntaxError: {message}"),
            ScriptError::Resolution { name, message } | ScriptError::Uncaught { name, message } => {
                write!(f, "{name}: {message}")
            }
            ScriptError::Interrupted => f.write_str("interrupted"),
            ScriptError::OutOfMemory => f.write_str("out of memory: the heap limit was reached"),
        }
    }
}

/// A script compiled once and runnable in any realm of any VM (it holds no heap handles, and is
/// `Send + Sync` so a test runner can share harness files across threads).
#[derive(Clone, Debug)]
pub struct CompiledScript {
    _private: (),
}

/// One agent: a heap, its realms, the job queue, and the interpreter.
pub struct Vm {
    _private: (),
}

impl Vm {
    /// A new agent with one realm, the main realm.
    pub fn new(options: VmOptions) -> Vm {
        let _ = options;
        Vm { _private: () }
    }

    pub fn main_realm(&self) -> RealmId {
        RealmId(0)
    }

    /// A new realm with fresh intrinsics and a fresh global object.
    /// <https://tc39.es/ecma262/#sec-initializehostdefinedrealm>
    pub fn create_realm(&mut self) -> RealmId {
        RealmId(0)
    }

    /// Parses and compiles a script without running it. `strict` parses it as strict code.
    pub fn compile_script(
        source: &str,
        path: &str,
        strict: bool,
    ) -> Result<Arc<CompiledScript>, ScriptError> {
        let _ = (source, path, strict);
        Err(ScriptError::Syntax {
            message: "not built yet".into(),
            line: 1,
            column: 1,
        })
    }

    /// Runs a compiled script in `realm`; returns its completion value as `ToString` would show
    /// it (`amber -p` prints this).
    pub fn run_script(
        &mut self,
        realm: RealmId,
        script: &CompiledScript,
    ) -> Result<String, ScriptError> {
        let _ = (realm, script);
        Err(ScriptError::Interrupted)
    }

    /// Parses, compiles and runs `source` as a script in `realm`.
    pub fn eval_script(
        &mut self,
        realm: RealmId,
        source: &str,
        path: &str,
    ) -> Result<String, ScriptError> {
        let script = Vm::compile_script(source, path, false)?;
        self.run_script(realm, &script)
    }

    /// Loads, links and evaluates the module at `path` (its imports are resolved from the file
    /// system relative to it) in `realm`.
    pub fn eval_module(
        &mut self,
        realm: RealmId,
        source: &str,
        path: &Path,
    ) -> Result<(), ScriptError> {
        let _ = (realm, source, path);
        Err(ScriptError::Interrupted)
    }

    /// Runs queued promise jobs until the queue is empty.
    pub fn run_jobs(&mut self) -> Result<(), ScriptError> {
        Ok(())
    }

    /// Installs test262's host-defined `$262` object and `print` in `realm` (INTERPRETING.md).
    pub fn install_test262_host(&mut self, realm: RealmId) {
        let _ = realm;
    }

    /// Everything `print`/`console.log` wrote since the last call (with `capture_output`).
    pub fn take_output(&mut self) -> String {
        String::new()
    }

    /// Stop running JavaScript (with [`ScriptError::Interrupted`]) once `deadline` passes.
    pub fn set_deadline(&mut self, deadline: Option<Instant>) {
        let _ = deadline;
    }

    /// A flag another thread can set to stop this VM at its next safepoint.
    pub fn interrupt_handle(&self) -> Arc<AtomicBool> {
        Arc::new(AtomicBool::new(false))
    }
}
