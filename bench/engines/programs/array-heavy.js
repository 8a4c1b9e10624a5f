// Array-heavy: push/pop, indexed loops, map/filter/reduce, sort.
if (typeof print !== 'function') globalThis.print = console.log;

let seed = 12345;
function rand() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed; }

let check = 0;
for (let round = 0; round < 30; round++) {
  const a = [];
  for (let i = 0; i < 20000; i++) a.push(rand() % 100000);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  const stack = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] & 1) stack.push(a[i]); else if (stack.length) s -= stack.pop();
  }
  const evens = a.filter(x => x % 2 === 0).map(x => x >> 1);
  const total = evens.reduce((acc, x) => acc + x, 0);
  const sorted = a.slice().sort((x, y) => x - y);
  const grid = [];
  for (let i = 0; i < 100; i++) { grid.push(new Array(100).fill(i)); }
  let g = 0;
  for (let i = 0; i < 100; i++) for (let j = 0; j < 100; j++) g += grid[i][j] * j;
  check = (check + s + total + sorted[100] + sorted[19000] + stack.length + g +
           a.indexOf(sorted[5000])) % 1000000007;
}
print('array-heavy ' + check);
