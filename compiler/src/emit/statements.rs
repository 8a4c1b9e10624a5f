//! Statements and declarations (ECMA-262 chapter 14): blocks, `var`/`let`/`const`/`using`
//! declarations and their disposal scopes, labels, loops (`for`, `for-in`, `for-of`), `switch`
//! and `try`.

use super::*;

impl<'s> Emitter<'s> {
    // --- statements ------------------------------------------------------------------------

    pub(super) fn stmts(&mut self, body: &[Stmt]) -> CResult {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    /// A block: its lexical declarations get a scope; its function declarations are hoisted
    /// to the top of the block.
    /// <https://tc39.es/ecma262/#sec-blockdeclarationinstantiation>
    pub(super) fn block(&mut self, body: &[Stmt]) -> CResult {
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
                self.branch_unless(test, else_)?;
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
                self.branch_unless(test, brk)?;
                self.loop_body(body, brk, cont, &[])?;
                self.jump(Instr::Jump { target: Label(0) }, cont);
                self.bind(brk);
            }
            Stmt::DoWhile { body, test, .. } => {
                let (top, brk, cont) = (self.new_label(), self.new_label(), self.new_label());
                self.bind(top);
                self.loop_body(body, brk, cont, &[])?;
                self.bind(cont);
                self.branch_if(test, top)?;
                self.bind(brk);
            }
            Stmt::For {
                init,
                test,
                update,
                body,
                ..
            } => self.for_stmt(
                init.as_deref(),
                test.as_deref(),
                update.as_deref(),
                body,
                &[],
            )?,
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
            } => self.try_stmt(block, handler.as_deref(), finalizer.as_ref())?,
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

    pub(super) fn var_decl(&mut self, d: &VarDecl) -> CResult {
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
            } => self.for_stmt(
                init.as_deref(),
                test.as_deref(),
                update.as_deref(),
                body,
                &labels,
            ),
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
                self.branch_unless(test, brk)?;
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
                self.branch_if(test, top)?;
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
        init: Option<&ForInit>,
        test: Option<&Expr>,
        update: Option<&Expr>,
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
        test: Option<&Expr>,
        update: Option<&Expr>,
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
            self.branch_unless(t, brk)?;
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
    pub(super) fn switch(
        &mut self,
        disc: &Expr,
        cases: &[SwitchCase],
        labels: Vec<Rc<str>>,
    ) -> CResult {
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
}
