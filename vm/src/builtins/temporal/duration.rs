//! `Temporal.Duration`. <https://tc39.es/proposal-temporal/#sec-temporal-duration-objects>
//!
//! The slots are the ten fields [[Years]] … [[Nanoseconds]] as float64-representable integers
//! (CreateTemporalDuration stores 𝔽 of each value), in that order.

use super::calendar::{
    get_temporal_calendar_identifier_with_iso_default, prepare_calendar_fields, FieldNames,
};
use super::{
    get_options_object, get_rounding_increment_option, get_rounding_mode_option,
    get_temporal_fractional_second_digits_option, get_temporal_unit_valued_option,
    to_integer_if_integral, validate_temporal_unit_value, Options, OrThrow, TemporalKind,
    UnitGroup,
};
use crate::builtins::method;
use crate::natives::NativeId;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::{Handle, Object, ObjectKind, Value};
use temporal_rs::fields::ZonedDateTimeFields;
use temporal_rs::options::{
    Disambiguation, OffsetDisambiguation, Overflow, RelativeTo, RoundingOptions,
    ToStringRoundingOptions, Unit,
};
use temporal_rs::partial::{PartialDate, PartialTime, PartialZonedDateTime};
use temporal_rs::{Duration, PlainDate, ZonedDateTime};

/// The fields in slot order, with their property names.
const FIELDS: [&str; 10] = [
    "years",
    "months",
    "weeks",
    "days",
    "hours",
    "minutes",
    "seconds",
    "milliseconds",
    "microseconds",
    "nanoseconds",
];

pub fn init(vm: &mut Vm, ns: Handle<Object>) {
    let proto = super::super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::TemporalDurationPrototype, proto);
    let c = super::class(vm, ns, NativeId::TemporalDuration, "Duration", 0, proto);
    set_intrinsic(vm, Intrinsic::TemporalDuration, c);
    method(vm, c, "from", NativeId::TemporalDurationFrom, 1);
    method(vm, c, "compare", NativeId::TemporalDurationCompare, 2);
    let getters: [(&str, NativeId); 12] = [
        ("years", NativeId::TemporalDurationPrototypeYears),
        ("months", NativeId::TemporalDurationPrototypeMonths),
        ("weeks", NativeId::TemporalDurationPrototypeWeeks),
        ("days", NativeId::TemporalDurationPrototypeDays),
        ("hours", NativeId::TemporalDurationPrototypeHours),
        ("minutes", NativeId::TemporalDurationPrototypeMinutes),
        ("seconds", NativeId::TemporalDurationPrototypeSeconds),
        (
            "milliseconds",
            NativeId::TemporalDurationPrototypeMilliseconds,
        ),
        (
            "microseconds",
            NativeId::TemporalDurationPrototypeMicroseconds,
        ),
        (
            "nanoseconds",
            NativeId::TemporalDurationPrototypeNanoseconds,
        ),
        ("sign", NativeId::TemporalDurationPrototypeSign),
        ("blank", NativeId::TemporalDurationPrototypeBlank),
    ];
    for (name, id) in getters {
        let key = vm.key(name);
        super::super::accessor(vm, proto, key, name, Some(id), None);
    }
    let methods: [(&str, NativeId, u32); 11] = [
        ("with", NativeId::TemporalDurationPrototypeWith, 1),
        ("negated", NativeId::TemporalDurationPrototypeNegated, 0),
        ("abs", NativeId::TemporalDurationPrototypeAbs, 0),
        ("add", NativeId::TemporalDurationPrototypeAdd, 1),
        ("subtract", NativeId::TemporalDurationPrototypeSubtract, 1),
        ("round", NativeId::TemporalDurationPrototypeRound, 1),
        ("total", NativeId::TemporalDurationPrototypeTotal, 1),
        ("toString", NativeId::TemporalDurationPrototypeToString, 0),
        ("toJSON", NativeId::TemporalDurationPrototypeToJson, 0),
        (
            "toLocaleString",
            NativeId::TemporalDurationPrototypeToLocaleString,
            0,
        ),
        ("valueOf", NativeId::TemporalDurationPrototypeValueOf, 0),
    ];
    for (name, id, len) in methods {
        method(vm, proto, name, id, len);
    }
    super::tag(vm, proto, "Temporal.Duration");
}

