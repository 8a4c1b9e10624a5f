//! `Temporal.PlainDateTime`.
//! <https://tc39.es/proposal-temporal/#sec-temporal-plaindatetime-objects>
//!
//! The slots are [[ISODateTime]] (ISO year, month, day, hour, minute, second, millisecond,
//! microsecond, nanosecond, in that order) and [[Calendar]] (the identifier string).

use super::calendar::{
    calendar_from_slot, calendar_to_slot, get_temporal_calendar_identifier_with_iso_default,
    prepare_calendar_fields, to_temporal_calendar_identifier, FieldNames,
};
use super::duration::{create_temporal_duration, to_temporal_duration};
use super::plain_date::{create_temporal_date, get_temporal_show_calendar_name_option};
use super::plain_time::{
    create_temporal_time, get_difference_settings, reject_temporal_like_object, to_temporal_time,
    MAXIMA,
};
use super::{
    get_options_object, get_rounding_increment_option, get_rounding_mode_option,
    get_temporal_fractional_second_digits_option, get_temporal_overflow_option,
    get_temporal_unit_valued_option, to_integer_with_truncation, validate_temporal_unit_value,
    Options, OrThrow, TemporalKind, UnitGroup,
};
use crate::builtins::method;
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::{Handle, Object, ObjectKind, TemporalData, Value};
use temporal_rs::fields::DateTimeFields;
use temporal_rs::options::{
    Overflow, RoundingMode, RoundingOptions, ToStringRoundingOptions, Unit,
};
use temporal_rs::partial::{PartialDateTime, PartialTime};
use temporal_rs::{Calendar, PlainDateTime};

pub fn init(vm: &mut Vm, ns: Handle<Object>) {
    let proto = super::super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::TemporalPlainDateTimePrototype, proto);
    let c = super::class(
        vm,
        ns,
        NativeId::TemporalPlainDateTime,
        "PlainDateTime",
        3,
        proto,
    );
    set_intrinsic(vm, Intrinsic::TemporalPlainDateTime, c);
    method(vm, c, "from", NativeId::TemporalPlainDateTimeFrom, 1);
    method(vm, c, "compare", NativeId::TemporalPlainDateTimeCompare, 2);
    let getters: [(&str, NativeId); 22] = [
        (
            "calendarId",
            NativeId::TemporalPlainDateTimePrototypeCalendarId,
        ),
        ("era", NativeId::TemporalPlainDateTimePrototypeEra),
        ("eraYear", NativeId::TemporalPlainDateTimePrototypeEraYear),
        ("year", NativeId::TemporalPlainDateTimePrototypeYear),
        ("month", NativeId::TemporalPlainDateTimePrototypeMonth),
        (
            "monthCode",
            NativeId::TemporalPlainDateTimePrototypeMonthCode,
        ),
        ("day", NativeId::TemporalPlainDateTimePrototypeDay),
        ("hour", NativeId::TemporalPlainDateTimePrototypeHour),
        ("minute", NativeId::TemporalPlainDateTimePrototypeMinute),
        ("second", NativeId::TemporalPlainDateTimePrototypeSecond),
        (
            "millisecond",
            NativeId::TemporalPlainDateTimePrototypeMillisecond,
        ),
        (
            "microsecond",
            NativeId::TemporalPlainDateTimePrototypeMicrosecond,
        ),
        (
            "nanosecond",
            NativeId::TemporalPlainDateTimePrototypeNanosecond,
        ),
        (
            "dayOfWeek",
            NativeId::TemporalPlainDateTimePrototypeDayOfWeek,
        ),
        (
            "dayOfYear",
            NativeId::TemporalPlainDateTimePrototypeDayOfYear,
        ),
        (
            "weekOfYear",
            NativeId::TemporalPlainDateTimePrototypeWeekOfYear,
        ),
        (
            "yearOfWeek",
            NativeId::TemporalPlainDateTimePrototypeYearOfWeek,
        ),
        (
            "daysInWeek",
            NativeId::TemporalPlainDateTimePrototypeDaysInWeek,
        ),
        (
            "daysInMonth",
            NativeId::TemporalPlainDateTimePrototypeDaysInMonth,
        ),
        (
            "daysInYear",
            NativeId::TemporalPlainDateTimePrototypeDaysInYear,
        ),
        (
            "monthsInYear",
            NativeId::TemporalPlainDateTimePrototypeMonthsInYear,
        ),
        (
            "inLeapYear",
            NativeId::TemporalPlainDateTimePrototypeInLeapYear,
        ),
    ];
    for (name, id) in getters {
        let key = vm.key(name);
        super::super::accessor(vm, proto, key, name, Some(id), None);
    }
    let methods: [(&str, NativeId, u32); 15] = [
        ("with", NativeId::TemporalPlainDateTimePrototypeWith, 1),
        (
            "withPlainTime",
            NativeId::TemporalPlainDateTimePrototypeWithPlainTime,
            0,
        ),
        (
            "withCalendar",
            NativeId::TemporalPlainDateTimePrototypeWithCalendar,
            1,
        ),
        ("add", NativeId::TemporalPlainDateTimePrototypeAdd, 1),
        (
            "subtract",
            NativeId::TemporalPlainDateTimePrototypeSubtract,
            1,
        ),
        ("until", NativeId::TemporalPlainDateTimePrototypeUntil, 1),
        ("since", NativeId::TemporalPlainDateTimePrototypeSince, 1),
        ("round", NativeId::TemporalPlainDateTimePrototypeRound, 1),
        ("equals", NativeId::TemporalPlainDateTimePrototypeEquals, 1),
        (
            "toString",
            NativeId::TemporalPlainDateTimePrototypeToString,
            0,
        ),
        (
            "toLocaleString",
            NativeId::TemporalPlainDateTimePrototypeToLocaleString,
            0,
        ),
        ("toJSON", NativeId::TemporalPlainDateTimePrototypeToJson, 0),
        (
            "valueOf",
            NativeId::TemporalPlainDateTimePrototypeValueOf,
            0,
        ),
        (
            "toPlainDate",
            NativeId::TemporalPlainDateTimePrototypeToPlainDate,
            0,
        ),
        (
            "toPlainTime",
            NativeId::TemporalPlainDateTimePrototypeToPlainTime,
            0,
        ),
    ];
    for (name, id, len) in methods {
        method(vm, proto, name, id, len);
    }
    super::tag(vm, proto, "Temporal.PlainDateTime");
}

