// Replace Map.prototype.set.
// expect: TypeError
Map.prototype.set = function () { return this; };
