//! `new Compartment(...)`: many globals over one set of intrinsics.
//! Behaviour reference: REALMS-DESIGN.md C.1, C.4, C.5.
//!
//! A compartment is a realm record that shares every intrinsic of its realm
//! (`Vm::new_compartment_record`): its own global object and global environment, its own
//! `eval`, `Function` and `Compartment` (natives whose [[Realm]] is the compartment's record, so
//! code they compile closes over the compartment's global, and direct eval works against the
//! compartment's own `eval`), and strict code only. Every other intrinsic is the realm's, so
//! `[] instanceof Array` holds across compartments and, after `lockdown()`, sharing them carries
//! no authority. Functions keep the record they were made in: a start-compartment function
//! endowed into a compartment still sees the start global, and the reverse.
//!
//! Module loading (`modules`, the hooks, `import`, `importNow`, `load`, `module`,
//! `ModuleSource`) is in `compartment_modules.rs`.

use crate::lockdown::{is_locked_down, shared_date_and_math};
use amber_heap::{attrs, Handle, HostData, Object, ObjectKind, Property, PropertyKey, Value};
use amber_vm::builtins::{self, native_function};
use amber_vm::extension::Extension;
use amber_vm::natives::NativeId;
use amber_vm::{interp, ops, Args, ErrorKind, Intrinsic, JsResult, Realm, Vm};

amber_vm::extension_natives! {
    pub enum Native {
        Compartment => constructor,
        GlobalThis => global_this,
        Name => name,
        Evaluate => evaluate,
        Import => crate::compartment_modules::import,
        ImportNow => crate::compartment_modules::import_now,
        Load => crate::compartment_modules::load,
        Module => crate::compartment_modules::module_namespace,
        ImportHookFulfilled => crate::compartment_modules::import_hook_fulfilled,
        ImportHookRejected => crate::compartment_modules::import_hook_rejected,
        ImportEvaluated => crate::compartment_modules::import_evaluated,
        ModuleSource => crate::compartment_modules::module_source_constructor,
        ModuleSourceImports => crate::compartment_modules::module_source_imports,
        ModuleSourceExports => crate::compartment_modules::module_source_exports,
        ModuleSourceReexports => crate::compartment_modules::module_source_reexports,
        ImportLinkAndEvaluate => crate::compartment_modules::import_link_and_evaluate,
        VirtualComplete => crate::compartment_modules::virtual_complete,
        VirtualSeal => crate::compartment_modules::virtual_seal,
    }
}

/// The Compartment extension: `%Compartment%` and `%Compartment.prototype%` in every realm.
pub static EXTENSION: Extension = Extension {
    name: "amber.Compartment",
    natives: Native::TABLE,
    realm_slots: &[
        "%Compartment.prototype%",
        "[[CompartmentLoader]]",
        "%ModuleSource.prototype%",
    ],
    init_realm,
    ensure_can_compile_strings: None,
    import_in_compartment: Some(crate::compartment_modules::import_in_compartment),
    finalize_import_meta: Some(crate::compartment_modules::finalize_import_meta),
    hides_error_stacks: None,
};

const PROTOTYPE: usize = 0;
/// A compartment record's loader state (`compartment_modules.rs`).
pub(crate) const LOADER: usize = 1;
/// `%ModuleSource.prototype%`.
pub(crate) const MODULE_SOURCE: usize = 2;

/// The loader state of a compartment record (`undefined` for a realm).
pub(crate) fn loader_state_of(vm: &Vm, record: Handle<Realm>) -> Value {
    vm.extension_slot(record, &EXTENSION, LOADER)
}

fn id(vm: &Vm, n: Native) -> amber_vm::natives::NativeRef {
    vm.extension_native(&EXTENSION, n as u32)
}

fn init_realm(vm: &mut Vm) {
    let proto = builtins::ordinary(vm, Intrinsic::ObjectPrototype);
    vm.set_extension_slot(&EXTENSION, PROTOTYPE, Value::Object(proto));
    let ctor = id(vm, Native::Compartment);
    builtins::constructor(vm, ctor, "Compartment", 0, proto);
    for (name, native) in [("globalThis", Native::GlobalThis), ("name", Native::Name)] {
        let getter = id(vm, native);
        let f = native_function(vm, getter, &format!("get {name}"), 0, false);
        let key = vm.key(name);
        amber_vm::object::add_property(
            vm,
            proto,
            Property {
                key,
                value: Value::Object(f),
                setter: Value::Undefined,
                flags: attrs::CONFIGURABLE | attrs::ACCESSOR,
            },
        );
    }
    let evaluate = id(vm, Native::Evaluate);
    builtins::method(vm, proto, "evaluate", evaluate, 1);
    for (name, native) in [
        ("import", Native::Import),
        ("importNow", Native::ImportNow),
        ("load", Native::Load),
        ("module", Native::Module),
    ] {
        let f = id(vm, native);
        builtins::method(vm, proto, name, f, 1);
    }
    builtins::iterators::tag(vm, proto, "Compartment");
    crate::compartment_modules::init_module_source(vm);
}