// --- slots <-> temporal_rs -------------------------------------------------------------------

fn iso_fields(dt: &PlainDateTime) -> Vec<f64> {
    vec![
        dt.iso_year() as f64,
        dt.iso_month() as f64,
        dt.iso_day() as f64,
        dt.hour() as f64,
        dt.minute() as f64,
        dt.second() as f64,
        dt.millisecond() as f64,
        dt.microsecond() as f64,
        dt.nanosecond() as f64,
    ]
}

fn valid_fields(f: &[f64]) -> bool {
    f.len() == 9
        && f[0].abs() <= 1e6
        && (1.0..=12.0).contains(&f[1])
        && (1.0..=31.0).contains(&f[2])
        && f[3..]
            .iter()
            .zip(MAXIMA)
            .all(|(&v, max)| (0.0..=max).contains(&v))
}

fn to_rs(vm: &mut Vm, f: &[f64], calendar: Value) -> JsResult<PlainDateTime> {
    let calendar = calendar_from_slot(vm, calendar)?;
    if !valid_fields(f) {
        return Err(vm.range_error("Temporal.PlainDateTime: invalid date-time"));
    }
    PlainDateTime::try_new(
        f[0] as i32,
        f[1] as u8,
        f[2] as u8,
        f[3] as u8,
        f[4] as u8,
        f[5] as u8,
        f[6] as u16,
        f[7] as u16,
        f[8] as u16,
        calendar,
    )
    .or_throw(vm)
}

fn slots(vm: &mut Vm, dt: &PlainDateTime) -> TemporalData {
    let calendar = calendar_to_slot(vm, dt.calendar());
    let mut data = super::data(TemporalKind::PlainDateTime, iso_fields(dt));
    data.calendar = calendar;
    data
}

/// CreateTemporalDateTime(isoDateTime, calendar) with the default newTarget.
/// <https://tc39.es/proposal-temporal/#sec-temporal-createtemporaldatetime>
pub(crate) fn create_temporal_date_time(vm: &mut Vm, dt: &PlainDateTime) -> Value {
    let data = slots(vm, dt);
    super::create(vm, Intrinsic::TemporalPlainDateTimePrototype, data)
}

