export let value = 1;
await null;
await null;
value = 2;
export async function later() {
  await null;
  return 'later';
}
