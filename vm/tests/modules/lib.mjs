export function add(a, b) { return a + b; }
export let counter = 0;
export function inc() { counter++; }
export default function () { return "default!"; }
