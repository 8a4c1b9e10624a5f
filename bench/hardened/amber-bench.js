// Amber's side of the hardened-JS benchmarks (times in microseconds; see run.sh).
const now = () => Date.now();
// 1. lockdown() on a fresh realm: ShadowRealms with and without lockdown, the difference.
const N = 200;
let t = now();
for (let i = 0; i < N; i++) new ShadowRealm().evaluate("0");
const realmOnly = (now() - t) / N;
t = now();
for (let i = 0; i < N; i++) new ShadowRealm().evaluate("lockdown()");
const withLockdown = (now() - t) / N;
print("lockdown", ((withLockdown - realmOnly) * 1000).toFixed(0));
lockdown();
// 2. harden of a 100,000-object graph.
const makeGraph = () => { let head = null; for (let i = 0; i < 50000; i++) head = { i, next: head, tags: [i] }; return head; };
const g = makeGraph();
t = now(); harden(g);
print("harden100k", ((now() - t) * 1000).toFixed(0));
// 3. new Compartment() + evaluate("1").
const M = 2000;
t = now();
for (let i = 0; i < M; i++) new Compartment().evaluate("1");
print("compartment", ((now() - t) * 1000 / M).toFixed(1));
