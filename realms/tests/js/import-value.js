// ShadowRealm.prototype.importValue: ShadowRealmImportValue.
// https://tc39.es/proposal-shadowrealm/#sec-shadowrealmimportvalue
const r = new ShadowRealm();
const show = (label, p) => p.then(
  v => print(label, "fulfilled", typeof v === "function" ? "function " + v() : v),
  e => print(label, "rejected", e.constructor === TypeError ? "TypeError" : "other",
    // Load errors name the file as the loader saw it: keep only the error's name.
    e.message.replace(/^importValue threw \((\w+): .*/, "importValue threw $1")));

// The export-name check is synchronous and runs no code; ToString(specifier) runs first and
// its throw propagates as it is.
let order = [];
const spec = { toString() { order.push("specifier"); return "../fixtures/exports.mjs"; } };
const name = { toString() { order.push("name"); return "answer"; } };
try { r.importValue(spec, name); } catch (e) { print(e.constructor === TypeError, order.join()); } // expect: true specifier
try { r.importValue({ toString() { throw new RangeError("spec") } }, "x"); } catch (e) { print(e.constructor.name, e.message); } // expect: RangeError spec
print(r.importValue("../fixtures/exports.mjs", "answer") instanceof Promise); // expect: true

show("answer", r.importValue("../fixtures/exports.mjs", "answer"));
show("double", r.importValue("../fixtures/exports.mjs", "double").then(f => () => f(21)));
show("default", r.importValue("../fixtures/exports.mjs", "default"));
show("object", r.importValue("../fixtures/exports.mjs", "object"));
show("missing", r.importValue("../fixtures/exports.mjs", "nope"));
show("not found", r.importValue("../fixtures/does-not-exist.mjs", "x"));
show("throws", r.importValue("../fixtures/throws.mjs", "x"));
show("syntax", r.importValue("../fixtures/syntax-error.mjs", "x"));
// One module instance per ShadowRealm: state is shared within a realm, not across realms.
const bumpA = r.importValue("../fixtures/exports.mjs", "bump");
const other = new ShadowRealm();
const bumpB = other.importValue("../fixtures/exports.mjs", "bump");
Promise.all([bumpA, bumpB]).then(([a, b]) => {
  a(); a();
  print("instances", a(), b(), r.evaluate("loads"), other.evaluate("loads"), typeof globalThis.loads);
});
// Load and parse failures reject first (the loader fails synchronously); the others settle as
// the module's evaluation jobs run.
// expect: not found rejected TypeError importValue threw Error
// expect: syntax rejected TypeError importValue threw SyntaxError
// expect: answer fulfilled 42
// expect: default fulfilled function default
// expect: object rejected TypeError ShadowRealm: only primitives and callables can cross the realm boundary
// expect: missing rejected TypeError ShadowRealm.prototype.importValue: the module has no export named 'nope'
// expect: throws rejected TypeError importValue threw RangeError
// expect: double fulfilled function 42
// expect: instances 3 1 1 1 undefined
