// Numeric: integer and floating-point loops (arithmetic, bit operations, Math calls).
if (typeof print !== 'function') globalThis.print = console.log;

function sieve(n) {
  const flags = new Uint8Array(n + 1);
  let count = 0;
  for (let i = 2; i <= n; i++) {
    if (flags[i] === 0) {
      count++;
      for (let j = i * i; j <= n; j += i) flags[j] = 1;
    }
  }
  return count;
}

function intMix(n) {
  let h = 2166136261;
  for (let i = 0; i < n; i++) {
    h ^= i & 0xff;
    h = Math.imul(h, 16777619) >>> 0;
    h = (h + ((i * 7) | 0) - (i >> 3)) >>> 0;
  }
  return h;
}

function floatSum(n) {
  let s = 0, x = 0.5;
  for (let i = 1; i <= n; i++) {
    x = x * 1.0000001 + 1 / i;
    s += Math.sqrt(x) * 0.25 - Math.floor(x) * 0.001;
  }
  return s;
}

function mandel(size) {
  let inside = 0;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const cr = (px / size) * 3 - 2, ci = (py / size) * 3 - 1.5;
      let zr = 0, zi = 0, k = 0;
      while (k < 50 && zr * zr + zi * zi < 4) {
        const t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
        k++;
      }
      if (k === 50) inside++;
    }
  }
  return inside;
}

print('numeric ' + sieve(2000000) + ' ' + intMix(3000000) + ' ' +
      floatSum(1000000).toFixed(6) + ' ' + mandel(200));
