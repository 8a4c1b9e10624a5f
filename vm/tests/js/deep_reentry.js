// Native code calling back into JavaScript nests the Rust stack: endless re-entry is a
// RangeError, not a crashed process.
const o = { get x() { return o.x; } };
try {
  o.x;
} catch (e) {
  print(e instanceof RangeError, e.message); // expect: true Maximum call stack size exceeded
}
const it = { [Symbol.iterator]() { return this; }, next() { return [...it]; } };
try {
  it.next();
} catch (e) {
  print(e instanceof RangeError); // expect: true
}
print("still running"); // expect: still running
