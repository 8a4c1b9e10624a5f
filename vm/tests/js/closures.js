// Closures capture variables, not values; each `let` iteration gets a fresh binding.
function counter() {
  let n = 0;
  return { inc: () => ++n, get: () => n };
}
const c = counter();
c.inc(); c.inc();
console.log(c.get()); // expect: 2
const d = counter();
console.log(d.get(), c.get()); // expect: 0 2
const fns = [];
for (let i = 0; i < 3; i++) fns.push(() => i);
console.log(fns.map(f => f()).join()); // expect: 0,1,2
var vs = [];
for (var j = 0; j < 3; j++) vs.push(() => j);
console.log(vs.map(f => f()).join()); // expect: 3,3,3
function outer() { var x = "outer"; function inner() { return x; } return inner; }
console.log(outer()()); // expect: outer
