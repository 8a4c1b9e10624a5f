lockdown();
const a = {}; const b = { a }; a.b = b; a.self = a;
harden(a);
print(Object.isFrozen(a), Object.isFrozen(b));
