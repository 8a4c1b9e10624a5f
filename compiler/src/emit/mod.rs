//! The bytecode emitter: walks the AST of one function at a time and emits accumulator-machine
//! code (see [`crate::bytecode`]).
//!
//! Conventions: every expression leaves its value in `acc`. Temporaries are registers allocated
//! stack-wise ([`Emitter::temp`] / [`Emitter::release`]). Bindings are resolved at compile time
//! to a register, an environment slot (`depth` hops out, `slot`), or the global object.

use crate::bytecode::{self, decorator_op, flags, Const, Count, Func, Ic, Imm, Instr, Label, Reg};
use crate::scope::{self, FUNC, NEW_TARGET, THIS};
use crate::{CompileError, Constant, FunctionCode, Handler};
use amber_parser::ast::*;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

mod classes;
mod completions;
mod conditions;
mod declarations;
mod expressions;
mod functions;
mod generators;
mod operands;
mod patterns;
mod statements;

pub(crate) use declarations::*;
use operands::{
    arguments_write_no_register, leaves_binding, operand_name, property_leaves_binding,
    property_writes_no_register,
};

type CResult<T = ()> = Result<T, CompileError>;

/// Compiles a script's top-level code.
/// <https://tc39.es/ecma262/#sec-globaldeclarationinstantiation> is emitted as `Declare*`
/// instructions at the top, followed by the statements.
pub fn compile_script(script: &Script, source: &str) -> CResult<FunctionCode> {
    let mut e = Emitter::new(source);
    e.script(script)
}

/// Compiles direct eval code in the scopes described by `scopes` (see
/// [`Emitter::eval_scope_descriptor`]); the code runs with the caller's environment.
/// <https://tc39.es/ecma262/#sec-performeval>
pub fn compile_eval(script: &Script, source: &str, scopes: &str) -> CResult<FunctionCode> {
    let mut e = Emitter::new(source);
    e.eval_script(script, scopes)
}