/// The option names that select the options-bag form when the bag is the only argument
/// (C.4 DECISION).
const BAG_KEYS: &[&str] = &[
    "globals",
    "modules",
    "resolveHook",
    "importHook",
    "importNowHook",
    "loadHook",
    "loadNowHook",
    "moduleMapHook",
    "importMetaHook",
    "name",
    "globalLexicals",
];

/// Does `o` have an own property `name`? (Proxies' traps run, as for any reflection.)
fn has_own(vm: &mut Vm, o: Handle<Object>, name: &str) -> JsResult<bool> {
    let key = vm.key(name);
    ops::has_own_property(vm, o, key)
}

/// `new Compartment(options)` or the legacy `new Compartment(globals, modules, options)`.
fn constructor(vm: &mut Vm, args: Args) -> JsResult {
    let nt = args.new_target(vm);
    let Value::Object(c) = nt else {
        return Err(vm.type_error("Constructor Compartment requires 'new'"));
    };
    // Which form? (C.4 DECISION)
    let first = args.get(vm, 0);
    let mut bag = false;
    if let Value::Object(o) = first {
        let key = vm.key("__options__");
        if ops::has_own_property(vm, o, key)? {
            let Value::Object(o) = args.get(vm, 0) else {
                unreachable!()
            };
            bag = ops::get(vm, o, key)? == Value::Boolean(true);
        }
        if !bag && args.len() == 1 {
            for name in BAG_KEYS {
                let Value::Object(o) = args.get(vm, 0) else {
                    unreachable!()
                };
                if has_own(vm, o, name)? {
                    bag = true;
                    break;
                }
            }
        }
    }
    // Read the options: (globals, globalLexicals, name); the module options are read by
    // `compartment_modules::create_loader_state` below.
    let (options, globals, modules) = if bag {
        (args.get(vm, 0), Value::Undefined, Value::Undefined)
    } else {
        (args.get(vm, 2), args.get(vm, 0), args.get(vm, 1))
    };
    let base = vm.roots.len();
    let options_slot = vm.root(options);
    let globals_slot = vm.root(globals);
    let lexicals_slot = vm.root(Value::Undefined);
    let name_slot = vm.root(Value::Undefined);
    let modules_slot = vm.root(modules);
    if let Value::Object(_) = options {
        for (name, slot) in [
            ("globals", globals_slot),
            ("globalLexicals", lexicals_slot),
            ("name", name_slot),
        ] {
            if name == "globals" && !bag {
                continue;
            }
            let Value::Object(o) = vm.rooted(options_slot) else {
                unreachable!()
            };
            let v = ops::get_str(vm, o, name)?;
            vm.roots[slot] = v;
        }
    } else if !options.is_undefined() {
        return Err(vm.type_error("Compartment: options must be an object"));
    }
    let name = match vm.rooted(name_slot) {
        Value::Undefined => vm.string_from("<unknown>"),
        v => Value::String(ops::to_string(vm, v)?),
    };
    vm.roots[name_slot] = name;
    // OrdinaryCreateFromConstructor(newTarget, %Compartment.prototype%).
    let proto = match ops::get_str(vm, c, "prototype")? {
        Value::Object(p) => p,
        _ => {
            let Value::Object(c) = args.new_target(vm) else {
                unreachable!()
            };
            let realm = ops::get_function_realm(vm, c)?;
            match vm.extension_slot(realm, &EXTENSION, PROTOTYPE) {
                Value::Object(p) => p,
                _ => vm.realm_intrinsic(realm, Intrinsic::ObjectPrototype),
            }
        }
    };
    let proto_slot = vm.root(Value::Object(proto));
    // The compartment's record, over the intrinsics of the realm of this constructor.
    let current = vm.current_realm();
    let record = vm.new_compartment_record(current);
    let record_slot = vm.root_realm(record);
    populate_global(vm, record)?;
    // The module options (C.4): `modules` and the hooks.
    let (options, modules) = (vm.rooted(options_slot), vm.rooted(modules_slot));
    let record = vm.rooted_realm(record_slot);
    crate::compartment_modules::create_loader_state(vm, record, options, modules)?;
    // globalLexicals: `let` for writable properties, `const` otherwise.
    if let Value::Object(lex) = vm.rooted(lexicals_slot) {
        define_global_lexicals(vm, lex, record_slot)?;
    }
    // globals: Object.assign semantics onto the new global.
    if let Value::Object(g) = vm.rooted(globals_slot) {
        let record = vm.rooted_realm(record_slot);
        let global = vm.heap.get(record).global_object;
        let target = vm.root(Value::Object(global));
        // The entries are rooted: a setter inherited by the global may run code.
        let entries = builtins::object::enumerable_own_key_values(vm, g)?;
        let first = vm.roots.len();
        for &(k, v) in &entries {
            vm.root(k);
            vm.root(v);
        }
        for i in 0..entries.len() {
            let Value::Object(global) = vm.rooted(target) else {
                unreachable!()
            };
            let key = ops::to_property_key(vm, vm.rooted(first + 2 * i))?;
            let value = vm.rooted(first + 2 * i + 1);
            ops::set(vm, global, key, value, true)?;
        }
    }
    let Value::Object(proto) = vm.rooted(proto_slot) else {
        unreachable!()
    };
    let brand = id(vm, Native::Compartment).0;
    let record = vm.rooted_realm(record_slot);
    let o = vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::Host(Box::new(HostData {
            brand,
            realm: Some(record),
            slots: vec![vm.rooted(name_slot)],
        })),
    ));
    crate::compartment_modules::set_loader_compartment(vm, record, o);
    vm.unroot(base);
    Ok(Value::Object(o))
}

