//! The interpreter: frames, the calling convention and the dispatch loop.
//!
//! **Frames.** Every call of an ECMAScript function pushes a [`Frame`] and a register window on
//! [`Vm::stack`]; JavaScript-to-JavaScript calls never recurse on the Rust stack, so deep
//! recursion is bounded by [`MAX_FRAMES`] (a RangeError), not by the host's stack. Native code
//! that calls back into JavaScript runs a nested dispatch loop ([`run`]) that returns when its
//! entry frame returns.
//!
//! **Call segments.** A call first pushes `[this, new.target, callee, args...]` on the stack.
//! For an ECMAScript function that segment becomes the start of the new frame (`R[0]`, `R[1]`,
//! `R[2]`, parameters), the register window is extended, and all arguments are copied after the
//! registers for `arguments` and rest parameters. For a native function the segment is what
//! [`Args`] points into. Either way the arguments are roots while the callee runs.
//!
//! **Safepoints.** The loop collects garbage only at safepoints: when a frame starts or resumes
//! (calls, returns, caught throws) and at backward jumps, so every loop iteration and every call
//! passes one and straight-line code runs without checks. It polls the deadline and interrupt
//! flag every [`POLL_INTERVAL`] safepoints.

use crate::builtins::private;
use crate::inline_cache;
use crate::object;
use crate::ops;
use crate::realm::Intrinsic;
use crate::{Args, ErrorKind, JsResult, ScriptError, Throw, Vm};
use amber_compiler::bytecode::{flags, Instr, FIRST_PARAM_REG};
use amber_compiler::{Constant, FunctionCode};
use amber_heap::{
    attrs, Code, Env, FunctionData, Handle, JsString, Object, ObjectKind, Property, PropertyKey,
    Realm, Trace, Value, Visitor,
};

/// The deepest JavaScript call nesting before a RangeError.
pub const MAX_FRAMES: usize = 200_000;
/// The largest value stack (in values) before a RangeError.
pub const MAX_STACK: usize = 16 << 20;
/// The deepest nesting of native code calling back into JavaScript (each level uses the Rust
/// stack).
pub const MAX_NATIVE_DEPTH: u32 = 400;
/// The Rust stack kept free below a re-entry into the interpreter (see `run_segment`): one
/// level takes about 10 KiB, and what runs inside it (a parse for `eval`, a native) more.
const STACK_RED_ZONE: usize = 1 << 20;
/// Safepoints (loop iterations, calls, returns) between polls of the deadline and interrupt
/// flag, and calls of [`Vm::tick`] between polls in long native loops.
pub const POLL_INTERVAL: u32 = 1024;

/// The execution state of one running ECMAScript function or script.
#[derive(Clone, Debug)]
pub struct Frame {
    pub code: Handle<Code>,
    /// The function object (`Undefined` for scripts).
    pub function: Value,
    /// The pc to resume at (valid while the frame is not the running one).
    pub pc: usize,
    /// Stack index of `R[0]`.
    pub base: usize,
    /// Number of arguments passed; they are stored after the registers.
    pub argc: usize,
    pub env: Option<Handle<Env>>,
    /// Environments pushed since the frame began (for exception handlers).
    pub env_depth: u32,
    pub realm: Handle<Realm>,
    /// This frame runs a [[Construct]].
    pub construct: bool,
    /// The dispatch loop that pushed this frame returns when it returns.
    pub entry: bool,
    /// Stack length to restore when the frame returns.
    pub restore: usize,
}

impl Trace for Frame {
    fn trace(&mut self, v: &mut dyn Visitor) {
        self.code.trace(v);
        self.function.trace(v);
        self.env.trace(v);
        self.realm.trace(v);
    }
}

// --- loading compiled code ---------------------------------------------------------------------

/// Converts compiled code into heap `Code` objects (interning its strings).
pub fn load_code(
    vm: &mut Vm,
    code: &FunctionCode,
    source: Handle<JsString>,
    file: Handle<JsString>,
) -> Handle<Code> {
    // Nested functions first; their handles go into a root-free local list, safe because
    // loading allocates but never collects.
    let functions: Vec<Handle<Code>> = code
        .functions
        .iter()
        .map(|f| load_code(vm, f, source, file))
        .collect();
    let constants: Vec<Value> = code
        .constants
        .iter()
        .map(|c| match c {
            Constant::Number(n) => Value::Number(*n),
            Constant::String(s) => Value::String(vm.heap.intern(s)),
            Constant::BigInt(digits) => crate::builtins::bigint::from_decimal_literal(vm, digits),
            Constant::Template { cooked, raw } => {
                crate::builtins::template::template_constant(vm, cooked, raw)
            }
            Constant::Names(names) => {
                let values: Vec<Value> = names
                    .iter()
                    .map(|n| Value::String(vm.heap.intern(n)))
                    .collect();
                Value::Object(ops::create_array_from_list(vm, &values))
            }
        })
        .collect();
    let name = vm.heap.intern(&code.name);
    let scan = BytecodeScan::of(&code.bytecode);
    vm.heap.alloc(Code {
        name,
        bytecode: code.bytecode.clone().into_boxed_slice(),
        constants: constants.into_boxed_slice(),
        functions: functions.into_boxed_slice(),
        handlers: code
            .handlers
            .iter()
            .map(|h| (h.start, (h.end, h.target | (h.env_depth << 24))))
            .collect(),
        lines: code.lines.iter().map(|&(pc, l, c)| (pc, (l, c))).collect(),
        register_count: code.register_count,
        param_count: code.param_count,
        length: code.length,
        flags: code.flags,
        source,
        source_range: code.source_range,
        file,
        caches: amber_heap::code::InlineCaches::new(scan.caches),
        reads_arguments: scan.reads_arguments,
    })
}

/// What a code object's bytecode needs at run time, read in one pass when it is created.
pub(crate) struct BytecodeScan {
    /// How many inline caches it uses: one more than its largest `Ic` operand.
    pub caches: usize,
    /// Whether it reads its call's argument list ([`Code::reads_arguments`]).
    pub reads_arguments: bool,
}

impl BytecodeScan {
    pub(crate) fn new() -> BytecodeScan {
        BytecodeScan {
            caches: 0,
            reads_arguments: false,
        }
    }

    /// Takes one instruction into account.
    pub(crate) fn add(&mut self, instr: &Instr) {
        instr.for_each_ic(|ic| self.caches = self.caches.max(ic as usize + 1));
        if matches!(
            instr,
            Instr::CreateArguments { .. } | Instr::CreateRestArray { .. }
        ) {
            self.reads_arguments = true;
        }
    }

    fn of(bytecode: &[u8]) -> BytecodeScan {
        let mut scan = BytecodeScan::new();
        let mut pc = 0;
        while let Some((instr, next)) = Instr::decode(bytecode, pc) {
            scan.add(&instr);
            pc = next;
        }
        scan
    }
}

/// Runs a compiled script in `realm`: ScriptEvaluation.
/// <https://tc39.es/ecma262/#sec-runtime-semantics-scriptevaluation>
pub fn run_script(
    vm: &mut Vm,
    realm: Handle<Realm>,
    script: &amber_compiler::CompiledScript,
) -> JsResult {
    let source = vm.heap.alloc_string(script.source.encode_utf16().collect());
    let file = vm.heap.intern_str(&script.file);
    let code = load_code(vm, &script.code, source, file);
    let global = vm.heap.get(realm).global_object;
    let base = vm.stack.len();
    vm.stack.push(Value::Object(global));
    vm.stack.push(Value::Undefined);
    vm.stack.push(Value::Undefined);
    vm.save_realm();
    push_frame(vm, code, Value::Undefined, realm, base, 0, false, base)?;
    vm.frames.last_mut().unwrap().entry = true;
    let r = run(vm);
    vm.restore_realm();
    r
}

/// Runs a module's initialization or body code with the module environment (`this` is
/// undefined).
///
/// The frame's function is the module record, so a body with top-level `await` can be
/// suspended and resumed like an async function (see [`generator_resume`]).
pub fn run_module_code(
    vm: &mut Vm,
    realm: Handle<Realm>,
    code: Handle<Code>,
    env: Handle<Env>,
    record: Value,
) -> JsResult {
    let base = vm.stack.len();
    vm.stack.push(Value::Undefined);
    vm.stack.push(Value::Undefined);
    vm.stack.push(Value::Undefined);
    vm.save_realm();
    let r = match push_frame(vm, code, Value::Undefined, realm, base, 0, false, base) {
        Ok(()) => {
            let frame = vm.frames.last_mut().unwrap();
            frame.entry = true;
            frame.env = Some(env);
            frame.function = record;
            run(vm)
        }
        Err(e) => Err(e),
    };
    vm.restore_realm();
    r
}

/// Evaluates code in the global scope of `realm` (indirect eval and `$262.evalScript`).
pub fn eval_in_realm(vm: &mut Vm, realm: Handle<Realm>, source: &str, strict: bool) -> JsResult {
    let options = amber_parser::ParseOptions {
        strict,
        ..Default::default()
    };
    let compiled = match amber_compiler::compile_source(source, "<eval>", &options) {
        Ok(c) => c,
        Err(e) => {
            let message = located_message(&e, source, "<eval>");
            return Err(in_realm(vm, realm, |vm| {
                vm.throw_error(ErrorKind::SyntaxError, message)
            }));
        }
    };
    run_script(vm, realm, &compiled)
}

/// A compile error's message with where it happened, as a SyntaxError's message shows it:
/// `unexpected token '*' (<eval>:1:4)` (modules use the same form).
pub(crate) fn located_message(
    e: &amber_compiler::CompileError,
    source: &str,
    file: &str,
) -> String {
    let (line, col) = amber_parser::line_col(source, e.span.start as usize);
    format!("{} ({file}:{line}:{col})", e.message)
}

/// PerformEval(x, false, direct = false) for a string: the code is eval code in the global
/// environment of `realm` (its lexical declarations get their own environment; sloppy vars
/// and functions become deletable global bindings).
/// <https://tc39.es/ecma262/#sec-performeval>
pub fn indirect_eval(vm: &mut Vm, realm: Handle<Realm>, source: &str) -> JsResult {
    // A compartment's eval code is strict (its record says so).
    let strict = vm.heap.get(realm).strict;
    let compiled = match amber_compiler::compile_eval(source, strict, "") {
        Ok(c) => c,
        Err(e) => {
            let message = located_message(&e, source, "<eval>");
            return Err(in_realm(vm, realm, |vm| {
                vm.throw_error(ErrorKind::SyntaxError, message)
            }));
        }
    };
    run_script(vm, realm, &compiled)
}

// --- calls -------------------------------------------------------------------------------------

/// Pushes a call segment `[this, new.target, callee, args...]`; returns its base.
fn push_segment(
    vm: &mut Vm,
    callee: Value,
    this: Value,
    new_target: Value,
    args: &[Value],
) -> usize {
    let base = vm.stack.len();
    vm.stack.push(this);
    vm.stack.push(new_target);
    vm.stack.push(callee);
    vm.stack.extend_from_slice(args);
    base
}

/// What starting a call did.
enum Entered {
    /// An ECMAScript frame was pushed; the dispatch loop runs it.
    Frame,
    /// A native function ran to completion.
    Done(Value),
}

/// Call(F, V, argumentsList) from Rust.
pub fn call(vm: &mut Vm, f: Value, this: Value, args: &[Value]) -> JsResult {
    let base = push_segment(vm, f, this, Value::Undefined, args);
    run_segment(vm, base, args.len(), enter_call)
}

/// Construct(F, argumentsList, newTarget) from Rust.
pub fn construct(vm: &mut Vm, f: Value, args: &[Value], new_target: Value) -> JsResult {
    let base = push_segment(vm, f, Value::Empty, new_target, args);
    run_segment(vm, base, args.len(), enter_construct)
}

/// Enters the call segment at `base` with `enter` ([[Call]] or [[Construct]]) and, for an
/// ECMAScript callee, runs the new frame to completion in a nested dispatch loop. The current
/// realm is the caller's again afterwards.
fn run_segment(
    vm: &mut Vm,
    base: usize,
    argc: usize,
    enter: fn(&mut Vm, usize, usize, usize) -> JsResult<Entered>,
) -> JsResult {
    // Native code calling back into JavaScript (a getter, a callback, an iterator's `next`
    // called from Rust) nests the Rust stack, one interpreter loop per level: stop with a
    // RangeError while there is still room, whatever the thread's stack size (an embedder's
    // thread may be much smaller than the CLI's).
    if stacker::remaining_stack().is_some_and(|left| left < STACK_RED_ZONE) {
        vm.stack.truncate(base);
        return Err(vm.range_error("Maximum call stack size exceeded"));
    }
    vm.save_realm();
    let r = match enter(vm, base, argc, base) {
        Ok(Entered::Done(v)) => Ok(v),
        Ok(Entered::Frame) => {
            vm.frames.last_mut().unwrap().entry = true;
            run(vm)
        }
        Err(e) => {
            vm.stack.truncate(base);
            Err(e)
        }
    };
    vm.restore_realm();
    r
}

fn not_callable(vm: &mut Vm, f: Value) -> Throw {
    let shown = ops::short_display(vm, f);
    vm.type_error(format!("{shown} is not a function"))
}

