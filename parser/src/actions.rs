//! Grammar actions: building AST nodes, cooking literals and refining cover grammars.
//!
//! The grammar calls these functions from its actions so that the `.lalrpop` file stays a
//! readable grammar. Fallible actions return [`PResult`]; their errors become `SyntaxError`s.

use crate::ast::*;
use crate::cooker::Tok;
use crate::lexer::K;
use crate::literals;
use crate::SyntaxError;
use lalrpop_util::{ErrorRecovery, ParseError};
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

/// The error type of fallible grammar actions.
pub type PError = ParseError<usize, Tok, SyntaxError>;
pub type PResult<T> = Result<T, PError>;

/// Builds a user error for the span `l..r`.
pub fn err<T>(message: impl Into<String>, l: usize, r: usize) -> PResult<T> {
    Err(ParseError::User {
        error: SyntaxError::new(message, Span::new(l, r)),
    })
}

fn err_span<T>(message: impl Into<String>, span: Span) -> PResult<T> {
    err(message, span.start as usize, span.end as usize)
}

/// State shared by the grammar actions of one parse.
pub struct Ctx<'s> {
    pub src: &'s str,
    /// Start offsets of `CoverInitializedName`s (`{ a = 1 }`) in object literals.
    pub cover_inits: RefCell<Vec<u32>>,
    /// Start offsets of the `CoverInitializedName`s that became patterns.
    pub cover_inits_used: RefCell<HashSet<u32>>,
    /// Start offsets of array literals ending in `...x,` (not valid as patterns).
    pub spread_trailing_comma: RefCell<HashSet<u32>>,
}

impl<'s> Ctx<'s> {
    pub fn new(src: &'s str) -> Ctx<'s> {
        Ctx {
            src,
            cover_inits: RefCell::new(Vec::new()),
            cover_inits_used: RefCell::new(HashSet::new()),
            spread_trailing_comma: RefCell::new(HashSet::new()),
        }
    }

    fn text(&self, l: usize, r: usize) -> &'s str {
        &self.src[l..r]
    }

    /// The first `CoverInitializedName` that was never reinterpreted as a pattern.
    pub fn leftover_cover_init(&self) -> Option<u32> {
        let used = self.cover_inits_used.borrow();
        self.cover_inits
            .borrow()
            .iter()
            .copied()
            .find(|s| !used.contains(s))
    }
}

/// Unboxes a list. Large nonterminals are boxed in the grammar so that lalrpop's symbol stack
/// moves small values; lists store them unboxed, as the AST expects.
pub fn unbox<T>(v: Vec<Box<T>>) -> Vec<T> {
    v.into_iter().map(|b| *b).collect()
}

/// What the single entry point returns.
pub enum Program {
    Script(Vec<Stmt>, Span),
    Module(Vec<ModuleItem>, Span),
}

/// <https://tc39.es/ecma262/#prod-CoverParenthesizedExpressionAndArrowParameterList>
pub struct ParenCover {
    pub expr: Option<Expr>,
    pub trailing_comma: bool,
    pub rest: Option<Pattern>,
    pub span: Span,
}

impl ParenCover {
    pub fn new(
        expr: Option<Expr>,
        trailing_comma: bool,
        rest: Option<Pattern>,
        l: usize,
        r: usize,
    ) -> ParenCover {
        ParenCover {
            expr,
            trailing_comma,
            rest,
            span: Span::new(l, r),
        }
    }
}

/// A parsed MethodDefinition before it is placed in an object literal or class.
pub struct MemberHead {
    pub key: PropertyKey,
    pub function: Function,
}

/// A parsed ClassElement.
pub enum ClassElem {
    Method(MemberHead, bool, usize, usize),
    Field(PropertyKey, Option<Expr>, bool, usize, usize),
    Accessor(PropertyKey, Option<Expr>, bool, usize, usize),
    StaticBlock(Vec<Stmt>, usize, usize),
    Empty,
    /// `DecoratorList ClassElement`: a method, field or auto-accessor with decorators.
    Decorated(Vec<Expr>, Box<ClassElem>),
}

/// One link of an OptionalChain, with the end offset of the link.
pub enum ChainLink {
    Call(Vec<Argument>, bool, usize),
    Member(MemberProperty, bool, usize),
}

/// The left side of a for-in/of head before it becomes a [`ForHead`].
pub enum ForHeadCover {
    Expr(Expr),
    Decl(VarKind, Pattern, Option<Expr>, usize, usize),
}

// ---------------------------------------------------------------------------------------------
// Identifiers and literals
// ---------------------------------------------------------------------------------------------

/// Keywords that are reserved everywhere: <https://tc39.es/ecma262/#prod-ReservedWord>
/// (`await` and `yield` are handled by context).
pub fn is_reserved_word(name: &str) -> bool {
    matches!(
        name,
        "break"
            | "case"
            | "catch"
            | "class"
            | "const"
            | "continue"
            | "debugger"
            | "default"
            | "delete"
            | "do"
            | "else"
            | "enum"
            | "export"
            | "extends"
            | "false"
            | "finally"
            | "for"
            | "function"
            | "if"
            | "import"
            | "in"
            | "instanceof"
            | "new"
            | "null"
            | "return"
            | "super"
            | "switch"
            | "this"
            | "throw"
            | "true"
            | "try"
            | "typeof"
            | "var"
            | "void"
            | "while"
            | "with"
    )
}

