lockdown();
const c1 = new Compartment({ __options__: true, modules: { v: { namespace: { q: 1, r: "two" } } } });
const ns = c1.importNow("v");
print(JSON.stringify(Object.keys(ns)), ns.r, Object.prototype.toString.call(ns));
const c2 = new Compartment({ __options__: true, modules: { w: { namespace: "v", compartment: c1 } } });
print(c2.importNow("w") === ns);
