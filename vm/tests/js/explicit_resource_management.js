// Explicit resource management: `using`, `await using`, DisposableStack, SuppressedError.
const log = [];
function res(name, fail) {
  return { [Symbol.dispose]() { log.push(name); if (fail) throw new Error(name); } };
}
function flush() { console.log(log.join(" ")); log.length = 0; }

// Blocks dispose in reverse order; null and undefined are skipped.
{ using a = res("a"), b = res("b"); using c = null; log.push("body"); }
flush(); // expect: body b a

// return, break and continue dispose on the way out.
function ret() { using x = res("x"); for (let i = 0; i < 3; i++) { using y = res("y" + i); if (i === 1) return i; } }
console.log(ret()); flush(); // expect: 1
// expect: y0 y1 x
for (let i = 0; i < 3; i++) { using z = res("z" + i); if (i === 0) continue; if (i === 1) break; }
flush(); // expect: z0 z1

// for (using ...) disposes when the loop completes; for-of disposes per iteration, before
// the iterator is closed.
for (using r = res("head"), i = null; log.length < 2; ) log.push("it");
flush(); // expect: it it head
const iterable = {
  [Symbol.iterator]() {
    let n = 0;
    return { next: () => ({ value: res("v" + n++), done: false }), return() { log.push("close"); return {}; } };
  },
};
for (using v of iterable) { if (log.length > 2) break; }
flush(); // expect: v0 v1 v2 v3 close

// Errors: a disposal error replaces a normal completion, and wraps a thrown one in a
// SuppressedError (error: the new one, suppressed: the previous one).
try { using p = res("p", true); } catch (e) { console.log(e.message); } // expect: p
flush(); // expect: p
try { using p = res("p", true), q = res("q", true); throw new Error("body"); } catch (e) {
  console.log(e instanceof SuppressedError, e.error.message, e.suppressed.error.message, e.suppressed.suppressed.message);
}
// expect: true p q body
flush(); // expect: q p
try { using bad = 42; } catch (e) { console.log(e.constructor.name); } // expect: TypeError

// Closing a suspended generator disposes its resources.
function* gen() { using g = res("gen"); yield 1; yield 2; }
const it = gen(); it.next(); it.return(); flush(); // expect: gen

// switch cases can hold `using` inside a block.
switch (1) { case 1: { using s = res("case"); log.push("in case"); } }
flush(); // expect: in case case

// DisposableStack.
const stack = new DisposableStack();
stack.use(res("use"));
console.log(stack.adopt(7, (v) => log.push("adopt " + v))); // expect: 7
stack.defer(() => log.push("defer"));
const moved = stack.move();
console.log(stack.disposed, moved.disposed); // expect: true false
moved[Symbol.dispose]();
flush(); // expect: defer adopt 7 use
try { stack.use(null); } catch (e) { console.log(e.name); } // expect: ReferenceError
console.log(Object.prototype.toString.call(moved)); // expect: [object DisposableStack]

// SuppressedError and the iterator prototypes' dispose methods.
const se = new SuppressedError(1, 2, "msg");
console.log(se.error, se.suppressed, se.message, se.name, Object.keys(se).length); // expect: 1 2 msg SuppressedError 0
const arrayIter = [1, 2][Symbol.iterator]();
console.log(typeof arrayIter[Symbol.dispose]); // expect: function

// An `await using` scope resumes in the job of its disposal's Await (one tick for an already
// settled promise); a scope whose `await using` never ran does not await at all.
const order = [];
async function ticks() {
  { await using t = { [Symbol.dispose]() { order.push("disposed"); } }; }
  order.push("resumed");
}
async function skipped() {
  block: { if (order) break block; await using never = null; }
  order.push("no await");
}
ticks(); skipped(); order.push("sync");
Promise.resolve().then(() => order.push("tick 1")).then(() => console.log(order.join(" ")));
// expect: disposed no await sync resumed tick 1

// await using and AsyncDisposableStack: each disposal is awaited, in reverse order.
function ares(name) {
  return { async [Symbol.asyncDispose]() { await null; log.push(name); } };
}
async function main() {
  {
    await using a = ares("async a");
    using b = res("sync b");
    await using c = null;
    await using d = ares("async d");
    log.push("body");
  }
  log.push("after");
  const as = new AsyncDisposableStack();
  as.use(ares("stack use"));
  as.defer(() => { log.push("stack defer"); });
  await as.disposeAsync();
  console.log(as.disposed);
  try {
    await using e = { [Symbol.asyncDispose]() { return Promise.reject(new Error("rejected")); } };
    throw new Error("thrown");
  } catch (e) {
    log.push(e.name + ":" + e.error.message + "/" + e.suppressed.message);
  }
  flush();
}
main();
// expect: true
// expect: body async d sync b async a after stack defer stack use SuppressedError:rejected/thrown

