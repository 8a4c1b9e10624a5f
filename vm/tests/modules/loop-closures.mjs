// Block-scoped bindings of the module body that closures capture (one per iteration).
const fs = [];
for (const key of ['a', 'b']) fs.push(() => key);
for (let i = 0; i < 2; i++) fs.push(() => i);
{
  let inner = 'block';
  fs.push(() => inner);
}
console.log(fs.map((f) => f()).join());
