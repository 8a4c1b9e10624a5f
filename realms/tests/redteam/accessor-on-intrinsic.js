// Install a getter on a shared prototype to observe every read.
// expect: TypeError
Object.defineProperty(Array.prototype, 'length2', { get() { return 1; } });
