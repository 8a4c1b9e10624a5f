// Function.prototype.toString slices the script's source by the parser's UTF-8 spans: text
// before and inside a function may hold characters of every UTF-8 and UTF-16 width.
var a = function  é() { return "ü"; };
function b(x) { /* 𝒳 */ return x; }
var c = (y) => y + "€";
class D { m() { return 1 } }
print(a.toString()); // expect: function  é() { return "ü"; }
print(b.toString()); // expect: function b(x) { /* 𝒳 */ return x; }
print(c.toString()); // expect: (y) => y + "€"
print(D.toString()); // expect: class D { m() { return 1 } }
print(D.prototype.m.toString()); // expect: m() { return 1 }
print(Function("a", "return a + '𝒳'").toString().includes("return a + '𝒳'")); // expect: true
// A long source with non-ASCII text (BMP and astral) spread through it: the UTF-8 offsets
// the parser records map to code units through checkpoints every few thousand units, so
// functions far into it, between and across them, still show their exact text.
var parts = [];
for (var i = 0; i < 300; i++) {
  parts.push("var f" + i + " = function g" + i + "() { return '" + (i % 3 ? "ü" : "😀") + i + "'; };");
  parts.push("// " + "é😀x".repeat(i % 7) + " padding padding padding");
}
var fns = (0, eval)(parts.join("\n") + "\n[f0, f1, f137, f150, f299]");
console.log(fns.map(function (f) { return f.toString(); }).join(" | "));
// expect: function g0() { return '😀0'; } | function g1() { return 'ü1'; } | function g137() { return 'ü137'; } | function g150() { return '😀150'; } | function g299() { return 'ü299'; }
console.log(fns.every(function (f) { return f() === (f.toString().match(/'(.*)'/)[1]); }));
// expect: true
