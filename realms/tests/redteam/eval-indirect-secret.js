// Indirect eval sees the compartment's global, not the start one.
// expect: none
if ((0, eval)('typeof secret') !== 'undefined') throw new Error('ESCAPED');
