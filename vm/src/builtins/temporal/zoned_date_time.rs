//! `Temporal.ZonedDateTime`.
//! <https://tc39.es/proposal-temporal/#sec-temporal-zoneddatetime-objects>
//!
//! The slots are [[EpochNanoseconds]] (`epoch_ns`), [[TimeZone]] (the identifier string) and
//! [[Calendar]] (the identifier string).

use super::calendar::{
    calendar_from_slot, calendar_to_slot, get_temporal_calendar_identifier_with_iso_default,
    prepare_calendar_fields, to_temporal_calendar_identifier, to_temporal_time_zone_identifier,
    FieldNames,
};
use super::duration::{create_temporal_duration, to_temporal_duration};
use super::instant::{create_temporal_instant, i128_to_bigint};
use super::plain_date::{create_temporal_date, get_temporal_show_calendar_name_option};
use super::plain_date_time::create_temporal_date_time;
use super::plain_time::{
    create_temporal_time, get_difference_settings, reject_temporal_like_object, to_temporal_time,
    MAXIMA,
};
use super::{
    get_options_object, get_rounding_increment_option, get_rounding_mode_option, get_string_option,
    get_temporal_fractional_second_digits_option, get_temporal_overflow_option,
    get_temporal_unit_valued_option, validate_temporal_unit_value, Options, OrThrow, TemporalKind,
    UnitGroup,
};
use crate::builtins::method;
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::{Handle, Object, ObjectKind, TemporalData, Value};
use temporal_rs::fields::ZonedDateTimeFields;
use temporal_rs::options::{
    Disambiguation, DisplayOffset, DisplayTimeZone, OffsetDisambiguation, Overflow, RoundingMode,
    RoundingOptions, ToStringRoundingOptions, Unit,
};
use temporal_rs::parsed_intermediates::ParsedZonedDateTime;
use temporal_rs::partial::{PartialTime, PartialZonedDateTime};
use temporal_rs::provider::TransitionDirection;
use temporal_rs::{Calendar, TimeZone, ZonedDateTime};

pub fn init(vm: &mut Vm, ns: Handle<Object>) {
    let proto = super::super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::TemporalZonedDateTimePrototype, proto);
    let c = super::class(
        vm,
        ns,
        NativeId::TemporalZonedDateTime,
        "ZonedDateTime",
        2,
        proto,
    );
    set_intrinsic(vm, Intrinsic::TemporalZonedDateTime, c);
    method(vm, c, "from", NativeId::TemporalZonedDateTimeFrom, 1);
    method(vm, c, "compare", NativeId::TemporalZonedDateTimeCompare, 2);
    let getters: [(&str, NativeId); 28] = [
        (
            "calendarId",
            NativeId::TemporalZonedDateTimePrototypeCalendarId,
        ),
        (
            "timeZoneId",
            NativeId::TemporalZonedDateTimePrototypeTimeZoneId,
        ),
        ("era", NativeId::TemporalZonedDateTimePrototypeEra),
        ("eraYear", NativeId::TemporalZonedDateTimePrototypeEraYear),
        ("year", NativeId::TemporalZonedDateTimePrototypeYear),
        ("month", NativeId::TemporalZonedDateTimePrototypeMonth),
        (
            "monthCode",
            NativeId::TemporalZonedDateTimePrototypeMonthCode,
        ),
        ("day", NativeId::TemporalZonedDateTimePrototypeDay),
        ("hour", NativeId::TemporalZonedDateTimePrototypeHour),
        ("minute", NativeId::TemporalZonedDateTimePrototypeMinute),
        ("second", NativeId::TemporalZonedDateTimePrototypeSecond),
        (
            "millisecond",
            NativeId::TemporalZonedDateTimePrototypeMillisecond,
        ),
        (
            "microsecond",
            NativeId::TemporalZonedDateTimePrototypeMicrosecond,
        ),
        (
            "nanosecond",
            NativeId::TemporalZonedDateTimePrototypeNanosecond,
        ),
        (
            "epochMilliseconds",
            NativeId::TemporalZonedDateTimePrototypeEpochMilliseconds,
        ),
        (
            "epochNanoseconds",
            NativeId::TemporalZonedDateTimePrototypeEpochNanoseconds,
        ),
        (
            "dayOfWeek",
            NativeId::TemporalZonedDateTimePrototypeDayOfWeek,
        ),
        (
            "dayOfYear",
            NativeId::TemporalZonedDateTimePrototypeDayOfYear,
        ),
        (
            "weekOfYear",
            NativeId::TemporalZonedDateTimePrototypeWeekOfYear,
        ),
        (
            "yearOfWeek",
            NativeId::TemporalZonedDateTimePrototypeYearOfWeek,
        ),
        (
            "hoursInDay",
            NativeId::TemporalZonedDateTimePrototypeHoursInDay,
        ),
        (
            "daysInWeek",
            NativeId::TemporalZonedDateTimePrototypeDaysInWeek,
        ),
        (
            "daysInMonth",
            NativeId::TemporalZonedDateTimePrototypeDaysInMonth,
        ),
        (
            "daysInYear",
            NativeId::TemporalZonedDateTimePrototypeDaysInYear,
        ),
        (
            "monthsInYear",
            NativeId::TemporalZonedDateTimePrototypeMonthsInYear,
        ),
        (
            "inLeapYear",
            NativeId::TemporalZonedDateTimePrototypeInLeapYear,
        ),
        (
            "offsetNanoseconds",
            NativeId::TemporalZonedDateTimePrototypeOffsetNanoseconds,
        ),
        ("offset", NativeId::TemporalZonedDateTimePrototypeOffset),
    ];
    for (name, id) in getters {
        let key = vm.key(name);
        super::super::accessor(vm, proto, key, name, Some(id), None);
    }
    let methods: [(&str, NativeId, u32); 20] = [
        ("with", NativeId::TemporalZonedDateTimePrototypeWith, 1),
        (
            "withPlainTime",
            NativeId::TemporalZonedDateTimePrototypeWithPlainTime,
            0,
        ),
        (
            "withTimeZone",
            NativeId::TemporalZonedDateTimePrototypeWithTimeZone,
            1,
        ),
        (
            "withCalendar",
            NativeId::TemporalZonedDateTimePrototypeWithCalendar,
            1,
        ),
        ("add", NativeId::TemporalZonedDateTimePrototypeAdd, 1),
        (
            "subtract",
            NativeId::TemporalZonedDateTimePrototypeSubtract,
            1,
        ),
        ("until", NativeId::TemporalZonedDateTimePrototypeUntil, 1),
        ("since", NativeId::TemporalZonedDateTimePrototypeSince, 1),
        ("round", NativeId::TemporalZonedDateTimePrototypeRound, 1),
        ("equals", NativeId::TemporalZonedDateTimePrototypeEquals, 1),
        (
            "toString",
            NativeId::TemporalZonedDateTimePrototypeToString,
            0,
        ),
        (
            "toLocaleString",
            NativeId::TemporalZonedDateTimePrototypeToLocaleString,
            0,
        ),
        ("toJSON", NativeId::TemporalZonedDateTimePrototypeToJson, 0),
        (
            "valueOf",
            NativeId::TemporalZonedDateTimePrototypeValueOf,
            0,
        ),
        (
            "startOfDay",
            NativeId::TemporalZonedDateTimePrototypeStartOfDay,
            0,
        ),
        (
            "getTimeZoneTransition",
            NativeId::TemporalZonedDateTimePrototypeGetTimeZoneTransition,
            1,
        ),
        (
            "toInstant",
            NativeId::TemporalZonedDateTimePrototypeToInstant,
            0,
        ),
        (
            "toPlainDate",
            NativeId::TemporalZonedDateTimePrototypeToPlainDate,
            0,
        ),
        (
            "toPlainTime",
            NativeId::TemporalZonedDateTimePrototypeToPlainTime,
            0,
        ),
        (
            "toPlainDateTime",
            NativeId::TemporalZonedDateTimePrototypeToPlainDateTime,
            0,
        ),
    ];
    for (name, id, len) in methods {
        method(vm, proto, name, id, len);
    }
    super::tag(vm, proto, "Temporal.ZonedDateTime");
}

