// Replace Array.prototype[Symbol.iterator].
// expect: TypeError
Array.prototype[Symbol.iterator] = function* () {};
