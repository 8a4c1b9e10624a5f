let n = 0; const inc = () => ++n; globalThis.f = function (x) { return inc() + x; };
globalThis.args = (function (a, b) { return arguments; })(1, 2);
globalThis.arr = [1, , 'three', { four: 4 }];
globalThis.pend = new Promise(() => {}); pend.then(v => v, e => e);
