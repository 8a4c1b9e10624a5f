// `base[key] = value` evaluates base, key and value, then does PutValue's steps in order:
// ToObject(base) (a null or undefined base throws before the key is converted), then
// ToPropertyKey(key), then [[Set]]. The SetKeyed instruction does all three.
var log = [];
var key = { toString() { log.push('key'); return 'p'; } };
try {
  var b = null;
  b[key] = (log.push('rhs'), 1);
} catch (e) {
  log.push(e.constructor.name);
}
console.log(log.join()); // expect: rhs,TypeError

log = [];
var o = {};
o[key] = (log.push('rhs'), 2);
console.log(log.join(), o.p); // expect: rhs,key 2

// A primitive base converts the key too (and the assignment is dropped in sloppy mode).
log = [];
var s = 'abc';
s[key] = 3;
console.log(log.join(), s.p); // expect: key undefined

// The message names a primitive key.
try { var u; u['q'] = 1; } catch (e) { console.log(e.message); } // expect: Cannot set properties of undefined (setting 'q')
try { var n = null; n[1.5] = 1; } catch (e) { console.log(e.message); } // expect: Cannot set properties of null (setting '1.5')
