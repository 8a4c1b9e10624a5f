//! The early-error pass over the finished AST.
//! <https://tc39.es/ecma262/#early-error>
//!
//! The grammar accepts a superset of the language; this pass rejects what the spec's "Static
//! Semantics: Early Errors" clauses forbid: duplicate and conflicting declarations, strict-mode
//! restrictions, misplaced `super`, `new.target`, `yield`, `await`, `return`, `break` and
//! `continue`, private names, module export rules, and so on. It also computes
//! [`Function::strict`], which needs the enclosing code's strictness.
//!
//! The walk keeps a stack of function contexts ([`FnCtx`]) and a stack of declaration scopes
//! ([`Scope`]). A scope records its lexically declared names up front (they are hoisted), so a
//! `var` found deeper in the tree can be checked against every enclosing block.

use crate::ast::*;
use crate::literals::has_legacy_escape;
use crate::{ParseOptions, SyntaxError};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

type Check = Result<(), SyntaxError>;

fn fail(message: impl Into<String>, span: Span) -> Check {
    Err(SyntaxError::new(message, span))
}

/// What kind of code a function context is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CodeKind {
    Script,
    Module,
    Function,
    Arrow,
    /// A class field initializer.
    FieldInit,
    StaticBlock,
}

/// The context that `yield`, `await`, `super`, `new.target`, `return` and `arguments` depend on.
#[derive(Clone, Copy, Debug)]
struct FnCtx {
    kind: CodeKind,
    strict: bool,
    is_async: bool,
    is_generator: bool,
    in_params: bool,
    super_property: bool,
    super_call: bool,
    new_target: bool,
    /// `arguments` is forbidden (class field initializers and static blocks).
    no_arguments: bool,
    /// Loop and switch nesting and labels, which do not cross function boundaries.
    loop_depth: u32,
    breakable_depth: u32,
    label_base: usize,
}

/// How a name was declared in a scope.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum DeclKind {
    Lexical,
    /// A plain sloppy-mode function declaration in a block (Annex B allows duplicates).
    BlockFunction,
    /// A simple catch parameter (Annex B allows `var` with the same name).
    SimpleCatchParam,
    /// A destructured catch parameter.
    CatchParam,
}

#[derive(Default, Debug)]
struct Scope {
    names: HashMap<Rc<str>, DeclKind>,
    /// This scope is a function's (or script's, module's, static block's) top level.
    function_top: bool,
    /// `var` names declared directly in a function-top scope.
    vars: HashSet<Rc<str>>,
}

struct Label {
    name: Rc<str>,
    is_loop: bool,
}

struct Checker<'s> {
    src: &'s str,
    module: bool,
    fns: Vec<FnCtx>,
    scopes: Vec<Scope>,
    labels: Vec<Label>,
    /// Private names declared by the enclosing class bodies, innermost last.
    classes: Vec<HashSet<Rc<str>>>,
    /// The class whose constructor is being checked has an `extends` clause.
    derived_constructor: bool,
}

/// Checks a Script's early errors and computes `Function::strict`.
pub fn check_script(script: &mut Script, source: &str, options: &ParseOptions) -> Check {
    let mut c = Checker::new(source, false);
    let top = FnCtx {
        kind: CodeKind::Script,
        strict: script.strict,
        is_async: false,
        is_generator: false,
        in_params: false,
        super_property: options.allow_super_property,
        super_call: options.allow_super_call,
        new_target: options.allow_new_target,
        no_arguments: options.in_class_field_init,
        loop_depth: 0,
        breakable_depth: 0,
        label_base: 0,
    };
    if !options.private_names.is_empty() {
        c.classes
            .push(options.private_names.iter().cloned().collect());
    }
    c.fns.push(top);
    c.enter_scope(&script.body, true, false)?;
    c.stmts(&mut script.body)?;
    c.scopes.pop();
    Ok(())
}

/// Checks a Module's early errors and computes `Function::strict`.
pub fn check_module(module: &mut Module, source: &str) -> Check {
    let mut c = Checker::new(source, true);
    c.fns.push(FnCtx {
        kind: CodeKind::Module,
        strict: true,
        is_async: true,
        is_generator: false,
        in_params: false,
        super_property: false,
        super_call: false,
        new_target: false,
        no_arguments: false,
        loop_depth: 0,
        breakable_depth: 0,
        label_base: 0,
    });
    c.module_items(module)
}

