// Replace Function.prototype.call.
// expect: TypeError
Function.prototype.call = function () {};
