//! Conditions: an expression evaluated only to decide a branch (the test of `if`, `while`,
//! `do`-`while`, `for` and `?:`).
//!
//! Elsewhere an expression leaves its value in the accumulator. A condition's value is never
//! used after the branch (each arm starts by evaluating something new), so a condition can be
//! compiled into jumps alone, as V8's bytecode generator does with its "test" context:
//! - `!x` jumps the other way instead of computing a boolean (`if (!(a instanceof B))` is
//!   `InstanceOf; JumpIfTrue`, not `InstanceOf; Not; JumpIfFalse`);
//! - `a && b` and `a || b` become chains of jumps, with no value carried between them;
//! - `true` and `false` jump always or never (`while (true)` tests nothing);
//! - `x === null` and `x === undefined` (and their negations) test the accumulator directly
//!   (`JumpIfNotNull`, ...), with no comparison and no temporary. (Not `x == null`: the
//!   loose comparison is also true for an [[IsHTMLDDA]] object, which `JumpIfNullish`, made
//!   for `??`, rightly does not treat as nullish.)
//!
//! The accumulator after a condition's jump is unspecified, so [`Emitter::branch_unless`] and
//! [`Emitter::branch_if`] must be used only where it is dead.

use super::*;

/// What a strict comparison with a literal tests: `x === null` or `x === undefined`.
#[derive(Clone, Copy)]
enum Nullish {
    Null,
    Undefined,
}

impl Emitter<'_> {
    /// Jumps to `target` when `test` is falsy; falls through when it is truthy.
    pub(super) fn branch_unless(&mut self, test: &Expr, target: LabelId) -> CResult {
        self.branch(test, false, target)
    }

    /// Jumps to `target` when `test` is truthy; falls through when it is falsy.
    pub(super) fn branch_if(&mut self, test: &Expr, target: LabelId) -> CResult {
        self.branch(test, true, target)
    }

    /// Jumps to `target` when ToBoolean(`test`) is `when`.
    fn branch(&mut self, test: &Expr, when: bool, target: LabelId) -> CResult {
        match test {
            Expr::Paren(inner, _) => self.branch(inner, when, target),
            // `while (true)`: an unconditional jump, or none.
            Expr::Bool(b, _) => {
                if *b == when {
                    self.jump(Instr::Jump { target: Label(0) }, target);
                }
                Ok(())
            }
            Expr::Unary {
                op: UnaryOp::Not,
                argument,
                ..
            } => self.branch(argument, !when, target),
            // `a && b` is falsy when either is; `a || b` truthy when either is.
            Expr::Logical {
                op: op @ (LogicalOp::And | LogicalOp::Or),
                left,
                right,
                ..
            } => {
                // The operand that decides alone: `a` falsy for `&&`, truthy for `||`.
                let decides = matches!(op, LogicalOp::Or);
                if decides == when {
                    self.branch(left, when, target)?;
                    self.branch(right, when, target)
                } else {
                    let skip = self.new_label();
                    self.branch(left, decides, skip)?;
                    self.branch(right, when, target)?;
                    self.bind(skip);
                    Ok(())
                }
            }
            Expr::Binary {
                op, left, right, ..
            } if self.nullish_literal(*op, right).is_some() => {
                let (kind, equal) = self.nullish_literal(*op, right).expect("checked");
                self.expr(left)?;
                // Jump when (left matches) == (when == equal).
                let jump_if_match = when == equal;
                let instr = match (kind, jump_if_match) {
                    (Nullish::Null, true) => Instr::JumpIfNull { target: Label(0) },
                    (Nullish::Null, false) => Instr::JumpIfNotNull { target: Label(0) },
                    (Nullish::Undefined, true) => Instr::JumpIfUndefined { target: Label(0) },
                    (Nullish::Undefined, false) => Instr::JumpIfNotUndefined { target: Label(0) },
                };
                self.jump(instr, target);
                Ok(())
            }
            _ => {
                self.expr(test)?;
                let instr = if when {
                    Instr::JumpIfTrue { target: Label(0) }
                } else {
                    Instr::JumpIfFalse { target: Label(0) }
                };
                self.jump(instr, target);
                Ok(())
            }
        }
    }

    /// For `x OP lit` with `lit` the literal `null` or the global `undefined` and OP `===` or
    /// `!==`: what is tested, and whether OP is `===`.
    fn nullish_literal(&self, op: BinaryOp, right: &Expr) -> Option<(Nullish, bool)> {
        let equal = match op {
            BinaryOp::StrictEq => true,
            BinaryOp::StrictNotEq => false,
            _ => return None,
        };
        let kind = match strip_parens(right) {
            Expr::Null(_) => Nullish::Null,
            Expr::Ident(id) if &*id.name == "undefined" && self.resolve("undefined").is_none() => {
                Nullish::Undefined
            }
            _ => return None,
        };
        Some((kind, equal))
    }
}
