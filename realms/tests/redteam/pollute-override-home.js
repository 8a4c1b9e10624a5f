// Assign through the override-mistake accessor on its home object.
// expect: TypeError
Object.prototype.toString = () => 'x';
