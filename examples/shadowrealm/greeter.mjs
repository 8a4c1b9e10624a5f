// A module loaded inside a ShadowRealm by examples/shadowrealm.js.
let greetings = 0;
export function greet(name) {
  greetings++;
  return `hello, ${name} (greeting #${greetings} from inside the realm)`;
}
export const config = { loud: true }; // an object: importing it is a TypeError
