// ({}).constructor.constructor.
// expect: TypeError
({}).constructor.constructor('return globalThis')();
