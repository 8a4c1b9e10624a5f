//! Command-line arguments, parsed by clap.

use std::path::PathBuf;

use clap::Parser;

/// Parsed command-line options.
#[derive(Clone, Debug, Default, PartialEq, Parser)]
#[command(
    name = "test262-runner",
    version,
    about = "Runs the test262 conformance suite against Amber"
)]
pub struct Options {
    /// A test262 checkout holding test/ and harness/
    #[arg(long, value_name = "DIR")]
    pub suite: PathBuf,
    /// Run only tests whose path relative to DIR matches (repeatable; *, ?, **)
    #[arg(long = "filter", value_name = "GLOB")]
    pub filters: Vec<String>,
    /// Worker threads (default: the number of cores)
    #[arg(long, value_name = "N", value_parser = positive::<usize>)]
    pub threads: Option<usize>,
    /// Per-run deadline in milliseconds
    #[arg(long, value_name = "N", default_value_t = 5000, value_parser = positive::<u64>)]
    pub timeout_ms: u64,
    /// Write one JSON record per test run
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Fail (exit 1) when a run listed in FILE no longer passes
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Rewrite the --baseline FILE with this run's passing runs
    #[arg(long, requires = "baseline")]
    pub update_baseline: bool,
    /// Only parse (with early errors); negative parse tests must be rejected
    #[arg(long)]
    pub parse_only: bool,
    /// Write DIR/README.md and an SVG chart per top-level directory
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// A previous --json file; the report shows the change since then
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// The exclusion file (default: the crate's exclusions.toml)
    #[arg(long, value_name = "FILE")]
    pub exclusions: Option<PathBuf>,
    /// Run the VM with gc_stress
    #[arg(long)]
    pub gc_stress: bool,
    /// Run the harness, then lockdown(), then the test
    #[arg(long, conflicts_with = "compartment")]
    pub lockdown: bool,
    /// Run lockdown(), then the harness and the test inside a fresh Compartment
    #[arg(long)]
    pub compartment: bool,
    /// List every run that did not pass, with its message
    #[arg(short, long)]
    pub verbose: bool,
}

/// A number greater than zero.
fn positive<T: std::str::FromStr + Default + PartialEq>(text: &str) -> Result<T, String> {
    match text.parse::<T>() {
        Ok(n) if n != T::default() => Ok(n),
        Ok(_) => Err("must be positive".into()),
        Err(_) => Err(format!("expects a number, got {text}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, clap::Error> {
        Options::try_parse_from(std::iter::once("test262-runner").chain(args.iter().copied()))
    }

    #[test]
    fn parses_every_option() {
        let o = parse(&[
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
        .unwrap();
        assert_eq!(o.suite, PathBuf::from("s"));
        assert_eq!(o.filters, ["a/**", "b"]);
        assert_eq!((o.threads, o.timeout_ms), (Some(3), 100));
        assert!(o.update_baseline && o.parse_only && o.gc_stress && o.verbose);
        assert_eq!(
            parse(&["--help"]).unwrap_err().kind(),
            clap::error::ErrorKind::DisplayHelp
        );
        assert_eq!(parse(&["--suite", "s"]).unwrap().timeout_ms, 5000);
    }

    #[test]
    fn rejects_bad_arguments() {
        assert!(parse(&[]).is_err());
        assert!(parse(&["--suite", "s", "--bogus"]).is_err());
        assert!(parse(&["--suite", "s", "--threads", "x"]).is_err());
        assert!(parse(&["--suite", "s", "--update-baseline"]).is_err());
        assert!(parse(&["--suite"]).is_err());
        assert!(parse(&["--suite", "s", "--threads", "0"]).is_err());
        assert!(parse(&["--suite", "s", "--timeout-ms", "0"]).is_err());
    }
}
