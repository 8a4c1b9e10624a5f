//! The ECMAScript language value and the property key.

use crate::handle::{Handle, RawHandle};
use crate::image::{ImageError, Reader, Writer};
use crate::object::Object;
use crate::string::{BigInt, JsString, Symbol};
use crate::trace::{Persist, Trace, Visitor};
use crate::Kind;

/// An ECMAScript language value (<https://tc39.es/ecma262/#sec-ecmascript-language-types>).
///
/// 16 bytes in release builds: a tag and either an `f64` or a 4-byte handle. `Empty` is not a
/// language value: it marks an uninitialized binding (the TDZ) or an array hole, and never
/// escapes to JavaScript.
///
/// The tag is a whole word (`repr(u64)`), so every payload starts at byte 8 and a value moves
/// as two aligned words. With a one-byte tag a `bool` payload sat at byte 1, and the compiler
/// moved values as a tag byte plus fifteen bytes in two overlapping loads, which the CPU
/// cannot forward from the two aligned stores that wrote them: a stall on most moves of a
/// value through memory (measured: 40% of a loop over global variables).
///
/// ```
/// use amber_heap::{Heap, Object, ObjectKind, Value};
///
/// let mut heap = Heap::new();
/// let o = heap.alloc(Object::new(None, ObjectKind::Ordinary));
/// let v = Value::from(o);
/// assert_eq!(v.as_object(), Some(o));
/// assert_eq!(Value::from(1.5), Value::Number(1.5));
/// assert_eq!(Value::from(true).as_object(), None);
/// assert!(Value::Null.is_nullish() && Value::Undefined.is_nullish());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[repr(u64)]
pub enum Value {
    /// Not a language value: an uninitialized binding or an array hole.
    Empty,
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// A Boolean.
    Boolean(bool),
    /// A Number (an IEEE 754 double).
    Number(f64),
    /// A String.
    String(Handle<JsString>),
    /// A Symbol.
    Symbol(Handle<Symbol>),
    /// A BigInt.
    BigInt(Handle<BigInt>),
    /// An Object.
    Object(Handle<Object>),
}

impl Value {
    /// Is it `undefined`?
    #[inline]
    pub fn is_undefined(self) -> bool {
        matches!(self, Value::Undefined)
    }
    /// Is it `undefined` or `null`?
    #[inline]
    pub fn is_nullish(self) -> bool {
        matches!(self, Value::Undefined | Value::Null)
    }
    /// The object, if the value is one.
    #[inline]
    pub fn as_object(self) -> Option<Handle<Object>> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Boolean(b)
    }
}
impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::Number(n)
    }
}
impl From<Handle<Object>> for Value {
    fn from(o: Handle<Object>) -> Value {
        Value::Object(o)
    }
}
impl From<Handle<JsString>> for Value {
    fn from(s: Handle<JsString>) -> Value {
        Value::String(s)
    }
}

impl Trace for Value {
    #[inline]
    fn trace<V: Visitor + ?Sized>(&mut self, v: &mut V) {
        match self {
            Value::String(h) => h.trace(v),
            Value::Symbol(h) => h.trace(v),
            Value::BigInt(h) => h.trace(v),
            Value::Object(h) => h.trace(v),
            Value::Empty
            | Value::Undefined
            | Value::Null
            | Value::Boolean(_)
            | Value::Number(_) => {}
        }
    }
}

