//! `Temporal.Instant` and `Date.prototype.toTemporalInstant`.
//! <https://tc39.es/proposal-temporal/#sec-temporal-instant-objects>
//!
//! The slot is [[EpochNanoseconds]] ([`amber_heap::TemporalData::epoch_ns`]).

use super::calendar::to_temporal_time_zone_identifier;
use super::duration::{create_temporal_duration, to_temporal_duration};
use super::plain_time::get_difference_settings;
use super::{
    get_options_object, get_rounding_increment_option, get_rounding_mode_option,
    get_temporal_fractional_second_digits_option, get_temporal_unit_valued_option,
    validate_temporal_unit_value, Options, OrThrow, TemporalKind, UnitGroup,
};
use crate::builtins::method;
use crate::natives::NativeId;
use crate::ops::{self, Hint};
use crate::realm::{set_intrinsic, Intrinsic};
use crate::{Args, JsResult, Vm};
use amber_heap::{BigInt, Handle, Object, ObjectKind, Value};
use temporal_rs::options::{RoundingMode, RoundingOptions, ToStringRoundingOptions, Unit};
use temporal_rs::Instant;

pub fn init(vm: &mut Vm, ns: Handle<Object>) {
    let proto = super::super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::TemporalInstantPrototype, proto);
    let c = super::class(vm, ns, NativeId::TemporalInstant, "Instant", 1, proto);
    set_intrinsic(vm, Intrinsic::TemporalInstant, c);
    method(vm, c, "from", NativeId::TemporalInstantFrom, 1);
    method(
        vm,
        c,
        "fromEpochMilliseconds",
        NativeId::TemporalInstantFromEpochMilliseconds,
        1,
    );
    method(
        vm,
        c,
        "fromEpochNanoseconds",
        NativeId::TemporalInstantFromEpochNanoseconds,
        1,
    );
    method(vm, c, "compare", NativeId::TemporalInstantCompare, 2);
    for (name, id) in [
        (
            "epochMilliseconds",
            NativeId::TemporalInstantPrototypeEpochMilliseconds,
        ),
        (
            "epochNanoseconds",
            NativeId::TemporalInstantPrototypeEpochNanoseconds,
        ),
    ] {
        let key = vm.key(name);
        super::super::accessor(vm, proto, key, name, Some(id), None);
    }
    let methods: [(&str, NativeId, u32); 10] = [
        ("add", NativeId::TemporalInstantPrototypeAdd, 1),
        ("subtract", NativeId::TemporalInstantPrototypeSubtract, 1),
        ("until", NativeId::TemporalInstantPrototypeUntil, 1),
        ("since", NativeId::TemporalInstantPrototypeSince, 1),
        ("round", NativeId::TemporalInstantPrototypeRound, 1),
        ("equals", NativeId::TemporalInstantPrototypeEquals, 1),
        ("toString", NativeId::TemporalInstantPrototypeToString, 0),
        (
            "toLocaleString",
            NativeId::TemporalInstantPrototypeToLocaleString,
            0,
        ),
        ("toJSON", NativeId::TemporalInstantPrototypeToJson, 0),
        ("valueOf", NativeId::TemporalInstantPrototypeValueOf, 0),
    ];
    for (name, id, len) in methods {
        method(vm, proto, name, id, len);
    }
    super::tag(vm, proto, "Temporal.Instant");
    // https://tc39.es/proposal-temporal/#sec-date.prototype.totemporalinstant
    let date_proto = vm.intrinsic(Intrinsic::DatePrototype);
    method(
        vm,
        date_proto,
        "toTemporalInstant",
        NativeId::DatePrototypeToTemporalInstant,
        0,
    );
}

// --- BigInt <-> i128 -------------------------------------------------------------------------

/// The value of a BigInt if it fits an i128.
pub(crate) fn bigint_to_i128(b: &BigInt) -> Option<i128> {
    if b.limbs.len() > 4 {
        return None;
    }
    let mut magnitude: u128 = 0;
    for (i, &limb) in b.limbs.iter().enumerate() {
        magnitude |= (limb as u128) << (32 * i);
    }
    if b.negative {
        0i128.checked_sub_unsigned(magnitude)
    } else {
        i128::try_from(magnitude).ok()
    }
}

