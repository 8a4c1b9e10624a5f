lockdown();
const c = new Compartment();
print(c.evaluate("this === globalThis"), c.globalThis !== globalThis);
