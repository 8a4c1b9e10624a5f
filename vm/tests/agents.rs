//! test262's `$262.agent`: agents are VMs on their own threads that share SharedArrayBuffer
//! memory with the main agent; `Atomics.wait` blocks until another agent notifies. Also the
//! limits: more agents than cores, an agent that throws, an agent that never reports or hangs,
//! and the deadline stopping a blocked main agent.

use amber_vm::{ScriptError, Vm, VmOptions};
use std::time::{Duration, Instant};

/// Waits for the next report (as test262's atomicsHelper.js does).
const PRELUDE: &str = r#"
function nextReport() {
    let r;
    while ((r = $262.agent.getReport()) === null) $262.agent.sleep(1);
    return r;
}
"#;

fn vm_with(options: VmOptions, deadline: Duration) -> Vm {
    let mut vm = Vm::new(options);
    let realm = vm.main_realm();
    vm.install_test262_host(realm);
    vm.set_deadline(Some(Instant::now() + deadline));
    vm.eval_script(realm, PRELUDE, "prelude.js")
        .expect("prelude");
    vm
}

fn run(vm: &mut Vm, source: &str) -> Result<String, ScriptError> {
    let realm = vm.main_realm();
    vm.eval_script(realm, source, "test.js")
}

#[test]
fn agents_share_memory_and_report() {
    let mut vm = vm_with(VmOptions::default(), Duration::from_secs(30));
    let out = run(
        &mut vm,
        r#"
        for (let i = 0; i < 2; i++) {
            $262.agent.start(`
                $262.agent.receiveBroadcast(function (sab, id) {
                    const i32a = new Int32Array(sab);
                    Atomics.add(i32a, 0, 1);
                    $262.agent.report("got " + id + " " + sab.byteLength);
                    $262.agent.leaving();
                });
            `);
        }
        const i32a = new Int32Array(new SharedArrayBuffer(8));
        $262.agent.broadcast(i32a.buffer, 7);
        const reports = [nextReport(), nextReport()];
        while (Atomics.load(i32a, 0) !== 2) {}
        reports.join() + " / " + Atomics.load(i32a, 0) + " / " + $262.agent.getReport();
        "#,
    );
    assert_eq!(out.unwrap(), "got 7 8,got 7 8 / 2 / null");
}

#[test]
fn wait_blocks_until_another_agent_notifies() {
    let mut vm = vm_with(VmOptions::default(), Duration::from_secs(30));
    let out = run(
        &mut vm,
        r#"
        $262.agent.start(`
            $262.agent.receiveBroadcast(function (sab) {
                const i32a = new Int32Array(sab);
                // Wait until the main agent is waiting, then wake it.
                while (Atomics.notify(i32a, 0, 1) === 0) $262.agent.sleep(1);
                $262.agent.report("notified");
                $262.agent.leaving();
            });
        `);
        const i32a = new Int32Array(new SharedArrayBuffer(4));
        $262.agent.broadcast(i32a.buffer);
        const start = $262.agent.monotonicNow();
        const result = Atomics.wait(i32a, 0, 0);   // no timeout: only a notify ends it
        [result, nextReport(), $262.agent.monotonicNow() >= start].join();
        "#,
    );
    assert_eq!(out.unwrap(), "ok,notified,true");
}

