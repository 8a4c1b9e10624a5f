//! Object-model built-ins (Proxy, Reflect, Array, Object, collections, Date, ...), run end to
//! end: each case is a script whose `print` output is compared, once normally and once with
//! the collector moving every object at every safepoint.

use amber_vm::{Vm, VmOptions};

fn run(source: &str, gc_stress: bool) -> String {
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        gc_stress,
        ..Default::default()
    });
    let realm = vm.main_realm();
    if let Err(e) = vm.eval_script(realm, source, "test.js") {
        let out = vm.take_output();
        return format!("{out}error: {e}\n");
    }
    vm.take_output()
}

fn check(source: &str, expect: &str) {
    assert_eq!(run(source, false), expect, "normal run");
    assert_eq!(run(source, true), expect, "gc_stress run");
}

#[test]
fn proxy_traps_and_invariants() {
    check(
        r#"
        var log = [];
        var target = { a: 1 };
        var p = new Proxy(target, {
          get(t, k, r) { log.push("get " + String(k)); return Reflect.get(t, k, r); },
          has(t, k) { log.push("has " + k); return k in t; },
          ownKeys(t) { log.push("ownKeys"); return Reflect.ownKeys(t); },
          defineProperty(t, k, d) { log.push("define " + k); return Reflect.defineProperty(t, k, d); },
          deleteProperty(t, k) { log.push("delete " + k); return delete t[k]; },
        });
        p.b = 2;
        print(p.a, p.b, "a" in p, Object.keys(p).join());
        delete p.a;
        print(log.join("; "));
        Object.defineProperty(target, "fixed", { value: 1 });
        var bad = new Proxy(target, { get() { return 2; } });
        try { bad.fixed; } catch (e) { print(e instanceof TypeError); }
        var r = Proxy.revocable({}, {});
        r.revoke();
        try { r.proxy.x; } catch (e) { print(e instanceof TypeError); }
        var f = new Proxy(function (a, b) { return a + b; }, {
          apply(t, self, args) { return t(...args) * 10; },
        });
        print(f(1, 2), typeof f, typeof new Proxy({}, {}));
        var C = new Proxy(function () { this.x = 1; }, {});
        print(new C().x);
        "#,
        "1 2 true a,b\ndefine b; get a; get b; has a; ownKeys; delete a\ntrue\ntrue\n30 function object\n1\n",
    );
}

#[test]
fn reflect_functions() {
    check(
        r#"
        var o = {};
        print(Reflect.defineProperty(o, "x", { value: 1 }), Reflect.isExtensible(o));
        print(JSON.stringify(Reflect.getOwnPropertyDescriptor(o, "x")));
        print(Reflect.preventExtensions(o), Reflect.isExtensible(o));
        print(Reflect.setPrototypeOf(o, null), Reflect.setPrototypeOf({}, null));
        print(Reflect.ownKeys({ b: 1, 1: 2, a: 3 }).join());
        "#,
        "true true\n{\"value\":1,\"writable\":false,\"enumerable\":false,\"configurable\":false}\ntrue false\nfalse true\n1,b,a\n",
    );
}

#[test]
fn array_copying_and_searching_methods() {
    check(
        r#"
        var a = [1, 2, 3, 4];
        print(a.at(-1), a.findLast(x => x % 2), a.findLastIndex(x => x > 10), a.lastIndexOf(2));
        print(a.toReversed().join(), a.toSorted((x, y) => y - x).join(), a.toSpliced(1, 2, "x").join(), a.with(0, 9).join(), a.join());
        print([1, [2, [3, [4]]]].flat(Infinity).join(), [1, 2].flatMap(x => [x, x * 2]).join());
        print([1, 2, 3, 4, 5].copyWithin(0, 3).join(), new Array(3).fill(7).join());
        print([1, 2, 3].reduceRight((acc, x) => acc + x), Array.prototype[Symbol.unscopables].flat);
        "#,
        "4 3 -1 1\n4,3,2,1 4,3,2,1 1,x,4 9,2,3,4 1,2,3,4\n1,2,3,4 1,2,2,4\n4,5,3,4,5 7,7,7\n6 true\n",
    );
}

