//! Limits that really stop code: a deadline, an interrupt flag set from another thread and a
//! fuel budget each stop a catastrophic regular expression, long builtins (JSON, typed-array
//! conversions and sorts, joins) and plain loops, with an error no `catch` sees; the VM then
//! runs the next script. Each test prints its measured stop latency (how long after the limit
//! the script actually stopped) and asserts it under a generous bound, as these run in debug
//! builds on shared machines. Every long operation here runs for seconds without the limit.

use amber_vm::{ScriptError, Vm, VmOptions};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// How long after its limit a script may still run. The issue asks for 100 ms in release
/// builds; tests run unoptimized, often beside other builds, so the bound here is wider.
const MAX_LATENCY: Duration = Duration::from_millis(750);

/// The deadline used by the deadline tests.
const LIMIT: Duration = Duration::from_millis(200);

/// The catastrophic pattern of the issue: about 2^28 backtracking steps.
const CATASTROPHIC_SETUP: &str = r#"var s = "a".repeat(28) + "b";"#;

fn new_vm() -> Vm {
    Vm::new(VmOptions::default())
}

fn eval(vm: &mut Vm, source: &str) -> Result<String, ScriptError> {
    let realm = vm.main_realm();
    vm.eval_script(realm, source, "limits.js")
}

/// After a stop, the VM runs the next script, and globals from before the stop are intact.
fn assert_usable(vm: &mut Vm) {
    vm.set_deadline(None);
    vm.set_fuel(None);
    vm.interrupt_handle().store(false, Ordering::SeqCst);
    assert_eq!(
        eval(vm, "[1, 2, 3].map(x => x * 2).join()"),
        Ok("2,4,6".into())
    );
    assert_eq!(eval(vm, "/(a+)+$/.test('aaa')"), Ok("true".into()));
}

/// Runs `setup` without limits, then `run` with a deadline `LIMIT` from now; asserts it stops
/// (as `Interrupted`) within `MAX_LATENCY` of the deadline, and that the VM is usable after.
fn stopped_by_deadline(what: &str, setup: &str, run: &str) {
    let mut vm = new_vm();
    eval(&mut vm, setup).expect("setup");
    // Repeated, so the script never finishes on its own however fast the machine is; each
    // workload is sized to take longer than the deadline by itself, so the latency printed
    // shows how soon the builtin notices.
    let run = format!("for (;;) {{ {run}; }}");
    let start = Instant::now();
    vm.set_deadline(Some(start + LIMIT));
    let out = eval(&mut vm, &run);
    let elapsed = start.elapsed();
    let latency = elapsed.saturating_sub(LIMIT);
    println!("{what}: stopped {latency:?} after its {LIMIT:?} deadline (ran {elapsed:?})");
    assert_eq!(out, Err(ScriptError::Interrupted), "{what}");
    assert!(elapsed >= LIMIT, "{what}: stopped before the deadline");
    assert!(latency < MAX_LATENCY, "{what}: stopped {latency:?} late");
    assert_usable(&mut vm);
}

#[test]
fn a_deadline_stops_a_catastrophic_regexp() {
    stopped_by_deadline("test", CATASTROPHIC_SETUP, "/(a+)+$/.test(s)");
    // Full Unicode matching (the UTF-16 matcher), a sticky search, and the String methods
    // that match through RegExpBuiltinExec.
    stopped_by_deadline("u flag", CATASTROPHIC_SETUP, "/(a+)+$/u.exec(s)");
    stopped_by_deadline("sticky", CATASTROPHIC_SETUP, "/(a+)+$/y.exec(s)");
    stopped_by_deadline("replace", CATASTROPHIC_SETUP, "s.replace(/(a+)+$/g, '')");
    stopped_by_deadline("split", CATASTROPHIC_SETUP, "s.split(/(a+)+$/)");
    stopped_by_deadline("lookahead", CATASTROPHIC_SETUP, "/(?=(a+)+$)/.test(s)");
}

#[test]
fn no_catch_or_finally_sees_a_stopped_regexp() {
    let mut vm = new_vm();
    eval(&mut vm, CATASTROPHIC_SETUP).unwrap();
    vm.set_deadline(Some(Instant::now() + LIMIT));
    let out = eval(
        &mut vm,
        "var seen = []; try { /(a+)+$/.test(s) } catch (e) { seen.push('catch') } seen.push('after')",
    );
    assert_eq!(out, Err(ScriptError::Interrupted));
    vm.set_deadline(None);
    assert_eq!(eval(&mut vm, "seen.join()"), Ok(String::new()));
    assert_usable(&mut vm);
}

#[test]
fn the_interrupt_flag_stops_a_catastrophic_regexp_from_another_thread() {
    let mut vm = new_vm();
    eval(&mut vm, CATASTROPHIC_SETUP).unwrap();
    let flag = vm.interrupt_handle();
    let setter = std::thread::spawn(move || {
        std::thread::sleep(LIMIT);
        flag.store(true, Ordering::SeqCst);
        Instant::now()
    });
    let out = eval(&mut vm, "/(a+)+$/.test(s)");
    let stopped = Instant::now();
    let set_at = setter.join().unwrap();
    let latency = stopped.saturating_duration_since(set_at);
    println!("interrupt: the regexp stopped {latency:?} after the flag was set");
    assert_eq!(out, Err(ScriptError::Interrupted));
    assert!(latency < MAX_LATENCY, "stopped {latency:?} late");
    assert_usable(&mut vm);
}

