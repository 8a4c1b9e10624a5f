//! `Date` and `Date.prototype`. <https://tc39.es/ecma262/#sec-date-objects>
//!
//! **The local time zone is UTC:** LocalTime(t) = UTC(t) = t, the offset is always +00:00 and
//! the time zone name is "Coordinated Universal Time". The local and UTC getters and setters
//! therefore behave alike, but each still follows its own spec algorithm.
//!
//! Time values are f64 milliseconds since the epoch, NaN for an invalid date, as in the spec.

use super::{method, symbol_method};
use crate::natives::NativeId;
use crate::ops::{self, Hint};
use crate::realm::{set_intrinsic, Intrinsic, WellKnown};
use crate::{Args, JsResult, Vm};
use amber_heap::{attrs, ObjectKind, Value};

const MS_PER_DAY: f64 = 86_400_000.0;
const MS_PER_HOUR: f64 = 3_600_000.0;
const MS_PER_MINUTE: f64 = 60_000.0;
const MS_PER_SECOND: f64 = 1000.0;

pub fn init(vm: &mut Vm) {
    let proto = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::DatePrototype, proto);
    let c = super::constructor(vm, NativeId::Date, "Date", 7, proto);
    set_intrinsic(vm, Intrinsic::Date, c);
    method(vm, c, "now", NativeId::DateNow, 0);
    method(vm, c, "parse", NativeId::DateParse, 1);
    method(vm, c, "UTC", NativeId::DateUtc, 7);
    let methods: &[(&str, NativeId, u32)] = &[
        ("getDate", NativeId::DatePrototypeGetDate, 0),
        ("getDay", NativeId::DatePrototypeGetDay, 0),
        ("getFullYear", NativeId::DatePrototypeGetFullYear, 0),
        ("getHours", NativeId::DatePrototypeGetHours, 0),
        ("getMilliseconds", NativeId::DatePrototypeGetMilliseconds, 0),
        ("getMinutes", NativeId::DatePrototypeGetMinutes, 0),
        ("getMonth", NativeId::DatePrototypeGetMonth, 0),
        ("getSeconds", NativeId::DatePrototypeGetSeconds, 0),
        ("getTime", NativeId::DatePrototypeGetTime, 0),
        (
            "getTimezoneOffset",
            NativeId::DatePrototypeGetTimezoneOffset,
            0,
        ),
        ("getUTCDate", NativeId::DatePrototypeGetDate, 0),
        ("getUTCDay", NativeId::DatePrototypeGetDay, 0),
        ("getUTCFullYear", NativeId::DatePrototypeGetFullYear, 0),
        ("getUTCHours", NativeId::DatePrototypeGetHours, 0),
        (
            "getUTCMilliseconds",
            NativeId::DatePrototypeGetMilliseconds,
            0,
        ),
        ("getUTCMinutes", NativeId::DatePrototypeGetMinutes, 0),
        ("getUTCMonth", NativeId::DatePrototypeGetMonth, 0),
        ("getUTCSeconds", NativeId::DatePrototypeGetSeconds, 0),
        ("getYear", NativeId::DatePrototypeGetYear, 0),
        ("setDate", NativeId::DatePrototypeSetDate, 1),
        ("setFullYear", NativeId::DatePrototypeSetFullYear, 3),
        ("setHours", NativeId::DatePrototypeSetHours, 4),
        ("setMilliseconds", NativeId::DatePrototypeSetMilliseconds, 1),
        ("setMinutes", NativeId::DatePrototypeSetMinutes, 3),
        ("setMonth", NativeId::DatePrototypeSetMonth, 2),
        ("setSeconds", NativeId::DatePrototypeSetSeconds, 2),
        ("setTime", NativeId::DatePrototypeSetTime, 1),
        ("setUTCDate", NativeId::DatePrototypeSetDate, 1),
        ("setUTCFullYear", NativeId::DatePrototypeSetFullYear, 3),
        ("setUTCHours", NativeId::DatePrototypeSetHours, 4),
        (
            "setUTCMilliseconds",
            NativeId::DatePrototypeSetMilliseconds,
            1,
        ),
        ("setUTCMinutes", NativeId::DatePrototypeSetMinutes, 3),
        ("setUTCMonth", NativeId::DatePrototypeSetMonth, 2),
        ("setUTCSeconds", NativeId::DatePrototypeSetSeconds, 2),
        ("setYear", NativeId::DatePrototypeSetYear, 1),
        ("toDateString", NativeId::DatePrototypeToDateString, 0),
        ("toISOString", NativeId::DatePrototypeToIsoString, 0),
        ("toJSON", NativeId::DatePrototypeToJson, 1),
        ("toLocaleDateString", NativeId::DatePrototypeToDateString, 0),
        ("toLocaleString", NativeId::DatePrototypeToString, 0),
        ("toLocaleTimeString", NativeId::DatePrototypeToTimeString, 0),
        ("toString", NativeId::DatePrototypeToString, 0),
        ("toTimeString", NativeId::DatePrototypeToTimeString, 0),
        ("valueOf", NativeId::DatePrototypeGetTime, 0),
    ];
    for &(name, id, len) in methods {
        method(vm, proto, name, id, len);
    }
    // B.2.3.2: Date.prototype.toGMTString is the same function object as toUTCString.
    let utc = method(
        vm,
        proto,
        "toUTCString",
        NativeId::DatePrototypeToUtcString,
        0,
    );
    super::put(
        vm,
        proto,
        "toGMTString",
        amber_heap::Value::Object(utc),
        attrs::HIDDEN,
    );
    symbol_method(
        vm,
        proto,
        WellKnown::ToPrimitive,
        "[Symbol.toPrimitive]",
        NativeId::DatePrototypeToPrimitive,
        1,
        attrs::CONFIGURABLE,
    );
}

