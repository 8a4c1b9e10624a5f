// Delete a method from a shared prototype.
// expect: TypeError
delete Array.prototype.map;
