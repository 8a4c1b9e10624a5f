function* g() { let x = yield 1; try { yield x * 2; } finally { globalThis.d = 1; } }
const it = g(); it.next(); it.next(21); globalThis.it = it;
async function af() { await null; return 5; }
globalThis.p = af(); globalThis.q = Promise.resolve(1).then(v => v + 1);
