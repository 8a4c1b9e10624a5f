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
