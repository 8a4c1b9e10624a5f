// new Date() reads the clock.
// expect: TypeError
new Date();