// --- time arithmetic (§21.4.1) ----------------------------------------------------------------

/// Day(t) <https://tc39.es/ecma262/#sec-day>
fn day(t: f64) -> f64 {
    (t / MS_PER_DAY).floor()
}

/// TimeWithinDay(t) <https://tc39.es/ecma262/#sec-timewithinday>
fn time_within_day(t: f64) -> f64 {
    t.rem_euclid(MS_PER_DAY)
}

/// DayFromYear(y) <https://tc39.es/ecma262/#sec-dayfromyear>
fn day_from_year(y: f64) -> f64 {
    365.0 * (y - 1970.0) + ((y - 1969.0) / 4.0).floor() - ((y - 1901.0) / 100.0).floor()
        + ((y - 1601.0) / 400.0).floor()
}

fn days_in_year(y: f64) -> f64 {
    if (y % 4.0 != 0.0) || (y % 100.0 == 0.0 && y % 400.0 != 0.0) {
        365.0
    } else {
        366.0
    }
}

/// YearFromTime(t) <https://tc39.es/ecma262/#sec-yearfromtime>
fn year_from_time(t: f64) -> f64 {
    let d = day(t);
    let mut y = (d / 365.2425).floor() + 1970.0;
    while day_from_year(y) > d {
        y -= 1.0;
    }
    while day_from_year(y + 1.0) <= d {
        y += 1.0;
    }
    y
}

/// The first day of each month (0-based) in a common year.
const MONTH_STARTS: [f64; 12] = [
    0.0, 31.0, 59.0, 90.0, 120.0, 151.0, 181.0, 212.0, 243.0, 273.0, 304.0, 334.0,
];

fn month_start(month: usize, leap: bool) -> f64 {
    MONTH_STARTS[month] + if leap && month >= 2 { 1.0 } else { 0.0 }
}

/// (MonthFromTime(t), DateFromTime(t)) <https://tc39.es/ecma262/#sec-monthfromtime>
fn month_and_date(t: f64) -> (f64, f64) {
    let y = year_from_time(t);
    let leap = days_in_year(y) == 366.0;
    let in_year = day(t) - day_from_year(y);
    let mut m = 11;
    while month_start(m, leap) > in_year {
        m -= 1;
    }
    (m as f64, in_year - month_start(m, leap) + 1.0)
}

fn week_day(t: f64) -> f64 {
    (day(t) + 4.0).rem_euclid(7.0)
}

fn hour_from_time(t: f64) -> f64 {
    (t / MS_PER_HOUR).floor().rem_euclid(24.0)
}
fn min_from_time(t: f64) -> f64 {
    (t / MS_PER_MINUTE).floor().rem_euclid(60.0)
}
fn sec_from_time(t: f64) -> f64 {
    (t / MS_PER_SECOND).floor().rem_euclid(60.0)
}
fn ms_from_time(t: f64) -> f64 {
    t.rem_euclid(MS_PER_SECOND)
}

