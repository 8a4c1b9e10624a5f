//! The abstract syntax tree: the contract between `parser` and `compiler`.
//!
//! The tree follows the spec's grammar closely but folds cover grammars away: by the time a tree
//! leaves the parser, every `CoverParenthesizedExpressionAndArrowParameterList` has become either
//! an expression or arrow parameters, and every object/array literal on the left of `=` has become
//! a [`Pattern`].
//!
//! **Invariant:** every node carries a [`Span`] of byte offsets into the source text. Function
//! nodes additionally keep the exact range that `Function.prototype.toString` returns.
//!
//! Strings that JavaScript can observe (string literals, template chunks, property names) are
//! stored as UTF-16 ([`JsStr`]) because ECMAScript strings are sequences of UTF-16 code units and
//! may hold lone surrogates (`"\uD800"`). Identifiers cannot hold lone surrogates, so they are
//! plain Rust strings ([`Ident`]).

use std::rc::Rc;

/// A half-open byte range `start..end` in the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// An ECMAScript string value: a sequence of UTF-16 code units.
pub type JsStr = Rc<[u16]>;

/// Converts Rust text to a [`JsStr`].
pub fn js_str(s: &str) -> JsStr {
    s.encode_utf16().collect::<Vec<_>>().into()
}

/// An identifier's cooked name (escapes such as `\u0061` already decoded).
pub type Ident = Rc<str>;

/// An identifier occurrence with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Identifier {
    pub name: Ident,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Programs
// ---------------------------------------------------------------------------------------------

/// <https://tc39.es/ecma262/#prod-Script>
#[derive(Clone, Debug, PartialEq)]
pub struct Script {
    pub body: Vec<Stmt>,
    /// The script begins with a `"use strict"` directive (or was parsed as strict by the host).
    pub strict: bool,
    pub span: Span,
}

/// <https://tc39.es/ecma262/#prod-Module>
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    pub body: Vec<ModuleItem>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ModuleItem {
    Import(ImportDecl),
    Export(ExportDecl),
    Stmt(Stmt),
}

