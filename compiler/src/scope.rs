//! Scope analysis: which names a function's inner closures refer to.
//!
//! A binding lives in a register unless some inner function refers to its name; then it lives
//! in a heap environment ([`amber_heap::Env`] at run time) that the closures share. The analysis
//! is by name and conservative: if any inner function mentions `x` free, every `x` the outer
//! function declares is captured. That is always correct and keeps the pass to one walk.
//!
//! The pseudo-names `this`, `new.target` and `%func` (the active function, for `super`) are
//! treated like variables so that arrow functions capture them from their enclosing function.

use amber_parser::ast::*;
use std::collections::HashSet;

pub const THIS: &str = "this";
pub const NEW_TARGET: &str = "new.target";
pub const FUNC: &str = "%func";

/// The names that functions nested anywhere inside `body` refer to but do not declare
/// themselves, i.e. the names they may capture from an enclosing scope.
pub fn captured_by_inner_functions(params: &[Param], body: &[Stmt]) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut c = Collector {
        mode: Mode::InnerOnly(&mut out),
    };
    for p in params {
        c.param(p);
    }
    for s in body {
        c.stmt(s);
    }
    out
}

/// Does the body contain a direct `eval(...)` call or a `with` statement (outside nested
/// non-arrow functions... conservatively: anywhere)? Such functions keep every binding in
/// named environments.
pub fn has_dynamic_scope(params: &[Param], body: &[Stmt]) -> bool {
    let mut found = false;
    let mut c = Collector {
        mode: Mode::Dynamic(&mut found),
    };
    for p in params {
        c.param(p);
    }
    for s in body {
        c.stmt(s);
    }
    found
}

/// Does the code contain a direct `eval` call, here or in any nested function? Then every
/// binding in scope must live in an environment the eval code can reach.
pub fn contains_direct_eval(params: &[Param], body: &[Stmt]) -> bool {
    let mut found = false;
    let mut c = Collector {
        mode: Mode::DeepEval(&mut found),
    };
    for p in params {
        c.param(p);
    }
    for s in body {
        c.stmt(s);
    }
    found
}

/// Does the function body itself (not a nested function) call `eval` directly?
pub fn has_direct_eval(params: &[Param], body: &[Stmt]) -> bool {
    let mut found = false;
    let mut c = Collector {
        mode: Mode::OwnEval(&mut found),
    };
    for p in params {
        c.param(p);
    }
    for s in body {
        c.stmt(s);
    }
    found
}

/// Does the module body contain `await` (an AwaitExpression or `for await`) outside nested
/// functions? That is the module's [[HasTLA]].
/// <https://tc39.es/ecma262/#sec-parsemodule> (step 8: HasTLA = Contains AwaitExpression)
pub fn contains_top_level_await(body: &[Stmt], exprs: &[&Expr]) -> bool {
    let mut found = false;
    let mut c = Collector {
        mode: Mode::Await(&mut found),
    };
    for s in body {
        c.stmt(s);
    }
    for e in exprs {
        c.expr(e);
    }
    found
}