// --- slots <-> temporal_rs -------------------------------------------------------------------

/// A time zone from its stored identifier.
pub(crate) fn time_zone_from_slot(vm: &mut Vm, id: Value) -> JsResult<TimeZone> {
    let text = match id {
        Value::String(s) => vm.rust_string(s),
        _ => "UTC".to_string(),
    };
    TimeZone::try_from_str(&text).or_throw(vm)
}

fn slots(vm: &mut Vm, z: &ZonedDateTime) -> JsResult<TemporalData> {
    let tz = z.time_zone().identifier().or_throw(vm)?;
    let time_zone = vm.string_from(&tz);
    let calendar = calendar_to_slot(vm, z.calendar());
    let mut data = super::data(TemporalKind::ZonedDateTime, Vec::new());
    data.epoch_ns = z.epoch_nanoseconds().as_i128();
    data.time_zone = time_zone;
    data.calendar = calendar;
    Ok(data)
}

/// CreateTemporalZonedDateTime(epochNanoseconds, timeZone, calendar) with the default
/// newTarget. <https://tc39.es/proposal-temporal/#sec-temporal-createtemporalzoneddatetime>
pub(crate) fn create_temporal_zoned_date_time(vm: &mut Vm, z: &ZonedDateTime) -> JsResult {
    let data = slots(vm, z)?;
    Ok(super::create(
        vm,
        Intrinsic::TemporalZonedDateTimePrototype,
        data,
    ))
}

/// The zoned date-time of a ZonedDateTime object, if `v` is one.
pub(crate) fn zoned_date_time_of(vm: &mut Vm, v: Value) -> Option<JsResult<ZonedDateTime>> {
    let d = super::slots_of(vm, v, TemporalKind::ZonedDateTime)?;
    let (ns, tz, cal) = (d.epoch_ns, d.time_zone, d.calendar);
    Some((|| {
        let tz = time_zone_from_slot(vm, tz)?;
        let cal = calendar_from_slot(vm, cal)?;
        ZonedDateTime::try_new(ns, tz, cal).or_throw(vm)
    })())
}

