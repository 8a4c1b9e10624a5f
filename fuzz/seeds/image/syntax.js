globalThis.h = function (x) {
const c = 1; let r = 0;
with ({ a: 1 }) { r += a; }
r += eval('x + 1') + /x+/g.test(`t${x}`) + String.raw`a${x}b`.length;
try { c = 2; } catch (e) { r += e.name.length; }
return r + gv + (typeof undeclared);
}; var gv = 2; h(1);
