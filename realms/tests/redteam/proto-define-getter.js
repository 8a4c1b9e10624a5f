// __defineGetter__ on Object.prototype.
// expect: TypeError
Object.prototype.__defineGetter__('g', () => 1);
