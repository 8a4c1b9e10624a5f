//! `Temporal.PlainMonthDay`.
//! <https://tc39.es/proposal-temporal/#sec-temporal-plainmonthday-objects>
//!
//! The slots are [[ISODate]] (ISO reference year, month and day, in that order) and
//! [[Calendar]] (the identifier string).

use super::calendar::{
    calendar_from_slot, calendar_to_slot, get_temporal_calendar_identifier_with_iso_default,
    prepare_calendar_fields, FieldNames,
};
use super::plain_date::{create_temporal_date, get_temporal_show_calendar_name_option};
use super::plain_time::reject_temporal_like_object;
use super::plain_year_month::iso_of_epoch_ns;
use super::{
    get_options_object, get_temporal_overflow_option, to_integer_with_truncation, OrThrow,
    TemporalKind,
};
use crate::builtins::method;
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::{Handle, Object, ObjectKind, TemporalData, Value};
use temporal_rs::options::{DisplayCalendar, Overflow};
use temporal_rs::partial::PartialDate;
use temporal_rs::{Calendar, PlainMonthDay};

const DATE_FIELDS: FieldNames = FieldNames {
    date: true,
    time: false,
    offset: false,
    time_zone: false,
    time_zone_required: false,
};

pub fn init(vm: &mut Vm, ns: Handle<Object>) {
    let proto = super::super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::TemporalPlainMonthDayPrototype, proto);
    let c = super::class(
        vm,
        ns,
        NativeId::TemporalPlainMonthDay,
        "PlainMonthDay",
        2,
        proto,
    );
    set_intrinsic(vm, Intrinsic::TemporalPlainMonthDay, c);
    method(vm, c, "from", NativeId::TemporalPlainMonthDayFrom, 1);
    let getters: [(&str, NativeId); 3] = [
        (
            "calendarId",
            NativeId::TemporalPlainMonthDayPrototypeCalendarId,
        ),
        (
            "monthCode",
            NativeId::TemporalPlainMonthDayPrototypeMonthCode,
        ),
        ("day", NativeId::TemporalPlainMonthDayPrototypeDay),
    ];
    for (name, id) in getters {
        let key = vm.key(name);
        super::super::accessor(vm, proto, key, name, Some(id), None);
    }
    let methods: [(&str, NativeId, u32); 7] = [
        ("with", NativeId::TemporalPlainMonthDayPrototypeWith, 1),
        ("equals", NativeId::TemporalPlainMonthDayPrototypeEquals, 1),
        (
            "toString",
            NativeId::TemporalPlainMonthDayPrototypeToString,
            0,
        ),
        (
            "toLocaleString",
            NativeId::TemporalPlainMonthDayPrototypeToLocaleString,
            0,
        ),
        ("toJSON", NativeId::TemporalPlainMonthDayPrototypeToJson, 0),
        (
            "valueOf",
            NativeId::TemporalPlainMonthDayPrototypeValueOf,
            0,
        ),
        (
            "toPlainDate",
            NativeId::TemporalPlainMonthDayPrototypeToPlainDate,
            1,
        ),
    ];
    for (name, id, len) in methods {
        method(vm, proto, name, id, len);
    }
    super::tag(vm, proto, "Temporal.PlainMonthDay");
}

// --- slots <-> temporal_rs -------------------------------------------------------------------

fn to_rs(vm: &mut Vm, f: &[f64], calendar: Value) -> JsResult<PlainMonthDay> {
    let calendar = calendar_from_slot(vm, calendar)?;
    if f.len() < 3
        || f[0].abs() > 1e6
        || !(1.0..=12.0).contains(&f[1])
        || !(1.0..=31.0).contains(&f[2])
    {
        return Err(vm.range_error("Temporal.PlainMonthDay: invalid month-day"));
    }
    PlainMonthDay::new_with_overflow(
        f[1] as u8,
        f[2] as u8,
        calendar,
        Overflow::Reject,
        Some(f[0] as i32),
    )
    .or_throw(vm)
}

fn slots(vm: &mut Vm, md: &PlainMonthDay) -> TemporalData {
    let calendar = calendar_to_slot(vm, md.calendar());
    let fields = iso_of_epoch_ns(md.epoch_ns_for_utc().as_i128());
    let mut data = super::data(TemporalKind::PlainMonthDay, fields);
    data.calendar = calendar;
    data
}

