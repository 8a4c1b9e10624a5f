//! The table of built-in functions, by stable id.
//!
//! A native function object stores only a [`NativeId`] (a `u32`), never a Rust pointer, so
//! heaps can be written to images. The ids are this enum's discriminants: appending to the list
//! is safe; reordering changes [`table_hash`], and images built with another order are refused.
//!
//! Each builtin module has its own section; keep each section's entries together.

use crate::{builtins, host, Args, JsResult, Vm};
use amber_heap::Value;

/// A built-in function's Rust implementation.
pub type NativeFn = fn(&mut Vm, Args) -> JsResult;

macro_rules! natives {
    ($($id:ident => $f:path,)*) => {
        /// Stable ids of the built-in functions.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u32)]
        #[allow(non_camel_case_types)]
        pub enum NativeId { $($id),* }

        static TABLE: &[NativeFn] = &[$($f),*];
        static NAMES: &[&str] = &[$(stringify!($id)),*];
    };
}

natives! {
    // --- function -------------------------------------------------------------------------
    FunctionPrototype => builtins::function::prototype_call,
    Function => builtins::function::constructor,
    FunctionPrototypeCall => builtins::function::call,
    FunctionPrototypeApply => builtins::function::apply,
    FunctionPrototypeBind => builtins::function::bind,
    FunctionPrototypeToString => builtins::function::to_string,
    FunctionPrototypeHasInstance => builtins::function::has_instance,
    ThrowTypeError => builtins::function::throw_type_error,
    // --- object ---------------------------------------------------------------------------
    Object => builtins::object::constructor,
    ObjectDefineProperty => builtins::object::define_property,
    ObjectDefineProperties => builtins::object::define_properties,
    ObjectGetOwnPropertyDescriptor => builtins::object::get_own_property_descriptor,
    ObjectGetOwnPropertyDescriptors => builtins::object::get_own_property_descriptors,
    ObjectGetOwnPropertyNames => builtins::object::get_own_property_names,
    ObjectGetOwnPropertySymbols => builtins::object::get_own_property_symbols,
    ObjectGetPrototypeOf => builtins::object::get_prototype_of,
    ObjectSetPrototypeOf => builtins::object::set_prototype_of,
    ObjectCreate => builtins::object::create,
    ObjectKeys => builtins::object::keys,
    ObjectValues => builtins::object::values,
    ObjectEntries => builtins::object::entries,
    ObjectAssign => builtins::object::assign,
    ObjectFreeze => builtins::object::freeze,
    ObjectSeal => builtins::object::seal,
    ObjectPreventExtensions => builtins::object::prevent_extensions,
    ObjectIsFrozen => builtins::object::is_frozen,
    ObjectIsSealed => builtins::object::is_sealed,
    ObjectIsExtensible => builtins::object::is_extensible,
    ObjectIs => builtins::object::is,
    ObjectFromEntries => builtins::object::from_entries,
    ObjectHasOwn => builtins::object::has_own,
    ObjectPrototypeHasOwnProperty => builtins::object::proto_has_own_property,
    ObjectPrototypeIsPrototypeOf => builtins::object::proto_is_prototype_of,
    ObjectPrototypePropertyIsEnumerable => builtins::object::proto_property_is_enumerable,
    ObjectPrototypeToString => builtins::object::proto_to_string,
    ObjectPrototypeToLocaleString => builtins::object::proto_to_locale_string,
    ObjectPrototypeValueOf => builtins::object::proto_value_of,
    ObjectPrototypeProtoGetter => builtins::object::proto_getter,
    ObjectPrototypeProtoSetter => builtins::object::proto_setter,
    // --- error ----------------------------------------------------------------------------
    Error => builtins::error::error_constructor,
    TypeError => builtins::error::type_error_constructor,
    RangeError => builtins::error::range_error_constructor,
    ReferenceError => builtins::error::reference_error_constructor,
    SyntaxError => builtins::error::syntax_error_constructor,
    EvalError => builtins::error::eval_error_constructor,
    UriError => builtins::error::uri_error_constructor,
    ErrorPrototypeToString => builtins::error::to_string,
    // --- iterators ------------------------------------------------------------------------
    IteratorPrototypeIterator => builtins::iterators::iterator_prototype_iterator,
    ArrayIteratorPrototypeNext => builtins::iterators::array_iterator_next,
    StringIteratorPrototypeNext => builtins::iterators::string_iterator_next,
    // --- array ----------------------------------------------------------------------------
    Array => builtins::array::constructor,
    ArrayIsArray => builtins::array::is_array,
    ArrayOf => builtins::array::of,
    ArrayFrom => builtins::array::from,
    ArrayPrototypePush => builtins::array::push,
    ArrayPrototypePop => builtins::array::pop,
    ArrayPrototypeJoin => builtins::array::join,
    ArrayPrototypeToString => builtins::array::to_string,
    ArrayPrototypeSlice => builtins::array::slice,
    ArrayPrototypeIndexOf => builtins::array::index_of,
    ArrayPrototypeIncludes => builtins::array::includes,
    ArrayPrototypeForEach => builtins::array::for_each,
    ArrayPrototypeMap => builtins::array::map,
    ArrayPrototypeFilter => builtins::array::filter,
    ArrayPrototypeSome => builtins::array::some,
    ArrayPrototypeEvery => builtins::array::every,
    ArrayPrototypeReduce => builtins::array::reduce,
    ArrayPrototypeConcat => builtins::array::concat,
    ArrayPrototypeReverse => builtins::array::reverse,
    ArrayPrototypeShift => builtins::array::shift,
    ArrayPrototypeUnshift => builtins::array::unshift,
    ArrayPrototypeSplice => builtins::array::splice,
    ArrayPrototypeSort => builtins::array::sort,
    ArrayPrototypeKeys => builtins::array::keys,
    ArrayPrototypeValues => builtins::array::values,
    ArrayPrototypeEntries => builtins::array::entries,
    ArraySpeciesGetter => builtins::array::species_getter,
    ArrayPrototypeAt => builtins::array::at,
    ArrayPrototypeCopyWithin => builtins::array::copy_within,
    ArrayPrototypeFill => builtins::array::fill,
    ArrayPrototypeFind => builtins::array::find,
    ArrayPrototypeFindIndex => builtins::array::find_index,
    ArrayPrototypeFindLast => builtins::array::find_last,
    ArrayPrototypeFindLastIndex => builtins::array::find_last_index,
    ArrayPrototypeFlat => builtins::array::flat,
    ArrayPrototypeFlatMap => builtins::array::flat_map,
    ArrayPrototypeLastIndexOf => builtins::array::last_index_of,
    ArrayPrototypeReduceRight => builtins::array::reduce_right,
    ArrayPrototypeToLocaleString => builtins::array::to_locale_string,
    ArrayPrototypeToReversed => builtins::array::to_reversed,
    ArrayPrototypeToSorted => builtins::array::to_sorted,
    ArrayPrototypeToSpliced => builtins::array::to_spliced,
    ArrayPrototypeWith => builtins::array::with,
    // --- string ---------------------------------------------------------------------------
    String => builtins::string::constructor,
    StringFromCharCode => builtins::string::from_char_code,
    StringPrototypeToString => builtins::string::to_string,
    StringPrototypeValueOf => builtins::string::to_string,
    StringPrototypeCharAt => builtins::string::char_at,
    StringPrototypeCharCodeAt => builtins::string::char_code_at,
    StringPrototypeIndexOf => builtins::string::index_of,
    StringPrototypeSlice => builtins::string::slice,
    StringPrototypeSubstring => builtins::string::substring,
    StringPrototypeToUpperCase => builtins::string::to_upper_case,
    StringPrototypeToLowerCase => builtins::string::to_lower_case,
    StringPrototypeSplit => builtins::string::split,
    StringPrototypeIterator => builtins::string::iterator,
    // --- number and boolean ---------------------------------------------------------------
    Number => builtins::number::constructor,
    NumberPrototypeToString => builtins::number::to_string,
    NumberPrototypeValueOf => builtins::number::value_of,
    NumberIsNaN => builtins::number::is_nan,
    NumberIsInteger => builtins::number::is_integer,
    Boolean => builtins::boolean::constructor,
    BooleanPrototypeToString => builtins::boolean::to_string,
    BooleanPrototypeValueOf => builtins::boolean::value_of,
    // --- symbol ---------------------------------------------------------------------------
    Symbol => builtins::symbol::constructor,
    SymbolFor => builtins::symbol::symbol_for,
    SymbolKeyFor => builtins::symbol::key_for,
    SymbolPrototypeToString => builtins::symbol::to_string,
    SymbolPrototypeValueOf => builtins::symbol::value_of,
    SymbolPrototypeDescription => builtins::symbol::description,
    SymbolPrototypeToPrimitive => builtins::symbol::value_of,
    // --- bigint ---------------------------------------------------------------------------
    BigInt => builtins::bigint::constructor,
    BigIntPrototypeToString => builtins::bigint::to_string,
    BigIntPrototypeValueOf => builtins::bigint::value_of,
    // --- math -----------------------------------------------------------------------------
    MathAbs => builtins::math::abs,
    MathFloor => builtins::math::floor,
    MathCeil => builtins::math::ceil,
    MathRound => builtins::math::round,
    MathTrunc => builtins::math::trunc,
    MathSqrt => builtins::math::sqrt,
    MathPow => builtins::math::pow,
    MathMax => builtins::math::max,
    MathMin => builtins::math::min,
    MathRandom => builtins::math::random,
    MathSign => builtins::math::sign,
    MathLog => builtins::math::log,
    MathExp => builtins::math::exp,
    MathSin => builtins::math::sin,
    MathCos => builtins::math::cos,
    MathTan => builtins::math::tan,
    MathAtan => builtins::math::atan,
    MathAtan2 => builtins::math::atan2,
    // --- json -----------------------------------------------------------------------------
    JsonStringify => builtins::json::stringify,
    JsonParse => builtins::json::parse,
    // --- reflect and proxy ----------------------------------------------------------------
    ReflectApply => builtins::reflect::apply,
    ReflectConstruct => builtins::reflect::construct,
    ReflectOwnKeys => builtins::reflect::own_keys,
    ReflectGetPrototypeOf => builtins::reflect::get_prototype_of,
    ReflectDefineProperty => builtins::reflect::define_property,
    ReflectGet => builtins::reflect::get,
    ReflectSet => builtins::reflect::set,
    ReflectHas => builtins::reflect::has,
    ReflectDeleteProperty => builtins::reflect::delete_property,
    ReflectGetOwnPropertyDescriptor => builtins::reflect::get_own_property_descriptor,
    ReflectIsExtensible => builtins::reflect::is_extensible,
    ReflectPreventExtensions => builtins::reflect::prevent_extensions,
    ReflectSetPrototypeOf => builtins::reflect::set_prototype_of,
    Proxy => builtins::proxy::constructor,
    ProxyRevocable => builtins::proxy::revocable,
    ProxyRevoke => builtins::proxy::revoke,
    // --- regexp ---------------------------------------------------------------------------
    // --- global functions -----------------------------------------------------------------
    Eval => builtins::global::eval,
    ParseInt => builtins::global::parse_int,
    ParseFloat => builtins::global::parse_float,
    IsNaN => builtins::global::is_nan,
    IsFinite => builtins::global::is_finite,
    // --- host -----------------------------------------------------------------------------
    Print => host::print,
    ConsoleLog => host::print,
    Test262CreateRealm => host::create_realm_262,
    Test262EvalScript => host::eval_script_262,
    Test262DetachArrayBuffer => host::detach_array_buffer_262,
    Test262Gc => host::gc_262,
    Test262IsHtmlDda => host::is_html_dda_call,
    // --- collections ----------------------------------------------------------------------
    Map => builtins::collections::map_constructor,
    MapGroupBy => builtins::collections::map_group_by,
    MapPrototypeClear => builtins::collections::map_clear,
    MapPrototypeDelete => builtins::collections::map_delete,
    MapPrototypeEntries => builtins::collections::map_entries,
    MapPrototypeForEach => builtins::collections::map_for_each,
    MapPrototypeGet => builtins::collections::map_get,
    MapPrototypeHas => builtins::collections::map_has,
    MapPrototypeKeys => builtins::collections::map_keys,
    MapPrototypeSet => builtins::collections::map_set,
    MapPrototypeSize => builtins::collections::map_size,
    MapPrototypeValues => builtins::collections::map_values,
    MapIteratorPrototypeNext => builtins::collections::map_iterator_next,
    Set => builtins::collections::set_constructor,
    SetPrototypeAdd => builtins::collections::set_add,
    SetPrototypeClear => builtins::collections::set_clear,
    SetPrototypeDelete => builtins::collections::set_delete,
    SetPrototypeDifference => builtins::collections::set_difference,
    SetPrototypeEntries => builtins::collections::set_entries,
    SetPrototypeForEach => builtins::collections::set_for_each,
    SetPrototypeHas => builtins::collections::set_has,
    SetPrototypeIntersection => builtins::collections::set_intersection,
    SetPrototypeIsDisjointFrom => builtins::collections::set_is_disjoint_from,
    SetPrototypeIsSubsetOf => builtins::collections::set_is_subset_of,
    SetPrototypeIsSupersetOf => builtins::collections::set_is_superset_of,
    SetPrototypeSize => builtins::collections::set_size,
    SetPrototypeSymmetricDifference => builtins::collections::set_symmetric_difference,
    SetPrototypeUnion => builtins::collections::set_union,
    SetPrototypeValues => builtins::collections::set_values,
    SetIteratorPrototypeNext => builtins::collections::set_iterator_next,
    WeakMap => builtins::collections::weak_map_constructor,
    WeakMapPrototypeDelete => builtins::collections::weak_map_delete,
    WeakMapPrototypeGet => builtins::collections::weak_map_get,
    WeakMapPrototypeHas => builtins::collections::weak_map_has,
    WeakMapPrototypeSet => builtins::collections::weak_map_set,
    WeakSet => builtins::collections::weak_set_constructor,
    WeakSetPrototypeAdd => builtins::collections::weak_set_add,
    WeakSetPrototypeDelete => builtins::collections::weak_set_delete,
    WeakSetPrototypeHas => builtins::collections::weak_set_has,
    ObjectGroupBy => builtins::collections::object_group_by,
}

/// The Rust function of a native id (an invalid id, possible only from a corrupt image that
/// passed validation, throws instead of crashing).
pub fn function(id: u32) -> NativeFn {
    TABLE.get(id as usize).copied().unwrap_or(invalid_native)
}

fn invalid_native(vm: &mut Vm, _: Args) -> JsResult {
    Err(vm.type_error("invalid native function id"))
}

/// The number of natives (image validation checks ids against it).
pub fn count() -> usize {
    TABLE.len()
}

/// A hash of the native table's names and order, recorded in heap images.
pub fn table_hash() -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for name in NAMES {
        for &b in name.as_bytes().iter().chain(b";") {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// A placeholder return for natives that produce nothing.
pub const UNDEFINED: JsResult = Ok(Value::Undefined);
