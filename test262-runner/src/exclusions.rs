//! The exclusion file (`exclusions.toml`): the only place where tests are left out.
//!
//! It has four tables, each mapping a name to the reason it is excluded:
//!
//! ```toml
//! [directories]   # paths relative to the suite directory; everything below them
//! "test/intl402" = "no Intl implementation yet"
//! [features]      # `features:` tags
//! Temporal = "not attempted yet"
//! [flags]         # `flags:` entries
//! "non-deterministic" = "results vary between runs"
//! [includes]      # harness files a test includes
//! "hidden-constructors.js" = "needs a host hook"
//! ```
//!
//! The parser reads exactly this subset of TOML (tables, bare or quoted keys, basic strings,
//! comments) and rejects anything else, so a typo cannot silently disable an exclusion.

use crate::frontmatter::Metadata;

/// Parsed exclusions; each entry is `(name, reason)`.
#[derive(Clone, Debug, Default)]
pub struct Exclusions {
    pub directories: Vec<(String, String)>,
    pub features: Vec<(String, String)>,
    pub flags: Vec<(String, String)>,
    pub includes: Vec<(String, String)>,
}

impl Exclusions {
    /// Parses the text of an exclusion file.
    pub fn parse(text: &str) -> Result<Exclusions, String> {
        let mut exclusions = Exclusions::default();
        let mut table: Option<String> = None;
        for (number, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let context = |message: &str| format!("exclusions line {}: {message}", number + 1);
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                table = Some(name.trim().to_string());
                continue;
            }
            let (key, reason) = parse_entry(line).map_err(|m| context(&m))?;
            let list = match table.as_deref() {
                Some("directories") => &mut exclusions.directories,
                Some("features") => &mut exclusions.features,
                Some("flags") => &mut exclusions.flags,
                Some("includes") => &mut exclusions.includes,
                Some(other) => return Err(context(&format!("unknown table [{other}]"))),
                None => return Err(context("entry outside of a table")),
            };
            list.push((key, reason));
        }
        Ok(exclusions)
    }

    /// Why the test at `path` (relative to the suite, `/`-separated) with `meta` is excluded, or
    /// `None` when it runs.
    pub fn reason_for(&self, path: &str, meta: &Metadata) -> Option<String> {
        let in_directory = |dir: &str| {
            let dir = dir.trim_end_matches('/');
            path.strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/'))
        };
        let matches_feature = |f: &str| meta.features.iter().any(|x| x == f);
        let matches_flag = |f: &str| meta.has_flag(f);
        let matches_include = |i: &str| meta.includes.iter().any(|x| x == i);
        let rules: [Rule<'_>; 4] = [
            (&self.directories, &in_directory, "directory"),
            (&self.features, &matches_feature, "feature"),
            (&self.flags, &matches_flag, "flag"),
            (&self.includes, &matches_include, "include"),
        ];
        for (entries, applies, kind) in rules {
            if let Some((name, reason)) = entries.iter().find(|(name, _)| applies(name)) {
                return Some(format!("{kind} {name}: {reason}"));
            }
        }
        None
    }
}

/// One table of the file, a test for whether an entry applies, and the table's kind.
type Rule<'a> = (&'a [(String, String)], &'a dyn Fn(&str) -> bool, &'a str);

/// Parses `key = "reason"`.
fn parse_entry(line: &str) -> Result<(String, String), String> {
    let (key, rest) = if line.starts_with('"') {
        parse_string(line)?
    } else {
        let end = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(line.len());
        (line[..end].to_string(), &line[end..])
    };
    if key.is_empty() {
        return Err("missing key".into());
    }
    let rest = rest
        .trim_start()
        .strip_prefix('=')
        .ok_or("expected `=` after the key (quote keys containing dots)")?;
    let (value, rest) = parse_string(rest.trim_start())?;
    let rest = rest.trim_start();
    if !(rest.is_empty() || rest.starts_with('#')) {
        return Err(format!("unexpected text after the value: {rest}"));
    }
    Ok((key, value))
}

/// Parses a TOML basic string at the start of `text`; returns it and the text after it.
fn parse_string(text: &str) -> Result<(String, &str), String> {
    let body = text
        .strip_prefix('"')
        .ok_or("expected a double-quoted string")?;
    let mut value = String::new();
    let mut chars = body.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Ok((value, &body[at + 1..])),
            '\\' => match chars.next() {
                Some((_, '"')) => value.push('"'),
                Some((_, '\\')) => value.push('\\'),
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                _ => return Err("unsupported escape in string".into()),
            },
            c => value.push(c),
        }
    }
    Err("unterminated string".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::parse_metadata;

    const FILE: &str = r#"
# comment
[directories]
"test/intl402" = "no Intl"
[features]
Temporal = "big" # trailing
"Atomics.waitAsync" = "agents \"x\""
[flags]
"non-deterministic" = "varies"
[includes]
"hidden-constructors.js" = "host hook"
"#;

    #[test]
    fn parses_and_applies() {
        let ex = Exclusions::parse(FILE).unwrap();
        assert_eq!(ex.features[1].1, "agents \"x\"");
        let plain = parse_metadata("/*---\nfeatures: [Symbol]\n---*/").unwrap();
        assert!(ex.reason_for("test/intl402/a.js", &plain).is_some());
        assert!(ex.reason_for("test/intl402x/a.js", &plain).is_none());
        let temporal = parse_metadata("/*---\nfeatures: [Temporal]\n---*/").unwrap();
        assert_eq!(
            ex.reason_for("test/built-ins/a.js", &temporal).unwrap(),
            "feature Temporal: big"
        );
        let include = parse_metadata("/*---\nincludes: [hidden-constructors.js]\n---*/").unwrap();
        assert!(ex.reason_for("test/b/a.js", &include).is_some());
        let flag = parse_metadata("/*---\nflags: [non-deterministic]\n---*/").unwrap();
        assert!(ex.reason_for("test/b/a.js", &flag).is_some());
    }

    #[test]
    fn rejects_malformed_files() {
        assert!(Exclusions::parse("x = \"y\"").is_err());
        assert!(Exclusions::parse("[features]\nA.b = \"y\"").is_err());
        assert!(Exclusions::parse("[features]\nA = y").is_err());
        assert!(Exclusions::parse("[nope]\nA = \"y\"").is_err());
    }
}