/// A BigInt value holding `n`.
pub(crate) fn i128_to_bigint(vm: &mut Vm, n: i128) -> Value {
    let mut magnitude = n.unsigned_abs();
    let mut limbs = Vec::new();
    while magnitude != 0 {
        limbs.push(magnitude as u32);
        magnitude >>= 32;
    }
    let b = BigInt {
        negative: n < 0,
        limbs: limbs.into_boxed_slice(),
    };
    Value::BigInt(vm.heap.alloc(b))
}

// --- slots <-> temporal_rs -------------------------------------------------------------------

/// CreateTemporalInstant(epochNanoseconds) with the default newTarget.
/// <https://tc39.es/proposal-temporal/#sec-temporal-createtemporalinstant>
pub(crate) fn create_temporal_instant(vm: &mut Vm, i: &Instant) -> Value {
    let mut data = super::data(TemporalKind::Instant, Vec::new());
    data.epoch_ns = i.as_i128();
    super::create(vm, Intrinsic::TemporalInstantPrototype, data)
}

/// The instant of an Instant object, if `v` is one.
pub(crate) fn instant_of(vm: &mut Vm, v: Value) -> Option<JsResult<Instant>> {
    let ns = super::slots_of(vm, v, TemporalKind::Instant)?.epoch_ns;
    Some(Instant::try_new(ns).or_throw(vm))
}

pub(crate) fn this_instant(vm: &mut Vm, args: &Args, what: &str) -> JsResult<Instant> {
    let this = args.this(vm);
    match instant_of(vm, this) {
        Some(i) => i,
        None => Err(vm.type_error(format!("{what} called on an incompatible receiver"))),
    }
}

/// ToTemporalInstant(item). <https://tc39.es/proposal-temporal/#sec-temporal-totemporalinstant>
pub(crate) fn to_temporal_instant(vm: &mut Vm, item: Value) -> JsResult<Instant> {
    // 1.a. An Instant or a ZonedDateTime: its epoch nanoseconds.
    if let Some(i) = instant_of(vm, item) {
        return i;
    }
    if let Some(z) = super::zoned_date_time::zoned_date_time_of(vm, item) {
        return Ok(z?.to_instant());
    }
    // 1.b. Set item to ? ToPrimitive(item, string).
    let item = if matches!(item, Value::Object(_)) {
        ops::to_primitive(vm, item, Hint::String)?
    } else {
        item
    };
    // 2. If item is not a String, throw a TypeError exception.
    let Value::String(s) = item else {
        return Err(vm.type_error("Temporal.Instant: expected a string or an object"));
    };
    // 3-. ParseISODateTime(item, « TemporalInstantString ») and the epoch nanoseconds.
    let text = vm.rust_string(s);
    Instant::from_utf8(text.as_bytes()).or_throw(vm)
}

/// An epoch-nanoseconds BigInt argument, validated (IsValidEpochNanoseconds).
fn epoch_ns_from_bigint(vm: &mut Vm, b: Handle<BigInt>) -> JsResult<Instant> {
    match bigint_to_i128(vm.heap.get(b)) {
        Some(ns) => Instant::try_new(ns).or_throw(vm),
        None => Err(vm.range_error("Temporal.Instant: epoch nanoseconds out of range")),
    }
}

// --- constructor and statics -----------------------------------------------------------------

/// `Temporal.Instant(epochNanoseconds)`. <https://tc39.es/proposal-temporal/#sec-temporal.instant>
pub fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if args.new_target(vm).is_undefined() {
        return Err(vm.type_error("Constructor Temporal.Instant requires 'new'"));
    }
    // 2. Let epochNanoseconds be ? ToBigInt(epochNanoseconds).
    let v = args.get(vm, 0);
    let b = super::super::bigint::to_bigint(vm, v)?;
    // 3. If IsValidEpochNanoseconds(epochNanoseconds) is false, throw a RangeError exception.
    let i = epoch_ns_from_bigint(vm, b)?;
    // 4. Return ? CreateTemporalInstant(epochNanoseconds, NewTarget).
    let nt = args.new_target(vm);
    let mut data = super::data(TemporalKind::Instant, Vec::new());
    data.epoch_ns = i.as_i128();
    let o = ops::ordinary_create_from_constructor(
        vm,
        nt,
        Intrinsic::TemporalInstantPrototype,
        ObjectKind::Temporal(Box::new(data)),
    )?;
    Ok(Value::Object(o))
}

