// `instanceof` with the current realm's %Function.prototype[@@hasInstance]% runs
// OrdinaryHasInstance without a call; anything else is called as the spec says.
function A() {}
function B() {}
B.prototype = Object.create(A.prototype);
var b = new B();
console.log(b instanceof A, b instanceof B, {} instanceof A, 1 instanceof A); // expect: true true false false
var Bound = A.bind(null);
console.log(b instanceof Bound, [] instanceof Array, Object.create(null) instanceof Object); // expect: true true false
var Custom = { [Symbol.hasInstance](v) { return v === 42; } };
console.log(42 instanceof Custom, 41 instanceof Custom); // expect: true false
class Even { static [Symbol.hasInstance](n) { return n % 2 === 0; } }
console.log(2 instanceof Even, 3 instanceof Even); // expect: true false
function NoProto() {}
NoProto.prototype = 5;
try { b instanceof NoProto; } catch (e) { console.log(e.constructor === TypeError); } // expect: true
try { b instanceof {}; } catch (e) { console.log(e.constructor === TypeError); } // expect: true
var calls = 0, saved = Function.prototype[Symbol.hasInstance];
function C() {}
Object.defineProperty(C, Symbol.hasInstance, { value: function (v) { calls++; return saved.call(this, v); } });
console.log(new C() instanceof C, b instanceof C, calls); // expect: true false 2
var proxied = new Proxy(A, { get(t, k) { if (k === 'prototype') return B.prototype; return t[k]; } });
console.log(new A() instanceof proxied, b instanceof proxied); // expect: false true
// The prototype cache: many functions of one shape, "prototype" reassigned after it was
// cached, a proxy on the object's chain (its getPrototypeOf trap runs), and a primitive
// "prototype" on a function whose shape was cached.
function makeCtor() { return function () {}; }
var ctors = [makeCtor(), makeCtor(), makeCtor()];
var objs = ctors.map(function (K) { return new K(); });
var hits = 0;
for (var i = 0; i < 30; i++) for (var j = 0; j < 3; j++) for (var k = 0; k < 3; k++) if (objs[j] instanceof ctors[k]) hits++;
console.log(hits); // expect: 90
var D = makeCtor(), d = new D();
for (var i = 0; i < 10; i++) d instanceof D;
D.prototype = {};
console.log(d instanceof D, Object.create(D.prototype) instanceof D); // expect: false true
var traps = 0;
var chain = new Proxy(Object.create(D.prototype), { getPrototypeOf(t) { traps++; return Reflect.getPrototypeOf(t); } });
var viaProxy = Object.create(chain);
console.log(viaProxy instanceof D, viaProxy instanceof A, traps); // expect: true false 2
var E = makeCtor();
for (var i = 0; i < 10; i++) d instanceof E;
E.prototype = "not an object";
try { d instanceof E; } catch (e) { console.log(e.constructor === TypeError); } // expect: true
console.log(1 instanceof E, null instanceof D); // expect: false false