/// [[Call]] of the callee in the segment at `base`. `restore` is the stack length to go back
/// to when the call is over.
fn enter_call(vm: &mut Vm, base: usize, argc: usize, restore: usize) -> JsResult<Entered> {
    let callee = vm.stack[base + 2];
    let Value::Object(f) = callee else {
        return Err(not_callable(vm, callee));
    };
    match &vm.heap.get(f).kind {
        ObjectKind::Function(data) => {
            let (code, realm) = (data.code, data.realm);
            let code_flags = vm.heap.get(code).flags;
            if code_flags & flags::CLASS_CONSTRUCTOR != 0 {
                // [[Call]] step 2: the TypeError is created in the callee's context, so it
                // comes from F's [[Realm]].
                let name = vm.rust_string(vm.heap.get(code).name);
                let message = format!("Class constructor {name} cannot be invoked without 'new'");
                return Err(in_realm(vm, realm, |vm| vm.type_error(message)));
            }
            // OrdinaryCallBindThis: sloppy functions see undefined/null as the global this
            // and primitives boxed.
            if code_flags & (flags::STRICT | flags::ARROW) == 0 {
                let this = vm.stack[base];
                if this.is_nullish() {
                    let global = vm.heap.get(realm).global_object;
                    vm.stack[base] = Value::Object(global);
                } else if !matches!(this, Value::Object(_)) {
                    let boxed = in_realm(vm, realm, |vm| ops::to_object(vm, this));
                    vm.stack[base] = Value::Object(boxed?);
                }
            }
            push_frame(vm, code, callee, realm, base, argc, false, restore)?;
            Ok(Entered::Frame)
        }
        ObjectKind::Native(n) => {
            let id = n.id;
            let r = call_native(vm, id, base, argc);
            vm.stack.truncate(restore);
            r.map(Entered::Done)
        }
        ObjectKind::Bound(b) => {
            // <https://tc39.es/ecma262/#sec-bound-function-exotic-objects-call-thisargument-argumentslist>
            let (target, this, bound_args) = (b.target, b.this, b.args.clone());
            let args: Vec<Value> = vm.stack[base + 3..base + 3 + argc].to_vec();
            let mut all = bound_args;
            all.extend(args);
            let nb = push_segment(vm, Value::Object(target), this, Value::Undefined, &all);
            enter_call(vm, nb, all.len(), restore)
        }
        ObjectKind::Proxy(_) => {
            let this = vm.stack[base];
            let args: Vec<Value> = vm.stack[base + 3..base + 3 + argc].to_vec();
            let r = crate::builtins::proxy::call(vm, f, this, &args);
            vm.stack.truncate(restore);
            r.map(Entered::Done)
        }
        _ => Err(not_callable(vm, callee)),
    }
}

/// The common case of [`enter_call`] + [`push_frame`] in one step, for the `Call`
/// instruction: `f` is an ordinary ECMAScript function (not a class constructor) that reads
/// neither `arguments` nor rest parameters, and `this` needs no boxing. The new frame's window
/// is laid out directly: `[this, undefined, f, parameters..., registers...]`, copying only the
/// arguments that fill parameters, with one lookup of the function and its code. Returns
/// false, having done nothing, for every other call (and near the frame or stack limits,
/// where the general path throws its RangeError).
#[inline(always)]
fn enter_plain_call(vm: &mut Vm, f: Value, this: Value, start: usize, argc: usize) -> bool {
    let Value::Object(fh) = f else { return false };
    let ObjectKind::Function(d) = &vm.heap.get(fh).kind else {
        return false;
    };
    let (code, realm, env) = (d.code, d.realm, d.env);
    let c = vm.heap.get(code);
    if c.flags & flags::CLASS_CONSTRUCTOR != 0 || c.reads_arguments {
        return false;
    }
    let (nregs, nparams) = (c.register_count as usize, c.param_count as usize);
    // OrdinaryCallBindThis: a sloppy function sees undefined/null as the global object
    // (boxing a primitive allocates: the general path does it).
    let this = match this {
        Value::Object(_) => this,
        _ if c.flags & (flags::STRICT | flags::ARROW) != 0 => this,
        Value::Undefined | Value::Null => Value::Object(vm.heap.get(realm).global_object),
        _ => return false,
    };
    if vm.frames.len() >= MAX_FRAMES || vm.stack.len() > MAX_STACK {
        return false;
    }
    let base = vm.stack.len();
    let window = nregs.max(FIRST_PARAM_REG as usize);
    // Plain pushes into reserved room: a frame is a handful of values, for which the
    // generic `extend_from_within` and `resize` cost more than the copies.
    vm.stack.reserve(window);
    vm.stack.push(this);
    vm.stack.push(Value::Undefined);
    vm.stack.push(f);
    for i in start..start + argc.min(nparams) {
        let v = vm.stack[i];
        vm.stack.push(v);
    }
    while vm.stack.len() < base + window {
        vm.stack.push(Value::Undefined);
    }
    vm.frames.push(Frame {
        code,
        function: f,
        pc: 0,
        base,
        argc,
        env,
        env_depth: 0,
        realm,
        construct: false,
        entry: false,
        restore: base,
    });
    true
}

/// [[Construct]] of the callee in the segment at `base`, with new.target in the segment.
fn enter_construct(vm: &mut Vm, base: usize, argc: usize, restore: usize) -> JsResult<Entered> {
    let callee = vm.stack[base + 2];
    if !ops::is_constructor(vm, callee) {
        let shown = ops::short_display(vm, callee);
        return Err(vm.type_error(format!("{shown} is not a constructor")));
    }
    let Value::Object(f) = callee else {
        unreachable!()
    };
    match &vm.heap.get(f).kind {
        ObjectKind::Function(data) => {
            // <https://tc39.es/ecma262/#sec-ecmascript-function-objects-construct-argumentslist-newtarget>
            let (code, realm) = (data.code, data.realm);
            let derived = vm.heap.get(code).flags & flags::DERIVED != 0;
            if !derived {
                // 5.a. Let thisArgument be ? OrdinaryCreateFromConstructor(newTarget, "%Object.prototype%").
                let nt = vm.stack[base + 1];
                let this = in_realm(vm, realm, |vm| {
                    ops::ordinary_create_from_constructor(
                        vm,
                        nt,
                        Intrinsic::ObjectPrototype,
                        ObjectKind::Ordinary,
                    )
                })?;
                vm.stack[base] = Value::Object(this);
            } else {
                vm.stack[base] = Value::Empty;
            }
            let callee = vm.stack[base + 2];
            push_frame(vm, code, callee, realm, base, argc, true, restore)?;
            Ok(Entered::Frame)
        }
        ObjectKind::Native(n) => {
            let id = n.id;
            let r = call_native(vm, id, base, argc);
            vm.stack.truncate(restore);
            r.map(Entered::Done)
        }
        ObjectKind::Bound(b) => {
            // <https://tc39.es/ecma262/#sec-bound-function-exotic-objects-construct-argumentslist-newtarget>
            let (target, bound_args) = (b.target, b.args.clone());
            let args: Vec<Value> = vm.stack[base + 3..base + 3 + argc].to_vec();
            let mut nt = vm.stack[base + 1];
            if nt == callee {
                nt = Value::Object(target);
            }
            let mut all = bound_args;
            all.extend(args);
            let nb = push_segment(vm, Value::Object(target), Value::Empty, nt, &all);
            enter_construct(vm, nb, all.len(), restore)
        }
        ObjectKind::Proxy(_) => {
            let nt = vm.stack[base + 1];
            let args: Vec<Value> = vm.stack[base + 3..base + 3 + argc].to_vec();
            let r = crate::builtins::proxy::construct(vm, f, &args, nt);
            vm.stack.truncate(restore);
            r.map(Entered::Done)
        }
        _ => unreachable!("is_constructor accepted a non-function"),
    }
}

/// Runs `f` with `realm` as the current realm.
pub fn in_realm<T>(vm: &mut Vm, realm: Handle<Realm>, f: impl FnOnce(&mut Vm) -> T) -> T {
    vm.save_realm();
    vm.realm = realm;
    let r = f(vm);
    vm.restore_realm();
    r
}

fn call_native(vm: &mut Vm, id: u32, base: usize, argc: usize) -> JsResult {
    if vm.native_depth >= MAX_NATIVE_DEPTH || vm.stack.len() > MAX_STACK {
        return Err(vm.range_error("Maximum call stack size exceeded"));
    }
    let args = Args {
        base,
        len: argc,
        new_target: base + 1,
        callee: base + 2,
    };
    // A built-in runs in the realm of its function object.
    // <https://tc39.es/ecma262/#sec-built-in-function-objects-call-thisargument-argumentslist>
    let Value::Object(f) = vm.stack[base + 2] else {
        unreachable!()
    };
    let realm = match &vm.heap.get(f).kind {
        ObjectKind::Native(n) => n.realm,
        _ => vm.current_realm(),
    };
    vm.native_depth += 1;
    // Root slots a native leaves behind (an early `?` return) are released here.
    let (roots, realm_roots) = (vm.roots.len(), vm.realm_roots.len());
    let f = vm.native_fn(id);
    crate::stack::enter_native(vm, base);
    let r = in_realm(vm, realm, |vm| f(vm, args));
    crate::stack::leave_native(vm);
    vm.roots.truncate(roots);
    vm.realm_roots.truncate(realm_roots);
    vm.native_depth -= 1;
    if r.is_ok() && vm.terminating.is_some() {
        // The built-in caught a stop (a limit, an interrupt) as if it were an ordinary throw
        // and completed normally: a stop cannot be caught, so it goes on unwinding here.
        return Err(Throw(()));
    }
    r
}

/// Pushes a frame for `code` over the segment at `base` (PrepareForOrdinaryCall +
/// OrdinaryCallEvaluateBody's register setup).
#[allow(clippy::too_many_arguments)]
fn push_frame(
    vm: &mut Vm,
    code: Handle<Code>,
    function: Value,
    realm: Handle<Realm>,
    base: usize,
    argc: usize,
    construct: bool,
    restore: usize,
) -> JsResult<()> {
    if vm.frames.len() >= MAX_FRAMES || vm.stack.len() > MAX_STACK {
        vm.stack.truncate(restore);
        return Err(vm.range_error("Maximum call stack size exceeded"));
    }
    let c = vm.heap.get(code);
    let (nregs, nparams) = (c.register_count as usize, c.param_count as usize);
    let first = FIRST_PARAM_REG as usize;
    if !c.reads_arguments {
        // The parameters are already in place (the arguments start at FIRST_PARAM_REG):
        // drop the arguments past them and clear the rest of the registers.
        vm.stack.truncate(base + first + argc.min(nparams));
        // (A loop: for a handful of registers it is cheaper than the generic `resize`.)
        vm.stack.reserve(nregs.max(first));
        while vm.stack.len() < base + nregs.max(first) {
            vm.stack.push(Value::Undefined);
        }
    } else {
        // Copy all arguments after the registers, then lay out the parameters.
        let args_at = base + nregs.max(first);
        let args: smallvec_like::Args =
            smallvec_like::Args::from(&vm.stack[base + first..base + first + argc]);
        vm.stack.truncate(base + first);
        vm.stack.resize(args_at, Value::Undefined);
        for i in 0..nparams.min(argc) {
            vm.stack[base + first + i] = args.get(i);
        }
        vm.stack.extend_from_slice(args.as_slice());
    }
    vm.frames.push(Frame {
        code,
        function,
        pc: 0,
        base,
        argc,
        env: match function {
            Value::Object(f) => match &vm.heap.get(f).kind {
                ObjectKind::Function(d) => d.env,
                _ => None,
            },
            _ => None,
        },
        env_depth: 0,
        realm,
        construct,
        entry: false,
        restore,
    });
    Ok(())
}

/// A tiny inline buffer for copying arguments without allocating in the common case.
mod smallvec_like {
    use amber_heap::Value;
    pub enum Args {
        Inline([Value; 8], usize),
        Heap(Vec<Value>),
    }
    impl Args {
        pub fn from(s: &[Value]) -> Args {
            if s.len() <= 8 {
                let mut a = [Value::Undefined; 8];
                a[..s.len()].copy_from_slice(s);
                Args::Inline(a, s.len())
            } else {
                Args::Heap(s.to_vec())
            }
        }
        pub fn get(&self, i: usize) -> Value {
            self.as_slice()[i]
        }
        pub fn as_slice(&self) -> &[Value] {
            match self {
                Args::Inline(a, n) => &a[..*n],
                Args::Heap(v) => v,
            }
        }
    }
}

// --- the dispatch loop -------------------------------------------------------------------------

/// Runs frames until the entry frame on top when called returns; its result is returned.
pub fn run(vm: &mut Vm) -> JsResult {
    run_with(vm, Value::Undefined)
}

/// [`run`] with an initial accumulator (a resumed generator receives its value in it).
pub fn run_with(vm: &mut Vm, acc: Value) -> JsResult {
    // Three copies of the loop, so the plain one tests neither for tracing nor for fuel per
    // instruction.
    if vm.options.trace {
        dispatch::<true, true>(vm, acc)
    } else if vm.has_fuel() {
        dispatch::<false, true>(vm, acc)
    } else {
        dispatch::<false, false>(vm, acc)
    }
}

