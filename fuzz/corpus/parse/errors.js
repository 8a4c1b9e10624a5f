// try/catch/finally: errors carry their type, finally always runs.
function parseAge(text) {
  const n = Number(text);
  if (Number.isNaN(n)) throw new TypeError(`not a number: ${text}`);
  if (n < 0) throw new RangeError(`negative age: ${n}`);
  return n;
}
for (const input of ["42", "abc", "-1"]) {
  try {
    console.log("age", parseAge(input));
  } catch (e) {
    console.log(e.name + ":", e.message);
  } finally {
    console.log("checked", input);
  }
}
function early() {
  try {
    return "from try";
  } finally {
    console.log("finally before return");
  }
}
console.log(early());