/// The date-time of a PlainDateTime object, if `v` is one.
pub(crate) fn plain_date_time_of(vm: &mut Vm, v: Value) -> Option<JsResult<PlainDateTime>> {
    let d = super::slots_of(vm, v, TemporalKind::PlainDateTime)?;
    let (f, c) = (d.fields.clone(), d.calendar);
    Some(to_rs(vm, &f, c))
}

pub(crate) fn this_date_time(vm: &mut Vm, args: &Args, what: &str) -> JsResult<PlainDateTime> {
    let this = args.this(vm);
    match plain_date_time_of(vm, this) {
        Some(d) => d,
        None => Err(vm.type_error(format!("{what} called on an incompatible receiver"))),
    }
}

// --- abstract operations ---------------------------------------------------------------------

fn read_overflow(vm: &mut Vm, options_slot: usize) -> JsResult<Option<Overflow>> {
    let options = vm.rooted(options_slot);
    let options = get_options_object(vm, options)?;
    get_temporal_overflow_option(vm, options)
}

/// The time fields of a property bag as a PartialTime after RegulateTime's range handling:
/// constrain clamps, reject refuses out-of-range values.
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

/// ToTemporalDateTime(item [, options]).
/// <https://tc39.es/proposal-temporal/#sec-temporal-totemporaldatetime>
pub(crate) fn to_temporal_date_time(
    vm: &mut Vm,
    item: Value,
    options: Value,
) -> JsResult<PlainDateTime> {
    let base = vm.roots_len();
    let options_slot = vm.root(options);
    let item_slot = vm.root(item);
    let result = to_temporal_date_time_inner(vm, item_slot, options_slot);
    vm.unroot(base);
    result
}

fn to_temporal_date_time_inner(
    vm: &mut Vm,
    item_slot: usize,
    options_slot: usize,
) -> JsResult<PlainDateTime> {
    let item = vm.rooted(item_slot);
    // 2.a. A PlainDateTime: read the options, return a copy.
    if let Some(dt) = plain_date_time_of(vm, item) {
        let dt = dt?;
        read_overflow(vm, options_slot)?;
        return Ok(dt);
    }
    // 2.b. A ZonedDateTime: its date-time in its time zone.
    if let Some(z) = super::zoned_date_time::zoned_date_time_of(vm, item) {
        let z = z?;
        read_overflow(vm, options_slot)?;
        return Ok(z.to_plain_date_time());
    }
    // 2.c. A PlainDate: midnight on that date.
    if let Some(d) = super::plain_date::plain_date_of(vm, item) {
        let d = d?;
        read_overflow(vm, options_slot)?;
        return d.to_plain_date_time(None).or_throw(vm);
    }
    match item {
        Value::Object(_) => {
            // 2.d. Let calendar be ? GetTemporalCalendarIdentifierWithISODefault(item).
            let calendar = get_temporal_calendar_identifier_with_iso_default(vm, item_slot)?;
            // 2.e. PrepareCalendarFields(calendar, item, « year, month, month-code, day »,
            //      « hour, minute, second, millisecond, microsecond, nanosecond », « »).
            let names = FieldNames {
                date: true,
                time: true,
                offset: false,
                time_zone: false,
                time_zone_required: false,
            };
            let fields = prepare_calendar_fields(vm, &calendar, item_slot, names, false)?;
            // 2.f-g. GetOptionsObject(options); GetTemporalOverflowOption(resolvedOptions).
            let overflow = read_overflow(vm, options_slot)?.unwrap_or(Overflow::Constrain);
            // 2.h. InterpretTemporalDateTimeFields(calendar, fields, overflow).
            let time = partial_time(vm, &fields.time, overflow)?;
            let partial = PartialDateTime {
                fields: DateTimeFields {
                    calendar_fields: fields.calendar,
                    time,
                },
                calendar,
            };
            // A bag with only time fields still needs its date fields (a TypeError).
            if partial.fields.calendar_fields.is_empty() {
                return Err(
                    vm.type_error("Temporal.PlainDateTime: year, month and day are required")
                );
            }
            PlainDateTime::from_partial(partial, Some(overflow)).or_throw(vm)
        }
        Value::String(s) => {
            let text = vm.rust_string(s);
            let dt = PlainDateTime::from_utf8(text.as_bytes()).or_throw(vm)?;
            read_overflow(vm, options_slot)?;
            Ok(dt)
        }
        _ => Err(vm.type_error("Temporal.PlainDateTime: expected a string or an object")),
    }
}

// --- constructor and statics -----------------------------------------------------------------