enum Mode<'a> {
    /// Look for `await` outside nested functions.
    Await(&'a mut bool),
    /// Look for direct `eval` calls outside nested functions.
    OwnEval(&'a mut bool),
    /// Look for direct `eval` calls, also inside nested functions.
    DeepEval(&'a mut bool),
    /// Collect the free names of inner functions.
    InnerOnly(&'a mut HashSet<String>),
    /// Inside an inner function: collect all referenced names.
    All(&'a mut HashSet<String>),
    Dynamic(&'a mut bool),
}

struct Collector<'a> {
    mode: Mode<'a>,
}

impl Collector<'_> {
    fn name(&mut self, n: &str) {
        if let Mode::All(set) = &mut self.mode {
            set.insert(n.to_string());
        }
    }

    fn function(&mut self, f: &Function) {
        match &mut self.mode {
            Mode::Dynamic(_) | Mode::OwnEval(_) | Mode::Await(_) => {}
            Mode::DeepEval(_) => {
                for p in &f.params {
                    self.param(p);
                }
                match &f.body {
                    FunctionBody::Block(b) => b.iter().for_each(|s| self.stmt(s)),
                    FunctionBody::Expr(e) => self.expr(e),
                }
            }
            Mode::InnerOnly(out) | Mode::All(out) => {
                // Everything the inner function mentions may be a capture. Over-approximating
                // (not subtracting its own declarations) is safe: it only moves an outer binding
                // of the same name into an environment.
                let mut inner = HashSet::new();
                let mut c = Collector {
                    mode: Mode::All(&mut inner),
                };
                for p in &f.params {
                    c.param(p);
                }
                match &f.body {
                    FunctionBody::Block(b) => b.iter().for_each(|s| c.stmt(s)),
                    FunctionBody::Expr(e) => c.expr(e),
                }
                if f.kind != FunctionKind::Arrow {
                    // A non-arrow function has its own `this`, `new.target` and `arguments`.
                    inner.remove(THIS);
                    inner.remove(NEW_TARGET);
                    inner.remove("arguments");
                    inner.remove(FUNC);
                }
                out.extend(inner);
            }
        }
    }

    fn class(&mut self, c: &Class) {
        if let Some(s) = &c.super_class {
            self.expr(s);
        }
        if let Some(ctor) = &c.constructor {
            self.function(ctor);
        }
        c.decorators.iter().for_each(|d| self.expr(d));
        for m in &c.members {
            if let ClassMember::Method { decorators, .. } | ClassMember::Field { decorators, .. } =
                m
            {
                decorators.iter().for_each(|d| self.expr(d));
            }
            match m {
                ClassMember::Method { key, function, .. } => {
                    self.key(key);
                    self.function(function);
                }
                ClassMember::Field { key, value, .. } => {
                    self.key(key);
                    if let Some(v) = value {
                        // Field initializers run as methods: treat them as inner functions.
                        let mut inner = HashSet::new();
                        let mut c = Collector {
                            mode: Mode::All(&mut inner),
                        };
                        c.expr(v);
                        self.extend_inner(inner);
                    }
                }
                ClassMember::StaticBlock(body, _) => {
                    let mut inner = HashSet::new();
                    let mut c = Collector {
                        mode: Mode::All(&mut inner),
                    };
                    body.iter().for_each(|s| c.stmt(s));
                    self.extend_inner(inner);
                }
            }
        }
        // Class bodies refer to the class binding and to `this`/`%func` of their methods.
        if let Some(n) = &c.name {
            self.name(&n.name);
        }
    }

    fn extend_inner(&mut self, mut inner: HashSet<String>) {
        inner.remove(THIS);
        inner.remove(NEW_TARGET);
        inner.remove("arguments");
        inner.remove(FUNC);
        if let Mode::InnerOnly(out) | Mode::All(out) = &mut self.mode {
            out.extend(inner);
        }
    }

    fn key(&mut self, k: &PropertyKey) {
        if let PropertyKey::Public(PropertyName::Computed(e)) = k {
            self.expr(e)
        }
    }

    fn prop_name(&mut self, k: &PropertyName) {
        if let PropertyName::Computed(e) = k {
            self.expr(e)
        }
    }

    fn param(&mut self, p: &Param) {
        self.pattern(&p.pattern);
        if let Some(d) = &p.default {
            self.expr(d);
        }
    }

    fn pattern(&mut self, p: &Pattern) {
        match p {
            Pattern::Ident(i) => self.name(&i.name),
            Pattern::Expr(e) => self.expr(e),
            Pattern::Object {
                properties, rest, ..
            } => {
                for prop in properties {
                    self.prop_name(&prop.key);
                    self.pattern(&prop.value.target);
                    if let Some(d) = &prop.value.default {
                        self.expr(d);
                    }
                }
                if let Some(r) = rest {
                    self.pattern(r);
                }
            }
            Pattern::Array { elements, rest, .. } => {
                for e in elements.iter().flatten() {
                    self.pattern(&e.target);
                    if let Some(d) = &e.default {
                        self.expr(d);
                    }
                }
                if let Some(r) = rest {
                    self.pattern(r);
                }
            }
        }
    }

    fn var_decl(&mut self, d: &VarDecl) {
        // Leaving the scope of an `await using` declaration awaits.
        if let (VarKind::AwaitUsing, Mode::Await(found)) = (d.kind, &mut self.mode) {
            **found = true;
        }
        for decl in &d.declarations {
            self.pattern(&decl.target);
            if let Some(i) = &decl.init {
                self.expr(i);
            }
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::VarDecl(d) => self.var_decl(d),
            Stmt::FunctionDecl(f) => {
                if let Some(n) = &f.name {
                    self.name(&n.name);
                }
                self.function(f)
            }
            Stmt::ClassDecl(c) => self.class(c),
            Stmt::Expr(e, _) | Stmt::Throw(e, _) => self.expr(e),
            Stmt::Block(b) => b.body.iter().for_each(|s| self.stmt(s)),
            Stmt::Empty(_) | Stmt::Debugger(_) | Stmt::Continue(..) | Stmt::Break(..) => {}
            Stmt::If {
                test,
                consequent,
                alternate,
                ..
            } => {
                self.expr(test);
                self.stmt(consequent);
                if let Some(a) = alternate {
                    self.stmt(a)
                }
            }
            Stmt::For {
                init,
                test,
                update,
                body,
                ..
            } => {
                match init.as_deref() {
                    Some(ForInit::VarDecl(d)) => self.var_decl(d),
                    Some(ForInit::Expr(e)) => self.expr(e),
                    None => {}
                }
                if let Some(t) = test {
                    self.expr(t)
                }
                if let Some(u) = update {
                    self.expr(u)
                }
                self.stmt(body)
            }
            Stmt::ForIn {
                left, right, body, ..
            }
            | Stmt::ForOf {
                left, right, body, ..
            } => {
                if let (Stmt::ForOf { is_await: true, .. }, Mode::Await(found)) =
                    (s, &mut self.mode)
                {
                    **found = true;
                }
                match &**left {
                    ForHead::VarDecl(d) => self.var_decl(d),
                    ForHead::Pattern(p) => self.pattern(p),
                }
                self.expr(right);
                self.stmt(body)
            }
            Stmt::While { test, body, .. } | Stmt::DoWhile { body, test, .. } => {
                self.expr(test);
                self.stmt(body)
            }
            Stmt::Return(e, _) => {
                if let Some(e) = e {
                    self.expr(e)
                }
            }
            Stmt::With { object, body, .. } => {
                if let Mode::Dynamic(found) = &mut self.mode {
                    **found = true;
                }
                self.expr(object);
                self.stmt(body)
            }
            Stmt::Switch {
                discriminant,
                cases,
                ..
            } => {
                self.expr(discriminant);
                for c in cases {
                    if let Some(t) = &c.test {
                        self.expr(t)
                    }
                    c.consequent.iter().for_each(|s| self.stmt(s));
                }
            }
            Stmt::Labeled { body, .. } => self.stmt(body),
            Stmt::Try {
                block,
                handler,
                finalizer,
                ..
            } => {
                block.body.iter().for_each(|s| self.stmt(s));
                if let Some(h) = handler {
                    if let Some(p) = &h.param {
                        self.pattern(p)
                    }
                    h.body.body.iter().for_each(|s| self.stmt(s));
                }
                if let Some(f) = finalizer {
                    f.body.iter().for_each(|s| self.stmt(s));
                }
            }
        }
    }

    fn args(&mut self, args: &[Argument]) {
        for a in args {
            match a {
                Argument::Expr(e) | Argument::Spread(e) => self.expr(e),
            }
        }
    }

    fn member_prop(&mut self, p: &MemberProperty) {
        if let MemberProperty::Computed(e) = p {
            self.expr(e)
        }
    }

    fn template(&mut self, t: &Template) {
        t.expressions.iter().for_each(|e| self.expr(e));
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Ident(i) => self.name(&i.name),
            Expr::This(_) => self.name(THIS),
            Expr::NewTarget(_) => self.name(NEW_TARGET),
            Expr::Null(_)
            | Expr::Bool(..)
            | Expr::Number(..)
            | Expr::BigInt(..)
            | Expr::String(_)
            | Expr::RegExp { .. }
            | Expr::ImportMeta(_) => {}
            Expr::Template(t) => self.template(t),
            Expr::TaggedTemplate { tag, quasi, .. } => {
                self.expr(tag);
                self.template(quasi)
            }
            Expr::Array(elems, _) => {
                for el in elems {
                    if let ArrayElement::Expr(e) | ArrayElement::Spread(e) = el {
                        self.expr(e)
                    }
                }
            }
            Expr::Object(props, _) => {
                for p in props {
                    match p {
                        ObjectProperty::KeyValue(k, v, _) => {
                            self.prop_name(k);
                            self.expr(v)
                        }
                        ObjectProperty::Shorthand(i) => self.name(&i.name),
                        ObjectProperty::Method(k, f, _) => {
                            self.prop_name(k);
                            self.function(f)
                        }
                        ObjectProperty::Spread(e, _) | ObjectProperty::Proto(e, _) => self.expr(e),
                    }
                }
            }
            Expr::Function(f) | Expr::Arrow(f) => self.function(f),
            Expr::Class(c) => self.class(c),
            Expr::Unary { argument, .. } => self.expr(argument),
            Expr::Update { target, .. } => self.expr(target),
            Expr::Binary { left, right, .. } | Expr::Logical { left, right, .. } => {
                self.expr(left);
                self.expr(right)
            }
            Expr::PrivateIn { right, .. } => self.expr(right),
            Expr::Conditional {
                test,
                consequent,
                alternate,
                ..
            } => {
                self.expr(test);
                self.expr(consequent);
                self.expr(alternate)
            }
            Expr::Assign { target, value, .. } => {
                self.pattern(target);
                self.expr(value)
            }
            Expr::Sequence(es, _) => es.iter().for_each(|e| self.expr(e)),
            Expr::Member {
                object, property, ..
            } => {
                self.expr(object);
                self.member_prop(property)
            }
            Expr::SuperMember { property, .. } => {
                self.name(THIS);
                self.name(FUNC);
                self.member_prop(property)
            }
            Expr::Call {
                callee, arguments, ..
            } => {
                if let Expr::Ident(i) = &**callee {
                    if &*i.name == "eval" {
                        if let Mode::Dynamic(found) | Mode::DeepEval(found) | Mode::OwnEval(found) =
                            &mut self.mode
                        {
                            **found = true;
                        }
                    }
                }
                self.expr(callee);
                self.args(arguments)
            }
            Expr::SuperCall { arguments, .. } => {
                self.name(THIS);
                self.name(FUNC);
                self.name(NEW_TARGET);
                self.args(arguments)
            }
            Expr::New {
                callee, arguments, ..
            } => {
                self.expr(callee);
                self.args(arguments)
            }
            Expr::Await(e, _) => {
                if let Mode::Await(found) = &mut self.mode {
                    **found = true;
                }
                self.expr(e)
            }
            Expr::OptionalChain(e, _) | Expr::Paren(e, _) => self.expr(e),
            Expr::Yield { argument, .. } => {
                if let Some(a) = argument {
                    self.expr(a)
                }
            }
            Expr::ImportCall {
                specifier, options, ..
            } => {
                self.expr(specifier);
                if let Some(o) = options {
                    self.expr(o)
                }
            }
        }
    }
}
