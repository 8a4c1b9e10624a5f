//! Destructuring patterns: binding initialization and destructuring assignment of object and
//! array patterns, with defaults and targets evaluated ahead of their values.

use super::*;

impl<'s> Emitter<'s> {
    // --- patterns --------------------------------------------------------------------------

    /// Binds `acc` to the names in a binding pattern (`init`: initialize lexical bindings).
    pub(super) fn bind_pattern(&mut self, p: &Pattern, init: bool) -> CResult {
        match p {
            Pattern::Ident(id) => self.store_name(&id.name, init, id.span),
            Pattern::Expr(e) => self.assign_to_expr(e),
            Pattern::Object {
                properties, rest, ..
            } => self.object_pattern(properties, rest.as_deref(), init),
            Pattern::Array { elements, rest, .. } => {
                self.array_pattern(elements, rest.as_deref(), init)
            }
        }
    }

    /// Assigns `acc` to an assignment pattern.
    pub(super) fn assign_pattern(&mut self, p: &Pattern) -> CResult {
        self.bind_pattern(p, false)
    }

    /// Assigns `acc` to a simple target expression (`a.b`, `a[b]`, `a`).
    fn assign_to_expr(&mut self, e: &Expr) -> CResult {
        let mark = self.regs_mark();
        let value = self.temp();
        self.emit(Instr::Star { dst: Reg(value) });
        match e {
            Expr::Ident(id) => {
                self.emit(Instr::Ldar { src: Reg(value) });
                self.store_name(&id.name, false, id.span)?;
            }
            Expr::Paren(inner, _) => {
                self.emit(Instr::Ldar { src: Reg(value) });
                self.release(mark);
                return self.assign_to_expr(inner);
            }
            Expr::Member {
                object, property, ..
            } => {
                self.expr(object)?;
                let obj = self.temp();
                self.emit(Instr::Star { dst: Reg(obj) });
                self.store_member(obj, property, value, e.span())?;
            }
            _ => return Err(syntax_err("Invalid assignment target", e.span())),
        }
        self.emit(Instr::Ldar { src: Reg(value) });
        self.release(mark);
        Ok(())
    }

    /// `R[obj].property := R[value]`, leaving the value in acc.
    fn store_member(
        &mut self,
        obj: u16,
        property: &MemberProperty,
        value: u16,
        span: Span,
    ) -> CResult {
        match property {
            MemberProperty::Ident(id) => {
                let k = self.name_const(&id.name);
                let ic = self.ic();
                self.emit(Instr::Ldar { src: Reg(value) });
                self.mark(span);
                self.emit(Instr::SetNamed {
                    obj: Reg(obj),
                    name: k,
                    ic,
                });
            }
            MemberProperty::Computed(key) => {
                self.expr(key)?;
                self.emit(Instr::ToPropertyKey {});
                let k = self.temp();
                self.emit(Instr::Star { dst: Reg(k) });
                self.emit(Instr::Ldar { src: Reg(value) });
                self.mark(span);
                self.emit(Instr::SetKeyed {
                    obj: Reg(obj),
                    key: Reg(k),
                });
            }
            MemberProperty::Private(id) => {
                self.load_name(&id.name, id.span)?;
                let k = self.temp();
                self.emit(Instr::Star { dst: Reg(k) });
                self.emit(Instr::Ldar { src: Reg(value) });
                self.mark(span);
                self.emit(Instr::SetKeyed {
                    obj: Reg(obj),
                    key: Reg(k),
                });
            }
        }
        Ok(())
    }

