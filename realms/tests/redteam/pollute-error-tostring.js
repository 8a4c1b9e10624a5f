// Replace Error.prototype.toString.
// expect: TypeError
Error.prototype.toString = () => 'x';