/// ToIntegerOrInfinity on an already-converted number.
fn integer(n: f64) -> f64 {
    if n.is_nan() {
        0.0
    } else {
        n.trunc() + 0.0
    }
}

/// MakeTime(hour, min, sec, ms) <https://tc39.es/ecma262/#sec-maketime>
fn make_time(h: f64, m: f64, s: f64, ms: f64) -> f64 {
    if !(h.is_finite() && m.is_finite() && s.is_finite() && ms.is_finite()) {
        return f64::NAN;
    }
    integer(h) * MS_PER_HOUR + integer(m) * MS_PER_MINUTE + integer(s) * MS_PER_SECOND + integer(ms)
}

/// MakeDay(year, month, date) <https://tc39.es/ecma262/#sec-makeday>
fn make_day(year: f64, month: f64, date: f64) -> f64 {
    if !(year.is_finite() && month.is_finite() && date.is_finite()) {
        return f64::NAN;
    }
    let (y, m, dt) = (integer(year), integer(month), integer(date));
    let ym = y + (m / 12.0).floor();
    // Years this far out are past TimeClip's range anyway.
    if !ym.is_finite() || ym.abs() > 400_000.0 {
        return f64::NAN;
    }
    let mn = m.rem_euclid(12.0) as usize;
    let leap = days_in_year(ym) == 366.0;
    day_from_year(ym) + month_start(mn, leap) + dt - 1.0
}

/// MakeDate(day, time) <https://tc39.es/ecma262/#sec-makedate>
fn make_date(day: f64, time: f64) -> f64 {
    if !(day.is_finite() && time.is_finite()) {
        return f64::NAN;
    }
    let tv = day * MS_PER_DAY + time;
    if tv.is_finite() {
        tv
    } else {
        f64::NAN
    }
}

/// MakeFullYear(year) <https://tc39.es/ecma262/#sec-makefullyear>
fn make_full_year(year: f64) -> f64 {
    if year.is_nan() {
        return f64::NAN;
    }
    let t = integer(year);
    if (0.0..=99.0).contains(&t) {
        1900.0 + t
    } else {
        t
    }
}

/// TimeClip(time) <https://tc39.es/ecma262/#sec-timeclip>
fn time_clip(time: f64) -> f64 {
    if !time.is_finite() || time.abs() > 8.64e15 {
        return f64::NAN;
    }
    integer(time)
}

/// The current time value (the synthetic clock's under [`crate::VmOptions::predictable`]).
pub(crate) fn now(vm: &mut Vm) -> f64 {
    if vm.options.predictable {
        let ms = vm.predictable_state.0;
        vm.predictable_state.0 += 1;
        return ms as f64;
    }
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_millis() as f64,
        Err(_) => 0.0,
    }
}

// --- formatting -------------------------------------------------------------------------------

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn year_string(y: f64) -> String {
    if y >= 0.0 {
        format!("{:04}", y as i64)
    } else {
        format!("-{:04}", (-y) as i64)
    }
}

/// DateString(tv) <https://tc39.es/ecma262/#sec-datestring>
fn date_string(tv: f64) -> String {
    let (m, d) = month_and_date(tv);
    format!(
        "{} {} {:02} {}",
        DAYS[week_day(tv) as usize],
        MONTHS[m as usize],
        d as i64,
        year_string(year_from_time(tv))
    )
}

/// TimeString(tv) <https://tc39.es/ecma262/#sec-timestring>
fn time_string(tv: f64) -> String {
    format!(
        "{:02}:{:02}:{:02} GMT",
        hour_from_time(tv) as i64,
        min_from_time(tv) as i64,
        sec_from_time(tv) as i64
    )
}

/// TimeZoneString(tv) <https://tc39.es/ecma262/#sec-timezoneestring>
fn time_zone_string() -> &'static str {
    "+0000 (Coordinated Universal Time)"
}

/// ToDateString(tv) <https://tc39.es/ecma262/#sec-todatestring>
fn to_date_string(tv: f64) -> String {
    if tv.is_nan() {
        return "Invalid Date".into();
    }
    format!(
        "{} {}{}",
        date_string(tv),
        time_string(tv),
        time_zone_string()
    )
}

