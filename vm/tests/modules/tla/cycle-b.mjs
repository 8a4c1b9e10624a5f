import { hello } from './cycle-a.mjs';
export let b = 'B?';
console.log('b before await');
await 0;
b = 'B';
console.log('b after await:', hello());
