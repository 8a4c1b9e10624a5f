lockdown();
const c = new Compartment();
try { c.evaluate("Object.prototype.evil = 1"); print("polluted"); } catch (e) { print(e.constructor.name); }
print(typeof ({}).evil);
