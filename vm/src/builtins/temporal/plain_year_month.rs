//! `Temporal.PlainYearMonth`.
//! <https://tc39.es/proposal-temporal/#sec-temporal-plainyearmonth-objects>
//!
//! The slots are [[ISODate]] (ISO year, month and reference day, in that order) and
//! [[Calendar]] (the identifier string).

use super::calendar::{
    calendar_from_slot, calendar_to_slot, get_temporal_calendar_identifier_with_iso_default,
    FieldNames,
};
use super::duration::{create_temporal_duration, to_temporal_duration};
use super::plain_date::{create_temporal_date, get_temporal_show_calendar_name_option};
use super::plain_time::{get_difference_settings, reject_temporal_like_object};
use super::{
    get_options_object, get_temporal_overflow_option, to_integer_with_truncation, OrThrow,
    TemporalKind, UnitGroup,
};
use crate::builtins::method;
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::{Handle, Object, ObjectKind, TemporalData, Value};
use temporal_rs::fields::{CalendarFields, YearMonthCalendarFields};
use temporal_rs::options::{DisplayCalendar, Overflow, Unit};
use temporal_rs::partial::PartialYearMonth;
use temporal_rs::{Calendar, PlainYearMonth};

pub fn init(vm: &mut Vm, ns: Handle<Object>) {
    let proto = super::super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::TemporalPlainYearMonthPrototype, proto);
    let c = super::class(
        vm,
        ns,
        NativeId::TemporalPlainYearMonth,
        "PlainYearMonth",
        2,
        proto,
    );
    set_intrinsic(vm, Intrinsic::TemporalPlainYearMonth, c);
    method(vm, c, "from", NativeId::TemporalPlainYearMonthFrom, 1);
    method(vm, c, "compare", NativeId::TemporalPlainYearMonthCompare, 2);
    let getters: [(&str, NativeId); 10] = [
        (
            "calendarId",
            NativeId::TemporalPlainYearMonthPrototypeCalendarId,
        ),
        ("era", NativeId::TemporalPlainYearMonthPrototypeEra),
        ("eraYear", NativeId::TemporalPlainYearMonthPrototypeEraYear),
        ("year", NativeId::TemporalPlainYearMonthPrototypeYear),
        ("month", NativeId::TemporalPlainYearMonthPrototypeMonth),
        (
            "monthCode",
            NativeId::TemporalPlainYearMonthPrototypeMonthCode,
        ),
        (
            "daysInYear",
            NativeId::TemporalPlainYearMonthPrototypeDaysInYear,
        ),
        (
            "daysInMonth",
            NativeId::TemporalPlainYearMonthPrototypeDaysInMonth,
        ),
        (
            "monthsInYear",
            NativeId::TemporalPlainYearMonthPrototypeMonthsInYear,
        ),
        (
            "inLeapYear",
            NativeId::TemporalPlainYearMonthPrototypeInLeapYear,
        ),
    ];
    for (name, id) in getters {
        let key = vm.key(name);
        super::super::accessor(vm, proto, key, name, Some(id), None);
    }
    let methods: [(&str, NativeId, u32); 11] = [
        ("with", NativeId::TemporalPlainYearMonthPrototypeWith, 1),
        ("add", NativeId::TemporalPlainYearMonthPrototypeAdd, 1),
        (
            "subtract",
            NativeId::TemporalPlainYearMonthPrototypeSubtract,
            1,
        ),
        ("until", NativeId::TemporalPlainYearMonthPrototypeUntil, 1),
        ("since", NativeId::TemporalPlainYearMonthPrototypeSince, 1),
        ("equals", NativeId::TemporalPlainYearMonthPrototypeEquals, 1),
        (
            "toString",
            NativeId::TemporalPlainYearMonthPrototypeToString,
            0,
        ),
        (
            "toLocaleString",
            NativeId::TemporalPlainYearMonthPrototypeToLocaleString,
            0,
        ),
        ("toJSON", NativeId::TemporalPlainYearMonthPrototypeToJson, 0),
        (
            "valueOf",
            NativeId::TemporalPlainYearMonthPrototypeValueOf,
            0,
        ),
        (
            "toPlainDate",
            NativeId::TemporalPlainYearMonthPrototypeToPlainDate,
            1,
        ),
    ];
    for (name, id, len) in methods {
        method(vm, proto, name, id, len);
    }
    super::tag(vm, proto, "Temporal.PlainYearMonth");
}

