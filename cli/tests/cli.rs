//! The `amber` binary, end to end: examples, errors, `check`, `disasm`, heap images across
//! processes.

use std::path::PathBuf;
use std::process::Command;

fn amber() -> Command {
    Command::new(env!("CARGO_BIN_EXE_amber"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = amber()
        .args(args)
        .current_dir(root())
        .output()
        .expect("amber runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn examples_print_what_they_should() {
    let (code, out, _) = run(&["examples/fib.js"]);
    assert_eq!(code, 0);
    assert!(out.contains("fib(25) = 75025"), "{out}");
    let (_, out, _) = run(&["examples/counter.js"]);
    assert_eq!(out, "a: 3 b: 99\n[ 11, 12, 13 ]\n");
    let (_, out, _) = run(&["examples/errors.js"]);
    assert!(
        out.contains("TypeError: not a number: abc\nchecked abc"),
        "{out}"
    );
    assert!(out.ends_with("finally before return\nfrom try\n"), "{out}");
    let (_, out, _) = run(&["examples/objects.js"]);
    assert!(
        out.starts_with("apple, pear\ntotal 8\nrect with area 6\nsquare with area 16\n"),
        "{out}"
    );
}

#[test]
fn eval_and_print() {
    assert_eq!(run(&["-p", "6 * 7"]).1, "42\n");
    assert_eq!(run(&["-e", "console.log('hi')"]).1, "hi\n");
}

#[test]
fn uncaught_errors_exit_1_with_the_error_and_where() {
    let (code, _, err) = run(&[
        "-e",
        "function f() { throw new TypeError('bad thing'); }\nf();",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "[eval]:1\nfunction f() { throw new TypeError('bad thing'); }\n               ^\n\n\
         Uncaught TypeError: bad thing\n    at f ([eval]:1:22)\n    at [eval]:2:1\n"
    );
}

#[test]
fn stacks_name_functions_natives_and_constructors() {
    let (code, out, err) = run(&[
        "-e",
        "class P { constructor() { this.e = new Error('in P'); } }\n\
         function g() { return [1].map(() => new P().e); }\n\
         console.log(g()[0].stack);\n\
         null.x;",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "Error: in P\n    at new P ([eval]:1:36)\n    at [eval]:2:37\n    \
         at Array.map (native)\n    at g ([eval]:2:23)\n    at [eval]:3:13\n"
    );
    assert!(
        err.starts_with("[eval]:4\nnull.x;\n^\n\nUncaught TypeError:"),
        "{err}"
    );
    assert!(err.ends_with("\n    at [eval]:4:1\n"), "{err}");
}

#[test]
fn syntax_errors_point_at_the_source() {
    let dir = std::env::temp_dir().join(format!("amber-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.js");
    std::fs::write(&bad, "let x = 1;\nlet y = (;\n").unwrap();
    let (code, _, err) = run(&["check", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("bad.js:2:"), "{err}");
    assert!(err.contains("SyntaxError"), "{err}");
    assert!(err.contains("let y = (;\n"), "{err}");
    let (code, _, _) = run(&["check", "examples/fib.js"]);
    assert_eq!(code, 0);
}

#[test]
fn eval_syntax_errors_say_where() {
    let (code, out, _) = run(&[
        "-e",
        "try { eval('1 +\\n* 2') } catch (e) { print(e.name + ': ' + e.message) }",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out, "SyntaxError: unexpected token '*' (<eval>:2:1)\n");
}

#[test]
fn disasm_shows_every_function() {
    let (code, out, _) = run(&["disasm", "examples/fib.js"]);
    assert_eq!(code, 0);
    assert!(out.contains("function <script>"), "{out}");
    assert!(out.contains("function fib"), "{out}");
    assert!(out.contains("Call"), "{out}");
}

#[test]
fn heap_images_work_across_processes() {
    let img = std::env::temp_dir().join(format!("amber-cli-{}.img", std::process::id()));
    let img = img.to_str().unwrap();
    let (code, _, err) = run(&[
        "--build-snapshot",
        "examples/snapshot-entry.js",
        "--snapshot-blob",
        img,
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&["--snapshot-blob", img, "examples/snapshot-main.js"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "root/a root/b root/c boot 1\n");
    // `amber image info` lists the sections and counts without running anything.
    let (code, out, err) = run(&["image", "info", img]);
    assert_eq!(code, 0, "{err}");
    let format = format!("format {}", amber_heap::image::FORMAT_VERSION);
    for line in [
        format.as_str(),
        "(this amber)",
        "file checksum: ok",
        "OBJS",
        "ROOT",
        "realms: ",
    ] {
        assert!(out.contains(line), "{line} in {out}");
    }
    // A corrupted image is a clear error, not a crash.
    let mut bytes = std::fs::read(img).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(img, &bytes).unwrap();
    let (code, _, err) = run(&["--snapshot-blob", img, "-p", "1"]);
    assert_eq!(code, 1);
    assert!(err.contains("invalid heap image"), "{err}");
    let (code, out, _) = run(&["image", "info", img]);
    assert_eq!(code, 1);
    assert!(out.contains("MISMATCH"), "{out}");
    let _ = std::fs::remove_file(img);
}

/// A RealmSnapshot taken in one process instantiates in another started from a heap image.
#[test]
fn realm_snapshots_survive_heap_images() {
    let dir = std::env::temp_dir();
    let id = std::process::id();
    let (img, entry, main) = (
        dir.join(format!("amber-snap-{id}.img")),
        dir.join(format!("amber-snap-entry-{id}.js")),
        dir.join(format!("amber-snap-main-{id}.js")),
    );
    std::fs::write(
        &entry,
        "const b = new RealmBuilder();\n\
         const v = b.evalScript('let n = 10; ({ inc: () => ++n })');\n\
         RealmSnapshot.compile(b, [v]).then(s => { globalThis.snap = s; });\n",
    )
    .unwrap();
    std::fs::write(
        &main,
        "RealmSnapshot.instantiate(snap).then(h => print(h.arguments[0].inc(), \
         h.arguments[0].inc(), typeof h.evaluate('Math.random()')));\n",
    )
    .unwrap();
    let (img_s, entry_s, main_s) = (
        img.to_str().unwrap(),
        entry.to_str().unwrap(),
        main.to_str().unwrap(),
    );
    let (code, _, err) = run(&["--build-snapshot", entry_s, "--snapshot-blob", img_s]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&["--snapshot-blob", img_s, main_s]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "11 12 number\n");
    for f in [img, entry, main] {
        let _ = std::fs::remove_file(f);
    }
}

#[test]
fn examples_give_the_same_output_under_gc_stress() {
    for example in [
        "examples/fib.js",
        "examples/counter.js",
        "examples/errors.js",
        "examples/objects.js",
        "examples/tour.js",
    ] {
        let normal = run(&[example]);
        let stressed = run(&["--gc-stress", example]);
        assert_eq!(normal, stressed, "{example}");
        assert_eq!(normal.0, 0, "{example}: {}", normal.2);
    }
}

#[test]
fn modules_with_top_level_await_run_to_completion() {
    let dir = std::env::temp_dir().join(format!("amber-cli-tla-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dep = dir.join("dep.mjs");
    std::fs::write(
        &dep,
        "export let value = 'early';\nawait null;\nvalue = await Promise.resolve('late');\n",
    )
    .unwrap();
    let main = dir.join("main.mjs");
    std::fs::write(
        &main,
        "import { value } from './dep.mjs';\nconsole.log('imported', value);\nconst { value: again } = await import('./dep.mjs');\nconsole.log('again', again);\n",
    )
    .unwrap();
    let (code, out, err) = run(&[main.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "imported late\nagain late\n");
    // A rejection of the evaluation promise is an uncaught error.
    let failing = dir.join("failing.mjs");
    std::fs::write(
        &failing,
        "console.log('before');\nawait null;\nthrow new Error('after await');\n",
    )
    .unwrap();
    let (code, out, err) = run(&[failing.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(out, "before\n");
    assert!(
        err.contains("failing.mjs:3\nthrow new Error('after await');\n^\n\nUncaught Error: after await\n    at "),
        "{err}"
    );
    assert!(err.ends_with("failing.mjs:3:7\n"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn realm_examples_print_what_they_should() {
    let (code, out, err) = run(&["examples/shadowrealm.js"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("2,4,6\n6 undefined\nFROM INSIDE!\n"),
        "{out}"
    );
    assert!(
        out.contains("hello, again (greeting #2 from inside the realm)"),
        "{out}"
    );
    let (code, out, err) = run(&["examples/compartments.js"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("done\ntotal score 8\n"), "{out}");
    assert!(!out.contains("succeeded?!"), "{out}");
    let (code, out, err) = run(&["examples/realm-snapshot.js"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("a: 9 16 calls 2\nb: 81 calls 1\nseparate worlds: true\n"),
        "{out}"
    );
    for example in [
        "examples/shadowrealm.js",
        "examples/compartments.js",
        "examples/realm-snapshot.js",
    ] {
        assert_eq!(run(&[example]), run(&["--gc-stress", example]), "{example}");
    }
}

#[test]
fn help_version_and_bad_flags() {
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Usage: amber [OPTIONS] [FILE] [ARGS]..."),
        "{out}"
    );
    assert!(out.contains("--max-heap <SIZE>"), "{out}");
    let (code, out, _) = run(&["--version"]);
    assert_eq!((code, out.as_str()), (0, "amber 0.1.0\n"));
    let (code, _, err) = run(&["--bogus"]);
    assert_eq!(code, 2);
    assert!(err.contains("unexpected argument '--bogus'"), "{err}");
    let (code, _, err) = run(&["--max-heap", "12Q", "-e", "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown size unit"), "{err}");
    let (code, _, err) = run(&["check"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn eval_syntax_errors_show_the_caret_like_check() {
    let (code, out, err) = run(&["-e", "let x = ;"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "[eval]:1:9: SyntaxError: unexpected token ';'\nlet x = ;\n        ^\n"
    );
}

#[test]
fn resource_limits_from_the_command_line() {
    let (code, _, err) = run(&["--timeout", "50", "-e", "for (;;) {}"]);
    assert_eq!(code, 1);
    assert!(err.contains("--timeout"), "{err}");
    let (code, _, err) = run(&["--max-heap", "2M", "-e", "let a = []; for (;;) a.push({})"]);
    assert_eq!(code, 1);
    assert!(err.contains("out of memory"), "{err}");
    // Units: the same script fits in 256M.
    let (code, out, err) = run(&["--max-heap", "256M", "-p", "[1, 2].length"]);
    assert_eq!((code, out.as_str()), (0, "2\n"), "{err}");
}

/// Runs the REPL with `input` on stdin (not a terminal: no prompts, no colour, no history).
fn repl(input: &str) -> String {
    use std::io::Write;
    let home = std::env::temp_dir().join(format!("amber-repl-home-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let mut child = amber()
        .current_dir(root())
        .env("HOME", &home)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("amber runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!home.join(".amber_history").exists());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn repl_continues_incomplete_input_and_keeps_the_last_value() {
    let out = repl(
        "let o = {a: 1,\nb: [1, 2]}\no\n_.b\nfunction f() {\n  return `x\n${1}`\n}\nf()\n\
         /* open\ncomment */ 'str'\nnull.x\nlet x = ;\n.bogus\nPromise.resolve(5)\n\
         .load examples/counter.js\n.exit\n'not reached'\n",
    );
    assert_eq!(
        out,
        "Amber 0.1.0 — type JavaScript, .help for help, Ctrl-D to exit\n\
         undefined\n{ a: 1, b: [ 1, 2 ] }\n[ 1, 2 ]\nundefined\n'x\\n1'\n'str'\n\
         Uncaught TypeError: Cannot read properties of null (reading 'x')\n    at [repl]:1:1\n\
         [repl]:1:9: SyntaxError: unexpected token ';'\nlet x = ;\n        ^\n\
         Invalid REPL keyword .bogus; .help lists them\nPromise { 5 }\n\
         a: 3 b: 99\n[ 11, 12, 13 ]\nundefined\n"
    );
}

/// Heap images are deterministic: each program of a corpus (the examples and the data-driven
/// tests: closures, classes, Maps, Sets, WeakMaps, symbols, promises, generators, ShadowRealms,
/// lockdown, compartments, realm snapshots), built twice, gives byte-identical images.
/// Programs that read the clock or `Math.random()` while building are too (`clock_at_load.js`
/// is lodash's pattern: lodash stores `Date.now()` in a closure at load): `--build-snapshot`
/// runs with a predictable clock and random source. When `bench/images/run.sh` has fetched
/// lodash into `target/lodash`, its init script is in the corpus as well.
#[test]
fn heap_images_are_deterministic() {
    let corpus = [
        "examples/compartments.js",
        "examples/counter.js",
        "examples/errors.js",
        "examples/fib.js",
        "examples/hello.js",
        "examples/objects.js",
        "examples/realm-snapshot.js",
        "examples/shadowrealm.js",
        "examples/snapshot-entry.js",
        "examples/tour.js",
        "realms/tests/js/compartment.js",
        "realms/tests/js/global.js",
        "realms/tests/js/harden.js",
        "realms/tests/js/import-value.js",
        "realms/tests/js/lockdown.js",
        "realms/tests/js/snapshot-bytes.js",
        "realms/tests/js/snapshot.js",
        "realms/tests/js/wrapped.js",
        "vm/tests/js/clock_at_load.js",
        "vm/tests/js/closures.js",
        "vm/tests/js/control.js",
        "vm/tests/js/objects.js",
        "vm/tests/js/recursion.js",
    ];
    assert!(corpus.len() >= 20);
    let dir = std::env::temp_dir();
    let id = std::process::id();
    let mut corpus: Vec<String> = corpus.iter().map(|p| p.to_string()).collect();
    // lodash, as bench/images/run.sh loads it (a CommonJS module kept on the global).
    if let Ok(lodash) = std::fs::read_to_string(root().join("target/lodash/package/lodash.js")) {
        let init = dir.join(format!("amber-det-{id}-lodash.js"));
        let source = format!(
            "var module = {{ exports: {{}} }}, exports = module.exports;\n{lodash}\n\
             globalThis._ = module.exports;\n"
        );
        std::fs::write(&init, source).unwrap();
        corpus.push(init.to_str().unwrap().to_string());
    }
    for program in &corpus {
        let program = program.as_str();
        let build = |n: u32| {
            let img = dir.join(format!("amber-det-{id}-{n}.img"));
            let img = img.to_str().unwrap().to_string();
            let (code, _, err) = run(&["--build-snapshot", program, "--snapshot-blob", &img]);
            assert_eq!(code, 0, "{program}: {err}");
            let bytes = std::fs::read(&img).unwrap();
            let _ = std::fs::remove_file(&img);
            bytes
        };
        assert!(build(1) == build(2), "{program}: two builds differ");
    }
}

/// `--trace-gc` prints a line per collection to stderr; the script's output is unchanged.
#[test]
fn trace_gc_prints_a_line_per_collection() {
    let program = "let a = []; for (let i = 0; i < 100000; i++) a.push({ i }); a.length = 0; \
                   for (let i = 0; i < 100000; i++) ({ i }); print('done')";
    let (code, out, err) = run(&["--trace-gc", "-e", program]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "done\n");
    let lines: Vec<&str> = err.lines().collect();
    assert!(!lines.is_empty(), "no collection traced");
    for line in lines {
        assert!(line.starts_with("[gc #"), "{line}");
        assert!(
            line.contains(" KB live + ") && line.contains(" moved, "),
            "{line}"
        );
    }
}

/// `amber image dump` lists objects by stable id; `amber image diff` shows what changed.
#[test]
fn image_dump_and_diff() {
    let dir = std::env::temp_dir();
    let id = std::process::id();
    let path = |name: &str| {
        dir.join(format!("amber-{id}-{name}"))
            .to_str()
            .unwrap()
            .to_string()
    };
    let build = |name: &str, source: &str| {
        let (js, img) = (path(&format!("{name}.js")), path(&format!("{name}.img")));
        std::fs::write(&js, source).unwrap();
        let (code, _, err) = run(&["--build-snapshot", &js, "--snapshot-blob", &img]);
        assert_eq!(code, 0, "{err}");
        let _ = std::fs::remove_file(&js);
        img
    };
    let a = build(
        "a",
        "globalThis.config = { name: 'a' };\nfunction hello(x) { return x; }\n",
    );
    let b = build(
        "b",
        "globalThis.config = { name: 'b', extra: 1 };\nfunction hello(x) { return x; }\n",
    );
    let (code, out, err) = run(&["image", "dump", &a]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("# JsString "), "{out}");
    assert!(out.contains(" Function hello ("), "{out}");
    assert!(out.contains("a.js:2:1) proto=#"), "{out}");
    assert!(out.contains(" | name=\"a\" wec"), "{out}");
    // Same program, same dump.
    let (_, again, _) = run(&["image", "dump", &a]);
    assert_eq!(out, again);
    let (code, out, _) = run(&["image", "diff", &a, &a]);
    assert_eq!((code, out.as_str()), (0, ""));
    let (code, out, _) = run(&["image", "diff", &a, &b]);
    assert_eq!(code, 1);
    assert!(out.contains("- #") && out.contains("name=\"a\""), "{out}");
    assert!(
        out.contains("+ #") && out.contains("name=\"b\" wec | extra=1 wec"),
        "{out}"
    );
    for f in [a, b] {
        let _ = std::fs::remove_file(f);
    }
}

/// `amber` defines its own C `main` and ends with `_exit`: exit statuses and buffered output
/// still come through, and with stdout closed a snapshot written by the same run is not
/// polluted by `print` (the closed descriptor is reopened on /dev/null first).
#[test]
fn process_start_and_exit() {
    assert_eq!(run(&["-e", "print(1)"]), (0, "1\n".into(), String::new()));
    assert_eq!(run(&["-e", "throw 1"]).0, 1);
    let (code, out, _) = run(&["-p", "'a'.repeat(100000).length"]);
    assert_eq!((code, out.as_str()), (0, "100000\n"));
    let dir = std::env::temp_dir().join(format!("amber-cli-start-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("init.js");
    let image = dir.join("init.img");
    std::fs::write(&script, "print('to a closed stdout'); var kept = 42;").unwrap();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "\"$0\" --build-snapshot '{}' --snapshot-blob '{}' >&-",
            script.display(),
            image.display()
        ))
        .arg(env!("CARGO_BIN_EXE_amber"))
        .status()
        .expect("sh runs");
    assert!(status.success());
    let image = image.to_str().unwrap();
    let (code, out, err) = run(&["--snapshot-blob", image, "-p", "kept"]);
    assert_eq!((code, out.as_str()), (0, "42\n"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// `amber` runs JavaScript on a stack it maps itself (`on_large_stack` in `main.rs`) and tells
/// the VM where it ends. Native code calling back into JavaScript nests on that stack: deep
/// nesting must end in a RangeError (not a crash from running off the mapping), and must not
/// end early (a wrong limit would throw at once).
#[test]
fn native_reentry_on_the_mapped_stack() {
    let script = "var depth = 0;\
        function f() { depth++; return [1].map(f)[0]; }\
        try { f(); } catch (e) { print(e.constructor.name, e.message, depth > 300); }\
        var o = { get x() { depth++; return this.x; } };\
        depth = 0;\
        try { o.x; } catch (e) { print(e.constructor.name, depth > 300); }";
    let (code, out, err) = run(&["-e", script]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "RangeError Maximum call stack size exceeded true\nRangeError true\n"
    );
}
