// Closure-heavy: creating closures, calling them, higher-order functions,
// currying and composition.
if (typeof print !== 'function') globalThis.print = console.log;

function counter(start) {
  let n = start;
  return { inc: () => ++n, get: () => n };
}
const compose = (f, g) => x => f(g(x));
const curry3 = f => a => b => c => f(a, b, c);
function repeat(n, f, x) { for (let i = 0; i < n; i++) x = f(x); return x; }

let check = 0;
for (let round = 0; round < 1000; round++) {
  const c = counter(round);
  for (let i = 0; i < 2000; i++) c.inc();
  const adders = [];
  for (let i = 0; i < 500; i++) adders.push(x => x + i);
  let acc = 0;
  for (let i = 0; i < adders.length; i++) acc = adders[i](acc) % 1000003;
  const f = compose(x => x * 3 % 1000003, x => x + 7);
  const sum3 = curry3((a, b, c) => a + b + c);
  let t = 0;
  for (let i = 0; i < 1000; i++) t = (t + sum3(i)(round)(t & 15)) % 1000003;
  check = (check + c.get() + acc + repeat(1000, f, round) + t) % 1000000007;
}
print('closure-heavy ' + check);
