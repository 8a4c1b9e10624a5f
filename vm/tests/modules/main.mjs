import { add, counter, inc } from "./lib.mjs";
import def, * as ns from "./lib.mjs";
import { a as renamed } from "./reexport.mjs";
console.log(add(2, 3), counter);
inc(); inc();
console.log("live binding:", counter, ns.counter);
console.log(def(), renamed, Object.keys(ns).join(), ns[Symbol.toStringTag]);
console.log(typeof import.meta, this);
import("./lib.mjs").then(m => console.log("dynamic", m === ns, m.add(1, 1)));
