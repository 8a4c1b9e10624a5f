//! Realm snapshots: `RealmBuilder`, `RealmValue` and `RealmSnapshot`
//! (REALMS-DESIGN D.1, after <https://github.com/caridy/proposal-realms-snapshot>, kept in
//! `../shared/spec/realm-snapshot/README.md`).
//!
//! A builder is a fresh realm in its *builder phase* (the realm record's `builder` flag):
//! reading the clock or `Math.random()` there is a TypeError, so what builder code computes
//! does not depend on when it ran. `evalScript` runs a script in it now and keeps the
//! completion in a `RealmValue`.
//!
//! `RealmSnapshot.compile` captures the builder synchronously: it copies everything reachable
//! from the builder's realm and the chosen values ([`amber_heap::Heap::copy_graph`]), sharing
//! only what is immutable (strings, bigints, bytecode) or belongs to the agent (well-known and
//! registered symbols, the host's realms). The builder stays usable and later builder activity
//! cannot change the snapshot. `instantiate` copies the snapshot again, so every instance has
//! fresh identities (`h.globalThis.Array !== Array`, and two instances share nothing mutable),
//! and clears the builder phase in the copies.
//!
//! Objects: a builder, a value, a snapshot and an instance handle are ordinary objects with
//! a host slot ([`ObjectKind::Host`]) branded by one of this extension's native ids.
//! - builder: `realm` = the builder realm, `slots` = [hooks];
//! - value: `realm` = its builder's realm, `slots` = [completion is normal (Boolean), value];
//! - snapshot: `realm` = the captured realm, `slots` = the captured values, in order;
//! - instance handle: `realm` = the instance realm; its `globalThis`, `arguments` and
//!   `evaluate` are own properties.

use amber_heap::{attrs, Handle, HostData, Kind, Object, ObjectKind, Realm, Value};
use amber_vm::builtins::{self, promise};
use amber_vm::extension::Extension;
use amber_vm::{interp, ops, Args, Intrinsic, JsResult, Vm};

amber_vm::extension_natives! {
    pub enum Native {
        RealmBuilder => builder_constructor,
        EvalScript => eval_script,
        RealmValue => value_constructor,
        RealmSnapshot => snapshot_constructor,
        Compile => compile,
        Instantiate => instantiate,
        InstanceEvaluate => instance_evaluate,
        BufferFromSnapshot => buffer_from_snapshot,
        SnapshotFromBuffer => snapshot_from_buffer,
        EvalModule => eval_module,
    }
}

/// The realm-snapshot extension: `%RealmBuilder%`, `%RealmValue%`, `%RealmSnapshot%` and
/// their prototypes in every realm.
pub static EXTENSION: Extension = Extension {
    name: "amber.RealmSnapshot",
    natives: Native::TABLE,
    realm_slots: &[
        "%RealmBuilder.prototype%",
        "%RealmValue.prototype%",
        "%RealmSnapshot.prototype%",
    ],
    init_realm,
    ensure_can_compile_strings: None,
    import_in_compartment: None,
    finalize_import_meta: None,
    hides_error_stacks: None,
};

const BUILDER_PROTOTYPE: usize = 0;
const VALUE_PROTOTYPE: usize = 1;
const SNAPSHOT_PROTOTYPE: usize = 2;

fn id(vm: &Vm, n: Native) -> amber_vm::natives::NativeRef {
    vm.extension_native(&EXTENSION, n as u32)
}

