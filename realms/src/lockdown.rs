//! `lockdown(options?)` and the `harden` global: hardened JavaScript built into the engine.
//! Behaviour reference: REALMS-DESIGN.md C.2 and C.3 (SES `lockdown.md` for the options).
//!
//! Both are globals of every realm from its creation. `lockdown` acts on the realm of the
//! `lockdown` function itself, once: it validates every option before changing anything, makes
//! the repairs (inert Function-family constructors, `%SharedDate%`/`%SharedMath%`, the
//! override-mistake accessors, `RegExp.prototype.compile` removed, the eval policy), then
//! hardens every intrinsic and standard global. `harden` throws a TypeError until its realm is
//! locked down (the XS DECISION of C.3).

use crate::harden::harden;
use amber_heap::{attrs, Handle, Object, ObjectKind, Property, PropertyKey, Value};
use amber_vm::builtins::{self, native_function};
use amber_vm::extension::Extension;
use amber_vm::object::PropertyDescriptor;
use amber_vm::realm::WellKnown;
use amber_vm::{ops, Args, Intrinsic, JsResult, Realm, Vm};

amber_vm::extension_natives! {
    pub enum Native {
        Lockdown => lockdown,
        Harden => harden_native,
        InertFunction => inert_function,
        OverrideGetter => override_getter,
        OverrideSetter => override_setter,
        SharedDate => shared_date,
        SharedDateNow => shared_date_now,
        SharedMathRandom => shared_math_random,
    }
}

/// The lockdown extension: `lockdown` and `harden` in every realm.
pub static EXTENSION: Extension = Extension {
    name: "amber.lockdown",
    natives: Native::TABLE,
    realm_slots: &[
        "[[LockdownState]]",
        "%SharedDate%",
        "%SharedMath%",
        "[[NoEval]]",
        "[[ErrorTamingSafe]]",
    ],
    init_realm,
    ensure_can_compile_strings: Some(ensure_can_compile_strings),
    import_in_compartment: None,
    finalize_import_meta: None,
    hides_error_stacks: Some(hides_error_stacks),
};

const STATE: usize = 0;
const SHARED_DATE: usize = 1;
const SHARED_MATH: usize = 2;
const NO_EVAL: usize = 3;
const ERROR_TAMING_SAFE: usize = 4;

/// C.2.6 `errorTaming: 'safe'` (the default): after lockdown, the start compartment's code too
/// reads `stack` without frames (SES: "the stack trace inaccessible from error instances
/// alone"); the host console still prints them. `'unsafe'` and `'unsafe-debug'` leave the
/// start compartment its frames. Compartments never see frames.
fn hides_error_stacks(vm: &Vm, realm: Handle<Realm>) -> bool {
    vm.extension_slot(realm, &EXTENSION, ERROR_TAMING_SAFE) == Value::Boolean(true)
}

fn id(vm: &Vm, n: Native) -> amber_vm::natives::NativeRef {
    vm.extension_native(&EXTENSION, n as u32)
}

fn init_realm(vm: &mut Vm) {
    let lockdown = id(vm, Native::Lockdown);
    let f = native_function(vm, lockdown, "lockdown", 0, false);
    builtins::global(vm, "lockdown", Value::Object(f));
    let harden = id(vm, Native::Harden);
    let f = native_function(vm, harden, "harden", 1, false);
    builtins::global(vm, "harden", Value::Object(f));
}

/// Has `realm` been locked down?
pub fn is_locked_down(vm: &Vm, realm: Handle<Realm>) -> bool {
    // A compartment is locked down with its realm.
    let realm = vm.root_realm_of(realm);
    vm.extension_slot(realm, &EXTENSION, STATE) == Value::Boolean(true)
}

/// HostEnsureCanCompileStrings for a realm locked down with `evalTaming: 'no-eval'`.
fn ensure_can_compile_strings(vm: &mut Vm, realm: Handle<Realm>) -> JsResult<()> {
    // 'no-eval' only affects the start compartment (the realm's own record).
    if vm.heap.get(realm).parent.is_none()
        && vm.extension_slot(realm, &EXTENSION, NO_EVAL) == Value::Boolean(true)
    {
        return Err(vm.type_error(
            "secure mode: eval and Function are disabled (lockdown evalTaming 'no-eval')",
        ));
    }
    Ok(())
}

