// The AsyncFunction constructor.
// expect: TypeError
Object.getPrototypeOf(async function () {}).constructor('return 1')();
