// Snapshot bytes: bufferFromSnapshot / snapshotFromBuffer (the host functions the amber
// command installs), part heap images with a whole image's checks.
const b = new RealmBuilder();
const v = b.evalScript(`let n = 10;
  ({ inc: () => ++n, reg: Symbol.for("app"), own: Symbol("own"), it: Symbol.iterator,
     m: new Map([["k", [1, 2]]]), p: Promise.resolve(7), g: (function* () { yield 1; yield 2; })() })`);
RealmSnapshot.compile(b, [v]).then(async snap => {
  const buf = bufferFromSnapshot(snap);
  print(buf instanceof ArrayBuffer, buf.byteLength > 1000); // expect: true true
  // Deterministic: the same snapshot gives the same bytes.
  const again = new Uint8Array(bufferFromSnapshot(snap));
  print(buf.byteLength === again.length && new Uint8Array(buf).every((x, i) => x === again[i])); // expect: true
  const snap2 = snapshotFromBuffer(buf);
  print(Object.prototype.toString.call(snap2), snap2 instanceof RealmSnapshot); // expect: [object RealmSnapshot] true
  const h = await RealmSnapshot.instantiate(snap2);
  const o = h.arguments[0];
  print(o.inc(), o.inc(), o.m.get("k").length, o.g.next().value, o.g.next().value); // expect: 11 12 2 1 2
  // Registered and well-known symbols re-bind to this agent's; the others are the image's own.
  print(o.reg === Symbol.for("app"), o.it === Symbol.iterator, o.own.description, typeof o.own); // expect: true true own symbol
  print(await o.p, h.globalThis.Array !== Array, typeof h.evaluate("Date.now()")); // expect: 7 true number
  // A second instance from the same bytes is independent.
  const h2 = await RealmSnapshot.instantiate(snapshotFromBuffer(buf));
  print(h2.arguments[0].inc()); // expect: 11
  // Bad input is a TypeError with the reason.
  const error = f => { try { f(); return "ok"; } catch (e) { return e.constructor.name + ": " + e.message; } };
  print(error(() => bufferFromSnapshot({}))); // expect: TypeError: bufferFromSnapshot: the argument is not a RealmSnapshot
  print(error(() => snapshotFromBuffer(1))); // expect: TypeError: snapshotFromBuffer: the argument is not an ArrayBuffer (or is detached)
  print(error(() => snapshotFromBuffer(new ArrayBuffer(8)))); // expect: TypeError: snapshotFromBuffer: invalid heap image: not an Amber heap image (bad magic number) (at byte 0)
  const bad = new Uint8Array(buf.slice(0));
  bad[bad.length >> 1] ^= 1;
  // (The damaged section's offset depends on the intrinsics' size: not part of the test. Since
  // format 13 shapes are small and the middle byte falls in the objects section.)
  print(error(() => snapshotFromBuffer(bad.buffer)).replace(/byte \d+/, "byte N")); // expect: TypeError: snapshotFromBuffer: invalid heap image: section OBJS is corrupted (checksum mismatch) (at byte N)
  print(error(() => snapshotFromBuffer(buf.slice(0, 100)))); // expect: TypeError: snapshotFromBuffer: invalid heap image: unexpected end of image (at byte 98)
  print(error(() => snapshotFromBuffer(buf.slice(0, buf.byteLength - 1)))); // expect: TypeError: snapshotFromBuffer: invalid heap image: the image's length does not match its section table (at byte 318)
});
