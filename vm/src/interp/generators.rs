//! Suspended frames: saving a generator's (or async function's) frame and resuming it.

use super::*;

// --- suspended frames --------------------------------------------------------------------------

/// Saves the running frame into generator `g` (to resume at `pc`, writing the resumption mode
/// to `R[resume_reg]`) and sets its state. The caller then pops the frame with a return.
#[inline]
pub(super) fn suspend(vm: &mut Vm, g: Handle<Object>, pc: usize, resume_reg: u16, state: u8) {
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
    // (Loading verifies the code of every suspended generator in an image; this covers any
    // other way a frame could reach code from an image unchecked.)
    if !vm.heap.get(code).verified.0 {
        crate::snapshot::verify_on_entry(vm, code)?;
    }
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
