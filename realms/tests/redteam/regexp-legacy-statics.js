// RegExp.$1 as a channel between compartments.
// expect: none
/(secret)/.exec('secret'); if (RegExp.$1 === 'secret' || RegExp.lastMatch) throw new Error('ESCAPED');
