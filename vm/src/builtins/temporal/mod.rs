//! The Temporal proposal: the `Temporal` namespace and the abstract operations its classes
//! share (option reading, number conversions, errors).
//! <https://tc39.es/proposal-temporal/>
//!
//! The calendar, time-zone and duration arithmetic is the `temporal_rs` crate's; this module
//! and its siblings are the JavaScript-facing layer: argument handling and the observable
//! order of property reads and conversions. Each Temporal object keeps its internal slots as
//! plain data in the heap ([`TemporalData`]); the `temporal_rs` value is rebuilt from them on
//! each use, so heaps stay image-safe.
//!
//! Handles in Rust locals go stale whenever JavaScript runs (a getter, `valueOf`, ...): values
//! read from user objects are converted to Rust data at once, and objects that must outlive a
//! call are kept in root slots (`Vm::root`).

pub mod calendar;
pub mod duration;
pub mod instant;
pub mod now;
pub mod plain_date;
pub mod plain_date_time;
pub mod plain_month_day;
pub mod plain_time;
pub mod plain_year_month;
pub mod to_zoned;
pub mod zoned_date_time;

use super::iterators::tag;
use crate::ops;
use crate::realm::{set_intrinsic, Intrinsic};
use crate::CommonKey;
use crate::{ErrorKind, JsResult, Throw, Vm};
use amber_heap::{Handle, Object, ObjectKind, TemporalData, Value};
use temporal_rs::error::ErrorKind as TemporalErrorKind;
use temporal_rs::options::{RoundingIncrement, RoundingMode, Unit};
use temporal_rs::parsers::Precision;
use temporal_rs::TemporalError;

/// The Temporal class an object belongs to (stored as [`TemporalData::kind`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum TemporalKind {
    Duration = 0,
    PlainTime = 1,
    PlainDate = 2,
    PlainDateTime = 3,
    Instant = 4,
    ZonedDateTime = 5,
    PlainYearMonth = 6,
    PlainMonthDay = 7,
}

/// Creates the `Temporal` namespace object and its classes.
/// <https://tc39.es/proposal-temporal/#sec-temporal-objects>
pub fn init(vm: &mut Vm) {
    let ns = super::ordinary(vm, Intrinsic::ObjectPrototype);
    set_intrinsic(vm, Intrinsic::Temporal, ns);
    // https://tc39.es/proposal-temporal/#sec-temporal-%symbol.tostringtag%
    tag(vm, ns, "Temporal");
    super::global(vm, "Temporal", Value::Object(ns));
    duration::init(vm, ns);
    plain_time::init(vm, ns);
    plain_date::init(vm, ns);
    plain_date_time::init(vm, ns);
    instant::init(vm, ns);
    now::init(vm, ns);
    zoned_date_time::init(vm, ns);
    plain_year_month::init(vm, ns);
    plain_month_day::init(vm, ns);
    to_zoned_init(vm);
}

/// Installs the methods of `to_zoned.rs` on the prototypes (and `Temporal.Now`) they belong to.
fn to_zoned_init(vm: &mut Vm) {
    use crate::natives::NativeId;
    let installs = [
        (
            Intrinsic::TemporalPlainDatePrototype,
            "toZonedDateTime",
            NativeId::TemporalPlainDatePrototypeToZonedDateTime,
            1,
        ),
        (
            Intrinsic::TemporalPlainDateTimePrototype,
            "toZonedDateTime",
            NativeId::TemporalPlainDateTimePrototypeToZonedDateTime,
            1,
        ),
        (
            Intrinsic::TemporalInstantPrototype,
            "toZonedDateTimeISO",
            NativeId::TemporalInstantPrototypeToZonedDateTimeIso,
            1,
        ),
        (
            Intrinsic::TemporalPlainDatePrototype,
            "toPlainYearMonth",
            NativeId::TemporalPlainDatePrototypeToPlainYearMonth,
            0,
        ),
        (
            Intrinsic::TemporalPlainDatePrototype,
            "toPlainMonthDay",
            NativeId::TemporalPlainDatePrototypeToPlainMonthDay,
            0,
        ),
        (
            Intrinsic::TemporalNow,
            "zonedDateTimeISO",
            NativeId::TemporalNowZonedDateTimeIso,
            0,
        ),
    ];
    for (on, name, id, len) in installs {
        let o = vm.intrinsic(on);
        super::method(vm, o, name, id, len);
    }
}

