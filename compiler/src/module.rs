//! Compiling modules: the module's records (requests, imports, exports) and its code.
//! <https://tc39.es/ecma262/#sec-source-text-module-records>
//!
//! Every top-level binding of a module lives in the module environment (created by the VM when
//! the module is linked), so other modules can import it by slot. Import bindings are indirect:
//! `LdaImport` reads them through the module's resolved import table. A module compiles to two
//! pieces of code run with the module environment: `init` (InitializeEnvironment: hoisted
//! functions and `var`s, run when the module is linked, before any module body runs) and `body`
//! (the module's statements, run when it is evaluated).

use crate::bytecode::{flags, Instr};
use crate::emit::{
    bound_names, hoisted_functions, lexically_scoped_names, var_scoped_names, BindKind, Binding,
    Emitter, Loc, Scope,
};
use crate::scope::THIS;
use crate::{CompileError, FunctionCode};
use amber_parser::ast::*;
use std::collections::HashSet;
use std::rc::Rc;

/// The `[[ImportName]]` ~source~ of a source phase import (`import source x from "m"`) and of
/// the indirect export that re-exports it. A lone surrogate can never be an export name
/// (IsStringWellFormedUnicode), so this name cannot collide with one.
/// <https://tc39.es/proposal-source-phase-imports/#sec-modulerequest-record>
pub const SOURCE_IMPORT_NAME: &[u16] = &[0xD800, 0x73, 0x6F, 0x75, 0x72, 0x63, 0x65];

/// The binding a module exports under the name `default` when it is anonymous.
pub const DEFAULT_BINDING: &str = "*default*";

/// A compiled module: its code and the records linking needs.
#[derive(Clone, Debug, Default)]
pub struct CompiledModule {
    /// InitializeEnvironment: creates hoisted functions and initializes `var`s.
    pub init: FunctionCode,
    /// The module's statements (ExecuteModule).
    pub body: FunctionCode,
    /// Slots in the module environment.
    pub env_size: u32,
    /// `[[HasTLA]]`: the body contains a top-level `await`; `body` is then an async body that
    /// returns a promise for its completion.
    pub has_tla: bool,
    /// `[[RequestedModules]]`: the specifiers, in source order, without duplicates (two
    /// requests are the same when ModuleRequestsEqual: same specifier and attributes).
    pub requests: Vec<Vec<u16>>,
    /// The `[[Attributes]]` of each request: (key, value), sorted by key.
    pub request_attributes: Vec<Vec<(Vec<u16>, Vec<u16>)>>,
    /// The `[[Phase]]` of each request: true for `import defer` (a request of the same module
    /// with another phase is another request).
    pub deferred_requests: Vec<bool>,
    /// True for the requests of `import source` (phase ~source~).
    pub source_requests: Vec<bool>,
    /// The import table `LdaImport` indexes: (request, imported name).
    pub imports: Vec<(u32, Vec<u16>)>,
    /// `import * as ns`: (request, environment slot that receives the namespace).
    pub namespace_imports: Vec<(u32, u32)>,
    /// `[[LocalExportEntries]]`: (export name, environment slot).
    pub local_exports: Vec<(Vec<u16>, u32)>,
    /// `[[IndirectExportEntries]]`: (export name, request, import name or `None` for
    /// `export * as name from`).
    pub indirect_exports: Vec<(Vec<u16>, u32, Option<Vec<u16>>)>,
    /// `[[StarExportEntries]]`: `export * from request`.
    pub star_exports: Vec<u32>,
    /// The module's source text.
    pub source: String,
    /// The module's file, for error locations and its identity.
    pub file: String,
}

