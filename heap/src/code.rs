//! Compiled code, environments and realm records as they live in the heap.

use crate::handle::Handle;
use crate::heap_struct;
use crate::image::{ImageError, Reader, Writer};
use crate::object::Object;
use crate::string::JsString;
use crate::trace::{Persist, Trace, Visitor};
use crate::value::Value;

/// A compiled function (or script) body: bytecode plus the tables it refers to.
///
/// **Invariant:** `bytecode` holds no handles; it refers to heap values only through indices
/// into `constants` and `functions`, so the collector never has to parse bytecode.
#[derive(Clone, Debug)]
pub struct Code {
    /// The function's name (empty for scripts and anonymous functions), for stack traces.
    pub name: Handle<JsString>,
    /// The instructions (format and opcodes: `amber_compiler::bytecode`); no handles inside.
    pub bytecode: Box<[u8]>,
    /// The constant pool: numbers, strings and property-key names the `Const` operands index.
    pub constants: Box<[Value]>,
    /// Nested function templates, referenced by index from `Closure` instructions.
    pub functions: Box<[Handle<Code>]>,
    /// Exception handlers: `(start_pc, end_pc, handler_pc)`, innermost first.
    pub handlers: Box<[(u32, (u32, u32))]>,
    /// `(pc, line, column)` entries in pc order: the position of the code at each pc.
    pub lines: Box<[(u32, (u32, u32))]>,
    /// Registers a frame of this code needs (its locals and temporaries).
    pub register_count: u32,
    /// The number of formal parameters the frame receives in registers.
    pub param_count: u32,
    /// The value of the function's `length` property.
    pub length: u32,
    /// `CodeFlags` bits (defined by the compiler's bytecode format).
    pub flags: u32,
    /// The source text of the whole script and this function's range in it, for
    /// `Function.prototype.toString` and error locations.
    pub source: Handle<JsString>,
    /// This function's (start, end) byte range in `source`.
    pub source_range: (u32, u32),
    /// The script or module file the code came from, as error locations print it.
    pub file: Handle<JsString>,
    /// One inline cache per property-access site (the `Ic` operands), see [`InlineCaches`].
    pub caches: InlineCaches,
    /// The code reads its call's argument list (it has `CreateArguments` or
    /// `CreateRestArray`): only then does a call keep a copy of the arguments after the
    /// registers. Derived from the bytecode (images are checked against it).
    pub reads_arguments: bool,
    /// Has the VM checked this code's bytecode (operands in range, jumps on instruction
    /// starts, valid handlers)? Code the compiler made is; code read from an image is not,
    /// and the VM verifies it when a frame first enters it (see [`Verified`]).
    pub verified: Verified,
}
heap_struct!(Code {
    name,
    bytecode,
    constants,
    functions,
    handlers,
    lines,
    register_count,
    param_count,
    length,
    flags,
    source,
    source_range,
    file,
    caches,
    reads_arguments,
    verified
});

/// Whether a code object's bytecode has been verified ([`Code::verified`]). Not part of the
/// image: writing it writes nothing, and reading it gives "not verified", so code from an
/// image is always checked before it runs (an image cannot claim its own code is verified).
/// Verifying on first entry rather than at load keeps loading proportional to what runs:
/// an image of lodash holds 687 code objects, of which a small script enters a dozen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Verified(pub bool);

impl Trace for Verified {
    fn trace<V: Visitor + ?Sized>(&mut self, _: &mut V) {}
}
impl Persist for Verified {
    fn write(&self, _: &mut Writer) {}
    fn read(_: &mut Reader) -> Result<Self, ImageError> {
        Ok(Verified(false))
    }
}

/// A declarative environment record (<https://tc39.es/ecma262/#sec-declarative-environment-records>)
/// holding the captured bindings of one scope, addressed by slot; or, when `object` is set, an
/// object environment record for `with` (<https://tc39.es/ecma262/#sec-object-environment-records>).
///
/// Bindings that no closure captures live in registers instead and never get here.
#[derive(Clone, Debug)]
pub struct Env {
    /// The enclosing environment (`None` for the outermost one of a script or module).
    pub outer: Option<Handle<Env>>,
    /// The bindings, by slot; `Empty` marks one still in its temporal dead zone.
    pub slots: Vec<Value>,
    /// For a `with` object environment: its binding object.
    pub object: Option<Handle<Object>>,
    /// For a module environment, the module record (an `ObjectKind::Module` object), which
    /// `LdaImport` reads the resolved import bindings from. `Undefined` otherwise.
    pub names: Value,
}
heap_struct!(Env {
    outer,
    slots,
    object,
    names
});

/// A tagged template's site: the code it is in and its template constant's index.
pub type TemplateSite = (Handle<Code>, u32);

