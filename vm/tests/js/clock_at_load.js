// A program that reads the clock and the random source while it loads, as lodash does
// (`shortOut` keeps the time of its last call in a closure; lodash calls it hundreds of times
// at load). The determinism test in cli/tests/cli.rs images it twice and compares bytes:
// `amber --build-snapshot` runs with a predictable clock and random source.
var HOT_COUNT = 800, HOT_SPAN = 16;
function shortOut(func) {
  var count = 0, lastCalled = 0;
  return function () {
    var stamp = Date.now(), remaining = HOT_SPAN - (stamp - lastCalled);
    lastCalled = stamp;
    if (remaining > 0) {
      if (++count >= HOT_COUNT) return arguments[0];
    } else {
      count = 0;
    }
    return func.apply(undefined, arguments);
  };
}
var setName = shortOut(function (f, name) { f.displayName = name; return f; });
var fns = [];
for (var i = 0; i < 50; i++) fns.push(setName(function () {}, "f" + i));
var loadedAt = new Date();
var seed = Math.random();
var id = "id" + Math.floor(Math.random() * 1e9).toString(36);
var stamp = Temporal.Now.instant();
console.log(fns.length, fns[49].displayName); // expect: 50 f49
console.log(typeof loadedAt.getTime(), seed >= 0 && seed < 1, id.startsWith("id")); // expect: number true true
console.log(typeof stamp.epochMilliseconds); // expect: number
