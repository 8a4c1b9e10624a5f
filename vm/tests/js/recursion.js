// Deep recursion: 100,000 frames complete; unbounded recursion is a catchable RangeError.
function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
console.log(depth(100000)); // expect: 100000
function forever() { return forever(); }
try { forever(); } catch (e) { console.log(e instanceof RangeError); } // expect: true
