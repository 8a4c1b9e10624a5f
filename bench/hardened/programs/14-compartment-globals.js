lockdown();
const c = new Compartment({ __options__: true, globals: { x: 20 } });
print(c.evaluate("x + 1"), c.evaluate("typeof globalThis.x"));
