// Atomics.waitAsync in a single agent: "not-equal" and a zero timeout answer at once; a
// waiter is woken by Atomics.notify on its location ("ok") or by its deadline ("timed-out").
const i32 = new Int32Array(new SharedArrayBuffer(16));
print(JSON.stringify(Atomics.waitAsync(i32, 0, 1))); // expect: {"async":false,"value":"not-equal"}
print(JSON.stringify(Atomics.waitAsync(i32, 0, 0, 0))); // expect: {"async":false,"value":"timed-out"}
const late = Atomics.waitAsync(i32, 1, 0, 20);
const first = Atomics.waitAsync(i32, 2, 0);
const second = Atomics.waitAsync(i32, 2, 0);
print(late.async, first.value instanceof Promise); // expect: true true
late.value.then((v) => print("late", v));
first.value.then((v) => print("first", v));
second.value.then((v) => print("second", v));
print(Atomics.notify(i32, 2, 1), Atomics.notify(i32, 3), Atomics.notify(new Int32Array(4), 0)); // expect: 1 0 0
Atomics.notify(i32, 2);
// The notified waiters resolve in the jobs after this script; the deadline fires once no
// job is left.
// expect: first ok
// expect: second ok
// expect: late timed-out
