// The ShadowRealm constructor and prototype: shape, attributes, brand checks, subclassing,
// and the prototype fallback from NewTarget's realm.
// https://tc39.es/proposal-shadowrealm/#sec-shadowrealm
const d = (o, k) => {
  const p = Object.getOwnPropertyDescriptor(o, k);
  return [p.writable, p.enumerable, p.configurable].join();
};
print(typeof ShadowRealm, ShadowRealm.length, ShadowRealm.name); // expect: function 0 ShadowRealm
print(d(globalThis, "ShadowRealm")); // expect: true,false,true
print(d(ShadowRealm, "prototype")); // expect: false,false,false
print(ShadowRealm.prototype.evaluate.length, ShadowRealm.prototype.importValue.length); // expect: 1 2
print(d(ShadowRealm.prototype, "evaluate"), d(ShadowRealm.prototype, "importValue")); // expect: true,false,true true,false,true
print(d(ShadowRealm.prototype, Symbol.toStringTag), ShadowRealm.prototype[Symbol.toStringTag]); // expect: false,false,true ShadowRealm
print(Object.prototype.toString.call(new ShadowRealm())); // expect: [object ShadowRealm]
print(Object.getPrototypeOf(ShadowRealm.prototype) === Object.prototype); // expect: true

// new is required; the error is the callee's realm's (here the same realm).
try { ShadowRealm(); } catch (e) { print(e.constructor === TypeError); } // expect: true

// Instances are extensible ordinary objects with no own properties.
const r = new ShadowRealm();
print(Object.isExtensible(r), Reflect.ownKeys(r).length); // expect: true 0

// Brand checks.
for (const bad of [{}, 1, undefined, ShadowRealm.prototype, new Proxy(r, {})]) {
  try { ShadowRealm.prototype.evaluate.call(bad, "1"); print("no error"); }
  catch (e) { print(e.constructor === TypeError); }
}
// expect: true
// expect: true
// expect: true
// expect: true
// expect: true
try { ShadowRealm.prototype.importValue.call({}, "x", "y"); } catch (e) { print(e.constructor === TypeError); } // expect: true

// Subclasses work and keep their prototype.
class Sub extends ShadowRealm { twice(s) { return this.evaluate(s) * 2; } }
const s = new Sub();
print(s instanceof Sub, s instanceof ShadowRealm, s.twice("21")); // expect: true true 42

// OrdinaryCreateFromConstructor: a non-object NewTarget.prototype falls back to
// %ShadowRealm.prototype% of NewTarget's realm (GetFunctionRealm), not the current one.
const other = $262.createRealm().global;
const C = new other.Function();
C.prototype = null;
const o = Reflect.construct(ShadowRealm, [], C);
print(Object.getPrototypeOf(o) === other.ShadowRealm.prototype); // expect: true
print(o.evaluate("3")); // expect: 3

// Each ShadowRealm has its own intrinsics and global.
const a = new ShadowRealm(), b = new ShadowRealm();
a.evaluate("Array.prototype.marker = 1; globalThis.x = 'a'");
print(b.evaluate("typeof Array.prototype.marker"), b.evaluate("typeof x")); // expect: undefined undefined
print(a.evaluate("[].marker"), a.evaluate("x")); // expect: 1 a
print(typeof Array.prototype.marker); // expect: undefined
