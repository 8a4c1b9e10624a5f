lockdown();
const fetched = [];
const c = new Compartment({ __options__: true, __noNamespaceBox__: true,
  resolveHook: (s) => s,
  importHook: async (s) => { fetched.push(s); return s === "v"
    ? { imports: ["w"], exports: ["a"], execute(e, comp, r) { e.a = comp.importNow(r.w).w + 1; } }
    : { imports: [], exports: ["w"], execute(e) { e.w = 1; } }; },
});
c.import("v").then((ns) => print("import", ns.a, fetched.join()), (e) => print("rejected", e.constructor.name));
