//! The Amber virtual machine: the interpreter loop, abstract operations, realm records,
//! intrinsics and the standard library.
//!
//! Codemap:
//! - [`Vm`] (this file): one agent — its heap, realms, value stack, frames and job queue — and
//!   the embedding API the CLI and the test262 runner use.
//! - `interp`: frames and the dispatch loop.
//! - `object`: the internal methods of objects ([[Get]], [[DefineOwnProperty]], ...).
//! - `ops`: abstract operations (type conversion, comparison, operations on objects).
//! - `realm`: realm records and their intrinsics.
//! - `natives`: the table of built-in functions, by stable id.
//! - `builtins`: the standard library, one module per constructor.
//! - `host`: `print`, `console.log` and test262's `$262`.
//! - `snapshot`: heap images of a whole VM.
//!
//! **The rooting rule.** A `Value` or handle in a Rust local is valid only until the next call
//! that takes `&mut Vm` and may run JavaScript (a call, a getter, a conversion); to keep one
//! across such a call, put it in a root slot ([`Vm::root`]) and read it back. Function
//! arguments and `this` already live in root slots (the value stack): read them with
//! [`Args::get`] each time. Collection happens only between instructions. Debug builds catch
//! violations: a stale handle panics on first use (`heap/GC.md`).

#![warn(missing_docs)]

mod agents;
pub mod builtins;
pub mod console;
pub mod extension;
pub mod host;
mod inline_cache;
pub mod inspect;
pub mod interp;
pub mod module;
mod module_synthetic;
pub mod natives;
pub mod number;
pub mod object;
pub mod ops;
pub mod realm;
pub mod snapshot;
pub mod stack;
mod tracer;

use amber_compiler::CompiledScript as Compiled;
use amber_heap::{
    Code, Handle, Heap, JsString, Object, PropertyKey, RootSet, Symbol, Trace, Value, Visitor,
    WeakList,
};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

pub use amber_heap::Realm;
pub use extension::Extension;
pub use interp::set_native_stack_limit;
pub use interp::Frame;
pub use realm::Intrinsic;

/// How many string code units (or bytes) a bulk copy handles per unit of fuel
/// ([`Vm::tick_n`]): a copy is far cheaper per unit than an instruction.
pub const BULK_UNITS_PER_TICK: usize = 256;

/// Options fixed when a [`Vm`] is created.
#[derive(Clone, Debug, Default)]
pub struct VmOptions {
    /// Collect (and move every object) at every safepoint. Slow; finds rooting bugs.
    pub gc_stress: bool,
    /// End the script with an error when the heap grows past this many bytes.
    pub max_heap: Option<usize>,
    /// `print`/`console.log` append to a buffer read with [`Vm::take_output`] instead of
    /// writing to stdout.
    pub capture_output: bool,
    /// Print a line per collection to stderr (`amber --trace-gc`).
    pub trace_gc: bool,
    /// Print a line per executed instruction (`amber --trace`; see `tracer.rs`): to stderr,
    /// or into the captured output with `capture_output`.
    pub trace: bool,
    /// The realm-level features added from outside the VM (see [`extension`]), in a fixed
    /// order: `amber_realms::EXTENSIONS` for ShadowRealm and friends, then the embedder's own.
    pub extensions: Vec<&'static Extension>,
    /// HostInitializeShadowRealm(realm, context, O): the host may add properties to a new
    /// ShadowRealm's global object. `None` adds nothing (what the `amber` command does).
    /// <https://tc39.es/proposal-shadowrealm/#sec-hostinitializeshadowrealm>
    pub host_initialize_shadow_realm: Option<HostInitializeShadowRealm>,
    /// The agent's [[CanBlock]] is false (<https://tc39.es/ecma262/#sec-agents>): `Atomics.wait`
    /// throws a TypeError instead of blocking (a host-defined choice; test262's
    /// `CanBlockIsFalse` tests need it).
    pub cannot_block: bool,
    /// The clock and the random source are predictable (as V8's `--predictable`): `Date.now()`,
    /// `Date()`, `new Date()` and `Temporal.Now` read a synthetic clock that starts at the
    /// epoch and advances a millisecond per read, and `Math.random()` runs from a fixed seed.
    /// `amber --build-snapshot` sets it, so that an entry script that reads the clock at
    /// load (lodash keeps a `Date.now()` in a closure) still gives the same image bytes.
    pub predictable: bool,
}

/// The host hook HostInitializeShadowRealm: may define properties on the new realm's global.
pub type HostInitializeShadowRealm = extension::RealmHook;

/// A realm's index in the agent's realm table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RealmId(pub u32);

/// Why a script did not complete normally.
#[derive(Clone, Debug, PartialEq)]
pub enum ScriptError {
    /// The source did not parse, or failed an early error.
    Syntax {
        /// What is wrong, without the location.
        message: String,
        /// 1-based line of the offending token.
        line: usize,
        /// 1-based column (in characters) of the offending token.
        column: usize,
    },
    /// A module could not be resolved or linked (test262's `phase: resolution`).
    Resolution {
        /// The error's constructor name (`SyntaxError`, `TypeError`, ...).
        name: String,
        /// The error's message.
        message: String,
    },
    /// An exception was thrown and not caught. `name` is the thrown value's constructor name
    /// (`TypeError`, `Test262Error`, ...), or its type for primitives.
    Uncaught {
        /// The thrown value's constructor name, or its type for primitives.
        name: String,
        /// The error's `message`, or the thrown value as text.
        message: String,
    },
    /// The script was stopped from outside: deadline passed or interrupt flag set.
    Interrupted,
    /// A resource limit (`max_heap`) was hit.
    OutOfMemory,
    /// The fuel budget ([`Vm::set_fuel`]) ran out.
    OutOfFuel,
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScriptError::Syntax {
                message,
                line,
                column,
            } => write!(f, "{line}:{column}: SyntaxError: {message}"),
            ScriptError::Resolution { name, message } | ScriptError::Uncaught { name, message } => {
                if message.is_empty() {
                    write!(f, "{name}")
                } else {
                    write!(f, "{name}: {message}")
                }
            }
            ScriptError::Interrupted => f.write_str("interrupted"),
            ScriptError::OutOfMemory => f.write_str("out of memory: the heap limit was reached"),
            ScriptError::OutOfFuel => f.write_str("out of fuel: the instruction budget was spent"),
        }
    }
}

/// A script compiled once and runnable in any realm of any VM (it holds no heap handles, and is
/// `Send + Sync` so a test runner can share harness files across threads).
#[derive(Clone, Debug)]
pub struct CompiledScript {
    pub(crate) inner: Compiled,
}

impl CompiledScript {
    /// The disassembly of the script and its nested functions.
    pub fn disassemble(&self) -> String {
        amber_compiler::disasm::disassemble(&self.inner.code)
    }
}

/// The marker of an abrupt throw completion. The thrown value itself is kept in the VM (a
/// root), so it survives collections while the error propagates: see [`Vm::throw`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throw(());

/// `? Op()` in the spec is `op()?` here.
pub type JsResult<T = Value> = Result<T, Throw>;

/// The kinds of native errors, for [`Vm::throw_error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `%Error%`.
    Error,
    /// `%TypeError%`.
    TypeError,
    /// `%ReferenceError%`.
    ReferenceError,
    /// `%SyntaxError%`.
    SyntaxError,
    /// `%RangeError%`.
    RangeError,
    /// `%EvalError%`.
    EvalError,
    /// `%URIError%`.
    UriError,
}