/// The new global's contents (C.4): the constants, the realm's standard globals (after
/// lockdown: the shared Date and Math, and nothing that observes GC or time), then its own
/// `globalThis`, `eval`, `Function` and `Compartment`.
fn populate_global(vm: &mut Vm, record: Handle<Realm>) -> JsResult<()> {
    let root = vm.root_realm_of(record);
    let locked = is_locked_down(vm, root);
    let (shared_date, shared_math) = shared_date_and_math(vm, root);
    let names = vm.standard_global_names();
    let root_global = vm.heap.get(root).global_object;
    let global = vm.heap.get(record).global_object;
    for key in names {
        let shown = ops::display_key(vm, key);
        let value = match shown.as_str() {
            "globalThis" | "eval" | "Function" | "Compartment" => continue,
            // Powers a locked-down compartment must not have: observing collection, shared
            // memory timers, and ShadowRealm (every new realm brings its own clock and
            // randomness, which would undo the shared Date and Math; realm snapshots' instances
            // too).
            "WeakRef"
            | "FinalizationRegistry"
            | "SharedArrayBuffer"
            | "Atomics"
            | "ShadowRealm"
            | "RealmBuilder"
            | "RealmSnapshot"
                if locked =>
            {
                continue
            }
            "Date" if locked => shared_date,
            "Math" if locked => shared_math,
            _ => match vm.heap.get_property(root_global, key) {
                Some(p) if !p.is_accessor() => p.value,
                _ => continue,
            },
        };
        let flags = match shown.as_str() {
            "NaN" | "Infinity" | "undefined" => 0,
            _ => attrs::HIDDEN,
        };
        builtins::add(vm, global, key, value, flags);
    }
    // Its own evaluators, made in its record (so they compile for its global), each frozen.
    let gt = vm.key("globalThis");
    builtins::add(vm, global, gt, Value::Object(global), attrs::HIDDEN);
    let ctor = id(vm, Native::Compartment);
    let compartment_proto = vm.extension_slot(root, &EXTENSION, PROTOTYPE);
    let function_proto = vm.realm_intrinsic(root, Intrinsic::FunctionPrototype);
    let (eval, function, compartment) = interp::in_realm(vm, record, |vm| {
        let eval = native_function(vm, NativeId::Eval, "eval", 1, false);
        let function = native_function(vm, NativeId::Function, "Function", 1, true);
        let pk = vm.key("prototype");
        builtins::add(vm, function, pk, Value::Object(function_proto), 0);
        let compartment = native_function(vm, ctor, "Compartment", 0, true);
        builtins::add(vm, compartment, pk, compartment_proto, 0);
        (eval, function, compartment)
    });
    vm.heap.get_mut(record).intrinsics[Intrinsic::Eval as usize] = eval;
    for (name, f) in [
        ("eval", eval),
        ("Function", function),
        ("Compartment", compartment),
    ] {
        builtins::put(vm, global, name, Value::Object(f), attrs::HIDDEN);
        // Frozen by hand: harden would also freeze the shared Function.prototype.
        vm.heap.get_mut(f).extensible = false;
        vm.heap
            .map_property_flags(f, |flags| flags & !(attrs::WRITABLE | attrs::CONFIGURABLE));
    }
    Ok(())
}

