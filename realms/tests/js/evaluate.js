// ShadowRealm.prototype.evaluate: PerformShadowRealmEval.
// https://tc39.es/proposal-shadowrealm/#sec-performshadowrealmeval
const r = new ShadowRealm();
const kind = f => { try { f(); return "ok"; } catch (e) { return e.constructor.name + (e.constructor === globalThis[e.constructor.name] ? "" : "(other realm)"); } };

// The source must be a String primitive: no ToString, no @@toPrimitive.
let called = false;
const sneaky = { toString() { called = true; return "1"; } };
print(kind(() => r.evaluate(new String("1"))), kind(() => r.evaluate(1)), kind(() => r.evaluate(sneaky)), called); // expect: TypeError TypeError TypeError false
print(kind(() => r.evaluate())); // expect: TypeError

// Completion values.
print(r.evaluate(""), r.evaluate("1; if (1) { 2 }"), r.evaluate("var a = 5"), r.evaluate("function f() {}")); // expect: undefined 2 undefined undefined
print(Object.is(r.evaluate("-0"), -0), r.evaluate("10n") === 10n, r.evaluate("null"), typeof r.evaluate("Symbol('s')")); // expect: true true null symbol

// Objects cannot cross: TypeError of the caller realm, after the side effects happened.
print(kind(() => r.evaluate("globalThis.sideEffect = 1; ({})")), r.evaluate("sideEffect")); // expect: TypeError 1
print(kind(() => r.evaluate("[]")), kind(() => r.evaluate("globalThis")), kind(() => r.evaluate("Promise.resolve()"))); // expect: TypeError TypeError TypeError

// A parse or early error is a SyntaxError of the caller realm, and nothing runs.
print(kind(() => r.evaluate("globalThis.ran = 1; let x = ;")), r.evaluate("typeof ran")); // expect: SyntaxError undefined
print(kind(() => r.evaluate("new.target")), kind(() => r.evaluate("super.x")), kind(() => r.evaluate("return 1"))); // expect: SyntaxError SyntaxError SyntaxError
print(kind(() => r.evaluate("import x from 'y'")), kind(() => r.evaluate("await 1"))); // expect: SyntaxError SyntaxError
print(kind(() => r.evaluate("'use strict'; with (a) {}"))); // expect: SyntaxError

// Sloppy unless the source says so; the caller's strictness never leaks.
(function () { "use strict"; print(r.evaluate("(function () { return this === undefined })()")); })(); // expect: false
print(r.evaluate("'use strict'; (function () { return this === undefined })()")); // expect: true

// Top-level let/const/class never persist; sloppy var and functions do; strict var does not.
r.evaluate("let l = 1; const c = 2; class K {}");
print(r.evaluate("typeof l + typeof c + typeof K")); // expect: undefinedundefinedundefined
r.evaluate("var v = 1; function fn() { return 7 }");
print(r.evaluate("v + fn()")); // expect: 8
r.evaluate("'use strict'; var sv = 1;");
print(r.evaluate("typeof sv")); // expect: undefined
// A var that collides with a global lexical declaration... there are none across calls, so
// redeclaring is fine.
print(r.evaluate("let l = 3; l")); // expect: 3

// Thrown values become fresh TypeErrors of the caller realm; the original never leaks and no
// user code runs to build the message.
try { r.evaluate("throw new RangeError('boom')"); } catch (e) { print(e.constructor === TypeError, e.message); } // expect: true evaluate threw (RangeError: boom)
try { r.evaluate("throw 42"); } catch (e) { print(e.constructor === TypeError, e.message); } // expect: true evaluate threw (uncaught exception: 42)
try { r.evaluate("throw {}"); } catch (e) { print(e.message); } // expect: evaluate threw (uncaught exception: Object)
r.evaluate("globalThis.getterRan = false");
try {
  r.evaluate("const e = new Error('x'); Object.defineProperty(e, 'message', { get() { getterRan = true; return 'y'; } }); throw e");
} catch (e) { print(e.constructor === TypeError, e.message); } // expect: true evaluate threw (Error)
print(r.evaluate("getterRan")); // expect: false
try { r.evaluate("throw new Proxy({}, { get() { throw 1 } })"); } catch (e) { print(e.message); } // expect: evaluate threw (uncaught exception: Object)

// Errors from another realm's evaluate belong to that realm (the realm of the evaluate function).
const other = $262.createRealm().global;
const or = new other.ShadowRealm();
print(kind(() => or.evaluate(1)), kind(() => or.evaluate("(")), kind(() => or.evaluate("throw 1"))); // expect: TypeError(other realm) SyntaxError(other realm) TypeError(other realm)
print(kind(() => ShadowRealm.prototype.evaluate.call(or, "({})"))); // expect: TypeError

// Re-entrancy: evaluate called from inside a wrapped callback.
const reenter = r.evaluate("(cb) => cb() + 1");
print(reenter(() => r.evaluate("40") + 1)); // expect: 42

// Nested ShadowRealms, each created inside the previous one: fully isolated.
print(r.evaluate("new ShadowRealm().evaluate('new ShadowRealm().evaluate(\"6 * 7\")')")); // expect: 42
let depth = r.evaluate(`
  (function nest(n) { return n === 0 ? 0 : 1 + new ShadowRealm().evaluate("(" + nest + ")(" + (n - 1) + ")"); })
`);
print(depth(20)); // expect: 20