fn init_realm(vm: &mut Vm) {
    let builder_proto = builtins::ordinary(vm, Intrinsic::ObjectPrototype);
    vm.set_extension_slot(&EXTENSION, BUILDER_PROTOTYPE, Value::Object(builder_proto));
    let ctor = id(vm, Native::RealmBuilder);
    builtins::constructor(vm, ctor, "RealmBuilder", 0, builder_proto);
    let eval_script = id(vm, Native::EvalScript);
    builtins::method(vm, builder_proto, "evalScript", eval_script, 1);
    let eval_module = id(vm, Native::EvalModule);
    builtins::method(vm, builder_proto, "evalModule", eval_module, 1);
    builtins::iterators::tag(vm, builder_proto, "RealmBuilder");

    let value_proto = builtins::ordinary(vm, Intrinsic::ObjectPrototype);
    vm.set_extension_slot(&EXTENSION, VALUE_PROTOTYPE, Value::Object(value_proto));
    let ctor = id(vm, Native::RealmValue);
    builtins::constructor(vm, ctor, "RealmValue", 0, value_proto);
    builtins::iterators::tag(vm, value_proto, "RealmValue");

    let snapshot_proto = builtins::ordinary(vm, Intrinsic::ObjectPrototype);
    vm.set_extension_slot(
        &EXTENSION,
        SNAPSHOT_PROTOTYPE,
        Value::Object(snapshot_proto),
    );
    let ctor = id(vm, Native::RealmSnapshot);
    let c = builtins::constructor(vm, ctor, "RealmSnapshot", 0, snapshot_proto);
    let compile = id(vm, Native::Compile);
    builtins::method(vm, c, "compile", compile, 1);
    let instantiate = id(vm, Native::Instantiate);
    builtins::method(vm, c, "instantiate", instantiate, 1);
    builtins::iterators::tag(vm, snapshot_proto, "RealmSnapshot");
}

/// The prototype in extension slot `which` of the current realm.
fn prototype(vm: &mut Vm, which: usize) -> Handle<Object> {
    let realm = vm.current_realm();
    match vm.extension_slot(realm, &EXTENSION, which) {
        Value::Object(p) => p,
        _ => vm.intrinsic(Intrinsic::ObjectPrototype),
    }
}

/// A new host object of the current realm with the given brand, realm and slots.
fn host_object(
    vm: &mut Vm,
    proto: Handle<Object>,
    brand: Native,
    realm: Handle<Realm>,
    slots: Vec<Value>,
) -> Handle<Object> {
    let brand = id(vm, brand).0;
    vm.heap.alloc(Object::new(
        Some(proto),
        ObjectKind::Host(Box::new(HostData {
            brand,
            realm: Some(realm),
            slots,
        })),
    ))
}

/// The realm and slots of `v` if it is a host object with `brand`.
fn branded(vm: &Vm, v: Value, brand: Native) -> Option<(Handle<Realm>, Vec<Value>)> {
    let brand = id(vm, brand).0;
    let Value::Object(o) = v else { return None };
    match &vm.heap.get(o).kind {
        ObjectKind::Host(h) if h.brand == brand => Some((h.realm?, h.slots.clone())),
        _ => None,
    }
}

/// `new RealmBuilder(hooks?)`: a fresh realm with the standard globals and this engine's
/// realm features, but no host APIs (`print`, `console`, `$262`), in its builder phase.
fn builder_constructor(vm: &mut Vm, args: Args) -> JsResult {
    if args.new_target(vm).is_undefined() {
        return Err(vm.type_error("Constructor RealmBuilder requires 'new'"));
    }
    let hooks = args.get(vm, 0);
    if !matches!(hooks, Value::Undefined | Value::Object(_)) {
        return Err(vm.type_error("RealmBuilder: hooks must be an object or undefined"));
    }
    let proto = prototype(vm, BUILDER_PROTOTYPE);
    let realm = vm.new_realm_record();
    vm.heap.get_mut(realm).builder = true;
    Ok(Value::Object(host_object(
        vm,
        proto,
        Native::RealmBuilder,
        realm,
        vec![hooks],
    )))
}

/// `builder.evalScript(sourceText)`: runs a Script in the builder realm now and returns a
/// `RealmValue` holding its completion: a parse error or a throw is stored, not thrown.
fn eval_script(vm: &mut Vm, args: Args) -> JsResult {
    let Some((realm, _)) = branded(vm, args.this(vm), Native::RealmBuilder) else {
        return Err(vm.type_error(
            "RealmBuilder.prototype.evalScript called on an object that is not a RealmBuilder",
        ));
    };
    let Value::String(source) = args.get(vm, 0) else {
        return Err(vm.type_error("RealmBuilder.prototype.evalScript: the source must be a string"));
    };
    let source = vm.rust_string(source);
    realm_value(vm, realm, |vm| {
        interp::eval_in_realm(vm, realm, &source, false)
    })
}

