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
//!
//! Node docs name the spec production they come from, as `prod-` links into
//! <https://tc39.es/ecma262/>. Every `span` field is the node's [`Span`]: a byte range of the
//! source, from the node's first token to its last.

use std::rc::Rc;

/// A half-open byte range `start..end` in the source text (UTF-8 byte offsets, not UTF-16 code
/// units or characters). [`crate::line_col`] turns an offset into a line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Byte offset of the first byte of the range.
    pub start: u32,
    /// Byte offset just past the last byte of the range (`start == end` for an empty range).
    pub end: u32,
}

impl Span {
    /// The range `start..end`, in byte offsets. Offsets are stored as `u32`: the parser assumes
    /// sources shorter than 4 GiB.
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

/// An identifier occurrence with its position: an `IdentifierReference`, `BindingIdentifier`,
/// `LabelIdentifier` or (with its `#`) a `PrivateIdentifier`.
/// <https://tc39.es/ecma262/#prod-IdentifierReference>
#[derive(Clone, Debug, PartialEq)]
pub struct Identifier {
    /// The cooked name; a private name keeps its `#` (`"#x"`).
    pub name: Ident,
    /// The identifier token's bytes (for a private name, including the `#`).
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Programs
// ---------------------------------------------------------------------------------------------

/// A whole script: the goal symbol for classic scripts and indirect `eval` code.
/// <https://tc39.es/ecma262/#prod-Script>
#[derive(Clone, Debug, PartialEq)]
pub struct Script {
    /// The `StatementList`, directives (`"use strict";`) included as expression statements.
    pub body: Vec<Stmt>,
    /// The script begins with a `"use strict"` directive (or was parsed as strict by the host).
    pub strict: bool,
    /// The whole source text.
    pub span: Span,
}

/// A whole module: the goal symbol for ECMAScript modules (always strict).
/// <https://tc39.es/ecma262/#prod-Module>
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    /// The `ModuleItemList`, in source order.
    pub body: Vec<ModuleItem>,
    /// The whole source text.
    pub span: Span,
}

/// One item of a module body. <https://tc39.es/ecma262/#prod-ModuleItem>
#[derive(Clone, Debug, PartialEq)]
pub enum ModuleItem {
    /// An `import ...;` declaration.
    Import(ImportDecl),
    /// An `export ...` declaration.
    Export(ExportDecl),
    /// Any other statement or declaration (`StatementListItem`).
    Stmt(Stmt),
}

/// <https://tc39.es/ecma262/#prod-ImportDeclaration>
#[derive(Clone, Debug, PartialEq)]
pub struct ImportDecl {
    /// `import x from "m"` → `Default`; `import * as ns` → `Namespace`; `{a as b}` → `Named`.
    pub specifiers: Vec<ImportSpecifier>,
    /// The module specifier string (`"m"` in `from "m"`, or in a bare `import "m";`).
    pub source: StringLit,
    /// The `with { type: "json" }` clause's entries, in source order; empty without one.
    /// <https://tc39.es/ecma262/#prod-WithClause>
    pub attributes: Vec<ImportAttribute>,
    /// `import source x from "m"` (source phase imports) and similar phases; `None` for plain.
    pub phase: Option<Ident>,
    /// From `import` to the `;`.
    pub span: Span,
}

/// One binding an import declaration creates (an `ImportClause` part).
/// <https://tc39.es/ecma262/#prod-ImportClause>
#[derive(Clone, Debug, PartialEq)]
pub enum ImportSpecifier {
    /// `import x from "m"`: binds `x` to the module's `default` export.
    /// <https://tc39.es/ecma262/#prod-ImportedDefaultBinding>
    Default(Identifier),
    /// `import * as ns from "m"`: binds `ns` to the module namespace object.
    /// <https://tc39.es/ecma262/#prod-NameSpaceImport>
    Namespace(Identifier),
    /// `import { imported as local } from "m"` (`{ a }` has `imported` and `local` both `a`).
    /// <https://tc39.es/ecma262/#prod-ImportSpecifier>
    Named {
        /// The name the other module exports.
        imported: ModuleExportName,
        /// The local binding it is imported as.
        local: Identifier,
    },
}

/// An export or import name: an identifier or (since ES2022) a string literal.
/// <https://tc39.es/ecma262/#prod-ModuleExportName>
#[derive(Clone, Debug, PartialEq)]
pub enum ModuleExportName {
    /// `export { a }`: an `IdentifierName` (reserved words allowed where the spec allows them).
    Ident(Identifier),
    /// `export { a as "a-b" }`: a string literal (must be well-formed Unicode).
    String(StringLit),
}

/// One `key: "value"` entry of an import's `with { ... }` clause.
/// <https://tc39.es/ecma262/#prod-WithClause>
#[derive(Clone, Debug, PartialEq)]
pub struct ImportAttribute {
    /// The attribute key: an identifier name or a string (`type`, `"type"`).
    pub key: PropertyName,
    /// The attribute value, always a string literal (`"json"`).
    pub value: StringLit,
    /// From the key to the value.
    pub span: Span,
}

/// <https://tc39.es/ecma262/#prod-ExportDeclaration>
#[derive(Clone, Debug, PartialEq)]
pub enum ExportDecl {
    /// `export * from "m"` / `export * as ns from "m"`
    All {
        /// `Some(ns)` for `export * as ns`; `None` for a plain `export *`.
        exported: Option<ModuleExportName>,
        /// The module specifier after `from`.
        source: StringLit,
        /// The `with { ... }` clause's entries; empty without one.
        attributes: Vec<ImportAttribute>,
        /// From `export` to the `;`.
        span: Span,
    },
    /// `export { a, b as c }` / `export { a } from "m"`
    Named {
        /// The `ExportsList` entries, in source order.
        specifiers: Vec<ExportSpecifier>,
        /// `Some` for a re-export (`export { a } from "m"`), `None` for local bindings.
        source: Option<StringLit>,
        /// The `with { ... }` clause's entries; always empty when `source` is `None`.
        attributes: Vec<ImportAttribute>,
        /// From `export` to the `;`.
        span: Span,
    },
    /// `export var/let/const/function/class ...`
    Decl(Stmt),
    /// `export default function/class ...` (possibly anonymous)
    DefaultDecl(Stmt),
    /// `export default AssignmentExpression;`
    DefaultExpr(Expr, Span),
}

/// One `local as exported` entry of an `export { ... }` list.
/// <https://tc39.es/ecma262/#prod-ExportSpecifier>
#[derive(Clone, Debug, PartialEq)]
pub struct ExportSpecifier {
    /// The local binding (or, in a re-export, the other module's export name).
    pub local: ModuleExportName,
    /// The name other modules import it by; equal to `local` when there is no `as`.
    pub exported: ModuleExportName,
    /// From `local` to `exported`.
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

/// A statement or declaration (`StatementListItem`).
/// <https://tc39.es/ecma262/#prod-StatementListItem>
#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// `var`, `let`, `const`, `using`, `await using`
    VarDecl(VarDecl),
    /// A function, generator, async function or async generator declaration.
    FunctionDecl(Rc<Function>),
    /// A `class C { ... }` declaration. <https://tc39.es/ecma262/#prod-ClassDeclaration>
    ClassDecl(Rc<Class>),
    /// An expression statement `expr;`, or a directive such as `"use strict";`.
    /// <https://tc39.es/ecma262/#prod-ExpressionStatement>
    Expr(Expr, Span),
    /// A `{ ... }` block. <https://tc39.es/ecma262/#prod-BlockStatement>
    Block(Block),
    /// A lone `;`. <https://tc39.es/ecma262/#prod-EmptyStatement>
    Empty(Span),
    /// `if (test) consequent else alternate`. <https://tc39.es/ecma262/#prod-IfStatement>
    If {
        /// The condition.
        test: Expr,
        /// The statement run when `test` is truthy.
        consequent: Box<Stmt>,
        /// The `else` branch; `None` without `else`.
        alternate: Option<Box<Stmt>>,
        /// From `if` to the end of the last branch.
        span: Span,
    },
    // The parts of the bigger statements are boxed so that `Stmt` stays small (104 bytes,
    // was 232): a script is mostly vectors of statements.
    /// A `for (init; test; update) body` statement.
    /// <https://tc39.es/ecma262/#prod-ForStatement>
    For {
        /// The declaration or expression before the first `;`; `None` for `for (;;)`.
        init: Option<Box<ForInit>>,
        /// The loop condition; `None` for `for (;;)` (loops until `break`).
        test: Option<Box<Expr>>,
        /// The expression run after each iteration; `None` when omitted.
        update: Option<Box<Expr>>,
        /// The loop body.
        body: Box<Stmt>,
        /// From `for` to the end of the body.
        span: Span,
    },
    /// A `for (left in right) body` statement.
    /// <https://tc39.es/ecma262/#prod-ForInOfStatement>
    ForIn {
        /// The declaration or assignment target each property key is assigned to.
        left: Box<ForHead>,
        /// The object whose enumerable property keys are iterated.
        right: Expr,
        /// The loop body.
        body: Box<Stmt>,
        /// From `for` to the end of the body.
        span: Span,
    },
    /// A `for (left of right) body` or `for await (left of right) body` statement.
    /// <https://tc39.es/ecma262/#prod-ForInOfStatement>
    ForOf {
        /// The declaration or assignment target each iterated value is assigned to.
        left: Box<ForHead>,
        /// The iterable (an `AssignmentExpression`).
        right: Expr,
        /// The loop body.
        body: Box<Stmt>,
        /// `for await (...)`: iterates an async iterator.
        is_await: bool,
        /// From `for` to the end of the body.
        span: Span,
    },
    /// `while (test) body`. <https://tc39.es/ecma262/#prod-WhileStatement>
    While {
        /// The condition, tested before each iteration.
        test: Expr,
        /// The loop body.
        body: Box<Stmt>,
        /// From `while` to the end of the body.
        span: Span,
    },
    /// `do body while (test);`. <https://tc39.es/ecma262/#prod-DoWhileStatement>
    DoWhile {
        /// The loop body, run at least once.
        body: Box<Stmt>,
        /// The condition, tested after each iteration.
        test: Expr,
        /// From `do` to the `)` (or `;`).
        span: Span,
    },
    /// `continue;` or `continue label;` (the label is the `Option`).
    /// <https://tc39.es/ecma262/#prod-ContinueStatement>
    Continue(Option<Identifier>, Span),
    /// `break;` or `break label;` (the label is the `Option`).
    /// <https://tc39.es/ecma262/#prod-BreakStatement>
    Break(Option<Identifier>, Span),
    /// `return;` or `return expr;` (the expression is the `Option`).
    /// <https://tc39.es/ecma262/#prod-ReturnStatement>
    Return(Option<Expr>, Span),
    /// `with (object) body` (sloppy mode only). <https://tc39.es/ecma262/#prod-WithStatement>
    With {
        /// The object whose properties become bindings in `body`.
        object: Expr,
        /// The statement run in the object environment.
        body: Box<Stmt>,
        /// From `with` to the end of the body.
        span: Span,
    },
    /// `switch (discriminant) { case ...: ... }`. <https://tc39.es/ecma262/#prod-SwitchStatement>
    Switch {
        /// The value compared (with `===`) against each case's test.
        discriminant: Expr,
        /// The `case` and `default` clauses, in source order (`default` may be in the middle).
        cases: Vec<SwitchCase>,
        /// From `switch` to the closing `}`.
        span: Span,
    },
    /// `label: body`. <https://tc39.es/ecma262/#prod-LabelledStatement>
    Labeled {
        /// The label, a target for `break label` / `continue label`.
        label: Identifier,
        /// The labelled statement (Annex B allows a sloppy-mode function declaration here).
        body: Box<Stmt>,
        /// From the label to the end of the body.
        span: Span,
    },
    /// `throw expr;`. <https://tc39.es/ecma262/#prod-ThrowStatement>
    Throw(Expr, Span),
    /// `try { } catch (e) { } finally { }`; at least one of `handler` and `finalizer` is present.
    /// <https://tc39.es/ecma262/#prod-TryStatement>
    Try {
        /// The protected `try` block.
        block: Block,
        /// The catch parameter (absent for `catch {`) and the catch block.
        handler: Option<Box<CatchClause>>,
        /// The `finally` block; `None` without `finally`.
        finalizer: Option<Block>,
        /// From `try` to the end of the last block.
        span: Span,
    },
    /// `debugger;`. <https://tc39.es/ecma262/#prod-DebuggerStatement>
    Debugger(Span),
}

impl Stmt {
    /// The statement's byte range in the source.
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

/// A `{ ... }` block: a statement list with its own lexical scope.
/// <https://tc39.es/ecma262/#prod-Block>
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The statements between the braces.
    pub body: Vec<Stmt>,
    /// From `{` to `}`.
    pub span: Span,
}

/// The keyword of a variable declaration: which binding semantics it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    /// `var`: function-scoped, hoisted, initialized to `undefined`.
    /// <https://tc39.es/ecma262/#prod-VariableStatement>
    Var,
    /// `let`: block-scoped, mutable. <https://tc39.es/ecma262/#prod-LexicalDeclaration>
    Let,
    /// `const`: block-scoped, immutable, initializer required (except in `for-in/of` heads).
    Const,
    /// `using`: block-scoped, disposed at scope exit (explicit resource management,
    /// <https://tc39.es/proposal-explicit-resource-management/#prod-UsingDeclaration>).
    Using,
    /// `await using`: like `using` with async disposal (same proposal).
    AwaitUsing,
}

