//! Stack traces: the frames live when an error is created, as `    at f (file:line:col)`
//! lines, behind `Error.prototype.stack`, the inspector and the CLI's uncaught-error report.
//!
//! The interpreter's frames know their code and (once they have called out) their pc; the
//! running frame's pc is [`CallSites::running_pc`], stored at each instruction; native calls
//! are recorded in [`CallSites::native_calls`] so that built-ins show up too
//! (`at Array.map (native)`). Capturing is bounded ([`MAX_FRAMES`], as V8's default), so
//! creating errors in a loop stays cheap.

use crate::Vm;
use amber_compiler::bytecode::flags as code_flags;
use amber_heap::{Handle, Object, ObjectKind, Value};

/// At most this many frames are recorded per error.
pub const MAX_FRAMES: usize = 10;

/// Where the running code is, for stack traces.
#[derive(Clone, Debug, Default)]
pub struct CallSites {
    /// The pc of the instruction the innermost interpreter loop is executing.
    pub(crate) running_pc: u32,
    /// The native calls in progress, innermost last.
    pub(crate) native_calls: Vec<NativeCall>,
    /// The stack (or inspection) of the last uncaught exception, for the CLI's report.
    pub uncaught: Option<String>,
}

/// A native call in progress.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NativeCall {
    /// `vm.frames.len()` when it was called: it runs above frame `frames - 1`.
    pub frames: u32,
    /// Its call segment in the value stack (`this`, new.target, callee).
    pub base: u32,
    /// The calling frame's pc (`running_pc` at the call).
    pub pc: u32,
}

/// Records a native call (the interpreter calls this around every built-in).
#[inline]
pub(crate) fn enter_native(vm: &mut Vm, base: usize) {
    let call = NativeCall {
        frames: vm.frames.len() as u32,
        base: base as u32,
        pc: vm.call_sites.running_pc,
    };
    vm.call_sites.native_calls.push(call);
}

#[inline]
pub(crate) fn leave_native(vm: &mut Vm) {
    vm.call_sites.native_calls.pop();
}

/// The current stack as `    at ...` lines (innermost first, at most [`MAX_FRAMES`]), as a
/// heap string; the innermost native call (the error constructor itself, or the built-in
/// that is throwing) is left out when it is an error constructor.
pub fn capture(vm: &mut Vm) -> Value {
    let text = capture_text(vm);
    if text.is_empty() {
        Value::Undefined
    } else {
        vm.string_from(&text)
    }
}

/// [`capture`] as Rust text.
pub fn capture_text(vm: &mut Vm) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut ni = vm.call_sites.native_calls.len();
    let mut fi = vm.frames.len();
    // Skip the error constructor that is creating the error (V8 does not show it either).
    if ni > 0 {
        let call = vm.call_sites.native_calls[ni - 1];
        if call.frames as usize == fi && is_error_constructor(vm, call.base as usize) {
            ni -= 1;
        }
    }
    let mut pending_pc = None;
    let top = fi;
    while lines.len() < MAX_FRAMES {
        if ni > 0 && vm.call_sites.native_calls[ni - 1].frames as usize == fi {
            let call = vm.call_sites.native_calls[ni - 1];
            ni -= 1;
            pending_pc = Some(call.pc);
            if let Some(line) = native_line(vm, call.base as usize) {
                lines.push(line);
            }
            continue;
        }
        if fi == 0 {
            break;
        }
        fi -= 1;
        let pc = match pending_pc.take() {
            Some(pc) => pc,
            None if fi + 1 == top => vm.call_sites.running_pc,
            None => (vm.frames[fi].pc as u32).saturating_sub(1),
        };
        lines.push(frame_line(vm, fi, pc));
    }
    lines.join("\n")
}

fn is_error_constructor(vm: &Vm, base: usize) -> bool {
    use crate::natives::NativeId;
    let Some(Value::Object(f)) = vm.stack.get(base + 2).copied() else {
        return false;
    };
    match &vm.heap.get(f).kind {
        ObjectKind::Native(n) => [
            NativeId::Error,
            NativeId::TypeError,
            NativeId::RangeError,
            NativeId::ReferenceError,
            NativeId::SyntaxError,
            NativeId::EvalError,
            NativeId::UriError,
            NativeId::AggregateError,
        ]
        .iter()
        .any(|&id| id as u32 == n.id()),
        _ => false,
    }
}