// --- slots <-> temporal_rs -------------------------------------------------------------------

/// A `temporal_rs` Duration from ten mathematical values (RangeError if they do not make a
/// valid duration: IsValidDuration).
pub(crate) fn to_rs(vm: &mut Vm, f: &[f64]) -> JsResult<Duration> {
    const LIMIT: f64 = 9.2e18;
    if f.len() != 10
        || f[..8].iter().any(|v| v.abs() >= LIMIT)
        || f[8..].iter().any(|v| v.abs() >= 1e30)
    {
        return Err(vm.range_error("Temporal.Duration: invalid duration"));
    }
    Duration::new(
        f[0] as i64,
        f[1] as i64,
        f[2] as i64,
        f[3] as i64,
        f[4] as i64,
        f[5] as i64,
        f[6] as i64,
        f[7] as i64,
        f[8] as i128,
        f[9] as i128,
    )
    .or_throw(vm)
}

/// The slots of a `temporal_rs` Duration (𝔽 of each field).
pub(crate) fn from_rs(d: &Duration) -> Vec<f64> {
    vec![
        d.years() as f64 + 0.0,
        d.months() as f64 + 0.0,
        d.weeks() as f64 + 0.0,
        d.days() as f64 + 0.0,
        d.hours() as f64 + 0.0,
        d.minutes() as f64 + 0.0,
        d.seconds() as f64 + 0.0,
        d.milliseconds() as f64 + 0.0,
        d.microseconds() as f64 + 0.0,
        d.nanoseconds() as f64 + 0.0,
    ]
}

/// CreateTemporalDuration(…) without a newTarget: a new %Temporal.Duration% instance.
/// <https://tc39.es/proposal-temporal/#sec-temporal-createtemporalduration>
pub(crate) fn create_temporal_duration(vm: &mut Vm, d: &Duration) -> Value {
    let data = super::data(TemporalKind::Duration, from_rs(d));
    super::create(vm, Intrinsic::TemporalDurationPrototype, data)
}

fn this_duration(vm: &mut Vm, args: &Args, what: &str) -> JsResult<Duration> {
    let this = args.this(vm);
    let f = super::this_fields(vm, this, TemporalKind::Duration, what)?;
    to_rs(vm, &f)
}

// --- abstract operations ---------------------------------------------------------------------

/// ToTemporalPartialDurationRecord(temporalDurationLike): the fields read in alphabetical
/// order, `None` where undefined.
/// <https://tc39.es/proposal-temporal/#sec-temporal-totemporalpartialdurationrecord>
fn to_temporal_partial_duration_record(vm: &mut Vm, like: Value) -> JsResult<[Option<f64>; 10]> {
    // 1. If temporalDurationLike is not an Object, throw a TypeError exception.
    if !matches!(like, Value::Object(_)) {
        return Err(vm.type_error("Temporal.Duration: a duration-like object is required"));
    }
    let slot = vm.root(like);
    let result = read_partial_fields(vm, slot);
    vm.unroot(slot);
    let result = result?;
    // 16. If every field is undefined, throw a TypeError exception.
    if result.iter().all(Option::is_none) {
        return Err(vm.type_error("Temporal.Duration: the object has no duration fields"));
    }
    Ok(result)
}

fn read_partial_fields(vm: &mut Vm, slot: usize) -> JsResult<[Option<f64>; 10]> {
    // Steps 3-15: days, hours, microseconds, milliseconds, minutes, months, nanoseconds,
    // seconds, weeks, years; each Get followed by ToIntegerIfIntegral.
    const ALPHABETICAL: [usize; 10] = [3, 4, 8, 7, 5, 1, 9, 6, 2, 0];
    let mut result = [None; 10];
    for i in ALPHABETICAL {
        let Value::Object(o) = vm.rooted(slot) else {
            break;
        };
        let v = ops::get_str(vm, o, FIELDS[i])?;
        if !v.is_undefined() {
            result[i] = Some(to_integer_if_integral(vm, v)?);
        }
    }
    Ok(result)
}

