//! Text and number built-ins: String, RegExp, Number, Math, JSON, Symbol, BigInt. Each case runs
//! a script and checks what it printed, normally and under `gc_stress`.

use amber_vm::{Vm, VmOptions};

fn run(src: &str, gc_stress: bool) -> String {
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        gc_stress,
        ..Default::default()
    });
    let realm = vm.main_realm();
    if let Err(e) = vm.eval_script(realm, src, "test.js") {
        panic!("script failed: {e}\n{src}");
    }
    vm.take_output()
}

fn check(src: &str, expected: &str) {
    assert_eq!(run(src, false), expected, "{src}");
    assert_eq!(run(src, true), expected, "(gc_stress) {src}");
}

#[test]
fn regexp_exec_and_flags() {
    check(
        r#"var r = /a(b)?(?<x>c)/g;
var m = r.exec("zzabcac");
print(m[0], m[1], m.groups.x, m.index, r.lastIndex);
print(r.source, r.flags, String(r), new RegExp("a/b", "gi").toString());
print(/x/y.test("ax"), /\u{1F600}/u.test("\u{1F600}"), /a/d.exec("ba").indices[0].join());
try { new RegExp("("); } catch (e) { print(e.name); }
try { new RegExp("a", "gg"); } catch (e) { print(e.name); }
"#,
        "abc b c 2 5\na(b)?(?<x>c) g /a(b)?(?<x>c)/g /a\\/b/gi\nfalse true 1,2\nSyntaxError\nSyntaxError\n",
    );
}

#[test]
fn string_regexp_protocols() {
    check(
        r#"print("aXbXc".split(/x/i).join());
print("abc".replace(/(b)/, "[$1$&$`$']"), "a-b".replace(/-/, (m, i) => i));
print("a1b22c333".match(/\d+/g).join(), "x".search(/x/));
print([..."a1b2".matchAll(/\d/g)].map(m => m[0] + m.index).join());
print("2024-05".replace(/(?<y>\d+)-(?<m>\d+)/, "$<m>/$<y>"));
print("aaa".replaceAll("a", "$&$&"), "a,b,,c".split(",", 3).join("|"));
"#,
        "a,b,c\na[bbac]c a1b\n1,22,333 0\n11,23\n05/2024\naaaaaa a|b|\n",
    );
}

#[test]
fn string_methods() {
    check(
        r#"print("abc".at(-1), "  x ".trim() + "|", "ab".padStart(5, "xy"), "ab".padEnd(4) + "|");
print("Straße".toUpperCase(), "ΑΣ".toLowerCase(), "A\u030A".normalize("NFC").length);
print(String.raw`a\n${1}b`, String.fromCodePoint(0x1F600).length, "abc".substr(-2, 1));
print("x".anchor('"q"'), "aaa".lastIndexOf("a"), "abc".startsWith("b", 1), "abc".endsWith("b", 2));
print("\uD800".isWellFormed(), "\uD800a".toWellFormed().charCodeAt(0), "ab".repeat(3));
print(String.prototype.trimLeft === String.prototype.trimStart, "a".codePointAt(0));
"#,
        "c x| xyxab ab  |\nSTRASSE ας 1\na\\n1b 2 b\n<a name=\"&quot;q&quot;\">x</a> 2 true true\nfalse 65533 ababab\ntrue 97\n",
    );
}

#[test]
fn number_formatting() {
    check(
        r#"print((123.456).toFixed(2), (0.5).toFixed(0), (2.5).toFixed(0), (1.005).toFixed(2), (-1.5).toFixed(1));
print((123.456).toExponential(2), (0).toExponential(), (123456).toPrecision(2), (0.000123).toPrecision(2));
print((1e21).toFixed(2), Number.isSafeInteger(2 ** 53), Number.isFinite("1"), Number.parseFloat === parseFloat);
"#,
        "123.46 1 3 1.00 -1.5\n1.23e+2 0e+0 1.2e+5 0.00012\n1e+21 false false true\n",
    );
}

#[test]
fn math_json_bigint() {
    check(
        r#"print(Math.round(0.49999999999999994), Math.hypot(3, 4), Math.clz32(1), Math.imul(0xffffffff, 5), Math.fround(5.5), Math.cbrt(27));
print(JSON.stringify(JSON.parse('{"a":[1,2,{"b":3}],"c":4}', function (k, v) { return typeof v === "number" ? v * 10 : v; })));
print(BigInt.asIntN(8, 255n), BigInt.asUintN(8, -1n), BigInt.asUintN(64, -1n), BigInt.asIntN(3, 25n), (10n).toLocaleString());
"#,
        "0 5 31 -5 5.5 3\n{\"a\":[10,20,{\"b\":30}],\"c\":40}\n-1n 255n 18446744073709551615n 1n 10\n",
    );
}

#[test]
fn uri_and_escape() {
    check(
        r#"print(encodeURIComponent("a b&ü😀_"), decodeURIComponent("%F0%9F%98%80%20x"), encodeURI("http://x/a b?q=1#h"));
print(decodeURI("%3B%20"), escape("a b\u0100"), unescape("%u0041%41%"));
try { decodeURI("%E0%A4%A"); } catch (e) { print(e.name); }
print(RegExp.escape("1a.b c/-"), /(?<𝑓𝑜𝑥>fox)/.exec("fox").groups.𝑓𝑜𝑥, "𠮷".search(/𠮷/));
"#,
        "a%20b%26%C3%BC%F0%9F%98%80_ 😀 x http://x/a%20b?q=1#h\n%3B  a%20b%u0100 AA%\nURIError\n\\x31a\\.b\\x20c\\/\\x2d fox 0\n",
    );
}

#[test]
fn json_stringify_with_callbacks() {
    check(
        r#"var o = {a: [1, {b: 2, toJSON() { return {c: [3, 4]}; }}], d: "x"};
print(JSON.stringify(o, function (k, v) { return typeof v === "number" ? v + 1 : v; }));
print(JSON.stringify({b: 1, a: 2, c: {a: 1}}, ["a", 1, new String("c"), "a"]), JSON.stringify([1, [2]], null, 1));
var a = []; a.push(a); try { JSON.stringify(a); } catch (e) { print(e.name); }
"#,
        "{\"a\":[2,{\"c\":[4,5]}],\"d\":\"x\"}\n{\"a\":2,\"c\":{\"a\":1}} [\n 1,\n [\n  2\n ]\n]\nTypeError\n",
    );
}

#[test]
fn math_sum_precise_rounds_once() {
    check(
        r#"
        print(Math.sumPrecise([1e20, 0.1, -1e20]), Math.sumPrecise([0.1, 0.2, 0.3]));
        print(Object.is(Math.sumPrecise([]), -0), Object.is(Math.sumPrecise([1, -1]), 0));
        print(Math.sumPrecise([Number.MAX_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE]) === Number.MAX_VALUE);
        print(Math.sumPrecise([1.7976931348623157e308, 9.979201547673598e291]),
              Math.sumPrecise([1.7976931348623157e308, 9.979201547673599e291]));
        print(Math.sumPrecise([5e-324, 5e-324]), Math.sumPrecise([Infinity, -Infinity]));
        var closed = false;
        var it = { [Symbol.iterator]() { return { next() { return { value: "x", done: false }; },
                                                  return() { closed = true; return {}; } }; } };
        try { Math.sumPrecise(it); } catch (e) { print(e.name, closed); }
    "#,
        "0.1 0.6\ntrue true\ntrue\n1.7976931348623157e+308 Infinity\n1e-323 NaN\nTypeError true\n",
    );
}