/// CreateTemporalMonthDay(isoDate, calendar) with the default newTarget.
/// <https://tc39.es/proposal-temporal/#sec-temporal-createtemporalmonthday>
fn create_temporal_month_day(vm: &mut Vm, md: &PlainMonthDay) -> Value {
    let data = slots(vm, md);
    super::create(vm, Intrinsic::TemporalPlainMonthDayPrototype, data)
}

fn month_day_of(vm: &mut Vm, v: Value) -> Option<JsResult<PlainMonthDay>> {
    let d = super::slots_of(vm, v, TemporalKind::PlainMonthDay)?;
    let (f, c) = (d.fields.clone(), d.calendar);
    Some(to_rs(vm, &f, c))
}

fn this_month_day(vm: &mut Vm, args: &Args, what: &str) -> JsResult<PlainMonthDay> {
    let this = args.this(vm);
    match month_day_of(vm, this) {
        Some(md) => md,
        None => Err(vm.type_error(format!("{what} called on an incompatible receiver"))),
    }
}

fn read_overflow(vm: &mut Vm, options_slot: usize) -> JsResult<Option<Overflow>> {
    let options = vm.rooted(options_slot);
    let options = get_options_object(vm, options)?;
    get_temporal_overflow_option(vm, options)
}

/// ToTemporalMonthDay(item [, options]).
/// <https://tc39.es/proposal-temporal/#sec-temporal-totemporalmonthday>
fn to_temporal_month_day(vm: &mut Vm, item: Value, options: Value) -> JsResult<PlainMonthDay> {
    let base = vm.roots_len();
    let options_slot = vm.root(options);
    let item_slot = vm.root(item);
    let result = (|| {
        let item = vm.rooted(item_slot);
        // 2.a. A PlainMonthDay: read the options, return a copy.
        if let Some(md) = month_day_of(vm, item) {
            let md = md?;
            read_overflow(vm, options_slot)?;
            return Ok(md);
        }
        match item {
            Value::Object(_) => {
                // 2.b. Let calendar be ? GetTemporalCalendarIdentifierWithISODefault(item).
                let calendar = get_temporal_calendar_identifier_with_iso_default(vm, item_slot)?;
                // 2.c. PrepareCalendarFields(calendar, item, « year, month, month-code, day »,
                //      « », « »).
                let fields = prepare_calendar_fields(vm, &calendar, item_slot, DATE_FIELDS, false)?;
                // 2.d-e. GetOptionsObject(options); GetTemporalOverflowOption(resolvedOptions).
                let overflow = read_overflow(vm, options_slot)?;
                // 2.f. CalendarMonthDayFromFields(calendar, fields, overflow).
                PlainMonthDay::from_partial(
                    PartialDate {
                        calendar_fields: fields.calendar,
                        calendar,
                    },
                    Some(overflow.unwrap_or(Overflow::Constrain)),
                )
                .or_throw(vm)
            }
            Value::String(s) => {
                let text = vm.rust_string(s);
                let md = PlainMonthDay::from_utf8(text.as_bytes()).or_throw(vm)?;
                read_overflow(vm, options_slot)?;
                Ok(md)
            }
            _ => Err(vm.type_error("Temporal.PlainMonthDay: expected a string or an object")),
        }
    })();
    vm.unroot(base);
    result
}

// --- constructor and statics -----------------------------------------------------------------

/// `Temporal.PlainMonthDay(isoMonth, isoDay [, calendar [, referenceISOYear]])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainmonthday>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if args.new_target(vm).is_undefined() {
        return Err(vm.type_error("Constructor Temporal.PlainMonthDay requires 'new'"));
    }
    // 3-4. Let m, d be ? ToIntegerWithTruncation(isoMonth / isoDay).
    let v = args.get(vm, 0);
    let m = to_integer_with_truncation(vm, v)?;
    let v = args.get(vm, 1);
    let d = to_integer_with_truncation(vm, v)?;
    // 5-7. The calendar: undefined is "iso8601"; otherwise a String, canonicalized.
    let calendar = match args.get(vm, 2) {
        Value::Undefined => Calendar::ISO,
        Value::String(s) => {
            let text = vm.rust_string(s);
            Calendar::try_from_utf8(text.as_bytes()).or_throw(vm)?
        }
        _ => return Err(vm.type_error("Temporal.PlainMonthDay: calendar must be a string")),
    };
    // 8. Let y be ? ToIntegerWithTruncation(referenceISOYear) (1972 when undefined).
    let v = args.get(vm, 3);
    let y = if v.is_undefined() {
        1972.0
    } else {
        to_integer_with_truncation(vm, v)?
    };
    // 9. If IsValidISODate(y, m, d) is false, throw a RangeError exception.
    let id = calendar_to_slot(vm, &calendar);
    let md = to_rs(vm, &[y, m, d], id)?;
    // 10. Return ? CreateTemporalMonthDay(isoDate, calendar, NewTarget).
    let nt = args.new_target(vm);
    let mut data = slots(vm, &md);
    data.fields = vec![y, m, d];
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::TemporalPlainMonthDayPrototype,
        ObjectKind::Temporal(Box::new(data)),
    )?;
    Ok(Value::Object(o))
}

