lockdown();
const c = new Compartment();
print(c.globalThis.Array === Array, c.evaluate("[]") instanceof Array, c.globalThis.Function === Function, c.globalThis.eval === eval);
