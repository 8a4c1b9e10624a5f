// Compartment modules, part two: one ModuleSource shared by many compartments, virtual module
// sources whose execute() returns a promise, every XS binding form, and bad hooks.
// REALMS-DESIGN.md C.4 (DECISION: both virtual source shapes), XS Compartment.md.
const kind = (f) => { try { f(); return "ok"; } catch (e) { return e.constructor.name; } };
const log = [];

// --- One ModuleSource, compiled once, many instances ------------------------------------------
// Each compartment gets its own instance with its own state; an instance's functions close over
// their own instance's bindings; import.meta and import() see the instance's own specifier.
const counter = new ModuleSource(
  "export let count = 0; export function bump() { return ++count; } export const where = import.meta.url; export const load = (s) => import(s);",
);
const mk = (name) => new Compartment({
  name,
  modules: { "lib/counter.js": { source: counter }, "lib/other.js": { source: `export const who = ${JSON.stringify(name)};` } },
  importMetaHook: (spec, meta) => { meta.url = name + ":" + spec; },
});
const ca = mk("a"), cb = mk("b");
const na = ca.importNow("lib/counter.js"), nb = cb.importNow("lib/counter.js");
na.bump(); na.bump(); nb.bump();
print("instances", na !== nb, na.count, nb.count, na.bump !== nb.bump, na.where, nb.where); // expect: instances true 2 1 true a:lib/counter.js b:lib/counter.js
// The same source under a second specifier in one compartment is a third instance.
const cc = new Compartment({ modules: { x: counter, y: { source: counter } } });
const nx = cc.importNow("x"), ny = cc.importNow("y");
nx.bump();
print("two specifiers", nx !== ny, nx.count, ny.count); // expect: two specifiers true 1 0
// Through the asynchronous hook too, and import() in the shared code resolves against the
// instance that runs it ("./other.js" from "lib/counter.js").
const cd = new Compartment({ importHook: async (s) => (s === "lib/counter.js" ? counter : { source: "export const who = 'hooked';" }) });
cd.import("lib/counter.js")
  .then((ns) => { ns.bump(); return ns.load("./other.js").then((o) => print("hooked", ns.count, o.who)); }) // later: hooked 1 hooked
  .then(() => na.load("./other.js"))
  .then((o) => print("relative", o.who)); // later: relative a
// A syntax error is found once, at construction.
print("syntax", kind(() => new ModuleSource("export default await;;; let let = 1")), kind(() => new ModuleSource("import x from 'y' with { type: 'css' };"))); // expect: syntax SyntaxError ok
const css = new ModuleSource("import x from 'y' with { type: 'css' };");
print("bad attributes", kind(() => new Compartment({ modules: { m: css, y: { source: "" } } }).importNow("m"))); // expect: bad attributes SyntaxError

// --- execute() returning a promise (SES and XS shapes) ----------------------------------------
// The module's evaluation waits for the promise; importers run after it settles; a rejection
// rejects the import; importNow of such a module is a TypeError (as for top-level await).
let release;
const gate = new Promise((r) => { release = r; });
const asyncModules = {
  sesAsync: { source: { imports: [], exports: ["v"], async execute(e) { log.push("ses start"); await gate; e.v = "ses-late"; log.push("ses done"); } } },
  xsAsync: { source: { bindings: [{ export: "w" }], execute($) { log.push("xs start"); return gate.then(() => { $.w = "xs-late"; log.push("xs done"); }); } } },
  importer: { source: "import { v } from 'sesAsync'; import { w } from 'xsAsync'; log.push('importer ' + v + ' ' + w); export const both = v + '+' + w;" },
  failing: { source: { exports: [], execute() { return Promise.reject(new RangeError("async failure")); } } },
  failingImporter: { source: "import 'failing'; log.push('never');" },
  syncAgain: { source: { exports: ["s"], execute(e) { e.s = "sync"; return 42; } } },
  thenable: { source: { bindings: [{ export: "t" }], execute($) { return { then(ok) { $.t = "thenable"; ok(); } }; } } },
};
const cAsync = new Compartment({ globals: { log }, modules: asyncModules });
print("sync still sync", cAsync.importNow("syncAgain").s); // expect: sync still sync sync
const pImporter = cAsync.import("importer");
print("importNow async", kind(() => cAsync.importNow("sesAsync"))); // expect: importNow async TypeError
Promise.resolve().then(() => {
  print("before release", log.join()); // later: before release ses start,xs start
  release();
  return pImporter;
}).then((ns) => {
  print("after release", ns.both, log.join()); // later: after release ses-late+xs-late ses start,xs start,ses done,xs done,importer ses-late xs-late
  return Promise.allSettled([cAsync.import("failing"), cAsync.import("failingImporter"), cAsync.import("thenable")]);
}).then((rs) => {
  print("settled", rs.map((r) => r.status + ":" + (r.status === "rejected" ? r.reason.constructor.name + " " + r.reason.message : Object.keys(r.value).join())).join(" | ")); // later: settled rejected:RangeError async failure | rejected:RangeError async failure | fulfilled:t
  print("never", log.includes("never"), cAsync.importNow("thenable").t); // later: never false thenable
}).then(() => new Promise((r) => r())).then(() => {
  // After everything else has settled, the never-settling imports are still pending.
  print("never settled", settledNever, log.includes("a ran")); // later: never settled false false
});