/// Per-agent values that are roots for the collector and are saved in heap images.
#[derive(Clone, Debug)]
pub struct AgentRoots {
    /// The realm table; `RealmId` indexes it.
    pub realms: Vec<Handle<Realm>>,
    /// The well-known symbols, shared by all realms (<https://tc39.es/ecma262/#sec-well-known-symbols>).
    pub symbols: Vec<Handle<Symbol>>,
    /// The GlobalSymbolRegistry: (key, symbol).
    pub registry: Vec<(Handle<JsString>, Handle<Symbol>)>,
    /// Pending jobs: (job function, argument) pairs.
    pub jobs: std::collections::VecDeque<(Value, Value)>,
    /// The module table: (file path, module record), indexed by module id, each record knowing
    /// its realm. Weak: each realm's [[LoadedModules]] holds its modules, so modules die with
    /// their realm (a dropped ShadowRealm that ran `importValue`) and their ids are not reused.
    pub modules: WeakList<(Handle<JsString>, Value)>,
    /// [[KeptAlive]]: WeakRef targets created or dereferenced by the running synchronous
    /// code, held strongly until it completes (ClearKeptObjects).
    /// <https://tc39.es/ecma262/#sec-agents>
    pub kept_alive: Vec<Value>,
    /// `Atomics.waitAsync` waiters, four values each (see `builtins::atomics`).
    pub waiters: Vec<Value>,
}
amber_heap::heap_struct!(AgentRoots {
    realms,
    symbols,
    registry,
    jobs,
    modules,
    kept_alive,
    waiters
});

/// One agent: a heap, its realms, the job queue, and the interpreter.
pub struct Vm {
    /// Every JavaScript value's storage: the arenas and the collector.
    pub heap: Heap,
    /// The agent-wide roots: realms, the symbol registry, jobs, modules.
    pub agent: AgentRoots,
    /// The value stack: every frame's registers, and the `this`/arguments of native calls.
    pub stack: Vec<Value>,
    /// The call stack of ECMAScript frames (natives have none), innermost last.
    pub frames: Vec<Frame>,
    /// Root slots for native code (see the rooting rule above).
    pub roots: Vec<Value>,
    /// The value of the throw completion in flight, if any.
    pub exception: Value,
    /// The test262 host is installed: the module specifier `<module source>` names a module
    /// with a module source (test262's INTERPRETING.md asks hosts for one).
    pub(crate) test262_module_source: bool,
    /// Where the most recent throw happened (code and pc), for "Uncaught ..." reports.
    pub throw_site: Option<(Handle<Code>, u32)>,
    /// The realm of the running execution context: set when a frame starts or resumes and
    /// around every native call (a built-in runs in its own [[Realm]]).
    /// <https://tc39.es/ecma262/#current-realm>
    pub realm: Handle<Realm>,
    /// Saved current realms (a root): [`Vm::save_realm`] / [`Vm::restore_realm`] keep them
    /// here rather than in Rust locals, which a collection would leave stale.
    pub realm_stack: Vec<Handle<Realm>>,
    /// Depth of nested interpreter loops (native code calling back into JavaScript).
    pub native_depth: u32,
    /// The options the VM was made with.
    pub options: VmOptions,
    output: String,
    deadline: Option<Instant>,
    interrupt: Arc<AtomicBool>,
    /// Set when the VM must stop (interrupt, deadline, heap limit): no handler catches it.
    pub(crate) terminating: Option<ScriptError>,
    /// Counts down to the next poll of the deadline and interrupt flag (one per instruction,
    /// and per [`Vm::tick`] of a long builtin).
    pub(crate) poll_countdown: u32,
    /// The fuel budget ([`Vm::set_fuel`]): what was left when the countdown was last reset
    /// (to `fuel_period`). What is left now is `fuel - (fuel_period - poll_countdown)`.
    fuel: Option<u64>,
    fuel_period: u32,
    /// Compiled regular expressions keyed by (source, flags): never in the heap, so heap
    /// images stay serializable (see `builtins::regexp`).
    pub(crate) regexp_cache: builtins::regexp::RegExpCache,
    /// The agent's [[ModuleAsyncEvaluationCount]].
    /// <https://tc39.es/ecma262/#sec-IncrementModuleAsyncEvaluationCount>
    pub(crate) module_async_count: u32,
    /// Native functions by id: the core table, then the extensions'.
    pub(crate) natives: extension::NativeTable,
    /// The pristine realm new realms are copied from (made on first use; a root, never
    /// reachable from JavaScript). See [`realm::clone_realm`].
    pub(crate) realm_template: Option<realm::RealmTemplate>,
    /// Realm handles rooted by native code ([`Vm::root_realm`]).
    pub(crate) realm_roots: Vec<Handle<Realm>>,
    /// The promise a module body with a dynamic [[HasTLA]] handed its completion to
    /// (`module::complete_with`), read back as soon as the body returns; `Empty` otherwise.
    pub(crate) module_completion: Value,
    /// Where the running code is, for stack traces (see `stack`).
    pub call_sites: stack::CallSites,
    /// `console.count`/`time`/`group` state (see `console`).
    pub(crate) console: console::ConsoleState,
    /// Whether an IsHTMLDDA object may exist (test262's `$262.IsHTMLDDA`, or an image that
    /// could hold one): until then ToBoolean, `typeof` and `==` need not look at an object.
    pub(crate) html_dda_made: bool,
    /// See [`Vm::name_key`]: the keys of [`CommonKey`], valid in the heap epoch recorded.
    name_keys: Option<(u32, [PropertyKey; CommonKey::ALL.len()])>,
    /// See [`ops::get_prototype_from_constructor`]: where the last ECMAScript function it read
    /// kept "prototype" (its shape, the slot, and the collection count they are valid in).
    pub(crate) prototype_slot: Option<(Handle<amber_heap::Shape>, u32, u64)>,
    /// Set while `create_realm` builds a realm's intrinsics: every object it adds a method to
    /// is new, so [`builtins::method`] need not look for a property to replace.
    pub(crate) building_realm: bool,
    /// How the parser's UTF-8 offsets into the last script source `Function.prototype.toString`
    /// read map to its code units (valid in the heap epoch it records).
    pub(crate) source_offsets: Option<(u32, Handle<JsString>, builtins::function::SourceOffsets)>,
    /// The synthetic clock and random state of [`VmOptions::predictable`]: milliseconds read
    /// so far, and the xorshift state.
    pub(crate) predictable_state: (u64, u64),
    /// Rust-side agent state: the mailbox of this agent's waiters, the agents it started
    /// (`$262.agent`). See `agents`.
    pub(crate) agent_host: agents::AgentHost,
}

/// The arguments of a native call: `this`, the arguments and `new.target` live in the value
/// stack (so they are roots); this struct only says where.
#[derive(Clone, Copy, Debug)]
pub struct Args {
    /// Index of the call segment `[this, new.target, callee, args...]` in the stack.
    base: usize,
    len: usize,
    /// Index of new.target in the stack (`Undefined` for [[Call]]).
    new_target: usize,
    /// The function object being called.
    callee: usize,
}

