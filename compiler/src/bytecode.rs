//! The bytecode format: one table defines every instruction.
//!
//! Amber's interpreter is an **accumulator machine** with a register file per frame (the design
//! of V8's Ignition): most instructions read or write the implicit accumulator `acc`, and name at
//! most a few registers `R[i]`. The `opcodes!` table below gives, for each instruction, its
//! name, its typed operands and a one-line semantic; from it come [`Opcode`], the decoded form
//! [`Instr`], the encoder, the decoder and the disassembler, so they cannot drift apart.
//!
//! Encoding: one opcode byte, then each operand little-endian at its type's width.
//!
//! Frame layout: `R[0]` is `this`, `R[1]` is `new.target`, `R[2]` is the function being run,
//! then the parameters, then locals and temporaries.

use std::fmt;

/// The registers every frame starts with: `R[0]` is `this`.
pub const REG_THIS: u16 = 0;
/// `R[1]`: `new.target` (`undefined` in a plain call).
pub const REG_NEW_TARGET: u16 = 1;
/// `R[2]`: the function object being run.
pub const REG_CALLEE: u16 = 2;
/// The first parameter's register; parameters follow in order.
pub const FIRST_PARAM_REG: u16 = 3;

/// A register index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reg(pub u16);
/// An index into the code's constant table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Const(pub u32);
/// An index into the code's nested-function table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Func(pub u32);
/// An absolute bytecode offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label(pub u32);
/// A small signed immediate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Imm(pub i32);
/// A count (of arguments, elements, environment hops or slots).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count(pub u16);
/// An inline-cache slot: the seam for shapes. Each property-access site gets its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ic(pub u32);

/// An operand type: its width and its encoding.
pub trait Operand: Sized + Copy {
    /// The encoded size in bytes.
    const WIDTH: usize;
    /// Appends the encoding (little-endian).
    fn encode(self, out: &mut Vec<u8>);
    /// Reads an operand from the start of `bytes` (at least `WIDTH` long).
    fn decode(bytes: &[u8]) -> Self;
    /// Writes the operand as the disassembler shows it (`r3`, `k0`, `L82`...).
    fn show(self, f: &mut dyn fmt::Write) -> fmt::Result;
}

macro_rules! operand {
    ($t:ident, $inner:ty, $fmt:literal) => {
        impl Operand for $t {
            const WIDTH: usize = std::mem::size_of::<$inner>();
            #[inline]
            fn encode(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.0.to_le_bytes());
            }
            #[inline(always)]
            fn decode(bytes: &[u8]) -> Self {
                let mut b = [0u8; std::mem::size_of::<$inner>()];
                b.copy_from_slice(&bytes[..std::mem::size_of::<$inner>()]);
                $t(<$inner>::from_le_bytes(b))
            }
            fn show(self, f: &mut dyn fmt::Write) -> fmt::Result {
                write!(f, $fmt, self.0)
            }
        }
    };
}
operand!(Reg, u16, "r{}");
operand!(Const, u32, "k{}");
operand!(Func, u32, "f{}");
operand!(Label, u32, "L{}");
operand!(Imm, i32, "{}");
operand!(Count, u16, "#{}");
operand!(Ic, u32, "ic{}");