#[test]
fn keyed_collections() {
    check(
        r#"
        var m = new Map([["a", 1], [NaN, 2], [-0, 3]]);
        print(m.size, m.get("a"), m.get(NaN), m.get(0), m.has("b"));
        m.delete("a");
        print([...m.keys()].join(), [...m].length);
        var s = new Set([1, 2, 3]);
        var it = s.values();
        it.next();
        s.delete(2);
        s.add(4);
        print([...it].join(), s.union(new Set([5])).size, [...s.intersection(new Set([3, 4, 9]))].join());
        print([...s.difference(new Set([1]))].join(), [...s.symmetricDifference(new Set([1, 7]))].join());
        print(s.isSubsetOf(new Set([1, 3, 4, 5])), s.isSupersetOf(new Set([1])), s.isDisjointFrom(new Set([8])));
        var k = {};
        var wm = new WeakMap([[k, 1]]);
        print(wm.get(k), wm.has({}), new WeakSet([k]).has(k));
        try { wm.set(1, 1); } catch (e) { print(e instanceof TypeError); }
        var g = Map.groupBy([1, 2, 3, 4], x => x % 2);
        print(g.get(1).join(), g.get(0).join(), Object.groupBy([1, 2, 3], x => x > 1 ? "big" : "small").big.join());
        "#,
        "3 1 2 3 false\nNaN,0 2\n3,4 4 3,4\n3,4 3,4,7\ntrue true true\n1 false true\ntrue\n1,3 2,4 2,3\n",
    );
}

#[test]
fn dates_in_utc() {
    check(
        r#"
        var d = new Date(2020, 1, 29, 12, 30);
        print(d.toString());
        print(d.toISOString(), d.toUTCString(), JSON.stringify({ d }));
        print(Date.parse(d.toString()) === d.getTime(), new Date("2019-03-04T05:06:07.089Z").getTime());
        d.setMonth(11, 31);
        print(d.getFullYear(), d.getMonth(), d.getDate(), d.getDay(), new Date(NaN) + "");
        "#,
        "Sat Feb 29 2020 12:30:00 GMT+0000 (Coordinated Universal Time)\n2020-02-29T12:30:00.000Z Sat, 29 Feb 2020 12:30:00 GMT {\"d\":\"2020-02-29T12:30:00.000Z\"}\ntrue 1551675967089\n2020 11 31 4 Invalid Date\n",
    );
}

#[test]
fn iterator_helpers() {
    check(
        r#"
        function* nat() { var i = 0; while (true) yield i++; }
        print(nat().filter(x => x % 2).map(x => x * 10).drop(1).take(3).toArray().join());
        print([1, 2].values().flatMap(x => [x, -x]).toArray().join(), nat().take(5).reduce((a, b) => a + b));
        print(nat().some(x => x > 3), nat().take(3).every(x => x < 3), nat().find(x => x * x > 50));
        var closed = false;
        var it = { next() { return { value: 1, done: false }; }, return() { closed = true; return {}; } };
        var h = Iterator.from(it).map(x => x);
        h.next();
        h.return();
        print(closed, Object.prototype.toString.call(h), typeof Iterator, Iterator.prototype[Symbol.toStringTag]);
        "#,
        "30,50,70\n1,-1,2,-2 10\ntrue true 8\ntrue [object Iterator Helper] function Iterator\n",
    );
}

#[test]
fn array_buffers() {
    check(
        r#"
        var b = new ArrayBuffer(8, { maxByteLength: 16 });
        print(b.byteLength, b.maxByteLength, b.resizable, b.slice(2, 5).byteLength);
        b.resize(12);
        var t = b.transfer();
        print(b.detached, b.byteLength, t.byteLength, t.resizable, t.transferToFixedLength(4).resizable);
        try { new ArrayBuffer(4).resize(2); } catch (e) { print(e instanceof TypeError); }
        "#,
        "8 16 true 3\ntrue 0 12 true false\ntrue\n",
    );
}

#[test]
fn dynamic_functions_cannot_close_themselves_early() {
    check(
        r#"
        var cases = [["", "}); (function () {"], ["a) {}; (function (b", ""], ["/*", "*/){"],
                     ["", "} + function () {"]];
        for (var i = 0; i < cases.length; i++) {
          try { Function(cases[i][0], cases[i][1]); print("accepted"); }
          catch (e) { print(e.constructor === SyntaxError); }
        }
        print(Function("a", "b", "return a * b")(6, 7));
        var G = Object.getPrototypeOf(function* () {}).constructor;
        print(G("a", "yield a")(5).next().value);
        var AF = Object.getPrototypeOf(async function () {}).constructor;
        try { AF("}); (async function () {"); print("accepted"); }
        catch (e) { print(e.constructor === SyntaxError); }
        "#,
        "true\ntrue\ntrue\ntrue\n42\n5\ntrue\n",
    );
}

