lockdown();
let called = false;
const o = harden({ get g() { called = true; return {}; } });
print(called, Object.isFrozen(Object.getOwnPropertyDescriptor(o, "g").get));