/// Seeds the compartment's global declarative record from `lex`'s own enumerable properties.
fn define_global_lexicals(vm: &mut Vm, lex: Handle<Object>, record_slot: usize) -> JsResult<()> {
    let lex_slot = vm.root(Value::Object(lex));
    let entries = builtins::object::enumerable_own_key_values(vm, lex)?;
    let first = vm.roots.len();
    for &(k, v) in &entries {
        vm.root(k);
        vm.root(v);
    }
    for i in 0..entries.len() {
        let Value::Object(lex) = vm.rooted(lex_slot) else {
            unreachable!()
        };
        let key = ops::to_property_key(vm, vm.rooted(first + 2 * i))?;
        let PropertyKey::String(_) = key else {
            continue;
        };
        let writable = match amber_vm::object::get_own_property(vm, lex, key)? {
            Some(d) => d.writable != Some(false) && d.set.is_none(),
            None => true,
        };
        let record = vm.rooted_realm(record_slot);
        let lexicals = vm.heap.get(record).global_lexicals;
        let key = ops::to_property_key(vm, vm.rooted(first + 2 * i))?;
        let value = vm.rooted(first + 2 * i + 1);
        vm.heap.push_property(
            lexicals,
            Property {
                key,
                value,
                setter: Value::Undefined,
                flags: if writable { attrs::WRITABLE } else { 0 },
            },
        );
    }
    Ok(())
}

/// The [[Compartment]] record of a Compartment object, or a TypeError.
pub(crate) fn this_compartment(vm: &mut Vm, this: Value, method: &str) -> JsResult<Handle<Realm>> {
    this_record(vm, this, method)
}

/// The [[Compartment]] record of a Compartment object, or a TypeError.
fn this_record(vm: &mut Vm, this: Value, method: &str) -> JsResult<Handle<Realm>> {
    let brand = id(vm, Native::Compartment).0;
    if let Value::Object(o) = this {
        if let ObjectKind::Host(h) = &vm.heap.get(o).kind {
            if let (true, Some(r)) = (h.brand == brand, h.realm) {
                return Ok(r);
            }
        }
    }
    Err(vm.type_error(format!(
        "Compartment.prototype.{method} called on an object that is not a Compartment"
    )))
}

/// `get Compartment.prototype.globalThis`.
fn global_this(vm: &mut Vm, args: Args) -> JsResult {
    let r = this_record(vm, args.this(vm), "globalThis")?;
    Ok(Value::Object(vm.heap.get(r).global_object))
}

/// `get Compartment.prototype.name`.
fn name(vm: &mut Vm, args: Args) -> JsResult {
    this_record(vm, args.this(vm), "name")?;
    let Value::Object(o) = args.this(vm) else {
        unreachable!()
    };
    Ok(match &vm.heap.get(o).kind {
        ObjectKind::Host(h) => h.slots.first().copied().unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    })
}

/// `Compartment.prototype.evaluate(source, options?)`: a strict indirect eval in the
/// compartment (C.5): `this` is its global, top-level declarations stay local to the call,
/// assigning an undeclared name is a ReferenceError.
fn evaluate(vm: &mut Vm, args: Args) -> JsResult {
    let record = this_record(vm, args.this(vm), "evaluate")?;
    let Value::String(s) = args.get(vm, 0) else {
        return Err(vm.type_error("Compartment.prototype.evaluate: the source must be a string"));
    };
    vm.host_ensure_can_compile_strings(record)?;
    let source = vm.rust_string(s);
    let script = match Vm::compile_global_eval(&source, true) {
        Ok(s) => s,
        Err(message) => return Err(vm.throw_error(ErrorKind::SyntaxError, message)),
    };
    let record = this_record(vm, args.this(vm), "evaluate")?;
    vm.run_in_realm(record, &script)
}
