//! Control flow and completions: where `break`, `continue` and `return` go through the control
//! stack, passing `finally` blocks, iterator closes and environment pops on the way.

use super::*;

impl<'s> Emitter<'s> {
    /// Finds the control-stack index a `break`/`continue` goes to.
    pub(super) fn find_jump_target(
        &mut self,
        label: Option<&Identifier>,
        is_continue: bool,
        span: Span,
    ) -> CResult<usize> {
        let control = &self.f().control;
        for (i, c) in control.iter().enumerate().rev() {
            if let Control::Jumpable {
                labels,
                continue_label,
                unlabeled_break,
                ..
            } = c
            {
                let label_ok = match label {
                    Some(l) => labels.contains(&l.name),
                    None => !is_continue || continue_label.is_some(),
                };
                let kind_ok = !is_continue || continue_label.is_some();
                // An unlabelled break targets the innermost loop or switch, labelled or not,
                // never a plain labelled statement.
                let unlabeled_break_ok = label.is_some() || is_continue || *unlabeled_break;
                if label_ok && kind_ok && unlabeled_break_ok {
                    return Ok(i);
                }
            }
        }
        Err(syntax_err(
            if is_continue {
                "Illegal continue statement"
            } else {
                "Illegal break statement"
            },
            span,
        ))
    }

    /// Leaves to `exit`, running what the control stack requires on the way: closing
    /// iterators, popping environments, and detouring through `finally` blocks.
    pub(super) fn emit_exit(&mut self, exit: Exit) -> CResult {
        let target_index = match exit {
            Exit::Break(i) | Exit::Continue(i) => i + 1,
            Exit::Return => 0,
        };
        let mut i = self.f().control.len();
        // Keep the return value safe while finally blocks run and iterators are closed.
        let must_save = self.f().control[target_index..]
            .iter()
            .any(|c| !matches!(c, Control::Jumpable { .. } | Control::Barrier));
        let saved = if let (Exit::Return, true) = (exit, must_save) {
            let r = self.temp();
            self.emit(Instr::Star { dst: Reg(r) });
            Some(r)
        } else {
            None
        };
        while i > target_index {
            i -= 1;
            match &mut self.f().control[i] {
                Control::Finally {
                    kind_reg,
                    value_reg,
                    entry,
                    exits,
                    env_depth,
                } => {
                    let (kind_reg, value_reg, entry, env_depth) =
                        (*kind_reg, *value_reg, *entry, *env_depth);
                    let k = 2 + exits.len() as i32;
                    exits.push((k, exit));
                    if let Some(r) = saved {
                        self.emit(Instr::Mov {
                            dst: Reg(value_reg),
                            src: Reg(r),
                        });
                    }
                    self.pop_envs_to(env_depth);
                    self.emit(Instr::LdaSmi { value: Imm(k) });
                    self.emit(Instr::Star { dst: Reg(kind_reg) });
                    self.jump(Instr::Jump { target: Label(0) }, entry);
                    if let Some(r) = saved {
                        self.release(r);
                    }
                    return Ok(());
                }
                Control::IteratorClose {
                    iter_reg,
                    is_async,
                    done_reg,
                } => {
                    let (r, is_async, done_reg) = (*iter_reg, *is_async, *done_reg);
                    let skip_done = self.new_label();
                    if let Some(d) = done_reg {
                        self.emit(Instr::Ldar { src: Reg(d) });
                        self.jump(Instr::JumpIfTrue { target: Label(0) }, skip_done);
                        // Closed now: a throw from `return` must not close it again.
                        self.emit(Instr::LdaTrue {});
                        self.emit(Instr::Star { dst: Reg(d) });
                    }
                    if is_async {
                        // AsyncIteratorClose(iteratorRecord, normal completion).
                        let skip = self.new_label();
                        self.jump(
                            Instr::IteratorReturnCall {
                                iter: Reg(r),
                                skip: Label(0),
                            },
                            skip,
                        );
                        self.emit_await(Span::default())?;
                        self.emit(Instr::CheckObject {});
                        self.bind(skip);
                    } else {
                        self.emit(Instr::IteratorClose { iter: Reg(r) });
                    }
                    self.bind(skip_done);
                }
                Control::Jumpable { .. } | Control::Barrier => {}
            }
        }
        match exit {
            Exit::Return => {
                if let Some(r) = saved {
                    self.emit(Instr::Ldar { src: Reg(r) });
                    self.release(r);
                }
                self.emit_return()?;
            }
            Exit::Break(t) | Exit::Continue(t) => {
                let Control::Jumpable {
                    break_label,
                    continue_label,
                    env_depth,
                    ..
                } = &self.f().control[t]
                else {
                    return Err(err("internal: bad jump target", Span::default()));
                };
                let (brk, cont, depth) = (*break_label, *continue_label, *env_depth);
                let label = match exit {
                    Exit::Continue(_) => cont.unwrap_or(brk),
                    _ => brk,
                };
                self.pop_envs_to(depth);
                self.jump(Instr::Jump { target: Label(0) }, label);
            }
        }
        Ok(())
    }

    /// Returns acc. A derived constructor returning `undefined` returns its `this` binding
    /// instead (a ReferenceError if `super()` was never called), per
    /// <https://tc39.es/ecma262/#sec-ecmascript-function-objects-construct-argumentslist-newtarget>
    /// steps 10-12; the VM then only has to reject non-object results.
    pub(crate) fn emit_return(&mut self) -> CResult {
        if let (Some((gen, _)), true, false) =
            (self.f().gen_reg, self.f().is_async, self.f().is_generator)
        {
            self.emit(Instr::AsyncResolve { gen: Reg(gen) });
        }
        if self.f().is_derived_ctor {
            let r = self.temp();
            let done = self.new_label();
            self.emit(Instr::Star { dst: Reg(r) });
            self.jump(Instr::JumpIfNotUndefined { target: Label(0) }, done);
            // [[Construct]] steps 10-12 check the result and the this binding after the
            // callee's context is gone, so their errors come from the caller's realm: the VM
            // checks both when the frame returns, so `this` is loaded without its TDZ check.
            self.load_this_unchecked()?;
            self.emit(Instr::Star { dst: Reg(r) });
            self.bind(done);
            self.emit(Instr::Ldar { src: Reg(r) });
            self.release(r);
        }
        self.emit(Instr::Return {});
        Ok(())
    }

    /// Emits `PopEnv`s down to `depth` on a jump path (the compile-time depth is unchanged:
    /// the fall-through path still has them).
    fn pop_envs_to(&mut self, depth: u32) {
        let current = self.f().env_depth;
        for _ in depth..current {
            self.emit(Instr::PopEnv {});
        }
    }
}
