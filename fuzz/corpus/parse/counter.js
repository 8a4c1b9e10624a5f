// A counter factory: each call makes a closure over its own `count`.
function makeCounter(start = 0) {
  let count = start;
  return {
    increment() { return ++count; },
    decrement() { return --count; },
    get value() { return count; },
  };
}
const a = makeCounter();
const b = makeCounter(100);
a.increment(); a.increment(); a.increment();
b.decrement();
console.log("a:", a.value, "b:", b.value);
const adders = [1, 2, 3].map(n => x => x + n);
console.log(adders.map(add => add(10)));
