// SharedArrayBuffer as a high-resolution timer.
// expect: ReferenceError
new SharedArrayBuffer(8);
