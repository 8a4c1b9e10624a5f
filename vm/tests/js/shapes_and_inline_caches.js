// Shapes and inline caches must be invisible: each case warms a property-access site on one
// kind of object, then changes something a stale cache would get wrong.

function getX(o) { return o.x; }
function setX(o, v) { o.x = v; return o; }
function getLength(o) { return o.length; }

// Own property, then the same shape with another value, then another shape.
for (var i = 0; i < 20; i++) getX({ x: i });
console.log(getX({ x: "own" }), getX({ y: 1, x: "second slot" }), getX({}));
// expect: own second slot undefined

// Inherited: a cached prototype hit, then the receiver gets an own property that shadows it.
var proto = { x: "from proto" };
var child = Object.create(proto);
for (var i = 0; i < 20; i++) getX(child);
child.x = "shadowing";
console.log(getX(child), getX(Object.create(proto)));
// expect: shadowing from proto

// The prototype changes (not part of a shape): the walk must see the new one.
var other = { x: "other proto" };
var c2 = Object.create(proto);
for (var i = 0; i < 20; i++) getX(c2);
Object.setPrototypeOf(c2, other);
console.log(getX(c2));
// expect: other proto

// A data property on the prototype turns into a getter.
var p3 = { x: 1 };
var c3 = Object.create(p3);
for (var i = 0; i < 20; i++) getX(c3);
Object.defineProperty(p3, "x", { get() { return "getter"; } });
console.log(getX(c3));
// expect: getter

// Adds: warm `o.x = v` on fresh objects, then a prototype gains a setter or a read-only x.
var P = function () {};
for (var i = 0; i < 20; i++) setX(new P(), i);
var seen = [];
Object.defineProperty(P.prototype, "x", { set(v) { seen.push(v); }, configurable: true });
var q = setX(new P(), "via setter");
console.log(seen.join(), Object.keys(q).length);
// expect: via setter 0
delete P.prototype.x;
Object.defineProperty(P.prototype, "x", { value: "ro", writable: false, configurable: true });
var r = setX(new P(), "ignored");
console.log(r.x, Object.keys(r).length);
// expect: ro 0

// Adds on a non-extensible object fail; sets on a frozen one too.
for (var i = 0; i < 20; i++) setX({}, i);
var sealed = Object.preventExtensions({});
setX(sealed, 1);
console.log(sealed.x, Object.isExtensible(sealed));
// expect: undefined false
var frozen = { x: "kept" };
for (var i = 0; i < 20; i++) setX({ x: 0 }, i);
Object.freeze(frozen);
setX(frozen, "changed");
console.log(frozen.x);
// expect: kept

// Sets on an own writable property, then the property becomes read-only.
var w = { x: 0 };
for (var i = 0; i < 20; i++) setX(w, i);
Object.defineProperty(w, "x", { writable: false });
setX(w, "no");
console.log(w.x);
// expect: 19

// "length": an ordinary object with a length shape must not answer for arrays or strings.
for (var i = 0; i < 20; i++) getLength({ length: "object" });
console.log(getLength([1, 2, 3]), getLength("four"), getLength(new String("five")));
// expect: 3 4 4
var fake = Object.create(Array.prototype);
console.log(getLength(fake));
// expect: 0

// Arrays that share a prototype with an object whose length is cached.
var lp = { length: "proto length" };
var o1 = Object.create(lp);
for (var i = 0; i < 20; i++) getLength(o1);
var arr = [1, 2];
Object.setPrototypeOf(arr, lp);
console.log(getLength(arr), getLength(o1));
// expect: 2 proto length

// TypedArrays own their canonical numeric string keys.
function getInf(o) { return o.Infinity; }
for (var i = 0; i < 20; i++) getInf({});
Object.prototype.Infinity = "inherited";
console.log(getInf({}), getInf(new Uint8Array(2)));
// expect: inherited undefined
delete Object.prototype.Infinity;

// Proxies are never cached.
for (var i = 0; i < 20; i++) getX({ x: 1 });
console.log(getX(new Proxy({ x: 1 }, { get() { return "trap"; } })));
// expect: trap

// Deleting makes a dictionary; the site still reads the right slot.
var d = { a: 1, x: 2, b: 3 };
for (var i = 0; i < 20; i++) getX(d);
delete d.a;
console.log(getX(d), JSON.stringify(d));
// expect: 2 {"x":2,"b":3}

// Many shapes at one site (megamorphic) stay correct.
var keys = [];
for (var i = 0; i < 40; i++) {
  var o = {};
  o["k" + i] = i;
  o.x = i;
  keys.push(getX(o));
}
console.log(keys[0], keys[39], keys.length);
// expect: 0 39 40

// Objects built alike share a shape; freezing keeps their property order and attributes.
class Point { constructor(x, y) { this.x = x; this.y = y; } }
var pts = [];
for (var i = 0; i < 50; i++) pts.push(new Point(i, -i));
Object.freeze(pts[3]);
console.log(JSON.stringify(pts[3]), Object.isFrozen(pts[3]), Object.isFrozen(pts[4]));
// expect: {"x":3,"y":-3} true false
console.log(JSON.stringify(Object.getOwnPropertyDescriptor(pts[3], "y")));
// expect: {"value":-3,"writable":false,"enumerable":true,"configurable":false}