fn this_zdt(vm: &mut Vm, args: &Args, what: &str) -> JsResult<ZonedDateTime> {
    let this = args.this(vm);
    match zoned_date_time_of(vm, this) {
        Some(z) => z,
        None => Err(vm.type_error(format!("{what} called on an incompatible receiver"))),
    }
}

// --- options ---------------------------------------------------------------------------------

/// GetTemporalDisambiguationOption(options).
/// <https://tc39.es/proposal-temporal/#sec-temporal-gettemporaldisambiguationoption>
pub(crate) fn get_temporal_disambiguation_option(
    vm: &mut Vm,
    options: Options,
) -> JsResult<Disambiguation> {
    let s = get_string_option(
        vm,
        options,
        "disambiguation",
        &["compatible", "earlier", "later", "reject"],
    )?;
    Ok(match s.as_deref() {
        Some("earlier") => Disambiguation::Earlier,
        Some("later") => Disambiguation::Later,
        Some("reject") => Disambiguation::Reject,
        _ => Disambiguation::Compatible,
    })
}

/// GetTemporalOffsetOption(options, fallback).
/// <https://tc39.es/proposal-temporal/#sec-temporal-gettemporaloffsetoption>
fn get_temporal_offset_option(
    vm: &mut Vm,
    options: Options,
    fallback: OffsetDisambiguation,
) -> JsResult<OffsetDisambiguation> {
    let s = get_string_option(
        vm,
        options,
        "offset",
        &["prefer", "use", "ignore", "reject"],
    )?;
    Ok(match s.as_deref() {
        Some("prefer") => OffsetDisambiguation::Prefer,
        Some("use") => OffsetDisambiguation::Use,
        Some("ignore") => OffsetDisambiguation::Ignore,
        Some("reject") => OffsetDisambiguation::Reject,
        _ => fallback,
    })
}

fn partial_time(vm: &mut Vm, t: &[Option<f64>; 6], overflow: Overflow) -> JsResult<PartialTime> {
    let mut c = [None; 6];
    for i in 0..6 {
        if let Some(v) = t[i] {
            if !(0.0..=MAXIMA[i]).contains(&v) && overflow == Overflow::Reject {
                return Err(vm.range_error("Temporal: time field out of range"));
            }
            c[i] = Some(v.clamp(0.0, MAXIMA[i]));
        }
    }
    Ok(PartialTime::new()
        .with_hour(c[0].map(|v| v as u8))
        .with_minute(c[1].map(|v| v as u8))
        .with_second(c[2].map(|v| v as u8))
        .with_millisecond(c[3].map(|v| v as u16))
        .with_microsecond(c[4].map(|v| v as u16))
        .with_nanosecond(c[5].map(|v| v as u16)))
}

// --- abstract operations ---------------------------------------------------------------------

/// ToTemporalZonedDateTime(item [, options]).
/// <https://tc39.es/proposal-temporal/#sec-temporal-totemporalzoneddatetime>
pub(crate) fn to_temporal_zoned_date_time(
    vm: &mut Vm,
    item: Value,
    options: Value,
) -> JsResult<ZonedDateTime> {
    let base = vm.roots_len();
    let options_slot = vm.root(options);
    let item_slot = vm.root(item);
    let result = to_temporal_zoned_date_time_inner(vm, item_slot, options_slot);
    vm.unroot(base);
    result
}

fn to_temporal_zoned_date_time_inner(
    vm: &mut Vm,
    item_slot: usize,
    options_slot: usize,
) -> JsResult<ZonedDateTime> {
    let item = vm.rooted(item_slot);
    // 2.a. A ZonedDateTime: read the options, return a copy.
    if let Some(z) = zoned_date_time_of(vm, item) {
        let z = z?;
        let options = vm.rooted(options_slot);
        let options = get_options_object(vm, options)?;
        get_temporal_disambiguation_option(vm, options)?;
        get_temporal_offset_option(vm, options, OffsetDisambiguation::Reject)?;
        get_temporal_overflow_option(vm, options)?;
        return Ok(z);
    }
    match item {
        Value::Object(_) => {
            // 2.b. Let calendar be ? GetTemporalCalendarIdentifierWithISODefault(item).
            let calendar = get_temporal_calendar_identifier_with_iso_default(vm, item_slot)?;
            // 2.c. PrepareCalendarFields(calendar, item, « year, month, month-code, day »,
            //      « hour, …, nanosecond, offset, time-zone », « time-zone »).
            let names = FieldNames {
                date: true,
                time: true,
                offset: true,
                time_zone: true,
                time_zone_required: true,
            };
            let fields = prepare_calendar_fields(vm, &calendar, item_slot, names, false)?;
            // 2.g-j. The options: disambiguation, offset (reject), overflow.
            let options = vm.rooted(options_slot);
            let options = get_options_object(vm, options)?;
            let disambiguation = get_temporal_disambiguation_option(vm, options)?;
            let offset_option =
                get_temporal_offset_option(vm, options, OffsetDisambiguation::Reject)?;
            let overflow =
                get_temporal_overflow_option(vm, options)?.unwrap_or(Overflow::Constrain);
            // 2.k, 4-. InterpretTemporalDateTimeFields; InterpretISODateTimeOffset.
            let time = partial_time(vm, &fields.time, overflow)?;
            let partial = PartialZonedDateTime {
                fields: ZonedDateTimeFields {
                    calendar_fields: fields.calendar,
                    time,
                    offset: fields.offset,
                },
                timezone: fields.time_zone,
                calendar,
            };
            ZonedDateTime::from_partial(
                partial,
                Some(overflow),
                Some(disambiguation),
                Some(offset_option),
            )
            .or_throw(vm)
        }
        Value::String(s) => {
            // 3.b. ParseISODateTime(item, « TemporalDateTimeString[+Zoned] »).
            let text = vm.rust_string(s);
            let parsed = ParsedZonedDateTime::from_utf8(text.as_bytes()).or_throw(vm)?;
            // 3.i-l. The options: disambiguation, offset (reject), overflow.
            let options = vm.rooted(options_slot);
            let options = get_options_object(vm, options)?;
            let disambiguation = get_temporal_disambiguation_option(vm, options)?;
            let offset_option =
                get_temporal_offset_option(vm, options, OffsetDisambiguation::Reject)?;
            get_temporal_overflow_option(vm, options)?;
            // 4-. InterpretISODateTimeOffset.
            ZonedDateTime::from_parsed(parsed, disambiguation, offset_option).or_throw(vm)
        }
        // 3.a. If item is not a String, throw a TypeError exception.
        _ => Err(vm.type_error("Temporal.ZonedDateTime: expected a string or an object")),
    }
}

