// A bound copy of the Function-family constructor.
// expect: TypeError
Function.prototype.bind.call(Function.prototype.constructor, null, 'return 1')();