/// ToTemporalDuration(item). <https://tc39.es/proposal-temporal/#sec-temporal-totemporalduration>
pub(crate) fn to_temporal_duration(vm: &mut Vm, item: Value) -> JsResult<Duration> {
    // 1. If item is an Object and item has an [[InitializedTemporalDuration]] internal slot,
    //    return a copy.
    if let Some(d) = super::slots_of(vm, item, TemporalKind::Duration) {
        let f = d.fields.clone();
        return to_rs(vm, &f);
    }
    match item {
        Value::Object(_) => {
            // 3-4. A Duration Record from the partial record, zeroes elsewhere.
            let partial = to_temporal_partial_duration_record(vm, item)?;
            let fields: Vec<f64> = partial.iter().map(|v| v.unwrap_or(0.0)).collect();
            // 5. Return ? CreateTemporalDuration(...).
            to_rs(vm, &fields)
        }
        // 2.b. Return ? ParseTemporalDurationString(item).
        Value::String(s) => {
            let text = vm.rust_string(s);
            Duration::from_utf8(text.as_bytes()).or_throw(vm)
        }
        // 2.a. If item is not a String, throw a TypeError exception.
        _ => Err(vm.type_error("Temporal.Duration: expected a string or an object")),
    }
}

/// GetTemporalRelativeToOption(options).
/// <https://tc39.es/proposal-temporal/#sec-temporal-gettemporalrelativetooption>
fn get_temporal_relative_to_option(vm: &mut Vm, options: Options) -> JsResult<Option<RelativeTo>> {
    // 1. Let value be ? Get(options, "relativeTo").
    let value = options.get(vm, "relativeTo")?;
    match value {
        // 2. If value is undefined, return { [[PlainRelativeTo]]: undefined, ... }.
        Value::Undefined => Ok(None),
        // 5.b. Let result be ? ParseISODateTime(value, « TemporalDateTimeString[+Zoned],
        //      TemporalDateTimeString[~Zoned] »), and the rest of the string case.
        Value::String(s) => {
            let text = vm.rust_string(s);
            RelativeTo::try_from_str(&text).map(Some).or_throw(vm)
        }
        Value::Object(_) => relative_to_object(vm, value),
        // 5.a. If value is not a String, throw a TypeError exception.
        _ => Err(vm.type_error("Temporal.Duration: relativeTo must be a string or an object")),
    }
}

/// GetTemporalRelativeToOption step 4: an object value.
fn relative_to_object(vm: &mut Vm, value: Value) -> JsResult<Option<RelativeTo>> {
    // 4.a. A ZonedDateTime: zonedRelativeTo.
    if let Some(z) = super::zoned_date_time::zoned_date_time_of(vm, value) {
        return Ok(Some(RelativeTo::ZonedDateTime(z?)));
    }
    // 4.b. A PlainDate: plainRelativeTo.
    if let Some(d) = super::plain_date::plain_date_of(vm, value) {
        return Ok(Some(RelativeTo::PlainDate(d?)));
    }
    // 4.c. A PlainDateTime: its date.
    if let Some(dt) = super::plain_date_time::plain_date_time_of(vm, value) {
        return Ok(Some(RelativeTo::PlainDate(dt?.to_plain_date())));
    }
    let base = vm.roots_len();
    let slot = vm.root(value);
    let result = (|| {
        // 4.d. Let calendar be ? GetTemporalCalendarIdentifierWithISODefault(value).
        let calendar = get_temporal_calendar_identifier_with_iso_default(vm, slot)?;
        // 4.e. Let fields be ? PrepareCalendarFields(calendar, value, « year, month,
        //      month-code, day », « hour, …, nanosecond, offset, time-zone », « »).
        let names = FieldNames {
            date: true,
            time: true,
            offset: true,
            time_zone: true,
            time_zone_required: false,
        };
        let fields = prepare_calendar_fields(vm, &calendar, slot, names, false)?;
        let mut time = [None; 6];
        for (i, t) in fields.time.iter().enumerate() {
            time[i] = t.map(|v| v.clamp(0.0, super::plain_time::MAXIMA[i]));
        }
        let partial_time = PartialTime::new()
            .with_hour(time[0].map(|v| v as u8))
            .with_minute(time[1].map(|v| v as u8))
            .with_second(time[2].map(|v| v as u8))
            .with_millisecond(time[3].map(|v| v as u16))
            .with_microsecond(time[4].map(|v| v as u16))
            .with_nanosecond(time[5].map(|v| v as u16));
        match fields.time_zone {
            // 4.j. If timeZone is unset, return plainRelativeTo: the date of
            //      InterpretTemporalDateTimeFields(calendar, fields, constrain).
            None => {
                let partial = PartialDate {
                    calendar_fields: fields.calendar,
                    calendar,
                };
                let d = PlainDate::from_partial(partial, Some(Overflow::Constrain)).or_throw(vm)?;
                Ok(Some(RelativeTo::PlainDate(d)))
            }
            // 4.f-i, 7-. InterpretISODateTimeOffset (offset behaviour option or wall,
            // disambiguation compatible, offset reject, match minutes).
            Some(tz) => {
                let partial = PartialZonedDateTime {
                    fields: ZonedDateTimeFields {
                        calendar_fields: fields.calendar,
                        time: partial_time,
                        offset: fields.offset,
                    },
                    timezone: Some(tz),
                    calendar,
                };
                let z = ZonedDateTime::from_partial(
                    partial,
                    Some(Overflow::Constrain),
                    Some(Disambiguation::Compatible),
                    Some(OffsetDisambiguation::Reject),
                )
                .or_throw(vm)?;
                Ok(Some(RelativeTo::ZonedDateTime(z)))
            }
        }
    })();
    vm.unroot(base);
    result
}

