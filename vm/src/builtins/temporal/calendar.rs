//! Calendar identifiers and the reading of calendar fields from property bags, shared by the
//! Temporal classes that carry a calendar.
//! <https://tc39.es/proposal-temporal/#sec-temporal-calendars>

use super::{to_integer_with_truncation, OrThrow, TemporalKind};
use crate::ops::{self, Hint};
use crate::{JsResult, Vm};
use amber_heap::{ObjectKind, Value};
use temporal_rs::fields::CalendarFields;
use temporal_rs::{Calendar, MonthCode, TimeZone, TinyAsciiStr, UtcOffset};

/// The calendar of a Temporal object that has a [[Calendar]] slot.
pub(crate) fn calendar_slot(vm: &Vm, v: Value) -> Option<Value> {
    let Value::Object(o) = v else { return None };
    match &vm.heap.get(o).kind {
        ObjectKind::Temporal(d)
            if d.kind == TemporalKind::PlainDate as u8
                || d.kind == TemporalKind::PlainDateTime as u8
                || d.kind == TemporalKind::ZonedDateTime as u8
                || d.kind == TemporalKind::PlainYearMonth as u8
                || d.kind == TemporalKind::PlainMonthDay as u8 =>
        {
            Some(d.calendar)
        }
        _ => None,
    }
}

/// A `temporal_rs` Calendar from a stored identifier.
pub(crate) fn calendar_from_slot(vm: &mut Vm, id: Value) -> JsResult<Calendar> {
    match id {
        Value::String(s) => {
            let text = vm.rust_string(s);
            Calendar::try_from_utf8(text.as_bytes()).or_throw(vm)
        }
        _ => Ok(Calendar::ISO),
    }
}

/// The identifier string a calendar is stored as.
pub(crate) fn calendar_to_slot(vm: &mut Vm, c: &Calendar) -> Value {
    vm.string_from(c.identifier())
}

/// ToTemporalCalendarIdentifier(temporalCalendarLike).
/// <https://tc39.es/proposal-temporal/#sec-temporal-totemporalcalendaridentifier>
pub(crate) fn to_temporal_calendar_identifier(vm: &mut Vm, like: Value) -> JsResult<Calendar> {
    // 1. If temporalCalendarLike is an Object with a [[Calendar]] slot, return it.
    if let Some(id) = calendar_slot(vm, like) {
        return calendar_from_slot(vm, id);
    }
    // 2. If temporalCalendarLike is not a String, throw a TypeError exception.
    let Value::String(s) = like else {
        return Err(vm.type_error("Temporal: a calendar must be a string"));
    };
    // 3-4. ParseTemporalCalendarString, then CanonicalizeCalendar.
    let text = vm.rust_string(s);
    text.parse::<Calendar>().or_throw(vm)
}

/// GetTemporalCalendarIdentifierWithISODefault(item), `item` in root slot `slot`.
/// <https://tc39.es/proposal-temporal/#sec-temporal-gettemporalcalendarslotvaluewithisodefault>
pub(crate) fn get_temporal_calendar_identifier_with_iso_default(
    vm: &mut Vm,
    slot: usize,
) -> JsResult<Calendar> {
    let item = vm.rooted(slot);
    // 1. If item has a [[Calendar]] slot, return item.[[Calendar]].
    if let Some(id) = calendar_slot(vm, item) {
        return calendar_from_slot(vm, id);
    }
    // 2. Let calendarLike be ? Get(item, "calendar").
    let Value::Object(o) = item else {
        return Ok(Calendar::ISO);
    };
    let like = ops::get_str(vm, o, "calendar")?;
    // 3. If calendarLike is undefined, return "iso8601".
    if like.is_undefined() {
        return Ok(Calendar::ISO);
    }
    // 4. Return ? ToTemporalCalendarIdentifier(calendarLike).
    to_temporal_calendar_identifier(vm, like)
}

