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
    /// The first byte.
    pub start: u32,
    /// The byte past the last.
    pub end: u32,
}

impl Span {
    /// The span `start..end` (byte offsets).
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
    /// The cooked name.
    pub name: Ident,
    /// Where the node is in the source.
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Programs
// ---------------------------------------------------------------------------------------------

/// <https://tc39.es/ecma262/#prod-Script>
#[derive(Clone, Debug, PartialEq)]
pub struct Script {
    /// The statements, in order.
    pub body: Vec<Stmt>,
    /// The script begins with a `"use strict"` directive (or was parsed as strict by the host).
    pub strict: bool,
    /// Where the node is in the source.
    pub span: Span,
}

/// <https://tc39.es/ecma262/#prod-Module>
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    /// The module items, in order.
    pub body: Vec<ModuleItem>,
    /// Where the node is in the source.
    pub span: Span,
}

/// A top-level item of a module: <https://tc39.es/ecma262/#prod-ModuleItem>.
#[derive(Clone, Debug, PartialEq)]
pub enum ModuleItem {
    /// An `import` declaration.
    Import(ImportDecl),
    /// An `export` declaration.
    Export(ExportDecl),
    /// Any statement.
    Stmt(Stmt),
}

/// <https://tc39.es/ecma262/#prod-ImportDeclaration>
#[derive(Clone, Debug, PartialEq)]
pub struct ImportDecl {
    /// `import x from "m"` → `Default`; `import * as ns` → `Namespace`; `{a as b}` → `Named`.
    pub specifiers: Vec<ImportSpecifier>,
    /// The module specifier: `"m"` in `import x from "m"`.
    pub source: StringLit,
    /// `with { type: "json" }` import attributes.
    pub attributes: Vec<ImportAttribute>,
    /// `import source x from "m"` (source phase imports) and similar phases; `None` for plain.
    pub phase: Option<Ident>,
    /// Where the node is in the source.
    pub span: Span,
}

/// One binding an `import` declaration makes.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportSpecifier {
    /// `import x from "m"`.
    Default(Identifier),
    /// `import * as ns from "m"`.
    Namespace(Identifier),
    /// `import { a }` or `import { a as b }`.
    Named {
        /// The name the module exports (`a`).
        imported: ModuleExportName,
        /// The local binding (`b`, or `a` without `as`).
        local: Identifier,
    },
}

/// An export or import name: an identifier or (since ES2022) a string literal.
#[derive(Clone, Debug, PartialEq)]
pub enum ModuleExportName {
    /// An identifier name.
    Ident(Identifier),
    /// A string literal name (`export { "a-b" as c }`).
    String(StringLit),
}

/// One `key: "value"` entry of an import's `with { ... }` clause.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportAttribute {
    /// The attribute's key.
    pub key: PropertyName,
    /// The attribute's value.
    pub value: StringLit,
    /// Where the node is in the source.
    pub span: Span,
}

