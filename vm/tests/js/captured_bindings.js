// A captured `let` is read with its TDZ check in one instruction (LdaEnvChecked), and `++x`
// on it converts with ToNumeric inside Inc (the ToNumeric; Inc pair is fused).
function early() {
  const read = () => x;
  try { read(); } catch (e) { console.log(e.constructor.name, e.message); }
  let x = 1;
  return read();
}
console.log(early()); // expect: ReferenceError Cannot access 'x' before initialization
// expect: 1
function counters() {
  let n = 0, big = 10n, s = '5', o = { valueOf() { return 7n; } }, u;
  const bump = () => [++n, ++big, ++s, ++o, ++u, --n, n++, n--, n];
  return bump();
}
console.log(counters().map(String).join()); // expect: 1,11,6,8,NaN,0,0,1,0
function typeofs() { let v = 'x'; return () => [typeof ++v, v]; }
console.log(typeofs()().join()); // expect: number,NaN