/// A realm record (<https://tc39.es/ecma262/#sec-code-realms>).
#[derive(Clone, Debug)]
pub struct Realm {
    /// [[Intrinsics]], indexed by the VM's `Intrinsic` enum.
    pub intrinsics: Vec<Handle<Object>>,
    /// [[GlobalObject]]
    pub global_object: Handle<Object>,
    /// The declarative part of [[GlobalEnv]]: top-level `let`/`const`/`class` bindings, as a
    /// prototype-less object whose non-writable properties are `const`s and whose `Empty`
    /// values are in their TDZ.
    pub global_lexicals: Handle<Object>,
    /// [[TemplateMap]]: (code, site constant) → template object.
    pub template_map: Vec<(TemplateSite, Handle<Object>)>,
    /// Host-defined per-realm values (e.g. `$262`), by the host's own indices.
    pub host: Vec<Value>,
    /// The per-realm values of the VM's extensions (their intrinsics, such as
    /// `%ShadowRealm.prototype%`), each extension owning a fixed range (see the VM's
    /// `extension` module).
    pub extensions: Vec<Value>,
    /// For a compartment's record: the realm whose intrinsics it shares (REALMS-DESIGN C.1,
    /// C.5: a compartment is a realm record with its own global object, global environment and
    /// evaluators over its parent's intrinsics). `None` for a realm.
    pub parent: Option<Handle<Realm>>,
    /// Code compiled from strings in this record (eval, `Function`, its scripts) is strict:
    /// compartments evaluate strict code only.
    pub strict: bool,
    /// In the builder phase of a `RealmBuilder` (REALMS-DESIGN D.1): `Date.now()`, `Date()`,
    /// `new Date()` and `Math.random()` throw, so builder code is deterministic. Realms created
    /// from builder code inherit it; realms instantiated from a snapshot clear it.
    pub builder: bool,
    /// [[LoadedModules]]: the module records loaded in this realm, held strongly here (the
    /// agent's module table holds them weakly, so a dead realm's modules die with it).
    /// <https://tc39.es/ecma262/#sec-code-realms>
    pub modules: Vec<Value>,
}
heap_struct!(Realm {
    intrinsics,
    global_object,
    global_lexicals,
    template_map,
    host,
    extensions,
    parent,
    strict,
    builder,
    modules
});

/// What one property-access site learned: "an object of shape `shapes[0]` whose prototypes have
/// shapes `shapes[1..=depth]` finds the property in slot `slot` of the last of them" (a get),
/// or the same for an own writable data property (a set), or "adding the property moves an
/// object of shape `shapes[0]` to shape `target`, appending slot `slot`" (an add, where
/// `shapes[1..=depth]` are the whole prototype chain, which must have no setter or read-only
/// property of that name). Shapes are raw indices into the shape arena: see `vm/PERFORMANCE.md`.
///
/// A cache holds no handles: collections move shapes, so tracing a code object resets its
/// caches instead of relocating them, and images store only how many there are.
#[derive(Clone, Copy, Debug)]
pub struct PropertyCache {
    /// What the entry remembers (or `Empty`).
    pub kind: CacheKind,
    /// The number of prototypes walked (gets, sets and shadowing adds: to the holder; adds:
    /// to the end).
    pub depth: u8,
    /// The key is "length": Array and String objects have their own exotic "length", which
    /// no shape holds, so they never match.
    pub length_key: bool,
    /// In a site's first entry: how many times the site was filled; past a limit, it is
    /// megamorphic and stops filling.
    pub misses: u8,
    /// Raw shape indices: the receiver's first, then the prototypes' (see the type's docs).
    pub shapes: [u32; PropertyCache::MAX_SHAPES],
    /// The slot holding the property's value in the holder (or the slot an add appends).
    pub slot: u32,
    /// For an add: the shape after it.
    pub target: u32,
}

/// What a [`PropertyCache`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheKind {
    /// Nothing cached yet.
    Empty,
    /// A property read (`GetNamed`, `LdaGlobal`).
    Get,
    /// A write to an existing writable data property (`SetNamed`, `StaGlobal`).
    Set,
    /// A write that adds a property (a shape transition); no prototype has the key.
    Add,
    /// A write that adds a property to the receiver although a prototype has the key, as a
    /// writable data property, which [[Set]] does not write (`this.x = v` in a constructor
    /// whose prototype has a default `x`). The walk ends at that prototype.
    AddShadowing,
    /// CreateDataProperty adding a property to an ordinary extensible object (`DefineNamed`,
    /// an object literal's `key: value`): only the receiver's shape matters, since
    /// [[DefineOwnProperty]] does not look at prototypes.
    Define,
}