// --- slots <-> temporal_rs -------------------------------------------------------------------

/// The proleptic Gregorian date of a day count since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The ISO date (year, month, day) of a value's reference date at midnight UTC.
pub(crate) fn iso_of_epoch_ns(ns: i128) -> Vec<f64> {
    let days = ns.div_euclid(86_400_000_000_000) as i64;
    let (y, m, d) = civil_from_days(days);
    vec![y as f64, m as f64, d as f64]
}

fn to_rs(vm: &mut Vm, f: &[f64], calendar: Value) -> JsResult<PlainYearMonth> {
    let calendar = calendar_from_slot(vm, calendar)?;
    if f.len() < 3
        || f[0].abs() > 1e6
        || !(1.0..=12.0).contains(&f[1])
        || !(1.0..=31.0).contains(&f[2])
    {
        return Err(vm.range_error("Temporal.PlainYearMonth: invalid year-month"));
    }
    PlainYearMonth::try_new(f[0] as i32, f[1] as u8, Some(f[2] as u8), calendar).or_throw(vm)
}

fn slots(vm: &mut Vm, ym: &PlainYearMonth) -> TemporalData {
    let calendar = calendar_to_slot(vm, ym.calendar());
    let fields = iso_of_epoch_ns(ym.epoch_ns_for_utc().as_i128());
    let mut data = super::data(TemporalKind::PlainYearMonth, fields);
    data.calendar = calendar;
    data
}

/// CreateTemporalYearMonth(isoDate, calendar) with the default newTarget.
/// <https://tc39.es/proposal-temporal/#sec-temporal-createtemporalyearmonth>
pub(crate) fn create_temporal_year_month(vm: &mut Vm, ym: &PlainYearMonth) -> Value {
    let data = slots(vm, ym);
    super::create(vm, Intrinsic::TemporalPlainYearMonthPrototype, data)
}

fn year_month_of(vm: &mut Vm, v: Value) -> Option<JsResult<PlainYearMonth>> {
    let d = super::slots_of(vm, v, TemporalKind::PlainYearMonth)?;
    let (f, c) = (d.fields.clone(), d.calendar);
    Some(to_rs(vm, &f, c))
}

fn this_year_month(vm: &mut Vm, args: &Args, what: &str) -> JsResult<PlainYearMonth> {
    let this = args.this(vm);
    match year_month_of(vm, this) {
        Some(ym) => ym,
        None => Err(vm.type_error(format!("{what} called on an incompatible receiver"))),
    }
}

fn year_month_fields(f: CalendarFields) -> YearMonthCalendarFields {
    let mut ym = YearMonthCalendarFields::new();
    ym.year = f.year;
    ym.month = f.month;
    ym.month_code = f.month_code;
    ym.era = f.era;
    ym.era_year = f.era_year;
    ym
}

fn read_overflow(vm: &mut Vm, options_slot: usize) -> JsResult<Option<Overflow>> {
    let options = vm.rooted(options_slot);
    let options = get_options_object(vm, options)?;
    get_temporal_overflow_option(vm, options)
}

