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

mod operands;
use operands::{arguments_write_no_register, property_writes_no_register, writes_no_register};

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

/// Per-function emission state.
pub(crate) struct FnState {
    pub(crate) code: FunctionCode,
    next_reg: u16,
    pub(crate) max_reg: u16,
    labels: Vec<Option<u32>>,
    patches: Vec<(usize, LabelId)>,
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

    pub(crate) fn emit(&mut self, instr: Instr) {
        instr.encode(&mut self.f().code.bytecode);
    }

    fn pc(&mut self) -> u32 {
        self.f().code.bytecode.len() as u32
    }

    /// Records the source position of the code emitted next.
    pub(crate) fn mark(&mut self, span: Span) {
        let offset = span.start;
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let col = offset - self.line_starts[line - 1] + 1;
        let pc = self.pc();
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
        let at = self.f().code.bytecode.len();
        instr.set_label(0);
        self.emit(instr);
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
    fn known_initialized(&self, name: &str) -> bool {
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

    // --- functions -------------------------------------------------------------------------

    pub(crate) fn new_fn_state(
        &mut self,
        flags_: u32,
        strict: bool,
        captured: HashSet<String>,
    ) -> FnState {
        FnState {
            code: FunctionCode {
                flags: flags_,
                ..Default::default()
            },
            next_reg: bytecode::FIRST_PARAM_REG,
            max_reg: bytecode::FIRST_PARAM_REG,
            labels: Vec::new(),
            patches: Vec::new(),
            strings: HashMap::new(),
            captured,
            dynamic: false,
            strict,
            control: Vec::new(),
            env_depth: 0,
            completion: None,
            next_ic: 0,
            is_arrow: false,
            is_derived_ctor: false,
            optional_exits: Vec::new(),
            gen_reg: None,
            annex_b: HashSet::new(),
            is_generator: false,
            is_async: false,
            is_field_init: false,
            dispose_caps: Vec::new(),
        }
    }

    /// A register for the completion value of script or eval code (UpdateEmpty's running
    /// value), starting as undefined.
    fn completion_register(&mut self) -> u16 {
        let completion = self.temp();
        self.f().completion = Some(completion);
        self.emit(Instr::LdaUndefined {});
        self.emit(Instr::Star {
            dst: Reg(completion),
        });
        completion
    }

    fn script(&mut self, script: &Script) -> CResult<FunctionCode> {
        let captured = scope::captured_by_inner_functions(&[], &script.body);
        let mut st = self.new_fn_state(
            flags::SCRIPT | if script.strict { flags::STRICT } else { 0 },
            script.strict,
            captured,
        );
        st.dynamic = scope::has_dynamic_scope(&[], &script.body)
            || scope::contains_direct_eval(&[], &script.body);
        st.code.name = utf16("<script>");
        st.code.source_range = (script.span.start, script.span.end);
        self.funcs.push(st);
        // The script scope holds only `this` (R[0] = the global this value); its var and lexical
        // declarations are global bindings.
        self.scopes.push(Scope::global_this());
        if self.is_captured(THIS) {
            // Arrows capture `this` from the script: give it an environment slot.
            self.scopes.last_mut().unwrap().names.clear();
            self.push_scope(&[(THIS.into(), BindKind::Plain)]);
            self.emit(Instr::Ldar {
                src: Reg(bytecode::REG_THIS),
            });
            self.store_name(THIS, true, script.span)?;
        }
        let completion = self.completion_register();
        self.global_declarations(&script.body)?;
        for s in &script.body {
            self.stmt(s)?;
        }
        self.emit(Instr::Ldar {
            src: Reg(completion),
        });
        self.emit(Instr::Return {});
        self.finish_labels()?;
        let st = self.funcs.pop().unwrap();
        self.scopes.clear();
        let mut code = st.code;
        code.register_count = st.max_reg as u32;
        Ok(code)
    }

    /// Direct eval code: EvalDeclarationInstantiation, then the statements. Sloppy code at the
    /// top level of a script declares global vars; otherwise vars, functions and lexicals are
    /// local to the eval, except vars that the caller's variable environment already has.
    /// <https://tc39.es/ecma262/#sec-evaldeclarationinstantiation>
    fn eval_script(&mut self, script: &Script, scopes: &str) -> CResult<FunctionCode> {
        let caller_strict = scopes.starts_with("strict\n");
        self.eval_context = EvalContext::from_descriptor(scopes);
        let strict = script.strict || caller_strict;
        let mut st = self.new_fn_state(
            flags::SCRIPT | if strict { flags::STRICT } else { 0 },
            strict,
            HashSet::new(),
        );
        st.dynamic = true;
        st.code.name = utf16("<eval>");
        st.code.source_range = (script.span.start, script.span.end);
        self.funcs.push(st);
        // The caller's scopes, outermost first (with their descriptor tags).
        let mut tags: Vec<char> = Vec::new();
        for line in scopes.lines().rev() {
            if line == "strict" || line.is_empty() || line.starts_with('@') {
                continue;
            }
            let mut parts = line.split('\t');
            let tag = parts.next().unwrap_or("E");
            let mut names = Vec::new();
            for entry in parts {
                let mut it = entry.rsplitn(3, ':');
                let (Some(kind), Some(slot), Some(name)) = (it.next(), it.next(), it.next()) else {
                    continue;
                };
                let kind = match kind {
                    "v" => BindKind::Var,
                    "l" => BindKind::Let,
                    "c" => BindKind::Const,
                    "d" => BindKind::DerivedThis,
                    "f" => BindKind::FunctionName,
                    _ => BindKind::Plain,
                };
                let slot: u16 = slot.parse().unwrap_or(0);
                let name: Rc<str> = name.into();
                names.push((
                    name,
                    Binding {
                        loc: Loc::Env(slot),
                        kind,
                    },
                ));
            }
            tags.push(tag.chars().next().unwrap_or('E'));
            self.scopes.push(Scope {
                func: 0,
                names,
                has_env: true,
                is_with: tag == "W" || tag == "O",
                var_scope: tag == "V" || tag == "O",
                env_size: 0,
                catch: tag == "K",
                initialized: Vec::new(),
                switch: false,
            });
        }
        if self.resolve(THIS).is_none() {
            // Indirect eval, or a caller that kept `this` in a register: `this` is the eval
            // frame's R[0] (the global this value, or the caller's this).
            tags.insert(0, 'E');
            self.scopes.insert(0, Scope::global_this());
            if scope::captured_by_inner_functions(&[], &script.body).contains(THIS) {
                // Arrows in the eval code capture `this`: give it an environment slot, as a
                // script does.
                self.scopes[0].names.clear();
                tags.push('E');
                self.push_scope(&[(THIS.into(), BindKind::Plain)]);
                self.emit(Instr::Ldar {
                    src: Reg(bytecode::REG_THIS),
                });
                self.store_name(THIS, true, script.span)?;
            }
        }
        // The caller's variable environment: the innermost function scope ('V') or eval var
        // object ('O'); none at the top level of a script (the global environment).
        let var_env = tags.iter().rposition(|&t| t == 'V' || t == 'O');
        let completion = self.completion_register();
        // EvalDeclarationInstantiation.
        let mut vars = Vec::new();
        var_scoped_names(&script.body, &mut vars);
        let funcs = hoisted_functions(&script.body);
        let mut var_decl_names: Vec<Rc<str>> = vars.clone();
        for f in &funcs {
            var_decl_names.push(f.name.as_ref().map(|n| n.name.clone()).unwrap_or_default());
        }
        // Does a declarative environment between the eval and the variable environment bind
        // `name` (object environments are not checked; B.3.4: neither are catch parameters)?
        // In the variable environment itself, the function's top-level lexical declarations
        // count.
        let first = var_env.unwrap_or(0);
        let lexically_bound = |scopes: &[Scope], name: &Rc<str>| {
            scopes.iter().enumerate().skip(first).any(|(i, sc)| {
                let tag = tags[i];
                !matches!(tag, 'W' | 'O' | 'K')
                    && sc.names.iter().any(|(n, b)| {
                        n == name
                            && (tag != 'V' || matches!(b.kind, BindKind::Let | BindKind::Const))
                    })
            })
        };
        if !strict {
            // Step 3: a var may not be hoisted over a like-named lexical declaration.
            for name in &var_decl_names {
                if lexically_bound(&self.scopes, name) {
                    return Err(syntax_err(
                        format!("Identifier '{name}' has already been declared"),
                        script.span,
                    ));
                }
            }
        }
        // B.3.2.3: block-level functions of sloppy eval code also get a var binding, unless a
        // lexical declaration (of the eval code or between it and the variable environment)
        // has the name.
        let mut annex_b: Vec<Rc<str>> = Vec::new();
        if !strict {
            let lexical: Vec<Rc<str>> = lexically_scoped_names(&script.body)
                .into_iter()
                .map(|(n, _)| n)
                .collect();
            let mut found = Vec::new();
            annex_b_functions(&script.body, false, &mut found);
            for n in found {
                if lexical.contains(&n) || lexically_bound(&self.scopes, &n) || annex_b.contains(&n)
                {
                    continue;
                }
                self.f().annex_b.insert(n.clone());
                if !var_decl_names.contains(&n) {
                    annex_b.push(n);
                }
            }
        }
        // The names the variable environment already binds (a var there is just assigned).
        let var_names: Vec<Rc<str>> = match var_env {
            Some(i) if tags[i] == 'V' => self.scopes[i]
                .names
                .iter()
                .map(|(n, _)| n.clone())
                .collect(),
            _ => Vec::new(),
        };
        let global_vars = !strict && var_env.is_none();
        let mut local: Vec<(Rc<str>, BindKind)> = lexically_scoped_names(&script.body);
        if global_vars {
            let functions: Vec<Rc<str>> = funcs
                .iter()
                .map(|f| f.name.as_ref().map(|n| n.name.clone()).unwrap_or_default())
                .collect();
            self.global_declaration_checks(&vars, &functions, Vec::new());
            for name in &annex_b {
                let k = self.name_const(name);
                self.emit(Instr::DeclareAnnexBGlobalVar { name: k });
            }
        } else {
            // The caller's eval var object, if it has one (sloppy functions).
            let mut depth = 0u16;
            let mut eval_vars = None;
            for sc in self.scopes.iter().rev() {
                if sc.is_with && sc.var_scope {
                    eval_vars = Some(depth);
                    break;
                }
                if sc.has_env {
                    depth += 1;
                }
            }
            for name in var_decl_names.into_iter().chain(annex_b) {
                if !strict && var_names.contains(&name) {
                    continue;
                }
                match eval_vars {
                    Some(d) if !strict => {
                        let k = self.name_const(&name);
                        self.emit(Instr::DeclareEvalVar {
                            depth: Count(d),
                            name: k,
                        });
                    }
                    _ => local.push((name, BindKind::Var)),
                }
            }
        }
        if !local.is_empty() {
            self.push_scope(&local);
        }
        for f in funcs {
            let name = f.name.as_ref().map(|n| n.name.clone()).unwrap_or_default();
            self.closure(f, &name)?;
            if global_vars {
                let k = self.name_const(&name);
                self.emit(Instr::DeclareEvalGlobalFunction { name: k });
            } else {
                self.store_name(&name, false, f.span)?;
            }
        }
        if global_vars {
            // Step 16: the vars, after the functions.
            let functions: Vec<Rc<str>> = hoisted_functions(&script.body)
                .iter()
                .map(|f| f.name.as_ref().map(|n| n.name.clone()).unwrap_or_default())
                .collect();
            let mut done: Vec<&Rc<str>> = Vec::new();
            for name in &vars {
                if functions.contains(name) || done.contains(&name) {
                    continue;
                }
                done.push(name);
                let k = self.name_const(name);
                self.emit(Instr::DeclareEvalGlobalVar { name: k });
            }
        }
        for s in &script.body {
            self.stmt(s)?;
        }
        self.emit(Instr::Ldar {
            src: Reg(completion),
        });
        self.emit(Instr::Return {});
        self.finish_labels()?;
        let st = self.funcs.pop().unwrap();
        self.scopes.clear();
        let mut code = st.code;
        code.register_count = st.max_reg as u32;
        Ok(code)
    }

    /// GlobalDeclarationInstantiation: declares the script's vars, functions and lexicals.
    /// <https://tc39.es/ecma262/#sec-globaldeclarationinstantiation>
    fn global_declarations(&mut self, body: &[Stmt]) -> CResult {
        // Steps 3-10: every name is validated before any binding is created.
        let mut checks: Vec<(Rc<str>, i32)> = Vec::new();
        for (name, _) in lexically_scoped_names(body) {
            checks.push((name, 0));
        }
        let mut declared = Vec::new();
        var_scoped_names(body, &mut declared);
        let functions: Vec<Rc<str>> = hoisted_functions(body)
            .iter()
            .map(|f| f.name.as_ref().map(|n| n.name.clone()).unwrap_or_default())
            .collect();
        self.global_declaration_checks(&declared, &functions, checks);
        for (name, kind) in lexically_scoped_names(body) {
            let k = self.name_const(&name);
            self.emit(Instr::DeclareGlobalLexical {
                name: k,
                is_const: Imm((kind == BindKind::Const) as i32),
            });
        }
        let mut vars = Vec::new();
        var_scoped_names(body, &mut vars);
        // B.3.2.2: sloppy block-level functions also declare a global var.
        if !self.f().strict {
            let lexical: Vec<Rc<str>> = lexically_scoped_names(body)
                .into_iter()
                .map(|(n, _)| n)
                .collect();
            let mut found = Vec::new();
            annex_b_functions(body, false, &mut found);
            for n in found {
                if lexical.contains(&n) {
                    continue;
                }
                self.f().annex_b.insert(n.clone());
                if !vars.contains(&n) {
                    vars.push(n);
                }
            }
        }
        for name in vars {
            let k = self.name_const(&name);
            self.emit(Instr::DeclareGlobalVar { name: k });
        }
        for f in hoisted_functions(body) {
            let name = f.name.as_ref().map(|n| n.name.clone()).unwrap_or_default();
            self.closure(f, &name)?;
            let k = self.name_const(&name);
            self.emit(Instr::DeclareGlobalFunction { name: k });
        }
        Ok(())
    }

    /// Emits the validation steps of Global/EvalDeclarationInstantiation (`checks` first,
    /// then the var names against lexical declarations, then CanDeclareGlobalFunction and
    /// CanDeclareGlobalVar).
    fn global_declaration_checks(
        &mut self,
        vars: &[Rc<str>],
        functions: &[Rc<str>],
        mut checks: Vec<(Rc<str>, i32)>,
    ) {
        for name in vars.iter().chain(functions) {
            checks.push((name.clone(), 1));
        }
        for name in functions.iter().rev() {
            checks.push((name.clone(), 2));
        }
        for name in vars {
            if !functions.contains(name) {
                checks.push((name.clone(), 3));
            }
        }
        let mut seen: Vec<(Rc<str>, i32)> = Vec::new();
        for (name, kind) in checks {
            if seen.iter().any(|(n, k)| *n == name && *k == kind) {
                continue;
            }
            let k = self.name_const(&name);
            self.emit(Instr::CheckGlobalDeclaration {
                name: k,
                kind: Imm(kind),
            });
            seen.push((name, kind));
        }
    }

    /// Emits `CreateClosure` for `f` (compiling it) with `name` as its inferred name.
    pub(crate) fn closure(&mut self, f: &Function, name: &str) -> CResult {
        let code = self.function(f, name)?;
        let functions = &mut self.f().code.functions;
        functions.push(code);
        let idx = functions.len() as u32 - 1;
        self.emit(Instr::CreateClosure { func: Func(idx) });
        Ok(())
    }

    /// Compiles a function body into its own [`FunctionCode`].
    fn function(&mut self, f: &Function, name: &str) -> CResult<FunctionCode> {
        let is_derived =
            f.kind == FunctionKind::ClassConstructor && std::mem::take(&mut self.pending_derived);
        let field_defs = match f.kind {
            FunctionKind::ClassFieldInit => self.field_defs.take(),
            _ => None,
        };
        let body_stmts: &[Stmt] = match &f.body {
            FunctionBody::Block(b) => b,
            FunctionBody::Expr(_) => &[],
        };
        // The statements the capture analysis looks at (a concise body or field initializers
        // are wrapped as expression statements).
        let mut analysed: Vec<Stmt> = Vec::new();
        if let FunctionBody::Expr(e) = &f.body {
            analysed.push(Stmt::Expr((**e).clone(), e.span()));
        }
        for (key, value, span) in field_defs.iter().flatten() {
            if let PropertyKey::Public(PropertyName::Computed(k)) = key {
                analysed.push(Stmt::Expr((**k).clone(), *span));
            }
            if let Some(v) = value {
                analysed.push(Stmt::Expr(v.clone(), *span));
            }
        }
        let captured = if analysed.is_empty() {
            scope::captured_by_inner_functions(&f.params, body_stmts)
        } else {
            scope::captured_by_inner_functions(&f.params, &analysed)
        };
        // Code inside strict code is strict (the parser's flag is not always propagated into
        // nested function expressions).
        let strict = f.strict || self.funcs.last().is_some_and(|s| s.strict);
        let mut fl = 0;
        if strict {
            fl |= flags::STRICT;
        }
        match f.kind {
            FunctionKind::Arrow => fl |= flags::ARROW,
            FunctionKind::Method | FunctionKind::ClassFieldInit => fl |= flags::METHOD,
            FunctionKind::Getter => fl |= flags::METHOD | flags::GETTER,
            FunctionKind::Setter => fl |= flags::METHOD | flags::SETTER,
            FunctionKind::ClassConstructor => fl |= flags::CLASS_CONSTRUCTOR | flags::CONSTRUCTOR,
            FunctionKind::Normal if !f.is_async && !f.is_generator => fl |= flags::CONSTRUCTOR,
            FunctionKind::Normal => {}
        }
        if f.is_async {
            fl |= flags::ASYNC;
        }
        if f.is_generator {
            fl |= flags::GENERATOR;
        }
        let mut st = self.new_fn_state(fl, strict, captured);
        // A concise arrow body or field initializers count too (`x => eval("x")`).
        let scanned: &[Stmt] = if analysed.is_empty() {
            body_stmts
        } else {
            &analysed
        };
        st.dynamic = scope::has_dynamic_scope(&f.params, scanned)
            || scope::contains_direct_eval(&f.params, scanned);
        st.is_arrow = f.kind == FunctionKind::Arrow;
        st.is_derived_ctor = is_derived;
        st.is_field_init = field_defs.is_some();
        st.code.name = utf16(name);
        st.code.source_range = (f.source.start, f.source.end);
        let non_rest = f.params.iter().take_while(|p| !p.rest).count();
        st.code.param_count = non_rest as u32;
        st.code.length = f
            .params
            .iter()
            .take_while(|p| !p.rest && p.default.is_none())
            .count() as u32;
        st.next_reg = bytecode::FIRST_PARAM_REG + f.params.len() as u16;
        st.is_generator = f.is_generator;
        st.is_async = f.is_async;
        if f.is_generator || f.is_async {
            st.gen_reg = Some((st.next_reg, st.next_reg + 1));
            st.next_reg += 2;
        }
        st.max_reg = st.next_reg;
        self.funcs.push(st);
        let scope_base = self.scopes.len();
        let result = match field_defs {
            Some(defs) => {
                let brands = std::mem::take(&mut self.field_brands);
                let decor = std::mem::take(&mut self.field_decor);
                let extra = self.field_extra.take();
                self.field_initializer_body(f, &defs, &brands, &decor, extra)
            }
            None => self.function_body(f, body_stmts),
        };
        self.scopes.truncate(scope_base);
        result?;
        self.finish_labels()?;
        let st = self.funcs.pop().unwrap();
        let mut code = st.code;
        code.register_count = st.max_reg as u32;
        Ok(code)
    }

    /// FunctionDeclarationInstantiation and the body.
    /// <https://tc39.es/ecma262/#sec-functiondeclarationinstantiation>
    fn function_body(&mut self, f: &Function, body: &[Stmt]) -> CResult {
        // EvaluateAsyncFunctionBody: the promise capability exists before the parameters are
        // bound, and any abrupt completion of the rest rejects it.
        let async_fn = if f.is_async && !f.is_generator {
            self.begin_async_body()
        } else {
            None
        };
        self.function_body_inner(f, body)?;
        self.end_async_body(async_fn);
        Ok(())
    }

    /// Makes the function being compiled an async body (an async function or a module with
    /// top-level `await`): reserves its state and resumption registers.
    pub(crate) fn make_async(&mut self) {
        let st = self.f();
        st.is_async = true;
        st.gen_reg = Some((st.next_reg, st.next_reg + 1));
        st.next_reg += 2;
        st.max_reg = st.max_reg.max(st.next_reg);
    }

    /// The start of an async body: creates its promise capability (AsyncStart). Returns what
    /// [`Self::end_async_body`] needs.
    pub(crate) fn begin_async_body(&mut self) -> Option<(u16, u32)> {
        let (gen, _) = self.f().gen_reg?;
        self.emit(Instr::AsyncStart { gen: Reg(gen) });
        Some((gen, self.pc()))
    }

    /// The end of an async body: any abrupt completion of the body rejects its promise
    /// (AsyncBlockStart step 2.e-g). <https://tc39.es/ecma262/#sec-asyncblockstart>
    pub(crate) fn end_async_body(&mut self, started: Option<(u16, u32)>) {
        if let Some((gen, start)) = started {
            let end = self.pc();
            let target = self.pc();
            self.f().code.handlers.push(Handler {
                start,
                end,
                target,
                env_depth: 0,
            });
            self.emit(Instr::AsyncReject { gen: Reg(gen) });
            self.emit(Instr::Return {});
        }
    }

    fn function_body_inner(&mut self, f: &Function, body: &[Stmt]) -> CResult {
        let is_arrow = f.kind == FunctionKind::Arrow;
        // 1. The function scope: pseudo bindings, parameters, vars, top-level lexicals.
        let mut names: Vec<(Rc<str>, BindKind)> = Vec::new();
        if !is_arrow {
            let this_kind = if self.f().is_derived_ctor {
                BindKind::DerivedThis
            } else {
                BindKind::Plain
            };
            names.push((THIS.into(), this_kind));
            names.push((NEW_TARGET.into(), BindKind::Plain));
            names.push((FUNC.into(), BindKind::Plain));
        }
        let mut param_names = Vec::new();
        for p in &f.params {
            bound_names(&p.pattern, &mut param_names);
        }
        // With defaults, patterns or a rest parameter, each parameter is in its TDZ until it
        // is initialized (IteratorBindingInitialization runs left to right).
        let tdz_params = f
            .params
            .iter()
            .any(|p| p.default.is_some() || p.rest || !matches!(p.pattern, Pattern::Ident(_)));
        let param_kind = if tdz_params {
            BindKind::Let
        } else {
            BindKind::Plain
        };
        for n in &param_names {
            names.push((n.clone(), param_kind));
        }
        let mut vars = Vec::new();
        var_scoped_names(body, &mut vars);
        let uses_arguments = !is_arrow
            && !param_names.iter().any(|n| &**n == "arguments")
            && (self.f().dynamic || self.mentions_arguments(f));
        if uses_arguments {
            names.push(("arguments".into(), BindKind::Var));
        }
        // FunctionDeclarationInstantiation step 28: with parameter expressions, the body's
        // declarations get their own environment (closures in the parameter list do not see
        // them); without, parameters and vars share one.
        let split = tdz_params;
        let param_scope_len = names.len();
        for v in &vars {
            names.push((v.clone(), BindKind::Var));
        }
        // Top-level function declarations are var-scoped bindings of the function.
        for func in hoisted_functions(body) {
            if let Some(n) = &func.name {
                names.push((n.name.clone(), BindKind::Var));
            }
        }
        // B.3.2.1: block-level functions in sloppy code also get a var binding, unless a
        // parameter or a top-level lexical declaration has the name.
        if !self.f().strict {
            let lexical: Vec<Rc<str>> = lexically_scoped_names(body)
                .into_iter()
                .map(|(n, _)| n)
                .collect();
            let mut found = Vec::new();
            annex_b_functions(body, false, &mut found);
            for n in found {
                if param_names.contains(&n) || lexical.contains(&n) || &*n == "arguments" {
                    continue;
                }
                self.f().annex_b.insert(n.clone());
                names.push((n, BindKind::Var));
            }
        }
        for (n, k) in lexically_scoped_names(body) {
            names.push((n, k));
        }
        // Simple, uncaptured parameters stay in the registers the caller filled.
        let simple_in_place: Vec<(usize, Rc<str>)> = f
            .params
            .iter()
            .enumerate()
            .filter_map(|(i, p)| match (&p.pattern, &p.default, p.rest) {
                (Pattern::Ident(id), None, false) if !tdz_params => Some((i, id.name.clone())),
                _ => None,
            })
            .collect();
        // A sloppy function that calls eval directly gets an object environment outside its
        // own scope for the vars that eval code declares (EvalDeclarationInstantiation adds
        // them to the function's variable environment); lookups of other names check it.
        if !self.f().strict && scope::has_direct_eval(&f.params, body) {
            let r = self.temp();
            self.emit(Instr::CreateObject { size: Count(0) });
            self.emit(Instr::Star { dst: Reg(r) });
            self.emit(Instr::LdaNull {});
            self.emit(Instr::SetProto { obj: Reg(r) });
            self.emit(Instr::Ldar { src: Reg(r) });
            self.emit(Instr::PushWith {});
            self.f().env_depth += 1;
            self.scopes.push(Scope {
                func: self.fi(),
                names: Vec::new(),
                has_env: true,
                is_with: true,
                var_scope: true,
                env_size: 0,
                catch: false,
                initialized: Vec::new(),
                switch: false,
            });
        }
        let body_names = if split {
            names.split_off(param_scope_len)
        } else {
            Vec::new()
        };
        // FunctionDeclarationInstantiation step 22: a sloppy function with a simple parameter
        // list gets a mapped arguments object, whose elements alias the parameters; those
        // then live in the environment.
        let mapped_arguments = uses_arguments && !self.f().strict && !tdz_params;
        if mapped_arguments {
            for n in &param_names {
                self.f().captured.insert(n.to_string());
            }
        }
        self.push_scope_with_fixed(&names, &simple_in_place, !is_arrow)?;
        if split {
            // The parameters' environment is not the variable environment.
            self.scopes.last_mut().unwrap().var_scope = false;
        }
        if uses_arguments {
            self.emit(Instr::CreateArguments {
                mapped: Imm(mapped_arguments as i32),
            });
            if mapped_arguments {
                // CreateMappedArgumentsObject step 17: the last parameter of a name wins.
                let mut mapped: Vec<&Rc<str>> = Vec::new();
                for (i, n) in param_names.iter().enumerate().rev() {
                    if mapped.contains(&n) {
                        continue;
                    }
                    mapped.push(n);
                    if let Some((
                        Binding {
                            loc: Loc::Env(slot),
                            ..
                        },
                        0,
                    )) = self.resolve(n)
                    {
                        self.emit(Instr::MapArgument {
                            index: Imm(i as i32),
                            slot: Count(slot),
                        });
                    }
                }
            }
            self.store_name("arguments", true, f.span)?;
        }
        // 2. Parameters with patterns, defaults or rest.
        for (i, p) in f.params.iter().enumerate() {
            let reg = bytecode::FIRST_PARAM_REG + i as u16;
            if p.rest {
                self.emit(Instr::CreateRestArray {
                    from: Imm(i as i32),
                });
            } else {
                if matches!(&p.pattern, Pattern::Ident(_)) && p.default.is_none() && !tdz_params {
                    if let Pattern::Ident(id) = &p.pattern {
                        if self.is_captured(&id.name) {
                            self.emit(Instr::Ldar { src: Reg(reg) });
                            self.store_name(&id.name, true, id.span)?;
                        }
                    }
                    continue;
                }
                self.emit(Instr::Ldar { src: Reg(reg) });
                if let Some(d) = &p.default {
                    let skip = self.new_label();
                    self.jump(Instr::JumpIfNotUndefined { target: Label(0) }, skip);
                    self.named_expr(d, &pattern_name(&p.pattern))?;
                    self.bind(skip);
                }
            }
            self.bind_pattern(&p.pattern, true)?;
        }
        if split {
            // Step 28.f: a body var named like a parameter (or `arguments`) starts with its
            // value.
            let mut copies = Vec::new();
            for (n, k) in &body_names {
                if *k == BindKind::Var
                    && names.iter().any(|(p, _)| p == n)
                    && !copies.iter().any(|(c, _): &(Rc<str>, u16)| c == n)
                {
                    self.load_name(n, f.span)?;
                    let r = self.temp();
                    self.emit(Instr::Star { dst: Reg(r) });
                    copies.push((n.clone(), r));
                }
            }
            self.push_scope_with_fixed(&body_names, &[], false)?;
            for (n, r) in copies {
                self.emit(Instr::Ldar { src: Reg(r) });
                self.store_name(&n, true, f.span)?;
            }
        }
        // 3. Hoisted function declarations.
        for func in hoisted_functions(body) {
            let name = func
                .name
                .as_ref()
                .map(|n| n.name.clone())
                .unwrap_or_default();
            self.closure(func, &name)?;
            self.store_name(&name, true, func.span)?;
        }
        // EvaluateGeneratorBody: the generator object is created after
        // FunctionDeclarationInstantiation, and the body starts suspended.
        if f.is_generator {
            if let Some((gen, _)) = self.f().gen_reg {
                self.emit(Instr::GeneratorStart { gen: Reg(gen) });
            }
        }
        // 4. Base class constructors initialize fields before the body runs.
        if f.kind == FunctionKind::ClassConstructor && !self.f().is_derived_ctor {
            self.emit(Instr::InitFields {
                func: Reg(bytecode::REG_CALLEE),
                this: Reg(bytecode::REG_THIS),
            });
        }
        // 5. The body.
        match &f.body {
            FunctionBody::Block(stmts) => {
                match using_scope(stmts) {
                    Some(is_async) => self.disposal_scope(is_async, f.span, |e| e.stmts(stmts))?,
                    None => self.stmts(stmts)?,
                }
                self.emit(Instr::LdaUndefined {});
                self.emit_return()?;
            }
            FunctionBody::Expr(e) => {
                self.expr(e)?;
                self.emit_return()?;
            }
        }
        Ok(())
    }

    /// The body of a class field initializer: defines each field on `this`.
    /// <https://tc39.es/ecma262/#sec-definefield>
    fn field_initializer_body(
        &mut self,
        f: &Function,
        defs: &[(PropertyKey, Option<Expr>, Span)],
        brands: &[Rc<str>],
        decor: &[Option<Rc<str>>],
        extra: Option<Rc<str>>,
    ) -> CResult {
        let names: Vec<(Rc<str>, BindKind)> = vec![
            (THIS.into(), BindKind::Plain),
            (NEW_TARGET.into(), BindKind::Plain),
            (FUNC.into(), BindKind::Plain),
        ];
        self.push_scope_with_fixed(&names, &[], true)?;
        let this = self.temp();
        let key = self.temp();
        // InitializeInstanceElements: private methods and accessors first.
        for b in brands {
            self.load_name(THIS, f.span)?;
            self.emit(Instr::Star { dst: Reg(this) });
            self.load_name(b, f.span)?;
            self.emit(Instr::PrivateBrandAdd { obj: Reg(this) });
        }
        // InitializeInstanceElements (decorators proposal): the extra initializers that
        // method decorators added run before the fields are defined.
        if let Some(extra) = &extra {
            let args = self.temps(2);
            self.load_name(extra, f.span)?;
            self.emit(Instr::Star { dst: Reg(args) });
            self.load_name(THIS, f.span)?;
            self.emit(Instr::Star { dst: Reg(args + 1) });
            self.emit(Instr::DecoratorOp {
                op: Imm(decorator_op::RUN_EXTRA),
                args: Reg(args),
            });
        }
        for (i, (k, value, span)) in defs.iter().enumerate() {
            self.load_name(THIS, *span)?;
            self.emit(Instr::Star { dst: Reg(this) });
            let fname = match k {
                PropertyKey::Public(name) => self.property_key(name)?,
                PropertyKey::Private(id) => {
                    self.load_name(&id.name, id.span)?;
                    Some(id.name.to_string())
                }
            };
            self.emit(Instr::Star { dst: Reg(key) });
            match value {
                Some(v) => match fname {
                    Some(n) => self.named_expr(v, &n)?,
                    None => {
                        self.expr(v)?;
                        if is_anonymous_function_definition(v) {
                            self.emit(Instr::SetFunctionName { key: Reg(key) });
                        }
                    }
                },
                None => self.emit(Instr::LdaUndefined {}),
            }
            let decorated = decor.get(i).cloned().flatten();
            if let Some(base) = &decorated {
                // DefineField (decorators proposal): the value goes through the
                // initializers the field's decorators returned, in order.
                let args = self.temps(3);
                self.emit(Instr::Star { dst: Reg(args + 2) });
                self.load_name(&format!("{base}i"), *span)?;
                self.emit(Instr::Star { dst: Reg(args) });
                self.emit(Instr::Mov {
                    dst: Reg(args + 1),
                    src: Reg(this),
                });
                self.emit(Instr::DecoratorOp {
                    op: Imm(decorator_op::RUN_INITIALIZERS),
                    args: Reg(args),
                });
            }
            self.mark(*span);
            self.emit(Instr::DefineKeyed {
                obj: Reg(this),
                key: Reg(key),
            });
            if let Some(base) = &decorated {
                // ... and then the extra initializers its decorators added.
                let args = self.temps(2);
                self.load_name(&format!("{base}x"), *span)?;
                self.emit(Instr::Star { dst: Reg(args) });
                self.emit(Instr::Mov {
                    dst: Reg(args + 1),
                    src: Reg(this),
                });
                self.emit(Instr::DecoratorOp {
                    op: Imm(decorator_op::RUN_EXTRA),
                    args: Reg(args),
                });
            }
        }
        let _ = f;
        self.emit(Instr::LdaUndefined {});
        self.emit(Instr::Return {});
        Ok(())
    }

    /// Like [`push_scope`], but the pseudo bindings and simple parameters keep their fixed
    /// registers when not captured.
    fn push_scope_with_fixed(
        &mut self,
        names: &[(Rc<str>, BindKind)],
        params: &[(usize, Rc<str>)],
        has_pseudo: bool,
    ) -> CResult {
        let func = self.fi();
        let mut scope = Scope {
            func,
            names: Vec::new(),
            has_env: false,
            is_with: false,
            var_scope: true,
            env_size: 0,
            catch: false,
            initialized: Vec::new(),
            switch: false,
        };
        let mut copies = Vec::new();
        for (name, kind) in names {
            if scope.names.iter().any(|(n, _)| n == name) {
                continue;
            }
            let fixed = if has_pseudo && &**name == THIS {
                Some(bytecode::REG_THIS)
            } else if has_pseudo && &**name == NEW_TARGET {
                Some(bytecode::REG_NEW_TARGET)
            } else if has_pseudo && &**name == FUNC {
                Some(bytecode::REG_CALLEE)
            } else {
                params
                    .iter()
                    .rev()
                    .find(|(_, n)| n == name)
                    .map(|(i, _)| bytecode::FIRST_PARAM_REG + *i as u16)
            };
            let loc = if self.is_captured(name) {
                scope.env_size += 1;
                if let Some(r) = fixed {
                    if matches!(&**name, THIS | NEW_TARGET | FUNC) {
                        copies.push((r, scope.env_size - 1));
                    }
                }
                Loc::Env(scope.env_size - 1)
            } else if let Some(r) = fixed {
                Loc::Reg(r)
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
        // Vars start undefined; lexicals start <empty>.
        let inits: Vec<(Loc, BindKind)> =
            scope.names.iter().map(|(_, b)| (b.loc, b.kind)).collect();
        self.scopes.push(scope);
        for (r, slot) in copies {
            self.emit(Instr::Ldar { src: Reg(r) });
            self.emit(Instr::StaEnv {
                depth: Count(0),
                slot: Count(slot),
            });
        }
        for (loc, kind) in inits {
            let value = match kind {
                BindKind::Var => Instr::LdaUndefined {},
                BindKind::Let | BindKind::Const => Instr::LdaEmpty {},
                _ => continue,
            };
            self.emit(value);
            match loc {
                Loc::Reg(r) => self.emit(Instr::Star { dst: Reg(r) }),
                Loc::Env(slot) => self.emit(Instr::StaEnv {
                    depth: Count(0),
                    slot: Count(slot),
                }),
            }
        }
        if self.f().is_derived_ctor {
            // `this` of a derived constructor starts in its TDZ.
            self.emit(Instr::LdaEmpty {});
            self.store_name(THIS, true, Span::default())?;
        }
        Ok(())
    }

    fn mentions_arguments(&self, f: &Function) -> bool {
        let body: Vec<Stmt> = match &f.body {
            FunctionBody::Block(b) => b.clone(),
            FunctionBody::Expr(e) => vec![Stmt::Expr((**e).clone(), e.span())],
        };
        // Direct references, plus references from arrows (which share our `arguments`).
        let inner = scope::captured_by_inner_functions(&f.params, &body);
        inner.contains("arguments") || mentions_name_directly(&f.params, &body, "arguments")
    }

    // --- statements ------------------------------------------------------------------------

    fn stmts(&mut self, body: &[Stmt]) -> CResult {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    /// A block: its lexical declarations get a scope; its function declarations are hoisted
    /// to the top of the block.
    /// <https://tc39.es/ecma262/#sec-blockdeclarationinstantiation>
    fn block(&mut self, body: &[Stmt]) -> CResult {
        let lex = lexically_scoped_names(body);
        let funcs: Vec<&Function> = body
            .iter()
            .filter_map(|s| match s {
                Stmt::FunctionDecl(f) => Some(&**f),
                _ => None,
            })
            .collect();
        let mut names = lex;
        for f in &funcs {
            if let Some(n) = &f.name {
                names.push((n.name.clone(), BindKind::Var));
            }
        }
        if names.is_empty() {
            return self.stmts(body);
        }
        let mark = self.regs_mark();
        self.push_scope(&names);
        for f in &funcs {
            let name = f.name.as_ref().map(|n| n.name.clone()).unwrap_or_default();
            self.closure(f, &name)?;
            self.store_name(&name, true, f.span)?;
            // Annex B.3.2.1: in sloppy code the function is also assigned to a var of the
            // same name in the enclosing function when no lexical binding is in the way.
            if !self.f().strict && self.annex_b_var_exists(&name) {
                self.store_outer_var(&name, f.span)?;
            }
        }
        let r = match using_scope(body) {
            Some(is_async) => {
                let span = body.first().map(|s| s.span()).unwrap_or_default();
                self.disposal_scope(is_async, span, |e| e.stmts(body))
            }
            None => self.stmts(body),
        };
        self.pop_scope();
        self.release(mark);
        r
    }

    /// Is `name` a block-level function of this sloppy function (or script) that Annex B
    /// also binds as a var? <https://tc39.es/ecma262/#sec-block-level-function-declarations-web-legacy-compatibility-semantics>
    fn annex_b_var_exists(&self, name: &str) -> bool {
        self.funcs[self.fi()].annex_b.contains(name)
    }

    /// B.3.2.1 step (FunctionDeclaration evaluation): copies the block's binding of `name`
    /// (in acc) to the var binding of the enclosing function or to the global object.
    fn store_outer_var(&mut self, name: &str, span: Span) -> CResult {
        let fi = self.fi();
        let mut depth = 0u16;
        let in_eval = self.funcs[fi].code.name == utf16("<eval>");
        for scope in self.scopes.iter().rev() {
            if scope.func == fi && scope.var_scope && scope.is_with {
                // The eval var object of a sloppy function (eval code's vars live there).
                let k = self.name_const(name);
                let done = self.new_label();
                self.jump(
                    Instr::StaWith {
                        depth: Count(depth),
                        name: k,
                        done: Label(0),
                    },
                    done,
                );
                self.bind(done);
                return Ok(());
            }
            if scope.func == fi && scope.var_scope {
                if let Some((_, b)) = scope.names.iter().find(|(n, _)| &**n == name) {
                    match b.loc {
                        Loc::Reg(r) => self.emit(Instr::Star { dst: Reg(r) }),
                        Loc::Env(slot) => self.emit(Instr::StaEnv {
                            depth: Count(depth),
                            slot: Count(slot),
                        }),
                    }
                    return Ok(());
                }
                if !in_eval {
                    break;
                }
            }
            if scope.has_env {
                depth += 1;
            }
        }
        if self.is_script() && fi == 0 {
            let k = self.name_const(name);
            let ic = self.ic();
            self.mark(span);
            self.emit(Instr::StaGlobal { name: k, ic });
        }
        Ok(())
    }

    pub(crate) fn stmt(&mut self, s: &Stmt) -> CResult {
        self.mark(s.span());
        // UpdateEmpty(stmtCompletion, undefined): these statements complete with undefined
        // when their body produces no value.
        if let Some(c) = self.f().completion {
            if matches!(
                s,
                Stmt::If { .. }
                    | Stmt::For { .. }
                    | Stmt::ForIn { .. }
                    | Stmt::ForOf { .. }
                    | Stmt::While { .. }
                    | Stmt::DoWhile { .. }
                    | Stmt::Switch { .. }
                    | Stmt::Try { .. }
                    | Stmt::With { .. }
            ) {
                self.emit(Instr::LdaUndefined {});
                self.emit(Instr::Star { dst: Reg(c) });
            }
        }
        match s {
            Stmt::Expr(e, _) => match self.f().completion {
                Some(c) => {
                    self.expr(e)?;
                    self.emit(Instr::Star { dst: Reg(c) });
                }
                None => self.discarded_expr(e)?,
            },
            Stmt::VarDecl(d) => self.var_decl(d)?,
            Stmt::FunctionDecl(_) => {} // hoisted
            Stmt::ClassDecl(c) => {
                let name = c.name.as_ref().map(|n| n.name.clone()).unwrap_or_default();
                self.class(c, &name)?;
                self.store_name(&name, true, c.span)?;
            }
            Stmt::Block(b) => self.block(&b.body)?,
            Stmt::Empty(_) | Stmt::Debugger(_) => {}
            Stmt::If {
                test,
                consequent,
                alternate,
                ..
            } => {
                let else_ = self.new_label();
                let end = self.new_label();
                self.expr(test)?;
                self.jump(Instr::JumpIfFalse { target: Label(0) }, else_);
                self.sub_stmt(consequent)?;
                if let Some(alt) = alternate {
                    self.jump(Instr::Jump { target: Label(0) }, end);
                    self.bind(else_);
                    self.sub_stmt(alt)?;
                } else {
                    self.bind(else_);
                }
                self.bind(end);
            }
            Stmt::While { test, body, .. } => {
                let (brk, cont) = (self.new_label(), self.new_label());
                self.bind(cont);
                self.expr(test)?;
                self.jump(Instr::JumpIfFalse { target: Label(0) }, brk);
                self.loop_body(body, brk, cont, &[])?;
                self.jump(Instr::Jump { target: Label(0) }, cont);
                self.bind(brk);
            }
            Stmt::DoWhile { body, test, .. } => {
                let (top, brk, cont) = (self.new_label(), self.new_label(), self.new_label());
                self.bind(top);
                self.loop_body(body, brk, cont, &[])?;
                self.bind(cont);
                self.expr(test)?;
                self.jump(Instr::JumpIfTrue { target: Label(0) }, top);
                self.bind(brk);
            }
            Stmt::For {
                init,
                test,
                update,
                body,
                ..
            } => self.for_stmt(init, test, update, body, &[])?,
            Stmt::ForIn {
                left, right, body, ..
            } => self.for_in(left, right, body, &[])?,
            Stmt::ForOf {
                left,
                right,
                body,
                is_await,
                ..
            } => self.for_of(left, right, body, &[], *is_await)?,
            Stmt::Labeled { .. } => self.labeled(s, Vec::new())?,
            Stmt::Break(label, span) => {
                let target = self.find_jump_target(label.as_ref(), false, *span)?;
                self.emit_exit(Exit::Break(target))?;
            }
            Stmt::Continue(label, span) => {
                let target = self.find_jump_target(label.as_ref(), true, *span)?;
                self.emit_exit(Exit::Continue(target))?;
            }
            Stmt::Return(e, span) => {
                match e {
                    Some(e) => {
                        self.expr(e)?;
                        if self.f().is_async && self.f().is_generator {
                            // An async generator awaits its return value.
                            self.emit_await(*span)?;
                        }
                    }
                    None => self.emit(Instr::LdaUndefined {}),
                }
                self.emit_exit(Exit::Return)?;
            }
            Stmt::Throw(e, span) => {
                self.expr(e)?;
                self.mark(*span);
                self.emit(Instr::Throw {});
            }
            Stmt::Try {
                block,
                handler,
                finalizer,
                ..
            } => self.try_stmt(block, handler.as_ref(), finalizer.as_ref())?,
            Stmt::Switch {
                discriminant,
                cases,
                ..
            } => self.switch(discriminant, cases, Vec::new())?,
            Stmt::With { object, body, span } => {
                // <https://tc39.es/ecma262/#sec-with-statement-runtime-semantics-evaluation>
                self.expr(object)?;
                self.mark(*span);
                self.emit(Instr::PushWith {});
                self.f().env_depth += 1;
                self.scopes.push(Scope {
                    func: self.fi(),
                    names: Vec::new(),
                    has_env: true,
                    is_with: true,
                    var_scope: false,
                    env_size: 0,
                    catch: false,
                    initialized: Vec::new(),
                    switch: false,
                });
                let r = self.sub_stmt(body);
                self.pop_scope();
                r?;
            }
        }
        Ok(())
    }

    /// A statement in a position that is not a StatementList (if/loop bodies): a lone
    /// function declaration there (Annex B) gets its own block scope.
    fn sub_stmt(&mut self, s: &Stmt) -> CResult {
        match s {
            Stmt::FunctionDecl(_) => self.block(std::slice::from_ref(s)),
            _ => self.stmt(s),
        }
    }

    fn var_decl(&mut self, d: &VarDecl) -> CResult {
        for decl in &d.declarations {
            let is_lexical = d.kind != VarKind::Var;
            match &decl.init {
                Some(init) => {
                    self.named_expr(init, &pattern_name(&decl.target))?;
                }
                None if is_lexical => self.emit(Instr::LdaUndefined {}),
                None => continue, // `var x;` does nothing at run time
            }
            if matches!(d.kind, VarKind::Using | VarKind::AwaitUsing) {
                // InitializeBinding(N, V, hint) step 2: AddDisposableResource before the
                // binding is initialized.
                // <https://tc39.es/proposal-explicit-resource-management/#sec-declarative-environment-records-initializebinding-n-v>
                let Some(&cap) = self.f().dispose_caps.last() else {
                    return Err(err("internal: 'using' outside a disposal scope", d.span));
                };
                self.emit(Instr::AddDisposableResource {
                    cap: Reg(cap),
                    hint: Imm((d.kind == VarKind::AwaitUsing) as i32),
                });
            }
            self.bind_pattern(&decl.target, is_lexical)?;
        }
        Ok(())
    }

    /// Compiles `body` as a scope whose `using` declarations (which `body` compiles) add their
    /// resources to a new DisposeCapability, and whose every exit (normal, throw, break,
    /// continue, return) runs DisposeResources first, like a `finally` block; `is_async`: the
    /// scope has `await using` declarations, so the disposal awaits.
    /// <https://tc39.es/proposal-explicit-resource-management/#sec-disposeresources>
    pub(crate) fn disposal_scope(
        &mut self,
        is_async: bool,
        span: Span,
        body: impl FnOnce(&mut Self) -> CResult,
    ) -> CResult {
        let mark = self.regs_mark();
        let cap = self.temp();
        let kind_reg = self.temp();
        let value_reg = self.temp();
        let entry = self.new_label();
        let env_depth = self.f().env_depth;
        self.emit(Instr::NewDisposeCapability { cap: Reg(cap) });
        self.f().control.push(Control::Finally {
            kind_reg,
            value_reg,
            entry,
            exits: Vec::new(),
            env_depth,
        });
        self.f().dispose_caps.push(cap);
        let start = self.pc();
        self.f().control.push(Control::Barrier);
        let r = body(self);
        self.f().control.pop();
        self.f().dispose_caps.pop();
        r?;
        let end = self.pc();
        // Normal completion: kind 0.
        self.emit(Instr::LdaSmi { value: Imm(0) });
        self.emit(Instr::Star { dst: Reg(kind_reg) });
        self.jump(Instr::Jump { target: Label(0) }, entry);
        // Throw completion: kind 1, value = the exception.
        let target = self.pc();
        self.f().code.handlers.push(Handler {
            start,
            end,
            target,
            env_depth,
        });
        self.emit(Instr::Star {
            dst: Reg(value_reg),
        });
        self.emit(Instr::LdaSmi { value: Imm(1) });
        self.emit(Instr::Star { dst: Reg(kind_reg) });
        let Some(Control::Finally { exits, .. }) = self.f().control.pop() else {
            return Err(err("internal: control stack", span));
        };
        self.bind(entry);
        if is_async {
            // DisposeResources with its Awaits: each step runs to the next Await; an Await
            // that throws adds its error to the completion.
            let next = self.new_label();
            let done = self.new_label();
            self.bind(next);
            self.jump(
                Instr::DisposeStep {
                    cap: Reg(cap),
                    kind: Reg(kind_reg),
                    value: Reg(value_reg),
                    done: Label(0),
                },
                done,
            );
            let await_start = self.pc();
            self.emit_await(span)?;
            let await_end = self.pc();
            self.jump(Instr::Jump { target: Label(0) }, next);
            let rejected = self.pc();
            self.f().code.handlers.push(Handler {
                start: await_start,
                end: await_end,
                target: rejected,
                env_depth,
            });
            self.emit(Instr::AddDisposalError {
                kind: Reg(kind_reg),
                value: Reg(value_reg),
            });
            self.jump(Instr::Jump { target: Label(0) }, next);
            self.bind(done);
        } else {
            self.emit(Instr::DisposeResources {
                cap: Reg(cap),
                kind: Reg(kind_reg),
                value: Reg(value_reg),
            });
        }
        self.finally_dispatch(kind_reg, value_reg, exits)?;
        self.release(mark);
        Ok(())
    }

    /// The end of a `finally` block (or of a disposal scope): continues with the completion
    /// recorded in R[kind_reg] (0 normal, 1 throw of R[value_reg], then the pending `exits`).
    fn finally_dispatch(
        &mut self,
        kind_reg: u16,
        value_reg: u16,
        exits: Vec<(i32, Exit)>,
    ) -> CResult {
        let rethrow = self.new_label();
        let done = self.new_label();
        self.jump(
            Instr::JumpIfSmiEq {
                a: Reg(kind_reg),
                value: Imm(0),
                target: Label(0),
            },
            done,
        );
        self.jump(
            Instr::JumpIfSmiEq {
                a: Reg(kind_reg),
                value: Imm(1),
                target: Label(0),
            },
            rethrow,
        );
        for (k, exit) in exits {
            let next = self.new_label();
            let skip = self.new_label();
            self.jump(
                Instr::JumpIfSmiEq {
                    a: Reg(kind_reg),
                    value: Imm(k),
                    target: Label(0),
                },
                next,
            );
            self.jump(Instr::Jump { target: Label(0) }, skip);
            self.bind(next);
            if let Exit::Return = exit {
                self.emit(Instr::Ldar {
                    src: Reg(value_reg),
                });
            }
            self.emit_exit(exit)?;
            self.bind(skip);
        }
        self.jump(Instr::Jump { target: Label(0) }, done);
        self.bind(rethrow);
        self.emit(Instr::Ldar {
            src: Reg(value_reg),
        });
        self.emit(Instr::Throw {});
        self.bind(done);
        Ok(())
    }

    fn labeled(&mut self, s: &Stmt, mut labels: Vec<Rc<str>>) -> CResult {
        match s {
            Stmt::Labeled { label, body, .. } => {
                labels.push(label.name.clone());
                self.labeled(body, labels)
            }
            Stmt::For {
                init,
                test,
                update,
                body,
                ..
            } => self.for_stmt(init, test, update, body, &labels),
            Stmt::ForIn {
                left, right, body, ..
            } => self.for_in(left, right, body, &labels),
            Stmt::ForOf {
                left,
                right,
                body,
                is_await,
                ..
            } => self.for_of(left, right, body, &labels, *is_await),
            Stmt::While { test, body, .. } => {
                let (brk, cont) = (self.new_label(), self.new_label());
                self.bind(cont);
                self.expr(test)?;
                self.jump(Instr::JumpIfFalse { target: Label(0) }, brk);
                self.loop_body(body, brk, cont, &labels)?;
                self.jump(Instr::Jump { target: Label(0) }, cont);
                self.bind(brk);
                Ok(())
            }
            Stmt::DoWhile { body, test, .. } => {
                let (top, brk, cont) = (self.new_label(), self.new_label(), self.new_label());
                self.bind(top);
                self.loop_body(body, brk, cont, &labels)?;
                self.bind(cont);
                self.expr(test)?;
                self.jump(Instr::JumpIfTrue { target: Label(0) }, top);
                self.bind(brk);
                Ok(())
            }
            Stmt::Switch {
                discriminant,
                cases,
                ..
            } => self.switch(discriminant, cases, labels),
            other => {
                // A labelled non-loop statement: only `break label` can target it.
                let brk = self.new_label();
                let env_depth = self.f().env_depth;
                self.f().control.push(Control::Jumpable {
                    labels,
                    break_label: brk,
                    continue_label: None,
                    unlabeled_break: false,
                    env_depth,
                });
                let r = self.sub_stmt(other);
                self.f().control.pop();
                self.bind(brk);
                r
            }
        }
    }

    fn loop_body(
        &mut self,
        body: &Stmt,
        brk: LabelId,
        cont: LabelId,
        labels: &[Rc<str>],
    ) -> CResult {
        let env_depth = self.f().env_depth;
        self.f().control.push(Control::Jumpable {
            labels: labels.to_vec(),
            break_label: brk,
            continue_label: Some(cont),
            unlabeled_break: true,
            env_depth,
        });
        let r = self.sub_stmt(body);
        self.f().control.pop();
        r
    }

    /// <https://tc39.es/ecma262/#sec-forbodyevaluation>, with per-iteration bindings
    /// (CreatePerIterationEnvironment) as `CopyEnv` when a closure captures the loop variable.
    fn for_stmt(
        &mut self,
        init: &Option<ForInit>,
        test: &Option<Expr>,
        update: &Option<Expr>,
        body: &Stmt,
        labels: &[Rc<str>],
    ) -> CResult {
        let mark = self.regs_mark();
        let mut scoped = false;
        let mut per_iteration = false;
        match init {
            Some(ForInit::VarDecl(d)) if matches!(d.kind, VarKind::Using | VarKind::AwaitUsing) => {
                // `for (using x = ...; ...)`: the resources are disposed when the whole loop
                // completes (ForLoopEvaluation, DisposeResources of loopEnv).
                let mut names = Vec::new();
                for decl in &d.declarations {
                    bound_names(&decl.target, &mut names);
                }
                let decls: Vec<_> = names.iter().map(|n| (n.clone(), BindKind::Const)).collect();
                self.push_scope(&decls);
                let r = self.disposal_scope(d.kind == VarKind::AwaitUsing, d.span, |e| {
                    e.var_decl(d)?;
                    e.for_loop(test, update, body, labels, false)
                });
                self.pop_scope();
                self.release(mark);
                return r;
            }
            Some(ForInit::VarDecl(d)) if d.kind != VarKind::Var => {
                let mut names = Vec::new();
                for decl in &d.declarations {
                    bound_names(&decl.target, &mut names);
                }
                let kind = if d.kind == VarKind::Const {
                    BindKind::Const
                } else {
                    BindKind::Let
                };
                let decls: Vec<_> = names.iter().map(|n| (n.clone(), kind)).collect();
                self.push_scope(&decls);
                scoped = true;
                per_iteration = self.scopes.last().unwrap().has_env && kind == BindKind::Let;
                self.var_decl(d)?;
            }
            Some(ForInit::VarDecl(d)) => self.var_decl(d)?,
            Some(ForInit::Expr(e)) => self.expr(e)?,
            None => {}
        }
        self.for_loop(test, update, body, labels, per_iteration)?;
        if scoped {
            self.pop_scope();
        }
        self.release(mark);
        Ok(())
    }

    /// The loop of a `for` statement after its head's declarations (ForBodyEvaluation).
    fn for_loop(
        &mut self,
        test: &Option<Expr>,
        update: &Option<Expr>,
        body: &Stmt,
        labels: &[Rc<str>],
        per_iteration: bool,
    ) -> CResult {
        let (top, brk, cont) = (self.new_label(), self.new_label(), self.new_label());
        if per_iteration {
            self.emit(Instr::CopyEnv {});
        }
        self.bind(top);
        if let Some(t) = test {
            self.expr(t)?;
            self.jump(Instr::JumpIfFalse { target: Label(0) }, brk);
        }
        self.loop_body(body, brk, cont, labels)?;
        self.bind(cont);
        if per_iteration {
            self.emit(Instr::CopyEnv {});
        }
        if let Some(u) = update {
            self.discarded_expr(u)?;
        }
        self.jump(Instr::Jump { target: Label(0) }, top);
        self.bind(brk);
        Ok(())
    }

    /// Declares the loop head's lexical bindings (fresh each iteration) or assigns its target.
    /// ForIn/OfHeadEvaluation: the expression is evaluated with the declaration's bound
    /// names in their TDZ (steps 2-3: a new environment with uninitialized bindings).
    /// <https://tc39.es/ecma262/#sec-runtime-semantics-forinofheadevaluation>
    fn for_head_expr(&mut self, left: &ForHead, right: &Expr) -> CResult {
        let mut names = Vec::new();
        if let ForHead::VarDecl(d) = left {
            if d.kind != VarKind::Var {
                for decl in &d.declarations {
                    bound_names(&decl.target, &mut names);
                }
            }
        }
        if names.is_empty() {
            return self.expr(right);
        }
        let decls: Vec<_> = names.into_iter().map(|n| (n, BindKind::Let)).collect();
        self.push_scope(&decls);
        self.expr(right)?;
        self.pop_scope();
        Ok(())
    }

    fn for_head_bind(&mut self, left: &ForHead) -> CResult<bool> {
        match left {
            ForHead::VarDecl(d) if d.kind != VarKind::Var => {
                let mut names = Vec::new();
                for decl in &d.declarations {
                    bound_names(&decl.target, &mut names);
                }
                let kind = if d.kind == VarKind::Let {
                    BindKind::Let
                } else {
                    BindKind::Const
                };
                let decls: Vec<_> = names.iter().map(|n| (n.clone(), kind)).collect();
                let tmp = self.temp();
                self.emit(Instr::Star { dst: Reg(tmp) });
                self.push_scope(&decls);
                self.emit(Instr::Ldar { src: Reg(tmp) });
                if matches!(d.kind, VarKind::Using | VarKind::AwaitUsing) {
                    // InitializeBinding with hint: the value joins the iteration's resources.
                    let Some(&cap) = self.f().dispose_caps.last() else {
                        return Err(err("internal: 'using' outside a disposal scope", d.span));
                    };
                    self.emit(Instr::AddDisposableResource {
                        cap: Reg(cap),
                        hint: Imm((d.kind == VarKind::AwaitUsing) as i32),
                    });
                }
                self.bind_pattern(&d.declarations[0].target, true)?;
                Ok(true)
            }
            ForHead::VarDecl(d) => {
                self.bind_pattern(&d.declarations[0].target, false)?;
                Ok(false)
            }
            ForHead::Pattern(p) => {
                self.assign_pattern(p)?;
                Ok(false)
            }
        }
    }

    /// <https://tc39.es/ecma262/#sec-runtime-semantics-forinofloopevaluation> (for-in).
    fn for_in(&mut self, left: &ForHead, right: &Expr, body: &Stmt, labels: &[Rc<str>]) -> CResult {
        let mark = self.regs_mark();
        if let ForHead::VarDecl(d) = left {
            if let (VarKind::Var, Some(init)) = (d.kind, &d.declarations[0].init) {
                // Annex B: `for (var x = init in o)` evaluates the initializer first.
                self.named_expr(init, &pattern_name(&d.declarations[0].target))?;
                self.bind_pattern(&d.declarations[0].target, false)?;
            }
        }
        let (brk, cont) = (self.new_label(), self.new_label());
        self.for_head_expr(left, right)?;
        let done = self.new_label();
        let iter = self.temp();
        self.emit(Instr::ForInPrepare { dst: Reg(iter) });
        self.bind(cont);
        self.jump(
            Instr::ForInNext {
                iter: Reg(iter),
                done: Label(0),
            },
            done,
        );
        let scoped = self.for_head_bind(left)?;
        let inner_brk = self.new_label();
        let inner_cont = self.new_label();
        self.loop_body(body, inner_brk, inner_cont, labels)?;
        self.bind(inner_cont);
        if scoped {
            self.pop_scope();
        }
        self.jump(Instr::Jump { target: Label(0) }, cont);
        self.bind(inner_brk);
        if scoped {
            self.pop_scope_code_only();
        }
        self.jump(Instr::Jump { target: Label(0) }, brk);
        self.bind(done);
        self.bind(brk);
        self.release(mark);
        Ok(())
    }

    /// Emits the `PopEnv` of the scope just popped again, for a second exit path.
    fn pop_scope_code_only(&mut self) {
        // The scope was popped on the fall-through path; this path leaves from inside it too.
        // Its env (if any) was counted when we popped; re-emit the instruction only.
        if self.last_popped_had_env {
            self.emit(Instr::PopEnv {});
        }
    }

    /// <https://tc39.es/ecma262/#sec-runtime-semantics-forinofloopevaluation> (for-of).
    /// `for (x of y)` and `for await (x of y)`.
    /// <https://tc39.es/ecma262/#sec-runtime-semantics-forin-div-ofbodyevaluation-lhs-stmt-iterator-lhskind-labelset>
    fn for_of(
        &mut self,
        left: &ForHead,
        right: &Expr,
        body: &Stmt,
        labels: &[Rc<str>],
        is_await: bool,
    ) -> CResult {
        let mark = self.regs_mark();
        let (brk, cont) = (self.new_label(), self.new_label());
        self.for_head_expr(left, right)?;
        let iter = self.temps(2);
        self.emit(Instr::GetIterator {
            dst: Reg(iter),
            is_async: Imm(is_await as i32),
        });
        let done = self.new_label();
        self.bind(cont);
        if is_await {
            self.emit(Instr::IteratorCall { iter: Reg(iter) });
            self.emit_await(body.span())?;
            self.jump(Instr::IteratorResultValue { done: Label(0) }, done);
        } else {
            self.jump(
                Instr::IteratorNext {
                    iter: Reg(iter),
                    done: Label(0),
                },
                done,
            );
        }
        // Abrupt completions inside the body close the iterator: a handler around the body
        // calls IteratorClose and rethrows, and break/return go through Control::IteratorClose.
        let try_start = self.pc();
        let env_depth = self.f().env_depth;
        self.f().control.push(Control::IteratorClose {
            iter_reg: iter,
            is_async: is_await,
            done_reg: None,
        });
        let inner_cont = self.new_label();
        let inner_brk = self.new_label();
        let using = match left {
            ForHead::VarDecl(d) if matches!(d.kind, VarKind::Using | VarKind::AwaitUsing) => {
                Some(d.kind == VarKind::AwaitUsing)
            }
            _ => None,
        };
        let scoped = if let Some(is_async) = using {
            // `for (using x of ...)`: each iteration disposes its resource when its body
            // completes (ForIn/OfBodyEvaluation step 6.j), before the iterator is closed. The
            // loop's break and continue targets lie outside the disposal scope, so jumps to
            // them dispose first.
            let env_depth = self.f().env_depth;
            self.f().control.push(Control::Jumpable {
                labels: labels.to_vec(),
                break_label: inner_brk,
                continue_label: Some(inner_cont),
                unlabeled_break: true,
                env_depth,
            });
            let r = self.disposal_scope(is_async, body.span(), |e| {
                e.for_head_bind(left)?;
                e.sub_stmt(body)?;
                e.pop_scope();
                Ok(())
            });
            self.f().control.pop();
            r?;
            false
        } else {
            let scoped = self.for_head_bind(left)?;
            self.loop_body(body, inner_brk, inner_cont, labels)?;
            scoped
        };
        self.f().control.pop();
        self.bind(inner_cont);
        if scoped {
            self.pop_scope();
        }
        let try_end = self.pc();
        self.jump(Instr::Jump { target: Label(0) }, cont);
        // break (to this loop): leave the scope and close the iterator (ForIn/OfBodyEvaluation
        // step 6.k: an abrupt completion returns ? IteratorClose(iteratorRecord, status)).
        self.bind(inner_brk);
        if scoped {
            self.pop_scope_code_only();
        }
        if is_await {
            let skip = self.new_label();
            self.jump(
                Instr::IteratorReturnCall {
                    iter: Reg(iter),
                    skip: Label(0),
                },
                skip,
            );
            self.emit_await(body.span())?;
            self.emit(Instr::CheckObject {});
            self.bind(skip);
        } else {
            self.emit(Instr::IteratorClose { iter: Reg(iter) });
        }
        self.jump(Instr::Jump { target: Label(0) }, brk);
        // throw: close the iterator (suppressing errors from `return`) and rethrow.
        let handler = self.pc();
        let exc = self.temp();
        self.emit(Instr::Star { dst: Reg(exc) });
        if is_await {
            // AsyncIteratorClose with a throw completion: errors of `return` are ignored.
            let skip = self.new_label();
            let start = self.pc();
            self.jump(
                Instr::IteratorReturnCall {
                    iter: Reg(iter),
                    skip: Label(0),
                },
                skip,
            );
            self.emit_await(body.span())?;
            let end = self.pc();
            self.bind(skip);
            let rethrow = self.pc();
            self.f().code.handlers.push(Handler {
                start,
                end,
                target: rethrow,
                env_depth,
            });
        } else {
            self.emit(Instr::IteratorCloseOnThrow { iter: Reg(iter) });
        }
        self.emit(Instr::Ldar { src: Reg(exc) });
        self.emit(Instr::Throw {});
        self.f().code.handlers.push(Handler {
            start: try_start,
            end: try_end,
            target: handler,
            env_depth,
        });
        self.bind(done);
        self.bind(brk);
        self.release(mark);
        Ok(())
    }

    /// <https://tc39.es/ecma262/#sec-switch-statement>
    fn switch(&mut self, disc: &Expr, cases: &[SwitchCase], labels: Vec<Rc<str>>) -> CResult {
        let mark = self.regs_mark();
        self.expr(disc)?;
        let d = self.temp();
        self.emit(Instr::Star { dst: Reg(d) });
        let body: Vec<Stmt> = cases.iter().flat_map(|c| c.consequent.clone()).collect();
        let mut lex = lexically_scoped_names(&body);
        // Function declarations in the case clauses are instantiated when the block is
        // entered (BlockDeclarationInstantiation).
        let funcs: Vec<&Function> = body
            .iter()
            .filter_map(|s| match s {
                Stmt::FunctionDecl(f) => Some(&**f),
                _ => None,
            })
            .collect();
        for f in &funcs {
            if let Some(n) = &f.name {
                lex.push((n.name.clone(), BindKind::Var));
            }
        }
        let scoped = !lex.is_empty();
        if scoped {
            self.push_scope(&lex);
            self.scopes.last_mut().expect("pushed").switch = true;
        }
        for f in &funcs {
            let name = f.name.as_ref().map(|n| n.name.clone()).unwrap_or_default();
            self.closure(f, &name)?;
            self.store_name(&name, true, f.span)?;
            if !self.f().strict && self.annex_b_var_exists(&name) {
                self.store_outer_var(&name, f.span)?;
            }
        }
        let brk = self.new_label();
        let case_labels: Vec<LabelId> = cases.iter().map(|_| self.new_label()).collect();
        for (c, &l) in cases.iter().zip(&case_labels) {
            if let Some(t) = &c.test {
                self.expr(t)?;
                self.jump(
                    Instr::JumpIfStrictEq {
                        a: Reg(d),
                        target: Label(0),
                    },
                    l,
                );
            }
        }
        match cases.iter().position(|c| c.test.is_none()) {
            Some(i) => self.jump(Instr::Jump { target: Label(0) }, case_labels[i]),
            None => self.jump(Instr::Jump { target: Label(0) }, brk),
        }
        let env_depth = self.f().env_depth;
        self.f().control.push(Control::Jumpable {
            labels,
            break_label: brk,
            continue_label: None,
            unlabeled_break: true,
            env_depth,
        });
        for (c, &l) in cases.iter().zip(&case_labels) {
            self.bind(l);
            for s in &c.consequent {
                if let Err(e) = self.stmt(s) {
                    self.f().control.pop();
                    return Err(e);
                }
            }
        }
        self.f().control.pop();
        self.bind(brk);
        if scoped {
            self.pop_scope();
        }
        self.release(mark);
        Ok(())
    }

    /// <https://tc39.es/ecma262/#sec-try-statement>
    fn try_stmt(
        &mut self,
        block: &Block,
        handler: Option<&CatchClause>,
        finalizer: Option<&Block>,
    ) -> CResult {
        let mark = self.regs_mark();
        let env_depth = self.f().env_depth;
        let fin = finalizer.map(|_| {
            let kind_reg = self.temp();
            let value_reg = self.temp();
            (kind_reg, value_reg, self.new_label())
        });
        if let Some((kind_reg, value_reg, entry)) = fin {
            self.f().control.push(Control::Finally {
                kind_reg,
                value_reg,
                entry,
                exits: Vec::new(),
                env_depth,
            });
        }
        let outer_start = self.pc();
        // try { block } catch (param) { body }
        let start = self.pc();
        self.f().control.push(Control::Barrier);
        let r = self.block(&block.body);
        self.f().control.pop();
        r?;
        let end = self.pc();
        if let Some(h) = handler {
            let after = self.new_label();
            self.jump(Instr::Jump { target: Label(0) }, after);
            let target = self.pc();
            self.f().code.handlers.push(Handler {
                start,
                end,
                target,
                env_depth,
            });
            // The catch parameter's scope.
            let mut names = Vec::new();
            if let Some(p) = &h.param {
                bound_names(p, &mut names);
            }
            let decls: Vec<_> = names.iter().map(|n| (n.clone(), BindKind::Plain)).collect();
            let exc = self.temp();
            self.emit(Instr::Star { dst: Reg(exc) });
            self.push_scope(&decls);
            self.scopes.last_mut().unwrap().catch = true;
            if let Some(p) = &h.param {
                self.emit(Instr::Ldar { src: Reg(exc) });
                self.bind_pattern(p, true)?;
            }
            self.f().control.push(Control::Barrier);
            let r = self.block(&h.body.body);
            self.f().control.pop();
            r?;
            self.pop_scope();
            self.bind(after);
        }
        let outer_end = self.pc();
        if let Some((kind_reg, value_reg, entry)) = fin {
            // Normal completion: kind 0.
            self.emit(Instr::LdaSmi { value: Imm(0) });
            self.emit(Instr::Star { dst: Reg(kind_reg) });
            self.jump(Instr::Jump { target: Label(0) }, entry);
            // Throw completion: kind 1, value = exception.
            let target = self.pc();
            self.f().code.handlers.push(Handler {
                start: outer_start,
                end: outer_end,
                target,
                env_depth,
            });
            self.emit(Instr::Star {
                dst: Reg(value_reg),
            });
            self.emit(Instr::LdaSmi { value: Imm(1) });
            self.emit(Instr::Star { dst: Reg(kind_reg) });
            let Some(Control::Finally { exits, .. }) = self.f().control.pop() else {
                return Err(err("internal: control stack", block.span));
            };
            self.bind(entry);
            // The finally block's own values do not change the completion value.
            let saved = self.f().completion.map(|c| {
                let t = self.temp();
                self.emit(Instr::Mov {
                    dst: Reg(t),
                    src: Reg(c),
                });
                (c, t)
            });
            self.block(&finalizer.unwrap().body)?;
            if let Some((c, t)) = saved {
                self.emit(Instr::Mov {
                    dst: Reg(c),
                    src: Reg(t),
                });
            }
            // Dispatch on the completion kind.
            self.finally_dispatch(kind_reg, value_reg, exits)?;
        }
        self.release(mark);
        Ok(())
    }

    /// Finds the control-stack index a `break`/`continue` goes to.
    fn find_jump_target(
        &mut self,
        label: Option<&Identifier>,
        is_continue: bool,
        span: Span,
    ) -> CResult<usize> {
        let control = &self.f().control;
        for (i, c) in control.iter().enumerate().rev() {
            if let Control::Jumpable {
                labels,
                continue_label,
                unlabeled_break,
                ..
            } = c
            {
                let label_ok = match label {
                    Some(l) => labels.contains(&l.name),
                    None => !is_continue || continue_label.is_some(),
                };
                let kind_ok = !is_continue || continue_label.is_some();
                // An unlabelled break targets the innermost loop or switch, labelled or not,
                // never a plain labelled statement.
                let unlabeled_break_ok = label.is_some() || is_continue || *unlabeled_break;
                if label_ok && kind_ok && unlabeled_break_ok {
                    return Ok(i);
                }
            }
        }
        Err(syntax_err(
            if is_continue {
                "Illegal continue statement"
            } else {
                "Illegal break statement"
            },
            span,
        ))
    }

    /// Leaves to `exit`, running what the control stack requires on the way: closing
    /// iterators, popping environments, and detouring through `finally` blocks.
    fn emit_exit(&mut self, exit: Exit) -> CResult {
        let target_index = match exit {
            Exit::Break(i) | Exit::Continue(i) => i + 1,
            Exit::Return => 0,
        };
        let mut i = self.f().control.len();
        // Keep the return value safe while finally blocks run and iterators are closed.
        let must_save = self.f().control[target_index..]
            .iter()
            .any(|c| !matches!(c, Control::Jumpable { .. } | Control::Barrier));
        let saved = if let (Exit::Return, true) = (exit, must_save) {
            let r = self.temp();
            self.emit(Instr::Star { dst: Reg(r) });
            Some(r)
        } else {
            None
        };
        while i > target_index {
            i -= 1;
            match &mut self.f().control[i] {
                Control::Finally {
                    kind_reg,
                    value_reg,
                    entry,
                    exits,
                    env_depth,
                } => {
                    let (kind_reg, value_reg, entry, env_depth) =
                        (*kind_reg, *value_reg, *entry, *env_depth);
                    let k = 2 + exits.len() as i32;
                    exits.push((k, exit));
                    if let Some(r) = saved {
                        self.emit(Instr::Mov {
                            dst: Reg(value_reg),
                            src: Reg(r),
                        });
                    }
                    self.pop_envs_to(env_depth);
                    self.emit(Instr::LdaSmi { value: Imm(k) });
                    self.emit(Instr::Star { dst: Reg(kind_reg) });
                    self.jump(Instr::Jump { target: Label(0) }, entry);
                    if let Some(r) = saved {
                        self.release(r);
                    }
                    return Ok(());
                }
                Control::IteratorClose {
                    iter_reg,
                    is_async,
                    done_reg,
                } => {
                    let (r, is_async, done_reg) = (*iter_reg, *is_async, *done_reg);
                    let skip_done = self.new_label();
                    if let Some(d) = done_reg {
                        self.emit(Instr::Ldar { src: Reg(d) });
                        self.jump(Instr::JumpIfTrue { target: Label(0) }, skip_done);
                        // Closed now: a throw from `return` must not close it again.
                        self.emit(Instr::LdaTrue {});
                        self.emit(Instr::Star { dst: Reg(d) });
                    }
                    if is_async {
                        // AsyncIteratorClose(iteratorRecord, normal completion).
                        let skip = self.new_label();
                        self.jump(
                            Instr::IteratorReturnCall {
                                iter: Reg(r),
                                skip: Label(0),
                            },
                            skip,
                        );
                        self.emit_await(Span::default())?;
                        self.emit(Instr::CheckObject {});
                        self.bind(skip);
                    } else {
                        self.emit(Instr::IteratorClose { iter: Reg(r) });
                    }
                    self.bind(skip_done);
                }
                Control::Jumpable { .. } | Control::Barrier => {}
            }
        }
        match exit {
            Exit::Return => {
                if let Some(r) = saved {
                    self.emit(Instr::Ldar { src: Reg(r) });
                    self.release(r);
                }
                self.emit_return()?;
            }
            Exit::Break(t) | Exit::Continue(t) => {
                let Control::Jumpable {
                    break_label,
                    continue_label,
                    env_depth,
                    ..
                } = &self.f().control[t]
                else {
                    return Err(err("internal: bad jump target", Span::default()));
                };
                let (brk, cont, depth) = (*break_label, *continue_label, *env_depth);
                let label = match exit {
                    Exit::Continue(_) => cont.unwrap_or(brk),
                    _ => brk,
                };
                self.pop_envs_to(depth);
                self.jump(Instr::Jump { target: Label(0) }, label);
            }
        }
        Ok(())
    }

    /// Returns acc. A derived constructor returning `undefined` returns its `this` binding
    /// instead (a ReferenceError if `super()` was never called), per
    /// <https://tc39.es/ecma262/#sec-ecmascript-function-objects-construct-argumentslist-newtarget>
    /// steps 10-12; the VM then only has to reject non-object results.
    pub(crate) fn emit_return(&mut self) -> CResult {
        if let (Some((gen, _)), true, false) =
            (self.f().gen_reg, self.f().is_async, self.f().is_generator)
        {
            self.emit(Instr::AsyncResolve { gen: Reg(gen) });
        }
        if self.f().is_derived_ctor {
            let r = self.temp();
            let done = self.new_label();
            self.emit(Instr::Star { dst: Reg(r) });
            self.jump(Instr::JumpIfNotUndefined { target: Label(0) }, done);
            // [[Construct]] steps 10-12 check the result and the this binding after the
            // callee's context is gone, so their errors come from the caller's realm: the VM
            // checks both when the frame returns, so `this` is loaded without its TDZ check.
            self.load_this_unchecked()?;
            self.emit(Instr::Star { dst: Reg(r) });
            self.bind(done);
            self.emit(Instr::Ldar { src: Reg(r) });
            self.release(r);
        }
        self.emit(Instr::Return {});
        Ok(())
    }

    /// Emits `PopEnv`s down to `depth` on a jump path (the compile-time depth is unchanged:
    /// the fall-through path still has them).
    fn pop_envs_to(&mut self, depth: u32) {
        let current = self.f().env_depth;
        for _ in depth..current {
            self.emit(Instr::PopEnv {});
        }
    }

    // --- patterns --------------------------------------------------------------------------

    /// Binds `acc` to the names in a binding pattern (`init`: initialize lexical bindings).
    fn bind_pattern(&mut self, p: &Pattern, init: bool) -> CResult {
        match p {
            Pattern::Ident(id) => self.store_name(&id.name, init, id.span),
            Pattern::Expr(e) => self.assign_to_expr(e),
            Pattern::Object {
                properties, rest, ..
            } => self.object_pattern(properties, rest.as_deref(), init),
            Pattern::Array { elements, rest, .. } => {
                self.array_pattern(elements, rest.as_deref(), init)
            }
        }
    }

    /// Assigns `acc` to an assignment pattern.
    fn assign_pattern(&mut self, p: &Pattern) -> CResult {
        self.bind_pattern(p, false)
    }

    /// Assigns `acc` to a simple target expression (`a.b`, `a[b]`, `a`).
    fn assign_to_expr(&mut self, e: &Expr) -> CResult {
        let mark = self.regs_mark();
        let value = self.temp();
        self.emit(Instr::Star { dst: Reg(value) });
        match e {
            Expr::Ident(id) => {
                self.emit(Instr::Ldar { src: Reg(value) });
                self.store_name(&id.name, false, id.span)?;
            }
            Expr::Paren(inner, _) => {
                self.emit(Instr::Ldar { src: Reg(value) });
                self.release(mark);
                return self.assign_to_expr(inner);
            }
            Expr::Member {
                object, property, ..
            } => {
                self.expr(object)?;
                let obj = self.temp();
                self.emit(Instr::Star { dst: Reg(obj) });
                self.store_member(obj, property, value, e.span())?;
            }
            _ => return Err(syntax_err("Invalid assignment target", e.span())),
        }
        self.emit(Instr::Ldar { src: Reg(value) });
        self.release(mark);
        Ok(())
    }

    /// `R[obj].property := R[value]`, leaving the value in acc.
    fn store_member(
        &mut self,
        obj: u16,
        property: &MemberProperty,
        value: u16,
        span: Span,
    ) -> CResult {
        match property {
            MemberProperty::Ident(id) => {
                let k = self.name_const(&id.name);
                let ic = self.ic();
                self.emit(Instr::Ldar { src: Reg(value) });
                self.mark(span);
                self.emit(Instr::SetNamed {
                    obj: Reg(obj),
                    name: k,
                    ic,
                });
            }
            MemberProperty::Computed(key) => {
                self.expr(key)?;
                self.emit(Instr::ToPropertyKey {});
                let k = self.temp();
                self.emit(Instr::Star { dst: Reg(k) });
                self.emit(Instr::Ldar { src: Reg(value) });
                self.mark(span);
                self.emit(Instr::SetKeyed {
                    obj: Reg(obj),
                    key: Reg(k),
                });
            }
            MemberProperty::Private(id) => {
                self.load_name(&id.name, id.span)?;
                let k = self.temp();
                self.emit(Instr::Star { dst: Reg(k) });
                self.emit(Instr::Ldar { src: Reg(value) });
                self.mark(span);
                self.emit(Instr::SetKeyed {
                    obj: Reg(obj),
                    key: Reg(k),
                });
            }
        }
        Ok(())
    }

    fn object_pattern(
        &mut self,
        props: &[ObjectPatternProp],
        rest: Option<&Pattern>,
        init: bool,
    ) -> CResult {
        let mark = self.regs_mark();
        self.emit(Instr::RequireObjectCoercible {});
        let src = self.temp();
        self.emit(Instr::Star { dst: Reg(src) });
        let keys = if rest.is_some() {
            self.temps(props.len() as u16)
        } else {
            0
        };
        for (i, prop) in props.iter().enumerate() {
            // The key.
            let key = self.temp();
            match &prop.key {
                PropertyName::String(s, _) => {
                    let k = self.string_const(s);
                    self.emit(Instr::LdaConst { k });
                }
                PropertyName::Number(n, _) => {
                    let k = self.constant(Constant::Number(*n));
                    self.emit(Instr::LdaConst { k });
                }
                PropertyName::BigInt(b, _) => {
                    // The key is ToString of the BigInt: its decimal digits.
                    let k = self.string_const(&b.encode_utf16().collect::<Vec<u16>>());
                    self.emit(Instr::LdaConst { k });
                }
                PropertyName::Computed(e) => self.expr(e)?,
            }
            self.emit(Instr::ToPropertyKey {});
            self.emit(Instr::Star { dst: Reg(key) });
            if rest.is_some() {
                self.emit(Instr::Mov {
                    dst: Reg(keys + i as u16),
                    src: Reg(key),
                });
            }
            // KeyedDestructuringAssignmentEvaluation: a target that is not a pattern is
            // evaluated before the property is read.
            let target = if init {
                None
            } else {
                self.prepare_target(&prop.value.target)?
            };
            self.emit(Instr::Ldar { src: Reg(key) });
            self.emit(Instr::GetKeyed { obj: Reg(src) });
            match target {
                Some(t) => {
                    self.apply_default(&prop.value)?;
                    self.store_prepared(t)?;
                }
                None => self.default_then_bind(&prop.value, init)?,
            }
            self.release(key);
        }
        if let Some(r) = rest {
            let dst = self.temp();
            let target = if init { None } else { self.prepare_target(r)? };
            self.emit(Instr::Ldar { src: Reg(src) });
            self.emit(Instr::CopyRestProperties {
                dst: Reg(dst),
                args: Reg(keys),
                argc: Count(props.len() as u16),
            });
            self.emit(Instr::Ldar { src: Reg(dst) });
            match target {
                Some(t) => self.store_prepared(t)?,
                None => self.bind_pattern(r, init)?,
            }
        }
        self.emit(Instr::Ldar { src: Reg(src) });
        self.release(mark);
        Ok(())
    }

    /// acc holds a value: apply the element's default if it is undefined, then bind it.
    fn default_then_bind(&mut self, elem: &PatternElem, init: bool) -> CResult {
        self.apply_default(elem)?;
        self.bind_pattern(&elem.target, init)
    }

    /// acc holds a value: replace it with the element's default if it is undefined.
    fn apply_default(&mut self, elem: &PatternElem) -> CResult {
        if let Some(d) = &elem.default {
            let skip = self.new_label();
            self.jump(Instr::JumpIfNotUndefined { target: Label(0) }, skip);
            self.named_expr(d, &pattern_name(&elem.target))?;
            self.bind(skip);
        }
        Ok(())
    }

    /// Destructuring assignment: evaluates a property-reference target (`a.b`, `a[k]`,
    /// `a.#p`) into registers before the value it receives is produced (the
    /// DestructuringAssignmentTarget is evaluated first). Other targets: `None`.
    /// <https://tc39.es/ecma262/#sec-runtime-semantics-iteratordestructuringassignmentevaluation>
    fn prepare_target(&mut self, target: &Pattern) -> CResult<Option<PreparedRef>> {
        let Pattern::Expr(e) = target else {
            return Ok(None);
        };
        let Expr::Member {
            object, property, ..
        } = strip_parens(e)
        else {
            return Ok(None);
        };
        self.expr(object)?;
        let obj = self.temp();
        self.emit(Instr::Star { dst: Reg(obj) });
        Ok(Some(match property {
            MemberProperty::Ident(id) => PreparedRef::Named {
                obj,
                name: self.name_const(&id.name),
                span: e.span(),
            },
            MemberProperty::Computed(k) => {
                self.expr(k)?;
                let key = self.temp();
                self.emit(Instr::Star { dst: Reg(key) });
                PreparedRef::Keyed {
                    obj,
                    key,
                    to_key: true,
                    span: e.span(),
                }
            }
            MemberProperty::Private(id) => {
                self.load_name(&id.name, id.span)?;
                let key = self.temp();
                self.emit(Instr::Star { dst: Reg(key) });
                PreparedRef::Keyed {
                    obj,
                    key,
                    to_key: false,
                    span: e.span(),
                }
            }
        }))
    }

    /// PutValue(prepared reference, acc), leaving the value in acc.
    fn store_prepared(&mut self, t: PreparedRef) -> CResult {
        let value = self.temp();
        self.emit(Instr::Star { dst: Reg(value) });
        match t {
            PreparedRef::Named { obj, name, span } => {
                let ic = self.ic();
                self.emit(Instr::Ldar { src: Reg(value) });
                self.mark(span);
                self.emit(Instr::SetNamed {
                    obj: Reg(obj),
                    name,
                    ic,
                });
            }
            PreparedRef::Keyed {
                obj,
                key,
                to_key,
                span,
            } => {
                if to_key {
                    self.emit(Instr::Ldar { src: Reg(key) });
                    self.emit(Instr::ToPropertyKey {});
                    self.emit(Instr::Star { dst: Reg(key) });
                }
                self.emit(Instr::Ldar { src: Reg(value) });
                self.mark(span);
                self.emit(Instr::SetKeyed {
                    obj: Reg(obj),
                    key: Reg(key),
                });
            }
        }
        self.emit(Instr::Ldar { src: Reg(value) });
        self.release(value);
        Ok(())
    }

    fn array_pattern(
        &mut self,
        elements: &[Option<PatternElem>],
        rest: Option<&Pattern>,
        init: bool,
    ) -> CResult {
        let mark = self.regs_mark();
        let src = self.temp();
        self.emit(Instr::Star { dst: Reg(src) });
        let iter = self.temps(2);
        self.emit(Instr::GetIterator {
            dst: Reg(iter),
            is_async: Imm(0),
        });
        let done_flag = self.temp();
        let no = self.temp();
        self.emit(Instr::LdaFalse {});
        self.emit(Instr::Star {
            dst: Reg(done_flag),
        });
        self.emit(Instr::Star { dst: Reg(no) });
        let try_start = self.pc();
        // Return completions (a generator resumed with `return` at a `yield` inside the
        // pattern) close the iterator unless it is done.
        self.f().control.push(Control::IteratorClose {
            iter_reg: iter,
            is_async: false,
            done_reg: Some(done_flag),
        });
        for elem in elements {
            let elem_mark = self.regs_mark();
            // AssignmentElement: a target that is not a pattern is evaluated first.
            let target = match elem {
                Some(e) if !init => self.prepare_target(&e.target)?,
                _ => None,
            };
            // Step the iterator unless it is done; a done iterator gives undefined. A step
            // that throws leaves the iterator done (IteratorStepValue sets [[Done]]).
            let got = self.new_label();
            let exhausted = self.new_label();
            let next = self.new_label();
            self.emit(Instr::Ldar {
                src: Reg(done_flag),
            });
            self.jump(Instr::JumpIfTrue { target: Label(0) }, exhausted);
            self.emit(Instr::LdaTrue {});
            self.emit(Instr::Star {
                dst: Reg(done_flag),
            });
            self.jump(
                Instr::IteratorNext {
                    iter: Reg(iter),
                    done: Label(0),
                },
                next,
            );
            self.emit(Instr::Mov {
                dst: Reg(done_flag),
                src: Reg(no),
            });
            self.jump(Instr::Jump { target: Label(0) }, got);
            self.bind(next);
            self.bind(exhausted);
            self.emit(Instr::LdaUndefined {});
            self.bind(got);
            if let Some(e) = elem {
                match target {
                    Some(t) => {
                        self.apply_default(e)?;
                        self.store_prepared(t)?;
                    }
                    None => self.default_then_bind(e, init)?,
                }
            }
            self.release(elem_mark);
        }
        if let Some(r) = rest {
            let arr = self.temp();
            let target = if init { None } else { self.prepare_target(r)? };
            self.emit(Instr::CreateArray { size: Count(0) });
            self.emit(Instr::Star { dst: Reg(arr) });
            let exhausted = self.new_label();
            let top = self.new_label();
            let next = self.new_label();
            self.emit(Instr::Ldar {
                src: Reg(done_flag),
            });
            self.jump(Instr::JumpIfTrue { target: Label(0) }, exhausted);
            self.emit(Instr::LdaTrue {});
            self.emit(Instr::Star {
                dst: Reg(done_flag),
            });
            self.bind(top);
            self.jump(
                Instr::IteratorNext {
                    iter: Reg(iter),
                    done: Label(0),
                },
                next,
            );
            self.emit(Instr::ArrayPush { arr: Reg(arr) });
            self.jump(Instr::Jump { target: Label(0) }, top);
            self.bind(next);
            self.bind(exhausted);
            self.emit(Instr::Ldar { src: Reg(arr) });
            match target {
                Some(t) => self.store_prepared(t)?,
                None => self.bind_pattern(r, init)?,
            }
        }
        self.f().control.pop();
        let try_end = self.pc();
        let end = self.new_label();
        // Normal completion: close the iterator if it is not done.
        self.emit(Instr::Ldar {
            src: Reg(done_flag),
        });
        self.jump(Instr::JumpIfTrue { target: Label(0) }, end);
        self.emit(Instr::IteratorClose { iter: Reg(iter) });
        self.jump(Instr::Jump { target: Label(0) }, end);
        // Throw completion: close it (unless done) and rethrow.
        let handler = self.pc();
        let env_depth = self.f().env_depth;
        self.f().code.handlers.push(Handler {
            start: try_start,
            end: try_end,
            target: handler,
            env_depth,
        });
        let exc = self.temp();
        self.emit(Instr::Star { dst: Reg(exc) });
        let rethrow = self.new_label();
        self.emit(Instr::Ldar {
            src: Reg(done_flag),
        });
        self.jump(Instr::JumpIfTrue { target: Label(0) }, rethrow);
        self.emit(Instr::IteratorCloseOnThrow { iter: Reg(iter) });
        self.bind(rethrow);
        self.emit(Instr::Ldar { src: Reg(exc) });
        self.emit(Instr::Throw {});
        self.bind(end);
        self.emit(Instr::Ldar { src: Reg(src) });
        self.release(mark);
        Ok(())
    }

    // --- expressions -----------------------------------------------------------------------

    /// Evaluates `e`, naming it `name` if it is an anonymous function or class
    /// (NamedEvaluation, <https://tc39.es/ecma262/#sec-runtime-semantics-namedevaluation>).
    pub(crate) fn named_expr(&mut self, e: &Expr, name: &str) -> CResult {
        match e {
            Expr::Function(f) | Expr::Arrow(f) if f.name.is_none() => self.closure(f, name),
            Expr::Class(c) if c.name.is_none() => self.class(c, name),
            // `(function () {})` is still an anonymous function definition.
            Expr::Paren(inner, _) => self.named_expr(inner, name),
            _ => self.expr(e),
        }
    }

    /// Evaluates `e` for its effects only (an expression statement without a completion
    /// value, a `for` update): `x++` then computes the same as `++x` and skips keeping the
    /// old value.
    fn discarded_expr(&mut self, e: &Expr) -> CResult {
        match e {
            Expr::Update {
                op, target, span, ..
            } => self.update(*op, true, target, *span),
            Expr::Sequence(es, _) => {
                for e in es {
                    self.discarded_expr(e)?;
                }
                Ok(())
            }
            e => self.expr(e),
        }
    }

    fn expr(&mut self, e: &Expr) -> CResult {
        match e {
            Expr::Ident(id) => {
                if &*id.name == "undefined" && self.resolve("undefined").is_none() {
                    // `undefined` is a non-writable global: reading it needs no lookup.
                    self.emit(Instr::LdaUndefined {});
                } else {
                    self.load_name(&id.name, id.span)?;
                }
            }
            Expr::This(span) => self.load_name(THIS, *span)?,
            Expr::NewTarget(span) => self.load_name(NEW_TARGET, *span)?,
            Expr::Null(_) => self.emit(Instr::LdaNull {}),
            Expr::Bool(true, _) => self.emit(Instr::LdaTrue {}),
            Expr::Bool(false, _) => self.emit(Instr::LdaFalse {}),
            Expr::Number(n, _) => self.number(*n),
            Expr::BigInt(digits, _) => {
                let k = self.constant(Constant::BigInt(digits.to_string()));
                self.emit(Instr::LdaConst { k });
            }
            Expr::String(s) => {
                let k = self.string_const(&s.value);
                self.emit(Instr::LdaConst { k });
            }
            Expr::RegExp {
                pattern, flags: f, ..
            } => {
                let pattern = self.string_const(pattern);
                let flags_ = self.name_const(f);
                self.emit(Instr::CreateRegExp {
                    pattern,
                    flags: flags_,
                });
            }
            Expr::Template(t) => self.template(t)?,
            Expr::TaggedTemplate { tag, quasi, span } => self.tagged_template(tag, quasi, *span)?,
            Expr::Array(elems, _) => self.array_literal(elems)?,
            Expr::Object(props, _) => self.object_literal(props)?,
            Expr::Function(f) => self.function_expr(f)?,
            Expr::Arrow(f) => self.closure(f, "")?,
            Expr::Class(c) => {
                let name = c.name.as_ref().map(|n| n.name.clone()).unwrap_or_default();
                self.class(c, &name)?
            }
            Expr::Paren(inner, _) => self.expr(inner)?,
            Expr::Sequence(es, _) => {
                for e in es {
                    self.expr(e)?;
                }
            }
            Expr::Unary { op, argument, span } => self.unary(*op, argument, *span)?,
            Expr::Update {
                op,
                prefix,
                target,
                span,
            } => self.update(*op, *prefix, target, *span)?,
            Expr::Binary {
                op,
                left,
                right,
                span,
            } => {
                let mark = self.regs_mark();
                let l = match self.plain_register(left) {
                    Some(l) if writes_no_register(right) => l,
                    _ => {
                        self.expr(left)?;
                        let l = self.temp();
                        self.emit(Instr::Star { dst: Reg(l) });
                        l
                    }
                };
                self.expr(right)?;
                self.mark(*span);
                self.emit(binary_instr(*op, Reg(l)));
                self.release(mark);
            }
            Expr::Logical {
                op, left, right, ..
            } => {
                let end = self.new_label();
                self.expr(left)?;
                let jump = match op {
                    LogicalOp::And => Instr::JumpIfFalse { target: Label(0) },
                    LogicalOp::Or => Instr::JumpIfTrue { target: Label(0) },
                    LogicalOp::Nullish => Instr::JumpIfNotNullish { target: Label(0) },
                };
                self.jump(jump, end);
                self.expr(right)?;
                self.bind(end);
            }
            Expr::Conditional {
                test,
                consequent,
                alternate,
                ..
            } => {
                let (else_, end) = (self.new_label(), self.new_label());
                self.expr(test)?;
                self.jump(Instr::JumpIfFalse { target: Label(0) }, else_);
                self.expr(consequent)?;
                self.jump(Instr::Jump { target: Label(0) }, end);
                self.bind(else_);
                self.expr(alternate)?;
                self.bind(end);
            }
            Expr::Assign {
                op,
                target,
                value,
                span,
            } => self.assign(*op, target, value, *span)?,
            Expr::Member {
                object,
                property,
                optional,
                span,
            } => {
                let mark = self.regs_mark();
                let obj = match self.plain_register(object) {
                    Some(r) if !*optional && property_writes_no_register(property) => r,
                    _ => {
                        self.expr(object)?;
                        if *optional {
                            self.optional_check()?;
                        }
                        let obj = self.temp();
                        self.emit(Instr::Star { dst: Reg(obj) });
                        obj
                    }
                };
                self.load_member(obj, property, *span)?;
                self.release(mark);
            }
            Expr::SuperMember { property, span } => {
                let mark = self.regs_mark();
                let (func, this) = (self.temp(), self.temp());
                self.load_name(FUNC, *span)?;
                self.emit(Instr::Star { dst: Reg(func) });
                self.load_name(THIS, *span)?;
                self.emit(Instr::Star { dst: Reg(this) });
                self.super_key(property)?;
                self.mark(*span);
                self.emit(Instr::GetSuper {
                    func: Reg(func),
                    this: Reg(this),
                });
                self.release(mark);
            }
            Expr::Call {
                callee,
                arguments,
                optional,
                span,
            } => self.call(callee, arguments, *optional, *span)?,
            Expr::SuperCall { arguments, span } => self.super_call(arguments, *span)?,
            Expr::New {
                callee,
                arguments,
                span,
            } => {
                let mark = self.regs_mark();
                self.expr(callee)?;
                let c = self.temp();
                self.emit(Instr::Star { dst: Reg(c) });
                if arguments.iter().any(|a| matches!(a, Argument::Spread(_))) {
                    let arr = self.spread_args(arguments)?;
                    self.mark(*span);
                    self.emit(Instr::NewSpread {
                        callee: Reg(c),
                        args: Reg(arr),
                    });
                } else {
                    let (args, argc) = self.plain_args(arguments)?;
                    self.mark(*span);
                    self.emit(Instr::New {
                        callee: Reg(c),
                        args: Reg(args),
                        argc: Count(argc),
                    });
                }
                self.release(mark);
            }
            Expr::OptionalChain(inner, _) => {
                self.f().optional_exits.push(Vec::new());
                let r = self.expr(inner);
                let exits = self.f().optional_exits.pop().unwrap_or_default();
                r?;
                if !exits.is_empty() {
                    let end = self.new_label();
                    self.jump(Instr::Jump { target: Label(0) }, end);
                    for l in exits {
                        self.bind(l);
                    }
                    self.emit(Instr::LdaUndefined {});
                    self.bind(end);
                }
            }
            Expr::PrivateIn { name, right, span } => {
                let mark = self.regs_mark();
                let l = self.temp();
                self.load_name(&name.name, name.span)?;
                self.emit(Instr::Star { dst: Reg(l) });
                self.expr(right)?;
                self.mark(*span);
                self.emit(Instr::In { lhs: Reg(l) });
                self.release(mark);
            }
            Expr::Yield {
                argument,
                delegate,
                span,
            } => {
                match argument {
                    Some(a) => self.expr(a)?,
                    None => self.emit(Instr::LdaUndefined {}),
                }
                self.mark(*span);
                if *delegate {
                    self.yield_star(*span)?;
                } else {
                    self.emit_yield(*span)?;
                }
            }
            Expr::Await(arg, span) => {
                self.expr(arg)?;
                self.mark(*span);
                self.emit_await(*span)?;
            }
            Expr::ImportMeta(_) => {
                // The module scope is the outermost; count the environments above it.
                let depth = self.scopes.iter().skip(1).filter(|s| s.has_env).count();
                self.emit(Instr::LdaImportMeta {
                    depth: Count(depth as u16),
                });
            }
            Expr::ImportCall {
                specifier,
                phase: Some(phase),
                span,
                ..
            } if &**phase == "source" => {
                // EvaluateImportCall(specifier, ~source~).
                self.expr(specifier)?;
                self.mark(*span);
                self.emit(Instr::ImportSourceCall {});
            }
            Expr::ImportCall {
                specifier,
                options,
                phase,
                span,
            } => {
                // EvaluateImportCall steps 3-6: the specifier, then the options.
                self.expr(specifier)?;
                let r = self.temp();
                self.emit(Instr::Star { dst: Reg(r) });
                let o = self.temp();
                match options {
                    Some(x) => self.expr(x)?,
                    None => self.emit(Instr::LdaUndefined {}),
                }
                self.emit(Instr::Star { dst: Reg(o) });
                self.emit(Instr::Ldar { src: Reg(r) });
                self.mark(*span);
                if phase.as_deref() == Some("defer") {
                    // EvaluateImportCall(arguments, ~defer~).
                    self.emit(Instr::ImportDeferCall { options: Reg(o) });
                } else {
                    self.emit(Instr::ImportCall { options: Reg(o) });
                }
                self.release(o);
                self.release(r);
            }
        }
        Ok(())
    }

    fn gen_regs(&mut self, span: Span) -> CResult<(u16, u16)> {
        self.f()
            .gen_reg
            .ok_or_else(|| syntax_err("yield or await outside a generator or async function", span))
    }

    /// Await(acc): suspends until the promise settles; a rejection throws here.
    /// <https://tc39.es/ecma262/#await>
    fn emit_await(&mut self, span: Span) -> CResult {
        let (gen, resume) = self.gen_regs(span)?;
        self.emit(Instr::Await {
            gen: Reg(gen),
            resume: Reg(resume),
        });
        let next = self.new_label();
        self.jump(
            Instr::JumpIfSmiEq {
                a: Reg(resume),
                value: Imm(0),
                target: Label(0),
            },
            next,
        );
        self.emit(Instr::Throw {});
        self.bind(next);
        Ok(())
    }

    /// `yield acc`: Yield(value) for generators, with the resumption dispatch after it: a throw
    /// completion throws here, a return completion returns through the enclosing `finally`s.
    /// <https://tc39.es/ecma262/#sec-yield>
    fn emit_yield(&mut self, span: Span) -> CResult {
        let (gen, resume) = self.gen_regs(span)?;
        if self.f().is_async {
            // AsyncGeneratorYield: the operand is awaited first.
            self.emit_await(span)?;
        } else {
            self.emit(Instr::IterResult { done: Imm(0) });
        }
        self.emit(Instr::Yield {
            gen: Reg(gen),
            resume: Reg(resume),
        });
        self.resume_dispatch(resume)
    }

    /// After a generator resumes: mode 0 continues with the sent value in acc, mode 1 throws
    /// it, mode 2 returns it (async generators await it first).
    fn resume_dispatch(&mut self, resume: u16) -> CResult {
        let next = self.new_label();
        let ret = self.new_label();
        self.jump(
            Instr::JumpIfSmiEq {
                a: Reg(resume),
                value: Imm(0),
                target: Label(0),
            },
            next,
        );
        self.jump(
            Instr::JumpIfSmiEq {
                a: Reg(resume),
                value: Imm(2),
                target: Label(0),
            },
            ret,
        );
        self.emit(Instr::Throw {});
        self.bind(ret);
        if self.f().is_async {
            // AsyncGeneratorYield step 10.a: Await(resumptionValue.[[Value]]).
            self.emit_await(Span::default())?;
        }
        self.emit_exit(Exit::Return)?;
        self.bind(next);
        Ok(())
    }

    /// `yield* acc` in a generator.
    /// <https://tc39.es/ecma262/#sec-generator-function-definitions-runtime-semantics-evaluation>
    fn yield_star(&mut self, span: Span) -> CResult {
        let (gen, resume) = self.gen_regs(span)?;
        if self.f().is_async {
            return self.async_yield_star(gen, resume, span);
        }
        let iter = self.temps(2);
        self.emit(Instr::GetIterator {
            dst: Reg(iter),
            is_async: Imm(0),
        });
        self.emit(Instr::LdaSmi { value: Imm(0) });
        self.emit(Instr::Star { dst: Reg(resume) });
        self.emit(Instr::LdaUndefined {});
        let top = self.new_label();
        let done = self.new_label();
        let end = self.new_label();
        self.bind(top);
        self.jump(
            Instr::DelegateStep {
                iter: Reg(iter),
                mode: Reg(resume),
                done: Label(0),
            },
            done,
        );
        self.emit(Instr::Yield {
            gen: Reg(gen),
            resume: Reg(resume),
        });
        self.jump(Instr::Jump { target: Label(0) }, top);
        self.bind(done);
        // A return completion that finished the delegation returns from the generator.
        let ret = self.new_label();
        self.jump(
            Instr::JumpIfSmiEq {
                a: Reg(resume),
                value: Imm(2),
                target: Label(0),
            },
            ret,
        );
        self.jump(Instr::Jump { target: Label(0) }, end);
        self.bind(ret);
        self.emit_exit(Exit::Return)?;
        self.bind(end);
        self.release(iter);
        Ok(())
    }

    /// `yield* acc` in an async generator: the inner results are awaited and their values
    /// yielded with AsyncGeneratorYield.
    fn async_yield_star(&mut self, gen: u16, resume: u16, span: Span) -> CResult {
        let iter = self.temps(2);
        let mode = self.temp();
        self.emit(Instr::GetIterator {
            dst: Reg(iter),
            is_async: Imm(1),
        });
        self.emit(Instr::LdaSmi { value: Imm(0) });
        self.emit(Instr::Star { dst: Reg(mode) });
        self.emit(Instr::LdaUndefined {});
        let (top, no_return, done, end) = (
            self.new_label(),
            self.new_label(),
            self.new_label(),
            self.new_label(),
        );
        self.bind(top);
        self.jump(
            Instr::DelegateCall {
                iter: Reg(iter),
                mode: Reg(mode),
                done: Label(0),
            },
            no_return,
        );
        self.emit_await(span)?;
        self.jump(Instr::DelegateResult { done: Label(0) }, done);
        self.emit(Instr::Yield {
            gen: Reg(gen),
            resume: Reg(resume),
        });
        self.emit(Instr::Mov {
            dst: Reg(mode),
            src: Reg(resume),
        });
        self.jump(Instr::Jump { target: Label(0) }, top);
        // A return completion and no `return` method: await the value and return it.
        self.bind(no_return);
        self.emit_await(span)?;
        self.emit_exit(Exit::Return)?;
        self.bind(done);
        let ret = self.new_label();
        self.jump(
            Instr::JumpIfSmiEq {
                a: Reg(mode),
                value: Imm(2),
                target: Label(0),
            },
            ret,
        );
        self.jump(Instr::Jump { target: Label(0) }, end);
        self.bind(ret);
        self.emit_exit(Exit::Return)?;
        self.bind(end);
        self.release(iter);
        Ok(())
    }

    /// The scopes a direct eval here can see, innermost first, for [`compile_eval`]: `strict`
    /// if the caller is strict, then the caller's [`EvalContext`] as `@` and flag letters, then
    /// one line per environment, `E`, `W` (with) or `V` (a function's variable environment),
    /// then a tab and `name:slot:kind` entries separated by tabs.
    fn eval_scope_descriptor(&self) -> String {
        let mut out = String::new();
        if self.funcs[self.fi()].strict {
            out.push_str("strict\n");
        }
        out.push_str(&self.caller_eval_context().to_line());
        out.push('\n');
        for scope in self.scopes.iter().rev() {
            if !scope.has_env {
                continue;
            }
            out.push(if scope.is_with && scope.var_scope {
                'O'
            } else if scope.is_with {
                'W'
            } else if scope.var_scope {
                'V'
            } else if scope.catch {
                'K'
            } else {
                'E'
            });
            for (name, b) in &scope.names {
                if let Loc::Env(slot) = b.loc {
                    let kind = match b.kind {
                        BindKind::Var => 'v',
                        BindKind::Let => 'l',
                        BindKind::Const => 'c',
                        BindKind::DerivedThis => 'd',
                        BindKind::Plain => 'p',
                        BindKind::FunctionName => 'f',
                        // Direct eval in a module does not see import bindings by name yet.
                        BindKind::Import(_) => continue,
                    };
                    out.push_str(&format!("\t{name}:{slot}:{kind}"));
                }
            }
            out.push('\n');
        }
        out
    }

    /// PerformEval steps 6–10 for a direct eval here: GetThisEnvironment() is the innermost
    /// non-arrow function; in eval code it is the eval's caller's (eval code has none).
    /// <https://tc39.es/ecma262/#sec-performeval>
    fn caller_eval_context(&self) -> EvalContext {
        for st in self.funcs.iter().rev() {
            if st.is_arrow {
                continue;
            }
            if st.code.flags & (flags::SCRIPT | flags::MODULE) != 0 {
                return self.eval_context;
            }
            return EvalContext {
                in_function: true,
                // HasSuperBinding: methods, accessors, class constructors and field
                // initializers have a [[HomeObject]].
                in_method: st.code.flags & (flags::METHOD | flags::CLASS_CONSTRUCTOR) != 0,
                in_derived_constructor: st.is_derived_ctor,
                in_class_field_initializer: st.is_field_init,
            };
        }
        self.eval_context
    }

    fn number(&mut self, n: f64) {
        if n.fract() == 0.0 && n.abs() < 1e9 && !(n == 0.0 && n.is_sign_negative()) {
            self.emit(Instr::LdaSmi {
                value: Imm(n as i32),
            });
        } else {
            let k = self.constant(Constant::Number(n));
            self.emit(Instr::LdaConst { k });
        }
    }

    /// In an optional chain: if acc is nullish, the whole chain is undefined.
    fn optional_check(&mut self) -> CResult {
        let l = self.new_label();
        self.jump(Instr::JumpIfNullish { target: Label(0) }, l);
        match self.f().optional_exits.last_mut() {
            Some(v) => v.push(l),
            None => {
                return Err(err(
                    "internal: ?. outside an optional chain",
                    Span::default(),
                ))
            }
        }
        Ok(())
    }

    fn load_member(&mut self, obj: u16, property: &MemberProperty, span: Span) -> CResult {
        match property {
            MemberProperty::Ident(id) => {
                let k = self.name_const(&id.name);
                let ic = self.ic();
                self.mark(span);
                self.emit(Instr::GetNamed {
                    obj: Reg(obj),
                    name: k,
                    ic,
                });
            }
            MemberProperty::Computed(key) => {
                self.expr(key)?;
                self.mark(span);
                self.emit(Instr::GetKeyed { obj: Reg(obj) });
            }
            MemberProperty::Private(id) => {
                self.load_name(&id.name, id.span)?;
                self.mark(span);
                self.emit(Instr::GetKeyed { obj: Reg(obj) });
            }
        }
        Ok(())
    }

    fn super_key(&mut self, property: &MemberProperty) -> CResult {
        match property {
            MemberProperty::Ident(id) => {
                let k = self.name_const(&id.name);
                self.emit(Instr::LdaConst { k });
            }
            // ToPropertyKey happens in GetValue/PutValue, after GetSuperBase
            // (MakeSuperPropertyReference).
            MemberProperty::Computed(key) => self.expr(key)?,
            MemberProperty::Private(id) => {
                return Err(syntax_err("Unexpected private name after super", id.span))
            }
        }
        Ok(())
    }

    fn function_expr(&mut self, f: &Rc<Function>) -> CResult {
        match &f.name {
            // A named function expression sees its own name in a scope between the outer
            // scope and its body (<https://tc39.es/ecma262/#sec-runtime-semantics-instantiateordinaryfunctionexpression>).
            Some(name) => {
                let mark = self.regs_mark();
                self.push_scope(&[(name.name.clone(), BindKind::FunctionName)]);
                self.closure(f, &name.name)?;
                // Initialize the binding (FunctionName bindings accept `init` stores).
                let (b, depth) = self.resolve(&name.name).expect("just declared");
                match b.loc {
                    Loc::Reg(r) => self.emit(Instr::Star { dst: Reg(r) }),
                    Loc::Env(slot) => self.emit(Instr::StaEnv {
                        depth: Count(depth),
                        slot: Count(slot),
                    }),
                }
                self.pop_scope();
                self.release(mark);
                Ok(())
            }
            None => self.closure(f, ""),
        }
    }

    fn plain_args(&mut self, args: &[Argument]) -> CResult<(u16, u16)> {
        let base = self.temps(args.len() as u16);
        for (i, a) in args.iter().enumerate() {
            if let Argument::Expr(e) = a {
                self.expr(e)?;
                self.emit(Instr::Star {
                    dst: Reg(base + i as u16),
                });
            }
        }
        Ok((base, args.len() as u16))
    }

    /// Builds an array of the arguments (with spreads expanded); returns its register.
    fn spread_args(&mut self, args: &[Argument]) -> CResult<u16> {
        let arr = self.temp();
        self.emit(Instr::CreateArray {
            size: Count(literal_size(args.len())),
        });
        self.emit(Instr::Star { dst: Reg(arr) });
        for a in args {
            match a {
                Argument::Expr(e) => {
                    self.expr(e)?;
                    self.emit(Instr::ArrayPush { arr: Reg(arr) });
                }
                Argument::Spread(e) => {
                    self.expr(e)?;
                    self.emit(Instr::ArraySpread { arr: Reg(arr) });
                }
            }
        }
        Ok(arr)
    }

    fn call(&mut self, callee: &Expr, args: &[Argument], optional: bool, span: Span) -> CResult {
        let mark = self.regs_mark();
        let (mut c, mut this) = (self.temp(), self.temp());
        // The callee (or the base object of a method call) may be read from its own register
        // when the arguments cannot reassign it (see `operands`).
        let args_keep_registers = arguments_write_no_register(args);
        let register_callee = match callee {
            Expr::Ident(id) if !optional && &*id.name != "eval" && args_keep_registers => {
                self.plain_register(callee)
            }
            _ => None,
        };
        match callee {
            Expr::Member {
                object,
                property,
                optional: opt_member,
                span: mspan,
            } => {
                match self.plain_register(object) {
                    Some(r)
                        if !*opt_member
                            && args_keep_registers
                            && property_writes_no_register(property) =>
                    {
                        this = r
                    }
                    _ => {
                        self.expr(object)?;
                        if *opt_member {
                            self.optional_check()?;
                        }
                        self.emit(Instr::Star { dst: Reg(this) });
                    }
                }
                self.load_member(this, property, *mspan)?;
            }
            Expr::SuperMember { property, span } => {
                let func = self.temp();
                self.load_name(FUNC, *span)?;
                self.emit(Instr::Star { dst: Reg(func) });
                self.load_name(THIS, *span)?;
                self.emit(Instr::Star { dst: Reg(this) });
                self.super_key(property)?;
                self.emit(Instr::GetSuper {
                    func: Reg(func),
                    this: Reg(this),
                });
            }
            Expr::Paren(inner, _) if matches!(&**inner, Expr::Member { .. }) => {
                // `(a.b)()` keeps the reference, so `this` is `a`.
                return self
                    .call(inner, args, optional, span)
                    .map(|_| self.release(mark));
            }
            Expr::Paren(inner, _) if matches!(&**inner, Expr::OptionalChain(m, _) if matches!(**m, Expr::Member { .. })) =>
            {
                // `(a?.b)()`: the chain's reference is kept too (`this` is `a`); a
                // short-circuited chain makes the callee undefined.
                let Expr::OptionalChain(m, _) = &**inner else {
                    unreachable!()
                };
                let Expr::Member {
                    object,
                    property,
                    optional: opt_member,
                    span: mspan,
                } = &**m
                else {
                    unreachable!()
                };
                self.f().optional_exits.push(Vec::new());
                let r = (|| {
                    self.expr(object)?;
                    if *opt_member {
                        self.optional_check()?;
                    }
                    self.emit(Instr::Star { dst: Reg(this) });
                    self.load_member(this, property, *mspan)
                })();
                let exits = self.f().optional_exits.pop().unwrap_or_default();
                r?;
                if !exits.is_empty() {
                    let end = self.new_label();
                    self.jump(Instr::Jump { target: Label(0) }, end);
                    for l in exits {
                        self.bind(l);
                    }
                    self.emit(Instr::LdaUndefined {});
                    self.bind(end);
                }
            }
            Expr::Ident(id) if self.scopes.iter().any(|s| s.is_with) => {
                // A callee found in a `with` object is called with that object as `this`.
                self.emit(Instr::LdaUndefined {});
                self.emit(Instr::Star { dst: Reg(this) });
                self.load_name_with(&id.name, id.span, Some(this), false)?;
            }
            _ => {
                // `this` is undefined: setting it first is unobservable and saves a reload.
                self.emit(Instr::LdaUndefined {});
                self.emit(Instr::Star { dst: Reg(this) });
                match register_callee {
                    Some(r) => c = r,
                    None => self.expr(callee)?,
                }
            }
        }
        if optional {
            self.optional_check()?;
        }
        if register_callee.is_none() {
            self.emit(Instr::Star { dst: Reg(c) });
        }
        // `eval?.(x)` is not a direct eval.
        let is_eval = !optional && matches!(callee, Expr::Ident(id) if &*id.name == "eval");
        if args.iter().any(|a| matches!(a, Argument::Spread(_))) {
            let arr = self.spread_args(args)?;
            self.mark(span);
            if is_eval {
                let scope = self.eval_scope_const();
                self.emit(Instr::CallEvalSpread {
                    callee: Reg(c),
                    args: Reg(arr),
                    scope,
                });
            } else {
                self.emit(Instr::CallSpread {
                    callee: Reg(c),
                    this: Reg(this),
                    args: Reg(arr),
                });
            }
        } else {
            let (base, argc) = self.plain_args(args)?;
            self.mark(span);
            if is_eval {
                let scope = self.eval_scope_const();
                self.emit(Instr::CallEval {
                    callee: Reg(c),
                    args: Reg(base),
                    argc: Count(argc),
                    scope,
                });
            } else {
                self.emit(Instr::Call {
                    callee: Reg(c),
                    this: Reg(this),
                    args: Reg(base),
                    argc: Count(argc),
                });
            }
        }
        self.release(mark);
        Ok(())
    }

    /// The scope descriptor of a direct eval here, as a string constant.
    fn eval_scope_const(&mut self) -> Const {
        let scope = self.eval_scope_descriptor();
        self.string_const(&utf16(&scope))
    }

    /// `super(...)`: <https://tc39.es/ecma262/#sec-super-keyword-runtime-semantics-evaluation>
    fn super_call(&mut self, args: &[Argument], span: Span) -> CResult {
        let mark = self.regs_mark();
        let (func, nt) = (self.temp(), self.temp());
        self.load_name(FUNC, span)?;
        self.emit(Instr::Star { dst: Reg(func) });
        self.load_name(NEW_TARGET, span)?;
        self.emit(Instr::Star { dst: Reg(nt) });
        if args.iter().any(|a| matches!(a, Argument::Spread(_))) {
            let arr = match (self.default_derived_ctor, args) {
                // The default constructor's rest array is the argument list itself.
                (true, [Argument::Spread(Expr::Ident(rest))]) => {
                    let arr = self.temp();
                    self.load_name(&rest.name, span)?;
                    self.emit(Instr::Star { dst: Reg(arr) });
                    arr
                }
                _ => self.spread_args(args)?,
            };
            self.mark(span);
            self.emit(Instr::SuperCallSpread {
                func: Reg(func),
                new_target: Reg(nt),
                args: Reg(arr),
            });
        } else {
            let (base, argc) = self.plain_args(args)?;
            self.mark(span);
            self.emit(Instr::SuperCall {
                func: Reg(func),
                new_target: Reg(nt),
                args: Reg(base),
                argc: Count(argc),
            });
        }
        // Bind `this`: a second super() call finds it initialized and throws.
        let result = self.temp();
        self.emit(Instr::Star { dst: Reg(result) });
        let (b, depth) = self
            .resolve(THIS)
            .ok_or_else(|| syntax_err("'super' keyword unexpected here", span))?;
        self.load_slot(b.loc, depth);
        let ok = self.new_label();
        let already = self.new_label();
        self.emit(Instr::Star { dst: Reg(nt) });
        self.emit(Instr::LdaEmpty {});
        self.jump(
            Instr::JumpIfStrictEq {
                a: Reg(nt),
                target: Label(0),
            },
            ok,
        );
        self.bind(already);
        let msg = self.name_const("Super constructor may only be called once");
        self.emit(Instr::ThrowError {
            kind: Imm(1),
            message: msg,
        });
        self.bind(ok);
        self.emit(Instr::Ldar { src: Reg(result) });
        self.store_name(THIS, true, span)?;
        self.emit(Instr::InitFields {
            func: Reg(func),
            this: Reg(result),
        });
        self.emit(Instr::Ldar { src: Reg(result) });
        self.release(mark);
        Ok(())
    }

    fn unary(&mut self, op: UnaryOp, arg: &Expr, span: Span) -> CResult {
        match op {
            UnaryOp::Typeof => {
                // `typeof (x)`: a parenthesized reference is still a reference.
                if let Expr::Ident(id) = strip_parens(arg) {
                    if self.scopes.iter().any(|s| s.is_with) {
                        self.load_name_with(&id.name, id.span, None, true)?;
                        self.emit(Instr::TypeOf {});
                        return Ok(());
                    }
                    if self.resolve(&id.name).is_none() {
                        let k = self.name_const(&id.name);
                        let ic = self.ic();
                        self.emit(Instr::LdaGlobalOrUndefined { name: k, ic });
                        self.emit(Instr::TypeOf {});
                        return Ok(());
                    }
                }
                self.expr(arg)?;
                self.emit(Instr::TypeOf {});
            }
            UnaryOp::Delete => self.delete(arg, span)?,
            UnaryOp::Void => {
                self.expr(arg)?;
                self.emit(Instr::LdaUndefined {});
            }
            UnaryOp::Not => {
                self.expr(arg)?;
                self.emit(Instr::Not {});
            }
            UnaryOp::Minus => {
                if let Expr::Number(n, _) = arg {
                    self.number(-n);
                    return Ok(());
                }
                self.expr(arg)?;
                self.mark(span);
                self.emit(Instr::Negate {});
            }
            UnaryOp::Plus => {
                self.expr(arg)?;
                self.mark(span);
                self.emit(Instr::ToNumber {});
            }
            UnaryOp::BitNot => {
                self.expr(arg)?;
                self.mark(span);
                self.emit(Instr::BitNot {});
            }
        }
        Ok(())
    }

    /// <https://tc39.es/ecma262/#sec-delete-operator-runtime-semantics-evaluation>
    fn delete(&mut self, arg: &Expr, span: Span) -> CResult {
        match arg {
            Expr::Paren(inner, _) => self.delete(inner, span),
            Expr::Member {
                object, property, ..
            } => {
                let mark = self.regs_mark();
                self.expr(object)?;
                let obj = self.temp();
                self.emit(Instr::Star { dst: Reg(obj) });
                match property {
                    MemberProperty::Ident(id) => {
                        let k = self.name_const(&id.name);
                        self.emit(Instr::LdaConst { k });
                    }
                    MemberProperty::Computed(e) => self.expr(e)?,
                    MemberProperty::Private(id) => {
                        return Err(syntax_err("Private fields can not be deleted", id.span))
                    }
                }
                self.mark(span);
                self.emit(Instr::DeleteKeyed { obj: Reg(obj) });
                self.release(mark);
                Ok(())
            }
            Expr::Ident(id) => {
                // Bindings in `with` objects (and vars declared by eval) can be deleted.
                let done = self.new_label();
                if is_plain_name(&id.name) {
                    for d in self.with_depths(&id.name) {
                        let k = self.name_const(&id.name);
                        self.jump(
                            Instr::DeleteWith {
                                depth: Count(d),
                                name: k,
                                done: Label(0),
                            },
                            done,
                        );
                    }
                }
                if self.resolve(&id.name).is_some() {
                    self.emit(Instr::LdaFalse {});
                } else {
                    let k = self.name_const(&id.name);
                    self.emit(Instr::DeleteGlobal { name: k });
                }
                self.bind(done);
                Ok(())
            }
            Expr::SuperMember { span, .. } => {
                let msg = self.name_const("Unsupported reference to 'super'");
                self.emit(Instr::ThrowError {
                    kind: Imm(1),
                    message: msg,
                });
                let _ = span;
                Ok(())
            }
            other => {
                self.expr(other)?;
                self.emit(Instr::LdaTrue {});
                Ok(())
            }
        }
    }

    /// `++x`, `x--` on every reference kind.
    fn update(&mut self, op: UpdateOp, prefix: bool, target: &Expr, span: Span) -> CResult {
        let mark = self.regs_mark();
        let old = self.temp();
        let apply = |e: &mut Self| {
            e.emit(Instr::ToNumeric {});
            if !prefix {
                e.emit(Instr::Star { dst: Reg(old) });
            }
            e.emit(match op {
                UpdateOp::Increment => Instr::Inc {},
                UpdateOp::Decrement => Instr::Dec {},
            });
        };
        match target {
            Expr::Paren(inner, _) => {
                self.release(mark);
                return self.update(op, prefix, inner, span);
            }
            Expr::Ident(id) => {
                let r = self.resolve_ref(&id.name);
                self.load_ref(r, &id.name, id.span)?;
                apply(self);
                self.store_ref(r, &id.name, id.span)?;
            }
            Expr::Member {
                object, property, ..
            } => {
                self.expr(object)?;
                let obj = self.temp();
                self.emit(Instr::Star { dst: Reg(obj) });
                let key = self.temp();
                match property {
                    MemberProperty::Ident(id) => {
                        let k = self.name_const(&id.name);
                        self.emit(Instr::LdaConst { k });
                    }
                    MemberProperty::Computed(e) => {
                        // GetValue: the base is checked before the key is converted.
                        self.expr(e)?;
                        self.emit(Instr::Star { dst: Reg(key) });
                        self.emit(Instr::Ldar { src: Reg(obj) });
                        self.emit(Instr::RequireObjectCoercible {});
                        self.emit(Instr::Ldar { src: Reg(key) });
                        self.emit(Instr::ToPropertyKey {});
                    }
                    MemberProperty::Private(id) => self.load_name(&id.name, id.span)?,
                }
                self.emit(Instr::Star { dst: Reg(key) });
                self.mark(span);
                self.emit(Instr::GetKeyed { obj: Reg(obj) });
                apply(self);
                self.emit(Instr::SetKeyed {
                    obj: Reg(obj),
                    key: Reg(key),
                });
            }
            Expr::SuperMember {
                property,
                span: sspan,
            } => {
                let (func, this, key) = self.super_reference(property, *sspan)?;
                self.emit(Instr::GetSuperKeyed {
                    func: Reg(func),
                    this: Reg(this),
                    key: Reg(key),
                });
                apply(self);
                self.emit(Instr::SetSuper {
                    func: Reg(func),
                    this: Reg(this),
                    key: Reg(key),
                });
            }
            _ => {
                return Err(syntax_err(
                    "Invalid left-hand side expression in update operation",
                    span,
                ))
            }
        }
        if !prefix {
            self.emit(Instr::Ldar { src: Reg(old) });
        }
        self.release(mark);
        Ok(())
    }

    /// Assignment and compound assignment.
    /// <https://tc39.es/ecma262/#sec-assignment-operators-runtime-semantics-evaluation>
    fn assign(&mut self, op: AssignOp, target: &Pattern, value: &Expr, span: Span) -> CResult {
        let target_expr = match target {
            Pattern::Expr(e) => Some(strip_parens(e)),
            _ => None,
        };
        match (op, target, target_expr) {
            (AssignOp::Assign, Pattern::Ident(id), _)
            | (AssignOp::Assign, _, Some(Expr::Ident(id))) => {
                // The reference is resolved before the value is evaluated.
                let mark = self.regs_mark();
                let r = self.resolve_ref(&id.name);
                // NamedEvaluation only if the target IsIdentifierRef (not parenthesized).
                if matches!(target, Pattern::Ident(_))
                    || matches!(target, Pattern::Expr(e) if matches!(**e, Expr::Ident(_)))
                {
                    self.named_expr(value, &id.name)?;
                } else {
                    self.expr(value)?;
                }
                self.store_ref(r, &id.name, id.span)?;
                self.release(mark);
                Ok(())
            }
            (
                AssignOp::Assign,
                _,
                Some(Expr::Member {
                    object, property, ..
                }),
            ) => {
                // The reference (object, then key) is evaluated before the value.
                let mark = self.regs_mark();
                let obj = match self.plain_register(object) {
                    Some(r)
                        if property_writes_no_register(property) && writes_no_register(value) =>
                    {
                        r
                    }
                    _ => {
                        self.expr(object)?;
                        let obj = self.temp();
                        self.emit(Instr::Star { dst: Reg(obj) });
                        obj
                    }
                };
                let key = match property {
                    MemberProperty::Computed(k) => {
                        self.expr(k)?;
                        let r = self.temp();
                        self.emit(Instr::Star { dst: Reg(r) });
                        Some(r)
                    }
                    MemberProperty::Private(id) => {
                        self.load_name(&id.name, id.span)?;
                        let r = self.temp();
                        self.emit(Instr::Star { dst: Reg(r) });
                        Some(r)
                    }
                    _ => None,
                };
                self.expr(value)?;
                match (property, key) {
                    (MemberProperty::Ident(id), _) => {
                        let k = self.name_const(&id.name);
                        let ic = self.ic();
                        self.mark(span);
                        self.emit(Instr::SetNamed {
                            obj: Reg(obj),
                            name: k,
                            ic,
                        });
                    }
                    (_, Some(k)) => {
                        let v = self.temp();
                        self.emit(Instr::Star { dst: Reg(v) });
                        self.emit(Instr::Ldar { src: Reg(k) });
                        self.emit(Instr::ToPropertyKey {});
                        self.emit(Instr::Star { dst: Reg(k) });
                        self.emit(Instr::Ldar { src: Reg(v) });
                        self.mark(span);
                        self.emit(Instr::SetKeyed {
                            obj: Reg(obj),
                            key: Reg(k),
                        });
                    }
                    _ => unreachable!("computed member without key register"),
                }
                self.release(mark);
                Ok(())
            }
            (AssignOp::Assign, Pattern::Object { .. } | Pattern::Array { .. }, _) => {
                self.expr(value)?;
                self.assign_pattern(target)
            }
            (AssignOp::Assign, _, Some(Expr::SuperMember { property, span })) => {
                let mark = self.regs_mark();
                let (func, this, key) = (self.temp(), self.temp(), self.temp());
                self.load_name(FUNC, *span)?;
                self.emit(Instr::Star { dst: Reg(func) });
                self.load_name(THIS, *span)?;
                self.emit(Instr::Star { dst: Reg(this) });
                self.super_key(property)?;
                self.emit(Instr::Star { dst: Reg(key) });
                self.expr(value)?;
                self.emit(Instr::SetSuper {
                    func: Reg(func),
                    this: Reg(this),
                    key: Reg(key),
                });
                self.release(mark);
                Ok(())
            }
            (AssignOp::Assign, _, _) => {
                Err(syntax_err("Invalid left-hand side in assignment", span))
            }
            (AssignOp::Binary(bop), Pattern::Ident(id), _)
            | (AssignOp::Binary(bop), _, Some(Expr::Ident(id)))
                if self.plain_writable_register(&id.name).is_some()
                    && writes_no_register(value) =>
            {
                // `x op= v` for a register variable: `v; op x; Star x`.
                let x = self.plain_writable_register(&id.name).unwrap_or_default();
                self.expr(value)?;
                self.mark(span);
                self.emit(binary_instr(bop, Reg(x)));
                self.emit(Instr::Star { dst: Reg(x) });
                Ok(())
            }
            (AssignOp::Binary(bop), _, _) => self.compound_assign(target, span, |e, l| {
                e.expr(value)?;
                e.emit(binary_instr(bop, Reg(l)));
                Ok(None)
            }),
            (AssignOp::Logical(lop), _, _) => {
                let name = match target {
                    Pattern::Ident(id) => id.name.to_string(),
                    _ => String::new(),
                };
                self.compound_assign(target, span, |e, l| {
                    let skip = e.new_label();
                    e.emit(Instr::Ldar { src: Reg(l) });
                    let j = match lop {
                        LogicalOp::And => Instr::JumpIfFalse { target: Label(0) },
                        LogicalOp::Or => Instr::JumpIfTrue { target: Label(0) },
                        LogicalOp::Nullish => Instr::JumpIfNotNullish { target: Label(0) },
                    };
                    e.jump(j, skip);
                    e.named_expr(value, &name)?;
                    Ok(Some(skip))
                })
            }
        }
    }

    /// Loads the target's current value into a register `l`, runs `op` (which leaves the new
    /// value in acc, or returns a label that skips the store for short-circuits), and stores.
    fn compound_assign(
        &mut self,
        target: &Pattern,
        span: Span,
        op: impl FnOnce(&mut Self, u16) -> CResult<Option<LabelId>>,
    ) -> CResult {
        let mark = self.regs_mark();
        let l = self.temp();
        let target_expr = match target {
            Pattern::Ident(id) => Expr::Ident(id.clone()),
            Pattern::Expr(e) => strip_parens(e).clone(),
            _ => return Err(syntax_err("Invalid left-hand side in assignment", span)),
        };
        match &target_expr {
            Expr::Ident(id) => {
                let r = self.resolve_ref(&id.name);
                self.load_ref(r, &id.name, id.span)?;
                self.emit(Instr::Star { dst: Reg(l) });
                let skip = op(self, l)?;
                self.store_ref(r, &id.name, id.span)?;
                if let Some(s) = skip {
                    let end = self.new_label();
                    self.jump(Instr::Jump { target: Label(0) }, end);
                    self.bind(s);
                    self.emit(Instr::Ldar { src: Reg(l) });
                    self.bind(end);
                }
            }
            Expr::Member {
                object, property, ..
            } => {
                self.expr(object)?;
                let obj = self.temp();
                self.emit(Instr::Star { dst: Reg(obj) });
                let key = self.temp();
                match property {
                    MemberProperty::Ident(id) => {
                        let k = self.name_const(&id.name);
                        self.emit(Instr::LdaConst { k });
                    }
                    MemberProperty::Computed(e) => {
                        // GetValue: the base is checked before the key is converted.
                        self.expr(e)?;
                        self.emit(Instr::Star { dst: Reg(key) });
                        self.emit(Instr::Ldar { src: Reg(obj) });
                        self.emit(Instr::RequireObjectCoercible {});
                        self.emit(Instr::Ldar { src: Reg(key) });
                        self.emit(Instr::ToPropertyKey {});
                    }
                    MemberProperty::Private(id) => self.load_name(&id.name, id.span)?,
                }
                self.emit(Instr::Star { dst: Reg(key) });
                self.mark(span);
                self.emit(Instr::GetKeyed { obj: Reg(obj) });
                self.emit(Instr::Star { dst: Reg(l) });
                let skip = op(self, l)?;
                self.emit(Instr::SetKeyed {
                    obj: Reg(obj),
                    key: Reg(key),
                });
                if let Some(s) = skip {
                    let end = self.new_label();
                    self.jump(Instr::Jump { target: Label(0) }, end);
                    self.bind(s);
                    self.emit(Instr::Ldar { src: Reg(l) });
                    self.bind(end);
                }
            }
            Expr::SuperMember {
                property,
                span: sspan,
            } => {
                let (func, this, key) = self.super_reference(property, *sspan)?;
                self.emit(Instr::GetSuperKeyed {
                    func: Reg(func),
                    this: Reg(this),
                    key: Reg(key),
                });
                self.emit(Instr::Star { dst: Reg(l) });
                let skip = op(self, l)?;
                self.emit(Instr::SetSuper {
                    func: Reg(func),
                    this: Reg(this),
                    key: Reg(key),
                });
                if let Some(s) = skip {
                    let end = self.new_label();
                    self.jump(Instr::Jump { target: Label(0) }, end);
                    self.bind(s);
                    self.emit(Instr::Ldar { src: Reg(l) });
                    self.bind(end);
                }
            }
            _ => return Err(syntax_err("Invalid left-hand side in assignment", span)),
        }
        self.release(mark);
        Ok(())
    }

    /// A super property reference for a read-modify-write: R[func], R[this] and the
    /// (unconverted) key in three registers.
    fn super_reference(
        &mut self,
        property: &MemberProperty,
        span: Span,
    ) -> CResult<(u16, u16, u16)> {
        let (func, this, key) = (self.temp(), self.temp(), self.temp());
        self.load_name(FUNC, span)?;
        self.emit(Instr::Star { dst: Reg(func) });
        self.load_name(THIS, span)?;
        self.emit(Instr::Star { dst: Reg(this) });
        self.super_key(property)?;
        self.emit(Instr::Star { dst: Reg(key) });
        Ok((func, this, key))
    }

    fn template(&mut self, t: &Template) -> CResult {
        let mark = self.regs_mark();
        let acc = self.temp();
        let first = t.quasis[0].cooked.clone().unwrap_or_default();
        let k = self.string_const(&first);
        self.emit(Instr::LdaConst { k });
        self.emit(Instr::Star { dst: Reg(acc) });
        for (e, q) in t.expressions.iter().zip(&t.quasis[1..]) {
            self.expr(e)?;
            self.emit(Instr::ToStringOp {});
            self.emit(Instr::Add { lhs: Reg(acc) });
            self.emit(Instr::Star { dst: Reg(acc) });
            let s = q.cooked.clone().unwrap_or_default();
            if !s.is_empty() {
                let k = self.string_const(&s);
                self.emit(Instr::LdaConst { k });
                self.emit(Instr::Add { lhs: Reg(acc) });
                self.emit(Instr::Star { dst: Reg(acc) });
            }
        }
        self.emit(Instr::Ldar { src: Reg(acc) });
        self.release(mark);
        Ok(())
    }

    fn tagged_template(&mut self, tag: &Expr, quasi: &Template, span: Span) -> CResult {
        let mark = self.regs_mark();
        let (c, this) = (self.temp(), self.temp());
        if let Expr::Member {
            object, property, ..
        } = strip_parens(tag)
        {
            self.expr(object)?;
            self.emit(Instr::Star { dst: Reg(this) });
            self.load_member(this, property, span)?;
        } else {
            self.expr(tag)?;
            self.emit(Instr::Star { dst: Reg(c) });
            self.emit(Instr::LdaUndefined {});
            self.emit(Instr::Star { dst: Reg(this) });
            self.emit(Instr::Ldar { src: Reg(c) });
        }
        self.emit(Instr::Star { dst: Reg(c) });
        let args = self.temps(1 + quasi.expressions.len() as u16);
        let k = self.constant(Constant::Template {
            cooked: quasi
                .quasis
                .iter()
                .map(|q| q.cooked.as_ref().map(|s| s.to_vec()))
                .collect(),
            raw: quasi.quasis.iter().map(|q| q.raw.to_vec()).collect(),
        });
        self.emit(Instr::GetTemplateObject { k });
        self.emit(Instr::Star { dst: Reg(args) });
        for (i, e) in quasi.expressions.iter().enumerate() {
            self.expr(e)?;
            self.emit(Instr::Star {
                dst: Reg(args + 1 + i as u16),
            });
        }
        self.mark(span);
        self.emit(Instr::Call {
            callee: Reg(c),
            this: Reg(this),
            args: Reg(args),
            argc: Count(1 + quasi.expressions.len() as u16),
        });
        self.release(mark);
        Ok(())
    }

    fn array_literal(&mut self, elems: &[ArrayElement]) -> CResult {
        let mark = self.regs_mark();
        let arr = self.temp();
        self.emit(Instr::CreateArray {
            size: Count(literal_size(elems.len())),
        });
        self.emit(Instr::Star { dst: Reg(arr) });
        for el in elems {
            match el {
                ArrayElement::Expr(e) => {
                    self.expr(e)?;
                    self.emit(Instr::ArrayPush { arr: Reg(arr) });
                }
                ArrayElement::Spread(e) => {
                    self.expr(e)?;
                    self.emit(Instr::ArraySpread { arr: Reg(arr) });
                }
                ArrayElement::Hole(_) => self.emit(Instr::ArrayHole { arr: Reg(arr) }),
            }
        }
        self.emit(Instr::Ldar { src: Reg(arr) });
        self.release(mark);
        Ok(())
    }

    /// Loads a property name as a property key into acc; returns its static string form (for
    /// function names) when it has one.
    fn property_key(&mut self, key: &PropertyName) -> CResult<Option<String>> {
        match key {
            PropertyName::String(s, _) => {
                let k = self.string_const(s);
                self.emit(Instr::LdaConst { k });
                Ok(Some(String::from_utf16_lossy(s)))
            }
            PropertyName::Number(n, _) => {
                self.number(*n);
                self.emit(Instr::ToPropertyKey {});
                Ok(Some(number_to_name(*n)))
            }
            PropertyName::BigInt(b, _) => {
                let s: Vec<u16> = b.encode_utf16().collect();
                let k = self.string_const(&s);
                self.emit(Instr::LdaConst { k });
                Ok(Some(b.to_string()))
            }
            PropertyName::Computed(e) => {
                self.expr(e)?;
                self.emit(Instr::ToPropertyKey {});
                Ok(None)
            }
        }
    }

    fn object_literal(&mut self, props: &[ObjectProperty]) -> CResult {
        let mark = self.regs_mark();
        let obj = self.temp();
        self.emit(Instr::CreateObject {
            size: Count(literal_size(props.len())),
        });
        self.emit(Instr::Star { dst: Reg(obj) });
        for p in props {
            match p {
                ObjectProperty::KeyValue(key, value, _) => {
                    if let PropertyName::String(s, _) = key {
                        let name = String::from_utf16_lossy(s);
                        self.named_expr(value, &name)?;
                        let k = self.string_const(s);
                        self.emit(Instr::DefineNamed {
                            obj: Reg(obj),
                            name: k,
                        });
                        continue;
                    }
                    let kr = self.temp();
                    let name = self.property_key(key)?;
                    self.emit(Instr::Star { dst: Reg(kr) });
                    match name {
                        Some(n) => self.named_expr(value, &n)?,
                        None => {
                            self.expr(value)?;
                            if is_anonymous_function_definition(value) {
                                self.emit(Instr::SetFunctionName { key: Reg(kr) });
                            }
                        }
                    }
                    self.emit(Instr::DefineKeyed {
                        obj: Reg(obj),
                        key: Reg(kr),
                    });
                    self.release(kr);
                }
                ObjectProperty::Shorthand(id) => {
                    self.load_name(&id.name, id.span)?;
                    let k = self.name_const(&id.name);
                    self.emit(Instr::DefineNamed {
                        obj: Reg(obj),
                        name: k,
                    });
                }
                ObjectProperty::Method(key, f, _) => {
                    let kr = self.temp();
                    let name = self.property_key(key)?;
                    self.emit(Instr::Star { dst: Reg(kr) });
                    let fname = name.unwrap_or_default();
                    self.closure(f, &fname)?;
                    match f.kind {
                        FunctionKind::Getter => self.emit(Instr::DefineAccessor {
                            obj: Reg(obj),
                            key: Reg(kr),
                            kind: Imm(0),
                        }),
                        FunctionKind::Setter => self.emit(Instr::DefineAccessor {
                            obj: Reg(obj),
                            key: Reg(kr),
                            kind: Imm(1),
                        }),
                        _ => self.emit(Instr::DefineMethod {
                            obj: Reg(obj),
                            key: Reg(kr),
                            enumerable: Imm(1),
                        }),
                    }
                    self.release(kr);
                }
                ObjectProperty::Spread(e, _) => {
                    self.expr(e)?;
                    self.emit(Instr::CopyDataProperties { obj: Reg(obj) });
                }
                ObjectProperty::Proto(e, _) => {
                    self.expr(e)?;
                    self.emit(Instr::SetProto { obj: Reg(obj) });
                }
            }
        }
        self.emit(Instr::Ldar { src: Reg(obj) });
        self.release(mark);
        Ok(())
    }

    /// ClassDefinitionEvaluation, with the decorators proposal's steps: decorator
    /// expressions are evaluated with the elements (DecoratorListEvaluation), then applied once
    /// every element is defined (ApplyDecoratorsToElementDefinition, static methods first, then
    /// instance methods, static fields, instance fields), then the class decorators
    /// (ApplyDecoratorsToClassDefinition). Auto-accessors (`accessor x = v`) become a private
    /// storage field and a getter/setter pair that reads and writes it.
    /// <https://tc39.es/ecma262/#sec-runtime-semantics-classdefinitionevaluation>,
    /// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-runtime-semantics-classdefinitionevaluation>
    pub(crate) fn class(&mut self, c: &Class, name: &str) -> CResult {
        let mark = self.regs_mark();
        // DecoratorListEvaluation of the class's own decorators comes first, outside the class
        // scope (BindingClassDeclarationEvaluation step 1, ClassExpression evaluation step 1).
        let class_decs = if c.decorators.is_empty() {
            None
        } else {
            Some(self.decorator_list(&c.decorators)?)
        };
        // The class scope binds the class name (inner, immutable) for the class body.
        let inner_name = c.name.as_ref().map(|n| n.name.clone());
        // Auto-accessors become a storage field and accessors (see `desugar_auto_accessors`).
        let (mut members, decor) = desugar_auto_accessors(&c.members);
        // The class scope: the inner name and the class's private names (each evaluation of
        // the class creates new Private Names).
        let mut private_names: Vec<Rc<str>> = Vec::new();
        for m in &members {
            let key = match m {
                ClassMember::Method { key, .. } | ClassMember::Field { key, .. } => key,
                ClassMember::StaticBlock(..) => continue,
            };
            if let PropertyKey::Private(id) = key {
                if !private_names.contains(&id.name) {
                    private_names.push(id.name.clone());
                }
            }
        }
        let mut scope_names: Vec<(Rc<str>, BindKind)> = Vec::new();
        if let Some(n) = &inner_name {
            scope_names.push((n.clone(), BindKind::Const));
        }
        for n in &private_names {
            scope_names.push((n.clone(), BindKind::Const));
        }
        // ClassFieldDefinitionEvaluation: a field's computed key is evaluated (and converted
        // with ToPropertyKey) once, with the other elements in order; the initializers read
        // it from a hidden binding of the class scope. (An auto-accessor's computed key is
        // read the same way by its getter and setter.)
        let mut field_keys: Vec<Option<(Rc<str>, Expr)>> = vec![None; members.len()];
        for (i, m) in members.iter_mut().enumerate() {
            if let ClassMember::Field {
                key: PropertyKey::Public(PropertyName::Computed(e)),
                span,
                ..
            } = m
            {
                let hidden: Rc<str> = format!("{FIELD_KEY}{i}").into();
                let ident = Expr::Ident(Identifier {
                    name: hidden.clone(),
                    span: *span,
                });
                let original = std::mem::replace(&mut **e, ident);
                scope_names.push((hidden.clone(), BindKind::Const));
                field_keys[i] = Some((hidden, original));
            }
        }
        for (i, d) in decor.iter().enumerate() {
            if let Some(d) = d {
                // An auto-accessor's computed key is evaluated once, at the accessor's place;
                // its getter and setter (members i+1, i+2) read it.
                if let Some(PropertyKey::Public(PropertyName::Computed(e))) = &d.accessor_key {
                    let hidden: Rc<str> = format!("{FIELD_KEY}{i}").into();
                    scope_names.push((hidden.clone(), BindKind::Const));
                    field_keys[i] = Some((hidden.clone(), (**e).clone()));
                    for j in [i + 1, i + 2] {
                        if let Some(ClassMember::Method { key, span, .. }) = members.get_mut(j) {
                            *key = PropertyKey::Public(PropertyName::Computed(Box::new(
                                Expr::Ident(Identifier {
                                    name: hidden.clone(),
                                    span: *span,
                                }),
                            )));
                        }
                    }
                }
                let base = decor_base(i);
                if !d.decorators.is_empty() {
                    scope_names.push((format!("{base}d").into(), BindKind::Const));
                    scope_names.push((format!("{base}k").into(), BindKind::Const));
                    if d.kind >= KIND_FIELD {
                        scope_names.push((format!("{base}i").into(), BindKind::Const));
                        scope_names.push((format!("{base}x").into(), BindKind::Const));
                    }
                }
            }
        }
        let decorated = class_decs.is_some()
            || decor
                .iter()
                .any(|d| d.as_ref().is_some_and(|d| !d.decorators.is_empty()));
        let instance_extra: Rc<str> = format!("{FIELD_KEY}_extra").into();
        if decorated {
            scope_names.push((instance_extra.clone(), BindKind::Const));
        }
        let has_scope = !scope_names.is_empty();
        if has_scope {
            self.push_scope(&scope_names);
        }
        for n in &private_names {
            let k = self.name_const(n);
            self.emit(Instr::CreatePrivateName { name: k });
            self.store_name(n, true, c.span)?;
        }
        let parent = self.temp();
        let proto = self.temp();
        let ctor = self.temp();
        match &c.super_class {
            Some(sc) => self.expr(sc)?,
            None => self.emit(Instr::LdaEmpty {}),
        }
        self.emit(Instr::Star { dst: Reg(parent) });
        // The constructor.
        let derived = c.super_class.is_some();
        let ctor_fn = match &c.constructor {
            // The class constructor's source text is the whole class (ClassDefinitionEvaluation
            // step 14.b: F's [[SourceText]] is the ClassDeclaration or ClassExpression).
            Some(f) => Function {
                source: c.source,
                ..(**f).clone()
            },
            None => default_constructor(c, derived),
        };
        self.default_derived_ctor = derived && c.constructor.is_none();
        let code = self.class_constructor(&ctor_fn, name, derived);
        self.default_derived_ctor = false;
        let code = code?;
        let functions = &mut self.f().code.functions;
        functions.push(code);
        let idx = functions.len() as u32 - 1;
        self.emit(Instr::CreateClass {
            func: Func(idx),
            parent: Reg(parent),
            proto: Reg(proto),
        });
        self.emit(Instr::Star { dst: Reg(ctor) });
        // Methods and accessors.
        let mut instance_fields = Vec::new();
        let mut instance_decor = Vec::new();
        let mut static_elements = Vec::new();
        let mut instance_brands: Vec<Rc<str>> = Vec::new();
        let mut static_brands: Vec<Rc<str>> = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let dec = decor[i].as_ref().filter(|d| !d.decorators.is_empty());
            // DecoratorListEvaluation of the element's decorators, before its key.
            if let Some(d) = dec {
                let base = decor_base(i);
                let arr = self.decorator_list(&d.decorators)?;
                self.emit(Instr::Ldar { src: Reg(arr) });
                self.store_name(&format!("{base}d"), true, c.span)?;
            }
            if let Some((hidden, key)) = &field_keys[i] {
                self.expr(key)?;
                self.emit(Instr::ToPropertyKey {});
                self.store_name(hidden, true, key.span())?;
            }
            if let Some(d) = dec {
                // Fields and auto-accessors: their key, for the decorators' context.
                if d.kind >= KIND_FIELD {
                    let key = d.accessor_key.as_ref().unwrap_or(match m {
                        ClassMember::Field { key, .. } => key,
                        _ => unreachable!("a decorated field"),
                    });
                    match (key, &field_keys[i]) {
                        (_, Some((hidden, _))) => self.load_name(hidden, c.span)?,
                        (PropertyKey::Public(k), None) => {
                            self.property_key(k)?;
                        }
                        (PropertyKey::Private(id), None) => self.load_name(&id.name, id.span)?,
                    }
                    self.store_name(&format!("{}k", decor_base(i)), true, c.span)?;
                }
            }
            match m {
                ClassMember::Method {
                    key: PropertyKey::Private(id),
                    is_static,
                    function,
                    ..
                } => {
                    // A private method or accessor: recorded in its Private Name; objects get
                    // its brand when they are initialized.
                    let home = if *is_static { ctor } else { proto };
                    let name_reg = self.temp();
                    self.load_name(&id.name, id.span)?;
                    self.emit(Instr::Star { dst: Reg(name_reg) });
                    if dec.is_some() {
                        self.store_name(&format!("{}k", decor_base(i)), true, c.span)?;
                    }
                    self.closure(function, &id.name)?;
                    let kind = match function.kind {
                        FunctionKind::Getter => 2,
                        FunctionKind::Setter => 3,
                        _ => 1,
                    };
                    self.emit(Instr::SetPrivateMethod {
                        name: Reg(name_reg),
                        home: Reg(home),
                        kind: Imm(kind),
                    });
                    self.release(name_reg);
                    let brands = if *is_static {
                        &mut static_brands
                    } else {
                        &mut instance_brands
                    };
                    if !brands.contains(&id.name) {
                        brands.push(id.name.clone());
                    }
                }
                ClassMember::Method {
                    key,
                    is_static,
                    function,
                    ..
                } => {
                    let PropertyKey::Public(key) = key else {
                        unreachable!()
                    };
                    let target = if *is_static { ctor } else { proto };
                    let kr = self.temp();
                    let fname = self.property_key(key)?;
                    self.emit(Instr::Star { dst: Reg(kr) });
                    if dec.is_some() {
                        self.store_name(&format!("{}k", decor_base(i)), true, c.span)?;
                    }
                    self.closure(function, &fname.unwrap_or_default())?;
                    match function.kind {
                        FunctionKind::Getter => self.emit(Instr::DefineAccessor {
                            obj: Reg(target),
                            key: Reg(kr),
                            kind: Imm(2),
                        }),
                        FunctionKind::Setter => self.emit(Instr::DefineAccessor {
                            obj: Reg(target),
                            key: Reg(kr),
                            kind: Imm(3),
                        }),
                        _ => self.emit(Instr::DefineMethod {
                            obj: Reg(target),
                            key: Reg(kr),
                            enumerable: Imm(0),
                        }),
                    }
                    self.release(kr);
                }
                ClassMember::Field {
                    is_static: false,
                    key,
                    value,
                    span,
                    ..
                } => {
                    instance_fields.push((key, value, *span));
                    instance_decor.push(dec.map(|_| Rc::<str>::from(decor_base(i))));
                }
                ClassMember::Field { span, .. } | ClassMember::StaticBlock(_, span) => {
                    static_elements.push((m, *span, dec.map(|_| Rc::<str>::from(decor_base(i)))))
                }
            }
        }
        // The decorators are applied once every element is defined.
        let mut static_extra = None;
        let mut class_extra = None;
        let mut result = ctor;
        if decorated {
            let meta = self.temp();
            self.emit(Instr::DecoratorOp {
                op: Imm(decorator_op::CREATE_METADATA),
                args: Reg(parent),
            });
            self.emit(Instr::Star { dst: Reg(meta) });
            self.emit(Instr::CreateArray { size: Count(0) });
            self.store_name(&instance_extra, true, c.span)?;
            let se = self.temp();
            self.emit(Instr::CreateArray { size: Count(0) });
            self.emit(Instr::Star { dst: Reg(se) });
            static_extra = Some(se);
            // Static methods and accessors, instance ones, static fields, instance fields.
            for pass in 0..4 {
                for (i, d) in decor.iter().enumerate() {
                    let Some(d) = d.as_ref().filter(|d| !d.decorators.is_empty()) else {
                        continue;
                    };
                    let field = d.kind == KIND_FIELD;
                    let wanted = match pass {
                        0 => d.is_static && !field,
                        1 => !d.is_static && !field,
                        2 => d.is_static && field,
                        _ => !d.is_static && field,
                    };
                    if !wanted {
                        continue;
                    }
                    let base = decor_base(i);
                    let m2 = self.regs_mark();
                    let args = self.temps(8);
                    self.load_name(&format!("{base}d"), c.span)?;
                    self.emit(Instr::Star { dst: Reg(args) });
                    self.load_name(&format!("{base}k"), c.span)?;
                    self.emit(Instr::Star { dst: Reg(args + 2) });
                    let home = if d.is_static { ctor } else { proto };
                    self.emit(Instr::Mov {
                        dst: Reg(args + 1),
                        src: Reg(home),
                    });
                    self.emit(Instr::LdaSmi {
                        value: Imm(d.kind as i32),
                    });
                    self.emit(Instr::Star { dst: Reg(args + 3) });
                    self.emit(if d.is_static {
                        Instr::LdaTrue {}
                    } else {
                        Instr::LdaFalse {}
                    });
                    self.emit(Instr::Star { dst: Reg(args + 4) });
                    self.emit(Instr::Mov {
                        dst: Reg(args + 5),
                        src: Reg(meta),
                    });
                    if d.kind >= KIND_FIELD {
                        // A field's or accessor's own initializers and extra initializers.
                        self.emit(Instr::CreateArray { size: Count(0) });
                        self.emit(Instr::Star { dst: Reg(args + 6) });
                        self.store_name(&format!("{base}x"), true, c.span)?;
                        self.emit(Instr::CreateArray { size: Count(0) });
                        self.emit(Instr::Star { dst: Reg(args + 7) });
                        self.store_name(&format!("{base}i"), true, c.span)?;
                    } else {
                        if d.is_static {
                            self.emit(Instr::Ldar { src: Reg(se) });
                        } else {
                            self.load_name(&instance_extra, c.span)?;
                        }
                        self.emit(Instr::Star { dst: Reg(args + 6) });
                        self.emit(Instr::LdaUndefined {});
                        self.emit(Instr::Star { dst: Reg(args + 7) });
                    }
                    self.emit(Instr::DecoratorOp {
                        op: Imm(decorator_op::APPLY_ELEMENT),
                        args: Reg(args),
                    });
                    self.release(m2);
                }
            }
            // ApplyDecoratorsToClassDefinition (also defines F[Symbol.metadata]).
            let r = self.temp();
            let ce = self.temp();
            let args = self.temps(5);
            match class_decs {
                Some(arr) => self.emit(Instr::Ldar { src: Reg(arr) }),
                None => self.emit(Instr::LdaUndefined {}),
            }
            self.emit(Instr::Star { dst: Reg(args) });
            self.emit(Instr::Mov {
                dst: Reg(args + 1),
                src: Reg(ctor),
            });
            self.emit(Instr::Mov {
                dst: Reg(args + 2),
                src: Reg(meta),
            });
            self.emit(Instr::CreateArray { size: Count(0) });
            self.emit(Instr::Star { dst: Reg(ce) });
            self.emit(Instr::Star { dst: Reg(args + 3) });
            if name.is_empty() {
                self.emit(Instr::LdaUndefined {});
            } else {
                let k = self.string_const(&name.encode_utf16().collect::<Vec<u16>>());
                self.emit(Instr::LdaConst { k });
            }
            self.emit(Instr::Star { dst: Reg(args + 4) });
            self.emit(Instr::DecoratorOp {
                op: Imm(decorator_op::CLASS),
                args: Reg(args),
            });
            self.emit(Instr::Star { dst: Reg(r) });
            result = r;
            class_extra = Some(ce);
        }
        // Instance fields: one initializer method, run on `this` by InitFields.
        if !instance_fields.is_empty() || !instance_brands.is_empty() || decorated {
            self.field_brands = instance_brands;
            self.field_decor = instance_decor;
            self.field_extra = decorated.then(|| instance_extra.clone());
            let init = self.fields_initializer(&instance_fields, c.span)?;
            let functions = &mut self.f().code.functions;
            functions.push(init);
            let idx = functions.len() as u32 - 1;
            self.emit(Instr::CreateClosure { func: Func(idx) });
            let home = self.temp();
            self.emit(Instr::Star { dst: Reg(home) });
            // The initializer's home object is the prototype.
            self.emit(Instr::Ldar { src: Reg(home) });
            self.emit(Instr::SetClassFields { class: Reg(ctor) });
        }
        if let Some(n) = &inner_name {
            self.emit(Instr::Ldar { src: Reg(result) });
            self.store_name(n, true, c.span)?;
        }
        // Static private methods: the constructor gets their brand.
        for b in &static_brands {
            self.load_name(b, c.span)?;
            self.emit(Instr::PrivateBrandAdd { obj: Reg(ctor) });
        }
        // The extra initializers of static method decorators run before the static fields.
        if let Some(se) = static_extra {
            self.run_extra_initializers(se, ctor)?;
        }
        // Static fields and blocks run now, with `this` = the constructor.
        for (m, span, dec) in static_elements {
            let init = match m {
                ClassMember::Field { key, value, .. } => {
                    self.field_decor = vec![dec];
                    self.fields_initializer(&[(key, value, span)], span)?
                }
                ClassMember::StaticBlock(body, _) => self.static_block(body, span)?,
                _ => unreachable!(),
            };
            let functions = &mut self.f().code.functions;
            functions.push(init);
            let idx = functions.len() as u32 - 1;
            let f = self.temp();
            self.emit(Instr::CreateClosure { func: Func(idx) });
            // ClassStaticBlockDefinitionEvaluation / ClassFieldDefinitionEvaluation: the
            // static initializer's home object is the constructor.
            self.emit(Instr::SetHomeObject { home: Reg(ctor) });
            self.emit(Instr::Star { dst: Reg(f) });
            self.emit(Instr::Call {
                callee: Reg(f),
                this: Reg(ctor),
                args: Reg(f),
                argc: Count(0),
            });
            self.release(f);
        }
        // The class decorators' extra initializers run last, on the decorated class.
        if let Some(ce) = class_extra {
            self.run_extra_initializers(ce, result)?;
        }
        self.emit(Instr::Ldar { src: Reg(result) });
        if has_scope {
            self.pop_scope();
        }
        self.release(mark);
        Ok(())
    }

    /// DecoratorListEvaluation: the decorators' values, in order, in a new array register.
    /// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-runtime-semantics-decoratorlistevaluation>
    fn decorator_list(&mut self, decorators: &[Expr]) -> CResult<u16> {
        let arr = self.temp();
        self.emit(Instr::CreateArray {
            size: Count(decorators.len().min(u16::MAX as usize) as u16),
        });
        self.emit(Instr::Star { dst: Reg(arr) });
        for d in decorators {
            self.expr(d)?;
            self.emit(Instr::ArrayPush { arr: Reg(arr) });
        }
        Ok(arr)
    }

    /// Calls each function of the array R[list] with `this` R[receiver].
    fn run_extra_initializers(&mut self, list: u16, receiver: u16) -> CResult {
        let m = self.regs_mark();
        let args = self.temps(2);
        self.emit(Instr::Mov {
            dst: Reg(args),
            src: Reg(list),
        });
        self.emit(Instr::Mov {
            dst: Reg(args + 1),
            src: Reg(receiver),
        });
        self.emit(Instr::DecoratorOp {
            op: Imm(decorator_op::RUN_EXTRA),
            args: Reg(args),
        });
        self.release(m);
        Ok(())
    }

    fn class_constructor(
        &mut self,
        f: &Function,
        name: &str,
        derived: bool,
    ) -> CResult<FunctionCode> {
        // Mark the next function state as a derived constructor before its body is emitted.
        let mut f = f.clone();
        f.kind = FunctionKind::ClassConstructor;
        f.strict = true;
        self.pending_derived = derived;
        let mut code = self.function(&f, name)?;
        if derived {
            code.flags |= flags::DERIVED;
        }
        Ok(code)
    }

    /// A method that defines the given fields on `this`.
    fn fields_initializer(
        &mut self,
        fields: &[(&PropertyKey, &Option<Expr>, Span)],
        span: Span,
    ) -> CResult<FunctionCode> {
        // Built directly as bytecode: evaluate each key and value, define on `this`.
        let wrapper = Function {
            name: None,
            kind: FunctionKind::ClassFieldInit,
            is_async: false,
            is_generator: false,
            params: Vec::new(),
            body: FunctionBody::Block(Vec::new()),
            strict: true,
            simple_params: true,
            source: span,
            span,
        };
        self.field_defs = Some(
            fields
                .iter()
                .map(|(k, v, s)| ((*k).clone(), (*v).clone(), *s))
                .collect(),
        );
        self.function(&wrapper, "")
    }

    fn static_block(&mut self, body: &[Stmt], span: Span) -> CResult<FunctionCode> {
        let wrapper = Function {
            name: None,
            kind: FunctionKind::ClassFieldInit,
            is_async: false,
            is_generator: false,
            params: Vec::new(),
            body: FunctionBody::Block(body.to_vec()),
            strict: true,
            simple_params: true,
            source: span,
            span,
        };
        self.function(&wrapper, "")
    }
}

/// The element kinds of [`decorator_op::APPLY_ELEMENT`] (the context's `kind`).
const KIND_FIELD: u8 = 3;
const KIND_ACCESSOR: u8 = 4;

/// A class element's decorators, after auto-accessors are desugared.
struct DecorInfo {
    decorators: Vec<Expr>,
    /// 0 method, 1 getter, 2 setter, [`KIND_FIELD`], [`KIND_ACCESSOR`].
    kind: u8,
    is_static: bool,
    /// For an auto-accessor (whose member is its storage field): the accessor's own key.
    accessor_key: Option<PropertyKey>,
}

/// The prefix of the hidden class-scope bindings of member `i`'s decorators: `d` the
/// decorators, `k` the key, `i` and `x` a field's initializers and extra initializers.
fn decor_base(i: usize) -> String {
    format!("{FIELD_KEY}_d{i}")
}

/// Auto-accessors (<https://arai-a.github.io/ecma262-compare/?pr=2417#sec-runtime-semantics-classelementevaluation>,
/// ClassFieldDefinition with `accessor`): `accessor k = v` becomes a private storage field
/// `#k' = v` followed by `get k() { return this.#k'; }` and `set k(v) { this.#k' = v; }`.
/// Returns the members and, per member, its decorators (an accessor's sit on its storage
/// field).
fn desugar_auto_accessors(members: &[ClassMember]) -> (Vec<ClassMember>, Vec<Option<DecorInfo>>) {
    let mut out = Vec::with_capacity(members.len());
    let mut decor = Vec::with_capacity(members.len());
    for (n, m) in members.iter().enumerate() {
        match m {
            ClassMember::Field {
                key,
                is_static,
                value,
                is_accessor: true,
                decorators,
                span,
            } => {
                let span = *span;
                let storage = Identifier {
                    name: format!("#%accessor{n}").into(),
                    span,
                };
                let this_storage = || Expr::Member {
                    object: Box::new(Expr::This(span)),
                    property: MemberProperty::Private(storage.clone()),
                    optional: false,
                    span,
                };
                let function = |kind, params: Vec<Param>, body: Vec<Stmt>| Function {
                    name: None,
                    kind,
                    is_async: false,
                    is_generator: false,
                    params,
                    body: FunctionBody::Block(body),
                    strict: true,
                    simple_params: true,
                    source: span,
                    span,
                };
                let v = Identifier {
                    name: "v".into(),
                    span,
                };
                let getter = function(
                    FunctionKind::Getter,
                    Vec::new(),
                    vec![Stmt::Return(Some(this_storage()), span)],
                );
                let setter = function(
                    FunctionKind::Setter,
                    vec![Param {
                        pattern: Pattern::Ident(v.clone()),
                        default: None,
                        rest: false,
                        span,
                    }],
                    vec![Stmt::Expr(
                        Expr::Assign {
                            op: AssignOp::Assign,
                            target: Box::new(Pattern::Expr(Box::new(this_storage()))),
                            value: Box::new(Expr::Ident(v)),
                            span,
                        },
                        span,
                    )],
                );
                out.push(ClassMember::Field {
                    key: PropertyKey::Private(storage.clone()),
                    is_static: *is_static,
                    value: value.clone(),
                    is_accessor: false,
                    decorators: Vec::new(),
                    span,
                });
                decor.push(Some(DecorInfo {
                    decorators: decorators.clone(),
                    kind: KIND_ACCESSOR,
                    is_static: *is_static,
                    accessor_key: Some(key.clone()),
                }));
                for f in [getter, setter] {
                    out.push(ClassMember::Method {
                        key: key.clone(),
                        is_static: *is_static,
                        function: Rc::new(f),
                        decorators: Vec::new(),
                        span,
                    });
                    decor.push(None);
                }
            }
            ClassMember::Method {
                is_static,
                function,
                decorators,
                ..
            } => {
                out.push(m.clone());
                decor.push((!decorators.is_empty()).then(|| DecorInfo {
                    decorators: decorators.clone(),
                    kind: match function.kind {
                        FunctionKind::Getter => 1,
                        FunctionKind::Setter => 2,
                        _ => 0,
                    },
                    is_static: *is_static,
                    accessor_key: None,
                }));
            }
            ClassMember::Field {
                is_static,
                decorators,
                ..
            } => {
                out.push(m.clone());
                decor.push((!decorators.is_empty()).then(|| DecorInfo {
                    decorators: decorators.clone(),
                    kind: KIND_FIELD,
                    is_static: *is_static,
                    accessor_key: None,
                }));
            }
            ClassMember::StaticBlock(..) => {
                out.push(m.clone());
                decor.push(None);
            }
        }
    }
    (out, decor)
}

/// `constructor() {}` or `constructor(...args) { super(...args); }`.
fn default_constructor(c: &Class, derived: bool) -> Function {
    let span = c.span;
    let (params, body) = if derived {
        let args = Identifier {
            name: "args".into(),
            span,
        };
        (
            vec![Param {
                pattern: Pattern::Ident(args.clone()),
                default: None,
                rest: true,
                span,
            }],
            vec![Stmt::Expr(
                Expr::SuperCall {
                    arguments: vec![Argument::Spread(Expr::Ident(args))],
                    span,
                },
                span,
            )],
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Function {
        name: None,
        kind: FunctionKind::ClassConstructor,
        is_async: false,
        is_generator: false,
        params,
        body: FunctionBody::Block(body),
        strict: true,
        simple_params: !derived,
        source: c.source,
        span,
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

/// LexicallyScopedDeclarations of a statement list: `let`, `const` and `class` names.
/// (Function declarations in blocks are handled by [`Emitter::block`].)
/// Whether a statement list declares `using` bindings directly: `Some(true)` if one of them is
/// an `await using`.
pub(crate) fn using_scope(body: &[Stmt]) -> Option<bool> {
    let mut found = None;
    for s in body {
        if let Stmt::VarDecl(d) = s {
            match d.kind {
                VarKind::AwaitUsing => found = Some(true),
                VarKind::Using => found = Some(found.unwrap_or(false)),
                _ => {}
            }
        }
    }
    found
}

pub(crate) fn lexically_scoped_names(body: &[Stmt]) -> Vec<(Rc<str>, BindKind)> {
    let mut out = Vec::new();
    for s in body {
        match s {
            Stmt::VarDecl(d) if d.kind != VarKind::Var => {
                let kind = if d.kind == VarKind::Let {
                    BindKind::Let
                } else {
                    BindKind::Const
                };
                let mut names = Vec::new();
                for decl in &d.declarations {
                    bound_names(&decl.target, &mut names);
                }
                out.extend(names.into_iter().map(|n| (n, kind)));
            }
            Stmt::ClassDecl(c) => {
                if let Some(n) = &c.name {
                    out.push((n.name.clone(), BindKind::Let));
                }
            }
            _ => {}
        }
    }
    out
}

/// VarDeclaredNames: `var` names anywhere in the body except inside nested functions.
pub(crate) fn var_scoped_names(body: &[Stmt], out: &mut Vec<Rc<str>>) {
    for s in body {
        var_names_stmt(s, out);
    }
}

fn var_names_stmt(s: &Stmt, out: &mut Vec<Rc<str>>) {
    let var_decl = |d: &VarDecl, out: &mut Vec<Rc<str>>| {
        if d.kind == VarKind::Var {
            for decl in &d.declarations {
                bound_names(&decl.target, out);
            }
        }
    };
    match s {
        Stmt::VarDecl(d) => var_decl(d, out),
        Stmt::Block(b) => var_scoped_names(&b.body, out),
        Stmt::If {
            consequent,
            alternate,
            ..
        } => {
            var_names_stmt(consequent, out);
            if let Some(a) = alternate {
                var_names_stmt(a, out);
            }
        }
        Stmt::For { init, body, .. } => {
            if let Some(ForInit::VarDecl(d)) = init {
                var_decl(d, out);
            }
            var_names_stmt(body, out);
        }
        Stmt::ForIn { left, body, .. } | Stmt::ForOf { left, body, .. } => {
            if let ForHead::VarDecl(d) = left {
                var_decl(d, out);
            }
            var_names_stmt(body, out);
        }
        Stmt::While { body, .. }
        | Stmt::DoWhile { body, .. }
        | Stmt::Labeled { body, .. }
        | Stmt::With { body, .. } => var_names_stmt(body, out),
        Stmt::Switch { cases, .. } => {
            for c in cases {
                var_scoped_names(&c.consequent, out);
            }
        }
        Stmt::Try {
            block,
            handler,
            finalizer,
            ..
        } => {
            var_scoped_names(&block.body, out);
            if let Some(h) = handler {
                var_scoped_names(&h.body.body, out);
            }
            if let Some(f) = finalizer {
                var_scoped_names(&f.body, out);
            }
        }
        _ => {}
    }
}

/// The names of plain function declarations nested in blocks (not at the top level, not in
/// nested functions) that Annex B.3.2 also binds as vars: those for which replacing the
/// declaration with `var F` would not be an early error (no enclosing block declares `F`
/// lexically).
fn annex_b_functions(body: &[Stmt], nested: bool, out: &mut Vec<Rc<str>>) {
    annex_b_list(body, nested, &[], out);
}

fn declared_lexically(d: &VarDecl) -> Vec<Rc<str>> {
    let mut names = Vec::new();
    if d.kind != VarKind::Var {
        for decl in &d.declarations {
            bound_names(&decl.target, &mut names);
        }
    }
    names
}

/// A statement list: a block's own lexical names (including its function declarations)
/// enclose what is nested in it.
fn annex_b_list(body: &[Stmt], nested: bool, outer: &[Rc<str>], out: &mut Vec<Rc<str>>) {
    if !nested {
        for s in body {
            annex_b_stmt(s, outer, out);
        }
        return;
    }
    let mut lexical: Vec<Rc<str>> = lexically_scoped_names(body)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let mut own_functions = Vec::new();
    for s in body {
        if let Stmt::FunctionDecl(f) = s {
            if let Some(n) = &f.name {
                own_functions.push(n.name.clone());
                if !f.is_async
                    && !f.is_generator
                    && !outer.contains(&n.name)
                    && !out.contains(&n.name)
                {
                    out.push(n.name.clone());
                }
            }
        }
    }
    lexical.extend(own_functions);
    let mut inner: Vec<Rc<str>> = outer.to_vec();
    inner.extend(lexical);
    for s in body {
        if !matches!(s, Stmt::FunctionDecl(_)) {
            annex_b_stmt(s, &inner, out);
        }
    }
}

fn annex_b_stmt(s: &Stmt, outer: &[Rc<str>], out: &mut Vec<Rc<str>>) {
    match s {
        Stmt::Block(b) => annex_b_list(&b.body, true, outer, out),
        Stmt::If {
            consequent,
            alternate,
            ..
        } => {
            annex_b_list(std::slice::from_ref(consequent), true, outer, out);
            if let Some(a) = alternate {
                annex_b_list(std::slice::from_ref(a), true, outer, out);
            }
        }
        Stmt::For { init, body, .. } => {
            let mut inner = outer.to_vec();
            if let Some(ForInit::VarDecl(d)) = init {
                inner.extend(declared_lexically(d));
            }
            annex_b_stmt(body, &inner, out);
        }
        Stmt::ForIn { left, body, .. } | Stmt::ForOf { left, body, .. } => {
            let mut inner = outer.to_vec();
            if let ForHead::VarDecl(d) = left {
                inner.extend(declared_lexically(d));
            }
            annex_b_stmt(body, &inner, out);
        }
        Stmt::While { body, .. } | Stmt::DoWhile { body, .. } | Stmt::With { body, .. } => {
            annex_b_stmt(body, outer, out)
        }
        Stmt::Labeled { body, .. } => annex_b_stmt(body, outer, out),
        Stmt::Switch { cases, .. } => {
            let all: Vec<Stmt> = cases.iter().flat_map(|c| c.consequent.clone()).collect();
            annex_b_list(&all, true, outer, out);
        }
        Stmt::Try {
            block,
            handler,
            finalizer,
            ..
        } => {
            annex_b_list(&block.body, true, outer, out);
            if let Some(h) = handler {
                // B.3.4: a simple catch parameter does not block the var; a pattern does.
                let mut inner = outer.to_vec();
                if let Some(p) = &h.param {
                    if !matches!(p, Pattern::Ident(_)) {
                        bound_names(p, &mut inner);
                    }
                }
                annex_b_list(&h.body.body, true, &inner, out);
            }
            if let Some(f) = finalizer {
                annex_b_list(&f.body, true, outer, out);
            }
        }
        _ => {}
    }
}

/// The function declarations at the top level of a function or script body, last one wins.
pub(crate) fn hoisted_functions(body: &[Stmt]) -> Vec<&Function> {
    let mut out: Vec<&Function> = Vec::new();
    for s in body {
        let mut s = s;
        while let Stmt::Labeled { body, .. } = s {
            s = body;
        }
        if let Stmt::FunctionDecl(f) = s {
            let name = f.name.as_ref().map(|n| n.name.clone());
            out.retain(|g| g.name.as_ref().map(|n| n.name.clone()) != name);
            out.push(f);
        }
    }
    out
}

/// Does the function's own code (not nested non-arrow functions) mention `name`?
fn mentions_name_directly(params: &[Param], body: &[Stmt], name: &str) -> bool {
    // Reuse the capture analysis: wrap the body in an arrow, whose free names include the
    // function's own references.
    let arrow = Function {
        name: None,
        kind: FunctionKind::Arrow,
        is_async: false,
        is_generator: false,
        params: params.to_vec(),
        body: FunctionBody::Block(body.to_vec()),
        strict: false,
        simple_params: true,
        source: Span::default(),
        span: Span::default(),
    };
    let wrapped = [Stmt::Expr(Expr::Arrow(Rc::new(arrow)), Span::default())];
    scope::captured_by_inner_functions(&[], &wrapped).contains(name)
}

/// The room a literal of `n` properties or elements asks for up front (a hint, capped so a
/// huge literal grows as it is filled rather than reserving everything at once).
fn literal_size(n: usize) -> u16 {
    n.min(1024) as u16
}
