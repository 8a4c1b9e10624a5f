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

mod calls;
mod dispatch;
mod environments;
mod generators;

use calls::*;
pub use calls::{call, construct, in_realm, set_native_stack_limit};
pub(crate) use dispatch::read_in_halves;
use dispatch::*;
pub use dispatch::{run, run_with};
use environments::*;
pub use generators::generator_resume;
use generators::*;

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
    /// The bytecode the frame runs.
    pub code: Handle<Code>,
    /// The function object (`Undefined` for scripts).
    pub function: Value,
    /// The pc to resume at (valid while the frame is not the running one).
    pub pc: usize,
    /// Stack index of `R[0]`.
    pub base: usize,
    /// Number of arguments passed; they are stored after the registers.
    pub argc: usize,
    /// The innermost heap environment (captured bindings), if the frame has one.
    pub env: Option<Handle<Env>>,
    /// Environments pushed since the frame began (for exception handlers).
    pub env_depth: u32,
    /// The function's [[Realm]]: the current realm while the frame runs.
    pub realm: Handle<Realm>,
    /// This frame runs a [[Construct]].
    pub construct: bool,
    /// The dispatch loop that pushed this frame returns when it returns.
    pub entry: bool,
    /// Stack length to restore when the frame returns.
    pub restore: usize,
}

impl Trace for Frame {
    fn trace<V: Visitor + ?Sized>(&mut self, v: &mut V) {
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
            Constant::Numbers(numbers) => {
                let values: Vec<Value> = numbers.iter().map(|&n| Value::Number(n)).collect();
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
        // The compiler's output is well-formed; only code from an image is checked.
        verified: amber_heap::code::Verified(true),
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
#[inline]
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