impl Persist for Value {
    fn write(&self, w: &mut Writer) {
        match self {
            Value::Empty => 0u8.write(w),
            Value::Undefined => 1u8.write(w),
            Value::Null => 2u8.write(w),
            Value::Boolean(b) => {
                3u8.write(w);
                b.write(w)
            }
            Value::Number(n) => {
                4u8.write(w);
                n.write(w)
            }
            Value::String(h) => {
                5u8.write(w);
                h.write(w)
            }
            Value::Symbol(h) => {
                6u8.write(w);
                h.write(w)
            }
            Value::BigInt(h) => {
                7u8.write(w);
                h.write(w)
            }
            Value::Object(h) => {
                8u8.write(w);
                h.write(w)
            }
        }
    }
    /// Values are the most frequent entry of an image (slots, elements, constants,
    /// environments): away from a section's last 8 bytes, a value's tag and payload are
    /// decoded after one bounds check, and only a handle's index is checked further.
    #[inline]
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        if let Some(b) = r.peek::<9>() {
            let index = u32::from_le_bytes([b[1], b[2], b[3], b[4]]);
            let handle = |r: &mut Reader, kind| -> Result<RawHandle, ImageError> {
                // Consumed first, so an error has the offset a field-by-field read gives.
                r.skip(5);
                r.check_handle(kind, index)?;
                Ok(RawHandle::new(index, r.epoch()))
            };
            let constant = |r: &mut Reader, v| {
                r.skip(1);
                Ok(v)
            };
            return match b[0] {
                0 => constant(r, Value::Empty),
                1 => constant(r, Value::Undefined),
                2 => constant(r, Value::Null),
                3 if b[1] <= 1 => {
                    r.skip(2);
                    Ok(Value::Boolean(b[1] == 1))
                }
                4 => {
                    let mut n = [0; 8];
                    n.copy_from_slice(&b[1..9]);
                    r.skip(9);
                    Ok(Value::Number(f64::from_le_bytes(n)))
                }
                5 => Ok(Value::String(Handle::from_raw(handle(r, Kind::JsString)?))),
                6 => Ok(Value::Symbol(Handle::from_raw(handle(r, Kind::Symbol)?))),
                7 => Ok(Value::BigInt(Handle::from_raw(handle(r, Kind::BigInt)?))),
                8 => Ok(Value::Object(Handle::from_raw(handle(r, Kind::Object)?))),
                // Bad tags (and bad booleans).
                _ => Value::read_slowly(r),
            };
        }
        Value::read_slowly(r)
    }
}

impl Value {
    /// [`Persist::read`] a field at a time (near a section's end, and bad tags).
    #[cold]
    #[inline(never)]
    fn read_slowly(r: &mut Reader) -> Result<Self, ImageError> {
        Ok(match u8::read(r)? {
            0 => Value::Empty,
            1 => Value::Undefined,
            2 => Value::Null,
            3 => Value::Boolean(bool::read(r)?),
            4 => Value::Number(f64::read(r)?),
            5 => Value::String(Persist::read(r)?),
            6 => Value::Symbol(Persist::read(r)?),
            7 => Value::BigInt(Persist::read(r)?),
            8 => Value::Object(Persist::read(r)?),
            t => return Err(r.error(format!("invalid value tag {t}"))),
        })
    }
}

/// A property key (<https://tc39.es/ecma262/#sec-object-type>) in canonical form: array indices
/// (integers below 2^32 - 1) are `Index`, every other string is an interned `String`, so two keys
/// are equal exactly when their representations are equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PropertyKey {
    /// An array index (an integer below 2^32 - 1).
    Index(u32),
    /// Any other string, interned.
    String(Handle<JsString>),
    /// A symbol.
    Symbol(Handle<Symbol>),
}

impl Trace for PropertyKey {
    #[inline]
    fn trace<V: Visitor + ?Sized>(&mut self, v: &mut V) {
        match self {
            PropertyKey::Index(_) => {}
            PropertyKey::String(h) => h.trace(v),
            PropertyKey::Symbol(h) => h.trace(v),
        }
    }
}

impl Persist for PropertyKey {
    fn write(&self, w: &mut Writer) {
        match self {
            PropertyKey::Index(i) => {
                0u8.write(w);
                i.write(w)
            }
            PropertyKey::String(h) => {
                1u8.write(w);
                h.write(w)
            }
            PropertyKey::Symbol(h) => {
                2u8.write(w);
                h.write(w)
            }
        }
    }
    #[inline]
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        Ok(match u8::read(r)? {
            0 => PropertyKey::Index(u32::read(r)?),
            1 => PropertyKey::String(Persist::read(r)?),
            2 => PropertyKey::Symbol(Persist::read(r)?),
            t => return Err(r.error(format!("invalid property key tag {t}"))),
        })
    }
}
