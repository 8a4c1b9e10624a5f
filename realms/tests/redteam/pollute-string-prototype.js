// Add a method to String.prototype.
// expect: TypeError
String.prototype.evil = () => 1;
