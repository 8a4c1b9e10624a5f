lockdown();
const api = harden({ n: 1 });
const c = new Compartment({ __options__: true, globals: { api } });
try { c.evaluate("api.n = 2"); print("mutated"); } catch (e) { print(e.constructor.name); }
print(api.n);