/// ToTemporalYearMonth(item [, options]).
/// <https://tc39.es/proposal-temporal/#sec-temporal-totemporalyearmonth>
fn to_temporal_year_month(vm: &mut Vm, item: Value, options: Value) -> JsResult<PlainYearMonth> {
    let base = vm.roots_len();
    let options_slot = vm.root(options);
    let item_slot = vm.root(item);
    let result = (|| {
        let item = vm.rooted(item_slot);
        // 2.a. A PlainYearMonth: read the options, return a copy.
        if let Some(ym) = year_month_of(vm, item) {
            let ym = ym?;
            read_overflow(vm, options_slot)?;
            return Ok(ym);
        }
        match item {
            Value::Object(_) => {
                // 2.b. Let calendar be ? GetTemporalCalendarIdentifierWithISODefault(item).
                let calendar = get_temporal_calendar_identifier_with_iso_default(vm, item_slot)?;
                // 2.c. PrepareCalendarFields(calendar, item, « year, month, month-code », « », « »).
                let fields = prepare_year_month_fields(vm, &calendar, item_slot, false)?;
                // 2.d-e. GetOptionsObject(options); GetTemporalOverflowOption(resolvedOptions).
                let overflow = read_overflow(vm, options_slot)?;
                // 2.f. CalendarYearMonthFromFields(calendar, fields, overflow).
                PlainYearMonth::from_partial(
                    PartialYearMonth {
                        calendar_fields: fields,
                        calendar,
                    },
                    Some(overflow.unwrap_or(Overflow::Constrain)),
                )
                .or_throw(vm)
            }
            Value::String(s) => {
                let text = vm.rust_string(s);
                let ym = PlainYearMonth::from_utf8(text.as_bytes()).or_throw(vm)?;
                read_overflow(vm, options_slot)?;
                Ok(ym)
            }
            _ => Err(vm.type_error("Temporal.PlainYearMonth: expected a string or an object")),
        }
    })();
    vm.unroot(base);
    result
}

/// PrepareCalendarFields with « year, month, month-code » (the day is not read).
fn prepare_year_month_fields(
    vm: &mut Vm,
    calendar: &Calendar,
    slot: usize,
    partial: bool,
) -> JsResult<YearMonthCalendarFields> {
    let names = FieldNames {
        date: true,
        time: false,
        offset: false,
        time_zone: false,
        time_zone_required: false,
    };
    let fields =
        super::calendar::prepare_calendar_fields_without_day(vm, calendar, slot, names, partial)?;
    Ok(year_month_fields(fields.calendar))
}

// --- constructor and statics -----------------------------------------------------------------

/// `Temporal.PlainYearMonth(isoYear, isoMonth [, calendar [, referenceISODay]])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainyearmonth>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if args.new_target(vm).is_undefined() {
        return Err(vm.type_error("Constructor Temporal.PlainYearMonth requires 'new'"));
    }
    // 3-4. Let y, m be ? ToIntegerWithTruncation(isoYear / isoMonth).
    let v = args.get(vm, 0);
    let y = to_integer_with_truncation(vm, v)?;
    let v = args.get(vm, 1);
    let m = to_integer_with_truncation(vm, v)?;
    // 5-7. The calendar: undefined is "iso8601"; otherwise a String, canonicalized.
    let calendar = match args.get(vm, 2) {
        Value::Undefined => Calendar::ISO,
        Value::String(s) => {
            let text = vm.rust_string(s);
            Calendar::try_from_utf8(text.as_bytes()).or_throw(vm)?
        }
        _ => return Err(vm.type_error("Temporal.PlainYearMonth: calendar must be a string")),
    };
    // 8. Let ref be ? ToIntegerWithTruncation(referenceISODay) (1 when undefined).
    let v = args.get(vm, 3);
    let d = if v.is_undefined() {
        1.0
    } else {
        to_integer_with_truncation(vm, v)?
    };
    // 9. If IsValidISODate(y, m, ref) is false, throw a RangeError exception.
    if y.abs() > 1e6 || !(1.0..=12.0).contains(&m) || !(1.0..=31.0).contains(&d) {
        return Err(vm.range_error("Temporal.PlainYearMonth: invalid year-month"));
    }
    let ym = PlainYearMonth::try_new(y as i32, m as u8, Some(d as u8), calendar).or_throw(vm)?;
    // 10. Return ? CreateTemporalYearMonth(isoDate, calendar, NewTarget).
    let nt = args.new_target(vm);
    let mut data = slots(vm, &ym);
    data.fields = vec![y, m, d];
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::TemporalPlainYearMonthPrototype,
        ObjectKind::Temporal(Box::new(data)),
    )?;
    Ok(Value::Object(o))
}

