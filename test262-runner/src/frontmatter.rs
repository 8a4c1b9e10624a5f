//! Test metadata: the YAML frontmatter between `/*---` and `---*/` at the top of every test.
//!
//! test262 only uses a small, regular subset of YAML in its frontmatter, so this module parses
//! that subset by hand instead of pulling in a YAML library: top-level `key: value` lines, flow
//! lists (`[a, b]`), block lists (`- a` lines under an empty key), one nested mapping
//! (`negative:` with `phase:` and `type:`), and block scalars (`|` or `>`), which are skipped.

/// The phase in which a negative test expects its error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// While parsing the source text or checking it for early errors.
    Parse,
    /// During module resolution and linking.
    Resolution,
    /// During evaluation.
    Runtime,
}

impl Phase {
    /// The phase's name as written in the frontmatter.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Parse => "parse",
            Phase::Resolution => "resolution",
            Phase::Runtime => "runtime",
        }
    }

    fn from_name(name: &str) -> Option<Phase> {
        match name {
            "parse" => Some(Phase::Parse),
            "resolution" => Some(Phase::Resolution),
            "runtime" => Some(Phase::Runtime),
            _ => None,
        }
    }
}

/// A negative test's expectation: an error of constructor `error_type` in `phase`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Negative {
    pub phase: Phase,
    pub error_type: String,
}

/// The frontmatter fields that influence how a test is run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Harness files to evaluate before the test, in order.
    pub includes: Vec<String>,
    /// Flags such as `onlyStrict`, `module`, `raw` or `async`.
    pub flags: Vec<String>,
    /// Feature tags, used by the exclusion file.
    pub features: Vec<String>,
    /// Locales the test depends on (informational).
    pub locale: Vec<String>,
    /// The expected error, for negative tests.
    pub negative: Option<Negative>,
}

impl Metadata {
    /// Whether the test carries `flag`.
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

/// Parses the frontmatter of a test's source text. A test without frontmatter has empty metadata;
/// a malformed frontmatter is an error (the suite is expected to be well-formed).
pub fn parse_metadata(source: &str) -> Result<Metadata, String> {
    let Some(start) = source.find("/*---") else {
        return Ok(Metadata::default());
    };
    let body_start = start + "/*---".len();
    let Some(length) = source[body_start..].find("---*/") else {
        return Err("frontmatter starts with /*--- but has no closing ---*/".into());
    };
    parse_yaml_subset(&source[body_start..body_start + length])
}

/// The value of one top-level key while it is being read.
enum Pending {
    /// A key we do not interpret (such as `description`); its continuation lines are skipped.
    Ignored,
    /// A list-valued key whose items follow as `- item` lines.
    List(String),
    /// The `negative` mapping, whose `phase:` and `type:` follow as indented lines.
    Negative,
}

fn parse_yaml_subset(yaml: &str) -> Result<Metadata, String> {
    let mut meta = Metadata::default();
    let mut pending = Pending::Ignored;
    let mut negative_fields: Option<(Option<String>, Option<String>)> = None;
    // YAML line breaks are LF, CR LF or a lone CR (a few tests are written with CR only).
    for raw_line in yaml.split(['\r', '\n']) {
        let line = raw_line.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with(' ') || line.starts_with('\t');
        if indented {
            read_continuation(line.trim(), &pending, &mut meta, &mut negative_fields);
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(format!("unexpected frontmatter line: {line}"));
        };
        let value = strip_comment(value.trim());
        pending = read_key(key.trim(), value, &mut meta, &mut negative_fields)?;
    }
    if let Some((phase, error_type)) = negative_fields {
        meta.negative = Some(finish_negative(phase, error_type)?);
    }
    Ok(meta)
}

/// Reads a top-level `key: value` line and says how to treat the indented lines after it.
fn read_key(
    key: &str,
    value: &str,
    meta: &mut Metadata,
    negative: &mut Option<(Option<String>, Option<String>)>,
) -> Result<Pending, String> {
    let is_list_key = matches!(key, "includes" | "flags" | "features" | "locale");
    if key == "negative" {
        let mut fields = (None, None);
        if value.starts_with('{') {
            for entry in split_flow(value, '{', '}')? {
                if let Some((k, v)) = entry.split_once(':') {
                    set_negative_field(&mut fields, k.trim(), v.trim());
                }
            }
        }
        *negative = Some(fields);
        return Ok(Pending::Negative);
    }
    if !is_list_key {
        return Ok(Pending::Ignored);
    }
    if value.is_empty() {
        return Ok(Pending::List(key.to_string()));
    }
    let items = if value.starts_with('[') {
        split_flow(value, '[', ']')?
    } else {
        vec![unquote(value).to_string()]
    };
    list_for(key, meta).extend(items);
    Ok(Pending::Ignored)
}

/// Reads an indented line belonging to the previous key.
fn read_continuation(
    line: &str,
    pending: &Pending,
    meta: &mut Metadata,
    negative: &mut Option<(Option<String>, Option<String>)>,
) {
    match pending {
        Pending::Ignored => {}
        Pending::List(key) => {
            if let Some(item) = line.strip_prefix('-') {
                let item = unquote(strip_comment(item.trim())).to_string();
                list_for(key, meta).push(item);
            }
        }
        Pending::Negative => {
            if let (Some((k, v)), Some(fields)) = (line.split_once(':'), negative.as_mut()) {
                set_negative_field(fields, k.trim(), strip_comment(v.trim()));
            }
        }
    }
}

fn set_negative_field(fields: &mut (Option<String>, Option<String>), key: &str, value: &str) {
    let value = unquote(value).to_string();
    match key {
        "phase" => fields.0 = Some(value),
        "type" => fields.1 = Some(value),
        _ => {}
    }
}

fn finish_negative(phase: Option<String>, error_type: Option<String>) -> Result<Negative, String> {
    let phase = phase.ok_or("negative: without phase")?;
    let phase = Phase::from_name(&phase).ok_or(format!("unknown negative phase {phase}"))?;
    let error_type = error_type.ok_or("negative: without type")?;
    Ok(Negative { phase, error_type })
}

fn list_for<'m>(key: &str, meta: &'m mut Metadata) -> &'m mut Vec<String> {
    match key {
        "includes" => &mut meta.includes,
        "flags" => &mut meta.flags,
        "features" => &mut meta.features,
        _ => &mut meta.locale,
    }
}

