// Symbol.species on an own subclass affects only that subclass.
// expect: none
class A extends Array { static get [Symbol.species]() { return Array; } } const r = new A(1, 2, 3).map((x) => x); if (Object.getPrototypeOf(r) !== Array.prototype) throw new Error('ESCAPED');
