// Iterator.concat, Iterator.prototype.includes and Iterator.prototype.join (stage 3 proposals).
const log = [];
const counting = (name, n) => ({
  [Symbol.iterator]() {
    log.push("open " + name);
    let i = 0;
    return {
      next() { return i < n ? { value: name + i++, done: false } : { value: "unused", done: true }; },
      return() { log.push("close " + name); return {}; },
    };
  },
});
const it = Iterator.concat(counting("a", 2), [1, 2], counting("b", 1));
print(log.length, Object.prototype.toString.call(it)); // expect: 0 [object Iterator Helper]
print([...it].join()); // expect: a0,a1,1,2,b0
print(log.join()); // expect: open a,open b
log.length = 0;
const early = Iterator.concat(counting("c", 5));
early.next();
print(JSON.stringify(early.return()), log.join()); // expect: {"done":true} open c,close c
const kind = f => { try { f(); return "ok"; } catch (e) { return e.constructor.name; } };
print(kind(() => Iterator.concat(1)), kind(() => Iterator.concat({})), Iterator.concat().next().done); // expect: TypeError TypeError true

// includes: SameValueZero, skippedElements without coercion.
const nums = () => [1, NaN, -0, 4].values();
print(nums().includes(NaN), nums().includes(0), nums().includes(1, 1), nums().includes(4, 3), nums().includes(4, Infinity)); // expect: true true false true false
print(kind(() => nums().includes(1, "1")), kind(() => nums().includes(1, -1)), kind(() => nums().includes(1, 1.5))); // expect: TypeError RangeError TypeError

// join: null and undefined as empty strings, the separator converted first.
print(["a", null, 2, undefined].values().join(), [1, 2, 3].values().join(" - "), JSON.stringify([].values().join())); // expect: a,,2, 1 - 2 - 3 ""
