//! `Temporal.PlainDate`. <https://tc39.es/proposal-temporal/#sec-temporal-plaindate-objects>
//!
//! The slots are [[ISODate]] (ISO year, month, day, in that order) and [[Calendar]] (the
//! calendar identifier string).

use super::calendar::{
    calendar_from_slot, calendar_to_slot, get_temporal_calendar_identifier_with_iso_default,
    prepare_calendar_fields, to_temporal_calendar_identifier, FieldNames,
};
use super::duration::{create_temporal_duration, to_temporal_duration};
use super::plain_time::{get_difference_settings, reject_temporal_like_object};
use super::{
    get_options_object, get_string_option, get_temporal_overflow_option,
    to_integer_with_truncation, OrThrow, TemporalKind, UnitGroup,
};
use crate::builtins::method;
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::{Handle, Object, ObjectKind, TemporalData, Value};
use temporal_rs::options::{DisplayCalendar, Overflow};
use temporal_rs::partial::PartialDate;
use temporal_rs::{Calendar, PlainDate};

pub fn init(vm: &mut Vm, ns: Handle<Object>) {
    let proto = super::super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::TemporalPlainDatePrototype, proto);
    let c = super::class(vm, ns, NativeId::TemporalPlainDate, "PlainDate", 3, proto);
    set_intrinsic(vm, Intrinsic::TemporalPlainDate, c);
    method(vm, c, "from", NativeId::TemporalPlainDateFrom, 1);
    method(vm, c, "compare", NativeId::TemporalPlainDateCompare, 2);
    let getters: [(&str, NativeId); 16] = [
        ("calendarId", NativeId::TemporalPlainDatePrototypeCalendarId),
        ("era", NativeId::TemporalPlainDatePrototypeEra),
        ("eraYear", NativeId::TemporalPlainDatePrototypeEraYear),
        ("year", NativeId::TemporalPlainDatePrototypeYear),
        ("month", NativeId::TemporalPlainDatePrototypeMonth),
        ("monthCode", NativeId::TemporalPlainDatePrototypeMonthCode),
        ("day", NativeId::TemporalPlainDatePrototypeDay),
        ("dayOfWeek", NativeId::TemporalPlainDatePrototypeDayOfWeek),
        ("dayOfYear", NativeId::TemporalPlainDatePrototypeDayOfYear),
        ("weekOfYear", NativeId::TemporalPlainDatePrototypeWeekOfYear),
        ("yearOfWeek", NativeId::TemporalPlainDatePrototypeYearOfWeek),
        ("daysInWeek", NativeId::TemporalPlainDatePrototypeDaysInWeek),
        (
            "daysInMonth",
            NativeId::TemporalPlainDatePrototypeDaysInMonth,
        ),
        ("daysInYear", NativeId::TemporalPlainDatePrototypeDaysInYear),
        (
            "monthsInYear",
            NativeId::TemporalPlainDatePrototypeMonthsInYear,
        ),
        ("inLeapYear", NativeId::TemporalPlainDatePrototypeInLeapYear),
    ];
    for (name, id) in getters {
        let key = vm.key(name);
        super::super::accessor(vm, proto, key, name, Some(id), None);
    }
    let methods: [(&str, NativeId, u32); 12] = [
        ("add", NativeId::TemporalPlainDatePrototypeAdd, 1),
        ("subtract", NativeId::TemporalPlainDatePrototypeSubtract, 1),
        ("with", NativeId::TemporalPlainDatePrototypeWith, 1),
        (
            "withCalendar",
            NativeId::TemporalPlainDatePrototypeWithCalendar,
            1,
        ),
        ("until", NativeId::TemporalPlainDatePrototypeUntil, 1),
        ("since", NativeId::TemporalPlainDatePrototypeSince, 1),
        ("equals", NativeId::TemporalPlainDatePrototypeEquals, 1),
        ("toString", NativeId::TemporalPlainDatePrototypeToString, 0),
        (
            "toLocaleString",
            NativeId::TemporalPlainDatePrototypeToLocaleString,
            0,
        ),
        ("toJSON", NativeId::TemporalPlainDatePrototypeToJson, 0),
        ("valueOf", NativeId::TemporalPlainDatePrototypeValueOf, 0),
        (
            "toPlainDateTime",
            NativeId::TemporalPlainDatePrototypeToPlainDateTime,
            0,
        ),
    ];
    for (name, id, len) in methods {
        method(vm, proto, name, id, len);
    }
    super::tag(vm, proto, "Temporal.PlainDate");
}

// --- slots <-> temporal_rs -------------------------------------------------------------------

