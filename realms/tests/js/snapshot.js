// RealmBuilder / RealmValue / RealmSnapshot (REALMS-DESIGN.md D.1).
const kind = f => { try { f(); return "ok"; } catch (e) { return e.constructor.name; } };
const b = new RealmBuilder();
print(Object.prototype.toString.call(b), typeof RealmValue, typeof RealmSnapshot); // expect: [object RealmBuilder] function function
print(kind(() => RealmBuilder()), kind(() => RealmValue()), kind(() => new RealmValue()), kind(() => new RealmSnapshot())); // expect: TypeError TypeError TypeError TypeError
print(kind(() => b.evalScript(1)), kind(() => RealmBuilder.prototype.evalScript.call({}, "1")), kind(() => new RealmBuilder(1))); // expect: TypeError TypeError TypeError

// The builder realm: standard globals and the realm features, no host APIs.
const globals = b.evalScript("[typeof print, typeof console, typeof $262, typeof ShadowRealm, typeof RealmBuilder, typeof lockdown].join()");
// Builder phase: the clock and the random source are TypeErrors, also in nested realms.
const probe = b.evalScript(`
  const out = [];
  for (const f of [() => Date.now(), () => Date(), () => new Date(), () => Math.random(),
                   () => new ShadowRealm().evaluate("Math.random()"),
                   () => new Compartment().evaluate("Date.now()")])
    try { f(); out.push("ran") } catch (e) { out.push(e.constructor.name) }
  out.push(typeof new Date(0).getTime());
  out.join()`);
// Completions are stored, not thrown.
const thrown = b.evalScript("throw new RangeError('kept')");
const syntax = b.evalScript("let = ;");
print(Object.prototype.toString.call(thrown), Object.prototype.toString.call(syntax)); // expect: [object RealmValue] [object RealmValue]
const state = b.evalScript(`
  var counter = 0; let secret = 41;
  function next() { return ++counter + secret; }
  const inner = new ShadowRealm();
  ({ next, list: [1, 2, 3], map: new Map([[1, "one"]]), sym: Symbol("own"), reg: Symbol.for("shared"),
     tick: inner.evaluate("globalThis.n = 0; () => ++n") })`);
const tag = b.evalScript("Symbol.for('shared')");

RealmSnapshot.compile(b, [state, globals, probe, tag]).then(async snap => {
  print(Object.prototype.toString.call(snap), snap instanceof RealmSnapshot); // expect: [object RealmSnapshot] true
  // Captured at the call: later builder activity does not reach the snapshot.
  b.evalScript("counter = 100");
  const h1 = await RealmSnapshot.instantiate(snap);
  const h2 = await RealmSnapshot.instantiate(snap);
  const [s1, g1, p1, r1] = h1.arguments;
  print(g1); // expect: undefined,undefined,undefined,function,function,function
  print(p1); // expect: TypeError,TypeError,TypeError,TypeError,TypeError,TypeError,number
  // Fresh identities per instance; instances are independent.
  print(h1.globalThis.Array !== Array, h1.globalThis.Array !== h2.globalThis.Array, s1 !== h2.arguments[0]); // expect: true true true
  print(s1.next(), s1.next(), h2.arguments[0].next(), h1.evaluate("counter"), h1.evaluate("secret")); // expect: 42 43 42 2 41
  print(s1.list instanceof h1.globalThis.Array, s1.map.get(1), s1 instanceof Object); // expect: true one false
  // (A wrapped function is called without a receiver: an object `this` cannot cross.)
  const [t1, t2] = [s1.tick, h2.arguments[0].tick];
  print(t1(), t1(), t2()); // expect: 1 2 1
  // Registered and well-known symbols re-bind to the agent's; others stay the instance's own.
  print(s1.reg === Symbol.for("shared"), r1 === s1.reg, h1.globalThis.Symbol.iterator === Symbol.iterator, s1.sym !== h2.arguments[0].sym); // expect: true true true true
  // Instances leave the builder phase.
  print(typeof h1.evaluate("Date.now()"), typeof h1.evaluate("Math.random()"), typeof h1.evaluate("inner.evaluate('Math.random()')")); // expect: number number number
  // evaluate: raw values and errors, no boundary.
  try { h1.evaluate("throw new TypeError('inner')"); } catch (e) { print(e instanceof h1.globalThis.TypeError, e.message); } // expect: true inner
  print(kind(() => h1.evaluate(1)), kind(() => h1.evaluate.call({}, "1"))); // expect: TypeError TypeError
  // Every failure rejects with a TypeError.
  const why = p => p.then(() => "fulfilled", e => e.constructor.name + ": " + e.message);
  print(await why(RealmSnapshot.compile({}))); // expect: TypeError: RealmSnapshot.compile: the first argument is not a RealmBuilder
  print(await why(RealmSnapshot.compile(b, [thrown]))); // expect: TypeError: RealmSnapshot.compile: value 0 holds a thrown completion
  print(await why(RealmSnapshot.compile(b, [syntax]))); // expect: TypeError: RealmSnapshot.compile: value 0 holds a thrown completion
  print(await why(RealmSnapshot.compile(b, [1]))); // expect: TypeError: RealmSnapshot.compile: value 0 is not a RealmValue
  print(await why(RealmSnapshot.compile(new RealmBuilder(), [state]))); // expect: TypeError: RealmSnapshot.compile: value 0 comes from another RealmBuilder
  print(await why(RealmSnapshot.compile(b, 5))); // expect: TypeError: 5 is not iterable
  print(await why(RealmSnapshot.instantiate({}))); // expect: TypeError: RealmSnapshot.instantiate: the argument is not a RealmSnapshot or RealmBuilder
  // instantiate(builder, values) = compile then instantiate; the builder stays usable.
  const h3 = await RealmSnapshot.instantiate(b, [state]);
  print(h3.arguments[0].next(), b.evalScript("1") instanceof RealmValue); // expect: 142 true
  // A locked-down builder yields locked-down instances.
  const lb = new RealmBuilder();
  const hard = lb.evalScript("lockdown(); harden({ a: 1 })");
  const h4 = await RealmSnapshot.instantiate(lb, [hard]);
  print(h4.evaluate("Object.isFrozen(Array.prototype)"), Object.isFrozen(h4.arguments[0]), Object.isFrozen(Array.prototype)); // expect: true true false
  // Pending jobs are recorded at compile and run in each instance (and still in the builder).
  const jb = new RealmBuilder();
  jb.evalScript("var log = []; Promise.resolve('job').then(v => log.push(v));");
  const js = RealmSnapshot.compile(jb);
  const h5 = await RealmSnapshot.instantiate(await js);
  await null;
  print(h5.evaluate("log.join()"), jb.evalScript("log.length") instanceof RealmValue); // expect: job true
});
