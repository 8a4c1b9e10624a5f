lockdown();
const c = new Compartment();
print(c.evaluate("Function('return this')()"), c.evaluate("typeof Function('return globalThis')()"));
try { c.evaluate("(function () {}).constructor('return 1')"); print("reachable"); } catch (e) { print(e.constructor.name); }
