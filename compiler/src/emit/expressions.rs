//! Expressions (ECMA-262 chapter 13): literals, member access, calls (direct eval included),
//! operators, assignment, templates, array and object literals.

use super::*;

impl<'s> Emitter<'s> {
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
    pub(super) fn discarded_expr(&mut self, e: &Expr) -> CResult {
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

    pub(super) fn expr(&mut self, e: &Expr) -> CResult {
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
                // `x OP 5`: the left operand in the accumulator, the literal in the instruction.
                if let Some(smi) = smi_binary_instr(*op, strip_parens(right)) {
                    self.expr(left)?;
                    self.mark(*span);
                    self.emit(smi);
                    return Ok(());
                }
                let mark = self.regs_mark();
                let l = match self.plain_register(left) {
                    Some(l) if operand_name(left).is_some_and(|n| leaves_binding(right, n)) => l,
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
                self.branch_unless(test, else_)?;
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
                // (The key may assign other variables: `x[++i]` reads `x` in place.)
                let obj = match self.plain_register(object) {
                    Some(r)
                        if !*optional
                            && operand_name(object)
                                .is_some_and(|n| property_leaves_binding(property, n)) =>
                    {
                        r
                    }
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

    /// The scopes a direct eval here can see, innermost first, for [`compile_eval`]: `strict`
    /// if the caller is strict, then the caller's [`EvalContext`] as `@` and flag letters, then
    /// one line per environment, `E`, `W` (with) or `V` (a function's variable environment),
    /// then a tab and `name:slot:kind` entries separated by tabs.
    pub(super) fn eval_scope_descriptor(&self) -> String {
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

    pub(super) fn number(&mut self, n: f64) {
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
                self.emit(if &*id.name == "length" {
                    Instr::GetLength {
                        obj: Reg(obj),
                        name: k,
                        ic,
                    }
                } else {
                    Instr::GetNamed {
                        obj: Reg(obj),
                        name: k,
                        ic,
                    }
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

    pub(super) fn unary(&mut self, op: UnaryOp, arg: &Expr, span: Span) -> CResult {
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
    pub(super) fn update(
        &mut self,
        op: UpdateOp,
        prefix: bool,
        target: &Expr,
        span: Span,
    ) -> CResult {
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
            Expr::Ident(id) => match self.plain_writable_register(&id.name) {
                // A register variable: one instruction.
                Some(x) => {
                    self.emit(match (op, prefix) {
                        (UpdateOp::Increment, true) => Instr::IncReg { reg: Reg(x) },
                        (UpdateOp::Decrement, true) => Instr::DecReg { reg: Reg(x) },
                        (UpdateOp::Increment, false) => Instr::PostIncReg { reg: Reg(x) },
                        (UpdateOp::Decrement, false) => Instr::PostDecReg { reg: Reg(x) },
                    });
                    self.release(mark);
                    return Ok(());
                }
                _ => {
                    let r = self.resolve_ref(&id.name);
                    self.load_ref(r, &id.name, id.span)?;
                    apply(self);
                    self.store_ref(r, &id.name, id.span)?;
                }
            },
            Expr::Member {
                object,
                property: MemberProperty::Ident(id),
                ..
            } => self.named_update(object, &id.name, span, |e| {
                apply(e);
                Ok(())
            })?,
            Expr::Member {
                object, property, ..
            } => {
                self.expr(object)?;
                let obj = self.temp();
                self.emit(Instr::Star { dst: Reg(obj) });
                let key = self.temp();
                match property {
                    // (Taken by the arm above.)
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
    pub(super) fn assign(
        &mut self,
        op: AssignOp,
        target: &Pattern,
        value: &Expr,
        span: Span,
    ) -> CResult {
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
                        if operand_name(object).is_some_and(|n| {
                            property_leaves_binding(property, n) && leaves_binding(value, n)
                        }) =>
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
                    // (SetKeyed does PutValue's steps in order: ToObject of the base, then
                    // ToPropertyKey of the key, then [[Set]].)
                    (_, Some(k)) => {
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
                    && leaves_binding(value, &id.name) =>
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
                self.value_if_skipped(skip, l);
            }
            Expr::Member {
                object,
                property: MemberProperty::Ident(id),
                ..
            } => {
                let skip = self.named_update(object, &id.name, span, |e| {
                    e.emit(Instr::Star { dst: Reg(l) });
                    op(e, l)
                })?;
                self.value_if_skipped(skip, l);
            }
            Expr::Member {
                object, property, ..
            } => {
                self.expr(object)?;
                let obj = self.temp();
                self.emit(Instr::Star { dst: Reg(obj) });
                let key = self.temp();
                match property {
                    // (Taken by the arm above.)
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
                self.value_if_skipped(skip, l);
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
                self.value_if_skipped(skip, l);
            }
            _ => return Err(syntax_err("Invalid left-hand side in assignment", span)),
        }
        self.release(mark);
        Ok(())
    }

    /// `o.name` read into the accumulator, changed there by `modify`, and written back:
    /// `o.name++` and `o.name op= v` through GetNamed and SetNamed, with a cache site each.
    fn named_update<R>(
        &mut self,
        object: &Expr,
        name: &str,
        span: Span,
        modify: impl FnOnce(&mut Self) -> CResult<R>,
    ) -> CResult<R> {
        self.expr(object)?;
        let obj = self.temp();
        self.emit(Instr::Star { dst: Reg(obj) });
        let name = self.name_const(name);
        let (get_ic, set_ic) = (self.ic(), self.ic());
        self.mark(span);
        self.emit(Instr::GetNamed {
            obj: Reg(obj),
            name,
            ic: get_ic,
        });
        let r = modify(self)?;
        self.emit(Instr::SetNamed {
            obj: Reg(obj),
            name,
            ic: set_ic,
        });
        Ok(r)
    }

    /// The end of a logical assignment whose store was skipped (`skip`, from the operator):
    /// its value is the old one, in R[l].
    fn value_if_skipped(&mut self, skip: Option<LabelId>, l: u16) {
        if let Some(s) = skip {
            let end = self.new_label();
            self.jump(Instr::Jump { target: Label(0) }, end);
            self.bind(s);
            self.emit(Instr::Ldar { src: Reg(l) });
            self.bind(end);
        }
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
        // A literal of number literals is one instruction that copies its elements from the
        // constant pool, not an element push each (Splay's `[0, 1, ..., 9]` leaves were 30%
        // of the instructions it ran).
        let numbers: Option<Vec<f64>> = elems
            .iter()
            .map(|el| match el {
                ArrayElement::Expr(Expr::Number(n, _)) => Some(*n),
                _ => None,
            })
            .collect();
        if let Some(numbers) = numbers.filter(|n| n.len() >= 2) {
            let list = self.constant(Constant::Numbers(numbers));
            self.emit(Instr::CreateArrayFromList { list });
            return Ok(());
        }
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
    pub(super) fn property_key(&mut self, key: &PropertyName) -> CResult<Option<String>> {
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
                        let ic = self.ic();
                        self.emit(Instr::DefineNamed {
                            obj: Reg(obj),
                            name: k,
                            ic,
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
                    let ic = self.ic();
                    self.emit(Instr::DefineNamed {
                        obj: Reg(obj),
                        name: k,
                        ic,
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
}
