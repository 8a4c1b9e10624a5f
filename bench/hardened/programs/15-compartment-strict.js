lockdown();
const c = new Compartment();
try { c.evaluate("undeclared = 1"); print("sloppy"); } catch (e) { print(e.constructor.name); }
print(c.evaluate("(function () { return this; })()"));
