// import defer: the module is loaded and linked but evaluated on the first string-keyed
// access to its deferred namespace; symbols and "then" do not evaluate it.
import './defer-setup.mjs';
import defer * as ns from './defer-dep.mjs';
import defer * as bad from './defer-throws.mjs';
console.log(deferLog.length, Object.prototype.toString.call(ns), typeof ns.then, deferLog.length);
console.log(ns.value, deferLog.join());
console.log(Object.keys(ns).join(), ns === (await import.defer('./defer-dep.mjs')));
let e1, e2;
try { bad.x; } catch (e) { e1 = e; }
try { 'x' in bad; } catch (e) { e2 = e; }
console.log(e1.name, e1 === e2, deferLog.join());