/// The ISO year, month and day of a date (whatever its calendar).
pub(crate) fn iso_fields(d: &PlainDate) -> Vec<f64> {
    let iso = d.with_calendar(Calendar::ISO);
    vec![iso.year() as f64, iso.month() as f64, iso.day() as f64]
}

/// Rebuilds a date from ISO fields and a stored calendar identifier.
pub(crate) fn to_rs(vm: &mut Vm, f: &[f64], calendar: Value) -> JsResult<PlainDate> {
    let calendar = calendar_from_slot(vm, calendar)?;
    if f.len() < 3
        || f[0].abs() > 1e6
        || !(1.0..=12.0).contains(&f[1])
        || !(1.0..=31.0).contains(&f[2])
    {
        return Err(vm.range_error("Temporal.PlainDate: invalid date"));
    }
    PlainDate::try_new(f[0] as i32, f[1] as u8, f[2] as u8, calendar).or_throw(vm)
}

fn slots(vm: &mut Vm, d: &PlainDate) -> TemporalData {
    let calendar = calendar_to_slot(vm, d.calendar());
    let mut data = super::data(TemporalKind::PlainDate, iso_fields(d));
    data.calendar = calendar;
    data
}

/// CreateTemporalDate(isoDate, calendar) with the default newTarget.
/// <https://tc39.es/proposal-temporal/#sec-temporal-createtemporaldate>
pub(crate) fn create_temporal_date(vm: &mut Vm, d: &PlainDate) -> Value {
    let data = slots(vm, d);
    super::create(vm, Intrinsic::TemporalPlainDatePrototype, data)
}

/// The date of a PlainDate object, if `v` is one.
pub(crate) fn plain_date_of(vm: &mut Vm, v: Value) -> Option<JsResult<PlainDate>> {
    let d = super::slots_of(vm, v, TemporalKind::PlainDate)?;
    let (f, c) = (d.fields.clone(), d.calendar);
    Some(to_rs(vm, &f, c))
}

pub(crate) fn this_date(vm: &mut Vm, args: &Args, what: &str) -> JsResult<PlainDate> {
    let this = args.this(vm);
    match plain_date_of(vm, this) {
        Some(d) => d,
        None => Err(vm.type_error(format!("{what} called on an incompatible receiver"))),
    }
}

// --- abstract operations ---------------------------------------------------------------------

/// ToTemporalDate(item [, options]).
/// <https://tc39.es/proposal-temporal/#sec-temporal-totemporaldate>
pub(crate) fn to_temporal_date(vm: &mut Vm, item: Value, options: Value) -> JsResult<PlainDate> {
    let base = vm.roots_len();
    let options_slot = vm.root(options);
    let item_slot = vm.root(item);
    let result = to_temporal_date_inner(vm, item_slot, options_slot);
    vm.unroot(base);
    result
}

fn read_overflow(vm: &mut Vm, options_slot: usize) -> JsResult<Option<Overflow>> {
    let options = vm.rooted(options_slot);
    let options = get_options_object(vm, options)?;
    get_temporal_overflow_option(vm, options)
}

fn to_temporal_date_inner(
    vm: &mut Vm,
    item_slot: usize,
    options_slot: usize,
) -> JsResult<PlainDate> {
    let item = vm.rooted(item_slot);
    // 2.a. A PlainDate: read the options, return a copy.
    if let Some(d) = plain_date_of(vm, item) {
        let d = d?;
        read_overflow(vm, options_slot)?;
        return Ok(d);
    }
    // 2.b. A ZonedDateTime: its date in its time zone.
    if let Some(z) = super::zoned_date_time::zoned_date_time_of(vm, item) {
        let z = z?;
        read_overflow(vm, options_slot)?;
        return Ok(z.to_plain_date());
    }
    // 2.c. A PlainDateTime: its date.
    if let Some(dt) = super::plain_date_time::plain_date_time_of(vm, item) {
        let dt = dt?;
        read_overflow(vm, options_slot)?;
        return Ok(dt.to_plain_date());
    }
    match item {
        Value::Object(_) => {
            // 2.d. Let calendar be ? GetTemporalCalendarIdentifierWithISODefault(item).
            let calendar = get_temporal_calendar_identifier_with_iso_default(vm, item_slot)?;
            // 2.e. Let fields be ? PrepareCalendarFields(calendar, item, « year, month,
            //      month-code, day », « », « »).
            let names = FieldNames {
                date: true,
                time: false,
                offset: false,
                time_zone: false,
                time_zone_required: false,
            };
            let fields = prepare_calendar_fields(vm, &calendar, item_slot, names, false)?;
            // 2.f-g. GetOptionsObject(options); GetTemporalOverflowOption(resolvedOptions).
            let overflow = read_overflow(vm, options_slot)?;
            // 2.h. Let isoDate be ? CalendarDateFromFields(calendar, fields, overflow).
            let partial = PartialDate {
                calendar_fields: fields.calendar,
                calendar,
            };
            PlainDate::from_partial(partial, Some(overflow.unwrap_or(Overflow::Constrain)))
                .or_throw(vm)
        }
        Value::String(s) => {
            // 3-9. ParseISODateTime, CanonicalizeCalendar, then the options.
            let text = vm.rust_string(s);
            let d = PlainDate::from_utf8(text.as_bytes()).or_throw(vm)?;
            read_overflow(vm, options_slot)?;
            Ok(d)
        }
        // 2. If item is not a String, throw a TypeError exception.
        _ => Err(vm.type_error("Temporal.PlainDate: expected a string or an object")),
    }
}