macro_rules! opcodes {
    ($(
        #[doc = $doc:literal]
        $name:ident { $($field:ident: $ty:ident),* $(,)? }
    ),* $(,)?) => {
        /// The opcode byte of each instruction.
        // The table's operand notation `R[x]`, `K[x]`, `F[x]` is not an intra-doc link.
        #[allow(rustdoc::broken_intra_doc_links)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Opcode { $(#[doc = $doc] $name),* }

        impl Opcode {
            /// Every opcode, in byte order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$name),*];
            /// The instruction's name, as `amber disasm` prints it.
            pub fn name(self) -> &'static str {
                match self { $(Opcode::$name => stringify!($name)),* }
            }
            /// The one-line semantic from the table.
            pub fn doc(self) -> &'static str {
                match self { $(Opcode::$name => $doc.trim()),* }
            }
            /// The encoded size of each opcode, opcode byte included, indexed by opcode byte.
            /// A table rather than a `match`: `decode` asks for it on every dispatch.
            const SIZES: &'static [u8] = &[$((1 $(+ <$ty as Operand>::WIDTH)*) as u8),*];

            /// The encoded size, opcode byte included.
            #[inline(always)]
            pub fn size(self) -> usize {
                Self::SIZES[self as usize] as usize
            }
            #[inline]
            /// The opcode with this byte, if any.
            pub fn from_byte(b: u8) -> Option<Opcode> {
                // A `match` on the bytes rather than a lookup in `ALL`: the compiler sees the
                // mapping is the identity and reduces it to one range check.
                match b {
                    $(opcode_byte::$name => Some(Opcode::$name),)*
                    _ => None,
                }
            }
        }

        /// Each opcode's byte as a constant, to match bytes against.
        #[allow(non_upper_case_globals)]
        mod opcode_byte {
            $(pub(super) const $name: u8 = super::Opcode::$name as u8;)*
        }

        /// A decoded instruction.
        // The table's operand notation `R[x]`, `K[x]`, `F[x]` is not an intra-doc link.
        #[allow(rustdoc::broken_intra_doc_links)]
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub enum Instr {
            $(
                #[doc = $doc]
                $name {
                    $(
                        #[doc = concat!("The `", stringify!($field), "` operand (a [`", stringify!($ty), "`]).")]
                        $field: $ty
                    ),*
                }
            ),*
        }

        impl Instr {
            /// The instruction's opcode.
            pub fn opcode(&self) -> Opcode {
                match self { $(Instr::$name { .. } => Opcode::$name),* }
            }

            /// Appends the encoding of `self` to `out`.
            pub fn encode(&self, out: &mut Vec<u8>) {
                match *self {
                    $(Instr::$name { $($field),* } => {
                        out.push(Opcode::$name as u8);
                        $( Operand::encode($field, out); )*
                    })*
                }
            }

            /// Decodes the instruction at `pc`; `None` if the bytes are not a whole instruction.
            #[inline(always)]
            pub fn decode(code: &[u8], pc: usize) -> Option<(Instr, usize)> {
                // Each arm knows its operand bytes' length as a constant, so after the one
                // range check the operand reads need no bounds checks of their own (this is
                // on every dispatch). The match is on the byte itself (one jump table), not on
                // an `Opcode` looked up first.
                match *code.get(pc)? {
                    $(opcode_byte::$name => {
                        const N: usize = 0 $(+ <$ty as Operand>::WIDTH)*;
                        let bytes: &[u8; N] = code.get(pc + 1..pc + 1 + N)?.try_into().ok()?;
                        let _ = bytes;
                        #[allow(unused_mut, unused_variables, unused_assignments)]
                        let mut at = 0;
                        let instr = Instr::$name {
                            $($field: {
                                let v = <$ty as Operand>::decode(&bytes[at..]);
                                #[allow(unused_assignments)]
                                { at += <$ty as Operand>::WIDTH; }
                                v
                            }),*
                        };
                        Some((instr, pc + 1 + N))
                    })*
                    _ => None,
                }
            }

            /// Writes the operands as the disassembler shows them.
            pub fn show_operands(&self, f: &mut dyn fmt::Write) -> fmt::Result {
                match *self {
                    $(Instr::$name { $($field),* } => {
                        #[allow(unused_mut)]
                        let mut first = true;
                        $(
                            if !first { f.write_str(", ")?; }
                            first = false;
                            Operand::show($field, f)?;
                        )*
                        let _ = first;
                        Ok(())
                    })*
                }
            }

            /// The jump targets of this instruction.
            pub fn labels(&self) -> Vec<u32> {
                #[allow(unused_mut)]
                let mut out = Vec::new();
                match *self {
                    $(Instr::$name { $($field),* } => {
                        $( opcodes!(@label out $field $ty); )*
                    })*
                }
                out
            }

            /// Calls `f` with each jump target of this instruction (without allocating).
            #[inline]
            pub fn for_each_label(&self, mut f: impl FnMut(u32)) {
                match *self {
                    $(Instr::$name { $($field),* } => {
                        $( opcodes!(@each_label f $field $ty); )*
                    })*
                }
            }

            /// Calls `f` with each register operand of this instruction (heap images check
            /// them against the frame size).
            #[inline]
            pub fn for_each_register(&self, mut f: impl FnMut(u16)) {
                match *self {
                    $(Instr::$name { $($field),* } => {
                        $( opcodes!(@each_reg f $field $ty); )*
                    })*
                }
            }

            /// Calls `f` with each constant-table operand of this instruction (heap images
            /// check them against the constant table).
            #[inline]
            pub fn for_each_const(&self, mut f: impl FnMut(u32)) {
                match *self {
                    $(Instr::$name { $($field),* } => {
                        $( opcodes!(@each_const f $field $ty); )*
                    })*
                }
            }

            /// Calls `f` with each nested-function operand of this instruction.
            #[inline]
            pub fn for_each_func(&self, mut f: impl FnMut(u32)) {
                match *self {
                    $(Instr::$name { $($field),* } => {
                        $( opcodes!(@each_func f $field $ty); )*
                    })*
                }
            }

            /// Calls `f` with the inline-cache operand of this instruction, if it has one.
            #[inline]
            pub fn for_each_ic(&self, mut f: impl FnMut(u32)) {
                match *self {
                    $(Instr::$name { $($field),* } => {
                        $( opcodes!(@each_ic f $field $ty); )*
                    })*
                }
            }

            /// Rewrites the jump target (for back-patching forward jumps).
            pub fn set_label(&mut self, target: u32) {
                match self {
                    $(Instr::$name { $($field),* } => {
                        $( opcodes!(@set_label target $field $ty); )*
                    })*
                }
            }
        }
    };
    (@each_label $f:ident $field:ident Label) => { $f($field.0) };
    (@each_label $f:ident $field:ident $ty:ident) => { let _ = $field; };
    (@each_ic $f:ident $field:ident Ic) => { $f($field.0) };
    (@each_ic $f:ident $field:ident $ty:ident) => { let _ = $field; };
    (@each_const $f:ident $field:ident Const) => { $f($field.0) };
    (@each_const $f:ident $field:ident $ty:ident) => { let _ = $field; };
    (@each_func $f:ident $field:ident Func) => { $f($field.0) };
    (@each_func $f:ident $field:ident $ty:ident) => { let _ = $field; };
    (@each_reg $f:ident $field:ident Reg) => { $f($field.0) };
    (@each_reg $f:ident $field:ident $ty:ident) => { let _ = $field; };
    (@label $out:ident $field:ident Label) => { $out.push($field.0) };
    (@label $out:ident $field:ident $ty:ident) => { let _ = $field; };
    (@set_label $t:ident $field:ident Label) => { $field.0 = $t };
    (@set_label $t:ident $field:ident $ty:ident) => { let _ = $field; };
}

