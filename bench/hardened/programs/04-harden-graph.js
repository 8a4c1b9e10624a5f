lockdown();
const o = { a: { b: [1, { c: 2 }] } };
print(harden(o) === o, Object.isFrozen(o), Object.isFrozen(o.a), Object.isFrozen(o.a.b), Object.isFrozen(o.a.b[1]));
print(harden(1), harden("s"), harden(null));