/// A `var`/`let`/`const`/`using` declaration of one or more bindings.
/// <https://tc39.es/ecma262/#prod-VariableStatement>,
/// <https://tc39.es/ecma262/#prod-LexicalDeclaration>
#[derive(Clone, Debug, PartialEq)]
pub struct VarDecl {
    /// The declaration keyword.
    pub kind: VarKind,
    /// The comma-separated bindings, in source order (at least one).
    pub declarations: Vec<VarDeclarator>,
    /// From the keyword to the `;` (to the last declarator in a `for` head).
    pub span: Span,
}

/// One `target = init` binding of a declaration.
/// <https://tc39.es/ecma262/#prod-VariableDeclaration>,
/// <https://tc39.es/ecma262/#prod-LexicalBinding>
#[derive(Clone, Debug, PartialEq)]
pub struct VarDeclarator {
    /// The bound name, or a destructuring pattern (`let [a, b] = ...`).
    pub target: Pattern,
    /// The initializer after `=`; `None` for `var x;`.
    pub init: Option<Expr>,
    /// From the target to the end of the initializer.
    pub span: Span,
}

/// The first clause of a `for (init; test; update)` loop.
#[derive(Clone, Debug, PartialEq)]
pub enum ForInit {
    /// `for (var i = 0; ...)`, `for (let i = 0; ...)`: a declaration.
    VarDecl(VarDecl),
    /// `for (i = 0; ...)`: an expression (parsed with `in` disallowed).
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

/// A `case test:` or `default:` clause of a `switch`.
/// <https://tc39.es/ecma262/#prod-CaseClause>, <https://tc39.es/ecma262/#prod-DefaultClause>
#[derive(Clone, Debug, PartialEq)]
pub struct SwitchCase {
    /// `None` for `default:`.
    pub test: Option<Expr>,
    /// The statements after the `:`, up to the next clause (may be empty: fall-through).
    pub consequent: Vec<Stmt>,
    /// From `case`/`default` to the end of the last statement.
    pub span: Span,
}

/// The `catch (param) { ... }` part of a `try` statement.
/// <https://tc39.es/ecma262/#prod-Catch>
#[derive(Clone, Debug, PartialEq)]
pub struct CatchClause {
    /// The binding for the thrown value (`CatchParameter`); `None` for `catch { ... }`.
    pub param: Option<Pattern>,
    /// The block run when the `try` block throws.
    pub body: Block,
    /// From `catch` to the end of the block.
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Functions and classes
// ---------------------------------------------------------------------------------------------

/// What sort of function a [`Function`] node is; decides `this`, `super`, `arguments` and
/// whether it can be called with `new`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    /// A `function` declaration or expression (also generator and async forms).
    /// <https://tc39.es/ecma262/#prod-FunctionDeclaration>
    Normal,
    /// An arrow function `(a) => ...`: lexical `this`, `arguments` and `super`.
    /// <https://tc39.es/ecma262/#prod-ArrowFunction>
    Arrow,
    /// A concise method `m() {}` in an object literal or class.
    /// <https://tc39.es/ecma262/#prod-MethodDefinition>
    Method,
    /// A `get x() {}` accessor.
    Getter,
    /// A `set x(v) {}` accessor.
    Setter,
    /// A class constructor (base or derived: see [`Class::super_class`]).
    ClassConstructor,
    /// The synthetic function that runs a class field initializer or static block.
    ClassFieldInit,
}

/// Every kind of function: declarations, expressions, arrows, methods, accessors, constructors.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    /// The `BindingIdentifier` of a declaration or named expression; `None` for anonymous
    /// functions, arrows and methods (a method's name is its [`PropertyKey`]).
    pub name: Option<Identifier>,
    /// Which sort of function this is.
    pub kind: FunctionKind,
    /// `async function`, `async () => ...`, `async m() {}`.
    pub is_async: bool,
    /// `function*`, `*m() {}`: calling it returns a generator.
    pub is_generator: bool,
    /// The `FormalParameters`, in order; a rest parameter is last.
    pub params: Vec<Param>,
    /// The `FunctionBody`, or an arrow's concise expression body.
    pub body: FunctionBody,
    /// The body (or parameters) contain a `"use strict"` directive, or the function is in strict
    /// code. Computed by the parser so the compiler need not rescan directives.
    pub strict: bool,
    /// The parameter list is simple (no defaults, rest or patterns): decides the arguments object
    /// mapping and some early errors.
    pub simple_params: bool,
    /// The exact source range `Function.prototype.toString` returns.
    pub source: Span,
    /// The function's byte range (the parser sets it equal to `source`).
    pub span: Span,
}

