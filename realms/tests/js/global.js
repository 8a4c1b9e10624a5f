// The inner global object: ordinary, extensible, standard globals only (no host functions),
// its own ShadowRealm (nesting), %Object.prototype% immutable.
// https://tc39.es/proposal-shadowrealm/#sec-shadowrealm-host-requirements
const r = new ShadowRealm();
print(r.evaluate("Object.getPrototypeOf(globalThis) === Object.prototype")); // expect: true
print(r.evaluate("globalThis.constructor === Object")); // expect: true
print(r.evaluate("Object.isExtensible(globalThis)")); // expect: true
print(r.evaluate("typeof print + typeof console + typeof $262")); // expect: undefinedundefinedundefined
print(r.evaluate("typeof ShadowRealm + typeof Promise + typeof Proxy + typeof WeakRef")); // expect: functionfunctionfunctionfunction
// Every own property is configurable, except NaN, Infinity and undefined.
print(r.evaluate(`Reflect.ownKeys(globalThis).filter(k =>
  !Object.getOwnPropertyDescriptor(globalThis, k).configurable).join()`)); // expect: Infinity,NaN,undefined
// %Object.prototype% of the inner realm is an immutable prototype exotic object.
print(r.evaluate("Reflect.setPrototypeOf(Object.prototype, {})")); // expect: false
print(r.evaluate("Reflect.setPrototypeOf(Object.prototype, null)")); // expect: true
// __proto__ of the global is assignable.
print(r.evaluate("globalThis.__proto__ = null; Object.getPrototypeOf(globalThis) === null")); // expect: true
// Top-level this is the inner global.
print(r.evaluate("this === globalThis")); // expect: true
// Well-known and registered symbols are shared by all realms of the agent.
print(r.evaluate("Symbol.iterator") === Symbol.iterator); // expect: true
print(r.evaluate("Symbol.for('k')") === Symbol.for("k")); // expect: true
