// Weak references, a finalization registry, and a realm builder with a compiled snapshot.
const keep = { k: 1 };
globalThis.keep = keep;
globalThis.wr = new WeakRef(keep);
globalThis.ws = new WeakSet([keep]);
globalThis.fr = new FinalizationRegistry(() => {});
fr.register(keep, 'held');
const b = new RealmBuilder();
globalThis.rv = b.evalScript('globalThis.count = 0; (function () { return ++count; })');
globalThis.inst = RealmSnapshot.instantiate(b, [rv]);
