// The SES shim's side of the hardened-JS benchmarks, for node --jitless (times in µs).
import 'ses';
const now = () => performance.now();
let t = now();
lockdown();
console.log("lockdown", ((now() - t) * 1000).toFixed(0));
const makeGraph = () => { let head = null; for (let i = 0; i < 50000; i++) head = { i, next: head, tags: [i] }; return head; };
const g = makeGraph();
t = now(); harden(g);
console.log("harden100k", ((now() - t) * 1000).toFixed(0));
const M = 200;
t = now();
for (let i = 0; i < M; i++) new Compartment().evaluate("1");
console.log("compartment", ((now() - t) * 1000 / M).toFixed(1));
