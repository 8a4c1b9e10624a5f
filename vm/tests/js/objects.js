// Objects, arrays, classes and property semantics.
const o = { a: 1, get b() { return this.a + 1; }, ["c" + 1]: 3 };
console.log(o.a, o.b, o.c1); // expect: 1 2 3
console.log(Object.keys(o).join()); // expect: a,b,c1
const arr = [3, 1, 2];
arr.sort();
console.log(arr.join(), arr.length); // expect: 1,2,3 3
arr[10] = 1;
console.log(arr.length, 5 in arr); // expect: 11 false
class Animal { constructor(name) { this.name = name; } speak() { return this.name + " makes a sound"; } }
class Dog extends Animal { speak() { return super.speak() + " (woof)"; } }
console.log(new Dog("Rex").speak()); // expect: Rex makes a sound (woof)
class P { x = 1; static s = "static"; getY() { return this.x; } }
console.log(new P().getY(), P.s); // expect: 1 static
const frozen = Object.freeze({ z: 1 });
"use strict";
frozen.z = 2;
console.log(frozen.z, Object.isFrozen(frozen)); // expect: 1 true
const { p, ...rest } = { p: 1, q: 2, r: 3 };
console.log(p, JSON.stringify(rest)); // expect: 1 {"q":2,"r":3}
const [x, , y = 10, ...zs] = [1, 2, undefined, 4, 5];
console.log(x, y, zs.join()); // expect: 1 10 4,5
console.log(typeof Symbol.iterator, [..."abc"].length); // expect: symbol 3