/// The dispatch loop. The outer loop (re)loads the running frame's state and is the
/// safepoint: it collects garbage when the heap asks and polls the limits. The inner loop runs
/// the frame's instructions and leaves for the outer one whenever the frame changes (a call, a
/// return, a caught throw) and at every backward jump, so each loop iteration and each call
/// passes a safepoint, while straight-line code runs without any per-instruction checks.
///
/// `METERED` (a fuel budget is set, or tracing): the poll countdown runs per instruction
/// instead of per safepoint, so fuel counts instructions exactly.
fn dispatch<const TRACE: bool, const METERED: bool>(vm: &mut Vm, mut acc: Value) -> JsResult {
    'frames: loop {
        // The safepoint: collect, poll limits. (Under GC stress the heap asks for a
        // collection whenever anything was allocated since the last one.)
        if vm.heap.wants_collection() {
            let slot = vm.root(acc);
            vm.collect_garbage();
            acc = vm.rooted(slot);
            vm.unroot(slot);
            if !METERED {
                // Poll now: an allocation storm (which is what makes collections frequent)
                // meets the heap limit at once, not after a poll interval of big iterations.
                vm.poll_countdown = 0;
            }
        }
        if vm.terminating.is_some() {
            // A stop is in flight but a built-in caught it (IfAbruptRejectPromise,
            // IteratorClose and the like catch every abrupt completion) and went on running
            // JavaScript: stop again before this frame runs anything.
            let pc = vm.frames.last().expect("run with no frame").pc;
            match unwind(vm, pc) {
                Unwound::Caught(_) => unreachable!("termination is never caught"),
                Unwound::Uncaught => return Err(Throw(())),
            }
        }
        if !METERED {
            if vm.poll_countdown == 0 {
                if let Some(stop) = vm.poll_period_over(true) {
                    vm.terminating = Some(stop);
                    let pc = vm.frames.last().expect("run with no frame").pc;
                    match unwind(vm, pc) {
                        Unwound::Caught(_) => unreachable!("termination is never caught"),
                        Unwound::Uncaught => return Err(Throw(())),
                    }
                }
            }
            vm.poll_countdown -= 1;
        }
        let frame = vm.frames.last().expect("run with no frame");
        let base = frame.base;
        let mut pc = frame.pc;
        vm.realm = frame.realm;
        let frame_code = vm.heap.get(frame.code);
        let strict = frame_code.flags & flags::STRICT != 0;
        let bytecode: *const [u8] = &*frame_code.bytecode;
        loop {
            // Re-read every instruction: the last one may have run JavaScript, and with it a
            // collection (at a nested loop's safepoint) that moved the code object.
            let code = vm.frames.last().unwrap().code;
            if METERED {
                if vm.poll_countdown == 0 {
                    vm.frames.last_mut().unwrap().pc = pc;
                    if let Some(stop) = vm.poll_period_over(true) {
                        vm.terminating = Some(stop);
                        match unwind(vm, pc) {
                            Unwound::Caught(_) => unreachable!("termination is never caught"),
                            Unwound::Uncaught => return Err(Throw(())),
                        }
                    }
                    // (The poll may have collected: the code object may have moved.)
                    continue 'frames;
                }
                vm.poll_countdown -= 1;
            }
            let instr_pc = pc;
            vm.call_sites.running_pc = pc as u32;
            // SAFETY: `bytecode` points into the `Box<[u8]>` of the code object of the top
            // frame, which is the same frame for the whole inner loop (anything that pushes or
            // pops a frame leaves it through `continue 'frames`, which reads the pointer
            // again). That code object stays alive while its frame is on the stack (frames
            // are roots), its bytecode is never written after creation, and a collection moves
            // the `Code` value (and with it the box's pointer) but never the allocation the
            // box owns, so the slice stays valid and unchanged. Reading it here saves looking
            // the code object up in its arena on every instruction. Covered by every test
            // under `gc_stress`, which collects and moves everything at every safepoint.
            let bytecode = unsafe { &*bytecode };
            let Some((instr, next)) = Instr::decode(bytecode, pc) else {
                let _ = vm.type_error("internal error: invalid bytecode");
                vm.frames.last_mut().unwrap().pc = pc;
                match unwind(vm, instr_pc) {
                    Unwound::Caught(h) => {
                        vm.frames.last_mut().unwrap().pc = h;
                        acc = vm.take_exception();
                        continue 'frames;
                    }
                    Unwound::Uncaught => return Err(Throw(())),
                }
            };
            pc = next;
            if TRACE {
                crate::tracer::instruction(vm, code, instr_pc, &instr, acc);
            }
            match step(vm, instr, &mut acc, base, code, strict, &mut pc) {
                Ok(Flow::Next) => {
                    if pc <= instr_pc {
                        // A backward jump: every loop passes the safepoint.
                        vm.frames.last_mut().unwrap().pc = pc;
                        continue 'frames;
                    }
                }
                Ok(Flow::Call) => {
                    // A frame was pushed: save our pc and run it.
                    let n = vm.frames.len();
                    vm.frames[n - 2].pc = pc;
                    continue 'frames;
                }
                Ok(Flow::Return) => {
                    let frame = vm.frames.pop().unwrap();
                    let result = match complete_return(vm, &frame, acc) {
                        Ok(v) => v,
                        Err(_) => {
                            vm.stack.truncate(frame.restore);
                            if frame.entry {
                                return Err(Throw(()));
                            }
                            let pc = vm.frames.last().unwrap().pc - 1;
                            match unwind(vm, pc) {
                                Unwound::Caught(h) => {
                                    vm.frames.last_mut().unwrap().pc = h;
                                    acc = vm.take_exception();
                                    continue 'frames;
                                }
                                Unwound::Uncaught => return Err(Throw(())),
                            }
                        }
                    };
                    vm.stack.truncate(frame.restore);
                    if frame.entry {
                        return Ok(result);
                    }
                    acc = result;
                    continue 'frames;
                }
                Err(_) => {
                    vm.frames.last_mut().unwrap().pc = pc;
                    // The instruction may have run JavaScript (and a collection that moved
                    // `code`): read the frame's code again.
                    let code = vm.frames.last().unwrap().code;
                    vm.throw_site = Some((code, instr_pc as u32));
                    match unwind(vm, instr_pc) {
                        Unwound::Caught(h) => {
                            vm.frames.last_mut().unwrap().pc = h;
                            acc = vm.take_exception();
                            continue 'frames;
                        }
                        Unwound::Uncaught => return Err(Throw(())),
                    }
                }
            }
        }
    }
}

/// The [[Construct]] return rules, for frames that were constructing.
fn complete_return(vm: &mut Vm, frame: &Frame, v: Value) -> JsResult {
    if !frame.construct || matches!(v, Value::Object(_)) {
        return Ok(v);
    }
    let derived = vm.heap.get(frame.code).flags & flags::DERIVED != 0;
    if derived {
        // The compiler turned `undefined` into the this binding (unchecked: `Empty` if
        // `super()` never ran); anything else is an error. Both errors belong to the caller's
        // realm: [[Construct]] step 8 restored the caller's context before steps 10-12.
        let caller_realm = if frame.entry {
            vm.realm_stack.last().copied().unwrap_or(vm.realm)
        } else {
            vm.frames.last().map_or(vm.realm, |f| f.realm)
        };
        return Err(in_realm(vm, caller_realm, |vm| match v {
            Value::Empty => vm.reference_error("Must call super constructor before returning"),
            _ => vm.type_error("Derived constructors may only return object or undefined"),
        }));
    }
    Ok(vm.stack[frame.base])
}

enum Unwound {
    /// A handler of the (new) top frame catches it at this pc.
    Caught(usize),
    Uncaught,
}

/// Finds the handler for a throw at `pc` in the top frame, popping frames that have none, up
/// to and including the entry frame.
fn unwind(vm: &mut Vm, mut pc: usize) -> Unwound {
    loop {
        let frame = vm.frames.last().unwrap();
        if vm.terminating.is_none() {
            let code = vm.heap.get(frame.code);
            let found = code
                .handlers
                .iter()
                .find(|(start, (end, _))| (*start as usize) <= pc && pc < (*end as usize));
            if let Some(&(_, (_, packed))) = found {
                let target = (packed & 0x00ff_ffff) as usize;
                let depth = packed >> 24;
                let frame = vm.frames.last_mut().unwrap();
                while frame.env_depth > depth {
                    // The depth counts the frame's environments; a handler of corrupt-image
                    // bytecode can disagree with the chain: stop at its end, don't panic.
                    let Some(env) = frame.env else { break };
                    frame.env = vm.heap.get(env).outer;
                    frame.env_depth -= 1;
                }
                return Unwound::Caught(target);
            }
        }
        let frame = vm.frames.pop().unwrap();
        vm.stack.truncate(frame.restore);
        if frame.entry {
            return Unwound::Uncaught;
        }
        pc = vm.frames.last().unwrap().pc - 1;
    }
}

/// What the loop does after an instruction. (No payload: a returned value is in the
/// accumulator, so `JsResult<Flow>` fits in a register.)
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flow {
    Next,
    /// A new frame is on top.
    Call,
    /// The running frame returns the accumulator.
    Return,
}

// Register access without bounds checks. The invariant that makes it sound, kept by every
// path that runs a frame: (1) every register operand of a code object is below
// `max(register_count, FIRST_PARAM_REG)` (the compiler allocates registers that way, and
// `snapshot::verify_code` checks it for bytecode from heap images before it can run); (2) while
// a frame runs, `vm.stack` holds at least that many values from its `base` (`push_frame`,
// script, eval and generator entry size the window; anything that shrinks the stack only pops
// segments and frames above the running one). `debug_assert!`s check both in debug builds, and
// every test under `gc_stress` runs through here.

#[inline(always)]
fn reg(vm: &Vm, base: usize, r: amber_compiler::bytecode::Reg) -> Value {
    let i = base + r.0 as usize;
    debug_assert!(i < vm.stack.len(), "register r{} outside the frame", r.0);
    // SAFETY: `i` is inside the running frame's register window (see above).
    unsafe { *vm.stack.get_unchecked(i) }
}

#[inline(always)]
fn set_reg(vm: &mut Vm, base: usize, r: amber_compiler::bytecode::Reg, v: Value) {
    let i = base + r.0 as usize;
    debug_assert!(i < vm.stack.len(), "register r{} outside the frame", r.0);
    // SAFETY: `i` is inside the running frame's register window (see above).
    unsafe { *vm.stack.get_unchecked_mut(i) = v }
}

fn constant(vm: &Vm, code: Handle<Code>, k: amber_compiler::bytecode::Const) -> Value {
    vm.heap.get(code).constants[k.0 as usize]
}

fn name_constant(
    vm: &Vm,
    code: Handle<Code>,
    k: amber_compiler::bytecode::Const,
) -> Handle<JsString> {
    match constant(vm, code, k) {
        Value::String(s) => s,
        _ => unreachable!("name constant is not a string"),
    }
}

/// The error for a register that does not hold the object the instruction needs (a generator,
/// a literal under construction, a class). The compiler never emits such code, but a corrupt
/// heap image can hold it: operand ranges are verified at load, register contents are not.
fn bad_register(vm: &mut Vm) -> crate::Throw {
    vm.type_error("internal error: a register holds the wrong kind of value")
}

/// The generator object in register `gen` (of Yield, Await, AsyncResolve, AsyncReject), or
/// [`bad_register`]'s error when it holds anything else (corrupt-image bytecode only).
fn generator_register(
    vm: &mut Vm,
    base: usize,
    gen: amber_compiler::bytecode::Reg,
) -> JsResult<Handle<Object>> {
    match reg(vm, base, gen) {
        Value::Object(g) if matches!(vm.heap.get(g).kind, ObjectKind::Generator(_)) => Ok(g),
        _ => Err(bad_register(vm)),
    }
}

/// The environment `depth` hops out from the running frame's.
///
/// The compiler never emits a depth past the chain, but bytecode from a corrupt heap image can
/// (its operands are checked against the code, not against the closure's environments), so a
/// short chain is an error, not a panic.
fn env_at(vm: &mut Vm, depth: u16) -> JsResult<Handle<Env>> {
    let mut env = vm.frames.last().and_then(|f| f.env);
    for _ in 0..depth {
        env = env.and_then(|e| vm.heap.get(e).outer);
    }
    env.ok_or_else(|| vm.type_error("internal error: environment chain too short"))
}

/// Slot `slot` of `env`, checked for the same reason as [`env_at`]'s depth.
fn env_slot(vm: &mut Vm, env: Handle<Env>, slot: u16) -> JsResult<&mut Value> {
    if (slot as usize) >= vm.heap.get(env).slots.len() {
        return Err(vm.type_error("internal error: environment slot out of range"));
    }
    Ok(&mut vm.heap.get_mut(env).slots[slot as usize])
}

