//! `Temporal.PlainTime`. <https://tc39.es/proposal-temporal/#sec-temporal-plaintime-objects>
//!
//! The slots are the ISO time fields [[Time]].[[Hour]] … [[Nanosecond]], in that order.

use super::duration::{create_temporal_duration, to_temporal_duration};
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
use amber_heap::{Handle, Object, ObjectKind, Value};
use temporal_rs::options::{
    DifferenceSettings, Overflow, RoundingMode, RoundingOptions, ToStringRoundingOptions, Unit,
};
use temporal_rs::PlainTime;

/// The fields in slot order, with their property names.
const FIELDS: [&str; 6] = [
    "hour",
    "minute",
    "second",
    "millisecond",
    "microsecond",
    "nanosecond",
];

/// Each field's largest value.
pub(crate) const MAXIMA: [f64; 6] = [23.0, 59.0, 59.0, 999.0, 999.0, 999.0];

pub fn init(vm: &mut Vm, ns: Handle<Object>) {
    let proto = super::super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::TemporalPlainTimePrototype, proto);
    let c = super::class(vm, ns, NativeId::TemporalPlainTime, "PlainTime", 0, proto);
    set_intrinsic(vm, Intrinsic::TemporalPlainTime, c);
    method(vm, c, "from", NativeId::TemporalPlainTimeFrom, 1);
    method(vm, c, "compare", NativeId::TemporalPlainTimeCompare, 2);
    let getters: [(&str, NativeId); 6] = [
        ("hour", NativeId::TemporalPlainTimePrototypeHour),
        ("minute", NativeId::TemporalPlainTimePrototypeMinute),
        ("second", NativeId::TemporalPlainTimePrototypeSecond),
        (
            "millisecond",
            NativeId::TemporalPlainTimePrototypeMillisecond,
        ),
        (
            "microsecond",
            NativeId::TemporalPlainTimePrototypeMicrosecond,
        ),
        ("nanosecond", NativeId::TemporalPlainTimePrototypeNanosecond),
    ];
    for (name, id) in getters {
        let key = vm.key(name);
        super::super::accessor(vm, proto, key, name, Some(id), None);
    }
    let methods: [(&str, NativeId, u32); 11] = [
        ("add", NativeId::TemporalPlainTimePrototypeAdd, 1),
        ("subtract", NativeId::TemporalPlainTimePrototypeSubtract, 1),
        ("with", NativeId::TemporalPlainTimePrototypeWith, 1),
        ("until", NativeId::TemporalPlainTimePrototypeUntil, 1),
        ("since", NativeId::TemporalPlainTimePrototypeSince, 1),
        ("round", NativeId::TemporalPlainTimePrototypeRound, 1),
        ("equals", NativeId::TemporalPlainTimePrototypeEquals, 1),
        ("toString", NativeId::TemporalPlainTimePrototypeToString, 0),
        (
            "toLocaleString",
            NativeId::TemporalPlainTimePrototypeToLocaleString,
            0,
        ),
        ("toJSON", NativeId::TemporalPlainTimePrototypeToJson, 0),
        ("valueOf", NativeId::TemporalPlainTimePrototypeValueOf, 0),
    ];
    for (name, id, len) in methods {
        method(vm, proto, name, id, len);
    }
    super::tag(vm, proto, "Temporal.PlainTime");
}

// --- slots <-> temporal_rs -------------------------------------------------------------------

pub(crate) fn to_rs(vm: &mut Vm, f: &[f64]) -> JsResult<PlainTime> {
    if f.len() != 6
        || f.iter()
            .zip(MAXIMA)
            .any(|(&v, max)| !(0.0..=max).contains(&v))
    {
        return Err(vm.range_error("Temporal.PlainTime: invalid time"));
    }
    PlainTime::try_new(
        f[0] as u8,
        f[1] as u8,
        f[2] as u8,
        f[3] as u16,
        f[4] as u16,
        f[5] as u16,
    )
    .or_throw(vm)
}

pub(crate) fn from_rs(t: &PlainTime) -> Vec<f64> {
    vec![
        t.hour() as f64,
        t.minute() as f64,
        t.second() as f64,
        t.millisecond() as f64,
        t.microsecond() as f64,
        t.nanosecond() as f64,
    ]
}

