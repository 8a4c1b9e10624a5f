// Replace Math.max (the shared Math namespace).
// expect: TypeError
Math.max = () => 0;