/// Which field names a PrepareCalendarFields call reads.
#[derive(Clone, Copy)]
pub(crate) struct FieldNames {
    pub date: bool,
    pub time: bool,
    pub offset: bool,
    pub time_zone: bool,
    /// timeZone is a required field (a TypeError when it is undefined).
    pub time_zone_required: bool,
}

/// The fields PrepareCalendarFields read.
#[derive(Default)]
pub(crate) struct Fields {
    pub calendar: CalendarFields,
    /// hour, minute, second, millisecond, microsecond, nanosecond.
    pub time: [Option<f64>; 6],
    pub offset: Option<UtcOffset>,
    pub time_zone: Option<TimeZone>,
    /// Whether any field was present.
    pub any: bool,
}

/// CalendarExtraFields(calendar, « year, ... »): era and eraYear for calendars with eras.
/// <https://tc39.es/proposal-temporal/#sec-temporal-calendarextrafields>
fn has_eras(calendar: &Calendar) -> bool {
    !matches!(calendar.identifier(), "iso8601" | "chinese" | "dangi")
}

/// ToPositiveIntegerWithTruncation(argument).
/// <https://tc39.es/proposal-temporal/#sec-topositiveintegerwithtruncation>
fn to_positive_integer_with_truncation(vm: &mut Vm, v: Value) -> JsResult<f64> {
    // 1. Let integer be ? ToIntegerWithTruncation(argument).
    let n = to_integer_with_truncation(vm, v)?;
    // 2. If integer ≤ 0, throw a RangeError exception.
    if n <= 0.0 {
        return Err(vm.range_error("Temporal: value must be a positive integer"));
    }
    Ok(n)
}

/// A year-like value as the library's i32 (out-of-range years are RangeErrors anyway).
fn to_i32(vm: &mut Vm, n: f64) -> JsResult<i32> {
    if n.abs() > 1e9 {
        return Err(vm.range_error("Temporal: year out of range"));
    }
    Ok(n as i32)
}

/// PrepareCalendarFields(calendar, fields, calendarFieldNames, nonCalendarFieldNames,
/// requiredFieldNames) with requiredFieldNames « » or partial: every property read in
/// alphabetical order, each converted as soon as it is read. The object is in root slot
/// `slot`. Missing required fields are left to the library's CalendarResolveFields (a
/// TypeError); `partial` makes an object with no fields a TypeError.
/// <https://tc39.es/proposal-temporal/#sec-temporal-preparecalendarfields>
pub(crate) fn prepare_calendar_fields(
    vm: &mut Vm,
    calendar: &Calendar,
    slot: usize,
    names: FieldNames,
    partial: bool,
) -> JsResult<Fields> {
    prepare_fields(vm, calendar, slot, names, partial, true)
}

/// PrepareCalendarFields with « year, month, month-code » as the date field names (no day).
pub(crate) fn prepare_calendar_fields_without_day(
    vm: &mut Vm,
    calendar: &Calendar,
    slot: usize,
    names: FieldNames,
    partial: bool,
) -> JsResult<Fields> {
    prepare_fields(vm, calendar, slot, names, partial, false)
}

