//! Command-line arguments.

use std::path::PathBuf;

/// The usage text printed for `--help` and after argument errors.
pub const USAGE: &str =
    "usage: test262-runner --suite DIR [--filter GLOB]... [--threads N] [--timeout-ms N]
                      [--json FILE] [--baseline FILE] [--update-baseline] [--parse-only]
                      [--report DIR] [--previous FILE] [--exclusions FILE] [--gc-stress]
                      [--lockdown | --compartment] [--verbose]

  --suite DIR         a test262 checkout holding test/ and harness/
  --filter GLOB       run only tests whose path relative to DIR matches (repeatable; *, ?, **)
  --threads N         worker threads (default: the number of cores)
  --timeout-ms N      per-run deadline in milliseconds (default: 5000)
  --json FILE         write one record per test run
  --baseline FILE     fail (exit 1) when a run listed in FILE no longer passes
  --update-baseline   rewrite the --baseline FILE with this run's passing runs
  --parse-only        only parse (with early errors); negative parse tests must be rejected
  --report DIR        write DIR/README.md and an SVG chart per top-level directory
  --previous FILE     a previous --json file; the report shows the change since then
  --exclusions FILE   the exclusion file (default: the crate's exclusions.toml)
  --gc-stress         run the VM with gc_stress
  --lockdown          run the harness, then lockdown(), then the test
  --compartment       lockdown(), then the harness and the test inside a fresh Compartment
  --verbose           list every run that did not pass, with its message";

/// Parsed command-line options.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    pub suite: PathBuf,
    pub filters: Vec<String>,
    pub threads: Option<usize>,
    pub timeout_ms: u64,
    pub json: Option<PathBuf>,
    pub baseline: Option<PathBuf>,
    pub update_baseline: bool,
    pub parse_only: bool,
    pub report: Option<PathBuf>,
    pub previous: Option<PathBuf>,
    pub exclusions: Option<PathBuf>,
    pub gc_stress: bool,
    /// `--lockdown` / `--compartment`.
    pub lockdown: bool,
    pub compartment: bool,
    pub verbose: bool,
}

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Run(Options),
    Help,
}

/// Parses the arguments after the program name.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut options = Options {
        timeout_ms: 5000,
        ..Options::default()
    };
    let mut suite = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--help" | "-h" => return Ok(Command::Help),
            "--suite" => suite = Some(PathBuf::from(value("--suite")?)),
            "--filter" => options.filters.push(value("--filter")?),
            "--threads" => options.threads = Some(number(&value("--threads")?, "--threads")?),
            "--timeout-ms" => options.timeout_ms = number(&value("--timeout-ms")?, "--timeout-ms")?,
            "--json" => options.json = Some(value("--json")?.into()),
            "--baseline" => options.baseline = Some(value("--baseline")?.into()),
            "--report" => options.report = Some(value("--report")?.into()),
            "--previous" => options.previous = Some(value("--previous")?.into()),
            "--exclusions" => options.exclusions = Some(value("--exclusions")?.into()),
            "--update-baseline" => options.update_baseline = true,
            "--parse-only" => options.parse_only = true,
            "--gc-stress" => options.gc_stress = true,
            "--lockdown" => options.lockdown = true,
            "--compartment" => options.compartment = true,
            "--verbose" | "-v" => options.verbose = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    options.suite = suite.ok_or("--suite DIR is required")?;
    if options.update_baseline && options.baseline.is_none() {
        return Err("--update-baseline needs --baseline FILE (the file to write)".into());
    }
    if options.threads == Some(0) || options.timeout_ms == 0 {
        return Err("--threads and --timeout-ms must be positive".into());
    }
    Ok(Command::Run(options))
}

fn number<T: std::str::FromStr>(text: &str, name: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{name} expects a number, got {text}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn parses_every_option() {
        let Command::Run(o) = parse(&[
            "--suite",
            "s",
            "--filter",
            "a/**",
            "--filter",
            "b",
            "--threads",
            "3",
            "--timeout-ms",
            "100",
            "--json",
            "j",
            "--baseline",
            "b.txt",
            "--update-baseline",
            "--parse-only",
            "--report",
            "r",
            "--previous",
            "p",
            "--gc-stress",
            "--verbose",
        ])
        .unwrap() else {
            panic!("expected a run")
        };
        assert_eq!(o.suite, PathBuf::from("s"));
        assert_eq!(o.filters, ["a/**", "b"]);
        assert_eq!((o.threads, o.timeout_ms), (Some(3), 100));
        assert!(o.update_baseline && o.parse_only && o.gc_stress && o.verbose);
        assert_eq!(parse(&["--help"]), Ok(Command::Help));
    }

    #[test]
    fn rejects_bad_arguments() {
        assert!(parse(&[]).is_err());
        assert!(parse(&["--suite", "s", "--bogus"]).is_err());
        assert!(parse(&["--suite", "s", "--threads", "x"]).is_err());
        assert!(parse(&["--suite", "s", "--update-baseline"]).is_err());
        assert!(parse(&["--suite"]).is_err());
    }
}
