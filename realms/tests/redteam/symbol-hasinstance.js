// Function.prototype[Symbol.hasInstance] to subvert instanceof.
// expect: TypeError
Object.defineProperty(Function.prototype, Symbol.hasInstance, { value: () => true });
