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
// `a.push(x)` with one argument runs without a native call when the callee is this realm's
// %Array.prototype.push% and the array is plain; everything else takes the full steps.
var p = [];
var lengths = [];
for (var i = 0; i < 5; i++) lengths[i] = p.push(i * 2);
console.log(lengths.join()); // expect: 1,2,3,4,5
console.log(p.join()); // expect: 0,2,4,6,8
var frozen = Object.freeze([1]);
try { frozen.push(2); } catch (e) { console.log(e.constructor === TypeError, frozen.length); } // expect: true 1
var fixedLength = [1, 2];
Object.defineProperty(fixedLength, "length", { writable: false });
try { fixedLength.push(3); } catch (e) { console.log(e.constructor === TypeError, fixedLength.length, fixedLength[2]); } // expect: true 2 undefined
var holey = [, 1];
console.log(holey.push(7), holey[2], 0 in holey); // expect: 3 7 false
Object.defineProperty(Array.prototype, "6", { set(v) { console.log("setter", v); }, configurable: true });
var q = [0, 1, 2, 3, 4, 5];
console.log(q.push("x"), q.hasOwnProperty(6), q.length); // expect: setter x
// expect: 7 false 7
delete Array.prototype[6];
var obj = { length: 1, push: Array.prototype.push };
console.log(obj.push("y"), obj[1], obj.length); // expect: 2 y 2
var own = [];
own.push = function (v) { return "own " + v; };
console.log(own.push(1), own.length); // expect: own 1 0
