//! A small glob matcher for `--filter`: `*` matches within one path segment, `?` matches one
//! character other than `/`, and `**` matches across segments (`a/**/b` also matches `a/b`).

/// One element of a compiled pattern.
#[derive(Clone, Debug, PartialEq)]
enum Token {
    Literal(char),
    /// `?`
    AnyChar,
    /// `*`
    Star,
    /// `**` not followed by `/`: any text, including `/`.
    GlobStar,
    /// `**/`: nothing, or any text ending in `/`.
    GlobStarSlash,
}

/// A compiled glob pattern.
#[derive(Clone, Debug)]
pub struct Glob {
    pattern: String,
    tokens: Vec<Token>,
}

impl Glob {
    /// Compiles `pattern`. Every pattern is valid; there is no escaping.
    pub fn new(pattern: &str) -> Glob {
        let chars: Vec<char> = pattern.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let token = match chars[i] {
                '*' if chars.get(i + 1) == Some(&'*') => {
                    if chars.get(i + 2) == Some(&'/') {
                        i += 2;
                        Token::GlobStarSlash
                    } else {
                        i += 1;
                        Token::GlobStar
                    }
                }
                '*' => Token::Star,
                '?' => Token::AnyChar,
                c => Token::Literal(c),
            };
            tokens.push(token);
            i += 1;
        }
        Glob {
            pattern: pattern.to_string(),
            tokens,
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether the whole of `path` matches the pattern.
    pub fn matches(&self, path: &str) -> bool {
        let text: Vec<char> = path.chars().collect();
        // reachable[j] says whether the tokens consumed so far can match exactly text[..j].
        let mut reachable = vec![false; text.len() + 1];
        reachable[0] = true;
        for token in &self.tokens {
            reachable = step(token, &text, &reachable);
            if !reachable.contains(&true) {
                return false;
            }
        }
        reachable[text.len()]
    }
}

/// Advances the set of reachable text positions over one token.
fn step(token: &Token, text: &[char], reachable: &[bool]) -> Vec<bool> {
    let mut next = vec![false; reachable.len()];
    for start in (0..reachable.len()).filter(|&j| reachable[j]) {
        match token {
            Token::Literal(c) => {
                if text.get(start) == Some(c) {
                    next[start + 1] = true;
                }
            }
            Token::AnyChar => {
                if text.get(start).is_some_and(|&c| c != '/') {
                    next[start + 1] = true;
                }
            }
            Token::Star => {
                next[start] = true;
                for end in start..text.len() {
                    if text[end] == '/' {
                        break;
                    }
                    next[end + 1] = true;
                }
            }
            Token::GlobStar => next[start..].iter_mut().for_each(|r| *r = true),
            Token::GlobStarSlash => {
                next[start] = true;
                for end in start..text.len() {
                    if text[end] == '/' {
                        next[end + 1] = true;
                    }
                }
            }
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use super::Glob;

    #[test]
    fn stars_and_globstars() {
        let g = Glob::new("test/built-ins/Array/**");
        assert!(g.matches("test/built-ins/Array/from/a.js"));
        assert!(!g.matches("test/built-ins/ArrayBuffer/a.js"));
        let g = Glob::new("test/*/a?.js");
        assert!(g.matches("test/x/ab.js"));
        assert!(!g.matches("test/x/y/ab.js"));
        assert!(!g.matches("test/x/a/.js"));
        let g = Glob::new("test/**/b.js");
        assert!(g.matches("test/b.js"));
        assert!(g.matches("test/x/y/b.js"));
        assert!(!g.matches("test/x/yb.js"));
        assert!(Glob::new("**").matches("anything/at/all"));
        assert!(Glob::new("test/**/*-err-*.js").matches("test/l/m/instn-err-x.js"));
    }
}
