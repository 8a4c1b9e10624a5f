//! Executing test runs and judging their results by INTERPRETING.md's rules.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::engine::{Engine, Execution, Goal, Request, ScriptError, Stage};
use crate::frontmatter::{Metadata, Negative, Phase};
use crate::panics;
use crate::pool;
use crate::suite::{read_source, Mode, Suite, TestRun};

/// The result category of one test run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    /// The test failed; the message says why.
    Failed(String),
    /// The run hit its deadline or was abandoned by the watchdog.
    Timeout(String),
    /// The engine panicked (always a bug); the message is the panic's.
    Panic(String),
    /// The exclusion file excludes the test; the message is the reason.
    Excluded(String),
}

impl Outcome {
    /// The name used in JSON output.
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed(_) => "failed",
            Outcome::Timeout(_) => "timeout",
            Outcome::Panic(_) => "panic",
            Outcome::Excluded(_) => "excluded",
        }
    }

    /// The explanation, if any.
    pub fn message(&self) -> Option<&str> {
        match self {
            Outcome::Passed => None,
            Outcome::Failed(m) | Outcome::Timeout(m) | Outcome::Panic(m) | Outcome::Excluded(m) => {
                Some(m)
            }
        }
    }
}

/// The result of one test run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunRecord {
    /// The test's path relative to the suite directory.
    pub path: String,
    pub mode: Mode,
    pub outcome: Outcome,
}

/// How the suite is run.
#[derive(Clone, Debug)]
pub struct RunConfig {
    pub threads: usize,
    /// The per-run deadline given to the engine.
    pub timeout: Duration,
    /// Extra time beyond twice the timeout before the watchdog abandons a worker.
    pub watchdog_grace: Duration,
    /// Only parse the tests (`--parse-only`).
    pub parse_only: bool,
}

impl RunConfig {
    /// How long a run may take before the watchdog gives up on it.
    pub fn hard_limit(&self) -> Duration {
        self.timeout * 2 + self.watchdog_grace
    }
}

/// Harness files compiled once, by name (`assert.js`, `sm/non262.js`, ...).
type HarnessMap<S> = HashMap<String, Result<S, String>>;

/// Everything a worker needs, shared between threads.
struct Context<E: Engine> {
    engine: Arc<E>,
    suite: Arc<Suite>,
    harness: HarnessMap<E::Script>,
    config: RunConfig,
}

/// Runs every test run of `suite` and returns one record per run, in suite order.
pub fn run_suite<E: Engine>(
    engine: Arc<E>,
    suite: Arc<Suite>,
    config: &RunConfig,
    progress: impl FnMut(usize, usize),
) -> Vec<RunRecord> {
    let harness = if config.parse_only {
        HashMap::new()
    } else {
        compile_harness(&engine, &suite, config)
    };
    let context = Arc::new(Context {
        engine,
        suite: Arc::clone(&suite),
        harness,
        config: config.clone(),
    });
    let job: pool::Job<Outcome> = Arc::new(move |index| run_one(&context, index));
    let hard_limit = config.hard_limit();
    let overrun = |_| {
        Outcome::Timeout(format!(
            "the watchdog abandoned the run after {} ms",
            hard_limit.as_millis()
        ))
    };
    let outcomes = pool::run(
        suite.runs.len(),
        config.threads,
        hard_limit,
        job,
        overrun,
        progress,
    );
    suite
        .runs
        .iter()
        .zip(outcomes)
        .map(|(run, outcome)| RunRecord {
            path: suite.tests[run.test].path.clone(),
            mode: run.mode,
            outcome,
        })
        .collect()
}

/// The harness files a test evaluates before its own code, in order.
fn harness_names(meta: &Metadata) -> Vec<&str> {
    if meta.has_flag("raw") {
        return Vec::new();
    }
    let mut names = vec!["assert.js", "sta.js"];
    if meta.has_flag("async") {
        names.push("doneprintHandle.js");
    }
    names.extend(meta.includes.iter().map(String::as_str));
    names
}

