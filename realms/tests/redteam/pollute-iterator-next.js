// Replace the array iterator's next.
// expect: TypeError
Object.getPrototypeOf([][Symbol.iterator]()).next = () => ({ done: true });