/// Token kinds spelled like a reserved word.
pub fn is_keyword_kind(k: K) -> bool {
    matches!(
        k,
        K::Await
            | K::Break
            | K::Case
            | K::Catch
            | K::Class
            | K::Const
            | K::Continue
            | K::Debugger
            | K::Default
            | K::Delete
            | K::Do
            | K::Else
            | K::Enum
            | K::Export
            | K::Extends
            | K::False
            | K::Finally
            | K::For
            | K::Function
            | K::If
            | K::Import
            | K::In
            | K::Instanceof
            | K::New
            | K::Null
            | K::Return
            | K::Super
            | K::Switch
            | K::This
            | K::Throw
            | K::True
            | K::Try
            | K::Typeof
            | K::Var
            | K::Void
            | K::While
            | K::With
            | K::Yield
    )
}

/// An IdentifierReference, BindingIdentifier or LabelIdentifier.
pub fn ident_ref(ctx: &Ctx, l: usize, r: usize) -> PResult<Identifier> {
    let raw = ctx.text(l, r);
    let name = cook_ident(raw, l, r)?;
    // Early Error: It is a Syntax Error if StringValue of Identifier is a ReservedWord
    // (spelled with escapes here; unescaped reserved words never reach this production).
    if raw.contains('\\') && is_reserved_word(&name) {
        return err(format!("keyword '{name}' must not contain escapes"), l, r);
    }
    Ok(Identifier {
        name: name.into(),
        span: Span::new(l, r),
    })
}

/// An IdentifierName (property names, `a.b`): any word, reserved or not.
pub fn ident_name(ctx: &Ctx, l: usize, r: usize) -> PResult<Identifier> {
    let name = cook_ident(ctx.text(l, r), l, r)?;
    Ok(Identifier {
        name: name.into(),
        span: Span::new(l, r),
    })
}

/// A PrivateIdentifier; its name keeps the `#` (its spec StringValue).
pub fn private_name(ctx: &Ctx, l: usize, r: usize) -> PResult<Identifier> {
    let name = cook_ident(ctx.text(l + 1, r), l, r)?;
    Ok(Identifier {
        name: format!("#{name}").into(),
        span: Span::new(l, r),
    })
}

fn cook_ident(raw: &str, l: usize, r: usize) -> PResult<String> {
    match literals::cook_identifier(raw) {
        Some(s) => Ok(s),
        None => err("invalid escape in identifier", l, r),
    }
}

pub fn number(ctx: &Ctx, l: usize, r: usize) -> PResult<Expr> {
    match literals::parse_number(ctx.text(l, r)) {
        Ok(v) => Ok(Expr::Number(v, Span::new(l, r))),
        Err(m) => err(m, l, r),
    }
}

pub fn bigint(ctx: &Ctx, l: usize, r: usize) -> PResult<Expr> {
    match literals::parse_bigint(ctx.text(l, r)) {
        Ok(v) => Ok(Expr::BigInt(v.into(), Span::new(l, r))),
        Err(m) => err(m, l, r),
    }
}

pub fn string(ctx: &Ctx, l: usize, r: usize) -> PResult<StringLit> {
    let raw = ctx.text(l + 1, r - 1);
    match literals::cook_string(raw) {
        Ok(v) => Ok(StringLit {
            value: v.into(),
            span: Span::new(l, r),
        }),
        Err(m) => err(m, l, r),
    }
}

pub fn regex(ctx: &Ctx, l: usize, r: usize) -> PResult<Expr> {
    let text = ctx.text(l, r);
    let close = text.rfind('/').unwrap_or(0);
    let body = &text[1..close.max(1)];
    let flags = &text[close + 1..];
    if let Err(m) = crate::regexp::validate(body, flags) {
        return err(format!("invalid regular expression: {m}"), l, r);
    }
    Ok(Expr::RegExp {
        pattern: js_str(body),
        flags: flags.into(),
        span: Span::new(l, r),
    })
}

pub fn property_ident(ctx: &Ctx, l: usize, r: usize) -> PResult<PropertyName> {
    let id = ident_name(ctx, l, r)?;
    Ok(PropertyName::String(js_str(&id.name), id.span))
}

pub fn property_string(ctx: &Ctx, l: usize, r: usize) -> PResult<PropertyName> {
    let s = string(ctx, l, r)?;
    Ok(PropertyName::String(s.value, s.span))
}

pub fn property_number(ctx: &Ctx, l: usize, r: usize) -> PResult<PropertyName> {
    match number(ctx, l, r)? {
        Expr::Number(v, s) => Ok(PropertyName::Number(v, s)),
        _ => err("invalid number", l, r),
    }
}

pub fn property_bigint(ctx: &Ctx, l: usize, r: usize) -> PResult<PropertyName> {
    match bigint(ctx, l, r)? {
        Expr::BigInt(v, s) => Ok(PropertyName::BigInt(v, s)),
        _ => err("invalid bigint", l, r),
    }
}

/// Builds a template from its chunks (token spans including the delimiters).
pub fn template(
    ctx: &Ctx,
    chunks: Vec<(usize, usize)>,
    expressions: Vec<Expr>,
    l: usize,
    r: usize,
) -> Template {
    let quasis = chunks
        .into_iter()
        .map(|(cl, cr)| {
            let text = ctx.text(cl, cr);
            let inner_end = if text.ends_with("${") { cr - 2 } else { cr - 1 };
            let raw_text = ctx.text(cl + 1, inner_end.max(cl + 1));
            let (cooked, raw) = literals::cook_template(raw_text);
            TemplateChunk {
                cooked: cooked.map(Into::into),
                raw: raw.into(),
                span: Span::new(cl, cr),
            }
        })
        .collect();
    Template {
        quasis,
        expressions,
        span: Span::new(l, r),
    }
}