opcodes! {
    // --- constants and registers ----------------------------------------------------------
    /// acc := undefined
    LdaUndefined {},
    /// acc := null
    LdaNull {},
    /// acc := true
    LdaTrue {},
    /// acc := false
    LdaFalse {},
    /// acc := `<empty>` (the uninitialized marker of the TDZ)
    LdaEmpty {},
    /// acc := imm (a small integer)
    LdaSmi { value: Imm },
    /// acc := K[k]
    LdaConst { k: Const },
    /// acc := R[src]
    Ldar { src: Reg },
    /// R[dst] := acc
    Star { dst: Reg },
    /// R[dst] := R[src]
    Mov { dst: Reg, src: Reg },
    /// acc := R[dst] := R[src] (Ldar and Star, fused)
    LdarTo { src: Reg, dst: Reg },
    /// R[dst] := acc, then acc := R[src] (Star and Ldar, fused)
    StarLdar { dst: Reg, src: Reg },
    /// acc := R[dst] := imm (LdaSmi and Star, fused)
    LdaSmiTo { value: Imm, dst: Reg },
    /// acc := R[dst] := undefined (LdaUndefined and Star, fused)
    LdaUndefinedTo { dst: Reg },

    // --- environments ---------------------------------------------------------------------
    /// acc := slot of the environment `depth` hops out
    LdaEnv { depth: Count, slot: Count },
    /// acc := slot of the environment `depth` hops out; ReferenceError naming K[name] if `<empty>` (LdaEnv and CheckTdz, fused)
    LdaEnvChecked { depth: Count, slot: Count, name: Const },
    /// slot of the environment `depth` hops out := acc
    StaEnv { depth: Count, slot: Count },
    /// new environment with `size` slots (all `<empty>`) whose outer is the current one
    PushEnv { size: Count },
    /// current environment := its outer
    PopEnv {},
    /// current environment := a copy of it (fresh per-iteration bindings of `for (let ...)`)
    CopyEnv {},
    /// if acc is `<empty>`: throw ReferenceError "K[name] is not initialized"
    CheckTdz { name: Const },
    /// throw TypeError "Assignment to constant variable K[name]"
    ThrowConstAssign { name: Const },

    // --- globals --------------------------------------------------------------------------
    /// acc := the global binding K[name]; ReferenceError if there is none
    LdaGlobal { name: Const, ic: Ic },
    /// acc := R[dst] := the global binding K[name] (LdaGlobal and Star, fused)
    LdaGlobalTo { name: Const, ic: Ic, dst: Reg },
    /// acc := typeof-safe read of global K[name] (undefined if missing)
    LdaGlobalOrUndefined { name: Const, ic: Ic },
    /// global binding K[name] := acc (strict: ReferenceError if missing)
    StaGlobal { name: Const, ic: Ic },
    /// GlobalDeclarationInstantiation for `var K[name]`
    DeclareGlobalVar { name: Const },
    /// GlobalDeclarationInstantiation for `function K[name]` with value acc
    DeclareGlobalFunction { name: Const },
    /// the validation steps of Global/EvalDeclarationInstantiation for K[name], before anything is created: imm 0 a lexical name (SyntaxError if it is a lexical or restricted global), 1 a var or function name (SyntaxError if a lexical), 2 a function (TypeError unless CanDeclareGlobalFunction), 3 a var (TypeError unless CanDeclareGlobalVar)
    CheckGlobalDeclaration { name: Const, kind: Imm },
    /// EvalDeclarationInstantiation: CreateGlobalVarBinding(K[name], true) (a deletable var)
    DeclareEvalGlobalVar { name: Const },
    /// EvalDeclarationInstantiation: CreateGlobalFunctionBinding(K[name], acc, true)
    DeclareEvalGlobalFunction { name: Const },
    /// B.3.2.3 (sloppy eval code): CreateGlobalVarBinding(K[name], true) for a block-level function, unless a global lexical declaration has the name or CanDeclareGlobalVar is false
    DeclareAnnexBGlobalVar { name: Const },
    /// GlobalDeclarationInstantiation for `let/const/class K[name]` (`<empty>`; imm 1 = const)
    DeclareGlobalLexical { name: Const, is_const: Imm },
    /// initialize the global lexical binding K[name] := acc
    InitGlobalLexical { name: Const },
    /// acc := delete global K[name] (sloppy only)
    DeleteGlobal { name: Const },

    // --- properties -----------------------------------------------------------------------
    /// acc := R[obj].K[name]
    GetNamed { obj: Reg, name: Const, ic: Ic },
    /// acc := R[obj].K[name]; R[dst] := acc (a GetNamed and the Star after it, fused)
    GetNamedTo { obj: Reg, name: Const, ic: Ic, dst: Reg },
    /// acc := R[obj].K[name] where K[name] is "length" (an Array's or a string's without a lookup)
    GetLength { obj: Reg, name: Const, ic: Ic },
    /// R[obj].K[name] := acc
    SetNamed { obj: Reg, name: Const, ic: Ic },
    /// acc := R[obj][acc]
    GetKeyed { obj: Reg },
    /// R[obj][R[key]] := acc
    SetKeyed { obj: Reg, key: Reg },
    /// acc := delete R[obj][acc]
    DeleteKeyed { obj: Reg },
    /// CreateDataProperty(R[obj], K[name], acc)
    DefineNamed { obj: Reg, name: Const, ic: Ic },
    /// CreateDataProperty(R[obj], R[key], acc)
    DefineKeyed { obj: Reg, key: Reg },
    /// define accessor half R[obj][R[key]] := acc (imm 0 = getter, 1 = setter), enumerable
    DefineAccessor { obj: Reg, key: Reg, kind: Imm },
    /// define method R[obj][R[key]] := acc, non-enumerable (imm 1: also set home object)
    DefineMethod { obj: Reg, key: Reg, enumerable: Imm },
    /// R[obj].`[[Prototype]]` := acc if acc is an object or null (`__proto__: v` in literals)
    SetProto { obj: Reg },
    /// CopyDataProperties(R[obj], acc) (object spread)
    CopyDataProperties { obj: Reg },
    /// acc := ToPropertyKey(acc)
    ToPropertyKey {},
    /// acc := HomeObject(R[func]).`[[Prototype]]`[acc] with receiver R[this]
    GetSuper { func: Reg, this: Reg },
    /// HomeObject(R[func]).`[[Prototype]]`[R[key]] := acc with receiver R[this]
    SetSuper { func: Reg, this: Reg, key: Reg },
    /// acc := super[R[key]] as GetSuper, leaving R[key] converted by ToPropertyKey (for a later SetSuper of the same reference)
    GetSuperKeyed { func: Reg, this: Reg, key: Reg },

    // --- literals -------------------------------------------------------------------------
    /// acc := a new ordinary object with room for #size properties (a literal's count)
    CreateObject { size: Count },
    /// acc := a new empty array with room for #size elements (a literal's count)
    CreateArray { size: Count },
    /// acc := a new array of the elements of K[list] (the numbers of a literal such as `[0, 1, 2]`)
    CreateArrayFromList { list: Const },
    /// append acc to the array R[arr]
    ArrayPush { arr: Reg },
    /// append a hole to the array R[arr]
    ArrayHole { arr: Reg },
    /// append every value of the iterable acc to the array R[arr]
    ArraySpread { arr: Reg },
    /// acc := a new closure of function template F[func] over the current environment
    CreateClosure { func: Func },
    /// acc := new RegExp(K[pattern], K[flags])
    CreateRegExp { pattern: Const, flags: Const },
    /// acc := the template object for site K[k] (cached per realm)
    GetTemplateObject { k: Const },
    /// acc := the arguments object for this frame (imm 1 = mapped)
    CreateArguments { mapped: Imm },
    /// mapped arguments object acc: argument `index` (if passed) aliases slot `slot` of the current environment
    MapArgument { index: Imm, slot: Count },
    /// acc := an array of the arguments from index imm on (rest parameter)
    CreateRestArray { from: Imm },

    // --- operators ------------------------------------------------------------------------
    /// acc := R[lhs] + acc
    Add { lhs: Reg },
    /// acc := R[dst] := R[lhs] + acc (Add and Star, fused)
    AddTo { lhs: Reg, dst: Reg },
    /// acc := R[lhs] - acc
    Sub { lhs: Reg },
    /// acc := R[lhs] * acc
    Mul { lhs: Reg },
    /// acc := R[lhs] / acc
    Div { lhs: Reg },
    /// acc := R[lhs] % acc
    Rem { lhs: Reg },
    /// acc := R[lhs] ** acc
    Exp { lhs: Reg },
    /// acc := R[lhs] & acc
    BitAnd { lhs: Reg },
    /// acc := R[lhs] | acc
    BitOr { lhs: Reg },
    /// acc := R[lhs] ^ acc
    BitXor { lhs: Reg },
    /// acc := R[lhs] << acc
    Shl { lhs: Reg },
    /// acc := R[lhs] >> acc
    Shr { lhs: Reg },
    /// acc := R[lhs] >>> acc
    UShr { lhs: Reg },
    /// acc := R[lhs] == acc
    Eq { lhs: Reg },
    /// acc := R[lhs] != acc
    NotEq { lhs: Reg },
    /// acc := R[lhs] === acc
    StrictEq { lhs: Reg },
    /// acc := R[lhs] !== acc
    StrictNotEq { lhs: Reg },
    /// acc := R[lhs] < acc
    Lt { lhs: Reg },
    /// acc := R[lhs] > acc
    Gt { lhs: Reg },
    /// acc := R[lhs] <= acc
    LtEq { lhs: Reg },
    /// acc := R[lhs] >= acc
    GtEq { lhs: Reg },
    /// acc := R[lhs] instanceof acc
    InstanceOf { lhs: Reg },
    /// acc := R[lhs] in acc
    In { lhs: Reg },
    /// acc := -acc
    Negate {},
    /// acc := ~acc
    BitNot {},
    /// acc := !acc
    Not {},
    /// acc := typeof acc
    TypeOf {},
    /// acc := ToNumeric(acc)
    ToNumeric {},
    /// acc := ToNumber(acc) (unary +)
    ToNumber {},
    /// acc := ToString(acc) (template substitutions)
    ToStringOp {},
    /// acc := ToNumeric(acc) + 1
    Inc {},
    /// acc := ToNumeric(acc) - 1
    Dec {},
    /// R[reg] := ToNumeric(R[reg]) + 1; acc := R[reg] (`++x`, and `x++` for its effect)
    IncReg { reg: Reg },
    /// R[reg] := ToNumeric(R[reg]) - 1; acc := R[reg]
    DecReg { reg: Reg },
    /// acc := ToNumeric(R[reg]); R[reg] := acc + 1 (`x++` whose old value is used)
    PostIncReg { reg: Reg },
    /// acc := ToNumeric(R[reg]); R[reg] := acc - 1
    PostDecReg { reg: Reg },
    /// acc := acc + imm (a small-integer literal right operand; also the four below)
    AddSmi { value: Imm },
    /// acc := acc - imm
    SubSmi { value: Imm },
    /// acc := acc * imm
    MulSmi { value: Imm },
    /// acc := acc & imm
    BitAndSmi { value: Imm },
    /// acc := acc | imm
    BitOrSmi { value: Imm },
    /// acc := acc ^ imm
    BitXorSmi { value: Imm },
    /// acc := acc << imm
    ShlSmi { value: Imm },
    /// acc := acc >> imm
    ShrSmi { value: Imm },
    /// acc := acc >>> imm
    UShrSmi { value: Imm },

    // --- control flow ---------------------------------------------------------------------
    /// pc := target
    Jump { target: Label },
    /// if ToBoolean(acc): pc := target
    JumpIfTrue { target: Label },
    /// if !ToBoolean(acc): pc := target
    JumpIfFalse { target: Label },
    /// acc := R[lhs] == acc; if !acc: pc := target (Eq and JumpIfFalse, fused)
    JumpUnlessEq { lhs: Reg, target: Label },
    /// acc := R[lhs] != acc; if !acc: pc := target (NotEq and JumpIfFalse, fused)
    JumpUnlessNotEq { lhs: Reg, target: Label },
    /// acc := R[lhs] === acc; if !acc: pc := target (StrictEq and JumpIfFalse, fused)
    JumpUnlessStrictEq { lhs: Reg, target: Label },
    /// acc := R[lhs] !== acc; if !acc: pc := target (StrictNotEq and JumpIfFalse, fused)
    JumpUnlessStrictNotEq { lhs: Reg, target: Label },
    /// acc := R[lhs] < acc; if !acc: pc := target (Lt and JumpIfFalse, fused)
    JumpUnlessLt { lhs: Reg, target: Label },
    /// acc := R[lhs] > acc; if !acc: pc := target (Gt and JumpIfFalse, fused)
    JumpUnlessGt { lhs: Reg, target: Label },
    /// acc := R[lhs] <= acc; if !acc: pc := target (LtEq and JumpIfFalse, fused)
    JumpUnlessLtEq { lhs: Reg, target: Label },
    /// acc := R[lhs] >= acc; if !acc: pc := target (GtEq and JumpIfFalse, fused)
    JumpUnlessGtEq { lhs: Reg, target: Label },
    /// if acc is undefined or null: pc := target
    JumpIfNullish { target: Label },
    /// if acc is not undefined or null: pc := target
    JumpIfNotNullish { target: Label },
    /// if acc is undefined: pc := target
    JumpIfUndefined { target: Label },
    /// if acc is not undefined: pc := target
    JumpIfNotUndefined { target: Label },
    /// if acc is null: pc := target
    JumpIfNull { target: Label },
    /// if acc is not null: pc := target
    JumpIfNotNull { target: Label },
    /// if R[a] === acc: pc := target (switch cases)
    JumpIfStrictEq { a: Reg, target: Label },
    /// if R[a] == imm: pc := target (finally dispatch)
    JumpIfSmiEq { a: Reg, value: Imm, target: Label },
    /// return acc to the caller
    Return {},
    /// return undefined to the caller, acc := undefined (LdaUndefined and Return, fused)
    ReturnUndefined {},
    /// throw acc
    Throw {},
    /// throw a new error: imm 0 TypeError, 1 ReferenceError, 2 SyntaxError, 3 RangeError
    ThrowError { kind: Imm, message: Const },

    // --- calls ----------------------------------------------------------------------------
    /// acc := Call(R[callee], R[this], R[args .. args+argc])
    Call { callee: Reg, this: Reg, args: Reg, argc: Count },
    /// acc := Call(R[callee], R[this], the elements of the array R[args])
    CallSpread { callee: Reg, this: Reg, args: Reg },
    /// acc := Call(R[callee], undefined, args), or if it is %eval%: direct eval in this scope (K[scope] describes it)
    CallEval { callee: Reg, args: Reg, argc: Count, scope: Const },
    /// the same with the elements of the array R[args] (`eval(...xs)`)
    CallEvalSpread { callee: Reg, args: Reg, scope: Const },
    /// acc := Construct(R[callee], R[args .. args+argc], new.target = R[callee])
    New { callee: Reg, args: Reg, argc: Count },
    /// acc := Construct(R[callee], elements of array R[args])
    NewSpread { callee: Reg, args: Reg },
    /// acc := Construct(R[func].`[[GetPrototypeOf]]`(), R[args .. args+argc], R[new_target])
    SuperCall { func: Reg, new_target: Reg, args: Reg, argc: Count },
    /// acc := the same with the elements of the array R[args]
    SuperCallSpread { func: Reg, new_target: Reg, args: Reg },

    // --- iteration ------------------------------------------------------------------------
    /// R[dst] := GetIterator(acc), R[dst+1] := its next method (imm 1 = async)
    GetIterator { dst: Reg, is_async: Imm },
    /// acc := IteratorStepValue(R[iter]); if done: pc := done
    IteratorNext { iter: Reg, done: Label },
    /// IteratorClose(R[iter]) for a normal (non-throw) completion
    IteratorClose { iter: Reg },
    /// IteratorClose(R[iter]) for a throw completion: calls `return`, ignoring its errors and result
    IteratorCloseOnThrow { iter: Reg },
    /// R[dst] := a for-in iterator over the keys of acc
    ForInPrepare { dst: Reg },
    /// acc := next key of for-in iterator R[iter]; if none left: pc := done
    ForInNext { iter: Reg, done: Label },

    // --- generators and async -------------------------------------------------------------
    /// suspend into generator R[gen] returning acc to the resumer; on resume R[resume] := mode (0 next, 1 throw, 2 return), acc := value
    Yield { gen: Reg, resume: Reg },
    /// suspend in R[gen] until the promise for acc settles; on resume R[resume] := mode (0 fulfilled, 1 rejected), acc := value
    Await { gen: Reg, resume: Reg },
    /// R[gen] := a new generator object for this frame; save the frame and return R[gen]
    GeneratorStart { gen: Reg },
    /// R[gen] := the internal state of an async function call, with a new promise capability
    AsyncStart { gen: Reg },
    /// resolve the promise of async function R[gen] with acc; acc := that promise
    AsyncResolve { gen: Reg },
    /// reject the promise of async function R[gen] with acc; acc := that promise
    AsyncReject { gen: Reg },
    /// acc := CreateIterResultObject(acc, imm != 0)
    IterResult { done: Imm },
    /// yield* step on iterator R[iter] (next in R[iter+1]), mode R[mode], received acc: acc := inner result; if finished acc := value, pc := done
    DelegateStep { iter: Reg, mode: Reg, done: Label },

    /// async yield* call: acc := R[iter].next/throw/return(acc) per mode R[mode]; return mode without a `return` method: pc := done
    DelegateCall { iter: Reg, mode: Reg, done: Label },
    /// async yield* result acc: TypeError if not an object; if done: acc := value, pc := done; else acc := value
    DelegateResult { done: Label },
    /// acc := Call(R[iter+1], R[iter]) (the next method of an iterator record)
    IteratorCall { iter: Reg },
    /// acc must be an iterator result object: if its `done` is true pc := done, else acc := its `value`
    IteratorResultValue { done: Label },
    /// AsyncIteratorClose start: if R[iter] has no `return` method pc := skip, else acc := Call(return, R[iter])
    IteratorReturnCall { iter: Reg, skip: Label },
    /// throw a TypeError if acc is not an object
    CheckObject {},

    // --- classes --------------------------------------------------------------------------
    /// acc := class constructor from F[func] with parent R[parent] (`<empty>` = none); R[proto] := prototype
    CreateClass { func: Func, parent: Reg, proto: Reg },
    /// set the `[[Fields]]` initializer function of class R[class] to acc
    SetClassFields { class: Reg },
    /// MakeMethod(acc, R[home]): the function acc gets the `[[HomeObject]]` R[home]
    SetHomeObject { home: Reg },
    /// SetFunctionName(acc, R[key]) for an anonymous function definition with a computed name
    SetFunctionName { key: Reg },
    /// acc := a new Private Name described K[name]
    CreatePrivateName { name: Const },
    /// make Private Name R[name] a method (imm 1), getter (2) or setter (3) with function acc, home object R[home]
    SetPrivateMethod { name: Reg, home: Reg, kind: Imm },
    /// PrivateMethodOrAccessorAdd(R[obj], Private Name acc): add the brand
    PrivateBrandAdd { obj: Reg },
    /// run the field initializers of class constructor R[func] on R[this]
    InitFields { func: Reg, this: Reg },

    // --- misc -----------------------------------------------------------------------------
    /// acc := ToObject-checked: throw TypeError if acc is null/undefined (destructuring)
    RequireObjectCoercible {},
    /// R[dst] := a new object with the own enumerable properties of acc except those named in R[args .. args+argc]
    CopyRestProperties { dst: Reg, args: Reg, argc: Count },
    /// enter a `with` block: the current environment := object environment for ToObject(acc)
    PushWith {},
    /// if the `with` object of the environment `depth` hops out has binding K[name]: acc := its value, pc := found
    LdaWith { depth: Count, name: Const, found: Label },
    /// the same, also R[this] := the `with` object (a call's this value)
    LdaWithThis { depth: Count, name: Const, this: Reg, found: Label },
    /// `delete K[name]`: if the `with` object `depth` hops out has the binding: acc := delete it, pc := done
    DeleteWith { depth: Count, name: Const, done: Label },
    /// sloppy direct eval `var K[name]`: define it (undefined) on the eval var object `depth` hops out unless present
    DeclareEvalVar { depth: Count, name: Const },
    /// if the `with` object `depth` hops out has binding K[name]: set it to acc, pc := done
    StaWith { depth: Count, name: Const, done: Label },
    /// ResolveBinding through a `with` object: if the one `depth` hops out has binding K[name]: R[dst] := that object, pc := found
    ResolveWith { depth: Count, name: Const, dst: Reg, found: Label },
    /// if R[obj] is an object (a reference resolved by ResolveWith): acc := its binding K[name] (GetBindingValue), pc := found
    LdaRef { obj: Reg, name: Const, found: Label },
    /// if R[obj] is an object (a reference resolved by ResolveWith): set its binding K[name] to acc (SetMutableBinding), pc := done
    StaRef { obj: Reg, name: Const, done: Label },
    /// debugger statement: no effect
    Debugger {},

    // --- modules --------------------------------------------------------------------------
    /// acc := the import binding `index` of the module whose environment is `depth` hops out
    LdaImport { depth: Count, index: Count },
    /// acc := import.meta of the module whose environment is `depth` hops out
    LdaImportMeta { depth: Count },
    /// acc := import(acc, R[options]): a promise for the namespace (the code's file is the referrer)
    ImportCall { options: Reg },
    /// acc := import.source(acc): a promise for the module's source object
    ImportSourceCall {},

    // --- explicit resource management -----------------------------------------------------
    /// R[cap] := NewDisposeCapability(): the resources of a scope with `using` declarations
    NewDisposeCapability { cap: Reg },
    /// AddDisposableResource(R[cap], acc, hint): imm 0 sync-dispose (`using`), 1 async-dispose (`await using`)
    AddDisposableResource { cap: Reg, hint: Imm },
    /// DisposeResources(R[cap], completion): R[kind] 1 is a throw of R[value]; a disposal error makes R[kind] := 1, R[value] := the error
    DisposeResources { cap: Reg, kind: Reg, value: Reg },
    /// `await using` scopes: DisposeResources(R[cap], completion R[kind]/R[value]) up to its next Await: acc := the value to await; when all are disposed pc := done
    DisposeStep { cap: Reg, kind: Reg, value: Reg, done: Label },
    /// an awaited disposal threw acc: R[kind] := 1, R[value] := acc, or a SuppressedError of acc and R[value] if R[kind] was 1
    AddDisposalError { kind: Reg, value: Reg },

    // --- modules (import defer) -----------------------------------------------------------
    /// acc := import.defer(acc, R[options]): a promise for the deferred namespace
    ImportDeferCall { options: Reg },
    // --- decorators -----------------------------------------------------------------------
    /// acc := decorator operation imm over R[args ..] (see [`decorator_op`])
    DecoratorOp { op: Imm, args: Reg },
}

