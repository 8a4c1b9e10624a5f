// Immutable ArrayBuffers (immutable-arraybuffer proposal).
const src = new Uint8Array([1, 2, 3, 4]).buffer;
const frozen = src.transferToImmutable();
console.log(src.detached, frozen.immutable, frozen.byteLength, frozen.resizable); // expect: true true 4 false
const ta = new Uint8Array(frozen);
console.log(ta.join(), Object.getOwnPropertyDescriptor(ta, 0).writable); // expect: 1,2,3,4 false
ta[0] = 9;
console.log(ta[0]); // expect: 1
(function () {
  "use strict";
  try { ta[0] = 9; } catch (e) { console.log("strict set:", e.constructor.name); } // expect: strict set: TypeError
})();
console.log(Reflect.defineProperty(ta, 0, { value: 1 }), Reflect.defineProperty(ta, 0, { value: 2 })); // expect: true false
for (const [name, f] of [
  ["fill", () => ta.fill(0)],
  ["set", () => ta.set([5])],
  ["sort", () => ta.sort()],
  ["DataView", () => new DataView(frozen).setInt8(0, 1)],
  ["transfer", () => frozen.transfer()],
  ["resize", () => frozen.resize(1)],
]) {
  try { f(); console.log(name, "wrote"); } catch (e) { console.log(name, e.constructor.name); }
}
// expect: fill TypeError
// expect: set TypeError
// expect: sort TypeError
// expect: DataView TypeError
// expect: transfer TypeError
// expect: resize TypeError
console.log(ta.join(), ta.slice(1).join(), ta.subarray(2).join()); // expect: 1,2,3,4 2,3,4 3,4
const part = new Uint8Array([5, 6, 7, 8]).buffer.sliceToImmutable(1, -1);
console.log(part.immutable, new Uint8Array(part).join()); // expect: true 6,7
console.log(new ArrayBuffer(2).immutable); // expect: false
