// The tests of if, while, do-while, for and ?: compile to jumps alone (see
// compiler/src/emit/conditions.rs): `!`, `&&`, `||`, `=== null`, `=== undefined` and boolean
// literals decide the branch without computing a value.
var log = [];
function t(name, v) { log.push(name); return v; }
function cases(a, b) {
  var out = [];
  if (!a) out.push('!a');
  if (!!a) out.push('!!a');
  if (t('a', a) && t('b', b)) out.push('a&&b');
  if (t('a', a) || t('b', b)) out.push('a||b');
  if (!(a && b) || !b) out.push('!(a&&b)||!b');
  if (a === null) out.push('a===null');
  if (a !== null) out.push('a!==null');
  if (a === undefined) out.push('a===undef');
  if (!(a !== undefined)) out.push('!(a!==undef)');
  out.push(a && !b ? 'cond-yes' : 'cond-no');
  return out.join(' ');
}
console.log(cases(1, 0)); // expect: !!a a||b !(a&&b)||!b a!==null cond-yes
console.log(cases(0, 1)); // expect: !a a||b !(a&&b)||!b a!==null cond-no
console.log(cases(null, 1)); // expect: !a a||b !(a&&b)||!b a===null cond-no
console.log(cases(undefined, 0)); // expect: !a !(a&&b)||!b a!==null a===undef !(a!==undef) cond-no
console.log(log.join('')); // expect: abaaabaabaab

// Loops.
var i = 0, n = 0;
while (true) { if (++i > 3) break; n += i; }
do { n += 100; } while (false);
for (var k = 5; !(k === 0); k--) n += 1000;
for (var m = null; m !== null && m.x;) n = -1;
console.log(i, n); // expect: 4 5106

// A shadowed `undefined` is a variable, not the literal.
function shadow(x) { var undefined = 5; return x === undefined ? 'five' : 'other'; }
console.log(shadow(5), shadow(void 0)); // expect: five other

// IsHTMLDDA-free loose comparisons still go through Eq.
console.log([null == undefined ? 1 : 0, 0 == null ? 1 : 0, '' == false ? 1 : 0].join()); // expect: 1,0,1

// Completion values of statements whose test is a condition.
console.log(eval('if (!0) 1; else 2'), eval('if (0 || null) 1; else 2'), eval('var c = 0; while (!(c === 2)) c++;')); // expect: 1 2 1
console.log(eval('1; do ; while (false)'), eval('2; if (false) 3;')); // expect: undefined undefined

// Assignment and calls in conditions keep their order and effects.
var q, seen = [];
if ((q = t('q', 0)) || t('r', null) === null) seen.push(q);
console.log(seen.join(), log.slice(-2).join('')); // expect: 0 qr
