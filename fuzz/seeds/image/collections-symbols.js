const s = Symbol('k'), r = Symbol.for('reg');
globalThis.m = new Map([[1, 'a'], [s, r], [{}, []]]);
globalThis.st = new Set(['x', 2, s]);
globalThis.wm = new WeakMap([[globalThis, 1]]);
globalThis.o = { [s]: 1, [r]: 2 };
