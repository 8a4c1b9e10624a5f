// The start global's own properties are not in the compartment.
// expect: none
if (typeof secret !== 'undefined' || 'secret' in globalThis) throw new Error('ESCAPED');
