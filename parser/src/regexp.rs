//! Regular expression literal validation: the early errors of
//! <https://tc39.es/ecma262/#sec-regexp-regular-expression-objects> for a pattern and its flags,
//! including the Annex B grammar used without the `u` and `v` flags
//! (<https://tc39.es/ecma262/#sec-regular-expressions-patterns>).
//!
//! This is a validator only: it walks the pattern with a recursive-descent parser over code
//! points and reports the first error. Building a matcher is the VM's job.

mod unicode_properties;

use crate::lexer::{is_id_continue, is_id_start};

type Res<T> = Result<T, String>;

/// Checks a regular expression literal's flags and pattern.
pub fn validate(pattern: &str, flags: &str) -> Result<(), String> {
    validate_flags(flags)?;
    let unicode = flags.contains('u') || flags.contains('v');
    let sets = flags.contains('v');
    let units = to_units(pattern, unicode);
    let mut p = Parser::new(units, unicode, sets);
    p.pattern()
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

/// The pattern as the units the spec matches: code points in Unicode mode, UTF-16 code units
/// otherwise.
fn to_units(pattern: &str, unicode: bool) -> Vec<u32> {
    if unicode {
        pattern.chars().map(|c| c as u32).collect()
    } else {
        pattern.encode_utf16().map(u32::from).collect()
    }
}

fn is_syntax_character(c: u32) -> bool {
    matches!(
        char::from_u32(c),
        Some('^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|')
    )
}

/// A named group's position: the (disjunction, alternative) path from the root.
type AltPath = Vec<(usize, usize)>;

struct Parser {
    s: Vec<u32>,
    pos: usize,
    unicode: bool,
    sets: bool,
    /// The pattern has named groups (then `\k` is always a back reference).
    named_groups: bool,
    capture_count: usize,
    group_names: Vec<(String, AltPath)>,
    back_refs: Vec<String>,
    alt_path: AltPath,
    disjunctions: usize,
}

/// A class atom: a single code point or a class escape like `\d` (which cannot bound a range).
enum ClassAtom {
    Char(u32),
    Class,
}

impl Parser {
    fn new(s: Vec<u32>, unicode: bool, sets: bool) -> Parser {
        let mut p = Parser {
            s,
            pos: 0,
            unicode,
            sets,
            named_groups: false,
            capture_count: 0,
            group_names: Vec::new(),
            back_refs: Vec::new(),
            alt_path: Vec::new(),
            disjunctions: 0,
        };
        p.prescan();
        p
    }

    /// Counts capturing groups and notes whether any is named (needed before parsing for
    /// `\1` and `\k`).
    fn prescan(&mut self) {
        let mut i = 0;
        let mut in_class = false;
        while i < self.s.len() {
            match char::from_u32(self.s[i]) {
                Some('\\') => i += 1,
                Some('[') => in_class = true,
                Some(']') => in_class = false,
                Some('(') if !in_class => {
                    let next = self.s.get(i + 1).and_then(|&c| char::from_u32(c));
                    let after = self.s.get(i + 2).and_then(|&c| char::from_u32(c));
                    let third = self.s.get(i + 3).and_then(|&c| char::from_u32(c));
                    if next != Some('?') {
                        self.capture_count += 1;
                    } else if after == Some('<') && !matches!(third, Some('=' | '!')) {
                        self.capture_count += 1;
                        self.named_groups = true;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    fn peek(&self) -> Option<u32> {
        self.s.get(self.pos).copied()
    }

    fn peek_char(&self) -> Option<char> {
        self.peek().and_then(char::from_u32)
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.s.get(self.pos + n).and_then(|&c| char::from_u32(c))
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek_char() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        if s.chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(i) == Some(c))
        {
            self.pos += n;
            true
        } else {
            false
        }
    }

    fn err<T>(&self, msg: &str) -> Res<T> {
        Err(msg.to_string())
    }

    /// <https://tc39.es/ecma262/#prod-Pattern>
    fn pattern(&mut self) -> Res<()> {
        self.disjunction()?;
        if self.pos < self.s.len() {
            return self.err("unmatched ')'");
        }
        // Early Error: a `\k<name>` must name a group of the pattern.
        for name in &self.back_refs {
            if !self.group_names.iter().any(|(n, _)| n == name) {
                return Err(format!("invalid named reference '{name}'"));
            }
        }
        Ok(())
    }

    /// <https://tc39.es/ecma262/#prod-Disjunction>
    fn disjunction(&mut self) -> Res<()> {
        let id = self.disjunctions;
        self.disjunctions += 1;
        let mut alt = 0;
        loop {
            self.alt_path.push((id, alt));
            let r = self.alternative();
            self.alt_path.pop();
            r?;
            if !self.eat('|') {
                return Ok(());
            }
            alt += 1;
        }
    }

    /// <https://tc39.es/ecma262/#prod-Alternative>
    fn alternative(&mut self) -> Res<()> {
        while let Some(c) = self.peek_char() {
            if c == '|' || c == ')' {
                break;
            }
            self.term()?;
        }
        if self.peek().is_some() && self.peek_char().is_none() {
            // A lone surrogate or other non-char unit: a literal.
            self.pos += 1;
            return self.alternative();
        }
        Ok(())
    }

    /// <https://tc39.es/ecma262/#prod-Term>
    fn term(&mut self) -> Res<()> {
        let quantifiable = self.assertion_or_atom()?;
        if self.quantifier()? && !quantifiable {
            return self.err("nothing to repeat");
        }
        Ok(())
    }

    /// Parses an Assertion or an Atom; returns whether a quantifier may follow.
    fn assertion_or_atom(&mut self) -> Res<bool> {
        let Some(c) = self.peek_char() else {
            self.pos += 1;
            return Ok(true);
        };
        match c {
            '^' | '$' => {
                self.pos += 1;
                Ok(false)
            }
            '\\' if matches!(self.peek_at(1), Some('b' | 'B')) => {
                self.pos += 2;
                Ok(false)
            }
            '(' if self.eat_str("(?=") || self.eat_str("(?!") => {
                self.group_body()?;
                // Annex B: QuantifiableAssertion (lookaheads) outside Unicode mode.
                Ok(!self.unicode)
            }
            '(' if self.eat_str("(?<=") || self.eat_str("(?<!") => {
                self.group_body()?;
                Ok(false)
            }
            _ => {
                self.atom()?;
                Ok(true)
            }
        }
    }

    /// The rest of a group after its opening: a Disjunction and `)`.
    fn group_body(&mut self) -> Res<()> {
        self.disjunction()?;
        if !self.eat(')') {
            return self.err("unterminated group");
        }
        Ok(())
    }

    /// <https://tc39.es/ecma262/#prod-Quantifier>; returns whether one was present.
    fn quantifier(&mut self) -> Res<bool> {
        let found = match self.peek_char() {
            Some('*' | '+' | '?') => {
                self.pos += 1;
                true
            }
            Some('{') => {
                let start = self.pos;
                match self.braced_quantifier() {
                    Some((min, max)) => {
                        // Early Error: It is a Syntax Error if the first DecimalDigits is
                        // larger than the second.
                        if let Some(max) = max {
                            if cmp_decimal(&min, &max) == std::cmp::Ordering::Greater {
                                return self.err("numbers out of order in {} quantifier");
                            }
                        }
                        true
                    }
                    None => {
                        self.pos = start;
                        if self.unicode {
                            return self.err("incomplete quantifier");
                        }
                        false
                    }
                }
            }
            _ => false,
        };
        if found {
            self.eat('?');
        }
        Ok(found)
    }

    /// `{n}`, `{n,}` or `{n,m}`: returns the digit strings.
    fn braced_quantifier(&mut self) -> Option<(String, Option<String>)> {
        if !self.eat('{') {
            return None;
        }
        let min = self.digits();
        if min.is_empty() {
            return None;
        }
        let max = if self.eat(',') {
            let m = self.digits();
            if m.is_empty() {
                None
            } else {
                Some(m)
            }
        } else {
            Some(min.clone())
        };
        if !self.eat('}') {
            return None;
        }
        Some((min, max))
    }

    fn digits(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek_char().filter(char::is_ascii_digit) {
            out.push(c);
            self.pos += 1;
        }
        out
    }

    /// <https://tc39.es/ecma262/#prod-Atom>
    fn atom(&mut self) -> Res<()> {
        let Some(c) = self.peek_char() else {
            self.pos += 1;
            return Ok(());
        };
        match c {
            '.' => {
                self.pos += 1;
                Ok(())
            }
            '(' => self.group(),
            '[' => {
                self.pos += 1;
                if self.sets {
                    self.class_set().map(|_| ())
                } else {
                    self.class_ranges()
                }
            }
            '\\' => {
                self.pos += 1;
                self.atom_escape()
            }
            '*' | '+' | '?' => self.err("nothing to repeat"),
            '{' => {
                if self.unicode {
                    return self.err("lone quantifier brackets");
                }
                // Annex B: `{` is a literal unless it forms a quantifier.
                let start = self.pos;
                if self.braced_quantifier().is_some() {
                    return self.err("nothing to repeat");
                }
                self.pos = start + 1;
                Ok(())
            }
            '}' | ']' if self.unicode => self.err("lone quantifier brackets"),
            _ => {
                self.pos += 1;
                Ok(())
            }
        }
    }

    fn group(&mut self) -> Res<()> {
        self.pos += 1;
        if !self.eat('?') {
            return self.group_body();
        }
        if self.eat(':') {
            return self.group_body();
        }
        if self.eat('<') {
            let name = self.group_name()?;
            self.declare_group(name)?;
            return self.group_body();
        }
        self.modifiers()?;
        self.group_body()
    }

    /// `(?ims-ims:` (RegExp modifiers).
    fn modifiers(&mut self) -> Res<()> {
        let add = self.modifier_flags();
        let remove = if self.eat('-') {
            Some(self.modifier_flags())
        } else {
            None
        };
        if !self.eat(':') {
            return self.err("invalid group");
        }
        if !Self::modifier_flags_valid(&add)
            || !remove.as_deref().is_none_or(Self::modifier_flags_valid)
        {
            return self.err("invalid regular expression modifiers");
        }
        let remove_s = remove.clone().unwrap_or_default();
        // Early Error: both empty, or a flag repeated within or across the two lists.
        if add.is_empty() && remove.as_ref().is_none_or(String::is_empty) {
            return self.err("invalid regular expression modifiers");
        }
        let all: Vec<char> = add.chars().chain(remove_s.chars()).collect();
        for (i, c) in all.iter().enumerate() {
            if all[i + 1..].contains(c) {
                return self.err("repeated regular expression modifier");
            }
        }
        Ok(())
    }

    fn modifier_flags(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek_char().filter(|c| c.is_ascii_alphabetic()) {
            out.push(c);
            self.pos += 1;
        }
        out
    }

    fn modifier_flags_valid(flags: &str) -> bool {
        flags.chars().all(|c| matches!(c, 'i' | 'm' | 's'))
    }

    /// Records a named group. Early Error: duplicate names must be in different alternatives.
    fn declare_group(&mut self, name: String) -> Res<()> {
        for (other, path) in &self.group_names {
            if *other == name && !different_alternatives(path, &self.alt_path) {
                return Err(format!("duplicate capture group name '{name}'"));
            }
        }
        self.group_names.push((name, self.alt_path.clone()));
        Ok(())
    }

    /// `name>` of a GroupName (the `<` is consumed).
    /// <https://tc39.es/ecma262/#prod-RegExpIdentifierName>
    fn group_name(&mut self) -> Res<String> {
        let mut name = String::new();
        loop {
            let c = match self.peek().map(|u| char::from_u32(u).unwrap_or('\u{FFFD}')) {
                Some('>') => {
                    self.pos += 1;
                    break;
                }
                Some('\\') => {
                    self.pos += 1;
                    if !self.eat('u') {
                        return self.err("invalid capture group name");
                    }
                    self.unicode_escape_in_name()?
                }
                Some(_) => self.code_point_at_pos(),
                None => return self.err("invalid capture group name"),
            };
            let Some(ch) = char::from_u32(c) else {
                return self.err("invalid capture group name");
            };
            let ok = if name.is_empty() {
                is_id_start(ch)
            } else {
                is_id_continue(ch)
            };
            if !ok {
                return self.err("invalid capture group name");
            }
            name.push(ch);
        }
        if name.is_empty() {
            return self.err("invalid capture group name");
        }
        Ok(name)
    }

    /// Reads one code point, joining a surrogate pair of units outside Unicode mode.
    fn code_point_at_pos(&mut self) -> u32 {
        let c = self.s[self.pos];
        self.pos += 1;
        if (0xD800..0xDC00).contains(&c) {
            if let Some(&lo) = self.s.get(self.pos) {
                if (0xDC00..0xE000).contains(&lo) {
                    self.pos += 1;
                    return 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                }
            }
        }
        c
    }

    /// `\u` escapes in group names accept surrogate pairs and `\u{}` in every mode.
    fn unicode_escape_in_name(&mut self) -> Res<u32> {
        match self.unicode_escape_value(true) {
            Some(c) => Ok(c),
            None => self.err("invalid Unicode escape in group name"),
        }
    }

    /// After `\u`: `XXXX` (joining `\uXXXX\uXXXX` surrogate pairs) or, when allowed, `{X...}`.
    fn unicode_escape_value(&mut self, braces: bool) -> Option<u32> {
        if self.peek_char() == Some('{') && braces {
            self.pos += 1;
            let mut v: u32 = 0;
            let mut n = 0;
            while let Some(d) = self.peek_char().and_then(|c| c.to_digit(16)) {
                v = v.saturating_mul(16).saturating_add(d);
                n += 1;
                self.pos += 1;
            }
            if n == 0 || !self.eat('}') || v > 0x10FFFF {
                return None;
            }
            return Some(v);
        }
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) && braces {
            let save = self.pos;
            if self.eat_str("\\u") {
                if let Some(lo) = self.hex4() {
                    if (0xDC00..0xE000).contains(&lo) {
                        return Some(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
                    }
                }
            }
            self.pos = save;
        }
        Some(hi)
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut v = 0;
        for i in 0..4 {
            v = v * 16 + self.peek_at(i)?.to_digit(16)?;
        }
        self.pos += 4;
        Some(v)
    }

    /// <https://tc39.es/ecma262/#prod-AtomEscape> (after `\`).
    fn atom_escape(&mut self) -> Res<()> {
        let Some(c) = self.peek_char() else {
            return self.err("\\ at end of pattern");
        };
        if c.is_ascii_digit() && c != '0' {
            let start = self.pos;
            let n = self.digits();
            // Early Error (Unicode mode or named groups): a DecimalEscape must not exceed the
            // number of capturing groups.
            let too_big =
                n.len() > 9 || n.parse::<usize>().unwrap_or(usize::MAX) > self.capture_count;
            if too_big {
                if self.unicode {
                    return self.err("invalid escape");
                }
                // Annex B: a legacy octal escape or identity escape.
                self.pos = start + 1;
            }
            return Ok(());
        }
        if c == 'k' {
            self.pos += 1;
            if self.unicode || self.named_groups {
                if !self.eat('<') {
                    return self.err("invalid named reference");
                }
                let name = self.group_name()?;
                self.back_refs.push(name);
            }
            return Ok(());
        }
        self.character_or_class_escape(false).map(|_| ())
    }

    /// CharacterClassEscape or CharacterEscape (after `\`), shared by atoms and classes.
    /// Returns the atom's value for range checks.
    fn character_or_class_escape(&mut self, in_class: bool) -> Res<ClassAtom> {
        let Some(c) = self.peek_char() else {
            return self.err("\\ at end of pattern");
        };
        self.pos += 1;
        let value = match c {
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => return Ok(ClassAtom::Class),
            'p' | 'P' if self.unicode => {
                self.property_escape(c == 'P')?;
                return Ok(ClassAtom::Class);
            }
            'f' => 0x0C,
            'n' => 0x0A,
            'r' => 0x0D,
            't' => 0x09,
            'v' => 0x0B,
            'b' if in_class => 0x08,
            '-' if in_class && self.unicode => '-' as u32,
            'c' => match self.peek_char() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.pos += 1;
                    l as u32 % 32
                }
                // Annex B: `\c` followed by a digit or `_` inside a class.
                Some(l) if in_class && !self.unicode && (l.is_ascii_digit() || l == '_') => {
                    self.pos += 1;
                    l as u32 % 32
                }
                _ if self.unicode => return self.err("invalid unicode escape"),
                _ => {
                    // Annex B: the backslash is a literal.
                    self.pos -= 1;
                    '\\' as u32
                }
            },
            '0' if !self.peek_char().is_some_and(|d| d.is_ascii_digit()) => 0,
            '0'..='7' if !self.unicode => self.legacy_octal(c),
            '8' | '9' if in_class && !self.unicode => c as u32,
            '0'..='9' if self.unicode => return self.err("invalid decimal escape"),
            'x' => {
                let h = (
                    self.peek_at(0).and_then(|d| d.to_digit(16)),
                    self.peek_at(1).and_then(|d| d.to_digit(16)),
                );
                match h {
                    (Some(a), Some(b)) => {
                        self.pos += 2;
                        a * 16 + b
                    }
                    _ if self.unicode => return self.err("invalid escape"),
                    _ => 'x' as u32,
                }
            }
            'u' => match self.unicode_escape_value(self.unicode) {
                Some(v) => v,
                None if self.unicode => return self.err("invalid Unicode escape"),
                None => 'u' as u32,
            },
            c if self.unicode => {
                // IdentityEscape[+UnicodeMode] :: SyntaxCharacter or `/`.
                if is_syntax_character(c as u32) || c == '/' {
                    c as u32
                } else {
                    return self.err("invalid escape");
                }
            }
            // Annex B IdentityEscape: `\k` is handled by the caller.
            c => c as u32,
        };
        Ok(ClassAtom::Char(value))
    }

    /// Annex B LegacyOctalEscapeSequence; the first digit is consumed.
    fn legacy_octal(&mut self, first: char) -> u32 {
        let mut v = first.to_digit(8).unwrap_or(0);
        let max = if first <= '3' { 2 } else { 1 };
        for _ in 0..max {
            match self.peek_char().and_then(|d| d.to_digit(8)) {
                Some(d) => {
                    v = v * 8 + d;
                    self.pos += 1;
                }
                None => break,
            }
        }
        v
    }

    /// `\p{...}` / `\P{...}` (the `p` is consumed). Returns whether it is a property of
    /// strings.
    fn property_escape(&mut self, negated: bool) -> Res<bool> {
        if !self.eat('{') {
            return self.err("invalid property name");
        }
        let mut body = String::new();
        loop {
            match self.peek_char() {
                Some('}') => {
                    self.pos += 1;
                    break;
                }
                Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == '=' => {
                    body.push(c);
                    self.pos += 1;
                }
                _ => return self.err("invalid property name"),
            }
        }
        let strings = unicode_properties::validate(&body, self.sets)?;
        // Early Error: `\P{...}` of a property of strings.
        if strings && negated {
            return self.err("negated property of strings");
        }
        Ok(strings)
    }

    /// A ClassAtom outside `v` mode (the `[` is consumed by the caller for the class).
    fn class_atom(&mut self) -> Res<ClassAtom> {
        if self.eat('\\') {
            return self.character_or_class_escape(true);
        }
        Ok(ClassAtom::Char(self.code_point_at_pos_mode()))
    }

    /// One unit (or a code point in Unicode mode).
    fn code_point_at_pos_mode(&mut self) -> u32 {
        let c = self.s[self.pos];
        self.pos += 1;
        c
    }

    /// <https://tc39.es/ecma262/#prod-ClassContents> without `v`.
    fn class_ranges(&mut self) -> Res<()> {
        self.eat('^');
        loop {
            match self.peek_char() {
                None if self.peek().is_none() => return self.err("unterminated character class"),
                Some(']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => {}
            }
            let a = self.class_atom()?;
            if self.peek_char() == Some('-')
                && self.peek_at(1) != Some(']')
                && self.peek_at(1).is_some()
            {
                self.pos += 1;
                let b = self.class_atom()?;
                match (a, b) {
                    // Early Error: a range's bounds must be in order.
                    (ClassAtom::Char(x), ClassAtom::Char(y)) if x > y => {
                        return self.err("range out of order in character class");
                    }
                    (ClassAtom::Char(_), ClassAtom::Char(_)) => {}
                    // Early Error (Unicode mode): a class escape cannot bound a range.
                    _ if self.unicode => return self.err("invalid character class"),
                    _ => {}
                }
            }
        }
    }

    /// <https://tc39.es/ecma262/#prod-ClassSetExpression> (`v` mode); the `[` is consumed.
    /// Returns whether the class may contain strings.
    fn class_set(&mut self) -> Res<bool> {
        let negated = self.eat('^');
        let strings = self.class_set_contents()?;
        if !self.eat(']') {
            return self.err("unterminated character class");
        }
        // Early Error: a negated class may not contain strings.
        if negated && strings {
            return self.err("negated character class may contain strings");
        }
        Ok(strings)
    }

    fn class_set_contents(&mut self) -> Res<bool> {
        if self.peek_char() == Some(']') {
            return Ok(false);
        }
        let (first, first_strings) = self.class_set_operand_or_range()?;
        if self.peek_char() == Some('&') && self.peek_at(1) == Some('&') {
            return self.class_set_operation("&&", first, first_strings);
        }
        if self.peek_char() == Some('-') && self.peek_at(1) == Some('-') {
            return self.class_set_operation("--", first, first_strings);
        }
        // ClassUnion
        let mut strings = first_strings;
        while self.peek_char() != Some(']') {
            if self.peek().is_none() {
                return self.err("unterminated character class");
            }
            if self.at_double_punctuator() {
                return self.err("invalid set operation in character class");
            }
            let (_, s) = self.class_set_operand_or_range()?;
            strings |= s;
        }
        Ok(strings)
    }

    /// ClassIntersection / ClassSubtraction: operands only, no ranges.
    fn class_set_operation(
        &mut self,
        op: &str,
        first_is_range: bool,
        first_strings: bool,
    ) -> Res<bool> {
        if first_is_range {
            return self.err("invalid set operation in character class");
        }
        let mut strings = first_strings;
        while self.eat_str(op) {
            let (is_range, s) = self.class_set_operand_or_range()?;
            if is_range {
                return self.err("invalid set operation in character class");
            }
            if op == "&&" {
                strings &= s;
            }
        }
        if self.peek_char() != Some(']') {
            return self.err("invalid set operation in character class");
        }
        Ok(strings)
    }

    fn at_double_punctuator(&self) -> bool {
        match (self.peek_char(), self.peek_at(1)) {
            (Some(a), Some(b)) => a == b && "&!#$%*+,.:;<=>?@^`~".contains(a),
            _ => false,
        }
    }

    /// One operand of a class set, or a range `a-b`. Returns (is_range, may_contain_strings).
    fn class_set_operand_or_range(&mut self) -> Res<(bool, bool)> {
        match self.peek_char() {
            Some('[') => {
                self.pos += 1;
                return Ok((false, self.class_set()?));
            }
            Some('\\') if self.peek_at(1) == Some('q') => {
                self.pos += 2;
                return Ok((false, self.class_string_disjunction()?));
            }
            Some('\\') if matches!(self.peek_at(1), Some('d' | 'D' | 's' | 'S' | 'w' | 'W')) => {
                self.pos += 2;
                return Ok((false, false));
            }
            Some('\\') if matches!(self.peek_at(1), Some('p' | 'P')) => {
                let negated = self.peek_at(1) == Some('P');
                self.pos += 2;
                return Ok((false, self.property_escape(negated)?));
            }
            _ => {}
        }
        let a = self.class_set_character()?;
        if self.peek_char() == Some('-') && self.peek_at(1) != Some('-') {
            self.pos += 1;
            let b = self.class_set_character()?;
            if a > b {
                return self.err("range out of order in character class");
            }
            return Ok((true, false));
        }
        Ok((false, false))
    }

    /// <https://tc39.es/ecma262/#prod-ClassSetCharacter>
    fn class_set_character(&mut self) -> Res<u32> {
        let Some(c) = self.peek_char() else {
            return self.err("unterminated character class");
        };
        if c == '\\' {
            self.pos += 1;
            match self.peek_char() {
                Some(p) if "&-!#%,:;<=>@`~".contains(p) => {
                    self.pos += 1;
                    return Ok(p as u32);
                }
                _ => {}
            }
            return match self.character_or_class_escape(true)? {
                ClassAtom::Char(v) => Ok(v),
                ClassAtom::Class => self.err("invalid character class"),
            };
        }
        if "()[]{}/-|".contains(c) || self.at_double_punctuator() {
            return self.err("invalid character in character class");
        }
        Ok(self.code_point_at_pos_mode())
    }

    /// `\q{a|bc}` (the `\q` is consumed). Returns whether a string is longer than one code
    /// point.
    fn class_string_disjunction(&mut self) -> Res<bool> {
        if !self.eat('{') {
            return self.err("invalid escape");
        }
        let mut strings = false;
        let mut len = 0;
        loop {
            match self.peek_char() {
                Some('}') => {
                    self.pos += 1;
                    strings |= len != 1;
                    return Ok(strings);
                }
                Some('|') => {
                    self.pos += 1;
                    strings |= len != 1;
                    len = 0;
                }
                None if self.peek().is_none() => return self.err("unterminated class string"),
                _ => {
                    self.class_set_character()?;
                    len += 1;
                }
            }
        }
    }
}

/// Two named groups may share a name only if they are in different alternatives of some
/// common disjunction.
fn different_alternatives(a: &AltPath, b: &AltPath) -> bool {
    a.iter()
        .zip(b.iter())
        .take_while(|(x, y)| x.0 == y.0)
        .any(|(x, y)| x.1 != y.1)
}

/// Compares two decimal digit strings by value.
fn cmp_decimal(a: &str, b: &str) -> std::cmp::Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::validate;

    #[test]
    fn valid_patterns() {
        for (p, f) in [
            ("a|b", ""),
            ("(?<x>a)\\k<x>", ""),
            ("(?<x>a)|(?<x>b)", ""),
            ("[a-z]{1,3}?", "u"),
            ("\\p{Script=Greek}", "u"),
            ("[\\p{L}--[a-z]]", "v"),
            ("(?i:a)", ""),
            ("{", ""),
            ("\\1", ""),
            ("]", ""),
        ] {
            assert!(validate(p, f).is_ok(), "/{p}/{f} should be valid");
        }
    }

    #[test]
    fn invalid_patterns() {
        for (p, f) in [
            ("(", ""),
            ("a**", ""),
            ("[b-a]", ""),
            ("a{2,1}", ""),
            ("{", "u"),
            ("\\1", "u"),
            ("(?<x>a)(?<x>b)", ""),
            ("\\k<y>(?<x>a)", ""),
            ("\\p{Foo}", "u"),
            ("[^\\q{ab}]", "v"),
            ("(?-:a)", ""),
            ("(?ii:a)", ""),
        ] {
            assert!(validate(p, f).is_err(), "/{p}/{f} should be invalid");
        }
    }
}
