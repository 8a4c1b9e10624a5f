//! `--json` output: one record per test run, and reading it back for `--previous`.
//!
//! The file is a JSON array with one object per line:
//! `{"path":"test/...","mode":"strict","outcome":"failed","message":"..."}`; `message` is
//! `null` for passing runs. Serialized and read with serde_json.

use serde::{Deserialize, Serialize};

use crate::runner::RunRecord;

/// One line of the `--json` file, as written.
#[derive(Serialize)]
struct Record<'a> {
    path: &'a str,
    mode: &'a str,
    outcome: &'a str,
    message: Option<&'a str>,
}

/// Serializes `records` as the `--json` file's text.
pub fn write_records(records: &[RunRecord]) -> String {
    let mut out = String::from("[\n");
    for (i, record) in records.iter().enumerate() {
        let line = Record {
            path: &record.path,
            mode: record.mode.name(),
            outcome: record.outcome.name(),
            message: record.outcome.message(),
        };
        // Serializing plain strings cannot fail.
        out.push_str(&serde_json::to_string(&line).unwrap_or_default());
        out.push_str(if i + 1 < records.len() { ",\n" } else { "\n" });
    }
    out.push_str("]\n");
    out
}

/// A record read back from a `--json` file: path, mode name and outcome name.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PreviousRecord {
    pub path: String,
    pub mode: String,
    pub outcome: String,
}

/// Reads the records of a `--json` file. Only the string fields are kept.
pub fn read_records(text: &str) -> Result<Vec<PreviousRecord>, String> {
    serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::Outcome;
    use crate::suite::Mode;

    #[test]
    fn round_trip() {
        let records = vec![
            RunRecord {
                path: "test/a \"q\".js".into(),
                mode: Mode::Strict,
                outcome: Outcome::Failed("line\nbreak \u{1} \\".into()),
            },
            RunRecord {
                path: "test/b.js".into(),
                mode: Mode::Module,
                outcome: Outcome::Passed,
            },
        ];
        let text = write_records(&records);
        assert_eq!(
            text,
            "[\n{\"path\":\"test/a \\\"q\\\".js\",\"mode\":\"strict\",\"outcome\":\"failed\",\"message\":\"line\\nbreak \\u0001 \\\\\"},\n{\"path\":\"test/b.js\",\"mode\":\"module\",\"outcome\":\"passed\",\"message\":null}\n]\n"
        );
        let back = read_records(&text).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].path, "test/a \"q\".js");
        assert_eq!(back[0].outcome, "failed");
        assert_eq!(back[1].mode, "module");
        assert_eq!(read_records("[]").unwrap(), vec![]);
        assert!(read_records("[{\"path\":1").is_err());
    }
}