/// The body of a function. <https://tc39.es/ecma262/#prod-FunctionBody>
#[derive(Clone, Debug, PartialEq)]
pub enum FunctionBody {
    /// A `{ ... }` body: its statements, directives included.
    Block(Vec<Stmt>),
    /// A concise arrow body: `x => x + 1`.
    Expr(Box<Expr>),
}

/// One formal parameter: `pattern = default` or `...pattern`.
/// <https://tc39.es/ecma262/#prod-FormalParameter>
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The bound name or destructuring pattern.
    pub pattern: Pattern,
    /// The default value after `=`; `None` without one (always `None` for a rest parameter).
    pub default: Option<Expr>,
    /// `...pattern`: the rest parameter (`FunctionRestParameter`), always the last one.
    pub rest: bool,
    /// From the parameter's start to the end of its default. A function's rest parameter span
    /// starts at the `...`; an arrow function's starts at the pattern after it.
    pub span: Span,
}

/// <https://tc39.es/ecma262/#prod-ClassDeclaration> and class expressions.
#[derive(Clone, Debug, PartialEq)]
pub struct Class {
    /// The class's `BindingIdentifier`; `None` for an anonymous class expression or
    /// `export default class {}`.
    pub name: Option<Identifier>,
    /// The `extends` expression (`ClassHeritage`); `None` for a base class.
    pub super_class: Option<Box<Expr>>,
    /// The explicit constructor, if the class body has one.
    pub constructor: Option<Rc<Function>>,
    /// The other class elements (methods, fields, static blocks), in source order.
    pub members: Vec<ClassMember>,
    /// The class's decorators, in source order (decorators proposal,
    /// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-class-definitions>).
    pub decorators: Vec<Expr>,
    /// The exact source range `Function.prototype.toString` returns for the class.
    pub source: Span,
    /// From `class` to the closing `}` (the parser sets it equal to `source`).
    pub span: Span,
}

