//! `await` and `yield`: suspending a generator or async function, the resume dispatch, and
//! `yield*` over sync and async iterators.

use super::*;

impl<'s> Emitter<'s> {
    fn gen_regs(&mut self, span: Span) -> CResult<(u16, u16)> {
        self.f()
            .gen_reg
            .ok_or_else(|| syntax_err("yield or await outside a generator or async function", span))
    }

    /// Await(acc): suspends until the promise settles; a rejection throws here.
    /// <https://tc39.es/ecma262/#await>
    pub(super) fn emit_await(&mut self, span: Span) -> CResult {
        let (gen, resume) = self.gen_regs(span)?;
        self.emit(Instr::Await {
            gen: Reg(gen),
            resume: Reg(resume),
        });
        let next = self.new_label();
        self.jump(
            Instr::JumpIfSmiEq {
                a: Reg(resume),
                value: Imm(0),
                target: Label(0),
            },
            next,
        );
        self.emit(Instr::Throw {});
        self.bind(next);
        Ok(())
    }

    /// `yield acc`: Yield(value) for generators, with the resumption dispatch after it: a throw
    /// completion throws here, a return completion returns through the enclosing `finally`s.
    /// <https://tc39.es/ecma262/#sec-yield>
    pub(super) fn emit_yield(&mut self, span: Span) -> CResult {
        let (gen, resume) = self.gen_regs(span)?;
        if self.f().is_async {
            // AsyncGeneratorYield: the operand is awaited first.
            self.emit_await(span)?;
        } else {
            self.emit(Instr::IterResult { done: Imm(0) });
        }
        self.emit(Instr::Yield {
            gen: Reg(gen),
            resume: Reg(resume),
        });
        self.resume_dispatch(resume)
    }

    /// After a generator resumes: mode 0 continues with the sent value in acc, mode 1 throws
    /// it, mode 2 returns it (async generators await it first).
    fn resume_dispatch(&mut self, resume: u16) -> CResult {
        let next = self.new_label();
        let ret = self.new_label();
        self.jump(
            Instr::JumpIfSmiEq {
                a: Reg(resume),
                value: Imm(0),
                target: Label(0),
            },
            next,
        );
        self.jump(
            Instr::JumpIfSmiEq {
                a: Reg(resume),
                value: Imm(2),
                target: Label(0),
            },
            ret,
        );
        self.emit(Instr::Throw {});
        self.bind(ret);
        if self.f().is_async {
            // AsyncGeneratorYield step 10.a: Await(resumptionValue.[[Value]]).
            self.emit_await(Span::default())?;
        }
        self.emit_exit(Exit::Return)?;
        self.bind(next);
        Ok(())
    }

    /// `yield* acc` in a generator.
    /// <https://tc39.es/ecma262/#sec-generator-function-definitions-runtime-semantics-evaluation>
    pub(super) fn yield_star(&mut self, span: Span) -> CResult {
        let (gen, resume) = self.gen_regs(span)?;
        if self.f().is_async {
            return self.async_yield_star(gen, resume, span);
        }
        let iter = self.temps(2);
        self.emit(Instr::GetIterator {
            dst: Reg(iter),
            is_async: Imm(0),
        });
        self.emit(Instr::LdaSmi { value: Imm(0) });
        self.emit(Instr::Star { dst: Reg(resume) });
        self.emit(Instr::LdaUndefined {});
        let top = self.new_label();
        let done = self.new_label();
        let end = self.new_label();
        self.bind(top);
        self.jump(
            Instr::DelegateStep {
                iter: Reg(iter),
                mode: Reg(resume),
                done: Label(0),
            },
            done,
        );
        self.emit(Instr::Yield {
            gen: Reg(gen),
            resume: Reg(resume),
        });
        self.jump(Instr::Jump { target: Label(0) }, top);
        self.bind(done);
        // A return completion that finished the delegation returns from the generator.
        let ret = self.new_label();
        self.jump(
            Instr::JumpIfSmiEq {
                a: Reg(resume),
                value: Imm(2),
                target: Label(0),
            },
            ret,
        );
        self.jump(Instr::Jump { target: Label(0) }, end);
        self.bind(ret);
        self.emit_exit(Exit::Return)?;
        self.bind(end);
        self.release(iter);
        Ok(())
    }

    /// `yield* acc` in an async generator: the inner results are awaited and their values
    /// yielded with AsyncGeneratorYield.
    fn async_yield_star(&mut self, gen: u16, resume: u16, span: Span) -> CResult {
        let iter = self.temps(2);
        let mode = self.temp();
        self.emit(Instr::GetIterator {
            dst: Reg(iter),
            is_async: Imm(1),
        });
        self.emit(Instr::LdaSmi { value: Imm(0) });
        self.emit(Instr::Star { dst: Reg(mode) });
        self.emit(Instr::LdaUndefined {});
        let (top, no_return, done, end) = (
            self.new_label(),
            self.new_label(),
            self.new_label(),
            self.new_label(),
        );
        self.bind(top);
        self.jump(
            Instr::DelegateCall {
                iter: Reg(iter),
                mode: Reg(mode),
                done: Label(0),
            },
            no_return,
        );
        self.emit_await(span)?;
        self.jump(Instr::DelegateResult { done: Label(0) }, done);
        self.emit(Instr::Yield {
            gen: Reg(gen),
            resume: Reg(resume),
        });
        self.emit(Instr::Mov {
            dst: Reg(mode),
            src: Reg(resume),
        });
        self.jump(Instr::Jump { target: Label(0) }, top);
        // A return completion and no `return` method: await the value and return it.
        self.bind(no_return);
        self.emit_await(span)?;
        self.emit_exit(Exit::Return)?;
        self.bind(done);
        let ret = self.new_label();
        self.jump(
            Instr::JumpIfSmiEq {
                a: Reg(mode),
                value: Imm(2),
                target: Label(0),
            },
            ret,
        );
        self.jump(Instr::Jump { target: Label(0) }, end);
        self.bind(ret);
        self.emit_exit(Exit::Return)?;
        self.bind(end);
        self.release(iter);
        Ok(())
    }
}
