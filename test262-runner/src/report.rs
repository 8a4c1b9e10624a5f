//! Summaries of a run: the console table, the CI's last line, and the `--report` directory
//! (a markdown README and one SVG bar chart per top-level directory).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::fs;
use std::path::Path;

/// Run counts by outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub passed: usize,
    pub failed: usize,
    pub timeout: usize,
    pub panic: usize,
    pub excluded: usize,
}

impl Counts {
    /// Counts one run with the outcome named `outcome` (as in the JSON output).
    pub fn add(&mut self, outcome: &str) {
        match outcome {
            "passed" => self.passed += 1,
            "timeout" => self.timeout += 1,
            "panic" => self.panic += 1,
            "excluded" => self.excluded += 1,
            _ => self.failed += 1,
        }
    }

    fn add_counts(&mut self, other: &Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.timeout += other.timeout;
        self.panic += other.panic;
        self.excluded += other.excluded;
    }

    pub fn total(&self) -> usize {
        self.passed + self.failed + self.timeout + self.panic + self.excluded
    }

    /// Runs that were attempted (not excluded).
    pub fn attempted(&self) -> usize {
        self.total() - self.excluded
    }

    /// Runs that were attempted and did not pass.
    pub fn not_passed(&self) -> usize {
        self.failed + self.timeout + self.panic
    }

    /// The pass rate among attempted runs, in percent.
    pub fn percent(&self) -> f64 {
        match self.attempted() {
            0 => 0.0,
            n => self.passed as f64 * 100.0 / n as f64,
        }
    }
}

/// Counts per directory at depth 2 under `test/`, per top-level directory, and overall.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Keyed by (top-level directory, subdirectory); files directly in a top-level directory
    /// are grouped under the subdirectory name `(files)`.
    pub groups: BTreeMap<(String, String), Counts>,
    pub tops: BTreeMap<String, Counts>,
    pub total: Counts,
}

impl Summary {
    /// Summarizes `(path, outcome name)` pairs.
    pub fn new<'a>(runs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Summary {
        let mut summary = Summary::default();
        for (path, outcome) in runs {
            let (top, sub) = group_of(path);
            summary.groups.entry((top, sub)).or_default().add(outcome);
            summary.total.add(outcome);
        }
        for ((top, _), counts) in &summary.groups {
            summary
                .tops
                .entry(top.clone())
                .or_default()
                .add_counts(counts);
        }
        summary
    }
}

/// The (top-level, subdirectory) group of a test path such as `test/built-ins/Array/x.js`.
fn group_of(path: &str) -> (String, String) {
    let parts: Vec<&str> = path
        .strip_prefix("test/")
        .unwrap_or(path)
        .split('/')
        .collect();
    let top = parts[0].to_string();
    let sub = if parts.len() >= 3 {
        parts[1].to_string()
    } else {
        "(files)".to_string()
    };
    (top, sub)
}

/// The CI's last line: `N passed, N failed` plus `, N skipped` when something was excluded.
/// Timeouts and panics count as failed.
pub fn last_line(total: &Counts) -> String {
    let mut line = format!("{} passed, {} failed", total.passed, total.not_passed());
    if total.excluded > 0 {
        let _ = write!(line, ", {} skipped", total.excluded);
    }
    line
}

fn table_row(out: &mut String, name: &str, c: &Counts) {
    let _ = writeln!(
        out,
        "{name:<44} {:>7} {:>7} {:>7} {:>7} {:>6} {:>8} {:>6.1}%",
        c.total(),
        c.passed,
        c.failed,
        c.timeout,
        c.panic,
        c.excluded,
        c.percent()
    );
}

