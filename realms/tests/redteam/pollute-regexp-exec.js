// Replace RegExp.prototype.exec.
// expect: TypeError
RegExp.prototype.exec = () => null;