// --- constructor and statics -----------------------------------------------------------------

/// `Temporal.Duration(years, …, nanoseconds)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.duration>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if args.new_target(vm).is_undefined() {
        return Err(vm.type_error("Constructor Temporal.Duration requires 'new'"));
    }
    // 2-11. Each argument: undefined is 0, otherwise ? ToIntegerIfIntegral(argument).
    let mut fields = Vec::with_capacity(10);
    for i in 0..10 {
        let v = args.get(vm, i);
        fields.push(if v.is_undefined() {
            0.0
        } else {
            to_integer_if_integral(vm, v)?
        });
    }
    // 12. Return ? CreateTemporalDuration(…, NewTarget): validity first, then the prototype.
    let d = to_rs(vm, &fields)?;
    let nt = args.new_target(vm);
    let data = super::data(TemporalKind::Duration, from_rs(&d));
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::TemporalDurationPrototype,
        ObjectKind::Temporal(Box::new(data)),
    )?;
    Ok(Value::Object(o))
}

/// `Temporal.Duration.from(item)`. <https://tc39.es/proposal-temporal/#sec-temporal.duration.from>
pub fn from(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Return ? ToTemporalDuration(item).
    let item = args.get(vm, 0);
    let d = to_temporal_duration(vm, item)?;
    Ok(create_temporal_duration(vm, &d))
}

/// `Temporal.Duration.compare(one, two [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.duration.compare>
pub fn compare(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Set one to ? ToTemporalDuration(one).
    let one = args.get(vm, 0);
    let one = to_temporal_duration(vm, one)?;
    // 2. Set two to ? ToTemporalDuration(two).
    let two = args.get(vm, 1);
    let two = to_temporal_duration(vm, two)?;
    // 3. Let resolvedOptions be ? GetOptionsObject(options).
    let base = vm.roots_len();
    let options = args.get(vm, 2);
    let result = (|| {
        let options = get_options_object(vm, options)?;
        // 4. Let relativeToRecord be ? GetTemporalRelativeToOption(resolvedOptions).
        let relative_to = get_temporal_relative_to_option(vm, options)?;
        // 5. If all fields are equal, return +0𝔽.
        if from_rs(&one) == from_rs(&two) {
            return Ok(Value::Number(0.0));
        }
        // 6-13. Compare, through the relative date when there are calendar units.
        let ord = one.compare(&two, relative_to).or_throw(vm)?;
        Ok(Value::Number(ord as i8 as f64))
    })();
    vm.unroot(base);
    result
}