pub fn template_parts(
    ctx: &Ctx,
    head: (usize, usize),
    middles: Vec<(Expr, (usize, usize))>,
    last: Expr,
    tail: (usize, usize),
    l: usize,
    r: usize,
) -> Template {
    let mut chunks = vec![head];
    let mut exprs = Vec::new();
    for (e, chunk) in middles {
        exprs.push(e);
        chunks.push(chunk);
    }
    exprs.push(last);
    chunks.push(tail);
    template(ctx, chunks, exprs, l, r)
}

/// An untagged template: every chunk must cook.
pub fn untagged_template(_ctx: &Ctx, t: Template) -> PResult<Expr> {
    // Early Error: It is a Syntax Error if the [~Tagged] TemplateLiteral has an invalid escape.
    if let Some(bad) = t.quasis.iter().find(|q| q.cooked.is_none()) {
        return err_span("invalid escape sequence in template", bad.span);
    }
    Ok(Expr::Template(t))
}

pub fn tagged(_ctx: &Ctx, tag: Expr, quasi: Template, l: usize, r: usize) -> PResult<Expr> {
    if matches!(tag, Expr::OptionalChain(..)) {
        return err("tagged template cannot be used in an optional chain", l, r);
    }
    Ok(Expr::TaggedTemplate {
        tag: Box::new(tag),
        quasi,
        span: Span::new(l, r),
    })
}

// ---------------------------------------------------------------------------------------------
// Arrays and objects
// ---------------------------------------------------------------------------------------------

pub fn holes(h: Option<Vec<Span>>) -> Vec<ArrayElement> {
    h.unwrap_or_default()
        .into_iter()
        .map(ArrayElement::Hole)
        .collect()
}

pub fn binding_holes(h: Option<Vec<Span>>) -> Vec<Option<PatternElem>> {
    h.unwrap_or_default().into_iter().map(|_| None).collect()
}

/// `[a, ...b, ]`: an array literal whose element list ends in a comma.
pub fn array_trailing(
    ctx: &Ctx,
    mut elems: Vec<ArrayElement>,
    h: Option<Vec<Span>>,
    l: usize,
    r: usize,
) -> Expr {
    if matches!(elems.last(), Some(ArrayElement::Spread(_))) {
        ctx.spread_trailing_comma.borrow_mut().insert(l as u32);
    }
    elems.extend(holes(h));
    Expr::Array(elems, Span::new(l, r))
}

/// `{ a, ...b, }`: an object literal whose last property is a spread followed by a comma
/// (not valid as a pattern).
pub fn object_trailing(ctx: &Ctx, props: Vec<ObjectProperty>, l: usize, r: usize) -> Expr {
    if let Some(ObjectProperty::Spread(_, s)) = props.last() {
        ctx.spread_trailing_comma.borrow_mut().insert(s.start);
    }
    Expr::Object(props, Span::new(l, r))
}

/// `f(a, ...b,)`: remembered so that `async (...b,) => x` is rejected.
pub fn arguments_trailing(ctx: &Ctx, args: Vec<Argument>) -> Vec<Argument> {
    if let Some(Argument::Spread(e)) = args.last() {
        ctx.spread_trailing_comma
            .borrow_mut()
            .insert(e.span().start);
    }
    args
}

pub fn array_binding(
    elements: Vec<Option<PatternElem>>,
    rest: Option<Pattern>,
    l: usize,
    r: usize,
) -> Pattern {
    Pattern::Array {
        elements,
        rest: rest.map(Box::new),
        span: Span::new(l, r),
    }
}

pub fn shorthand_binding(
    i: Identifier,
    default: Option<Expr>,
    l: usize,
    r: usize,
) -> ObjectPatternProp {
    ObjectPatternProp {
        key: PropertyName::String(js_str(&i.name), i.span),
        value: PatternElem {
            target: Pattern::Ident(i),
            default,
            span: Span::new(l, r),
        },
        shorthand: true,
        span: Span::new(l, r),
    }
}

/// `{ a = 1 }` in an object literal: recorded so that it is an error unless the literal
/// becomes a pattern.
pub fn cover_initialized_name(
    ctx: &Ctx,
    i: Identifier,
    value: Expr,
    l: usize,
    r: usize,
) -> ObjectProperty {
    ctx.cover_inits.borrow_mut().push(l as u32);
    let key = PropertyName::String(js_str(&i.name), i.span);
    let assign = Expr::Assign {
        op: AssignOp::Assign,
        target: Box::new(Pattern::Ident(i)),
        value: Box::new(value),
        span: Span::new(l, r),
    };
    ObjectProperty::KeyValue(key, assign, Span::new(l, r))
}

/// `key: value`, or `__proto__: value` which sets the prototype.
pub fn key_value(_ctx: &Ctx, key: PropertyName, value: Expr, l: usize, r: usize) -> ObjectProperty {
    if let PropertyName::String(s, _) = &key {
        if **s == *js_str("__proto__") {
            return ObjectProperty::Proto(value, Span::new(l, r));
        }
    }
    ObjectProperty::KeyValue(key, value, Span::new(l, r))
}

