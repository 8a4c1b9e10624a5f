// Decorators (https://github.com/tc39/proposal-decorators): evaluation and application order,
// context objects, replacement values, initializers, metadata and auto-accessors.

// Decorator expressions are evaluated in document order (class decorators first, element
// decorators interleaved with computed keys); decorators are called innermost first, element
// decorators (static methods, instance methods, static fields, instance fields) before the
// class decorators.
var order = [];
function tag(name) {
  order.push("eval " + name);
  return function (value, context) {
    order.push("call " + name + " " + context.kind + " " + String(context.name));
  };
}
function key(k) {
  order.push("key " + k);
  return k;
}
@tag("c1") @tag("c2")
class A {
  @tag("f") [key("f")] = 1;
  @tag("m1") @tag("m2") [key("m")]() {}
  @tag("sf") static sf;
  @tag("sm") static sm() {}
  @tag("acc") accessor acc;
}
print(order.join(" | "));
// expect: eval c1 | eval c2 | eval f | key f | eval m1 | eval m2 | key m | eval sf | eval sm | eval acc | call sm method sm | call m2 method m | call m1 method m | call acc accessor acc | call sf field sf | call f field f | call c2 class A | call c1 class A

// Context objects.
var ctx;
function grab(v, c) {
  ctx = c;
}
class B {
  @grab static #p() {}
}
print(ctx.kind, ctx.name, ctx.static, ctx.private, typeof ctx.addInitializer, typeof ctx.metadata);
// expect: method #p true true function object
print(Object.keys(ctx.access).join(","), Object.keys(ctx).join(","));
// expect: get,has kind,name,access,static,private,addInitializer,metadata
class B2 {
  @grab set s(v) {}
}
print(ctx.kind, Object.keys(ctx.access).join(","));
// expect: setter set,has
class B3 {
  @grab [Symbol.iterator] = 0;
}
print(ctx.kind, typeof ctx.name, Object.keys(ctx.access).join(","));
// expect: field symbol get,set,has
class B5 {
  @grab 1() {}
}
print(ctx.kind, typeof ctx.name, ctx.name);
// expect: method string 1
@grab class B4 {}
print(ctx.kind, ctx.name, "access" in ctx, "static" in ctx);
// expect: class B4 false false

// access.get/set/has work on any object with the element, private ones too.
var acc;
class C {
  @((v, c) => { acc = c.access; }) #x = 1;
  static read(o) { return o.#x; }
}
var c = new C();
print(acc.get(c), acc.has(c), acc.has({}));
// expect: 1 true false
acc.set(c, 5);
print(C.read(c));
// expect: 5
try { acc.get({}); } catch (e) { print(e.constructor.name); }
// expect: TypeError

// Replacement values: methods, getters, setters, classes.
function twice(m) {
  return function (...args) { return 2 * m.apply(this, args); };
}
class D {
  @twice m(x) { return x + 1; }
  @twice get g() { return 10; }
  @twice static s() { return 3; }
  @twice #p() { return 4; }
  p() { return this.#p(); }
}
var d = new D();
print(d.m(1), d.g, D.s(), d.p());
// expect: 4 20 6 8
function replace(K, context) {
  return class extends K { extra() { return "extra " + context.name; } };
}
@replace class E {}
print(new E().extra(), E.name === "E");
// expect: extra E false

// Non-callable replacements are TypeErrors, as is a bad accessor object.
for (var bad of [1, "x", {}, null]) {
  try {
    class F { @(() => bad) m() {} }
    print("no error");
  } catch (e) {
    print(e.constructor.name);
  }
}
// expect: TypeError
// expect: TypeError
// expect: TypeError
// expect: TypeError
try { class G { @(() => 1) accessor a; } } catch (e) { print("accessor", e.constructor.name); }
// expect: accessor TypeError
try { class G { @(() => ({ get: 1 })) accessor a; } } catch (e) { print("get", e.constructor.name); }
// expect: get TypeError
try { @(() => 1) class G {} } catch (e) { print("class", e.constructor.name); }
// expect: class TypeError
try { class G { @(5) m() {} } } catch (e) { print("not a function", e.constructor.name); }
// expect: not a function TypeError

// Field initializers: the innermost decorator's initializer runs first.
function plus(n) {
  return () => (v) => v + n;
}
function times(n) {
  return () => (v) => v * n;
}
class H {
  @plus(1) @times(10) x = 2;
  @times(10) @plus(1) y = 2;
  @plus(1) static z = 1;
}
var h = new H();
print(h.x, h.y, H.z);
// expect: 21 30 2

// Auto-accessors: the decorator gets { get, set } and may return { get, set, init }.
var log = [];
function logged(value, context) {
  return {
    get() { log.push("get " + context.name); return value.get.call(this); },
    set(v) { log.push("set " + context.name + " " + v); value.set.call(this, v); },
    init(v) { log.push("init " + v); return v * 100; },
  };
}
class I {
  @logged accessor a = 1;
  @logged static accessor #s = 2;
  static s() { return I.#s; }
}
var i = new I();
print(i.a, I.s());
// expect: 100 200
i.a = 7;
print(i.a, log.join(", "));
// expect: 7 init 2, init 1, get a, get #s, set a 7, get a
var desc = Object.getOwnPropertyDescriptor(I.prototype, "a");
print(typeof desc.get, typeof desc.set, desc.enumerable, desc.configurable, Object.hasOwn(i, "a"));
// expect: function function false true false

// addInitializer: method initializers run on each instance before the fields, static ones
// before the static fields, class ones after everything, field ones right after the field.
var steps = [];
function init(name) {
  return function (v, context) {
    context.addInitializer(function () {
      steps.push(name + " on " + (typeof this === "function" ? "class" : "instance"));
    });
  };
}
@init("class")
class J {
  @init("method") m() {}
  @init("static method") static sm() {}
  @init("field") f = steps.push("field value");
  static sf = steps.push("static field value");
  @init("static field") static sf2 = 1;
}
steps.push("new");
new J();
print(steps.join(", "));
// expect: static method on class, static field value, static field on class, class on class, new, method on instance, field value, field on instance
var late;
class K {
  @((v, c) => { late = c; }) m() {}
}
try { late.addInitializer(() => {}); } catch (e) { print("late", e.constructor.name); }
// expect: late TypeError
try { class L { @((v, c) => { c.addInitializer(1); }) m() {} } } catch (e) { print("not callable", e.constructor.name); }
// expect: not callable TypeError

// Metadata: one object per class, shared by its decorators, inheriting from the superclass's.
function meta(key, value) {
  return (v, context) => { context.metadata[key] = value; };
}
@meta("a", 1)
class M {
  @meta("b", 2) m() {}
}
class N extends M {
  @meta("c", 3) static x;
}
print(M[Symbol.metadata].a, M[Symbol.metadata].b, N[Symbol.metadata].c, N[Symbol.metadata].a);
// expect: 1 2 3 1
print(Object.getPrototypeOf(N[Symbol.metadata]) === M[Symbol.metadata], Object.getPrototypeOf(M[Symbol.metadata]));
// expect: true null
var md = Object.getOwnPropertyDescriptor(M, Symbol.metadata);
print(md.writable, md.enumerable, md.configurable, typeof Symbol.metadata);
// expect: false false true symbol

// The class binding inside the class is the decorated class.
function wrap(K) {
  return class Wrapped extends K {};
}
@wrap
class O {
  static self() { return O; }
}
print(O.name, O.self() === O);
// expect: Wrapped true

// Decorators before `export` (modules) and on class expressions.
var X = @meta("e", 5) class {};
print(X[Symbol.metadata].e);
// expect: 5
