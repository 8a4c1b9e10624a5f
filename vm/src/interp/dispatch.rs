//! The dispatch loop: `run`, the loop itself, `step` (one instruction), unwinding, and the
//! register, constant and operand helpers the loop uses.

use super::*;
use crate::CommonKey;

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
/// return, a caught throw) and at a backward jump when the safepoint has work (a collection
/// asked for, a poll due, a stop in flight), so each loop iteration and each call passes a
/// safepoint, while straight-line code runs without any per-instruction checks.
///
/// `METERED` (a fuel budget is set, or tracing): the poll countdown runs per instruction
/// instead of per safepoint, so fuel counts instructions exactly.
pub(super) fn dispatch<const TRACE: bool, const METERED: bool>(
    vm: &mut Vm,
    mut acc: Value,
) -> JsResult {
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
        // The frame's code object. An instruction that runs JavaScript may have collected (at
        // a nested loop's safepoint) and moved it; the collection rewrote the frame's handle
        // (frames are roots), so it is read again after any collection.
        let mut code = frame.code;
        let mut collections = vm.heap.collections;
        loop {
            if vm.heap.collections != collections {
                code = vm.frames.last().unwrap().code;
                collections = vm.heap.collections;
            }
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
                        // A backward jump: every loop passes the safepoint. Its checks are
                        // made here, and the frame is left for the outer loop (which makes
                        // them again and acts, then reloads the frame) only when one of them
                        // asks for something: otherwise nothing the outer loop reloads has
                        // changed (a collection inside the instruction is caught by the
                        // per-instruction check above), and the loop goes on without it
                        // (the function-scope 1e7-push loop: 0.53 -> 0.49 s).
                        let poll_due = !METERED && vm.poll_countdown == 0;
                        if poll_due || vm.heap.wants_collection() || vm.terminating.is_some() {
                            vm.frames.last_mut().unwrap().pc = pc;
                            continue 'frames;
                        }
                        if !METERED {
                            vm.poll_countdown -= 1;
                        }
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
                    // A call's result is the accumulator as it is (no copy: a value just
                    // written is read back in halves, see `read_in_halves`); a construct's
                    // may be its `this` instead.
                    if frame.construct {
                        match complete_return(vm, &frame, read_in_halves(&acc)) {
                            Ok(v) => acc = v,
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
                        }
                    }
                    vm.stack.truncate(frame.restore);
                    if frame.entry {
                        return Ok(read_in_halves(&acc));
                    }
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
pub(super) fn complete_return(vm: &mut Vm, frame: &Frame, v: Value) -> JsResult {
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

pub(super) enum Unwound {
    /// A handler of the (new) top frame catches it at this pc.
    Caught(usize),
    Uncaught,
}

/// Finds the handler for a throw at `pc` in the top frame, popping frames that have none, up
/// to and including the entry frame.
pub(super) fn unwind(vm: &mut Vm, mut pc: usize) -> Unwound {
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
pub(super) enum Flow {
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
pub(super) fn reg(vm: &Vm, base: usize, r: amber_compiler::bytecode::Reg) -> Value {
    let i = base + r.0 as usize;
    debug_assert!(i < vm.stack.len(), "register r{} outside the frame", r.0);
    // SAFETY: `i` is inside the running frame's register window (see above).
    read_in_halves(unsafe { vm.stack.get_unchecked(i) })
}

// `read_in_halves` relies on this layout.
const _: () = assert!(size_of::<Value>() == 16 && align_of::<Value>() == 8);

/// Copies a value out of memory as two 8-byte loads (its tag word, then its payload word)
/// instead of the one 16-byte load the compiler would use.
///
/// An instruction usually writes a value (into the accumulator or a register) as two 8-byte
/// stores, tag and payload, and the next one reads it back. A 16-byte load of bytes that two
/// separate stores have just written cannot take them from the store buffer: the CPU waits
/// for both stores to reach the cache, a stall of a dozen cycles. Each 8-byte load lies
/// within one store (or within one 16-byte store), so it is forwarded. Volatile reads keep
/// the compiler from merging the two loads back into one.
#[inline(always)]
pub(crate) fn read_in_halves(v: &Value) -> Value {
    use std::mem::MaybeUninit;
    let words = v as *const Value as *const MaybeUninit<u64>;
    // SAFETY: `Value` is 16 bytes, 8-aligned and `Copy`, so its two words are readable; they
    // are read as `MaybeUninit` because a payload shorter than 8 bytes leaves padding, and the
    // pair is the bytes of a valid `Value`, so turning it back into one is sound.
    unsafe {
        let tag = std::ptr::read_volatile(words);
        let payload = std::ptr::read_volatile(words.add(1));
        std::mem::transmute::<[MaybeUninit<u64>; 2], Value>([tag, payload])
    }
}

#[inline(always)]
pub(super) fn set_reg(vm: &mut Vm, base: usize, r: amber_compiler::bytecode::Reg, v: Value) {
    let i = base + r.0 as usize;
    debug_assert!(i < vm.stack.len(), "register r{} outside the frame", r.0);
    // SAFETY: `i` is inside the running frame's register window (see above).
    unsafe { *vm.stack.get_unchecked_mut(i) = v }
}

pub(super) fn constant(vm: &Vm, code: Handle<Code>, k: amber_compiler::bytecode::Const) -> Value {
    vm.heap.get(code).constants[k.0 as usize]
}

pub(super) fn name_constant(
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
pub(super) fn bad_register(vm: &mut Vm) -> crate::Throw {
    vm.type_error("internal error: a register holds the wrong kind of value")
}

/// The error for a constant of the wrong kind (corrupt-image bytecode only).
fn bad_constant(vm: &mut Vm) -> crate::Throw {
    vm.type_error("internal error: a constant is the wrong kind of value")
}

/// The generator object in register `gen` (of Yield, Await, AsyncResolve, AsyncReject), or
/// [`bad_register`]'s error when it holds anything else (corrupt-image bytecode only).
pub(super) fn generator_register(
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
pub(super) fn env_at(vm: &mut Vm, depth: u16) -> JsResult<Handle<Env>> {
    let mut env = vm.frames.last().and_then(|f| f.env);
    for _ in 0..depth {
        env = env.and_then(|e| vm.heap.get(e).outer);
    }
    env.ok_or_else(|| vm.type_error("internal error: environment chain too short"))
}

/// Slot `slot` of `env`, checked for the same reason as [`env_at`]'s depth.
pub(super) fn env_slot(vm: &mut Vm, env: Handle<Env>, slot: u16) -> JsResult<&mut Value> {
    if (slot as usize) >= vm.heap.get(env).slots.len() {
        return Err(vm.type_error("internal error: environment slot out of range"));
    }
    Ok(&mut vm.heap.get_mut(env).slots[slot as usize])
}

/// Executes one instruction.
#[inline(always)]
pub(super) fn step(
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
        Star { dst } => set_reg(vm, base, dst, read_in_halves(acc)),
        LdarTo { src, dst } => {
            let v = reg(vm, base, src);
            set_reg(vm, base, dst, v);
            *acc = v;
        }
        StarLdar { dst, src } => {
            set_reg(vm, base, dst, read_in_halves(acc));
            *acc = reg(vm, base, src);
        }
        LdaSmiTo { value, dst } => {
            let v = Value::Number(value.0 as f64);
            set_reg(vm, base, dst, v);
            *acc = v;
        }
        LdaUndefinedTo { dst } => {
            set_reg(vm, base, dst, Value::Undefined);
            *acc = Value::Undefined;
        }
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
            *env_slot(vm, env, slot.0)? = read_in_halves(acc);
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
        LdaEnvChecked { depth, slot, name } => {
            let env = env_at(vm, depth.0)?;
            let v = *env_slot(vm, env, slot.0)?;
            if let Value::Empty = v {
                return Err(tdz_error(vm, code, name));
            }
            *acc = v;
        }
        CheckTdz { name } => {
            if let Value::Empty = read_in_halves(acc) {
                return Err(tdz_error(vm, code, name));
            }
        }
        ThrowConstAssign { name } => {
            let n = vm.rust_string(name_constant(vm, code, name));
            return Err(vm.type_error(format!("Assignment to constant variable '{n}'.")));
        }

        LdaGlobal { name, ic } => *acc = globals::load_cached(vm, code, ic, name, true)?,
        LdaGlobalTo { name, ic, dst } => {
            let v = globals::load_cached(vm, code, ic, name, true)?;
            set_reg(vm, base, dst, v);
            *acc = v;
        }
        LdaGlobalOrUndefined { name, ic } => {
            *acc = globals::load_cached(vm, code, ic, name, false)?
        }
        StaGlobal { name, ic } => {
            globals::store_cached(vm, code, ic, name, read_in_halves(acc), strict)?
        }
        DeclareGlobalVar { name } => {
            globals::declare_var(vm, name_constant(vm, code, name), false)?
        }
        DeclareGlobalFunction { name } => globals::declare_function(
            vm,
            name_constant(vm, code, name),
            read_in_halves(acc),
            false,
        )?,
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
            globals::declare_function(vm, name_constant(vm, code, name), read_in_halves(acc), true)?
        }
        DeclareGlobalLexical { name, is_const } => {
            globals::declare_lexical(vm, name_constant(vm, code, name), is_const.0 != 0)?
        }
        InitGlobalLexical { name } => {
            globals::init_lexical(vm, name_constant(vm, code, name), read_in_halves(acc))
        }
        DeleteGlobal { name } => *acc = globals::delete(vm, name_constant(vm, code, name))?,

        GetNamed { obj, name, ic } => *acc = get_named(vm, code, reg(vm, base, obj), name, ic)?,
        GetNamedTo { obj, name, ic, dst } => {
            let v = get_named(vm, code, reg(vm, base, obj), name, ic)?;
            set_reg(vm, base, dst, v);
            *acc = v;
        }
        GetLength { obj, name, ic } => {
            // An Array's "length" is always its own data property, and a string's always
            // the own "length" of its wrapper (https://tc39.es/ecma262/#sec-string-exotic-objects):
            // both read without a lookup. Anything else is an ordinary GetNamed.
            let o = reg(vm, base, obj);
            *acc = match o {
                Value::Object(h) => match &vm.heap.get(h).kind {
                    ObjectKind::Array(a) => Value::Number(a.length as f64),
                    _ => get_named(vm, code, o, name, ic)?,
                },
                Value::String(s) => Value::Number(vm.heap.string_length(s) as f64),
                _ => get_named(vm, code, o, name, ic)?,
            };
        }
        SetNamed { obj, name, ic } => {
            let o = reg(vm, base, obj);
            if let Value::Object(h) = o {
                if inline_cache::cached_set(vm, code, ic, h, acc) {
                    return Ok(Flow::Next);
                }
            }
            let key = normalize_key(PropertyKey::String(name_constant(vm, code, name)), vm);
            let collections = vm.heap.collections;
            let before = match o {
                Value::Object(h) => Some(inline_cache::shape_before(vm, h)),
                _ => None,
            };
            let slot = vm.root(read_in_halves(acc));
            ops::put_value(vm, o, key, read_in_halves(acc), strict)?;
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
            if let (Value::Object(h), Value::Number(n)) = (o, read_in_halves(acc)) {
                // Fast path: dense element.
                if let Some(i) = ops::array_index_of(n) {
                    let obj = vm.heap.get(h);
                    if let Some(v) = obj.elements.get(i as usize) {
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
            if let (Value::Object(h), Value::Number(n)) = (o, read_in_halves(acc)) {
                if let ObjectKind::TypedArray(_) = vm.heap.get(h).kind {
                    let index = if n == 0.0 { 0.0 } else { n };
                    *acc = crate::builtins::typed_array::typed_array_get_element(vm, h, index);
                    return Ok(Flow::Next);
                }
            }
            if let Some(p) = private::as_private_name(vm, read_in_halves(acc)) {
                *acc = private::get(vm, o, p)?;
                return Ok(Flow::Next);
            }
            if o.is_nullish() {
                // GetValue: ToObject(base) throws before the key is converted.
                if let Value::Object(_) = read_in_halves(acc) {
                    let what = if o == Value::Null {
                        "null"
                    } else {
                        "undefined"
                    };
                    return Err(vm.type_error(format!("Cannot read properties of {what}")));
                }
                let k = ops::to_property_key(vm, read_in_halves(acc))?;
                return Err(ops::get_v(vm, o, k).unwrap_err());
            }
            let key = ops::to_property_key(vm, read_in_halves(acc))?;
            let o = reg(vm, base, obj);
            *acc = ops::get_v(vm, o, key)?;
        }
        SetKeyed { obj, key } => {
            let o = reg(vm, base, obj);
            let k = reg(vm, base, key);
            if let (Value::Object(h), Value::Number(n)) = (o, k) {
                if let Some(i) = ops::array_index_of(n) {
                    let i = i as usize;
                    let object = vm.heap.get_mut(h);
                    if let ObjectKind::Ordinary | ObjectKind::Array(_) = object.kind {
                        // An existing element is a writable data property: overwrite it.
                        if let Some(slot) = object.elements.get_mut(i) {
                            if !matches!(slot, Value::Empty) {
                                *slot = read_in_halves(acc);
                                return Ok(Flow::Next);
                            }
                        }
                    }
                    // Appending to an extensible Array with a writable length, when nothing
                    // on the prototype chain has this index: what [[Set]] would do is define
                    // a data element and grow the length.
                    if let ObjectKind::Array(d) = object.kind {
                        let proto = object.proto.get();
                        if i == object.elements.len()
                            && object.extensible
                            && d.length_writable
                            && vm
                                .heap
                                .get_property(h, PropertyKey::Index(i as u32))
                                .is_none()
                            && !crate::builtins::array::inherits_any_index_fast(
                                vm, proto, i as u32, 1,
                            )
                        {
                            vm.heap.note_growth(std::mem::size_of::<Value>());
                            let object = vm.heap.get_mut(h);
                            object.elements.push(read_in_halves(acc));
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
                if crate::builtins::typed_array::try_set_fast(vm, h, n, read_in_halves(acc)) {
                    return Ok(Flow::Next);
                }
            }
            if let Some(p) = private::as_private_name(vm, k) {
                let slot = vm.root(read_in_halves(acc));
                let r = private::set(vm, o, p, read_in_halves(acc));
                *acc = vm.rooted(slot);
                vm.unroot(slot);
                r?;
                return Ok(Flow::Next);
            }
            // PutValue: ToObject(base) (a nullish base throws before the key is converted),
            // then ToPropertyKey, then [[Set]]. <https://tc39.es/ecma262/#sec-putvalue>
            if o.is_nullish() {
                return Err(set_on_nullish(vm, o, k));
            }
            let slot = vm.root(read_in_halves(acc));
            let k = ops::to_property_key(vm, k)?;
            let o = reg(vm, base, obj);
            let v = vm.rooted(slot);
            ops::put_value(vm, o, k, v, strict)?;
            *acc = vm.rooted(slot);
            vm.unroot(slot);
        }
        DeleteKeyed { obj } => {
            let o = reg(vm, base, obj);
            let key = ops::to_property_key(vm, read_in_halves(acc))?;
            let o = ops::to_object(vm, o)?;
            let ok = object::delete(vm, o, key)?;
            if !ok && strict {
                let name = ops::display_key(vm, key);
                return Err(vm.type_error(format!("Cannot delete property '{name}'")));
            }
            *acc = Value::Boolean(ok);
        }
        DefineNamed { obj, name, ic } => {
            let Value::Object(o) = reg(vm, base, obj) else {
                return Err(bad_register(vm));
            };
            if inline_cache::cached_define(vm, code, ic, o, acc) {
                return Ok(Flow::Next);
            }
            let key = normalize_key(PropertyKey::String(name_constant(vm, code, name)), vm);
            let collections = vm.heap.collections;
            let before = inline_cache::shape_before(vm, o);
            ops::create_data_property(vm, o, key, read_in_halves(acc))?;
            if collections == vm.heap.collections {
                inline_cache::fill_define(vm, code, ic, o, key, before);
            }
        }
        DefineKeyed { obj, key } => {
            if let Some(p) = private::as_private_name(vm, reg(vm, base, key)) {
                private::add(vm, reg(vm, base, obj), p, read_in_halves(acc))?;
                return Ok(Flow::Next);
            }
            let slot = vm.root(read_in_halves(acc));
            let k = ops::to_property_key(vm, reg(vm, base, key));
            *acc = vm.rooted(slot);
            vm.unroot(slot);
            let Value::Object(o) = reg(vm, base, obj) else {
                return Err(bad_register(vm));
            };
            ops::create_data_property_or_throw(vm, o, k?, read_in_halves(acc))?;
        }
        DefineAccessor { obj, key, kind } => {
            let o = reg(vm, base, obj);
            let k = reg(vm, base, key);
            crate::builtins::function::define_accessor(vm, o, k, read_in_halves(acc), kind.0)?;
        }
        DefineMethod {
            obj,
            key,
            enumerable,
        } => {
            let o = reg(vm, base, obj);
            let k = reg(vm, base, key);
            crate::builtins::function::define_method(
                vm,
                o,
                k,
                read_in_halves(acc),
                enumerable.0 != 0,
            )?;
        }
        SetProto { obj } => {
            let Value::Object(o) = reg(vm, base, obj) else {
                return Err(bad_register(vm));
            };
            match read_in_halves(acc) {
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
            crate::builtins::object::copy_data_properties(vm, o, read_in_halves(acc), &[])?;
            *acc = Value::Undefined;
        }
        ToPropertyKey {} => {
            *acc = match read_in_halves(acc) {
                Value::String(_) | Value::Symbol(_) => read_in_halves(acc),
                Value::Object(o) if matches!(vm.heap.get(o).kind, ObjectKind::PrivateName(_)) => {
                    read_in_halves(acc)
                }
                Value::Number(n)
                    if ops::array_index_of(n).is_some() && !(n == 0.0 && n.is_sign_negative()) =>
                {
                    read_in_halves(acc)
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
                read_in_halves(acc),
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
            let slot = vm.root(read_in_halves(acc));
            crate::builtins::function::super_set(
                vm,
                reg(vm, base, func),
                reg(vm, base, this),
                reg(vm, base, key),
                read_in_halves(acc),
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
        CreateArrayFromList { list } => {
            // K[list] is an array the loader made of the literal's numbers (see `load_code`).
            let Value::Object(l) = constant(vm, code, list) else {
                return Err(bad_constant(vm));
            };
            let list = vm.heap.get(l);
            let elements = match list.kind {
                ObjectKind::Array(_) => list.elements.clone(),
                _ => return Err(bad_constant(vm)),
            };
            vm.heap
                .note_growth(elements.len() * std::mem::size_of::<Value>());
            let a = crate::builtins::array::array_create(vm, elements.len() as u32, None);
            vm.heap.get_mut(a).elements = elements;
            *acc = Value::Object(a);
        }
        ArrayPush { arr } => {
            let Value::Object(a) = reg(vm, base, arr) else {
                return Err(bad_register(vm));
            };
            crate::builtins::array::push_fast_from(vm, a, acc);
        }
        ArrayHole { arr } => {
            let Value::Object(a) = reg(vm, base, arr) else {
                return Err(bad_register(vm));
            };
            crate::builtins::array::push_hole(vm, a);
        }
        ArraySpread { arr } => {
            let list = ops::iterable_to_list(vm, read_in_halves(acc))?;
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
            crate::builtins::arguments::map_argument(
                vm,
                read_in_halves(acc),
                index.0 as usize,
                slot.0 as u32,
            );
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

        Add { lhs } => match (reg(vm, base, lhs), read_in_halves(acc)) {
            (Value::Number(a), Value::Number(b)) => *acc = Value::Number(a + b),
            (l, r) => *acc = returned(ops::add(vm, l, r))?,
        },
        AddTo { lhs, dst } => match (reg(vm, base, lhs), read_in_halves(acc)) {
            (Value::Number(a), Value::Number(b)) => {
                set_reg(vm, base, dst, Value::Number(a + b));
                *acc = Value::Number(a + b);
            }
            (l, r) => {
                let sum = returned(ops::add(vm, l, r))?;
                set_reg(vm, base, dst, sum);
                *acc = sum;
            }
        },
        Sub { lhs } => arith_into(vm, acc, reg(vm, base, lhs), ops::NumericOp::Sub)?,
        Mul { lhs } => arith_into(vm, acc, reg(vm, base, lhs), ops::NumericOp::Mul)?,
        Div { lhs } => arith_into(vm, acc, reg(vm, base, lhs), ops::NumericOp::Div)?,
        Rem { lhs } => arith_into(vm, acc, reg(vm, base, lhs), ops::NumericOp::Rem)?,
        Exp { lhs } => arith_into(vm, acc, reg(vm, base, lhs), ops::NumericOp::Exp)?,
        BitAnd { lhs } => arith_into(vm, acc, reg(vm, base, lhs), ops::NumericOp::BitAnd)?,
        BitOr { lhs } => arith_into(vm, acc, reg(vm, base, lhs), ops::NumericOp::BitOr)?,
        BitXor { lhs } => arith_into(vm, acc, reg(vm, base, lhs), ops::NumericOp::BitXor)?,
        Shl { lhs } => arith_into(vm, acc, reg(vm, base, lhs), ops::NumericOp::Shl)?,
        Shr { lhs } => arith_into(vm, acc, reg(vm, base, lhs), ops::NumericOp::Shr)?,
        UShr { lhs } => arith_into(vm, acc, reg(vm, base, lhs), ops::NumericOp::UShr)?,
        Eq { lhs } => {
            let b = compare(vm, Cmp::Eq, reg(vm, base, lhs), read_in_halves(acc))?;
            *acc = Value::Boolean(b);
        }
        NotEq { lhs } => {
            let b = compare(vm, Cmp::NotEq, reg(vm, base, lhs), read_in_halves(acc))?;
            *acc = Value::Boolean(b);
        }
        StrictEq { lhs } => {
            let b = compare(vm, Cmp::StrictEq, reg(vm, base, lhs), read_in_halves(acc))?;
            *acc = Value::Boolean(b);
        }
        StrictNotEq { lhs } => {
            let b = compare(
                vm,
                Cmp::StrictNotEq,
                reg(vm, base, lhs),
                read_in_halves(acc),
            )?;
            *acc = Value::Boolean(b);
        }
        Lt { lhs } => {
            let b = compare(vm, Cmp::Lt, reg(vm, base, lhs), read_in_halves(acc))?;
            *acc = Value::Boolean(b);
        }
        Gt { lhs } => {
            let b = compare(vm, Cmp::Gt, reg(vm, base, lhs), read_in_halves(acc))?;
            *acc = Value::Boolean(b);
        }
        LtEq { lhs } => {
            let b = compare(vm, Cmp::LtEq, reg(vm, base, lhs), read_in_halves(acc))?;
            *acc = Value::Boolean(b);
        }
        GtEq { lhs } => {
            let b = compare(vm, Cmp::GtEq, reg(vm, base, lhs), read_in_halves(acc))?;
            *acc = Value::Boolean(b);
        }
        InstanceOf { lhs } => {
            *acc = Value::Boolean(ops::instanceof_operator(
                vm,
                reg(vm, base, lhs),
                read_in_halves(acc),
            )?)
        }
        In { lhs } => {
            if let Some(p) = private::as_private_name(vm, reg(vm, base, lhs)) {
                *acc = private::has(vm, read_in_halves(acc), p)?;
                return Ok(Flow::Next);
            }
            let Value::Object(o) = read_in_halves(acc) else {
                return Err(
                    vm.type_error("Cannot use 'in' operator to search for a key in a non-object")
                );
            };
            let slot = vm.root(read_in_halves(acc));
            let key = ops::to_property_key(vm, reg(vm, base, lhs))?;
            let Value::Object(o2) = vm.rooted(slot) else {
                unreachable!()
            };
            let _ = o;
            vm.unroot(slot);
            *acc = Value::Boolean(object::has_property(vm, o2, key)?);
        }
        Negate {} => {
            *acc = match read_in_halves(acc) {
                Value::Number(n) => Value::Number(-n),
                v => match ops::to_numeric(vm, v)? {
                    Value::Number(n) => Value::Number(-n),
                    Value::BigInt(b) => crate::builtins::bigint::negate(vm, b),
                    _ => unreachable!(),
                },
            }
        }
        BitNot {} => {
            *acc = match ops::to_numeric(vm, read_in_halves(acc))? {
                Value::Number(n) => Value::Number(!ops::to_i32(n) as f64),
                Value::BigInt(b) => crate::builtins::bigint::bit_not(vm, b),
                _ => unreachable!(),
            }
        }
        Not {} => *acc = Value::Boolean(!ops::to_boolean(vm, read_in_halves(acc))),
        TypeOf {} => {
            let t = ops::type_of(vm, read_in_halves(acc));
            *acc = Value::String(vm.str(t));
        }
        ToNumeric {} => {
            // (A Number is already numeric: the common `i++` skips the call.)
            if !matches!(read_in_halves(acc), Value::Number(_)) {
                *acc = ops::to_numeric(vm, read_in_halves(acc))?
            }
        }
        ToNumber {} => *acc = Value::Number(ops::to_number(vm, read_in_halves(acc))?),
        ToStringOp {} => *acc = Value::String(ops::to_string(vm, read_in_halves(acc))?),
        // (Inc and Dec apply ToNumeric themselves, so `ToNumeric; Inc` fuses to `Inc`.)
        Inc {} => {
            *acc = match read_in_halves(acc) {
                Value::Number(n) => Value::Number(n + 1.0),
                v => step_numeric(vm, v, 1)?,
            }
        }
        Dec {} => {
            *acc = match read_in_halves(acc) {
                Value::Number(n) => Value::Number(n - 1.0),
                v => step_numeric(vm, v, -1)?,
            }
        }
        IncReg { reg: r } => {
            let v = match reg(vm, base, r) {
                Value::Number(n) => Value::Number(n + 1.0),
                v => step_numeric(vm, v, 1)?,
            };
            set_reg(vm, base, r, v);
            *acc = v;
        }
        DecReg { reg: r } => {
            let v = match reg(vm, base, r) {
                Value::Number(n) => Value::Number(n - 1.0),
                v => step_numeric(vm, v, -1)?,
            };
            set_reg(vm, base, r, v);
            *acc = v;
        }
        PostIncReg { reg: r } => {
            let (old, new) = match reg(vm, base, r) {
                Value::Number(n) => (Value::Number(n), Value::Number(n + 1.0)),
                v => post_step_numeric(vm, v, 1)?,
            };
            set_reg(vm, base, r, new);
            *acc = old;
        }
        PostDecReg { reg: r } => {
            let (old, new) = match reg(vm, base, r) {
                Value::Number(n) => (Value::Number(n), Value::Number(n - 1.0)),
                v => post_step_numeric(vm, v, -1)?,
            };
            set_reg(vm, base, r, new);
            *acc = old;
        }
        AddSmi { value } => {
            *acc = match read_in_halves(acc) {
                Value::Number(a) => Value::Number(a + f64::from(value.0)),
                l => returned(ops::add(vm, l, Value::Number(f64::from(value.0))))?,
            }
        }
        SubSmi { value } => arith_smi(vm, acc, value.0, ops::NumericOp::Sub)?,
        MulSmi { value } => arith_smi(vm, acc, value.0, ops::NumericOp::Mul)?,
        BitAndSmi { value } => arith_smi(vm, acc, value.0, ops::NumericOp::BitAnd)?,
        BitOrSmi { value } => arith_smi(vm, acc, value.0, ops::NumericOp::BitOr)?,
        BitXorSmi { value } => arith_smi(vm, acc, value.0, ops::NumericOp::BitXor)?,
        ShlSmi { value } => arith_smi(vm, acc, value.0, ops::NumericOp::Shl)?,
        ShrSmi { value } => arith_smi(vm, acc, value.0, ops::NumericOp::Shr)?,
        UShrSmi { value } => arith_smi(vm, acc, value.0, ops::NumericOp::UShr)?,

        Jump { target } => *pc = target.0 as usize,
        JumpIfTrue { target } => {
            if truthy(vm, read_in_halves(acc)) {
                *pc = target.0 as usize
            }
        }
        JumpIfFalse { target } => {
            if !truthy(vm, read_in_halves(acc)) {
                *pc = target.0 as usize
            }
        }
        JumpUnlessEq { lhs, target } => {
            jump_unless(vm, Cmp::Eq, reg(vm, base, lhs), acc, pc, target)?
        }
        JumpUnlessNotEq { lhs, target } => {
            jump_unless(vm, Cmp::NotEq, reg(vm, base, lhs), acc, pc, target)?
        }
        JumpUnlessStrictEq { lhs, target } => {
            jump_unless(vm, Cmp::StrictEq, reg(vm, base, lhs), acc, pc, target)?
        }
        JumpUnlessStrictNotEq { lhs, target } => {
            jump_unless(vm, Cmp::StrictNotEq, reg(vm, base, lhs), acc, pc, target)?
        }
        JumpUnlessLt { lhs, target } => {
            jump_unless(vm, Cmp::Lt, reg(vm, base, lhs), acc, pc, target)?
        }
        JumpUnlessGt { lhs, target } => {
            jump_unless(vm, Cmp::Gt, reg(vm, base, lhs), acc, pc, target)?
        }
        JumpUnlessLtEq { lhs, target } => {
            jump_unless(vm, Cmp::LtEq, reg(vm, base, lhs), acc, pc, target)?
        }
        JumpUnlessGtEq { lhs, target } => {
            jump_unless(vm, Cmp::GtEq, reg(vm, base, lhs), acc, pc, target)?
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
        JumpIfNull { target } => {
            if matches!(read_in_halves(acc), Value::Null) {
                *pc = target.0 as usize
            }
        }
        JumpIfNotNull { target } => {
            if !matches!(read_in_halves(acc), Value::Null) {
                *pc = target.0 as usize
            }
        }
        JumpIfStrictEq { a, target } => {
            let v = reg(vm, base, a);
            let equal = match (v, read_in_halves(acc)) {
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
        ReturnUndefined {} => {
            *acc = Value::Undefined;
            return Ok(Flow::Return);
        }
        Throw {} => return Err(vm.throw(read_in_halves(acc))),
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
            if argc.0 == 1 {
                let item = read_in_halves(&vm.stack[start]);
                if let Some(len) = crate::builtins::array::push_one_without_call(vm, f, t, item) {
                    *acc = len;
                    return Ok(Flow::Next);
                }
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
                crate::builtins::async_iterator::get_async_iterator(vm, read_in_halves(acc))?
            } else {
                ops::get_iterator(vm, read_in_halves(acc))?
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
            let slot = vm.root(read_in_halves(acc));
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
            let (finished, v) =
                crate::builtins::generator::delegate_call(vm, at, m, read_in_halves(acc))?;
            *acc = v;
            if finished {
                *pc = done.0 as usize;
            }
        }
        DelegateResult { done } => {
            let (finished, v) =
                crate::builtins::generator::delegate_result(vm, read_in_halves(acc))?;
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
            let Value::Object(r) = read_in_halves(acc) else {
                return Err(vm.type_error("Iterator result is not an object"));
            };
            let slot = vm.root(read_in_halves(acc));
            let d = ops::get_name(vm, r, CommonKey::Done);
            let r = vm.rooted(slot);
            vm.unroot(slot);
            if ops::to_boolean(vm, d?) {
                *acc = Value::Undefined;
                *pc = done.0 as usize;
            } else {
                let Value::Object(r) = r else { unreachable!() };
                *acc = ops::get_name(vm, r, CommonKey::Value)?;
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
            if !matches!(read_in_halves(acc), Value::Object(_)) {
                return Err(vm.type_error("iterator result is not an object"));
            }
        }
        ForInPrepare { dst } => {
            let it = crate::builtins::iterators::for_in_iterator(vm, read_in_halves(acc))?;
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
                let next =
                    crate::builtins::async_generator::yield_value(vm, g, read_in_halves(acc));
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
            let promise = crate::builtins::generator::await_value(vm, g, read_in_halves(acc))?;
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
            *acc = crate::builtins::generator::async_settle(vm, g, read_in_halves(acc), false)?;
        }
        AsyncReject { gen } => {
            let g = generator_register(vm, base, gen)?;
            *acc = crate::builtins::generator::async_settle(vm, g, read_in_halves(acc), true)?;
        }
        IterResult { done } => {
            *acc = ops::create_iter_result_object(vm, read_in_halves(acc), done.0 != 0);
        }
        DelegateStep { iter, mode, done } => {
            let m = match reg(vm, base, mode) {
                Value::Number(n) => n as u8,
                _ => 0,
            };
            let at = base + iter.0 as usize;
            let (finished, v) =
                crate::builtins::generator::delegate_step(vm, at, m, read_in_halves(acc))?;
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
            crate::builtins::function::set_class_fields(vm, c, read_in_halves(acc));
        }
        SetFunctionName { key } => {
            // NamedEvaluation with a property key known only at run time.
            // <https://tc39.es/ecma262/#sec-setfunctionname>
            let k = match reg(vm, base, key) {
                Value::String(s) => Some(normalize_key(PropertyKey::String(s), vm)),
                Value::Symbol(s) => Some(PropertyKey::Symbol(s)),
                Value::Number(n) => ops::array_index_of(n).map(PropertyKey::Index),
                _ => None,
            };
            if let (Some(k), Value::Object(f)) = (k, read_in_halves(acc)) {
                crate::builtins::function::set_function_name(vm, f, k, None);
            }
        }
        SetHomeObject { home } => {
            // MakeMethod(F, homeObject). <https://tc39.es/ecma262/#sec-makemethod>
            if let (Value::Object(f), Value::Object(h)) = (read_in_halves(acc), reg(vm, base, home))
            {
                if let ObjectKind::Function(d) = &mut vm.heap.get_mut(f).kind {
                    d.home_object = Some(h);
                }
            }
        }
        CreatePrivateName { name } => {
            *acc = private::create(vm, name_constant(vm, code, name));
        }
        SetPrivateMethod { name, home, kind } => {
            if let (Value::Object(f), Value::Object(h)) = (read_in_halves(acc), reg(vm, base, home))
            {
                if let ObjectKind::Function(d) = &mut vm.heap.get_mut(f).kind {
                    d.home_object = Some(h);
                }
            }
            if let Some(p) = private::as_private_name(vm, reg(vm, base, name)) {
                private::set_method(vm, p, read_in_halves(acc), kind.0);
            }
        }
        PrivateBrandAdd { obj } => {
            if let Some(p) = private::as_private_name(vm, read_in_halves(acc)) {
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
            ops::require_object_coercible(vm, read_in_halves(acc))?;
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
            crate::builtins::object::copy_data_properties(
                vm,
                target,
                read_in_halves(acc),
                &excluded,
            )?;
        }
        PushWith {} => {
            // <https://tc39.es/ecma262/#sec-with-statement-runtime-semantics-evaluation>
            let obj = ops::to_object(vm, read_in_halves(acc))?;
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
            let slot = vm.root(read_in_halves(acc));
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
            let slot = vm.root(read_in_halves(acc));
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
                let slot = vm.root(read_in_halves(acc));
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
            *acc = crate::module::dynamic_import(vm, read_in_halves(acc), options, &file, false)?;
        }
        ImportDeferCall { options } => {
            let file = vm.rust_string(vm.heap.get(code).file);
            let options = reg(vm, base, options);
            *acc = crate::module::dynamic_import(vm, read_in_halves(acc), options, &file, true)?;
        }
        DecoratorOp { op, args } => {
            *acc = crate::builtins::decorators::run(vm, op.0, base + args.0 as usize)?;
        }
        ImportSourceCall {} => {
            let file = vm.rust_string(vm.heap.get(code).file);
            *acc = crate::module::dynamic_import_source(vm, read_in_halves(acc), &file)?;
        }

        NewDisposeCapability { cap } => {
            let c = crate::builtins::disposable_stack::new_dispose_capability(vm);
            set_reg(vm, base, cap, c);
        }
        AddDisposableResource { cap, hint } => {
            let slot = vm.root(reg(vm, base, cap));
            vm.root(read_in_halves(acc));
            let r = crate::builtins::disposable_stack::add_disposable_resource(
                vm,
                slot,
                read_in_halves(acc),
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
            let e = crate::builtins::disposable_stack::add_disposal_error(
                vm,
                error,
                read_in_halves(acc),
            );
            set_reg(vm, base, kind, Value::Number(1.0));
            set_reg(vm, base, value, e);
        }
    }
    Ok(Flow::Next)
}

/// The value of the completion a scope with `using` declarations leaves with, if it is a
/// throw completion (kind 1 in the compiler's finally protocol).
pub(super) fn disposal_error(
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

/// Keys coming from name constants are interned strings; numeric-looking names (`o["0"]`
/// written as `o[0]` is computed, but `{ "1": x }` is a name) must become index keys.
#[inline]
pub(super) fn normalize_key(key: PropertyKey, vm: &Vm) -> PropertyKey {
    if let PropertyKey::String(s) = key {
        if let Some(i) = ops::array_index(vm.heap.string_units(s)) {
            return PropertyKey::Index(i);
        }
    }
    key
}

/// Both operands as Numbers, for the comparison fast paths.
#[inline(always)]
pub(super) fn numbers(l: Value, r: Value) -> Option<(f64, f64)> {
    match (l, r) {
        (Value::Number(a), Value::Number(b)) => Some((a, b)),
        _ => None,
    }
}

/// ToBoolean, with a Boolean (what comparisons leave in acc) decided inline.
#[inline(always)]
pub(super) fn truthy(vm: &Vm, v: Value) -> bool {
    match v {
        Value::Boolean(b) => b,
        v => ops::to_boolean(vm, v),
    }
}

/// The comparison operators (`Cmp` names the instruction). Two Numbers are decided inline
/// (IEEE comparison is exactly the spec's Number::lessThan and Number::equal, NaN included);
/// anything else goes to `ops`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Eq,
    NotEq,
    StrictEq,
    StrictNotEq,
    Lt,
    Gt,
    LtEq,
    GtEq,
}

/// A fused comparison and JumpIfFalse: acc := l op acc, and jump when that is false.
#[inline(always)]
fn jump_unless(
    vm: &mut Vm,
    op: Cmp,
    l: Value,
    acc: &mut Value,
    pc: &mut usize,
    target: amber_compiler::bytecode::Label,
) -> JsResult<()> {
    let b = compare(vm, op, l, read_in_halves(acc))?;
    *acc = Value::Boolean(b);
    if !b {
        *pc = target.0 as usize
    }
    Ok(())
}

/// `l op r` for a comparison instruction (`r` is the accumulator).
#[inline(always)]
fn compare(vm: &mut Vm, op: Cmp, l: Value, r: Value) -> JsResult<bool> {
    if let Some((a, b)) = numbers(l, r) {
        return Ok(match op {
            Cmp::Eq | Cmp::StrictEq => a == b,
            Cmp::NotEq | Cmp::StrictNotEq => a != b,
            Cmp::Lt => a < b,
            Cmp::Gt => a > b,
            Cmp::LtEq => a <= b,
            Cmp::GtEq => a >= b,
        });
    }
    if let (Cmp::Eq | Cmp::NotEq, Some(eq)) = (op, ops::loosely_equal_without_conversion(vm, l, r))
    {
        return Ok(eq == (op == Cmp::Eq));
    }
    Ok(match op {
        Cmp::Eq => ops::is_loosely_equal(vm, l, r)?,
        Cmp::NotEq => !ops::is_loosely_equal(vm, l, r)?,
        Cmp::StrictEq => ops::is_strictly_equal(vm, l, r),
        Cmp::StrictNotEq => !ops::is_strictly_equal(vm, l, r),
        // IsLessThan: undefined (a NaN) makes <, >, <= and >= all false.
        Cmp::Lt => ops::is_less_than(vm, l, r, true)? == Some(true),
        Cmp::Gt => ops::is_less_than(vm, r, l, false)? == Some(true),
        Cmp::LtEq => ops::is_less_than(vm, r, l, false)? == Some(false),
        Cmp::GtEq => ops::is_less_than(vm, l, r, true)? == Some(false),
    })
}

/// GetNamed's semantics: `o.name` through the site's inline cache, filling it after a miss.
#[inline(always)]
fn get_named(
    vm: &mut Vm,
    code: Handle<Code>,
    o: Value,
    name: amber_compiler::bytecode::Const,
    ic: amber_compiler::bytecode::Ic,
) -> JsResult {
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
            return Ok(v);
        }
    }
    let key = PropertyKey::String(name_constant(vm, code, name));
    let key = normalize_key(key, vm);
    let collections = vm.heap.collections;
    let v = ops::get_v(vm, o, key)?;
    // (Only if nothing moved: a getter or a proxy trap may have collected.)
    if let (Some(h), true) = (start, collections == vm.heap.collections) {
        inline_cache::fill_get(vm, code, ic, h, key);
    }
    Ok(v)
}

/// The TypeError of `base[key] = v` on a null or undefined base, thrown before the key is
/// converted (so the message names the key only when it is a primitive, whose ToPropertyKey
/// runs no code and cannot throw).
#[cold]
fn set_on_nullish(vm: &mut Vm, base: Value, key: Value) -> Throw {
    let key = match key {
        Value::Object(_) => None,
        key => match ops::to_property_key(vm, key) {
            Ok(k) => Some(k),
            Err(e) => return e,
        },
    };
    ops::set_on_nullish(vm, base, key)
}

/// ToNumeric(v) + delta, for `Inc`, `Dec`, `IncReg` and `DecReg` when `v` is not a Number.
#[cold]
fn step_numeric(vm: &mut Vm, v: Value, delta: i8) -> JsResult {
    Ok(match ops::to_numeric(vm, v)? {
        Value::Number(n) => Value::Number(n + f64::from(delta)),
        Value::BigInt(b) => crate::builtins::bigint::add_small(vm, b, delta.into()),
        _ => unreachable!("ToNumeric gives a Number or a BigInt"),
    })
}

/// The ReferenceError of reading the binding K[name] in its temporal dead zone.
#[cold]
fn tdz_error(
    vm: &mut Vm,
    code: Handle<Code>,
    name: amber_compiler::bytecode::Const,
) -> crate::Throw {
    let n = vm.rust_string(name_constant(vm, code, name));
    vm.reference_error(format!("Cannot access '{n}' before initialization"))
}

/// (ToNumeric(v), ToNumeric(v) + delta), for `PostIncReg`/`PostDecReg` when `v` is not a
/// Number.
#[cold]
fn post_step_numeric(vm: &mut Vm, v: Value, delta: i8) -> JsResult<(Value, Value)> {
    Ok(match ops::to_numeric(vm, v)? {
        Value::Number(n) => (Value::Number(n), Value::Number(n + f64::from(delta))),
        Value::BigInt(b) => (
            Value::BigInt(b),
            crate::builtins::bigint::add_small(vm, b, delta.into()),
        ),
        _ => unreachable!("ToNumeric gives a Number or a BigInt"),
    })
}

/// The value of an out-of-line call's result, read in halves: such a function returns its
/// `JsResult<Value>` through memory, written as two 8-byte stores, and copying it out as one
/// 16-byte load would wait for both to reach the cache (see `read_in_halves`).
#[inline(always)]
pub(crate) fn returned(r: JsResult) -> JsResult {
    match &r {
        Ok(v) => Ok(read_in_halves(v)),
        Err(_) => Err(Throw(())),
    }
}

/// `acc = lhs op acc` for the binary numeric operators but `+`.
///
/// The result is written to the accumulator here rather than returned: a returned
/// `JsResult<Value>` is built in memory as two 8-byte stores and then copied out with one
/// 16-byte load, which the CPU cannot forward from the stores (a stall of a dozen cycles; a
/// third of Crypto's samples sat on those copies). Writing the number straight into `acc` is
/// two stores, and the next instruction reads them with `read_in_halves`.
#[inline(always)]
fn arith_into(vm: &mut Vm, acc: &mut Value, l: Value, op: ops::NumericOp) -> JsResult<()> {
    match (l, read_in_halves(acc)) {
        (Value::Number(a), Value::Number(b)) => *acc = Value::Number(ops::number_op(a, b, op)),
        (l, r) => *acc = returned(ops::numeric_op(vm, l, r, op))?,
    }
    Ok(())
}

/// `acc = acc op imm`, written in place as [`arith_into`] is.
#[inline(always)]
fn arith_smi(vm: &mut Vm, acc: &mut Value, imm: i32, op: ops::NumericOp) -> JsResult<()> {
    let r = f64::from(imm);
    match read_in_halves(acc) {
        Value::Number(a) => *acc = Value::Number(ops::number_op(a, r, op)),
        l => *acc = returned(ops::numeric_op(vm, l, Value::Number(r), op))?,
    }
    Ok(())
}

pub(super) fn push_segment_from_regs(
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
        let v = read_in_halves(&vm.stack[i]);
        vm.stack.push(v);
    }
    base
}

/// The elements of a spread-argument array (built by the compiler, so plain and dense).
pub(super) fn spread_list(vm: &Vm, arr: Value) -> Vec<Value> {
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

pub(super) fn finish_enter(r: JsResult<Entered>, acc: &mut Value) -> JsResult<Flow> {
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
pub(super) fn super_constructor(vm: &mut Vm, func: Value) -> JsResult {
    let Value::Object(f) = func else {
        return Err(vm.type_error("'super' keyword unexpected here"));
    };
    let parent = object::get_prototype_of(vm, f)?;
    match parent {
        Some(p) if ops::is_constructor(vm, Value::Object(p)) => Ok(Value::Object(p)),
        _ => Err(vm.type_error("Super constructor is not a constructor")),
    }
}

#[cfg(test)]
mod tests {
    use super::read_in_halves;
    use amber_heap::{Handle, RawHandle, Value};

    /// Every kind of value, payloads with padding (a Boolean, a handle) included, comes out of
    /// `read_in_halves` equal to what went in, bit for bit for the numbers.
    #[test]
    fn read_in_halves_copies_every_kind_of_value() {
        let h = RawHandle::new(7, 0);
        let values = [
            Value::Empty,
            Value::Undefined,
            Value::Null,
            Value::Boolean(true),
            Value::Boolean(false),
            Value::Number(-0.0),
            Value::Number(f64::NAN),
            Value::Number(1.5e300),
            Value::String(Handle::from_raw(h)),
            Value::Symbol(Handle::from_raw(h)),
            Value::BigInt(Handle::from_raw(h)),
            Value::Object(Handle::from_raw(h)),
        ];
        for v in values {
            let copy = read_in_halves(&v);
            match (v, copy) {
                (Value::Number(a), Value::Number(b)) => assert_eq!(a.to_bits(), b.to_bits()),
                (a, b) => assert_eq!(a, b),
            }
        }
    }
}