pub(crate) fn iso_string(tv: f64) -> String {
    let y = year_from_time(tv);
    let (m, d) = month_and_date(tv);
    let year = if (0.0..=9999.0).contains(&y) {
        format!("{:04}", y as i64)
    } else if y < 0.0 {
        format!("-{:06}", (-y) as i64)
    } else {
        format!("+{:06}", y as i64)
    };
    format!(
        "{year}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        m as i64 + 1,
        d as i64,
        hour_from_time(tv) as i64,
        min_from_time(tv) as i64,
        sec_from_time(tv) as i64,
        ms_from_time(tv) as i64
    )
}

// --- parsing ----------------------------------------------------------------------------------

/// Date.parse's algorithm: the Date Time String Format
/// (<https://tc39.es/ecma262/#sec-date-time-string-format>), then the formats toString and
/// toUTCString produce. NaN when nothing matches.
pub fn parse_date(s: &str) -> f64 {
    parse_iso(s)
        .or_else(|| parse_informal(s))
        .unwrap_or(f64::NAN)
}

fn digits(b: &[u8], pos: &mut usize, n: usize) -> Option<f64> {
    let part = b.get(*pos..*pos + n)?;
    if !part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    *pos += n;
    Some(
        part.iter()
            .fold(0.0, |acc, &c| acc * 10.0 + (c - b'0') as f64),
    )
}

fn parse_iso(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut p = 0;
    // Year: YYYY or ±YYYYYY (-000000 is not allowed).
    let year = match b.first()? {
        b'+' | b'-' => {
            let neg = b[0] == b'-';
            p = 1;
            let y = digits(b, &mut p, 6)?;
            if neg && y == 0.0 {
                return None;
            }
            if neg {
                -y
            } else {
                y
            }
        }
        _ => digits(b, &mut p, 4)?,
    };
    let (mut month, mut date) = (1.0, 1.0);
    if b.get(p) == Some(&b'-') {
        p += 1;
        month = digits(b, &mut p, 2)?;
        if b.get(p) == Some(&b'-') {
            p += 1;
            date = digits(b, &mut p, 2)?;
        }
    }
    if !(1.0..=12.0).contains(&month) || !(1.0..=31.0).contains(&date) {
        return None;
    }
    let (mut h, mut mi, mut sec, mut ms) = (0.0, 0.0, 0.0, 0.0);
    let mut offset = 0.0;
    if b.get(p) == Some(&b'T') {
        p += 1;
        h = digits(b, &mut p, 2)?;
        if b.get(p) != Some(&b':') {
            return None;
        }
        p += 1;
        mi = digits(b, &mut p, 2)?;
        if b.get(p) == Some(&b':') {
            p += 1;
            sec = digits(b, &mut p, 2)?;
            if b.get(p) == Some(&b'.') {
                p += 1;
                let start = p;
                while p < b.len() && b[p].is_ascii_digit() {
                    p += 1;
                }
                if p == start {
                    return None;
                }
                let frac = &s[start..p.min(start + 3)];
                ms = frac.parse::<f64>().ok()? * 10f64.powi(3 - frac.len() as i32);
            }
        }
        if h > 24.0 || mi > 59.0 || sec > 59.0 || (h == 24.0 && (mi > 0.0 || sec > 0.0 || ms > 0.0))
        {
            return None;
        }
        // Time zone offset: Z, ±HH:mm, or absent (local time, which is UTC here).
        match b.get(p) {
            Some(b'Z') => p += 1,
            Some(&c @ (b'+' | b'-')) => {
                p += 1;
                let oh = digits(b, &mut p, 2)?;
                if b.get(p) != Some(&b':') {
                    return None;
                }
                p += 1;
                let om = digits(b, &mut p, 2)?;
                if oh > 23.0 || om > 59.0 {
                    return None;
                }
                let sign = if c == b'+' { 1.0 } else { -1.0 };
                offset = sign * (oh * MS_PER_HOUR + om * MS_PER_MINUTE);
            }
            _ => {}
        }
    }
    if p != b.len() {
        return None;
    }
    let tv = make_date(make_day(year, month - 1.0, date), make_time(h, mi, sec, ms)) - offset;
    let tv = time_clip(tv);
    (!tv.is_nan()).then_some(tv)
}

