lockdown();
const c = new Compartment({ __options__: true, globals: { y: 4 } });
print(c.evaluate("const z = 3; eval('z + y')"));