// Accessors take two slots: properties after them still read right.
var acc = { get a() { return "a"; }, set a(v) {}, x: "after accessor" };
for (var i = 0; i < 20; i++) getX(acc);
console.log(getX(acc), acc.a);
// expect: after accessor a

// Globals: a cached global-object property, then a lexical of the same name would be an
// error to declare, but a new global property added later is seen.
var gcount = 0;
function readG() { return gcount; }
for (var i = 0; i < 20; i++) readG();
gcount = 7;
console.log(readG());
// expect: 7
globalThis.lateGlobal = "late";
function readLate() { return typeof lateGlobal === "string" ? lateGlobal : "none"; }
console.log(readLate());
// expect: late

// Primitive receivers: string and number methods through their prototypes.
function charAt1(s) { return s.charAt(1); }
for (var i = 0; i < 20; i++) charAt1("xyz");
String.prototype.charAt = function () { return "patched"; };
console.log(charAt1("xyz"));
// expect: patched
function fixed(n) { return n.toFixed(1); }
for (var i = 0; i < 20; i++) fixed(1.25);
console.log(fixed(2));
// expect: 2.0

// Global stores: a cached writable global, then it becomes read-only; a sloppy-mode store.
var gstore = 0;
function writeG(v) { gstore = v; }
for (var i = 0; i < 20; i++) writeG(i);
console.log(gstore);
// expect: 19
Object.defineProperty(globalThis, "gstore", { writable: false });
writeG("ignored");
console.log(gstore);
// expect: 19
function writeStrict(v) { "use strict"; gstore = v; }
try { writeStrict(1); } catch (e) { console.log(e.constructor.name); }
// expect: TypeError

// Keyed collections past the size where they are hashed: SameValueZero keys, deletes and
// re-adds, clear.
var m = new Map();
for (var i = 0; i < 100; i++) m.set(i, "n" + i);
m.set(-0, "zero"); m.set(NaN, "nan"); m.set("s" + 1, "str"); m.set(10n ** 20n, "big");
var mo = {}; m.set(mo, "obj"); var msym = Symbol(); m.set(msym, "sym");
console.log(m.get(0), m.get(NaN), m.get("s1"), m.get(100000000000000000000n), m.get(mo), m.get(msym), m.get({}), m.size);
// expect: zero nan str big obj sym undefined 105
m.delete(5); m.set(5, "again");
console.log(m.get(5), [...m.keys()].indexOf(5), m.size);
// expect: again 104 105
m.clear(); m.set(1, 2);
console.log(m.size, m.get(1));
// expect: 1 2

// Adds that shadow a prototype's property (`this.x = v` where the prototype has a default x):
// cached as "shadowing adds", valid only while the prototype keeps x a writable data property.
function SPoint(x, y) { this.x = x; this.y = y; }
SPoint.prototype = { x: 0, y: 0, sum: function () { return this.x + this.y; } };
var spts = [];
for (var i = 0; i < 20; i++) spts.push(new SPoint(i, 1));
console.log(spts[19].sum(), Object.keys(spts[19]).join(), SPoint.prototype.x);
// expect: 20 x,y 0
// The prototype's x becomes read-only: the cached add no longer applies, and the Set fails
// (silently in sloppy code, with a TypeError in strict code).
Object.defineProperty(SPoint.prototype, "x", { writable: false });
var p = new SPoint(5, 6);
console.log(p.x, Object.keys(p).join());
// expect: 0 y
function StrictSPoint(x) { "use strict"; this.x = x; }
StrictSPoint.prototype = SPoint.prototype;
try { new StrictSPoint(1); } catch (e) { console.log(e.constructor.name); }
// expect: TypeError
// ... then an accessor: the Set calls the setter and adds nothing.
var seen = [];
Object.defineProperty(SPoint.prototype, "y", { set: function (v) { seen.push(v); } });
var q = new SPoint(7, 8);
console.log(Object.keys(q).join() === "", seen.join());
// expect: true 8
// A prototype further up the chain holds the key; one in between gets a setter later.
function Leaf() { this.z = 1; }
var mid = {};
Leaf.prototype = mid;
Object.setPrototypeOf(mid, { z: 0 });
for (var i = 0; i < 20; i++) new Leaf();
var calls = 0;
Object.defineProperty(mid, "z", { set: function () { calls++; }, configurable: true });
var leaf = new Leaf();
console.log(calls, Object.prototype.hasOwnProperty.call(leaf, "z"));
// expect: 1 false
// A frozen (non-extensible) receiver with a shadowable prototype property: no add.
function Frozen() { Object.preventExtensions(this); this.x = 1; }
Frozen.prototype = { x: 0 };
for (var i = 0; i < 20; i++) new Frozen();
function FrozenStrict() { "use strict"; Object.preventExtensions(this); this.x = 1; }
FrozenStrict.prototype = Frozen.prototype;
for (var i = 0; i < 3; i++) try { new FrozenStrict(); } catch (e) { console.log(e.constructor.name); }
// expect: TypeError
// expect: TypeError
// expect: TypeError