/// Parses "Tue Nov 21 2026 16:44:41 GMT+0000 (...)", "Tue, 21 Nov 2026 16:44:41 GMT" and
/// similar loose forms.
fn parse_informal(s: &str) -> Option<f64> {
    // Drop a parenthesized time zone name.
    let s = match s.find('(') {
        Some(i) => &s[..i],
        None => s,
    };
    let (mut year, mut month, mut date) = (None, None, None);
    let (mut h, mut mi, mut sec) = (0.0, 0.0, 0.0);
    let mut offset = 0.0;
    for tok in s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
    {
        let lower = tok.to_ascii_lowercase();
        if let Some(m) = MONTHS
            .iter()
            .position(|m| lower.starts_with(&m.to_ascii_lowercase()))
        {
            month = Some(m as f64);
        } else if DAYS
            .iter()
            .any(|d| lower.starts_with(&d.to_ascii_lowercase()))
        {
            continue;
        } else if tok.contains(':') {
            let parts: Vec<&str> = tok.split(':').collect();
            if parts.len() < 2 || parts.len() > 3 {
                return None;
            }
            h = parts[0].parse().ok()?;
            mi = parts[1].parse().ok()?;
            if let Some(s) = parts.get(2) {
                sec = s.parse().ok()?;
            }
        } else if lower.starts_with("gmt") || lower.starts_with("utc") || lower == "z" {
            let rest = &tok[3.min(tok.len())..];
            if !rest.is_empty() {
                let sign = match rest.as_bytes()[0] {
                    b'+' => 1.0,
                    b'-' => -1.0,
                    _ => return None,
                };
                let n: f64 = rest[1..].parse().ok()?;
                offset = sign * ((n / 100.0).floor() * MS_PER_HOUR + (n % 100.0) * MS_PER_MINUTE);
            }
        } else if let Ok(n) = tok.parse::<f64>() {
            if date.is_none() && n <= 31.0 && !tok.starts_with('-') && tok.len() <= 2 {
                date = Some(n);
            } else if year.is_none() {
                year = Some(n);
            } else {
                return None;
            }
        } else {
            return None;
        }
    }
    let (year, month, date) = (year?, month?, date.unwrap_or(1.0));
    let tv = make_date(make_day(year, month, date), make_time(h, mi, sec, 0.0)) - offset;
    let tv = time_clip(tv);
    (!tv.is_nan()).then_some(tv)
}

// --- the constructor and its functions --------------------------------------------------------

/// thisTimeValue(value) <https://tc39.es/ecma262/#sec-thistimevalue>
fn this_time_value(vm: &mut Vm, v: Value) -> JsResult<f64> {
    if let Value::Object(o) = v {
        if let ObjectKind::Date(t) = vm.heap.get(o).kind {
            return Ok(t);
        }
    }
    Err(vm.type_error("this is not a Date object."))
}

fn set_this_time_value(vm: &mut Vm, args: Args, t: f64) {
    if let Value::Object(o) = args.this(vm) {
        if let ObjectKind::Date(v) = &mut vm.heap.get_mut(o).kind {
            *v = t;
        }
    }
}

/// Date(...values) <https://tc39.es/ecma262/#sec-date>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    let nt = args.new_target(vm);
    // 1. If NewTarget is undefined, return ToDateString(now).
    if nt.is_undefined() {
        refuse_in_builder(vm, "Date()")?;
        let s = to_date_string(now(vm));
        return Ok(vm.string_from(&s));
    }
    let n = args.len();
    let tv = if n == 0 {
        // 3. If numberOfArgs = 0, let dv be the time value of now.
        refuse_in_builder(vm, "new Date()")?;
        now(vm)
    } else if n == 1 {
        // 4. Else if numberOfArgs = 1:
        let value = args.get(vm, 0);
        let date_value = match value {
            Value::Object(o) => match vm.heap.get(o).kind {
                // a. If value is an Object with a [[DateValue]] slot, tv = value.[[DateValue]].
                ObjectKind::Date(t) => Some(t),
                _ => None,
            },
            _ => None,
        };
        match date_value {
            Some(t) => t,
            None => {
                // b. Let v be ? ToPrimitive(value).
                let v = ops::to_primitive(vm, value, Hint::Default)?;
                if let Value::String(s) = v {
                    // ii. If v is a String, let tv be the result of parsing v as a date.
                    let s = vm.rust_string(s);
                    parse_date(&s)
                } else {
                    // iii. Let tv be ? ToNumber(v).
                    ops::to_number(vm, v)?
                }
            }
        }
    } else {
        // 5. Else: convert each component; MakeFullYear; MakeDate; UTC.
        let mut f = [f64::NAN, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
        for (i, slot) in f.iter_mut().enumerate().take(n.min(7)) {
            let v = args.get(vm, i);
            *slot = ops::to_number(vm, v)?;
        }
        let yr = make_full_year(f[0]);
        make_date(make_day(yr, f[1], f[2]), make_time(f[3], f[4], f[5], f[6]))
    };
    // 6. Let O be ? OrdinaryCreateFromConstructor(NewTarget, "%Date.prototype%", « [[DateValue]] »).
    let nt = args.new_target(vm);
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::DatePrototype,
        ObjectKind::Date(time_clip(tv)),
    )?;
    Ok(Value::Object(o))
}

