// Realm snapshots: build a realm once, then stamp out independent copies of it.
// Run: amber examples/realm-snapshot.js
const builder = new RealmBuilder();

// Builder code is deterministic: no clock, no randomness.
const refused = builder.evalScript("try { Date.now(); 'ran' } catch (e) { e.constructor.name }");

// Set up some state: a counter API and a table computed once.
const api = builder.evalScript(`
  const squares = Array.from({ length: 10 }, (_, i) => i * i);
  let calls = 0;
  ({ square: i => (calls++, squares[i]), calls: () => calls })`);

RealmSnapshot.compile(builder, [api, refused]).then(async snapshot => {
  const a = await RealmSnapshot.instantiate(snapshot);
  const b = await RealmSnapshot.instantiate(snapshot);
  const [apiA, refusedA] = a.arguments;
  const [apiB] = b.arguments;
  print("in the builder, Date.now() was a", refusedA);
  print("a:", apiA.square(3), apiA.square(4), "calls", apiA.calls());
  print("b:", apiB.square(9), "calls", apiB.calls());
  print("separate worlds:", a.globalThis.Array !== b.globalThis.Array);
  print("instances have a clock:", typeof a.evaluate("Date.now()"));
});