/// `Temporal.PlainDateTime(isoYear, isoMonth, isoDay [, hour … nanosecond [, calendar]])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if args.new_target(vm).is_undefined() {
        return Err(vm.type_error("Constructor Temporal.PlainDateTime requires 'new'"));
    }
    // 2-10. ToIntegerWithTruncation of each (the time fields default to 0).
    let mut f = [0.0; 9];
    for (i, slot) in f.iter_mut().enumerate() {
        let v = args.get(vm, i);
        *slot = if i >= 3 && v.is_undefined() {
            0.0
        } else {
            to_integer_with_truncation(vm, v)?
        };
    }
    // 11-13. The calendar: undefined is "iso8601"; otherwise a String, canonicalized.
    let calendar = match args.get(vm, 9) {
        Value::Undefined => Calendar::ISO,
        Value::String(s) => {
            let text = vm.rust_string(s);
            Calendar::try_from_utf8(text.as_bytes()).or_throw(vm)?
        }
        _ => return Err(vm.type_error("Temporal.PlainDateTime: calendar must be a string")),
    };
    // 14-15. IsValidISODate and IsValidTime, or a RangeError.
    if !valid_fields(&f) {
        return Err(vm.range_error("Temporal.PlainDateTime: invalid date-time"));
    }
    let id = calendar_to_slot(vm, &calendar);
    let dt = to_rs(vm, &f, id)?;
    // 16-17. Return ? CreateTemporalDateTime(isoDateTime, calendar, NewTarget).
    let nt = args.new_target(vm);
    let data = slots(vm, &dt);
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::TemporalPlainDateTimePrototype,
        ObjectKind::Temporal(Box::new(data)),
    )?;
    Ok(Value::Object(o))
}

/// `Temporal.PlainDateTime.from(item [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.from>
pub fn from(vm: &mut Vm, args: Args) -> JsResult {
    let (item, options) = (args.get(vm, 0), args.get(vm, 1));
    let dt = to_temporal_date_time(vm, item, options)?;
    Ok(create_temporal_date_time(vm, &dt))
}

/// `Temporal.PlainDateTime.compare(one, two)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.compare>
pub fn compare(vm: &mut Vm, args: Args) -> JsResult {
    let one = args.get(vm, 0);
    let one = to_temporal_date_time(vm, one, Value::Undefined)?;
    let two = args.get(vm, 1);
    let two = to_temporal_date_time(vm, two, Value::Undefined)?;
    // 3. Return 𝔽(CompareISODateTime(one.[[ISODateTime]], two.[[ISODateTime]])).
    Ok(Value::Number(one.compare_iso(&two) as i8 as f64))
}

// --- getters ---------------------------------------------------------------------------------

fn number_or_undefined<T: Into<f64>>(v: Option<T>) -> Value {
    v.map_or(Value::Undefined, |n| Value::Number(n.into()))
}

macro_rules! date_time_getters {
    ($($name:ident, $js:literal => |$vm:ident, $d:ident| $body:expr;)*) => {$(
        #[doc = concat!("`get Temporal.PlainDateTime.prototype.", $js, "`.")]
        /// <https://tc39.es/proposal-temporal/#sec-get-temporal.plaindatetime.prototype.calendarid>
        /// and the getters after it.
        pub fn $name($vm: &mut Vm, args: Args) -> JsResult {
            let $d = this_date_time(
                $vm,
                &args,
                concat!("get Temporal.PlainDateTime.prototype.", $js),
            )?;
            Ok($body)
        }
    )*};
}
date_time_getters! {
    get_calendar_id, "calendarId" => |vm, d| vm.string_from(d.calendar().identifier());
    get_era, "era" => |vm, d| match d.era() {
        Some(e) => vm.string_from(e.as_str()),
        None => Value::Undefined,
    };
    get_era_year, "eraYear" => |vm, d| number_or_undefined(d.era_year());
    get_year, "year" => |vm, d| Value::Number(d.year() as f64);
    get_month, "month" => |vm, d| Value::Number(d.month() as f64);
    get_month_code, "monthCode" => |vm, d| vm.string_from(d.month_code().as_str());
    get_day, "day" => |vm, d| Value::Number(d.day() as f64);
    get_hour, "hour" => |vm, d| Value::Number(d.hour() as f64);
    get_minute, "minute" => |vm, d| Value::Number(d.minute() as f64);
    get_second, "second" => |vm, d| Value::Number(d.second() as f64);
    get_millisecond, "millisecond" => |vm, d| Value::Number(d.millisecond() as f64);
    get_microsecond, "microsecond" => |vm, d| Value::Number(d.microsecond() as f64);
    get_nanosecond, "nanosecond" => |vm, d| Value::Number(d.nanosecond() as f64);
    get_day_of_week, "dayOfWeek" => |vm, d| Value::Number(d.day_of_week() as f64);
    get_day_of_year, "dayOfYear" => |vm, d| Value::Number(d.day_of_year() as f64);
    get_week_of_year, "weekOfYear" => |vm, d| number_or_undefined(d.week_of_year());
    get_year_of_week, "yearOfWeek" => |vm, d| number_or_undefined(d.year_of_week());
    get_days_in_week, "daysInWeek" => |vm, d| Value::Number(d.days_in_week() as f64);
    get_days_in_month, "daysInMonth" => |vm, d| Value::Number(d.days_in_month() as f64);
    get_days_in_year, "daysInYear" => |vm, d| Value::Number(d.days_in_year() as f64);
    get_months_in_year, "monthsInYear" => |vm, d| Value::Number(d.months_in_year() as f64);
    get_in_leap_year, "inLeapYear" => |vm, d| Value::Boolean(d.in_leap_year());
}