/// Date.now() <https://tc39.es/ecma262/#sec-date.now>
pub fn date_now(vm: &mut Vm, _: Args) -> JsResult {
    refuse_in_builder(vm, "Date.now()")?;
    Ok(Value::Number(now(vm)))
}

/// In a RealmBuilder's realm (REALMS-DESIGN D.1) reading the clock or the random source
/// is a TypeError, so that builder code is deterministic and a snapshot's instance cannot
/// tell eager from deferred execution. The check is on the current realm: the same function
/// objects work in instances, whose realms have the flag cleared.
pub fn refuse_in_builder(vm: &mut Vm, what: &str) -> JsResult<()> {
    let realm = vm.current_realm();
    if vm.heap.get(realm).builder {
        return Err(vm.type_error(format!(
            "{what} is not available while building a realm snapshot (RealmBuilder)"
        )));
    }
    Ok(())
}

/// Date.parse(string) <https://tc39.es/ecma262/#sec-date.parse>
pub fn date_parse(vm: &mut Vm, args: Args) -> JsResult {
    let s = ops::to_rust_string(vm, args.get(vm, 0))?;
    Ok(Value::Number(parse_date(&s)))
}

/// Date.UTC(year [, month [, date [, hours [, minutes [, seconds [, ms ]]]]]])
/// <https://tc39.es/ecma262/#sec-date.utc>
pub fn date_utc(vm: &mut Vm, args: Args) -> JsResult {
    let mut f = [f64::NAN, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
    for (i, slot) in f.iter_mut().enumerate().take(args.len().clamp(1, 7)) {
        let v = args.get(vm, i);
        *slot = ops::to_number(vm, v)?;
    }
    let yr = make_full_year(f[0]);
    Ok(Value::Number(time_clip(make_date(
        make_day(yr, f[1], f[2]),
        make_time(f[3], f[4], f[5], f[6]),
    ))))
}

// --- getters ----------------------------------------------------------------------------------

/// The shared shape of the getters: thisTimeValue, NaN stays NaN, else a field of LocalTime(t).
fn getter(vm: &mut Vm, args: Args, field: fn(f64) -> f64) -> JsResult {
    let t = this_time_value(vm, args.this(vm))?;
    if t.is_nan() {
        return Ok(Value::Number(f64::NAN));
    }
    Ok(Value::Number(field(t)))
}

pub fn get_date(vm: &mut Vm, args: Args) -> JsResult {
    getter(vm, args, |t| month_and_date(t).1)
}
pub fn get_day(vm: &mut Vm, args: Args) -> JsResult {
    getter(vm, args, week_day)
}
pub fn get_full_year(vm: &mut Vm, args: Args) -> JsResult {
    getter(vm, args, year_from_time)
}
pub fn get_hours(vm: &mut Vm, args: Args) -> JsResult {
    getter(vm, args, hour_from_time)
}
pub fn get_milliseconds(vm: &mut Vm, args: Args) -> JsResult {
    getter(vm, args, ms_from_time)
}
pub fn get_minutes(vm: &mut Vm, args: Args) -> JsResult {
    getter(vm, args, min_from_time)
}
pub fn get_month(vm: &mut Vm, args: Args) -> JsResult {
    getter(vm, args, |t| month_and_date(t).0)
}
pub fn get_seconds(vm: &mut Vm, args: Args) -> JsResult {
    getter(vm, args, sec_from_time)
}
/// Date.prototype.getTime() and valueOf()
pub fn get_time(vm: &mut Vm, args: Args) -> JsResult {
    Ok(Value::Number(this_time_value(vm, args.this(vm))?))
}
/// Date.prototype.getTimezoneOffset(): always 0 (local time is UTC).
pub fn get_timezone_offset(vm: &mut Vm, args: Args) -> JsResult {
    getter(vm, args, |_| 0.0)
}
/// Date.prototype.getYear() (Annex B) <https://tc39.es/ecma262/#sec-date.prototype.getyear>
pub fn get_year(vm: &mut Vm, args: Args) -> JsResult {
    getter(vm, args, |t| year_from_time(t) - 1900.0)
}

// --- setters ----------------------------------------------------------------------------------

/// The fields of a time value, in the order the setters take them.
const YEAR: usize = 0;
const MONTH: usize = 1;
const DATE: usize = 2;
const HOURS: usize = 3;
const MINUTES: usize = 4;
const SECONDS: usize = 5;
const MS: usize = 6;

/// The shared steps of the setters (setFullYear, setMonth, setDate, setHours, setMinutes,
/// setSeconds, setMilliseconds and their UTC forms): convert the given arguments (the first
/// always, the optional ones when present) in order, then rebuild the date from the fields of
/// LocalTime(t) with those replaced. `first` is the field of the first argument; `count` how
/// many the setter takes.
/// <https://tc39.es/ecma262/#sec-date.prototype.sethours>
fn setter(vm: &mut Vm, args: Args, first: usize, count: usize) -> JsResult {
    // 1-3. Let t be dateObject.[[DateValue]].
    let t = this_time_value(vm, args.this(vm))?;
    // 4-7. Convert the arguments in order.
    let mut given = [None; 7];
    for i in 0..count {
        if i == 0 || i < args.len() {
            let v = args.get(vm, i);
            given[first + i] = Some(ops::to_number(vm, v)?);
        }
    }
    // 8. If t is NaN, return NaN (setFullYear starts from +0 instead).
    let t = if t.is_nan() {
        if first != YEAR {
            return Ok(Value::Number(f64::NAN));
        }
        0.0
    } else {
        t
    };
    // 9-13. Fill the fields not given from LocalTime(t) and rebuild.
    let (m, d) = month_and_date(t);
    let current = [
        year_from_time(t),
        m,
        d,
        hour_from_time(t),
        min_from_time(t),
        sec_from_time(t),
        ms_from_time(t),
    ];
    let f: Vec<f64> = (0..7).map(|i| given[i].unwrap_or(current[i])).collect();
    let date = make_date(
        make_day(f[YEAR], f[MONTH], f[DATE]),
        make_time(f[HOURS], f[MINUTES], f[SECONDS], f[MS]),
    );
    // 14-16. Let u be TimeClip(UTC(date)); set dateObject.[[DateValue]] to u; return u.
    let u = time_clip(date);
    set_this_time_value(vm, args, u);
    Ok(Value::Number(u))
}

pub fn set_date(vm: &mut Vm, args: Args) -> JsResult {
    setter(vm, args, DATE, 1)
}
pub fn set_full_year(vm: &mut Vm, args: Args) -> JsResult {
    setter(vm, args, YEAR, 3)
}
pub fn set_hours(vm: &mut Vm, args: Args) -> JsResult {
    setter(vm, args, HOURS, 4)
}
pub fn set_milliseconds(vm: &mut Vm, args: Args) -> JsResult {
    setter(vm, args, MS, 1)
}
pub fn set_minutes(vm: &mut Vm, args: Args) -> JsResult {
    setter(vm, args, MINUTES, 3)
}
pub fn set_month(vm: &mut Vm, args: Args) -> JsResult {
    setter(vm, args, MONTH, 2)
}
pub fn set_seconds(vm: &mut Vm, args: Args) -> JsResult {
    setter(vm, args, SECONDS, 2)
}

/// Date.prototype.setTime(time) <https://tc39.es/ecma262/#sec-date.prototype.settime>
pub fn set_time(vm: &mut Vm, args: Args) -> JsResult {
    this_time_value(vm, args.this(vm))?;
    let t = ops::to_number(vm, args.get(vm, 0))?;
    let v = time_clip(t);
    set_this_time_value(vm, args, v);
    Ok(Value::Number(v))
}

/// Date.prototype.setYear(year) (Annex B) <https://tc39.es/ecma262/#sec-date.prototype.setyear>
pub fn set_year(vm: &mut Vm, args: Args) -> JsResult {
    let t = this_time_value(vm, args.this(vm))?;
    let y = ops::to_number(vm, args.get(vm, 0))?;
    let t = if t.is_nan() { 0.0 } else { t };
    let yyyy = make_full_year(y);
    if yyyy.is_nan() {
        set_this_time_value(vm, args, f64::NAN);
        return Ok(Value::Number(f64::NAN));
    }
    let (m, d) = month_and_date(t);
    let date = make_date(make_day(yyyy, m, d), time_within_day(t));
    let u = time_clip(date);
    set_this_time_value(vm, args, u);
    Ok(Value::Number(u))
}

// --- string conversions -----------------------------------------------------------------------

/// Date.prototype.toString() <https://tc39.es/ecma262/#sec-date.prototype.tostring>
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    let tv = this_time_value(vm, args.this(vm))?;
    let s = to_date_string(tv);
    Ok(vm.string_from(&s))
}