// --- constructor and statics -----------------------------------------------------------------

/// `Temporal.ZonedDateTime(epochNanoseconds, timeZone [, calendar])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if args.new_target(vm).is_undefined() {
        return Err(vm.type_error("Constructor Temporal.ZonedDateTime requires 'new'"));
    }
    // 2. Set epochNanoseconds to ? ToBigInt(epochNanoseconds).
    let v = args.get(vm, 0);
    let b = super::super::bigint::to_bigint(vm, v)?;
    // 3. If IsValidEpochNanoseconds(epochNanoseconds) is false, throw a RangeError exception.
    let Some(ns) = super::instant::bigint_to_i128(vm.heap.get(b)) else {
        return Err(vm.range_error("Temporal.ZonedDateTime: epoch nanoseconds out of range"));
    };
    temporal_rs::Instant::try_new(ns).or_throw(vm)?;
    // 4. If timeZone is not a String, throw a TypeError exception.
    let Value::String(tz) = args.get(vm, 1) else {
        return Err(vm.type_error("Temporal.ZonedDateTime: timeZone must be a string"));
    };
    // 5-9. ParseTimeZoneIdentifier: an available named time zone or an offset (minutes only).
    let tz_text = vm.rust_string(tz);
    let tz = TimeZone::try_from_identifier_str(&tz_text).or_throw(vm)?;
    // 10-12. The calendar: undefined is "iso8601"; otherwise a String, canonicalized.
    let calendar = match args.get(vm, 2) {
        Value::Undefined => Calendar::ISO,
        Value::String(s) => {
            let text = vm.rust_string(s);
            Calendar::try_from_utf8(text.as_bytes()).or_throw(vm)?
        }
        _ => return Err(vm.type_error("Temporal.ZonedDateTime: calendar must be a string")),
    };
    let z = ZonedDateTime::try_new(ns, tz, calendar).or_throw(vm)?;
    // 13. Return ? CreateTemporalZonedDateTime(epochNanoseconds, timeZone, calendar, NewTarget).
    let nt = args.new_target(vm);
    let data = slots(vm, &z)?;
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::TemporalZonedDateTimePrototype,
        ObjectKind::Temporal(Box::new(data)),
    )?;
    Ok(Value::Object(o))
}

/// `Temporal.ZonedDateTime.from(item [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.from>
pub fn from(vm: &mut Vm, args: Args) -> JsResult {
    let (item, options) = (args.get(vm, 0), args.get(vm, 1));
    let z = to_temporal_zoned_date_time(vm, item, options)?;
    create_temporal_zoned_date_time(vm, &z)
}

/// `Temporal.ZonedDateTime.compare(one, two)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.compare>
pub fn compare(vm: &mut Vm, args: Args) -> JsResult {
    let one = args.get(vm, 0);
    let one = to_temporal_zoned_date_time(vm, one, Value::Undefined)?;
    let two = args.get(vm, 1);
    let two = to_temporal_zoned_date_time(vm, two, Value::Undefined)?;
    // 3. Return 𝔽(CompareEpochNanoseconds(one, two)).
    Ok(Value::Number(one.compare_instant(&two) as i8 as f64))
}

// --- getters ---------------------------------------------------------------------------------

fn number_or_undefined<T: Into<f64>>(v: Option<T>) -> Value {
    v.map_or(Value::Undefined, |n| Value::Number(n.into()))
}