// --- methods ---------------------------------------------------------------------------------

/// `Temporal.PlainDateTime.prototype.with(temporalDateTimeLike [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.with>
pub fn with(vm: &mut Vm, args: Args) -> JsResult {
    let dt = this_date_time(vm, &args, "Temporal.PlainDateTime.prototype.with")?;
    // 3. If temporalDateTimeLike is not an Object, throw a TypeError exception.
    let like = args.get(vm, 0);
    if !matches!(like, Value::Object(_)) {
        return Err(vm.type_error("Temporal.PlainDateTime.prototype.with: an object is required"));
    }
    let base = vm.roots_len();
    let slot = vm.root(like);
    let result = (|| {
        // 4. Perform ? RejectTemporalLikeObject(temporalDateTimeLike).
        reject_temporal_like_object(vm, slot)?;
        // 7. Let partialDateTime be ? PrepareCalendarFields(calendar, temporalDateTimeLike,
        //    « year, month, month-code, day », « hour, … nanosecond », partial).
        let names = FieldNames {
            date: true,
            time: true,
            offset: false,
            time_zone: false,
            time_zone_required: false,
        };
        let fields = prepare_calendar_fields(vm, dt.calendar(), slot, names, true)?;
        // 9-10. GetOptionsObject(options); GetTemporalOverflowOption(resolvedOptions).
        let options = args.get(vm, 1);
        let options = get_options_object(vm, options)?;
        let overflow = get_temporal_overflow_option(vm, options)?.unwrap_or(Overflow::Constrain);
        // 8, 11. CalendarMergeFields; InterpretTemporalDateTimeFields.
        let time = partial_time(vm, &fields.time, overflow)?;
        let r = dt
            .with(
                DateTimeFields {
                    calendar_fields: fields.calendar,
                    time,
                },
                Some(overflow),
            )
            .or_throw(vm)?;
        Ok(create_temporal_date_time(vm, &r))
    })();
    vm.unroot(base);
    result
}

/// `Temporal.PlainDateTime.prototype.withPlainTime([plainTimeLike])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.withplaintime>
pub fn with_plain_time(vm: &mut Vm, args: Args) -> JsResult {
    let dt = this_date_time(vm, &args, "Temporal.PlainDateTime.prototype.withPlainTime")?;
    // 3. Let time be ? ToTimeRecordOrMidnight(plainTimeLike).
    let like = args.get(vm, 0);
    let time = if like.is_undefined() {
        None
    } else {
        Some(to_temporal_time(vm, like, Value::Undefined)?)
    };
    let r = dt.with_time(time).or_throw(vm)?;
    Ok(create_temporal_date_time(vm, &r))
}

/// `Temporal.PlainDateTime.prototype.withCalendar(calendarLike)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.withcalendar>
pub fn with_calendar(vm: &mut Vm, args: Args) -> JsResult {
    let dt = this_date_time(vm, &args, "Temporal.PlainDateTime.prototype.withCalendar")?;
    let like = args.get(vm, 0);
    let calendar = to_temporal_calendar_identifier(vm, like)?;
    Ok(create_temporal_date_time(vm, &dt.with_calendar(calendar)))
}