/// Date.prototype.toDateString() <https://tc39.es/ecma262/#sec-date.prototype.todatestring>
pub fn to_date_string_method(vm: &mut Vm, args: Args) -> JsResult {
    let tv = this_time_value(vm, args.this(vm))?;
    let s = if tv.is_nan() {
        "Invalid Date".to_string()
    } else {
        date_string(tv)
    };
    Ok(vm.string_from(&s))
}

/// Date.prototype.toTimeString() <https://tc39.es/ecma262/#sec-date.prototype.totimestring>
pub fn to_time_string(vm: &mut Vm, args: Args) -> JsResult {
    let tv = this_time_value(vm, args.this(vm))?;
    let s = if tv.is_nan() {
        "Invalid Date".to_string()
    } else {
        format!("{}{}", time_string(tv), time_zone_string())
    };
    Ok(vm.string_from(&s))
}

/// Date.prototype.toUTCString() <https://tc39.es/ecma262/#sec-date.prototype.toutcstring>
pub fn to_utc_string(vm: &mut Vm, args: Args) -> JsResult {
    let tv = this_time_value(vm, args.this(vm))?;
    let s = if tv.is_nan() {
        "Invalid Date".to_string()
    } else {
        let (m, d) = month_and_date(tv);
        format!(
            "{}, {:02} {} {} {}",
            DAYS[week_day(tv) as usize],
            d as i64,
            MONTHS[m as usize],
            year_string(year_from_time(tv)),
            time_string(tv)
        )
    };
    Ok(vm.string_from(&s))
}