impl PropertyCache {
    /// The receiver plus at most this many minus one prototypes.
    pub const MAX_SHAPES: usize = 5;
    /// The shape id of an object with no properties.
    pub const NO_PROPERTIES: u32 = u32::MAX - 1;
    /// The shape id of a dictionary-mode object: never cached.
    pub const DICTIONARY: u32 = u32::MAX;
    /// An entry that caches nothing.
    pub const EMPTY: PropertyCache = PropertyCache {
        kind: CacheKind::Empty,
        depth: 0,
        length_key: false,
        misses: 0,
        shapes: [0; PropertyCache::MAX_SHAPES],
        slot: 0,
        target: 0,
    };
}

/// The inline caches of one code object, indexed by the `Ic` operands of its instructions.
///
/// The entries are allocated when a site is first filled, not when the code is made or read:
/// most functions of a large program never run (lodash's image start enters 14 of its 687),
/// and at `WAYS` entries of 32 bytes per site, allocating every function's caches up front
/// was 200 KB and 50 page faults of a 3 ms image start. Until then every site reads as empty,
/// which is a miss.
#[derive(Clone, Debug, Default)]
pub struct InlineCaches {
    /// `WAYS` entries per site once allocated; empty before.
    entries: Box<[PropertyCache]>,
    /// The number of sites.
    sites: u32,
}

impl InlineCaches {
    /// Entries per site: a site that sees a few shapes (a polymorphic one) keeps them all.
    pub const WAYS: usize = 4;

    /// The caches of `n` sites (allocated on the first fill).
    pub fn new(n: usize) -> InlineCaches {
        InlineCaches {
            entries: Box::default(),
            sites: u32::try_from(n).unwrap_or(u32::MAX),
        }
    }

    /// The number of sites.
    pub fn sites(&self) -> usize {
        self.sites as usize
    }

    /// The bytes the entries take (nothing until the first fill).
    pub fn footprint(&self) -> usize {
        std::mem::size_of_val(&*self.entries)
    }

    /// The entries of site `ic` (empty if none is filled yet, or out of range: only in a
    /// corrupt image).
    #[inline(always)]
    pub fn site(&self, ic: u32) -> &[PropertyCache] {
        let at = ic as usize * Self::WAYS;
        self.entries.get(at..at + Self::WAYS).unwrap_or(&[])
    }

    /// The entries of site `ic`, to fill, allocating every site's entries on the first call
    /// (empty if out of range).
    #[inline(always)]
    pub fn site_mut(&mut self, ic: u32) -> &mut [PropertyCache] {
        if self.entries.is_empty() && self.sites > 0 {
            self.allocate();
        }
        let at = ic as usize * Self::WAYS;
        self.entries.get_mut(at..at + Self::WAYS).unwrap_or(&mut [])
    }

    #[cold]
    #[inline(never)]
    fn allocate(&mut self) {
        self.entries = vec![PropertyCache::EMPTY; self.sites as usize * Self::WAYS].into();
    }
}

impl Trace for InlineCaches {
    fn trace<V: Visitor + ?Sized>(&mut self, _: &mut V) {
        self.entries.fill(PropertyCache::EMPTY);
    }
}
impl Persist for InlineCaches {
    fn write(&self, w: &mut Writer) {
        self.sites.write(w);
    }
    fn read(r: &mut Reader) -> Result<Self, ImageError> {
        let n = u32::read(r)? as usize;
        // Each cache costs a few dozen bytes; a corrupt count must not allocate gigabytes.
        if n > 1 << 20 {
            return Err(r.error(format!("{n} inline caches")));
        }
        Ok(InlineCaches::new(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code object's caches take no memory until a site is filled; the first fill
    /// allocates every site's entries, which read as empty until stored; an out-of-range site
    /// (a corrupt image) is empty before and after.
    #[test]
    fn caches_are_allocated_on_the_first_fill() {
        let mut caches = InlineCaches::new(3);
        assert_eq!(caches.sites(), 3);
        assert_eq!(caches.footprint(), 0);
        assert!(caches.site(0).is_empty());
        assert!(caches.site_mut(3).is_empty());
        assert_eq!(
            caches.footprint(),
            3 * InlineCaches::WAYS * std::mem::size_of::<PropertyCache>()
        );
        let entries = caches.site_mut(2);
        assert_eq!(entries.len(), InlineCaches::WAYS);
        assert!(entries.iter().all(|e| e.kind == CacheKind::Empty));
        entries[0].kind = CacheKind::Get;
        assert_eq!(caches.site(2)[0].kind, CacheKind::Get);
        assert!(caches.site(1).iter().all(|e| e.kind == CacheKind::Empty));
        // No sites, nothing to allocate.
        let mut none = InlineCaches::new(0);
        assert!(none.site_mut(0).is_empty());
        assert_eq!(none.footprint(), 0);
    }
}
