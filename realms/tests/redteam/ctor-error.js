// Through an error object's constructor chain.
// expect: TypeError
new Error('x').constructor.constructor('return 1')();