// --- getters ---------------------------------------------------------------------------------

fn field_getter(vm: &mut Vm, args: Args, i: usize) -> JsResult {
    let this = args.this(vm);
    let what = format!("get Temporal.Duration.prototype.{}", FIELDS[i]);
    let f = super::this_fields(vm, this, TemporalKind::Duration, &what)?;
    Ok(Value::Number(f[i]))
}

macro_rules! getters {
    ($($name:ident => $i:expr,)*) => {$(
        /// A Duration field getter: `get Temporal.Duration.prototype.<field>`.
        /// <https://tc39.es/proposal-temporal/#sec-get-temporal.duration.prototype.years> and
        /// the nine after it.
        pub fn $name(vm: &mut Vm, args: Args) -> JsResult {
            field_getter(vm, args, $i)
        }
    )*};
}
getters! {
    get_years => 0,
    get_months => 1,
    get_weeks => 2,
    get_days => 3,
    get_hours => 4,
    get_minutes => 5,
    get_seconds => 6,
    get_milliseconds => 7,
    get_microseconds => 8,
    get_nanoseconds => 9,
}

/// `get Temporal.Duration.prototype.sign`.
/// <https://tc39.es/proposal-temporal/#sec-get-temporal.duration.prototype.sign>
pub fn get_sign(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_duration(vm, &args, "get Temporal.Duration.prototype.sign")?;
    Ok(Value::Number(d.sign() as i8 as f64))
}

/// `get Temporal.Duration.prototype.blank`.
/// <https://tc39.es/proposal-temporal/#sec-get-temporal.duration.prototype.blank>
pub fn get_blank(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_duration(vm, &args, "get Temporal.Duration.prototype.blank")?;
    Ok(Value::Boolean(d.is_zero()))
}

// --- methods ---------------------------------------------------------------------------------

/// `Temporal.Duration.prototype.with(temporalDurationLike)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.duration.prototype.with>
pub fn with(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. RequireInternalSlot(duration, [[InitializedTemporalDuration]]).
    let this = args.this(vm);
    let f = super::this_fields(
        vm,
        this,
        TemporalKind::Duration,
        "Temporal.Duration.prototype.with",
    )?;
    // 3. Let temporalDurationLike be ? ToTemporalPartialDurationRecord(temporalDurationLike).
    let like = args.get(vm, 0);
    let partial = to_temporal_partial_duration_record(vm, like)?;
    // 4-23. Each field from the partial record, else from duration.
    let fields: Vec<f64> = (0..10).map(|i| partial[i].unwrap_or(f[i])).collect();
    // 24. Return ? CreateTemporalDuration(...).
    let d = to_rs(vm, &fields)?;
    Ok(create_temporal_duration(vm, &d))
}

/// `Temporal.Duration.prototype.negated()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.duration.prototype.negated>
pub fn negated(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_duration(vm, &args, "Temporal.Duration.prototype.negated")?;
    // 3. Return CreateNegatedTemporalDuration(duration).
    Ok(create_temporal_duration(vm, &d.negated()))
}

/// `Temporal.Duration.prototype.abs()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.duration.prototype.abs>
pub fn abs(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_duration(vm, &args, "Temporal.Duration.prototype.abs")?;
    Ok(create_temporal_duration(vm, &d.abs()))
}

/// AddDurations(operation, duration, other).
/// <https://tc39.es/proposal-temporal/#sec-temporal-adddurations>
fn add_durations(vm: &mut Vm, args: Args, subtract: bool) -> JsResult {
    let what = if subtract {
        "Temporal.Duration.prototype.subtract"
    } else {
        "Temporal.Duration.prototype.add"
    };
    let d = this_duration(vm, &args, what)?;
    // 1. Set other to ? ToTemporalDuration(other).
    let other = args.get(vm, 0);
    let other = to_temporal_duration(vm, other)?;
    // 2-9. Negate for subtraction; calendar units throw a RangeError; add the time durations.
    let result = if subtract {
        d.subtract(&other)
    } else {
        d.add(&other)
    }
    .or_throw(vm)?;
    Ok(create_temporal_duration(vm, &result))
}