/// Installs a Temporal constructor as a property of the namespace (not as a global).
pub(crate) fn class(
    vm: &mut Vm,
    ns: Handle<Object>,
    id: crate::natives::NativeId,
    name: &str,
    length: u32,
    proto: Handle<Object>,
) -> Handle<Object> {
    let c = super::native_function(vm, id, name, length, true);
    let (pk, ck) = (
        vm.name_key(CommonKey::Prototype),
        vm.name_key(CommonKey::Constructor),
    );
    super::add(vm, c, pk, Value::Object(proto), 0);
    super::add(vm, proto, ck, Value::Object(c), amber_heap::attrs::HIDDEN);
    super::put(vm, ns, name, Value::Object(c), amber_heap::attrs::HIDDEN);
    c
}

// --- slots -----------------------------------------------------------------------------------

/// The slots of `v` if it is a Temporal object of `kind`.
pub(crate) fn slots_of(vm: &Vm, v: Value, kind: TemporalKind) -> Option<&TemporalData> {
    match v {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::Temporal(d) if d.kind == kind as u8 => Some(d),
            _ => None,
        },
        _ => None,
    }
}

/// A new object of `kind` with the given prototype intrinsic.
pub(crate) fn create(vm: &mut Vm, proto: Intrinsic, data: TemporalData) -> Value {
    let p = vm.intrinsic(proto);
    let o = vm
        .heap
        .alloc(Object::new(Some(p), ObjectKind::Temporal(Box::new(data))));
    Value::Object(o)
}

/// Plain slots with only numeric fields.
pub(crate) fn data(kind: TemporalKind, fields: Vec<f64>) -> TemporalData {
    TemporalData {
        kind: kind as u8,
        fields,
        epoch_ns: 0,
        calendar: Value::Undefined,
        time_zone: Value::Undefined,
    }
}

// --- errors ----------------------------------------------------------------------------------

/// Throws the JavaScript error a `temporal_rs` error stands for (parse errors are RangeErrors,
/// as the proposal's ParseISODateTime and friends throw).
pub(crate) fn throw(vm: &mut Vm, e: TemporalError) -> Throw {
    let kind = match e.kind() {
        TemporalErrorKind::Type => ErrorKind::TypeError,
        TemporalErrorKind::Generic => ErrorKind::Error,
        _ => ErrorKind::RangeError,
    };
    let message = e.into_message();
    vm.throw_error(kind, message)
}

/// `?` for `temporal_rs` results.
pub(crate) trait OrThrow<T> {
    fn or_throw(self, vm: &mut Vm) -> JsResult<T>;
}
impl<T> OrThrow<T> for Result<T, TemporalError> {
    fn or_throw(self, vm: &mut Vm) -> JsResult<T> {
        self.map_err(|e| throw(vm, e))
    }
}

// --- number conversions ----------------------------------------------------------------------

/// ToIntegerWithTruncation(argument).
/// <https://tc39.es/proposal-temporal/#sec-tointegerwithtruncation>
pub(crate) fn to_integer_with_truncation(vm: &mut Vm, v: Value) -> JsResult<f64> {
    // 1. Let number be ? ToNumber(argument).
    let n = ops::to_number(vm, v)?;
    // 2. If number is NaN, +∞𝔽 or -∞𝔽, throw a RangeError exception.
    if !n.is_finite() {
        return Err(vm.range_error("Temporal: value must be a finite number"));
    }
    // 3. Return truncate(ℝ(number)).
    Ok(n.trunc() + 0.0)
}

/// ToIntegerIfIntegral(argument).
/// <https://tc39.es/proposal-temporal/#sec-tointegerifintegral>
pub(crate) fn to_integer_if_integral(vm: &mut Vm, v: Value) -> JsResult<f64> {
    // 1. Let number be ? ToNumber(argument).
    let n = ops::to_number(vm, v)?;
    // 2. If IsIntegralNumber(number) is false, throw a RangeError exception.
    if !n.is_finite() || n.trunc() != n {
        return Err(vm.range_error("Temporal: value must be an integer"));
    }
    // 3. Return ℝ(number).
    Ok(n + 0.0)
}

// --- options ---------------------------------------------------------------------------------

/// An options object kept in a root slot (`None`: options were undefined, so every read is
/// undefined).
#[derive(Clone, Copy)]
pub(crate) struct Options(Option<usize>);

/// GetOptionsObject(options): keeps the object in a root slot (released by the caller's
/// `vm.unroot`). <https://tc39.es/proposal-temporal/#sec-getoptionsobject>
pub(crate) fn get_options_object(vm: &mut Vm, options: Value) -> JsResult<Options> {
    match options {
        // 1. If options is undefined, return OrdinaryObjectCreate(null).
        Value::Undefined => Ok(Options(None)),
        // 2. If options is an Object, return options.
        Value::Object(_) => Ok(Options(Some(vm.root(options)))),
        // 3. Throw a TypeError exception.
        _ => Err(vm.type_error("Temporal: options must be an object or undefined")),
    }
}

