// A Proxy around the Function-family constructor.
// expect: TypeError
new Proxy(Function.prototype.constructor, {})('return 1');