/// AddDurationToDateTime(operation, dateTime, temporalDurationLike, options).
/// <https://tc39.es/proposal-temporal/#sec-temporal-adddurationtodatetime>
fn add_duration_to_date_time(vm: &mut Vm, args: Args, subtract: bool) -> JsResult {
    let what = if subtract {
        "Temporal.PlainDateTime.prototype.subtract"
    } else {
        "Temporal.PlainDateTime.prototype.add"
    };
    let dt = this_date_time(vm, &args, what)?;
    // 1. Let duration be ? ToTemporalDuration(temporalDurationLike).
    let like = args.get(vm, 0);
    let duration = to_temporal_duration(vm, like)?;
    // 3-4. GetOptionsObject(options); GetTemporalOverflowOption(resolvedOptions).
    let base = vm.roots_len();
    let options = args.get(vm, 1);
    let overflow =
        get_options_object(vm, options).and_then(|o| get_temporal_overflow_option(vm, o));
    vm.unroot(base);
    let overflow = overflow?;
    let r = if subtract {
        dt.subtract(&duration, overflow)
    } else {
        dt.add(&duration, overflow)
    }
    .or_throw(vm)?;
    Ok(create_temporal_date_time(vm, &r))
}

/// `Temporal.PlainDateTime.prototype.add(temporalDurationLike [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.add>
pub fn add(vm: &mut Vm, args: Args) -> JsResult {
    add_duration_to_date_time(vm, args, false)
}

/// `Temporal.PlainDateTime.prototype.subtract(temporalDurationLike [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.subtract>
pub fn subtract(vm: &mut Vm, args: Args) -> JsResult {
    add_duration_to_date_time(vm, args, true)
}

/// DifferenceTemporalPlainDateTime(operation, dateTime, other, options).
/// <https://tc39.es/proposal-temporal/#sec-temporal-differencetemporalplaindatetime>
fn difference_temporal_plain_date_time(vm: &mut Vm, args: Args, since: bool) -> JsResult {
    let what = if since {
        "Temporal.PlainDateTime.prototype.since"
    } else {
        "Temporal.PlainDateTime.prototype.until"
    };
    let dt = this_date_time(vm, &args, what)?;
    // 1. Set other to ? ToTemporalDateTime(other).
    let other = args.get(vm, 0);
    let other = to_temporal_date_time(vm, other, Value::Undefined)?;
    // 2. If CalendarEquals(...) is false, throw a RangeError exception.
    if dt.calendar().identifier() != other.calendar().identifier() {
        return Err(vm.range_error(format!("{what}: the calendars differ")));
    }
    let base = vm.roots_len();
    let result = (|| {
        // 3. Let resolvedOptions be ? GetOptionsObject(options).
        let options = args.get(vm, 1);
        let options = get_options_object(vm, options)?;
        // 4. Let settings be ? GetDifferenceSettings(operation, resolvedOptions, datetime,
        //    « », nanosecond, day).
        let settings = get_difference_settings(vm, options, UnitGroup::DateTime)?;
        let r = if since {
            dt.since(&other, settings)
        } else {
            dt.until(&other, settings)
        }
        .or_throw(vm)?;
        Ok(create_temporal_duration(vm, &r))
    })();
    vm.unroot(base);
    result
}

/// `Temporal.PlainDateTime.prototype.until(other [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.until>
pub fn until(vm: &mut Vm, args: Args) -> JsResult {
    difference_temporal_plain_date_time(vm, args, false)
}

/// `Temporal.PlainDateTime.prototype.since(other [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.since>
pub fn since(vm: &mut Vm, args: Args) -> JsResult {
    difference_temporal_plain_date_time(vm, args, true)
}

/// `Temporal.PlainDateTime.prototype.round(roundTo)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.round>
pub fn round(vm: &mut Vm, args: Args) -> JsResult {
    const WHAT: &str = "Temporal.PlainDateTime.prototype.round";
    let dt = this_date_time(vm, &args, WHAT)?;
    let base = vm.roots_len();
    let result = (|| {
        // 3-5. roundTo: undefined is a TypeError, a string is the smallestUnit.
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
        let r = dt.round(opts).or_throw(vm)?;
        Ok(create_temporal_date_time(vm, &r))
    })();
    vm.unroot(base);
    result
}

