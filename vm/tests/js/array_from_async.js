// Array.fromAsync (Array.fromAsync proposal).
async function* gen() { yield 1; yield Promise.resolve(2); yield 3; }
async function main() {
  console.log((await Array.fromAsync(gen())).join()); // expect: 1,2,3
  console.log((await Array.fromAsync([Promise.resolve(1), 2, Promise.resolve(3)])).join()); // expect: 1,2,3
  console.log((await Array.fromAsync({ length: 3, 0: "a", 1: Promise.resolve("b") })).join()); // expect: a,b,
  console.log((await Array.fromAsync([1, 2], async (x, i) => x * 10 + i)).join()); // expect: 10,21
  const it = {
    i: 0,
    [Symbol.iterator]() { return this; },
    next() { return { value: this.i++, done: false }; },
    return() { console.log("closed"); return {}; },
  };
  try {
    await Array.fromAsync(it, x => { if (x === 2) throw new Error("stop"); return x; });
  } catch (e) {
    console.log(e.message);
  }
  // expect: closed
  // expect: stop
  function MyArray() { this.made = true; }
  const custom = await Array.fromAsync.call(MyArray, [7, 8]);
  console.log(custom instanceof MyArray, custom.length, custom[1]); // expect: true 2 8
  try {
    await Array.fromAsync([1], "not callable");
  } catch (e) {
    console.log(e instanceof TypeError); // expect: true
  }
  console.log(Array.fromAsync(null) instanceof Promise); // expect: true
}
main().catch(e => console.log("unexpected", e));
