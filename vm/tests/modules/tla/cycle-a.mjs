import { b } from './cycle-b.mjs';
export let a = 'A';
export function hello() {
  return 'hello from a';
}
console.log('a sees', b);
