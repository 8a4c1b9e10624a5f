// globalThis.constructor.constructor.
// expect: TypeError
globalThis.constructor.constructor('return 1')();