macro_rules! zdt_getters {
    ($($name:ident, $js:literal => |$vm:ident, $z:ident| $body:expr;)*) => {$(
        #[doc = concat!("`get Temporal.ZonedDateTime.prototype.", $js, "`.")]
        /// <https://tc39.es/proposal-temporal/#sec-get-temporal.zoneddatetime.prototype.calendarid>
        /// and the getters after it.
        pub fn $name($vm: &mut Vm, args: Args) -> JsResult {
            let $z = this_zdt($vm, &args, concat!("get Temporal.ZonedDateTime.prototype.", $js))?;
            Ok($body)
        }
    )*};
}
zdt_getters! {
    get_calendar_id, "calendarId" => |vm, z| vm.string_from(z.calendar().identifier());
    get_time_zone_id, "timeZoneId" => |vm, z| {
        let id = z.time_zone().identifier().or_throw(vm)?;
        vm.string_from(&id)
    };
    get_era, "era" => |vm, z| match z.era() {
        Some(e) => vm.string_from(e.as_str()),
        None => Value::Undefined,
    };
    get_era_year, "eraYear" => |vm, z| number_or_undefined(z.era_year());
    get_year, "year" => |vm, z| Value::Number(z.year() as f64);
    get_month, "month" => |vm, z| Value::Number(z.month() as f64);
    get_month_code, "monthCode" => |vm, z| vm.string_from(z.month_code().as_str());
    get_day, "day" => |vm, z| Value::Number(z.day() as f64);
    get_hour, "hour" => |vm, z| Value::Number(z.hour() as f64);
    get_minute, "minute" => |vm, z| Value::Number(z.minute() as f64);
    get_second, "second" => |vm, z| Value::Number(z.second() as f64);
    get_millisecond, "millisecond" => |vm, z| Value::Number(z.millisecond() as f64);
    get_microsecond, "microsecond" => |vm, z| Value::Number(z.microsecond() as f64);
    get_nanosecond, "nanosecond" => |vm, z| Value::Number(z.nanosecond() as f64);
    get_epoch_milliseconds, "epochMilliseconds" => |vm, z| {
        Value::Number(z.epoch_nanoseconds().as_i128().div_euclid(1_000_000) as f64)
    };
    get_epoch_nanoseconds, "epochNanoseconds" => |vm, z| {
        i128_to_bigint(vm, z.epoch_nanoseconds().as_i128())
    };
    get_day_of_week, "dayOfWeek" => |vm, z| Value::Number(z.day_of_week() as f64);
    get_day_of_year, "dayOfYear" => |vm, z| Value::Number(z.day_of_year() as f64);
    get_week_of_year, "weekOfYear" => |vm, z| number_or_undefined(z.week_of_year());
    get_year_of_week, "yearOfWeek" => |vm, z| number_or_undefined(z.year_of_week());
    get_hours_in_day, "hoursInDay" => |vm, z| Value::Number(z.hours_in_day().or_throw(vm)?);
    get_days_in_week, "daysInWeek" => |vm, z| Value::Number(z.days_in_week() as f64);
    get_days_in_month, "daysInMonth" => |vm, z| Value::Number(z.days_in_month() as f64);
    get_days_in_year, "daysInYear" => |vm, z| Value::Number(z.days_in_year() as f64);
    get_months_in_year, "monthsInYear" => |vm, z| Value::Number(z.months_in_year() as f64);
    get_in_leap_year, "inLeapYear" => |vm, z| Value::Boolean(z.in_leap_year());
    get_offset_nanoseconds, "offsetNanoseconds" => |vm, z| {
        Value::Number(z.offset_nanoseconds() as f64)
    };
    get_offset, "offset" => |vm, z| vm.string_from(&z.offset());
}

// --- methods ---------------------------------------------------------------------------------

/// `Temporal.ZonedDateTime.prototype.with(temporalZonedDateTimeLike [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.with>
pub fn with(vm: &mut Vm, args: Args) -> JsResult {
    let z = this_zdt(vm, &args, "Temporal.ZonedDateTime.prototype.with")?;
    // 3. If temporalZonedDateTimeLike is not an Object, throw a TypeError exception.
    let like = args.get(vm, 0);
    if !matches!(like, Value::Object(_)) {
        return Err(vm.type_error("Temporal.ZonedDateTime.prototype.with: an object is required"));
    }
    let base = vm.roots_len();
    let slot = vm.root(like);
    let result = (|| {
        // 4. Perform ? RejectTemporalLikeObject(temporalZonedDateTimeLike).
        reject_temporal_like_object(vm, slot)?;
        // 13. Let partialZonedDateTime be ? PrepareCalendarFields(calendar, like, « year,
        //     month, month-code, day », « hour, …, nanosecond, offset », partial).
        let names = FieldNames {
            date: true,
            time: true,
            offset: true,
            time_zone: false,
            time_zone_required: false,
        };
        let fields = prepare_calendar_fields(vm, z.calendar(), slot, names, true)?;
        // 15-18. The options: disambiguation, offset (prefer), overflow.
        let options = args.get(vm, 1);
        let options = get_options_object(vm, options)?;
        let disambiguation = get_temporal_disambiguation_option(vm, options)?;
        let offset_option = get_temporal_offset_option(vm, options, OffsetDisambiguation::Prefer)?;
        let overflow = get_temporal_overflow_option(vm, options)?.unwrap_or(Overflow::Constrain);
        // 14, 19-. CalendarMergeFields; InterpretTemporalDateTimeFields;
        //          InterpretISODateTimeOffset.
        let time = partial_time(vm, &fields.time, overflow)?;
        let r = z
            .with(
                ZonedDateTimeFields {
                    calendar_fields: fields.calendar,
                    time,
                    offset: fields.offset,
                },
                Some(disambiguation),
                Some(offset_option),
                Some(overflow),
            )
            .or_throw(vm)?;
        create_temporal_zoned_date_time(vm, &r)
    })();
    vm.unroot(base);
    result
}

