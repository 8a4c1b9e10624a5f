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
    // --- string ---------------------------------------------------------------------------
    String => builtins::string::constructor,
    StringFromCharCode => builtins::string::from_char_code,
    StringFromCodePoint => builtins::string::from_code_point,
    StringRaw => builtins::string::raw,
    StringPrototypeIterator => builtins::string::iterator,
    StringPrototypeTrimStart => builtins::string::trim_start,
    StringPrototypeTrimEnd => builtins::string::trim_end,
    StringPrototypeAt => builtins::string::at,
    StringPrototypeCharAt => builtins::string::char_at,
    StringPrototypeCharCodeAt => builtins::string::char_code_at,
    StringPrototypeCodePointAt => builtins::string::code_point_at,
    StringPrototypeConcat => builtins::string::concat,
    StringPrototypeEndsWith => builtins::string::ends_with,
    StringPrototypeIncludes => builtins::string::includes,
    StringPrototypeIndexOf => builtins::string::index_of,
    StringPrototypeIsWellFormed => builtins::string::is_well_formed,
    StringPrototypeLastIndexOf => builtins::string::last_index_of,
    StringPrototypeLocaleCompare => builtins::string::locale_compare,
    StringPrototypeMatch => builtins::string::match_,
    StringPrototypeMatchAll => builtins::string::match_all,
    StringPrototypeNormalize => builtins::string::normalize,
    StringPrototypePadEnd => builtins::string::pad_end,
    StringPrototypePadStart => builtins::string::pad_start,
    StringPrototypeRepeat => builtins::string::repeat,
    StringPrototypeReplace => builtins::string::replace,
    StringPrototypeReplaceAll => builtins::string::replace_all,
    StringPrototypeSearch => builtins::string::search,
    StringPrototypeSlice => builtins::string::slice,
    StringPrototypeSplit => builtins::string::split,
    StringPrototypeStartsWith => builtins::string::starts_with,
    StringPrototypeSubstr => builtins::string::substr,
    StringPrototypeSubstring => builtins::string::substring,
    StringPrototypeToLocaleLowerCase => builtins::string::to_lower_case,
    StringPrototypeToLocaleUpperCase => builtins::string::to_upper_case,
    StringPrototypeToLowerCase => builtins::string::to_lower_case,
    StringPrototypeToString => builtins::string::to_string,
    StringPrototypeToUpperCase => builtins::string::to_upper_case,
    StringPrototypeToWellFormed => builtins::string::to_well_formed,
    StringPrototypeTrim => builtins::string::trim,
    StringPrototypeValueOf => builtins::string::to_string,
    StringPrototypeAnchor => builtins::string::anchor,
    StringPrototypeBig => builtins::string::big,
    StringPrototypeBlink => builtins::string::blink,
    StringPrototypeBold => builtins::string::bold,
    StringPrototypeFixed => builtins::string::fixed,
    StringPrototypeFontcolor => builtins::string::fontcolor,
    StringPrototypeFontsize => builtins::string::fontsize,
    StringPrototypeItalics => builtins::string::italics,
    StringPrototypeLink => builtins::string::link,
    StringPrototypeSmall => builtins::string::small,
    StringPrototypeStrike => builtins::string::strike,
    StringPrototypeSub => builtins::string::sub,
    StringPrototypeSup => builtins::string::sup,
    // --- number and boolean ---------------------------------------------------------------
    Number => builtins::number::constructor,
    NumberPrototypeToString => builtins::number::to_string,
    NumberPrototypeValueOf => builtins::number::value_of,
    NumberIsNaN => builtins::number::is_nan,
    NumberIsInteger => builtins::number::is_integer,
    NumberIsFinite => builtins::number::is_finite,
    NumberIsSafeInteger => builtins::number::is_safe_integer,
    NumberPrototypeToExponential => builtins::number::to_exponential,
    NumberPrototypeToFixed => builtins::number::to_fixed,
    NumberPrototypeToLocaleString => builtins::number::to_locale_string,
    NumberPrototypeToPrecision => builtins::number::to_precision,
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
    BigIntAsIntN => builtins::bigint::as_int_n,
    BigIntAsUintN => builtins::bigint::as_uint_n,
    BigIntPrototypeToLocaleString => builtins::bigint::to_locale_string,
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
    MathAcos => builtins::math::acos,
    MathAcosh => builtins::math::acosh,
    MathAsin => builtins::math::asin,
    MathAsinh => builtins::math::asinh,
    MathAtanh => builtins::math::atanh,
    MathCbrt => builtins::math::cbrt,
    MathClz32 => builtins::math::clz32,
    MathCosh => builtins::math::cosh,
    MathExpm1 => builtins::math::expm1,
    MathFround => builtins::math::fround,
    MathHypot => builtins::math::hypot,
    MathImul => builtins::math::imul,
    MathLog10 => builtins::math::log10,
    MathLog1p => builtins::math::log1p,
    MathLog2 => builtins::math::log2,
    MathSinh => builtins::math::sinh,
    MathTanh => builtins::math::tanh,
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
    // --- regexp ---------------------------------------------------------------------------
    RegExp => builtins::regexp::constructor,
    RegExpSpeciesGetter => builtins::regexp::species_getter,
    RegExpPrototypeCompile => builtins::regexp::compile,
    RegExpPrototypeExec => builtins::regexp::exec,
    RegExpPrototypeTest => builtins::regexp::test,
    RegExpPrototypeToString => builtins::regexp::to_string,
    RegExpPrototypeDotAll => builtins::regexp::get_dot_all,
    RegExpPrototypeFlags => builtins::regexp::get_flags,
    RegExpPrototypeGlobal => builtins::regexp::get_global,
    RegExpPrototypeHasIndices => builtins::regexp::get_has_indices,
    RegExpPrototypeIgnoreCase => builtins::regexp::get_ignore_case,
    RegExpPrototypeMultiline => builtins::regexp::get_multiline,
    RegExpPrototypeSource => builtins::regexp::get_source,
    RegExpPrototypeSticky => builtins::regexp::get_sticky,
    RegExpPrototypeUnicode => builtins::regexp::get_unicode,
    RegExpPrototypeUnicodeSets => builtins::regexp::get_unicode_sets,
    RegExpPrototypeMatch => builtins::regexp::symbol_match,
    RegExpPrototypeMatchAll => builtins::regexp::symbol_match_all,
    RegExpPrototypeReplace => builtins::regexp::symbol_replace,
    RegExpPrototypeSearch => builtins::regexp::symbol_search,
    RegExpPrototypeSplit => builtins::regexp::symbol_split,
    RegExpStringIteratorPrototypeNext => builtins::regexp::string_iterator_next,
    // --- global functions -----------------------------------------------------------------
    Eval => builtins::global::eval,
    ParseInt => builtins::global::parse_int,
    ParseFloat => builtins::global::parse_float,
    IsNaN => builtins::global::is_nan,
    IsFinite => builtins::global::is_finite,
    // --- promise --------------------------------------------------------------------------
    Promise => builtins::promise::constructor,
    PromiseAll => builtins::promise::all,
    PromiseAllSettled => builtins::promise::all_settled,
    PromiseAny => builtins::promise::any,
    PromiseRace => builtins::promise::race,
    PromiseReject => builtins::promise::reject,
    PromiseResolve => builtins::promise::resolve,
    PromiseTry => builtins::promise::try_,
    PromiseWithResolvers => builtins::promise::with_resolvers,
    PromiseSpeciesGetter => builtins::promise::species_getter,
    PromisePrototypeCatch => builtins::promise::catch,
    PromisePrototypeFinally => builtins::promise::finally,
    PromisePrototypeThen => builtins::promise::then,
    PromiseResolveFunction => builtins::promise::resolve_function,
    PromiseRejectFunction => builtins::promise::reject_function,
    PromiseCapabilityExecutor => builtins::promise::capability_executor,
    PromiseReactionJob => builtins::promise::reaction_job,
    PromiseResolveThenableJob => builtins::promise::resolve_thenable_job,
    PromiseThenFinally => builtins::promise::then_finally,
    PromiseCatchFinally => builtins::promise::catch_finally,
    PromiseValueThunk => builtins::promise::value_thunk,
    PromiseThrower => builtins::promise::thrower,
    PromiseAllResolveElement => builtins::promise::all_resolve_element,
    PromiseAllSettledResolveElement => builtins::promise::all_settled_resolve_element,
    PromiseAllSettledRejectElement => builtins::promise::all_settled_reject_element,
    PromiseAnyRejectElement => builtins::promise::any_reject_element,
    // --- generator ------------------------------------------------------------------------
    GeneratorFunction => builtins::generator::generator_function,
    AsyncGeneratorFunction => builtins::generator::async_generator_function,
    AsyncFunction => builtins::generator::async_function,
    GeneratorPrototypeNext => builtins::generator::next,
    GeneratorPrototypeReturn => builtins::generator::return_,
    GeneratorPrototypeThrow => builtins::generator::throw,
    AwaitFulfilled => builtins::generator::await_fulfilled,
    AwaitRejected => builtins::generator::await_rejected,
    AsyncGeneratorPrototypeNext => builtins::async_generator::next,
    AsyncGeneratorPrototypeReturn => builtins::async_generator::return_,
    AsyncGeneratorPrototypeThrow => builtins::async_generator::throw,
    AsyncGeneratorReturnFulfilled => builtins::async_generator::return_fulfilled,
    AsyncGeneratorReturnRejected => builtins::async_generator::return_rejected,
    AsyncFromSyncIteratorNext => builtins::async_iterator::next,
    AsyncFromSyncIteratorReturn => builtins::async_iterator::return_,
    AsyncFromSyncIteratorThrow => builtins::async_iterator::throw,
    AsyncFromSyncUnwrap => builtins::async_iterator::unwrap,
    AsyncFromSyncClose => builtins::async_iterator::close,
    // --- host -----------------------------------------------------------------------------
    Print => host::print,
    ConsoleLog => host::print,
    Test262CreateRealm => host::create_realm_262,
    Test262EvalScript => host::eval_script_262,
    Test262DetachArrayBuffer => host::detach_array_buffer_262,
    Test262Gc => host::gc_262,
    Test262IsHtmlDda => host::is_html_dda_call,
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
