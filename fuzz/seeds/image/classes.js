class A { #p = 1; static s = 2; get p() { return this.#p; } }
class B extends A { constructor() { super(); this.b = [1, 'two', 3n]; } }
globalThis.b = new B();