/// Where a binding lives.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Loc {
    Reg(u16),
    Env(u16),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BindKind {
    Var,
    Let,
    Const,
    /// `this` of a derived constructor: in its TDZ until `super()` returns.
    DerivedThis,
    /// Pseudo bindings (`this`, `new.target`, `%func`) and parameters.
    Plain,
    /// The name of a named function expression inside its own body: assignment is ignored
    /// in sloppy code and a TypeError in strict code.
    FunctionName,
    /// A module's import binding: an indirect reference to another module's binding, read
    /// with `LdaImport` (index into the module's import table); immutable.
    Import(u16),
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Binding {
    pub(crate) loc: Loc,
    pub(crate) kind: BindKind,
}

pub(crate) struct Scope {
    /// Index of the function (in `Emitter::funcs`) this scope belongs to.
    pub(crate) func: usize,
    pub(crate) names: Vec<(Rc<str>, Binding)>,
    /// This scope materializes an `Env` at run time.
    pub(crate) has_env: bool,
    /// The scope of a `with` body: its environment is an object environment.
    pub(crate) is_with: bool,
    /// The top-level scope of a function (its variable environment).
    pub(crate) var_scope: bool,
    pub(crate) env_size: u16,
    /// The scope of a `catch` clause's parameter (B.3.4: eval code may declare a var of the
    /// same name).
    pub(crate) catch: bool,
    /// Registers of this scope's `let`/`const` bindings whose initialization has been emitted.
    /// Code emitted later in the same scope runs after it (nothing jumps forward into the
    /// middle of a statement list, and a loop re-entering the scope resets the bindings before
    /// any of that code), so reads and writes of these bindings need no TDZ check.
    pub(crate) initialized: Vec<u16>,
    /// The case block of a `switch`: a case label is a jump into the middle of the scope, past
    /// earlier declarations, so no binding here is ever known to be initialized.
    pub(crate) switch: bool,
}

impl Scope {
    /// The scope of script code (and of indirect eval code): it holds only `this`, the global
    /// this value in R[0]; var and lexical declarations there are global bindings.
    fn global_this() -> Scope {
        Scope {
            func: 0,
            names: vec![(
                THIS.into(),
                Binding {
                    loc: Loc::Reg(bytecode::REG_THIS),
                    kind: BindKind::Plain,
                },
            )],
            has_env: false,
            is_with: false,
            var_scope: false,
            env_size: 0,
            catch: false,
            initialized: Vec::new(),
            switch: false,
        }
    }
}

/// A destructuring assignment target evaluated ahead of its value (see
/// [`Emitter::prepare_target`]).
enum PreparedRef {
    Named {
        obj: u16,
        name: Const,
        span: Span,
    },
    Keyed {
        obj: u16,
        key: u16,
        /// The key still needs ToPropertyKey (private names need none).
        to_key: bool,
        span: Span,
    },
}

/// IsAnonymousFunctionDefinition(expr).
/// <https://tc39.es/ecma262/#sec-isanonymousfunctiondefinition>
fn is_anonymous_function_definition(e: &Expr) -> bool {
    match e {
        Expr::Function(f) | Expr::Arrow(f) => f.name.is_none(),
        Expr::Class(c) => c.name.is_none(),
        Expr::Paren(inner, _) => is_anonymous_function_definition(inner),
        _ => false,
    }
}

/// The prefix of the hidden class-scope bindings that hold computed field keys.
const FIELD_KEY: &str = "%fieldkey";

/// A jump target not yet placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct LabelId(usize);

/// One entry of the control stack: what `break`, `continue` and `return` must pass through.
enum Control {
    /// A loop, switch or labelled statement.
    Jumpable {
        labels: Vec<Rc<str>>,
        break_label: LabelId,
        continue_label: Option<LabelId>,
        /// A loop or `switch` (labelled or not): the target of an unlabelled `break`. A plain
        /// labelled statement is only the target of `break label`.
        unlabeled_break: bool,
        env_depth: u32,
    },
    /// A `try` with a `finally`: jumps out go through the finally block first.
    Finally {
        kind_reg: u16,
        value_reg: u16,
        entry: LabelId,
        /// Pending exits: (kind number, what to do after the finally block).
        exits: Vec<(i32, Exit)>,
        env_depth: u32,
    },
    /// A `for-of` loop: jumps out close the iterator.
    /// A for-of loop or array destructuring: jumps out close the iterator (destructuring: only
    /// while R[done_reg] is false).
    IteratorClose {
        iter_reg: u16,
        is_async: bool,
        done_reg: Option<u16>,
    },
    /// A `try` block or `catch` block with a handler; nothing to do on exit.
    Barrier,
}

#[derive(Clone, Copy, Debug)]
enum Exit {
    Break(usize),
    Continue(usize),
    Return,
}

/// The one instruction that does what `last` then `next` do, for the pairs the interpreter
/// runs most: a property read into a register (`GetNamed; Star`: a third of all pairs in
/// RayTrace and DeltaBlue), a global read into one (`LdaGlobal; Star`: 5% of EarleyBoyer's),
/// the other loads into a register (`Ldar`, `LdaSmi`, `LdaUndefined` then `Star`), a return
/// of undefined, a captured `let` read with its TDZ check (`LdaEnv; CheckTdz`: 11% of the
/// closure-heavy program's instructions), a comparison that decides a branch (`Lt; JumpIfFalse`),
/// a store then a load (`Star; Ldar`: 15% of Crypto's instructions) and an addition into a
/// register (`Add; Star`: 10% of Crypto's); and a reload of the register just stored
/// (`Star r; Ldar r` is `Star r`). Each
/// fused instruction leaves the accumulator as the pair would, so fusing never changes what
/// later instructions see.
fn fuse(last: Instr, next: Instr) -> Option<Instr> {
    use Instr::*;
    Some(match (last, next) {
        (GetNamed { obj, name, ic }, Star { dst }) => GetNamedTo { obj, name, ic, dst },
        (LdaGlobal { name, ic }, Star { dst }) => LdaGlobalTo { name, ic, dst },
        (Ldar { src }, Star { dst }) => LdarTo { src, dst },
        (LdaEnv { depth, slot }, CheckTdz { name }) => LdaEnvChecked { depth, slot, name },
        // Inc and Dec convert with ToNumeric themselves.
        (ToNumeric {}, Inc {}) => Inc {},
        (ToNumeric {}, Dec {}) => Dec {},
        (LdaSmi { value }, Star { dst }) => LdaSmiTo { value, dst },
        (LdaUndefined {}, Star { dst }) => LdaUndefinedTo { dst },
        (LdaUndefined {}, Return {}) => ReturnUndefined {},
        // The accumulator already holds what was just stored.
        (Star { dst }, Ldar { src }) if dst == src => Star { dst },
        (Star { dst }, Ldar { src }) => StarLdar { dst, src },
        (Add { lhs }, Star { dst }) => AddTo { lhs, dst },
        (Eq { lhs }, JumpIfFalse { target }) => JumpUnlessEq { lhs, target },
        (NotEq { lhs }, JumpIfFalse { target }) => JumpUnlessNotEq { lhs, target },
        (StrictEq { lhs }, JumpIfFalse { target }) => JumpUnlessStrictEq { lhs, target },
        (StrictNotEq { lhs }, JumpIfFalse { target }) => JumpUnlessStrictNotEq { lhs, target },
        (Lt { lhs }, JumpIfFalse { target }) => JumpUnlessLt { lhs, target },
        (Gt { lhs }, JumpIfFalse { target }) => JumpUnlessGt { lhs, target },
        (LtEq { lhs }, JumpIfFalse { target }) => JumpUnlessLtEq { lhs, target },
        (GtEq { lhs }, JumpIfFalse { target }) => JumpUnlessGtEq { lhs, target },
        _ => return None,
    })
}

/// Per-function emission state.
pub(crate) struct FnState {
    pub(crate) code: FunctionCode,
    next_reg: u16,
    pub(crate) max_reg: u16,
    labels: Vec<Option<u32>>,
    patches: Vec<(usize, LabelId)>,
    /// Where the last instruction emitted starts, for fusing it with the next one.
    last_instr: Option<usize>,
    /// The last position something may refer to (a label, a try range, a resume point): an
    /// instruction starting there is never fused into the one before it.
    barrier: u32,
    strings: HashMap<Vec<u16>, u32>,
    pub(crate) captured: HashSet<String>,
    /// Every binding goes to an environment (the function has `with` or direct `eval`).
    pub(crate) dynamic: bool,
    pub(crate) strict: bool,
    control: Vec<Control>,
    /// Number of `Env`s pushed by this function at the current point.
    env_depth: u32,
    /// The register that holds the completion value (scripts only).
    pub(crate) completion: Option<u16>,
    next_ic: u32,
    is_arrow: bool,
    is_derived_ctor: bool,
    /// Pending `?.` short-circuit jumps of the innermost optional chain.
    optional_exits: Vec<Vec<LabelId>>,
    /// Generators and async functions: the register holding the generator object (or the
    /// async function's state) and the register resumptions write their mode to.
    pub(crate) gen_reg: Option<(u16, u16)>,
    /// Annex B.3.2: names of sloppy block-level functions that also get a var binding.
    pub(crate) annex_b: HashSet<Rc<str>>,
    pub(crate) is_generator: bool,
    pub(crate) is_async: bool,
    /// The synthetic method that runs a class's field initializers (its
    /// [[ClassFieldInitializerName]] is not empty, for [`EvalContext`]).
    is_field_init: bool,
    /// The registers holding the DisposeCapability of the enclosing scopes with `using`
    /// declarations, innermost last.
    dispose_caps: Vec<u16>,
}

/// What PerformEval (steps 6–10) learns about the caller of a direct eval from its this
/// environment; the parser applies the matching early errors to the eval code.
/// <https://tc39.es/ecma262/#sec-performeval>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EvalContext {
    /// _inFunction_: `new.target` is allowed.
    pub in_function: bool,
    /// _inMethod_ (HasSuperBinding): `super.x` is allowed.
    pub in_method: bool,
    /// _inDerivedConstructor_: `super()` is allowed.
    pub in_derived_constructor: bool,
    /// _inClassFieldInitializer_: `arguments` is a SyntaxError.
    pub in_class_field_initializer: bool,
}

