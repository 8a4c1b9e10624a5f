//! AMBER PATCH: the poll callback of `find_from_utf16_with_poll` / `find_from_ucs2_with_poll`.

#![cfg(feature = "utf16")]

use regress::{Flags, MatchAborted, POLL_INTERVAL_STEPS, Regex};

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

#[test]
fn a_poll_that_says_stop_aborts_a_catastrophic_match() {
    let re = Regex::with_flags("(a+)+$", Flags::default()).unwrap();
    let text = utf16(&format!("{}b", "a".repeat(40)));
    for unicode in [false, true] {
        let mut calls = 0u32;
        let mut poll = || {
            calls += 1;
            calls < 3
        };
        let r = if unicode {
            re.find_from_utf16_with_poll(&text, 0, false, &mut poll)
        } else {
            re.find_from_ucs2_with_poll(&text, 0, false, &mut poll)
        };
        assert!(matches!(r, Err(MatchAborted)));
        assert_eq!(
            calls, 3,
            "the poll is called until it says stop, then never again"
        );
    }
}

#[test]
fn a_poll_that_says_go_on_finds_the_same_matches() {
    let cases = [
        ("(a+)+$", "aaaaaaaaaaaaaaaaab"),
        ("(a+)+b", "aaaaaaaaaaaaaaaaab"),
        ("(?<=(\\d+)(\\d+))$", "1053"),
        (
            "(x*)*y",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy",
        ),
        ("\\u{1F600}.", "a\u{1F600}\u{1F601}"),
        ("(?!a)b|c", "aac"),
    ];
    for (pattern, subject) in cases {
        let re = Regex::with_flags(pattern, "u").unwrap();
        let text = utf16(subject);
        for start in 0..text.len() {
            let mut polls = 0u64;
            let found = re
                .find_from_utf16_with_poll(&text, start, false, &mut || {
                    polls += 1;
                    true
                })
                .unwrap();
            let expected = re.find_from_utf16(&text, start).next();
            assert_eq!(
                found.as_ref().map(|m| (m.range(), m.captures.clone())),
                expected.as_ref().map(|m| (m.range(), m.captures.clone())),
                "{pattern} on {subject:?} from {start}"
            );
        }
    }
}

#[test]
fn the_poll_is_called_about_once_per_interval() {
    // (a+)+$ on a^n b takes about 2^n steps; with n = 20 that is ~10^6 steps.
    let re = Regex::new("(a+)+$").unwrap();
    let text = utf16(&format!("{}b", "a".repeat(20)));
    let mut polls = 0u64;
    let r = re.find_from_ucs2_with_poll(&text, 0, false, &mut || {
        polls += 1;
        true
    });
    assert!(matches!(r, Ok(None)));
    assert!(
        polls >= (1 << 20) / POLL_INTERVAL_STEPS as u64,
        "{polls} polls for about 2^20 steps"
    );
}