// --- constructor and statics -----------------------------------------------------------------

/// `Temporal.PlainDate(isoYear, isoMonth, isoDay [, calendar])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if args.new_target(vm).is_undefined() {
        return Err(vm.type_error("Constructor Temporal.PlainDate requires 'new'"));
    }
    // 2-4. Let y, m, d be ? ToIntegerWithTruncation(isoYear / isoMonth / isoDay).
    let mut f = [0.0; 3];
    for (i, slot) in f.iter_mut().enumerate() {
        let v = args.get(vm, i);
        *slot = to_integer_with_truncation(vm, v)?;
    }
    // 5-7. The calendar: undefined is "iso8601"; otherwise a String, canonicalized.
    let calendar = match args.get(vm, 3) {
        Value::Undefined => Calendar::ISO,
        Value::String(s) => {
            let text = vm.rust_string(s);
            Calendar::try_from_utf8(text.as_bytes()).or_throw(vm)?
        }
        _ => return Err(vm.type_error("Temporal.PlainDate: calendar must be a string")),
    };
    // 8. If IsValidISODate(y, m, d) is false, throw a RangeError exception.
    if f[0].abs() > 1e6 || !(1.0..=12.0).contains(&f[1]) || !(1.0..=31.0).contains(&f[2]) {
        return Err(vm.range_error("Temporal.PlainDate: invalid date"));
    }
    let d = PlainDate::try_new(f[0] as i32, f[1] as u8, f[2] as u8, calendar).or_throw(vm)?;
    // 9-10. Return ? CreateTemporalDate(isoDate, calendar, NewTarget).
    let nt = args.new_target(vm);
    let data = slots(vm, &d);
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::TemporalPlainDatePrototype,
        ObjectKind::Temporal(Box::new(data)),
    )?;
    Ok(Value::Object(o))
}

/// `Temporal.PlainDate.from(item [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.from>
pub fn from(vm: &mut Vm, args: Args) -> JsResult {
    let (item, options) = (args.get(vm, 0), args.get(vm, 1));
    let d = to_temporal_date(vm, item, options)?;
    Ok(create_temporal_date(vm, &d))
}

/// `Temporal.PlainDate.compare(one, two)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.compare>
pub fn compare(vm: &mut Vm, args: Args) -> JsResult {
    let one = args.get(vm, 0);
    let one = to_temporal_date(vm, one, Value::Undefined)?;
    let two = args.get(vm, 1);
    let two = to_temporal_date(vm, two, Value::Undefined)?;
    // 3. Return 𝔽(CompareISODate(one.[[ISODate]], two.[[ISODate]])).
    Ok(Value::Number(one.compare_iso(&two) as i8 as f64))
}

// --- getters ---------------------------------------------------------------------------------

fn number_or_undefined<T: Into<f64>>(v: Option<T>) -> Value {
    v.map_or(Value::Undefined, |n| Value::Number(n.into()))
}