impl Args {
    /// The `this` value of the call.
    #[inline]
    pub fn this(&self, vm: &Vm) -> Value {
        vm.stack[self.base]
    }
    /// Argument `i`, or `undefined` past the end.
    #[inline]
    pub fn get(&self, vm: &Vm, i: usize) -> Value {
        if i < self.len {
            vm.stack[self.base + 3 + i]
        } else {
            Value::Undefined
        }
    }
    /// The number of arguments passed.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }
    /// Whether no argument was passed.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// new.target: `Undefined` when called, the constructor when constructed.
    #[inline]
    pub fn new_target(&self, vm: &Vm) -> Value {
        vm.stack[self.new_target]
    }
    /// The active function object.
    #[inline]
    pub fn callee(&self, vm: &Vm) -> Handle<Object> {
        match vm.stack[self.callee] {
            Value::Object(o) => o,
            _ => unreachable!("native callee slot holds a non-object"),
        }
    }
    /// All arguments, copied (valid until the next call that may collect).
    pub fn to_vec(&self, vm: &Vm) -> Vec<Value> {
        vm.stack[self.base + 3..self.base + 3 + self.len].to_vec()
    }
}

/// The roots of the VM, borrowed apart from its heap so the collector can rewrite them.
struct VmRoots<'a> {
    agent: &'a mut AgentRoots,
    stack: &'a mut Vec<Value>,
    frames: &'a mut Vec<Frame>,
    roots: &'a mut Vec<Value>,
    exception: &'a mut Value,
    throw_site: &'a mut Option<(Handle<Code>, u32)>,
    realm: &'a mut Handle<Realm>,
    realm_stack: &'a mut Vec<Handle<Realm>>,
    realm_template: &'a mut Option<realm::RealmTemplate>,
    realm_roots: &'a mut Vec<Handle<Realm>>,
    module_completion: &'a mut Value,
}

impl RootSet for VmRoots<'_> {
    fn visit_roots(&mut self, v: &mut dyn Visitor) {
        self.agent.trace(v);
        self.stack.trace(v);
        for f in self.frames.iter_mut() {
            f.trace(v);
        }
        self.roots.trace(v);
        self.exception.trace(v);
        self.throw_site.trace(v);
        self.realm.trace(v);
        self.realm_stack.trace(v);
        self.realm_template.trace(v);
        self.realm_roots.trace(v);
        self.module_completion.trace(v);
    }

    fn sweep_weak(&mut self, dead: &dyn Fn(amber_heap::Kind, u32) -> bool) {
        self.agent.modules.sweep(dead);
    }
}

impl Vm {
    /// A new agent with one realm, the main realm.
    ///
    /// ```
    /// use amber_vm::{Vm, VmOptions};
    ///
    /// let mut vm = Vm::new(VmOptions::default());
    /// let realm = vm.main_realm();
    /// assert_eq!(vm.eval_script(realm, "typeof Array", "a.js").unwrap(), "function");
    /// ```
    pub fn new(options: VmOptions) -> Vm {
        let mut heap = Heap::new();
        // A placeholder realm handle, replaced as soon as the first realm exists.
        let placeholder = heap.alloc(Realm {
            intrinsics: Vec::new(),
            global_object: Handle::from_raw(amber_heap::RawHandle::new(0, 0)),
            global_lexicals: Handle::from_raw(amber_heap::RawHandle::new(0, 0)),
            template_map: Vec::new(),
            host: Vec::new(),
            extensions: Vec::new(),
            parent: None,
            strict: false,
            builder: false,
            modules: Vec::new(),
        });
        let natives = extension::NativeTable::new(&options.extensions);
        let mut vm = Vm {
            heap,
            agent: AgentRoots {
                realms: Vec::new(),
                symbols: Vec::new(),
                registry: Vec::new(),
                kept_alive: Vec::new(),
                waiters: Vec::new(),
                jobs: std::collections::VecDeque::new(),
                modules: WeakList::new(),
            },
            stack: Vec::with_capacity(1024),
            frames: Vec::new(),
            roots: Vec::new(),
            exception: Value::Undefined,
            test262_module_source: false,
            throw_site: None,
            realm_stack: Vec::new(),
            realm: placeholder,
            native_depth: 0,
            options,
            output: String::new(),
            deadline: None,
            interrupt: Arc::new(AtomicBool::new(false)),
            terminating: None,
            poll_countdown: 0,
            fuel: None,
            fuel_period: 0,
            regexp_cache: Default::default(),
            module_async_count: 0,
            natives,
            realm_template: None,
            realm_roots: Vec::new(),
            module_completion: Value::Empty,
            call_sites: Default::default(),
            console: Default::default(),
            html_dda_made: false,
            name_keys: None,
            prototype_slot: None,
            building_realm: false,
            source_offsets: None,
            predictable_state: (0, 0x9E37_79B9_7F4A_7C15),
            agent_host: Default::default(),
        };
        realm::create_well_known_symbols(&mut vm);
        // The main realm is built directly (no template yet: a VM that never makes a second
        // realm never pays for one).
        let main = realm::create_realm(&mut vm);
        interp::in_realm(&mut vm, main, host::init);
        vm.agent.realms.push(main);
        vm.realm = main;
        vm.heap.set_gc_stress(vm.options.gc_stress);
        vm
    }

    /// A VM around an existing heap (from an image).
    pub(crate) fn new_empty(
        options: VmOptions,
        natives: extension::NativeTable,
        heap: Heap,
        agent: AgentRoots,
        realm: Handle<Realm>,
    ) -> Vm {
        let mut heap = heap;
        heap.set_gc_stress(options.gc_stress);
        let mut vm = Vm {
            heap,
            agent,
            stack: Vec::with_capacity(1024),
            frames: Vec::new(),
            roots: Vec::new(),
            exception: Value::Undefined,
            test262_module_source: false,
            throw_site: None,
            realm_stack: Vec::new(),
            realm,
            native_depth: 0,
            options,
            output: String::new(),
            deadline: None,
            interrupt: Arc::new(AtomicBool::new(false)),
            terminating: None,
            poll_countdown: 0,
            fuel: None,
            fuel_period: 0,
            regexp_cache: Default::default(),
            module_async_count: 0,
            natives,
            realm_template: None,
            realm_roots: Vec::new(),
            module_completion: Value::Empty,
            call_sites: Default::default(),
            console: Default::default(),
            html_dda_made: false,
            name_keys: None,
            prototype_slot: None,
            building_realm: false,
            source_offsets: None,
            predictable_state: (0, 0x9E37_79B9_7F4A_7C15),
            agent_host: Default::default(),
        };
        builtins::atomics::register_loaded_waiters(&mut vm);
        vm
    }

    /// The realm the VM was created with (where `eval_script` runs unless told otherwise).
    pub fn main_realm(&self) -> RealmId {
        RealmId(0)
    }

    /// A new host realm (like the main one: with `print` and `console`), kept in the realm
    /// table for the life of the agent.
    /// <https://tc39.es/ecma262/#sec-initializehostdefinedrealm>
    ///
    /// ```
    /// use amber_vm::{Vm, VmOptions};
    ///
    /// let mut vm = Vm::new(VmOptions::default());
    /// let (a, b) = (vm.main_realm(), vm.create_realm());
    /// vm.eval_script(a, "globalThis.x = 1", "a.js").unwrap();
    /// // Each realm has its own global object and intrinsics.
    /// assert_eq!(vm.eval_script(b, "typeof x", "b.js").unwrap(), "undefined");
    /// ```
    pub fn create_realm(&mut self) -> RealmId {
        let realm = self.new_realm_record();
        interp::in_realm(self, realm, host::init);
        self.agent.realms.push(realm);
        RealmId(self.agent.realms.len() as u32 - 1)
    }

