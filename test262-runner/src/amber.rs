//! The [`Engine`] implementation for Amber's VM.

use std::path::Path;
use std::sync::Arc;

use amber_parser::ParseOptions;
use amber_vm::{CompiledScript, RealmId, Vm, VmOptions};

use crate::engine::{Engine, Execution, Failure, Goal, Request, ScriptError, Stage};

/// How a test runs (what XS's `xst`, `xst -l` and `xst -lc` do).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// The harness, then the test, in a fresh realm.
    #[default]
    Normal,
    /// The harness, then `lockdown()`, then the test.
    Lockdown,
    /// `lockdown()`, then the harness and the test evaluated together (one strict
    /// `Compartment.prototype.evaluate`) inside a fresh Compartment whose globals are `print`
    /// and `$262`. Module tests cannot run there yet (compartments have no module loading).
    Compartment,
}

/// Runs tests on Amber, one fresh [`Vm`] (and so one fresh realm) per test run.
#[derive(Clone, Debug, Default)]
pub struct AmberEngine {
    /// Passed to [`VmOptions::gc_stress`].
    pub gc_stress: bool,
    /// Passed to [`VmOptions::max_heap`].
    pub max_heap: Option<usize>,
    pub mode: Mode,
}

/// A harness file: compiled once, and its text (compartment mode evaluates the text).
#[derive(Debug)]
pub struct Harness {
    compiled: Arc<CompiledScript>,
    source: String,
}

impl Engine for AmberEngine {
    type Script = Harness;

    fn compile_harness(&self, source: &str, path: &Path) -> Result<Self::Script, ScriptError> {
        Ok(Harness {
            compiled: Vm::compile_script(source, &path.to_string_lossy(), false)?,
            source: source.to_string(),
        })
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
        let result = match self.mode {
            Mode::Compartment => run_in_compartment(&mut vm, realm, request),
            mode => run_request(&mut vm, realm, request, mode == Mode::Lockdown),
        };
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

/// Evaluates the harness, then (in lockdown mode) `lockdown()`, then the test, then the
/// pending jobs.
fn run_request(
    vm: &mut Vm,
    realm: RealmId,
    request: &Request<'_, Harness>,
    lockdown: bool,
) -> Result<(), Failure> {
    for (name, script) in &request.harness {
        vm.exec_compiled(realm, &script.compiled)
            .map_err(|error| failure(Stage::Harness(name.to_string()), error))?;
    }
    if lockdown {
        vm.eval_script(realm, "lockdown()", "<lockdown>")
            .map_err(|error| failure(Stage::Harness("lockdown()".into()), error))?;
    }
    let path_text = request.path.to_string_lossy();
    match request.goal {
        Goal::Script { strict } => {
            let script = Vm::compile_script(request.source, &path_text, strict)
                .map_err(|error| failure(Stage::Parse, error))?;
            vm.exec_compiled(realm, &script)
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

/// Compartment mode: `lockdown()`, then the harness and the test as one strict evaluation in a
/// fresh Compartment (its globals: `print` and `$262`), then the pending jobs. The test is
/// parsed on its own first, so a syntax error is still a parse-phase error.
fn run_in_compartment(
    vm: &mut Vm,
    realm: RealmId,
    request: &Request<'_, Harness>,
) -> Result<(), Failure> {
    let Goal::Script { .. } = request.goal else {
        return Err(failure(
            Stage::Runtime,
            ScriptError::Uncaught {
                name: "Unsupported".into(),
                message: "compartment mode: compartments cannot load modules yet".into(),
            },
        ));
    };
    let path_text = request.path.to_string_lossy();
    Vm::compile_script(request.source, &path_text, true).map_err(|e| failure(Stage::Parse, e))?;
    vm.eval_script(realm, "lockdown()", "<lockdown>")
        .map_err(|error| failure(Stage::Harness("lockdown()".into()), error))?;
    let mut source = String::new();
    for (_, script) in &request.harness {
        source.push_str(&script.source);
        source.push_str("\n;\n");
    }
    source.push_str(request.source);
    let run = format!(
        "new Compartment({{ globals: {{ print, $262 }} }}).evaluate({})",
        js_string(&source)
    );
    vm.exec_script(realm, &run, &path_text)
        .map_err(|error| failure(Stage::Runtime, error))?;
    vm.run_jobs()
        .map_err(|error| failure(Stage::Runtime, error))
}

/// A JavaScript string literal for `s`.
fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
