//! Scripts, eval code and functions: ScriptEvaluation and GlobalDeclarationInstantiation,
//! PerformEval's EvalDeclarationInstantiation, closures, FunctionDeclarationInstantiation and
//! function bodies (async and generator bodies, class field initializers).

use super::*;

impl<'s> Emitter<'s> {
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
            last_instr: None,
            barrier: 0,
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

    pub(super) fn script(&mut self, script: &Script) -> CResult<FunctionCode> {
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
    pub(super) fn eval_script(&mut self, script: &Script, scopes: &str) -> CResult<FunctionCode> {
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
    pub(super) fn function(&mut self, f: &Function, name: &str) -> CResult<FunctionCode> {
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
        // Registers no code of this function has used yet: a call starts every register
        // past the arguments as undefined (`push_frame`, `enter_plain_call`), so a `var`
        // given one needs no initializing `LdaUndefined; Star`.
        let mut fresh = Vec::new();
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
                let unused = self.f().next_reg >= self.f().max_reg;
                let r = self.temp();
                if unused {
                    fresh.push(r);
                }
                Loc::Reg(r)
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
                BindKind::Var if matches!(loc, Loc::Reg(r) if fresh.contains(&r)) => continue,
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
}
