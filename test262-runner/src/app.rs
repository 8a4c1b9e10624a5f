//! The runner's program logic, independent of the engine so tests can drive it end to end.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::baseline;
use crate::cli::Options;
use crate::engine::Engine;
use crate::exclusions::Exclusions;
use crate::json;
use crate::report::{self, Summary};
use crate::runner::{self, Outcome, RunConfig, RunRecord};
use crate::suite::{Selection, Suite};

/// The exclusion file committed with the crate, used unless `--exclusions` names another.
pub const DEFAULT_EXCLUSIONS: &str = include_str!("../exclusions.toml");

/// The exit status when a baseline run regressed.
pub const EXIT_REGRESSION: i32 = 1;

/// Runs the suite as `options` say, writing the console report to `out`. Returns the process
/// exit status (0, or [`EXIT_REGRESSION`]); `Err` is a usage or I/O problem.
pub fn run<E: Engine>(engine: E, options: &Options, out: &mut dyn Write) -> Result<i32, String> {
    let started = Instant::now();
    let exclusions = load_exclusions(options.exclusions.as_deref())?;
    let selection = Selection::new(&options.filters);
    let suite = Arc::new(Suite::discover(&options.suite, &selection, &exclusions)?);
    let threads = options.threads.unwrap_or_else(default_threads);
    let config = RunConfig {
        threads,
        timeout: Duration::from_millis(options.timeout_ms),
        watchdog_grace: Duration::from_secs(10),
        parse_only: options.parse_only,
    };
    let records = runner::run_suite(Arc::new(engine), Arc::clone(&suite), &config, progress());
    let summary = Summary::new(records.iter().map(|r| (r.path.as_str(), r.outcome.name())));
    let text = |e: std::io::Error| e.to_string();
    if options.verbose {
        write_failures(&records, out).map_err(text)?;
    }
    write!(out, "{}", report::table(&summary)).map_err(text)?;
    write_outputs(options, &records, &summary)?;
    let status = check_baseline(options, &records, &selection, out)?;
    writeln!(
        out,
        "{} runs of {} tests on {threads} threads in {:.1}s",
        records.len(),
        suite.tests.len(),
        started.elapsed().as_secs_f64()
    )
    .map_err(text)?;
    writeln!(out, "{}", report::last_line(&summary.total)).map_err(text)?;
    Ok(status)
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn load_exclusions(path: Option<&Path>) -> Result<Exclusions, String> {
    let text = match path {
        Some(path) => {
            fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?
        }
        None => DEFAULT_EXCLUSIONS.to_string(),
    };
    Exclusions::parse(&text)
}

/// Prints a progress line to stderr about every ten seconds.
fn progress() -> impl FnMut(usize, usize) {
    let mut last = Instant::now();
    move |done, count| {
        if last.elapsed() >= Duration::from_secs(10) {
            eprintln!("test262: {done}/{count} runs done");
            last = Instant::now();
        }
    }
}

/// `--verbose`: every run that did not pass or was excluded, with its message.
fn write_failures(records: &[RunRecord], out: &mut dyn Write) -> std::io::Result<()> {
    for record in records {
        let label = match &record.outcome {
            Outcome::Passed | Outcome::Excluded(_) => continue,
            Outcome::Failed(_) => "FAIL",
            Outcome::Timeout(_) => "TIMEOUT",
            Outcome::Panic(_) => "PANIC",
        };
        let message = record.outcome.message().unwrap_or_default();
        writeln!(
            out,
            "{label} {} [{}]: {message}",
            record.path,
            record.mode.name()
        )?;
    }
    Ok(())
}

/// Writes `--json` and `--report`.
fn write_outputs(
    options: &Options,
    records: &[RunRecord],
    summary: &Summary,
) -> Result<(), String> {
    if let Some(path) = &options.json {
        fs::write(path, json::write_records(records))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    if let Some(dir) = &options.report {
        let previous = match &options.previous {
            Some(path) => Some(read_previous(path)?),
            None => None,
        };
        report::write_report(dir, summary, previous.as_ref())?;
    }
    Ok(())
}

fn read_previous(path: &Path) -> Result<Summary, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let records = json::read_records(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Summary::new(
        records
            .iter()
            .map(|r| (r.path.as_str(), r.outcome.as_str())),
    ))
}

/// `--baseline`: reports regressions (exit status 1) or rewrites the file with
/// `--update-baseline`.
fn check_baseline(
    options: &Options,
    records: &[RunRecord],
    selection: &Selection,
    out: &mut dyn Write,
) -> Result<i32, String> {
    let Some(path) = &options.baseline else {
        return Ok(0);
    };
    let old: BTreeSet<String> = match fs::read_to_string(path) {
        Ok(text) => baseline::parse(&text),
        Err(_) if options.update_baseline => BTreeSet::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let text = |e: std::io::Error| e.to_string();
    if options.update_baseline {
        let new = baseline::updated(&old, records, selection);
        fs::write(path, &new).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        writeln!(
            out,
            "baseline {} updated: {} passing runs",
            path.display(),
            new.lines().count()
        )
        .map_err(text)?;
        return Ok(0);
    }
    let comparison = baseline::compare(&old, records, selection);
    if comparison.newly_passing > 0 {
        writeln!(
            out,
            "newly passing: {} (run --update-baseline)",
            comparison.newly_passing
        )
        .map_err(text)?;
    }
    if comparison.regressions.is_empty() {
        return Ok(0);
    }
    writeln!(
        out,
        "REGRESSIONS: {} baseline runs no longer pass:",
        comparison.regressions.len()
    )
    .map_err(text)?;
    for entry in &comparison.regressions {
        writeln!(out, "  {entry}").map_err(text)?;
    }
    Ok(EXIT_REGRESSION)
}
