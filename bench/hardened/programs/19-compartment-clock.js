lockdown();
const c = new Compartment();
for (const src of ["Date.now()", "new Date()", "Math.random()", "new Date(3).getTime()"]) {
  try { print(src, "->", c.evaluate(src)); } catch (e) { print(src, "->", e.constructor.name); }
}
