// The smallest Amber program.
console.log("Hello from Amber!");
