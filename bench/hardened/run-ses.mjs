// Runs one program of programs/ on node with the SES shim: `print` is console.log, and the
// program is evaluated as a script in the start compartment (indirect eval).
import 'ses';
import { readFileSync } from 'node:fs';
globalThis.print = (...args) => console.log(...args.map(String));
try {
  (0, eval)(readFileSync(process.argv[2], 'utf8'));
} catch (e) {
  console.log('Uncaught', e && e.constructor && e.constructor.name);
}