/// `Temporal.PlainYearMonth.from(item [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainyearmonth.from>
pub fn from(vm: &mut Vm, args: Args) -> JsResult {
    let (item, options) = (args.get(vm, 0), args.get(vm, 1));
    let ym = to_temporal_year_month(vm, item, options)?;
    Ok(create_temporal_year_month(vm, &ym))
}

/// `Temporal.PlainYearMonth.compare(one, two)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainyearmonth.compare>
pub fn compare(vm: &mut Vm, args: Args) -> JsResult {
    let one = args.get(vm, 0);
    let one = to_temporal_year_month(vm, one, Value::Undefined)?;
    let two = args.get(vm, 1);
    let two = to_temporal_year_month(vm, two, Value::Undefined)?;
    Ok(Value::Number(one.compare_iso(&two) as i8 as f64))
}

// --- getters ---------------------------------------------------------------------------------

fn number_or_undefined<T: Into<f64>>(v: Option<T>) -> Value {
    v.map_or(Value::Undefined, |n| Value::Number(n.into()))
}

macro_rules! year_month_getters {
    ($($name:ident, $js:literal => |$vm:ident, $d:ident| $body:expr;)*) => {$(
        #[doc = concat!("`get Temporal.PlainYearMonth.prototype.", $js, "`.")]
        /// <https://tc39.es/proposal-temporal/#sec-get-temporal.plainyearmonth.prototype.calendarid>
        /// and the getters after it.
        pub fn $name($vm: &mut Vm, args: Args) -> JsResult {
            let $d = this_year_month(
                $vm,
                &args,
                concat!("get Temporal.PlainYearMonth.prototype.", $js),
            )?;
            Ok($body)
        }
    )*};
}
year_month_getters! {
    get_calendar_id, "calendarId" => |vm, d| vm.string_from(d.calendar().identifier());
    get_era, "era" => |vm, d| match d.era() {
        Some(e) => vm.string_from(e.as_str()),
        None => Value::Undefined,
    };
    get_era_year, "eraYear" => |vm, d| number_or_undefined(d.era_year());
    get_year, "year" => |vm, d| Value::Number(d.year() as f64);
    get_month, "month" => |vm, d| Value::Number(d.month() as f64);
    get_month_code, "monthCode" => |vm, d| vm.string_from(d.month_code().as_str());
    get_days_in_year, "daysInYear" => |vm, d| Value::Number(d.days_in_year() as f64);
    get_days_in_month, "daysInMonth" => |vm, d| Value::Number(d.days_in_month() as f64);
    get_months_in_year, "monthsInYear" => |vm, d| Value::Number(d.months_in_year() as f64);
    get_in_leap_year, "inLeapYear" => |vm, d| Value::Boolean(d.in_leap_year());
}

// --- methods ---------------------------------------------------------------------------------

/// `Temporal.PlainYearMonth.prototype.with(temporalYearMonthLike [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainyearmonth.prototype.with>
pub fn with(vm: &mut Vm, args: Args) -> JsResult {
    let ym = this_year_month(vm, &args, "Temporal.PlainYearMonth.prototype.with")?;
    let like = args.get(vm, 0);
    if !matches!(like, Value::Object(_)) {
        return Err(vm.type_error("Temporal.PlainYearMonth.prototype.with: an object is required"));
    }
    let base = vm.roots_len();
    let slot = vm.root(like);
    let result = (|| {
        // 3. Perform ? RejectTemporalLikeObject(temporalYearMonthLike).
        reject_temporal_like_object(vm, slot)?;
        // 6. PrepareCalendarFields(calendar, like, « year, month, month-code », « », partial).
        let fields = prepare_year_month_fields(vm, ym.calendar(), slot, true)?;
        // 8-9. GetOptionsObject(options); GetTemporalOverflowOption(resolvedOptions).
        let options = args.get(vm, 1);
        let options = get_options_object(vm, options)?;
        let overflow = get_temporal_overflow_option(vm, options)?;
        // 7, 10. CalendarMergeFields; CalendarYearMonthFromFields.
        let r = ym.with(fields, overflow).or_throw(vm)?;
        Ok(create_temporal_year_month(vm, &r))
    })();
    vm.unroot(base);
    result
}

