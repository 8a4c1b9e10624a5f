//! The boundary between the runner and a JavaScript engine.
//!
//! The runner's logic (enumeration, expectations, timeouts, panics, reporting) only talks to the
//! [`Engine`] trait, so it can be tested with a fake engine; [`crate::amber`] implements it for
//! Amber's VM.

use std::path::Path;
use std::time::Instant;

pub use amber_vm::ScriptError;

/// How the test's source text is interpreted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// Global code; `strict` says whether this is the strict-mode run.
    Script { strict: bool },
    /// Module code.
    Module,
}

/// Where an error came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Evaluating the named harness file (always a test failure).
    Harness(String),
    /// Parsing the test or checking it for early errors.
    Parse,
    /// Resolving or linking the test's module graph (including a dependency's syntax error).
    Resolution,
    /// Evaluating the test, including promise jobs run after it.
    Runtime,
}

/// An error together with the stage that produced it.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub stage: Stage,
    pub error: ScriptError,
}

/// Everything an engine needs to execute one test run in a fresh realm.
pub struct Request<'a, S> {
    /// Harness scripts (name and compiled form) to evaluate first, in order.
    pub harness: Vec<(&'a str, &'a S)>,
    /// The test's source, already modified as INTERPRETING.md requires (`"use strict";`).
    pub source: &'a str,
    /// The test file's path on disk; module imports are resolved relative to it.
    pub path: &'a Path,
    pub goal: Goal,
    /// JavaScript must stop with [`ScriptError::Interrupted`] once this passes.
    pub deadline: Instant,
    /// The main agent's [[CanBlock]]: false for `CanBlockIsFalse` tests (INTERPRETING.md), whose
    /// main agent must not block (`Atomics.wait` throws), true otherwise.
    pub can_block: bool,
}

/// What happened when a test run was executed.
#[derive(Clone, Debug, PartialEq)]
pub struct Execution {
    /// `Ok` if the harness, the test and the pending jobs all completed normally.
    pub result: Result<(), Failure>,
    /// Everything the test printed with `print`.
    pub output: String,
}

/// A JavaScript engine under test.
pub trait Engine: Send + Sync + 'static {
    /// A harness file compiled once and shared by every worker thread.
    type Script: Send + Sync + 'static;

    /// Compiles a harness file.
    fn compile_harness(&self, source: &str, path: &Path) -> Result<Self::Script, ScriptError>;

    /// Executes one test run in a fresh realm with the host-defined `print` and `$262`, running
    /// promise jobs after the test.
    fn execute(&self, request: &Request<'_, Self::Script>) -> Execution;

    /// Only parses `source` (with early errors) for `--parse-only`; `Err` holds the message.
    fn parse(&self, source: &str, goal: Goal) -> Result<(), String>;
}
