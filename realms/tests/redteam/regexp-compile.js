// RegExp.prototype.compile mutates shared regexps.
// expect: TypeError
/a/.compile('b');
