//! Calls: call segments, [[Call]] and [[Construct]] from Rust and from the loop, native
//! calls and pushing frames.

use super::*;
use crate::natives::NativeId;

// --- the native stack ------------------------------------------------------------------------

thread_local! {
    /// The lowest address this thread's native stack may grow down to, if the host said so
    /// ([`set_native_stack_limit`]); 0 if not.
    static NATIVE_STACK_LIMIT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Tells the VM the lowest usable address of the native stack the current thread runs on,
/// for a host that runs the VM on a stack of its own making (the `amber` CLI switches its main
/// thread to a large mapped stack instead of starting a thread). Without it the VM asks the
/// operating system (through `stacker`), which knows only the thread's original stack.
pub fn set_native_stack_limit(lowest: usize) {
    NATIVE_STACK_LIMIT.with(|l| l.set(lowest));
}

/// Bytes of native stack left below the current frame, if known.
fn remaining_native_stack() -> Option<usize> {
    let limit = NATIVE_STACK_LIMIT.with(|l| l.get());
    if limit == 0 {
        return stacker::remaining_stack();
    }
    let here = 0u8;
    Some((std::ptr::addr_of!(here) as usize).saturating_sub(limit))
}

// --- calls -------------------------------------------------------------------------------------

/// Pushes a call segment `[this, new.target, callee, args...]`; returns its base.
#[inline]
pub(super) fn push_segment(
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
pub(super) enum Entered {
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
pub(super) fn run_segment(
    vm: &mut Vm,
    base: usize,
    argc: usize,
    enter: fn(&mut Vm, usize, usize, usize) -> JsResult<Entered>,
) -> JsResult {
    // Native code calling back into JavaScript (a getter, a callback, an iterator's `next`
    // called from Rust) nests the Rust stack, one interpreter loop per level: stop with a
    // RangeError while there is still room, whatever the thread's stack size (an embedder's
    // thread may be much smaller than the CLI's).
    if remaining_native_stack().is_some_and(|left| left < STACK_RED_ZONE) {
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

pub(super) fn not_callable(vm: &mut Vm, f: Value) -> Throw {
    let shown = ops::short_display(vm, f);
    vm.type_error(format!("{shown} is not a function"))
}

/// [[Call]] of the callee in the segment at `base`. `restore` is the stack length to go back
/// to when the call is over.
#[inline]
pub(super) fn enter_call(
    vm: &mut Vm,
    base: usize,
    argc: usize,
    restore: usize,
) -> JsResult<Entered> {
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
            let id = n.id();
            if (id == NativeId::FunctionPrototypeCall as u32
                || id == NativeId::FunctionPrototypeApply as u32)
                && call_or_apply_in_place(vm, id, base, argc)
            {
                let argc = vm.stack.len() - base - 3;
                return enter_call(vm, base, argc, restore);
            }
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

/// `F.call(thisArg, ...args)` and `F.apply(thisArg, argArray)` where `F` is an ECMAScript
/// function or a built-in, done as a tail call: the segment at `base` (`[F, _, call, thisArg,
/// args...]`) is rewritten in place into F's own (`[thisArg, undefined, F, args...]`) for
/// [`enter_call`] to enter, so an ECMAScript `F` runs in the same dispatch loop instead of a
/// nested one (`this.initialize.apply(this, arguments)` in every constructor made by
/// Prototype's `Class.create` was a nested `run_segment` per object).
///
/// Unobservable: Function.prototype.call (<https://tc39.es/ecma262/#sec-function.prototype.call>)
/// and apply (<https://tc39.es/ecma262/#sec-function.prototype.apply>) end in
/// `Call(func, thisArg, args)`, which for these callees creates nothing in the built-in's
/// realm (an ECMAScript function's [[Call]] throws in its own realm, a built-in runs in its
/// own). Only when IsCallable(func) holds, so the built-in's TypeError is never skipped, and
/// for `apply` only when CreateListFromArrayLike reads no property through code
/// ([`ops::dense_length`]). Returns false, having changed nothing, otherwise: the built-in
/// runs as usual (proxies and bound functions among them).
fn call_or_apply_in_place(vm: &mut Vm, id: u32, base: usize, argc: usize) -> bool {
    let Value::Object(f) = vm.stack[base] else {
        return false;
    };
    if !matches!(
        vm.heap.get(f).kind,
        ObjectKind::Function(_) | ObjectKind::Native(_)
    ) {
        return false;
    }
    let arg = |i: usize| {
        if i < argc {
            vm.stack[base + 3 + i]
        } else {
            Value::Undefined
        }
    };
    let this = arg(0);
    if id == NativeId::FunctionPrototypeCall as u32 {
        // [F, nt, call, thisArg, a0, a1, ...] -> [thisArg, undefined, F, a0, a1, ...]
        if argc > 1 {
            vm.stack.copy_within(base + 4..base + 3 + argc, base + 3);
        }
        vm.stack.truncate(base + 3 + argc.saturating_sub(1));
    } else {
        // [F, nt, apply, thisArg, list] -> [thisArg, undefined, F, list's elements...]
        let list = match arg(1) {
            Value::Undefined | Value::Null => None,
            Value::Object(o) => match ops::dense_length(vm, o) {
                Some(len) => Some((o, len)),
                None => return false,
            },
            _ => return false,
        };
        vm.stack.truncate(base + 3);
        if let Some((o, len)) = list {
            let elements = &vm.heap.get(o).elements[..len];
            vm.stack.extend_from_slice(elements);
        }
    }
    vm.stack[base] = this;
    vm.stack[base + 1] = Value::Undefined;
    vm.stack[base + 2] = Value::Object(f);
    true
}

/// The common case of [`enter_call`] + [`push_frame`] in one step, for the `Call`
/// instruction: `f` is an ordinary ECMAScript function (not a class constructor) that reads
/// neither `arguments` nor rest parameters, and `this` needs no boxing. The new frame's window
/// is laid out directly: `[this, undefined, f, parameters..., registers...]`, copying only the
/// arguments that fill parameters, with one lookup of the function and its code. Returns
/// false, having done nothing, for every other call (and near the frame or stack limits,
/// where the general path throws its RangeError).
#[inline(always)]
pub(super) fn enter_plain_call(
    vm: &mut Vm,
    f: Value,
    this: Value,
    start: usize,
    argc: usize,
) -> bool {
    let Value::Object(fh) = f else { return false };
    let ObjectKind::Function(d) = &vm.heap.get(fh).kind else {
        return false;
    };
    let (code, realm, env) = (d.code, d.realm, d.env);
    let c = vm.heap.get(code);
    // (Code from an image not yet verified takes the general path, which verifies it.)
    if c.flags & flags::CLASS_CONSTRUCTOR != 0 || c.reads_arguments || !c.verified.0 {
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
        // (The caller's instructions just wrote these registers: see `read_in_halves`.)
        let v = super::dispatch::read_in_halves(&vm.stack[i]);
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
#[inline]
pub(super) fn enter_construct(
    vm: &mut Vm,
    base: usize,
    argc: usize,
    restore: usize,
) -> JsResult<Entered> {
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
            // OrdinaryCreateFromConstructor may have run code (a proxy new.target's `get`
            // trap) and collected: the function's code and realm are read again from the
            // callee, which the segment keeps rooted.
            let callee = vm.stack[base + 2];
            let Value::Object(f) = callee else {
                unreachable!("the callee slot holds the function matched above")
            };
            let ObjectKind::Function(data) = &vm.heap.get(f).kind else {
                unreachable!("the callee slot holds the function matched above")
            };
            let (code, realm) = (data.code, data.realm);
            push_frame(vm, code, callee, realm, base, argc, true, restore)?;
            Ok(Entered::Frame)
        }
        ObjectKind::Native(n) => {
            let id = n.id();
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

#[inline]
pub(super) fn call_native(vm: &mut Vm, id: u32, base: usize, argc: usize) -> JsResult {
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
#[inline]
#[allow(clippy::too_many_arguments)]
pub(super) fn push_frame(
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
    // Code from a heap image is verified when a frame first enters it, before anything here
    // reads its register counts.
    if !vm.heap.get(code).verified.0 {
        if let Err(e) = crate::snapshot::verify_on_entry(vm, code) {
            vm.stack.truncate(restore);
            return Err(e);
        }
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
pub(super) mod smallvec_like {
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
