// Iterator.zip, Iterator.zipKeyed (joint iteration) and Iterator.prototype.chunks/windows
// (iterator chunking), stage 3 proposals.
const log = [];
const counting = (name, n) => {
  let i = 0;
  return {
    next() { log.push("next " + name); return i < n ? { value: name + i++, done: false } : { value: "unused", done: true }; },
    return() { log.push("close " + name); return {}; },
  };
};
const show = it => JSON.stringify([...it]);
const kind = f => { try { f(); return "ok"; } catch (e) { return e.constructor.name; } };

// zip: shortest (the default) closes the others when one is done.
print(show(Iterator.zip([[1, 2, 3], ["a", "b"]]))); // expect: [[1,"a"],[2,"b"]]
print(show(Iterator.zip([counting("a", 1), counting("b", 3), counting("c", 3)]))); // expect: [["a0","b0","c0"]]
print(log.join()); // expect: next a,next b,next c,next a,close c,close b
log.length = 0;
// longest: padding from an iterable, undefined past its end.
print(show(Iterator.zip([[1], [1, 2, 3], []], { mode: "longest", padding: ["x", "y"] }))); // expect: [[1,1,null],["x",2,null],["x",3,null]]
// strict: every iterator must finish together.
print(show(Iterator.zip([[1, 2], [3, 4]], { mode: "strict" }))); // expect: [[1,3],[2,4]]
print(kind(() => [...Iterator.zip([[1, 2], [3]], { mode: "strict" })])); // expect: TypeError
print(kind(() => [...Iterator.zip([[1], [3, 4]], { mode: "strict" })])); // expect: TypeError
print(kind(() => Iterator.zip([], { mode: "short" })), kind(() => Iterator.zip(["ab"])), kind(() => Iterator.zip(1))); // expect: TypeError TypeError TypeError
// return() at the start closes every iterator, last first.
const z = Iterator.zip([counting("p", 2), counting("q", 2)]);
print(JSON.stringify(z.return()), log.join(), Object.prototype.toString.call(z)); // expect: {"done":true} close q,close p [object Iterator Helper]
log.length = 0;
// An iterable that throws while the iterables are opened closes those opened so far.
const bad = { [Symbol.iterator]() { throw new RangeError("no"); } };
print(kind(() => Iterator.zip([counting("r", 1), counting("s", 1), bad])), log.join()); // expect: RangeError close s,close r
log.length = 0;

// zipKeyed: own enumerable keys (symbols too), null-prototype results.
const sym = Symbol("s");
const keyed = Iterator.zipKeyed({ a: [1, 2], b: ["x", "y", "z"], [sym]: [true, false], skip: undefined }, { mode: "longest", padding: { a: 0 } });
const rows = [...keyed];
print(rows.length, Object.getPrototypeOf(rows[0]), JSON.stringify(rows), rows[1][sym], rows[2][sym]); // expect: 3 null [{"a":1,"b":"x"},{"a":2,"b":"y"},{"a":0,"b":"z"}] false undefined
print(Reflect.ownKeys(rows[0]).length); // expect: 3

// chunks: the last chunk may be partial; fresh arrays each time.
print(show([1, 2, 3, 4, 5].values().chunks(2)), show([].values().chunks(3))); // expect: [[1,2],[3,4],[5]] []
print(kind(() => [].values().chunks(0)), kind(() => [].values().chunks("2")), kind(() => [].values().chunks(1.5)), kind(() => [].values().chunks(2 ** 32))); // expect: RangeError TypeError TypeError RangeError
// windows: sliding windows; undersized "allow-partial" yields a short one only when no full
// window fits.
print(show([1, 2, 3, 4].values().windows(3))); // expect: [[1,2,3],[2,3,4]]
print(show([1, 2].values().windows(3)), show([1, 2].values().windows(3, "allow-partial"))); // expect: [] [[1,2]]
print(kind(() => [].values().windows(2, "partial"))); // expect: TypeError
// return() after a full chunk closes the underlying iterator; after the last partial one it
// does not.
const src = Object.assign(Object.create(Iterator.prototype), counting("t", 3));
const ch = src.chunks(2);
ch.next();
ch.return();
print(log.join()); // expect: next t,next t,close t
log.length = 0;
const src2 = Object.assign(Object.create(Iterator.prototype), counting("u", 3));
const ch2 = src2.chunks(2);
ch2.next();
print(JSON.stringify(ch2.next().value)); // expect: ["u2"]
ch2.return();
print(log.join()); // expect: next u,next u,next u,next u
