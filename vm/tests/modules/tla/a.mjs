console.log('a start');
await null;
Promise.resolve().then(() => console.log('a job'));
await null;
console.log('a end');
