// A virtual module source's execute looks at `this` and its arguments for loader internals.
// expect: report:undefined 3 true
const c = new Compartment({ modules: { v: { imports: [], exports: ['x'], execute(exp, comp, resolved) {
  api.report(typeof this + ' ' + arguments.length + ' ' + (comp instanceof Compartment && Object.getPrototypeOf(resolved) === null));
} } } });
c.importNow('v');
