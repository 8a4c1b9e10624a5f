// Atomics.
// expect: ReferenceError
Atomics.load(new Int32Array(1), 0);