/// CreateTemporalTime(time) with the default newTarget.
/// <https://tc39.es/proposal-temporal/#sec-temporal-createtemporaltime>
pub(crate) fn create_temporal_time(vm: &mut Vm, t: &PlainTime) -> Value {
    let data = super::data(TemporalKind::PlainTime, from_rs(t));
    super::create(vm, Intrinsic::TemporalPlainTimePrototype, data)
}

pub(crate) fn this_time(vm: &mut Vm, args: &Args, what: &str) -> JsResult<PlainTime> {
    let this = args.this(vm);
    let f = super::this_fields(vm, this, TemporalKind::PlainTime, what)?;
    to_rs(vm, &f)
}

// --- abstract operations ---------------------------------------------------------------------

/// RegulateTime(hour, …, nanosecond, overflow).
/// <https://tc39.es/proposal-temporal/#sec-temporal-regulatetime>
pub(crate) fn regulate_time(vm: &mut Vm, f: &[f64; 6], overflow: Overflow) -> JsResult<PlainTime> {
    match overflow {
        // 1. If overflow is constrain, clamp each field to its range.
        Overflow::Constrain => {
            let mut c = [0.0; 6];
            for i in 0..6 {
                c[i] = f[i].clamp(0.0, MAXIMA[i]);
            }
            to_rs(vm, &c)
        }
        // 2. Else, if IsValidTime(...) is false, throw a RangeError exception.
        Overflow::Reject => to_rs(vm, f),
    }
}

/// ToTemporalTimeRecord(temporalTimeLike [, completeness]): the fields read in alphabetical
/// order, `None` where undefined; a TypeError if none is present.
/// <https://tc39.es/proposal-temporal/#sec-temporal-totemporaltimerecord>
pub(crate) fn to_temporal_time_record(vm: &mut Vm, slot: usize) -> JsResult<[Option<f64>; 6]> {
    // hour, microsecond, millisecond, minute, nanosecond, second.
    const ALPHABETICAL: [usize; 6] = [0, 4, 3, 1, 5, 2];
    let mut result = [None; 6];
    for i in ALPHABETICAL {
        let Value::Object(o) = vm.rooted(slot) else {
            break;
        };
        let v = ops::get_str(vm, o, FIELDS[i])?;
        if !v.is_undefined() {
            result[i] = Some(to_integer_with_truncation(vm, v)?);
        }
    }
    // 4. If any is false, throw a TypeError exception.
    if result.iter().all(Option::is_none) {
        return Err(vm.type_error("Temporal.PlainTime: the object has no time fields"));
    }
    Ok(result)
}

/// ToTemporalTime(item [, options]).
/// <https://tc39.es/proposal-temporal/#sec-temporal-totemporaltime>
pub(crate) fn to_temporal_time(vm: &mut Vm, item: Value, options: Value) -> JsResult<PlainTime> {
    let base = vm.roots_len();
    let options_slot = vm.root(options);
    let result = to_temporal_time_inner(vm, item, options_slot);
    vm.unroot(base);
    result
}