/// Date.prototype.toISOString() <https://tc39.es/ecma262/#sec-date.prototype.toisostring>
pub fn to_iso_string(vm: &mut Vm, args: Args) -> JsResult {
    let tv = this_time_value(vm, args.this(vm))?;
    if !tv.is_finite() {
        return Err(vm.range_error("Invalid time value"));
    }
    let s = iso_string(tv);
    Ok(vm.string_from(&s))
}

/// Date.prototype.toJSON(key) <https://tc39.es/ecma262/#sec-date.prototype.tojson>
pub fn to_json(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Let O be ? ToObject(this value).
    let o = ops::to_object(vm, args.this(vm))?;
    let os = vm.root(Value::Object(o));
    // 2. Let tv be ? ToPrimitive(O, number).
    let tv = ops::to_primitive(vm, Value::Object(o), Hint::Number)?;
    // 3. If tv is a Number and tv is not finite, return null.
    if let Value::Number(n) = tv {
        if !n.is_finite() {
            return Ok(Value::Null);
        }
    }
    // 4. Return ? Invoke(O, "toISOString").
    let key = vm.key("toISOString");
    let o = vm.rooted(os);
    ops::invoke(vm, o, key, &[])
}

/// Date.prototype[@@toPrimitive](hint)
/// <https://tc39.es/ecma262/#sec-date.prototype-%symbol.toprimitive%>
pub fn to_primitive(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. If O is not an Object, throw a TypeError exception.
    let o = args.this(vm);
    if !matches!(o, Value::Object(_)) {
        return Err(vm.type_error("Date.prototype[Symbol.toPrimitive] called on non-object"));
    }
    // 3-5. "string" and "default" try toString first; "number" valueOf.
    let hint = match args.get(vm, 0) {
        Value::String(s) => match vm.rust_string(s).as_str() {
            "string" | "default" => Hint::String,
            "number" => Hint::Number,
            _ => return Err(vm.type_error("Invalid hint")),
        },
        _ => return Err(vm.type_error("Invalid hint")),
    };
    // 6. Return ? OrdinaryToPrimitive(O, tryFirst).
    ops::ordinary_to_primitive(vm, o, hint)
}
