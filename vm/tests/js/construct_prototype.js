// `new F()` reads F's "prototype" on every construct (GetPrototypeFromConstructor), through a
// one-entry cache of where functions of F's shape keep it.
function A() {} function B() {}
var protoA = A.prototype;
console.log(Object.getPrototypeOf(new A()) === protoA, Object.getPrototypeOf(new B()) === B.prototype); // expect: true true
// Replaced, then not an object (the realm's %Object.prototype% instead), then an object again.
A.prototype = { tag: 'replaced' };
console.log(new A().tag, Object.getPrototypeOf(new B()) === B.prototype); // expect: replaced true
A.prototype = 5;
console.log(Object.getPrototypeOf(new A()) === Object.prototype); // expect: true
A.prototype = null;
console.log(Object.getPrototypeOf(new A()) === Object.prototype); // expect: true
A.prototype = protoA;
console.log(Object.getPrototypeOf(new A()) === protoA); // expect: true
// Functions of other shapes: strict, with extra properties, classes, bound, proxies.
function S() { 'use strict'; }
function Extra() {} Extra.x = 1;
class K {} class L extends K {}
console.log(new S() instanceof S, new Extra() instanceof Extra, new L() instanceof K); // expect: true true true
var Bound = A.bind(null);
console.log(Object.getPrototypeOf(new Bound()) === protoA); // expect: true
var reads = 0;
var P = new Proxy(B, { get(t, k) { if (k === 'prototype') reads++; return t[k]; } });
new P(); new P();
console.log(reads); // expect: 2
console.log(Object.getPrototypeOf(Reflect.construct(A, [], B)) === B.prototype); // expect: true
// Many constructs of many constructors, with collections in between (the cache is per
// collection).
var made = [];
for (var i = 0; i < 2000; i++) {
  var F = i % 2 ? A : function () { this.i = i; };
  made.push(new F());
}
console.log(made.filter(function (o) { return Object.getPrototypeOf(o) === protoA; }).length); // expect: 1000