/// `Temporal.Duration.prototype.add(other)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.duration.prototype.add>
pub fn add(vm: &mut Vm, args: Args) -> JsResult {
    add_durations(vm, args, false)
}

/// `Temporal.Duration.prototype.subtract(other)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.duration.prototype.subtract>
pub fn subtract(vm: &mut Vm, args: Args) -> JsResult {
    add_durations(vm, args, true)
}

/// Steps 3-5 of round and total: a string becomes `{ [key]: string }` (a fresh object with a
/// null prototype), an object is used as is, undefined is a TypeError.
fn string_or_options(vm: &mut Vm, v: Value, key: &str, what: &str) -> JsResult<Options> {
    match v {
        Value::Undefined => Err(vm.type_error(format!("{what}: an argument is required"))),
        Value::String(_) => {
            let o = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
            let k = vm.key(key);
            ops::create_data_property_or_throw(vm, o, k, v)?;
            Ok(Options::rooted(vm.root(Value::Object(o))))
        }
        _ => get_options_object(vm, v),
    }
}

/// `Temporal.Duration.prototype.round(roundTo)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.duration.prototype.round>
pub fn round(vm: &mut Vm, args: Args) -> JsResult {
    const WHAT: &str = "Temporal.Duration.prototype.round";
    let d = this_duration(vm, &args, WHAT)?;
    let base = vm.roots_len();
    let round_to = args.get(vm, 0);
    let result = (|| {
        // 3-5. roundTo: a string is the smallestUnit.
        let options = string_or_options(vm, round_to, "smallestUnit", WHAT)?;
        // 8. Let largestUnit be ? GetTemporalUnitValuedOption(roundTo, "largestUnit", unset).
        let largest_unit = get_temporal_unit_valued_option(vm, options, "largestUnit")?;
        // 9. Let relativeToRecord be ? GetTemporalRelativeToOption(roundTo).
        let relative_to = get_temporal_relative_to_option(vm, options)?;
        // 12. Let roundingIncrement be ? GetRoundingIncrementOption(roundTo).
        let increment = get_rounding_increment_option(vm, options)?;
        // 13. Let roundingMode be ? GetRoundingModeOption(roundTo, half-expand).
        let rounding_mode = get_rounding_mode_option(vm, options)?;
        // 14. Let smallestUnit be ? GetTemporalUnitValuedOption(roundTo, "smallestUnit", unset).
        let smallest_unit = get_temporal_unit_valued_option(vm, options, "smallestUnit")?;
        // 15. Perform ? ValidateTemporalUnitValue(smallestUnit, datetime).
        validate_temporal_unit_value(vm, smallest_unit, UnitGroup::DateTime, &[])?;
        // 19. Perform ? ValidateTemporalUnitValue(largestUnit, datetime, « auto »).
        validate_temporal_unit_value(vm, largest_unit, UnitGroup::DateTime, &[Unit::Auto])?;
        // 20. If smallestUnitPresent and largestUnitPresent are both false, throw a RangeError.
        if smallest_unit.is_none() && largest_unit.is_none() {
            return Err(vm.range_error(format!(
                "{WHAT}: at least one of smallestUnit and largestUnit is required"
            )));
        }
        // The remaining steps: the rounding itself.
        let mut opts = RoundingOptions::default();
        opts.largest_unit = largest_unit;
        opts.smallest_unit = smallest_unit;
        opts.rounding_mode = rounding_mode;
        opts.increment = increment;
        let rounded = d.round(opts, relative_to).or_throw(vm)?;
        Ok(create_temporal_duration(vm, &rounded))
    })();
    vm.unroot(base);
    result
}

