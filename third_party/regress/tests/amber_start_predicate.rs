//! AMBER PATCH: the element start predicate of UTF-16 matching, and anchored (sticky)
//! searches.
//!
//! An unanchored search skips the positions whose first element no match can start with. The
//! oracle here is the anchored search tried at every position in turn, which never consults
//! the predicate: the two must find the same first match, with the same captures.

#![cfg(feature = "utf16")]

use regress::{Match, Regex};

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

type Found = Option<(std::ops::Range<usize>, Vec<Option<std::ops::Range<usize>>>)>;

fn summary(m: Option<Match>) -> Found {
    m.map(|m| (m.range(), m.captures.clone()))
}

fn find(re: &Regex, text: &[u16], start: usize, unicode: bool, anchored: bool) -> Found {
    let mut go_on = || true;
    let found = if unicode {
        re.find_from_utf16_with_poll(text, start, anchored, &mut go_on)
    } else {
        re.find_from_ucs2_with_poll(text, start, anchored, &mut go_on)
    };
    summary(found.unwrap())
}

/// The first match at or after `start`, by trying each position (one element at a time, as the
/// matcher steps) with an anchored search.
fn first_match_by_trying_every_position(
    re: &Regex,
    text: &[u16],
    start: usize,
    unicode: bool,
) -> Found {
    let mut pos = start;
    loop {
        if let Some(found) = find(re, text, pos, unicode, true) {
            return Some(found);
        }
        if pos >= text.len() {
            return None;
        }
        let pair = unicode
            && (0xD800..0xDC00).contains(&text[pos])
            && text.get(pos + 1).is_some_and(|u| (0xDC00..0xE000).contains(u));
        pos += if pair { 2 } else { 1 };
    }
}

#[test]
fn skipping_start_positions_finds_the_same_first_match() {
    let patterns = [
        ("\\s?;\\s?", ""),
        ("[+, ]", ""),
        ("^\\s*|\\s*$", ""),
        ("^ba", "m"),
        ("\\b\\w+\\b", ""),
        ("(?<=a)b", ""),
        ("(?<!a)b", ""),
        ("(?=c)\\w", ""),
        ("x|yz|", ""),
        ("(ab)+c", ""),
        ("a*b", ""),
        ("[^a-z]", ""),
        ("[^a-z]", "u"),
        ("k", "i"),
        ("k", "iu"),
        ("s", "iu"),
        ("\\u00e9t\\u00e9", "i"),
        ("\\u212a", "i"),
        ("\\u{1F600}", "u"),
        ("[\\u{1F600}-\\u{1F64F}]x", "u"),
        ("\\ud83d", ""),
        ("\\ud83d", "u"),
        ("[\\ud800-\\udfff]", ""),
        ("(?:^|,)(\\d+)", ""),
        ("$", ""),
        ("\\d{2,}|[a-f]+", ""),
        ("\\W", "iu"),
    ];
    let subjects = [
        "",
        "a; b ;c;d",
        "ab, cd+ef",
        "  trim me  ",
        "foo\nbar\nbaz",
        "ab cb bb",
        "Kelvin \u{212A} k K \u{017F} S s",
        "\u{e9}t\u{c9} \u{c9}T\u{c9}",
        "x\u{1F600}y\u{1F601}x\u{1F64F}x",
        "lone \u{e000} high, \u{e001} low, \u{e000}\u{e001} pair",
        "12,345,a6,78",
        "abababc aab",
        "no match here",
    ];
    for (source, flags) in patterns {
        let re = Regex::with_flags(source, flags).unwrap();
        let unicode = flags.contains('u');
        for subject in subjects {
            // A `str` cannot hold a lone surrogate: U+E000 and U+E001 stand for 0xD83D and
            // 0xDE00.
            let text: Vec<u16> = utf16(subject)
                .into_iter()
                .map(|u| match u {
                    0xE000 => 0xD83D,
                    0xE001 => 0xDE00,
                    u => u,
                })
                .collect();
            for start in 0..=text.len() {
                assert_eq!(
                    find(&re, &text, start, unicode, false),
                    first_match_by_trying_every_position(&re, &text, start, unicode),
                    "/{source}/{flags} on {subject:?} from {start}"
                );
            }
        }
    }
}

#[test]
fn an_anchored_search_tries_one_position_only() {
    let re = Regex::with_flags("\\s?;\\s?", "").unwrap();
    let text = utf16("a ; b;c");
    assert_eq!(find(&re, &text, 0, false, true), None);
    assert_eq!(find(&re, &text, 1, false, true), Some((1..4, vec![])));
    assert_eq!(find(&re, &text, 2, false, true), Some((2..4, vec![])));
    assert_eq!(find(&re, &text, 5, false, true), Some((5..6, vec![])));
    assert_eq!(find(&re, &text, 7, false, true), None);
    // An empty match at the position is a match.
    let re = Regex::with_flags("x*", "u").unwrap();
    assert_eq!(find(&re, &text, 3, true, true), Some((3..3, vec![])));
}
