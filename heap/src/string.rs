//! Strings, symbols and BigInts: the primitive values that live in the heap.

use crate::handle::Handle;
use crate::heap_struct;

/// An ECMAScript String value: immutable UTF-16 code units.
/// <https://tc39.es/ecma262/#sec-ecmascript-language-types-string-type>
///
/// `interned` strings are the canonical copies used as property keys; the heap's intern table
/// finds them by content.
#[derive(Clone, Debug)]
pub struct JsString {
    pub units: Box<[u16]>,
    pub interned: bool,
}
heap_struct!(JsString { units, interned });

impl JsString {
    /// Lossy conversion for display (lone surrogates become U+FFFD).
    pub fn to_rust_string(&self) -> String {
        String::from_utf16_lossy(&self.units)
    }
}

/// A Symbol value. <https://tc39.es/ecma262/#sec-ecmascript-language-types-symbol-type>
#[derive(Clone, Debug)]
pub struct Symbol {
    pub description: Option<Handle<JsString>>,
    /// Registered with `Symbol.for` (its description is the registry key).
    pub registered: bool,
}
heap_struct!(Symbol {
    description,
    registered
});

/// A BigInt value: sign and magnitude in base 2^32 limbs, least significant first, no
/// trailing zero limbs (zero has no limbs and is never negative).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BigInt {
    pub negative: bool,
    pub limbs: Box<[u32]>,
}
heap_struct!(BigInt { negative, limbs });
