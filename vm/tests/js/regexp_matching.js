// Matching reads the subject where it is in the heap, tries only the positions a match can
// start at (the start predicate), and a sticky search tries lastIndex only.

// A lastIndex whose valueOf allocates (a collection may move the subject under --gc-stress).
var big = 'x'.repeat(50) + 'a1b22c333';
var re = /\d+/g;
re.lastIndex = { valueOf() { var junk = []; for (var i = 0; i < 200; i++) junk.push({ i: i, s: 'j' + i }); return 50; } };
var m = re.exec(big);
console.log(m[0], m.index, re.lastIndex); // expect: 1 51 52
console.log(re.exec(big)[0], re.exec(big)[0], re.exec(big), re.lastIndex); // expect: 22 333 null 0

// Sticky: a match only at lastIndex, never later.
var y = /b+/y;
y.lastIndex = 1;
console.log(y.test('abbc'), y.lastIndex); // expect: true 3
y.lastIndex = 0;
console.log(y.test('abbc'), y.lastIndex); // expect: false 0
console.log('a;b ; c;;d'.split(/\s?;\s?/).join('|')); // expect: a|b|c||d
console.log('x1y22z'.split(/(\d)/).join('|')); // expect: x|1|y|2||2|z
console.log('abc'.split(/(?:)/u).join('|'), ''.split(/x/).length, ''.split(/(?:)/).length); // expect: a|b|c 1 0
console.log('\u{1F600}\u{1F601}'.split(/(?:)/u).length, '\u{1F600}\u{1F601}'.split(/(?:)/).length); // expect: 2 4

// Start predicates: assertions before the first character, case folding, non-ASCII, surrogates.
console.log('foo bar'.search(/\bbar/), 'one\ntwo'.search(/^two/m), 'abab'.search(/(?<=a)b/)); // expect: 4 4 1
console.log('xK'.search(/\u212a/i), 'x\u212a'.search(/k/iu), 'x\u017f'.search(/s/iu)); // expect: -1 1 1
console.log('abc\u00e9'.search(/\u00c9/i), 'ab\ud83d'.search(/\ud83d/), 'a\ud83d\ude00'.search(/\ude00/u)); // expect: 3 2 -1
console.log('a\ud83d\ude00'.search(/\ude00/), 'aaa'.replace(/a*?$/, '-'), 'q'.search(/$/)); // expect: 2 - 1
console.log('ab12'.replace(/[^a-z]/g, '#'), 'AbC'.replace(/[a-c]/gi, '.')); // expect: ab## ...

// A long subject walked by exec: each call matches in place.
var long = 'ab,'.repeat(20000);
var g = /b/g, n = 0;
while (g.exec(long)) n++;
console.log(n); // expect: 20000

// split with the built-in exec searches instead of trying every position; it must give what
// the spec's sticky walk gives, limits, captures and legacy statics included.
console.log('a1b2c3'.split(/\d/, 2).join('|'), 'a1b2c3'.split(/(\d)|(x)/).length, 'ab'.split(/(?:)/, 1).join('|')); // expect: a|b 10 a
console.log(JSON.stringify('a-b_c'.split(/(-)|(_)/))); // expect: ["a","-",null,"b",null,"_","c"]
console.log('x y  z'.split(/ */).join('|'), 'aXbxc'.split(/x/i).join('|'), '\u{1F600}a\u{1F600}'.split(/a/u).length); // expect: x|y|z a|b|c 2
'k1=v1;k2=v2'.split(/=(v\d)/);
console.log(RegExp.$1, RegExp.lastMatch); // expect: v2 =v2
// An exec the program replaced is called once per position, as the spec says.
var calls = 0, saved = RegExp.prototype.exec;
RegExp.prototype.exec = function (s) { calls++; return saved.call(this, s); };
console.log('a,b,c'.split(/,/).join('|'), calls); // expect: a|b|c 5
RegExp.prototype.exec = saved;
class R extends RegExp {}
console.log('a,b'.split(new R(',')).join('|')); // expect: a|b

// Matchers are found again by their source and flags strings until a collection moves them
// (RegExpCache::recent): the same text with other flags, other text in the slot a previous
// pattern used, more patterns than the memo holds, and collections between the calls all
// match by the right pattern.
{
  const results = [];
  for (let round = 0; round < 3; round++) {
    const made = [];
    for (let i = 0; i < 40; i++) made.push(new RegExp("x" + i + "|b", i % 2 ? "gi" : "g"));
    let found = "";
    made.forEach((re, i) => { found += re.exec("X" + i + " b")[0]; });
    // Garbage between rounds, so that collections move the patterns' strings.
    let junk = [];
    for (let i = 0; i < 20000; i++) junk.push({ i, s: "junk" + i });
    junk = null;
    const a = /ab+c/g, b = /ab+c/gi;
    results.push(found.length, found.slice(0, 8), "xABBC abbc".replace(a, "-"), "xABBC abbc".replace(b, "-"));
  }
  print(results.join(" "));  // expect: 75 bX1bX3bX xABBC - x- - 75 bX1bX3bX xABBC - x- - 75 bX1bX3bX xABBC - x- -
}

// The string methods skip `exec` and the flag getters only while they are the built-in ones
// (is_pristine): each change below is seen at once, and undoing it restores the fast path.
{
  const out = [];
  const re = /o/g;
  out.push("foo".replace(re, "0"));
  const exec = RegExp.prototype.exec;
  RegExp.prototype.exec = function (s) { out.push("exec"); return exec.call(this, s); };
  out.push("foo".replace(re, "1"));
  RegExp.prototype.exec = exec;
  out.push("foo".replace(re, "2"));
  const global = Object.getOwnPropertyDescriptor(RegExp.prototype, "global");
  Object.defineProperty(RegExp.prototype, "global", { get() { return false; }, configurable: true });
  out.push("foo".replace(re, "3"));
  Object.defineProperty(RegExp.prototype, "global", global);
  out.push("foo".replace(re, "4"));
  const own = /o/g;
  own.exec = function () { out.push("own"); return null; };
  out.push("foo".replace(own, "5"));
  const flagged = /o/g;
  Object.defineProperty(flagged, "flags", { value: "" });
  out.push("foo".replace(flagged, "6"), "foo".match(/o/g).length, "a,b".split(/,/).length);
  print(out.join(" ")); // expect: f00 exec exec exec f11 f22 f3o f44 own foo f6o 2 2
}