impl EvalContext {
    /// The descriptor line (see [`Emitter::eval_scope_descriptor`]): `@` and one letter per
    /// flag that is set.
    fn to_line(self) -> String {
        let mut line = String::from("@");
        for (set, c) in [
            (self.in_function, 'f'),
            (self.in_method, 'm'),
            (self.in_derived_constructor, 'd'),
            (self.in_class_field_initializer, 'a'),
        ] {
            if set {
                line.push(c);
            }
        }
        line
    }

    /// Reads the context line of a scope descriptor (all `false` without one).
    pub fn from_descriptor(scopes: &str) -> EvalContext {
        let Some(line) = scopes.lines().find(|l| l.starts_with('@')) else {
            return EvalContext::default();
        };
        EvalContext {
            in_function: line.contains('f'),
            in_method: line.contains('m'),
            in_derived_constructor: line.contains('d'),
            in_class_field_initializer: line.contains('a'),
        }
    }
}

/// The private names (`#x`) declared by the classes around a direct eval, read from its scope
/// descriptor: class scopes hold them as bindings, so the descriptor lists them.
pub fn descriptor_private_names(scopes: &str) -> Vec<Rc<str>> {
    let mut names: Vec<Rc<str>> = Vec::new();
    for line in scopes.lines() {
        if line.starts_with('@') || line == "strict" {
            continue;
        }
        for entry in line.split('\t').skip(1) {
            let mut it = entry.rsplitn(3, ':');
            let (Some(_), Some(_), Some(name)) = (it.next(), it.next(), it.next()) else {
                continue;
            };
            if name.starts_with('#') && !names.iter().any(|n| &**n == name) {
                names.push(name.into());
            }
        }
    }
    names
}

