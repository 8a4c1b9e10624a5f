// Object.prototype[Symbol.toPrimitive] to run code on every conversion.
// expect: TypeError
Object.prototype[Symbol.toPrimitive] = () => 1;