    /// A compartment's record (REALMS-DESIGN C.1, C.5): a realm record that shares every
    /// intrinsic (and extension slot) of `parent`'s realm, with its own empty global object
    /// (inheriting the shared `%Object.prototype%`), its own global environment and template
    /// map, and strict code only. Its evaluators and globals are the caller's to install.
    pub fn new_compartment_record(&mut self, parent: Handle<Realm>) -> Handle<Realm> {
        let root = self.root_realm_of(parent);
        let (intrinsics, extensions, builder) = {
            let r = self.heap.get(root);
            (r.intrinsics.clone(), r.extensions.clone(), r.builder)
        };
        let object_prototype = intrinsics[Intrinsic::ObjectPrototype as usize];
        let global = self.heap.alloc(Object::new(
            Some(object_prototype),
            amber_heap::ObjectKind::Ordinary,
        ));
        let global_lexicals = self
            .heap
            .alloc(Object::new(None, amber_heap::ObjectKind::Ordinary));
        self.heap.alloc(Realm {
            intrinsics,
            global_object: global,
            global_lexicals,
            template_map: Vec::new(),
            host: Vec::new(),
            extensions,
            parent: Some(root),
            strict: true,
            builder,
            modules: Vec::new(),
        })
    }

    /// The realm whose intrinsics `realm` uses: itself, or a compartment's parent realm.
    pub fn root_realm_of(&self, realm: Handle<Realm>) -> Handle<Realm> {
        self.heap.get(realm).parent.unwrap_or(realm)
    }

    /// The names of a pristine realm's global properties (the standard globals plus every
    /// extension's), read from the realm template.
    pub fn standard_global_names(&mut self) -> Vec<PropertyKey> {
        if self.realm_template.is_none() {
            self.realm_template = Some(realm::create_template(self));
        }
        let template = self.realm_template.as_ref().map(|t| t.realm());
        let global = self.heap.get(template.expect("made above")).global_object;
        self.heap.property_keys(global)
    }

    /// InitializeHostDefinedRealm without host globals: a new realm record with fresh
    /// intrinsics (the standard ones and every extension's) and a fresh global object, copied
    /// from the VM's pristine template. It is not in the realm table: it lives as long as
    /// something references it (a ShadowRealm keeps its realm, functions keep theirs).
    /// <https://tc39.es/ecma262/#sec-initializehostdefinedrealm>
    pub fn new_realm_record(&mut self) -> Handle<Realm> {
        if self.realm_template.is_none() {
            self.realm_template = Some(realm::create_template(self));
        }
        realm::clone_realm(self)
    }

    /// The heap record of a realm, for code that works on the heap directly.
    pub fn realm_handle(&self, id: RealmId) -> Handle<Realm> {
        self.agent.realms[id.0 as usize]
    }

    /// Pushes the current realm (restore it with [`Vm::restore_realm`]).
    #[inline]
    pub fn save_realm(&mut self) {
        self.realm_stack.push(self.realm);
    }

    /// Pops the realm saved by [`Vm::save_realm`] and makes it current.
    #[inline]
    pub fn restore_realm(&mut self) {
        if let Some(r) = self.realm_stack.pop() {
            self.realm = r;
        }
    }

    /// The realm of the running execution context.
    /// <https://tc39.es/ecma262/#current-realm>
    #[inline]
    pub fn current_realm(&self) -> Handle<Realm> {
        self.realm
    }

    /// An intrinsic of the current realm (`%Array.prototype%` and friends).
    #[inline]
    pub fn intrinsic(&self, which: Intrinsic) -> Handle<Object> {
        let realm = self.current_realm();
        self.heap.get(realm).intrinsics[which as usize]
    }

    /// An intrinsic of a given realm.
    #[inline]
    pub fn realm_intrinsic(&self, realm: Handle<Realm>, which: Intrinsic) -> Handle<Object> {
        self.heap.get(realm).intrinsics[which as usize]
    }

    // --- rooting -------------------------------------------------------------------------------

    /// Keeps `v` alive and up to date across collections; returns its slot.
    #[inline]
    pub fn root(&mut self, v: Value) -> usize {
        self.roots.push(v);
        self.roots.len() - 1
    }

    /// The number of root slots in use (a mark to `unroot` back to).
    #[inline]
    pub fn roots_len(&self) -> usize {
        self.roots.len()
    }

    /// The current value of root slot `slot`.
    #[inline]
    pub fn rooted(&self, slot: usize) -> Value {
        self.roots[slot]
    }

    /// Releases root slots from `slot` on.
    #[inline]
    pub fn unroot(&mut self, slot: usize) {
        self.roots.truncate(slot);
    }

    /// Runs a collection now (a safepoint: no Rust local may hold a handle across this).
    pub fn collect_garbage(&mut self) {
        let mut roots = VmRoots {
            agent: &mut self.agent,
            stack: &mut self.stack,
            frames: &mut self.frames,
            roots: &mut self.roots,
            exception: &mut self.exception,
            throw_site: &mut self.throw_site,
            realm: &mut self.realm,
            realm_stack: &mut self.realm_stack,
            realm_template: &mut self.realm_template,
            realm_roots: &mut self.realm_roots,
            module_completion: &mut self.module_completion,
        };
        if !self.options.trace_gc {
            self.heap.collect(&mut roots);
            self.enqueue_finalization_cleanups();
            return;
        }
        let (live, new) = (self.heap.live_bytes, self.heap.allocated_since_collection());
        let start = std::time::Instant::now();
        self.heap.collect(&mut roots);
        let s = self.heap.last_collection;
        eprintln!(
            "[gc #{}] {} KB live + {} KB allocated -> {} KB live, {} -> {} entries, {} moved, {:.3} ms",
            self.heap.collections,
            live / 1024,
            new / 1024,
            self.heap.live_bytes / 1024,
            s.entries_before,
            s.entries_after,
            s.moved,
            start.elapsed().as_secs_f64() * 1e3
        );
        self.enqueue_finalization_cleanups();
    }

    /// HostEnqueueFinalizationRegistryCleanupJob for every registry the last collection
    /// emptied cells of: a job that calls its cleanup callback with each such cell's held value.
    /// <https://tc39.es/ecma262/#sec-host-cleanup-finalization-registry>
    fn enqueue_finalization_cleanups(&mut self) {
        for registry in std::mem::take(&mut self.heap.finalization_pending) {
            let job = builtins::native_function(
                self,
                natives::NativeId::FinalizationRegistryCleanupJob,
                "",
                1,
                false,
            );
            self.agent
                .jobs
                .push_back((Value::Object(job), Value::Object(registry)));
        }
    }

    /// Checks every handle the VM holds (the heap verifier).
    pub fn verify_heap(&mut self) -> Result<(), String> {
        let mut roots = VmRoots {
            agent: &mut self.agent,
            stack: &mut self.stack,
            frames: &mut self.frames,
            roots: &mut self.roots,
            exception: &mut self.exception,
            throw_site: &mut self.throw_site,
            realm: &mut self.realm,
            realm_stack: &mut self.realm_stack,
            realm_template: &mut self.realm_template,
            realm_roots: &mut self.realm_roots,
            module_completion: &mut self.module_completion,
        };
        self.heap.verify(&mut roots)
    }

    // --- throwing ------------------------------------------------------------------------------

    /// Begins a throw completion with `value`.
    pub fn throw(&mut self, value: Value) -> Throw {
        self.exception = value;
        Throw(())
    }

