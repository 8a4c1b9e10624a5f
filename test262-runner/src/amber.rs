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
    /// and `$262`. A module test: the harness evaluated in the Compartment, its declarations
    /// copied onto the Compartment's global, and the test imported by the Compartment, whose
    /// `importNowHook` reads module files through the runner's host function.
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
            cannot_block: !request.can_block,
            extensions: {
                let mut e = amber_realms::extensions();
                e.push(&RUNNER_HOST);
                e
            },
            ..VmOptions::default()
        });
        let realm = vm.main_realm();
        vm.install_test262_host(realm);
        if self.mode == Mode::Compartment {
            let id = vm.extension_native(&RUNNER_HOST, RunnerNative::ReadModule as u32);
            vm.define_global_function(realm, "$readModule", id, 1);
        }
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
        return run_module_in_compartment(vm, realm, request);
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

amber_vm::extension_natives! {
    enum RunnerNative {
        ReadModule => read_module,
    }
}

/// The runner's host function for compartment mode: `$readModule(path)` gives the text of a
/// module file (the Compartment's `importNowHook` calls it; compartments never read files).
static RUNNER_HOST: amber_vm::Extension = amber_vm::Extension {
    name: "test262-runner.host",
    natives: RunnerNative::TABLE,
    realm_slots: &[],
    init_realm: |_| {},
    ensure_can_compile_strings: None,
    import_in_compartment: None,
    finalize_import_meta: None,
    hides_error_stacks: None,
};

fn read_module(vm: &mut Vm, args: amber_vm::Args) -> amber_vm::JsResult {
    let path = amber_vm::ops::to_rust_string(vm, args.get(vm, 0))?;
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(vm.string_from(&text)),
        Err(e) => Err(vm.throw_error(
            amber_vm::ErrorKind::Error,
            format!("Cannot load module '{path}': {e}"),
        )),
    }
}

/// The names a harness file declares at its top level (`function`, `var`, `let`, `const`,
/// `class` at the start of a line), which compartment mode copies onto the global.
fn harness_names(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in source.lines() {
        let rest = [
            "async function ",
            "function ",
            "var ",
            "let ",
            "const ",
            "class ",
        ]
        .iter()
        .find_map(|k| line.strip_prefix(k));
        let Some(rest) = rest else { continue };
        let rest = rest.trim_start_matches('*').trim_start();
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
            .collect();
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Compartment mode for a module test: `lockdown()`; a Compartment whose `importNowHook`
/// reads files; the harness evaluated in it with its declarations copied onto its global;
/// `compartment.module(test)` (loading and linking: the resolution phase); then
/// `compartment.import(test)` and the jobs (evaluation: the runtime phase).
fn run_module_in_compartment(
    vm: &mut Vm,
    realm: RealmId,
    request: &Request<'_, Harness>,
) -> Result<(), Failure> {
    if let Err(e) = amber_parser::parse_module(request.source) {
        let (line, column) = e.line_col(request.source);
        return Err(failure(
            Stage::Parse,
            ScriptError::Syntax {
                message: e.message,
                line,
                column,
            },
        ));
    }
    let path_text = request.path.to_string_lossy();
    let mut harness = String::new();
    let mut names = Vec::new();
    for (_, script) in &request.harness {
        harness.push_str(&script.source);
        harness.push_str("\n;\n");
        for n in harness_names(&script.source) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    harness.push_str(&format!("({{ {} }})", names.join(", ")));
    let setup = format!(
        "lockdown();\n\
         var __c = new Compartment({{ globals: {{ print, $262 }}, importNowHook: (s) => ({{ source: $readModule(s) }}) }});\n\
         Object.assign(__c.globalThis, __c.evaluate({}));",
        js_string(&harness)
    );
    vm.exec_script(realm, &setup, "<compartment setup>")
        .map_err(|error| failure(Stage::Harness("compartment setup".into()), error))?;
    let specifier = js_string(&path_text);
    vm.exec_script(realm, &format!("__c.module({specifier});"), &path_text)
        .map_err(|error| {
            let error = match error {
                ScriptError::Uncaught { name, message } => {
                    ScriptError::Resolution { name, message }
                }
                e => e,
            };
            failure(Stage::Resolution, error)
        })?;
    let run = format!(
        "var __r = {{}}; __c.import({specifier}).then(() => {{ __r.ok = true; }}, (e) => {{ __r.e = e; }});"
    );
    vm.exec_script(realm, &run, &path_text)
        .map_err(|error| failure(Stage::Runtime, error))?;
    vm.run_jobs()
        .map_err(|error| failure(Stage::Runtime, error))?;
    vm.exec_script(realm, "if ('e' in __r) throw __r.e;", &path_text)
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