macro_rules! date_getters {
    ($($name:ident, $js:literal => |$vm:ident, $d:ident| $body:expr;)*) => {$(
        #[doc = concat!("`get Temporal.PlainDate.prototype.", $js, "`.")]
        /// <https://tc39.es/proposal-temporal/#sec-get-temporal.plaindate.prototype.calendarid>
        /// and the getters after it.
        pub fn $name($vm: &mut Vm, args: Args) -> JsResult {
            let $d = this_date($vm, &args, concat!("get Temporal.PlainDate.prototype.", $js))?;
            Ok($body)
        }
    )*};
}
date_getters! {
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

/// AddDurationToDate(operation, temporalDate, temporalDurationLike, options).
/// <https://tc39.es/proposal-temporal/#sec-temporal-adddurationtodate>
fn add_duration_to_date(vm: &mut Vm, args: Args, subtract: bool) -> JsResult {
    let what = if subtract {
        "Temporal.PlainDate.prototype.subtract"
    } else {
        "Temporal.PlainDate.prototype.add"
    };
    let d = this_date(vm, &args, what)?;
    // 2. Let duration be ? ToTemporalDuration(temporalDurationLike).
    let like = args.get(vm, 0);
    let duration = to_temporal_duration(vm, like)?;
    // 4-5. GetOptionsObject(options); GetTemporalOverflowOption(resolvedOptions).
    let base = vm.roots_len();
    let options = args.get(vm, 1);
    let overflow =
        get_options_object(vm, options).and_then(|o| get_temporal_overflow_option(vm, o));
    vm.unroot(base);
    let overflow = overflow?;
    // 3, 6-. Negate for subtraction, CalendarDateAdd.
    let r = if subtract {
        d.subtract(&duration, overflow)
    } else {
        d.add(&duration, overflow)
    }
    .or_throw(vm)?;
    Ok(create_temporal_date(vm, &r))
}

/// `Temporal.PlainDate.prototype.add(temporalDurationLike [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.prototype.add>
pub fn add(vm: &mut Vm, args: Args) -> JsResult {
    add_duration_to_date(vm, args, false)
}

/// `Temporal.PlainDate.prototype.subtract(temporalDurationLike [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.prototype.subtract>
pub fn subtract(vm: &mut Vm, args: Args) -> JsResult {
    add_duration_to_date(vm, args, true)
}

/// `Temporal.PlainDate.prototype.with(temporalDateLike [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.prototype.with>
pub fn with(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_date(vm, &args, "Temporal.PlainDate.prototype.with")?;
    // 3. If temporalDateLike is not an Object, throw a TypeError exception.
    let like = args.get(vm, 0);
    if !matches!(like, Value::Object(_)) {
        return Err(vm.type_error("Temporal.PlainDate.prototype.with: an object is required"));
    }
    let base = vm.roots_len();
    let slot = vm.root(like);
    let result = (|| {
        // 4. Perform ? RejectTemporalLikeObject(temporalDateLike).
        reject_temporal_like_object(vm, slot)?;
        // 7. Let partialDate be ? PrepareCalendarFields(calendar, temporalDateLike, « year,
        //    month, month-code, day », « », partial).
        let names = FieldNames {
            date: true,
            time: false,
            offset: false,
            time_zone: false,
            time_zone_required: false,
        };
        let fields = prepare_calendar_fields(vm, d.calendar(), slot, names, true)?;
        // 9-10. GetOptionsObject(options); GetTemporalOverflowOption(resolvedOptions).
        let options = args.get(vm, 1);
        let options = get_options_object(vm, options)?;
        let overflow = get_temporal_overflow_option(vm, options)?;
        // 8, 11. CalendarMergeFields, CalendarDateFromFields.
        let r = d.with(fields.calendar, overflow).or_throw(vm)?;
        Ok(create_temporal_date(vm, &r))
    })();
    vm.unroot(base);
    result
}

/// `Temporal.PlainDate.prototype.withCalendar(calendarLike)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.prototype.withcalendar>
pub fn with_calendar(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_date(vm, &args, "Temporal.PlainDate.prototype.withCalendar")?;
    // 3. Let calendar be ? ToTemporalCalendarIdentifier(calendarLike).
    let like = args.get(vm, 0);
    let calendar = to_temporal_calendar_identifier(vm, like)?;
    // 4. Return ! CreateTemporalDate(temporalDate.[[ISODate]], calendar).
    Ok(create_temporal_date(vm, &d.with_calendar(calendar)))
}

/// DifferenceTemporalPlainDate(operation, temporalDate, other, options).
/// <https://tc39.es/proposal-temporal/#sec-temporal-differencetemporalplaindate>
fn difference_temporal_plain_date(vm: &mut Vm, args: Args, since: bool) -> JsResult {
    let what = if since {
        "Temporal.PlainDate.prototype.since"
    } else {
        "Temporal.PlainDate.prototype.until"
    };
    let d = this_date(vm, &args, what)?;
    // 1. Set other to ? ToTemporalDate(other).
    let other = args.get(vm, 0);
    let other = to_temporal_date(vm, other, Value::Undefined)?;
    // 2. If CalendarEquals(temporalDate.[[Calendar]], other.[[Calendar]]) is false, throw a
    //    RangeError exception.
    if d.calendar().identifier() != other.calendar().identifier() {
        return Err(vm.range_error(format!("{what}: the calendars differ")));
    }
    let base = vm.roots_len();
    let result = (|| {
        // 3. Let resolvedOptions be ? GetOptionsObject(options).
        let options = args.get(vm, 1);
        let options = get_options_object(vm, options)?;
        // 4. Let settings be ? GetDifferenceSettings(operation, resolvedOptions, date, « »,
        //    day, day).
        let settings = get_difference_settings(vm, options, UnitGroup::Date)?;
        let r = if since {
            d.since(&other, settings)
        } else {
            d.until(&other, settings)
        }
        .or_throw(vm)?;
        Ok(create_temporal_duration(vm, &r))
    })();
    vm.unroot(base);
    result
}

/// `Temporal.PlainDate.prototype.until(other [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.prototype.until>
pub fn until(vm: &mut Vm, args: Args) -> JsResult {
    difference_temporal_plain_date(vm, args, false)
}

/// `Temporal.PlainDate.prototype.since(other [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.prototype.since>
pub fn since(vm: &mut Vm, args: Args) -> JsResult {
    difference_temporal_plain_date(vm, args, true)
}

/// `Temporal.PlainDate.prototype.equals(other)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.prototype.equals>
pub fn equals(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_date(vm, &args, "Temporal.PlainDate.prototype.equals")?;
    // 3. Set other to ? ToTemporalDate(other).
    let other = args.get(vm, 0);
    let other = to_temporal_date(vm, other, Value::Undefined)?;
    // 4-5. Equal ISO dates and equal calendars.
    Ok(Value::Boolean(
        d.compare_iso(&other).is_eq() && d.calendar().identifier() == other.calendar().identifier(),
    ))
}

/// GetTemporalShowCalendarNameOption(options).
/// <https://tc39.es/proposal-temporal/#sec-temporal-gettemporalshowcalendarnameoption>
pub(crate) fn get_temporal_show_calendar_name_option(
    vm: &mut Vm,
    options: super::Options,
) -> JsResult<DisplayCalendar> {
    let s = get_string_option(
        vm,
        options,
        "calendarName",
        &["auto", "always", "never", "critical"],
    )?;
    match s {
        None => Ok(DisplayCalendar::Auto),
        Some(s) => s.parse::<DisplayCalendar>().or_throw(vm),
    }
}

/// `Temporal.PlainDate.prototype.toString([options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.prototype.tostring>
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_date(vm, &args, "Temporal.PlainDate.prototype.toString")?;
    let base = vm.roots_len();
    let options = args.get(vm, 0);
    let show =
        get_options_object(vm, options).and_then(|o| get_temporal_show_calendar_name_option(vm, o));
    vm.unroot(base);
    let show = show?;
    // 5. Return TemporalDateToString(temporalDate, showCalendar).
    let s = d.to_ixdtf_string(show);
    Ok(vm.string_from(&s))
}

