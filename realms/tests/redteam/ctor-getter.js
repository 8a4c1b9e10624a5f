// Through a getter function taken from an intrinsic.
// expect: TypeError
Object.getOwnPropertyDescriptor(Object.prototype, '__proto__').get.constructor('return 1')();