impl Options {
    /// An options object made by the caller (already rooted).
    pub(crate) fn rooted(slot: usize) -> Options {
        Options(Some(slot))
    }

    /// Get(options, name).
    pub(crate) fn get(self, vm: &mut Vm, name: &str) -> JsResult {
        match self.0 {
            None => Ok(Value::Undefined),
            Some(slot) => match vm.rooted(slot) {
                Value::Object(o) => ops::get_str(vm, o, name),
                _ => Ok(Value::Undefined),
            },
        }
    }
}

/// GetOption(options, property, string, values, default) for string options: `Ok(None)` when
/// the property is undefined. <https://tc39.es/proposal-temporal/#sec-getoption>
pub(crate) fn get_string_option(
    vm: &mut Vm,
    options: Options,
    name: &str,
    values: &[&str],
) -> JsResult<Option<String>> {
    // 1. Let value be ? Get(options, property).
    let value = options.get(vm, name)?;
    // 2. If value is undefined, return default (the caller's).
    if value.is_undefined() {
        return Ok(None);
    }
    // 4. Else (type is string): Set value to ? ToString(value).
    let s = ops::to_rust_string(vm, value)?;
    // 5. If values is not empty and values does not contain value, throw a RangeError.
    if !values.is_empty() && !values.contains(&s.as_str()) {
        return Err(vm.range_error(format!("Temporal: {s} is not a valid value for {name}")));
    }
    Ok(Some(s))
}

const UNIT_VALUES: &[&str] = &[
    "auto",
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "hour",
    "hours",
    "minute",
    "minutes",
    "second",
    "seconds",
    "millisecond",
    "milliseconds",
    "microsecond",
    "microseconds",
    "nanosecond",
    "nanoseconds",
];

/// GetTemporalUnitValuedOption(options, key, default) with default ~unset~ (`None`).
/// <https://tc39.es/proposal-temporal/#sec-temporal-gettemporalunitvaluedoption>
pub(crate) fn get_temporal_unit_valued_option(
    vm: &mut Vm,
    options: Options,
    key: &str,
) -> JsResult<Option<Unit>> {
    match get_string_option(vm, options, key, UNIT_VALUES)? {
        None => Ok(None),
        Some(s) => match s.parse::<Unit>() {
            Ok(u) => Ok(Some(u)),
            Err(_) => Err(vm.range_error(format!("Temporal: invalid unit {s}"))),
        },
    }
}

/// The unit groups of ValidateTemporalUnitValue.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitGroup {
    Date,
    Time,
    DateTime,
}

/// ValidateTemporalUnitValue(value, unitGroup, extraValues).
/// <https://tc39.es/proposal-temporal/#sec-temporal-validatetemporalunitvaluedoption>
pub(crate) fn validate_temporal_unit_value(
    vm: &mut Vm,
    value: Option<Unit>,
    group: UnitGroup,
    extra: &[Unit],
) -> JsResult<()> {
    // 1. If value is ~unset~, return unused.
    let Some(unit) = value else { return Ok(()) };
    // 2. If extraValues is present and contains value, return unused.
    if extra.contains(&unit) {
        return Ok(());
    }
    // 3. Let category be the category of value in Table 21 (auto has none).
    // 4-7. The category must match the unit group.
    let ok = match unit {
        Unit::Auto => false,
        Unit::Year | Unit::Month | Unit::Week | Unit::Day => group != UnitGroup::Time,
        _ => group != UnitGroup::Date,
    };
    if ok {
        Ok(())
    } else {
        Err(vm.range_error(format!(
            "Temporal: {} is not a valid unit here",
            unit_name(unit)
        )))
    }
}

fn unit_name(u: Unit) -> &'static str {
    match u {
        Unit::Auto => "auto",
        Unit::Year => "year",
        Unit::Month => "month",
        Unit::Week => "week",
        Unit::Day => "day",
        Unit::Hour => "hour",
        Unit::Minute => "minute",
        Unit::Second => "second",
        Unit::Millisecond => "millisecond",
        Unit::Microsecond => "microsecond",
        Unit::Nanosecond => "nanosecond",
    }
}