/// Compiles every harness file that a non-excluded test needs, once. Compilation runs on the
/// worker pool too, so the watchdog also covers a compiler that hangs.
fn compile_harness<E: Engine>(
    engine: &Arc<E>,
    suite: &Suite,
    config: &RunConfig,
) -> HarnessMap<E::Script> {
    let needed: BTreeSet<&str> = suite
        .tests
        .iter()
        .filter(|case| case.excluded.is_none())
        .flat_map(|case| harness_names(&case.meta))
        .collect();
    let names: Arc<Vec<String>> = Arc::new(needed.into_iter().map(String::from).collect());
    let (job_engine, job_names) = (Arc::clone(engine), Arc::clone(&names));
    let harness_dir = suite.root.join("harness");
    let job: pool::Job<Result<E::Script, String>> =
        Arc::new(move |index| compile_one(&*job_engine, &harness_dir, &job_names[index]));
    let overrun = |index: usize| Err(format!("compiling harness file {} hung", names[index]));
    let compiled = pool::run(
        names.len(),
        config.threads,
        config.hard_limit(),
        job,
        overrun,
        |_, _| {},
    );
    names.iter().cloned().zip(compiled).collect()
}

/// Reads and compiles one harness file.
fn compile_one<E: Engine>(engine: &E, dir: &Path, name: &str) -> Result<E::Script, String> {
    let path = dir.join(name);
    let source = read_source(&path)?;
    match panics::catch(|| engine.compile_harness(&source, &path)) {
        Ok(Ok(script)) => Ok(script),
        Ok(Err(error)) => Err(format!("harness file {name} failed to compile: {error}")),
        Err(panic) => Err(format!(
            "panic while compiling harness file {name}: {panic}"
        )),
    }
}

/// Runs the test run at `index` and judges it.
fn run_one<E: Engine>(context: &Context<E>, index: usize) -> Outcome {
    let run: TestRun = context.suite.runs[index];
    let case = &context.suite.tests[run.test];
    if let Some(reason) = &case.excluded {
        return Outcome::Excluded(reason.clone());
    }
    if let Some(error) = &case.meta_error {
        return Outcome::Failed(format!("unreadable frontmatter: {error}"));
    }
    let path = context.suite.file_path(case);
    let source = match read_source(&path) {
        Ok(source) => source,
        Err(error) => return Outcome::Failed(error),
    };
    if context.config.parse_only {
        return parse_one(&*context.engine, &case.meta, &source, run.mode);
    }
    let mut harness = Vec::new();
    for name in harness_names(&case.meta) {
        match context.harness.get(name) {
            Some(Ok(script)) => harness.push((name, script)),
            Some(Err(error)) => return Outcome::Failed(error.clone()),
            None => return Outcome::Failed(format!("harness file {name} is missing")),
        }
    }
    let source = match run.mode {
        Mode::Strict => format!("\"use strict\";\n{source}"),
        Mode::Sloppy | Mode::Module => source,
    };
    let request = Request {
        harness,
        source: &source,
        path: &path,
        goal: goal_for(run.mode),
        deadline: Instant::now() + context.config.timeout,
        can_block: !case.meta.has_flag("CanBlockIsFalse"),
    };
    match panics::catch(|| context.engine.execute(&request)) {
        Ok(execution) => judge(&case.meta, &execution),
        Err(message) => Outcome::Panic(message),
    }
}

/// The goal for a mode. For execution the strict run's source also starts with the directive.
fn goal_for(mode: Mode) -> Goal {
    match mode {
        Mode::Module => Goal::Module,
        Mode::Strict => Goal::Script { strict: true },
        Mode::Sloppy => Goal::Script { strict: false },
    }
}

/// `--parse-only`: negative parse tests must be rejected, every other test must parse. Strict
/// runs use the parser's strict option instead of a prepended directive.
fn parse_one<E: Engine>(engine: &E, meta: &Metadata, source: &str, mode: Mode) -> Outcome {
    let result = match panics::catch(|| engine.parse(source, goal_for(mode))) {
        Ok(result) => result,
        Err(message) => return Outcome::Panic(message),
    };
    let expects_error = meta
        .negative
        .as_ref()
        .is_some_and(|n| n.phase == Phase::Parse);
    match (expects_error, result) {
        (true, Err(_)) | (false, Ok(())) => Outcome::Passed,
        (true, Ok(())) => {
            Outcome::Failed("parsed, but a parse-phase SyntaxError was expected".into())
        }
        (false, Err(message)) => Outcome::Failed(message),
    }
}

