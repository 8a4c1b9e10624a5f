// Redefine Array[Symbol.species] to capture arrays made by the host.
// expect: TypeError
Object.defineProperty(Array, Symbol.species, { get() { return function () {}; } });
