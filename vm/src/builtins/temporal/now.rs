//! `Temporal.Now`. <https://tc39.es/proposal-temporal/#sec-temporal-now-object>
//!
//! The host's time zone is UTC, as for `Date` (see `date.rs`): SystemTimeZoneIdentifier()
//! is "UTC". The clock is the system clock; like `Date.now()`, it is refused while a
//! RealmBuilder builds a snapshot.

use super::calendar::to_temporal_time_zone_identifier;
use super::instant::create_temporal_instant;
use super::plain_date::create_temporal_date;
use super::plain_date_time::create_temporal_date_time;
use super::plain_time::create_temporal_time;
use super::OrThrow;
use crate::builtins::date::refuse_in_builder;
use crate::builtins::method;
use crate::natives::NativeId;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::{Handle, Object, Value};
use temporal_rs::{Calendar, Instant, PlainDateTime, TimeZone};

pub fn init(vm: &mut Vm, ns: Handle<Object>) {
    let now = super::super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::TemporalNow, now);
    super::super::put(vm, ns, "Now", Value::Object(now), amber_heap::attrs::HIDDEN);
    let methods: [(&str, NativeId, u32); 5] = [
        ("timeZoneId", NativeId::TemporalNowTimeZoneId, 0),
        ("instant", NativeId::TemporalNowInstant, 0),
        ("plainDateTimeISO", NativeId::TemporalNowPlainDateTimeIso, 0),
        ("plainDateISO", NativeId::TemporalNowPlainDateIso, 0),
        ("plainTimeISO", NativeId::TemporalNowPlainTimeIso, 0),
    ];
    for (name, id, len) in methods {
        method(vm, now, name, id, len);
    }
    super::tag(vm, now, "Temporal.Now");
}

/// SystemUTCEpochNanoseconds(). <https://tc39.es/proposal-temporal/#sec-temporal-systemutcepochnanoseconds>
pub(crate) fn system_utc_epoch_nanoseconds(vm: &mut Vm, what: &str) -> JsResult<Instant> {
    refuse_in_builder(vm, what)?;
    let ns = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        _ if vm.options.predictable => crate::builtins::date::now(vm) as i128 * 1_000_000,
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    };
    Instant::try_new(ns).or_throw(vm)
}

/// `Temporal.Now.timeZoneId()`. <https://tc39.es/proposal-temporal/#sec-temporal.now.timezoneid>
pub fn time_zone_id(vm: &mut Vm, _args: Args) -> JsResult {
    // 1. Return SystemTimeZoneIdentifier().
    Ok(vm.string_from("UTC"))
}

/// `Temporal.Now.instant()`. <https://tc39.es/proposal-temporal/#sec-temporal.now.instant>
pub fn instant(vm: &mut Vm, _args: Args) -> JsResult {
    let i = system_utc_epoch_nanoseconds(vm, "Temporal.Now.instant()")?;
    Ok(create_temporal_instant(vm, &i))
}

/// SystemDateTime(temporalTimeZoneLike).
/// <https://tc39.es/proposal-temporal/#sec-temporal-systemdatetime>
fn system_date_time(vm: &mut Vm, args: &Args, what: &str) -> JsResult<PlainDateTime> {
    // 1-2. undefined is the system time zone, otherwise ? ToTemporalTimeZoneIdentifier.
    let like = args.get(vm, 0);
    let tz = if like.is_undefined() {
        TimeZone::try_from_identifier_str("UTC").or_throw(vm)?
    } else {
        to_temporal_time_zone_identifier(vm, like)?
    };
    // 3. Let epochNs be SystemUTCEpochNanoseconds().
    let i = system_utc_epoch_nanoseconds(vm, what)?;
    // 4. Return GetISODateTimeFor(timeZone, epochNs).
    let z = i.to_zoned_date_time_iso(tz).or_throw(vm)?;
    let dt = z.to_plain_date_time();
    Ok(dt.with_calendar(Calendar::ISO))
}

/// `Temporal.Now.plainDateTimeISO([temporalTimeZoneLike])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.now.plaindatetimeiso>
pub fn plain_date_time_iso(vm: &mut Vm, args: Args) -> JsResult {
    let dt = system_date_time(vm, &args, "Temporal.Now.plainDateTimeISO()")?;
    Ok(create_temporal_date_time(vm, &dt))
}

/// `Temporal.Now.plainDateISO([temporalTimeZoneLike])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.now.plaindateiso>
pub fn plain_date_iso(vm: &mut Vm, args: Args) -> JsResult {
    let dt = system_date_time(vm, &args, "Temporal.Now.plainDateISO()")?;
    Ok(create_temporal_date(vm, &dt.to_plain_date()))
}

/// `Temporal.Now.plainTimeISO([temporalTimeZoneLike])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.now.plaintimeiso>
pub fn plain_time_iso(vm: &mut Vm, args: Args) -> JsResult {
    let dt = system_date_time(vm, &args, "Temporal.Now.plainTimeISO()")?;
    Ok(create_temporal_time(vm, &dt.to_plain_time()))
}
