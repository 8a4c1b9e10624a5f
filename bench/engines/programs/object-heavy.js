// Object-heavy: allocates many small objects and class instances and reads their
// properties (literals, constructors, classes with methods and getters, inheritance).
if (typeof print !== 'function') globalThis.print = console.log;

class Vec {
  constructor(x, y) { this.x = x; this.y = y; }
  add(o) { return new Vec(this.x + o.x, this.y + o.y); }
  get len2() { return this.x * this.x + this.y * this.y; }
}
class Particle extends Vec {
  constructor(x, y, id) { super(x, y); this.id = id; this.alive = true; }
}
function Point(a, b) { this.a = a; this.b = b; }
Point.prototype.sum = function () { return this.a + this.b; };

let check = 0;
for (let round = 0; round < 40; round++) {
  const items = [];
  for (let i = 0; i < 10000; i++) {
    const p = new Particle(i % 97, i % 89, i);
    const q = p.add(new Vec(1, 2));
    const rec = { id: i, pos: q, tag: i & 7, pt: new Point(i, round) };
    items.push(rec);
  }
  for (let i = 0; i < items.length; i++) {
    const r = items[i];
    check = (check + r.pos.len2 + r.tag + r.pt.sum()) % 1000000007;
  }
  const map = {};
  for (let i = 0; i < 2000; i++) map['k' + (i % 500)] = (map['k' + (i % 500)] || 0) + i;
  check = (check + Object.keys(map).length + map.k42) % 1000000007;
}
print('object-heavy ' + check);