#[test]
fn fuel_stops_a_catastrophic_regexp() {
    let mut vm = new_vm();
    eval(&mut vm, CATASTROPHIC_SETUP).unwrap();
    let budget = 2_000_000;
    vm.set_fuel(Some(budget));
    let start = Instant::now();
    let out = eval(&mut vm, "/(a+)+$/.test(s)");
    println!(
        "fuel: a budget of {budget} stopped the regexp after {:?}",
        start.elapsed()
    );
    assert_eq!(out, Err(ScriptError::OutOfFuel));
    assert_eq!(vm.fuel(), Some(0));
    // Spent fuel stays spent: the next script stops at once, until the budget is set again.
    assert_eq!(eval(&mut vm, "1"), Err(ScriptError::OutOfFuel));
    assert_usable(&mut vm);
}

#[test]
fn fuel_counts_instructions_exactly_and_stops_loops() {
    let mut vm = new_vm();
    // The same script spends the same fuel every time, and a budget one short of that stops
    // it while that exact budget does not.
    let script = "{ let t = 0; for (let i = 0; i < 10000; i++) t += i; t }";
    vm.set_fuel(Some(1_000_000_000));
    assert_eq!(eval(&mut vm, script), Ok("49995000".into()));
    let used = 1_000_000_000 - vm.fuel().unwrap();
    vm.set_fuel(Some(1_000_000_000));
    eval(&mut vm, script).unwrap();
    assert_eq!(1_000_000_000 - vm.fuel().unwrap(), used);
    assert!(used > 10_000, "{used} units for 10,000 iterations");
    vm.set_fuel(Some(used));
    assert_eq!(eval(&mut vm, script), Ok("49995000".into()));
    assert_eq!(vm.fuel(), Some(0));
    vm.set_fuel(Some(used - 1));
    assert_eq!(eval(&mut vm, script), Err(ScriptError::OutOfFuel));
    // An endless loop, even one that catches everything.
    vm.set_fuel(Some(100_000));
    assert_eq!(
        eval(
            &mut vm,
            "for (;;) { try { for (;;) {} } catch (e) {} finally { } }"
        ),
        Err(ScriptError::OutOfFuel)
    );
    assert_usable(&mut vm);
}

#[test]
fn fuel_is_spent_inside_long_builtins() {
    // Each of these is one builtin call, far costlier than its budget.
    let cases = [
        ("var a = new Array(300000).fill(0);", "JSON.stringify(a)"),
        ("var t = '[' + '0,'.repeat(300000) + '0]';", "JSON.parse(t)"),
        ("var u = new Uint8Array(2 ** 20);", "new Float64Array(u)"),
        ("var u = new Uint8Array(2 ** 20);", "u.fill(7)"),
        ("var a = new Array(300000).fill('ab');", "a.join()"),
    ];
    for (setup, run) in cases {
        let mut vm = new_vm();
        eval(&mut vm, setup).unwrap();
        vm.set_fuel(Some(50_000));
        assert_eq!(eval(&mut vm, run), Err(ScriptError::OutOfFuel), "{run}");
        assert_usable(&mut vm);
    }
}

#[test]
fn a_deadline_stops_long_builtins() {
    stopped_by_deadline(
        "JSON.stringify",
        "var a = new Array(3e6).fill(0);",
        "JSON.stringify(a)",
    );
    stopped_by_deadline(
        "JSON.parse",
        "var t = '[' + '0,'.repeat(3e6) + '0]';",
        "JSON.parse(t)",
    );
    stopped_by_deadline(
        "typed-array conversion",
        "var u = new Uint8Array(2 ** 25);",
        "new Float64Array(u)",
    );
    stopped_by_deadline(
        "typed-array set with conversion",
        "var u = new Uint8Array(2 ** 25), f = new Float32Array(2 ** 25);",
        "f.set(u)",
    );
    stopped_by_deadline(
        "typed-array fill",
        "var u = new Uint8Array(2 ** 26);",
        "u.fill(1)",
    );
    stopped_by_deadline(
        "typed-array sort",
        "var f = new Float64Array(2 ** 23).map((_, i) => -i);",
        "f.sort()",
    );
    stopped_by_deadline(
        "typed-array join",
        "var u = new Uint8Array(2 ** 25);",
        "u.join()",
    );
    stopped_by_deadline(
        "typed-array reverse",
        "var u = new Uint8Array(2 ** 26);",
        "u.reverse()",
    );
    stopped_by_deadline(
        "Array join",
        "var a = new Array(5e6).fill('ab');",
        "a.join(',')",
    );
    stopped_by_deadline(
        "Array sort",
        "var a = Array.from({ length: 1e6 }, (_, i) => -i);",
        "a.sort()",
    );
}

