// try/catch/finally, labels, and completion through finally.
function f() { try { return "try"; } finally { console.log("finally runs"); } }
console.log(f()); // expect: finally runs
// expect: try
function g() { for (const x of [1, 2, 3]) { try { if (x === 2) break; } finally { console.log("f" + x); } } return "done"; }
console.log(g()); // expect: f1
// expect: f2
// expect: done
outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j === 1) continue outer; if (i === 2) break outer; console.log(i, j); } }
// expect: 0 0
// expect: 1 0
try { null.x; } catch (e) { console.log(e instanceof TypeError, e.constructor.name); } // expect: true TypeError
try { undefinedName; } catch (e) { console.log(e.name); } // expect: ReferenceError
try { try { throw 1; } finally { console.log("inner finally"); } } catch (e) { console.log("caught", e); }
// expect: inner finally
// expect: caught 1
switch (3) { case 1: console.log("one"); case 3: console.log("three"); case 4: console.log("four"); break; default: console.log("default"); }
// expect: three
// expect: four
let k = 0; do { k++; } while (k < 5); console.log(k); // expect: 5
