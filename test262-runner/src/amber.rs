//! The [`Engine`] implementation for Amber's VM.

use std::path::Path;
use std::sync::Arc;

use amber_parser::ParseOptions;
use amber_vm::{CompiledScript, RealmId, Vm, VmOptions};

use crate::engine::{Engine, Execution, Failure, Goal, Request, ScriptError, Stage};

/// Runs tests on Amber, one fresh [`Vm`] (and so one fresh realm) per test run.
#[derive(Clone, Debug, Default)]
pub struct AmberEngine {
    /// Passed to [`VmOptions::gc_stress`].
    pub gc_stress: bool,
    /// Passed to [`VmOptions::max_heap`].
    pub max_heap: Option<usize>,
}

impl Engine for AmberEngine {
    type Script = Arc<CompiledScript>;

    fn compile_harness(&self, source: &str, path: &Path) -> Result<Self::Script, ScriptError> {
        Vm::compile_script(source, &path.to_string_lossy(), false)
    }

    fn execute(&self, request: &Request<'_, Self::Script>) -> Execution {
        let mut vm = Vm::new(VmOptions {
            gc_stress: self.gc_stress,
            max_heap: self.max_heap,
            capture_output: true,
            extensions: amber_realms::extensions(),
            ..VmOptions::default()
        });
        let realm = vm.main_realm();
        vm.install_test262_host(realm);
        vm.set_deadline(Some(request.deadline));
        let result = run_request(&mut vm, realm, request);
        Execution {
            result,
            output: vm.take_output(),
        }
    }

    fn parse(&self, source: &str, goal: Goal) -> Result<(), String> {
        let result = match goal {
            Goal::Script { strict } => {
                let options = ParseOptions {
                    strict,
                    ..ParseOptions::default()
                };
                amber_parser::parse_script(source, &options).map(drop)
            }
            Goal::Module => amber_parser::parse_module(source).map(drop),
        };
        result.map_err(|error| {
            let (line, column) = error.line_col(source);
            format!("{line}:{column}: SyntaxError: {}", error.message)
        })
    }
}

/// Evaluates the harness, then the test, then the pending jobs.
fn run_request(
    vm: &mut Vm,
    realm: RealmId,
    request: &Request<'_, Arc<CompiledScript>>,
) -> Result<(), Failure> {
    for (name, script) in &request.harness {
        vm.run_script(realm, script)
            .map_err(|error| failure(Stage::Harness(name.to_string()), error))?;
    }
    let path_text = request.path.to_string_lossy();
    match request.goal {
        Goal::Script { strict } => {
            let script = Vm::compile_script(request.source, &path_text, strict)
                .map_err(|error| failure(Stage::Parse, error))?;
            vm.run_script(realm, &script)
                .map_err(|error| failure(Stage::Runtime, error))?;
        }
        Goal::Module => {
            vm.eval_module(realm, request.source, request.path)
                .map_err(|error| module_failure(request.source, error))?;
        }
    }
    vm.run_jobs()
        .map_err(|error| failure(Stage::Runtime, error))
}

fn failure(stage: Stage, error: ScriptError) -> Failure {
    Failure { stage, error }
}

/// Attributes an error from `eval_module` to a stage. A syntax error belongs to the parse phase
/// when the test's own source fails to parse; otherwise it came from a dependency, which
/// test262 counts as the resolution phase.
fn module_failure(source: &str, error: ScriptError) -> Failure {
    let stage = match &error {
        ScriptError::Syntax { .. } if amber_parser::parse_module(source).is_ok() => {
            Stage::Resolution
        }
        ScriptError::Syntax { .. } => Stage::Parse,
        ScriptError::Resolution { .. } => Stage::Resolution,
        _ => Stage::Runtime,
    };
    failure(stage, error)
}