/// Runs `run` (code in the builder realm `realm`) and returns a new `RealmValue` of that
/// builder holding its completion: the value, or the thrown value. A resource limit stopping
/// the VM is not a completion: it goes on up.
fn realm_value(
    vm: &mut Vm,
    realm: Handle<Realm>,
    run: impl FnOnce(&mut Vm) -> JsResult,
) -> JsResult {
    let slot = vm.root_realm(realm);
    let (normal, value) = match run(vm) {
        Ok(v) => (true, v),
        Err(t) => {
            if vm.is_terminating() {
                vm.unroot_realms(slot);
                return Err(t);
            }
            (false, vm.take_exception())
        }
    };
    let value_slot = vm.root(value);
    let realm = vm.rooted_realm(slot);
    vm.unroot_realms(slot);
    let proto = prototype(vm, VALUE_PROTOTYPE);
    let value = vm.rooted(value_slot);
    vm.unroot(value_slot);
    Ok(Value::Object(host_object(
        vm,
        proto,
        Native::RealmValue,
        realm,
        vec![Value::Boolean(normal), value],
    )))
}

/// `builder.evalModule(specifier)`: loads the module `specifier` through the builder's
/// `importHook` (`hooks.importHook(specifier, referrer)` returns a module's source text, and
/// is asked again for each module it imports, by the specifier as written), links and
/// evaluates it in the builder realm now, and returns a `RealmValue` holding its namespace
/// object, or the error when loading, linking or evaluation failed.
fn eval_module(vm: &mut Vm, args: Args) -> JsResult {
    let Some((realm, slots)) = branded(vm, args.this(vm), Native::RealmBuilder) else {
        return Err(vm.type_error(
            "RealmBuilder.prototype.evalModule called on an object that is not a RealmBuilder",
        ));
    };
    let Value::String(specifier) = args.get(vm, 0) else {
        return Err(
            vm.type_error("RealmBuilder.prototype.evalModule: the specifier must be a string")
        );
    };
    let specifier = vm.rust_string(specifier);
    let hook = match slots.first() {
        Some(&Value::Object(hooks)) => {
            let key = vm.key("importHook");
            ops::get(vm, hooks, key)?
        }
        _ => Value::Undefined,
    };
    if !ops::is_callable(vm, hook) {
        return Err(vm.type_error(
            "RealmBuilder.prototype.evalModule: the builder has no importHook to load modules with",
        ));
    }
    realm_value(vm, realm, |vm| {
        amber_vm::module::load_with_hook(vm, realm, &specifier, hook)
    })
}

/// `RealmValue()`: values come only from `evalScript`.
fn value_constructor(vm: &mut Vm, _: Args) -> JsResult {
    Err(vm.type_error(
        "RealmValue is not a constructor: values come from RealmBuilder.prototype.evalScript",
    ))
}

/// `RealmSnapshot()`: snapshots come only from `RealmSnapshot.compile`.
fn snapshot_constructor(vm: &mut Vm, _: Args) -> JsResult {
    Err(vm.type_error(
        "RealmSnapshot is not a constructor: snapshots come from RealmSnapshot.compile",
    ))
}

/// The roots of a copy: a realm, a list of values, and pending jobs as (job, argument) pairs
/// flattened.
struct Roots {
    realm: Handle<Realm>,
    values: Vec<Value>,
    jobs: Vec<Value>,
}
amber_heap::heap_struct!(Roots {
    realm,
    values,
    jobs
});

impl Roots {
    /// A snapshot's slots: the number of values, the values, then the jobs.
    fn into_slots(self) -> (Handle<Realm>, Vec<Value>) {
        let mut slots = vec![Value::Number(self.values.len() as f64)];
        slots.extend(self.values);
        slots.extend(self.jobs);
        (self.realm, slots)
    }

    fn from_slots(realm: Handle<Realm>, slots: &[Value]) -> Roots {
        let n = match slots.first() {
            Some(Value::Number(n)) => (*n as usize).min(slots.len() - 1),
            _ => 0,
        };
        Roots {
            realm,
            values: slots[1..1 + n].to_vec(),
            jobs: slots[1 + n..].to_vec(),
        }
    }
}

