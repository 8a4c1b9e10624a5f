// Wrapped function exotic objects and CopyNameAndLength.
// https://tc39.es/proposal-shadowrealm/#sec-wrapped-function-exotic-objects
const r = new ShadowRealm();
const kind = f => { try { f(); return "ok"; } catch (e) { return e.constructor === TypeError ? "TypeError" : "other: " + e; } };

// Shape: prototype is the caller's %Function.prototype%, own keys exactly length and name,
// no prototype property, extensible, not a constructor, native source text.
const w = r.evaluate("(function named(a, b, c) {})");
print(Object.getPrototypeOf(w) === Function.prototype, Reflect.ownKeys(w).join()); // expect: true length,name
const pd = k => { const p = Object.getOwnPropertyDescriptor(w, k); return [p.value, p.writable, p.enumerable, p.configurable].join(); };
print(pd("length"), pd("name")); // expect: 3,false,false,true named,false,false,true
print("prototype" in w, Object.isExtensible(w), Object.isFrozen(w), typeof w); // expect: false true false function
print(kind(() => new w()), kind(() => Reflect.construct(w, []))); // expect: TypeError TypeError
print(/\{\s*\[native code\]\s*\}/.test(Function.prototype.toString.call(w))); // expect: true
print(kind(() => { class X extends w {} })); // expect: TypeError

// Identity: a new wrapper at every crossing, never unwrapped.
const f1 = r.evaluate("globalThis.inner = function inner() { return 1 }; inner");
const f2 = r.evaluate("inner");
print(f1 === f2, f1() === f2()); // expect: false true
const back = r.evaluate("(f) => f");
const mine = function mine() { return "mine" };
const roundTrip = back(mine);
print(roundTrip === mine, roundTrip(), roundTrip.name); // expect: false mine mine
const same = r.evaluate("(f, g) => f === g");
print(same(mine, mine)); // expect: false
// Properties put on either side are never visible on the other.
f1.extra = 1;
print(r.evaluate("inner.extra"), r.evaluate("inner.p = 2, typeof inner.p"), f1.p); // expect: undefined number undefined

// Arguments, this and results: primitives pass, callables are wrapped, other objects throw.
const echo = r.evaluate("(function () { return arguments.length + ':' + Array.prototype.map.call(arguments, a => typeof a).join(); })");
print(echo(1, "s", null, undefined, 2n, Symbol(), () => 1)); // expect: 7:number,string,object,undefined,bigint,symbol,function
print(kind(() => echo({})), kind(() => echo([])), kind(() => echo(new Proxy({}, {})))); // expect: TypeError TypeError TypeError
const thisType = r.evaluate("(function () { 'use strict'; return typeof this; })");
print(thisType(), thisType.call(5), kind(() => thisType.call({}))); // expect: undefined number TypeError
const o = { m: thisType };
print(kind(() => o.m())); // expect: TypeError
print(kind(() => r.evaluate("async function af() {}; af")())); // expect: TypeError
print(kind(() => r.evaluate("(function* g() {})")())); // expect: TypeError
print(kind(() => r.evaluate("() => ({})")())); // expect: TypeError
print(typeof r.evaluate("() => () => 1")()); // expect: function

// Callbacks in both directions.
const apply = r.evaluate("(f, x) => f(x) * 2");
print(apply(x => x + 1, 20)); // expect: 42
const compose = r.evaluate("(f, g) => (x) => f(g(x))");
print(compose(x => x + 1, x => x * 10)(4)); // expect: 41

// Errors cross as TypeErrors of the receiving side, in both directions.
const callThrower = r.evaluate("(f) => { try { f(); } catch (e) { return e.constructor === TypeError && e.message; } }");
print(callThrower(() => { throw new RangeError("out"); })); // expect: wrapped function threw (RangeError: out)
const thrower = r.evaluate("() => { throw new SyntaxError('in') }");
try { thrower(); } catch (e) { print(e.constructor === TypeError, e.message); } // expect: true wrapped function threw (SyntaxError: in)
// A copy of a copy is formed from scratch, not nested.
const rethrow = r.evaluate("(f) => f()");
try { rethrow(() => { throw new RangeError("deep"); }); } catch (e) { print(e.message); } // expect: wrapped function threw (RangeError: deep)