/// `Temporal.PlainDateTime.prototype.equals(other)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.equals>
pub fn equals(vm: &mut Vm, args: Args) -> JsResult {
    let dt = this_date_time(vm, &args, "Temporal.PlainDateTime.prototype.equals")?;
    let other = args.get(vm, 0);
    let other = to_temporal_date_time(vm, other, Value::Undefined)?;
    Ok(Value::Boolean(
        dt.compare_iso(&other).is_eq()
            && dt.calendar().identifier() == other.calendar().identifier(),
    ))
}

/// `Temporal.PlainDateTime.prototype.toString([options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.tostring>
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    const WHAT: &str = "Temporal.PlainDateTime.prototype.toString";
    let dt = this_date_time(vm, &args, WHAT)?;
    let base = vm.roots_len();
    let result = (|| {
        // 3. Let resolvedOptions be ? GetOptionsObject(options).
        let options = args.get(vm, 0);
        let options = get_options_object(vm, options)?;
        // 4. Let showCalendar be ? GetTemporalShowCalendarNameOption(resolvedOptions).
        let show = get_temporal_show_calendar_name_option(vm, options)?;
        // 5. Let digits be ? GetTemporalFractionalSecondDigitsOption(resolvedOptions).
        let precision = get_temporal_fractional_second_digits_option(vm, options)?;
        // 6. Let roundingMode be ? GetRoundingModeOption(resolvedOptions, trunc).
        let rounding_mode = get_rounding_mode_option(vm, options)?;
        // 7. Let smallestUnit be ? GetTemporalUnitValuedOption(resolvedOptions, "smallestUnit",
        //    unset).
        let smallest_unit = get_temporal_unit_valued_option(vm, options, "smallestUnit")?;
        // 8. Perform ? ValidateTemporalUnitValue(smallestUnit, time).
        validate_temporal_unit_value(vm, smallest_unit, UnitGroup::Time, &[])?;
        // 9. If smallestUnit is hour, throw a RangeError exception.
        if smallest_unit == Some(Unit::Hour) {
            return Err(vm.range_error(format!("{WHAT}: smallestUnit must not be hour")));
        }
        // 10-13. Round, check the range, ISODateTimeToString.
        let s = dt
            .to_ixdtf_string(
                ToStringRoundingOptions {
                    precision,
                    smallest_unit,
                    rounding_mode,
                },
                show,
            )
            .or_throw(vm)?;
        Ok(vm.string_from(&s))
    })();
    vm.unroot(base);
    result
}

fn default_string(vm: &mut Vm, args: &Args, what: &str) -> JsResult {
    let dt = this_date_time(vm, args, what)?;
    let s = dt
        .to_ixdtf_string(
            ToStringRoundingOptions::default(),
            temporal_rs::options::DisplayCalendar::Auto,
        )
        .or_throw(vm)?;
    Ok(vm.string_from(&s))
}

/// `Temporal.PlainDateTime.prototype.toJSON()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.tojson>
pub fn to_json(vm: &mut Vm, args: Args) -> JsResult {
    default_string(vm, &args, "Temporal.PlainDateTime.prototype.toJSON")
}

/// `Temporal.PlainDateTime.prototype.toLocaleString()`: without ECMA-402, ISODateTimeToString.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.tolocalestring>
pub fn to_locale_string(vm: &mut Vm, args: Args) -> JsResult {
    default_string(vm, &args, "Temporal.PlainDateTime.prototype.toLocaleString")
}

/// `Temporal.PlainDateTime.prototype.valueOf()`: always a TypeError.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.valueof>
pub fn value_of(vm: &mut Vm, _args: Args) -> JsResult {
    Err(vm.type_error(
        "Temporal.PlainDateTime.prototype.valueOf: use compare() or toString() instead",
    ))
}

/// `Temporal.PlainDateTime.prototype.toPlainDate()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.toplaindate>
pub fn to_plain_date(vm: &mut Vm, args: Args) -> JsResult {
    let dt = this_date_time(vm, &args, "Temporal.PlainDateTime.prototype.toPlainDate")?;
    Ok(create_temporal_date(vm, &dt.to_plain_date()))
}

/// `Temporal.PlainDateTime.prototype.toPlainTime()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindatetime.prototype.toplaintime>
pub fn to_plain_time(vm: &mut Vm, args: Args) -> JsResult {
    let dt = this_date_time(vm, &args, "Temporal.PlainDateTime.prototype.toPlainTime")?;
    Ok(create_temporal_time(vm, &dt.to_plain_time()))
}