    fn object_pattern(
        &mut self,
        props: &[ObjectPatternProp],
        rest: Option<&Pattern>,
        init: bool,
    ) -> CResult {
        let mark = self.regs_mark();
        self.emit(Instr::RequireObjectCoercible {});
        let src = self.temp();
        self.emit(Instr::Star { dst: Reg(src) });
        let keys = if rest.is_some() {
            self.temps(props.len() as u16)
        } else {
            0
        };
        for (i, prop) in props.iter().enumerate() {
            // The key.
            let key = self.temp();
            match &prop.key {
                PropertyName::String(s, _) => {
                    let k = self.string_const(s);
                    self.emit(Instr::LdaConst { k });
                }
                PropertyName::Number(n, _) => {
                    let k = self.constant(Constant::Number(*n));
                    self.emit(Instr::LdaConst { k });
                }
                PropertyName::BigInt(b, _) => {
                    // The key is ToString of the BigInt: its decimal digits.
                    let k = self.string_const(&b.encode_utf16().collect::<Vec<u16>>());
                    self.emit(Instr::LdaConst { k });
                }
                PropertyName::Computed(e) => self.expr(e)?,
            }
            self.emit(Instr::ToPropertyKey {});
            self.emit(Instr::Star { dst: Reg(key) });
            if rest.is_some() {
                self.emit(Instr::Mov {
                    dst: Reg(keys + i as u16),
                    src: Reg(key),
                });
            }
            // KeyedDestructuringAssignmentEvaluation: a target that is not a pattern is
            // evaluated before the property is read.
            let target = if init {
                None
            } else {
                self.prepare_target(&prop.value.target)?
            };
            self.emit(Instr::Ldar { src: Reg(key) });
            self.emit(Instr::GetKeyed { obj: Reg(src) });
            match target {
                Some(t) => {
                    self.apply_default(&prop.value)?;
                    self.store_prepared(t)?;
                }
                None => self.default_then_bind(&prop.value, init)?,
            }
            self.release(key);
        }
        if let Some(r) = rest {
            let dst = self.temp();
            let target = if init { None } else { self.prepare_target(r)? };
            self.emit(Instr::Ldar { src: Reg(src) });
            self.emit(Instr::CopyRestProperties {
                dst: Reg(dst),
                args: Reg(keys),
                argc: Count(props.len() as u16),
            });
            self.emit(Instr::Ldar { src: Reg(dst) });
            match target {
                Some(t) => self.store_prepared(t)?,
                None => self.bind_pattern(r, init)?,
            }
        }
        self.emit(Instr::Ldar { src: Reg(src) });
        self.release(mark);
        Ok(())
    }

    /// acc holds a value: apply the element's default if it is undefined, then bind it.
    fn default_then_bind(&mut self, elem: &PatternElem, init: bool) -> CResult {
        self.apply_default(elem)?;
        self.bind_pattern(&elem.target, init)
    }

    /// acc holds a value: replace it with the element's default if it is undefined.
    fn apply_default(&mut self, elem: &PatternElem) -> CResult {
        if let Some(d) = &elem.default {
            let skip = self.new_label();
            self.jump(Instr::JumpIfNotUndefined { target: Label(0) }, skip);
            self.named_expr(d, &pattern_name(&elem.target))?;
            self.bind(skip);
        }
        Ok(())
    }

    /// Destructuring assignment: evaluates a property-reference target (`a.b`, `a[k]`,
    /// `a.#p`) into registers before the value it receives is produced (the
    /// DestructuringAssignmentTarget is evaluated first). Other targets: `None`.
    /// <https://tc39.es/ecma262/#sec-runtime-semantics-iteratordestructuringassignmentevaluation>
    pub(super) fn prepare_target(&mut self, target: &Pattern) -> CResult<Option<PreparedRef>> {
        let Pattern::Expr(e) = target else {
            return Ok(None);
        };
        let Expr::Member {
            object, property, ..
        } = strip_parens(e)
        else {
            return Ok(None);
        };
        self.expr(object)?;
        let obj = self.temp();
        self.emit(Instr::Star { dst: Reg(obj) });
        Ok(Some(match property {
            MemberProperty::Ident(id) => PreparedRef::Named {
                obj,
                name: self.name_const(&id.name),
                span: e.span(),
            },
            MemberProperty::Computed(k) => {
                self.expr(k)?;
                let key = self.temp();
                self.emit(Instr::Star { dst: Reg(key) });
                PreparedRef::Keyed {
                    obj,
                    key,
                    to_key: true,
                    span: e.span(),
                }
            }
            MemberProperty::Private(id) => {
                self.load_name(&id.name, id.span)?;
                let key = self.temp();
                self.emit(Instr::Star { dst: Reg(key) });
                PreparedRef::Keyed {
                    obj,
                    key,
                    to_key: false,
                    span: e.span(),
                }
            }
        }))
    }

    /// PutValue(prepared reference, acc), leaving the value in acc.
    fn store_prepared(&mut self, t: PreparedRef) -> CResult {
        let value = self.temp();
        self.emit(Instr::Star { dst: Reg(value) });
        match t {
            PreparedRef::Named { obj, name, span } => {
                let ic = self.ic();
                self.emit(Instr::Ldar { src: Reg(value) });
                self.mark(span);
                self.emit(Instr::SetNamed {
                    obj: Reg(obj),
                    name,
                    ic,
                });
            }
            PreparedRef::Keyed {
                obj,
                key,
                to_key,
                span,
            } => {
                if to_key {
                    self.emit(Instr::Ldar { src: Reg(key) });
                    self.emit(Instr::ToPropertyKey {});
                    self.emit(Instr::Star { dst: Reg(key) });
                }
                self.emit(Instr::Ldar { src: Reg(value) });
                self.mark(span);
                self.emit(Instr::SetKeyed {
                    obj: Reg(obj),
                    key: Reg(key),
                });
            }
        }
        self.emit(Instr::Ldar { src: Reg(value) });
        self.release(value);
        Ok(())
    }

