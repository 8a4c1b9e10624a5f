// Text and bytes modules: `with { type: 'text' }` and `with { type: 'bytes' }`, statically
// and through import(); each type of the same file is its own module.
import text from './greeting.txt' with { type: 'text' };
import bytes from './data.bin' with { type: 'bytes' };
import textAgain from './greeting.txt' with { type: 'text' };
import greetingBytes from './greeting.txt' with { type: 'bytes' };
// The BOM is dropped; the malformed byte 0xFF is U+FFFD.
console.log(JSON.stringify(text), text.length, text === textAgain, text.charCodeAt(6).toString(16));
console.log(Object.prototype.toString.call(bytes), bytes.length, [...bytes].join(), bytes.buffer.immutable);
let threw;
try { bytes[0] = 9; threw = false; } catch (e) { threw = e.name; }
console.log(bytes[0], threw, greetingBytes.length, greetingBytes[0].toString(16));
const ns = await import('./data.bin', { with: { type: 'bytes' } });
const textNs = await import('./text-bytes.mjs', { with: { type: 'text' } });
console.log(ns.default === bytes, Object.keys(ns).join(), textNs.default.startsWith('// Text and bytes'));
const bad = await import('./data.bin', { with: { type: 'binary' } }).catch((e) => e.name);
console.log(bad);
