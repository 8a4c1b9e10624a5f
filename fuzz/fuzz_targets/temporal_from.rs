//! Arbitrary text through every Temporal parser (`Temporal.{PlainDate, PlainTime,
//! PlainDateTime, ZonedDateTime, Instant, Duration, PlainYearMonth, PlainMonthDay}.from`):
//! no panics, and nothing thrown but RangeErrors. The check is shared with the bounded
//! `cargo test` in `vm/tests/temporal_from.rs`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;

#[path = "../../vm/tests/support/temporal_from.rs"]
mod temporal_from;

thread_local! {
    static CHECK: RefCell<temporal_from::TemporalFrom> = RefCell::new(temporal_from::TemporalFrom::new());
}

fuzz_target!(|data: &[u8]| {
    // Temporal strings are short; longer inputs only slow the search down.
    if data.len() > 256 {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    CHECK.with(|c| {
        c.borrow_mut().check(text);
    });
});
