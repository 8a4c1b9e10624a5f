//! The bounded, stable-toolchain counterpart of the `temporal_from` fuzz target: a few
//! thousand generated strings (well-formed Temporal strings, their mutations, and random
//! fragments of the ISO 8601 / RFC 9557 grammar) through every `Temporal.X.from`. None may
//! panic or throw anything but a RangeError.

#[path = "support/temporal_from.rs"]
mod temporal_from;

use temporal_from::TemporalFrom;

/// xorshift64*: a fixed, dependency-free sequence.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const VALID: &[&str] = &[
    "2020-01-01",
    "+002020-01-01",
    "-000001-12-31",
    "2020-01-01T12:34:56.789123456",
    "2020-01-01T00:00:00Z",
    "2020-01-01T00:00:00+01:00[Europe/Paris]",
    "2020-01-01T00:00:00-08:00[America/Los_Angeles][u-ca=gregory]",
    "1970-01-01T00:00Z[UTC]",
    "20200101T000000Z",
    "12:34:56",
    "T12:34",
    "2020-01",
    "01-01",
    "--01-01",
    "P1Y2M3W4DT5H6M7.891011121S",
    "-PT0.5H",
    "PT1,5S",
    "P0D",
    "2020-01-01[!u-ca=iso8601]",
    // Not valid: no parser may accept them.
    "2020-02-30",
    "275760-09-13T00:00Z",
    "-271821-04-19T00:00Z",
    "+275760-09-13T00:00:00Z",
    "-271821-04-20T00:00Z",
];

const FRAGMENTS: &[&str] = &[
    "0",
    "1",
    "9",
    "12",
    "59",
    "60",
    "99",
    "2020",
    "+",
    "-",
    "\u{2212}",
    ":",
    "T",
    "t",
    "Z",
    "z",
    ".",
    ",",
    "[",
    "]",
    "!",
    "=",
    "u-ca=",
    "iso8601",
    "japanese",
    "UTC",
    "Europe/Paris",
    "Etc/GMT+5",
    "+01:00",
    "-23:59:59.999999999",
    "P",
    "Y",
    "M",
    "W",
    "D",
    "H",
    "S",
    "999999999999999999",
    "000000000000",
    " ",
    "\u{0}",
    "\u{ff}",
    "é",
    "\u{1f600}",
    "--",
    "_",
    "x-foo=bar",
    "[a=b]",
    "[u-ca=gregory][u-ca=iso8601]",
];

fn generate(rng: &mut Rng) -> String {
    match rng.below(4) {
        // A valid string with its digits changed (mostly still well-formed).
        3 => rng
            .pick(VALID)
            .chars()
            .map(|c| {
                if c.is_ascii_digit() && rng.below(3) == 0 {
                    char::from(b'0' + rng.below(10) as u8)
                } else {
                    c
                }
            })
            .collect(),
        // A valid string, mutated.
        0 => {
            let mut s: Vec<char> = rng.pick(VALID).chars().collect();
            for _ in 0..=rng.below(4) {
                let at = rng.below(s.len() + 1);
                match rng.below(3) {
                    0 if at < s.len() => {
                        s.remove(at);
                    }
                    1 => {
                        let frag: Vec<char> = rng.pick(FRAGMENTS).chars().collect();
                        s.splice(at..at, frag);
                    }
                    _ if at < s.len() => {
                        s[at] = char::from_u32(rng.below(0x80) as u32).unwrap_or('0');
                    }
                    _ => {}
                }
            }
            s.into_iter().collect()
        }
        // Fragments of the grammar.
        1 => (0..=rng.below(12)).map(|_| rng.pick(FRAGMENTS)).collect(),
        // Two valid strings glued.
        _ => format!("{}{}", rng.pick(VALID), rng.pick(VALID)),
    }
}

#[test]
fn temporal_from_never_panics_on_generated_strings() {
    let mut check = TemporalFrom::new();
    // Every valid seed parses with at least one parser; the three invalid ones with none
    // (February 30th, a six-digit year without its sign, one day before the first Instant).
    for s in VALID {
        let accepted = check.check(s);
        let invalid = ["2020-02-30", "275760-09-13T00:00Z", "-271821-04-19T00:00Z"].contains(s);
        assert_eq!(accepted == 0, invalid, "{s:?} parsed by {accepted} parsers");
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut accepted = 0;
    for _ in 0..3000 {
        let s = generate(&mut rng);
        if check.check(&s) > 0 {
            accepted += 1;
        }
    }
    // The generator reaches the parsers' success paths too, not only their errors.
    assert!(accepted > 300, "only {accepted} generated strings parsed");
}
