// The compartment's Function closes over the compartment's global.
// expect: none
if (Function('return typeof secret')() !== 'undefined') throw new Error('ESCAPED');
