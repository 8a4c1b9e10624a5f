// A with statement over the global (compartment code is strict).
// expect: SyntaxError
with (globalThis) { secret; }