/// `Temporal.PlainMonthDay.from(item [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainmonthday.from>
pub fn from(vm: &mut Vm, args: Args) -> JsResult {
    let (item, options) = (args.get(vm, 0), args.get(vm, 1));
    let md = to_temporal_month_day(vm, item, options)?;
    Ok(create_temporal_month_day(vm, &md))
}

// --- getters ---------------------------------------------------------------------------------

/// `get Temporal.PlainMonthDay.prototype.calendarId`.
/// <https://tc39.es/proposal-temporal/#sec-get-temporal.plainmonthday.prototype.calendarid>
pub fn get_calendar_id(vm: &mut Vm, args: Args) -> JsResult {
    let md = this_month_day(vm, &args, "get Temporal.PlainMonthDay.prototype.calendarId")?;
    Ok(vm.string_from(md.calendar().identifier()))
}

/// `get Temporal.PlainMonthDay.prototype.monthCode`.
/// <https://tc39.es/proposal-temporal/#sec-get-temporal.plainmonthday.prototype.monthcode>
pub fn get_month_code(vm: &mut Vm, args: Args) -> JsResult {
    let md = this_month_day(vm, &args, "get Temporal.PlainMonthDay.prototype.monthCode")?;
    Ok(vm.string_from(md.month_code().as_str()))
}

/// `get Temporal.PlainMonthDay.prototype.day`.
/// <https://tc39.es/proposal-temporal/#sec-get-temporal.plainmonthday.prototype.day>
pub fn get_day(vm: &mut Vm, args: Args) -> JsResult {
    let md = this_month_day(vm, &args, "get Temporal.PlainMonthDay.prototype.day")?;
    Ok(Value::Number(md.day() as f64))
}

// --- methods ---------------------------------------------------------------------------------

/// `Temporal.PlainMonthDay.prototype.with(temporalMonthDayLike [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainmonthday.prototype.with>
pub fn with(vm: &mut Vm, args: Args) -> JsResult {
    let md = this_month_day(vm, &args, "Temporal.PlainMonthDay.prototype.with")?;
    let like = args.get(vm, 0);
    if !matches!(like, Value::Object(_)) {
        return Err(vm.type_error("Temporal.PlainMonthDay.prototype.with: an object is required"));
    }
    let base = vm.roots_len();
    let slot = vm.root(like);
    let result = (|| {
        // 4. Perform ? RejectTemporalLikeObject(temporalMonthDayLike).
        reject_temporal_like_object(vm, slot)?;
        // 6. PrepareCalendarFields(calendar, like, « year, month, month-code, day », « »,
        //    partial).
        let fields = prepare_calendar_fields(vm, md.calendar(), slot, DATE_FIELDS, true)?;
        // 8-9. GetOptionsObject(options); GetTemporalOverflowOption(resolvedOptions).
        let options = args.get(vm, 1);
        let options = get_options_object(vm, options)?;
        let overflow = get_temporal_overflow_option(vm, options)?;
        // 7, 10. CalendarMergeFields; CalendarMonthDayFromFields.
        let r = md.with(fields.calendar, overflow).or_throw(vm)?;
        Ok(create_temporal_month_day(vm, &r))
    })();
    vm.unroot(base);
    result
}