pub fn object_method(m: MemberHead, l: usize, r: usize) -> PResult<ObjectProperty> {
    match m.key {
        PropertyKey::Public(k) => Ok(ObjectProperty::Method(
            k,
            Rc::new(m.function),
            Span::new(l, r),
        )),
        PropertyKey::Private(p) => err_span("private names are not allowed here", p.span),
    }
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

pub fn paren_to_expr(_ctx: &Ctx, c: ParenCover) -> PResult<Expr> {
    let span = c.span;
    match c.expr {
        Some(e) if c.rest.is_none() && !c.trailing_comma => Ok(Expr::Paren(Box::new(e), span)),
        _ => err_span("unexpected token: expected '=>' after parameter list", span),
    }
}

pub fn member(object: Expr, property: MemberProperty, l: usize, r: usize) -> Expr {
    Expr::Member {
        object: Box::new(object),
        property,
        optional: false,
        span: Span::new(l, r),
    }
}

pub fn call((callee, arguments, l, r): (Expr, Vec<Argument>, usize, usize)) -> Expr {
    Expr::Call {
        callee: Box::new(callee),
        arguments,
        optional: false,
        span: Span::new(l, r),
    }
}

/// Applies the links of an OptionalChain to `base` and wraps the result. A chain that
/// continues another (`a?.b.c?.d`) is flattened into one [`Expr::OptionalChain`], so the
/// callee of a call in a chain is always a plain member expression.
pub fn optional_chain(base: Expr, links: Vec<ChainLink>, l: usize, r: usize) -> Expr {
    let mut e = match base {
        Expr::OptionalChain(inner, _) => *inner,
        base => base,
    };
    for link in links {
        e = match link {
            ChainLink::Call(arguments, optional, end) => Expr::Call {
                callee: Box::new(e),
                arguments,
                optional,
                span: Span::new(l, end),
            },
            ChainLink::Member(property, optional, end) => Expr::Member {
                object: Box::new(e),
                property,
                optional,
                span: Span::new(l, end),
            },
        };
    }
    Expr::OptionalChain(Box::new(e), Span::new(l, r))
}

pub fn chain_template<T>(l: usize, r: usize) -> PResult<T> {
    err("tagged template cannot be used in an optional chain", l, r)
}

/// The phase of `import.defer(...)`, `import source x from ...` and similar.
pub fn import_phase(ctx: &Ctx, l: usize, r: usize) -> PResult<Ident> {
    match ctx.text(l, r) {
        p @ ("defer" | "source") => Ok(p.into()),
        _ => err("expected 'defer' or 'source'", l, r),
    }
}

/// `using x = ...` / `await using x = ...`: only identifiers, each with an initializer
/// (except in for-of heads, which do not come here).
pub fn using_decl(
    kind: VarKind,
    declarations: Vec<VarDeclarator>,
    l: usize,
    r: usize,
) -> PResult<VarDecl> {
    for d in &declarations {
        // Early Error: It is a Syntax Error if the BindingList has a pattern or a missing
        // initializer.
        if !matches!(d.target, Pattern::Ident(_)) || d.init.is_none() {
            return err_span("invalid using declaration", d.span);
        }
    }
    Ok(VarDecl {
        kind,
        declarations,
        span: Span::new(l, r),
    })
}

/// Is `e` a valid simple assignment target (AssignmentTargetType is simple)?
/// <https://tc39.es/ecma262/#sec-static-semantics-assignmenttargettype>
fn is_simple_target(e: &Expr) -> bool {
    match e {
        Expr::Ident(_) | Expr::SuperMember { .. } => true,
        Expr::Member { .. } => true,
        Expr::Paren(inner, _) => is_simple_target(inner),
        _ => false,
    }
}

/// Annex B (web compatibility): a CallExpression may be the target of `=`, compound
/// assignment, `++`/`--` and for-in/of heads in non-strict code; it throws a ReferenceError at
/// run time. The early-error pass rejects it in strict code.
/// <https://tc39.es/ecma262/#sec-static-semantics-assignmenttargettype>
pub fn is_call_target(e: &Expr) -> bool {
    matches!(e, Expr::Call { .. })
}

pub fn update(op: UpdateOp, prefix: bool, e: Expr, l: usize, r: usize) -> PResult<Expr> {
    // Early Error: It is a Syntax Error if AssignmentTargetType of the operand is not simple.
    if !is_simple_target(&e) && !is_call_target(&e) {
        return err("invalid update target", l, r);
    }
    Ok(Expr::Update {
        op,
        prefix,
        target: Box::new(e),
        span: Span::new(l, r),
    })
}

pub fn unary(op: UnaryOp, e: Expr, l: usize, r: usize) -> Expr {
    Expr::Unary {
        op,
        argument: Box::new(e),
        span: Span::new(l, r),
    }
}

pub fn binary(op: BinaryOp, a: Expr, b: Expr, l: usize, r: usize) -> Expr {
    Expr::Binary {
        op,
        left: Box::new(a),
        right: Box::new(b),
        span: Span::new(l, r),
    }
}

pub fn logical(op: LogicalOp, a: Expr, b: Expr, l: usize, r: usize) -> Expr {
    Expr::Logical {
        op,
        left: Box::new(a),
        right: Box::new(b),
        span: Span::new(l, r),
    }
}

pub fn sequence(a: Expr, b: Expr, l: usize, r: usize) -> Expr {
    match a {
        Expr::Sequence(mut v, _) => {
            v.push(b);
            Expr::Sequence(v, Span::new(l, r))
        }
        a => Expr::Sequence(vec![a, b], Span::new(l, r)),
    }
}

pub fn assign(ctx: &Ctx, op: AssignOp, t: Expr, v: Expr, l: usize, r: usize) -> PResult<Expr> {
    let target = if is_call_target(&t) && !matches!(op, AssignOp::Logical(_)) {
        Pattern::Expr(Box::new(t))
    } else if op == AssignOp::Assign {
        expr_to_pattern(ctx, t, false)?
    } else if is_simple_target(&t) {
        simple_target(t)
    } else {
        return err_span("invalid assignment target", t.span());
    };
    Ok(Expr::Assign {
        op,
        target: Box::new(target),
        value: Box::new(v),
        span: Span::new(l, r),
    })
}

/// A simple target as a pattern: identifiers (also parenthesized) become `Pattern::Ident`.
fn simple_target(e: Expr) -> Pattern {
    match e {
        Expr::Ident(i) => Pattern::Ident(i),
        e => Pattern::Expr(Box::new(e)),
    }
}

/// Reinterprets an expression as a pattern: a DestructuringAssignmentTarget
/// (`binding == false`) or arrow parameters (`binding == true`).
/// <https://tc39.es/ecma262/#sec-destructuring-assignment>
pub fn expr_to_pattern(ctx: &Ctx, e: Expr, binding: bool) -> PResult<Pattern> {
    match e {
        Expr::Ident(i) => Ok(Pattern::Ident(i)),
        Expr::Array(elems, span) => array_to_pattern(ctx, elems, span, binding),
        Expr::Object(props, span) => object_to_pattern(ctx, props, span, binding),
        e if !binding && is_simple_target(&e) => Ok(Pattern::Expr(Box::new(e))),
        e => err_span("invalid destructuring target", e.span()),
    }
}

fn elem_to_pattern(ctx: &Ctx, e: Expr, binding: bool) -> PResult<PatternElem> {
    let span = e.span();
    match e {
        Expr::Assign {
            op: AssignOp::Assign,
            target,
            value,
            ..
        } => {
            let target = pattern_revalidate(*target, binding)?;
            Ok(PatternElem {
                target,
                default: Some(*value),
                span,
            })
        }
        e => Ok(PatternElem {
            target: expr_to_pattern(ctx, e, binding)?,
            default: None,
            span,
        }),
    }
}

/// A pattern built for an assignment (`[a.b = 1] = x`) reused as a binding pattern must not
/// contain member expressions.
fn pattern_revalidate(p: Pattern, binding: bool) -> PResult<Pattern> {
    if binding && !is_binding_pattern(&p) {
        return err_span("invalid destructuring target", p.span());
    }
    Ok(p)
}

fn is_binding_pattern(p: &Pattern) -> bool {
    match p {
        Pattern::Ident(_) => true,
        Pattern::Expr(_) => false,
        Pattern::Object {
            properties, rest, ..
        } => {
            properties
                .iter()
                .all(|p| is_binding_pattern(&p.value.target))
                && rest.as_deref().is_none_or(is_binding_pattern)
        }
        Pattern::Array { elements, rest, .. } => {
            elements
                .iter()
                .flatten()
                .all(|e| is_binding_pattern(&e.target))
                && rest.as_deref().is_none_or(is_binding_pattern)
        }
    }
}

fn array_to_pattern(
    ctx: &Ctx,
    elems: Vec<ArrayElement>,
    span: Span,
    binding: bool,
) -> PResult<Pattern> {
    if ctx.spread_trailing_comma.borrow().contains(&span.start) {
        return err_span("a rest element must be last", span);
    }
    let count = elems.len();
    let mut elements = Vec::new();
    let mut rest = None;
    for (i, el) in elems.into_iter().enumerate() {
        match el {
            ArrayElement::Hole(_) => elements.push(None),
            ArrayElement::Expr(e) => elements.push(Some(elem_to_pattern(ctx, e, binding)?)),
            ArrayElement::Spread(e) => {
                if i + 1 != count {
                    return err_span("a rest element must be last", e.span());
                }
                if matches!(e, Expr::Assign { .. }) {
                    return err_span("a rest element cannot have an initializer", e.span());
                }
                rest = Some(Box::new(expr_to_pattern(ctx, e, binding)?));
            }
        }
    }
    Ok(Pattern::Array {
        elements,
        rest,
        span,
    })
}

fn object_to_pattern(
    ctx: &Ctx,
    props: Vec<ObjectProperty>,
    span: Span,
    binding: bool,
) -> PResult<Pattern> {
    let count = props.len();
    let mut properties = Vec::new();
    let mut rest = None;
    for (i, prop) in props.into_iter().enumerate() {
        match prop {
            ObjectProperty::Shorthand(id) => {
                properties.push(shorthand_binding(
                    id.clone(),
                    None,
                    id.span.start as usize,
                    id.span.end as usize,
                ));
            }
            ObjectProperty::KeyValue(key, value, pspan) => {
                let is_cover = ctx.cover_inits.borrow().contains(&pspan.start)
                    && matches!(key, PropertyName::String(..));
                if is_cover {
                    ctx.cover_inits_used.borrow_mut().insert(pspan.start);
                }
                let value = elem_to_pattern(ctx, value, binding)?;
                properties.push(ObjectPatternProp {
                    key,
                    value,
                    shorthand: is_cover,
                    span: pspan,
                });
            }
            ObjectProperty::Proto(value, pspan) => {
                let key = PropertyName::String(js_str("__proto__"), pspan);
                let value = elem_to_pattern(ctx, value, binding)?;
                properties.push(ObjectPatternProp {
                    key,
                    value,
                    shorthand: false,
                    span: pspan,
                });
            }
            ObjectProperty::Spread(e, pspan) => {
                if i + 1 != count || ctx.spread_trailing_comma.borrow().contains(&pspan.start) {
                    return err_span("a rest element must be last", pspan);
                }
                // Early Error: the rest target of an object pattern must be simple.
                let target = expr_to_pattern(ctx, e, binding)?;
                if matches!(target, Pattern::Object { .. } | Pattern::Array { .. }) {
                    return err_span("invalid rest element", pspan);
                }
                rest = Some(Box::new(target));
            }
            ObjectProperty::Method(_, _, pspan) => {
                return err_span("invalid destructuring target", pspan)
            }
        }
    }
    Ok(Pattern::Object {
        properties,
        rest,
        span,
    })
}

// ---------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------

/// Does the directive prologue of `body` contain `"use strict"`?
/// <https://tc39.es/ecma262/#sec-directive-prologues-and-the-use-strict-directive>
pub fn has_use_strict(src: &str, body: &[Stmt]) -> bool {
    for stmt in body {
        match stmt {
            Stmt::Expr(Expr::String(s), _) => {
                let raw = &src[s.span.start as usize..s.span.end as usize];
                if raw == "\"use strict\"" || raw == "'use strict'" {
                    return true;
                }
            }
            _ => return false,
        }
    }
    false
}

fn is_simple_params(params: &[Param]) -> bool {
    params
        .iter()
        .all(|p| !p.rest && p.default.is_none() && matches!(p.pattern, Pattern::Ident(_)))
}

/// Builds a function of any kind.
#[allow(clippy::too_many_arguments)]
fn make_function(
    ctx: &Ctx,
    name: Option<Identifier>,
    kind: FunctionKind,
    is_async: bool,
    is_generator: bool,
    params: Vec<Param>,
    body: FunctionBody,
    span: Span,
) -> PResult<Function> {
    let simple_params = is_simple_params(&params);
    let strict = match &body {
        FunctionBody::Block(b) => has_use_strict(ctx.src, b),
        FunctionBody::Expr(_) => false,
    };
    // Early Error: It is a Syntax Error if FunctionBodyContainsUseStrict is true and
    // IsSimpleParameterList of the parameters is false.
    if strict && !simple_params {
        return err_span(
            "'use strict' not allowed in function with non-simple parameters",
            span,
        );
    }
    Ok(Function {
        name,
        kind,
        is_async,
        is_generator,
        params,
        body,
        strict,
        simple_params,
        source: span,
        span,
    })
}

pub fn function(
    ctx: &Ctx,
    name: Option<Identifier>,
    is_async: bool,
    is_generator: bool,
    params: (Vec<Param>, usize, usize),
    body: (Vec<Stmt>, usize),
    l: usize,
) -> PResult<Function> {
    let span = Span::new(l, body.1);
    make_function(
        ctx,
        name,
        FunctionKind::Normal,
        is_async,
        is_generator,
        params.0,
        FunctionBody::Block(body.0),
        span,
    )
}

#[allow(clippy::too_many_arguments)]
pub fn method(
    ctx: &Ctx,
    key: PropertyKey,
    kind: FunctionKind,
    is_async: bool,
    is_generator: bool,
    params: (Vec<Param>, usize, usize),
    body: (Vec<Stmt>, usize),
    l: usize,
) -> PResult<MemberHead> {
    let (params, pl, pr) = params;
    // Early Error: a getter has no parameters; a setter has exactly one, not a rest parameter.
    if kind == FunctionKind::Getter && !params.is_empty() {
        return err("a getter must not have parameters", pl, pr);
    }
    if kind == FunctionKind::Setter && (params.len() != 1 || params[0].rest) {
        return err("a setter must have exactly one parameter", pl, pr);
    }
    let span = Span::new(l, body.1);
    let function = make_function(
        ctx,
        None,
        kind,
        is_async,
        is_generator,
        params,
        FunctionBody::Block(body.0),
        span,
    )?;
    Ok(MemberHead { key, function })
}

pub fn params_from_ident(i: Identifier) -> Vec<Param> {
    let span = i.span;
    vec![Param {
        pattern: Pattern::Ident(i),
        default: None,
        rest: false,
        span,
    }]
}

pub fn arrow(
    ctx: &Ctx,
    params: Vec<Param>,
    body: FunctionBody,
    is_async: bool,
    l: usize,
    r: usize,
) -> PResult<Expr> {
    let f = make_function(
        ctx,
        None,
        FunctionKind::Arrow,
        is_async,
        false,
        params,
        body,
        Span::new(l, r),
    )?;
    Ok(Expr::Arrow(Rc::new(f)))
}

/// Turns one parenthesized expression into an arrow parameter.
fn expr_to_param(ctx: &Ctx, e: Expr) -> PResult<Param> {
    let elem = elem_to_pattern(ctx, e, true)?;
    Ok(Param {
        pattern: elem.target,
        default: elem.default,
        rest: false,
        span: elem.span,
    })
}

pub fn arrow_from_cover(
    ctx: &Ctx,
    c: ParenCover,
    body: FunctionBody,
    l: usize,
    r: usize,
) -> PResult<Expr> {
    let mut params = Vec::new();
    match c.expr {
        Some(Expr::Sequence(items, _)) => {
            for e in items {
                params.push(expr_to_param(ctx, e)?);
            }
        }
        Some(e) => params.push(expr_to_param(ctx, e)?),
        None => {}
    }
    if let Some(rest) = c.rest {
        let span = rest.span();
        params.push(Param {
            pattern: rest,
            default: None,
            rest: true,
            span,
        });
    }
    arrow(ctx, params, body, false, l, r)
}

pub fn arrow_async_of(
    ctx: &Ctx,
    pl: usize,
    pr: usize,
    body: FunctionBody,
    l: usize,
    r: usize,
) -> PResult<Expr> {
    let id = ident_ref(ctx, pl, pr)?;
    arrow(ctx, params_from_ident(id), body, true, l, r)
}

/// `async (a, b) => ...`, parsed as a call `async(a, b)` followed by `=>`.
/// <https://tc39.es/ecma262/#prod-AsyncArrowHead>
pub fn async_arrow_from_call(
    ctx: &Ctx,
    head: (Expr, Vec<Argument>, usize, usize),
    body: FunctionBody,
    l: usize,
    r: usize,
) -> PResult<Expr> {
    let (callee, args, _, hr) = head;
    let Expr::Ident(id) = &callee else {
        return err("unexpected '=>'", l, hr);
    };
    let cs = id.span;
    let between = &ctx.src[cs.end as usize..];
    let paren = between.find('(').unwrap_or(0);
    let escaped = ctx.text(cs.start as usize, cs.end as usize) != "async";
    if escaped || between[..paren].contains(crate::lexer::is_line_terminator) {
        return err("unexpected '=>'", l, hr);
    }
    let count = args.len();
    let mut params = Vec::new();
    for (i, a) in args.into_iter().enumerate() {
        match a {
            Argument::Expr(e) => params.push(expr_to_param(ctx, e)?),
            Argument::Spread(e) => {
                if i + 1 != count || ctx.spread_trailing_comma.borrow().contains(&e.span().start) {
                    return err_span("a rest parameter must be last", e.span());
                }
                let span = e.span();
                let pattern = expr_to_pattern(ctx, e, true)?;
                params.push(Param {
                    pattern,
                    default: None,
                    rest: true,
                    span,
                });
            }
        }
    }
    arrow(ctx, params, body, true, l, r)
}

// ---------------------------------------------------------------------------------------------
// Classes
// ---------------------------------------------------------------------------------------------

fn key_is(key: &PropertyKey, name: &str) -> bool {
    matches!(key, PropertyKey::Public(PropertyName::String(s, _)) if **s == *js_str(name))
}

pub fn class(
    name: Option<Identifier>,
    tail: (Option<Expr>, Vec<ClassElem>),
    l: usize,
    r: usize,
) -> PResult<Class> {
    let (heritage, elems) = tail;
    let mut constructor = None;
    let mut members = Vec::new();
    for elem in elems {
        // Decorators apply to methods, fields and auto-accessors only (not to static blocks,
        // empty elements or the constructor).
        let (decorators, elem) = match elem {
            ClassElem::Decorated(d, inner) => match *inner {
                ClassElem::StaticBlock(_, bl, br) => {
                    return err("decorators are not valid on static blocks", bl, br)
                }
                ClassElem::Empty | ClassElem::Decorated(..) => {
                    return err("a decorator must be followed by a class element", l, r)
                }
                inner => (d, inner),
            },
            elem => (Vec::new(), elem),
        };
        let elem_kind = match &elem {
            ClassElem::Accessor(..) => ElemKind::Accessor,
            _ => ElemKind::Other,
        };
        match elem {
            ClassElem::Method(m, is_static, ml, mr) => {
                if !is_static && key_is(&m.key, "constructor") {
                    // Early Error: a class has at most one constructor, and it is a plain method.
                    let f = &m.function;
                    if f.kind != FunctionKind::Method || f.is_async || f.is_generator {
                        return err("class constructor may not be a special method", ml, mr);
                    }
                    if constructor.is_some() {
                        return err("a class may only have one constructor", ml, mr);
                    }
                    if !decorators.is_empty() {
                        return err("decorators are not valid on a class constructor", ml, mr);
                    }
                    let mut f = m.function;
                    f.kind = FunctionKind::ClassConstructor;
                    constructor = Some(Rc::new(f));
                    continue;
                }
                // Early Error: It is a Syntax Error if a static method is named "prototype".
                if is_static && key_is(&m.key, "prototype") {
                    return err(
                        "classes may not have a static property named 'prototype'",
                        ml,
                        mr,
                    );
                }
                check_private_constructor(&m.key, ml, mr)?;
                members.push(ClassMember::Method {
                    key: m.key,
                    is_static,
                    function: Rc::new(m.function),
                    decorators,
                    span: Span::new(ml, mr),
                });
            }
            ClassElem::Field(key, value, is_static, fl, fr)
            | ClassElem::Accessor(key, value, is_static, fl, fr) => {
                let is_accessor = matches!(elem_kind, ElemKind::Accessor);
                // Early Error: fields cannot be named "constructor"; static fields not "prototype".
                if key_is(&key, "constructor") || (is_static && key_is(&key, "prototype")) {
                    return err("invalid field name", fl, fr);
                }
                check_private_constructor(&key, fl, fr)?;
                members.push(ClassMember::Field {
                    key,
                    is_static,
                    value,
                    is_accessor,
                    decorators,
                    span: Span::new(fl, fr),
                });
            }
            ClassElem::StaticBlock(body, bl, br) => {
                members.push(ClassMember::StaticBlock(body, Span::new(bl, br)))
            }
            ClassElem::Empty | ClassElem::Decorated(..) => {}
        }
    }
    Ok(Class {
        name,
        super_class: heritage.map(Box::new),
        constructor,
        members,
        decorators: Vec::new(),
        source: Span::new(l, r),
        span: Span::new(l, r),
    })
}

/// `DecoratorList ClassDeclaration` / `DecoratorList ClassExpression`: the class with its
/// decorators (<https://arai-a.github.io/ecma262-compare/?pr=2417#sec-class-definitions>).
pub fn decorate_class(mut c: Class, decorators: Vec<Expr>) -> Class {
    c.decorators = decorators;
    c
}

/// `DecoratorList export ClassDeclaration`: the decorators belong to the class; they may not
/// appear both before and after `export`.
pub fn decorate_export(decorators: Vec<Expr>, s: Stmt) -> PResult<Stmt> {
    match s {
        Stmt::ClassDecl(c) => {
            if !c.decorators.is_empty() {
                let sp = c.span;
                return err(
                    "decorators may not appear both before and after 'export'",
                    sp.start as usize,
                    sp.end as usize,
                );
            }
            let mut c = Rc::unwrap_or_clone(c);
            c.decorators = decorators;
            Ok(Stmt::ClassDecl(Rc::new(c)))
        }
        other => Ok(other),
    }
}

enum ElemKind {
    Accessor,
    Other,
}

fn check_private_constructor(key: &PropertyKey, l: usize, r: usize) -> PResult<()> {
    // Early Error: It is a Syntax Error if StringValue of PrivateIdentifier is "#constructor".
    if let PropertyKey::Private(p) = key {
        if &*p.name == "#constructor" {
            return err(
                "classes may not have a private field named '#constructor'",
                l,
                r,
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

fn head_to_for(ctx: &Ctx, h: ForHeadCover, is_in: bool) -> PResult<ForHead> {
    match h {
        ForHeadCover::Expr(e) => {
            let p = match e {
                Expr::Array(..) | Expr::Object(..) => expr_to_pattern(ctx, e, false)?,
                e if is_simple_target(&e) || is_call_target(&e) => simple_target(e),
                e => return err_span("invalid left-hand side in for loop", e.span()),
            };
            Ok(ForHead::Pattern(p))
        }
        ForHeadCover::Decl(kind, target, init, l, r) => {
            // Annex B allows an initializer only for `for (var x = e in o)`.
            if init.is_some() && !(is_in && kind == VarKind::Var) {
                return err(
                    "for-of/in loop variable declaration may not have an initializer",
                    l,
                    r,
                );
            }
            let span = Span::new(l, r);
            let tspan = target.span();
            Ok(ForHead::VarDecl(VarDecl {
                kind,
                declarations: vec![VarDeclarator {
                    target,
                    init,
                    span: Span::new(tspan.start as usize, r),
                }],
                span,
            }))
        }
    }
}

pub fn for_in(
    ctx: &Ctx,
    h: ForHeadCover,
    right: Expr,
    body: Stmt,
    l: usize,
    r: usize,
) -> PResult<Stmt> {
    Ok(Stmt::ForIn {
        left: Box::new(head_to_for(ctx, h, true)?),
        right,
        body: Box::new(body),
        span: Span::new(l, r),
    })
}

#[allow(clippy::too_many_arguments)]
pub fn for_of(
    ctx: &Ctx,
    h: ForHeadCover,
    right: Expr,
    body: Stmt,
    is_await: bool,
    l: usize,
    r: usize,
) -> PResult<Stmt> {
    // Early Error: `for (async of ...` is not allowed (the cooker's AsyncOf never reaches
    // here); `for (let of ...)` fails to parse.
    Ok(Stmt::ForOf {
        left: Box::new(head_to_for(ctx, h, false)?),
        right,
        body: Box::new(body),
        is_await,
        span: Span::new(l, r),
    })
}

/// Decides whether lalrpop's error recovery at `l` is a legal automatic semicolon insertion.
/// <https://tc39.es/ecma262/#sec-rules-of-automatic-semicolon-insertion>
pub fn asi(l: usize, rec: ErrorRecovery<usize, Tok, SyntaxError>, do_while: bool) -> PResult<()> {
    if !rec.dropped_tokens.is_empty() {
        return Err(rec.error);
    }
    let ok = match &rec.error {
        ParseError::UnrecognizedToken {
            token: (start, tok, _),
            ..
        } => {
            let at_gap = l == tok.prev_end as usize || l == *start;
            at_gap && (do_while || tok.nl || tok.kind == K::RBrace)
        }
        // At the end of the input `location` is the end of the last token: recovery that
        // popped symbols (`a ,`, `var x,`) starts earlier and is not an insertion.
        ParseError::UnrecognizedEof { location, .. } => l == *location,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(rec.error)
    }
}