    /// Throws a new native error of the current realm.
    pub fn throw_error(&mut self, kind: ErrorKind, message: impl AsRef<str>) -> Throw {
        let err = builtins::error::create_error(self, kind, message.as_ref());
        self.throw(Value::Object(err))
    }

    /// Throws a new `TypeError` of the current realm.
    pub fn type_error(&mut self, message: impl AsRef<str>) -> Throw {
        self.throw_error(ErrorKind::TypeError, message)
    }

    /// Throws a new `RangeError` of the current realm.
    pub fn range_error(&mut self, message: impl AsRef<str>) -> Throw {
        self.throw_error(ErrorKind::RangeError, message)
    }

    /// Throws a new `ReferenceError` of the current realm.
    pub fn reference_error(&mut self, message: impl AsRef<str>) -> Throw {
        self.throw_error(ErrorKind::ReferenceError, message)
    }

    /// Takes the value of the throw completion in flight.
    pub fn take_exception(&mut self) -> Value {
        std::mem::replace(&mut self.exception, Value::Undefined)
    }

    // --- strings -------------------------------------------------------------------------------

    /// An interned string value.
    pub fn str(&mut self, s: &str) -> Handle<JsString> {
        self.heap.intern_str(s)
    }

    /// A property key for Rust text.
    pub fn key(&mut self, s: &str) -> PropertyKey {
        ops::key_from_str(self, s)
    }

    /// The key of a [`CommonKey`]: interned once and kept until a collection moves strings (the
    /// heap's epoch changes), so that `instanceof`, `new`, iteration and building a realm do
    /// not intern the same few names again and again (`Vm::key` converts, hashes and looks
    /// up its text every time: 4% of EarleyBoyer went to "prototype").
    #[inline]
    pub(crate) fn name_key(&mut self, name: CommonKey) -> PropertyKey {
        let epoch = self.heap.epoch();
        match self.name_keys {
            Some((e, keys)) if e == epoch => keys[name as usize],
            _ => {
                let keys = CommonKey::ALL.map(|name| self.key(name.text()));
                self.name_keys = Some((epoch, keys));
                keys[name as usize]
            }
        }
    }

    /// The keys "length" and "name", which every built-in function gets.
    pub(crate) fn length_and_name_keys(&mut self) -> (PropertyKey, PropertyKey) {
        (
            self.name_key(CommonKey::Length),
            self.name_key(CommonKey::Name),
        )
    }

    /// A new string value from UTF-16 units.
    pub fn string_value(&mut self, units: Vec<u16>) -> Value {
        Value::String(self.heap.alloc_string(units))
    }

    /// A new string value from Rust text.
    ///
    /// ```
    /// use amber_heap::Value;
    /// use amber_vm::{Vm, VmOptions};
    ///
    /// let mut vm = Vm::new(VmOptions::default());
    /// let Value::String(s) = vm.string_from("héllo") else { unreachable!() };
    /// assert_eq!(vm.rust_string(s), "héllo");
    /// ```
    pub fn string_from(&mut self, s: &str) -> Value {
        self.string_value(s.encode_utf16().collect())
    }

    /// Rust text of a string handle (lossy for lone surrogates).
    pub fn rust_string(&self, s: Handle<JsString>) -> String {
        String::from_utf16_lossy(self.heap.string_units(s))
    }

    // --- embedding API -------------------------------------------------------------------------

    /// Parses and compiles a script without running it. `strict` parses it as strict code.
    pub fn compile_script(
        source: &str,
        path: &str,
        strict: bool,
    ) -> Result<Arc<CompiledScript>, ScriptError> {
        let options = amber_parser::ParseOptions {
            strict,
            ..Default::default()
        };
        match amber_compiler::compile_source(source, path, &options) {
            Ok(inner) => Ok(Arc::new(CompiledScript { inner })),
            Err(e) => {
                let (line, column) = amber_parser::line_col(source, e.span.start as usize);
                Err(ScriptError::Syntax {
                    message: e.message,
                    line,
                    column,
                })
            }
        }
    }

    /// Runs a compiled script in `realm`; returns its completion value as `ToString` would show
    /// it (`amber -p` prints this).
    pub fn run_script(
        &mut self,
        realm: RealmId,
        script: &CompiledScript,
    ) -> Result<String, ScriptError> {
        let realm = self.realm_handle(realm);
        let result = interp::run_script(self, realm, &script.inner);
        match result {
            Ok(v) => Ok(self.display(v)),
            Err(_) => Err(self.script_error()),
        }
    }

    /// Runs a compiled script and returns its completion value itself.
    ///
    /// ```
    /// use amber_heap::Value;
    /// use amber_vm::{Vm, VmOptions};
    ///
    /// let mut vm = Vm::new(VmOptions::default());
    /// let script = Vm::compile_script("6 * 7", "answer.js", false).unwrap();
    /// let realm = vm.main_realm();
    /// assert!(matches!(vm.run_script_value(realm, &script), Ok(Value::Number(n)) if n == 42.0));
    /// // A syntax error is reported by `compile_script`, with where it is.
    /// assert!(Vm::compile_script("let x = ;", "bad.js", false).is_err());
    /// ```
    pub fn run_script_value(&mut self, realm: RealmId, script: &CompiledScript) -> JsResult {
        let realm = self.realm_handle(realm);
        interp::run_script(self, realm, &script.inner)
    }

    /// Compiles `source` as the eval code of an indirect eval: script syntax (no `new.target`,
    /// `super` or `return`), strict only if the code says so; its top-level `let`/`const`/`class`
    /// get a fresh environment and its sloppy `var`s and functions become global properties
    /// (EvalDeclarationInstantiation). A parse or early error is returned as a message with its
    /// location (`unexpected token '*' (<eval>:1:4)`), for the caller to throw in the realm it
    /// chooses. <https://tc39.es/ecma262/#sec-performeval>
    pub fn compile_global_eval(source: &str, strict: bool) -> Result<CompiledScript, String> {
        amber_compiler::compile_eval(source, strict, "")
            .map(|inner| CompiledScript { inner })
            .map_err(|e| interp::located_message(&e, source, "<eval>"))
    }

    /// Runs a compiled script or eval code with `realm` as the running context's realm (its
    /// global environment, its intrinsics) and returns the completion value.
    pub fn run_in_realm(&mut self, realm: Handle<Realm>, script: &CompiledScript) -> JsResult {
        interp::run_script(self, realm, &script.inner)
    }

    /// Is the VM stopping (deadline, interrupt, heap limit)? Such a stop unwinds as a throw
    /// that no handler may catch or convert: code that turns a throw into another error
    /// (ShadowRealm boundaries) must let it pass.
    #[inline]
    pub fn is_terminating(&self) -> bool {
        self.terminating.is_some()
    }

    /// Keeps a realm handle alive and up to date across collections (realms have no `Value`
    /// form, so they cannot go in [`Vm::root`]); released when the native that rooted it
    /// returns, or with [`Vm::unroot_realms`].
    pub fn root_realm(&mut self, realm: Handle<Realm>) -> usize {
        self.realm_roots.push(realm);
        self.realm_roots.len() - 1
    }

    /// The current handle of realm root `slot`.
    #[inline]
    pub fn rooted_realm(&self, slot: usize) -> Handle<Realm> {
        self.realm_roots[slot]
    }

    /// Releases realm root slots from `slot` on.
    pub fn unroot_realms(&mut self, slot: usize) {
        self.realm_roots.truncate(slot);
    }