impl<'s> Checker<'s> {
    fn new(src: &'s str, module: bool) -> Checker<'s> {
        Checker {
            src,
            module,
            fns: Vec::new(),
            scopes: Vec::new(),
            labels: Vec::new(),
            classes: Vec::new(),
            derived_constructor: false,
        }
    }

    fn ctx(&self) -> FnCtx {
        self.fns.last().copied().unwrap_or(FnCtx {
            kind: CodeKind::Script,
            strict: false,
            is_async: false,
            is_generator: false,
            in_params: false,
            super_property: false,
            super_call: false,
            new_target: false,
            no_arguments: false,
            loop_depth: 0,
            breakable_depth: 0,
            label_base: 0,
        })
    }

    fn ctx_mut(&mut self) -> &mut FnCtx {
        let last = self.fns.len() - 1;
        &mut self.fns[last]
    }

    fn strict(&self) -> bool {
        self.ctx().strict
    }

    fn text(&self, span: Span) -> &'s str {
        self.src
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    // -----------------------------------------------------------------------------------------
    // Identifiers
    // -----------------------------------------------------------------------------------------

    /// Early errors shared by IdentifierReference, BindingIdentifier and LabelIdentifier.
    /// <https://tc39.es/ecma262/#sec-identifiers-static-semantics-early-errors>
    fn ident_common(&self, id: &Identifier) -> Check {
        let ctx = self.ctx();
        let name = &*id.name;
        // Early Error: It is a Syntax Error if this production has a [Yield] parameter or is in
        // strict mode code and StringValue is "yield".
        if name == "yield" && (ctx.strict || ctx.is_generator) {
            return fail("'yield' is not a valid identifier here", id.span);
        }
        // Early Error: It is a Syntax Error if the goal symbol is Module, or this production
        // has an [Await] parameter, and StringValue is "await" (class static blocks too).
        if name == "await" && (self.module || self.await_reserved()) {
            return fail("'await' is not a valid identifier here", id.span);
        }
        // Early Error: It is a Syntax Error if this phrase is contained in strict mode code and
        // the StringValue of IdentifierName is a future reserved word.
        if ctx.strict && is_strict_reserved(name) {
            return fail(
                format!("'{name}' is a reserved word in strict mode"),
                id.span,
            );
        }
        Ok(())
    }

    /// Is `await` reserved here? In async functions and static blocks, and in the parameters
    /// of arrows nested in async arrow parameters (ArrowParameters[?Await]).
    fn await_reserved(&self) -> bool {
        for ctx in self.fns.iter().rev() {
            if ctx.is_async || ctx.kind == CodeKind::StaticBlock {
                return true;
            }
            if !(ctx.kind == CodeKind::Arrow && ctx.in_params) {
                return false;
            }
        }
        false
    }

    fn ident_ref(&self, id: &Identifier) -> Check {
        self.ident_common(id)?;
        // Early Error: It is a Syntax Error if ContainsArguments of a field initializer or a
        // static block is true.
        if &*id.name == "arguments" && self.ctx().no_arguments {
            return fail(
                "'arguments' is not allowed in class field initializers",
                id.span,
            );
        }
        Ok(())
    }

    fn binding_ident(&self, id: &Identifier) -> Check {
        self.ident_common(id)?;
        // Early Error: It is a Syntax Error if the code is strict and StringValue is "eval"
        // or "arguments".
        if self.strict() && matches!(&*id.name, "eval" | "arguments") {
            return fail(format!("cannot bind '{}' in strict mode", id.name), id.span);
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Scopes and declarations
    // -----------------------------------------------------------------------------------------

    /// Pushes a scope for a statement list and declares its lexical names.
    /// `function_top`: a function body, script or static block, where function declarations
    /// are var-scoped.
    fn enter_scope(&mut self, body: &[Stmt], function_top: bool, module: bool) -> Check {
        self.scopes.push(Scope {
            function_top,
            ..Scope::default()
        });
        for stmt in body {
            self.declare_lexical(stmt, function_top && !module)?;
        }
        Ok(())
    }

    /// Declares the lexically scoped names of one statement in the innermost scope.
    fn declare_lexical(&mut self, stmt: &Stmt, function_top: bool) -> Check {
        match stmt {
            Stmt::VarDecl(d) if d.kind != VarKind::Var => self.declare_lexical_decl(d)?,
            Stmt::ClassDecl(c) => {
                if let Some(id) = &c.name {
                    self.declare(id, DeclKind::Lexical)?;
                }
            }
            Stmt::FunctionDecl(f) if !function_top => {
                if let Some(id) = &f.name {
                    let plain = !f.is_async && !f.is_generator && !self.strict();
                    let kind = if plain {
                        DeclKind::BlockFunction
                    } else {
                        DeclKind::Lexical
                    };
                    self.declare(id, kind)?;
                }
            }
            Stmt::FunctionDecl(f) if self.module_top() => {
                if let Some(id) = &f.name {
                    self.declare(id, DeclKind::Lexical)?;
                }
            }
            Stmt::FunctionDecl(f) => {
                // Top-level functions are var-scoped: they conflict only with lexical names.
                if let Some(id) = &f.name {
                    self.declare_var(id)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Declares the names of a `let`, `const` or `using` declaration.
    fn declare_lexical_decl(&mut self, d: &VarDecl) -> Check {
        let mut names = Vec::new();
        for decl in &d.declarations {
            bound_names(&decl.target, &mut names);
        }
        for id in names {
            // Early Error: It is a Syntax Error if the BoundNames of a lexical declaration
            // contain "let".
            if &*id.name == "let" {
                return fail("'let' cannot be a lexically bound name", id.span);
            }
            self.declare(&id, DeclKind::Lexical)?;
        }
        Ok(())
    }

    fn module_top(&self) -> bool {
        self.module && self.scopes.len() == 1
    }

    /// Adds a lexical name to the innermost scope.
    fn declare(&mut self, id: &Identifier, kind: DeclKind) -> Check {
        let scope = self.scopes.last_mut().expect("a scope");
        if let Some(&old) = scope.names.get(&id.name) {
            // Early Error: It is a Syntax Error if the LexicallyDeclaredNames contain duplicates,
            // unless (Annex B) all of them are sloppy-mode plain function declarations.
            let annex_b = old == DeclKind::BlockFunction && kind == DeclKind::BlockFunction;
            if !annex_b {
                return fail(format!("'{}' has already been declared", id.name), id.span);
            }
        }
        if scope.vars.contains(&id.name) {
            return fail(format!("'{}' has already been declared", id.name), id.span);
        }
        scope.names.insert(id.name.clone(), kind);
        Ok(())
    }

    /// Declares a `var` name: it must not clash with a lexical name in any enclosing scope up
    /// to the function top.
    /// <https://tc39.es/ecma262/#sec-block-static-semantics-early-errors>
    fn declare_var(&mut self, id: &Identifier) -> Check {
        for scope in self.scopes.iter_mut().rev() {
            if let Some(DeclKind::Lexical | DeclKind::BlockFunction | DeclKind::CatchParam) =
                scope.names.get(&id.name)
            {
                return fail(format!("'{}' has already been declared", id.name), id.span);
            }
            if scope.function_top {
                scope.vars.insert(id.name.clone());
                break;
            }
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Statements
    // -----------------------------------------------------------------------------------------

    fn stmts(&mut self, body: &mut [Stmt]) -> Check {
        for stmt in body {
            self.stmt(stmt)?;
        }
        Ok(())
    }

    fn block(&mut self, body: &mut [Stmt]) -> Check {
        self.enter_scope(body, false, false)?;
        self.stmts(body)?;
        self.scopes.pop();
        Ok(())
    }

    fn stmt(&mut self, stmt: &mut Stmt) -> Check {
        match stmt {
            Stmt::VarDecl(d) => self.var_decl(d, false),
            Stmt::FunctionDecl(f) => self.function(f, true),
            Stmt::ClassDecl(c) => self.class(c),
            Stmt::Expr(e, _) => self.expr(e),
            Stmt::Block(b) => self.block(&mut b.body),
            Stmt::Empty(_) | Stmt::Debugger(_) => Ok(()),
            Stmt::If {
                test,
                consequent,
                alternate,
                ..
            } => {
                self.expr(test)?;
                self.if_body(consequent)?;
                if let Some(alt) = alternate {
                    self.if_body(alt)?;
                }
                Ok(())
            }
            Stmt::For {
                init,
                test,
                update,
                body,
                ..
            } => self.for_stmt(init, test, update, body),
            Stmt::ForIn {
                left, right, body, ..
            } => self.for_in_of(left, right, body, true),
            Stmt::ForOf {
                left, right, body, ..
            } => self.for_in_of(left, right, body, false),
            Stmt::While { test, body, .. } | Stmt::DoWhile { body, test, .. } => {
                self.expr(test)?;
                self.loop_body(body)
            }
            Stmt::Continue(label, span) => self.continue_stmt(label.as_ref(), *span),
            Stmt::Break(label, span) => self.break_stmt(label.as_ref(), *span),
            Stmt::Return(arg, span) => {
                // Early Error: `return` is only allowed in function bodies.
                if !matches!(self.ctx().kind, CodeKind::Function | CodeKind::Arrow) {
                    return fail("'return' outside of a function", *span);
                }
                if let Some(e) = arg {
                    self.expr(e)?;
                }
                Ok(())
            }
            Stmt::With { object, body, span } => {
                // Early Error: It is a Syntax Error if the code is strict mode code.
                if self.strict() {
                    return fail("'with' is not allowed in strict mode", *span);
                }
                self.expr(object)?;
                self.substatement(body)
            }
            Stmt::Switch {
                discriminant,
                cases,
                ..
            } => self.switch(discriminant, cases),
            Stmt::Labeled { label, body, .. } => self.labeled(label, body),
            Stmt::Throw(e, _) => self.expr(e),
            Stmt::Try {
                block,
                handler,
                finalizer,
                ..
            } => {
                self.block(&mut block.body)?;
                if let Some(h) = handler {
                    self.catch(h)?;
                }
                if let Some(f) = finalizer {
                    self.block(&mut f.body)?;
                }
                Ok(())
            }
        }
    }

    /// `in_head`: the declaration of a for-in/of head (no initializer needed).
    fn var_decl(&mut self, d: &mut VarDecl, in_head: bool) -> Check {
        if !in_head && matches!(d.kind, VarKind::Using | VarKind::AwaitUsing) {
            self.using_allowed(d.span)?;
        }
        for decl in &mut d.declarations {
            // Early Error: It is a Syntax Error if Initializer is not present and
            // IsConstantDeclaration is true.
            if !in_head && d.kind == VarKind::Const && decl.init.is_none() {
                return fail("missing initializer in const declaration", decl.span);
            }
            self.pattern(&mut decl.target, true)?;
            if d.kind == VarKind::Var {
                let mut names = Vec::new();
                bound_names(&decl.target, &mut names);
                for id in names {
                    self.declare_var(&id)?;
                }
            }
            if let Some(init) = &mut decl.init {
                self.expr(init)?;
            }
        }
        Ok(())
    }

    /// Early Error: a `using` declaration is not allowed at the top level of a script or
    /// directly in a `case` clause.
    fn using_allowed(&self, span: Span) -> Check {
        let at_script_top = self.ctx().kind == CodeKind::Script && self.scopes.len() <= 1;
        if at_script_top {
            return fail(
                "'using' declarations are not allowed at the top level of scripts",
                span,
            );
        }
        Ok(())
    }

    /// An `if` branch: Annex B allows a plain function declaration in sloppy mode.
    /// <https://tc39.es/ecma262/#sec-functiondeclarations-in-ifstatement-statement-clauses>
    fn if_body(&mut self, body: &mut Stmt) -> Check {
        if let Stmt::FunctionDecl(f) = body {
            if self.strict() || f.is_async || f.is_generator {
                return fail("a function declaration is not allowed here", f.span);
            }
            // The function behaves as if it were in its own block.
            self.scopes.push(Scope::default());
            let r = self.function(f, true);
            self.scopes.pop();
            return r;
        }
        self.substatement(body)
    }

    /// A Statement in a position where IsLabelledFunction must be false (loop and `if`
    /// bodies, `with`).
    fn substatement(&mut self, body: &mut Stmt) -> Check {
        if is_labelled_function(body) {
            return fail(
                "a labelled function declaration is not allowed here",
                body.span(),
            );
        }
        self.stmt(body)
    }

    fn loop_body(&mut self, body: &mut Stmt) -> Check {
        self.ctx_mut().loop_depth += 1;
        self.ctx_mut().breakable_depth += 1;
        let r = self.substatement(body);
        self.ctx_mut().loop_depth -= 1;
        self.ctx_mut().breakable_depth -= 1;
        r
    }

    fn for_stmt(
        &mut self,
        init: &mut Option<Box<ForInit>>,
        test: &mut Option<Box<Expr>>,
        update: &mut Option<Box<Expr>>,
        body: &mut Stmt,
    ) -> Check {
        self.scopes.push(Scope::default());
        if let Some(ForInit::VarDecl(d)) = init.as_deref_mut() {
            if d.kind != VarKind::Var {
                self.declare_lexical_decl(d)?;
            }
        }
        match init.as_deref_mut() {
            Some(ForInit::VarDecl(d)) => self.var_decl(d, false)?,
            Some(ForInit::Expr(e)) => self.expr(e)?,
            None => {}
        }
        if let Some(t) = test {
            self.expr(t)?;
        }
        if let Some(u) = update {
            self.expr(u)?;
        }
        self.loop_body(body)?;
        self.scopes.pop();
        Ok(())
    }

    fn for_in_of(
        &mut self,
        left: &mut ForHead,
        right: &mut Expr,
        body: &mut Stmt,
        is_in: bool,
    ) -> Check {
        self.scopes.push(Scope::default());
        match left {
            ForHead::VarDecl(d) => {
                if is_in && matches!(d.kind, VarKind::Using | VarKind::AwaitUsing) {
                    return fail("'using' is not allowed in for-in heads", d.span);
                }
                // Annex B: `for (var x = e in o)` only in sloppy mode.
                if d.declarations.iter().any(|x| x.init.is_some()) && self.strict() {
                    return fail(
                        "for-in loop variable declaration may not have an initializer",
                        d.span,
                    );
                }
                if d.kind != VarKind::Var {
                    self.declare_lexical_decl(d)?;
                }
                self.var_decl(d, true)?;
            }
            ForHead::Pattern(p) => {
                // Early Error: for-of heads cannot start with `let`.
                if !is_in
                    && self.text(p.span()).starts_with("let")
                    && starts_with_word(self.text(p.span()), "let")
                {
                    return fail(
                        "the left-hand side of for-of may not start with 'let'",
                        p.span(),
                    );
                }
                self.pattern(p, false)?;
            }
        }
        self.expr(right)?;
        self.loop_body(body)?;
        self.scopes.pop();
        Ok(())
    }

    fn continue_stmt(&mut self, label: Option<&Identifier>, span: Span) -> Check {
        let ctx = self.ctx();
        match label {
            None if ctx.loop_depth == 0 => fail("'continue' outside of a loop", span),
            None => Ok(()),
            Some(l) => {
                // Early Error: the label must label an enclosing iteration statement.
                let found = self.labels[ctx.label_base..]
                    .iter()
                    .any(|x| x.name == l.name && x.is_loop);
                if found {
                    Ok(())
                } else {
                    fail(format!("undefined loop label '{}'", l.name), l.span)
                }
            }
        }
    }

    fn break_stmt(&mut self, label: Option<&Identifier>, span: Span) -> Check {
        let ctx = self.ctx();
        match label {
            None if ctx.breakable_depth == 0 => fail("'break' outside of a loop or switch", span),
            None => Ok(()),
            Some(l) => {
                let found = self.labels[ctx.label_base..]
                    .iter()
                    .any(|x| x.name == l.name);
                if found {
                    Ok(())
                } else {
                    fail(format!("undefined label '{}'", l.name), l.span)
                }
            }
        }
    }

    fn switch(&mut self, discriminant: &mut Expr, cases: &mut [SwitchCase]) -> Check {
        self.expr(discriminant)?;
        // Early Error: It is a Syntax Error if a CaseBlock has more than one default clause.
        if cases.iter().filter(|c| c.test.is_none()).count() > 1 {
            let second = cases.iter().filter(|c| c.test.is_none()).nth(1);
            return fail(
                "more than one default clause in switch",
                second.map_or(Span::default(), |c| c.span),
            );
        }
        self.scopes.push(Scope::default());
        for case in cases.iter() {
            for stmt in &case.consequent {
                if let Stmt::VarDecl(d) = stmt {
                    if matches!(d.kind, VarKind::Using | VarKind::AwaitUsing) {
                        return fail("'using' is not allowed directly in a case clause", d.span);
                    }
                }
                self.declare_lexical(stmt, false)?;
            }
        }
        self.ctx_mut().breakable_depth += 1;
        let mut r = Ok(());
        for case in cases.iter_mut() {
            if let Some(t) = &mut case.test {
                r = r.and_then(|_| self.expr(t));
            }
            r = r.and_then(|_| self.stmts(&mut case.consequent));
        }
        self.ctx_mut().breakable_depth -= 1;
        self.scopes.pop();
        r
    }

    fn labeled(&mut self, label: &Identifier, body: &mut Stmt) -> Check {
        self.ident_common(label)?;
        let base = self.ctx().label_base;
        // Early Error: It is a Syntax Error if a label is nested in a statement with the same
        // label.
        if self.labels[base..].iter().any(|l| l.name == label.name) {
            return fail(
                format!("label '{}' has already been declared", label.name),
                label.span,
            );
        }
        let is_loop = labels_loop(body);
        self.labels.push(Label {
            name: label.name.clone(),
            is_loop,
        });
        let r = match body {
            Stmt::FunctionDecl(f) => {
                // Annex B: labelled plain function declarations, sloppy mode only.
                if self.strict() || f.is_async || f.is_generator {
                    fail(
                        "a labelled function declaration is not allowed here",
                        f.span,
                    )
                } else {
                    self.function(f, true)
                }
            }
            body => self.stmt(body),
        };
        self.labels.pop();
        r
    }

    fn catch(&mut self, h: &mut CatchClause) -> Check {
        self.scopes.push(Scope::default());
        if let Some(p) = &mut h.param {
            self.pattern(p, true)?;
            let mut names = Vec::new();
            bound_names(p, &mut names);
            let kind = if matches!(p, Pattern::Ident(_)) {
                DeclKind::SimpleCatchParam
            } else {
                DeclKind::CatchParam
            };
            for id in &names {
                // Early Error: the BoundNames of CatchParameter must not contain duplicates.
                self.declare(id, kind)?;
            }
            // Early Error: the catch parameter must not be redeclared lexically in the block.
            for stmt in &h.body.body {
                let mut lex = Vec::new();
                lexical_names(stmt, &mut lex);
                if let Stmt::FunctionDecl(f) = stmt {
                    lex.extend(f.name.clone());
                }
                if let Some(id) = lex.iter().find(|l| names.iter().any(|n| n.name == l.name)) {
                    return fail(format!("'{}' has already been declared", id.name), id.span);
                }
            }
        }
        self.block(&mut h.body.body)?;
        self.scopes.pop();
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Functions and classes
    // -----------------------------------------------------------------------------------------

    /// Checks a function of any kind and sets its `strict` flag.
    fn function(&mut self, f: &mut Rc<Function>, is_decl: bool) -> Check {
        let outer = self.ctx();
        let Some(f) = Rc::get_mut(f) else {
            return Ok(());
        };
        f.strict |= outer.strict;
        let strict = f.strict;
        // The name of a declaration is bound in the enclosing scope; an expression's name is
        // checked in the function's own context.
        if let Some(name) = &f.name {
            if is_decl {
                self.ident_common(name)?;
            }
            if strict && matches!(&*name.name, "eval" | "arguments") {
                return fail(
                    format!("cannot bind '{}' in strict mode", name.name),
                    name.span,
                );
            }
            if strict && is_strict_reserved(&name.name) {
                return fail(
                    format!("'{}' is a reserved word in strict mode", name.name),
                    name.span,
                );
            }
        }
        let is_arrow = f.kind == FunctionKind::Arrow;
        let is_method = matches!(
            f.kind,
            FunctionKind::Method
                | FunctionKind::Getter
                | FunctionKind::Setter
                | FunctionKind::ClassConstructor
        );
        let ctx = FnCtx {
            kind: if is_arrow {
                CodeKind::Arrow
            } else {
                CodeKind::Function
            },
            strict,
            is_async: f.is_async,
            is_generator: f.is_generator,
            in_params: true,
            super_property: if is_arrow {
                outer.super_property
            } else {
                is_method
            },
            super_call: if is_arrow { outer.super_call } else { false },
            new_target: !is_arrow || outer.new_target,
            no_arguments: is_arrow && outer.no_arguments,
            loop_depth: 0,
            breakable_depth: 0,
            label_base: self.labels.len(),
        };
        self.fns.push(ctx);
        let r = self.function_inner(f, is_decl, is_arrow, is_method);
        self.fns.pop();
        r
    }

    fn function_inner(
        &mut self,
        f: &mut Function,
        is_decl: bool,
        is_arrow: bool,
        is_method: bool,
    ) -> Check {
        if let (false, Some(name)) = (is_decl, &f.name) {
            self.ident_common(name)?;
        }
        if f.kind == FunctionKind::ClassConstructor {
            let derived = self.derived_constructor;
            self.ctx_mut().super_call = derived;
        }
        // Parameters.
        let mut names = Vec::new();
        for p in &mut f.params {
            self.pattern(&mut p.pattern, true)?;
            if let Some(d) = &mut p.default {
                self.expr(d)?;
            }
            bound_names(&p.pattern, &mut names);
        }
        // Early Error: duplicate parameters are errors in strict code, arrows, methods and
        // functions with non-simple parameter lists.
        let unique = f.strict || is_arrow || is_method || !f.simple_params;
        if unique {
            let mut seen = HashSet::new();
            for id in &names {
                if !seen.insert(id.name.clone()) {
                    return fail(format!("duplicate parameter '{}'", id.name), id.span);
                }
            }
        }
        self.ctx_mut().in_params = false;
        match &mut f.body {
            FunctionBody::Expr(e) => self.expr(e),
            FunctionBody::Block(body) => {
                self.scopes.push(Scope {
                    function_top: true,
                    ..Scope::default()
                });
                let r = self.function_body(body, &names);
                self.scopes.pop();
                r
            }
        }
    }

    fn function_body(&mut self, body: &mut [Stmt], params: &[Identifier]) -> Check {
        for stmt in body.iter() {
            let mut lex = Vec::new();
            lexical_names(stmt, &mut lex);
            // Early Error: It is a Syntax Error if any element of the BoundNames of
            // FormalParameters also occurs in the LexicallyDeclaredNames of FunctionBody.
            if let Some(id) = lex.iter().find(|l| params.iter().any(|p| p.name == l.name)) {
                return fail(format!("'{}' has already been declared", id.name), id.span);
            }
        }
        for stmt in body.iter() {
            self.declare_lexical(stmt, true)?;
        }
        self.stmts(body)
    }

    fn class(&mut self, c: &mut Rc<Class>) -> Check {
        let Some(c) = Rc::get_mut(c) else {
            return Ok(());
        };
        // The class's decorators are evaluated outside the class: with the surrounding code's
        // strictness and private environment.
        for d in &mut c.decorators {
            self.expr(d)?;
        }
        let outer_strict = self.strict();
        self.ctx_mut().strict = true;
        let r = self.class_inner(c);
        self.ctx_mut().strict = outer_strict;
        r
    }

    fn class_inner(&mut self, c: &mut Class) -> Check {
        // A class name is bound in strict mode code, for declarations and expressions alike.
        if let Some(name) = &c.name {
            self.binding_ident(name)?;
        }
        if let Some(h) = &mut c.super_class {
            self.expr(h)?;
        }
        self.classes.push(self.private_declarations(c)?);
        let saved = self.derived_constructor;
        self.derived_constructor = c.super_class.is_some();
        let mut r = Ok(());
        if let Some(ctor) = &mut c.constructor {
            r = self.function(ctor, false);
        }
        self.derived_constructor = saved;
        for m in &mut c.members {
            r = r.and_then(|_| self.class_member(m));
        }
        self.classes.pop();
        r
    }

    /// Collects a class body's private names. Early Error: It is a Syntax Error if
    /// PrivateBoundIdentifiers contains duplicates, unless one is a getter and the other a
    /// setter with the same placement.
    fn private_declarations(&self, c: &Class) -> Result<HashSet<Rc<str>>, SyntaxError> {
        let mut seen: HashMap<Rc<str>, (Option<FunctionKind>, bool)> = HashMap::new();
        let mut names = HashSet::new();
        for m in &c.members {
            let (key, kind, is_static) = match m {
                ClassMember::Method {
                    key: PropertyKey::Private(p),
                    function,
                    is_static,
                    ..
                } => (p, Some(function.kind), *is_static),
                ClassMember::Field {
                    key: PropertyKey::Private(p),
                    is_static,
                    ..
                } => (p, None, *is_static),
                _ => continue,
            };
            if let Some(&(old_kind, old_static)) = seen.get(&key.name) {
                let pair = matches!(
                    (old_kind, kind),
                    (Some(FunctionKind::Getter), Some(FunctionKind::Setter))
                        | (Some(FunctionKind::Setter), Some(FunctionKind::Getter))
                ) && old_static == is_static;
                if !pair {
                    return Err(SyntaxError::new(
                        format!("private name '{}' has already been declared", key.name),
                        key.span,
                    ));
                }
                seen.insert(key.name.clone(), (None, is_static));
            } else {
                seen.insert(key.name.clone(), (kind, is_static));
            }
            names.insert(key.name.clone());
        }
        Ok(names)
    }

    fn class_member(&mut self, m: &mut ClassMember) -> Check {
        // An element's decorators are evaluated in the class's private environment, in the
        // context (this, yield, await) of the code around the class.
        if let ClassMember::Method { decorators, .. } | ClassMember::Field { decorators, .. } = m {
            for d in decorators {
                self.expr(d)?;
            }
        }
        match m {
            ClassMember::Method { key, function, .. } => {
                self.property_key(key)?;
                self.function(function, false)
            }
            ClassMember::Field { key, value, .. } => {
                self.property_key(key)?;
                if let Some(v) = value {
                    self.initializer_ctx(CodeKind::FieldInit, |c| c.expr(v))?;
                }
                Ok(())
            }
            ClassMember::StaticBlock(body, _) => self.initializer_ctx(CodeKind::StaticBlock, |c| {
                c.enter_scope(body, true, false)?;
                let r = c.stmts(body);
                c.scopes.pop();
                r
            }),
        }
    }

    /// Runs `f` in the context of a class field initializer or static block.
    fn initializer_ctx(&mut self, kind: CodeKind, f: impl FnOnce(&mut Self) -> Check) -> Check {
        self.fns.push(FnCtx {
            kind,
            strict: true,
            is_async: false,
            is_generator: false,
            in_params: false,
            super_property: true,
            super_call: false,
            new_target: true,
            no_arguments: true,
            loop_depth: 0,
            breakable_depth: 0,
            label_base: self.labels.len(),
        });
        let r = f(self);
        self.fns.pop();
        r
    }

    fn property_key(&mut self, key: &mut PropertyKey) -> Check {
        match key {
            PropertyKey::Public(p) => self.property_name(p),
            PropertyKey::Private(_) => Ok(()),
        }
    }

    fn property_name(&mut self, p: &mut PropertyName) -> Check {
        match p {
            PropertyName::Computed(e) => self.expr(e),
            PropertyName::String(_, span) => self.string_literal_text(*span),
            PropertyName::Number(_, span) => self.number_text(*span),
            PropertyName::BigInt(..) => Ok(()),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Literals
    // -----------------------------------------------------------------------------------------

    /// Early Error: legacy octal and `\8` `\9` escapes are not allowed in strict mode.
    fn string_literal_text(&self, span: Span) -> Check {
        let raw = self.text(span);
        if self.strict() && raw.starts_with(['"', '\'']) && has_legacy_escape(raw) {
            return fail(
                "octal escape sequences are not allowed in strict mode",
                span,
            );
        }
        Ok(())
    }

    /// Early Error: legacy octal-like numeric literals are not allowed in strict mode.
    fn number_text(&self, span: Span) -> Check {
        let b = self.text(span).as_bytes();
        if self.strict() && b.len() > 1 && b[0] == b'0' && b[1].is_ascii_digit() {
            return fail("octal literals are not allowed in strict mode", span);
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Expressions
    // -----------------------------------------------------------------------------------------

    fn exprs(&mut self, es: &mut [Expr]) -> Check {
        for e in es {
            self.expr(e)?;
        }
        Ok(())
    }

    fn args(&mut self, args: &mut [Argument]) -> Check {
        for a in args {
            match a {
                Argument::Expr(e) | Argument::Spread(e) => self.expr(e)?,
            }
        }
        Ok(())
    }

    fn expr(&mut self, e: &mut Expr) -> Check {
        match e {
            Expr::Ident(id) => self.ident_ref(id),
            Expr::This(_) | Expr::Null(_) | Expr::Bool(..) | Expr::BigInt(..) => Ok(()),
            Expr::Number(_, span) => self.number_text(*span),
            Expr::String(s) => self.string_literal_text(s.span),
            Expr::RegExp { .. } => Ok(()),
            Expr::Template(t) => self.exprs(&mut t.expressions),
            Expr::TaggedTemplate { tag, quasi, .. } => {
                self.expr(tag)?;
                self.exprs(&mut quasi.expressions)
            }
            Expr::Array(elems, _) => {
                for el in elems {
                    match el {
                        ArrayElement::Expr(e) | ArrayElement::Spread(e) => self.expr(e)?,
                        ArrayElement::Hole(_) => {}
                    }
                }
                Ok(())
            }
            Expr::Object(props, span) => self.object(props, *span),
            Expr::Function(f) => self.function(f, false),
            Expr::Arrow(f) => self.function(f, false),
            Expr::Class(c) => self.class(c),
            Expr::Unary { op, argument, span } => {
                if *op == UnaryOp::Delete {
                    self.delete(argument, *span)?;
                }
                self.expr(argument)
            }
            Expr::Update { target, span, .. } => {
                self.simple_target(target, *span)?;
                self.expr(target)
            }
            Expr::Binary { .. } | Expr::Logical { .. } => self.operator_chain(e),
            Expr::PrivateIn { name, right, .. } => {
                self.private_ref(name)?;
                self.expr(right)
            }
            Expr::Conditional {
                test,
                consequent,
                alternate,
                ..
            } => {
                self.expr(test)?;
                self.expr(consequent)?;
                self.expr(alternate)
            }
            Expr::Assign {
                op, target, value, ..
            } => {
                if let (AssignOp::Logical(_), Pattern::Expr(t)) = (op, &**target) {
                    if matches!(**t, Expr::Call { .. }) {
                        return fail("invalid assignment target", t.span());
                    }
                }
                self.pattern(target, false)?;
                self.expr(value)
            }
            Expr::Sequence(es, _) => self.exprs(es),
            Expr::Member {
                object, property, ..
            } => {
                self.expr(object)?;
                self.member_property(property)
            }
            Expr::SuperMember { property, span } => {
                // Early Error: `super.x` only in methods (and arrows and initializers in them).
                if !self.ctx().super_property {
                    return fail("'super' keyword unexpected here", *span);
                }
                self.member_property(property)
            }
            Expr::Call {
                callee, arguments, ..
            } => {
                self.expr(callee)?;
                self.args(arguments)
            }
            Expr::SuperCall { arguments, span } => {
                // Early Error: `super()` only in derived class constructors.
                if !self.ctx().super_call {
                    return fail("'super' keyword unexpected here", *span);
                }
                self.args(arguments)
            }
            Expr::New {
                callee, arguments, ..
            } => {
                self.expr(callee)?;
                self.args(arguments)
            }
            Expr::OptionalChain(e, _) | Expr::Paren(e, _) => self.expr(e),
            Expr::Yield { argument, span, .. } => {
                let ctx = self.ctx();
                // Early Error: YieldExpression only in generator bodies, not in parameters.
                if !ctx.is_generator || ctx.in_params || ctx.kind != CodeKind::Function {
                    return fail("'yield' expression not allowed here", *span);
                }
                if let Some(a) = argument {
                    self.expr(a)?;
                }
                Ok(())
            }
            Expr::Await(a, span) => {
                let ctx = self.ctx();
                let allowed = (ctx.is_async && !ctx.in_params)
                    && matches!(
                        ctx.kind,
                        CodeKind::Function | CodeKind::Arrow | CodeKind::Module
                    );
                // Early Error: AwaitExpression only in async function bodies and modules.
                if !allowed {
                    return fail("'await' expression not allowed here", *span);
                }
                self.expr(a)
            }
            Expr::NewTarget(span) => {
                if !self.ctx().new_target {
                    return fail("new.target expression is not allowed here", *span);
                }
                Ok(())
            }
            Expr::ImportMeta(span) => {
                if !self.module {
                    return fail("import.meta is only allowed in modules", *span);
                }
                Ok(())
            }
            Expr::ImportCall {
                specifier, options, ..
            } => {
                self.expr(specifier)?;
                if let Some(o) = options {
                    self.expr(o)?;
                }
                Ok(())
            }
        }
    }

    /// Binary and logical operators, walked down the left spine with a loop: long chains
    /// such as `a + b + ... + z` would otherwise recurse once per operator.
    fn operator_chain(&mut self, e: &mut Expr) -> Check {
        let mut rights = Vec::new();
        let mut cur = e;
        loop {
            match cur {
                Expr::Binary { left, right, .. } | Expr::Logical { left, right, .. } => {
                    rights.push(&mut **right);
                    cur = &mut **left;
                }
                leftmost => {
                    self.expr(leftmost)?;
                    break;
                }
            }
        }
        for right in rights.into_iter().rev() {
            self.expr(right)?;
        }
        Ok(())
    }

    fn member_property(&mut self, p: &mut MemberProperty) -> Check {
        match p {
            MemberProperty::Ident(_) => Ok(()),
            MemberProperty::Computed(e) => self.expr(e),
            MemberProperty::Private(id) => self.private_ref(id),
        }
    }

    /// Early Error: It is a Syntax Error if a private name is not declared by an enclosing
    /// class.
    fn private_ref(&self, id: &Identifier) -> Check {
        if self.classes.iter().any(|c| c.contains(&id.name)) {
            Ok(())
        } else {
            fail(
                format!(
                    "private field '{}' must be declared in an enclosing class",
                    id.name
                ),
                id.span,
            )
        }
    }

    fn delete(&self, argument: &Expr, span: Span) -> Check {
        let mut inner = argument;
        while let Expr::Paren(e, _) = inner {
            inner = e;
        }
        // Early Error: `delete identifier` in strict mode.
        if matches!(inner, Expr::Ident(_)) && self.strict() {
            return fail("delete of an unqualified identifier in strict mode", span);
        }
        // Early Error: `delete this.#x`.
        let mut chain = inner;
        if let Expr::OptionalChain(e, _) = chain {
            chain = e;
        }
        if let Expr::Member {
            property: MemberProperty::Private(_),
            ..
        } = chain
        {
            return fail("private fields cannot be deleted", span);
        }
        Ok(())
    }

    /// Targets of `++`/`--` (and compound assignment via [`Self::pattern`]).
    fn simple_target(&self, target: &Expr, span: Span) -> Check {
        let mut inner = target;
        while let Expr::Paren(e, _) = inner {
            inner = e;
        }
        match inner {
            Expr::Ident(id) if self.strict() && matches!(&*id.name, "eval" | "arguments") => fail(
                format!("cannot assign to '{}' in strict mode", id.name),
                span,
            ),
            Expr::Call { .. } if self.strict() => fail("invalid assignment target", span),
            _ => Ok(()),
        }
    }

    fn object(&mut self, props: &mut [ObjectProperty], span: Span) -> Check {
        // Early Error: It is a Syntax Error if PropertyNameList contains "__proto__" twice.
        if props
            .iter()
            .filter(|p| matches!(p, ObjectProperty::Proto(..)))
            .count()
            > 1
        {
            return fail(
                "duplicate __proto__ fields are not allowed in object literals",
                span,
            );
        }
        for p in props {
            match p {
                ObjectProperty::KeyValue(k, v, _) => {
                    self.property_name(k)?;
                    self.expr(v)?;
                }
                ObjectProperty::Shorthand(id) => {
                    self.ident_ref(id)?;
                    // Early Error: a shorthand property cannot be a reserved word.
                    if crate::actions::is_reserved_word(&id.name) {
                        return fail("unexpected reserved word", id.span);
                    }
                }
                ObjectProperty::Method(k, f, _) => {
                    self.property_name(k)?;
                    self.function(f, false)?;
                }
                ObjectProperty::Spread(e, _) | ObjectProperty::Proto(e, _) => self.expr(e)?,
            }
        }
        Ok(())
    }

    /// Binding and assignment patterns.
    fn pattern(&mut self, p: &mut Pattern, binding: bool) -> Check {
        match p {
            Pattern::Ident(id) => {
                if binding {
                    self.binding_ident(id)
                } else {
                    self.ident_ref(id)?;
                    if self.strict() && matches!(&*id.name, "eval" | "arguments") {
                        return fail(
                            format!("cannot assign to '{}' in strict mode", id.name),
                            id.span,
                        );
                    }
                    Ok(())
                }
            }
            Pattern::Expr(e) => {
                self.simple_target(e, e.span())?;
                self.expr(e)
            }
            Pattern::Object {
                properties, rest, ..
            } => {
                for prop in properties {
                    self.property_name(&mut prop.key)?;
                    self.pattern_elem(&mut prop.value, binding)?;
                    if prop.shorthand {
                        if let Pattern::Ident(id) = &prop.value.target {
                            if crate::actions::is_reserved_word(&id.name) {
                                return fail("unexpected reserved word", id.span);
                            }
                        }
                    }
                }
                if let Some(r) = rest {
                    self.pattern(r, binding)?;
                }
                Ok(())
            }
            Pattern::Array { elements, rest, .. } => {
                for el in elements.iter_mut().flatten() {
                    self.pattern_elem(el, binding)?;
                }
                if let Some(r) = rest {
                    self.pattern(r, binding)?;
                }
                Ok(())
            }
        }
    }

    fn pattern_elem(&mut self, el: &mut PatternElem, binding: bool) -> Check {
        if !binding {
            if let Pattern::Expr(e) = &el.target {
                if matches!(**e, Expr::Call { .. }) {
                    return fail("invalid destructuring target", e.span());
                }
            }
        }
        self.pattern(&mut el.target, binding)?;
        if let Some(d) = &mut el.default {
            self.expr(d)?;
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Modules
    // -----------------------------------------------------------------------------------------

    fn module_items(&mut self, module: &mut Module) -> Check {
        self.scopes.push(Scope {
            function_top: true,
            ..Scope::default()
        });
        let mut exported: HashSet<Vec<u16>> = HashSet::new();
        let mut locals: Vec<Identifier> = Vec::new();
        for item in &module.body {
            match item {
                ModuleItem::Import(i) => {
                    for s in &i.specifiers {
                        let local = match s {
                            ImportSpecifier::Default(id) | ImportSpecifier::Namespace(id) => id,
                            ImportSpecifier::Named { imported, local } => {
                                self.export_name_ok(imported)?;
                                local
                            }
                        };
                        self.binding_ident(local)?;
                        self.declare(local, DeclKind::Lexical)?;
                    }
                }
                ModuleItem::Export(e) => {
                    self.declare_export(e, &mut exported, &mut locals)?;
                }
                ModuleItem::Stmt(s) => self.declare_lexical(s, false)?,
            }
        }
        for item in &mut module.body {
            match item {
                ModuleItem::Import(i) => {
                    self.string_literal_text(i.source.span)?;
                    attributes_unique(&i.attributes)?;
                }
                ModuleItem::Export(e) => self.export(e)?,
                ModuleItem::Stmt(s) => self.stmt(s)?,
            }
        }
        // Early Error: every local name in `export { x }` must be declared in the module.
        let scope = self.scopes.last().expect("module scope");
        for id in locals {
            if !scope.names.contains_key(&id.name) && !scope.vars.contains(&id.name) {
                return fail(
                    format!("export '{}' is not defined in module", id.name),
                    id.span,
                );
            }
        }
        self.scopes.pop();
        Ok(())
    }

    fn export_name_ok(&self, n: &ModuleExportName) -> Check {
        // Early Error: It is a Syntax Error if IsStringWellFormedUnicode of the name is false.
        if let ModuleExportName::String(s) = n {
            if char::decode_utf16(s.value.iter().copied()).any(|c| c.is_err()) {
                return fail("export name is not well-formed Unicode", s.span);
            }
        }
        Ok(())
    }

    fn add_export(&self, exported: &mut HashSet<Vec<u16>>, name: &ModuleExportName) -> Check {
        self.export_name_ok(name)?;
        let (key, span) = match name {
            ModuleExportName::Ident(id) => (id.name.encode_utf16().collect(), id.span),
            ModuleExportName::String(s) => (s.value.to_vec(), s.span),
        };
        // Early Error: It is a Syntax Error if the ExportedNames contain duplicates.
        if !exported.insert(key) {
            return fail("duplicate export name", span);
        }
        Ok(())
    }

    fn declare_export(
        &mut self,
        e: &ExportDecl,
        exported: &mut HashSet<Vec<u16>>,
        locals: &mut Vec<Identifier>,
    ) -> Check {
        let default = ModuleExportName::Ident(Identifier {
            name: "default".into(),
            span: Span::default(),
        });
        match e {
            ExportDecl::All {
                exported: Some(n), ..
            } => self.add_export(exported, n)?,
            ExportDecl::All { .. } => {}
            ExportDecl::Named {
                specifiers, source, ..
            } => {
                for s in specifiers {
                    self.add_export(exported, &s.exported)?;
                    self.export_name_ok(&s.local)?;
                    if source.is_none() {
                        match &s.local {
                            // Early Error: local export names must be identifiers, not
                            // strings, and not reserved words.
                            ModuleExportName::String(st) => {
                                return fail("a string export name needs a 'from' clause", st.span)
                            }
                            ModuleExportName::Ident(id) => {
                                if crate::actions::is_reserved_word(&id.name)
                                    || matches!(
                                        &*id.name,
                                        "await"
                                            | "yield"
                                            | "let"
                                            | "static"
                                            | "implements"
                                            | "interface"
                                            | "package"
                                            | "private"
                                            | "protected"
                                            | "public"
                                    )
                                {
                                    return fail("unexpected reserved word", id.span);
                                }
                                locals.push(id.clone());
                            }
                        }
                    }
                }
            }
            ExportDecl::Decl(s) => {
                let mut names = Vec::new();
                declared_names(s, &mut names);
                for id in names {
                    self.add_export(exported, &ModuleExportName::Ident(id))?;
                }
                self.declare_lexical(s, false)?;
            }
            ExportDecl::DefaultDecl(s) => {
                let mut span = s.span();
                span.end = span.start;
                let mut d = default.clone();
                if let ModuleExportName::Ident(id) = &mut d {
                    id.span = span;
                }
                self.add_export(exported, &d)?;
                self.declare_lexical(s, false)?;
            }
            ExportDecl::DefaultExpr(_, span) => {
                let mut d = default.clone();
                if let ModuleExportName::Ident(id) = &mut d {
                    id.span = *span;
                }
                self.add_export(exported, &d)?;
            }
        }
        Ok(())
    }

    fn export(&mut self, e: &mut ExportDecl) -> Check {
        match e {
            ExportDecl::Decl(s) | ExportDecl::DefaultDecl(s) => self.stmt(s),
            ExportDecl::DefaultExpr(x, _) => self.expr(x),
            ExportDecl::All {
                source, attributes, ..
            } => {
                attributes_unique(attributes)?;
                self.string_literal_text(source.span)
            }
            ExportDecl::Named { attributes, .. } => attributes_unique(attributes),
        }
    }
}

/// Early Error: It is a Syntax Error if WithClauseToAttributes has two entries with the same
/// key.
fn attributes_unique(attributes: &[ImportAttribute]) -> Check {
    let mut seen = HashSet::new();
    for a in attributes {
        if let PropertyName::String(k, _) = &a.key {
            if !seen.insert(k.clone()) {
                return fail("duplicate import attribute", a.span);
            }
        }
    }
    Ok(())
}

/// The future reserved words of strict mode (plus `let`, `static` and `yield`).
/// <https://tc39.es/ecma262/#sec-keywords-and-reserved-words>
fn is_strict_reserved(name: &str) -> bool {
    matches!(
        name,
        "implements"
            | "interface"
            | "let"
            | "package"
            | "private"
            | "protected"
            | "public"
            | "static"
            | "yield"
    )
}

fn starts_with_word(text: &str, word: &str) -> bool {
    text.starts_with(word)
        && !text[word.len()..]
            .chars()
            .next()
            .is_some_and(|c| c == '\\' || crate::lexer::is_id_continue(c))
}

/// <https://tc39.es/ecma262/#sec-static-semantics-islabelledfunction>
fn is_labelled_function(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Labeled { body, .. } => {
            matches!(**body, Stmt::FunctionDecl(_)) || is_labelled_function(body)
        }
        _ => false,
    }
}

/// Does a labelled statement's body (through nested labels) end in an iteration statement?
fn labels_loop(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Labeled { body, .. } => labels_loop(body),
        Stmt::For { .. }
        | Stmt::ForIn { .. }
        | Stmt::ForOf { .. }
        | Stmt::While { .. }
        | Stmt::DoWhile { .. } => true,
        _ => false,
    }
}

/// <https://tc39.es/ecma262/#sec-static-semantics-boundnames>
fn bound_names(p: &Pattern, out: &mut Vec<Identifier>) {
    match p {
        Pattern::Ident(id) => out.push(id.clone()),
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
            for el in elements.iter().flatten() {
                bound_names(&el.target, out);
            }
            if let Some(r) = rest {
                bound_names(r, out);
            }
        }
    }
}

/// The lexically declared names of a statement list item (block-level view).
fn lexical_names(stmt: &Stmt, out: &mut Vec<Identifier>) {
    match stmt {
        Stmt::VarDecl(d) if d.kind != VarKind::Var => {
            for decl in &d.declarations {
                bound_names(&decl.target, out);
            }
        }
        Stmt::ClassDecl(c) => out.extend(c.name.clone()),
        _ => {}
    }
}

/// The names a declaration statement declares (for `export`).
fn declared_names(stmt: &Stmt, out: &mut Vec<Identifier>) {
    match stmt {
        Stmt::VarDecl(d) => {
            for decl in &d.declarations {
                bound_names(&decl.target, out);
            }
        }
        Stmt::FunctionDecl(f) => out.extend(f.name.clone()),
        Stmt::ClassDecl(c) => out.extend(c.name.clone()),
        _ => {}
    }
}
