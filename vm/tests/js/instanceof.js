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
