// Reflect.construct on the Function-family constructor.
// expect: TypeError
Reflect.construct(Function.prototype.constructor, ['return 1']);
