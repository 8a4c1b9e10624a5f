// The compiler reads a register variable in place as an instruction's operand when nothing
// evaluated before the instruction runs can assign that variable (`leaves_binding`), and
// `++x`/`x--` of a register variable is one `IncReg`/`DecReg`. Each case here is one where
// an assignment or update between the read and the use must (or must not) be seen.

// `x[++i] = v`: the key updates `i`, not `x`, so `x` is read in place; the key is `i` after.
function keyUpdatesAnother() {
  var x = [0, 0, 0], i = 0;
  x[++i] = 7;
  return x.join() + ' ' + i;
}
console.log(keyUpdatesAnother()); // expect: 0,7,0 1

// The value reassigns the object variable: the old object still receives the property.
function valueReassignsObject() {
  var y = [1, 2, 3], x = y, i = 1;
  x[i++] = (x = [9], 8);
  return y.join() + ' ' + x.join() + ' ' + i;
}
console.log(valueReassignsObject()); // expect: 1,8,3 9 2

// The key reassigns the object variable: the member is read on the old object.
function keyReassignsObject() {
  var x = { a: 'old' }, k;
  return x[(x = { a: 'new' }, 'a')];
}
console.log(keyReassignsObject()); // expect: old

// A binary operator's left operand is read before the right one assigns it.
function rightAssignsLeft() {
  var a = 1;
  var r = a + (a = 10);
  var b = 2;
  var s = b * ++b;
  return [r, a, s, b].join();
}
console.log(rightAssignsLeft()); // expect: 11,10,6,3

// ... and read in place when the right operand assigns only other variables.
function rightAssignsOther() {
  var a = 1, c = 0;
  var r = a + (c = 5) + ++c;
  return [r, a, c].join();
}
console.log(rightAssignsOther()); // expect: 12,1,6

// Compound assignment whose value assigns the target: the old value is used.
function compoundSelf() {
  var a = 1;
  a += (a = 5);
  var b = 3, c = 1;
  b *= ++c;
  return [a, b, c].join();
}
console.log(compoundSelf()); // expect: 6,6,2

// IncReg/DecReg: ToNumeric once, BigInts, strings, objects, and the result in prefix use.
function updates() {
  var log = [];
  var o = { valueOf() { log.push('v'); return 5; } };
  var p = o;
  ++p;
  var big = 10n;
  --big; big++; ++big;
  var s = '5';
  s++;
  var n = 1;
  var pre = ++n + ++n;
  var d = 3;
  var post = d-- + d--;
  let q = 1;
  q++; ++q;
  for (var k = 0; k < 3; k++) {}
  return [p, typeof big, String(big), s, typeof s, pre, n, post, d, q, k, log.join('')].join();
}
console.log(updates()); // expect: 6,bigint,11,6,number,5,3,5,1,3,3,v

// An object whose valueOf gives a BigInt is incremented as a BigInt (ToNumeric, not ToNumber).
function bigintObject() {
  var o = { valueOf() { return 41n; } };
  o++;
  return typeof o + ' ' + o;
}
console.log(bigintObject()); // expect: bigint 42

// An update of a const throws; a let in its TDZ throws a ReferenceError.
function constUpdate() {
  const c = 1;
  try { c++; } catch (e) { return e.constructor.name + ' ' + c; }
}
console.log(constUpdate()); // expect: TypeError 1
function tdzUpdate() {
  try { ++t; } catch (e) { return e.constructor.name; }
  let t = 0;
}
console.log(tdzUpdate()); // expect: ReferenceError

// A captured variable lives in an environment, not a register: closures see the updates.
function captured() {
  var i = 0;
  var get = () => i;
  ++i; i++;
  return get();
}
console.log(captured()); // expect: 2
