//! Realm-level features built on the VM, each an [`amber_vm::Extension`]: the VM knows nothing
//! of them beyond the stable ids of their natives.
//!
//! - [`shadow_realm`]: the ShadowRealm constructor, `evaluate` and `importValue`
//!   (<https://tc39.es/proposal-shadowrealm/>).
//! - [`wrapped`]: the callable boundary: wrapped function exotic objects, GetWrappedValue,
//!   CreateTypeErrorCopy.
//! - [`lockdown`] and [`harden`]: hardened JavaScript (REALMS-DESIGN.md C.2, C.3).
//! - [`compartment`]: `new Compartment(...)` over a realm's intrinsics (C.1, C.4, C.5).
//! - [`compartment_modules`]: module loading in compartments and `ModuleSource` (C.4).
//!
//! An embedder creates a VM with `VmOptions { extensions: amber_realms::extensions(), .. }`
//! (and may append its own extensions after them). See `README.md` in this directory for how a
//! realm record and the boundary work.

#![warn(missing_docs)]

pub mod compartment;
pub mod compartment_modules;
pub mod harden;
pub mod lockdown;
pub mod shadow_realm;
pub mod snapshot;
pub mod wrapped;

use amber_vm::Extension;

/// Every extension of this crate, in their registration order (the order is part of the
/// engine id that heap images record: append only).
pub static EXTENSIONS: [&Extension; 4] = [
    &shadow_realm::EXTENSION,
    &lockdown::EXTENSION,
    &compartment::EXTENSION,
    &snapshot::EXTENSION,
];

/// [`EXTENSIONS`] as the list [`amber_vm::VmOptions::extensions`] takes.
///
/// ```
/// use amber_vm::{Vm, VmOptions};
///
/// let mut vm = Vm::new(VmOptions { extensions: amber_realms::extensions(), ..VmOptions::default() });
/// let realm = vm.main_realm();
/// // ShadowRealm: only primitives and callables cross the boundary.
/// let src = "new ShadowRealm().evaluate('globalThis.x = 20; () => x + 1')()";
/// assert_eq!(vm.eval_script(realm, src, "a.js").unwrap(), "21");
/// // Hardened JavaScript: after lockdown() freezes the intrinsics, harden freezes an object
/// // and everything reachable from it.
/// let src = "lockdown(); const o = harden({ inner: {} }); Object.isFrozen(o.inner)";
/// assert_eq!(vm.eval_script(realm, src, "b.js").unwrap(), "true");
/// // A compartment evaluates code with its own global object, sharing the intrinsics.
/// let src = "new Compartment({ globals: { y: 2 } }).evaluate('y * 21')";
/// assert_eq!(vm.eval_script(realm, src, "c.js").unwrap(), "42");
/// ```
pub fn extensions() -> Vec<&'static Extension> {
    EXTENSIONS.to_vec()
}