/// One element of a class body other than the constructor.
/// <https://tc39.es/ecma262/#prod-ClassElement>
#[derive(Clone, Debug, PartialEq)]
pub enum ClassMember {
    /// A method or accessor: `m() {}`, `static get x() {}`, `async *#m() {}`.
    /// <https://tc39.es/ecma262/#prod-MethodDefinition>
    Method {
        /// The element name (`ClassElementName`), public or private.
        key: PropertyKey,
        /// `static`: defined on the constructor rather than the prototype.
        is_static: bool,
        /// `Method`, `Getter` or `Setter` in [`Function::kind`].
        function: Rc<Function>,
        /// The element's decorators, in source order.
        decorators: Vec<Expr>,
        /// From `static` (or the name) to the end of the body; decorators are not included.
        span: Span,
    },
    /// A field `x = 1;`, `static #y;`. <https://tc39.es/ecma262/#prod-FieldDefinition>
    Field {
        /// The field name (`ClassElementName`), public or private.
        key: PropertyKey,
        /// `static`: defined on the constructor rather than on each instance.
        is_static: bool,
        /// The initializer after `=`; `None` defines the field as `undefined`.
        value: Option<Expr>,
        /// `accessor x = 1` (decorators proposal auto-accessors).
        is_accessor: bool,
        /// The element's decorators, in source order.
        decorators: Vec<Expr>,
        /// From `static`/`accessor` (or the name) to the `;`; decorators are not included.
        span: Span,
    },
    /// `static { ... }`: its statements and its range.
    /// <https://tc39.es/ecma262/#prod-ClassStaticBlock>
    StaticBlock(Vec<Stmt>, Span),
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

/// A string literal `"..."` or `'...'`. <https://tc39.es/ecma262/#prod-StringLiteral>
#[derive(Clone, Debug, PartialEq)]
pub struct StringLit {
    /// The cooked value (escapes decoded), in UTF-16 code units; may hold lone surrogates.
    pub value: JsStr,
    /// The literal's bytes, quotes included.
    pub span: Span,
}

/// An expression. The variants follow the spec's expression productions, flattened: the
/// precedence levels are folded into [`Expr::Binary`], [`Expr::Logical`] and friends.
/// <https://tc39.es/ecma262/#prod-Expression>
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A variable reference `x`. <https://tc39.es/ecma262/#prod-IdentifierReference>
    Ident(Identifier),
    /// `this`.
    This(Span),
    /// `null`.
    Null(Span),
    /// `true` or `false`.
    Bool(bool, Span),
    /// A numeric literal, already converted to its value (`0x10` → `16.0`).
    /// <https://tc39.es/ecma262/#prod-NumericLiteral>
    Number(f64, Span),
    /// The BigInt's decimal digits (already converted from hex/octal/binary, without `n`).
    BigInt(Rc<str>, Span),
    /// A string literal.
    String(StringLit),
    /// A regular expression literal `/pattern/flags`, already validated.
    /// <https://tc39.es/ecma262/#prod-RegularExpressionLiteral>
    RegExp {
        /// The source text between the slashes, uncooked (escapes kept as written).
        pattern: JsStr,
        /// The flags after the closing slash (`"gi"`); may be empty.
        flags: Rc<str>,
        /// The literal, slashes and flags included.
        span: Span,
    },
    /// An untagged template literal `` `a${b}c` ``. <https://tc39.es/ecma262/#prod-TemplateLiteral>
    Template(Template),
    /// A tagged template `` tag`a${b}` ``: calls `tag` with the strings and substitutions.
    /// <https://tc39.es/ecma262/#sec-tagged-templates>
    TaggedTemplate {
        /// The function expression before the template.
        tag: Box<Expr>,
        /// The template (its chunks may have `cooked: None`).
        quasi: Template,
        /// From the tag to the closing backtick.
        span: Span,
    },
    /// An array literal `[a, ...b, , c]`. <https://tc39.es/ecma262/#prod-ArrayLiteral>
    Array(Vec<ArrayElement>, Span),
    /// An object literal `{ a: 1, b, c() {} }`. <https://tc39.es/ecma262/#prod-ObjectLiteral>
    Object(Vec<ObjectProperty>, Span),
    /// A function or generator expression (async too).
    /// <https://tc39.es/ecma262/#prod-FunctionExpression>
    Function(Rc<Function>),
    /// A class expression. <https://tc39.es/ecma262/#prod-ClassExpression>
    Class(Rc<Class>),
    /// A prefix unary operator: `-x`, `!x`, `typeof x`, `delete o.p`, ...
    /// <https://tc39.es/ecma262/#prod-UnaryExpression>
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        argument: Box<Expr>,
        /// From the operator to the end of the operand.
        span: Span,
    },
    /// `++x`, `x--`
    Update {
        /// Increment or decrement.
        op: UpdateOp,
        /// `++x` (the result is the new value) rather than `x++` (the old value).
        prefix: bool,
        /// The variable or property updated (a simple assignment target).
        target: Box<Expr>,
        /// The operator and the target.
        span: Span,
    },
    /// A binary arithmetic, bitwise, relational or equality operator: `a + b`, `a < b`,
    /// `a in b`, `a ** b`, ... <https://tc39.es/ecma262/#prod-AdditiveExpression> and siblings.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The left operand (evaluated first).
        left: Box<Expr>,
        /// The right operand.
        right: Box<Expr>,
        /// From the left operand to the end of the right one.
        span: Span,
    },
    /// `#x in obj`
    PrivateIn {
        /// The private name, with its `#`.
        name: Identifier,
        /// The object tested for the private element.
        right: Box<Expr>,
        /// From the private name to the end of `right`.
        span: Span,
    },
    /// A short-circuiting `a && b`, `a || b` or `a ?? b`.
    /// <https://tc39.es/ecma262/#prod-ShortCircuitExpression>
    Logical {
        /// The operator.
        op: LogicalOp,
        /// The left operand, always evaluated.
        left: Box<Expr>,
        /// The right operand, evaluated only if `left` does not decide the result.
        right: Box<Expr>,
        /// From the left operand to the end of the right one.
        span: Span,
    },
    /// `test ? consequent : alternate`. <https://tc39.es/ecma262/#prod-ConditionalExpression>
    Conditional {
        /// The condition.
        test: Box<Expr>,
        /// The value when `test` is truthy.
        consequent: Box<Expr>,
        /// The value when `test` is falsy.
        alternate: Box<Expr>,
        /// From the condition to the end of `alternate`.
        span: Span,
    },
    /// `target = value`, `target += value`, `target ??= value`, ...
    Assign {
        /// `=` or the compound operator.
        op: AssignOp,
        /// The assignment target; a destructuring pattern only with plain `=`.
        target: Box<Pattern>,
        /// The right-hand side.
        value: Box<Expr>,
        /// From the target to the end of `value`.
        span: Span,
    },
    /// The comma operator `a, b, c`: the expressions in order (at least two).
    /// <https://tc39.es/ecma262/#prod-Expression>
    Sequence(Vec<Expr>, Span),
    /// A property access `a.b`, `a[b]`, `a.#b`, or one link of an optional chain.
    /// <https://tc39.es/ecma262/#prod-MemberExpression>
    Member {
        /// The object whose property is read.
        object: Box<Expr>,
        /// The property: a name, a computed key or a private name.
        property: MemberProperty,
        /// This link is `?.`: `a?.b`.
        optional: bool,
        /// From the object to the end of the property.
        span: Span,
    },
    /// `super.x` / `super[x]`
    SuperMember {
        /// The property read on the home object's prototype (never `Private`).
        property: MemberProperty,
        /// From `super` to the end of the property.
        span: Span,
    },
    /// A call `f(a, ...b)`, or one call link of an optional chain.
    /// <https://tc39.es/ecma262/#prod-CallExpression>
    Call {
        /// The function called; a `Member` callee passes its object as `this`.
        callee: Box<Expr>,
        /// The arguments, in order.
        arguments: Vec<Argument>,
        /// This link is `?.`: `f?.()`.
        optional: bool,
        /// From the callee to the `)`.
        span: Span,
    },
    /// `super(...)` in a derived constructor. <https://tc39.es/ecma262/#prod-SuperCall>
    SuperCall {
        /// The arguments passed to the parent constructor.
        arguments: Vec<Argument>,
        /// From `super` to the `)`.
        span: Span,
    },
    /// `new C(args)` or `new C` (no arguments). <https://tc39.es/ecma262/#prod-NewExpression>
    New {
        /// The constructor expression.
        callee: Box<Expr>,
        /// The arguments; empty for `new C`.
        arguments: Vec<Argument>,
        /// From `new` to the `)` or the end of the callee.
        span: Span,
    },
    /// The whole optional chain `a?.b.c()`: short-circuiting ends at this node.
    /// <https://tc39.es/ecma262/#prod-OptionalExpression>
    OptionalChain(Box<Expr>, Span),
    /// `(expr)`: kept so that `(a) = 1`, `(a, b) => ...` early errors and named-evaluation rules
    /// (`(function(){})` is not anonymous-function-definition for naming) can be decided.
    Paren(Box<Expr>, Span),
    /// An arrow function `(a) => a` or `async x => await x`; its [`Function::kind`] is `Arrow`.
    /// <https://tc39.es/ecma262/#prod-ArrowFunction>
    Arrow(Rc<Function>),
    /// `yield`, `yield value` or `yield* iterable` in a generator.
    /// <https://tc39.es/ecma262/#prod-YieldExpression>
    Yield {
        /// The yielded value; `None` for a bare `yield` (yields `undefined`).
        argument: Option<Box<Expr>>,
        /// `yield*`: delegates to the iterable `argument`.
        delegate: bool,
        /// From `yield` to the end of the argument.
        span: Span,
    },
    /// `await expr` in an async function or module. <https://tc39.es/ecma262/#prod-AwaitExpression>
    Await(Box<Expr>, Span),
    /// `new.target`
    NewTarget(Span),
    /// `import.meta`
    ImportMeta(Span),
    /// `import(specifier, options)`; `phase` for `import.source(...)`.
    /// <https://tc39.es/ecma262/#prod-ImportCall>
    ImportCall {
        /// The module specifier expression.
        specifier: Box<Expr>,
        /// The second argument (`{ with: { type: "json" } }`); `None` when absent.
        options: Option<Box<Expr>>,
        /// `Some("source")` / `Some("defer")` for `import.source(...)` / `import.defer(...)`.
        phase: Option<Ident>,
        /// From `import` to the `)`.
        span: Span,
    },
}

