//! Extensions: how crates above the VM (and embedders) add realm-level features.
//!
//! The VM's own built-ins are listed in one table (`natives.rs`) whose order gives each native
//! function its stable id. An [`Extension`] adds more of them from outside: a name, an ordered
//! list of native functions, a number of per-realm slots (its intrinsics), and an `init_realm`
//! hook that installs its globals in every new realm. `amber-realms` is built this way
//! (ShadowRealm, and later compartments and snapshots), and an embedder registers its host
//! functions the same way.
//!
//! **Stable ids.** A VM is created with its extensions ([`crate::VmOptions::extensions`]). Their
//! natives get the ids after the core table, extension by extension in registration order, so
//! an id is `core count + the natives of earlier extensions + the index in the list`. The names
//! of all of them, in order, are hashed into the engine id of heap images
//! ([`crate::snapshot::engine_id`]): an image is only loaded by a VM with the same extensions in
//! the same order, and a native is never renumbered behind an image's back. As with the core
//! table, appending to an extension's list is safe; reordering or removing changes the hash.
//!
//! **The rule.** Heap objects hold ids, never Rust function pointers: a native function object
//! stores its [`NativeRef`], and an extension's objects with internal slots use
//! [`amber_heap::ObjectKind::Host`] with a brand that is one of the extension's native ids.
//! So a heap with extension objects is still plain data and can be written to an image.

use crate::natives::{NativeFn, NativeRef};
use crate::{JsResult, Vm};
use amber_heap::{Handle, Object, Realm, Value};

/// A host hook that receives a realm and may refuse with a throw.
pub type RealmHook = fn(&mut Vm, Handle<Realm>) -> JsResult<()>;

/// A realm-level feature added to the VM from outside the `vm` crate.
pub struct Extension {
    /// A unique name (`"amber.ShadowRealm"`), hashed into heap images.
    pub name: &'static str,
    /// The extension's native functions, in a fixed order (append only): entry `i` gets the id
    /// `base + i` (see [`Vm::extension_native`]). The names are for images and diagnostics.
    pub natives: &'static [(&'static str, NativeFn)],
    /// The names of the extension's per-realm values (its intrinsics), kept in
    /// `Realm::extensions`; index `i` is read with [`Vm::extension_slot`].
    pub realm_slots: &'static [&'static str],
    /// Runs once for every new realm (the realm is current, the standard intrinsics exist):
    /// creates the extension's intrinsics and globals.
    pub init_realm: fn(&mut Vm),
    /// A part of HostEnsureCanCompileStrings(calleeRealm, ...): called before `eval`, direct
    /// eval, `Function`-family constructors and ShadowRealm `evaluate` compile code for a
    /// realm; an error refuses the compilation (lockdown's `evalTaming: 'no-eval'`).
    /// <https://tc39.es/ecma262/#sec-hostensurecancompilestrings>
    pub ensure_can_compile_strings: Option<RealmHook>,
    /// HostLoadImportedModule for `import()` in code of a compartment record (a realm record
    /// with a parent): given the record, the specifier and the referrer's module-map key,
    /// returns the promise of the module's namespace, or `None` if this extension does not
    /// load modules for that record.
    pub import_in_compartment: Option<ImportHook>,
    /// HostGetImportMetaProperties/HostFinalizeImportMeta for a module of a compartment record:
    /// given the record, the module's specifier and its new `import.meta` object.
    pub finalize_import_meta: Option<ImportMetaHook>,
    /// Does code running in `realm` see error stacks without their frames (lockdown's
    /// `errorTaming: 'safe'`)? Code of a compartment never sees frames, whatever this says.
    pub hides_error_stacks: Option<fn(&Vm, Handle<Realm>) -> bool>,
}

/// See [`Extension::import_in_compartment`].
pub type ImportHook = fn(&mut Vm, Handle<Realm>, &str, &str) -> JsResult<Option<Value>>;

/// See [`Extension::finalize_import_meta`].
pub type ImportMetaHook = fn(&mut Vm, Handle<Realm>, Value, Handle<Object>) -> JsResult<()>;

impl std::fmt::Debug for Extension {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extension")
            .field("name", &self.name)
            .field("natives", &self.natives.len())
            .field("realm_slots", &self.realm_slots)
            .finish()
    }
}

