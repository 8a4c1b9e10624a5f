// A sloppy function from eval still cannot see a global this outside.
// expect: none
const f = (0, eval)('(function () { return this; })'); if (f() === undefined) {} else if (f().secret) throw new Error('ESCAPED');