#[test]
fn aggregate_error_weak_ref_and_finalization_registry() {
    check(
        r#"
        var e = new AggregateError(new Set([1, 2]), "msg", { cause: "c" });
        print(e.name, e.message, e.cause, e.errors.join(), Array.isArray(e.errors));
        print(Object.getPrototypeOf(AggregateError) === Error, AggregateError.length);
        print(e instanceof Error, Object.prototype.toString.call(e), Error.isError(e));
        print(Error.isError({ __proto__: Error.prototype }), Error.isError(new TypeError()));
        try { new AggregateError(1); } catch (x) { print(x instanceof TypeError); }
        var target = {};
        var w = new WeakRef(target);
        print(w.deref() === target, String(w), Object.prototype.toString.call(w));
        try { new WeakRef(1); } catch (x) { print(x instanceof TypeError); }
        try { new WeakRef(Symbol.for("registered")); } catch (x) { print(x instanceof TypeError); }
        print(new WeakRef(Symbol("unregistered")).deref().toString());
        var r = new FinalizationRegistry(function () {});
        var token = {};
        print(r.register(target, "held", token), r.unregister(token), r.unregister(token));
        try { r.register(target, target); } catch (x) { print(x instanceof TypeError); }
        try { r.register(target, 1, 2); } catch (x) { print(x instanceof TypeError); }
        try { FinalizationRegistry(function () {}); } catch (x) { print(x instanceof TypeError); }
        "#,
        "AggregateError msg c 1,2 true\ntrue 2\ntrue [object Error] true\nfalse true\ntrue\n\
         true [object WeakRef] [object WeakRef]\ntrue\ntrue\nSymbol(unregistered)\n\
         undefined true false\ntrue\ntrue\ntrue\n",
    );
}

#[test]
fn object_keys_values_entries_survive_collections_in_traps() {
    check(
        r#"
        var target = { b: 2, 1: "one", a: 1, [Symbol("s")]: 3 };
        var p = new Proxy(target, {
          getOwnPropertyDescriptor(t, k) {
            var junk = [];
            for (var i = 0; i < 50; i++) junk.push({ i: "x" + i });
            return Reflect.getOwnPropertyDescriptor(t, k);
          },
          get(t, k, r) { var junk = { s: "y" + String(k) }; return t[k]; },
        });
        print(Object.keys(p).join(), Object.values(p).join(), JSON.stringify(Object.entries(p)));
        "#,
        "1,b,a one,2,1 [[\"1\",\"one\"],[\"b\",2],[\"a\",1]]\n",
    );
}

/// A fresh realm's intrinsics are shaped (so inline caches apply to method lookups on
/// prototypes), except objects with more properties than a shape holds (the global object).
#[test]
fn intrinsics_are_shaped() {
    let vm = Vm::new(VmOptions::default());
    let dictionaries: Vec<usize> = vm
        .heap
        .arenas
        .objects
        .iter()
        .enumerate()
        .filter(|(_, o)| o.properties.is_dictionary())
        .map(|(i, _)| i)
        .collect();
    let large: Vec<usize> = dictionaries
        .iter()
        .copied()
        .filter(|&i| {
            let h =
                amber_heap::Handle::from_raw(amber_heap::RawHandle::new(i as u32, vm.heap.epoch()));
            vm.heap.property_count(h) > amber_heap::shape::MAX_SHAPED_PROPERTIES
        })
        .collect();
    assert_eq!(
        dictionaries, large,
        "intrinsics in dictionary mode without being large"
    );
}

/// Random property operations on shaped and dictionary-mode objects agree
/// (`tests/random/shapes_random_ops.js`; normal mode only: under GC stress its 6,000 steps take
/// minutes, and `tests/js/shapes_and_inline_caches.js` covers the caches under GC stress).
#[test]
fn shaped_and_dictionary_objects_agree_on_random_operations() {
    let source = include_str!("random/shapes_random_ops.js");
    assert_eq!(run(source, false), "mismatches 0\n");
}
