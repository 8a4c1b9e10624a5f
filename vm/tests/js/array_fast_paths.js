// The in-place fast paths of Array.prototype.fill and push must do exactly what the spec's
// sequence of Set calls does, and step aside whenever something could observe the difference.

// fill over holes, over a sub-range, with negative indices
var a = new Array(5).fill(7);
print(a.join(","), a.length); // expect: 7,7,7,7,7 5
print([1, 2, 3, 4, 5].fill(0, 1, -1).join(",")); // expect: 1,0,0,0,5
var holes = new Array(4);
holes.fill("x", 2);
print(0 in holes, 1 in holes, 2 in holes, holes[3]); // expect: false false true x

// a setter for an index on the prototype chain sees every write (slow path)
var seen = "";
Object.defineProperty(Array.prototype, 1, {
  set: function (v) { seen += v; },
  configurable: true,
});
var b = new Array(3);
b.fill(9);
print(seen, b.hasOwnProperty(1), b[0], b[2]); // expect: 9 false 9 9
var c = [];
c.push("p", "q");
print(seen, c.length, c[0], c.hasOwnProperty(1)); // expect: 9q 2 p false
delete Array.prototype[1];

// start/end conversions run before the writes and may change the array
var d = [1, 2, 3];
d.fill(0, { valueOf: function () { Object.freeze(d); return 0; } }, 3);
// expect-error: TypeError
