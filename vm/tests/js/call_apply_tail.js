// F.call(...) and F.apply(...) of an ECMAScript function or a built-in enter F in the same
// dispatch loop (the call/apply frame is replaced by F's); everything else goes through the
// built-in as before.
function f(a, b) { return [this === undefined ? 'u' : this.tag, a, b, arguments.length].join(); }
var o = { tag: 'o' };
console.log(f.call(o, 1, 2), f.call(o), f.call()); // expect: o,1,2,2 o,,,0 ,,,0
console.log(f.apply(o, [3, 4]), f.apply(o), f.apply(o, null), f.apply(o, undefined)); // expect: o,3,4,2 o,,,0 o,,,0 o,,,0
function sloppyThis() { return typeof this; }
console.log(sloppyThis.call(5), sloppyThis.apply('s'), sloppyThis.call(null) === typeof globalThis); // expect: object object true
function strictThis() { 'use strict'; return this; }
console.log(strictThis.call(5), strictThis.apply(null)); // expect: 5 null
function forward() { return f.apply(this, arguments); }
console.log(forward.call(o, 'x', 'y')); // expect: o,x,y,2
console.log(Math.max.apply(null, [1, 5, 3]), Array.prototype.slice.call([1, 2, 3], 1).join()); // expect: 5 2,3
console.log(f.call.call(f, o, 7, 8), Function.prototype.apply.call(f, o, [9])); // expect: o,7,8,2 o,9,,1
// Not callable: the built-in's TypeError.
try { Function.prototype.call.call(5); } catch (e) { console.log(e instanceof TypeError); } // expect: true
try { Function.prototype.apply.call({}); } catch (e) { console.log(e instanceof TypeError); } // expect: true
// A non-object list: the built-in's TypeError.
try { f.apply(o, 5); } catch (e) { console.log(e instanceof TypeError); } // expect: true
// A list with a getter, a proxy and a bound function: through the built-in.
var list = { length: 2, get 0() { return 'g'; }, 1: 'h' };
console.log(f.apply(o, list)); // expect: o,g,h,2
var p = new Proxy(f, {});
console.log(p.call(o, 1), f.bind(o, 'b').call(null, 'c')); // expect: o,1,,1 o,b,c,2
// Class constructors still throw on call.
class C {}
try { C.call({}); } catch (e) { console.log(e instanceof TypeError); } // expect: true
// Recursion through apply is bounded by the frame limit, and the RangeError is catchable.
function deep(n) { return n === 0 ? 'bottom' : deep.apply(null, [n - 1]); }
console.log(deep(500)); // expect: bottom
// (Unbounded recursion through them is in tests/limits.rs: 200,000 frames, each with a
// collection under GC stress, would take minutes here.)
// Stack traces show F, not the call/apply built-in (as V8's do).
function trace() { return new Error('t').stack.split('\n')[1].trim().split(' ')[1]; }
console.log(trace.call(null), trace.apply(null)); // expect: trace trace
