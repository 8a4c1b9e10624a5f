//! `--json` output: one record per test run, and reading it back for `--previous`.
//!
//! The file is a JSON array with one object per line:
//! `{"path":"test/...","mode":"strict","outcome":"failed","message":"..."}`; `message` is
//! `null` for passing runs.

use std::fmt::Write;

use crate::runner::RunRecord;

/// Serializes `records` as the `--json` file's text.
pub fn write_records(records: &[RunRecord]) -> String {
    let mut out = String::from("[\n");
    for (i, record) in records.iter().enumerate() {
        let message = record.outcome.message().map_or("null".to_string(), quote);
        let _ = write!(
            out,
            "{{\"path\":{},\"mode\":\"{}\",\"outcome\":\"{}\",\"message\":{}}}",
            quote(&record.path),
            record.mode.name(),
            record.outcome.name(),
            message
        );
        out.push_str(if i + 1 < records.len() { ",\n" } else { "\n" });
    }
    out.push_str("]\n");
    out
}

/// A JSON string literal for `text`.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A record read back from a `--json` file: path, mode name and outcome name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviousRecord {
    pub path: String,
    pub mode: String,
    pub outcome: String,
}

/// Reads the records of a `--json` file. Only the string fields are kept.
pub fn read_records(text: &str) -> Result<Vec<PreviousRecord>, String> {
    let mut reader = Reader {
        chars: text.chars().collect(),
        at: 0,
    };
    reader.expect('[')?;
    let mut records = Vec::new();
    if reader.peek() == Some(']') {
        return Ok(records);
    }
    loop {
        records.push(reader.object()?);
        match reader.next_token() {
            Some(',') => continue,
            Some(']') => return Ok(records),
            _ => return Err(reader.error("expected , or ]")),
        }
    }
}

/// A reader for the flat objects that [`write_records`] produces.
struct Reader {
    chars: Vec<char>,
    at: usize,
}

impl Reader {
    fn error(&self, message: &str) -> String {
        format!("invalid JSON at character {}: {message}", self.at)
    }

    fn peek(&mut self) -> Option<char> {
        while self.chars.get(self.at).is_some_and(|c| c.is_whitespace()) {
            self.at += 1;
        }
        self.chars.get(self.at).copied()
    }

    fn next_token(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    fn expect(&mut self, expected: char) -> Result<(), String> {
        match self.next_token() {
            Some(c) if c == expected => Ok(()),
            _ => Err(self.error(&format!("expected {expected}"))),
        }
    }

    fn object(&mut self) -> Result<PreviousRecord, String> {
        self.expect('{')?;
        let mut record = PreviousRecord {
            path: String::new(),
            mode: String::new(),
            outcome: String::new(),
        };
        loop {
            let key = self.string()?;
            self.expect(':')?;
            let value = self.value()?;
            match key.as_str() {
                "path" => record.path = value.unwrap_or_default(),
                "mode" => record.mode = value.unwrap_or_default(),
                "outcome" => record.outcome = value.unwrap_or_default(),
                _ => {}
            }
            match self.next_token() {
                Some(',') => continue,
                Some('}') => return Ok(record),
                _ => return Err(self.error("expected , or }")),
            }
        }
    }

    /// A string or `null` (other scalars are read as text).
    fn value(&mut self) -> Result<Option<String>, String> {
        if self.peek() == Some('"') {
            return self.string().map(Some);
        }
        let start = self.at;
        while self
            .chars
            .get(self.at)
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '+' | '.'))
        {
            self.at += 1;
        }
        let word: String = self.chars[start..self.at].iter().collect();
        match word.as_str() {
            "" => Err(self.error("expected a value")),
            "null" => Ok(None),
            _ => Ok(Some(word)),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.expect('"')?;
        let mut out = String::new();
        loop {
            let c = *self
                .chars
                .get(self.at)
                .ok_or_else(|| self.error("unterminated string"))?;
            self.at += 1;
            match c {
                '"' => return Ok(out),
                '\\' => out.push(self.escape()?),
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self) -> Result<char, String> {
        let c = *self
            .chars
            .get(self.at)
            .ok_or_else(|| self.error("bad escape"))?;
        self.at += 1;
        Ok(match c {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'u' => {
                let hex: String = self
                    .chars
                    .get(self.at..self.at + 4)
                    .unwrap_or(&[])
                    .iter()
                    .collect();
                self.at += 4;
                let code =
                    u32::from_str_radix(&hex, 16).map_err(|_| self.error("bad \\u escape"))?;
                char::from_u32(code).unwrap_or('\u{fffd}')
            }
            other => other,
        })
    }
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
        let back = read_records(&text).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].path, "test/a \"q\".js");
        assert_eq!(back[0].outcome, "failed");
        assert_eq!(back[1].mode, "module");
        assert_eq!(read_records("[]").unwrap(), vec![]);
        assert!(read_records("[{\"path\":1").is_err());
    }
}
