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
//! of those for that variable (see [`leaves_binding`]) cannot change it, whatever getters or functions it
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

/// True when evaluating `e` cannot assign to the register variable `name` (see the module
/// documentation): `e` is built only from literals, names, `this`, member accesses, calls
/// (other than a possible direct `eval`), `new`, unary, binary, logical and conditional
/// operators, and updates and assignments of *other* names (`x[++i] = v` reads `x` in place).
/// Conservative: anything else is `false`.
pub(super) fn leaves_binding(e: &Expr, name: &str) -> bool {
    leaves(e, Some(name))
}

/// Cannot `e` assign to a register binding (`None`: any; `Some(name)`: that one)? See
/// [`leaves_binding`].
fn leaves(e: &Expr, name: Option<&str>) -> bool {
    let other = |id: &str| name.is_some_and(|n| n != id);
    match e {
        Expr::Ident(_)
        | Expr::This(_)
        | Expr::NewTarget(_)
        | Expr::Null(_)
        | Expr::Bool(..)
        | Expr::Number(..)
        | Expr::BigInt(..)
        | Expr::String(_) => true,
        Expr::Paren(inner, _) => leaves(inner, name),
        Expr::Unary { argument, .. } => leaves(argument, name),
        Expr::Binary { left, right, .. } | Expr::Logical { left, right, .. } => {
            leaves(left, name) && leaves(right, name)
        }
        Expr::Conditional {
            test,
            consequent,
            alternate,
            ..
        } => leaves(test, name) && leaves(consequent, name) && leaves(alternate, name),
        Expr::Member {
            object, property, ..
        } => leaves(object, name) && property_leaves(property, name),
        Expr::Call {
            callee, arguments, ..
        } => {
            !matches!(strip(callee), Expr::Ident(id) if &*id.name == "eval")
                && leaves(callee, name)
                && arguments_leave(arguments, name)
        }
        Expr::New {
            callee, arguments, ..
        } => leaves(callee, name) && arguments_leave(arguments, name),
        Expr::Update { target, .. } => match strip(target) {
            Expr::Ident(id) => other(&id.name),
            _ => false,
        },
        Expr::Assign { target, value, .. } => {
            let target_ok = match &**target {
                Pattern::Ident(id) => other(&id.name),
                Pattern::Expr(t) => matches!(strip(t), Expr::Ident(id) if other(&id.name)),
                _ => false,
            };
            target_ok && leaves(value, name)
        }
        _ => false,
    }
}

pub(super) fn property_writes_no_register(p: &MemberProperty) -> bool {
    property_leaves(p, None)
}

/// [`leaves_binding`] for a member's property.
pub(super) fn property_leaves_binding(p: &MemberProperty, name: &str) -> bool {
    property_leaves(p, Some(name))
}

/// The binding a [`Emitter::plain_register`] operand reads: `x`, or `this`.
pub(super) fn operand_name(e: &Expr) -> Option<&str> {
    match strip(e) {
        Expr::Ident(id) => Some(&id.name),
        Expr::This(_) => Some(THIS),
        _ => None,
    }
}

fn property_leaves(p: &MemberProperty, name: Option<&str>) -> bool {
    match p {
        MemberProperty::Computed(k) => leaves(k, name),
        MemberProperty::Ident(_) | MemberProperty::Private(_) => true,
    }
}

pub(super) fn arguments_write_no_register(args: &[Argument]) -> bool {
    arguments_leave(args, None)
}

fn arguments_leave(args: &[Argument], name: Option<&str>) -> bool {
    args.iter().all(|a| match a {
        Argument::Expr(e) | Argument::Spread(e) => leaves(e, name),
    })
}