// --- XS binding forms, each one -----------------------------------------------------------------
// import / import-as / importAllFrom-as read live bindings; export / export-as are the module's
// own (writable in $, read live by importers); export-from, export-as-from, exportAllFrom and
// exportAllFrom-as re-export another module's live bindings.
const xsLog = [];
const cXs = new Compartment({
  globals: { xsLog },
  modules: {
    dep: { source: "export let n = 1; export default 'dflt'; export const inc = () => ++n; export let other = 'o';" },
    all: {
      source: {
        bindings: [
          { import: "n", from: "dep" },
          { import: "default", as: "d", from: "dep" },
          { import: "inc", from: "dep" },
          { importAllFrom: "dep", as: "ns" },
          { export: "mine" },
          { export: "local", as: "renamed" },
          { export: "n", from: "dep" },
          { export: "other", as: "otherAs", from: "dep" },
          { exportAllFrom: "dep" },
          { exportAllFrom: "dep", as: "depStar" },
        ],
        needsImport: true,
        needsImportMeta: true,
        execute($, Import, ImportMeta) {
          xsLog.push(typeof Import, typeof ImportMeta, $.n, $.d, $.ns.n);
          $.inc();
          xsLog.push($.n, $.ns.n); // imports are live
          xsLog.push(Object.keys($).sort().join("/"));
          xsLog.push(kind(() => { "use strict"; $.n = 5; }), kind(() => { "use strict"; $.extra = 1; }));
          $.mine = "m1";
          $.local = "l1";
          globalThis.later = () => { $.mine = "m2"; };
        },
      },
    },
    user: { source: "import { mine, renamed, n, otherAs, inc, depStar } from 'all'; export const read = () => [mine, renamed, n, otherAs, typeof inc, depStar.n].join();" },
  },
});
const nsAll = cXs.importNow("all");
print("xs execute", xsLog.join()); // expect: xs execute function,object,1,dflt,1,2,2,d/inc/local/mine/n/ns,TypeError,TypeError
print("xs exports", Reflect.ownKeys(nsAll).filter((k) => typeof k === "string").join()); // expect: xs exports depStar,inc,mine,n,other,otherAs,renamed
const user = cXs.importNow("user");
print("xs read", user.read()); // expect: xs read m1,l1,2,o,function,2
later(); // execute is a start-compartment function: its globalThis is this one
cXs.importNow("dep").inc();
print("xs live", user.read(), nsAll.mine, nsAll.n); // expect: xs live m2,l1,3,o,function,3 m2 3
// needsImport / needsImportMeta false: undefined arguments; Import is import() of the module.
const cNeeds = new Compartment({
  modules: {
    plain: { source: { bindings: [{ export: "a" }], execute($, i, m) { $.a = [typeof i, typeof m].join(); } } },
    dyn: { source: { bindings: [{ export: "p" }], needsImport: 1, execute($, i) { $.p = i("target"); } } },
    target: { source: "export const hit = 'hit';" },
  },
});
print("needs", cNeeds.importNow("plain").a); // expect: needs undefined,undefined
cNeeds.importNow("dyn").p.then((ns) => print("needsImport", ns.hit)); // later: needsImport hit
// Malformed bindings: each a TypeError of this realm at load, nothing evaluated.
const badBindings = [
  [{ import: "x" }], [{ importAllFrom: "dep" }], [{ export: "x", import: "y", from: "dep" }], [{ exportAllFrom: 5 }],
  [7], "notAList", [{ export: "x" }, { export: "x" }],
];
const bad = badBindings.map((b, i) => {
  const c = new Compartment({ modules: { dep: { source: "export const x = 1;" }, m: { source: { bindings: b, execute() { log.push("ran"); } } } } });
  try { c.importNow("m"); return "ok"; } catch (e) { return e.constructor.name + (e instanceof Error ? "" : "(foreign)"); }
});
print("bad bindings", bad.join(), log.includes("ran")); // expect: bad bindings TypeError,TypeError,TypeError,TypeError,TypeError,TypeError,SyntaxError false