/// AddDurationToYearMonth(operation, yearMonth, temporalDurationLike, options).
/// <https://tc39.es/proposal-temporal/#sec-temporal-adddurationtoyearmonth>
fn add_duration_to_year_month(vm: &mut Vm, args: Args, subtract: bool) -> JsResult {
    let what = if subtract {
        "Temporal.PlainYearMonth.prototype.subtract"
    } else {
        "Temporal.PlainYearMonth.prototype.add"
    };
    let ym = this_year_month(vm, &args, what)?;
    let like = args.get(vm, 0);
    let d = to_temporal_duration(vm, like)?;
    let base = vm.roots_len();
    let options = args.get(vm, 1);
    let overflow =
        get_options_object(vm, options).and_then(|o| get_temporal_overflow_option(vm, o));
    vm.unroot(base);
    let overflow = overflow?.unwrap_or(Overflow::Constrain);
    let r = if subtract {
        ym.subtract(&d, overflow)
    } else {
        ym.add(&d, overflow)
    }
    .or_throw(vm)?;
    Ok(create_temporal_year_month(vm, &r))
}

/// `Temporal.PlainYearMonth.prototype.add(temporalDurationLike [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainyearmonth.prototype.add>
pub fn add(vm: &mut Vm, args: Args) -> JsResult {
    add_duration_to_year_month(vm, args, false)
}

/// `Temporal.PlainYearMonth.prototype.subtract(temporalDurationLike [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainyearmonth.prototype.subtract>
pub fn subtract(vm: &mut Vm, args: Args) -> JsResult {
    add_duration_to_year_month(vm, args, true)
}

/// DifferenceTemporalPlainYearMonth(operation, yearMonth, other, options).
/// <https://tc39.es/proposal-temporal/#sec-temporal-differencetemporalplainyearmonth>
fn difference_temporal_plain_year_month(vm: &mut Vm, args: Args, since: bool) -> JsResult {
    let what = if since {
        "Temporal.PlainYearMonth.prototype.since"
    } else {
        "Temporal.PlainYearMonth.prototype.until"
    };
    let ym = this_year_month(vm, &args, what)?;
    let other = args.get(vm, 0);
    let other = to_temporal_year_month(vm, other, Value::Undefined)?;
    if ym.calendar().identifier() != other.calendar().identifier() {
        return Err(vm.range_error(format!("{what}: the calendars differ")));
    }
    let base = vm.roots_len();
    let result = (|| {
        let options = args.get(vm, 1);
        let options = get_options_object(vm, options)?;
        // GetDifferenceSettings(operation, resolvedOptions, date, « week, day », month, year).
        let settings = get_difference_settings(vm, options, UnitGroup::Date)?;
        let disallowed = |u: Option<Unit>| matches!(u, Some(Unit::Week | Unit::Day));
        if disallowed(settings.largest_unit) || disallowed(settings.smallest_unit) {
            return Err(vm.range_error(format!("{what}: weeks and days are not allowed")));
        }
        let d = if since {
            ym.since(&other, settings)
        } else {
            ym.until(&other, settings)
        }
        .or_throw(vm)?;
        Ok(create_temporal_duration(vm, &d))
    })();
    vm.unroot(base);
    result
}

/// `Temporal.PlainYearMonth.prototype.until(other [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainyearmonth.prototype.until>
pub fn until(vm: &mut Vm, args: Args) -> JsResult {
    difference_temporal_plain_year_month(vm, args, false)
}

/// `Temporal.PlainYearMonth.prototype.since(other [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainyearmonth.prototype.since>
pub fn since(vm: &mut Vm, args: Args) -> JsResult {
    difference_temporal_plain_year_month(vm, args, true)
}

