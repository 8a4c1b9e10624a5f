// A child compartment has no more authority than its parent.
// expect: none
const c = new Compartment(); if (c.evaluate('typeof secret') !== 'undefined' || c.evaluate('typeof api') !== 'undefined') throw new Error('ESCAPED');
