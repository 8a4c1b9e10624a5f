// Promise.allKeyed and Promise.allSettledKeyed (await-dictionary proposal).
async function main() {
  let resolveLate;
  const late = new Promise(r => { resolveLate = r; });
  const all = Promise.allKeyed({ a: late, b: Promise.resolve(2), c: 3, [Symbol.for("s")]: 4 });
  resolveLate(1);
  const r = await all;
  console.log(Object.getPrototypeOf(r), Reflect.ownKeys(r).map(String).join()); // expect: null a,b,c,Symbol(s)
  console.log(r.a, r.b, r.c, r[Symbol.for("s")]); // expect: 1 2 3 4
  const hidden = Object.defineProperty({ shown: 1 }, "hidden", { value: 2, enumerable: false });
  console.log(Object.keys(await Promise.allKeyed(hidden)).join()); // expect: shown
  try {
    await Promise.allKeyed({ ok: 1, bad: Promise.reject(new Error("boom")) });
  } catch (e) {
    console.log("rejected:", e.message); // expect: rejected: boom
  }
  const settled = await Promise.allSettledKeyed({ x: Promise.reject("no"), y: 5 });
  console.log(JSON.stringify(settled)); // expect: {"x":{"status":"rejected","reason":"no"},"y":{"status":"fulfilled","value":5}}
  try {
    await Promise.allKeyed(42);
  } catch (e) {
    console.log(e instanceof TypeError); // expect: true
  }
  console.log(Promise.allKeyed.length, Promise.allSettledKeyed.name); // expect: 1 allSettledKeyed
}
main();
