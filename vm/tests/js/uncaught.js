// An uncaught error ends the script with that error.
console.log("before"); // expect: before
function fail() { throw new RangeError("out of range"); }
fail();
console.log("never");
// expect-error: RangeError
