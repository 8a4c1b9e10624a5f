// Reflect.apply on the Function-family constructor.
// expect: TypeError
Reflect.apply(Function.prototype.constructor, undefined, ['return 1']);
