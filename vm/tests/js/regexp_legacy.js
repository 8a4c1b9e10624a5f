// RegExp legacy static properties (legacy-regexp proposal).
console.log(JSON.stringify([RegExp.$1, RegExp.lastMatch, RegExp.input])); // expect: ["","",""]
/(\d+)-(\d+)(x)?/.exec("ab 12-345 cd");
console.log(RegExp.$1, RegExp.$2, JSON.stringify(RegExp.$3), RegExp.$9 === ""); // expect: 12 345 "" true
console.log(RegExp.lastMatch, RegExp["$&"], JSON.stringify(RegExp.lastParen)); // expect: 12-345 12-345 ""
console.log(JSON.stringify([RegExp.leftContext, RegExp["$`"], RegExp.rightContext, RegExp["$'"]])); // expect: ["ab ","ab "," cd"," cd"]
console.log(RegExp.input, RegExp.$_); // expect: ab 12-345 cd ab 12-345 cd
RegExp.input = 42;
console.log(typeof RegExp.input, RegExp.input, RegExp.$1); // expect: string 42 12
"no match here".match(/zzz/);
console.log(RegExp.$1); // expect: 12
"x-y".replace(/(.)-(.)/, "");
console.log(RegExp.$2, RegExp.lastParen); // expect: y y
// A subclass instance's match invalidates them; the getters then throw.
class Sub extends RegExp {}
new Sub("a").exec("a");
try { RegExp.$1; } catch (e) { console.log(e.constructor.name); } // expect: TypeError
try { Sub.$1; } catch (e) { console.log(e.constructor.name); } // expect: TypeError
RegExp.$_ = "still settable";
console.log(RegExp.input); // expect: still settable
/b/.exec("abc");
console.log(RegExp.leftContext, RegExp.rightContext); // expect: a c
try { new Sub("a").compile("b"); } catch (e) { console.log(e.constructor.name); } // expect: TypeError
console.log(/a/.compile("b").source); // expect: b
const d = Object.getOwnPropertyDescriptor(RegExp, "$1");
console.log(typeof d.get, d.set, d.enumerable, d.configurable); // expect: function undefined false true