fn to_temporal_time_inner(vm: &mut Vm, item: Value, options_slot: usize) -> JsResult<PlainTime> {
    // 2.a. If item has an [[InitializedTemporalTime]] internal slot, then
    if let Some(d) = super::slots_of(vm, item, TemporalKind::PlainTime) {
        let f = d.fields.clone();
        // i-ii. GetOptionsObject(options); GetTemporalOverflowOption(resolvedOptions).
        let options = vm.rooted(options_slot);
        let options = get_options_object(vm, options)?;
        get_temporal_overflow_option(vm, options)?;
        // iii. Return ! CreateTemporalTime(item.[[Time]]).
        return to_rs(vm, &f);
    }
    // 2.b. A ZonedDateTime: its wall-clock time.
    if let Some(z) = super::zoned_date_time::zoned_date_time_of(vm, item) {
        let z = z?;
        let options = vm.rooted(options_slot);
        let options = get_options_object(vm, options)?;
        get_temporal_overflow_option(vm, options)?;
        return Ok(z.to_plain_time());
    }
    // 2.c. If item has an [[InitializedTemporalDateTime]] internal slot, its time.
    if let Some(dt) = super::plain_date_time::plain_date_time_of(vm, item) {
        let dt = dt?;
        let options = vm.rooted(options_slot);
        let options = get_options_object(vm, options)?;
        get_temporal_overflow_option(vm, options)?;
        return Ok(dt.to_plain_time());
    }
    match item {
        Value::Object(_) => {
            // 2.d. Let result be ? ToTemporalTimeRecord(item).
            let slot = vm.root(item);
            let record = to_temporal_time_record(vm, slot)?;
            // 2.e-f. GetOptionsObject(options); GetTemporalOverflowOption(resolvedOptions).
            let options = vm.rooted(options_slot);
            let options = get_options_object(vm, options)?;
            let overflow = get_temporal_overflow_option(vm, options)?;
            // 2.g. Set result to ? RegulateTime(..., overflow).
            let fields = record.map(|v| v.unwrap_or(0.0));
            regulate_time(vm, &fields, overflow.unwrap_or(Overflow::Constrain))
        }
        Value::String(s) => {
            // 3.b. Let parseResult be ? ParseTemporalTimeString(item).
            let text = vm.rust_string(s);
            let t = PlainTime::from_utf8(text.as_bytes()).or_throw(vm)?;
            // 3.d-e. GetOptionsObject(options); GetTemporalOverflowOption(resolvedOptions).
            let options = vm.rooted(options_slot);
            let options = get_options_object(vm, options)?;
            get_temporal_overflow_option(vm, options)?;
            Ok(t)
        }
        // 3.a. If item is not a String, throw a TypeError exception.
        _ => Err(vm.type_error("Temporal.PlainTime: expected a string or an object")),
    }
}

/// GetDifferenceSettings(operation, options, time, « », nanosecond, hour): the options read in
/// order; the rest of the validation is done by the difference itself.
/// <https://tc39.es/proposal-temporal/#sec-temporal-getdifferencesettings>
pub(crate) fn get_difference_settings(
    vm: &mut Vm,
    options: Options,
    group: UnitGroup,
) -> JsResult<DifferenceSettings> {
    // 1. Let largestUnit be ? GetTemporalUnitValuedOption(options, "largestUnit", unset).
    let largest_unit = get_temporal_unit_valued_option(vm, options, "largestUnit")?;
    // 2. Let roundingIncrement be ? GetRoundingIncrementOption(options).
    let increment = get_rounding_increment_option(vm, options)?;
    // 3. Let roundingMode be ? GetRoundingModeOption(options, trunc).
    let rounding_mode = get_rounding_mode_option(vm, options)?;
    // 4. Let smallestUnit be ? GetTemporalUnitValuedOption(options, "smallestUnit", unset).
    let smallest_unit = get_temporal_unit_valued_option(vm, options, "smallestUnit")?;
    // 5. Perform ? ValidateTemporalUnitValue(largestUnit, unitGroup, « auto »).
    validate_temporal_unit_value(vm, largest_unit, group, &[Unit::Auto])?;
    // 9. Perform ? ValidateTemporalUnitValue(smallestUnit, unitGroup).
    validate_temporal_unit_value(vm, smallest_unit, group, &[])?;
    let mut settings = DifferenceSettings::default();
    settings.largest_unit = largest_unit;
    settings.smallest_unit = smallest_unit;
    settings.rounding_mode = rounding_mode;
    settings.increment = increment;
    Ok(settings)
}

// --- constructor and statics -----------------------------------------------------------------

/// `Temporal.PlainTime([hour [, minute [, second [, millisecond [, microsecond [, nanosecond]]]]]])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaintime>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if args.new_target(vm).is_undefined() {
        return Err(vm.type_error("Constructor Temporal.PlainTime requires 'new'"));
    }
    // 2-7. Each argument: undefined is 0, otherwise ? ToIntegerWithTruncation(argument).
    let mut fields = Vec::with_capacity(6);
    for i in 0..6 {
        let v = args.get(vm, i);
        fields.push(if v.is_undefined() {
            0.0
        } else {
            to_integer_with_truncation(vm, v)?
        });
    }
    // 8. If IsValidTime(...) is false, throw a RangeError exception.
    let t = to_rs(vm, &fields)?;
    // 9-10. Return ? CreateTemporalTime(time, NewTarget).
    let nt = args.new_target(vm);
    let data = super::data(TemporalKind::PlainTime, from_rs(&t));
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::TemporalPlainTimePrototype,
        ObjectKind::Temporal(Box::new(data)),
    )?;
    Ok(Value::Object(o))
}