#[test]
fn notify_from_another_agent_wakes_waiters_in_order() {
    let mut vm = vm_with(VmOptions::default(), Duration::from_secs(30));
    let realm = vm.main_realm();
    run(
        &mut vm,
        r#"
        const i32a = new Int32Array(new SharedArrayBuffer(4));
        const order = [];
        for (const [name, timeout] of [["a", Infinity], ["b", Infinity], ["c", 10]]) {
            Atomics.waitAsync(i32a, 0, 0, timeout).value.then(v => order.push(name + ":" + v));
        }
        $262.agent.start(`
            $262.agent.receiveBroadcast(function (sab) {
                // Wakes one waiter: the first in the list, "a".
                $262.agent.report(Atomics.notify(new Int32Array(sab), 0, 1));
                $262.agent.leaving();
            });
        `);
        $262.agent.broadcast(i32a.buffer);
        order.push("agent woke " + nextReport());
        $262.agent.sleep(50);   // "c" times out meanwhile
        "#,
    )
    .unwrap();
    vm.run_jobs().unwrap();
    run(
        &mut vm,
        "order.push('main woke ' + Atomics.notify(i32a, 0));",
    )
    .unwrap();
    vm.run_jobs().unwrap();
    assert_eq!(
        vm.eval_script(realm, "order.join()", "check.js").unwrap(),
        "agent woke 1,a:ok,c:timed-out,main woke 1,b:ok"
    );
}

#[test]
fn more_agents_than_cores() {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let n = (cores * 2 + 2).min(24);
    let mut vm = vm_with(VmOptions::default(), Duration::from_secs(60));
    let source = format!(
        r#"
        const N = {n};
        for (let i = 0; i < N; i++) {{
            $262.agent.start(`
                $262.agent.receiveBroadcast(function (sab) {{
                    const i32a = new Int32Array(sab);
                    Atomics.add(i32a, 0, 1);
                    $262.agent.report("x");
                    $262.agent.leaving();
                }});
            `);
        }}
        const i32a = new Int32Array(new SharedArrayBuffer(4));
        $262.agent.broadcast(i32a.buffer);
        let reports = 0;
        while (reports < N) {{ nextReport(); reports++; }}
        Atomics.load(i32a, 0) + "/" + reports;
        "#
    );
    assert_eq!(run(&mut vm, &source).unwrap(), format!("{n}/{n}"));
}

#[test]
fn an_agent_that_throws_ends_cleanly() {
    let mut vm = vm_with(VmOptions::default(), Duration::from_secs(30));
    let out = run(
        &mut vm,
        r#"
        $262.agent.start(`throw new Error("boom");`);
        $262.agent.start(`$262.agent.receiveBroadcast(function () { throw new TypeError("late"); });`);
        $262.agent.start(`syntax error here(`);
        const i32a = new Int32Array(new SharedArrayBuffer(4));
        // Returns although no agent is left to receive it (the dead ones are not waited for).
        $262.agent.broadcast(i32a.buffer);
        $262.agent.sleep(50);
        String($262.agent.getReport());
        "#,
    );
    assert_eq!(out.unwrap(), "null");
}

#[test]
fn an_agent_that_never_reports_is_stopped_by_the_deadline() {
    let mut vm = vm_with(VmOptions::default(), Duration::from_millis(700));
    let started = Instant::now();
    let out = run(
        &mut vm,
        r#"
        $262.agent.start(`
            $262.agent.receiveBroadcast(function (sab) {
                while (true) {}   // never reports, never leaves
            });
        `);
        $262.agent.start(`while (true) {}`);   // never even receives the broadcast
        const i32a = new Int32Array(new SharedArrayBuffer(4));
        $262.agent.broadcast(i32a.buffer);   // blocks on the second agent until the deadline
        nextReport();
        "#,
    );
    assert_eq!(out, Err(ScriptError::Interrupted));
    assert!(started.elapsed() < Duration::from_secs(5));
    // Dropping the VM stops its agents (they inherit the deadline, and are interrupted): it
    // returns as soon as every agent thread has ended, well before its 2 s limit.
    let dropping = Instant::now();
    drop(vm);
    assert!(
        dropping.elapsed() < Duration::from_millis(1900),
        "agents did not stop: {:?}",
        dropping.elapsed()
    );
}