/// The console table: one row per depth-2 directory, a total row per top-level directory, and
/// the overall total. The percentage is passed / attempted (excluded runs do not count).
pub fn table(summary: &Summary) -> String {
    let mut out = format!(
        "{:<44} {:>7} {:>7} {:>7} {:>7} {:>6} {:>8} {:>7}\n",
        "directory", "runs", "passed", "failed", "timeout", "panic", "excluded", "pass"
    );
    for (top, top_counts) in &summary.tops {
        for (sub, counts) in groups_of(summary, top) {
            table_row(&mut out, &format!("{top}/{sub}"), counts);
        }
        table_row(&mut out, &format!("{top} (total)"), top_counts);
        out.push_str(&"-".repeat(107));
        out.push('\n');
    }
    table_row(&mut out, "total", &summary.total);
    out
}

/// The groups of one top-level directory, in order.
fn groups_of<'s>(
    summary: &'s Summary,
    top: &'s str,
) -> impl Iterator<Item = (&'s str, &'s Counts)> {
    summary
        .groups
        .iter()
        .filter(move |((t, _), _)| t == top)
        .map(|((_, sub), counts)| (sub.as_str(), counts))
}

/// Writes `dir/README.md` and one `dir/<top>.svg` per top-level directory. `previous`, from a
/// previous `--json` file, adds a table of changes.
pub fn write_report(
    dir: &Path,
    summary: &Summary,
    previous: Option<&Summary>,
) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let write = |name: &str, text: String| {
        let path = dir.join(name);
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    for top in summary.tops.keys() {
        write(
            &format!("{top}.svg"),
            svg_chart(top, groups_of(summary, top)),
        )?;
    }
    write("README.md", markdown(summary, previous))
}

fn markdown_row(out: &mut String, name: &str, c: &Counts) {
    let _ = writeln!(
        out,
        "| {name} | {} | {} | {} | {} | {} | {} | {:.1}% |",
        c.total(),
        c.passed,
        c.failed,
        c.timeout,
        c.panic,
        c.excluded,
        c.percent()
    );
}

const MARKDOWN_HEADER: &str = "| directory | runs | passed | failed | timeout | panic | excluded | pass rate |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";

/// The README of a conformance report.
fn markdown(summary: &Summary, previous: Option<&Summary>) -> String {
    let mut out = String::from("# Amber test262 conformance\n\n");
    out.push_str("Pass rates count attempted runs only; excluded runs are listed in `test262-runner/exclusions.toml`.\n\n");
    out.push_str("## Totals\n\n");
    out.push_str(MARKDOWN_HEADER);
    for (top, counts) in &summary.tops {
        markdown_row(&mut out, top, counts);
    }
    markdown_row(&mut out, "**total**", &summary.total);
    if let Some(previous) = previous {
        out.push_str(&delta_table(summary, previous));
    }
    for top in summary.tops.keys() {
        let _ = write!(out, "\n## {top}\n\n![{top}]({top}.svg)\n\n");
        out.push_str(MARKDOWN_HEADER);
        for (sub, counts) in groups_of(summary, top) {
            markdown_row(&mut out, &format!("{top}/{sub}"), counts);
        }
    }
    out
}

/// The change of totals against a previous run.
fn delta_table(summary: &Summary, previous: &Summary) -> String {
    let mut out = String::from("\n## Change since the previous run\n\n");
    out.push_str("| directory | passed before | passed now | change | pass rate before | pass rate now |\n|---|---:|---:|---:|---:|---:|\n");
    let mut tops: Vec<&String> = summary.tops.keys().chain(previous.tops.keys()).collect();
    tops.sort();
    tops.dedup();
    let rows = tops.into_iter().map(|top| {
        let before = previous.tops.get(top).copied().unwrap_or_default();
        let now = summary.tops.get(top).copied().unwrap_or_default();
        (top.as_str(), before, now)
    });
    let total = ("**total**", previous.total, summary.total);
    for (name, before, now) in rows.chain(std::iter::once(total)) {
        let change = now.passed as i64 - before.passed as i64;
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {change:+} | {:.1}% | {:.1}% |",
            before.passed,
            now.passed,
            before.percent(),
            now.percent()
        );
    }
    out
}

