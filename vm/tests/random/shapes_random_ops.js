// Random property operations on pairs of objects, one shaped and one forced into dictionary
// mode (a deleted dummy property), must leave both with the same own properties, in the same
// order, with the same attributes; and reads through a warmed inline-cache site must agree.
var seed = 12345;
function rand(n) { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; }
var keys = ["a", "b", "c", "d", "e", "f", "length", "0", "x1", "y2"];
function describe(o) {
  return JSON.stringify(Reflect.ownKeys(o).map(function (k) {
    var d = Object.getOwnPropertyDescriptor(o, k);
    return [String(k), "value" in d ? d.value : typeof d.get, !!d.writable, d.enumerable, d.configurable];
  }));
}
function read(o, k) { return o[k]; }
function readA(o) { return o.a; }
var mismatches = 0;
for (var round = 0; round < 200; round++) {
  var shaped = {};
  var dict = { dummy: 1 };
  delete dict.dummy;
  for (var step = 0; step < 30; step++) {
    var k = keys[rand(keys.length)];
    var op = rand(6);
    var v = rand(100);
    var freeze = rand(10) === 0;
    [shaped, dict].forEach(function (o) {
      try {
        if (op === 0 || op === 1) o[k] = v;
        else if (op === 2) delete o[k];
        else if (op === 3) Object.defineProperty(o, k, { value: v, enumerable: v % 2 === 0, configurable: true, writable: v % 3 !== 0 });
        else if (op === 4) Object.defineProperty(o, k, { get: function () { return "g" + v; }, configurable: true });
        else if (freeze) Object.freeze(o);
      } catch (e) {}
    });
    if (describe(shaped) !== describe(dict) || readA(shaped) !== readA(dict) || read(shaped, k) !== read(dict, k)) {
      mismatches++;
    }
  }
}
console.log("mismatches", mismatches);
// expect: mismatches 0
