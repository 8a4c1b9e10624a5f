// Over 1,024 characters of source, so that the image holds the script's text packed (LZ4, image
// format 16): the image target's probe reads the functions' source, which decompresses it.
// The rest of this comment only makes the text long enough. Heap images keep the source of
// every script because Function.prototype.toString returns a function's source text; a process
// started from an image rarely reads it, so it stays packed until something does, and a
// packed block that does not decompress (a crafted image) reads as replacement characters.
// One more line of padding, and another, to be safely past the threshold of 1,024 units:
// ................................................................................
// ................................................................................
// ................................................................................
// ................................................................................
globalThis.longSource = function longSource(x) {
  return x + 1;
};
globalThis.other = (a, b) => a * b;
