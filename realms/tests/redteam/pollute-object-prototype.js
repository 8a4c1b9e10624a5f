// Add a property to Object.prototype.
// expect: TypeError
Object.prototype.polluted = true;