/// `Temporal.PlainDate.prototype.toJSON()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.prototype.tojson>
pub fn to_json(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_date(vm, &args, "Temporal.PlainDate.prototype.toJSON")?;
    let s = d.to_ixdtf_string(DisplayCalendar::Auto);
    Ok(vm.string_from(&s))
}

/// `Temporal.PlainDate.prototype.toLocaleString()`: without ECMA-402, TemporalDateToString.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.prototype.tolocalestring>
pub fn to_locale_string(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_date(vm, &args, "Temporal.PlainDate.prototype.toLocaleString")?;
    let s = d.to_ixdtf_string(DisplayCalendar::Auto);
    Ok(vm.string_from(&s))
}

/// `Temporal.PlainDate.prototype.valueOf()`: always a TypeError.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.prototype.valueof>
pub fn value_of(vm: &mut Vm, _args: Args) -> JsResult {
    Err(vm.type_error("Temporal.PlainDate.prototype.valueOf: use compare() or toString() instead"))
}

/// `Temporal.PlainDate.prototype.toPlainDateTime([temporalTime])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.prototype.toplaindatetime>
pub fn to_plain_date_time(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_date(vm, &args, "Temporal.PlainDate.prototype.toPlainDateTime")?;
    // 3. Let time be ? ToTimeRecordOrMidnight(temporalTime).
    let time = args.get(vm, 0);
    let time = if time.is_undefined() {
        None
    } else {
        Some(super::plain_time::to_temporal_time(
            vm,
            time,
            Value::Undefined,
        )?)
    };
    // 4-5. CombineISODateAndTimeRecord; CreateTemporalDateTime (in range or a RangeError).
    let dt = d.to_plain_date_time(time).or_throw(vm)?;
    Ok(super::plain_date_time::create_temporal_date_time(vm, &dt))
}
