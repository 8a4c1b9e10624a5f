//! Register operands: reading a local variable where an instruction wants a register.
//!
//! An instruction such as `Add r`, `GetNamed r, k` or `Call f, this, args` reads an operand
//! from a register. The general way to produce one is to evaluate the operand into the
//! accumulator and copy it into a temporary (`Ldar r4; Star r5; ...; Add r5`). When the operand
//! is a variable that already lives in a register of this function, the instruction can read
//! that register directly (`...; Add r4`), which saves two instructions per operand, provided
//! the variable keeps its value until the instruction runs: the spec evaluates the operand
//! first (GetValue of the left operand happens before the right operand is evaluated), so the
//! shortcut is only taken when nothing evaluated in between can assign to the variable.
//!
//! That question has a cheap, exact-enough answer because of where bindings live: a binding
//! stays in a register only if no inner function (nor a direct `eval`) can see it
//! ([`crate::scope::captured_by_inner_functions`]). So the only code that can write it is this
//! function's own assignments, updates and declarations, and an expression that contains none
//! of those (see [`writes_no_register`]) cannot change it, whatever getters or functions it
//! calls.

use super::{BindKind, Binding, Emitter, Loc};
use crate::scope::THIS;
use amber_parser::ast::*;

impl Emitter<'_> {
    /// The register holding `e` when `e` names a binding whose read is a plain register read:
    /// a `var`, a parameter or `this` (not in a derived constructor) of this function, or a
    /// `let`/`const` already out of its TDZ (see `Scope::initialized`), with no `with`
    /// statement around that could shadow it. Other `let`s and `const`s are excluded: their
    /// reads carry a TDZ check.
    pub(super) fn plain_register(&self, e: &Expr) -> Option<u16> {
        let name: &str = match e {
            Expr::Ident(id) => &id.name,
            Expr::This(_) => THIS,
            Expr::Paren(inner, _) => return self.plain_register(inner),
            _ => return None,
        };
        if self.scopes.iter().any(|s| s.is_with) {
            return None;
        }
        match self.resolve(name)? {
            (
                Binding {
                    loc: Loc::Reg(r),
                    kind: BindKind::Var | BindKind::Plain | BindKind::FunctionName,
                },
                _,
            ) => Some(r),
            (
                Binding {
                    loc: Loc::Reg(r),
                    kind: BindKind::Let | BindKind::Const,
                },
                _,
            ) if self.known_initialized(name) => Some(r),
            _ => None,
        }
    }

    /// The register of the `var`, parameter or initialized `let` `name` of this function (with
    /// no `with` around): a binding that [`Self::plain_register`] reads and a plain `Star`
    /// writes.
    pub(super) fn plain_writable_register(&self, name: &str) -> Option<u16> {
        if self.scopes.iter().any(|s| s.is_with) {
            return None;
        }
        match self.resolve(name)? {
            (
                Binding {
                    loc: Loc::Reg(r),
                    kind: BindKind::Var | BindKind::Plain,
                },
                _,
            ) if name != THIS => Some(r),
            (
                Binding {
                    loc: Loc::Reg(r),
                    kind: BindKind::Let,
                },
                _,
            ) if self.known_initialized(name) => Some(r),
            _ => None,
        }
    }
}

fn strip(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(inner, _) => strip(inner),
        e => e,
    }
}

/// True when evaluating `e` cannot assign to a binding that lives in a register of the
/// function being compiled (see the module documentation): `e` is built only from literals,
/// names, `this`, member accesses, calls (other than a possible direct `eval`), `new`, and
/// unary, binary, logical and conditional operators. Conservative: anything else is `false`.
pub(super) fn writes_no_register(e: &Expr) -> bool {
    match e {
        Expr::Ident(_)
        | Expr::This(_)
        | Expr::NewTarget(_)
        | Expr::Null(_)
        | Expr::Bool(..)
        | Expr::Number(..)
        | Expr::BigInt(..)
        | Expr::String(_) => true,
        Expr::Paren(inner, _) => writes_no_register(inner),
        Expr::Unary { argument, .. } => writes_no_register(argument),
        Expr::Binary { left, right, .. } | Expr::Logical { left, right, .. } => {
            writes_no_register(left) && writes_no_register(right)
        }
        Expr::Conditional {
            test,
            consequent,
            alternate,
            ..
        } => {
            writes_no_register(test)
                && writes_no_register(consequent)
                && writes_no_register(alternate)
        }
        Expr::Member {
            object, property, ..
        } => writes_no_register(object) && property_writes_no_register(property),
        Expr::Call {
            callee, arguments, ..
        } => {
            !matches!(strip(callee), Expr::Ident(id) if &*id.name == "eval")
                && writes_no_register(callee)
                && arguments_write_no_register(arguments)
        }
        Expr::New {
            callee, arguments, ..
        } => writes_no_register(callee) && arguments_write_no_register(arguments),
        _ => false,
    }
}

pub(super) fn property_writes_no_register(p: &MemberProperty) -> bool {
    match p {
        MemberProperty::Computed(k) => writes_no_register(k),
        MemberProperty::Ident(_) | MemberProperty::Private(_) => true,
    }
}

pub(super) fn arguments_write_no_register(args: &[Argument]) -> bool {
    args.iter().all(|a| match a {
        Argument::Expr(e) | Argument::Spread(e) => writes_no_register(e),
    })
}
