// Change %Object.prototype%'s prototype.
// expect: TypeError
Object.setPrototypeOf(Object.prototype, { evil: 1 });
