//! Static semantics of declarations over the AST: LexicallyScopedDeclarations,
//! VarScopedDeclarations, Annex B function hoisting, hoisted functions and `using` scopes.

use super::*;

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
            if let Some(ForInit::VarDecl(d)) = init.as_deref() {
                var_decl(d, out);
            }
            var_names_stmt(body, out);
        }
        Stmt::ForIn { left, body, .. } | Stmt::ForOf { left, body, .. } => {
            if let ForHead::VarDecl(d) = &**left {
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
pub(super) fn annex_b_functions(body: &[Stmt], nested: bool, out: &mut Vec<Rc<str>>) {
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
            if let Some(ForInit::VarDecl(d)) = init.as_deref() {
                inner.extend(declared_lexically(d));
            }
            annex_b_stmt(body, &inner, out);
        }
        Stmt::ForIn { left, body, .. } | Stmt::ForOf { left, body, .. } => {
            let mut inner = outer.to_vec();
            if let ForHead::VarDecl(d) = &**left {
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
pub(super) fn mentions_name_directly(params: &[Param], body: &[Stmt], name: &str) -> bool {
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
pub(super) fn literal_size(n: usize) -> u16 {
    n.min(1024) as u16
}