/// `Temporal.ZonedDateTime.prototype.withPlainTime([plainTimeLike])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.withplaintime>
pub fn with_plain_time(vm: &mut Vm, args: Args) -> JsResult {
    let z = this_zdt(vm, &args, "Temporal.ZonedDateTime.prototype.withPlainTime")?;
    let like = args.get(vm, 0);
    let time = if like.is_undefined() {
        None
    } else {
        Some(to_temporal_time(vm, like, Value::Undefined)?)
    };
    let r = z.with_plain_time(time).or_throw(vm)?;
    create_temporal_zoned_date_time(vm, &r)
}

/// `Temporal.ZonedDateTime.prototype.withTimeZone(timeZoneLike)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.withtimezone>
pub fn with_time_zone(vm: &mut Vm, args: Args) -> JsResult {
    let z = this_zdt(vm, &args, "Temporal.ZonedDateTime.prototype.withTimeZone")?;
    let like = args.get(vm, 0);
    let tz = to_temporal_time_zone_identifier(vm, like)?;
    let r = z.with_timezone(tz).or_throw(vm)?;
    create_temporal_zoned_date_time(vm, &r)
}

/// `Temporal.ZonedDateTime.prototype.withCalendar(calendarLike)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.withcalendar>
pub fn with_calendar(vm: &mut Vm, args: Args) -> JsResult {
    let z = this_zdt(vm, &args, "Temporal.ZonedDateTime.prototype.withCalendar")?;
    let like = args.get(vm, 0);
    let calendar = to_temporal_calendar_identifier(vm, like)?;
    create_temporal_zoned_date_time(vm, &z.with_calendar(calendar))
}

/// AddDurationToZonedDateTime(operation, zonedDateTime, temporalDurationLike, options).
/// <https://tc39.es/proposal-temporal/#sec-temporal-adddurationtozoneddatetime>
fn add_duration_to_zoned_date_time(vm: &mut Vm, args: Args, subtract: bool) -> JsResult {
    let what = if subtract {
        "Temporal.ZonedDateTime.prototype.subtract"
    } else {
        "Temporal.ZonedDateTime.prototype.add"
    };
    let z = this_zdt(vm, &args, what)?;
    // 1. Let duration be ? ToTemporalDuration(temporalDurationLike).
    let like = args.get(vm, 0);
    let d = to_temporal_duration(vm, like)?;
    // 3-4. GetOptionsObject(options); GetTemporalOverflowOption(resolvedOptions).
    let base = vm.roots_len();
    let options = args.get(vm, 1);
    let overflow =
        get_options_object(vm, options).and_then(|o| get_temporal_overflow_option(vm, o));
    vm.unroot(base);
    let overflow = overflow?;
    let r = if subtract {
        z.subtract(&d, overflow)
    } else {
        z.add(&d, overflow)
    }
    .or_throw(vm)?;
    create_temporal_zoned_date_time(vm, &r)
}

/// `Temporal.ZonedDateTime.prototype.add(temporalDurationLike [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.add>
pub fn add(vm: &mut Vm, args: Args) -> JsResult {
    add_duration_to_zoned_date_time(vm, args, false)
}

/// `Temporal.ZonedDateTime.prototype.subtract(temporalDurationLike [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.subtract>
pub fn subtract(vm: &mut Vm, args: Args) -> JsResult {
    add_duration_to_zoned_date_time(vm, args, true)
}

/// DifferenceTemporalZonedDateTime(operation, zonedDateTime, other, options).
/// <https://tc39.es/proposal-temporal/#sec-temporal-differencetemporalzoneddatetime>
fn difference_temporal_zoned_date_time(vm: &mut Vm, args: Args, since: bool) -> JsResult {
    let what = if since {
        "Temporal.ZonedDateTime.prototype.since"
    } else {
        "Temporal.ZonedDateTime.prototype.until"
    };
    let z = this_zdt(vm, &args, what)?;
    // 1. Set other to ? ToTemporalZonedDateTime(other).
    let other = args.get(vm, 0);
    let other = to_temporal_zoned_date_time(vm, other, Value::Undefined)?;
    // 2. If CalendarEquals(...) is false, throw a RangeError exception.
    if z.calendar().identifier() != other.calendar().identifier() {
        return Err(vm.range_error(format!("{what}: the calendars differ")));
    }
    let base = vm.roots_len();
    let result = (|| {
        // 3. Let resolvedOptions be ? GetOptionsObject(options).
        let options = args.get(vm, 1);
        let options = get_options_object(vm, options)?;
        // 4. Let settings be ? GetDifferenceSettings(operation, resolvedOptions, datetime,
        //    « », nanosecond, hour).
        let settings = get_difference_settings(vm, options, UnitGroup::DateTime)?;
        let d = if since {
            z.since(&other, settings)
        } else {
            z.until(&other, settings)
        }
        .or_throw(vm)?;
        Ok(create_temporal_duration(vm, &d))
    })();
    vm.unroot(base);
    result
}