/// Executes one instruction.
#[inline(always)]
fn step(
    vm: &mut Vm,
    instr: Instr,
    acc: &mut Value,
    base: usize,
    code: Handle<Code>,
    strict: bool,
    pc: &mut usize,
) -> JsResult<Flow> {
    use Instr::*;
    match instr {
        LdaUndefined {} => *acc = Value::Undefined,
        LdaNull {} => *acc = Value::Null,
        LdaTrue {} => *acc = Value::Boolean(true),
        LdaFalse {} => *acc = Value::Boolean(false),
        LdaEmpty {} => *acc = Value::Empty,
        LdaSmi { value } => *acc = Value::Number(value.0 as f64),
        LdaConst { k } => *acc = constant(vm, code, k),
        Ldar { src } => *acc = reg(vm, base, src),
        Star { dst } => set_reg(vm, base, dst, *acc),
        Mov { dst, src } => {
            let v = reg(vm, base, src);
            set_reg(vm, base, dst, v)
        }

        LdaEnv { depth, slot } => {
            let env = env_at(vm, depth.0)?;
            *acc = *env_slot(vm, env, slot.0)?;
        }
        StaEnv { depth, slot } => {
            let env = env_at(vm, depth.0)?;
            *env_slot(vm, env, slot.0)? = *acc;
        }
        PushEnv { size } => {
            let frame = vm.frames.last().unwrap();
            let outer = frame.env;
            let env = vm.heap.alloc(Env {
                outer,
                slots: vec![Value::Empty; size.0 as usize],
                object: None,
                names: Value::Undefined,
            });
            let frame = vm.frames.last_mut().unwrap();
            frame.env = Some(env);
            frame.env_depth += 1;
        }
        PopEnv {} => {
            // (No environment: only bytecode from a corrupt image, see `env_at`.)
            let env = env_at(vm, 0)?;
            let outer = vm.heap.get(env).outer;
            let frame = vm.frames.last_mut().unwrap();
            frame.env = outer;
            frame.env_depth = frame.env_depth.saturating_sub(1);
        }
        CopyEnv {} => {
            let env = env_at(vm, 0)?;
            let copy = vm.heap.get(env).clone();
            let new = vm.heap.alloc(copy);
            vm.frames.last_mut().unwrap().env = Some(new);
        }
        CheckTdz { name } => {
            if let Value::Empty = *acc {
                let n = vm.rust_string(name_constant(vm, code, name));
                return Err(
                    vm.reference_error(format!("Cannot access '{n}' before initialization"))
                );
            }
        }
        ThrowConstAssign { name } => {
            let n = vm.rust_string(name_constant(vm, code, name));
            return Err(vm.type_error(format!("Assignment to constant variable '{n}'.")));
        }

        LdaGlobal { name, ic } => *acc = globals::load_cached(vm, code, ic, name, true)?,
        LdaGlobalOrUndefined { name, ic } => {
            *acc = globals::load_cached(vm, code, ic, name, false)?
        }
        StaGlobal { name, ic } => globals::store_cached(vm, code, ic, name, *acc, strict)?,
        DeclareGlobalVar { name } => {
            globals::declare_var(vm, name_constant(vm, code, name), false)?
        }
        DeclareGlobalFunction { name } => {
            globals::declare_function(vm, name_constant(vm, code, name), *acc, false)?
        }
        CheckGlobalDeclaration { name, kind } => {
            globals::check_declaration(vm, name_constant(vm, code, name), kind.0)?
        }
        DeclareEvalGlobalVar { name } => {
            globals::declare_var(vm, name_constant(vm, code, name), true)?
        }
        DeclareAnnexBGlobalVar { name } => {
            let name = name_constant(vm, code, name);
            if globals::check_declaration(vm, name, 1).is_err()
                || globals::check_declaration(vm, name, 3).is_err()
            {
                // Not definable (fnDefinable is false): no binding; the error is dropped.
                vm.take_exception();
            } else {
                globals::declare_var(vm, name, true)?;
            }
        }
        DeclareEvalGlobalFunction { name } => {
            globals::declare_function(vm, name_constant(vm, code, name), *acc, true)?
        }
        DeclareGlobalLexical { name, is_const } => {
            globals::declare_lexical(vm, name_constant(vm, code, name), is_const.0 != 0)?
        }
        InitGlobalLexical { name } => {
            globals::init_lexical(vm, name_constant(vm, code, name), *acc)
        }
        DeleteGlobal { name } => *acc = globals::delete(vm, name_constant(vm, code, name))?,

        GetNamed { obj, name, ic } => {
            let o = reg(vm, base, obj);
            // The object the lookup starts at: the receiver, or for a string or number the
            // prototype its wrapper would have (a String wrapper's own "length" and indices
            // are never cached, see `inline_cache`).
            let start = match o {
                Value::Object(h) => Some(h),
                Value::String(_) => Some(vm.intrinsic(Intrinsic::StringPrototype)),
                Value::Number(_) => Some(vm.intrinsic(Intrinsic::NumberPrototype)),
                _ => None,
            };
            if let Some(h) = start {
                if let Some(v) = inline_cache::cached_get(vm, code, ic, h) {
                    *acc = v;
                    return Ok(Flow::Next);
                }
            }
            let key = PropertyKey::String(name_constant(vm, code, name));
            let key = normalize_key(key, vm);
            let collections = vm.heap.collections;
            *acc = ops::get_v(vm, o, key)?;
            // (Only if nothing moved: a getter or a proxy trap may have collected.)
            if let (Some(h), true) = (start, collections == vm.heap.collections) {
                inline_cache::fill_get(vm, code, ic, h, key);
            }
        }
        SetNamed { obj, name, ic } => {
            let o = reg(vm, base, obj);
            if let Value::Object(h) = o {
                if inline_cache::cached_set(vm, code, ic, h, *acc) {
                    return Ok(Flow::Next);
                }
            }
            let key = normalize_key(PropertyKey::String(name_constant(vm, code, name)), vm);
            let collections = vm.heap.collections;
            let before = match o {
                Value::Object(h) => Some(inline_cache::shape_before(vm, h)),
                _ => None,
            };
            let slot = vm.root(*acc);
            ops::put_value(vm, o, key, *acc, strict)?;
            *acc = vm.rooted(slot);
            vm.unroot(slot);
            if let (Value::Object(h), Some(before)) = (o, before) {
                if collections == vm.heap.collections {
                    inline_cache::fill_set(vm, code, ic, h, key, before);
                }
            }
        }
        GetKeyed { obj } => {
            let o = reg(vm, base, obj);
            if let (Value::Object(h), Value::Number(n)) = (o, *acc) {
                // Fast path: dense element.
                if n >= 0.0 && n.fract() == 0.0 && n < u32::MAX as f64 {
                    let obj = vm.heap.get(h);
                    if let Some(v) = obj.elements.get(n as usize) {
                        if !matches!(v, Value::Empty)
                            && !matches!(obj.kind, ObjectKind::Proxy(_) | ObjectKind::Arguments(_))
                        {
                            *acc = *v;
                            return Ok(Flow::Next);
                        }
                    }
                }
            }
            // Fast path: a TypedArray indexed by a Number. ToPropertyKey(n) is a canonical
            // numeric string whose value is n itself (or +0 for -0), so [[Get]] is
            // TypedArrayGetElement (<https://tc39.es/ecma262/#sec-typedarray-get>).
            if let (Value::Object(h), Value::Number(n)) = (o, *acc) {
                if let ObjectKind::TypedArray(_) = vm.heap.get(h).kind {
                    let index = if n == 0.0 { 0.0 } else { n };
                    *acc = crate::builtins::typed_array::typed_array_get_element(vm, h, index);
                    return Ok(Flow::Next);
                }
            }
            if let Some(p) = private::as_private_name(vm, *acc) {
                *acc = private::get(vm, o, p)?;
                return Ok(Flow::Next);
            }
            if o.is_nullish() {
                // GetValue: ToObject(base) throws before the key is converted.
                if let Value::Object(_) = *acc {
                    let what = if o == Value::Null {
                        "null"
                    } else {
                        "undefined"
                    };
                    return Err(vm.type_error(format!("Cannot read properties of {what}")));
                }
                let k = ops::to_property_key(vm, *acc)?;
                return Err(ops::get_v(vm, o, k).unwrap_err());
            }
            let key = ops::to_property_key(vm, *acc)?;
            let o = reg(vm, base, obj);
            *acc = ops::get_v(vm, o, key)?;
        }
        SetKeyed { obj, key } => {
            let o = reg(vm, base, obj);
            let k = reg(vm, base, key);
            if let (Value::Object(h), Value::Number(n)) = (o, k) {
                if n >= 0.0 && n.fract() == 0.0 && n < u32::MAX as f64 {
                    let i = n as usize;
                    let object = vm.heap.get_mut(h);
                    if let ObjectKind::Ordinary | ObjectKind::Array(_) = object.kind {
                        // An existing element is a writable data property: overwrite it.
                        if let Some(slot) = object.elements.get_mut(i) {
                            if !matches!(slot, Value::Empty) {
                                *slot = *acc;
                                return Ok(Flow::Next);
                            }
                        }
                    }
                    // Appending to an extensible Array with a writable length, when nothing
                    // on the prototype chain has this index: what [[Set]] would do is define
                    // a data element and grow the length.
                    if let ObjectKind::Array(d) = object.kind {
                        let proto = object.proto;
                        if i == object.elements.len()
                            && object.extensible
                            && d.length_writable
                            && vm
                                .heap
                                .get_property(h, PropertyKey::Index(i as u32))
                                .is_none()
                            && !crate::builtins::array::inherits_any_index(vm, proto, i as u32, 1)
                        {
                            vm.heap.note_growth(std::mem::size_of::<Value>());
                            let object = vm.heap.get_mut(h);
                            object.elements.push(*acc);
                            if let ObjectKind::Array(d) = &mut object.kind {
                                d.length = d.length.max(i as u32 + 1);
                            }
                            return Ok(Flow::Next);
                        }
                    }
                }
            }
            // Fast path: a TypedArray indexed by a Number, storing a value of its content type
            // (no conversion can run JavaScript): [[Set]] with O as the receiver is
            // TypedArraySetElement (<https://tc39.es/ecma262/#sec-typedarray-set>).
            if let (Value::Object(h), Value::Number(n)) = (o, k) {
                if crate::builtins::typed_array::try_set_fast(vm, h, n, *acc) {
                    return Ok(Flow::Next);
                }
            }
            if let Some(p) = private::as_private_name(vm, k) {
                let slot = vm.root(*acc);
                let r = private::set(vm, o, p, *acc);
                *acc = vm.rooted(slot);
                vm.unroot(slot);
                r?;
                return Ok(Flow::Next);
            }
            let slot = vm.root(*acc);
            let k = ops::to_property_key(vm, k)?;
            let o = reg(vm, base, obj);
            let v = vm.rooted(slot);
            ops::put_value(vm, o, k, v, strict)?;
            *acc = vm.rooted(slot);
            vm.unroot(slot);
        }
        DeleteKeyed { obj } => {
            let o = reg(vm, base, obj);
            let key = ops::to_property_key(vm, *acc)?;
            let o = ops::to_object(vm, o)?;
            let ok = object::delete(vm, o, key)?;
            if !ok && strict {
                let name = ops::display_key(vm, key);
                return Err(vm.type_error(format!("Cannot delete property '{name}'")));
            }
            *acc = Value::Boolean(ok);
        }
        DefineNamed { obj, name } => {
            let Value::Object(o) = reg(vm, base, obj) else {
                return Err(bad_register(vm));
            };
            let key = normalize_key(PropertyKey::String(name_constant(vm, code, name)), vm);
            ops::create_data_property(vm, o, key, *acc)?;
        }
        DefineKeyed { obj, key } => {
            if let Some(p) = private::as_private_name(vm, reg(vm, base, key)) {
                private::add(vm, reg(vm, base, obj), p, *acc)?;
                return Ok(Flow::Next);
            }
            let slot = vm.root(*acc);
            let k = ops::to_property_key(vm, reg(vm, base, key));
            *acc = vm.rooted(slot);
            vm.unroot(slot);
            let Value::Object(o) = reg(vm, base, obj) else {
                return Err(bad_register(vm));
            };
            ops::create_data_property_or_throw(vm, o, k?, *acc)?;
        }
        DefineAccessor { obj, key, kind } => {
            let o = reg(vm, base, obj);
            let k = reg(vm, base, key);
            crate::builtins::function::define_accessor(vm, o, k, *acc, kind.0)?;
        }
        DefineMethod {
            obj,
            key,
            enumerable,
        } => {
            let o = reg(vm, base, obj);
            let k = reg(vm, base, key);
            crate::builtins::function::define_method(vm, o, k, *acc, enumerable.0 != 0)?;
        }
        SetProto { obj } => {
            let Value::Object(o) = reg(vm, base, obj) else {
                return Err(bad_register(vm));
            };
            match *acc {
                Value::Object(p) => {
                    object::set_prototype_of(vm, o, Some(p))?;
                }
                Value::Null => {
                    object::set_prototype_of(vm, o, None)?;
                }
                _ => {}
            }
        }
        CopyDataProperties { obj } => {
            let Value::Object(o) = reg(vm, base, obj) else {
                return Err(bad_register(vm));
            };
            crate::builtins::object::copy_data_properties(vm, o, *acc, &[])?;
            *acc = Value::Undefined;
        }
        ToPropertyKey {} => {
            *acc = match *acc {
                Value::String(_) | Value::Symbol(_) => *acc,
                Value::Object(o) if matches!(vm.heap.get(o).kind, ObjectKind::PrivateName(_)) => {
                    *acc
                }
                Value::Number(n)
                    if n >= 0.0
                        && n.fract() == 0.0
                        && n < u32::MAX as f64
                        && !(n == 0.0 && n.is_sign_negative()) =>
                {
                    *acc
                }
                other => {
                    let k = ops::to_property_key(vm, other)?;
                    ops::key_to_value(vm, k)
                }
            };
        }
        GetSuper { func, this } => {
            *acc = crate::builtins::function::super_get(
                vm,
                reg(vm, base, func),
                reg(vm, base, this),
                *acc,
            )?;
        }
        GetSuperKeyed { func, this, key } => {
            let (v, k) = crate::builtins::function::super_get_keyed(
                vm,
                reg(vm, base, func),
                reg(vm, base, this),
                reg(vm, base, key),
            )?;
            set_reg(vm, base, key, k);
            *acc = v;
        }
        SetSuper { func, this, key } => {
            let slot = vm.root(*acc);
            crate::builtins::function::super_set(
                vm,
                reg(vm, base, func),
                reg(vm, base, this),
                reg(vm, base, key),
                *acc,
                strict,
            )?;
            *acc = vm.rooted(slot);
            vm.unroot(slot);
        }

        CreateObject { size } => {
            let proto = vm.intrinsic(Intrinsic::ObjectPrototype);
            let mut object = Object::new(Some(proto), ObjectKind::Ordinary);
            object.properties = amber_heap::PropertyMap::with_capacity(size.0 as usize);
            *acc = Value::Object(vm.heap.alloc(object));
        }
        CreateArray { size } => {
            let a = crate::builtins::array::array_create(vm, 0, None);
            vm.heap.get_mut(a).elements.reserve_exact(size.0 as usize);
            *acc = Value::Object(a);
        }
        ArrayPush { arr } => {
            let Value::Object(a) = reg(vm, base, arr) else {
                return Err(bad_register(vm));
            };
            crate::builtins::array::push_fast(vm, a, *acc);
        }
        ArrayHole { arr } => {
            let Value::Object(a) = reg(vm, base, arr) else {
                return Err(bad_register(vm));
            };
            crate::builtins::array::push_hole(vm, a);
        }
        ArraySpread { arr } => {
            let list = ops::iterable_to_list(vm, *acc)?;
            let Value::Object(a) = reg(vm, base, arr) else {
                return Err(bad_register(vm));
            };
            for v in list {
                crate::builtins::array::push_fast(vm, a, v);
            }
            // The iterable in acc may be stale after running the iterator.
            *acc = Value::Undefined;
        }
        CreateClosure { func } => {
            let template = vm.heap.get(code).functions[func.0 as usize];
            *acc = Value::Object(crate::builtins::function::create_closure(vm, template));
        }
        CreateRegExp { pattern, flags: f } => {
            let p = constant(vm, code, pattern);
            let fl = constant(vm, code, f);
            *acc = crate::builtins::regexp::create_from_literal(vm, p, fl)?;
        }
        GetTemplateObject { k } => {
            *acc = crate::builtins::template::get_template_object(vm, code, k.0)?;
        }
        CreateArguments { mapped } => {
            // CreateMappedArgumentsObject starts like CreateUnmappedArgumentsObject (for a
            // sloppy function `callee` is the function); MapArgument adds the mappings.
            let _ = mapped;
            *acc = crate::builtins::arguments::create_unmapped(vm)?;
        }
        MapArgument { index, slot } => {
            crate::builtins::arguments::map_argument(vm, *acc, index.0 as usize, slot.0 as u32);
        }
        CreateRestArray { from } => {
            let frame = vm.frames.last().unwrap();
            let nregs = vm.heap.get(frame.code).register_count as usize;
            let start = frame.base + nregs.max(FIRST_PARAM_REG as usize);
            let argc = frame.argc;
            let from = (from.0 as usize).min(argc);
            let rest: Vec<Value> = vm.stack[start + from..start + argc].to_vec();
            *acc = Value::Object(ops::create_array_from_list(vm, &rest));
        }

        Add { lhs } => {
            let l = reg(vm, base, lhs);
            *acc = match (l, *acc) {
                (Value::Number(a), Value::Number(b)) => Value::Number(a + b),
                (l, r) => ops::add(vm, l, r)?,
            };
        }
        Sub { lhs } => *acc = arith(vm, reg(vm, base, lhs), *acc, ops::NumericOp::Sub)?,
        Mul { lhs } => *acc = arith(vm, reg(vm, base, lhs), *acc, ops::NumericOp::Mul)?,
        Div { lhs } => *acc = arith(vm, reg(vm, base, lhs), *acc, ops::NumericOp::Div)?,
        Rem { lhs } => *acc = arith(vm, reg(vm, base, lhs), *acc, ops::NumericOp::Rem)?,
        Exp { lhs } => *acc = arith(vm, reg(vm, base, lhs), *acc, ops::NumericOp::Exp)?,
        BitAnd { lhs } => *acc = arith(vm, reg(vm, base, lhs), *acc, ops::NumericOp::BitAnd)?,
        BitOr { lhs } => *acc = arith(vm, reg(vm, base, lhs), *acc, ops::NumericOp::BitOr)?,
        BitXor { lhs } => *acc = arith(vm, reg(vm, base, lhs), *acc, ops::NumericOp::BitXor)?,
        Shl { lhs } => *acc = arith(vm, reg(vm, base, lhs), *acc, ops::NumericOp::Shl)?,
        Shr { lhs } => *acc = arith(vm, reg(vm, base, lhs), *acc, ops::NumericOp::Shr)?,
        UShr { lhs } => *acc = arith(vm, reg(vm, base, lhs), *acc, ops::NumericOp::UShr)?,
        // The comparisons decide two Numbers inline (IEEE comparison is exactly the spec's
        // Number::lessThan and Number::equal, NaN included); anything else goes to `ops`.
        Eq { lhs } => {
            let l = reg(vm, base, lhs);
            *acc = Value::Boolean(match numbers(l, *acc) {
                Some((a, b)) => a == b,
                None => ops::is_loosely_equal(vm, l, *acc)?,
            })
        }
        NotEq { lhs } => {
            let l = reg(vm, base, lhs);
            *acc = Value::Boolean(match numbers(l, *acc) {
                Some((a, b)) => a != b,
                None => !ops::is_loosely_equal(vm, l, *acc)?,
            })
        }
        StrictEq { lhs } => {
            let l = reg(vm, base, lhs);
            *acc = Value::Boolean(match numbers(l, *acc) {
                Some((a, b)) => a == b,
                None => ops::is_strictly_equal(vm, l, *acc),
            })
        }
        StrictNotEq { lhs } => {
            let l = reg(vm, base, lhs);
            *acc = Value::Boolean(match numbers(l, *acc) {
                Some((a, b)) => a != b,
                None => !ops::is_strictly_equal(vm, l, *acc),
            })
        }
        Lt { lhs } => {
            let l = reg(vm, base, lhs);
            *acc = Value::Boolean(match numbers(l, *acc) {
                Some((a, b)) => a < b,
                None => ops::is_less_than(vm, l, *acc, true)? == Some(true),
            })
        }
        Gt { lhs } => {
            let l = reg(vm, base, lhs);
            *acc = Value::Boolean(match numbers(l, *acc) {
                Some((a, b)) => a > b,
                None => ops::is_less_than(vm, *acc, l, false)? == Some(true),
            })
        }
        LtEq { lhs } => {
            let l = reg(vm, base, lhs);
            *acc = Value::Boolean(match numbers(l, *acc) {
                Some((a, b)) => a <= b,
                None => ops::is_less_than(vm, *acc, l, false)? == Some(false),
            })
        }
        GtEq { lhs } => {
            let l = reg(vm, base, lhs);
            *acc = Value::Boolean(match numbers(l, *acc) {
                Some((a, b)) => a >= b,
                None => ops::is_less_than(vm, l, *acc, true)? == Some(false),
            })
        }
        InstanceOf { lhs } => {
            *acc = Value::Boolean(ops::instanceof_operator(vm, reg(vm, base, lhs), *acc)?)
        }
        In { lhs } => {
            if let Some(p) = private::as_private_name(vm, reg(vm, base, lhs)) {
                *acc = private::has(vm, *acc, p)?;
                return Ok(Flow::Next);
            }
            let Value::Object(o) = *acc else {
                return Err(
                    vm.type_error("Cannot use 'in' operator to search for a key in a non-object")
                );
            };
            let slot = vm.root(*acc);
            let key = ops::to_property_key(vm, reg(vm, base, lhs))?;
            let Value::Object(o2) = vm.rooted(slot) else {
                unreachable!()
            };
            let _ = o;
            vm.unroot(slot);
            *acc = Value::Boolean(object::has_property(vm, o2, key)?);
        }
        Negate {} => {
            *acc = match *acc {
                Value::Number(n) => Value::Number(-n),
                v => match ops::to_numeric(vm, v)? {
                    Value::Number(n) => Value::Number(-n),
                    Value::BigInt(b) => crate::builtins::bigint::negate(vm, b),
                    _ => unreachable!(),
                },
            }
        }
        BitNot {} => {
            *acc = match ops::to_numeric(vm, *acc)? {
                Value::Number(n) => Value::Number(!ops::to_int32(vm, Value::Number(n))? as f64),
                Value::BigInt(b) => crate::builtins::bigint::bit_not(vm, b),
                _ => unreachable!(),
            }
        }
        Not {} => *acc = Value::Boolean(!ops::to_boolean(vm, *acc)),
        TypeOf {} => {
            let t = ops::type_of(vm, *acc);
            *acc = Value::String(vm.str(t));
        }
        ToNumeric {} => {
            // (A Number is already numeric: the common `i++` skips the call.)
            if !matches!(*acc, Value::Number(_)) {
                *acc = ops::to_numeric(vm, *acc)?
            }
        }
        ToNumber {} => *acc = Value::Number(ops::to_number(vm, *acc)?),
        ToStringOp {} => *acc = Value::String(ops::to_string(vm, *acc)?),
        Inc {} => {
            *acc = match *acc {
                Value::Number(n) => Value::Number(n + 1.0),
                Value::BigInt(b) => crate::builtins::bigint::add_small(vm, b, 1),
                v => Value::Number(ops::to_number(vm, v)? + 1.0),
            }
        }
        Dec {} => {
            *acc = match *acc {
                Value::Number(n) => Value::Number(n - 1.0),
                Value::BigInt(b) => crate::builtins::bigint::add_small(vm, b, -1),
                v => Value::Number(ops::to_number(vm, v)? - 1.0),
            }
        }

        Jump { target } => *pc = target.0 as usize,
        JumpIfTrue { target } => {
            if truthy(vm, *acc) {
                *pc = target.0 as usize
            }
        }
        JumpIfFalse { target } => {
            if !truthy(vm, *acc) {
                *pc = target.0 as usize
            }
        }
        JumpIfNullish { target } => {
            if acc.is_nullish() {
                *pc = target.0 as usize
            }
        }
        JumpIfNotNullish { target } => {
            if !acc.is_nullish() {
                *pc = target.0 as usize
            }
        }
        JumpIfUndefined { target } => {
            if acc.is_undefined() {
                *pc = target.0 as usize
            }
        }
        JumpIfNotUndefined { target } => {
            if !acc.is_undefined() {
                *pc = target.0 as usize
            }
        }
        JumpIfStrictEq { a, target } => {
            let v = reg(vm, base, a);
            let equal = match (v, *acc) {
                (Value::Empty, Value::Empty) => true,
                (Value::Empty, _) | (_, Value::Empty) => false,
                (x, y) => ops::is_strictly_equal(vm, x, y),
            };
            if equal {
                *pc = target.0 as usize
            }
        }
        JumpIfSmiEq { a, value, target } => {
            if reg(vm, base, a) == Value::Number(value.0 as f64) {
                *pc = target.0 as usize
            }
        }
        Return {} => return Ok(Flow::Return),
        Throw {} => return Err(vm.throw(*acc)),
        ThrowError { kind, message } => {
            let msg = vm.rust_string(name_constant(vm, code, message));
            let kind = match kind.0 {
                0 => ErrorKind::TypeError,
                1 => ErrorKind::ReferenceError,
                2 => ErrorKind::SyntaxError,
                _ => ErrorKind::RangeError,
            };
            return Err(vm.throw_error(kind, msg));
        }

        Call {
            callee,
            this,
            args,
            argc,
        } => {
            let f = reg(vm, base, callee);
            let t = reg(vm, base, this);
            let start = base + args.0 as usize;
            if enter_plain_call(vm, f, t, start, argc.0 as usize) {
                return Ok(Flow::Call);
            }
            let seg = push_segment_from_regs(vm, f, t, Value::Undefined, start, argc.0 as usize);
            let entered = enter_call(vm, seg, argc.0 as usize, seg);
            return finish_enter(entered, acc);
        }
        CallSpread { callee, this, args } => {
            let f = reg(vm, base, callee);
            let t = reg(vm, base, this);
            let list = spread_list(vm, reg(vm, base, args));
            let seg = push_segment(vm, f, t, Value::Undefined, &list);
            let entered = enter_call(vm, seg, list.len(), seg);
            return finish_enter(entered, acc);
        }
        CallEval {
            callee,
            args,
            argc,
            scope,
        } => {
            let f = reg(vm, base, callee);
            let start = base + args.0 as usize;
            let eval = vm.intrinsic(Intrinsic::Eval);
            if f == Value::Object(eval) {
                let arg = if argc.0 > 0 {
                    vm.stack[start]
                } else {
                    Value::Undefined
                };
                return direct_eval(vm, code, scope, strict, arg, acc);
            }
            let seg = push_segment_from_regs(
                vm,
                f,
                Value::Undefined,
                Value::Undefined,
                start,
                argc.0 as usize,
            );
            let entered = enter_call(vm, seg, argc.0 as usize, seg);
            return finish_enter(entered, acc);
        }
        CallEvalSpread {
            callee,
            args,
            scope,
        } => {
            let f = reg(vm, base, callee);
            let list = spread_list(vm, reg(vm, base, args));
            let eval = vm.intrinsic(Intrinsic::Eval);
            if f == Value::Object(eval) {
                // An empty argument list evaluates to undefined.
                let arg = list.first().copied().unwrap_or(Value::Undefined);
                return direct_eval(vm, code, scope, strict, arg, acc);
            }
            let seg = push_segment(vm, f, Value::Undefined, Value::Undefined, &list);
            let entered = enter_call(vm, seg, list.len(), seg);
            return finish_enter(entered, acc);
        }
        New { callee, args, argc } => {
            let f = reg(vm, base, callee);
            let start = base + args.0 as usize;
            let seg = push_segment_from_regs(vm, f, Value::Empty, f, start, argc.0 as usize);
            let entered = enter_construct(vm, seg, argc.0 as usize, seg);
            return finish_enter(entered, acc);
        }
        NewSpread { callee, args } => {
            let f = reg(vm, base, callee);
            let list = spread_list(vm, reg(vm, base, args));
            let seg = push_segment(vm, f, Value::Empty, f, &list);
            let entered = enter_construct(vm, seg, list.len(), seg);
            return finish_enter(entered, acc);
        }
        SuperCall {
            func,
            new_target,
            args,
            argc,
        } => {
            let parent = super_constructor(vm, reg(vm, base, func))?;
            let nt = reg(vm, base, new_target);
            let start = base + args.0 as usize;
            let seg = push_segment_from_regs(vm, parent, Value::Empty, nt, start, argc.0 as usize);
            let entered = enter_construct(vm, seg, argc.0 as usize, seg);
            return finish_enter(entered, acc);
        }
        SuperCallSpread {
            func,
            new_target,
            args,
        } => {
            let parent = super_constructor(vm, reg(vm, base, func))?;
            let nt = reg(vm, base, new_target);
            let list = spread_list(vm, reg(vm, base, args));
            let seg = push_segment(vm, parent, Value::Empty, nt, &list);
            let entered = enter_construct(vm, seg, list.len(), seg);
            return finish_enter(entered, acc);
        }

        GetIterator { dst, is_async } => {
            let (it, next) = if is_async.0 != 0 {
                crate::builtins::async_iterator::get_async_iterator(vm, *acc)?
            } else {
                ops::get_iterator(vm, *acc)?
            };
            set_reg(vm, base, dst, it);
            vm.stack[base + dst.0 as usize + 1] = next;
        }
        IteratorNext { iter, done } => {
            let it = reg(vm, base, iter);
            let next = vm.stack[base + iter.0 as usize + 1];
            match ops::iterator_step_value(vm, it, next)? {
                Some(v) => *acc = v,
                None => *pc = done.0 as usize,
            }
        }
        IteratorClose { iter } => {
            let it = reg(vm, base, iter);
            ops::iterator_close(vm, it)?;
        }
        IteratorCloseOnThrow { iter } => {
            // IteratorClose(iteratorRecord, completion) with a throw completion: the caller
            // rethrows its own exception, so anything `return` does is ignored.
            let it = reg(vm, base, iter);
            let slot = vm.root(*acc);
            let key = vm.key("return");
            if let Ok(Some(ret)) = ops::get_method(vm, it, key) {
                let it = reg(vm, base, iter);
                let _ = ops::call(vm, ret, it, &[]);
            }
            vm.take_exception();
            *acc = vm.rooted(slot);
            vm.unroot(slot);
        }
        DelegateCall { iter, mode, done } => {
            let m = match reg(vm, base, mode) {
                Value::Number(n) => n as u8,
                _ => 0,
            };
            let at = base + iter.0 as usize;
            let (finished, v) = crate::builtins::generator::delegate_call(vm, at, m, *acc)?;
            *acc = v;
            if finished {
                *pc = done.0 as usize;
            }
        }
        DelegateResult { done } => {
            let (finished, v) = crate::builtins::generator::delegate_result(vm, *acc)?;
            *acc = v;
            if finished {
                *pc = done.0 as usize;
            }
        }
        IteratorCall { iter } => {
            let it = reg(vm, base, iter);
            let next = vm.stack[base + iter.0 as usize + 1];
            *acc = ops::call(vm, next, it, &[])?;
        }
        IteratorResultValue { done } => {
            let Value::Object(r) = *acc else {
                return Err(vm.type_error("Iterator result is not an object"));
            };
            let slot = vm.root(*acc);
            let d = ops::get_str(vm, r, "done");
            let r = vm.rooted(slot);
            vm.unroot(slot);
            if ops::to_boolean(vm, d?) {
                *acc = Value::Undefined;
                *pc = done.0 as usize;
            } else {
                let Value::Object(r) = r else { unreachable!() };
                *acc = ops::get_str(vm, r, "value")?;
            }
        }
        IteratorReturnCall { iter, skip } => {
            let it = reg(vm, base, iter);
            let key = vm.key("return");
            match ops::get_method(vm, it, key)? {
                None => *pc = skip.0 as usize,
                Some(m) => {
                    let it = reg(vm, base, iter);
                    *acc = ops::call(vm, m, it, &[])?;
                }
            }
        }
        CheckObject {} => {
            if !matches!(*acc, Value::Object(_)) {
                return Err(vm.type_error("iterator result is not an object"));
            }
        }
        ForInPrepare { dst } => {
            let it = crate::builtins::iterators::for_in_iterator(vm, *acc)?;
            set_reg(vm, base, dst, it);
        }
        ForInNext { iter, done } => {
            match crate::builtins::iterators::for_in_next(vm, reg(vm, base, iter))? {
                Some(k) => *acc = k,
                None => *pc = done.0 as usize,
            }
        }

        GeneratorStart { gen } => {
            let g = crate::builtins::generator::create_generator(vm)?;
            set_reg(vm, base, gen, Value::Object(g));
            suspend(vm, g, *pc, 0, 0);
            *acc = Value::Object(g);
            return Ok(Flow::Return);
        }
        Yield { gen, resume } => {
            let g = generator_register(vm, base, gen)?;
            let is_async = matches!(&vm.heap.get(g).kind,
                ObjectKind::Generator(d) if d.kind == crate::builtins::generator::KIND_ASYNC_GENERATOR);
            if is_async {
                let next = crate::builtins::async_generator::yield_value(vm, g, *acc);
                if let Some((mode, value)) = next {
                    // More requests are queued: continue without suspending.
                    set_reg(vm, base, resume, Value::Number(mode as f64));
                    *acc = value;
                    return Ok(Flow::Next);
                }
                let g = generator_register(vm, base, gen)?;
                suspend(
                    vm,
                    g,
                    *pc,
                    resume.0,
                    crate::builtins::generator::SUSPENDED_YIELD,
                );
                *acc = Value::Undefined;
                return Ok(Flow::Return);
            }
            suspend(
                vm,
                g,
                *pc,
                resume.0,
                crate::builtins::generator::SUSPENDED_YIELD,
            );
            return Ok(Flow::Return);
        }
        Await { gen, resume } => {
            let g = generator_register(vm, base, gen)?;
            // Await(value): 2. Let promise be ? PromiseResolve(%Promise%, value).
            let promise = crate::builtins::generator::await_value(vm, g, *acc)?;
            let g = generator_register(vm, base, gen)?;
            // An awaiting body stays ~executing~.
            suspend(vm, g, *pc, resume.0, crate::builtins::generator::EXECUTING);
            crate::builtins::generator::await_then(vm, g, promise);
            // An async function's caller (the first suspension) receives its promise.
            let result = crate::builtins::generator::async_promise(vm, g);
            *acc = result;
            return Ok(Flow::Return);
        }
        AsyncStart { gen } => {
            let g = crate::builtins::generator::create_async_function_state(vm)?;
            set_reg(vm, base, gen, Value::Object(g));
        }
        AsyncResolve { gen } => {
            let g = generator_register(vm, base, gen)?;
            *acc = crate::builtins::generator::async_settle(vm, g, *acc, false)?;
        }
        AsyncReject { gen } => {
            let g = generator_register(vm, base, gen)?;
            *acc = crate::builtins::generator::async_settle(vm, g, *acc, true)?;
        }
        IterResult { done } => {
            *acc = ops::create_iter_result_object(vm, *acc, done.0 != 0);
        }
        DelegateStep { iter, mode, done } => {
            let m = match reg(vm, base, mode) {
                Value::Number(n) => n as u8,
                _ => 0,
            };
            let at = base + iter.0 as usize;
            let (finished, v) = crate::builtins::generator::delegate_step(vm, at, m, *acc)?;
            *acc = v;
            if finished {
                *pc = done.0 as usize;
            }
        }

        CreateClass {
            func,
            parent,
            proto,
        } => {
            let template = vm.heap.get(code).functions[func.0 as usize];
            let p = reg(vm, base, parent);
            let (ctor, prototype) = crate::builtins::function::create_class(vm, template, p)?;
            set_reg(vm, base, proto, Value::Object(prototype));
            *acc = Value::Object(ctor);
        }
        SetClassFields { class } => {
            let Value::Object(c) = reg(vm, base, class) else {
                return Err(bad_register(vm));
            };
            crate::builtins::function::set_class_fields(vm, c, *acc);
        }
        SetFunctionName { key } => {
            // NamedEvaluation with a property key known only at run time.
            // <https://tc39.es/ecma262/#sec-setfunctionname>
            let k = match reg(vm, base, key) {
                Value::String(s) => Some(normalize_key(PropertyKey::String(s), vm)),
                Value::Symbol(s) => Some(PropertyKey::Symbol(s)),
                Value::Number(n) if n >= 0.0 && n.fract() == 0.0 && n < u32::MAX as f64 => {
                    Some(PropertyKey::Index(n as u32))
                }
                _ => None,
            };
            if let (Some(k), Value::Object(f)) = (k, *acc) {
                crate::builtins::function::set_function_name(vm, f, k, None);
            }
        }
        SetHomeObject { home } => {
            // MakeMethod(F, homeObject). <https://tc39.es/ecma262/#sec-makemethod>
            if let (Value::Object(f), Value::Object(h)) = (*acc, reg(vm, base, home)) {
                if let ObjectKind::Function(d) = &mut vm.heap.get_mut(f).kind {
                    d.home_object = Some(h);
                }
            }
        }
        CreatePrivateName { name } => {
            *acc = private::create(vm, name_constant(vm, code, name));
        }
        SetPrivateMethod { name, home, kind } => {
            if let (Value::Object(f), Value::Object(h)) = (*acc, reg(vm, base, home)) {
                if let ObjectKind::Function(d) = &mut vm.heap.get_mut(f).kind {
                    d.home_object = Some(h);
                }
            }
            if let Some(p) = private::as_private_name(vm, reg(vm, base, name)) {
                private::set_method(vm, p, *acc, kind.0);
            }
        }
        PrivateBrandAdd { obj } => {
            if let Some(p) = private::as_private_name(vm, *acc) {
                private::add(vm, reg(vm, base, obj), p, Value::Undefined)?;
            }
        }
        InitFields { func, this } => {
            crate::builtins::function::initialize_instance_fields(
                vm,
                reg(vm, base, func),
                reg(vm, base, this),
            )?;
        }

        RequireObjectCoercible {} => {
            ops::require_object_coercible(vm, *acc)?;
        }
        CopyRestProperties { dst, args, argc } => {
            let excluded: Vec<Value> = (0..argc.0 as usize)
                .map(|i| vm.stack[base + args.0 as usize + i])
                .collect();
            let proto = vm.intrinsic(Intrinsic::ObjectPrototype);
            let target = vm
                .heap
                .alloc(Object::new(Some(proto), ObjectKind::Ordinary));
            set_reg(vm, base, dst, Value::Object(target));
            crate::builtins::object::copy_data_properties(vm, target, *acc, &excluded)?;
        }
        PushWith {} => {
            // <https://tc39.es/ecma262/#sec-with-statement-runtime-semantics-evaluation>
            let obj = ops::to_object(vm, *acc)?;
            let frame = vm.frames.last().unwrap();
            let env = vm.heap.alloc(Env {
                outer: frame.env,
                slots: Vec::new(),
                object: Some(obj),
                names: Value::Undefined,
            });
            let frame = vm.frames.last_mut().unwrap();
            frame.env = Some(env);
            frame.env_depth += 1;
        }
        DeleteWith { depth, name, done } => {
            if with_has_binding(vm, depth.0, name)? {
                // DeleteBinding of an object environment record: bindingObject.[[Delete]](N).
                let obj = with_object(vm, depth.0)?;
                let key = with_key(vm, name);
                *acc = Value::Boolean(object::delete(vm, obj, key)?);
                *pc = done.0 as usize;
            }
        }
        DeclareEvalVar { depth, name } => {
            // EvalDeclarationInstantiation step 16: CreateGlobalVarBinding-like definition on
            // the caller's eval var object.
            let obj = with_object(vm, depth.0)?;
            let key = with_key(vm, name);
            if !ops::has_own_property(vm, obj, key)? {
                ops::create_data_property_or_throw(vm, obj, key, Value::Undefined)?;
            }
        }
        LdaWith { depth, name, found } => {
            if with_has_binding(vm, depth.0, name)? {
                let obj = with_object(vm, depth.0)?;
                *acc = object_env_get_binding_value(vm, obj, name, strict)?;
                *pc = found.0 as usize;
            }
        }
        LdaWithThis {
            depth,
            name,
            this,
            found,
        } => {
            if with_has_binding(vm, depth.0, name)? {
                let obj = with_object(vm, depth.0)?;
                *acc = object_env_get_binding_value(vm, obj, name, strict)?;
                let obj = with_object(vm, depth.0)?;
                set_reg(vm, base, this, Value::Object(obj));
                *pc = found.0 as usize;
            }
        }
        StaWith { depth, name, done } => {
            let slot = vm.root(*acc);
            let has = with_has_binding(vm, depth.0, name);
            *acc = vm.rooted(slot);
            if !matches!(has, Ok(false)) {
                // SetMutableBinding of an object environment record.
                let r = has.and_then(|_| {
                    let obj = with_object(vm, depth.0)?;
                    let key = with_key(vm, name);
                    let still = object::has_property(vm, obj, key)?;
                    if !still && strict {
                        let n = ops::display_key(vm, with_key(vm, name));
                        return Err(vm.reference_error(format!("{n} is not defined")));
                    }
                    let v = vm.rooted(slot);
                    let obj = with_object(vm, depth.0)?;
                    let key = with_key(vm, name);
                    if !object::set(vm, obj, key, v, Value::Object(obj))? && strict {
                        let n = ops::display_key(vm, with_key(vm, name));
                        return Err(
                            vm.type_error(format!("Cannot assign to read only property '{n}'"))
                        );
                    }
                    Ok(())
                });
                *acc = vm.rooted(slot);
                vm.unroot(slot);
                r?;
                *pc = done.0 as usize;
            } else {
                vm.unroot(slot);
            }
        }
        ResolveWith {
            depth,
            name,
            dst,
            found,
        } => {
            let slot = vm.root(*acc);
            let has = with_has_binding(vm, depth.0, name);
            *acc = vm.rooted(slot);
            vm.unroot(slot);
            if has? {
                let obj = with_object(vm, depth.0)?;
                set_reg(vm, base, dst, Value::Object(obj));
                *pc = found.0 as usize;
            }
        }
        LdaRef { obj, name, found } => {
            if let Value::Object(o) = reg(vm, base, obj) {
                *acc = object_env_get_binding_value(vm, o, name, strict)?;
                *pc = found.0 as usize;
            }
        }
        StaRef { obj, name, done } => {
            if let Value::Object(o) = reg(vm, base, obj) {
                let slot = vm.root(*acc);
                let r = object_env_set_mutable_binding(vm, o, name, slot, strict);
                *acc = vm.rooted(slot);
                vm.unroot(slot);
                r?;
                *pc = done.0 as usize;
            }
        }
        Debugger {} => {}
        LdaImport { depth, index } => {
            let env = env_at(vm, depth.0)?;
            *acc = crate::module::load_import(vm, env, index.0 as u32)?;
        }
        LdaImportMeta { depth } => {
            let env = env_at(vm, depth.0)?;
            *acc = crate::module::import_meta(vm, env)?;
        }
        ImportCall { options } => {
            let file = vm.rust_string(vm.heap.get(code).file);
            let options = reg(vm, base, options);
            *acc = crate::module::dynamic_import(vm, *acc, options, &file, false)?;
        }
        ImportDeferCall { options } => {
            let file = vm.rust_string(vm.heap.get(code).file);
            let options = reg(vm, base, options);
            *acc = crate::module::dynamic_import(vm, *acc, options, &file, true)?;
        }
        DecoratorOp { op, args } => {
            *acc = crate::builtins::decorators::run(vm, op.0, base + args.0 as usize)?;
        }
        ImportSourceCall {} => {
            let file = vm.rust_string(vm.heap.get(code).file);
            *acc = crate::module::dynamic_import_source(vm, *acc, &file)?;
        }

        NewDisposeCapability { cap } => {
            let c = crate::builtins::disposable_stack::new_dispose_capability(vm);
            set_reg(vm, base, cap, c);
        }
        AddDisposableResource { cap, hint } => {
            let slot = vm.root(reg(vm, base, cap));
            vm.root(*acc);
            let r = crate::builtins::disposable_stack::add_disposable_resource(
                vm,
                slot,
                *acc,
                hint.0 != 0,
                None,
            );
            *acc = vm.rooted(slot + 1);
            vm.unroot(slot);
            r?;
        }
        DisposeResources { cap, kind, value } => {
            let error = disposal_error(vm, base, kind, value);
            let c = reg(vm, base, cap);
            if let Some(e) = crate::builtins::disposable_stack::dispose_resources(vm, c, error) {
                set_reg(vm, base, kind, Value::Number(1.0));
                set_reg(vm, base, value, e);
            }
        }
        DisposeStep {
            cap,
            kind,
            value,
            done,
        } => {
            let error = disposal_error(vm, base, kind, value);
            let c = reg(vm, base, cap);
            let (error, next) = crate::builtins::disposable_stack::dispose_scope_step(vm, c, error);
            if let Some(e) = error {
                set_reg(vm, base, kind, Value::Number(1.0));
                set_reg(vm, base, value, e);
            }
            match next {
                Some(v) => *acc = v,
                None => *pc = done.0 as usize,
            }
        }
        AddDisposalError { kind, value } => {
            let error = disposal_error(vm, base, kind, value);
            let e = crate::builtins::disposable_stack::add_disposal_error(vm, error, *acc);
            set_reg(vm, base, kind, Value::Number(1.0));
            set_reg(vm, base, value, e);
        }
    }
    Ok(Flow::Next)
}

