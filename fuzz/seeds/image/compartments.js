// A compartment with its own globals, then lockdown: hardened intrinsics, realm lockdown state.
const c = new Compartment({ globals: { seen: [] } });
globalThis.cf = c.evaluate('(x) => { seen.push(x); return seen.length; }');
cf(1);
lockdown();
globalThis.frozen = harden({ a: [1, 2], b: { c: 'd' } });
