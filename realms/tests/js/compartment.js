// new Compartment(...): its own global and evaluators over the realm's intrinsics.
// REALMS-DESIGN.md C.4, C.5
const kind = f => { try { f(); return "ok"; } catch (e) { return e.constructor.name; } };
print(typeof Compartment, Object.prototype.toString.call(new Compartment())); // expect: function [object Compartment]
print(kind(() => Compartment()), kind(() => Compartment.prototype.evaluate.call({}, "1"))); // expect: TypeError TypeError

// Both constructor forms (options bag; legacy globals, modules, options).
const bag = new Compartment({ globals: { a: 1 }, name: "bag" });
const legacy = new Compartment({ a: 2 }, undefined, { name: "legacy" });
const forced = new Compartment({ __options__: true, globals: { a: 3 } });
print(bag.evaluate("a"), bag.name, legacy.evaluate("a"), legacy.name, forced.evaluate("a"), new Compartment().name); // expect: 1 bag 2 legacy 3 <unknown>
// Module options of the wrong type are refused clearly (modules: compartment-modules.js).
print(kind(() => new Compartment({ modules: 1 })), kind(() => new Compartment({ importHook: 1 })), kind(() => new Compartment({}, {}))); // expect: TypeError TypeError ok

// The global: a plain extensible object with the shared intrinsics, its own evaluators, no
// host objects, and the endowments (copied, not referenced).
const endow = { x: 1 };
const c = new Compartment({ globals: endow });
endow.x = 2;
const g = c.globalThis;
print(g.x, g === c.evaluate("globalThis"), c.evaluate("this === globalThis"), Object.isExtensible(g)); // expect: 1 true true true
print(g.Array === Array, g.Object === Object, g.eval !== eval, g.Function !== Function, g.Compartment !== Compartment); // expect: true true true true true
print(typeof g.print, typeof g.console, typeof g.$262, typeof g.ShadowRealm, typeof g.harden); // expect: undefined undefined undefined function function
print(Object.getPrototypeOf(g) === Object.prototype, g.Function.prototype === Function.prototype, Object.isFrozen(g.eval)); // expect: true true true
const nd = Object.getOwnPropertyDescriptor(g, "NaN"), ad = Object.getOwnPropertyDescriptor(g, "Array");
print(nd.writable, nd.configurable, ad.writable, ad.enumerable, ad.configurable); // expect: false false true false true

// evaluate: strict, `this` is the compartment global, declarations stay local to the call.
print(kind(() => c.evaluate("undeclared = 1")), kind(() => c.evaluate("with ({}) {}")), kind(() => c.evaluate(1))); // expect: ReferenceError SyntaxError TypeError
c.evaluate("let l = 1; var v = 1; function f() {}");
print(c.evaluate("typeof l + typeof v + typeof f")); // expect: undefinedundefinedundefined
c.evaluate("globalThis.kept = 5");
print(c.evaluate("kept"), typeof kept); // expect: 5 undefined
// Objects and errors are the realm's: no boundary as with ShadowRealm.
print(c.evaluate("[1, 2]") instanceof Array, c.evaluate("({ a: 1 })").a, kind(() => c.evaluate("null.x"))); // expect: true 1 TypeError

// The compartment's evaluators compile for its global, in strict mode; direct eval works.
print(c.evaluate("Function('return this')()"), c.evaluate("Function('return typeof kept')()")); // expect: undefined number
print(c.evaluate("eval('typeof kept')"), c.evaluate("(0, eval)('this === globalThis')"), c.evaluate("let q = 7; eval('q')")); // expect: number true 7
print(c.evaluate("(() => this)() === globalThis")); // expect: true
// Child compartments share the intrinsics and have their own globals.
print(c.evaluate("const d = new Compartment({ globals: { y: 2 } }); d.evaluate('y + typeof kept')")); // expect: 2undefined

// Closures keep the compartment they were made in.
globalThis.outside = "start";
const startFn = () => typeof outside;
const c2 = new Compartment({ globals: { startFn } });
print(c2.evaluate("startFn()"), c2.evaluate("typeof outside")); // expect: string undefined
const inside = c2.evaluate("globalThis.mark = 'c2'; () => mark");
print(inside(), typeof mark); // expect: c2 undefined

// globalLexicals seed the global declarative record: let for writable, const otherwise.
const c3 = new Compartment({ globalLexicals: { L: 1, C: Object.freeze({}) } });
Object.defineProperty(c3.globalThis, "unused", { value: 0 });
const lex = { w: 1 };
Object.defineProperty(lex, "ro", { value: 2, enumerable: true, writable: false });
const c4 = new Compartment({ globalLexicals: lex });
print(c4.evaluate("w + ro"), c4.evaluate("w = 5; w"), kind(() => c4.evaluate("ro = 1")), "w" in c4.globalThis); // expect: 3 5 TypeError false

// import() in a compartment never reaches the host's loader.
c.evaluate("import('./anything.js')").catch((e) => print("import", e.constructor.name));

// Before lockdown a compartment has the realm's Date and Math; after, the shared ones and no
// WeakRef, FinalizationRegistry, SharedArrayBuffer or Atomics.
print(typeof c.evaluate("Date.now()"), typeof c.evaluate("Math.random()"), typeof c.evaluate("WeakRef")); // expect: number number function
lockdown();
const locked = new Compartment();
print(kind(() => locked.evaluate("Date.now()")), kind(() => locked.evaluate("new Date()")), locked.evaluate("new Date(7).getTime()")); // expect: TypeError TypeError 7
print(kind(() => locked.evaluate("Math.random()")), locked.evaluate("Math.max(1, 2)")); // expect: TypeError 2
print(locked.evaluate("typeof WeakRef + typeof FinalizationRegistry + typeof SharedArrayBuffer + typeof Atomics")); // expect: undefinedundefinedundefinedundefined
print(locked.evaluate("typeof ShadowRealm + typeof RealmBuilder + typeof RealmSnapshot")); // expect: undefinedundefinedundefined
print(typeof Date.now(), typeof Math.random()); // expect: number number
print(kind(() => locked.evaluate("(function () {}).constructor('return 1')")), kind(() => locked.evaluate("Object.prototype.x = 1"))); // expect: TypeError TypeError
print(kind(() => locked.evaluate("lockdown()")), locked.evaluate("Object.isFrozen(harden({}))")); // expect: TypeError true
// The import() rejection above settles after the script:
// expect: import TypeError
