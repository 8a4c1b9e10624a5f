// import() of a module whose top-level await rejects: every import() rejects with the same error.
const first = await import('./throws.mjs').catch((e) => e);
const second = await import('./throws.mjs').catch((e) => e);
console.log(first instanceof RangeError, first.message, first === second);