/// `Temporal.Instant.from(item)`. <https://tc39.es/proposal-temporal/#sec-temporal.instant.from>
pub fn from(vm: &mut Vm, args: Args) -> JsResult {
    let item = args.get(vm, 0);
    let i = to_temporal_instant(vm, item)?;
    Ok(create_temporal_instant(vm, &i))
}

/// `Temporal.Instant.fromEpochMilliseconds(epochMilliseconds)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.instant.fromepochmilliseconds>
pub fn from_epoch_milliseconds(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Set epochMilliseconds to ? ToNumber(epochMilliseconds).
    let v = args.get(vm, 0);
    let ms = ops::to_number(vm, v)?;
    // 2. Set epochMilliseconds to ? NumberToBigInt(epochMilliseconds).
    if !ms.is_finite() || ms.trunc() != ms {
        return Err(vm.range_error("Temporal.Instant.fromEpochMilliseconds: not an integer"));
    }
    // 3-4. Multiply by 10**6 and validate.
    if ms.abs() > 1e16 {
        return Err(vm.range_error("Temporal.Instant: epoch milliseconds out of range"));
    }
    let i = Instant::try_new(ms as i128 * 1_000_000).or_throw(vm)?;
    Ok(create_temporal_instant(vm, &i))
}

/// `Temporal.Instant.fromEpochNanoseconds(epochNanoseconds)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.instant.fromepochnanoseconds>
pub fn from_epoch_nanoseconds(vm: &mut Vm, args: Args) -> JsResult {
    // 1. Set epochNanoseconds to ? ToBigInt(epochNanoseconds).
    let v = args.get(vm, 0);
    let b = super::super::bigint::to_bigint(vm, v)?;
    // 2-3. Validate and create.
    let i = epoch_ns_from_bigint(vm, b)?;
    Ok(create_temporal_instant(vm, &i))
}

/// `Temporal.Instant.compare(one, two)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.instant.compare>
pub fn compare(vm: &mut Vm, args: Args) -> JsResult {
    let one = args.get(vm, 0);
    let one = to_temporal_instant(vm, one)?;
    let two = args.get(vm, 1);
    let two = to_temporal_instant(vm, two)?;
    // 3. Return 𝔽(CompareEpochNanoseconds(one, two)).
    Ok(Value::Number(one.as_i128().cmp(&two.as_i128()) as i8 as f64))
}

// --- getters ---------------------------------------------------------------------------------

/// `get Temporal.Instant.prototype.epochMilliseconds`.
/// <https://tc39.es/proposal-temporal/#sec-get-temporal.instant.prototype.epochmilliseconds>
pub fn get_epoch_milliseconds(vm: &mut Vm, args: Args) -> JsResult {
    let i = this_instant(
        vm,
        &args,
        "get Temporal.Instant.prototype.epochMilliseconds",
    )?;
    // 4. Let ms be floor(ns / 10**6).
    Ok(Value::Number(i.as_i128().div_euclid(1_000_000) as f64))
}

/// `get Temporal.Instant.prototype.epochNanoseconds`.
/// <https://tc39.es/proposal-temporal/#sec-get-temporal.instant.prototype.epochnanoseconds>
pub fn get_epoch_nanoseconds(vm: &mut Vm, args: Args) -> JsResult {
    let i = this_instant(vm, &args, "get Temporal.Instant.prototype.epochNanoseconds")?;
    Ok(i128_to_bigint(vm, i.as_i128()))
}

// --- methods ---------------------------------------------------------------------------------

