// Function('return this')() is undefined in strict compartment code.
// expect: none
if (Function('return this')() !== undefined) throw new Error('ESCAPED');