/// The pending jobs of the builder's world: those made in its realm or in one of its
/// compartments, as (job, argument) pairs flattened. (Jobs of a ShadowRealm created by builder
/// code are not recognized yet: their realm record has no link to the builder.)
fn builder_jobs(vm: &Vm, realm: Handle<Realm>) -> Vec<Value> {
    let mut jobs = Vec::new();
    for &(job, argument) in &vm.agent.jobs {
        let Value::Object(f) = job else { continue };
        let ObjectKind::Native(n) = &vm.heap.get(f).kind else {
            continue;
        };
        if n.realm == realm || vm.heap.get(n.realm).parent == Some(realm) {
            jobs.extend([job, argument]);
        }
    }
    jobs
}

/// Copies `realm` and `values` with everything they reach, sharing what is immutable or the
/// agent's (see the module comment). Runs no JavaScript, so handles stay valid throughout.
fn copy_world(vm: &mut Vm, mut roots: Roots) -> (Roots, Vec<(Kind, usize)>) {
    let mut shared_symbols: Vec<u32> = vm.agent.symbols.iter().map(|s| s.raw.index).collect();
    shared_symbols.extend(vm.agent.registry.iter().map(|(_, s)| s.raw.index));
    let host_realms: Vec<u32> = vm.agent.realms.iter().map(|r| r.raw.index).collect();
    let share = |arenas: &amber_heap::Arenas, kind: Kind, index: u32| match kind {
        Kind::JsString | Kind::BigInt | Kind::Code | Kind::Shape => true,
        Kind::Symbol => {
            arenas.symbols[index as usize].registered || shared_symbols.contains(&index)
        }
        Kind::Realm => host_realms.contains(&index),
        Kind::Object | Kind::Env => false,
    };
    let copies = vm.heap.copy_graph(&mut roots, &share);
    (roots, copies)
}

/// The builder realm and captured values for `compile(builder, values)`, or a TypeError.
fn capture(vm: &mut Vm, builder: Value, values: Value) -> JsResult<(Handle<Realm>, Vec<Value>)> {
    if branded(vm, builder, Native::RealmBuilder).is_none() {
        return Err(
            vm.type_error("RealmSnapshot.compile: the first argument is not a RealmBuilder")
        );
    }
    let builder_slot = vm.root(builder);
    let list = if values.is_undefined() {
        Vec::new()
    } else {
        let list = ops::iterable_to_list(vm, values);
        match list {
            Ok(list) => list,
            Err(t) => {
                vm.unroot(builder_slot);
                return Err(t);
            }
        }
    };
    // Nothing below runs JavaScript or allocates, so the handles read here stay valid.
    let builder = vm.rooted(builder_slot);
    vm.unroot(builder_slot);
    let Some((realm, _)) = branded(vm, builder, Native::RealmBuilder) else {
        return Err(
            vm.type_error("RealmSnapshot.compile: the first argument is not a RealmBuilder")
        );
    };
    let mut captured = Vec::with_capacity(list.len());
    for (i, v) in list.into_iter().enumerate() {
        let Some((of, slots)) = branded(vm, v, Native::RealmValue) else {
            return Err(vm.type_error(format!(
                "RealmSnapshot.compile: value {i} is not a RealmValue"
            )));
        };
        if of != realm {
            return Err(vm.type_error(format!(
                "RealmSnapshot.compile: value {i} comes from another RealmBuilder"
            )));
        }
        if slots.first() != Some(&Value::Boolean(true)) {
            return Err(vm.type_error(format!(
                "RealmSnapshot.compile: value {i} holds a thrown completion"
            )));
        }
        captured.push(slots.get(1).copied().unwrap_or(Value::Undefined));
    }
    Ok((realm, captured))
}

