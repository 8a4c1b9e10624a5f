//! `amber image dump` and `amber image diff`: a heap image as text that diffs well.
//!
//! Every object is written on one line with its stable id (`#n`, its index in the object
//! arena: images are compacted and written deterministically, so the same program gives the
//! same ids), its kind, its prototype, and its own properties in order with their attributes;
//! functions add their name and source location. Strings are shown quoted, other references by
//! id. `diff` compares two dumps by id: added, removed and changed objects.

use amber_heap::{attrs, Handle, ObjectKind, PropertyKey, Value};
use amber_vm::Vm;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The short name of an object's kind (`Function`, `Array`, ...).
fn kind_name(kind: &ObjectKind) -> String {
    let debug = format!("{kind:?}");
    debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("?")
        .to_string()
}

fn quoted(vm: &Vm, s: Handle<amber_heap::JsString>) -> String {
    let text = vm.rust_string(s);
    let short: String = text.chars().take(60).collect();
    let more = if text.chars().count() > 60 { "…" } else { "" };
    format!("{short:?}{more}")
}

fn value(vm: &Vm, v: Value) -> String {
    match v {
        Value::Empty => "<empty>".into(),
        Value::Undefined => "undefined".into(),
        Value::Null => "null".into(),
        Value::Boolean(b) => b.to_string(),
        Value::Number(n) => amber_vm::number::number_to_string(n),
        Value::String(s) => quoted(vm, s),
        Value::Symbol(s) => format!("@{}", s.index()),
        Value::BigInt(b) => format!("bigint@{}", b.index()),
        Value::Object(o) => format!("#{}", o.index()),
    }
}

fn key(vm: &Vm, k: PropertyKey) -> String {
    match k {
        PropertyKey::Index(i) => i.to_string(),
        PropertyKey::String(s) => vm.rust_string(s),
        PropertyKey::Symbol(s) => match vm.heap.arenas.symbols[s.index()].description {
            Some(d) => format!("[@{} {}]", s.index(), vm.rust_string(d)),
            None => format!("[@{}]", s.index()),
        },
    }
}

/// One line per object, keyed by id.
pub fn objects(vm: &Vm) -> BTreeMap<usize, String> {
    let mut out = BTreeMap::new();
    for (i, o) in vm.heap.arenas.objects.iter().enumerate() {
        let mut line = format!("#{i} {}", kind_name(&o.kind));
        if let ObjectKind::Function(f) = &o.kind {
            let code = &vm.heap.arenas.codes[f.code.index()];
            // Where the function's source text starts (line and column, 1-based).
            let units = vm.heap.string_units(code.source);
            let start = (code.source_range.0 as usize).min(units.len());
            let before = &units[..start];
            let line_no = 1 + before.iter().filter(|&&u| u == u16::from(b'\n')).count();
            let col = 1 + before
                .iter()
                .rev()
                .take_while(|&&u| u != u16::from(b'\n'))
                .count();
            let _ = write!(
                line,
                " {} ({}:{}:{})",
                vm.rust_string(code.name),
                vm.rust_string(code.file),
                line_no,
                col
            );
        }
        match o.proto.get() {
            Some(p) => {
                let _ = write!(line, " proto=#{}", p.index());
            }
            None => line.push_str(" proto=null"),
        }
        if !o.extensible {
            line.push_str(" non-extensible");
        }
        if o.hardened {
            line.push_str(" hardened");
        }
        if !o.elements.is_empty() {
            let _ = write!(line, " elements={}", o.elements.len());
        }
        let handle =
            amber_heap::Handle::from_raw(amber_heap::RawHandle::new(i as u32, vm.heap.epoch()));
        for p in &vm.heap.properties(handle) {
            let flags = [
                (attrs::WRITABLE, 'w'),
                (attrs::ENUMERABLE, 'e'),
                (attrs::CONFIGURABLE, 'c'),
            ]
            .iter()
            .map(|&(bit, c)| if p.flags & bit != 0 { c } else { '-' })
            .collect::<String>();
            if p.flags & attrs::ACCESSOR != 0 {
                let _ = write!(
                    line,
                    " | {} get={} set={} {flags}",
                    key(vm, p.key),
                    value(vm, p.value),
                    value(vm, p.setter)
                );
            } else {
                let _ = write!(line, " | {}={} {flags}", key(vm, p.key), value(vm, p.value));
            }
        }
        out.insert(i, line);
    }
    out
}

/// `amber image dump`: a header with the counts, then every object.
pub fn dump(vm: &Vm) -> String {
    let mut out = String::new();
    for (kind, count) in vm.heap.counts() {
        let _ = writeln!(out, "# {} {count}", kind.name());
    }
    for line in objects(vm).values() {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `amber image diff`: objects added, removed and changed, by id.
pub fn diff(a: &Vm, b: &Vm) -> (String, usize) {
    let (a, b) = (objects(a), objects(b));
    let mut out = String::new();
    let mut changes = 0;
    for (id, line) in &a {
        match b.get(id) {
            None => {
                changes += 1;
                let _ = writeln!(out, "- {line}");
            }
            Some(other) if other != line => {
                changes += 1;
                let _ = writeln!(out, "- {line}\n+ {other}");
            }
            _ => {}
        }
    }
    for (id, line) in &b {
        if !a.contains_key(id) {
            changes += 1;
            let _ = writeln!(out, "+ {line}");
        }
    }
    (out, changes)
}
