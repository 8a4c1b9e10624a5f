// Hijack every promise's then.
// expect: TypeError
Promise.prototype.then = function () {};
