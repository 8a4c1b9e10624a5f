// import.meta in a child compartment's module: pollute through its prototype.
// expect: report:null true
const c = new Compartment({ modules: { m: { source: "const p = Object.getPrototypeOf(import.meta); try { import.meta.__proto__.polluted = 1; } catch (e) {} export const r = String(p) + ' ' + (Object.prototype.polluted === undefined);" } } });
api.report(c.importNow('m').r);
