// Replace Array.prototype.push for every array outside.
// expect: TypeError
Array.prototype.push = function () { return 0; };