fn units(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

fn export_name(n: &ModuleExportName) -> Vec<u16> {
    match n {
        ModuleExportName::Ident(i) => units(&i.name),
        ModuleExportName::String(s) => s.value.to_vec(),
    }
}

/// Compiles a parsed module.
pub fn compile_module(
    module: &Module,
    source: &str,
    file: &str,
) -> Result<CompiledModule, CompileError> {
    let mut out = CompiledModule {
        source: source.to_string(),
        file: file.to_string(),
        ..Default::default()
    };
    let mut e = Emitter::new(source);
    // 1. The statements that declare things, and the module records.
    let mut decls: Vec<Stmt> = Vec::new();
    let mut import_locals: Vec<(Rc<str>, u32, Option<Vec<u16>>)> = Vec::new();
    let mut default_binding: Option<(Rc<str>, bool)> = None; // (name, hoisted function)
    let mut pending_local_exports: Vec<(Vec<u16>, Rc<str>)> = Vec::new();
    let request = |out: &mut CompiledModule,
                   s: &StringLit,
                   attributes: &[ImportAttribute],
                   deferred: bool,
                   source_phase: bool|
     -> u32 {
        let mut attrs: Vec<(Vec<u16>, Vec<u16>)> = attributes
            .iter()
            .map(|a| {
                let key = match &a.key {
                    PropertyName::String(k, _) => k.to_vec(),
                    _ => Vec::new(),
                };
                (key, a.value.value.to_vec())
            })
            .collect();
        attrs.sort();
        let found = (0..out.requests.len()).find(|&i| {
            *out.requests[i] == *s.value
                && out.request_attributes[i] == attrs
                && out.deferred_requests[i] == deferred
                && out.source_requests[i] == source_phase
        });
        match found {
            Some(i) => i as u32,
            None => {
                out.requests.push(s.value.to_vec());
                out.request_attributes.push(attrs);
                out.deferred_requests.push(deferred);
                out.source_requests.push(source_phase);
                out.requests.len() as u32 - 1
            }
        }
    };
    for item in &module.body {
        match item {
            ModuleItem::Stmt(s) => decls.push(s.clone()),
            ModuleItem::Import(imp) => {
                let deferred = imp.phase.as_deref() == Some("defer");
                let source_phase = imp.phase.as_deref() == Some("source");
                let r = request(
                    &mut out,
                    &imp.source,
                    &imp.attributes,
                    deferred,
                    source_phase,
                );
                for spec in &imp.specifiers {
                    match spec {
                        // `import source x from "m"`: ImportEntry { [[ImportName]]: ~source~ }.
                        ImportSpecifier::Default(id) if source_phase => import_locals.push((
                            id.name.clone(),
                            r,
                            Some(SOURCE_IMPORT_NAME.to_vec()),
                        )),
                        ImportSpecifier::Default(id) => {
                            import_locals.push((id.name.clone(), r, Some(units("default"))))
                        }
                        ImportSpecifier::Named { imported, local } => {
                            import_locals.push((local.name.clone(), r, Some(export_name(imported))))
                        }
                        ImportSpecifier::Namespace(id) => {
                            import_locals.push((id.name.clone(), r, None))
                        }
                    }
                }
            }
            ModuleItem::Export(ExportDecl::Decl(s)) => {
                let mut names = Vec::new();
                match s {
                    Stmt::VarDecl(d) => d
                        .declarations
                        .iter()
                        .for_each(|x| bound_names(&x.target, &mut names)),
                    Stmt::FunctionDecl(f) => names.extend(f.name.as_ref().map(|n| n.name.clone())),
                    Stmt::ClassDecl(c) => names.extend(c.name.as_ref().map(|n| n.name.clone())),
                    _ => {}
                }
                for n in names {
                    pending_local_exports.push((units(&n), n));
                }
                decls.push(s.clone());
            }
            ModuleItem::Export(ExportDecl::DefaultDecl(s)) => {
                let (name, hoisted) = match s {
                    Stmt::FunctionDecl(f) => (f.name.as_ref().map(|n| n.name.clone()), true),
                    Stmt::ClassDecl(c) => (c.name.as_ref().map(|n| n.name.clone()), false),
                    _ => (None, false),
                };
                let local: Rc<str> = name.clone().unwrap_or_else(|| DEFAULT_BINDING.into());
                pending_local_exports.push((units("default"), local.clone()));
                if name.is_none() {
                    default_binding = Some((local, hoisted));
                }
                decls.push(s.clone());
            }
            ModuleItem::Export(ExportDecl::DefaultExpr(_, _)) => {
                pending_local_exports.push((units("default"), DEFAULT_BINDING.into()));
                default_binding = Some((DEFAULT_BINDING.into(), false));
            }
            ModuleItem::Export(ExportDecl::Named {
                specifiers,
                source,
                attributes,
                ..
            }) => match source {
                Some(src) => {
                    let r = request(&mut out, src, attributes, false, false);
                    for s in specifiers {
                        out.indirect_exports.push((
                            export_name(&s.exported),
                            r,
                            Some(export_name(&s.local)),
                        ));
                    }
                }
                None => {
                    for s in specifiers {
                        let local: Rc<str> =
                            String::from_utf16_lossy(&export_name(&s.local)).into();
                        pending_local_exports.push((export_name(&s.exported), local));
                    }
                }
            },
            ModuleItem::Export(ExportDecl::All {
                exported,
                source,
                attributes,
                ..
            }) => {
                let r = request(&mut out, source, attributes, false, false);
                match exported {
                    Some(name) => out.indirect_exports.push((export_name(name), r, None)),
                    None => out.star_exports.push(r),
                }
            }
        }
    }
    // 2. The module scope: every top-level binding in the environment.
    let mut names: Vec<(Rc<str>, BindKind)> = vec![(THIS.into(), BindKind::Plain)];
    let mut vars = Vec::new();
    var_scoped_names(&decls, &mut vars);
    vars.extend(
        hoisted_functions(&decls)
            .iter()
            .filter_map(|f| f.name.as_ref().map(|n| n.name.clone())),
    );
    names.extend(vars.iter().map(|v| (v.clone(), BindKind::Var)));
    names.extend(lexically_scoped_names(&decls));
    if let Some((n, hoisted)) = &default_binding {
        names.push((
            n.clone(),
            if *hoisted {
                BindKind::Var
            } else {
                BindKind::Let
            },
        ));
    }
    let mut scope = Scope {
        func: 0,
        names: Vec::new(),
        has_env: true,
        is_with: false,
        var_scope: true,
        env_size: 0,
        catch: false,
        initialized: Vec::new(),
        switch: false,
    };
    for (name, kind) in names {
        if scope.names.iter().any(|(n, _)| *n == name) {
            continue;
        }
        scope.names.push((
            name,
            Binding {
                loc: Loc::Env(scope.env_size),
                kind,
            },
        ));
        scope.env_size += 1;
    }
    for (local, r, imported) in &import_locals {
        match imported {
            Some(imported) => {
                out.imports.push((*r, imported.clone()));
                let index = out.imports.len() as u16 - 1;
                scope.names.push((
                    local.clone(),
                    Binding {
                        loc: Loc::Env(0),
                        kind: BindKind::Import(index),
                    },
                ));
            }
            None => {
                out.namespace_imports.push((*r, scope.env_size as u32));
                scope.names.push((
                    local.clone(),
                    Binding {
                        loc: Loc::Env(scope.env_size),
                        kind: BindKind::Const,
                    },
                ));
                scope.env_size += 1;
            }
        }
    }
    // 3. Local exports: an exported import binding is an indirect export (ParseModule step
    // 10.a.ii), and so is a re-exported namespace import, as `export * as name from`
    // (the current draft; the copy in spec.txt still makes it a local export).
    for (exported, local) in pending_local_exports {
        if let Some((_, r, None)) = import_locals.iter().find(|(n, _, _)| *n == local) {
            out.indirect_exports.push((exported, *r, None));
            continue;
        }
        match scope.names.iter().find(|(n, _)| *n == local) {
            Some((
                _,
                Binding {
                    kind: BindKind::Import(i),
                    ..
                },
            )) => {
                let (r, imported) = out.imports[*i as usize].clone();
                out.indirect_exports.push((exported, r, Some(imported)));
            }
            Some((
                _,
                Binding {
                    loc: Loc::Env(slot),
                    ..
                },
            )) => out.local_exports.push((exported, *slot as u32)),
            _ => {
                return Err(CompileError {
                    message: format!("Export '{local}' is not defined in module"),
                    span: module.span,
                    syntax: true,
                })
            }
        }
    }
    out.env_size = scope.env_size as u32;
    let all_names: HashSet<String> = scope.names.iter().map(|(n, _)| n.to_string()).collect();
    e.scopes.push(scope);

    // 4. InitializeEnvironment: `this` is undefined, vars are undefined, functions are created.
    let mut st = e.new_fn_state(flags::MODULE | flags::STRICT, true, all_names.clone());
    st.code.name = units("<module init>");
    st.code.source_range = (module.span.start, module.span.end);
    e.funcs.push(st);
    e.emit(Instr::LdaUndefined {});
    e.store_name(THIS, true, module.span)?;
    for v in &vars {
        e.emit(Instr::LdaUndefined {});
        e.store_name(v, true, module.span)?;
    }
    for f in hoisted_functions(&decls) {
        // An anonymous `export default function` is handled below.
        let Some(name) = f.name.as_ref().map(|n| n.name.clone()) else {
            continue;
        };
        e.closure(f, &name)?;
        e.store_name(&name, true, f.span)?;
    }
    if let Some((n, true)) = &default_binding {
        // `export default function () {}`: hoisted, named "default".
        let f = module.body.iter().find_map(|i| match i {
            ModuleItem::Export(ExportDecl::DefaultDecl(Stmt::FunctionDecl(f)))
                if f.name.is_none() =>
            {
                Some(f.clone())
            }
            _ => None,
        });
        if let Some(f) = f {
            e.closure(&f, "default")?;
            e.store_name(n, true, f.span)?;
        }
    }
    e.emit(Instr::LdaUndefined {});
    e.emit(Instr::Return {});
    e.finish_labels()?;
    let st = e.funcs.pop().unwrap();
    out.init = st.code;
    out.init.register_count = st.max_reg as u32;

    // 5. The body. With top-level `await` it is an async body (ExecuteModule step 3:
    // AsyncBlockStart), which returns its promise when it first suspends or completes.
    let mut default_exprs: Vec<&Expr> = Vec::new();
    for item in &module.body {
        if let ModuleItem::Export(ExportDecl::DefaultExpr(x, _)) = item {
            default_exprs.push(x);
        }
    }
    out.has_tla = crate::scope::contains_top_level_await(&decls, &default_exprs);
    // Block-scoped names (loop variables, ...) that inner functions capture live in
    // environments too.
    let mut captured = all_names;
    let mut analysed = decls.clone();
    analysed.extend(
        default_exprs
            .iter()
            .map(|x| Stmt::Expr((*x).clone(), x.span())),
    );
    captured.extend(crate::scope::captured_by_inner_functions(&[], &analysed));
    let mut st = e.new_fn_state(flags::MODULE | flags::STRICT, true, captured);
    st.code.name = units("<module>");
    st.code.source_range = (module.span.start, module.span.end);
    if out.has_tla {
        st.code.flags |= flags::ASYNC;
    }
    e.funcs.push(st);
    let async_body = if out.has_tla {
        e.make_async();
        e.begin_async_body()
    } else {
        None
    };
    // A module's `using` declarations are disposed when its body completes.
    let top_level: Vec<Stmt> = module
        .body
        .iter()
        .filter_map(|item| match item {
            ModuleItem::Stmt(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    match crate::emit::using_scope(&top_level) {
        Some(is_async) => e.disposal_scope(is_async, module.span, |e| module_items(e, module))?,
        None => module_items(&mut e, module)?,
    }
    e.emit(Instr::LdaUndefined {});
    if async_body.is_some() {
        e.emit_return()?;
    } else {
        e.emit(Instr::Return {});
    }
    e.end_async_body(async_body);
    e.finish_labels()?;
    let st = e.funcs.pop().unwrap();
    out.body = st.code;
    out.body.register_count = st.max_reg as u32;
    Ok(out)
}

/// The statements of a module body, in order.
fn module_items(e: &mut Emitter, module: &Module) -> Result<(), CompileError> {
    for item in &module.body {
        match item {
            ModuleItem::Import(_)
            | ModuleItem::Export(ExportDecl::Named { .. } | ExportDecl::All { .. }) => {}
            ModuleItem::Stmt(s) | ModuleItem::Export(ExportDecl::Decl(s)) => e.stmt(s)?,
            ModuleItem::Export(ExportDecl::DefaultDecl(s)) => match s {
                Stmt::ClassDecl(c) => {
                    let name = c.name.as_ref().map(|n| n.name.clone());
                    e.class(c, name.as_deref().unwrap_or("default"))?;
                    e.store_name(name.as_deref().unwrap_or(DEFAULT_BINDING), true, c.span)?;
                }
                Stmt::FunctionDecl(_) => {} // hoisted by init
                other => e.stmt(other)?,
            },
            ModuleItem::Export(ExportDecl::DefaultExpr(expr, span)) => {
                e.named_expr(expr, "default")?;
                e.store_name(DEFAULT_BINDING, true, *span)?;
            }
        }
    }
    Ok(())
}