/// The value of the completion a scope with `using` declarations leaves with, if it is a
/// throw completion (kind 1 in the compiler's finally protocol).
fn disposal_error(
    vm: &Vm,
    base: usize,
    kind: amber_compiler::bytecode::Reg,
    value: amber_compiler::bytecode::Reg,
) -> Option<Value> {
    match reg(vm, base, kind) {
        Value::Number(1.0) => Some(reg(vm, base, value)),
        _ => None,
    }
}

/// The binding object of the object environment `depth` hops out.
fn with_object(vm: &mut Vm, depth: u16) -> JsResult<Handle<Object>> {
    let env = env_at(vm, depth)?;
    let obj = vm.heap.get(env).object;
    obj.ok_or_else(|| vm.type_error("internal error: not an object environment"))
}

/// The key for name constant `name` of the running code (read again after any call, since a
/// collection may have moved the code and its strings).
fn with_key(vm: &Vm, name: amber_compiler::bytecode::Const) -> PropertyKey {
    let code = vm.frames.last().unwrap().code;
    normalize_key(PropertyKey::String(name_constant(vm, code, name)), vm)
}

/// GetBindingValue(N, S) of the object environment record of `obj`.
/// <https://tc39.es/ecma262/#sec-object-environment-records-getbindingvalue-n-s>
fn object_env_get_binding_value(
    vm: &mut Vm,
    obj: Handle<Object>,
    name: amber_compiler::bytecode::Const,
    strict: bool,
) -> JsResult {
    let os = vm.root(Value::Object(obj));
    let r = (|| {
        // 2. Let value be ? HasProperty(bindingObject, N).
        let key = with_key(vm, name);
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        if !object::has_property(vm, o, key)? {
            // 3. If value is false: undefined, or a ReferenceError in strict code.
            if strict {
                let n = ops::display_key(vm, with_key(vm, name));
                return Err(vm.reference_error(format!("{n} is not defined")));
            }
            return Ok(Value::Undefined);
        }
        // 4. Return ? Get(bindingObject, N).
        let key = with_key(vm, name);
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        object::get(vm, o, key, Value::Object(o))
    })();
    vm.unroot(os);
    r
}

