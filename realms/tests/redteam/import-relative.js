// import() a file next to the host's script.
// expect: report:rejected TypeError
import('./compartment.js').then(() => api.report('fulfilled'), (e) => api.report('rejected ' + e.constructor.name));
