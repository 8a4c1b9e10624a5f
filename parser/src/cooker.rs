//! The token-cooking layer between the raw `logos` lexer and the `lalrpop` parser.
//!
//! ECMAScript's lexical grammar depends on the syntactic context (the spec switches between the
//! `InputElementDiv`, `InputElementRegExp` and `InputElementTemplateTail` goals). The parser
//! cannot tell the lexer which goal it is in, so the cooker tracks enough context to decide:
//!
//! * whether `/` starts a regular expression or is division,
//! * whether `}` closes a template substitution (and resumes the template),
//! * whether `yield` and `await` are keywords here (inside a generator / async function),
//! * the *split terminals* for `[no LineTerminator here]` and two-token lookahead restrictions
//!   (`ReturnNl`, `IncNl`, `LetBrack`, `AsyncOf`, ...), which use a one-token peek.
//!
//! The cooker works in two stages: [`Cooker::next_stage1`] lexes one token and updates the
//! context stack; [`Cooker::next`] rewrites it using the next stage-1 token.

use crate::lexer::{is_line_terminator, scan_ident_tail, LexError, K};
use logos::Logos;
use std::collections::VecDeque;

/// A cooked token as the grammar sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tok {
    pub kind: K,
    /// A LineTerminator came before this token.
    pub nl: bool,
    /// The end offset of the previous token (for the ASI check).
    pub prev_end: u32,
}

/// Whether `yield` / `await` are keywords in a function-like context.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Flags {
    yield_: bool,
    await_: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ParenKind {
    /// The condition of `if`, `while`, `for`, `with`, `switch` or `catch`: a `/` after `)`
    /// starts a regular expression. `block_follows` for `switch` and `catch`, whose `)` is
    /// followed by a block rather than a statement.
    Cond { block_follows: bool },
    /// Function or method parameters.
    /// Function or method parameters; `expr` as in [`FrameKind::FnBody`] (kept per frame:
    /// a function expression in a default value must not change the outer function's).
    Params(Flags, bool),
    /// Any other parenthesis; `after_async` marks `async (` (a possible async arrow head).
    Other { after_async: bool },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FrameKind {
    Paren(ParenKind),
    Bracket,
    Block,
    /// A function body; `expr` is true for function expressions (a `/` after `}` divides).
    FnBody {
        flags: Flags,
        expr: bool,
    },
    Object,
    Class {
        expr: bool,
    },
    /// A template substitution `${ ... }`.
    Subst,
    /// The expression body of an arrow function (it ends at `,`, `;`, `:` or a closer).
    ArrowExpr {
        await_: bool,
    },
}

#[derive(Clone, Copy, Debug)]
struct Frame {
    kind: FrameKind,
    /// Open `?` of conditional expressions, to tell `? :` from labels and properties.
    ternary: u32,
    /// Object literal / class body: inside a property value or field initializer.
    in_value: bool,
    /// Object literal / class body: `async` and `*` modifiers seen for the current member.
    mod_async: bool,
    mod_gen: bool,
}

impl Frame {
    fn new(kind: FrameKind) -> Frame {
        Frame {
            kind,
            ternary: 0,
            in_value: false,
            mod_async: false,
            mod_gen: false,
        }
    }
}

/// A token after stage 1 (context decisions made, split terminals not yet applied).
#[derive(Clone, Copy, Debug)]
struct Stage1 {
    start: usize,
    end: usize,
    kind: K,
    nl: bool,
    /// The first token after `for (` or `for await (`.
    for_head: bool,
    /// A `let` in a Statement position (only an identifier there).
    substatement: bool,
    /// The first token after `for await (`.
    for_await_head: bool,
    /// The token starts a class member (for `accessor`).
    member_head: bool,
}

type Spanned = (usize, Tok, usize);

/// The deepest bracket nesting the parser accepts.
pub const MAX_NESTING: usize = 256;

/// The cooker: an iterator of tokens for `lalrpop`.
pub struct Cooker<'s> {
    src: &'s str,
    lex: logos::Lexer<'s, K>,
    module: bool,
    stack: Vec<Frame>,
    /// The previous stage-1 token.
    prev: Option<Stage1>,
    prev2: Option<K>,
    /// The last `)` closed a condition.
    last_paren_cond: bool,
    /// The last condition `)` belonged to `switch` or `catch` (a block follows, not a
    /// statement) or ended a `do … while (…)` (a new statement follows).
    last_paren_switch_or_catch: bool,
    /// The context-stack depths of the `do` statements whose `while` has not come yet.
    pending_do: Vec<usize>,
    /// The current `while` ends a `do` statement.
    do_while: bool,
    /// The last `:` ended a `case` or `default` clause.
    last_colon_case: bool,
    /// A `case` or `default` clause is waiting for its `:`.
    pending_case: bool,
    /// The last `)` closed `async (...)`.
    last_paren_async: bool,
    /// The last `}` closed an expression (object literal, function or class expression).
    last_brace_expr: bool,
    /// The last `++`/`--` was postfix.
    last_incdec_postfix: bool,
    /// The last `of` followed an expression (the `for (x of y)` keyword).
    last_of_keyword: bool,
    /// The last `:` was a label or `case` colon.
    last_colon_stmt: bool,
    /// The statement-start status of the last `async` token.
    async_stmt_start: bool,
    pending_fn: Option<(usize, Flags)>,
    pending_body: Option<(Flags, bool)>,
    pending_class: Option<(usize, bool)>,
    pending_arrow: Option<bool>,
    /// The pending function (or method) is an expression: after its body's `}`, a `/` divides.
    fn_expr: bool,
    queue: VecDeque<Stage1>,
    started: bool,
    done: bool,
    /// The kind of the last token handed to the parser.
    last_kind: Option<K>,
    /// The kind of the token before `last_kind`'s.
    kind_before_last: Option<K>,
    last_end: usize,
}

