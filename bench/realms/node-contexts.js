// node's nearest equivalent: vm.createContext({}) plus vm.runInContext("1+1", ctx), N times.
const vm = require("vm");
const N = 1000;
const t0 = Date.now();
for (let i = 0; i < N; i++) vm.runInContext("1+1", vm.createContext({}));
console.log(((Date.now() - t0) * 1000 / N).toFixed(1));
