// Direct eval sees the compartment's global.
// expect: none
if (eval('typeof secret') !== 'undefined') throw new Error('ESCAPED');