/// Decides a run's outcome from what the engine reported.
pub fn judge(meta: &Metadata, execution: &Execution) -> Outcome {
    if let Err(failure) = &execution.result {
        if failure.error == ScriptError::Interrupted {
            return Outcome::Timeout("the run passed its deadline".into());
        }
        if let Stage::Harness(name) = &failure.stage {
            return Outcome::Failed(format!("harness file {name}: {}", failure.error));
        }
    }
    if let Some(negative) = &meta.negative {
        return judge_negative(negative, execution);
    }
    if let Err(failure) = &execution.result {
        return Outcome::Failed(failure.error.to_string());
    }
    if meta.has_flag("async") {
        return judge_async(&execution.output);
    }
    Outcome::Passed
}

/// A negative test passes only with an error of the expected name in the expected phase.
fn judge_negative(negative: &Negative, execution: &Execution) -> Outcome {
    let expected = format!("{} {}", negative.phase.name(), negative.error_type);
    let Err(failure) = &execution.result else {
        return Outcome::Failed(format!(
            "expected a {expected} error, but the test completed"
        ));
    };
    let actual = match (&failure.stage, &failure.error) {
        (Stage::Parse, ScriptError::Syntax { .. }) => Some((Phase::Parse, "SyntaxError")),
        (Stage::Resolution, ScriptError::Syntax { .. }) => Some((Phase::Resolution, "SyntaxError")),
        (Stage::Resolution, ScriptError::Resolution { name, .. }) => {
            Some((Phase::Resolution, name.as_str()))
        }
        (Stage::Runtime, ScriptError::Uncaught { name, .. }) => {
            Some((Phase::Runtime, name.as_str()))
        }
        _ => None,
    };
    match actual {
        Some((phase, name)) if phase == negative.phase && name == negative.error_type => {
            Outcome::Passed
        }
        Some((phase, name)) => Outcome::Failed(format!(
            "expected a {expected} error, got a {} {name} error: {}",
            phase.name(),
            failure.error
        )),
        None => Outcome::Failed(format!(
            "expected a {expected} error, got: {}",
            failure.error
        )),
    }
}

/// An async test passes when it printed the completion marker and no failure marker.
fn judge_async(output: &str) -> Outcome {
    if let Some(line) = output
        .lines()
        .find(|line| line.contains("Test262:AsyncTestFailure"))
    {
        return Outcome::Failed(line.to_string());
    }
    if output.contains("Test262:AsyncTestComplete") {
        Outcome::Passed
    } else {
        Outcome::Failed("the async test never printed Test262:AsyncTestComplete".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Failure;
    use crate::frontmatter::parse_metadata;

    fn failing(stage: Stage, error: ScriptError) -> Execution {
        Execution {
            result: Err(Failure { stage, error }),
            output: String::new(),
        }
    }

    fn syntax() -> ScriptError {
        ScriptError::Syntax {
            message: "m".into(),
            line: 1,
            column: 1,
        }
    }

    #[test]
    fn resolution_phase_accepts_resolution_errors_and_dependency_syntax_errors() {
        let meta = parse_metadata(
            "/*---\nnegative:\n  phase: resolution\n  type: SyntaxError\nflags: [module]\n---*/",
        )
        .unwrap();
        let resolution = ScriptError::Resolution {
            name: "SyntaxError".into(),
            message: "m".into(),
        };
        let judged = |stage, error| judge(&meta, &failing(stage, error));
        assert_eq!(judged(Stage::Resolution, resolution), Outcome::Passed);
        assert_eq!(judged(Stage::Resolution, syntax()), Outcome::Passed);
        assert!(matches!(judged(Stage::Parse, syntax()), Outcome::Failed(_)));
        let reference = ScriptError::Resolution {
            name: "ReferenceError".into(),
            message: "m".into(),
        };
        assert!(matches!(
            judged(Stage::Resolution, reference),
            Outcome::Failed(_)
        ));
    }

    #[test]
    fn harness_errors_and_interrupts() {
        let meta =
            parse_metadata("/*---\nnegative:\n  phase: parse\n  type: SyntaxError\n---*/").unwrap();
        let harness = failing(Stage::Harness("assert.js".into()), syntax());
        assert!(matches!(judge(&meta, &harness), Outcome::Failed(m) if m.contains("assert.js")));
        let interrupted = failing(Stage::Runtime, ScriptError::Interrupted);
        assert!(matches!(judge(&meta, &interrupted), Outcome::Timeout(_)));
        let oom = failing(Stage::Runtime, ScriptError::OutOfMemory);
        assert!(matches!(
            judge(&Metadata::default(), &oom),
            Outcome::Failed(_)
        ));
    }
}
