// Number.prototype.toString.
// expect: TypeError
Number.prototype.toString = () => '0';
