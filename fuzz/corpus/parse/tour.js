function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
console.log("fib(20) =", fib(20));
function counter() { let n = 0; return { inc: () => ++n, get: () => n }; }
const c = counter(); c.inc(); c.inc(); console.log("counter:", c.get());
try { throw new TypeError("boom"); } catch (e) { console.log("caught", e.name, e.message); } finally { console.log("finally"); }
const arr = [1, 2, 3].map(x => x * 2); console.log(arr, arr.length, arr.join("-"));
const o = { a: 1, b: { c: [1, 2] } }; console.log(o, JSON.stringify(o));
class A { constructor(x) { this.x = x; } get double() { return this.x * 2; } static make() { return new A(21); } }
class B extends A { constructor() { super(5); this.y = 1; } toString() { return "B(" + this.x + ")"; } }
console.log(A.make().double, String(new B()), new B() instanceof A);
for (const [i, v] of ["a", "b"].entries()) console.log(i, v);
let s = 0; for (let i = 0; i < 10; i++) { if (i === 5) continue; s += i; } console.log("sum", s);
const fns = []; for (let i = 0; i < 3; i++) fns.push(() => i); console.log(fns.map(f => f()));
label: for (const x of [1,2,3]) { for (const y of [1,2]) { if (x === 2) continue label; if (x === 3) break label; console.log(x, y); } }
console.log(typeof undefinedVar, typeof fib, `template ${1 + 1} ok`);
function f() { try { return "try"; } finally { console.log("in finally"); } }
console.log(f());
const { a, ...rest } = { a: 1, b: 2, c: 3 }; console.log(a, rest);
console.log([..."héllo"].length, Object.keys({x:1,y:2}), 2 ** 10, 7 % 3, -7 >> 1, 10n ** 20n);
