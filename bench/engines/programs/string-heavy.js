// String-heavy: concatenation, slice, indexOf, split/join, template literals,
// case conversion and character codes.
if (typeof print !== 'function') globalThis.print = console.log;

const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
let check = 0;
for (let round = 0; round < 500; round++) {
  let text = '';
  for (let i = 0; i < 2000; i++) text += words[(i * 7 + round) % words.length] + ' ';
  const parts = text.split(' ');
  const joined = parts.join(',');
  let pos = 0, hits = 0;
  while ((pos = joined.indexOf('eta', pos)) !== -1) { hits++; pos += 3; }
  let lines = [];
  for (let i = 0; i < 1000; i++) {
    const w = parts[i];
    lines.push(`${i}:${w.toUpperCase()}:${w.slice(1, 3)}:${w.length}`);
  }
  const doc = lines.join('\n');
  let codes = 0;
  for (let i = 0; i < doc.length; i += 5) codes = (codes + doc.charCodeAt(i)) | 0;
  const replaced = doc.split('A').join('a').slice(100, 600);
  check = (check + hits + doc.length + codes + replaced.lastIndexOf(':')) % 1000000007;
}
print('string-heavy ' + check);
