// A binary operator whose right operand is a small-integer literal runs as one instruction
// (AddSmi, ShrSmi, ...), and `x++` / `x--` on a register variable whose old value is used as
// PostIncReg / PostDecReg. Each must keep the operator's full semantics.
function f(x) {
  return [x + 1, x - 1, x * 2, x & 255, x | 1, x ^ 3, x << 31, x >> 1, x >>> 0];
}
console.log(JSON.stringify(f(5))); // expect: [6,4,10,5,5,6,-2147483648,2,5]
console.log(JSON.stringify(f(-1))); // expect: [0,-2,-2,255,-1,-4,-2147483648,-1,4294967295]
console.log(JSON.stringify(f(2.5))); // expect: [3.5,1.5,5,2,3,1,0,1,2]
console.log(JSON.stringify(f('7'))); // expect: ["71",6,14,7,7,4,-2147483648,3,7]
console.log(JSON.stringify(f({ valueOf() { return 9; } }))); // expect: [10,8,18,9,9,10,-2147483648,4,9]
console.log(JSON.stringify(f(4294967297))); // expect: [4294967298,4294967296,8589934594,1,1,2,-2147483648,0,1]
var z = -0;
console.log(Object.is(z * 0, -0), Object.is(z + 0, 0), Object.is(z - 0, -0), 1 / (z | 0)); // expect: true true true Infinity
console.log(f(NaN).join(), (Infinity * 0)); // expect: NaN,NaN,NaN,0,1,3,0,0,0 NaN
try { f(1n); } catch (e) { console.log(e.constructor.name); } // expect: TypeError
var order = [];
var lhs = { valueOf() { order.push('lhs'); return 1; } };
console.log(((order.push('eval'), lhs)) << 2, order.join()); // expect: 4 eval,lhs

function post(a) {
  var i = a, j = a;
  var got = [i++, i, j--, j];
  return got;
}
console.log(JSON.stringify(post(1)), JSON.stringify(post('5')), JSON.stringify(post(null))); // expect: [1,2,1,0] [5,6,5,4] [0,1,0,-1]
console.log(post(10n).join()); // expect: 10,11,10,9
console.log(post({ valueOf() { return 3; } }).join(), post(undefined).join()); // expect: 3,4,3,2 NaN,NaN,NaN,NaN
function indexes(arr) {
  var k = 0, out = [];
  while (k < arr.length) out.push(arr[k++]);
  return out.join();
}
console.log(indexes(['a', 'b', 'c'])); // expect: a,b,c
