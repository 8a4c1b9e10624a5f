// The GeneratorFunction constructor through a generator's prototype chain.
// expect: TypeError
Object.getPrototypeOf(function* () {}).constructor('yield 1')().next();
