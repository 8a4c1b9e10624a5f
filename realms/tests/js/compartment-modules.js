// Module loading in compartments: the module options, import/importNow/load/module, import()
// and import.meta in compartment code, ModuleSource. REALMS-DESIGN.md C.4, C.5.
// Lines marked "ses:" give the same output on node with the ses 2.3.0 shim (checked by hand,
// with `__options__: true` and, for sources, SES's own virtual sources).
const kind = f => { try { f(); return "ok"; } catch (e) { return e.constructor.name; } };
const log = [];

// ModuleSource: parsed once (a SyntaxError at construction), reflects imports and exports.
const main = new ModuleSource("import { b } from './dep.js'; export const a = 'a' + b; export default 42; export * from 'star';");
print(typeof ModuleSource, Object.prototype.toString.call(main)); // expect: function [object ModuleSource]
print(JSON.stringify(main.imports), JSON.stringify(main.exports), JSON.stringify(main.reexports)); // expect: ["./dep.js","star"] ["a","default"] ["star"]
print(kind(() => new ModuleSource("export let = 1")), kind(() => ModuleSource("")), kind(() => Object.getOwnPropertyDescriptor(ModuleSource.prototype, "imports").get.call({}))); // expect: SyntaxError TypeError TypeError

// One ModuleSource linked into two compartments: each has its own instance and its own deps.
const modules = (b) => ({
  "lib/main.js": { source: main },
  "lib/dep.js": { source: `export const b = ${JSON.stringify(b)}; log.push('dep ' + ${JSON.stringify(b)});` },
  star: { source: "export const s = 's';" },
});
const c1 = new Compartment({ globals: { log }, modules: modules("B") });
const c2 = new Compartment({ globals: { log }, modules: modules("X") });
const n1 = c1.importNow("lib/main.js"), n2 = c2.importNow("lib/main.js");
print(n1.a, n1.default, n1.s, n2.a, log.join()); // expect: aB 42 s aX dep B,dep X
print(n1 === c1.importNow("lib/main.js"), n1 !== n2, Object.prototype.toString.call(n1)); // expect: true true [object Module]

// Module code runs in its compartment: its global, strict, its own evaluators.
const c3 = new Compartment({ globals: { secret: 7 }, modules: { m: { source: "export const g = globalThis.secret, t = typeof this, f = Function('return this')();" } } });
const n3 = c3.importNow("m");
print(n3.g, n3.t, n3.f); // expect: 7 undefined undefined

// Namespace descriptors: sharing an instance with another compartment (ses: shared true),
// a namespace object itself, and a virtual namespace (ses: virtual ["q","r"] two).
const c4 = new Compartment({ modules: { d: { namespace: "lib/dep.js", compartment: c1 }, n: { namespace: n1 } } });
print("shared", c4.importNow("d") === c1.importNow("lib/dep.js"), c4.importNow("n") === n1); // expect: shared true true
const c5 = new Compartment({ modules: { v: { namespace: { q: 1, r: "two" } } } });
print("virtual", JSON.stringify(Object.keys(c5.importNow("v"))), c5.importNow("v").r); // expect: virtual ["q","r"] two

// moduleMapHook and importNowHook (synchronous), resolveHook; a hook is asked once.
let asked = 0;
const c6 = new Compartment({
  resolveHook: (spec, referrer) => "res:" + spec,
  moduleMapHook: (spec) => spec === "res:mapped" ? { namespace: { mapped: true } } : undefined,
  importNowHook: (spec) => { asked++; return { source: spec === "top" ? "import { mapped } from 'mapped'; import { x } from 'x'; export const both = mapped && x;" : "export const x = true;" }; },
});
print(c6.importNow("top").both, asked, c6.importNow("top").both, asked); // expect: true 2 true 2

// Missing modules, bad descriptors, bad hook results (ses: missing TypeError).
const c7 = new Compartment({ modules: { bad: 1, empty: {}, virt: { source: { bindings: [{ nonsense: 1 }], execute() {} } } }, resolveHook: () => 5 });
print("missing", kind(() => c7.importNow("nope")), kind(() => c7.importNow("bad")), kind(() => c7.importNow("empty")), kind(() => c7.importNow("virt"))); // expect: missing TypeError TypeError TypeError TypeError
const c8 = new Compartment({ modules: { a: { source: "import './b';" }, "./b": { source: "" } }, resolveHook: () => 5 });
print(kind(() => c8.importNow("a"))); // expect: TypeError
// A cycle of aliases is an error, not a hang.
const c9 = new Compartment({ modules: { x: { namespace: "y" }, y: { namespace: "x" } } });
print(kind(() => c9.importNow("x"))); // expect: RangeError
// A syntax error in a module source, an evaluation error, top-level await in importNow.
const c10 = new Compartment({ modules: { syn: { source: "export let = 1" }, thr: { source: "throw new RangeError('t')" }, tla: { source: "await 0; export const z = 1;" } } });
print(kind(() => c10.importNow("syn")), kind(() => c10.importNow("thr")), kind(() => c10.importNow("tla"))); // expect: SyntaxError RangeError TypeError