/// Colours of the chart's segments, in stacking order.
const SEGMENTS: [(&str, &str); 5] = [
    ("passed", "#2e9e44"),
    ("failed", "#d64541"),
    ("timeout", "#f0a202"),
    ("panic", "#8e44ad"),
    ("excluded", "#b8b8b8"),
];

fn segment_values(c: &Counts) -> [usize; 5] {
    [c.passed, c.failed, c.timeout, c.panic, c.excluded]
}

/// Escapes text for SVG.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The text after a bar: the pass rate among attempted runs, and the excluded runs.
fn bar_caption(counts: &Counts) -> String {
    if counts.attempted() == 0 {
        return format!("all {} excluded", counts.excluded);
    }
    let mut caption = format!(
        "{}/{} passed ({:.1}%)",
        counts.passed,
        counts.attempted(),
        counts.percent()
    );
    if counts.excluded > 0 {
        let _ = write!(caption, ", {} excluded", counts.excluded);
    }
    caption
}

/// A stacked horizontal bar per subdirectory; each bar is the subdirectory's runs at full width.
pub fn svg_chart<'a>(top: &str, groups: impl Iterator<Item = (&'a str, &'a Counts)>) -> String {
    let groups: Vec<(&str, &Counts)> = groups.collect();
    let (label_width, bar_width, text_width, row) = (250.0, 460.0, 260.0, 20.0);
    let top_margin = 58.0;
    let width = label_width + bar_width + text_width;
    let height = top_margin + row * groups.len() as f64 + 10.0;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"10\" y=\"20\" font-size=\"16\" font-weight=\"bold\">test262: {}</text>\n",
        xml(top)
    );
    let mut x = 10.0;
    for (name, colour) in SEGMENTS {
        let _ = writeln!(
            out,
            "<rect x=\"{x}\" y=\"32\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{}\" y=\"42\">{name}</text>",
            x + 16.0
        );
        x += 90.0;
    }
    for (i, (sub, counts)) in groups.iter().enumerate() {
        let y = top_margin + row * i as f64;
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label_width - 8.0,
            y + 13.0,
            xml(sub)
        );
        let total = counts.total().max(1) as f64;
        let mut x = label_width;
        for (value, (name, colour)) in segment_values(counts).into_iter().zip(SEGMENTS) {
            let w = bar_width * value as f64 / total;
            if w > 0.0 {
                let _ = writeln!(
                    out,
                    "<rect x=\"{x:.2}\" y=\"{}\" width=\"{w:.2}\" height=\"{}\" fill=\"{colour}\"><title>{}: {value} {name}</title></rect>",
                    y + 2.0,
                    row - 4.0,
                    xml(sub)
                );
            }
            x += w;
        }
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            label_width + bar_width + 8.0,
            y + 13.0,
            bar_caption(counts)
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_last_line() {
        let summary = Summary::new([
            ("test/language/expressions/a.js", "passed"),
            ("test/language/expressions/b/c.js", "failed"),
            ("test/harness/x.js", "timeout"),
            ("test/intl402/y/z.js", "excluded"),
            ("test/language/types/a.js", "panic"),
        ]);
        assert_eq!(summary.groups.len(), 4);
        assert_eq!(summary.tops["language"].total(), 3);
        assert_eq!(
            summary.groups[&("harness".into(), "(files)".into())].timeout,
            1
        );
        assert_eq!(last_line(&summary.total), "1 passed, 3 failed, 1 skipped");
        let table = table(&summary);
        assert!(table.contains("language/expressions"));
        assert!(table.contains("language (total)"));
        let svg = svg_chart("language", groups_of(&summary, "language"));
        assert!(svg.contains("expressions") && svg.ends_with("</svg>\n"));
        assert!(markdown(&summary, Some(&summary)).contains("Change since"));
    }

    #[test]
    fn last_line_without_exclusions() {
        let summary = Summary::new([("test/a/b/c.js", "passed")]);
        assert_eq!(last_line(&summary.total), "1 passed, 0 failed");
    }
}