// CopyNameAndLength: HasOwnProperty("length"), Get("length"), Get("name"), in that order.
r.evaluate(`globalThis.log = [];
  globalThis.traced = new Proxy(function () {}, {
    getOwnPropertyDescriptor(t, k) { log.push("gopd:" + String(k)); return Reflect.getOwnPropertyDescriptor(t, k); },
    get(t, k, rcv) { log.push("get:" + String(k)); return Reflect.get(t, k, rcv); },
    has(t, k) { log.push("has:" + String(k)); return Reflect.has(t, k); },
  }); undefined`);
r.evaluate("traced");
print(r.evaluate("log.join()")); // expect: gopd:length,get:length,get:name
// Lengths: non-numbers 0, +Infinity kept, -Infinity 0, fractions truncated, negatives 0; absent 0.
const lengthOf = src => r.evaluate(`(() => { const f = function () {}; Object.defineProperty(f, "length", { value: ${src} }); return f; })()`).length;
print(lengthOf("'3'"), lengthOf("Infinity"), lengthOf("-Infinity"), lengthOf("2.9"), lengthOf("-5"), lengthOf("NaN"), Object.is(lengthOf("-0.5"), 0)); // expect: 0 Infinity 0 2 0 0 true
print(r.evaluate("(() => { const f = function () {}; delete f.length; return f; })()").length); // expect: 0
// Names: non-strings become "".
const nameOf = src => r.evaluate(`(() => { const f = function () {}; Object.defineProperty(f, "name", { value: ${src} }); return f; })()`).name;
print(JSON.stringify([nameOf("1"), nameOf("Symbol('s')"), nameOf("undefined"), nameOf("'ok'")])); // expect: ["","","","ok"]
// A throwing length getter or trap is a TypeError of the caller realm.
print(kind(() => r.evaluate("(() => { const f = function () {}; Object.defineProperty(f, 'length', { get() { throw 1 } }); return f; })()"))); // expect: TypeError
print(kind(() => r.evaluate("new Proxy(function () {}, { getOwnPropertyDescriptor() { throw 1 } })"))); // expect: TypeError

// Revoked proxies: wrapping reads through the proxy (TypeError); a callable proxy revoked
// after wrapping fails at call time (GetFunctionRealm).
print(kind(() => r.evaluate("(() => { const p = Proxy.revocable(function () {}, {}); p.revoke(); return p.proxy; })()"))); // expect: TypeError
const later = r.evaluate("globalThis.rv = Proxy.revocable(function () { return 1 }, {}); rv.proxy");
print(later()); // expect: 1
r.evaluate("rv.revoke()");
print(kind(() => later())); // expect: TypeError
// Passing a revoked callable proxy in: GetWrappedValue reads its length through it.
const revokedHere = Proxy.revocable(function () {}, {}); revokedHere.revoke();
print(kind(() => echo(revokedHere.proxy))); // expect: TypeError

// A Proxy around a wrapper still enforces the boundary.
const pw = new Proxy(echo, {});
print(pw(1), kind(() => pw({}))); // expect: 1:number TypeError

// Recursion through wrappers until the stack limit: a RangeError inside, a TypeError outside.
const recur = r.evaluate("(f) => f(f)");
const ping = (f) => recur(f);
print(kind(() => ping(ping))); // expect: TypeError

// Three realms: calls route through each hop; errors are the realm of each wrapper.
const r2 = r.evaluate("(() => { const inner = new ShadowRealm(); return inner.evaluate('(x) => x * 3'); })()");
print(r2(14)); // expect: 42