    /// Parses, compiles and runs `source` as a script in `realm`; the completion value comes
    /// back as text (inspected, as the REPL prints it), an uncaught exception as
    /// [`ScriptError::Uncaught`].
    ///
    /// ```
    /// use amber_vm::{ScriptError, Vm, VmOptions};
    ///
    /// let mut vm = Vm::new(VmOptions::default());
    /// let realm = vm.main_realm();
    /// assert_eq!(vm.eval_script(realm, "[1, 2].map(x => x * 2)", "a.js").unwrap(), "[ 2, 4 ]");
    /// match vm.eval_script(realm, "null.x", "b.js") {
    ///     Err(ScriptError::Uncaught { name, .. }) => assert_eq!(name, "TypeError"),
    ///     other => panic!("{other:?}"),
    /// }
    /// ```
    pub fn eval_script(
        &mut self,
        realm: RealmId,
        source: &str,
        path: &str,
    ) -> Result<String, ScriptError> {
        let script = Vm::compile_script(source, path, false)?;
        self.run_script(realm, &script)
    }

    /// [`Vm::eval_script`] for its effects only: the completion value is dropped, not
    /// formatted (formatting a large value takes time, and formatting an object can call its
    /// `toString`). This is how `amber FILE` runs a script.
    pub fn exec_script(
        &mut self,
        realm: RealmId,
        source: &str,
        path: &str,
    ) -> Result<(), ScriptError> {
        let script = Vm::compile_script(source, path, false)?;
        self.exec_compiled(realm, &script)
    }

    /// [`Vm::run_script`] for its effects only (see [`Vm::exec_script`]).
    pub fn exec_compiled(
        &mut self,
        realm: RealmId,
        script: &CompiledScript,
    ) -> Result<(), ScriptError> {
        self.run_script_value(realm, script)
            .map(|_| ())
            .map_err(|_| self.script_error())
    }

    /// Loads, links and evaluates the module at `path` (its imports are resolved from the file
    /// system relative to it) in `realm`.
    ///
    /// ```
    /// use amber_vm::{Vm, VmOptions};
    ///
    /// let dir = std::env::temp_dir().join(format!("amber-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("lib.mjs"), "export const answer = 42;").unwrap();
    /// let main = "import { answer } from './lib.mjs'; globalThis.got = answer;";
    ///
    /// let mut vm = Vm::new(VmOptions::default());
    /// let realm = vm.main_realm();
    /// vm.eval_module(realm, main, &dir.join("main.mjs")).unwrap();
    /// assert_eq!(vm.eval_script(realm, "got", "check.js").unwrap(), "42");
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn eval_module(
        &mut self,
        realm: RealmId,
        source: &str,
        path: &Path,
    ) -> Result<(), ScriptError> {
        if let Err(e) = amber_parser::parse_module(source) {
            let (line, column) = e.line_col(source);
            return Err(ScriptError::Syntax {
                message: e.message,
                line,
                column,
            });
        }
        let realm = self.realm_handle(realm);
        let path = path.display().to_string();
        match module::run_module(self, realm, source, &path) {
            Ok(promise) => {
                // The evaluation promise: a synchronous module graph has settled it; one with
                // top-level `await` settles as the jobs run. Its rejection is the module's
                // uncaught error.
                let slot = self.root(promise);
                let r = self.settle_module_promise(slot);
                self.unroot(slot);
                r
            }
            Err(module::Failure::Parse) => unreachable!("parsed above"),
            Err(module::Failure::Resolution) => {
                let exc = self.take_exception();
                let (name, message) = self.describe_error(exc);
                Err(ScriptError::Resolution { name, message })
            }
            Err(module::Failure::Evaluation) => Err(self.script_error()),
        }
    }

    /// Runs jobs until the module evaluation promise in root `slot` settles (or no job is
    /// left); a rejection is reported as the uncaught error.
    fn settle_module_promise(&mut self, slot: usize) -> Result<(), ScriptError> {
        loop {
            if self.terminating.is_some() {
                return Err(self.script_error());
            }
            match module::promise_state(self, self.rooted(slot)) {
                (1, _) => return Ok(()),
                (2, reason) => {
                    let _ = self.throw(reason);
                    return Err(self.script_error());
                }
                _ => {}
            }
            self.poll_waiters();
            if self.agent.jobs.is_empty() && !self.fire_next_timeout() {
                return match self.terminating.take() {
                    Some(stop) => Err(stop),
                    None => Ok(()),
                };
            }
            self.clear_kept_objects();
            let Some((job, arg)) = self.agent.jobs.pop_front() else {
                continue;
            };
            let r = ops::call(self, job, Value::Undefined, &[arg]);
            self.clear_kept_objects();
            if r.is_err() {
                return Err(self.script_error());
            }
        }
    }

    /// Runs queued promise jobs until the queue is empty.
    /// <https://tc39.es/ecma262/#sec-jobs>
    ///
    /// ```
    /// use amber_vm::{Vm, VmOptions};
    ///
    /// let mut vm = Vm::new(VmOptions { capture_output: true, ..VmOptions::default() });
    /// let realm = vm.main_realm();
    /// vm.eval_script(realm, "Promise.resolve(1).then(v => print('then', v))", "a.js").unwrap();
    /// assert_eq!(vm.take_output(), ""); // reactions wait for the job queue
    /// vm.run_jobs().unwrap();
    /// assert_eq!(vm.take_output(), "then 1\n");
    /// ```
    pub fn run_jobs(&mut self) -> Result<(), ScriptError> {
        self.clear_kept_objects();
        loop {
            self.poll_waiters();
            if self.agent.jobs.is_empty() && !self.fire_next_timeout() {
                break;
            }
            let Some((job, arg)) = self.agent.jobs.pop_front() else {
                continue;
            };
            let r = ops::call(self, job, Value::Undefined, &[arg]);
            self.clear_kept_objects();
            if r.is_err() {
                return Err(self.script_error());
            }
        }
        // Waiting for an async waiter may have hit the deadline.
        match self.terminating.take() {
            Some(stop) => Err(stop),
            None => Ok(()),
        }
    }

    /// ClearKeptObjects(), once a synchronous sequence of executions (a script, a job) is
    /// over: WeakRef targets are weak again. <https://tc39.es/ecma262/#sec-clear-kept-objects>
    pub fn clear_kept_objects(&mut self) {
        if self.frames.is_empty() {
            self.agent.kept_alive.clear();
        }
    }

    /// Installs test262's host-defined `$262` object and `print` in `realm` (INTERPRETING.md).
    pub fn install_test262_host(&mut self, realm: RealmId) {
        let realm = self.realm_handle(realm);
        host::install_test262(self, realm);
        self.test262_module_source = true;
    }

    /// Everything `print`/`console.log` wrote since the last call (with `capture_output`).
    pub fn take_output(&mut self) -> String {
        std::mem::take(&mut self.output)
    }

    /// Writes a line for `print`: to stdout, or to the capture buffer.
    pub fn write_line(&mut self, line: &str) {
        if self.options.capture_output {
            self.output.push_str(line);
            self.output.push('\n');
        } else {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
        }
    }

