// lockdown(): validation first, once per realm, intrinsics frozen, inert Function-family
// constructors, shared Date, override mistake repaired, scope limited to its realm.
// REALMS-DESIGN.md C.2
const kind = f => { try { f(); return "ok"; } catch (e) { return e.constructor.name; } };
print(typeof lockdown, typeof harden, lockdown.length, harden.length); // expect: function function 0 1

// Options are validated before any effect: a rejected call leaves the realm unlocked.
print(kind(() => lockdown(1)), kind(() => lockdown({ nope: 1 })), kind(() => lockdown({ errorTaming: "bad" }))); // expect: TypeError TypeError TypeError
print(kind(() => lockdown({ overrideDebug: [1] })), Object.isFrozen(Object.prototype)); // expect: TypeError false
let read = [];
print(kind(() => lockdown({ get regExpTaming() { read.push("r"); return "sideways"; } })), read.join()); // expect: TypeError r
print(kind(() => harden({}))); // expect: TypeError

const shadow = new ShadowRealm();
lockdown({ overrideTaming: "moderate", evalTaming: "safe-eval", errorTaming: "safe", overrideDebug: [] });
print(kind(() => lockdown())); // expect: TypeError

// Everything reachable from the intrinsics is frozen; the global object is not.
const frozen = [Object, Object.prototype, Array.prototype, Function.prototype, Math, JSON, Reflect,
  Promise.prototype, Map.prototype, Symbol, Symbol.prototype, Object.getPrototypeOf(function* () {}),
  Object.getPrototypeOf([][Symbol.iterator]()), Object.getPrototypeOf(Int8Array.prototype),
  Object.getOwnPropertyDescriptor(Function.prototype, "caller").get, harden, lockdown];
print(frozen.every(Object.isFrozen)); // expect: true
print(Object.isFrozen(globalThis), Object.isExtensible(globalThis)); // expect: false true
globalThis.mine = 1; print(mine); // expect: 1
print(kind(() => { "use strict"; Array.prototype.polluted = 1; }), [].polluted); // expect: TypeError undefined
print(kind(() => Object.setPrototypeOf(Array.prototype, null)), kind(() => { "use strict"; Math.PI = 3; })); // expect: TypeError TypeError

// Function-family constructors reached through prototypes are inert; the globals work.
print(kind(() => (function () {}).constructor("return 1")), kind(() => new (function () {}).constructor("return 1"))); // expect: TypeError TypeError
print(kind(() => Object.getPrototypeOf(function* () {}).constructor("yield 1"))); // expect: TypeError
print(kind(() => Object.getPrototypeOf(async function () {}).constructor("return 1"))); // expect: TypeError
print(kind(() => Object.getPrototypeOf(async function* () {}).constructor("yield 1"))); // expect: TypeError
print(kind(() => Reflect.construct(Function.prototype.constructor, ["return 1"]))); // expect: TypeError
print(kind(() => [].constructor.constructor("return 1")), Function("return 2")(), eval("3")); // expect: TypeError 2 3
print((function () {}) instanceof Function, Function.prototype.constructor.prototype === Function.prototype); // expect: true true

// Date: the start compartment keeps the clock; Date.prototype.constructor is the shared one.
print(typeof Date.now(), typeof Math.random(), new Date(0).getTime()); // expect: number number 0
const SharedDate = new Date(0).constructor;
print(SharedDate === Date, SharedDate.name, SharedDate.prototype === Date.prototype); // expect: false Date true
print(kind(() => SharedDate.now()), kind(() => SharedDate()), kind(() => new SharedDate()), new SharedDate(5).getTime()); // expect: TypeError TypeError TypeError 5
print(SharedDate.UTC(1970, 0, 1), SharedDate.parse("1970-01-01T00:00:00Z")); // expect: 0 0

// regExpTaming 'safe' removes RegExp.prototype.compile.
print(typeof RegExp.prototype.compile); // expect: undefined

// The override mistake: assigning a property that a frozen prototype has as a data property
// works on instances (an accessor repaired it) and throws on the prototype itself.
const o = {}; o.toString = () => "own"; print(String(o), Object.keys(o).join()); // expect: own toString
class E extends Error {} const e = new E("m"); e.name = "Custom"; print(String(e)); // expect: Custom: m
const d = Object.getOwnPropertyDescriptor(Object.prototype, "toString");
print(typeof d.get, typeof d.set, d.get.originalValue === d.get()); // expect: function function true
print(kind(() => { "use strict"; Object.prototype.toString = 1; })); // expect: TypeError
print(Object.prototype.toString.call([])); // expect: [object Array]
print(typeof Object.getOwnPropertyDescriptor(Array.prototype, "push").get, typeof Object.getOwnPropertyDescriptor(Array.prototype, "map").value); // expect: function function

// Other realms are untouched until they call their own lockdown.
print(shadow.evaluate("Object.isFrozen(Object.prototype)")); // expect: false
shadow.evaluate("lockdown({ overrideTaming: 'min' })");
print(shadow.evaluate("Object.isFrozen(Object.prototype)"), shadow.evaluate("typeof Object.getOwnPropertyDescriptor(Array.prototype, 'push').value")); // expect: true function
// evalTaming 'no-eval': eval, Function and direct eval of that realm throw, and so does a
// ShadowRealm's evaluate into it.
const noEval = new ShadowRealm();
const probe = noEval.evaluate("(src) => { try { return String(eval(src)); } catch (e) { return e.constructor.name; } }");
const probeFunction = noEval.evaluate("(src) => { try { return String(Function(src)()); } catch (e) { return e.constructor.name; } }");
print(probe("1"), probeFunction("return 1")); // expect: 1 1
noEval.evaluate("lockdown({ evalTaming: 'no-eval' })");
print(probe("1"), probeFunction("return 1"), kind(() => noEval.evaluate("1"))); // expect: TypeError TypeError TypeError
