lockdown();
const log = [];
const c = new Compartment({ __options__: true,
  resolveHook: (s) => s,
  modules: {
    dep: { source: { imports: [], exports: ["d"], execute(e) { e.d = 20; } } },
    main: { source: { imports: ["dep"], exports: ["sum", "default"], execute(exp, comp, resolved) {
      log.push(JSON.stringify(resolved), typeof comp.importNow);
      exp.sum = comp.importNow(resolved.dep).d + 1; exp.default = "dflt"; } } },
  },
});
const ns = c.importNow("main");
print(ns.sum, ns.default, log.join(" "));
print(c.importNow("main") === ns);