/// `Temporal.PlainTime.from(item [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaintime.from>
pub fn from(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Return ? ToTemporalTime(item, options).
    let (item, options) = (args.get(vm, 0), args.get(vm, 1));
    let t = to_temporal_time(vm, item, options)?;
    Ok(create_temporal_time(vm, &t))
}

/// `Temporal.PlainTime.compare(one, two)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaintime.compare>
pub fn compare(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Set one to ? ToTemporalTime(one).
    let one = args.get(vm, 0);
    let one = to_temporal_time(vm, one, Value::Undefined)?;
    // 2. Set two to ? ToTemporalTime(two).
    let two = args.get(vm, 1);
    let two = to_temporal_time(vm, two, Value::Undefined)?;
    // 3. Return 𝔽(CompareTimeRecord(one.[[Time]], two.[[Time]])).
    Ok(Value::Number(one.cmp(&two) as i8 as f64))
}

// --- getters ---------------------------------------------------------------------------------

fn field_getter(vm: &mut Vm, args: Args, i: usize) -> JsResult {
    let this = args.this(vm);
    let what = format!("get Temporal.PlainTime.prototype.{}", FIELDS[i]);
    let f = super::this_fields(vm, this, TemporalKind::PlainTime, &what)?;
    Ok(Value::Number(f[i]))
}

macro_rules! getters {
    ($($name:ident => $i:expr,)*) => {$(
        /// A PlainTime field getter: `get Temporal.PlainTime.prototype.<field>`.
        /// <https://tc39.es/proposal-temporal/#sec-get-temporal.plaintime.prototype.hour> and
        /// the five after it.
        pub fn $name(vm: &mut Vm, args: Args) -> JsResult {
            field_getter(vm, args, $i)
        }
    )*};
}
getters! {
    get_hour => 0,
    get_minute => 1,
    get_second => 2,
    get_millisecond => 3,
    get_microsecond => 4,
    get_nanosecond => 5,
}

// --- methods ---------------------------------------------------------------------------------

/// AddDurationToTime(operation, temporalTime, temporalDurationLike).
/// <https://tc39.es/proposal-temporal/#sec-temporal-adddurationtotime>
fn add_duration_to_time(vm: &mut Vm, args: Args, subtract: bool) -> JsResult {
    let what = if subtract {
        "Temporal.PlainTime.prototype.subtract"
    } else {
        "Temporal.PlainTime.prototype.add"
    };
    let t = this_time(vm, &args, what)?;
    // 1. Let duration be ? ToTemporalDuration(temporalDurationLike).
    let like = args.get(vm, 0);
    let d = to_temporal_duration(vm, like)?;
    // 2-6. Negate for subtraction, add the time part, balance.
    let result = if subtract { t.subtract(&d) } else { t.add(&d) }.or_throw(vm)?;
    Ok(create_temporal_time(vm, &result))
}

/// `Temporal.PlainTime.prototype.add(temporalDurationLike)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaintime.prototype.add>
pub fn add(vm: &mut Vm, args: Args) -> JsResult {
    add_duration_to_time(vm, args, false)
}

/// `Temporal.PlainTime.prototype.subtract(temporalDurationLike)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaintime.prototype.subtract>
pub fn subtract(vm: &mut Vm, args: Args) -> JsResult {
    add_duration_to_time(vm, args, true)
}

/// RejectTemporalLikeObject(object).
/// <https://tc39.es/proposal-temporal/#sec-temporal-rejecttemporallikeobject>
pub(crate) fn reject_temporal_like_object(vm: &mut Vm, slot: usize) -> JsResult<()> {
    // 1. If object has any Temporal date or time internal slot, throw a TypeError exception.
    if let Value::Object(o) = vm.rooted(slot) {
        if let ObjectKind::Temporal(d) = &vm.heap.get(o).kind {
            if d.kind != TemporalKind::Duration as u8 {
                return Err(vm.type_error("Temporal: a Temporal object is not a partial record"));
            }
        }
    }
    // 2-5. calendar and timeZone must be undefined.
    for name in ["calendar", "timeZone"] {
        let Value::Object(o) = vm.rooted(slot) else {
            break;
        };
        let v = ops::get_str(vm, o, name)?;
        if !v.is_undefined() {
            return Err(vm.type_error(format!("Temporal: {name} is not allowed here")));
        }
    }
    Ok(())
}