/// Declares an extension's natives as an enum whose discriminants are the indices into its
/// table, so code refers to `Native::Evaluate` rather than a number:
///
/// ```
/// use amber_heap::Value;
/// use amber_vm::{Args, JsResult, Vm};
///
/// fn constructor(vm: &mut Vm, _: Args) -> JsResult {
///     Err(vm.type_error("not a constructor here"))
/// }
/// fn evaluate(_: &mut Vm, _: Args) -> JsResult {
///     Ok(Value::Undefined)
/// }
///
/// amber_vm::extension_natives! {
///     pub enum Native {
///         ShadowRealm => constructor,
///         Evaluate => evaluate,
///     }
/// }
/// // Native::TABLE is the `natives` list of the Extension, in declaration order.
/// assert_eq!(Native::Evaluate as u32, 1);
/// assert_eq!(Native::TABLE[1].0, "Evaluate");
/// ```
#[macro_export]
macro_rules! extension_natives {
    ($vis:vis enum $name:ident { $($id:ident => $f:path,)* }) => {
        /// This extension's natives; the discriminant is the index in [`Self::TABLE`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u32)]
        $vis enum $name { $(#[doc = concat!("Implemented by `", stringify!($f), "`.")] $id),* }

        impl $name {
            /// The `natives` list of the extension, in declaration order.
            $vis const TABLE: &'static [(&'static str, $crate::natives::NativeFn)] =
                &[$((stringify!($id), $f)),*];
        }
    };
}

/// An extension as registered in one VM: where its ids and slots start.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Registered {
    pub ext: &'static Extension,
    pub native_base: u32,
    pub slot_base: usize,
}

/// The VM's table of native functions: the core table, then every extension's natives.
pub(crate) struct NativeTable {
    pub fns: Vec<NativeFn>,
    pub extensions: Vec<Registered>,
    pub slot_count: usize,
    /// FNV-1a over every native's name, in id order (part of the images' engine id).
    pub hash: u64,
}

impl NativeTable {
    pub fn new(extensions: &[&'static Extension]) -> NativeTable {
        // Sized once: growing from the core table's length copied it into a block twice its
        // size while the first realm was built (7 KB of fresh pages at every start).
        let core = crate::natives::core_table();
        let mut fns: Vec<NativeFn> = Vec::with_capacity(
            core.len() + extensions.iter().map(|e| e.natives.len()).sum::<usize>(),
        );
        fns.extend_from_slice(core);
        let mut hash = crate::natives::table_hash();
        let mut registered = Vec::new();
        let mut slot_count = 0;
        for &ext in extensions {
            registered.push(Registered {
                ext,
                native_base: fns.len() as u32,
                slot_base: slot_count,
            });
            slot_count += ext.realm_slots.len();
            for name in std::iter::once(&ext.name).chain(ext.natives.iter().map(|(n, _)| n)) {
                hash = crate::natives::fnv(hash, name.as_bytes());
            }
            fns.extend(ext.natives.iter().map(|&(_, f)| f));
        }
        NativeTable {
            fns,
            extensions: registered,
            slot_count,
            hash,
        }
    }

    fn find(&self, ext: &Extension) -> &Registered {
        self.extensions
            .iter()
            .find(|r| std::ptr::eq(r.ext, ext) || r.ext.name == ext.name)
            .unwrap_or_else(|| {
                panic!(
                    "extension {} is not registered in this VM (VmOptions::extensions)",
                    ext.name
                )
            })
    }
}

impl Vm {
    /// The id of native `index` of `ext` in this VM. Panics if `ext` was not registered when
    /// the VM was created: that is a bug in the embedding, not something a script can cause.
    #[inline]
    pub fn extension_native(&self, ext: &Extension, index: u32) -> NativeRef {
        NativeRef(self.natives.find(ext).native_base + index)
    }

    /// Is `id` native `index` of `ext`?
    #[inline]
    pub fn is_extension_native(&self, id: u32, ext: &Extension, index: u32) -> bool {
        self.extension_native(ext, index).0 == id
    }

    /// Slot `index` of `ext` in `realm` (an extension intrinsic).
    pub fn extension_slot(
        &self,
        realm: amber_heap::Handle<amber_heap::Realm>,
        ext: &Extension,
        index: usize,
    ) -> amber_heap::Value {
        let i = self.natives.find(ext).slot_base + index;
        self.heap
            .get(realm)
            .extensions
            .get(i)
            .copied()
            .unwrap_or(amber_heap::Value::Undefined)
    }

    /// Sets slot `index` of `ext` in the current realm (from `init_realm`).
    pub fn set_extension_slot(&mut self, ext: &Extension, index: usize, v: amber_heap::Value) {
        let i = self.natives.find(ext).slot_base + index;
        let realm = self.current_realm();
        let slots = &mut self.heap.get_mut(realm).extensions;
        if slots.len() <= i {
            slots.resize(i + 1, amber_heap::Value::Undefined);
        }
        slots[i] = v;
    }

    /// Is `ext` registered in this VM?
    pub fn has_extension(&self, ext: &Extension) -> bool {
        self.natives
            .extensions
            .iter()
            .any(|r| std::ptr::eq(r.ext, ext) || r.ext.name == ext.name)
    }