    /// Stop running JavaScript (with [`ScriptError::Interrupted`]) once `deadline` passes.
    /// The stop cannot be caught by the script, and the VM stays usable.
    ///
    /// ```
    /// use amber_vm::{ScriptError, Vm, VmOptions};
    /// use std::time::{Duration, Instant};
    ///
    /// let mut vm = Vm::new(VmOptions::default());
    /// let realm = vm.main_realm();
    /// vm.set_deadline(Some(Instant::now() + Duration::from_millis(20)));
    /// let src = "try { for (;;) {} } catch (e) { 'caught' }";
    /// assert_eq!(vm.eval_script(realm, src, "loop.js"), Err(ScriptError::Interrupted));
    /// vm.set_deadline(None);
    /// assert_eq!(vm.eval_script(realm, "1 + 1", "after.js").unwrap(), "2");
    /// ```
    pub fn set_deadline(&mut self, deadline: Option<Instant>) {
        self.deadline = deadline;
    }

    /// A flag another thread can set to stop this VM at its next safepoint (the script ends
    /// with [`ScriptError::Interrupted`]); clear it to run again.
    ///
    /// ```
    /// use amber_vm::{ScriptError, Vm, VmOptions};
    /// use std::sync::atomic::Ordering;
    ///
    /// let mut vm = Vm::new(VmOptions::default());
    /// let realm = vm.main_realm();
    /// let flag = vm.interrupt_handle();
    /// let stopper = std::thread::spawn(move || {
    ///     std::thread::sleep(std::time::Duration::from_millis(20));
    ///     flag.store(true, Ordering::SeqCst);
    /// });
    /// assert_eq!(vm.eval_script(realm, "while (true) {}", "spin.js"), Err(ScriptError::Interrupted));
    /// stopper.join().unwrap();
    /// vm.interrupt_handle().store(false, Ordering::SeqCst);
    /// ```
    pub fn interrupt_handle(&self) -> Arc<AtomicBool> {
        self.interrupt.clone()
    }

    /// Gives the VM a fuel budget: JavaScript stops (uncatchably, with
    /// [`ScriptError::OutOfFuel`]) once it has spent `fuel` units. An instruction costs one
    /// unit, so does each element a long builtin handles ([`Vm::tick`]), and a
    /// regular-expression match costs one per backtracking step (charged every
    /// `regress::POLL_INTERVAL_STEPS` steps). The budget is not refilled: after it runs out,
    /// every script stops at once until `set_fuel` is called again. `None` (the default) is no
    /// budget.
    ///
    /// ```
    /// use amber_vm::{ScriptError, Vm, VmOptions};
    /// let mut vm = Vm::new(VmOptions::default());
    /// let realm = vm.main_realm();
    /// vm.set_fuel(Some(100_000));
    /// assert_eq!(vm.eval_script(realm, "for (;;) {}", "loop.js"), Err(ScriptError::OutOfFuel));
    /// assert_eq!(vm.fuel(), Some(0));
    /// vm.set_fuel(None);
    /// assert!(vm.eval_script(realm, "1 + 1", "next.js").is_ok());
    /// ```
    pub fn set_fuel(&mut self, fuel: Option<u64>) {
        self.fuel = fuel;
        if let Some(f) = fuel {
            self.fuel_period = f.min(u64::from(interp::POLL_INTERVAL)) as u32;
            self.poll_countdown = self.fuel_period;
        }
    }

    /// Does the VM have a fuel budget? (The interpreter then counts every instruction.)
    pub(crate) fn has_fuel(&self) -> bool {
        self.fuel.is_some()
    }

    /// The fuel left, if the VM has a budget ([`Vm::set_fuel`]).
    pub fn fuel(&self) -> Option<u64> {
        self.fuel
            .map(|f| f - u64::from(self.fuel_period - self.poll_countdown))
    }

    /// For long loops in native code: every few thousand calls, checks the deadline, the
    /// interrupt flag and the heap limit, and stops the script (uncatchably) if asked to.
    /// Each call costs a unit of fuel, as an instruction does.
    #[inline]
    pub fn tick(&mut self) -> JsResult<()> {
        if self.poll_countdown > 0 {
            self.poll_countdown -= 1;
            return Ok(());
        }
        match self.poll_period_over(false) {
            None => Ok(()),
            Some(stop) => {
                self.terminating = Some(stop);
                Err(Throw(()))
            }
        }
    }

    /// [`Vm::tick`] for `n` units of work at once (a builtin that copies many string units in
    /// one go charges one unit per [`BULK_UNITS_PER_TICK`] of them).
    pub fn tick_n(&mut self, n: u32) -> JsResult<()> {
        if self.poll_countdown > n {
            self.poll_countdown -= n;
            return Ok(());
        }
        // The period ends within these units; what is beyond it is charged as fuel.
        let rest = n - self.poll_countdown;
        self.poll_countdown = 0;
        let stop = self
            .poll_period_over(false)
            .or_else(|| self.charge_fuel(u64::from(rest)));
        match stop {
            None => Ok(()),
            Some(stop) => {
                self.terminating = Some(stop);
                Err(Throw(()))
            }
        }
    }

    /// The poll countdown reached 0: charges the fuel of the period that ended, starts the next
    /// period (shorter when less fuel is left than a whole one) and polls the limits.
    pub(crate) fn poll_period_over(&mut self, may_collect: bool) -> Option<ScriptError> {
        let mut next = interp::POLL_INTERVAL;
        if let Some(f) = self.fuel.as_mut() {
            // The countdown is 0, so the whole period was used.
            *f -= u64::from(self.fuel_period);
            if *f == 0 {
                // Stays at 0: every later poll stops again.
                self.fuel_period = 0;
                self.poll_countdown = 0;
                return Some(ScriptError::OutOfFuel);
            }
            next = (*f).min(u64::from(next)) as u32;
            self.fuel_period = next;
        }
        self.poll_countdown = next;
        self.poll_limits(may_collect)
    }

    /// Charges `units` of fuel for work done outside instructions and ticks;
    /// `Some(OutOfFuel)` when that spends the budget.
    pub(crate) fn charge_fuel(&mut self, units: u64) -> Option<ScriptError> {
        charge_fuel(
            &mut self.fuel,
            &mut self.fuel_period,
            &mut self.poll_countdown,
            units,
        )
    }

    /// The heap, and beside it the poll of a regular-expression match: so a match can read
    /// the subject's code units where they are while its poll charges fuel and checks limits.
    pub(crate) fn heap_and_match_poll(&mut self) -> (&Heap, MatchPoll<'_>) {
        let over_heap = self
            .options
            .max_heap
            .is_some_and(|max| self.heap.used_bytes() > max);
        let poll = MatchPoll {
            fuel: &mut self.fuel,
            fuel_period: &mut self.fuel_period,
            poll_countdown: &mut self.poll_countdown,
            interrupt: &self.interrupt,
            deadline: self.deadline,
            over_heap,
        };
        (&self.heap, poll)
    }

    /// Polled at safepoints: has the VM been asked to stop?
    /// `may_collect` is true only at safepoints: native code may hold handles in locals.
    pub(crate) fn poll_limits(&mut self, may_collect: bool) -> Option<ScriptError> {
        if self.interrupt.load(Ordering::Relaxed) {
            return Some(ScriptError::Interrupted);
        }
        if let Some(d) = self.deadline {
            if Instant::now() >= d {
                return Some(ScriptError::Interrupted);
            }
        }
        if let Some(max) = self.options.max_heap {
            if self.heap.used_bytes() > max {
                if may_collect {
                    self.collect_garbage();
                }
                if self.heap.used_bytes() > max {
                    return Some(ScriptError::OutOfMemory);
                }
            }
        }
        None
    }

