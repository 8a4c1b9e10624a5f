//! The methods that make a `Temporal.ZonedDateTime` from another Temporal value:
//! `PlainDate.prototype.toZonedDateTime`, `PlainDateTime.prototype.toZonedDateTime`,
//! `Instant.prototype.toZonedDateTimeISO` and `Temporal.Now.zonedDateTimeISO`.

use super::calendar::to_temporal_time_zone_identifier;
use super::instant::this_instant;
use super::now::system_utc_epoch_nanoseconds;
use super::plain_date::this_date;
use super::plain_date_time::this_date_time;
use super::plain_time::to_temporal_time;
use super::zoned_date_time::{create_temporal_zoned_date_time, get_temporal_disambiguation_option};
use super::{get_options_object, OrThrow};
use crate::ops;
use crate::{Args, JsResult, Vm};
use amber_heap::Value;
use temporal_rs::TimeZone;

/// `Temporal.PlainDate.prototype.toZonedDateTime(item)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.prototype.tozoneddatetime>
pub fn plain_date_to_zoned_date_time(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_date(vm, &args, "Temporal.PlainDate.prototype.toZonedDateTime")?;
    let item = args.get(vm, 0);
    // 3. If item is an Object, then
    let (tz, time) = if let Value::Object(o) = item {
        // a. Let timeZoneLike be ? Get(item, "timeZone").
        let like = ops::get_str(vm, o, "timeZone")?;
        if like.is_undefined() {
            // b. If timeZoneLike is undefined: the item itself is the time zone.
            let item = args.get(vm, 0);
            (
                to_temporal_time_zone_identifier(vm, item)?,
                Value::Undefined,
            )
        } else {
            // c. Else: ToTemporalTimeZoneIdentifier(timeZoneLike); Get(item, "plainTime").
            let tz = to_temporal_time_zone_identifier(vm, like)?;
            let Value::Object(o) = args.get(vm, 0) else {
                return Err(vm.type_error("unreachable: item is an object"));
            };
            let time = ops::get_str(vm, o, "plainTime")?;
            (tz, time)
        }
    } else {
        // 4. Else: ToTemporalTimeZoneIdentifier(item); temporalTime undefined.
        (
            to_temporal_time_zone_identifier(vm, item)?,
            Value::Undefined,
        )
    };
    // 5-6. GetStartOfDay without a time; otherwise ToTemporalTime and the compatible instant.
    let time = if time.is_undefined() {
        None
    } else {
        Some(to_temporal_time(vm, time, Value::Undefined)?)
    };
    let z = d.to_zoned_date_time(tz, time).or_throw(vm)?;
    create_temporal_zoned_date_time(vm, &z)
}

/// `Temporal.PlainDateTime.prototype.toZonedDateTime(temporalTimeZoneLike [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.tozoneddatetime>
pub fn plain_date_time_to_zoned_date_time(vm: &mut Vm, args: Args) -> JsResult {
    let dt = this_date_time(
        vm,
        &args,
        "Temporal.PlainDateTime.prototype.toZonedDateTime",
    )?;
    // 3. Let timeZone be ? ToTemporalTimeZoneIdentifier(temporalTimeZoneLike).
    let like = args.get(vm, 0);
    let tz = to_temporal_time_zone_identifier(vm, like)?;
    // 4-5. GetOptionsObject(options); GetTemporalDisambiguationOption(resolvedOptions).
    let base = vm.roots_len();
    let options = args.get(vm, 1);
    let disambiguation =
        get_options_object(vm, options).and_then(|o| get_temporal_disambiguation_option(vm, o));
    vm.unroot(base);
    let disambiguation = disambiguation?;
    // 6-7. GetEpochNanosecondsFor; CreateTemporalZonedDateTime.
    let z = dt.to_zoned_date_time(tz, disambiguation).or_throw(vm)?;
    create_temporal_zoned_date_time(vm, &z)
}

/// `Temporal.Instant.prototype.toZonedDateTimeISO(timeZone)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.instant.prototype.tozoneddatetimeiso>
pub fn instant_to_zoned_date_time_iso(vm: &mut Vm, args: Args) -> JsResult {
    let i = this_instant(vm, &args, "Temporal.Instant.prototype.toZonedDateTimeISO")?;
    // 3. Set timeZone to ? ToTemporalTimeZoneIdentifier(timeZone).
    let like = args.get(vm, 0);
    let tz = to_temporal_time_zone_identifier(vm, like)?;
    // 4. Return ! CreateTemporalZonedDateTime(instant.[[EpochNanoseconds]], timeZone, "iso8601").
    let z = i.to_zoned_date_time_iso(tz).or_throw(vm)?;
    create_temporal_zoned_date_time(vm, &z)
}

/// `Temporal.Now.zonedDateTimeISO([temporalTimeZoneLike])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.now.zoneddatetimeiso>
pub fn now_zoned_date_time_iso(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. undefined is the system time zone (UTC), otherwise ? ToTemporalTimeZoneIdentifier.
    let like = args.get(vm, 0);
    let tz = if like.is_undefined() {
        TimeZone::try_from_identifier_str("UTC").or_throw(vm)?
    } else {
        to_temporal_time_zone_identifier(vm, like)?
    };
    // 3-4. SystemUTCEpochNanoseconds(); CreateTemporalZonedDateTime(ns, timeZone, "iso8601").
    let i = system_utc_epoch_nanoseconds(vm, "Temporal.Now.zonedDateTimeISO()")?;
    let z = i.to_zoned_date_time_iso(tz).or_throw(vm)?;
    create_temporal_zoned_date_time(vm, &z)
}