/// Compiles: captures the builder now, as a new snapshot object of the current realm.
fn compile_now(vm: &mut Vm, builder: Value, values: Value) -> JsResult {
    let (realm, values) = capture(vm, builder, values)?;
    // Pending jobs of the builder are recorded, so an instance equals replaying the builder's
    // scripts in a fresh realm (REALMS-DESIGN D.1); they stay queued for the builder too.
    let jobs = builder_jobs(vm, realm);
    let (roots, _) = copy_world(
        vm,
        Roots {
            realm,
            values,
            jobs,
        },
    );
    let (realm, slots) = roots.into_slots();
    let proto = prototype(vm, SNAPSHOT_PROTOTYPE);
    Ok(Value::Object(host_object(
        vm,
        proto,
        Native::RealmSnapshot,
        realm,
        slots,
    )))
}

/// A promise of the current realm settled with `result` (a throw rejects it).
fn settle(vm: &mut Vm, result: JsResult) -> JsResult {
    let (value, normal) = match result {
        Ok(v) => (v, true),
        Err(t) if vm.is_terminating() => return Err(t),
        Err(_) => (vm.take_exception(), false),
    };
    let value_slot = vm.root(value);
    let promise_ctor = Value::Object(vm.intrinsic(Intrinsic::Promise));
    let cap = promise::new_promise_capability(vm, promise_ctor)?;
    let f = if normal {
        cap.resolve(vm)
    } else {
        cap.reject(vm)
    };
    let value = vm.rooted(value_slot);
    ops::call(vm, f, Value::Undefined, &[value])?;
    let p = cap.promise(vm);
    vm.unroot(value_slot);
    Ok(p)
}

/// `RealmSnapshot.compile(builder, values?)` → a promise of a RealmSnapshot. Every failure
/// rejects; the state is captured synchronously, at the call.
fn compile(vm: &mut Vm, args: Args) -> JsResult {
    let (builder, values) = (args.get(vm, 0), args.get(vm, 1));
    let result = compile_now(vm, builder, values);
    settle(vm, result)
}

/// `RealmSnapshot.instantiate(snapshot)` or `instantiate(builder, values?)` → a promise of an
/// instance handle `{ globalThis, evaluate, arguments }`.
fn instantiate(vm: &mut Vm, args: Args) -> JsResult {
    let first = args.get(vm, 0);
    let snapshot = if branded(vm, first, Native::RealmBuilder).is_some() {
        let values = args.get(vm, 1);
        compile_now(vm, first, values)
    } else {
        Ok(first)
    };
    let result = snapshot.and_then(|s| instantiate_now(vm, s));
    settle(vm, result)
}

fn instantiate_now(vm: &mut Vm, snapshot: Value) -> JsResult {
    let Some((realm, slots)) = branded(vm, snapshot, Native::RealmSnapshot) else {
        return Err(vm.type_error(
            "RealmSnapshot.instantiate: the argument is not a RealmSnapshot or RealmBuilder",
        ));
    };
    let (roots, copies) = copy_world(vm, Roots::from_slots(realm, &slots));
    // The snapshot's pending jobs run in the instance.
    for pair in roots.jobs.chunks(2) {
        if let [job, argument] = pair {
            vm.agent.jobs.push_back((*job, *argument));
        }
    }
    // The instance leaves the builder phase: its clock and random source work.
    for (kind, index) in copies {
        if kind == Kind::Realm {
            vm.heap.arenas.realms[index].builder = false;
        }
    }
    let realm_slot = vm.root_realm(roots.realm);
    let values_slot = vm.roots.len();
    vm.roots.extend_from_slice(&roots.values);
    let values = vm.roots[values_slot..].to_vec();
    let array = ops::create_array_from_list(vm, &values);
    let array_slot = vm.root(Value::Object(array));
    let realm = vm.rooted_realm(realm_slot);
    let proto = vm.intrinsic(Intrinsic::ObjectPrototype);
    let handle = host_object(vm, proto, Native::InstanceEvaluate, realm, Vec::new());
    let handle_slot = vm.root(Value::Object(handle));
    let evaluate = id(vm, Native::InstanceEvaluate);
    builtins::method(vm, handle, "evaluate", evaluate, 1);
    let Value::Object(handle) = vm.rooted(handle_slot) else {
        unreachable!()
    };
    let realm = vm.rooted_realm(realm_slot);
    let global = vm.heap.get(realm).global_object;
    builtins::put(
        vm,
        handle,
        "globalThis",
        Value::Object(global),
        attrs::HIDDEN,
    );
    let array = vm.rooted(array_slot);
    builtins::put(vm, handle, "arguments", array, attrs::HIDDEN);
    let handle = vm.rooted(handle_slot);
    vm.unroot(values_slot);
    vm.unroot_realms(realm_slot);
    Ok(handle)
}