/// GetRoundingModeOption(options, fallback): `None` when absent.
/// <https://tc39.es/proposal-temporal/#sec-temporal-getroundingmodeoption>
pub(crate) fn get_rounding_mode_option(
    vm: &mut Vm,
    options: Options,
) -> JsResult<Option<RoundingMode>> {
    const MODES: &[&str] = &[
        "ceil",
        "floor",
        "expand",
        "trunc",
        "halfCeil",
        "halfFloor",
        "halfExpand",
        "halfTrunc",
        "halfEven",
    ];
    match get_string_option(vm, options, "roundingMode", MODES)? {
        None => Ok(None),
        Some(s) => s.parse::<RoundingMode>().map(Some).or_throw(vm),
    }
}

/// GetRoundingIncrementOption(options): `None` when absent.
/// <https://tc39.es/proposal-temporal/#sec-temporal-getroundingincrementoption>
pub(crate) fn get_rounding_increment_option(
    vm: &mut Vm,
    options: Options,
) -> JsResult<Option<RoundingIncrement>> {
    // 1. Let value be ? Get(options, "roundingIncrement").
    let value = options.get(vm, "roundingIncrement")?;
    // 2. If value is undefined, return 1𝔽.
    if value.is_undefined() {
        return Ok(None);
    }
    // 3. Let integerIncrement be ? ToIntegerWithTruncation(value).
    let n = to_integer_with_truncation(vm, value)?;
    // 4. If integerIncrement < 1 or integerIncrement > 10**9, throw a RangeError exception.
    if !(1.0..=1e9).contains(&n) {
        return Err(vm.range_error("Temporal: roundingIncrement must be between 1 and 1e9"));
    }
    // 5. Return integerIncrement.
    RoundingIncrement::try_new(n as u32).map(Some).or_throw(vm)
}

/// GetTemporalFractionalSecondDigitsOption(options).
/// <https://tc39.es/proposal-temporal/#sec-temporal-gettemporalfractionalseconddigitsoption>
pub(crate) fn get_temporal_fractional_second_digits_option(
    vm: &mut Vm,
    options: Options,
) -> JsResult<Precision> {
    // 1. Let digitsValue be ? Get(options, "fractionalSecondDigits").
    let value = options.get(vm, "fractionalSecondDigits")?;
    // 2. If digitsValue is undefined, return auto.
    if value.is_undefined() {
        return Ok(Precision::Auto);
    }
    // 3. If digitsValue is not a Number, then
    let Value::Number(n) = value else {
        // a. If ? ToString(digitsValue) is not "auto", throw a RangeError exception.
        let s = ops::to_rust_string(vm, value)?;
        if s != "auto" {
            return Err(vm.range_error(format!(
                "Temporal: invalid fractionalSecondDigits value {s}"
            )));
        }
        // b. Return auto.
        return Ok(Precision::Auto);
    };
    // 4. If digitsValue is NaN, +∞𝔽 or -∞𝔽, throw a RangeError exception.
    if !n.is_finite() {
        return Err(vm.range_error("Temporal: fractionalSecondDigits must be finite"));
    }
    // 5. Let digitCount be floor(ℝ(digitsValue)).
    let d = n.floor();
    // 6. If digitCount < 0 or digitCount > 9, throw a RangeError exception.
    if !(0.0..=9.0).contains(&d) {
        return Err(vm.range_error("Temporal: fractionalSecondDigits must be 0 to 9"));
    }
    // 7. Return digitCount.
    Ok(Precision::Digit(d as u8))
}

/// GetTemporalOverflowOption(options): `None` when absent.
/// <https://tc39.es/proposal-temporal/#sec-temporal-gettemporaloverflowoption>
pub(crate) fn get_temporal_overflow_option(
    vm: &mut Vm,
    options: Options,
) -> JsResult<Option<temporal_rs::options::Overflow>> {
    use temporal_rs::options::Overflow;
    match get_string_option(vm, options, "overflow", &["constrain", "reject"])? {
        None => Ok(None),
        Some(s) if s == "reject" => Ok(Some(Overflow::Reject)),
        Some(_) => Ok(Some(Overflow::Constrain)),
    }
}

/// A string value made from Rust text.
pub(crate) fn string(vm: &mut Vm, s: &str) -> Value {
    vm.string_from(s)
}

/// Throws a TypeError unless `this` is a Temporal object of `kind`; returns its fields.
pub(crate) fn this_fields(
    vm: &mut Vm,
    this: Value,
    kind: TemporalKind,
    what: &str,
) -> JsResult<Vec<f64>> {
    match slots_of(vm, this, kind) {
        Some(d) => Ok(d.fields.clone()),
        None => Err(vm.type_error(format!("{what} called on an incompatible receiver"))),
    }
}
