//! The ratchet: a committed list of passing test runs that must keep passing.
//!
//! The file holds one `path mode` line per passing run (`test/a/b.js strict`), sorted. Blank
//! lines and `#` comments are ignored when reading.

use std::collections::BTreeSet;

use crate::runner::{Outcome, RunRecord};
use crate::suite::Selection;

/// The baseline key of a run.
pub fn key(path: &str, mode_name: &str) -> String {
    format!("{path} {mode_name}")
}

/// Reads a baseline file's text.
pub fn parse(text: &str) -> BTreeSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The comparison of a run with the baseline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Baseline entries in the selection that did not pass this time, sorted.
    pub regressions: Vec<String>,
    /// Passing runs that are not in the baseline yet.
    pub newly_passing: usize,
}

/// The entry's test path (everything before the last space).
fn entry_path(entry: &str) -> &str {
    entry.rsplit_once(' ').map_or(entry, |(path, _)| path)
}

fn passing(records: &[RunRecord]) -> BTreeSet<String> {
    records
        .iter()
        .filter(|r| r.outcome == Outcome::Passed)
        .map(|r| key(&r.path, r.mode.name()))
        .collect()
}

/// Compares `records` with `baseline`. Entries outside `selection` (the `--filter`s) are not
/// judged; a selected entry that did not pass (failed, excluded or no longer exists) regresses.
pub fn compare(
    baseline: &BTreeSet<String>,
    records: &[RunRecord],
    selection: &Selection,
) -> Comparison {
    let passing = passing(records);
    let regressions = baseline
        .iter()
        .filter(|entry| selection.selects(entry_path(entry)) && !passing.contains(*entry))
        .cloned()
        .collect();
    let newly_passing = passing.difference(baseline).count();
    Comparison {
        regressions,
        newly_passing,
    }
}

/// The new baseline text: entries outside the selection are kept, entries inside it are replaced
/// by this run's passing runs.
pub fn updated(
    baseline: &BTreeSet<String>,
    records: &[RunRecord],
    selection: &Selection,
) -> String {
    let mut entries: BTreeSet<String> = baseline
        .iter()
        .filter(|entry| !selection.selects(entry_path(entry)))
        .cloned()
        .collect();
    entries.extend(passing(records));
    entries.into_iter().map(|e| e + "\n").collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::Mode;

    fn record(path: &str, mode: Mode, passed: bool) -> RunRecord {
        let outcome = if passed {
            Outcome::Passed
        } else {
            Outcome::Failed("x".into())
        };
        RunRecord {
            path: path.into(),
            mode,
            outcome,
        }
    }

    #[test]
    fn detects_regressions_and_new_passes() {
        let baseline = parse("test/a.js sloppy\ntest/a.js strict\n# c\ntest/gone.js module\ntest/other/b.js sloppy\n");
        let records = [
            record("test/a.js", Mode::Sloppy, true),
            record("test/a.js", Mode::Strict, false),
            record("test/c.js", Mode::Module, true),
        ];
        let selection = Selection::new(&["test/*.js".to_string()]);
        let comparison = compare(&baseline, &records, &selection);
        assert_eq!(
            comparison.regressions,
            ["test/a.js strict", "test/gone.js module"]
        );
        assert_eq!(comparison.newly_passing, 1);
        assert_eq!(
            updated(&baseline, &records, &selection),
            "test/a.js sloppy\ntest/c.js module\ntest/other/b.js sloppy\n"
        );
    }
}