    /// `file:line:column` of the most recent throw, if known.
    pub fn throw_location(&self) -> Option<String> {
        let (code, pc) = self.throw_site?;
        let c = self.heap.get(code);
        let i = c.lines.partition_point(|&(p, _)| p <= pc);
        let (line, col) = if i == 0 { (1, 1) } else { c.lines[i - 1].1 };
        Some(format!("{}:{line}:{col}", self.rust_string(c.file)))
    }

    /// Converts the throw completion in flight into a [`ScriptError`].
    pub fn script_error(&mut self) -> ScriptError {
        if let Some(t) = self.terminating.take() {
            return t;
        }
        let exc = self.take_exception();
        self.call_sites.uncaught = Some(inspect::uncaught_text(self, exc));
        let (name, message) = self.describe_error(exc);
        ScriptError::Uncaught { name, message }
    }

    /// The constructor name and message of a thrown value, read without running user code
    /// where possible (data properties only).
    pub fn describe_error(&mut self, v: Value) -> (String, String) {
        match v {
            Value::Object(o) => {
                let ctor = self.peek_data(o, "constructor");
                let mut name = match ctor {
                    Some(Value::Object(c)) => match self.peek_data(c, "name") {
                        Some(Value::String(s)) => self.rust_string(s),
                        _ => String::new(),
                    },
                    _ => String::new(),
                };
                if name.is_empty() {
                    if let Some(Value::String(s)) = self.peek_data(o, "name") {
                        name = self.rust_string(s);
                    }
                }
                if name.is_empty() {
                    name = "Error".into();
                }
                let message = match self.peek_data(o, "message") {
                    Some(Value::String(s)) => self.rust_string(s),
                    Some(other) if !other.is_undefined() => self.display(other),
                    _ => String::new(),
                };
                (name, message)
            }
            other => {
                let shown = self.display(other);
                ("(thrown value)".to_string(), shown)
            }
        }
    }

    /// Reads a data property along the prototype chain without running any code. An accessor
    /// made by lockdown's override-mistake repair counts as the data property it replaced: its
    /// getter carries the value as an own `originalValue` data property (the SES convention).
    pub fn peek_data(&mut self, mut o: Handle<Object>, name: &str) -> Option<Value> {
        let key = self.key(name);
        let original = self.key("originalValue");
        for _ in 0..10_000 {
            if let Some(p) = self.heap.get_property(o, key) {
                if !p.is_accessor() {
                    return Some(p.value);
                }
                let Value::Object(getter) = p.value else {
                    return None;
                };
                return match self.heap.get_property(getter, original) {
                    Some(g) if !g.is_accessor() => Some(g.value),
                    _ => None,
                };
            }
            o = self.heap.get(o).proto.get()?;
        }
        None
    }

    /// A display string for a value, for the REPL, `-p` and error messages. Never runs user
    /// code.
    pub fn display(&mut self, v: Value) -> String {
        host::display(self, v)
    }
}

/// Property names the engine itself looks up on hot paths (objects in general, iteration,
/// promises, RegExp results and flags, arguments objects); see [`Vm::name_key`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CommonKey {
    Length,
    Name,
    Prototype,
    Constructor,
    Next,
    Done,
    Value,
    Then,
    LastIndex,
    Exec,
    Index,
    Input,
    Groups,
    Indices,
    Source,
    Flags,
    HasIndices,
    Global,
    IgnoreCase,
    Multiline,
    DotAll,
    Unicode,
    UnicodeSets,
    Sticky,
    Callee,
}

impl CommonKey {
    /// Every name, in declaration order.
    const ALL: [CommonKey; 25] = [
        CommonKey::Length,
        CommonKey::Name,
        CommonKey::Prototype,
        CommonKey::Constructor,
        CommonKey::Next,
        CommonKey::Done,
        CommonKey::Value,
        CommonKey::Then,
        CommonKey::LastIndex,
        CommonKey::Exec,
        CommonKey::Index,
        CommonKey::Input,
        CommonKey::Groups,
        CommonKey::Indices,
        CommonKey::Source,
        CommonKey::Flags,
        CommonKey::HasIndices,
        CommonKey::Global,
        CommonKey::IgnoreCase,
        CommonKey::Multiline,
        CommonKey::DotAll,
        CommonKey::Unicode,
        CommonKey::UnicodeSets,
        CommonKey::Sticky,
        CommonKey::Callee,
    ];

    /// The name's text.
    fn text(self) -> &'static str {
        match self {
            CommonKey::Length => "length",
            CommonKey::Name => "name",
            CommonKey::Prototype => "prototype",
            CommonKey::Constructor => "constructor",
            CommonKey::Next => "next",
            CommonKey::Done => "done",
            CommonKey::Value => "value",
            CommonKey::Then => "then",
            CommonKey::LastIndex => "lastIndex",
            CommonKey::Exec => "exec",
            CommonKey::Index => "index",
            CommonKey::Input => "input",
            CommonKey::Groups => "groups",
            CommonKey::Indices => "indices",
            CommonKey::Source => "source",
            CommonKey::Flags => "flags",
            CommonKey::HasIndices => "hasIndices",
            CommonKey::Global => "global",
            CommonKey::IgnoreCase => "ignoreCase",
            CommonKey::Multiline => "multiline",
            CommonKey::DotAll => "dotAll",
            CommonKey::Unicode => "unicode",
            CommonKey::UnicodeSets => "unicodeSets",
            CommonKey::Sticky => "sticky",
            CommonKey::Callee => "callee",
        }
    }
}

/// Charges `units` of fuel against the budget `fuel` (what was left when the countdown was last
/// reset to `period`); `Some(OutOfFuel)` when that spends it. Keeps the countdown within what
/// is left, so the budget stops exactly.
fn charge_fuel(
    fuel: &mut Option<u64>,
    period: &mut u32,
    countdown: &mut u32,
    units: u64,
) -> Option<ScriptError> {
    let f = fuel.as_mut()?;
    let used = u64::from(*period - *countdown);
    let left = *f - used;
    if units >= left {
        *f = 0;
        *period = 0;
        *countdown = 0;
        return Some(ScriptError::OutOfFuel);
    }
    *f -= units;
    let left = left - units;
    if u64::from(*countdown) > left {
        let cut = *countdown - left as u32;
        *countdown -= cut;
        *period -= cut;
    }
    None
}

/// The VM state a regular-expression match polls (every `regress::POLL_INTERVAL_STEPS`
/// backtracking steps), borrowed apart from the heap by [`Vm::heap_and_match_poll`].
pub(crate) struct MatchPoll<'v> {
    fuel: &'v mut Option<u64>,
    fuel_period: &'v mut u32,
    poll_countdown: &'v mut u32,
    interrupt: &'v AtomicBool,
    deadline: Option<Instant>,
    /// The heap was over `--max-heap` when the match began; a match allocates nothing, so
    /// that cannot change while it runs.
    over_heap: bool,
}

impl MatchPoll<'_> {
    /// Charges the steps' fuel, then checks the interrupt flag, the deadline and the heap
    /// limit, as [`Vm::poll_limits`] does (without collecting). `Some` when the match must stop.
    pub(crate) fn poll(&mut self) -> Option<ScriptError> {
        let units = u64::from(regress::POLL_INTERVAL_STEPS);
        if let Some(stop) = charge_fuel(self.fuel, self.fuel_period, self.poll_countdown, units) {
            return Some(stop);
        }
        if self.interrupt.load(Ordering::Relaxed) {
            return Some(ScriptError::Interrupted);
        }
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return Some(ScriptError::Interrupted);
        }
        self.over_heap.then_some(ScriptError::OutOfMemory)
    }
}
