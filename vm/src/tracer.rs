//! The instruction tracer (`amber --trace`, [`crate::VmOptions::trace`]): one line per
//! executed instruction, for people learning how the VM runs their code and for debugging the
//! compiler. Each line is indented by call depth and shows the function, the pc, the
//! instruction as the disassembler prints it, and the accumulator as the instruction finds it:
//!
//! ```text
//!   f@16     Add                    r3    acc=2
//! ```
//!
//! The dispatch loop tests one flag per instruction (held in a register for the whole frame),
//! so a VM that does not trace pays a predictable branch and nothing else.

use crate::{ops, Vm};
use amber_compiler::bytecode::Instr;
use amber_heap::{Code, Handle, Value};

/// Long string accumulators are cut to this many characters.
const MAX_SHOWN: usize = 40;

/// Writes the trace line of the instruction at `pc` of `code`, about to run with `acc`.
pub(crate) fn instruction(vm: &mut Vm, code: Handle<Code>, pc: usize, instr: &Instr, acc: Value) {
    let depth = vm.frames.len().saturating_sub(1).min(40);
    let name = match vm.rust_string(vm.heap.get(code).name) {
        n if n.is_empty() => "<anonymous>".to_string(),
        n => n,
    };
    let mut operands = String::new();
    let _ = instr.show_operands(&mut operands);
    let mut shown = ops::short_display(vm, acc);
    if shown.chars().count() > MAX_SHOWN {
        shown = shown.chars().take(MAX_SHOWN).collect::<String>() + "…";
    }
    let at = format!("{name}@{pc}");
    let line = format!(
        "{:indent$}{at:<12} {:<22} {operands:<14} acc={shown}\n",
        "",
        instr.opcode().name(),
        indent = depth * 2
    );
    if vm.options.capture_output {
        vm.output.push_str(&line);
    } else {
        eprint!("{line}");
    }
}