// module(): linked, not evaluated.
const c11 = new Compartment({ globals: { log }, modules: { lazy: { source: "log.push('lazy ran'); export const v = 1;" } } });
const lazy = c11.module("lazy");
print(Reflect.ownKeys(lazy).filter((k) => typeof k === "string").join(), log.includes("lazy ran"), kind(() => lazy.v)); // expect: v false ReferenceError
print(c11.importNow("lazy").v, log.includes("lazy ran")); // expect: 1 true

// A cycle of imports across two compartments, each instance shared with the other.
let cX;
const cY = new Compartment({
  modules: { y: { source: "import { x } from 'x'; export const y = 'Y'; export const yx = () => y + x;" } },
  moduleMapHook: (s) => (s === "x" ? { namespace: "x", compartment: cX } : undefined),
});
cX = new Compartment({ modules: { x: { source: "import { yx } from 'y'; export const x = 'X'; export const r = () => yx();" }, y: { namespace: "y", compartment: cY } } });
print(cX.importNow("x").r(), cY.importNow("y").yx()); // expect: YX YX

// Virtual module sources, both shapes (C.4 DECISION). SES: execute(exports, compartment,
// resolvedImports) (ses: virtual-ses 21 dflt {"dep":"dep"}); XS: execute($, Import, ImportMeta).
const vlog = [];
const cv = new Compartment({
  modules: {
    dep: { source: "export const d = 20;" },
    ses: { source: { imports: ["dep"], exports: ["sum", "default"], execute(exp, comp, resolved) {
      vlog.push(JSON.stringify(resolved));
      exp.sum = comp.importNow(resolved.dep).d + 1; exp.default = "dflt"; } } },
    xs: { source: { bindings: [{ import: "d", from: "dep" }, { export: "x" }, { export: "y", as: "why" }, { exportAllFrom: "dep", as: "depns" }, { export: "d", from: "dep", as: "dd" }],
      needsImport: true, needsImportMeta: true,
      execute($, Import, ImportMeta) { vlog.push(typeof Import, typeof ImportMeta, $.d); $.x = $.d * 2; $.y = "Y"; } } },
    direct: { imports: [], exports: ["v"], execute(e) { e.v = "direct"; } },
    user: { source: "import s, { sum } from 'ses'; import { x, why, depns, dd } from 'xs'; import { v } from 'direct'; export const all = [s, sum, x, why, depns.d, dd, v].join();" },
  },
});
print("virtual-ses", cv.importNow("ses").sum, cv.importNow("ses").default, vlog[0]); // expect: virtual-ses 21 dflt {"dep":"dep"}
print(cv.importNow("user").all, vlog.slice(1).join()); // expect: dflt,21,40,Y,20,20,direct function,object,20

// import(): asynchronous importHook, resolveHook against the referrer, import.meta through
// importMetaHook, import() inside compartment code; the promise gives the namespace
// (C.4 DECISION; ses resolves {namespace} unless __noNamespaceBox__).
const fetched = [];
const sources = {
  "app/main.js": "import { helper } from './util/helper.js'; export const out = helper(); export const url = import.meta.url;",
  "app/util/helper.js": "import { base } from '../base.js'; export const helper = () => base * 2;",
  "app/base.js": "export const base = 21;",
  "app/late.js": "export const late = 'late';",
};
const c12 = new Compartment({
  globals: { print },
  importHook: async (spec) => { fetched.push(spec); await null; return { source: new ModuleSource(sources[spec]) }; },
  importMetaHook: (spec, meta) => { meta.url = "virtual:" + spec; },
});
c12.import("app/main.js").then((ns) => {
  print("import", ns.out, ns.url, fetched.join()); // expect: import 42 virtual:app/main.js app/main.js,app/util/helper.js,app/base.js
  return c12.evaluate("import('app/late.js')");
}).then((ns) => {
  print("dynamic", ns.late, fetched.length); // expect: dynamic late 4
  return c12.load("app/base.js");
}).then((v) => {
  print("load", v, fetched.length); // expect: load undefined 4
  const ca = new Compartment({ importHook: async (s) => s === "v" ? { imports: ["w"], exports: ["a"], execute(e, c, r) { e.a = c.importNow(r.w).w + 1; } } : { source: "export const w = 1;" } });
  return ca.import("v");
}).then((ns) => {
  print("async virtual", ns.a); // expect: async virtual 2
  // A rejected importHook rejects the import; a hook that throws too.
  const bad = new Compartment({ importHook: (s) => s === "r" ? Promise.reject(new URIError("no")) : null.x });
  return Promise.allSettled([bad.import("r"), bad.import("t"), bad.import("u").then(() => 1, () => 2)]);
}).then((rs) => {
  // A failing importHook rejects with a TypeError naming the module and the cause (as ses does:
  // "Failed to load module"), never with the hook's own error object.
  print("rejections", rs.map((r) => r.status + ":" + (r.reason ? r.reason.constructor.name : r.value)).join()); // expect: rejections rejected:TypeError,rejected:TypeError,fulfilled:2
  print(rs[0].reason.message); // expect: Cannot load module 'r': importHook failed: URIError: no
  // Without hooks, import() in compartment code never reaches the host's files.
  return new Compartment().evaluate("import('./compartment.js')").catch((e) => e.constructor.name);
}).then((r) => print("host files", r)); // expect: host files TypeError
