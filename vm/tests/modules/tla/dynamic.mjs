// import() of a module with top-level await settles after its evaluation.
const p = import('./slow.mjs');
p.then((ns) => console.log('then', ns.value));
console.log('sync');
const ns = await p;
console.log('awaited', ns.value, await ns.later());
for await (const x of [Promise.resolve('x'), 'y']) console.log('for await', x);
export default await Promise.resolve('default');