/// <https://tc39.es/ecma262/#prod-ExportDeclaration>
#[derive(Clone, Debug, PartialEq)]
pub enum ExportDecl {
    /// `export * from "m"` / `export * as ns from "m"`
    All {
        /// `ns` in `export * as ns from "m"`; `None` for `export *`.
        exported: Option<ModuleExportName>,
        /// The module specifier.
        source: StringLit,
        /// Import attributes.
        attributes: Vec<ImportAttribute>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `export { a, b as c }` / `export { a } from "m"`
    Named {
        /// The exported names.
        specifiers: Vec<ExportSpecifier>,
        /// The module re-exported from, if any.
        source: Option<StringLit>,
        /// Import attributes.
        attributes: Vec<ImportAttribute>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `export var/let/const/function/class ...`
    Decl(Stmt),
    /// `export default function/class ...` (possibly anonymous)
    DefaultDecl(Stmt),
    /// `export default AssignmentExpression;`
    DefaultExpr(Expr, Span),
}

/// One name of an `export { ... }` clause.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportSpecifier {
    /// The local name (or the imported name, with `from`).
    pub local: ModuleExportName,
    /// The name exported (`c` in `a as c`).
    pub exported: ModuleExportName,
    /// Where the node is in the source.
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

/// A statement or declaration: <https://tc39.es/ecma262/#prod-Statement> and
/// <https://tc39.es/ecma262/#prod-Declaration>.
#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// `var`, `let`, `const`, `using`, `await using`
    VarDecl(VarDecl),
    /// A function, generator, async function or async generator declaration.
    FunctionDecl(Rc<Function>),
    /// A class declaration.
    ClassDecl(Rc<Class>),
    /// An expression statement.
    Expr(Expr, Span),
    /// A block `{ ... }`.
    Block(Block),
    /// `;`
    Empty(Span),
    /// `if (test) consequent else alternate`.
    If {
        /// The condition.
        test: Expr,
        /// Runs when the condition is truthy.
        consequent: Box<Stmt>,
        /// The `else` branch.
        alternate: Option<Box<Stmt>>,
        /// Where the node is in the source.
        span: Span,
    },
    // The parts of the bigger statements are boxed so that `Stmt` stays small (104 bytes,
    // was 232): a script is mostly vectors of statements.
    /// `for (init; test; update) body`.
    For {
        /// `None` for `for (;`.
        init: Option<Box<ForInit>>,
        /// `None`: loop forever.
        test: Option<Box<Expr>>,
        /// Runs after each iteration.
        update: Option<Box<Expr>>,
        /// The loop body.
        body: Box<Stmt>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `for (left in right) body`.
    ForIn {
        /// What each key is assigned to.
        left: Box<ForHead>,
        /// The object whose keys are walked.
        right: Expr,
        /// The loop body.
        body: Box<Stmt>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `for (left of right) body` and `for await`.
    ForOf {
        /// What each value is assigned to.
        left: Box<ForHead>,
        /// The iterable.
        right: Expr,
        /// The loop body.
        body: Box<Stmt>,
        /// `for await (... of ...)`.
        is_await: bool,
        /// Where the node is in the source.
        span: Span,
    },
    /// `while (test) body`.
    While {
        /// The condition.
        test: Expr,
        /// The loop body.
        body: Box<Stmt>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `do body while (test)`.
    DoWhile {
        /// The loop body.
        body: Box<Stmt>,
        /// The condition.
        test: Expr,
        /// Where the node is in the source.
        span: Span,
    },
    /// `continue label;`
    Continue(Option<Identifier>, Span),
    /// `break label;`
    Break(Option<Identifier>, Span),
    /// `return value;`
    Return(Option<Expr>, Span),
    /// `with (object) body` (sloppy mode only).
    With {
        /// The object whose properties become bindings.
        object: Expr,
        /// The body.
        body: Box<Stmt>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `switch (discriminant) { cases }`.
    Switch {
        /// The value compared with each case.
        discriminant: Expr,
        /// The clauses, in source order.
        cases: Vec<SwitchCase>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `label: body`.
    Labeled {
        /// The label.
        label: Identifier,
        /// The labelled statement.
        body: Box<Stmt>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `throw value;`
    Throw(Expr, Span),
    /// `try block catch finally`.
    Try {
        /// The protected block.
        block: Block,
        /// The catch parameter (absent for `catch {`) and the catch block.
        handler: Option<Box<CatchClause>>,
        /// The `finally` block.
        finalizer: Option<Block>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `debugger;`
    Debugger(Span),
}

impl Stmt {
    /// Where the statement is in the source.
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

/// A block: `{ ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The statements, in order.
    pub body: Vec<Stmt>,
    /// Where the node is in the source.
    pub span: Span,
}

/// The keyword of a declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    /// `var`
    Var,
    /// `let`
    Let,
    /// `const`
    Const,
    /// `using` (explicit resource management).
    Using,
    /// `await using`.
    AwaitUsing,
}

/// A `var`, `let`, `const`, `using` or `await using` declaration: <https://tc39.es/ecma262/#prod-LexicalDeclaration>.
#[derive(Clone, Debug, PartialEq)]
pub struct VarDecl {
    /// The keyword.
    pub kind: VarKind,
    /// The declarators, in order.
    pub declarations: Vec<VarDeclarator>,
    /// Where the node is in the source.
    pub span: Span,
}

/// One `target = init` of a declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct VarDeclarator {
    /// The name or destructuring pattern.
    pub target: Pattern,
    /// The initializer, if any.
    pub init: Option<Expr>,
    /// Where the node is in the source.
    pub span: Span,
}

/// The first part of `for (init; ...)`.
#[derive(Clone, Debug, PartialEq)]
pub enum ForInit {
    /// `for (let i = 0; ...)`.
    VarDecl(VarDecl),
    /// `for (i = 0; ...)`.
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

/// A `case test:` or `default:` clause.
#[derive(Clone, Debug, PartialEq)]
pub struct SwitchCase {
    /// `None` for `default:`.
    pub test: Option<Expr>,
    /// The clause's statements.
    pub consequent: Vec<Stmt>,
    /// Where the node is in the source.
    pub span: Span,
}

/// `catch (param) body`.
#[derive(Clone, Debug, PartialEq)]
pub struct CatchClause {
    /// `None` for `catch { ... }` (optional catch binding).
    pub param: Option<Pattern>,
    /// The handler.
    pub body: Block,
    /// Where the node is in the source.
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Functions and classes
// ---------------------------------------------------------------------------------------------

/// What sort of function a [`Function`] node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    /// A function declaration or expression.
    Normal,
    /// An arrow function.
    Arrow,
    /// An object or class method.
    Method,
    /// A `get` accessor.
    Getter,
    /// A `set` accessor.
    Setter,
    /// A class constructor (base or derived: see [`Class::super_class`]).
    ClassConstructor,
    /// The synthetic function that runs a class field initializer or static block.
    ClassFieldInit,
}

/// Every kind of function: declarations, expressions, arrows, methods, accessors, constructors.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    /// The function's own name, if it has one (`None` for anonymous functions and arrows).
    pub name: Option<Identifier>,
    /// What sort of function it is.
    pub kind: FunctionKind,
    /// `async`.
    pub is_async: bool,
    /// A generator (`function*`).
    pub is_generator: bool,
    /// The formal parameters.
    pub params: Vec<Param>,
    /// The body.
    pub body: FunctionBody,
    /// The body (or parameters) contain a `"use strict"` directive, or the function is in strict
    /// code. Computed by the parser so the compiler need not rescan directives.
    pub strict: bool,
    /// The parameter list is simple (no defaults, rest or patterns): decides the arguments object
    /// mapping and some early errors.
    pub simple_params: bool,
    /// The exact source range `Function.prototype.toString` returns.
    pub source: Span,
    /// Where the node is in the source.
    pub span: Span,
}

/// A function's body.
#[derive(Clone, Debug, PartialEq)]
pub enum FunctionBody {
    /// A `{ ... }` body.
    Block(Vec<Stmt>),
    /// A concise arrow body: `x => x + 1`.
    Expr(Box<Expr>),
}

/// One formal parameter: <https://tc39.es/ecma262/#prod-FormalParameter>.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The binding name or pattern.
    pub pattern: Pattern,
    /// The default value (`= expr`).
    pub default: Option<Expr>,
    /// A rest parameter (`...args`).
    pub rest: bool,
    /// Where the node is in the source.
    pub span: Span,
}

/// <https://tc39.es/ecma262/#prod-ClassDeclaration> and class expressions.
#[derive(Clone, Debug, PartialEq)]
pub struct Class {
    /// The class's name (`None` for an anonymous class expression).
    pub name: Option<Identifier>,
    /// The `extends` expression.
    pub super_class: Option<Box<Expr>>,
    /// The explicit constructor, if the class body has one.
    pub constructor: Option<Rc<Function>>,
    /// Methods, fields, accessors and static blocks, in source order.
    pub members: Vec<ClassMember>,
    /// The class's decorators, in source order (decorators proposal,
    /// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-class-definitions>).
    pub decorators: Vec<Expr>,
    /// The exact source range `Function.prototype.toString` returns for the constructor.
    pub source: Span,
    /// Where the node is in the source.
    pub span: Span,
}

/// A class element: <https://tc39.es/ecma262/#prod-ClassElement>.
#[derive(Clone, Debug, PartialEq)]
pub enum ClassMember {
    /// A method, getter or setter.
    Method {
        /// The element's name.
        key: PropertyKey,
        /// `static`.
        is_static: bool,
        /// `Method`, `Getter` or `Setter` in [`Function::kind`].
        function: Rc<Function>,
        /// The element's decorators, in source order.
        decorators: Vec<Expr>,
        /// Where the node is in the source.
        span: Span,
    },
    /// A field (`x = 1`, `#y`, `static z`).
    Field {
        /// The field's name.
        key: PropertyKey,
        /// `static`.
        is_static: bool,
        /// The initializer.
        value: Option<Expr>,
        /// `accessor x = 1` (decorators proposal auto-accessors).
        is_accessor: bool,
        /// The element's decorators, in source order.
        decorators: Vec<Expr>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `static { ... }`.
    StaticBlock(Vec<Stmt>, Span),
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

/// A string literal with its cooked value.
#[derive(Clone, Debug, PartialEq)]
pub struct StringLit {
    /// The string's code units.
    pub value: JsStr,
    /// Where the node is in the source.
    pub span: Span,
}

/// An expression: <https://tc39.es/ecma262/#prod-Expression>.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// An identifier reference.
    Ident(Identifier),
    /// `this`
    This(Span),
    /// `null`
    Null(Span),
    /// `true` or `false`.
    Bool(bool, Span),
    /// A Number literal.
    Number(f64, Span),
    /// The BigInt's decimal digits (already converted from hex/octal/binary, without `n`).
    BigInt(Rc<str>, Span),
    /// A string literal.
    String(StringLit),
    /// A regular-expression literal `/pattern/flags`.
    RegExp {
        /// The pattern's source text.
        pattern: JsStr,
        /// The flags.
        flags: Rc<str>,
        /// Where the node is in the source.
        span: Span,
    },
    /// A template literal without a tag.
    Template(Template),
    /// A tagged template: ``tag`...` ``.
    TaggedTemplate {
        /// The tag function expression.
        tag: Box<Expr>,
        /// The template.
        quasi: Template,
        /// Where the node is in the source.
        span: Span,
    },
    /// An array literal.
    Array(Vec<ArrayElement>, Span),
    /// An object literal.
    Object(Vec<ObjectProperty>, Span),
    /// A function expression.
    Function(Rc<Function>),
    /// A class expression.
    Class(Rc<Class>),
    /// A unary operator: `-x`, `!x`, `typeof x`...
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        argument: Box<Expr>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `++x`, `x--`
    Update {
        /// `++` or `--`.
        op: UpdateOp,
        /// The operator comes first (`++x`).
        prefix: bool,
        /// The variable or property updated.
        target: Box<Expr>,
        /// Where the node is in the source.
        span: Span,
    },
    /// A binary operator: `a + b`, `a < b`, `a in b`...
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The left operand.
        left: Box<Expr>,
        /// The right operand.
        right: Box<Expr>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `#x in obj`
    PrivateIn {
        /// The private name.
        name: Identifier,
        /// The object.
        right: Box<Expr>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `a && b`, `a || b`, `a ?? b`.
    Logical {
        /// The operator.
        op: LogicalOp,
        /// The left operand.
        left: Box<Expr>,
        /// The right operand (evaluated only if needed).
        right: Box<Expr>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `test ? consequent : alternate`.
    Conditional {
        /// The condition.
        test: Box<Expr>,
        /// The value when the condition is truthy.
        consequent: Box<Expr>,
        /// The value otherwise.
        alternate: Box<Expr>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `target = value`, `target += value`, `target ??= value`, ...
    Assign {
        /// The operator.
        op: AssignOp,
        /// The target (an identifier, a member expression or a destructuring pattern).
        target: Box<Pattern>,
        /// The value assigned.
        value: Box<Expr>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `a, b, c`.
    Sequence(Vec<Expr>, Span),
    /// `object.property`, `object[property]`, `object.#private`.
    Member {
        /// The object.
        object: Box<Expr>,
        /// The property.
        property: MemberProperty,
        /// This link is `?.`: `a?.b`.
        optional: bool,
        /// Where the node is in the source.
        span: Span,
    },
    /// `super.x` / `super[x]`
    SuperMember {
        /// The property.
        property: MemberProperty,
        /// Where the node is in the source.
        span: Span,
    },
    /// A call `callee(arguments)`.
    Call {
        /// The function expression.
        callee: Box<Expr>,
        /// The arguments.
        arguments: Vec<Argument>,
        /// This link is `?.`: `f?.()`.
        optional: bool,
        /// Where the node is in the source.
        span: Span,
    },
    /// `super(arguments)` in a derived constructor.
    SuperCall {
        /// The arguments.
        arguments: Vec<Argument>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `new callee(arguments)`.
    New {
        /// The constructor expression.
        callee: Box<Expr>,
        /// The arguments.
        arguments: Vec<Argument>,
        /// Where the node is in the source.
        span: Span,
    },
    /// The whole optional chain `a?.b.c()`: short-circuiting ends at this node.
    OptionalChain(Box<Expr>, Span),
    /// `(expr)`: kept so that `(a) = 1`, `(a, b) => ...` early errors and named-evaluation rules
    /// (`(function(){})` is not anonymous-function-definition for naming) can be decided.
    Paren(Box<Expr>, Span),
    /// An arrow function.
    Arrow(Rc<Function>),
    /// `yield` or `yield* argument`.
    Yield {
        /// The value yielded, if any.
        argument: Option<Box<Expr>>,
        /// `yield*`.
        delegate: bool,
        /// Where the node is in the source.
        span: Span,
    },
    /// `await argument`.
    Await(Box<Expr>, Span),
    /// `new.target`
    NewTarget(Span),
    /// `import.meta`
    ImportMeta(Span),
    /// `import(specifier, options)`; `phase` for `import.source(...)`.
    ImportCall {
        /// The module specifier expression.
        specifier: Box<Expr>,
        /// The options argument.
        options: Option<Box<Expr>>,
        /// `source` in `import.source(...)` (source phase imports).
        phase: Option<Ident>,
        /// Where the node is in the source.
        span: Span,
    },
}

impl Expr {
    /// Where the expression is in the source.
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

/// A template literal: <https://tc39.es/ecma262/#prod-TemplateLiteral>.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// `quasis.len() == expressions.len() + 1`.
    pub quasis: Vec<TemplateChunk>,
    /// The substitutions, between the chunks.
    pub expressions: Vec<Expr>,
    /// Where the node is in the source.
    pub span: Span,
}

/// One literal chunk of a template.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateChunk {
    /// `None` when the chunk has an invalid escape (allowed only in tagged templates).
    pub cooked: Option<JsStr>,
    /// The raw text (`String.raw`'s view).
    pub raw: JsStr,
    /// Where the node is in the source.
    pub span: Span,
}

/// The property part of a member expression.
#[derive(Clone, Debug, PartialEq)]
pub enum MemberProperty {
    /// `a.b`
    Ident(Identifier),
    /// `a[b]`
    Computed(Box<Expr>),
    /// `a.#b`
    Private(Identifier),
}

/// One argument of a call.
#[derive(Clone, Debug, PartialEq)]
pub enum Argument {
    /// A plain argument.
    Expr(Expr),
    /// `...spread`.
    Spread(Expr),
}

/// One element of an array literal.
#[derive(Clone, Debug, PartialEq)]
pub enum ArrayElement {
    /// A plain element.
    Expr(Expr),
    /// `...spread`.
    Spread(Expr),
    /// An elision: `[, a]`.
    Hole(Span),
}

/// A property name in an object literal, class or pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum PropertyName {
    /// `a`, `"a"`, `if` (all identifier-like and string names are stored as strings).
    String(JsStr, Span),
    /// A numeric name: `{ 1: x }`.
    Number(f64, Span),
    /// A BigInt name: `{ 1n: x }` (its decimal digits).
    BigInt(Rc<str>, Span),
    /// `[expr]`.
    Computed(Box<Expr>),
}

/// A class element name: a property name or a private name `#x`.
#[derive(Clone, Debug, PartialEq)]
pub enum PropertyKey {
    /// A property name.
    Public(PropertyName),
    /// A private name `#x`.
    Private(Identifier),
}

/// One entry of an object literal: <https://tc39.es/ecma262/#prod-PropertyDefinition>.
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
    /// A binding identifier.
    Ident(Identifier),
    /// Only in assignment patterns: `a.b = ...`, `[a.b] = ...`.
    Expr(Box<Expr>),
    /// `{ a, b: c, ...rest }`.
    Object {
        /// The properties.
        properties: Vec<ObjectPatternProp>,
        /// `...rest`.
        rest: Option<Box<Pattern>>,
        /// Where the node is in the source.
        span: Span,
    },
    /// `[a, , b, ...rest]`.
    Array {
        /// `None` is a hole: `[, a]`.
        elements: Vec<Option<PatternElem>>,
        /// `...rest`.
        rest: Option<Box<Pattern>>,
        /// Where the node is in the source.
        span: Span,
    },
}

impl Pattern {
    /// Where the pattern is in the source.
    pub fn span(&self) -> Span {
        match self {
            Pattern::Ident(i) => i.span,
            Pattern::Expr(e) => e.span(),
            Pattern::Object { span, .. } | Pattern::Array { span, .. } => *span,
        }
    }
}

/// A pattern element with its default value: `a = 1` in `[a = 1]`.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternElem {
    /// The target.
    pub target: Pattern,
    /// The default, used when the value is `undefined`.
    pub default: Option<Expr>,
    /// Where the node is in the source.
    pub span: Span,
}

/// One property of an object pattern: `key: value`.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectPatternProp {
    /// The property read.
    pub key: PropertyName,
    /// Where its value goes.
    pub value: PatternElem,
    /// `{ a }` / `{ a = 1 }`: the key is the binding name.
    pub shorthand: bool,
    /// Where the node is in the source.
    pub span: Span,
}

/// A unary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-`
    Minus,
    /// `+`
    Plus,
    /// `!`
    Not,
    /// `~`
    BitNot,
    /// `typeof`
    Typeof,
    /// `void`
    Void,
    /// `delete`
    Delete,
}

/// `++` or `--`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateOp {
    /// `++`
    Increment,
    /// `--`
    Decrement,
}

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `**`
    Exp,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `>>>`
    UShr,
    /// `&`
    BitAnd,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `===`
    StrictEq,
    /// `!==`
    StrictNotEq,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
    /// `in`
    In,
    /// `instanceof`
    InstanceOf,
}

/// A short-circuiting operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogicalOp {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `??`
    Nullish,
}

/// An assignment operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignOp {
    /// `=`
    Assign,
    /// `+=` and the other compound arithmetic operators.
    Binary(BinaryOp),
    /// `&&=`, `||=`, `??=`
    Logical(LogicalOp),
}
