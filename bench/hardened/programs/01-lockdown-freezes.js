lockdown();
const xs = [Object.prototype, Array.prototype, Function.prototype, Math, JSON, Reflect, Promise.prototype, Object.getPrototypeOf([][Symbol.iterator]())];
print(xs.map(Object.isFrozen).join());
print(Object.isFrozen(globalThis), Object.isExtensible(globalThis));
