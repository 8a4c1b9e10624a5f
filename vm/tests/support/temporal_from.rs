//! Feeds a string to every Temporal parser (`Temporal.X.from`) and checks that each one
//! either returns a value (which then formats with `toString`) or throws a RangeError, as the
//! Temporal proposal's parsing operations do for strings they reject. A Rust panic anywhere
//! in the parsers, the arithmetic they run or the formatting fails the check.
//!
//! Shared by the `temporal_from` fuzz target (`fuzz/fuzz_targets/temporal_from.rs`) and the
//! bounded `cargo test` over generated strings (`vm/tests/temporal_from.rs`).

use amber_vm::{RealmId, ScriptError, Vm, VmOptions};
use std::time::{Duration, Instant};

const SETUP: &str = r#"
globalThis.__temporalFrom = function (s) {
  const kinds = [
    Temporal.PlainDate, Temporal.PlainTime, Temporal.PlainDateTime, Temporal.ZonedDateTime,
    Temporal.Instant, Temporal.Duration, Temporal.PlainYearMonth, Temporal.PlainMonthDay,
  ];
  let parsed = 0;
  for (const C of kinds) {
    let v;
    try {
      v = C.from(s);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      continue;
    }
    String(v);
    parsed++;
  }
  return parsed;
};
"#;

/// One VM reused for every input.
pub struct TemporalFrom {
    vm: Vm,
    realm: RealmId,
}

impl Default for TemporalFrom {
    fn default() -> Self {
        Self::new()
    }
}

impl TemporalFrom {
    pub fn new() -> Self {
        let mut vm = Vm::new(VmOptions::default());
        let realm = vm.main_realm();
        vm.eval_script(realm, SETUP, "temporal_from_setup.js")
            .expect("setup script");
        TemporalFrom { vm, realm }
    }

    /// How many of the eight parsers accepted `input`; panics if any threw anything but a
    /// RangeError (a panic inside the engine propagates as it is).
    pub fn check(&mut self, input: &str) -> usize {
        let source = format!("__temporalFrom({})", js_string_literal(input));
        self.vm
            .set_deadline(Some(Instant::now() + Duration::from_secs(5)));
        let r = self.vm.eval_script(self.realm, &source, "temporal_from.js");
        self.vm.set_deadline(None);
        match r {
            Ok(n) => n.parse().unwrap_or(0),
            Err(ScriptError::Interrupted) => panic!("Temporal parsing of {input:?} took over 5 s"),
            Err(e) => panic!("Temporal parsing of {input:?} threw {e:?}"),
        }
    }
}

/// A double-quoted JavaScript string literal with exactly the characters of `s`.
pub fn js_string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for u in s.encode_utf16() {
        match u {
            0x20..=0x7e if u != b'"' as u16 && u != b'\\' as u16 => out.push(u as u8 as char),
            _ => out.push_str(&format!("\\u{u:04x}")),
        }
    }
    out.push('"');
    out
}
