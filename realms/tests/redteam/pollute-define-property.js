// Object.defineProperty on a shared prototype.
// expect: TypeError
Object.defineProperty(Object.prototype, 'x', { value: 1 });
