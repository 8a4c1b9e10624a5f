//! The red-team suite: every `tests/redteam/*.js` file is one attack, written as an attacker
//! would, run inside a compartment after `lockdown()` with a hardened API object as its only
//! endowment. Each file says how the attack must end (`// expect: TypeError`, `none` for an
//! attack that must simply achieve nothing, `report:...` for one that reports through the
//! API asynchronously), and after it (and its promise jobs) the outside must be intact: every
//! own key of the shared intrinsics and of the API, their frozenness, the start global's keys,
//! a secret held only by the start compartment, and the start compartment's clock.

use amber_vm::{Vm, VmOptions};
use std::path::Path;

const SETUP: &str = r#"
lockdown();
globalThis.secret = { value: "start secret" };
const reports = [];
const api = harden({
  echo: (x) => x,
  call: (f, x) => f(x),
  record: (x) => typeof x,
  report: (s) => { reports.push(String(s)); },
  info: { version: 1 },
});
const shared = [Object, Object.prototype, Array, Array.prototype, Function, Function.prototype,
  String.prototype, Number.prototype, Promise, Promise.prototype, Map.prototype, Set.prototype,
  RegExp, RegExp.prototype, Error, Error.prototype, TypeError.prototype, JSON, Math, Reflect,
  Symbol, Date, Date.prototype, Object.getPrototypeOf([][Symbol.iterator]()),
  Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())),
  Object.getPrototypeOf(Uint8Array.prototype), Object.getPrototypeOf(function* () {}),
  Object.getPrototypeOf(async function () {}), api, api.info, api.echo];
globalThis.__fingerprint = () => JSON.stringify([
  shared.map((o) => Reflect.ownKeys(o).map(String).join()),
  shared.map(Object.isFrozen),
  Reflect.ownKeys(globalThis).map(String).filter((k) => !k.startsWith("__")).join(),
  secret.value, Object.getPrototypeOf(Object.prototype), typeof Date.now(), typeof Math.random(),
  typeof print]);
globalThis.__reports = reports;
globalThis.__before = __fingerprint();
globalThis.__compartment = new Compartment({ globals: { api } });
"#;

/// A JavaScript string literal for `s`.
fn js_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Runs `attack` (inside the compartment, or in the start compartment for the control) and
/// returns (how it ended, the API reports, whether the outside is intact).
fn run(attack: &str, inside: bool) -> (String, String, String) {
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        extensions: amber_realms::extensions(),
        ..Default::default()
    });
    vm.set_deadline(Some(
        std::time::Instant::now() + std::time::Duration::from_secs(10),
    ));
    let main = vm.main_realm();
    vm.eval_script(main, SETUP, "setup.js").expect("setup runs");
    let run = if inside {
        format!("__compartment.evaluate({})", js_string(attack))
    } else {
        format!("(0, eval)({})", js_string(attack))
    };
    let script = format!(
        "try {{ {run}; print('none'); }} catch (e) {{ print(e && e.constructor ? e.constructor.name : typeof e); }}"
    );
    vm.eval_script(main, &script, "attack.js")
        .expect("the attack harness runs");
    let _ = vm.run_jobs();
    vm.eval_script(
        main,
        "print(__reports.join('|')); print(__fingerprint() === __before ? 'intact' : 'CHANGED ' + __fingerprint());",
        "check.js",
    )
    .expect("the check runs");
    let out = vm.take_output();
    let mut lines = out.lines().map(str::to_string);
    let outcome = lines.next().unwrap_or_default();
    let reports = lines.next().unwrap_or_default();
    let intact = lines.next().unwrap_or_default();
    (outcome, reports, intact)
}

fn attacks() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/redteam");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_attack_is_contained() {
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(|| {
            let files = attacks();
            assert!(files.len() >= 60, "the suite has {} attacks", files.len());
            let mut failures = Vec::new();
            for f in &files {
                let source = std::fs::read_to_string(f).unwrap();
                let expect = source
                    .lines()
                    .find_map(|l| l.strip_prefix("// expect: "))
                    .expect("every attack says how it must end")
                    .trim()
                    .to_string();
                let (outcome, reports, intact) = run(&source, true);
                let ok = match expect.strip_prefix("report:") {
                    Some(report) => outcome == "none" && reports == report,
                    None => outcome == expect,
                };
                if !ok || intact != "intact" {
                    failures.push(format!(
                        "{}: expected {expect}, got {outcome} (reports: {reports}); outside: {intact}",
                        f.file_name().unwrap().to_string_lossy()
                    ));
                }
            }
            assert!(failures.is_empty(), "{}", failures.join("\n"));
        })
        .unwrap()
        .join()
        .unwrap();
}

/// The harness itself notices a change: the same kind of code run in the start compartment
/// (where it has the authority) is reported.
#[test]
fn the_harness_notices_an_escape() {
    let (outcome, _, intact) = run("globalThis.pwned = 1;", false);
    assert_eq!(outcome, "none");
    assert!(intact.starts_with("CHANGED"), "{intact}");
    let (_, _, intact) = run("secret.value = 'stolen';", false);
    assert!(intact.starts_with("CHANGED"), "{intact}");
}