/// `Temporal.PlainTime.prototype.with(temporalTimeLike [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaintime.prototype.with>
pub fn with(vm: &mut Vm, args: Args) -> JsResult {
    let this = args.this(vm);
    let f = super::this_fields(
        vm,
        this,
        TemporalKind::PlainTime,
        "Temporal.PlainTime.prototype.with",
    )?;
    // 3. If temporalTimeLike is not an Object, throw a TypeError exception.
    let like = args.get(vm, 0);
    if !matches!(like, Value::Object(_)) {
        return Err(vm.type_error("Temporal.PlainTime.prototype.with: an object is required"));
    }
    let base = vm.roots_len();
    let slot = vm.root(like);
    let result = (|| {
        // 4. Perform ? RejectTemporalLikeObject(temporalTimeLike).
        reject_temporal_like_object(vm, slot)?;
        // 5. Let partialTime be ? ToTemporalTimeRecord(temporalTimeLike, partial).
        let partial = to_temporal_time_record(vm, slot)?;
        // 6-17. Each field from the partial record, else from temporalTime.
        let mut fields = [0.0; 6];
        for i in 0..6 {
            fields[i] = partial[i].unwrap_or(f[i]);
        }
        // 18-19. GetOptionsObject(options); GetTemporalOverflowOption(resolvedOptions).
        let options = args.get(vm, 1);
        let options = get_options_object(vm, options)?;
        let overflow = get_temporal_overflow_option(vm, options)?;
        // 20. Let result be ? RegulateTime(..., overflow).
        let t = regulate_time(vm, &fields, overflow.unwrap_or(Overflow::Constrain))?;
        Ok(create_temporal_time(vm, &t))
    })();
    vm.unroot(base);
    result
}

/// DifferenceTemporalPlainTime(operation, temporalTime, other, options).
/// <https://tc39.es/proposal-temporal/#sec-temporal-differencetemporalplaintime>
fn difference_temporal_plain_time(vm: &mut Vm, args: Args, since: bool) -> JsResult {
    let what = if since {
        "Temporal.PlainTime.prototype.since"
    } else {
        "Temporal.PlainTime.prototype.until"
    };
    let t = this_time(vm, &args, what)?;
    // 1. Set other to ? ToTemporalTime(other).
    let other = args.get(vm, 0);
    let other = to_temporal_time(vm, other, Value::Undefined)?;
    let base = vm.roots_len();
    let result = (|| {
        // 2. Let resolvedOptions be ? GetOptionsObject(options).
        let options = args.get(vm, 1);
        let options = get_options_object(vm, options)?;
        // 3. Let settings be ? GetDifferenceSettings(operation, resolvedOptions, time, « »,
        //    nanosecond, hour).
        let settings = get_difference_settings(vm, options, UnitGroup::Time)?;
        // 4-. DifferenceTime, rounding, and the result duration.
        let d = if since {
            t.since(&other, settings)
        } else {
            t.until(&other, settings)
        }
        .or_throw(vm)?;
        Ok(create_temporal_duration(vm, &d))
    })();
    vm.unroot(base);
    result
}

/// `Temporal.PlainTime.prototype.until(other [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaintime.prototype.until>
pub fn until(vm: &mut Vm, args: Args) -> JsResult {
    difference_temporal_plain_time(vm, args, false)
}

/// `Temporal.PlainTime.prototype.since(other [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaintime.prototype.since>
pub fn since(vm: &mut Vm, args: Args) -> JsResult {
    difference_temporal_plain_time(vm, args, true)
}