impl Expr {
    /// The expression's byte range in the source.
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

/// A template literal's parts: `` `chunk${expr}chunk${expr}chunk` ``.
/// <https://tc39.es/ecma262/#prod-TemplateLiteral>
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// `quasis.len() == expressions.len() + 1`.
    pub quasis: Vec<TemplateChunk>,
    /// The `${...}` substitutions, in order.
    pub expressions: Vec<Expr>,
    /// From the opening to the closing backtick.
    pub span: Span,
}

/// The literal text between a template's backticks and substitutions.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateChunk {
    /// `None` when the chunk has an invalid escape (allowed only in tagged templates).
    pub cooked: Option<JsStr>,
    /// The raw text (`String.raw`'s view: escapes kept, CR and CRLF read as LF).
    /// <https://tc39.es/ecma262/#sec-static-semantics-trv>
    pub raw: JsStr,
    /// The chunk's token, delimiters included (`` ` ``, `}`, `${`).
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

/// One argument of a call or `new`. <https://tc39.es/ecma262/#prod-Arguments>
#[derive(Clone, Debug, PartialEq)]
pub enum Argument {
    /// A plain argument `f(x)`.
    Expr(Expr),
    /// A spread argument `f(...xs)`: passes each value of the iterable.
    Spread(Expr),
}