#[test]
fn dropping_the_main_vm_interrupts_blocked_agents() {
    let mut vm = vm_with(VmOptions::default(), Duration::from_secs(60));
    let out = run(
        &mut vm,
        r#"
        $262.agent.start(`
            $262.agent.receiveBroadcast(function (sab) {
                const i32a = new Int32Array(sab);
                Atomics.store(i32a, 1, 1);
                Atomics.wait(i32a, 0, 0);   // forever: nobody notifies
            });
        `);
        const i32a = new Int32Array(new SharedArrayBuffer(8));
        $262.agent.broadcast(i32a.buffer);
        while (Atomics.load(i32a, 1) !== 1) {}
        "waiting";
        "#,
    );
    assert_eq!(out.unwrap(), "waiting");
    let dropping = Instant::now();
    drop(vm);
    assert!(dropping.elapsed() < Duration::from_millis(1900));
}

#[test]
fn a_blocked_main_agent_stops_at_its_deadline() {
    let mut vm = vm_with(VmOptions::default(), Duration::from_millis(300));
    let started = Instant::now();
    let out = run(
        &mut vm,
        "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);",
    );
    assert_eq!(out, Err(ScriptError::Interrupted));
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn wait_times_out_and_compares() {
    let mut vm = vm_with(VmOptions::default(), Duration::from_secs(30));
    let out = run(
        &mut vm,
        r#"
        const i32a = new Int32Array(new SharedArrayBuffer(4));
        const t0 = $262.agent.monotonicNow();
        const r = [Atomics.wait(i32a, 0, 1), Atomics.wait(i32a, 0, 0, 20), Atomics.wait(i32a, 0, 0, 0)];
        r.push($262.agent.monotonicNow() - t0 >= 20);
        r.join();
        "#,
    );
    assert_eq!(out.unwrap(), "not-equal,timed-out,timed-out,true");
}

#[test]
fn cannot_block_makes_wait_throw() {
    let options = VmOptions {
        cannot_block: true,
        ..VmOptions::default()
    };
    let mut vm = vm_with(options, Duration::from_secs(30));
    let out = run(
        &mut vm,
        r#"
        const i32a = new Int32Array(new SharedArrayBuffer(4));
        let e;
        try { Atomics.wait(i32a, 0, 0, 0); } catch (x) { e = x; }
        // waitAsync never blocks, so it still works.
        [e instanceof TypeError, Atomics.waitAsync(i32a, 0, 0, 0).value].join();
        "#,
    );
    assert_eq!(out.unwrap(), "true,timed-out");
}

#[test]
fn wait_async_in_an_agent_is_woken_by_the_main_agent() {
    let mut vm = vm_with(VmOptions::default(), Duration::from_secs(30));
    let out = run(
        &mut vm,
        r#"
        $262.agent.start(`
            $262.agent.receiveBroadcast(async function (sab) {
                const i32a = new Int32Array(sab);
                const r = Atomics.waitAsync(i32a, 0, 0);
                Atomics.store(i32a, 1, 1);
                $262.agent.report(await r.value);
                $262.agent.leaving();
            });
        `);
        const i32a = new Int32Array(new SharedArrayBuffer(8));
        $262.agent.broadcast(i32a.buffer);
        while (Atomics.load(i32a, 1) !== 1) {}
        [Atomics.notify(i32a, 0), nextReport()].join();
        "#,
    );
    assert_eq!(out.unwrap(), "1,ok");
}

#[test]
fn a_shared_buffer_survives_a_heap_image() {
    let mut vm = Vm::new(VmOptions::default());
    let realm = vm.main_realm();
    vm.eval_script(
        realm,
        r#"
        globalThis.sab = new SharedArrayBuffer(4, { maxByteLength: 16 });
        new Uint8Array(sab).set([1, 2, 3, 4]);
        "#,
        "entry.js",
    )
    .unwrap();
    let image = vm.write_image().unwrap();
    drop(vm);
    let mut vm = Vm::from_image(&image, VmOptions::default()).expect("image loads");
    let realm = vm.main_realm();
    let out = vm.eval_script(
        realm,
        "sab.grow(8); [sab.byteLength, sab.maxByteLength, Array.from(new Uint8Array(sab)).join('')].join()",
        "main.js",
    );
    assert_eq!(out.unwrap(), "8,16,12340000");
}
