//! The disassembler: bytecode as text a learner can read.
//!
//! ```text
//! function fib (params 1, registers 6)
//!   constants: k0 = "fib"
//!      0  L0:  Ldar r3
//! ```
//! Jump targets are printed as labels `L<pc>` and marked where they are placed.

use crate::bytecode::Instr;
use crate::{Constant, FunctionCode};
use std::collections::BTreeSet;
use std::fmt::Write;

/// Disassembles `code` and every nested function.
pub fn disassemble(code: &FunctionCode) -> String {
    let mut out = String::new();
    function(&mut out, code, "");
    out
}

fn show_string(units: &[u16]) -> String {
    format!("{:?}", String::from_utf16_lossy(units))
}

fn constant(c: &Constant) -> String {
    match c {
        Constant::Number(n) => format!("{n}"),
        Constant::String(s) => show_string(s),
        Constant::BigInt(b) => format!("{b}n"),
        Constant::Template { raw, .. } => format!(
            "template [{}]",
            raw.iter()
                .map(|r| show_string(r))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Constant::Names(n) => format!(
            "names [{}]",
            n.iter()
                .map(|r| show_string(r))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Constant::Numbers(n) => format!(
            "numbers [{}]",
            n.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn function(out: &mut String, code: &FunctionCode, path: &str) {
    let name = String::from_utf16_lossy(&code.name);
    let shown = if name.is_empty() {
        "<anonymous>"
    } else {
        &name
    };
    let _ = writeln!(
        out,
        "function {shown}{path} (params {}, registers {})",
        code.param_count, code.register_count
    );
    if !code.constants.is_empty() {
        let _ = writeln!(out, "  constants:");
        for (i, c) in code.constants.iter().enumerate() {
            let _ = writeln!(out, "    k{i} = {}", constant(c));
        }
    }
    // Collect jump targets first so they can be labelled where they land.
    let mut targets = BTreeSet::new();
    let mut pc = 0;
    while let Some((instr, next)) = Instr::decode(&code.bytecode, pc) {
        targets.extend(instr.labels());
        pc = next;
    }
    for h in &code.handlers {
        targets.insert(h.target);
    }
    let _ = writeln!(out, "  code:");
    let mut pc = 0;
    while pc < code.bytecode.len() {
        let Some((instr, next)) = Instr::decode(&code.bytecode, pc) else {
            let _ = writeln!(out, "    {pc:5}  <invalid byte {}>", code.bytecode[pc]);
            break;
        };
        let label = if targets.contains(&(pc as u32)) {
            format!("L{pc}:")
        } else {
            String::new()
        };
        let mut operands = String::new();
        let _ = instr.show_operands(&mut operands);
        let mut line = format!(
            "    {pc:5}  {label:7} {:<22} {operands}",
            instr.opcode().name()
        );
        // Annotate constants inline.
        if let Some(k) = operands
            .split(", ")
            .find_map(|o| o.strip_prefix('k').and_then(|n| n.parse::<usize>().ok()))
        {
            if let Some(c) = code.constants.get(k) {
                let _ = write!(line, "    ; {}", constant(c));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
        pc = next;
    }
    if !code.handlers.is_empty() {
        let _ = writeln!(out, "  handlers:");
        for h in &code.handlers {
            let _ = writeln!(
                out,
                "    [{}, {}) -> L{} (env depth {})",
                h.start, h.end, h.target, h.env_depth
            );
        }
    }
    for (i, f) in code.functions.iter().enumerate() {
        let _ = writeln!(out);
        function(out, f, &format!("{path}/f{i}"));
    }
}
