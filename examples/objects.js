// Objects, arrays and classes.
const inventory = [
  { name: "apple", price: 0.5, qty: 10 },
  { name: "pear", price: 0.75, qty: 4 },
  { name: "fig", price: 2, qty: 0 },
];
const inStock = inventory.filter(item => item.qty > 0).map(item => item.name);
console.log(inStock.join(", "));
const total = inventory.reduce((sum, { price, qty }) => sum + price * qty, 0);
console.log("total", total);

class Shape {
  constructor(name) { this.name = name; }
  describe() { return `${this.name} with area ${this.area()}`; }
}
class Rect extends Shape {
  constructor(w, h) { super("rect"); this.w = w; this.h = h; }
  area() { return this.w * this.h; }
}
class Square extends Rect {
  constructor(s) { super(s, s); this.name = "square"; }
}
for (const s of [new Rect(2, 3), new Square(4)]) console.log(s.describe());
console.log(JSON.stringify({ inStock, total, nested: { ok: true, list: [1, 2] } }));
console.log(Object.entries({ x: 1, y: 2 }));
