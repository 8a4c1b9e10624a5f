// Appending to a long string moves its buffer into the result and leaves the old string a
// prefix of it (Heap::concat): every step of the loop must still read as itself.
const steps = [];
let s = "";
for (let i = 0; i < 300; i++) {
  s += "ab";
  steps.push(s);
}
let ok = true;
for (let i = 0; i < 300; i++) {
  if (steps[i].length !== 2 * (i + 1) || steps[i].slice(-2) !== "ab") ok = false;
}
print(ok, steps[0], steps[299].length); // expect: true ab 600
// A prefix of a prefix: append twice to the same old string.
const base = "p".repeat(100);
const one = base + "1";
const two = base + "2";
print(base.length, one.slice(-2), two.slice(-2), one === base + "1"); // expect: 100 p1 p2 true
// s += s, and strings used as property keys after being appended to.
let d = "q".repeat(70);
d += d;
const o = { [d + "k"]: 7 };
print(d.length, o["q".repeat(140) + "k"]); // expect: 140 7
// The longest string is 2^28 - 16 code units: longer is a RangeError.
let big = "x".repeat(1 << 27);
let error;
try {
  big += big;
} catch (e) {
  error = e;
}
big = undefined;
print(error instanceof RangeError, error && error.message); // expect: true Invalid string length