pub struct Emitter<'s> {
    #[allow(dead_code)]
    source: &'s str,
    line_starts: Vec<u32>,
    pub(crate) funcs: Vec<FnState>,
    pub(crate) scopes: Vec<Scope>,
    /// The next compiled function is the constructor of a derived class.
    pending_derived: bool,
    /// The next compiled function is a field initializer defining these fields.
    field_defs: Option<Vec<(PropertyKey, Option<Expr>, Span)>>,
    /// The private methods and accessors whose brand the next field initializer adds.
    field_brands: Vec<Rc<str>>,
    /// For each of [`Self::field_defs`]: the hidden-binding prefix of its decorators'
    /// initializers and extra initializers, if it is decorated.
    field_decor: Vec<Option<Rc<str>>>,
    /// The hidden binding of the instance extra initializers (`addInitializer` of method
    /// decorators) the next field initializer runs, if the class has decorators.
    field_extra: Option<Rc<str>>,
    last_popped_had_env: bool,
    /// Compiling a derived class's default constructor, whose `super(...args)` passes its
    /// arguments on without the iterator protocol (ClassDefinitionEvaluation step 14.a: the
    /// default constructor is not ECMAScript code, so `Array.prototype[Symbol.iterator]` is
    /// never consulted).
    default_derived_ctor: bool,
    /// Compiling direct eval code: its caller's context, which nested direct evals inherit
    /// (eval code has no this environment of its own).
    eval_context: EvalContext,
}

fn err(message: impl Into<String>, span: Span) -> CompileError {
    CompileError {
        message: message.into(),
        span,
        syntax: false,
    }
}

fn syntax_err(message: impl Into<String>, span: Span) -> CompileError {
    CompileError {
        message: message.into(),
        span,
        syntax: true,
    }
}

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

