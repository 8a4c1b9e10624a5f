// Starts from the image written by snapshot-entry.js.
// Run: amber --snapshot-blob app.img examples/snapshot-main.js
bootCount++;
console.log(describe(), "boot", bootCount);