/// `Temporal.PlainTime.prototype.round(roundTo)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaintime.prototype.round>
pub fn round(vm: &mut Vm, args: Args) -> JsResult {
    const WHAT: &str = "Temporal.PlainTime.prototype.round";
    let t = this_time(vm, &args, WHAT)?;
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
        // 9. Perform ? ValidateTemporalUnitValue(smallestUnit, time).
        validate_temporal_unit_value(vm, Some(smallest_unit), UnitGroup::Time, &[])?;
        // 10-13. Validate the increment against the unit's maximum and round.
        let mut opts = RoundingOptions::default();
        opts.smallest_unit = Some(smallest_unit);
        opts.rounding_mode = Some(rounding_mode.unwrap_or(RoundingMode::HalfExpand));
        opts.increment = increment;
        let r = t.round(opts).or_throw(vm)?;
        Ok(create_temporal_time(vm, &r))
    })();
    vm.unroot(base);
    result
}

/// `Temporal.PlainTime.prototype.equals(other)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaintime.prototype.equals>
pub fn equals(vm: &mut Vm, args: Args) -> JsResult {
    let t = this_time(vm, &args, "Temporal.PlainTime.prototype.equals")?;
    // 3. Set other to ? ToTemporalTime(other).
    let other = args.get(vm, 0);
    let other = to_temporal_time(vm, other, Value::Undefined)?;
    // 4. If CompareTimeRecord(...) = 0, return true; otherwise false.
    Ok(Value::Boolean(t == other))
}

/// `Temporal.PlainTime.prototype.toString([options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaintime.prototype.tostring>
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    const WHAT: &str = "Temporal.PlainTime.prototype.toString";
    let t = this_time(vm, &args, WHAT)?;
    let base = vm.roots_len();
    let result = (|| {
        // 3. Let resolvedOptions be ? GetOptionsObject(options).
        let options = args.get(vm, 0);
        let options = get_options_object(vm, options)?;
        // 4. Let digits be ? GetTemporalFractionalSecondDigitsOption(resolvedOptions).
        let precision = get_temporal_fractional_second_digits_option(vm, options)?;
        // 5. Let roundingMode be ? GetRoundingModeOption(resolvedOptions, trunc).
        let rounding_mode = get_rounding_mode_option(vm, options)?;
        // 6. Let smallestUnit be ? GetTemporalUnitValuedOption(resolvedOptions, "smallestUnit",
        //    unset).
        let smallest_unit = get_temporal_unit_valued_option(vm, options, "smallestUnit")?;
        // 7. Perform ? ValidateTemporalUnitValue(smallestUnit, time).
        validate_temporal_unit_value(vm, smallest_unit, UnitGroup::Time, &[])?;
        // 8. If smallestUnit is hour, throw a RangeError exception.
        if smallest_unit == Some(Unit::Hour) {
            return Err(vm.range_error(format!("{WHAT}: smallestUnit must not be hour")));
        }
        // 9-11. ToSecondsStringPrecisionRecord, RoundTime, TimeRecordToString.
        let s = t
            .to_ixdtf_string(ToStringRoundingOptions {
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

fn default_string(vm: &mut Vm, args: &Args, what: &str) -> JsResult {
    let t = this_time(vm, args, what)?;
    let s = t
        .to_ixdtf_string(ToStringRoundingOptions::default())
        .or_throw(vm)?;
    Ok(super::string(vm, &s))
}

/// `Temporal.PlainTime.prototype.toJSON()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaintime.prototype.tojson>
pub fn to_json(vm: &mut Vm, args: Args) -> JsResult {
    default_string(vm, &args, "Temporal.PlainTime.prototype.toJSON")
}

/// `Temporal.PlainTime.prototype.toLocaleString()`: without ECMA-402, TimeRecordToString.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaintime.prototype.tolocalestring>
pub fn to_locale_string(vm: &mut Vm, args: Args) -> JsResult {
    default_string(vm, &args, "Temporal.PlainTime.prototype.toLocaleString")
}

/// `Temporal.PlainTime.prototype.valueOf()`: always a TypeError.
/// <https://tc39.es/proposal-temporal/#sec-temporal.plaintime.prototype.valueof>
pub fn value_of(vm: &mut Vm, _args: Args) -> JsResult {
    Err(vm.type_error("Temporal.PlainTime.prototype.valueOf: use compare() or toString() instead"))
}
