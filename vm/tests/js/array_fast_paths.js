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

// An array literal of number literals is copied from the constant pool (CreateArrayFromList):
// every evaluation makes a new array of its own, with the realm's Array.prototype.
function leaves() { return [0, 1, 2.5, 1e21, 0x10]; }
var l1 = leaves(), l2 = leaves();
l1.push(9); l1[0] = 7;
print(l1.join(), l2.join(), l1 === l2, l2.length, Array.isArray(l2), Object.getPrototypeOf(l2) === Array.prototype); // expect: 7,1,2.5,1e+21,16,9 0,1,2.5,1e+21,16 false 5 true true
print([1, 2].concat([3, 4]).join(), [1, 2].map(function (x) { return x * 2; }).join(), [5, 6, ...[7]].join(), 1 / [0, -0][1]); // expect: 1,2,3,4 2,4 5,6,7 -Infinity

// start/end conversions run before the writes and may change the array
var d = [1, 2, 3];
d.fill(0, { valueOf: function () { Object.freeze(d); return 0; } }, 3);
// expect-error: TypeError
