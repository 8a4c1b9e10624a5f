// `o.name++` and `o.name op= v` read and write through GetNamed/SetNamed and their inline
// caches; the results are those of the keyed forms.
function bump(o) { o.count++; o.total += 2; return ++o.count; }
var a = { count: 0, total: 1 };
for (var i = 0; i < 3; i++) bump(a);
console.log(a.count, a.total); // expect: 6 7
function post(o) { return o.n--; }
var b = { n: 5 };
console.log(post(b), b.n, post({ n: '3' }), post({})); // expect: 5 4 3 NaN
var logged = [];
var acc = { get v() { logged.push('get'); return 1; }, set v(x) { logged.push('set ' + x); } };
acc.v += 10; acc.v++;
console.log(logged.join()); // expect: get,set 11,get,set 2
var s = { x: 'a' }; s.x += 'b'; s.x += 1;
console.log(s.x); // expect: ab1
var frozen = Object.freeze({ k: 1 });
frozen.k++; console.log(frozen.k); // expect: 1
(function () { 'use strict'; try { frozen.k += 1; } catch (e) { console.log(e instanceof TypeError); } })(); // expect: true
try { null.x++; } catch (e) { console.log(e instanceof TypeError); } // expect: true
try { undefined.y += 1; } catch (e) { console.log(e instanceof TypeError); } // expect: true
var n = 5; n.foo += 1; console.log(n.foo); // expect: undefined
var l = { a: 0 }; l.a ||= 7; l.a &&= 8; l.b ??= 9;
console.log(l.a, l.b); // expect: 8 9
// Shapes that change under the sites (add, then delete and re-add).
var objs = [{ c: 1 }, { d: 0, c: 2 }, Object.create({ c: 3 })];
for (var j = 0; j < 3; j++) for (var o of objs) o.c += 1;
console.log(objs.map(function (o) { return o.c; }).join(), Object.getPrototypeOf(objs[2]).c); // expect: 4,5,6 3
// `.length` of arrays and strings without a lookup; anything else as a property.
var arr = [1, 2, 3]; arr.length = 1; arr[4] = 0;
console.log(arr.length, 'héllo'.length, ('ab' + 'cd').length, { length: 'own' }.length); // expect: 5 5 4 own
function args() { return arguments.length; }
console.log(args(1, 2), (function (x, y) {}).length, new String('abc').length, [].length); // expect: 2 2 3 0
var big = ''; for (var q = 0; q < 200; q++) big += 'xy';
console.log(big.length, big.slice(3).length); // expect: 400 397
try { null.length; } catch (e) { console.log(e instanceof TypeError); } // expect: true
console.log((5).length, true.length); // expect: undefined undefined
Object.defineProperty(Number.prototype, 'length', { get() { return 'num'; }, configurable: true });
console.log((5).length); // expect: num
