// RealmBuilder.prototype.evalModule (REALMS-DESIGN.md D.1): modules come from the builder's
// importHook, run in the builder realm now, and their namespace is kept in a RealmValue.
const kind = f => { try { f(); return "ok"; } catch (e) { return e.constructor.name; } };
const sources = {
  "main": `import { add } from "math"; import cfg from "config";
           export const answer = add(cfg.base, 2); export let count = 0;
           export function bump() { return ++count; }`,
  "math": `export function add(a, b) { return a + b; }`,
  "config": `export default { base: 40 };`,
  "clock": `export const now = Date.now();`,
  "broken": `export const x = ;`,
  "missing-import": `import { nope } from "math";`,
  "throws": `throw new RangeError("at load");`,
};
const asked = [];
const b = new RealmBuilder({
  importHook(specifier, referrer) {
    asked.push(`${specifier}<-${referrer}`);
    if (!(specifier in sources)) throw new Error(`no module ${specifier}`);
    return sources[specifier];
  },
});

print(kind(() => b.evalModule(1)), kind(() => new RealmBuilder().evalModule("main")), kind(() => RealmBuilder.prototype.evalModule.call({}, "main"))); // expect: TypeError TypeError TypeError
print(kind(() => new RealmBuilder({ importHook: () => 42 }).evalModule("main"))); // expect: ok

const main = b.evalModule("main");
print(Object.prototype.toString.call(main), asked.join(" ")); // expect: [object RealmValue] main<- math<-main config<-main
// A module is loaded once per builder.
b.evalModule("math");
print(asked.length); // expect: 3
// Failures are stored, not thrown.
const failures = ["clock", "broken", "missing-import", "throws", "absent"].map(s => b.evalModule(s));
print(failures.length, asked.length); // expect: 5 8

// A value holding an error (Date.now() in the builder phase) cannot be compiled.
RealmSnapshot.compile(b, [failures[0]]).then(
  () => print("clock module compiled?"),
  e => print("clock rejected:", e.constructor.name) // expect: clock rejected: TypeError
);
RealmSnapshot.compile(b, [main]).then(async snap => {
  const h1 = await RealmSnapshot.instantiate(snap);
  const h2 = await RealmSnapshot.instantiate(snap);
  const [ns1] = h1.arguments, [ns2] = h2.arguments;
  print(Object.prototype.toString.call(ns1), ns1.answer); // expect: [object Module] 42
  // Live bindings survive, and each instance has its own module instance.
  print(ns1.bump(), ns1.bump(), ns1.count, ns2.count, ns2.bump()); // expect: 1 2 2 0 1
  // Instances are out of the builder phase: the clock works there.
  print(typeof h1.evaluate("Date.now()")); // expect: number
});
