// [].constructor.constructor: Array's inherited constructor.
// expect: TypeError
[].constructor.constructor('return globalThis')();
