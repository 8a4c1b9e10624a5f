// The AsyncGeneratorFunction constructor.
// expect: TypeError
Object.getPrototypeOf(async function* () {}).constructor('yield 1')();