/// One slot of an array literal. <https://tc39.es/ecma262/#prod-ElementList>
#[derive(Clone, Debug, PartialEq)]
pub enum ArrayElement {
    /// An element value `[x]`.
    Expr(Expr),
    /// A spread element `[...xs]`: inserts each value of the iterable.
    Spread(Expr),
    /// An elision `[, x]`: a hole (no property is created), at the position of its comma.
    Hole(Span),
}

/// A property name in an object literal, class or pattern.
/// <https://tc39.es/ecma262/#prod-PropertyName>
#[derive(Clone, Debug, PartialEq)]
pub enum PropertyName {
    /// `a`, `"a"`, `if` (all identifier-like and string names are stored as strings).
    String(JsStr, Span),
    /// A numeric name `{ 1: x }`, as its value (it is converted with ToString at runtime).
    Number(f64, Span),
    /// A BigInt name `{ 1n: x }`, as its decimal digits (like [`Expr::BigInt`]).
    BigInt(Rc<str>, Span),
    /// A computed name `{ [expr]: x }`. <https://tc39.es/ecma262/#prod-ComputedPropertyName>
    Computed(Box<Expr>),
}

/// A class element name: a property name or a private name `#x`.
/// <https://tc39.es/ecma262/#prod-ClassElementName>
#[derive(Clone, Debug, PartialEq)]
pub enum PropertyKey {
    /// An ordinary (public) property name.
    Public(PropertyName),
    /// A private name, stored with its `#` (`"#x"`).
    Private(Identifier),
}

