//! Heap images of a whole VM: `amber --build-snapshot` writes one after the entry script (and
//! its jobs) ran; `amber --snapshot-blob` starts a fresh process from it.
//!
//! The image is the heap (`amber_heap::image`) plus the VM roots: the agent record (realms,
//! symbols, registry) and the current realm. Loading validates the format, then the VM-level
//! invariants the heap layer cannot know: every native id is in the table, and (when a frame
//! first enters it: [`verify_on_entry`]) every bytecode stream decodes with operands in
//! range. A bad image is an error, never a panic.

use crate::{AgentRoots, JsResult, Vm, VmOptions};
use amber_compiler::bytecode::{Instr, Opcode};
use amber_heap::code::Verified;
use amber_heap::image::{self, ImageError};
use amber_heap::{heap_struct, Code, Handle, ObjectKind, Realm, Symbol, Value};

/// The roots saved in an image.
struct ImageRoots {
    agent: AgentRoots,
    realm: Handle<Realm>,
}
heap_struct!(ImageRoots { agent, realm });

/// Identifies the engine build: images from a build with other natives (core or extension)
/// or opcodes are refused.
pub fn engine_id(vm_natives_hash: u64) -> u64 {
    let mut h = vm_natives_hash;
    for op in Opcode::ALL {
        for &b in op.name().as_bytes().iter().chain(&[op.size() as u8]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

impl Vm {
    /// Writes the whole heap as an image. Only between scripts: no frame may be running.
    ///
    /// ```
    /// use amber_vm::{Vm, VmOptions};
    ///
    /// let mut vm = Vm::new(VmOptions::default());
    /// let realm = vm.main_realm();
    /// vm.eval_script(realm, "var n = 0; function next() { return ++n; }", "init.js").unwrap();
    /// let image = vm.write_image().unwrap();
    ///
    /// // Another VM (or another process) starts where this one stopped.
    /// let mut again = Vm::from_image(&image, VmOptions::default()).unwrap();
    /// let realm = again.main_realm();
    /// assert_eq!(again.eval_script(realm, "next(), next()", "main.js").unwrap(), "2");
    /// // A damaged image is refused with an error, never loaded.
    /// assert!(Vm::from_image(&image[..image.len() / 2], VmOptions::default()).is_err());
    /// ```
    pub fn write_image(&mut self) -> Result<Vec<u8>, String> {
        if !self.frames.is_empty() || !self.stack.is_empty() {
            return Err("a heap image can only be taken while no script is running".into());
        }
        if !self.agent.jobs.is_empty() {
            return Err("a heap image cannot hold pending promise jobs: run them first".into());
        }
        self.collect_garbage();
        let roots = ImageRoots {
            agent: self.agent.clone(),
            realm: self.realm,
        };
        Ok(image::dump(
            &self.heap,
            &roots,
            engine_id(self.natives.hash),
        ))
    }

    /// Starts a VM from an image written by [`Vm::write_image`].
    pub fn from_image(bytes: &[u8], options: VmOptions) -> Result<Vm, ImageError> {
        let table = crate::extension::NativeTable::new(&options.extensions);
        let (mut heap, roots): (_, ImageRoots) = amber_heap::with_load_region(bytes.len(), || {
            image::load(bytes, engine_id(table.hash))
        })?;
        validate(&mut heap, table.fns.len())?;
        if roots.agent.realms.is_empty() {
            return Err(ImageError::new("the image has no realm", 0));
        }
        let mut vm = Vm::new_empty(options, table, heap, roots.agent, roots.realm);
        // The image may hold an IsHTMLDDA object.
        vm.html_dda_made = true;
        Ok(vm)
    }
}

/// The roots of a part image: a realm, some values, and the agent's well-known symbols (so
/// that reading can send them to the reading agent's).
struct PartRoots {
    realm: Handle<Realm>,
    values: Vec<Value>,
    well_known: Vec<Handle<Symbol>>,
}
heap_struct!(PartRoots {
    realm,
    values,
    well_known
});

impl Vm {
    /// The id images of this build carry (see [`engine_id`]).
    pub fn engine_id(&self) -> u64 {
        engine_id(self.natives.hash)
    }

    /// Writes what `realm` and `values` reach as an image of its own: a *part* image (realm
    /// snapshots' bytes). The format, header and checks are those of a whole image.
    pub fn write_part_image(&mut self, realm: Handle<Realm>, values: Vec<Value>) -> Vec<u8> {
        let mut roots = PartRoots {
            realm,
            values,
            well_known: self.agent.symbols.clone(),
        };
        let part = self.heap.extract(&mut roots);
        image::dump(&part, &roots, self.engine_id())
    }

    /// Reads a part image written by [`Vm::write_part_image`] (by this build: the engine id
    /// must match), validates it as [`Vm::from_image`] does, and moves it into this heap.
    /// Well-known symbols become this agent's, registered symbols re-bind through its
    /// `Symbol.for` registry, interned strings merge; everything else is new. Returns the
    /// realm and values, which the caller must root before anything allocates.
    pub fn read_part_image(
        &mut self,
        bytes: &[u8],
    ) -> Result<(Handle<Realm>, Vec<Value>), ImageError> {
        let (mut part, mut roots): (_, PartRoots) = image::load(bytes, self.engine_id())?;
        validate(&mut part, self.natives.fns.len())?;
        // The part may hold an IsHTMLDDA object.
        self.html_dda_made = true;
        if roots.well_known.len() != self.agent.symbols.len() {
            return Err(invalid(
                "the image's well-known symbols do not match".into(),
            ));
        }
        let well_known: Vec<(u32, u32)> = roots
            .well_known
            .iter()
            .zip(&self.agent.symbols)
            .map(|(theirs, ours)| (theirs.raw.index, ours.raw.index))
            .collect();
        let registry = &mut self.agent.registry;
        let mut symbol = |heap: &mut amber_heap::Heap, part: &amber_heap::Heap, i: u32| {
            if let Some(&(_, ours)) = well_known.iter().find(|(theirs, _)| *theirs == i) {
                return Some(ours);
            }
            let s = &part.arenas.symbols[i as usize];
            let key = match (s.registered, s.description) {
                (true, Some(d)) => part.string_units(d).to_vec(),
                _ => return None,
            };
            if let Some(&(_, sym)) = registry
                .iter()
                .find(|(k, _)| heap.string_units(*k) == &*key)
            {
                return Some(sym.raw.index);
            }
            let description = heap.intern(&key);
            let sym = heap.alloc(Symbol {
                description: Some(description),
                registered: true,
            });
            registry.push((description, sym));
            Some(sym.raw.index)
        };
        self.heap.absorb(part, &mut roots, &mut symbol);
        Ok((roots.realm, roots.values))
    }
}

fn invalid(message: String) -> ImageError {
    ImageError::new(message, 0)
}

impl Vm {
    /// Verifies the bytecode of every code object not yet verified, as entering each would:
    /// the whole check a load did before verification became lazy (for tests and fuzzing,
    /// and for hosts that would rather refuse a corrupt image up front).
    pub fn verify_all_code(&mut self) -> Result<(), ImageError> {
        for (i, code) in self.heap.arenas.codes.iter_mut().enumerate() {
            if !code.verified.0 {
                verify_code(code).map_err(|e| invalid(format!("code #{i}: {e}")))?;
                code.verified = Verified(true);
            }
        }
        Ok(())
    }
}

/// Verifies the bytecode of `code` (from a heap image) when a frame first enters it; after
/// that, entering it costs one flag test. Corrupt code is a TypeError (as a corrupt suspended
/// generator is): an image with bad bytecode loads, and fails where the bad code would run,
/// never running it.
#[cold]
#[inline(never)]
pub(crate) fn verify_on_entry(vm: &mut Vm, code: Handle<Code>) -> JsResult<()> {
    match verify_code(vm.heap.get(code)) {
        Ok(()) => {
            vm.heap.get_mut(code).verified = Verified(true);
            Ok(())
        }
        Err(e) => Err(vm.type_error(format!(
            "internal error: corrupt heap image: code #{}: {e}",
            code.index()
        ))),
    }
}

/// The VM-level checks of a loaded heap. Bytecode is verified when first entered
/// ([`verify_on_entry`]), except the code of suspended generators, whose saved pc is checked
/// against it here.
fn validate(heap: &mut amber_heap::Heap, native_count: usize) -> Result<(), ImageError> {
    for (i, o) in heap.arenas.objects.iter().enumerate() {
        let id = match &o.kind {
            ObjectKind::Native(n) => n.id(),
            ObjectKind::Host(h) => h.brand,
            _ => continue,
        };
        if id as usize >= native_count {
            return Err(invalid(format!(
                "object #{i} names native function {id} which this amber does not have"
            )));
        }
    }
    heap.verify_shapes().map_err(invalid)?;
    let mut generator_code = Vec::new();
    for (i, o) in heap.arenas.objects.iter().enumerate() {
        match &o.kind {
            ObjectKind::Generator(d) => {
                if let Some(code) = verify_generator(heap, d)
                    .map_err(|e| invalid(format!("generator #{i}: {e}")))?
                {
                    generator_code.push(code);
                }
            }
            // The collections index `values` by a key's position in `keys` (sets keep
            // undefined values): the lists are parallel.
            ObjectKind::Map(d)
            | ObjectKind::Set(d)
            | ObjectKind::WeakMap(d)
            | ObjectKind::WeakSet(d)
                if d.keys.len() != d.values.len() =>
            {
                return Err(invalid(format!(
                    "collection #{i} has {} keys and {} values",
                    d.keys.len(),
                    d.values.len()
                )));
            }
            _ => {}
        }
    }
    for code in generator_code {
        heap.get_mut(code).verified = Verified(true);
    }
    for (i, realm) in heap.arenas.realms.iter().enumerate() {
        if realm.intrinsics.len() != crate::realm::Intrinsic::COUNT && !realm.intrinsics.is_empty()
        {
            return Err(invalid(format!(
                "realm #{i} has {} intrinsics, expected {}",
                realm.intrinsics.len(),
                crate::realm::Intrinsic::COUNT
            )));
        }
    }
    Ok(())
}

/// Checks a generator's saved frame against the code it resumes in: the interpreter trusts it
/// (`generator_resume` restores the registers and continues at `pc`), and the async builtins
/// index the request queue by its layout. For a suspended frame, verifies its code too and
/// returns it (for the caller to mark verified).
fn verify_generator(
    heap: &amber_heap::Heap,
    d: &amber_heap::object::GeneratorData,
) -> Result<Option<Handle<Code>>, String> {
    use crate::builtins::generator as g;
    if d.state > 4 || d.kind > g::KIND_ASYNC_GENERATOR {
        return Err(format!("state {} and kind {}", d.state, d.kind));
    }
    // Async functions keep [promise, resolve, reject]; async generators records of five.
    let queue_ok = match d.kind {
        g::KIND_ASYNC_FUNCTION => d.queue.len() == 3,
        g::KIND_ASYNC_GENERATOR => d.queue.len().is_multiple_of(5),
        _ => true,
    };
    if !queue_ok {
        return Err(format!("a request queue of {} values", d.queue.len()));
    }
    // Only a suspended frame has registers (they are taken while it runs, dropped when done).
    if d.registers.is_empty() {
        return Ok(None);
    }
    let code = match d.function {
        Value::Object(f) => match &heap.get(f).kind {
            ObjectKind::Function(fd) => fd.code,
            ObjectKind::Module(md) => md.body,
            _ => return Err("its function is not an ECMAScript function".into()),
        },
        _ => return Err("no function".into()),
    };
    let handle = code;
    let code = heap.get(code);
    if !code.verified.0 {
        verify_code(code)?;
    }
    let regs = code
        .register_count
        .max(amber_compiler::bytecode::FIRST_PARAM_REG as u32) as usize;
    if d.registers.len() < regs || d.resume_reg as usize >= regs {
        return Err("its registers do not match its code".into());
    }
    // The pc must start an instruction (the code itself was verified above).
    let mut pc = 0;
    while pc < d.pc as usize {
        pc = Instr::decode(&code.bytecode, pc)
            .map(|(_, next)| next)
            .ok_or("its code does not decode")?;
    }
    if pc != d.pc as usize || pc >= code.bytecode.len() {
        return Err(format!("pc {} is not an instruction", d.pc));
    }
    Ok(Some(handle))
}

/// Checks that a bytecode stream decodes completely and that its operands are in range.
pub fn verify_code(code: &Code) -> Result<(), String> {
    // Registers are u16 operands: a larger frame cannot come from the compiler (and would
    // make a call reserve gigabytes).
    let max = u16::MAX as u32 + 1;
    if code.register_count > max || code.param_count > max {
        return Err(format!(
            "{} registers and {} parameters (at most {max})",
            code.register_count, code.param_count
        ));
    }
    // A call lays the parameters out in registers FIRST_PARAM_REG.. (the compiler counts them
    // among the registers); more parameters than registers would write past the frame.
    let first = amber_compiler::bytecode::FIRST_PARAM_REG as u32;
    if first + code.param_count > code.register_count.max(first) {
        return Err(format!(
            "{} parameters do not fit in {} registers",
            code.param_count, code.register_count
        ));
    }
    let len = code.bytecode.len();
    let mut pc = 0;
    // Instructions are a few bytes each: room for most streams' starts without regrowing.
    let mut starts = Vec::with_capacity(len / 2 + 1);
    let mut labels = Vec::new();
    let mut scan = crate::interp::BytecodeScan::new();
    while pc < len {
        let (instr, next) = Instr::decode(&code.bytecode, pc)
            .ok_or_else(|| format!("invalid instruction at {pc}"))?;
        starts.push(pc as u32);
        instr.for_each_label(|l| labels.push(l));
        check_operands(code, &instr).map_err(|e| format!("{e} at {pc}"))?;
        scan.add(&instr);
        pc = next;
    }
    if code.reads_arguments != scan.reads_arguments {
        return Err("its arguments flag does not match its bytecode".into());
    }
    for l in labels {
        if starts.binary_search(&l).is_err() {
            return Err(format!("jump to {l}, which is not an instruction"));
        }
    }
    for &(start, (end, packed)) in code.handlers.iter() {
        let target = packed & 0x00ff_ffff;
        if start > end || end as usize > len || starts.binary_search(&target).is_err() {
            return Err("invalid exception handler".into());
        }
    }
    if code.bytecode.is_empty() {
        return Err("empty bytecode".into());
    }
    Ok(())
}

fn check_operands(code: &Code, instr: &Instr) -> Result<(), String> {
    use Instr::*;
    let regs = code
        .register_count
        .max(amber_compiler::bytecode::FIRST_PARAM_REG as u32) as usize;
    let reg_ok = |r: amber_compiler::bytecode::Reg, n: usize| (r.0 as usize) + n <= regs;
    let const_ok = |k: amber_compiler::bytecode::Const| (k.0 as usize) < code.constants.len();
    let ok = match *instr {
        Ldar { src: r } | Star { dst: r } => reg_ok(r, 1),
        Mov { dst, src } => reg_ok(dst, 1) && reg_ok(src, 1),
        LdaConst { k } | GetTemplateObject { k } => const_ok(k),
        CreateClosure { func } => (func.0 as usize) < code.functions.len(),
        CreateClass {
            func,
            parent,
            proto,
        } => (func.0 as usize) < code.functions.len() && reg_ok(parent, 1) && reg_ok(proto, 1),
        Call {
            callee,
            this,
            args,
            argc,
        } => reg_ok(callee, 1) && reg_ok(this, 1) && reg_ok(args, argc.0 as usize),
        New { callee, args, argc } => reg_ok(callee, 1) && reg_ok(args, argc.0 as usize),
        CallEval {
            callee,
            args,
            argc,
            scope,
        } => reg_ok(callee, 1) && reg_ok(args, argc.0 as usize) && const_ok(scope),
        LdaWith { name, .. } | StaWith { name, .. } | CreatePrivateName { name } => const_ok(name),
        LdaWithThis { name, this, .. } => const_ok(name) && reg_ok(this, 1),
        DelegateStep { iter, mode, .. } | DelegateCall { iter, mode, .. } => {
            reg_ok(iter, 2) && reg_ok(mode, 1)
        }
        IteratorCall { iter } | IteratorReturnCall { iter, .. } => reg_ok(iter, 2),
        SuperCall {
            func,
            new_target,
            args,
            argc,
        } => reg_ok(func, 1) && reg_ok(new_target, 1) && reg_ok(args, argc.0 as usize),
        GetIterator { dst, .. } => reg_ok(dst, 2),
        IteratorNext { iter, .. } => reg_ok(iter, 2),
        CopyRestProperties { dst, args, argc } => reg_ok(dst, 1) && reg_ok(args, argc.0 as usize),
        GetNamed { obj, name, .. } | SetNamed { obj, name, .. } | DefineNamed { obj, name, .. } => {
            reg_ok(obj, 1) && const_ok(name)
        }
        LdaGlobal { name, .. }
        | LdaGlobalOrUndefined { name, .. }
        | StaGlobal { name, .. }
        | DeclareGlobalVar { name }
        | DeclareGlobalFunction { name }
        | DeclareGlobalLexical { name, .. }
        | InitGlobalLexical { name }
        | DeleteGlobal { name }
        | CheckTdz { name }
        | ThrowConstAssign { name } => const_ok(name),
        ThrowError { message, .. } => const_ok(message),
        CreateRegExp { pattern, flags } => const_ok(pattern) && const_ok(flags),
        DecoratorOp { op, args } => {
            amber_compiler::bytecode::decorator_op::argc(op.0).is_some_and(|n| reg_ok(args, n))
        }
        _ => {
            // Every other register operand names one register.
            let mut ok = true;
            instr.for_each_register(|r| ok &= (r as usize) < regs);
            ok
        }
    };
    // Then the constants and functions of every instruction: in range. A constant is a name
    // (a string: the interpreter's `name_constant` relies on it) except LdaConst's, which is
    // any value, and GetTemplateObject's, which is the template site object. (This read the
    // disassembly text of every instruction until format 13: 72% of starting from an image
    // of lodash went into formatting it.)
    let mut ok = ok;
    instr.for_each_func(|f| ok &= (f as usize) < code.functions.len());
    instr.for_each_const(|k| {
        ok &= match (code.constants.get(k as usize), instr) {
            (None, _) => false,
            (Some(_), LdaConst { .. }) => true,
            (Some(v), GetTemplateObject { .. } | CreateArrayFromList { .. }) => {
                matches!(v, Value::Object(_))
            }
            (Some(v), _) => matches!(v, Value::String(_)),
        }
    });
    if ok {
        Ok(())
    } else {
        Err(format!("operand out of range in {:?}", instr.opcode()))
    }
}

#[cfg(test)]
mod tests {
    use super::verify_code;
    use crate::{Vm, VmOptions};
    use amber_compiler::bytecode::{Instr, Reg};

    /// The dispatch loop reads registers without bounds checks (`interp/dispatch.rs`, `reg`
    /// and `set_reg`); what keeps that sound for bytecode from an image is that loading refuses
    /// any register operand outside the frame. Real code passes; the same code with one
    /// register beyond its window does not.
    #[test]
    fn code_naming_a_register_outside_its_frame_is_refused() {
        let mut vm = Vm::new(VmOptions::default());
        let realm = vm.main_realm();
        vm.eval_script(
            realm,
            "function f(a, b) { let c = a + b; return c * 2 } f(1, 2)",
            "t.js",
        )
        .unwrap();
        let codes = &vm.heap.arenas.codes;
        assert!(!codes.is_empty());
        for code in codes.iter() {
            assert_eq!(verify_code(code), Ok(()));
        }
        let mut bad = codes[codes.len() - 1].clone();
        let window = bad
            .register_count
            .max(amber_compiler::bytecode::FIRST_PARAM_REG as u32);
        for (r, ok) in [
            (window - 1, true),
            (window, false),
            (u16::MAX as u32, false),
        ] {
            let mut bytes = Vec::new();
            Instr::Ldar { src: Reg(r as u16) }.encode(&mut bytes);
            Instr::Return {}.encode(&mut bytes);
            bad.bytecode = bytes.into_boxed_slice();
            assert_eq!(verify_code(&bad).is_ok(), ok, "register r{r} of {window}");
        }
    }
}
