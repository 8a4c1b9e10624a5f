// JSON.parse source text access (json-parse-with-source proposal).
const seen = [];
const v = JSON.parse('{"a": 1.50, "b": [true, "x\\u0041"], "c": -0}', function (k, v, ctx) {
  seen.push(k + "=" + ("source" in ctx ? ctx.source : "-"));
  return v;
});
console.log(seen.join(" ")); // expect: a=1.50 0=true 1="x\u0041" b=- c=-0 =-
console.log(v.a, v.b[1], Object.is(v.c, -0)); // expect: 1.5 xA true
// A value replaced by the reviver loses its source.
const log = [];
JSON.parse("[1, 2]", function (k, v, { source }) {
  if (k === "0") this[1] = 3;
  log.push(k + ":" + source);
  return v;
});
console.log(log.join(" ")); // expect: 0:1 1:undefined :undefined
const raw = JSON.rawJSON("12345678901234567890");
console.log(JSON.isRawJSON(raw), JSON.isRawJSON({}), Object.isFrozen(raw), Object.getPrototypeOf(raw)); // expect: true false true null
console.log(JSON.stringify({ big: raw, list: [JSON.rawJSON('"s"'), JSON.rawJSON("null")] })); // expect: {"big":12345678901234567890,"list":["s",null]}
for (const bad of ["", " 1", "1 ", "{}", "[1]", "tru"]) {
  try { JSON.rawJSON(bad); console.log("accepted", bad); } catch (e) { console.log(e.name); }
}
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
// expect: SyntaxError