/// `handle.evaluate(sourceText)`: a Script in the instance; its value comes back as is and
/// its errors propagate unchanged (an instance is not a ShadowRealm: no boundary).
fn instance_evaluate(vm: &mut Vm, args: Args) -> JsResult {
    let Some((realm, _)) = branded(vm, args.this(vm), Native::InstanceEvaluate) else {
        return Err(vm.type_error("evaluate called on an object that is not a realm instance"));
    };
    let Value::String(source) = args.get(vm, 0) else {
        return Err(vm.type_error("evaluate: the source must be a string"));
    };
    let source = vm.rust_string(source);
    interp::eval_in_realm(vm, realm, &source, false)
}

/// Adds the host functions `bufferFromSnapshot(snapshot)` and `snapshotFromBuffer(buffer)` to
/// `realm`'s global (the `amber` command does so for its main realm, as the proposal's Node
/// example does; they are host APIs, so builders, ShadowRealms and compartments do not get
/// them).
pub fn install_host_functions(vm: &mut Vm, realm: amber_vm::RealmId) {
    let to = id(vm, Native::BufferFromSnapshot);
    vm.define_global_function(realm, "bufferFromSnapshot", to, 1);
    let from = id(vm, Native::SnapshotFromBuffer);
    vm.define_global_function(realm, "snapshotFromBuffer", from, 1);
}

/// `bufferFromSnapshot(snapshot)` → an ArrayBuffer holding the snapshot's bytes: a part heap
/// image (`Vm::write_part_image`) of what the snapshot holds, valid for this amber build only.
fn buffer_from_snapshot(vm: &mut Vm, args: Args) -> JsResult {
    let Some((realm, slots)) = branded(vm, args.get(vm, 0), Native::RealmSnapshot) else {
        return Err(vm.type_error("bufferFromSnapshot: the argument is not a RealmSnapshot"));
    };
    let bytes = vm.write_part_image(realm, slots);
    let ctor = Value::Object(vm.intrinsic(Intrinsic::ArrayBuffer));
    let buffer = builtins::array_buffer::allocate_array_buffer(vm, ctor, 0, None)?;
    if let ObjectKind::ArrayBuffer(data) = &mut vm.heap.get_mut(buffer).kind {
        data.bytes = Some(bytes);
    }
    Ok(Value::Object(buffer))
}

/// `snapshotFromBuffer(buffer)` → the RealmSnapshot whose bytes `bufferFromSnapshot` wrote.
/// Bytes from another amber build, or corrupt bytes, are a TypeError naming the problem.
fn snapshot_from_buffer(vm: &mut Vm, args: Args) -> JsResult {
    let bytes = match args.get(vm, 0) {
        Value::Object(o) => match &vm.heap.get(o).kind {
            ObjectKind::ArrayBuffer(data) => data.bytes.clone(),
            _ => None,
        },
        _ => None,
    };
    let Some(bytes) = bytes else {
        return Err(vm.type_error(
            "snapshotFromBuffer: the argument is not an ArrayBuffer (or is detached)",
        ));
    };
    let (realm, slots) = match vm.read_part_image(&bytes) {
        Ok(part) => part,
        Err(e) => return Err(vm.type_error(format!("snapshotFromBuffer: {e}"))),
    };
    let realm_slot = vm.root_realm(realm);
    let values_slot = vm.roots.len();
    vm.roots.extend_from_slice(&slots);
    let proto = prototype(vm, SNAPSHOT_PROTOTYPE);
    let realm = vm.rooted_realm(realm_slot);
    let slots = vm.roots[values_slot..].to_vec();
    vm.unroot(values_slot);
    vm.unroot_realms(realm_slot);
    Ok(Value::Object(host_object(
        vm,
        proto,
        Native::RealmSnapshot,
        realm,
        slots,
    )))
}
