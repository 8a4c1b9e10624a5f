// JSON modules: `with { type: 'json' }`, statically and through import().
import data from './data.json' with { type: 'json' };
import * as ns from './data.json' with { type: 'json' };
const dyn = await import('./data.json', { with: { type: 'json' } });
console.log(data.name, data.list.length, ns.default === data, dyn.default === data);
console.log(Object.keys(ns).join());
const bad = await import('./data.json', { with: { kind: 'json' } }).catch((e) => e.name);
console.log(bad);