/// The operations of [`Instr::DecoratorOp`] (decorators proposal,
/// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-class-definitions>).
pub mod decorator_op {
    /// ApplyDecoratorsToElementDefinition: `R[args..+8]` = decorators (array), home object or
    /// Private Name, key, kind (0 method, 1 getter, 2 setter, 3 field, 4 accessor), static,
    /// metadata, extra initializers (array), initializers (array or undefined).
    pub const APPLY_ELEMENT: i32 = 0;
    /// acc := each initializer of the array `R[args]` called on `R[args+1]` with the value,
    /// starting from `R[args+2]` (DefineField's initializers).
    pub const RUN_INITIALIZERS: i32 = 1;
    /// call each function of the array `R[args]` with `this` `R[args+1]`
    /// (RunExtraInitializers... ).
    pub const RUN_EXTRA: i32 = 2;
    /// acc := the class `R[args+1]` after its decorators `R[args]` (array or undefined), with
    /// metadata `R[args+2]` defined as its `Symbol.metadata`, extra initializers `R[args+3]` and
    /// name `R[args+4]` (ApplyDecoratorsToClassDefinition).
    pub const CLASS: i32 = 3;
    /// acc := a new metadata object inheriting from `R[args][Symbol.metadata]` (`R[args]` is the
    /// superclass, or `<empty>`).
    pub const CREATE_METADATA: i32 = 4;