/// <https://tc39.es/ecma262/#prod-ImportDeclaration>
#[derive(Clone, Debug, PartialEq)]
pub struct ImportDecl {
    /// `import x from "m"` → `Default`; `import * as ns` → `Namespace`; `{a as b}` → `Named`.
    pub specifiers: Vec<ImportSpecifier>,
    pub source: StringLit,
    pub attributes: Vec<ImportAttribute>,
    /// `import source x from "m"` (source phase imports) and similar phases; `None` for plain.
    pub phase: Option<Ident>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ImportSpecifier {
    Default(Identifier),
    Namespace(Identifier),
    Named {
        imported: ModuleExportName,
        local: Identifier,
    },
}

/// An export or import name: an identifier or (since ES2022) a string literal.
#[derive(Clone, Debug, PartialEq)]
pub enum ModuleExportName {
    Ident(Identifier),
    String(StringLit),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImportAttribute {
    pub key: PropertyName,
    pub value: StringLit,
    pub span: Span,
}

/// <https://tc39.es/ecma262/#prod-ExportDeclaration>
#[derive(Clone, Debug, PartialEq)]
pub enum ExportDecl {
    /// `export * from "m"` / `export * as ns from "m"`
    All {
        exported: Option<ModuleExportName>,
        source: StringLit,
        attributes: Vec<ImportAttribute>,
        span: Span,
    },
    /// `export { a, b as c }` / `export { a } from "m"`
    Named {
        specifiers: Vec<ExportSpecifier>,
        source: Option<StringLit>,
        attributes: Vec<ImportAttribute>,
        span: Span,
    },
    /// `export var/let/const/function/class ...`
    Decl(Stmt),
    /// `export default function/class ...` (possibly anonymous)
    DefaultDecl(Stmt),
    /// `export default AssignmentExpression;`
    DefaultExpr(Expr, Span),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExportSpecifier {
    pub local: ModuleExportName,
    pub exported: ModuleExportName,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// `var`, `let`, `const`, `using`, `await using`
    VarDecl(VarDecl),
    /// A function, generator, async function or async generator declaration.
    FunctionDecl(Rc<Function>),
    ClassDecl(Rc<Class>),
    Expr(Expr, Span),
    Block(Block),
    Empty(Span),
    If {
        test: Expr,
        consequent: Box<Stmt>,
        alternate: Option<Box<Stmt>>,
        span: Span,
    },
    // The parts of the bigger statements are boxed so that `Stmt` stays small (104 bytes,
    // was 232): a script is mostly vectors of statements.
    For {
        init: Option<Box<ForInit>>,
        test: Option<Box<Expr>>,
        update: Option<Box<Expr>>,
        body: Box<Stmt>,
        span: Span,
    },
    ForIn {
        left: Box<ForHead>,
        right: Expr,
        body: Box<Stmt>,
        span: Span,
    },
    ForOf {
        left: Box<ForHead>,
        right: Expr,
        body: Box<Stmt>,
        is_await: bool,
        span: Span,
    },
    While {
        test: Expr,
        body: Box<Stmt>,
        span: Span,
    },
    DoWhile {
        body: Box<Stmt>,
        test: Expr,
        span: Span,
    },
    Continue(Option<Identifier>, Span),
    Break(Option<Identifier>, Span),
    Return(Option<Expr>, Span),
    With {
        object: Expr,
        body: Box<Stmt>,
        span: Span,
    },
    Switch {
        discriminant: Expr,
        cases: Vec<SwitchCase>,
        span: Span,
    },
    Labeled {
        label: Identifier,
        body: Box<Stmt>,
        span: Span,
    },
    Throw(Expr, Span),
    Try {
        block: Block,
        /// The catch parameter (absent for `catch {`) and the catch block.
        handler: Option<Box<CatchClause>>,
        finalizer: Option<Block>,
        span: Span,
    },
    Debugger(Span),
}

impl Stmt {
    pub fn span(&self) -> Span {
        match self {
            Stmt::VarDecl(d) => d.span,
            Stmt::FunctionDecl(f) => f.span,
            Stmt::ClassDecl(c) => c.span,
            Stmt::Block(b) => b.span,
            Stmt::Expr(_, s)
            | Stmt::Empty(s)
            | Stmt::Continue(_, s)
            | Stmt::Break(_, s)
            | Stmt::Return(_, s)
            | Stmt::Throw(_, s)
            | Stmt::Debugger(s) => *s,
            Stmt::If { span, .. }
            | Stmt::For { span, .. }
            | Stmt::ForIn { span, .. }
            | Stmt::ForOf { span, .. }
            | Stmt::While { span, .. }
            | Stmt::DoWhile { span, .. }
            | Stmt::With { span, .. }
            | Stmt::Switch { span, .. }
            | Stmt::Labeled { span, .. }
            | Stmt::Try { span, .. } => *span,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    Var,
    Let,
    Const,
    Using,
    AwaitUsing,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VarDecl {
    pub kind: VarKind,
    pub declarations: Vec<VarDeclarator>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VarDeclarator {
    pub target: Pattern,
    pub init: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ForInit {
    VarDecl(VarDecl),
    Expr(Expr),
}

/// The left-hand side of `for (... in/of ...)`.
#[derive(Clone, Debug, PartialEq)]
pub enum ForHead {
    /// `for (var x ...)`, `for (let [a, b] ...)`; for Annex B `for (var x = 1 in o)` the
    /// declarator keeps its initializer.
    VarDecl(VarDecl),
    /// `for (x.y of ...)`, `for ([a, b] of ...)`
    Pattern(Pattern),
}

#[derive(Clone, Debug, PartialEq)]
pub struct SwitchCase {
    /// `None` for `default:`.
    pub test: Option<Expr>,
    pub consequent: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CatchClause {
    pub param: Option<Pattern>,
    pub body: Block,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Functions and classes
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    Normal,
    Arrow,
    Method,
    Getter,
    Setter,
    /// A class constructor (base or derived: see [`Class::super_class`]).
    ClassConstructor,
    /// The synthetic function that runs a class field initializer or static block.
    ClassFieldInit,
}

/// Every kind of function: declarations, expressions, arrows, methods, accessors, constructors.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    pub name: Option<Identifier>,
    pub kind: FunctionKind,
    pub is_async: bool,
    pub is_generator: bool,
    pub params: Vec<Param>,
    pub body: FunctionBody,
    /// The body (or parameters) contain a `"use strict"` directive, or the function is in strict
    /// code. Computed by the parser so the compiler need not rescan directives.
    pub strict: bool,
    /// The parameter list is simple (no defaults, rest or patterns): decides the arguments object
    /// mapping and some early errors.
    pub simple_params: bool,
    /// The exact source range `Function.prototype.toString` returns.
    pub source: Span,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FunctionBody {
    Block(Vec<Stmt>),
    /// A concise arrow body: `x => x + 1`.
    Expr(Box<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub pattern: Pattern,
    pub default: Option<Expr>,
    pub rest: bool,
    pub span: Span,
}

/// <https://tc39.es/ecma262/#prod-ClassDeclaration> and class expressions.
#[derive(Clone, Debug, PartialEq)]
pub struct Class {
    pub name: Option<Identifier>,
    pub super_class: Option<Box<Expr>>,
    /// The explicit constructor, if the class body has one.
    pub constructor: Option<Rc<Function>>,
    pub members: Vec<ClassMember>,
    /// The class's decorators, in source order (decorators proposal,
    /// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-class-definitions>).
    pub decorators: Vec<Expr>,
    pub source: Span,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ClassMember {
    Method {
        key: PropertyKey,
        is_static: bool,
        /// `Method`, `Getter` or `Setter` in [`Function::kind`].
        function: Rc<Function>,
        /// The element's decorators, in source order.
        decorators: Vec<Expr>,
        span: Span,
    },
    Field {
        key: PropertyKey,
        is_static: bool,
        value: Option<Expr>,
        /// `accessor x = 1` (decorators proposal auto-accessors).
        is_accessor: bool,
        /// The element's decorators, in source order.
        decorators: Vec<Expr>,
        span: Span,
    },
    StaticBlock(Vec<Stmt>, Span),
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
pub struct StringLit {
    pub value: JsStr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Ident(Identifier),
    This(Span),
    Null(Span),
    Bool(bool, Span),
    Number(f64, Span),
    /// The BigInt's decimal digits (already converted from hex/octal/binary, without `n`).
    BigInt(Rc<str>, Span),
    String(StringLit),
    RegExp {
        pattern: JsStr,
        flags: Rc<str>,
        span: Span,
    },
    Template(Template),
    TaggedTemplate {
        tag: Box<Expr>,
        quasi: Template,
        span: Span,
    },
    Array(Vec<ArrayElement>, Span),
    Object(Vec<ObjectProperty>, Span),
    Function(Rc<Function>),
    Class(Rc<Class>),
    Unary {
        op: UnaryOp,
        argument: Box<Expr>,
        span: Span,
    },
    /// `++x`, `x--`
    Update {
        op: UpdateOp,
        prefix: bool,
        target: Box<Expr>,
        span: Span,
    },
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
        span: Span,
    },
    /// `#x in obj`
    PrivateIn {
        name: Identifier,
        right: Box<Expr>,
        span: Span,
    },
    Logical {
        op: LogicalOp,
        left: Box<Expr>,
        right: Box<Expr>,
        span: Span,
    },
    Conditional {
        test: Box<Expr>,
        consequent: Box<Expr>,
        alternate: Box<Expr>,
        span: Span,
    },
    /// `target = value`, `target += value`, `target ??= value`, ...
    Assign {
        op: AssignOp,
        target: Box<Pattern>,
        value: Box<Expr>,
        span: Span,
    },
    Sequence(Vec<Expr>, Span),
    Member {
        object: Box<Expr>,
        property: MemberProperty,
        /// This link is `?.`: `a?.b`.
        optional: bool,
        span: Span,
    },
    /// `super.x` / `super[x]`
    SuperMember {
        property: MemberProperty,
        span: Span,
    },
    Call {
        callee: Box<Expr>,
        arguments: Vec<Argument>,
        /// This link is `?.`: `f?.()`.
        optional: bool,
        span: Span,
    },
    SuperCall {
        arguments: Vec<Argument>,
        span: Span,
    },
    New {
        callee: Box<Expr>,
        arguments: Vec<Argument>,
        span: Span,
    },
    /// The whole optional chain `a?.b.c()`: short-circuiting ends at this node.
    OptionalChain(Box<Expr>, Span),
    /// `(expr)`: kept so that `(a) = 1`, `(a, b) => ...` early errors and named-evaluation rules
    /// (`(function(){})` is not anonymous-function-definition for naming) can be decided.
    Paren(Box<Expr>, Span),
    Arrow(Rc<Function>),
    Yield {
        argument: Option<Box<Expr>>,
        delegate: bool,
        span: Span,
    },
    Await(Box<Expr>, Span),
    /// `new.target`
    NewTarget(Span),
    /// `import.meta`
    ImportMeta(Span),
    /// `import(specifier, options)`; `phase` for `import.source(...)`.
    ImportCall {
        specifier: Box<Expr>,
        options: Option<Box<Expr>>,
        phase: Option<Ident>,
        span: Span,
    },
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::Ident(i) => i.span,
            Expr::String(s) => s.span,
            Expr::Template(t) => t.span,
            Expr::Function(f) | Expr::Arrow(f) => f.span,
            Expr::Class(c) => c.span,
            Expr::This(s)
            | Expr::Null(s)
            | Expr::Bool(_, s)
            | Expr::Number(_, s)
            | Expr::BigInt(_, s)
            | Expr::Array(_, s)
            | Expr::Object(_, s)
            | Expr::Sequence(_, s)
            | Expr::OptionalChain(_, s)
            | Expr::Paren(_, s)
            | Expr::Await(_, s)
            | Expr::NewTarget(s)
            | Expr::ImportMeta(s) => *s,
            Expr::RegExp { span, .. }
            | Expr::TaggedTemplate { span, .. }
            | Expr::Unary { span, .. }
            | Expr::Update { span, .. }
            | Expr::Binary { span, .. }
            | Expr::PrivateIn { span, .. }
            | Expr::Logical { span, .. }
            | Expr::Conditional { span, .. }
            | Expr::Assign { span, .. }
            | Expr::Member { span, .. }
            | Expr::SuperMember { span, .. }
            | Expr::Call { span, .. }
            | Expr::SuperCall { span, .. }
            | Expr::New { span, .. }
            | Expr::Yield { span, .. }
            | Expr::ImportCall { span, .. } => *span,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// `quasis.len() == expressions.len() + 1`.
    pub quasis: Vec<TemplateChunk>,
    pub expressions: Vec<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TemplateChunk {
    /// `None` when the chunk has an invalid escape (allowed only in tagged templates).
    pub cooked: Option<JsStr>,
    pub raw: JsStr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MemberProperty {
    /// `a.b`
    Ident(Identifier),
    /// `a[b]`
    Computed(Box<Expr>),
    /// `a.#b`
    Private(Identifier),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Argument {
    Expr(Expr),
    Spread(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub enum ArrayElement {
    Expr(Expr),
    Spread(Expr),
    Hole(Span),
}

/// A property name in an object literal, class or pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum PropertyName {
    /// `a`, `"a"`, `if` (all identifier-like and string names are stored as strings).
    String(JsStr, Span),
    Number(f64, Span),
    BigInt(Rc<str>, Span),
    Computed(Box<Expr>),
}

/// A class element name: a property name or a private name `#x`.
#[derive(Clone, Debug, PartialEq)]
pub enum PropertyKey {
    Public(PropertyName),
    Private(Identifier),
}

#[derive(Clone, Debug, PartialEq)]
pub enum ObjectProperty {
    /// `key: value`; `__proto__: value` (non-computed, non-shorthand) is [`ObjectProperty::Proto`].
    KeyValue(PropertyName, Expr, Span),
    /// `{ a }`
    Shorthand(Identifier),
    /// `{ a() {} }`, `{ get a() {} }`, `{ async *a() {} }`
    Method(PropertyName, Rc<Function>, Span),
    /// `{ ...o }`
    Spread(Expr, Span),
    /// `{ __proto__: v }`: sets the prototype.
    Proto(Expr, Span),
}

/// Binding and assignment targets.
#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    Ident(Identifier),
    /// Only in assignment patterns: `a.b = ...`, `[a.b] = ...`.
    Expr(Box<Expr>),
    Object {
        properties: Vec<ObjectPatternProp>,
        rest: Option<Box<Pattern>>,
        span: Span,
    },
    Array {
        /// `None` is a hole: `[, a]`.
        elements: Vec<Option<PatternElem>>,
        rest: Option<Box<Pattern>>,
        span: Span,
    },
}

impl Pattern {
    pub fn span(&self) -> Span {
        match self {
            Pattern::Ident(i) => i.span,
            Pattern::Expr(e) => e.span(),
            Pattern::Object { span, .. } | Pattern::Array { span, .. } => *span,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PatternElem {
    pub target: Pattern,
    pub default: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectPatternProp {
    pub key: PropertyName,
    pub value: PatternElem,
    /// `{ a }` / `{ a = 1 }`: the key is the binding name.
    pub shorthand: bool,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Minus,
    Plus,
    Not,
    BitNot,
    Typeof,
    Void,
    Delete,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateOp {
    Increment,
    Decrement,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Exp,
    Shl,
    Shr,
    UShr,
    BitAnd,
    BitOr,
    BitXor,
    Eq,
    NotEq,
    StrictEq,
    StrictNotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    In,
    InstanceOf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogicalOp {
    And,
    Or,
    Nullish,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignOp {
    Assign,
    /// `+=` and the other compound arithmetic operators.
    Binary(BinaryOp),
    /// `&&=`, `||=`, `??=`
    Logical(LogicalOp),
}
