lockdown();
const c = new Compartment({ __options__: true, modules: {}, resolveHook: (s) => s });
try { c.importNow("nope"); print("loaded"); } catch (e) { print("importNow", e.constructor.name); }
const bad = new Compartment({ __options__: true, resolveHook: (s) => s, importHook: () => Promise.reject(new URIError("no")) });
bad.import("r").then(() => print("fulfilled"), (e) => print("import", e.constructor.name));