impl<'s> Cooker<'s> {
    pub fn new(src: &'s str, module: bool) -> Cooker<'s> {
        Cooker {
            src,
            lex: K::lexer(src),
            module,
            // The root frame stands for the top-level statement list.
            stack: vec![Frame::new(FrameKind::Block)],
            prev: None,
            prev2: None,
            last_paren_cond: false,
            last_paren_async: false,
            last_paren_switch_or_catch: false,
            pending_do: Vec::new(),
            do_while: false,
            last_colon_case: false,
            pending_case: false,
            last_brace_expr: false,
            last_incdec_postfix: false,
            last_colon_stmt: false,
            last_of_keyword: false,
            async_stmt_start: false,
            pending_fn: None,
            pending_body: None,
            pending_class: None,
            pending_arrow: None,
            fn_expr: false,
            queue: VecDeque::new(),
            started: false,
            done: false,
            last_kind: None,
            kind_before_last: None,
            last_end: 0,
        }
    }

    fn error(&self, message: impl Into<String>, start: usize, end: usize) -> LexError {
        LexError {
            message: message.into(),
            start,
            end,
        }
    }

    /// The `yield`/`await` keyword flags of the innermost function-like frame.
    fn flags(&self) -> Flags {
        let mut flags = Flags::default();
        for frame in self.stack.iter().rev() {
            match frame.kind {
                FrameKind::FnBody { flags: f, .. } | FrameKind::Paren(ParenKind::Params(f, _)) => {
                    flags = f;
                    break;
                }
                FrameKind::ArrowExpr { await_ } => {
                    flags.await_ = await_;
                    break;
                }
                // A class field initializer is parsed as `Initializer[+In, ~Yield, ~Await]`:
                // it is evaluated as the body of a synthetic method
                // (https://tc39.es/ecma262/#sec-runtime-semantics-classfielddefinitionevaluation),
                // where a suspension is meaningless. The spec text still passes `?Yield, ?Await`
                // (https://tc39.es/ecma262/#prod-FieldDefinition), a known spec bug
                // (tc39/ecma262#2437, #3333) that every engine and test262
                // (staging/sm/fields/await-identifier-*) resolve this way: `await` is an
                // identifier there in scripts (still reserved in modules), `yield` a strict-mode
                // reserved word. Computed keys (`[await x]`) keep the enclosing context.
                FrameKind::Class { .. } if frame.in_value => break,
                _ => {}
            }
        }
        flags.await_ |= self.module;
        flags
    }

    /// Does the previous token end an expression (so `/` is division and `{` is not a literal)?
    fn prev_ends_expr(&self) -> bool {
        let Some(prev) = self.prev else { return false };
        // A keyword used as a property name (`a.return / 2`) is an operand.
        if matches!(self.prev2, Some(K::Dot | K::QDot))
            && crate::actions::is_keyword_kind(prev.kind)
        {
            return true;
        }
        match prev.kind {
            K::RParen => !self.last_paren_cond,
            K::RBrace => self.last_brace_expr,
            K::Inc | K::Dec => self.last_incdec_postfix,
            K::Of => !self.last_of_keyword,
            k => ends_expr_kind(k),
        }
    }

    /// Is the current position the start of a statement (for function/class declarations)?
    fn at_stmt_start(&self, nl: bool) -> bool {
        let Some(prev) = self.prev else { return true };
        match prev.kind {
            K::Semi | K::Else | K::Do | K::Export | K::Default => true,
            K::LBrace => matches!(
                self.stack.last().map(|f| f.kind),
                None | Some(FrameKind::Block) | Some(FrameKind::FnBody { .. })
            ),
            K::RBrace => !self.last_brace_expr || nl,
            K::RParen => self.last_paren_cond || nl,
            K::Colon => self.last_colon_stmt,
            _ => nl && self.prev_ends_expr(),
        }
    }

    fn top(&mut self) -> Option<&mut Frame> {
        self.stack.last_mut()
    }

    fn top_kind(&self) -> Option<FrameKind> {
        self.stack.last().map(|f| f.kind)
    }

    fn in_member_head(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                kind: FrameKind::Object | FrameKind::Class { .. },
                in_value: false,
                ..
            })
        )
    }

    fn pop_arrow_exprs(&mut self) {
        while matches!(self.top_kind(), Some(FrameKind::ArrowExpr { .. })) {
            self.stack.pop();
        }
    }

    /// Lexes one raw token, skipping comments, and applies the Annex B HTML-like comments.
    fn raw(&mut self) -> Option<Result<(K, usize, usize, bool), LexError>> {
        loop {
            let tok = self.lex.next()?;
            let span = self.lex.span();
            let nl = std::mem::take(&mut self.lex.extras.nl);
            let kind = match tok {
                Ok(k) => k,
                Err(mut e) => {
                    if e.message.is_empty() {
                        e.message = "invalid or unexpected token".into();
                        e.start = span.start;
                        e.end = span.end;
                    }
                    return Some(Err(e));
                }
            };
            match kind {
                K::Hashbang if span.start == 0 => {
                    self.lex.extras.nl = nl;
                    continue;
                }
                K::Hashbang => {
                    return Some(Err(self.error("unexpected '#!'", span.start, span.end)))
                }
                K::HtmlOpen if !self.module => {
                    self.skip_line();
                    self.lex.extras.nl |= nl;
                    continue;
                }
                K::HtmlClose if !self.module && (nl || self.prev.is_none()) => {
                    self.skip_line();
                    self.lex.extras.nl = true;
                    continue;
                }
                K::HtmlOpen | K::HtmlClose => {
                    return Some(Err(self.error(
                        "HTML-like comments are not allowed here",
                        span.start,
                        span.end,
                    )))
                }
                _ => {
                    // A keyword or contextual keyword followed by a `\u` escape or a non-ASCII
                    // IdentifierPartChar (`this\u0061`, `ifé`) is one longer IdentifierName:
                    // logos matched only the keyword's letters.
                    // https://tc39.es/ecma262/#prod-IdentifierName
                    let mut end = span.end;
                    let mut kind = kind;
                    if kind != K::Ident
                        && self.src[span.clone()]
                            .bytes()
                            .all(|b| b.is_ascii_alphabetic())
                    {
                        let tail = crate::lexer::scan_ident_tail(self.lex.remainder());
                        if tail > 0 {
                            self.lex.bump(tail);
                            end += tail;
                            kind = K::Ident;
                        }
                    }
                    return Some(Ok((kind, span.start, end, nl)));
                }
            }
        }
    }

    fn skip_line(&mut self) {
        let rest = self.lex.remainder();
        let n = rest.find(is_line_terminator).unwrap_or(rest.len());
        self.lex.bump(n);
    }

    /// Scans a regular expression literal whose `/` is at `start`; returns its end.
    fn scan_regex(&mut self, start: usize) -> Result<usize, LexError> {
        let mut i = start + 1;
        let mut in_class = false;
        loop {
            let Some(c) = self.src[i..].chars().next() else {
                return Err(self.error("unterminated regular expression", start, i));
            };
            if is_line_terminator(c) {
                return Err(self.error("unterminated regular expression", start, i));
            }
            i += c.len_utf8();
            match c {
                '\\' => match self.src[i..].chars().next() {
                    Some(d) if !is_line_terminator(d) => i += d.len_utf8(),
                    _ => return Err(self.error("unterminated regular expression", start, i)),
                },
                '[' => in_class = true,
                ']' => in_class = false,
                '/' if !in_class => break,
                _ => {}
            }
        }
        Ok(i + scan_ident_tail(&self.src[i..]))
    }

    /// Scans template characters from `from` (just after `` ` `` or `}`). Returns the end and
    /// whether the chunk ended with `${`.
    fn scan_template(&self, start: usize, from: usize) -> Result<(usize, bool), LexError> {
        let bytes = self.src.as_bytes();
        let mut i = from;
        while i < bytes.len() {
            match bytes[i] {
                b'`' => return Ok((i + 1, false)),
                b'$' if bytes.get(i + 1) == Some(&b'{') => return Ok((i + 2, true)),
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
        Err(self.error("unterminated template literal", start, bytes.len()))
    }

    /// Moves the raw lexer so that the current token ends at `end`.
    fn bump_to(&mut self, end: usize) {
        let cur = self.lex.span().end;
        if end > cur {
            // Template scanning may stop inside a multi-byte character only at ASCII bytes, so
            // `end` is always a character boundary.
            self.lex.bump(end - cur);
        }
    }

    /// Stage 1: the next token with regex/template/keyword decisions and context updates.
    fn next_stage1(&mut self) -> Option<Result<Stage1, LexError>> {
        let (mut kind, start, mut end, nl) = match self.raw()? {
            Ok(t) => t,
            Err(e) => return Some(Err(e)),
        };
        let for_head = matches!(
            self.prev,
            Some(Stage1 {
                kind: K::LParen,
                ..
            })
        ) && matches!(self.prev2, Some(K::For | K::Await));
        let for_head = for_head && self.for_paren_open();

        // A pending arrow body that is not a block is an expression body.
        if let Some(is_async) = self.pending_arrow.take() {
            if kind == K::LBrace {
                self.stack.push(Frame::new(FrameKind::FnBody {
                    flags: Flags {
                        yield_: false,
                        await_: is_async,
                    },
                    expr: false,
                }));
                return Some(Ok(self.finish(K::LBrace, start, end, nl, for_head)));
            }
            self.stack
                .push(Frame::new(FrameKind::ArrowExpr { await_: is_async }));
        }
        // A concise arrow body ends at a line break followed by a token that cannot continue
        // it (ASI), so the next statement does not inherit the arrow's `await` context.
        if nl && self.prev_ends_expr() && starts_statement(kind) {
            self.pop_arrow_exprs();
        }
        if self.pending_body.is_some() && kind != K::LBrace {
            self.pending_body = None;
        }
        // A member name on a new line after `async` makes `async` a field name.
        if nl && self.prev.map(|p| p.kind) == Some(K::Async) {
            if let Some(f) = self.top() {
                f.mod_async = false;
            }
        }

        match kind {
            K::Slash | K::SlashEq if !self.prev_ends_expr() || self.after_declared_binding(nl) => {
                end = match self.scan_regex(start) {
                    Ok(e) => e,
                    Err(e) => return Some(Err(e)),
                };
                self.bump_to(end);
                kind = K::Regex;
            }
            K::Backtick => {
                let (e, subst) = match self.scan_template(start, end) {
                    Ok(x) => x,
                    Err(e) => return Some(Err(e)),
                };
                self.bump_to(e);
                end = e;
                kind = if subst {
                    self.stack.push(Frame::new(FrameKind::Subst));
                    K::TplHead
                } else {
                    K::TplNoSub
                };
            }
            K::Of => self.last_of_keyword = self.prev_ends_expr(),
            K::Yield | K::Await
                if self.at_declared_name() || self.prev.map(|p| p.kind) == Some(K::Dot) =>
            {
                kind = K::Ident
            }
            K::Yield if !self.flags().yield_ => kind = K::Ident,
            K::Await if !self.flags().await_ => kind = K::Ident,
            K::Inc | K::Dec => {
                self.last_incdec_postfix = !nl && self.prev_ends_expr();
                if nl {
                    kind = if kind == K::Inc { K::IncNl } else { K::DecNl };
                }
            }
            K::Arrow => {
                let is_async = match self.prev.map(|p| p.kind) {
                    Some(K::RParen) => self.last_paren_async,
                    _ => self.prev2 == Some(K::Async),
                };
                self.pending_arrow = Some(is_async);
                if nl {
                    kind = K::ArrowNl;
                }
            }
            K::Num | K::BigInt => {
                if let Some(c) = self.src[end..].chars().next() {
                    if c.is_ascii_digit() || c == '\\' || crate::lexer::is_id_start(c) {
                        return Some(Err(self.error(
                            "an identifier cannot start immediately after a numeric literal",
                            start,
                            end + c.len_utf8(),
                        )));
                    }
                }
            }
            _ => {}
        }
        // An implementation limit keeps the recursive passes over the tree within the stack.
        if self.stack.len() > MAX_NESTING {
            return Some(Err(self.error("too deeply nested", start, end)));
        }
        match self.update_context(kind, start, end, nl) {
            Ok(Some(k)) => {
                kind = k.0;
                end = k.1;
            }
            Ok(None) => {}
            Err(e) => return Some(Err(e)),
        }
        Some(Ok(self.finish(kind, start, end, nl, for_head)))
    }

    /// `var x` + LineTerminator + `/`: a binding name in a declaration takes no operator, so
    /// ASI ends the declaration there and the `/` starts a regular expression (`var x\n/re/`).
    fn after_declared_binding(&self, nl: bool) -> bool {
        nl && matches!(self.prev2, Some(K::Var | K::Let | K::Const))
            && self.prev.is_some_and(|p| is_binding_start(p.kind))
    }

    /// Is the current token the name of a function or class (after `function`, `function *`
    /// or `class`)? The early-error pass decides whether `yield`/`await` may be used there.
    fn at_declared_name(&self) -> bool {
        match self.prev.map(|p| p.kind) {
            Some(K::Function | K::Class) => true,
            Some(K::Star) => self.prev2 == Some(K::Function),
            _ => false,
        }
    }

    /// Is `let` here in a Statement position where declarations are not allowed (after
    /// `if (...)`, `else`, a loop head, `do`, `with (...)` or a label)? There it is an
    /// identifier.
    fn at_substatement(&self) -> bool {
        match self.prev.map(|p| p.kind) {
            Some(K::RParen) => self.last_paren_cond && !self.last_paren_switch_or_catch,
            Some(K::Else | K::Do) => true,
            Some(K::Colon) => self.last_colon_stmt && !self.last_colon_case,
            _ => false,
        }
    }

    /// The innermost paren was opened by `for (`.
    fn for_paren_open(&self) -> bool {
        matches!(
            self.top_kind(),
            Some(FrameKind::Paren(ParenKind::Cond { .. }))
        )
    }

    fn finish(&mut self, kind: K, start: usize, end: usize, nl: bool, for_head: bool) -> Stage1 {
        let substatement = kind == K::Let && self.at_substatement();
        let for_await_head = for_head && self.prev2 == Some(K::Await);
        // `let` starts a LexicalDeclaration only at the start of a statement or a `for` head;
        // after an operator or an opening bracket (`2 * let`, `(let`, `() => let`) it is an
        // IdentifierReference. A word followed by a LineTerminator may end a statement by ASI
        // (`return\nlet x`, `yield\nlet x`, `debugger\nlet x`), so it does not decide.
        let after_word = self.prev.is_some_and(|p| {
            self.src[p.start..p.end]
                .starts_with(|c: char| c.is_alphanumeric() || matches!(c, '$' | '_' | '\\'))
        });
        let may_declare = for_head || substatement || self.at_stmt_start(nl) || (nl && after_word);
        let kind = if kind == K::Let && (self.prev.map(|p| p.kind) == Some(K::Var) || !may_declare)
        {
            K::LetIdent
        } else {
            kind
        };
        let tok = Stage1 {
            start,
            end,
            kind,
            nl,
            for_head,
            substatement,
            for_await_head,
            member_head: matches!(self.top_kind(), Some(FrameKind::Class { .. }))
                && self.in_member_head(),
        };
        self.prev2 = self.prev.map(|p| p.kind);
        self.prev = Some(tok);
        tok
    }

    /// Updates the context stack for brackets, functions, classes, objects and templates.
    /// Returns a replacement kind and end when `}` resumes a template.
    fn update_context(
        &mut self,
        kind: K,
        start: usize,
        end: usize,
        nl: bool,
    ) -> Result<Option<(K, usize)>, LexError> {
        // After `.`, every word is a property name (`a.function`, `a.class`).
        if matches!(self.prev.map(|p| p.kind), Some(K::Dot | K::QDot)) && kind != K::LParen {
            return Ok(None);
        }
        match kind {
            K::LParen => self.open_paren(nl),
            K::RParen => {
                self.pop_arrow_exprs();
                self.last_paren_cond = false;
                self.last_paren_async = false;
                if let Some(Frame {
                    kind: FrameKind::Paren(p),
                    ..
                }) = self.stack.last().copied()
                {
                    self.stack.pop();
                    match p {
                        ParenKind::Cond { block_follows } => {
                            self.last_paren_cond = true;
                            self.last_paren_switch_or_catch = block_follows;
                        }
                        ParenKind::Params(flags, expr) => self.pending_body = Some((flags, expr)),
                        ParenKind::Other { after_async } => self.last_paren_async = after_async,
                    }
                }
            }
            K::LBrack => self.stack.push(Frame::new(FrameKind::Bracket)),
            K::RBrack => {
                self.pop_arrow_exprs();
                if self.top_kind() == Some(FrameKind::Bracket) {
                    self.stack.pop();
                }
            }
            K::LBrace => self.open_brace(nl),
            K::RBrace => return self.close_brace(start, end),
            K::Function => {
                let is_async = self.prev.map(|p| p.kind) == Some(K::Async) && !nl;
                let stmt = if is_async {
                    self.async_stmt_start
                } else {
                    self.at_stmt_start(nl)
                };
                self.fn_expr = !stmt;
                self.pending_fn = Some((
                    self.stack.len(),
                    Flags {
                        yield_: false,
                        await_: is_async,
                    },
                ));
            }
            K::Async => self.async_stmt_start = self.at_stmt_start(nl),
            K::Class => self.pending_class = Some((self.stack.len(), !self.at_stmt_start(nl))),
            K::Star => {
                if let Some((_, flags)) = &mut self.pending_fn {
                    flags.yield_ = true;
                } else if self.in_member_head() {
                    if let Some(f) = self.top() {
                        f.mod_gen = true;
                    }
                }
            }
            // A `?` that opens a conditional (`?.` is OptionalChainingPunctuator, which is
            // joined later; `?.5` is still `?` then `.5`).
            K::Question if !self.is_optional_chain(end) => {
                if let Some(f) = self.top() {
                    f.ternary += 1;
                }
            }
            K::Colon => self.colon(),
            K::Case => self.pending_case = true,
            // `do Statement while (…)`: the `while` that ends a `do` is not a loop whose body
            // follows its `)`; after that `)` a new statement starts (`do x; while (a) let\ny`).
            K::Do if !self.in_member_head() => self.pending_do.push(self.stack.len()),
            K::While => {
                self.do_while = self.pending_do.last() == Some(&self.stack.len())
                    && self.prev.map(|p| p.kind) != Some(K::Do)
                    && !self.at_substatement();
                if self.do_while {
                    self.pending_do.pop();
                }
            }
            K::Default if self.prev.map(|p| p.kind) != Some(K::Export) => self.pending_case = true,
            K::Comma | K::Semi => {
                self.pop_arrow_exprs();
                if let Some(f) = self.top() {
                    if matches!(f.kind, FrameKind::Object | FrameKind::Class { .. }) {
                        f.in_value = false;
                        f.mod_async = false;
                        f.mod_gen = false;
                    }
                }
            }
            K::Eq | K::Ellipsis => {
                if let Some(f) = self.top() {
                    if matches!(f.kind, FrameKind::Class { .. } | FrameKind::Object) {
                        f.in_value = true;
                    }
                }
            }
            _ => {}
        }
        if kind == K::Async {
            if self.in_member_head() {
                if let Some(f) = self.top() {
                    f.mod_async = true;
                }
            }
        } else if nl && is_member_start(kind) {
            if let Some(f) = self.top() {
                if matches!(f.kind, FrameKind::Class { .. }) && f.in_value {
                    f.in_value = false;
                    f.mod_async = false;
                    f.mod_gen = false;
                }
            }
        }
        Ok(None)
    }

    /// Whether the `?` ending at `end` is the start of `?.` (OptionalChainingPunctuator:
    /// `?.` not followed by a decimal digit).
    fn is_optional_chain(&self, end: usize) -> bool {
        let rest = &self.src.as_bytes()[end..];
        rest.first() == Some(&b'.') && !rest.get(1).is_some_and(u8::is_ascii_digit)
    }

    fn colon(&mut self) {
        let mut stmt = false;
        let top_ternary = self.stack.last().map_or(0, |f| f.ternary);
        self.last_colon_case = self.pending_case && top_ternary == 0;
        if self.last_colon_case {
            self.pending_case = false;
        }
        loop {
            match self.stack.last_mut() {
                Some(f) if f.ternary > 0 => {
                    f.ternary -= 1;
                    break;
                }
                Some(Frame {
                    kind: FrameKind::ArrowExpr { .. },
                    ..
                }) => {
                    self.stack.pop();
                }
                Some(f) if f.kind == FrameKind::Object => {
                    f.in_value = true;
                    break;
                }
                Some(f) => {
                    stmt = matches!(f.kind, FrameKind::Block | FrameKind::FnBody { .. });
                    break;
                }
                None => {
                    stmt = true;
                    break;
                }
            }
        }
        self.last_colon_stmt = stmt;
    }

    fn open_paren(&mut self, nl: bool) {
        let prev = self.prev.map(|p| p.kind);
        let kind = if let Some((depth, flags)) = self.pending_fn {
            if depth == self.stack.len() {
                self.pending_fn = None;
                ParenKind::Params(flags, self.fn_expr)
            } else {
                ParenKind::Other { after_async: false }
            }
        } else if self.in_member_head() {
            let f = self
                .stack
                .last()
                .copied()
                .unwrap_or(Frame::new(FrameKind::Block));
            let named_async = prev == Some(K::Async);
            self.fn_expr = true;
            ParenKind::Params(
                Flags {
                    yield_: f.mod_gen,
                    await_: f.mod_async && !named_async,
                },
                true,
            )
        } else if matches!(
            prev,
            Some(K::If | K::While | K::For | K::With | K::Switch | K::Catch | K::Await)
        ) && (prev != Some(K::Await) || self.prev2 == Some(K::For))
            // `p.catch(f)`, `a?.if(b)`: a property name, not a statement keyword.
            && !matches!(self.prev2, Some(K::Dot | K::QDot))
        {
            ParenKind::Cond {
                block_follows: matches!(prev, Some(K::Switch | K::Catch))
                    || (prev == Some(K::While) && std::mem::take(&mut self.do_while)),
            }
        } else {
            ParenKind::Other {
                after_async: prev == Some(K::Async) && !nl,
            }
        };
        if let Some(f) = self.top() {
            if matches!(kind, ParenKind::Params(..)) {
                f.mod_async = false;
                f.mod_gen = false;
            }
        }
        self.stack.push(Frame::new(FrameKind::Paren(kind)));
    }

    fn open_brace(&mut self, nl: bool) {
        if let Some((flags, expr)) = self.pending_body.take() {
            self.stack
                .push(Frame::new(FrameKind::FnBody { flags, expr }));
            return;
        }
        let prev = self.prev.map(|p| p.kind);
        if let Some((depth, expr)) = self.pending_class {
            if depth == self.stack.len()
                && prev != Some(K::Extends)
                && (prev == Some(K::Class) || self.prev_ends_expr())
            {
                self.pending_class = None;
                self.stack.push(Frame::new(FrameKind::Class { expr }));
                return;
            }
        }
        if prev == Some(K::Static) && self.in_member_head() {
            self.stack.push(Frame::new(FrameKind::FnBody {
                flags: Flags {
                    yield_: false,
                    await_: true,
                },
                expr: false,
            }));
            return;
        }
        let block = match prev {
            None => true,
            Some(K::Semi | K::Else | K::Do | K::Try | K::Finally | K::Catch) => true,
            Some(K::LBrace) => matches!(
                self.top_kind(),
                None | Some(FrameKind::Block) | Some(FrameKind::FnBody { .. })
            ),
            Some(K::Colon) => self.last_colon_stmt,
            Some(K::RBrace) => !self.last_brace_expr || nl,
            Some(K::RParen) => true,
            _ => self.prev_ends_expr(),
        };
        let kind = if block {
            FrameKind::Block
        } else {
            FrameKind::Object
        };
        self.stack.push(Frame::new(kind));
    }

    fn close_brace(&mut self, start: usize, end: usize) -> Result<Option<(K, usize)>, LexError> {
        self.pop_arrow_exprs();
        // An unbalanced `}` is a syntax error the parser reports; keep the root frame.
        if self.stack.len() <= 1 {
            self.last_brace_expr = false;
            return Ok(None);
        }
        let Some(frame) = self.stack.pop() else {
            return Ok(None);
        };
        self.last_brace_expr = match frame.kind {
            FrameKind::Subst => {
                let (e, subst) = self.scan_template(start, end)?;
                self.bump_to(e);
                if subst {
                    self.stack.push(Frame::new(FrameKind::Subst));
                    return Ok(Some((K::TplMiddle, e)));
                }
                return Ok(Some((K::TplTail, e)));
            }
            FrameKind::Object => true,
            FrameKind::FnBody { expr, .. } => expr,
            FrameKind::Class { expr } => expr,
            _ => false,
        };
        if let Some(f) = self.top() {
            if matches!(f.kind, FrameKind::Class { .. } | FrameKind::Object) {
                f.mod_async = false;
                f.mod_gen = false;
            }
        }
        Ok(None)
    }

    /// Stage 2 lookahead: the stage-1 token after the current one.
    fn peek(&mut self) -> Option<Result<Stage1, LexError>> {
        self.peek_nth(0)
    }

    /// The `n`th stage-1 token after the current one.
    fn peek_nth(&mut self, n: usize) -> Option<Result<Stage1, LexError>> {
        while self.queue.len() <= n {
            match self.next_stage1()? {
                Ok(t) => self.queue.push_back(t),
                Err(e) => return Some(Err(e)),
            }
        }
        self.queue.get(n).copied().map(Ok)
    }

    /// `export default` followed by `function`, `class` or `async function`.
    fn default_starts_decl(&mut self) -> bool {
        match self.peek_nth(0) {
            Some(Ok(Stage1 {
                kind: K::Function | K::Class,
                ..
            })) => true,
            Some(Ok(Stage1 { kind: K::Async, .. })) => matches!(
                self.peek_nth(1),
                Some(Ok(Stage1 {
                    kind: K::Function,
                    nl: false,
                    ..
                }))
            ),
            _ => false,
        }
    }

    fn take(&mut self) -> Option<Result<Stage1, LexError>> {
        if let Some(t) = self.queue.pop_front() {
            return Some(Ok(t));
        }
        self.next_stage1()
    }

    /// Applies the split-terminal rewrites that need the next token.
    fn split(&mut self, cur: Stage1) -> Result<Stage1, LexError> {
        let mut cur = cur;
        let next = match self.peek() {
            Some(Ok(t)) => Some(t),
            Some(Err(e)) => return Err(e),
            None => None,
        };
        let next_nl = next.is_none_or(|n| n.nl);
        cur.kind = match cur.kind {
            K::Return if next_nl => K::ReturnNl,
            K::Break if next_nl => K::BreakNl,
            K::Continue if next_nl => K::ContinueNl,
            K::Throw if next_nl => K::ThrowNl,
            K::Yield if next_nl => K::YieldNl,
            K::Async if cur.for_await_head && next.map(|n| n.kind) == Some(K::Of) => K::AsyncNl,
            K::Async if next_nl => K::AsyncNl,
            K::Async if next.map(|n| n.kind) == Some(K::Of) => K::AsyncOf,
            K::Let if cur.substatement => match next.map(|n| n.kind) {
                Some(K::LBrack) => K::LetBrack,
                _ => K::LetIdent,
            },
            K::Let => classify_let(cur.for_head, next.map(|n| n.kind)),
            K::Using if next_nl || !next.is_some_and(|n| is_binding_start(n.kind)) => K::Ident,
            K::Using if cur.for_head && next.map(|n| n.kind) == Some(K::Of) => {
                // `for (using of = x;;)` declares `of`; `for (using of xs)` iterates.
                match self.peek_nth(1) {
                    Some(Ok(n)) if n.kind == K::Eq => K::Using,
                    _ => K::Ident,
                }
            }
            K::Accessor
                if next_nl
                    || !cur.member_head
                    || !next.is_some_and(|n| is_member_name_start(n.kind)) =>
            {
                K::Ident
            }
            // `import source from from "m"`: a phase import binding the name `from`. The
            // grammar cannot tell it from `import source from "m"` with one token of lookahead,
            // so the binding `from` is passed on as an identifier.
            K::From
                if self.last_kind == Some(K::Ident)
                    && self.kind_before_last == Some(K::Import)
                    && next.map(|n| n.kind) == Some(K::From) =>
            {
                K::Ident
            }
            K::Default if self.last_kind == Some(K::Export) && self.default_starts_decl() => {
                K::DefaultDecl
            }
            K::Question => match next {
                Some(n) if n.kind == K::Dot && n.start == cur.end => {
                    self.queue.pop_front();
                    cur.end = n.end;
                    K::QDot
                }
                _ => K::Question,
            },
            k => k,
        };
        Ok(cur)
    }
}

/// `let` followed by `[` starts a declaration (`LetBrack`); followed by a binding start it is a
/// declaration keyword (`Let`); otherwise it is an identifier (`LetIdent`).
fn classify_let(for_head: bool, next: Option<K>) -> K {
    match next {
        Some(K::LBrack) if for_head => K::Let,
        Some(K::LBrack) => K::LetBrack,
        Some(K::LBrace) => K::Let,
        Some(k) if is_binding_start(k) => K::Let,
        _ => K::LetIdent,
    }
}

fn is_binding_start(k: K) -> bool {
    matches!(
        k,
        K::Ident
            | K::Yield
            | K::Await
            | K::Let
            | K::Static
            | K::Async
            | K::Of
            | K::Get
            | K::Set
            | K::As
            | K::From
            | K::Target
            | K::Meta
            | K::Using
            | K::Accessor
    )
}

/// Tokens that can start a ClassElementName.
fn is_member_name_start(k: K) -> bool {
    matches!(k, K::Str | K::Num | K::BigInt | K::LBrack | K::PrivateName)
        || is_binding_start(k)
        || crate::actions::is_keyword_kind(k)
}

/// Tokens that end an expression: after them `/` divides.
fn ends_expr_kind(k: K) -> bool {
    matches!(
        k,
        K::Ident
            | K::Num
            | K::BigInt
            | K::Str
            | K::Regex
            | K::TplNoSub
            | K::TplTail
            | K::This
            | K::Super
            | K::Null
            | K::True
            | K::False
            | K::RBrack
            | K::PrivateName
            | K::Let
            | K::LetIdent
            | K::Static
            | K::Async
            | K::Get
            | K::Set
            | K::As
            | K::From
            | K::Target
            | K::Meta
            | K::Using
            | K::Accessor
    )
}

/// Tokens that cannot continue an expression, so after a line break they start a new
/// statement.
fn starts_statement(k: K) -> bool {
    !matches!(k, K::In | K::Instanceof | K::Of)
        && (crate::actions::is_keyword_kind(k)
            || is_binding_start(k)
            || matches!(k, K::Num | K::BigInt | K::Str | K::LBrace))
}

/// Tokens that can start a class element on a new line after a field initializer.
fn is_member_start(k: K) -> bool {
    matches!(
        k,
        K::Ident | K::PrivateName | K::Str | K::Num | K::Static | K::Get | K::Set | K::Async
    ) || crate::actions::is_keyword_kind(k)
}

impl Iterator for Cooker<'_> {
    type Item = Result<Spanned, LexError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if !self.started {
            self.started = true;
            let goal = if self.module {
                K::GoalModule
            } else {
                K::GoalScript
            };
            let tok = Tok {
                kind: goal,
                nl: false,
                prev_end: 0,
            };
            return Some(Ok((0, tok, 0)));
        }
        let cur = match self.take()? {
            Ok(t) => t,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        let cur = match self.split(cur) {
            Ok(t) => t,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        let tok = Tok {
            kind: cur.kind,
            nl: cur.nl,
            prev_end: self.last_end as u32,
        };
        self.last_end = cur.end;
        self.kind_before_last = self.last_kind;
        self.last_kind = Some(cur.kind);
        Some(Ok((cur.start, tok, cur.end)))
    }
}