/// Splits a one-line flow collection such as `[a, b]` or `{k: v}` into its trimmed items.
fn split_flow(value: &str, open: char, close: char) -> Result<Vec<String>, String> {
    let inner = value
        .strip_prefix(open)
        .and_then(|v| v.strip_suffix(close))
        .ok_or_else(|| format!("unterminated flow collection: {value}"))?;
    Ok(inner
        .split(',')
        .map(|item| unquote(item.trim()).to_string())
        .filter(|item| !item.is_empty())
        .collect())
}

/// Removes a trailing ` # comment` from a plain value.
fn strip_comment(value: &str) -> &str {
    match value.find(" #") {
        Some(at) => value[..at].trim_end(),
        None => value,
    }
}

/// Removes matching single or double quotes around a scalar.
fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cr_only_and_crlf_line_breaks() {
        for nl in ["\r", "\r\n"] {
            let src = [
                "/*---",
                "description: x",
                "includes: [a.js]",
                "flags:",
                "  - raw",
                "---*/",
            ]
            .join(nl);
            let meta = parse_metadata(&src).unwrap();
            assert_eq!(meta.includes, ["a.js"], "{nl:?}");
            assert_eq!(meta.flags, ["raw"], "{nl:?}");
        }
    }

    #[test]
    fn flow_lists_and_negative() {
        let src = "// c\n/*---\nesid: x\ndescription: >\n  text: with colon\n  - not a list\nincludes: [propertyHelper.js, compareArray.js]\nflags: [onlyStrict]\nnegative:\n  phase: parse\n  type: SyntaxError\nfeatures: [a, b] # comment\n---*/\nbody";
        let meta = parse_metadata(src).unwrap();
        assert_eq!(meta.includes, ["propertyHelper.js", "compareArray.js"]);
        assert_eq!(meta.flags, ["onlyStrict"]);
        assert_eq!(meta.features, ["a", "b"]);
        assert_eq!(
            meta.negative,
            Some(Negative {
                phase: Phase::Parse,
                error_type: "SyntaxError".into()
            })
        );
    }

    #[test]
    fn block_lists_and_crlf() {
        let src = "/*---\r\ninfo: |\r\n  flags: [raw]\r\nfeatures:\r\n  - Symbol.iterator\r\n  - 'x'\r\nflags:\r\n    - noStrict\r\n---*/\r\n";
        let meta = parse_metadata(src).unwrap();
        assert_eq!(meta.features, ["Symbol.iterator", "x"]);
        assert_eq!(meta.flags, ["noStrict"]);
        assert!(meta.has_flag("noStrict"));
        assert!(!meta.has_flag("raw"));
    }

    #[test]
    fn missing_frontmatter_is_empty_and_bad_negative_is_an_error() {
        assert_eq!(parse_metadata("1;").unwrap(), Metadata::default());
        assert!(parse_metadata("/*---\nnegative:\n  phase: later\n  type: E\n---*/").is_err());
        assert!(parse_metadata("/*---\nflags: [a\n---*/").is_err());
    }

    #[test]
    fn flow_mapping_negative() {
        let meta =
            parse_metadata("/*---\nnegative: {phase: runtime, type: TypeError}\n---*/").unwrap();
        assert_eq!(meta.negative.unwrap().phase, Phase::Runtime);
    }
}
