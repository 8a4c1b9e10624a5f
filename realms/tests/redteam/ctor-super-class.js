// A class extending the Function-family constructor, reached with super().
// expect: TypeError
const F = (function () {}).constructor; class X extends F { constructor() { super('return globalThis'); } } new X();
