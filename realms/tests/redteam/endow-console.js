// console is a host object.
// expect: ReferenceError
console.log('x');
