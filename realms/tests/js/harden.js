// harden(value): breadth first, prototype first then own keys in [[OwnPropertyKeys]] order,
// getters never called, cycles, proxies, retry after a failure, TypedArrays, idempotence.
// REALMS-DESIGN.md C.3
lockdown();
const kind = f => { try { f(); return "ok"; } catch (e) { return e.constructor.name; } };
print(harden(1), harden("s"), harden(null), harden(undefined)); // expect: 1 s null undefined
const o = { a: { b: [1, { c: 2 }] } };
print(harden(o) === o, Object.isFrozen(o.a.b[1]), Object.isFrozen(o.a.b)); // expect: true true true
// Getters are not called, but the getter and setter functions are hardened.
let called = false;
const acc = { get g() { called = true; return {}; }, set g(v) {} };
harden(acc);
const ad = Object.getOwnPropertyDescriptor(acc, "g");
print(called, Object.isFrozen(ad.get), Object.isFrozen(ad.set)); // expect: false true true
// The prototype is hardened too.
class Base { m() {} }
const inst = harden(new Base());
print(Object.isFrozen(Base.prototype), Object.isFrozen(Base.prototype.m), Object.isFrozen(Base)); // expect: true true true
// Cycles terminate.
const a = {}, b = { a }; a.b = b; a.self = a;
harden(a); print(Object.isFrozen(a), Object.isFrozen(b)); // expect: true true
// Order: breadth first, prototype first, then own keys (observed through proxy traps).
const log = [];
const traced = (name, target) => new Proxy(target, {
  getPrototypeOf(t) { log.push(name + ".proto"); return Reflect.getPrototypeOf(t); },
  ownKeys(t) { log.push(name + ".keys"); return Reflect.ownKeys(t); },
});
const leaf1 = traced("x", {}), leaf2 = traced("y", {});
const root = traced("root", { 2: leaf2, x: leaf1, [Symbol.iterator]: 1, 1: 0 });
harden(root);
print(log.filter(s => s.endsWith(".proto")).join()); // expect: root.proto,y.proto,x.proto
// Failure leaves what was frozen frozen but unmarked, and a retry works.
let fail = true;
const flaky = new Proxy({}, { ownKeys(t) { if (fail) throw new RangeError("trap"); return Reflect.ownKeys(t); } });
const holder = { first: {}, flaky };
print(kind(() => harden(holder)), Object.isFrozen(holder)); // expect: RangeError true
fail = false;
print(kind(() => harden(holder)), Object.isFrozen(holder.flaky)); // expect: ok true
// Revoked proxies: freezing a revoked proxy throws TypeError.
const r = Proxy.revocable({}, {}); r.revoke();
print(kind(() => harden(r.proxy))); // expect: TypeError
// TypedArrays: non-extensible, non-index properties frozen, elements stay writable.
const ta = new Uint8Array(2); ta.extra = {};
harden(ta); ta[0] = 9;
print(ta[0], Object.isExtensible(ta), Object.isFrozen(ta.extra), Object.getOwnPropertyDescriptor(ta, "extra").writable); // expect: 9 false true false
// Internal slots stay mutable: harden is surface-only.
const m = harden(new Map()); m.set(1, 2); print(m.get(1)); // expect: 2
// Idempotent, and a hardened graph is not walked again (no trap runs the second time).
log.length = 0; harden(root); print(log.length); // expect: 0
// A long chain (bench/hardened/ times a 100,000-object graph).
let head = null; for (let i = 0; i < 2000; i++) head = { next: head, i };
harden(head); let n = 0; for (let p = head; p; p = p.next) if (Object.isFrozen(p)) n++;
print(n); // expect: 2000