/// `Temporal.ZonedDateTime.prototype.until(other [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.until>
pub fn until(vm: &mut Vm, args: Args) -> JsResult {
    difference_temporal_zoned_date_time(vm, args, false)
}

/// `Temporal.ZonedDateTime.prototype.since(other [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.since>
pub fn since(vm: &mut Vm, args: Args) -> JsResult {
    difference_temporal_zoned_date_time(vm, args, true)
}

/// `Temporal.ZonedDateTime.prototype.round(roundTo)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.round>
pub fn round(vm: &mut Vm, args: Args) -> JsResult {
    const WHAT: &str = "Temporal.ZonedDateTime.prototype.round";
    let z = this_zdt(vm, &args, WHAT)?;
    let base = vm.roots_len();
    let result = (|| {
        let round_to = args.get(vm, 0);
        let options = match round_to {
            Value::Undefined => {
                return Err(vm.type_error(format!("{WHAT}: an argument is required")))
            }
            Value::String(_) => {
                let o = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
                let k = vm.key("smallestUnit");
                ops::create_data_property_or_throw(vm, o, k, round_to)?;
                Options::rooted(vm.root(Value::Object(o)))
            }
            _ => get_options_object(vm, round_to)?,
        };
        // 6. Let roundingIncrement be ? GetRoundingIncrementOption(roundTo).
        let increment = get_rounding_increment_option(vm, options)?;
        // 7. Let roundingMode be ? GetRoundingModeOption(roundTo, half-expand).
        let rounding_mode = get_rounding_mode_option(vm, options)?;
        // 8. Let smallestUnit be ? GetTemporalUnitValuedOption(roundTo, "smallestUnit",
        //    required).
        let smallest_unit = get_temporal_unit_valued_option(vm, options, "smallestUnit")?;
        let Some(smallest_unit) = smallest_unit else {
            return Err(vm.range_error(format!("{WHAT}: smallestUnit is required")));
        };
        // 9. Perform ? ValidateTemporalUnitValue(smallestUnit, time, « day »).
        validate_temporal_unit_value(vm, Some(smallest_unit), UnitGroup::Time, &[Unit::Day])?;
        let mut opts = RoundingOptions::default();
        opts.smallest_unit = Some(smallest_unit);
        opts.rounding_mode = Some(rounding_mode.unwrap_or(RoundingMode::HalfExpand));
        opts.increment = increment;
        let r = z.round(opts).or_throw(vm)?;
        create_temporal_zoned_date_time(vm, &r)
    })();
    vm.unroot(base);
    result
}

/// `Temporal.ZonedDateTime.prototype.equals(other)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.equals>
pub fn equals(vm: &mut Vm, args: Args) -> JsResult {
    let z = this_zdt(vm, &args, "Temporal.ZonedDateTime.prototype.equals")?;
    let other = args.get(vm, 0);
    let other = to_temporal_zoned_date_time(vm, other, Value::Undefined)?;
    let eq = z.equals(&other).or_throw(vm)?;
    Ok(Value::Boolean(eq))
}

/// `Temporal.ZonedDateTime.prototype.toString([options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.tostring>
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    const WHAT: &str = "Temporal.ZonedDateTime.prototype.toString";
    let z = this_zdt(vm, &args, WHAT)?;
    let base = vm.roots_len();
    let result = (|| {
        // 3. Let resolvedOptions be ? GetOptionsObject(options).
        let options = args.get(vm, 0);
        let options = get_options_object(vm, options)?;
        // 4. Let showCalendar be ? GetTemporalShowCalendarNameOption(resolvedOptions).
        let show_calendar = get_temporal_show_calendar_name_option(vm, options)?;
        // 5. Let digits be ? GetTemporalFractionalSecondDigitsOption(resolvedOptions).
        let precision = get_temporal_fractional_second_digits_option(vm, options)?;
        // 6. Let showOffset be ? GetTemporalShowOffsetOption(resolvedOptions).
        let show_offset = match get_string_option(vm, options, "offset", &["auto", "never"])? {
            Some(s) if s == "never" => DisplayOffset::Never,
            _ => DisplayOffset::Auto,
        };
        // 7. Let roundingMode be ? GetRoundingModeOption(resolvedOptions, trunc).
        let rounding_mode = get_rounding_mode_option(vm, options)?;
        // 8. Let smallestUnit be ? GetTemporalUnitValuedOption(resolvedOptions, "smallestUnit",
        //    unset).
        let smallest_unit = get_temporal_unit_valued_option(vm, options, "smallestUnit")?;
        // 9. Let showTimeZone be ? GetTemporalShowTimeZoneNameOption(resolvedOptions).
        let show_time_zone =
            match get_string_option(vm, options, "timeZoneName", &["auto", "never", "critical"])?
                .as_deref()
            {
                Some("never") => DisplayTimeZone::Never,
                Some("critical") => DisplayTimeZone::Critical,
                _ => DisplayTimeZone::Auto,
            };
        // 10. Perform ? ValidateTemporalUnitValue(smallestUnit, time).
        validate_temporal_unit_value(vm, smallest_unit, UnitGroup::Time, &[])?;
        // 11. If smallestUnit is hour, throw a RangeError exception.
        if smallest_unit == Some(Unit::Hour) {
            return Err(vm.range_error(format!("{WHAT}: smallestUnit must not be hour")));
        }
        // 12-. TemporalZonedDateTimeToString.
        let s = z
            .to_ixdtf_string(
                show_offset,
                show_time_zone,
                show_calendar,
                ToStringRoundingOptions {
                    precision,
                    smallest_unit,
                    rounding_mode,
                },
            )
            .or_throw(vm)?;
        Ok(vm.string_from(&s))
    })();
    vm.unroot(base);
    result
}

