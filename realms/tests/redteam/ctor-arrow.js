// Through an arrow function's constructor.
// expect: TypeError
(() => 0).constructor('return this')();