impl<'s> Emitter<'s> {
    pub(crate) fn new(source: &'s str) -> Emitter<'s> {
        let mut line_starts = vec![0];
        let bytes = source.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line_starts.push(i as u32 + 1);
            }
        }
        Emitter {
            source,
            line_starts,
            funcs: Vec::new(),
            scopes: Vec::new(),
            pending_derived: false,
            field_defs: None,
            field_brands: Vec::new(),
            field_decor: Vec::new(),
            field_extra: None,
            last_popped_had_env: false,
            default_derived_ctor: false,
            eval_context: EvalContext::default(),
        }
    }

    // --- the function being emitted -------------------------------------------------------

    fn f(&mut self) -> &mut FnState {
        self.funcs.last_mut().expect("no function being compiled")
    }

    fn fi(&self) -> usize {
        self.funcs.len() - 1
    }

    /// Appends `instr`, fused with the instruction before it when [`fuse`] knows the pair and
    /// nothing refers to the position between them (see [`Self::pc`]).
    pub(crate) fn emit(&mut self, instr: Instr) {
        self.emit_at(instr);
    }

    /// [`Self::emit`], returning where the instruction starts.
    fn emit_at(&mut self, instr: Instr) -> usize {
        let f = self.f();
        let here = f.code.bytecode.len();
        if let (Some(at), true) = (f.last_instr, f.barrier as usize != here) {
            let last = Instr::decode(&f.code.bytecode, at).map(|(i, _)| i);
            if let Some(fused) = last.and_then(|last| fuse(last, instr)) {
                f.code.bytecode.truncate(at);
                fused.encode(&mut f.code.bytecode);
                return at;
            }
        }
        f.last_instr = Some(here);
        instr.encode(&mut f.code.bytecode);
        here
    }

    /// The position of the next instruction, as a place something refers to (a label, a
    /// handler range, a resume point): it is a fusion barrier (see [`Self::emit`]).
    fn pc(&mut self) -> u32 {
        let pc = self.f().code.bytecode.len() as u32;
        self.f().barrier = pc;
        pc
    }

    /// Records the source position of the code emitted next.
    pub(crate) fn mark(&mut self, span: Span) {
        let offset = span.start;
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let col = offset - self.line_starts[line - 1] + 1;
        // (Not `pc()`: a line entry is no fusion barrier; one that ends up inside a fused
        // instruction still maps the instructions after it.)
        let pc = self.f().code.bytecode.len() as u32;
        let lines = &mut self.f().code.lines;
        match lines.last_mut() {
            Some(last) if last.0 == pc => *last = (pc, line as u32, col),
            Some(last) if last.1 == line as u32 && last.2 == col => {}
            _ => lines.push((pc, line as u32, col)),
        }
    }

    pub(crate) fn temp(&mut self) -> u16 {
        let f = self.f();
        let r = f.next_reg;
        f.next_reg += 1;
        f.max_reg = f.max_reg.max(f.next_reg);
        r
    }

    /// `n` consecutive temporaries; returns the first.
    fn temps(&mut self, n: u16) -> u16 {
        let f = self.f();
        let r = f.next_reg;
        f.next_reg += n;
        f.max_reg = f.max_reg.max(f.next_reg);
        r
    }

    fn regs_mark(&mut self) -> u16 {
        self.f().next_reg
    }

    fn release(&mut self, mark: u16) {
        self.f().next_reg = mark;
    }

    fn ic(&mut self) -> Ic {
        let f = self.f();
        f.next_ic += 1;
        Ic(f.next_ic - 1)
    }

    pub(crate) fn constant(&mut self, c: Constant) -> Const {
        let consts = &mut self.f().code.constants;
        if let Constant::Number(n) = c {
            if let Some(i) = consts
                .iter()
                .position(|k| matches!(k, Constant::Number(m) if m.to_bits() == n.to_bits()))
            {
                return Const(i as u32);
            }
        }
        consts.push(c);
        Const(consts.len() as u32 - 1)
    }

    pub(crate) fn string_const(&mut self, units: &[u16]) -> Const {
        if let Some(&i) = self.f().strings.get(units) {
            return Const(i);
        }
        let k = self.constant(Constant::String(units.to_vec()));
        self.f().strings.insert(units.to_vec(), k.0);
        k
    }

    pub(crate) fn name_const(&mut self, name: &str) -> Const {
        self.string_const(&utf16(name))
    }

    // --- labels ----------------------------------------------------------------------------

    fn new_label(&mut self) -> LabelId {
        let f = self.f();
        f.labels.push(None);
        LabelId(f.labels.len() - 1)
    }

    fn bind(&mut self, l: LabelId) {
        let pc = self.pc();
        self.f().labels[l.0] = Some(pc);
    }

    /// Emits a jump-family instruction whose target is `l` (patched when `l` is bound).
    fn jump(&mut self, mut instr: Instr, l: LabelId) {
        instr.set_label(0);
        let at = self.emit_at(instr);
        self.f().patches.push((at, l));
    }

    pub(crate) fn finish_labels(&mut self) -> CResult {
        let f = self.f();
        for &(at, l) in &f.patches {
            let target =
                f.labels[l.0].ok_or_else(|| err("internal: unbound label", Span::default()))?;
            let (mut instr, _) = Instr::decode(&f.code.bytecode, at).expect("own bytecode");
            instr.set_label(target);
            let mut bytes = Vec::new();
            instr.encode(&mut bytes);
            f.code.bytecode[at..at + bytes.len()].copy_from_slice(&bytes);
        }
        f.patches.clear();
        Ok(())
    }

    // --- scopes ----------------------------------------------------------------------------

    pub(crate) fn is_captured(&self, name: &str) -> bool {
        let f = &self.funcs[self.fi()];
        // Private names are always in an environment: methods (inner functions) use them.
        f.dynamic
            || f.captured.contains(name)
            || name.starts_with('#')
            || name.starts_with(FIELD_KEY)
    }

    /// Opens a scope declaring `names`; emits `PushEnv` if any of them is captured.
    fn push_scope(&mut self, names: &[(Rc<str>, BindKind)]) {
        let func = self.fi();
        let mut scope = Scope {
            func,
            names: Vec::new(),
            has_env: false,
            is_with: false,
            var_scope: false,
            env_size: 0,
            catch: false,
            initialized: Vec::new(),
            switch: false,
        };
        for (name, kind) in names {
            if scope.names.iter().any(|(n, _)| n == name) {
                continue;
            }
            let loc = if self.is_captured(name) {
                scope.env_size += 1;
                Loc::Env(scope.env_size - 1)
            } else {
                Loc::Reg(self.temp())
            };
            scope
                .names
                .push((name.clone(), Binding { loc, kind: *kind }));
        }
        if scope.env_size > 0 {
            scope.has_env = true;
            self.emit(Instr::PushEnv {
                size: Count(scope.env_size),
            });
            self.f().env_depth += 1;
        }
        self.scopes.push(scope);
        // Lexical bindings start in their TDZ; registers must be reset in case a loop
        // re-enters the scope.
        let regs: Vec<u16> = self
            .scopes
            .last()
            .unwrap()
            .names
            .iter()
            .filter_map(|(_, b)| match (b.loc, b.kind) {
                (Loc::Reg(r), BindKind::Let | BindKind::Const) => Some(r),
                _ => None,
            })
            .collect();
        if !regs.is_empty() {
            self.emit(Instr::LdaEmpty {});
            for r in regs {
                self.emit(Instr::Star { dst: Reg(r) });
            }
        }
    }

    fn pop_scope(&mut self) {
        let scope = self.scopes.pop().expect("scope underflow");
        self.last_popped_had_env = scope.has_env;
        if scope.has_env {
            self.emit(Instr::PopEnv {});
            self.f().env_depth -= 1;
        }
    }

    /// Finds `name`: `Some((binding, env hops))`, or `None` for a global.
    fn resolve(&self, name: &str) -> Option<(Binding, u16)> {
        let mut depth = 0u16;
        for scope in self.scopes.iter().rev() {
            if let Some((_, b)) = scope.names.iter().find(|(n, _)| &**n == name) {
                if let Loc::Reg(_) = b.loc {
                    if scope.func != self.fi() {
                        // Captured by name analysis, so this cannot happen; be safe anyway.
                        return None;
                    }
                }
                return Some((*b, depth));
            }
            if scope.has_env {
                depth += 1;
            }
        }
        None
    }

    /// Is `name` a `let`/`const` in a register of this function whose initialization has
    /// already been emitted in its scope (see [`Scope::initialized`])? Then it is out of its TDZ.
    pub(super) fn known_initialized(&self, name: &str) -> bool {
        let Some(scope) = self
            .scopes
            .iter()
            .rev()
            .find(|s| s.names.iter().any(|(n, _)| &**n == name))
        else {
            return false;
        };
        scope.func == self.fi()
            && scope.names.iter().any(|(n, b)| {
                &**n == name
                    && matches!(b.kind, BindKind::Let | BindKind::Const)
                    && matches!(b.loc, Loc::Reg(r) if scope.initialized.contains(&r))
            })
    }

    /// Records that the initialization of `name` (a lexical binding) was just emitted.
    fn note_initialized(&mut self, name: &str) {
        let fi = self.fi();
        let Some(scope) = self
            .scopes
            .iter_mut()
            .rev()
            .find(|s| s.names.iter().any(|(n, _)| &**n == name))
        else {
            return;
        };
        if scope.switch || scope.func != fi {
            return;
        }
        let reg = scope.names.iter().find_map(|(n, b)| match (b.loc, b.kind) {
            (Loc::Reg(r), BindKind::Let | BindKind::Const) if &**n == name => Some(r),
            _ => None,
        });
        if let Some(r) = reg {
            scope.initialized.push(r);
        }
    }

    /// The env depths of the `with` scopes between here and the binding of `name` (or all of
    /// them for a global), innermost first: their objects may shadow it.
    fn with_depths(&self, name: &str) -> Vec<u16> {
        let mut depth = 0u16;
        let mut out = Vec::new();
        for scope in self.scopes.iter().rev() {
            if scope.names.iter().any(|(n, _)| &**n == name) {
                break;
            }
            if scope.is_with {
                out.push(depth);
            }
            if scope.has_env {
                depth += 1;
            }
        }
        out
    }

    /// Loads `name`, first through any `with` objects in between (R[this_reg] := the object a
    /// callee was found in, for calls).
    fn load_name_with(
        &mut self,
        name: &str,
        span: Span,
        this_reg: Option<u16>,
        typeof_: bool,
    ) -> CResult {
        let withs = self.with_depths(name);
        let found = self.new_label();
        for d in &withs {
            let k = self.name_const(name);
            match this_reg {
                Some(t) => self.jump(
                    Instr::LdaWithThis {
                        depth: Count(*d),
                        name: k,
                        this: Reg(t),
                        found: Label(0),
                    },
                    found,
                ),
                None => self.jump(
                    Instr::LdaWith {
                        depth: Count(*d),
                        name: k,
                        found: Label(0),
                    },
                    found,
                ),
            }
        }
        if typeof_ && self.resolve(name).is_none() {
            let k = self.name_const(name);
            let ic = self.ic();
            self.emit(Instr::LdaGlobalOrUndefined { name: k, ic });
        } else {
            self.load_name_static(name, span)?;
        }
        self.bind(found);
        Ok(())
    }

    /// ResolveBinding for a reference that is both read and written (or written after other
    /// evaluation): with `with` objects in between, which of them (if any) holds the binding
    /// is decided once, here, into a register (undefined: the lexically resolved binding).
    /// <https://tc39.es/ecma262/#sec-resolvebinding>
    fn resolve_ref(&mut self, name: &str) -> Option<u16> {
        if !self.scopes.iter().any(|s| s.is_with) || !is_plain_name(name) {
            return None;
        }
        let withs = self.with_depths(name);
        if withs.is_empty() {
            return None;
        }
        let r = self.temp();
        self.emit(Instr::LdaUndefined {});
        self.emit(Instr::Star { dst: Reg(r) });
        let found = self.new_label();
        for d in withs {
            let k = self.name_const(name);
            self.jump(
                Instr::ResolveWith {
                    depth: Count(d),
                    name: k,
                    dst: Reg(r),
                    found: Label(0),
                },
                found,
            );
        }
        self.bind(found);
        Some(r)
    }

    /// GetValue of a reference from [`resolve_ref`].
    fn load_ref(&mut self, r: Option<u16>, name: &str, span: Span) -> CResult {
        let Some(r) = r else {
            return self.load_name(name, span);
        };
        let found = self.new_label();
        let k = self.name_const(name);
        self.jump(
            Instr::LdaRef {
                obj: Reg(r),
                name: k,
                found: Label(0),
            },
            found,
        );
        self.load_name_static(name, span)?;
        self.bind(found);
        Ok(())
    }

    /// PutValue(acc) of a reference from [`resolve_ref`].
    fn store_ref(&mut self, r: Option<u16>, name: &str, span: Span) -> CResult {
        let Some(r) = r else {
            return self.store_name(name, false, span);
        };
        let done = self.new_label();
        let k = self.name_const(name);
        self.jump(
            Instr::StaRef {
                obj: Reg(r),
                name: k,
                done: Label(0),
            },
            done,
        );
        self.store_name_static(name, false, span)?;
        self.bind(done);
        Ok(())
    }

    pub(crate) fn load_name(&mut self, name: &str, span: Span) -> CResult {
        if self.scopes.iter().any(|s| s.is_with) && is_plain_name(name) {
            return self.load_name_with(name, span, None, false);
        }
        self.load_name_static(name, span)
    }

    fn load_name_static(&mut self, name: &str, span: Span) -> CResult {
        match self.resolve(name) {
            Some((
                Binding {
                    kind: BindKind::Import(index),
                    ..
                },
                depth,
            )) => {
                self.emit(Instr::LdaImport {
                    depth: Count(depth),
                    index: Count(index),
                });
                let k = self.name_const(name);
                self.emit(Instr::CheckTdz { name: k });
            }
            Some((b, depth)) => {
                self.load_slot(b.loc, depth);
                let checked = match b.kind {
                    BindKind::Let | BindKind::Const => !self.known_initialized(name),
                    BindKind::DerivedThis => true,
                    _ => false,
                };
                if checked {
                    let k = self.name_const(name);
                    self.emit(Instr::CheckTdz { name: k });
                }
            }
            None => {
                if name == THIS {
                    return Err(err("internal: unresolved this", span));
                }
                let k = self.name_const(name);
                let ic = self.ic();
                self.mark(span);
                self.emit(Instr::LdaGlobal { name: k, ic });
            }
        }
        Ok(())
    }

    /// Loads the this binding as it is, even uninitialized (`Empty`), for a derived
    /// constructor's return (see [`Self::emit_return`]).
    fn load_this_unchecked(&mut self) -> CResult {
        match self.resolve(THIS) {
            Some((b, depth)) => {
                self.load_slot(b.loc, depth);
                Ok(())
            }
            None => Err(err("internal: unresolved this", Span::default())),
        }
    }

    /// Loads a resolved binding's register or environment slot (`depth` environments out).
    fn load_slot(&mut self, loc: Loc, depth: u16) {
        match loc {
            Loc::Reg(r) => self.emit(Instr::Ldar { src: Reg(r) }),
            Loc::Env(slot) => self.emit(Instr::LdaEnv {
                depth: Count(depth),
                slot: Count(slot),
            }),
        }
    }

    /// Stores `acc` into `name`. `init` marks the initialization of a lexical binding (no TDZ
    /// or const check).
    pub(crate) fn store_name(&mut self, name: &str, init: bool, span: Span) -> CResult {
        if !init && self.scopes.iter().any(|s| s.is_with) && is_plain_name(name) {
            let withs = self.with_depths(name);
            if !withs.is_empty() {
                let done = self.new_label();
                for d in withs {
                    let k = self.name_const(name);
                    self.jump(
                        Instr::StaWith {
                            depth: Count(d),
                            name: k,
                            done: Label(0),
                        },
                        done,
                    );
                }
                self.store_name_static(name, init, span)?;
                self.bind(done);
                return Ok(());
            }
        }
        self.store_name_static(name, init, span)
    }

    fn store_name_static(&mut self, name: &str, init: bool, span: Span) -> CResult {
        match self.resolve(name) {
            Some((
                Binding {
                    kind: BindKind::Import(_),
                    ..
                },
                _,
            )) => {
                // Import bindings are immutable (CreateImportBinding).
                let k = self.name_const(name);
                self.emit(Instr::ThrowConstAssign { name: k });
            }
            Some((b, depth)) => {
                if !init {
                    let initialized = self.known_initialized(name);
                    match b.kind {
                        BindKind::Let if !initialized => {
                            self.check_tdz_before_store(b, depth, name)?
                        }
                        BindKind::Const => {
                            if !initialized {
                                self.check_tdz_before_store(b, depth, name)?;
                            }
                            let k = self.name_const(name);
                            self.emit(Instr::ThrowConstAssign { name: k });
                            return Ok(());
                        }
                        BindKind::FunctionName => {
                            if self.f().strict {
                                let k = self.name_const(name);
                                self.emit(Instr::ThrowConstAssign { name: k });
                            }
                            return Ok(());
                        }
                        _ => {}
                    }
                }
                match b.loc {
                    Loc::Reg(r) => self.emit(Instr::Star { dst: Reg(r) }),
                    Loc::Env(slot) => self.emit(Instr::StaEnv {
                        depth: Count(depth),
                        slot: Count(slot),
                    }),
                }
                if init {
                    self.note_initialized(name);
                }
            }
            None => {
                let k = self.name_const(name);
                let ic = self.ic();
                self.mark(span);
                if init && self.funcs.len() == 1 && self.is_script() {
                    self.emit(Instr::InitGlobalLexical { name: k });
                } else {
                    self.emit(Instr::StaGlobal { name: k, ic });
                }
            }
        }
        Ok(())
    }

    /// Assigning to a `let`/`const` in its TDZ is a ReferenceError.
    fn check_tdz_before_store(&mut self, b: Binding, depth: u16, name: &str) -> CResult {
        let tmp = self.temp();
        self.emit(Instr::Star { dst: Reg(tmp) });
        self.load_slot(b.loc, depth);
        let k = self.name_const(name);
        self.emit(Instr::CheckTdz { name: k });
        self.emit(Instr::Ldar { src: Reg(tmp) });
        self.release(tmp);
        Ok(())
    }

    fn is_script(&self) -> bool {
        self.funcs
            .first()
            .is_some_and(|f| f.code.flags & flags::SCRIPT != 0)
    }
}

