// Builds state that a heap image keeps: a closure over an object graph with a cycle.
// Run: amber --build-snapshot examples/snapshot-entry.js --snapshot-blob app.img
const parent = { name: "root", children: [] };
for (const name of ["a", "b", "c"]) {
  parent.children.push({ name, parent }); // each child points back: a cycle
}
globalThis.describe = function () {
  return parent.children.map(c => c.parent.name + "/" + c.name).join(" ");
};
globalThis.bootCount = 0;
