// Exhaust the stack through a host callback.
// expect: RangeError
const f = () => api.call(f, 1); f();