/// One entry of an object literal. <https://tc39.es/ecma262/#prod-PropertyDefinition>
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
/// <https://tc39.es/ecma262/#prod-BindingPattern>,
/// <https://tc39.es/ecma262/#prod-AssignmentPattern>
#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    /// A single name: `x` in `let x`, `x = 1`, `(x) => ...`.
    Ident(Identifier),
    /// Only in assignment patterns: `a.b = ...`, `[a.b] = ...`.
    Expr(Box<Expr>),
    /// An object pattern `{ a, b: c, ...rest }`.
    /// <https://tc39.es/ecma262/#prod-ObjectBindingPattern>
    Object {
        /// The `key: target` entries, in order.
        properties: Vec<ObjectPatternProp>,
        /// The `...rest` target, which receives the remaining own properties; `None` without.
        rest: Option<Box<Pattern>>,
        /// From `{` to `}`.
        span: Span,
    },
    /// An array pattern `[a, , b = 1, ...rest]`.
    /// <https://tc39.es/ecma262/#prod-ArrayBindingPattern>
    Array {
        /// `None` is a hole: `[, a]`.
        elements: Vec<Option<PatternElem>>,
        /// The `...rest` target, which receives the remaining values as an array; `None` without.
        rest: Option<Box<Pattern>>,
        /// From `[` to `]`.
        span: Span,
    },
}

