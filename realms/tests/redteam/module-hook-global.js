// A child compartment's module reads globalThis, hoping for the start global's secret.
// expect: report:undefined object
const c = new Compartment({ importHook: async () => ({ source: "export default globalThis;" }) });
c.import('g').then((ns) => api.report(typeof ns.default.secret + ' ' + typeof ns.default), (e) => api.report('rejected ' + e.constructor.name));
