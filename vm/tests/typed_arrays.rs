//! TypedArrays and DataView, run end to end: each case is a script whose `print` output is
//! compared, once normally and once with the collector moving every object at every safepoint.

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
fn element_conversions() {
    check(
        r#"
        var i8 = new Int8Array([127, 128, -129, 1.9, -1.9, NaN]);
        print(i8.join());
        var u8 = new Uint8Array([256, -1, 3.7]);
        print(u8.join());
        var c = new Uint8ClampedArray([300, -5, 1.5, 2.5, 0.5, NaN]);
        print(c.join());
        var f32 = new Float32Array([1.1, 16777217]);
        print(f32[0] === Math.fround(1.1), f32[1]);
        var u32 = new Uint32Array([-1, 4294967296 + 5]);
        print(u32.join());
        var b = new BigInt64Array([2n ** 63n, -1n]);
        print(b[0], b[1]);
        var ub = new BigUint64Array([-1n]);
        print(ub[0]);
        print(Int16Array.BYTES_PER_ELEMENT, Float64Array.prototype.BYTES_PER_ELEMENT);
        "#,
        "127,-128,127,1,-1,0\n0,255,3\n255,0,2,2,0,0\ntrue 16777216\n4294967295,5\n-9223372036854775808n -1n\n18446744073709551615n\n2 8\n",
    );
}

#[test]
fn exotic_property_access() {
    check(
        r#"
        var a = new Int32Array(3);
        a[1] = 7; a[5] = 9; a["-0"] = 1; a[1.5] = 2; a.foo = "x";
        print(a[1], a[5], a["-0"], a[1.5], a.foo, 5 in a, 1 in a, "-0" in a);
        print(Object.keys(a).join(), Reflect.ownKeys(a).length);
        print(delete a[0], delete a[7], Object.getOwnPropertyDescriptor(a, 2).writable);
        print(Reflect.defineProperty(a, 0, { value: 3 }), a[0],
              Reflect.defineProperty(a, 0, { value: 3, configurable: false }));
        Int32Array.prototype[10] = "proto";
        print(a[10]);
        var o = Object.create(a); o[0] = 42; print(a[0], o.hasOwnProperty(0));
        try { Object.freeze(a); } catch (e) { print(e instanceof TypeError); }
        print(Object.prototype.toString.call(a), a[Symbol.toStringTag]);
        "#,
        "7 undefined undefined undefined x false true false\n0,1,2,foo 4\nfalse true true\ntrue 3 false\nundefined\n3 true\ntrue\n[object Int32Array] Int32Array\n",
    );
}

#[test]
fn constructors() {
    check(
        r#"
        var buf = new ArrayBuffer(8);
        var v = new Uint16Array(buf, 2, 2);
        print(v.length, v.byteOffset, v.byteLength, v.buffer === buf);
        var w = new Uint8Array(buf); w[2] = 1; w[3] = 1; print(v[0]);
        print(new Float64Array(new Int8Array([1, -2])).join());
        print(new Uint8Array(new Set([3, 4])).join(), new Int8Array({ length: 2, 0: 5 }).join());
        try { new Uint16Array(buf, 1); } catch (e) { print(e.constructor.name); }
        try { Uint8Array(2); } catch (e) { print(e.constructor.name); }
        try { new (Object.getPrototypeOf(Int8Array))(); } catch (e) { print(e.constructor.name); }
        try { new BigInt64Array(new Int8Array(1)); } catch (e) { print(e.constructor.name); }
        print(Uint8Array.from([1, 2], function (x) { return x * 2; }).join(), Int8Array.of(1, 2, 3).length);
        print(ArrayBuffer.isView(v), ArrayBuffer.isView(buf), ArrayBuffer.isView(new DataView(buf)));
        print(Object.getPrototypeOf(Int8Array.prototype) === Object.getPrototypeOf(Uint8Array.prototype));
        class Sub extends Uint8Array {}
        var s = new Sub(2); print(s instanceof Sub, s.map(function (x) { return x + 1; }) instanceof Sub);
        "#,
        "2 2 4 true\n257\n1,-2\n3,4 5,0\nRangeError\nTypeError\nTypeError\nTypeError\n2,4 3\ntrue false true\ntrue\ntrue true\n",
    );
}

#[test]
fn resizable_and_detached() {
    check(
        r#"
        var rab = new ArrayBuffer(4, { maxByteLength: 16 });
        var t = new Uint8Array(rab);
        var f = new Uint8Array(rab, 0, 4);
        print(t.length, f.length);
        rab.resize(8); print(t.length, f.length);
        var it = f.values();
        rab.resize(2); print(t.length, f.length, f.byteLength, f[0]);
        try { it.next(); } catch (e) { print(e.constructor.name); }
        var d = new Int8Array(4); d.buffer.transfer();
        print(d.length, d.byteLength, d[0], 0 in d);
        try { d.fill(1); } catch (e) { print(e.constructor.name); }
        print(Object.isExtensible(t), Reflect.preventExtensions(t));
        "#,
        "4 4\n8 4\n2 0 0 undefined\nTypeError\n0 0 undefined false\nTypeError\ntrue false\n",
    );
}