#[test]
fn a_deadline_stops_loops_recursion_and_string_building() {
    stopped_by_deadline("endless loop", "", "for (;;) {}");
    stopped_by_deadline(
        "loop that catches",
        "",
        "for (;;) { try { null.x } catch (e) {} }",
    );
    stopped_by_deadline(
        "deep recursion that catches its overflow",
        "",
        "function f(n) { try { return f(n + 1) } catch (e) { return f(n + 1) } } f(0)",
    );
    stopped_by_deadline("repeat in a loop", "", "for (;;) 'x'.repeat(2 ** 20)");
    stopped_by_deadline(
        "string building",
        "",
        "var s = ''; for (let i = 0; ; i++) { s += 'x' + i; if (s.length > 1e6) s = '' }",
    );
}

#[test]
fn the_heap_limit_stops_allocation_storms() {
    for run in [
        "let a = []; for (;;) a.push({})",
        "let s = 'x'; for (;;) s += s",
    ] {
        let mut vm = Vm::new(VmOptions {
            max_heap: Some(32 << 20),
            ..VmOptions::default()
        });
        let start = Instant::now();
        let out = eval(&mut vm, run);
        println!("heap limit: {run:?} stopped after {:?}", start.elapsed());
        assert_eq!(out, Err(ScriptError::OutOfMemory), "{run}");
        assert_usable(&mut vm);
    }
}

/// A stop inside a built-in that catches every abrupt completion of the code it calls
/// (Promise.any's IfAbruptRejectPromise, here around an endless iterator): the stop is not
/// turned into a rejection, and nothing after it runs, neither the script's next statement nor
/// a reaction job. Before the fix, `after` ran and the job queue grew without bound.
#[test]
fn built_ins_that_catch_abrupt_completions_do_not_catch_a_stop() {
    let setup = "var seen = [];
        var pending = new Promise(function () {});
        var endless = { [Symbol.iterator]() { return { next() { return { done: false, value: pending } } } } };";
    let run = "Promise.any(endless).then(null, () => seen.push('rejected')); seen.push('after')";
    // By a deadline...
    let mut vm = new_vm();
    eval(&mut vm, setup).unwrap();
    vm.set_deadline(Some(Instant::now() + LIMIT));
    assert_eq!(eval(&mut vm, run), Err(ScriptError::Interrupted));
    vm.set_deadline(None);
    vm.run_jobs().unwrap();
    assert_eq!(eval(&mut vm, "seen.join()"), Ok(String::new()));
    assert_usable(&mut vm);
    // ...and by the heap limit.
    let mut vm = Vm::new(VmOptions {
        max_heap: Some(32 << 20),
        ..VmOptions::default()
    });
    eval(&mut vm, setup).unwrap();
    assert_eq!(eval(&mut vm, run), Err(ScriptError::OutOfMemory));
    assert_eq!(eval(&mut vm, "seen.join()"), Ok(String::new()));
}

/// RegExp.prototype[@@replace] on a non-global regexp whose own "global" property says true:
/// the built-in `exec` always matches at 0, so the replace loop never ends, inside one native
/// call with no safepoint. The deadline stops it.
#[test]
fn a_deadline_stops_an_endless_regexp_replace_loop() {
    stopped_by_deadline(
        "endless @@replace",
        "var r = /a/; Object.defineProperty(r, 'global', { value: true });",
        "r[Symbol.replace]('aa', 'b')",
    );
}

/// A host that runs the VM on a stack of its own tells it where that stack ends
/// (`set_native_stack_limit`, as the `amber` CLI does for its mapped stack); a native call
/// back into JavaScript with too little of it left is a RangeError, and with the limit taken
/// back the same script runs.
#[test]
fn host_native_stack_limit() {
    let mut vm = new_vm();
    let script = "try { [1].map(x => x + 1).join() } catch (e) { e.constructor.name }";
    // Claim the stack ends just below this frame: no room for a nested interpreter loop.
    let here = 0u8;
    amber_vm::set_native_stack_limit(std::ptr::addr_of!(here) as usize - 4096);
    let limited = eval(&mut vm, script);
    amber_vm::set_native_stack_limit(0);
    assert_eq!(limited, Ok("RangeError".into()));
    assert_eq!(eval(&mut vm, script), Ok("2".into()));
}

/// Recursion through `call` and `apply` enters each frame in the same dispatch loop (a tail
/// call of the built-in), so it is bounded by the frame limit, not by the native stack: a
/// catchable RangeError, after which the VM runs the next script.
#[test]
fn recursion_through_call_and_apply_is_a_range_error() {
    let mut vm = new_vm();
    let source = "
        function viaCall() { return viaCall.call(null); }
        function viaApply() { return viaApply.apply(null, []); }
        var caught = [];
        try { viaCall(); } catch (e) { caught.push(e instanceof RangeError); }
        try { viaApply(); } catch (e) { caught.push(e instanceof RangeError); }
        caught.join()";
    assert_eq!(eval(&mut vm, source), Ok("true,true".into()));
    assert_usable(&mut vm);
}
