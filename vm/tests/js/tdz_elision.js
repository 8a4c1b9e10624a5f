// The compiler drops the TDZ check of a `let`/`const` held in a register once its
// initialization has been emitted in the same scope (`Scope::initialized`). Every way to reach
// a binding before its initialization must still throw; reads after it must see the value.
function readBefore() {
  try { x; } catch (e) { console.log(e.constructor.name); }
  let x = 1;
  return x;
}
console.log(readBefore()); // expect: ReferenceError
// expect: 1

// A case label jumps into the middle of the switch's scope, past `let a`.
function switchJump(v) {
  switch (v) {
    case 0:
      let a = 1;
      return a;
    case 1:
      try { return a; } catch (e) { return e.constructor.name; }
  }
}
console.log(switchJump(0), switchJump(1)); // expect: 1 ReferenceError

// A loop re-enters the body's scope: the binding is in its TDZ again at the top.
function loopReentry() {
  const seen = [];
  for (let i = 0; i < 2; i++) {
    try { seen.push(y); } catch (e) { seen.push(e.constructor.name); }
    let y = i * 10;
    seen.push(y);
  }
  return seen.join();
}
console.log(loopReentry()); // expect: ReferenceError,0,ReferenceError,10

// Assigning a const after its initialization is still a TypeError; before it, a ReferenceError.
function constAssign() {
  const out = [];
  try { c = 0; } catch (e) { out.push(e.constructor.name); }
  const c = 1;
  try { c = 2; } catch (e) { out.push(e.constructor.name); }
  out.push(c);
  return out.join();
}
console.log(constAssign()); // expect: ReferenceError,TypeError,1

// A forward jump (labelled break) cannot skip a declaration of its own statement list.
function labelledBreak() {
  l: { if (true) break l; }
  let z = 3;
  z += 1;
  return z;
}
console.log(labelledBreak()); // expect: 4

// The initializer itself reads the binding in its TDZ.
function selfInit() {
  try { let s = s + 1; return s; } catch (e) { return e.constructor.name; }
}
console.log(selfInit()); // expect: ReferenceError

// A closure sees the binding through an environment, and keeps its check.
function closureBefore() {
  const read = () => w;
  try { read(); } catch (e) { console.log(e.constructor.name); }
  let w = 5;
  return read();
}
console.log(closureBefore()); // expect: ReferenceError
// expect: 5

// Operands read straight from an initialized let's register, and compound assignment.
function registerOperands() {
  let s = 0;
  for (let i = 0; i < 10; i++) s = (s + i) | 0;
  let t = 2;
  t *= s;
  return [s, t].join();
}
console.log(registerOperands()); // expect: 45,90

// The left operand is read before the right one assigns it.
function leftBeforeRight() {
  let a = 1;
  const r = a + (a = 10);
  return [r, a].join();
}
console.log(leftBeforeRight()); // expect: 11,10
