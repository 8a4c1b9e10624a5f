// ShadowRealm: a fresh set of intrinsics and a fresh global, with a boundary that only
// primitives and functions cross. Run: amber examples/shadowrealm.js
const realm = new ShadowRealm();

// evaluate runs a script in the realm and returns its completion value.
print(realm.evaluate("[1, 2, 3].map(x => x * 2).join()"));          // 2,4,6

// The realm's intrinsics are its own: changing them here does not touch ours.
realm.evaluate("Array.prototype.sum = function () { return this.reduce((a, b) => a + b, 0) }");
print(realm.evaluate("[1, 2, 3].sum()"), typeof [].sum);             // 6 undefined

// Functions cross as wrapped functions, in both directions.
const inner = realm.evaluate("(callback) => callback('from inside') + '!'");
print(inner((message) => message.toUpperCase()));                   // FROM INSIDE!

// Objects do not cross: that is a TypeError of our realm.
try {
  realm.evaluate("({ secret: 42 })");
} catch (e) {
  print(e.constructor === TypeError, e.message);
}

// Errors cross as fresh TypeErrors of the receiving realm; the original never leaks.
try {
  realm.evaluate("null.property");
} catch (e) {
  print(e instanceof TypeError, e.message);
}

// importValue loads a module inside the realm and returns a promise of one export.
realm.importValue("./shadowrealm/greeter.mjs", "greet").then((greet) => {
  print(greet("amber"));
  print(greet("again"));
});
realm.importValue("./shadowrealm/greeter.mjs", "config").catch((e) => print("config:", e.message));
