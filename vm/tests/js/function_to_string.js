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