// --- Bad hooks and limits (issue 10, "Bad input and limits") -----------------------------------
// Hooks that throw or return the wrong type: a TypeError (or the hook's own error, for the
// synchronous hooks), of the compartment's realm; never a panic or a hang.
const thrower = () => { throw new EvalError("hook threw"); };
const syncCases = {
  resolveThrows: new Compartment({ resolveHook: thrower, modules: { a: { source: "import 'b';" }, b: { source: "" } } }),
  resolveNumber: new Compartment({ resolveHook: () => 5, modules: { a: { source: "import 'b';" } } }),
  mapThrows: new Compartment({ moduleMapHook: thrower }),
  mapNumber: new Compartment({ moduleMapHook: () => 5 }),
  nowThrows: new Compartment({ importNowHook: thrower }),
  nowString: new Compartment({ importNowHook: () => "export default 1;" }),
  nowNull: new Compartment({ importNowHook: () => null }),
  nowPromise: new Compartment({ importNowHook: async () => ({ source: "" }) }),
  nowGetterThrows: new Compartment({ importNowHook: () => ({ get source() { throw new EvalError("getter"); } }) }),
};
print("sync hooks", Object.entries(syncCases).map(([k, c]) => k + ":" + kind(() => c.importNow("a"))).join()); // expect: sync hooks resolveThrows:EvalError,resolveNumber:TypeError,mapThrows:EvalError,mapNumber:TypeError,nowThrows:EvalError,nowString:TypeError,nowNull:TypeError,nowPromise:TypeError,nowGetterThrows:EvalError
// Options that are not hooks: a TypeError at construction.
print("bad options", ["resolveHook", "importHook", "importNowHook", "moduleMapHook", "importMetaHook", "loadHook", "loadNowHook"].map((k) => kind(() => new Compartment({ [k]: 1 }))).join(), kind(() => new Compartment({ modules: 1 }))); // expect: bad options TypeError,TypeError,TypeError,TypeError,TypeError,TypeError,TypeError TypeError
// Asynchronous hooks: a promise of a non-object, a hook that resolves to undefined, one whose
// promise never settles (the import stays pending; the job queue still empties), a thenable
// that throws, a rejected importMetaHook.
let settledNever = false;
const asyncCases = {
  toNumber: new Compartment({ importHook: async () => 5 }),
  toString: new Compartment({ importHook: async () => "export default 1;" }),
  toUndefined: new Compartment({ importHook: async () => undefined }),
  toNull: new Compartment({ importHook: () => Promise.resolve(null) }),
  badThen: new Compartment({ importHook: () => ({ then() { throw new EvalError("then"); } }) }),
  depFails: new Compartment({ importHook: async (s) => (s === "a" ? { source: "import 'b';" } : Promise.reject(5)) }),
  metaThrows: new Compartment({ importHook: async () => ({ source: "export const m = import.meta;" }), importMetaHook: thrower }),
};
Promise.allSettled(Object.values(asyncCases).map((c) => c.import("a"))).then((rs) => {
  print("async hooks", Object.keys(asyncCases).map((k, i) => k + ":" + (rs[i].status === "rejected" ? rs[i].reason.constructor.name : "ok")).join()); // later: async hooks toNumber:TypeError,toString:TypeError,toUndefined:TypeError,toNull:TypeError,badThen:TypeError,depFails:TypeError,metaThrows:EvalError
});
new Compartment({ importHook: () => new Promise(() => {}) }).import("a").then(() => { settledNever = true; }, () => { settledNever = true; });
// A module graph that waits forever on one dependency never runs its importer.
new Compartment({ globals: { log }, importHook: async (s) => (s === "a" ? { source: "import 'b'; log.push('a ran');" } : new Promise(() => {})) }).import("a");
// Self-referential modules maps: a specifier aliased to itself, to itself through the
// compartment's own `compartment` option, and a map whose descriptor is the map itself.
const selfMap = {};
const cSelf = new Compartment({ modules: selfMap });
selfMap.me = { namespace: "me" };
selfMap.viaC = { namespace: "viaC", compartment: cSelf };
selfMap.map = selfMap;
selfMap.loop1 = { namespace: "loop2" };
selfMap.loop2 = { namespace: "loop1" };
print("self maps", ["me", "viaC", "map", "loop1"].map((s) => kind(() => cSelf.importNow(s))).join()); // expect: self maps RangeError,RangeError,TypeError,RangeError
Promise.allSettled(["me", "viaC", "map", "loop1"].map((s) => cSelf.import(s))).then((rs) => {
  print("self maps async", rs.map((r) => r.status + ":" + (r.reason ? r.reason.constructor.name : "")).join()); // later: self maps async rejected:RangeError,rejected:RangeError,rejected:TypeError,rejected:RangeError
});
// A cycle of imports through virtual sources across two compartments links and runs once
// (q runs first, so p is still in its TDZ there, as with source text).
let cP;
const cycleLog = [];
const cQ = new Compartment({
  modules: {
    q: { source: { bindings: [{ import: "p", from: "p" }, { export: "q" }], execute($) { $.q = "Q"; cycleLog.push("q sees p " + kind(() => $.p)); } } },
    p: { namespace: "p", get compartment() { return cP; } },
  },
});
cP = new Compartment({ modules: { p: { source: "import { q } from 'q'; export const p = () => q;" }, q: { namespace: "q", compartment: cQ } } });
print("virtual cycle", cP.importNow("p").p(), cycleLog.join()); // expect: virtual cycle Q q sees p ReferenceError
// Compartments 100 deep, each made by the previous one's Compartment: the innermost loads a
// module, and its errors are still TypeErrors of this realm.
let depth = 0, inner = new Compartment({ globals: { print } });
for (; depth < 100; depth++) {
  inner = inner.evaluate("(m) => new Compartment({ modules: m })")({ deep: { source: `export const d = ${depth + 1};` } });
}
print("deep", inner.importNow("deep").d, kind(() => inner.importNow("missing")), (() => { try { inner.importNow("missing"); } catch (e) { return e instanceof TypeError; } })()); // expect: deep 100 TypeError true
// A Compartment of another realm reports errors of that realm.
const other = $262.createRealm().global;
const oc = new other.Compartment({ modules: { bad: 1 } });
print("other realm", (() => { try { oc.importNow("bad"); } catch (e) { return e instanceof other.TypeError && !(e instanceof TypeError); } })()); // expect: other realm true

// What the promise jobs print, in the order the job queue runs them (each line is marked
// "later:" where it is printed):
// expect: before release ses start,xs start
// expect: self maps async rejected:RangeError,rejected:RangeError,rejected:TypeError,rejected:RangeError
// expect: needsImport hit
// expect: after release ses-late+xs-late ses start,xs start,ses done,xs done,importer ses-late xs-late
// expect: async hooks toNumber:TypeError,toString:TypeError,toUndefined:TypeError,toNull:TypeError,badThen:TypeError,depFails:TypeError,metaThrows:EvalError
// expect: hooked 1 hooked
// expect: settled rejected:RangeError async failure | rejected:RangeError async failure | fulfilled:t
// expect: never false thenable
// expect: relative a
// expect: never settled false false