fn prepare_fields(
    vm: &mut Vm,
    calendar: &Calendar,
    slot: usize,
    names: FieldNames,
    partial: bool,
    day: bool,
) -> JsResult<Fields> {
    let eras = names.date && has_eras(calendar);
    let mut keys: Vec<&str> = Vec::new();
    if names.date {
        keys.extend(["month", "monthCode", "year"]);
        if day {
            keys.push("day");
        }
        if eras {
            keys.extend(["era", "eraYear"]);
        }
    }
    if names.time {
        keys.extend([
            "hour",
            "minute",
            "second",
            "millisecond",
            "microsecond",
            "nanosecond",
        ]);
    }
    if names.offset {
        keys.push("offset");
    }
    if names.time_zone {
        keys.push("timeZone");
    }
    // 6. Let sortedPropertyNames be a List of fieldNames in lexicographic code unit order.
    keys.sort_unstable();
    let mut result = Fields::default();
    for key in keys {
        let Value::Object(o) = vm.rooted(slot) else {
            break;
        };
        // 9.a. Let value be ? Get(fields, property).
        let value = ops::get_str(vm, o, key)?;
        if value.is_undefined() {
            // 9.c. A required field that is absent is a TypeError.
            if key == "timeZone" && names.time_zone_required {
                return Err(vm.type_error("Temporal: timeZone is required"));
            }
            continue;
        }
        result.any = true;
        // 9.b. Convert with the conversion of Table 19.
        match key {
            "year" => {
                let n = to_integer_with_truncation(vm, value)?;
                result.calendar.year = Some(to_i32(vm, n)?);
            }
            "eraYear" => {
                let n = to_integer_with_truncation(vm, value)?;
                result.calendar.era_year = Some(to_i32(vm, n)?);
            }
            "month" => {
                let n = to_positive_integer_with_truncation(vm, value)?;
                result.calendar.month = Some(n.min(255.0) as u8);
            }
            "day" => {
                let n = to_positive_integer_with_truncation(vm, value)?;
                result.calendar.day = Some(n.min(255.0) as u8);
            }
            "monthCode" => {
                // ToMonthCode: ToPrimitive(argument, string); a String; ParseMonthCode.
                let p = ops::to_primitive(vm, value, Hint::String)?;
                let Value::String(s) = p else {
                    return Err(vm.type_error("Temporal: monthCode must be a string"));
                };
                let text = vm.rust_string(s);
                let code = text.parse::<MonthCode>().map_err(|_| {
                    vm.range_error(format!("Temporal: {text} is not a valid month code"))
                })?;
                result.calendar.month_code = Some(code);
            }
            "era" => {
                let text = ops::to_rust_string(vm, value)?;
                let era = TinyAsciiStr::<19>::try_from_str(&text)
                    .map_err(|_| vm.range_error(format!("Temporal: invalid era {text}")))?;
                result.calendar.era = Some(era);
            }
            "offset" => {
                // ToOffsetString: ToPrimitive(argument, string); a String; ParseDateTimeUTCOffset.
                let p = ops::to_primitive(vm, value, Hint::String)?;
                let Value::String(s) = p else {
                    return Err(vm.type_error("Temporal: offset must be a string"));
                };
                let text = vm.rust_string(s);
                result.offset = Some(text.parse::<UtcOffset>().map_err(|_| {
                    vm.range_error(format!("Temporal: {text} is not a valid offset string"))
                })?);
            }
            "timeZone" => result.time_zone = Some(to_temporal_time_zone_identifier(vm, value)?),
            _ => {
                let i = [
                    "hour",
                    "minute",
                    "second",
                    "millisecond",
                    "microsecond",
                    "nanosecond",
                ]
                .iter()
                .position(|k| *k == key)
                .unwrap_or(0);
                result.time[i] = Some(to_integer_with_truncation(vm, value)?);
            }
        }
    }
    // 10. If requiredFieldNames is partial and any is false, throw a TypeError exception.
    if partial && !result.any {
        return Err(vm.type_error("Temporal: the object has no recognized fields"));
    }
    Ok(result)
}

/// ToTemporalTimeZoneIdentifier(temporalTimeZoneLike).
/// <https://tc39.es/proposal-temporal/#sec-temporal-totemporaltimezoneidentifier>
pub(crate) fn to_temporal_time_zone_identifier(vm: &mut Vm, like: Value) -> JsResult<TimeZone> {
    // 1. If temporalTimeZoneLike is a ZonedDateTime, return its [[TimeZone]].
    if let Some(d) = super::slots_of(vm, like, TemporalKind::ZonedDateTime) {
        let id = d.time_zone;
        return super::zoned_date_time::time_zone_from_slot(vm, id);
    }
    // 2. If temporalTimeZoneLike is not a String, throw a TypeError exception.
    let Value::String(s) = like else {
        return Err(vm.type_error("Temporal: a time zone must be a string"));
    };
    // 3-. ParseTemporalTimeZoneString; GetAvailableNamedTimeZoneIdentifier.
    let text = vm.rust_string(s);
    TimeZone::try_from_str(&text).or_throw(vm)
}