#[test]
fn prototype_methods() {
    check(
        r#"
        var a = new Int16Array([5, 1, 4, 2, 3]);
        print(a.at(-1), a.includes(4), a.indexOf(2), a.lastIndexOf(5), a.join("-"));
        print(a.slice(1, 3).join(), a.subarray(1, 3).join(), a.subarray(2).byteOffset);
        print(a.map(function (x) { return x * 2; }).join(), a.filter(function (x) { return x > 2; }).join());
        print(a.reduce(function (s, x) { return s + x; }), a.reduceRight(function (s, x) { return s + "" + x; }, ""));
        print(a.find(function (x) { return x < 3; }), a.findIndex(function (x) { return x < 3; }),
              a.findLast(function (x) { return x > 3; }), a.findLastIndex(function (x) { return x > 100; }));
        print(a.every(function (x) { return x > 0; }), a.some(function (x) { return x > 4; }));
        print(a.toSorted().join(), a.toReversed().join(), a.with(0, 9).join(), a.join());
        print(a.sort(function (x, y) { return y - x; }).join());
        var f = new Float64Array([3, NaN, -0, 0, -Infinity, 1]);
        f.sort(); print(f.join(), Object.is(f[1], -0));
        print(new Uint8Array([1, 2, 3, 4, 5]).copyWithin(0, 3).join(), new Uint8Array(4).fill(7, 1, 3).join());
        var t = new Uint8Array(5); t.set([1, 2], 1); t.set(new Uint8Array([9]), 4); print(t.join());
        try { t.set([1, 2], 4); } catch (e) { print(e.constructor.name); }
        print(new Uint8Array([3, 4]).reverse().join(), [...new Uint8Array([1, 2]).entries()].join("|"));
        print(Uint8Array.prototype.toString === Array.prototype.toString, new Int8Array([1, 2]).toString());
        print(Int8Array.prototype[Symbol.iterator] === Int8Array.prototype.values, [...new Int8Array([1, -1])].join());
        var n = 0; new Uint8Array(3).forEach(function () { n++; }); print(n);
        print(new BigInt64Array([3n, 1n, 2n]).sort().join(), new Float32Array([1.5]).toLocaleString());
        "#,
        "3 true 3 0 5-1-4-2-3\n1,4 1,4 4\n10,2,8,4,6 5,4,3\n15 32415\n1 1 4 -1\ntrue true\n1,2,3,4,5 3,2,4,1,5 9,1,4,2,3 5,1,4,2,3\n5,4,3,2,1\n-Infinity,0,0,1,3,NaN true\n4,5,3,4,5 0,7,7,0\n0,1,2,0,9\nRangeError\n4,3 0,1|1,2\ntrue 1,2\ntrue 1,-1\n3\n1,2,3 1.5\n",
    );
}

#[test]
fn species_and_validation() {
    check(
        r#"
        var a = new Uint8Array([1, 2, 3]);
        a.constructor = {}; a.constructor[Symbol.species] = function (n) { return new Uint8Array(1); };
        try { a.slice(); } catch (e) { print(e.constructor.name); }
        a.constructor[Symbol.species] = function (n) { return new BigInt64Array(n); };
        try { a.map(function (x) { return x; }); } catch (e) { print(e.constructor.name); }
        try { Uint8Array.prototype.map.call([1], function () {}); } catch (e) { print(e.constructor.name); }
        var getter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype), "length").get;
        try { getter.call({}); } catch (e) { print(e.constructor.name); }
        print(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype), Symbol.toStringTag).get.call(3));
        "#,
        "TypeError\nTypeError\nTypeError\nTypeError\nundefined\n",
    );
}