/// `Temporal.Duration.prototype.total(totalOf)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.duration.prototype.total>
pub fn total(vm: &mut Vm, args: Args) -> JsResult {
    const WHAT: &str = "Temporal.Duration.prototype.total";
    let d = this_duration(vm, &args, WHAT)?;
    let base = vm.roots_len();
    let total_of = args.get(vm, 0);
    let result = (|| {
        // 3-5. totalOf: a string is the unit.
        let options = string_or_options(vm, total_of, "unit", WHAT)?;
        // 6. Let relativeToRecord be ? GetTemporalRelativeToOption(totalOf).
        let relative_to = get_temporal_relative_to_option(vm, options)?;
        // 9. Let unit be ? GetTemporalUnitValuedOption(totalOf, "unit", unset).
        let unit = get_temporal_unit_valued_option(vm, options, "unit")?;
        // 10. If unit is unset, throw a RangeError exception.
        let Some(unit) = unit else {
            return Err(vm.range_error(format!("{WHAT}: unit is required")));
        };
        // 11. Perform ? ValidateTemporalUnitValue(unit, datetime).
        validate_temporal_unit_value(vm, Some(unit), UnitGroup::DateTime, &[])?;
        // 12-. The total.
        let total = d.total(unit, relative_to).or_throw(vm)?;
        Ok(Value::Number(total.as_inner()))
    })();
    vm.unroot(base);
    result
}

/// `Temporal.Duration.prototype.toString([options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.duration.prototype.tostring>
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    const WHAT: &str = "Temporal.Duration.prototype.toString";
    let d = this_duration(vm, &args, WHAT)?;
    let base = vm.roots_len();
    let options = args.get(vm, 0);
    let result = (|| {
        // 3. Let resolvedOptions be ? GetOptionsObject(options).
        let options = get_options_object(vm, options)?;
        // 4. Let digits be ? GetTemporalFractionalSecondDigitsOption(resolvedOptions).
        let precision = get_temporal_fractional_second_digits_option(vm, options)?;
        // 5. Let roundingMode be ? GetRoundingModeOption(resolvedOptions, trunc).
        let rounding_mode = get_rounding_mode_option(vm, options)?;
        // 6. Let smallestUnit be ? GetTemporalUnitValuedOption(resolvedOptions, "smallestUnit", unset).
        let smallest_unit = get_temporal_unit_valued_option(vm, options, "smallestUnit")?;
        // 7. Perform ? ValidateTemporalUnitValue(smallestUnit, time).
        validate_temporal_unit_value(vm, smallest_unit, UnitGroup::Time, &[])?;
        // 8. If smallestUnit is hour or minute, throw a RangeError exception.
        if matches!(smallest_unit, Some(Unit::Hour | Unit::Minute)) {
            return Err(vm.range_error(format!("{WHAT}: smallestUnit must be seconds or smaller")));
        }
        // 9-. ToSecondsStringPrecisionRecord, rounding and TemporalDurationToString.
        let s = d
            .as_temporal_string(ToStringRoundingOptions {
                precision,
                smallest_unit,
                rounding_mode,
            })
            .or_throw(vm)?;
        Ok(super::string(vm, &s))
    })();
    vm.unroot(base);
    result
}

/// `Temporal.Duration.prototype.toJSON()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.duration.prototype.tojson>
pub fn to_json(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_duration(vm, &args, "Temporal.Duration.prototype.toJSON")?;
    // 3. Return TemporalDurationToString(duration, auto).
    let s = d
        .as_temporal_string(ToStringRoundingOptions::default())
        .or_throw(vm)?;
    Ok(super::string(vm, &s))
}

/// `Temporal.Duration.prototype.toLocaleString([locales [, options]])`: without ECMA-402, the
/// same as toJSON. <https://tc39.es/proposal-temporal/#sec-temporal.duration.prototype.tolocalestring>
pub fn to_locale_string(vm: &mut Vm, args: Args) -> JsResult {
    let d = this_duration(vm, &args, "Temporal.Duration.prototype.toLocaleString")?;
    let s = d
        .as_temporal_string(ToStringRoundingOptions::default())
        .or_throw(vm)?;
    Ok(super::string(vm, &s))
}

/// `Temporal.Duration.prototype.valueOf()`: always a TypeError.
/// <https://tc39.es/proposal-temporal/#sec-temporal.duration.prototype.valueof>
pub fn value_of(vm: &mut Vm, _args: Args) -> JsResult {
    Err(vm.type_error("Temporal.Duration.prototype.valueOf: use compare() or toString() instead"))
}
