// A namespace descriptor aims at a module of this compartment's own parent by name.
// expect: TypeError
new Compartment({ modules: { x: { namespace: 'main', compartment: globalThis } } }).importNow('x');