fn default_string(vm: &mut Vm, args: &Args, what: &str) -> JsResult {
    let z = this_zdt(vm, args, what)?;
    let s = z
        .to_ixdtf_string(
            DisplayOffset::Auto,
            DisplayTimeZone::Auto,
            temporal_rs::options::DisplayCalendar::Auto,
            ToStringRoundingOptions::default(),
        )
        .or_throw(vm)?;
    Ok(vm.string_from(&s))
}

/// `Temporal.ZonedDateTime.prototype.toJSON()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.tojson>
pub fn to_json(vm: &mut Vm, args: Args) -> JsResult {
    default_string(vm, &args, "Temporal.ZonedDateTime.prototype.toJSON")
}

/// `Temporal.ZonedDateTime.prototype.toLocaleString()`: without ECMA-402, the ISO string.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.tolocalestring>
pub fn to_locale_string(vm: &mut Vm, args: Args) -> JsResult {
    default_string(vm, &args, "Temporal.ZonedDateTime.prototype.toLocaleString")
}

/// `Temporal.ZonedDateTime.prototype.valueOf()`: always a TypeError.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.valueof>
pub fn value_of(vm: &mut Vm, _args: Args) -> JsResult {
    Err(vm.type_error(
        "Temporal.ZonedDateTime.prototype.valueOf: use compare() or toString() instead",
    ))
}

/// `Temporal.ZonedDateTime.prototype.startOfDay()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.startofday>
pub fn start_of_day(vm: &mut Vm, args: Args) -> JsResult {
    let z = this_zdt(vm, &args, "Temporal.ZonedDateTime.prototype.startOfDay")?;
    let r = z.start_of_day().or_throw(vm)?;
    create_temporal_zoned_date_time(vm, &r)
}

/// `Temporal.ZonedDateTime.prototype.getTimeZoneTransition(directionParam)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.gettimezonetransition>
pub fn get_time_zone_transition(vm: &mut Vm, args: Args) -> JsResult {
    const WHAT: &str = "Temporal.ZonedDateTime.prototype.getTimeZoneTransition";
    let z = this_zdt(vm, &args, WHAT)?;
    let base = vm.roots_len();
    let result = (|| {
        // 4-6. undefined is a TypeError; a string is the direction; otherwise an options object.
        let param = args.get(vm, 0);
        let options = match param {
            Value::Undefined => {
                return Err(vm.type_error(format!("{WHAT}: a direction is required")))
            }
            Value::String(_) => {
                let o = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
                let k = vm.key("direction");
                ops::create_data_property_or_throw(vm, o, k, param)?;
                Options::rooted(vm.root(Value::Object(o)))
            }
            _ => get_options_object(vm, param)?,
        };
        // 7. Let direction be ? GetDirectionOption(roundTo) (required).
        let direction =
            match get_string_option(vm, options, "direction", &["next", "previous"])?.as_deref() {
                Some("next") => TransitionDirection::Next,
                Some(_) => TransitionDirection::Previous,
                None => return Err(vm.range_error(format!("{WHAT}: direction is required"))),
            };
        match z.get_time_zone_transition(direction).or_throw(vm)? {
            Some(t) => create_temporal_zoned_date_time(vm, &t),
            None => Ok(Value::Null),
        }
    })();
    vm.unroot(base);
    result
}

/// `Temporal.ZonedDateTime.prototype.toInstant()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.toinstant>
pub fn to_instant(vm: &mut Vm, args: Args) -> JsResult {
    let z = this_zdt(vm, &args, "Temporal.ZonedDateTime.prototype.toInstant")?;
    Ok(create_temporal_instant(vm, &z.to_instant()))
}

/// `Temporal.ZonedDateTime.prototype.toPlainDate()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.toplaindate>
pub fn to_plain_date(vm: &mut Vm, args: Args) -> JsResult {
    let z = this_zdt(vm, &args, "Temporal.ZonedDateTime.prototype.toPlainDate")?;
    Ok(create_temporal_date(vm, &z.to_plain_date()))
}

/// `Temporal.ZonedDateTime.prototype.toPlainTime()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.toplaintime>
pub fn to_plain_time(vm: &mut Vm, args: Args) -> JsResult {
    let z = this_zdt(vm, &args, "Temporal.ZonedDateTime.prototype.toPlainTime")?;
    Ok(create_temporal_time(vm, &z.to_plain_time()))
}

/// `Temporal.ZonedDateTime.prototype.toPlainDateTime()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.zoneddatetime.prototype.toplaindatetime>
pub fn to_plain_date_time(vm: &mut Vm, args: Args) -> JsResult {
    let z = this_zdt(
        vm,
        &args,
        "Temporal.ZonedDateTime.prototype.toPlainDateTime",
    )?;
    Ok(create_temporal_date_time(vm, &z.to_plain_date_time()))
}