/// SetMutableBinding(N, V, S) of the object environment record of `obj`; V is in root
/// slot `value`.
/// <https://tc39.es/ecma262/#sec-object-environment-records-setmutablebinding-n-v-s>
fn object_env_set_mutable_binding(
    vm: &mut Vm,
    obj: Handle<Object>,
    name: amber_compiler::bytecode::Const,
    value: usize,
    strict: bool,
) -> JsResult<()> {
    let os = vm.root(Value::Object(obj));
    let r = (|| {
        // 1. Let stillExists be ? HasProperty(bindingObject, N).
        let key = with_key(vm, name);
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        let still = object::has_property(vm, o, key)?;
        // 2. If stillExists is false and S is true, throw a ReferenceError exception.
        if !still && strict {
            let n = ops::display_key(vm, with_key(vm, name));
            return Err(vm.reference_error(format!("{n} is not defined")));
        }
        // 3. Perform ? Set(bindingObject, N, V, S).
        let key = with_key(vm, name);
        let v = vm.rooted(value);
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        if !object::set(vm, o, key, v, Value::Object(o))? && strict {
            let n = ops::display_key(vm, with_key(vm, name));
            return Err(vm.type_error(format!("Cannot assign to read only property '{n}'")));
        }
        Ok(())
    })();
    vm.unroot(os);
    r
}