/// AddDurationToInstant(operation, instant, temporalDurationLike).
/// <https://tc39.es/proposal-temporal/#sec-temporal-adddurationtoinstant>
fn add_duration_to_instant(vm: &mut Vm, args: Args, subtract: bool) -> JsResult {
    let what = if subtract {
        "Temporal.Instant.prototype.subtract"
    } else {
        "Temporal.Instant.prototype.add"
    };
    let i = this_instant(vm, &args, what)?;
    // 1. Let duration be ? ToTemporalDuration(temporalDurationLike).
    let like = args.get(vm, 0);
    let d = to_temporal_duration(vm, like)?;
    // 3-4. A date unit as the largest unit is a RangeError.
    if d.years() != 0 || d.months() != 0 || d.weeks() != 0 || d.days() != 0 {
        return Err(vm.range_error(format!(
            "{what}: years, months, weeks and days are not allowed"
        )));
    }
    let r = if subtract { i.subtract(&d) } else { i.add(&d) }.or_throw(vm)?;
    Ok(create_temporal_instant(vm, &r))
}

/// `Temporal.Instant.prototype.add(temporalDurationLike)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.instant.prototype.add>
pub fn add(vm: &mut Vm, args: Args) -> JsResult {
    add_duration_to_instant(vm, args, false)
}

/// `Temporal.Instant.prototype.subtract(temporalDurationLike)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.instant.prototype.subtract>
pub fn subtract(vm: &mut Vm, args: Args) -> JsResult {
    add_duration_to_instant(vm, args, true)
}

/// DifferenceTemporalInstant(operation, instant, other, options).
/// <https://tc39.es/proposal-temporal/#sec-temporal-differencetemporalinstant>
fn difference_temporal_instant(vm: &mut Vm, args: Args, since: bool) -> JsResult {
    let what = if since {
        "Temporal.Instant.prototype.since"
    } else {
        "Temporal.Instant.prototype.until"
    };
    let i = this_instant(vm, &args, what)?;
    // 1. Set other to ? ToTemporalInstant(other).
    let other = args.get(vm, 0);
    let other = to_temporal_instant(vm, other)?;
    let base = vm.roots_len();
    let result = (|| {
        // 2. Let resolvedOptions be ? GetOptionsObject(options).
        let options = args.get(vm, 1);
        let options = get_options_object(vm, options)?;
        // 3. Let settings be ? GetDifferenceSettings(operation, resolvedOptions, time, « »,
        //    nanosecond, second).
        let settings = get_difference_settings(vm, options, UnitGroup::Time)?;
        let d = if since {
            i.since(&other, settings)
        } else {
            i.until(&other, settings)
        }
        .or_throw(vm)?;
        Ok(create_temporal_duration(vm, &d))
    })();
    vm.unroot(base);
    result
}

/// `Temporal.Instant.prototype.until(other [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.instant.prototype.until>
pub fn until(vm: &mut Vm, args: Args) -> JsResult {
    difference_temporal_instant(vm, args, false)
}

/// `Temporal.Instant.prototype.since(other [, options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.instant.prototype.since>
pub fn since(vm: &mut Vm, args: Args) -> JsResult {
    difference_temporal_instant(vm, args, true)
}

/// `Temporal.Instant.prototype.round(roundTo)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.instant.prototype.round>
pub fn round(vm: &mut Vm, args: Args) -> JsResult {
    const WHAT: &str = "Temporal.Instant.prototype.round";
    let i = this_instant(vm, &args, WHAT)?;
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
        // 10-16. The maximum increment (solar days), validation, RoundTemporalInstant.
        let mut opts = RoundingOptions::default();
        opts.smallest_unit = Some(smallest_unit);
        opts.rounding_mode = Some(rounding_mode.unwrap_or(RoundingMode::HalfExpand));
        opts.increment = increment;
        let r = i.round(opts).or_throw(vm)?;
        Ok(create_temporal_instant(vm, &r))
    })();
    vm.unroot(base);
    result
}

/// `Temporal.Instant.prototype.equals(other)`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.instant.prototype.equals>
pub fn equals(vm: &mut Vm, args: Args) -> JsResult {
    let i = this_instant(vm, &args, "Temporal.Instant.prototype.equals")?;
    let other = args.get(vm, 0);
    let other = to_temporal_instant(vm, other)?;
    Ok(Value::Boolean(i.as_i128() == other.as_i128()))
}

