lockdown();
const o = {}; o.toString = () => "own"; print(String(o));
const d = Object.getOwnPropertyDescriptor(Object.prototype, "toString");
print("get" in d, "value" in d);
try { "use strict"; Object.prototype.toString = () => ""; print("assigned"); } catch (e) { print(e.constructor.name); }