/// HasBinding(N) of the object environment record `depth` hops out (withEnvironment true).
/// <https://tc39.es/ecma262/#sec-object-environment-records-hasbinding-n>
fn with_has_binding(
    vm: &mut Vm,
    depth: u16,
    name: amber_compiler::bytecode::Const,
) -> JsResult<bool> {
    // 2. Let foundBinding be ? HasProperty(bindingObject, N).
    let obj = with_object(vm, depth)?;
    let key = with_key(vm, name);
    if !object::has_property(vm, obj, key)? {
        return Ok(false);
    }
    // 4. Let unscopables be ? Get(bindingObject, @@unscopables).
    let obj = with_object(vm, depth)?;
    let uk = crate::realm::symbol_key(vm, crate::realm::WellKnown::Unscopables);
    let unscopables = object::get(vm, obj, uk, Value::Object(obj))?;
    // 5. If unscopables is an Object, blocked = ToBoolean(? Get(unscopables, N)).
    if let Value::Object(u) = unscopables {
        let key = with_key(vm, name);
        let b = object::get(vm, u, key, unscopables)?;
        if ops::to_boolean(vm, b) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Keys coming from name constants are interned strings; numeric-looking names (`o["0"]`
/// written as `o[0]` is computed, but `{ "1": x }` is a name) must become index keys.
#[inline]
fn normalize_key(key: PropertyKey, vm: &Vm) -> PropertyKey {
    if let PropertyKey::String(s) = key {
        if let Some(i) = ops::array_index(vm.heap.string_units(s)) {
            return PropertyKey::Index(i);
        }
    }
    key
}

/// Both operands as Numbers, for the comparison fast paths.
#[inline(always)]
fn numbers(l: Value, r: Value) -> Option<(f64, f64)> {
    match (l, r) {
        (Value::Number(a), Value::Number(b)) => Some((a, b)),
        _ => None,
    }
}

/// ToBoolean, with a Boolean (what comparisons leave in acc) decided inline.
#[inline(always)]
fn truthy(vm: &Vm, v: Value) -> bool {
    match v {
        Value::Boolean(b) => b,
        v => ops::to_boolean(vm, v),
    }
}

fn arith(vm: &mut Vm, l: Value, r: Value, op: ops::NumericOp) -> JsResult {
    if let (Value::Number(a), Value::Number(b)) = (l, r) {
        return Ok(Value::Number(ops::number_op(a, b, op)));
    }
    ops::numeric_op(vm, l, r, op)
}

fn push_segment_from_regs(
    vm: &mut Vm,
    f: Value,
    this: Value,
    nt: Value,
    start: usize,
    argc: usize,
) -> usize {
    let base = vm.stack.len();
    vm.stack.reserve(3 + argc);
    vm.stack.push(this);
    vm.stack.push(nt);
    vm.stack.push(f);
    // (A loop: for a few arguments it is cheaper than the generic `extend_from_within`.)
    for i in start..start + argc {
        let v = vm.stack[i];
        vm.stack.push(v);
    }
    base
}

/// The elements of a spread-argument array (built by the compiler, so plain and dense).
fn spread_list(vm: &Vm, arr: Value) -> Vec<Value> {
    match arr {
        Value::Object(a) => vm
            .heap
            .get(a)
            .elements
            .iter()
            .map(|v| {
                if let Value::Empty = v {
                    Value::Undefined
                } else {
                    *v
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// PerformEval(arg, strictCaller, direct = true) from a `CallEval`: compiles the eval code
/// against the caller's scope descriptor K[scope] and pushes its frame.
/// <https://tc39.es/ecma262/#sec-performeval>
fn direct_eval(
    vm: &mut Vm,
    code: Handle<Code>,
    scope: amber_compiler::bytecode::Const,
    strict: bool,
    arg: Value,
    acc: &mut Value,
) -> JsResult<Flow> {
    let Value::String(src) = arg else {
        *acc = arg;
        return Ok(Flow::Next);
    };
    // PerformEval step 4: HostEnsureCanCompileStrings(evalRealm, « », x, direct = true).
    let realm = vm.current_realm();
    vm.host_ensure_can_compile_strings(realm)?;
    let source = vm.rust_string(src);
    let scopes = vm.rust_string(name_constant(vm, code, scope));
    let compiled = match amber_compiler::compile_eval(&source, strict, &scopes) {
        Ok(c) => c,
        Err(e) => {
            let message = located_message(&e, &source, "<eval>");
            return Err(vm.throw_error(ErrorKind::SyntaxError, message));
        }
    };
    let src = vm
        .heap
        .alloc_string(compiled.source.encode_utf16().collect());
    // The eval code belongs to the caller's script or module (PerformEval step 20:
    // evalContext's ScriptOrModule is the running context's), which is also the referrer of
    // an `import()` inside it.
    let file = vm.heap.get(code).file;
    let eval_code = load_code(vm, &compiled.code, src, file);
    let caller = vm.frames.last().unwrap();
    let (env, realm) = (caller.env, caller.realm);
    // The caller's R[0]: eval code whose `this` is not in a captured environment (the caller
    // kept it in a register) reads it from its own R[0] (PerformEval: the eval context's
    // this binding is the caller's).
    let this = vm.stack[caller.base];
    let seg = push_segment(vm, Value::Undefined, this, Value::Undefined, &[]);
    push_frame(vm, eval_code, Value::Undefined, realm, seg, 0, false, seg)?;
    vm.frames.last_mut().unwrap().env = env;
    Ok(Flow::Call)
}

fn finish_enter(r: JsResult<Entered>, acc: &mut Value) -> JsResult<Flow> {
    match r? {
        Entered::Frame => Ok(Flow::Call),
        Entered::Done(v) => {
            *acc = v;
            Ok(Flow::Next)
        }
    }
}

/// GetSuperConstructor(): the active function's [[GetPrototypeOf]](), which must be a
/// constructor. <https://tc39.es/ecma262/#sec-getsuperconstructor>
fn super_constructor(vm: &mut Vm, func: Value) -> JsResult {
    let Value::Object(f) = func else {
        return Err(vm.type_error("'super' keyword unexpected here"));
    };
    let parent = object::get_prototype_of(vm, f)?;
    match parent {
        Some(p) if ops::is_constructor(vm, Value::Object(p)) => Ok(Value::Object(p)),
        _ => Err(vm.type_error("Super constructor is not a constructor")),
    }
}

/// Global bindings: the declarative part (`global_lexicals`) first, then the global object.
/// <https://tc39.es/ecma262/#sec-global-environment-records>
mod globals {
    use super::*;

    fn lexicals(vm: &Vm) -> Handle<Object> {
        let realm = vm.current_realm();
        vm.heap.get(realm).global_lexicals
    }

    fn global_object(vm: &Vm) -> Handle<Object> {
        let realm = vm.current_realm();
        vm.heap.get(realm).global_object
    }

    fn lexical_slot(vm: &mut Vm, name: Handle<JsString>) -> Option<(Handle<Object>, usize)> {
        let lex = lexicals(vm);
        let pos = vm.heap.find_property(lex, PropertyKey::String(name))?;
        Some((lex, pos))
    }

    fn key(vm: &Vm, name: Handle<JsString>) -> PropertyKey {
        normalize_key(PropertyKey::String(name), vm)
    }

    /// [`load`] through the site's inline cache.
    #[inline(always)]
    pub fn load_cached(
        vm: &mut Vm,
        code: Handle<Code>,
        ic: amber_compiler::bytecode::Ic,
        name: amber_compiler::bytecode::Const,
        throw: bool,
    ) -> JsResult {
        let name = name_constant(vm, code, name);
        let key = PropertyKey::String(name);
        let (lex, global) = (lexicals(vm), global_object(vm));
        if let Some(v) = inline_cache::cached_global(vm, code, ic, lex, global, key) {
            return Ok(v);
        }
        let collections = vm.heap.collections;
        let v = load(vm, name, throw)?;
        if collections == vm.heap.collections {
            let kind = amber_heap::code::CacheKind::Get;
            inline_cache::fill_global(vm, code, ic, kind, lex, global, key);
        }
        Ok(v)
    }

    /// [`store`] through the site's inline cache.
    #[inline(always)]
    pub fn store_cached(
        vm: &mut Vm,
        code: Handle<Code>,
        ic: amber_compiler::bytecode::Ic,
        name: amber_compiler::bytecode::Const,
        v: Value,
        strict: bool,
    ) -> JsResult<()> {
        let name = name_constant(vm, code, name);
        let key = PropertyKey::String(name);
        let (lex, global) = (lexicals(vm), global_object(vm));
        if inline_cache::cached_global_store(vm, code, ic, lex, global, key, v) {
            return Ok(());
        }
        let collections = vm.heap.collections;
        store(vm, name, v, strict)?;
        if collections == vm.heap.collections {
            let kind = amber_heap::code::CacheKind::Set;
            inline_cache::fill_global(vm, code, ic, kind, lex, global, key);
        }
        Ok(())
    }

    /// GetBindingValue on the global environment (ResolveBinding + GetValue).
    pub fn load(vm: &mut Vm, name: Handle<JsString>, throw: bool) -> JsResult {
        if let Some((lex, pos)) = lexical_slot(vm, name) {
            let v = vm.heap.property_at(lex, pos).value;
            if let Value::Empty = v {
                let n = vm.rust_string(name);
                return Err(
                    vm.reference_error(format!("Cannot access '{n}' before initialization"))
                );
            }
            return Ok(v);
        }
        let global = global_object(vm);
        let key = key(vm, name);
        // Fast path: an own data property of the global object.
        if let Some(pos) = vm.heap.find_property(global, key) {
            let p = vm.heap.property_at(global, pos);
            if !p.is_accessor() {
                return Ok(p.value);
            }
        }
        if !object::has_property(vm, global, key)? {
            if throw {
                let n = vm.rust_string(name);
                return Err(vm.reference_error(format!("{n} is not defined")));
            }
            return Ok(Value::Undefined);
        }
        let global = global_object(vm);
        object::get(vm, global, key, Value::Object(global))
    }

    /// SetMutableBinding / PutValue on an unresolvable or global reference.
    pub fn store(vm: &mut Vm, name: Handle<JsString>, v: Value, strict: bool) -> JsResult<()> {
        if let Some((lex, pos)) = lexical_slot(vm, name) {
            let p = vm.heap.property_at(lex, pos);
            if let Value::Empty = p.value {
                let n = vm.rust_string(name);
                return Err(
                    vm.reference_error(format!("Cannot access '{n}' before initialization"))
                );
            }
            if !p.writable() {
                let n = vm.rust_string(name);
                return Err(vm.type_error(format!("Assignment to constant variable '{n}'.")));
            }
            vm.heap.set_property_value(lex, pos, v);
            return Ok(());
        }
        let global = global_object(vm);
        let key = key(vm, name);
        if let Some(pos) = vm.heap.find_property(global, key) {
            let p = vm.heap.property_at(global, pos);
            if !p.is_accessor() && p.writable() {
                vm.heap.set_property_value(global, pos, v);
                return Ok(());
            }
        }
        let slot = vm.root(v);
        if strict && !object::has_property(vm, global, key)? {
            vm.unroot(slot);
            let n = vm.rust_string(name);
            return Err(vm.reference_error(format!("{n} is not defined")));
        }
        let v = vm.rooted(slot);
        vm.unroot(slot);
        let global = global_object(vm);
        let ok = object::set(vm, global, key, v, Value::Object(global))?;
        if !ok && strict {
            let n = vm.rust_string(name);
            return Err(vm.type_error(format!("Cannot assign to read only property '{n}'")));
        }
        Ok(())
    }

    fn redeclaration(vm: &mut Vm, name: Handle<JsString>) -> Throw {
        let n = vm.rust_string(name);
        vm.throw_error(
            ErrorKind::SyntaxError,
            format!("Identifier '{n}' has already been declared"),
        )
    }

    /// The validation steps of GlobalDeclarationInstantiation (steps 3-4, 8, 10) and
    /// EvalDeclarationInstantiation (steps 3.a, 8, 10) for one name, run for every name
    /// before any binding is created. `kind`: 0 a lexical name, 1 a var or function name, 2
    /// a function (CanDeclareGlobalFunction), 3 a var (CanDeclareGlobalVar).
    /// <https://tc39.es/ecma262/#sec-globaldeclarationinstantiation>
    pub fn check_declaration(vm: &mut Vm, name: Handle<JsString>, kind: i32) -> JsResult<()> {
        match kind {
            0 | 1 => {
                // HasLexicalDeclaration(env, name).
                if lexical_slot(vm, name).is_some() {
                    return Err(redeclaration(vm, name));
                }
                if kind == 0 {
                    // HasRestrictedGlobalProperty(env, name).
                    let global = global_object(vm);
                    let key = key(vm, name);
                    if let Some(d) = object::get_own_property(vm, global, key)? {
                        if d.configurable != Some(true) {
                            return Err(redeclaration(vm, name));
                        }
                    }
                }
                Ok(())
            }
            2 => {
                // CanDeclareGlobalFunction(env, name).
                // <https://tc39.es/ecma262/#sec-candeclareglobalfunction>
                let global = global_object(vm);
                let key = key(vm, name);
                let definable = match object::get_own_property(vm, global, key)? {
                    None => object::is_extensible(vm, global)?,
                    Some(d) if d.configurable == Some(true) => true,
                    Some(d) => {
                        !d.is_accessor() && d.writable == Some(true) && d.enumerable == Some(true)
                    }
                };
                if !definable {
                    let n = vm.rust_string(name);
                    return Err(vm.type_error(format!("Cannot define global function '{n}'")));
                }
                Ok(())
            }
            _ => {
                // CanDeclareGlobalVar(env, name).
                // <https://tc39.es/ecma262/#sec-candeclareglobalvar>
                let global = global_object(vm);
                let key = key(vm, name);
                let definable = ops::has_own_property(vm, global, key)? || {
                    let global = global_object(vm);
                    object::is_extensible(vm, global)?
                };
                if !definable {
                    let n = vm.rust_string(name);
                    return Err(vm.type_error(format!("Cannot define global variable '{n}'")));
                }
                Ok(())
            }
        }
    }

    /// CreateGlobalVarBinding(N, D). <https://tc39.es/ecma262/#sec-createglobalvarbinding>
    pub fn declare_var(vm: &mut Vm, name: Handle<JsString>, deletable: bool) -> JsResult<()> {
        if lexical_slot(vm, name).is_some() {
            return Err(redeclaration(vm, name));
        }
        let global = global_object(vm);
        let key = key(vm, name);
        let has_own = ops::has_own_property(vm, global, key)?;
        if !has_own && object::is_extensible(vm, global)? {
            ops::define_property_or_throw(
                vm,
                global,
                key,
                crate::object::PropertyDescriptor::data(Value::Undefined, true, true, deletable),
            )?;
        }
        Ok(())
    }

    /// CreateGlobalFunctionBinding(N, V, D). <https://tc39.es/ecma262/#sec-createglobalfunctionbinding>
    pub fn declare_function(
        vm: &mut Vm,
        name: Handle<JsString>,
        v: Value,
        deletable: bool,
    ) -> JsResult<()> {
        if lexical_slot(vm, name).is_some() {
            return Err(redeclaration(vm, name));
        }
        let global = global_object(vm);
        let key = key(vm, name);
        let slot = vm.root(v);
        let existing = object::get_own_property(vm, global, key)?;
        let v = vm.rooted(slot);
        let desc = match existing {
            Some(d) if d.configurable != Some(true) => {
                // CanDeclareGlobalFunction: a non-configurable property must be a writable,
                // enumerable data property.
                if d.is_accessor() || d.writable != Some(true) || d.enumerable != Some(true) {
                    vm.unroot(slot);
                    let n = vm.rust_string(name);
                    return Err(vm.type_error(format!("Cannot redefine global function '{n}'")));
                }
                crate::object::PropertyDescriptor {
                    value: Some(v),
                    ..Default::default()
                }
            }
            None if !vm.heap.get(global).extensible => {
                vm.unroot(slot);
                let n = vm.rust_string(name);
                return Err(vm.type_error(format!("Cannot define global function '{n}'")));
            }
            _ => crate::object::PropertyDescriptor::data(v, true, true, deletable),
        };
        ops::define_property_or_throw(vm, global, key, desc)?;
        let v = vm.rooted(slot);
        vm.unroot(slot);
        ops::set(vm, global, key, v, false)?;
        Ok(())
    }

    /// CreateMutableBinding/CreateImmutableBinding on the global declarative record, with
    /// GlobalDeclarationInstantiation's redeclaration checks.
    pub fn declare_lexical(vm: &mut Vm, name: Handle<JsString>, is_const: bool) -> JsResult<()> {
        if lexical_slot(vm, name).is_some() {
            return Err(redeclaration(vm, name));
        }
        // HasRestrictedGlobalProperty: a non-configurable own property of the global object.
        let global = global_object(vm);
        let key = key(vm, name);
        if let Some(d) = object::get_own_property(vm, global, key)? {
            if d.configurable != Some(true) {
                return Err(redeclaration(vm, name));
            }
        }
        let lex = lexicals(vm);
        vm.heap.push_property(
            lex,
            Property {
                key: PropertyKey::String(name),
                value: Value::Empty,
                setter: Value::Undefined,
                flags: if is_const { 0 } else { attrs::WRITABLE },
            },
        );
        Ok(())
    }

    /// InitializeBinding on the global declarative record.
    pub fn init_lexical(vm: &mut Vm, name: Handle<JsString>, v: Value) {
        if let Some((lex, pos)) = lexical_slot(vm, name) {
            vm.heap.set_property_value(lex, pos, v);
        }
    }

    /// `delete name` for an unresolvable or global reference (sloppy mode).
    pub fn delete(vm: &mut Vm, name: Handle<JsString>) -> JsResult {
        if lexical_slot(vm, name).is_some() {
            return Ok(Value::Boolean(false));
        }
        let global = global_object(vm);
        let key = key(vm, name);
        Ok(Value::Boolean(object::delete(vm, global, key)?))
    }
}

impl ScriptError {
    /// True for errors that no JavaScript handler can catch.
    pub fn is_termination(&self) -> bool {
        matches!(
            self,
            ScriptError::Interrupted | ScriptError::OutOfMemory | ScriptError::OutOfFuel
        )
    }
}

/// Creates the data of a new closure over the running frame's environment.
pub fn closure_data(vm: &Vm, code: Handle<Code>) -> FunctionData {
    let frame = vm.frames.last().expect("closure outside a frame");
    FunctionData {
        code,
        env: frame.env,
        realm: frame.realm,
        home_object: None,
        fields: Value::Undefined,
        extra: Value::Undefined,
    }
}

// --- suspended frames --------------------------------------------------------------------------

/// Saves the running frame into generator `g` (to resume at `pc`, writing the resumption mode
/// to `R[resume_reg]`) and sets its state. The caller then pops the frame with a return.
fn suspend(vm: &mut Vm, g: Handle<Object>, pc: usize, resume_reg: u16, state: u8) {
    let frame = vm.frames.last().unwrap();
    let nregs = (vm.heap.get(frame.code).register_count as usize).max(FIRST_PARAM_REG as usize);
    let registers = vm.stack[frame.base..frame.base + nregs].to_vec();
    let (env, env_depth, function) = (frame.env, frame.env_depth, frame.function);
    if let ObjectKind::Generator(d) = &mut vm.heap.get_mut(g).kind {
        d.state = state;
        d.function = function;
        d.pc = pc as u32;
        d.registers = registers;
        d.env = env;
        d.env_depth = env_depth;
        d.resume_reg = resume_reg as u32;
    }
}

/// Resumes the frame saved in generator `g` with `value` and resumption `mode` (0 next,
/// 1 throw, 2 return), running it until it suspends again or returns. The state is set to
/// executing first: after the call it is still executing only if the frame returned.
pub fn generator_resume(vm: &mut Vm, g: Handle<Object>, value: Value, mode: u8) -> JsResult {
    let ObjectKind::Generator(d) = &mut vm.heap.get_mut(g).kind else {
        unreachable!("resume of a non-generator")
    };
    d.state = 2;
    let registers = std::mem::take(&mut d.registers);
    let (function, pc, env, env_depth, resume_reg) =
        (d.function, d.pc, d.env, d.env_depth, d.resume_reg);
    // A generator's function, saved registers and pc come from the suspended frame; only a
    // corrupt heap image can hold others, and that is an error, not a panic.
    let corrupt = |vm: &mut Vm| Err(vm.type_error("internal error: corrupt suspended generator"));
    let Value::Object(f) = function else {
        return corrupt(vm);
    };
    let (code, realm) = match &vm.heap.get(f).kind {
        ObjectKind::Function(fd) => (fd.code, fd.realm),
        // A module body suspended at a top-level `await`.
        ObjectKind::Module(md) => (md.body, md.realm),
        _ => return corrupt(vm),
    };
    let c = vm.heap.get(code);
    let nregs = (c.register_count as usize).max(FIRST_PARAM_REG as usize);
    if registers.len() < nregs || pc >= c.bytecode.len() as u32 || resume_reg as usize >= nregs {
        return corrupt(vm);
    }
    if vm.frames.len() >= MAX_FRAMES || vm.stack.len() > MAX_STACK {
        return Err(vm.range_error("Maximum call stack size exceeded"));
    }
    let base = vm.stack.len();
    vm.stack.extend_from_slice(&registers);
    if resume_reg != 0 {
        vm.stack[base + resume_reg as usize] = Value::Number(mode as f64);
    }
    vm.frames.push(Frame {
        code,
        function,
        pc: pc as usize,
        base,
        argc: 0,
        env,
        env_depth,
        realm,
        construct: false,
        entry: true,
        restore: base,
    });
    vm.save_realm();
    let r = run_with(vm, value);
    vm.restore_realm();
    r
}