#[test]
fn data_view() {
    check(
        r#"
        var buf = new ArrayBuffer(16);
        var dv = new DataView(buf, 2);
        print(dv.byteLength, dv.byteOffset, dv.buffer === buf);
        dv.setInt16(0, -2); print(dv.getInt16(0), dv.getUint16(0), dv.getUint8(0), dv.getUint8(1));
        dv.setUint32(2, 0x01020304, true); print(dv.getUint8(2), dv.getUint32(2), dv.getUint32(2, true));
        dv.setFloat64(4, Math.PI); print(dv.getFloat64(4) === Math.PI, dv.getFloat32(4));
        dv.setBigInt64(0, -5n, true); print(dv.getBigInt64(0, true), dv.getBigUint64(0, true));
        dv.setFloat32(0, 1.5); print(dv.getFloat32(0));
        try { dv.getInt32(12); } catch (e) { print(e.constructor.name); }
        try { dv.getInt8(-1); } catch (e) { print(e.constructor.name); }
        try { new DataView(buf, 17); } catch (e) { print(e.constructor.name); }
        try { DataView(buf); } catch (e) { print(e.constructor.name); }
        try { new DataView({}); } catch (e) { print(e.constructor.name); }
        var rab = new ArrayBuffer(8, { maxByteLength: 16 });
        var t = new DataView(rab, 4); rab.resize(12); print(t.byteLength);
        rab.resize(2); try { t.byteLength; } catch (e) { print(e.constructor.name); }
        buf.transfer(); try { dv.getInt8(0); } catch (e) { print(e.constructor.name); }
        print(Object.prototype.toString.call(dv));
        "#,
        "14 2 true\n-2 65534 255 254\n4 67305985 16909060\ntrue 2.1426990032196045\n-5n 18446744073709551611n\n1.5\nRangeError\nRangeError\nRangeError\nTypeError\nTypeError\n8\nTypeError\nTypeError\n[object DataView]\n",
    );
}

#[test]
fn float16() {
    check(
        r#"
        var h = new Float16Array([1.337, 65504, 65520, 5.960464477539063e-8, 2.9802322387695312e-8, -0, NaN, 1e-10]);
        print(h.join(), Object.is(h[5], -0), h[0] === Math.f16round(1.337), Float16Array.BYTES_PER_ELEMENT);
        var dv = new DataView(new ArrayBuffer(4));
        dv.setFloat16(0, 1.5); print(dv.getUint8(0), dv.getUint8(1), dv.getFloat16(0));
        dv.setFloat16(2, -2.0009765625, true); print(dv.getFloat16(2, true), dv.getUint16(2, true));
        print(new Float64Array([1, 2]).with(-0.5, 7).join());
        "#,
        "1.3369140625,65504,Infinity,5.960464477539063e-8,0,0,NaN,0 true true 2\n62 0 1.5\n-2 49152\n7,2\n",
    );
}

#[test]
fn shared_array_buffer() {
    check(
        r#"
        var s = new SharedArrayBuffer(4, { maxByteLength: 8 });
        print(s.byteLength, s.growable, s.maxByteLength, Object.prototype.toString.call(s));
        var t = new Uint8Array(s); t[0] = 5;
        s.grow(6); print(t.length, s.slice(0, 2).byteLength, new Uint8Array(s.slice(0, 1))[0]);
        try { s.grow(2); } catch (e) { print(e.constructor.name); }
        try { ArrayBuffer.prototype.slice.call(s); } catch (e) { print(e.constructor.name); }
        try { SharedArrayBuffer.prototype.slice.call(new ArrayBuffer(1)); } catch (e) { print(e.constructor.name); }
        var f = new Uint8Array(s, 0, 2); print(Object.isExtensible(f), Reflect.preventExtensions(f), Reflect.preventExtensions(t));
        "#,
        "4 true 8 [object SharedArrayBuffer]\n6 2 5\nRangeError\nTypeError\nTypeError\ntrue true false\n",
    );
}

#[test]
fn atomics() {
    check(
        r#"
        var ta = new Int32Array(new SharedArrayBuffer(16));
        print(Atomics.store(ta, 0, 5), Atomics.add(ta, 0, 3), Atomics.sub(ta, 0, 1), Atomics.load(ta, 0));
        print(Atomics.and(ta, 0, 6), Atomics.or(ta, 0, 1), Atomics.xor(ta, 0, 2), Atomics.exchange(ta, 0, -1), ta[0]);
        print(Atomics.compareExchange(ta, 0, -1, 9), Atomics.compareExchange(ta, 0, 1, 2), ta[0]);
        var u8 = new Uint8Array(4); print(Atomics.add(u8, 1, 300), u8[1], Atomics.sub(u8, 2, 1), u8[2]);
        var b = new BigInt64Array(2); print(Atomics.store(b, 0, 7n), Atomics.add(b, 0, 2n), b[0]);
        print(Atomics.isLockFree(4), Atomics.isLockFree(3), Atomics.notify(ta, 0, 1));
        print(Atomics.wait(ta, 0, 0, 0), Atomics.wait(ta, 0, 9, 0));
        try { Atomics.load(new Float64Array(1), 0); } catch (e) { print(e.constructor.name); }
        try { Atomics.load(ta, 4); } catch (e) { print(e.constructor.name); }
        try { Atomics.wait(new Int32Array(4), 0, 0, 0); } catch (e) { print(e.constructor.name); }
        print(Object.is(Atomics.store(ta, 1, -0), 0), Object.prototype.toString.call(Atomics));
        "#,
        "5 5 8 7\n7 6 7 5 -1\n-1 9 9\n0 44 0 255\n7n 7n 9n\ntrue false 0\nnot-equal timed-out\nTypeError\nRangeError\nTypeError\ntrue [object Atomics]\n",
    );
}