    /// How many registers from `args` an operation reads; `None` for an unknown operation.
    pub fn argc(op: i32) -> Option<usize> {
        match op {
            APPLY_ELEMENT => Some(8),
            RUN_INITIALIZERS => Some(3),
            RUN_EXTRA => Some(2),
            CLASS => Some(5),
            CREATE_METADATA => Some(1),
            _ => None,
        }
    }
}

/// Flags of a compiled function ([`crate::FunctionCode::flags`]).
pub mod flags {
    /// Strict mode code.
    pub const STRICT: u32 = 1;
    /// An arrow function (lexical `this`, no `prototype`).
    pub const ARROW: u32 = 2;
    /// A generator function.
    pub const GENERATOR: u32 = 4;
    /// An async function (or async generator, with `GENERATOR`).
    pub const ASYNC: u32 = 8;
    /// A class constructor (throws when called without `new`).
    pub const CLASS_CONSTRUCTOR: u32 = 16;
    /// The constructor of a class with `extends` (`this` is bound by `super()`).
    pub const DERIVED: u32 = 32;
    /// Methods, getters, setters: not constructors, have a home object.
    pub const METHOD: u32 = 64;
    /// Has a `prototype` property and `[[Construct]]` (normal functions, classes).
    pub const CONSTRUCTOR: u32 = 128;
    /// The top-level code of a script.
    pub const SCRIPT: u32 = 256;
    /// A `get` accessor.
    pub const GETTER: u32 = 512;
    /// A `set` accessor.
    pub const SETTER: u32 = 1024;
    /// The top-level code of a module (its initialization or its body).
    pub const MODULE: u32 = 2048;
}