/// `harden(value)`: TypeError before lockdown; returns `value`.
fn harden_native(vm: &mut Vm, args: Args) -> JsResult {
    let realm = vm.current_realm();
    if !is_locked_down(vm, realm) {
        return Err(vm.type_error("harden: call lockdown() first"));
    }
    harden(vm, args.get(vm, 0))?;
    Ok(args.get(vm, 0))
}

// --- options ------------------------------------------------------------------------------

/// The validated options of one `lockdown` call (only those that change what Amber does are
/// kept; the others are validated and accepted, as SES documents them).
struct Options {
    regexp_safe: bool,
    override_level: OverrideLevel,
    no_eval: bool,
    error_safe: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum OverrideLevel {
    Min,
    Moderate,
    Severe,
}

/// Every option SES documents, with its allowed values (`None`: a list of property names).
const OPTIONS: &[(&str, Option<&[&str]>)] = &[
    ("regExpTaming", Some(&["safe", "unsafe"])),
    ("localeTaming", Some(&["safe", "unsafe"])),
    ("consoleTaming", Some(&["safe", "unsafe"])),
    ("errorTaming", Some(&["safe", "unsafe", "unsafe-debug"])),
    (
        "errorTrapping",
        Some(&["platform", "exit", "abort", "report", "none"]),
    ),
    ("reporting", Some(&["platform", "console", "none"])),
    ("unhandledRejectionTrapping", Some(&["report", "none"])),
    (
        "evalTaming",
        Some(&[
            "safe-eval",
            "unsafe-eval",
            "no-eval",
            "safeEval",
            "unsafeEval",
            "noEval",
        ]),
    ),
    (
        "stackFiltering",
        Some(&["concise", "omit-frames", "shorten-paths", "verbose"]),
    ),
    ("overrideTaming", Some(&["moderate", "min", "severe"])),
    ("overrideDebug", None),
    ("domainTaming", Some(&["safe", "unsafe"])),
    (
        "legacyRegeneratorRuntimeTaming",
        Some(&["safe", "unsafe-ignore"]),
    ),
    ("__hardenTaming__", Some(&["safe", "unsafe"])),
    ("mathTaming", Some(&["safe", "unsafe"])),
    ("dateTaming", Some(&["safe", "unsafe"])),
];

/// Reads and validates the options bag: an unknown option or value is a TypeError, before
/// any effect (C.2.9). Reading runs getters on the bag, as SES's destructuring does.
fn read_options(vm: &mut Vm, bag: Value) -> JsResult<Options> {
    let mut options = Options {
        regexp_safe: true,
        override_level: OverrideLevel::Moderate,
        no_eval: false,
        error_safe: true,
    };
    let o = match bag {
        Value::Undefined => return Ok(options),
        Value::Object(o) => o,
        _ => return Err(vm.type_error("lockdown: options must be an object")),
    };
    let slot = vm.root(Value::Object(o));
    let keys = amber_vm::object::own_property_keys(vm, o)?;
    for key in keys {
        let shown = ops::display_key(vm, key);
        if !OPTIONS.iter().any(|(name, _)| *name == shown) {
            return Err(vm.type_error(format!("lockdown: unrecognized option '{shown}'")));
        }
    }
    for &(name, allowed) in OPTIONS {
        let Value::Object(o) = vm.rooted(slot) else {
            unreachable!()
        };
        let v = ops::get_str(vm, o, name)?;
        if v.is_undefined() {
            continue;
        }
        let Some(allowed) = allowed else {
            // overrideDebug: an array of property names.
            let list = ops::create_list_from_array_like(vm, v)?;
            if list.iter().any(|v| !matches!(v, Value::String(_))) {
                return Err(vm.type_error("lockdown: overrideDebug must be an array of strings"));
            }
            continue;
        };
        let text = match v {
            Value::String(s) => vm.rust_string(s),
            _ => String::new(),
        };
        if !allowed.contains(&text.as_str()) {
            let shown = vm.display(v);
            return Err(vm.type_error(format!(
                "lockdown: unrecognized {name} {shown} (expected one of {})",
                allowed.join(", ")
            )));
        }
        match name {
            "regExpTaming" => options.regexp_safe = text == "safe",
            "evalTaming" => options.no_eval = text == "no-eval" || text == "noEval",
            "errorTaming" => options.error_safe = text == "safe",
            "overrideTaming" => {
                options.override_level = match text.as_str() {
                    "min" => OverrideLevel::Min,
                    "severe" => OverrideLevel::Severe,
                    _ => OverrideLevel::Moderate,
                }
            }
            _ => {}
        }
    }
    Ok(options)
}

// --- lockdown -------------------------------------------------------------------------------

/// `lockdown(options?)`.
fn lockdown(vm: &mut Vm, args: Args) -> JsResult {
    let realm = vm.current_realm();
    // C.2.1: once per realm.
    if is_locked_down(vm, realm) {
        return Err(vm.type_error("lockdown: this realm is already locked down"));
    }
    // C.2.9: every option is validated before any effect.
    let options = read_options(vm, args.get(vm, 0))?;
    // The repairs, then the freeze. From here on no user code runs (the realm's intrinsics are
    // still pristine or repaired by us), except proxy traps reachable from standard globals a
    // script replaced, which harden runs as it would for any proxy.
    tame_function_constructors(vm);
    if options.regexp_safe {
        let proto = vm.intrinsic(Intrinsic::RegExpPrototype);
        let key = vm.key("compile");
        amber_vm::object::delete(vm, proto, key)?;
    }
    tame_date_and_math(vm);
    enable_property_overrides(vm, options.override_level);
    let realm = vm.current_realm();
    if options.no_eval {
        vm.set_extension_slot(&EXTENSION, NO_EVAL, Value::Boolean(true));
    }
    // C.2.7 localeTaming: Amber has no locale data; every `toLocale*` method and
    // `localeCompare` already behaves as its locale-independent version (code-unit order,
    // `toString`, `toLowerCase`, ...), so 'safe' and 'unsafe' need no repair.
    harden_intrinsics(vm, realm)?;
    if options.error_safe {
        vm.set_extension_slot(&EXTENSION, ERROR_TAMING_SAFE, Value::Boolean(true));
    }
    vm.set_extension_slot(&EXTENSION, STATE, Value::Boolean(true));
    Ok(Value::Undefined)
}

/// C.2.2: hardens every intrinsic (the realm's table and every extension's slots) and every
/// standard global of the realm's global object: the globals a pristine realm has (read from a
/// fresh realm record), with their current values. The global object itself stays extensible
/// and writable.
fn harden_intrinsics(vm: &mut Vm, realm: Handle<Realm>) -> JsResult<()> {
    let realm_slot = vm.root_realm(realm);
    let base = vm.roots.len();
    // The intrinsics, in a root array.
    let list = vm.heap.alloc(Object::new(None, ObjectKind::Ordinary));
    vm.root(Value::Object(list));
    let r = vm.heap.get(realm);
    let mut values: Vec<Value> = r.intrinsics.iter().map(|&o| Value::Object(o)).collect();
    values.extend(r.extensions.iter().copied());
    // The standard global names: those of a pristine realm's global.
    let names = vm.standard_global_names();
    let realm = vm.rooted_realm(realm_slot);
    let global = vm.heap.get(realm).global_object;
    for key in names {
        if let Some(p) = vm.heap.get_property(global, key) {
            // `globalThis`: the global object itself stays extensible and writable.
            if p.value == Value::Object(global) {
                continue;
            }
            values.push(p.value);
            if p.is_accessor() {
                values.push(p.setter);
            }
        }
    }
    vm.heap.get_mut(list).elements = values.into();
    // One harden over the list object, which is then discarded: its elements are the roots of
    // the walk (the list itself is frozen and marked too, harmlessly).
    let r = harden(vm, Value::Object(list));
    vm.unroot(base);
    r
}

/// C.2.3: `constructor` of %Function.prototype% and of the generator, async and async
/// generator function prototypes becomes an inert function whose `prototype` is that
/// prototype, so `f instanceof Function` still works but no constructor chain reaches an
/// evaluator. The global `Function` of the realm keeps working.
fn tame_function_constructors(vm: &mut Vm) {
    for (proto, name) in [
        (Intrinsic::FunctionPrototype, "Function"),
        (Intrinsic::GeneratorFunctionPrototype, "GeneratorFunction"),
        (Intrinsic::AsyncFunctionPrototype, "AsyncFunction"),
        (
            Intrinsic::AsyncGeneratorFunctionPrototype,
            "AsyncGeneratorFunction",
        ),
    ] {
        let inert_id = id(vm, Native::InertFunction);
        let inert = native_function(vm, inert_id, name, 1, true);
        let p = vm.intrinsic(proto);
        let key = vm.key("prototype");
        builtins::add(vm, inert, key, Value::Object(p), 0);
        builtins::put(
            vm,
            p,
            "constructor",
            Value::Object(inert),
            attrs::CONFIGURABLE,
        );
    }
}

/// The inert constructors: throw when called or constructed.
fn inert_function(vm: &mut Vm, _: Args) -> JsResult {
    Err(vm.type_error(
        "secure mode: not a valid constructor (use the global Function or eval of a compartment)",
    ))
}

/// C.2.4: makes `%SharedDate%` (no clock: `Date()`, `new Date()` and `Date.now()` throw) and
/// `%SharedMath%` (`random` throws). `Date.prototype.constructor` becomes `%SharedDate%`
/// everywhere; the global `Date` and `Math` of the realm (the start compartment) keep their
/// powers. Compartments get the shared ones.
fn tame_date_and_math(vm: &mut Vm) {
    let date = vm.intrinsic(Intrinsic::Date);
    let date_proto = vm.intrinsic(Intrinsic::DatePrototype);
    let ctor_id = id(vm, Native::SharedDate);
    let shared = native_function(vm, ctor_id, "Date", 7, true);
    let key = vm.key("prototype");
    builtins::add(vm, shared, key, Value::Object(date_proto), 0);
    let now_id = id(vm, Native::SharedDateNow);
    builtins::method(vm, shared, "now", now_id, 0);
    for name in ["parse", "UTC"] {
        let key = vm.key(name);
        if let Some(p) = vm.heap.get_property(date, key) {
            builtins::put(vm, shared, name, p.value, attrs::HIDDEN);
        }
    }
    builtins::put(
        vm,
        date_proto,
        "constructor",
        Value::Object(shared),
        attrs::HIDDEN,
    );
    vm.set_extension_slot(&EXTENSION, SHARED_DATE, Value::Object(shared));

    let math = vm.intrinsic(Intrinsic::Math);
    let shared_math = builtins::ordinary(vm, Intrinsic::ObjectPrototype);
    let props: Vec<Property> = vm.heap.properties(math);
    for p in props {
        amber_vm::object::add_property(vm, shared_math, p);
    }
    let random_id = id(vm, Native::SharedMathRandom);
    builtins::method(vm, shared_math, "random", random_id, 0);
    vm.set_extension_slot(&EXTENSION, SHARED_MATH, Value::Object(shared_math));
}

/// `%SharedDate%(...)`: `new` with arguments constructs a Date; every clock read throws.
fn shared_date(vm: &mut Vm, args: Args) -> JsResult {
    let nt = args.new_target(vm);
    if nt.is_undefined() {
        return Err(vm.type_error("secure mode: calling Date as a function reads the clock"));
    }
    if args.is_empty() {
        return Err(vm.type_error("secure mode: new Date() with no arguments reads the clock"));
    }
    let date = Value::Object(vm.intrinsic(Intrinsic::Date));
    let list = args.to_vec(vm);
    ops::construct(vm, date, &list, Some(nt))
}

fn shared_date_now(vm: &mut Vm, _: Args) -> JsResult {
    Err(vm.type_error("secure mode: Date.now() reads the clock"))
}

fn shared_math_random(vm: &mut Vm, _: Args) -> JsResult {
    Err(vm.type_error("secure mode: Math.random() is not available"))
}

/// The shared `Date` and `Math` of a locked-down realm (for compartments), if any.
pub fn shared_date_and_math(vm: &Vm, realm: Handle<Realm>) -> (Value, Value) {
    (
        vm.extension_slot(realm, &EXTENSION, SHARED_DATE),
        vm.extension_slot(realm, &EXTENSION, SHARED_MATH),
    )
}

// --- the override mistake --------------------------------------------------------------------

/// Which properties become override-tolerant accessors, per level (C.2.8; SES
/// `enablements.js`). `"*"` means every own data property; `"@@iterator"` and
/// `"@@toStringTag"` the well-known symbols.
const OVERRIDES: &[(OverrideLevel, Intrinsic, &[&str])] = &[
    (
        OverrideLevel::Min,
        Intrinsic::ObjectPrototype,
        &["toString"],
    ),
    (
        OverrideLevel::Min,
        Intrinsic::FunctionPrototype,
        &["toString"],
    ),
    (OverrideLevel::Min, Intrinsic::ErrorPrototype, &["name"]),
    (
        OverrideLevel::Min,
        Intrinsic::IteratorPrototype,
        &["toString", "constructor", "@@toStringTag"],
    ),
    (
        OverrideLevel::Moderate,
        Intrinsic::ObjectPrototype,
        &["valueOf"],
    ),
    (
        OverrideLevel::Moderate,
        Intrinsic::FunctionPrototype,
        &["constructor", "bind"],
    ),
    (
        OverrideLevel::Moderate,
        Intrinsic::ErrorPrototype,
        &["constructor", "message", "toString"],
    ),
    (
        OverrideLevel::Moderate,
        Intrinsic::IteratorPrototype,
        &["@@iterator"],
    ),
    (
        OverrideLevel::Moderate,
        Intrinsic::ArrayPrototype,
        &["toString", "push", "concat", "@@iterator"],
    ),
    (
        OverrideLevel::Moderate,
        Intrinsic::TypeErrorPrototype,
        &["constructor", "name", "message"],
    ),
    (
        OverrideLevel::Moderate,
        Intrinsic::RangeErrorPrototype,
        &["name", "message"],
    ),
    (
        OverrideLevel::Moderate,
        Intrinsic::ReferenceErrorPrototype,
        &["name", "message"],
    ),
    (
        OverrideLevel::Moderate,
        Intrinsic::SyntaxErrorPrototype,
        &["name", "message"],
    ),
    (
        OverrideLevel::Moderate,
        Intrinsic::EvalErrorPrototype,
        &["name", "message"],
    ),
    (
        OverrideLevel::Moderate,
        Intrinsic::UriErrorPrototype,
        &["name", "message"],
    ),
    (
        OverrideLevel::Moderate,
        Intrinsic::AggregateErrorPrototype,
        &["name", "message"],
    ),
    (
        OverrideLevel::Moderate,
        Intrinsic::PromisePrototype,
        &["constructor"],
    ),
    (
        OverrideLevel::Moderate,
        Intrinsic::TypedArrayPrototype,
        &["*"],
    ),
    (
        OverrideLevel::Moderate,
        Intrinsic::GeneratorFunctionPrototype,
        &["constructor", "name", "toString"],
    ),
    (OverrideLevel::Severe, Intrinsic::ObjectPrototype, &["*"]),
    (OverrideLevel::Severe, Intrinsic::MapPrototype, &["*"]),
    (OverrideLevel::Severe, Intrinsic::ArrayPrototype, &["*"]),
    (OverrideLevel::Severe, Intrinsic::FunctionPrototype, &["*"]),
];

/// Turns each listed data property into an accessor pair: the getter returns the original
/// value (and carries it as `originalValue`); the setter throws when assigning on the home
/// object itself and otherwise defines an own data property on the receiver, which is what the
/// assignment would have done had the inherited property been writable.
fn enable_property_overrides(vm: &mut Vm, level: OverrideLevel) {
    for &(at, intrinsic, names) in OVERRIDES {
        if at > level {
            continue;
        }
        let home = vm.intrinsic(intrinsic);
        let keys: Vec<PropertyKey> = if names == ["*"] {
            vm.heap
                .properties(home)
                .iter()
                .filter(|p| !p.is_accessor())
                .map(|p| p.key)
                .collect()
        } else {
            names
                .iter()
                .map(|&n| match n {
                    "@@iterator" => amber_vm::realm::symbol_key(vm, WellKnown::Iterator),
                    "@@toStringTag" => amber_vm::realm::symbol_key(vm, WellKnown::ToStringTag),
                    n => vm.key(n),
                })
                .collect()
        };
        for key in keys {
            make_override_tolerant(vm, home, key);
        }
    }
}

fn make_override_tolerant(vm: &mut Vm, home: Handle<Object>, key: PropertyKey) {
    let Some(pos) = vm.heap.find_property(home, key) else {
        return;
    };
    let p = vm.heap.property_at(home, pos);
    if p.is_accessor() {
        return;
    }
    let key_value = ops::key_to_value(vm, key);
    let name = ops::display_key(vm, key);
    let getter_id = id(vm, Native::OverrideGetter);
    let getter = native_function(vm, getter_id, &format!("get {name}"), 0, false);
    set_slots(vm, getter, vec![p.value]);
    builtins::put(vm, getter, "originalValue", p.value, 0);
    let setter_id = id(vm, Native::OverrideSetter);
    let setter = native_function(vm, setter_id, &format!("set {name}"), 1, false);
    set_slots(vm, setter, vec![Value::Object(home), key_value]);
    if let Some(pos) = vm.heap.find_property(home, key) {
        let accessor = Property {
            key,
            value: Value::Object(getter),
            setter: Value::Object(setter),
            flags: (p.flags & (attrs::ENUMERABLE | attrs::CONFIGURABLE)) | attrs::ACCESSOR,
        };
        vm.heap.set_property(home, pos, accessor);
    }
}

fn set_slots(vm: &mut Vm, f: Handle<Object>, slots: Vec<Value>) {
    if let ObjectKind::Native(n) = &mut vm.heap.get_mut(f).kind {
        n.slots = slots.into();
    }
}

fn slots(vm: &Vm, f: Handle<Object>) -> Vec<Value> {
    match &vm.heap.get(f).kind {
        ObjectKind::Native(n) => n.slots.to_vec(),
        _ => Vec::new(),
    }
}

fn override_getter(vm: &mut Vm, args: Args) -> JsResult {
    Ok(slots(vm, args.callee(vm))
        .first()
        .copied()
        .unwrap_or(Value::Undefined))
}

fn override_setter(vm: &mut Vm, args: Args) -> JsResult {
    let s = slots(vm, args.callee(vm));
    let (home, key) = (s[0], s[1]);
    let this = args.this(vm);
    let key = ops::to_property_key(vm, key)?;
    if this == home {
        let shown = ops::display_key(vm, key);
        return Err(vm.type_error(format!(
            "Cannot assign to read only property '{shown}' of a hardened intrinsic"
        )));
    }
    let Value::Object(receiver) = this else {
        return Err(vm.type_error("Cannot create property on a primitive"));
    };
    let value = args.get(vm, 0);
    if ops::has_own_property(vm, receiver, key)? {
        let Value::Object(receiver) = args.this(vm) else {
            unreachable!()
        };
        let key = ops::to_property_key(vm, s_key(vm, args))?;
        let value = args.get(vm, 0);
        ops::set(vm, receiver, key, value, true)?;
    } else {
        let Value::Object(receiver) = args.this(vm) else {
            unreachable!()
        };
        let key = ops::to_property_key(vm, s_key(vm, args))?;
        let desc = PropertyDescriptor::data(value, true, true, true);
        ops::define_property_or_throw(vm, receiver, key, desc)?;
    }
    Ok(Value::Undefined)
}

/// The setter's key, read again from its slots (a collection may have moved it).
fn s_key(vm: &Vm, args: Args) -> Value {
    slots(vm, args.callee(vm))
        .get(1)
        .copied()
        .unwrap_or(Value::Undefined)
}