    fn array_pattern(
        &mut self,
        elements: &[Option<PatternElem>],
        rest: Option<&Pattern>,
        init: bool,
    ) -> CResult {
        let mark = self.regs_mark();
        let src = self.temp();
        self.emit(Instr::Star { dst: Reg(src) });
        let iter = self.temps(2);
        self.emit(Instr::GetIterator {
            dst: Reg(iter),
            is_async: Imm(0),
        });
        let done_flag = self.temp();
        let no = self.temp();
        self.emit(Instr::LdaFalse {});
        self.emit(Instr::Star {
            dst: Reg(done_flag),
        });
        self.emit(Instr::Star { dst: Reg(no) });
        let try_start = self.pc();
        // Return completions (a generator resumed with `return` at a `yield` inside the
        // pattern) close the iterator unless it is done.
        self.f().control.push(Control::IteratorClose {
            iter_reg: iter,
            is_async: false,
            done_reg: Some(done_flag),
        });
        for elem in elements {
            let elem_mark = self.regs_mark();
            // AssignmentElement: a target that is not a pattern is evaluated first.
            let target = match elem {
                Some(e) if !init => self.prepare_target(&e.target)?,
                _ => None,
            };
            // Step the iterator unless it is done; a done iterator gives undefined. A step
            // that throws leaves the iterator done (IteratorStepValue sets [[Done]]).
            let got = self.new_label();
            let exhausted = self.new_label();
            let next = self.new_label();
            self.emit(Instr::Ldar {
                src: Reg(done_flag),
            });
            self.jump(Instr::JumpIfTrue { target: Label(0) }, exhausted);
            self.emit(Instr::LdaTrue {});
            self.emit(Instr::Star {
                dst: Reg(done_flag),
            });
            self.jump(
                Instr::IteratorNext {
                    iter: Reg(iter),
                    done: Label(0),
                },
                next,
            );
            self.emit(Instr::Mov {
                dst: Reg(done_flag),
                src: Reg(no),
            });
            self.jump(Instr::Jump { target: Label(0) }, got);
            self.bind(next);
            self.bind(exhausted);
            self.emit(Instr::LdaUndefined {});
            self.bind(got);
            if let Some(e) = elem {
                match target {
                    Some(t) => {
                        self.apply_default(e)?;
                        self.store_prepared(t)?;
                    }
                    None => self.default_then_bind(e, init)?,
                }
            }
            self.release(elem_mark);
        }
        if let Some(r) = rest {
            let arr = self.temp();
            let target = if init { None } else { self.prepare_target(r)? };
            self.emit(Instr::CreateArray { size: Count(0) });
            self.emit(Instr::Star { dst: Reg(arr) });
            let exhausted = self.new_label();
            let top = self.new_label();
            let next = self.new_label();
            self.emit(Instr::Ldar {
                src: Reg(done_flag),
            });
            self.jump(Instr::JumpIfTrue { target: Label(0) }, exhausted);
            self.emit(Instr::LdaTrue {});
            self.emit(Instr::Star {
                dst: Reg(done_flag),
            });
            self.bind(top);
            self.jump(
                Instr::IteratorNext {
                    iter: Reg(iter),
                    done: Label(0),
                },
                next,
            );
            self.emit(Instr::ArrayPush { arr: Reg(arr) });
            self.jump(Instr::Jump { target: Label(0) }, top);
            self.bind(next);
            self.bind(exhausted);
            self.emit(Instr::Ldar { src: Reg(arr) });
            match target {
                Some(t) => self.store_prepared(t)?,
                None => self.bind_pattern(r, init)?,
            }
        }
        self.f().control.pop();
        let try_end = self.pc();
        let end = self.new_label();
        // Normal completion: close the iterator if it is not done.
        self.emit(Instr::Ldar {
            src: Reg(done_flag),
        });
        self.jump(Instr::JumpIfTrue { target: Label(0) }, end);
        self.emit(Instr::IteratorClose { iter: Reg(iter) });
        self.jump(Instr::Jump { target: Label(0) }, end);
        // Throw completion: close it (unless done) and rethrow.
        let handler = self.pc();
        let env_depth = self.f().env_depth;
        self.f().code.handlers.push(Handler {
            start: try_start,
            end: try_end,
            target: handler,
            env_depth,
        });
        let exc = self.temp();
        self.emit(Instr::Star { dst: Reg(exc) });
        let rethrow = self.new_label();
        self.emit(Instr::Ldar {
            src: Reg(done_flag),
        });
        self.jump(Instr::JumpIfTrue { target: Label(0) }, rethrow);
        self.emit(Instr::IteratorCloseOnThrow { iter: Reg(iter) });
        self.bind(rethrow);
        self.emit(Instr::Ldar { src: Reg(exc) });
        self.emit(Instr::Throw {});
        self.bind(end);
        self.emit(Instr::Ldar { src: Reg(src) });
        self.release(mark);
        Ok(())
    }
}
