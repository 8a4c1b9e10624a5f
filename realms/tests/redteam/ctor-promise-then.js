// Through the constructor of a promise's then method.
// expect: TypeError
Promise.resolve().then.constructor('return 1')();