    /// Installs a native function (an extension's, by id) as a global function of `realm`
    /// (writable, configurable, not enumerable): how an embedder adds host functions to one
    /// realm only, where `init_realm` would put them in every realm, ShadowRealms included.
    ///
    /// ```
    /// use amber_heap::Value;
    /// use amber_vm::{Args, Extension, JsResult, Vm, VmOptions};
    ///
    /// amber_vm::extension_natives! {
    ///     pub enum Host { Twice => twice, }
    /// }
    /// /// `twice(x)`: a host function; numbers come in and go out as `Value::Number`.
    /// fn twice(vm: &mut Vm, args: Args) -> JsResult {
    ///     match args.get(vm, 0) {
    ///         Value::Number(n) => Ok(Value::Number(2.0 * n)),
    ///         _ => Err(vm.type_error("twice: a number, please")),
    ///     }
    /// }
    /// static HOST: Extension = Extension {
    ///     name: "doc.host",
    ///     natives: Host::TABLE,
    ///     realm_slots: &[],
    ///     init_realm: |_| {},
    ///     ensure_can_compile_strings: None,
    ///     import_in_compartment: None,
    ///     finalize_import_meta: None,
    ///     hides_error_stacks: None,
    /// };
    ///
    /// let mut vm = Vm::new(VmOptions { extensions: vec![&HOST], ..VmOptions::default() });
    /// let realm = vm.main_realm();
    /// let id = vm.extension_native(&HOST, Host::Twice as u32);
    /// vm.define_global_function(realm, "twice", id, 1);
    /// assert_eq!(vm.eval_script(realm, "twice(21)", "a.js").unwrap(), "42");
    /// ```
    pub fn define_global_function(
        &mut self,
        realm: crate::RealmId,
        name: &str,
        id: NativeRef,
        length: u32,
    ) {
        let realm = self.realm_handle(realm);
        crate::interp::in_realm(self, realm, |vm| {
            let f = crate::builtins::native_function(vm, id, name, length, false);
            crate::builtins::global(vm, name, amber_heap::Value::Object(f));
        });
    }

    /// HostEnsureCanCompileStrings(realm, ...): asks every extension whether code may be
    /// compiled from strings for `realm`. Amber's host itself always allows it.
    /// <https://tc39.es/ecma262/#sec-hostensurecancompilestrings>
    pub fn host_ensure_can_compile_strings(&mut self, realm: Handle<Realm>) -> JsResult<()> {
        for i in 0..self.natives.extensions.len() {
            if let Some(hook) = self.natives.extensions[i].ext.ensure_can_compile_strings {
                hook(self, realm)?;
            }
        }
        Ok(())
    }

    /// `import(specifier)` in code of the compartment record `realm`: the first extension that
    /// loads modules for it answers with the promise of the namespace.
    pub fn host_import_in_compartment(
        &mut self,
        realm: Handle<Realm>,
        specifier: &str,
        referrer: &str,
    ) -> JsResult<Option<Value>> {
        for i in 0..self.natives.extensions.len() {
            if let Some(hook) = self.natives.extensions[i].ext.import_in_compartment {
                if let Some(p) = hook(self, realm, specifier, referrer)? {
                    return Ok(Some(p));
                }
            }
        }
        Ok(None)
    }

    /// Lets every extension fill `import.meta` of a module of the compartment record `realm`.
    pub fn host_finalize_import_meta(
        &mut self,
        realm: Handle<Realm>,
        specifier: Value,
        meta: Handle<Object>,
    ) -> JsResult<()> {
        for i in 0..self.natives.extensions.len() {
            if let Some(hook) = self.natives.extensions[i].ext.finalize_import_meta {
                hook(self, realm, specifier, meta)?;
            }
        }
        Ok(())
    }

    /// Is the error stack hidden from code running in `realm`: a compartment's, or a realm an
    /// extension says so of (lockdown's `errorTaming: 'safe'`)?
    pub fn hides_error_stacks(&self, realm: Handle<Realm>) -> bool {
        if self.heap.get(realm).parent.is_some() {
            return true;
        }
        self.natives.extensions.iter().any(|e| {
            e.ext
                .hides_error_stacks
                .is_some_and(|hook| hook(self, realm))
        })
    }

    /// Runs every extension's `init_realm` in the current realm.
    pub(crate) fn init_extensions(&mut self) {
        let n = self.natives.slot_count;
        let realm = self.current_realm();
        self.heap.get_mut(realm).extensions = vec![amber_heap::Value::Undefined; n];
        for i in 0..self.natives.extensions.len() {
            let ext = self.natives.extensions[i].ext;
            (ext.init_realm)(self);
        }
    }
}