/// `file:line:col` of `pc` in `code`.
pub fn position(vm: &Vm, code: Handle<amber_heap::Code>, pc: u32) -> String {
    let c = vm.heap.get(code);
    let i = c.lines.partition_point(|&(p, _)| p <= pc);
    let (line, col) = if i == 0 { (1, 1) } else { c.lines[i - 1].1 };
    format!("{}:{line}:{col}", vm.rust_string(c.file))
}

/// `    at name (file:line:col)` for interpreter frame `fi`.
fn frame_line(vm: &mut Vm, fi: usize, pc: u32) -> String {
    let frame = &vm.frames[fi];
    let (code, function, construct) = (frame.code, frame.function, frame.construct);
    let at = position(vm, code, pc);
    if vm.heap.get(code).flags & code_flags::SCRIPT != 0 {
        return format!("    at {at}");
    }
    let mut name = match function {
        Value::Object(f) => own_name(vm, f),
        _ => String::new(),
    };
    if name.is_empty() {
        name = vm.rust_string(vm.heap.get(code).name);
        // `<module>`, `<eval>`: top-level code is shown by its position only.
        if name.starts_with('<') {
            return format!("    at {at}");
        }
    }
    let async_prefix = if vm.heap.get(code).flags & code_flags::ASYNC != 0 {
        "async "
    } else {
        ""
    };
    match (name.is_empty(), construct) {
        (true, false) => format!("    at {async_prefix}{at}"),
        (true, true) => format!("    at new <anonymous> ({at})"),
        (false, false) => format!("    at {async_prefix}{name} ({at})"),
        (false, true) => format!("    at new {name} ({at})"),
    }
}

/// `    at Type.name (native)` for the native call whose segment is at `base`.
fn native_line(vm: &mut Vm, base: usize) -> Option<String> {
    let Some(Value::Object(f)) = vm.stack.get(base + 2).copied() else {
        return None;
    };
    let this = vm.stack.get(base).copied().unwrap_or(Value::Undefined);
    let new_target = vm.stack.get(base + 1).copied().unwrap_or(Value::Undefined);
    let name = own_name(vm, f);
    if name.is_empty() {
        // Promise jobs' resolving functions and the like: engine plumbing, not shown.
        return None;
    }
    if !matches!(new_target, Value::Undefined | Value::Empty) {
        return Some(format!("    at new {name} (native)"));
    }
    let owner = match this {
        Value::Object(o) => receiver_name(vm, o),
        _ => String::new(),
    };
    Some(if owner.is_empty() {
        format!("    at {name} (native)")
    } else {
        format!("    at {owner}.{name} (native)")
    })
}

/// The type name V8 puts before a method: a constructor's own name for static methods, the
/// receiver's constructor name otherwise (or its `Symbol.toStringTag`, for `Math`/`JSON`).
fn receiver_name(vm: &mut Vm, o: Handle<Object>) -> String {
    if matches!(
        vm.heap.get(o).kind,
        ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound(_)
    ) {
        return own_name(vm, o);
    }
    let name = match vm.peek_data(o, "constructor") {
        Some(Value::Object(c)) => own_name(vm, c),
        _ => String::new(),
    };
    if name == "Object" || name.is_empty() {
        let tag = crate::realm::symbol_key(vm, crate::realm::WellKnown::ToStringTag);
        if let Some(p) = vm.heap.get_property(o, tag) {
            if let Value::String(s) = p.value {
                return vm.rust_string(s);
            }
        }
    }
    if name == "global" {
        return String::new();
    }
    name
}

/// A function's own `name` data property ("" if it has none or it is an accessor).
fn own_name(vm: &mut Vm, f: Handle<Object>) -> String {
    let key = vm.key("name");
    match vm.heap.get_property(f, key) {
        Some(p) if !p.is_accessor() => match p.value {
            Value::String(s) => vm.rust_string(s),
            _ => String::new(),
        },
        _ => String::new(),
    }
}
