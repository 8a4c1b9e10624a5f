// Math.random() as a covert channel.
// expect: TypeError
Math.random();