/// `Temporal.PlainYearMonth.prototype.equals(other)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainyearmonth.prototype.equals>
pub fn equals(vm: &mut Vm, args: Args) -> JsResult {
    let ym = this_year_month(vm, &args, "Temporal.PlainYearMonth.prototype.equals")?;
    let other = args.get(vm, 0);
    let other = to_temporal_year_month(vm, other, Value::Undefined)?;
    Ok(Value::Boolean(
        ym.compare_iso(&other).is_eq()
            && ym.calendar().identifier() == other.calendar().identifier(),
    ))
}

/// `Temporal.PlainYearMonth.prototype.toString([options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainyearmonth.prototype.tostring>
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    let ym = this_year_month(vm, &args, "Temporal.PlainYearMonth.prototype.toString")?;
    let base = vm.roots_len();
    let options = args.get(vm, 0);
    let show =
        get_options_object(vm, options).and_then(|o| get_temporal_show_calendar_name_option(vm, o));
    vm.unroot(base);
    let show = show?;
    let s = ym.to_ixdtf_string(show);
    Ok(vm.string_from(&s))
}

/// `Temporal.PlainYearMonth.prototype.toJSON()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainyearmonth.prototype.tojson>
pub fn to_json(vm: &mut Vm, args: Args) -> JsResult {
    let ym = this_year_month(vm, &args, "Temporal.PlainYearMonth.prototype.toJSON")?;
    let s = ym.to_ixdtf_string(DisplayCalendar::Auto);
    Ok(vm.string_from(&s))
}

/// `Temporal.PlainYearMonth.prototype.toLocaleString()`: without ECMA-402, the ISO string.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainyearmonth.prototype.tolocalestring>
pub fn to_locale_string(vm: &mut Vm, args: Args) -> JsResult {
    let ym = this_year_month(
        vm,
        &args,
        "Temporal.PlainYearMonth.prototype.toLocaleString",
    )?;
    let s = ym.to_ixdtf_string(DisplayCalendar::Auto);
    Ok(vm.string_from(&s))
}

/// `Temporal.PlainYearMonth.prototype.valueOf()`: always a TypeError.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainyearmonth.prototype.valueof>
pub fn value_of(vm: &mut Vm, _args: Args) -> JsResult {
    Err(vm.type_error(
        "Temporal.PlainYearMonth.prototype.valueOf: use compare() or toString() instead",
    ))
}

/// `Temporal.PlainYearMonth.prototype.toPlainDate(item)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainyearmonth.prototype.toplaindate>
pub fn to_plain_date(vm: &mut Vm, args: Args) -> JsResult {
    let ym = this_year_month(vm, &args, "Temporal.PlainYearMonth.prototype.toPlainDate")?;
    // 3. If item is not an Object, throw a TypeError exception.
    let item = args.get(vm, 0);
    let Value::Object(o) = item else {
        return Err(
            vm.type_error("Temporal.PlainYearMonth.prototype.toPlainDate: an object is required")
        );
    };
    // 6. Let inputFields be ? PrepareCalendarFields(calendar, item, « day », « », « »).
    let v = ops::get_str(vm, o, "day")?;
    let mut fields = CalendarFields::new();
    if !v.is_undefined() {
        let n = to_integer_with_truncation(vm, v)?;
        if n <= 0.0 {
            return Err(vm.range_error("Temporal: day must be a positive integer"));
        }
        fields.day = Some(n.min(255.0) as u8);
    }
    // 7-9. CalendarMergeFields; CalendarDateFromFields(calendar, mergedFields, constrain).
    let d = ym.to_plain_date(Some(fields)).or_throw(vm)?;
    Ok(create_temporal_date(vm, &d))
}

/// `Temporal.PlainDate.prototype.toPlainYearMonth()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.prototype.toplainyearmonth>
pub fn plain_date_to_plain_year_month(vm: &mut Vm, args: Args) -> JsResult {
    let d =
        super::plain_date::this_date(vm, &args, "Temporal.PlainDate.prototype.toPlainYearMonth")?;
    let ym = d.to_plain_year_month().or_throw(vm)?;
    Ok(create_temporal_year_month(vm, &ym))
}