/// A name a `with` object can shadow (not `this`, `new.target`, `%func` or `#private`).
fn is_plain_name(name: &str) -> bool {
    !name.starts_with(['%', '#']) && name != THIS && name != NEW_TARGET
}

fn strip_parens(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(inner, _) => strip_parens(inner),
        other => other,
    }
}

fn number_to_name(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn binary_instr(op: BinaryOp, l: Reg) -> Instr {
    match op {
        BinaryOp::Add => Instr::Add { lhs: l },
        BinaryOp::Sub => Instr::Sub { lhs: l },
        BinaryOp::Mul => Instr::Mul { lhs: l },
        BinaryOp::Div => Instr::Div { lhs: l },
        BinaryOp::Rem => Instr::Rem { lhs: l },
        BinaryOp::Exp => Instr::Exp { lhs: l },
        BinaryOp::Shl => Instr::Shl { lhs: l },
        BinaryOp::Shr => Instr::Shr { lhs: l },
        BinaryOp::UShr => Instr::UShr { lhs: l },
        BinaryOp::BitAnd => Instr::BitAnd { lhs: l },
        BinaryOp::BitOr => Instr::BitOr { lhs: l },
        BinaryOp::BitXor => Instr::BitXor { lhs: l },
        BinaryOp::Eq => Instr::Eq { lhs: l },
        BinaryOp::NotEq => Instr::NotEq { lhs: l },
        BinaryOp::StrictEq => Instr::StrictEq { lhs: l },
        BinaryOp::StrictNotEq => Instr::StrictNotEq { lhs: l },
        BinaryOp::Lt => Instr::Lt { lhs: l },
        BinaryOp::LtEq => Instr::LtEq { lhs: l },
        BinaryOp::Gt => Instr::Gt { lhs: l },
        BinaryOp::GtEq => Instr::GtEq { lhs: l },
        BinaryOp::In => Instr::In { lhs: l },
        BinaryOp::InstanceOf => Instr::InstanceOf { lhs: l },
    }
}

/// `acc OP imm` for a binary operator whose right operand is an integer literal that fits an
/// immediate (as `Emitter::number` loads with `LdaSmi`), when the operator has such a form.
/// Evaluating the left operand into the accumulator and then the instruction is the same as
/// the general form: a literal has no effects, and the conversions happen in the same order.
fn smi_binary_instr(op: BinaryOp, right: &Expr) -> Option<Instr> {
    let Expr::Number(n, _) = right else {
        return None;
    };
    if n.fract() != 0.0 || n.abs() >= 1e9 || (*n == 0.0 && n.is_sign_negative()) {
        return None;
    }
    let value = Imm(*n as i32);
    Some(match op {
        BinaryOp::Add => Instr::AddSmi { value },
        BinaryOp::Sub => Instr::SubSmi { value },
        BinaryOp::Mul => Instr::MulSmi { value },
        BinaryOp::BitAnd => Instr::BitAndSmi { value },
        BinaryOp::BitOr => Instr::BitOrSmi { value },
        BinaryOp::BitXor => Instr::BitXorSmi { value },
        BinaryOp::Shl => Instr::ShlSmi { value },
        BinaryOp::Shr => Instr::ShrSmi { value },
        BinaryOp::UShr => Instr::UShrSmi { value },
        _ => return None,
    })
}

/// The name a NamedEvaluation gives an anonymous function assigned to this pattern.
fn pattern_name(p: &Pattern) -> String {
    match p {
        Pattern::Ident(id) => id.name.to_string(),
        _ => String::new(),
    }
}

/// BoundNames of a binding pattern.
pub(crate) fn bound_names(p: &Pattern, out: &mut Vec<Rc<str>>) {
    match p {
        Pattern::Ident(id) => out.push(id.name.clone()),
        Pattern::Expr(_) => {}
        Pattern::Object {
            properties, rest, ..
        } => {
            for prop in properties {
                bound_names(&prop.value.target, out);
            }
            if let Some(r) = rest {
                bound_names(r, out);
            }
        }
        Pattern::Array { elements, rest, .. } => {
            for e in elements.iter().flatten() {
                bound_names(&e.target, out);
            }
            if let Some(r) = rest {
                bound_names(r, out);
            }
        }
    }
}