/// `Temporal.PlainMonthDay.prototype.equals(other)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainmonthday.prototype.equals>
pub fn equals(vm: &mut Vm, args: Args) -> JsResult {
    let this = args.this(vm);
    let Some(d) = super::slots_of(vm, this, TemporalKind::PlainMonthDay) else {
        return Err(vm.type_error(
            "Temporal.PlainMonthDay.prototype.equals called on an incompatible receiver",
        ));
    };
    let (f, cal) = (d.fields.clone(), d.calendar);
    let md = to_rs(vm, &f, cal)?;
    // 3. Set other to ? ToTemporalMonthDay(other).
    let other = args.get(vm, 0);
    let other = to_temporal_month_day(vm, other, Value::Undefined)?;
    // 4-5. Equal ISO dates and equal calendars.
    let other_fields = iso_of_epoch_ns(other.epoch_ns_for_utc().as_i128());
    let mine = iso_of_epoch_ns(md.epoch_ns_for_utc().as_i128());
    Ok(Value::Boolean(
        mine == other_fields && md.calendar().identifier() == other.calendar().identifier(),
    ))
}

/// `Temporal.PlainMonthDay.prototype.toString([options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainmonthday.prototype.tostring>
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    let md = this_month_day(vm, &args, "Temporal.PlainMonthDay.prototype.toString")?;
    let base = vm.roots_len();
    let options = args.get(vm, 0);
    let show =
        get_options_object(vm, options).and_then(|o| get_temporal_show_calendar_name_option(vm, o));
    vm.unroot(base);
    let show = show?;
    let s = md.to_ixdtf_string(show);
    Ok(vm.string_from(&s))
}

/// `Temporal.PlainMonthDay.prototype.toJSON()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainmonthday.prototype.tojson>
pub fn to_json(vm: &mut Vm, args: Args) -> JsResult {
    let md = this_month_day(vm, &args, "Temporal.PlainMonthDay.prototype.toJSON")?;
    let s = md.to_ixdtf_string(DisplayCalendar::Auto);
    Ok(vm.string_from(&s))
}

/// `Temporal.PlainMonthDay.prototype.toLocaleString()`: without ECMA-402, the ISO string.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainmonthday.prototype.tolocalestring>
pub fn to_locale_string(vm: &mut Vm, args: Args) -> JsResult {
    let md = this_month_day(vm, &args, "Temporal.PlainMonthDay.prototype.toLocaleString")?;
    let s = md.to_ixdtf_string(DisplayCalendar::Auto);
    Ok(vm.string_from(&s))
}

/// `Temporal.PlainMonthDay.prototype.valueOf()`: always a TypeError.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainmonthday.prototype.valueof>
pub fn value_of(vm: &mut Vm, _args: Args) -> JsResult {
    Err(vm
        .type_error("Temporal.PlainMonthDay.prototype.valueOf: use equals() or toString() instead"))
}

/// `Temporal.PlainMonthDay.prototype.toPlainDate(item)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plainmonthday.prototype.toplaindate>
pub fn to_plain_date(vm: &mut Vm, args: Args) -> JsResult {
    let md = this_month_day(vm, &args, "Temporal.PlainMonthDay.prototype.toPlainDate")?;
    // 3. If item is not an Object, throw a TypeError exception.
    let item = args.get(vm, 0);
    let Value::Object(o) = item else {
        return Err(
            vm.type_error("Temporal.PlainMonthDay.prototype.toPlainDate: an object is required")
        );
    };
    // 6. Let inputFields be ? PrepareCalendarFields(calendar, item, « year », « », « »).
    let v = ops::get_str(vm, o, "year")?;
    let mut fields = temporal_rs::fields::CalendarFields::new();
    if !v.is_undefined() {
        let n = to_integer_with_truncation(vm, v)?;
        if n.abs() > 1e9 {
            return Err(vm.range_error("Temporal: year out of range"));
        }
        fields.year = Some(n as i32);
    }
    // 7-9. CalendarMergeFields; CalendarDateFromFields(calendar, mergedFields, constrain).
    let d = md.to_plain_date(Some(fields)).or_throw(vm)?;
    Ok(create_temporal_date(vm, &d))
}

/// `Temporal.PlainDate.prototype.toPlainMonthDay()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaindate.prototype.toplainmonthday>
pub fn plain_date_to_plain_month_day(vm: &mut Vm, args: Args) -> JsResult {
    let d =
        super::plain_date::this_date(vm, &args, "Temporal.PlainDate.prototype.toPlainMonthDay")?;
    let md = d.to_plain_month_day().or_throw(vm)?;
    Ok(create_temporal_month_day(vm, &md))
}
