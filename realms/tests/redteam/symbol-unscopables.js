// Edit Array.prototype[Symbol.unscopables].
// expect: TypeError
Array.prototype[Symbol.unscopables].flat = false;