/// `Temporal.Instant.prototype.toString([options])`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.instant.prototype.tostring>
pub fn to_string(vm: &mut Vm, args: Args) -> JsResult {
    const WHAT: &str = "Temporal.Instant.prototype.toString";
    let i = this_instant(vm, &args, WHAT)?;
    let base = vm.roots_len();
    let result = (|| {
        // 3. Let resolvedOptions be ? GetOptionsObject(options).
        let options = args.get(vm, 0);
        let options = get_options_object(vm, options)?;
        // 5. Let digits be ? GetTemporalFractionalSecondDigitsOption(resolvedOptions).
        let precision = get_temporal_fractional_second_digits_option(vm, options)?;
        // 6. Let roundingMode be ? GetRoundingModeOption(resolvedOptions, trunc).
        let rounding_mode = get_rounding_mode_option(vm, options)?;
        // 7. Let smallestUnit be ? GetTemporalUnitValuedOption(resolvedOptions, "smallestUnit",
        //    unset).
        let smallest_unit = get_temporal_unit_valued_option(vm, options, "smallestUnit")?;
        // 8. Let timeZone be ? Get(resolvedOptions, "timeZone").
        let time_zone = options.get(vm, "timeZone")?;
        // 9. Perform ? ValidateTemporalUnitValue(smallestUnit, time).
        validate_temporal_unit_value(vm, smallest_unit, UnitGroup::Time, &[])?;
        // 10. If smallestUnit is hour, throw a RangeError exception.
        if smallest_unit == Some(Unit::Hour) {
            return Err(vm.range_error(format!("{WHAT}: smallestUnit must not be hour")));
        }
        // 11. If timeZone is not undefined, set it to ? ToTemporalTimeZoneIdentifier(timeZone).
        let time_zone = if time_zone.is_undefined() {
            None
        } else {
            Some(to_temporal_time_zone_identifier(vm, time_zone)?)
        };
        // 12-. Round and TemporalInstantToString.
        let s = i
            .to_ixdtf_string(
                time_zone,
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
    let i = this_instant(vm, args, what)?;
    let s = i
        .to_ixdtf_string(None, ToStringRoundingOptions::default())
        .or_throw(vm)?;
    Ok(vm.string_from(&s))
}

/// `Temporal.Instant.prototype.toJSON()`.
/// <https://tc39.es/proposal-temporal/#sec-temporal.instant.prototype.tojson>
pub fn to_json(vm: &mut Vm, args: Args) -> JsResult {
    default_string(vm, &args, "Temporal.Instant.prototype.toJSON")
}

/// `Temporal.Instant.prototype.toLocaleString()`: without ECMA-402, TemporalInstantToString.
/// <https://tc39.es/proposal-temporal/#sec-temporal.instant.prototype.tolocalestring>
pub fn to_locale_string(vm: &mut Vm, args: Args) -> JsResult {
    default_string(vm, &args, "Temporal.Instant.prototype.toLocaleString")
}

/// `Temporal.Instant.prototype.valueOf()`: always a TypeError.
/// <https://tc39.es/proposal-temporal/#sec-temporal.instant.prototype.valueof>
pub fn value_of(vm: &mut Vm, _args: Args) -> JsResult {
    Err(vm.type_error("Temporal.Instant.prototype.valueOf: use compare() or toString() instead"))
}

/// `Date.prototype.toTemporalInstant()`.
/// <https://tc39.es/proposal-temporal/#sec-date.prototype.totemporalinstant>
pub fn date_to_temporal_instant(vm: &mut Vm, args: Args) -> JsResult {
    // 1-2. Let dateObject be the this value; RequireInternalSlot(dateObject, [[DateValue]]).
    let tv = match args.this(vm) {
        Value::Object(o) => match vm.heap.get(o).kind {
            ObjectKind::Date(tv) => Some(tv),
            _ => None,
        },
        _ => None,
    };
    let Some(tv) = tv else {
        return Err(vm.type_error(
            "Date.prototype.toTemporalInstant called on an object that is not a Date",
        ));
    };
    // 3-4. Let t be dateObject.[[DateValue]]; NumberToBigInt(t) (a RangeError for NaN).
    if !tv.is_finite() {
        return Err(vm.range_error("Date.prototype.toTemporalInstant: invalid date"));
    }
    // 5. Let ns be ? NumberToBigInt(t) × ℤ(10**6). 6. Return ! CreateTemporalInstant(ns).
    let i = Instant::try_new(tv as i128 * 1_000_000).or_throw(vm)?;
    Ok(create_temporal_instant(vm, &i))
}