impl Pattern {
    /// The pattern's byte range in the source.
    pub fn span(&self) -> Span {
        match self {
            Pattern::Ident(i) => i.span,
            Pattern::Expr(e) => e.span(),
            Pattern::Object { span, .. } | Pattern::Array { span, .. } => *span,
        }
    }
}

/// A pattern element with an optional default: `target = default`.
/// <https://tc39.es/ecma262/#prod-BindingElement>
#[derive(Clone, Debug, PartialEq)]
pub struct PatternElem {
    /// Where the value goes.
    pub target: Pattern,
    /// Used when the value is `undefined`; `None` without `= ...`.
    pub default: Option<Expr>,
    /// From the target to the end of the default.
    pub span: Span,
}

/// One `key: target = default` entry of an object pattern.
/// <https://tc39.es/ecma262/#prod-BindingProperty>
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectPatternProp {
    /// The property read from the value.
    pub key: PropertyName,
    /// Where the property's value goes, and its default.
    pub value: PatternElem,
    /// `{ a }` / `{ a = 1 }`: the key is the binding name.
    pub shorthand: bool,
    /// From the key to the end of the default.
    pub span: Span,
}

/// A prefix unary operator. <https://tc39.es/ecma262/#prod-UnaryExpression>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`: negation (numbers and BigInts).
    Minus,
    /// `+x`: ToNumber (a TypeError for BigInts).
    Plus,
    /// `!x`: logical not.
    Not,
    /// `~x`: bitwise not.
    BitNot,
    /// `typeof x` (no ReferenceError for an unresolvable `x`).
    Typeof,
    /// `void x`: evaluates `x`, returns `undefined`.
    Void,
    /// `delete x`: removes a property.
    Delete,
}

/// The operator of an [`Expr::Update`]. <https://tc39.es/ecma262/#prod-UpdateExpression>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateOp {
    /// `++`
    Increment,
    /// `--`
    Decrement,
}

/// A non-short-circuiting binary operator, as in [`Expr::Binary`] and compound assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `+`: addition or string concatenation.
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`: remainder (sign of the dividend).
    Rem,
    /// `**`: exponentiation (right-associative).
    Exp,
    /// `<<`
    Shl,
    /// `>>`: sign-propagating right shift.
    Shr,
    /// `>>>`: zero-filling right shift.
    UShr,
    /// `&`
    BitAnd,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
    /// `==`: IsLooselyEqual.
    Eq,
    /// `!=`
    NotEq,
    /// `===`: IsStrictlyEqual.
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
    /// `key in obj`: HasProperty.
    In,
    /// `x instanceof C`: InstanceofOperator.
    InstanceOf,
}

/// A short-circuiting operator. <https://tc39.es/ecma262/#prod-ShortCircuitExpression>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogicalOp {
    /// `&&`: the right operand runs if the left is truthy.
    And,
    /// `||`: the right operand runs if the left is falsy.
    Or,
    /// `??`: the right operand runs if the left is `null` or `undefined`.
    Nullish,
}

/// The operator of an [`Expr::Assign`]. <https://tc39.es/ecma262/#prod-AssignmentOperator>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignOp {
    /// `=`: plain assignment (the only one that may destructure).
    Assign,
    /// `+=` and the other compound arithmetic operators.
    Binary(BinaryOp),
    /// `&&=`, `||=`, `??=`
    Logical(LogicalOp),
}
