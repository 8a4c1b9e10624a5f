// Replace a %TypedArray%.prototype method.
// expect: TypeError
Object.getPrototypeOf(Uint8Array.prototype).fill = () => 0;
