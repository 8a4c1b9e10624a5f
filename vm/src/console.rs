//! The `console` namespace, following node: `log`/`info`/`debug` to stdout, `error`/`warn`/
//! `trace` to stderr (both into the capture buffer when output is captured), printf-style
//! `%s %d %i %f %o %O %j %c %%` in a first string argument, `table`, `time`/`timeLog`/
//! `timeEnd`, `count`/`countReset`, `assert`, `dir`, and `group`/`groupEnd` indentation.
//!
//! Values are rendered with the inspector (`inspect`), which never runs user code.

use crate::builtins;
use crate::inspect::{inspect, inspect_for_log, InspectOptions};
use crate::natives::NativeId;
use crate::realm::Intrinsic;
use crate::{Args, JsResult, Vm};
use amber_heap::{Handle, Object, ObjectKind, PropertyKey, Value};
use std::collections::HashMap;
use std::time::Instant;

/// Per-agent console state (not part of heap images).
#[derive(Clone, Debug, Default)]
pub struct ConsoleState {
    counts: HashMap<String, u64>,
    timers: HashMap<String, Instant>,
    /// `console.group` nesting: each level indents by two spaces.
    indent: usize,
}

/// Installs `console` and its methods in the realm being created.
pub fn init(vm: &mut Vm) {
    let console = builtins::ordinary(vm, Intrinsic::ObjectPrototype);
    let methods: &[(&str, NativeId)] = &[
        ("log", NativeId::ConsoleLog),
        ("error", NativeId::ConsoleError),
        ("warn", NativeId::ConsoleWarn),
        ("info", NativeId::ConsoleInfo),
        ("debug", NativeId::ConsoleDebug),
        ("trace", NativeId::ConsoleTrace),
        ("dir", NativeId::ConsoleDir),
        ("table", NativeId::ConsoleTable),
        ("time", NativeId::ConsoleTime),
        ("timeLog", NativeId::ConsoleTimeLog),
        ("timeEnd", NativeId::ConsoleTimeEnd),
        ("count", NativeId::ConsoleCount),
        ("countReset", NativeId::ConsoleCountReset),
        ("assert", NativeId::ConsoleAssert),
        ("group", NativeId::ConsoleGroup),
        ("groupCollapsed", NativeId::ConsoleGroupCollapsed),
        ("groupEnd", NativeId::ConsoleGroupEnd),
    ];
    for &(name, id) in methods {
        builtins::method(vm, console, name, id, 0);
    }
    builtins::global(vm, "console", Value::Object(console));
}

#[derive(Clone, Copy, PartialEq)]
enum Stream {
    Out,
    Err,
}

/// Writes `text` (possibly several lines) with the group indentation.
fn emit(vm: &mut Vm, stream: Stream, text: &str) {
    let pad = " ".repeat(vm.console.indent);
    let text = if pad.is_empty() {
        text.to_string()
    } else {
        text.lines()
            .map(|l| format!("{pad}{l}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if stream == Stream::Err && !vm.options.capture_output {
        use std::io::Write;
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{text}");
    } else {
        vm.write_line(&text);
    }
}

/// node's formatWithOptions: a first string argument may hold `%` directives; the remaining
/// arguments are appended, strings as they are and other values inspected.
pub fn format_args(vm: &mut Vm, values: &[Value]) -> String {
    let options = InspectOptions::default();
    let mut out = String::new();
    let mut rest = 0;
    if let Some(Value::String(s)) = values.first() {
        rest = 1;
        let text = vm.rust_string(*s);
        if text.contains('%') {
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                if c != '%' {
                    out.push(c);
                    continue;
                }
                let Some(&d) = chars.peek() else {
                    out.push('%');
                    break;
                };
                if d == '%' {
                    chars.next();
                    out.push('%');
                    continue;
                }
                if !"sdifjoOc".contains(d) {
                    out.push('%');
                    continue;
                }
                if rest >= values.len() {
                    out.push('%');
                    continue;
                }
                chars.next();
                let v = values[rest];
                rest += 1;
                match d {
                    's' => match v {
                        Value::String(s) => out.push_str(&vm.rust_string(s)),
                        Value::BigInt(_) => out.push_str(&inspect(vm, v, options)),
                        Value::Symbol(_) | Value::Object(_) => {
                            let o = InspectOptions {
                                depth: Some(0),
                                ..options
                            };
                            out.push_str(&inspect(vm, v, o))
                        }
                        other => out.push_str(&vm.display(other)),
                    },
                    'd' | 'i' => out.push_str(&match v {
                        Value::Number(n) if d == 'i' => crate::number::number_to_string(n.trunc()),
                        Value::Number(_) | Value::BigInt(_) => inspect(vm, v, options),
                        Value::Boolean(b) => (b as u8).to_string(),
                        Value::Null => "0".into(),
                        _ => "NaN".into(),
                    }),
                    'f' => out.push_str(&match v {
                        Value::Number(n) => crate::number::number_to_string(n),
                        _ => "NaN".into(),
                    }),
                    'c' => {}
                    _ => out.push_str(&inspect(vm, v, options)),
                }
            }
        } else {
            out = text;
        }
    }
    for &v in &values[rest..] {
        if !out.is_empty() || rest > 0 {
            out.push(' ');
        }
        out.push_str(&inspect_for_log(vm, v, options));
    }
    out
}

fn log_to(vm: &mut Vm, args: Args, stream: Stream) -> JsResult {
    let values = args.to_vec(vm);
    let text = format_args(vm, &values);
    emit(vm, stream, &text);
    Ok(Value::Undefined)
}

/// console.log / info / debug
pub fn log(vm: &mut Vm, args: Args) -> JsResult {
    log_to(vm, args, Stream::Out)
}

/// console.error / warn
pub fn error(vm: &mut Vm, args: Args) -> JsResult {
    log_to(vm, args, Stream::Err)
}

/// console.trace(...): `Trace: message` and the stack, to stderr.
pub fn trace(vm: &mut Vm, args: Args) -> JsResult {
    let values = args.to_vec(vm);
    let text = format_args(vm, &values);
    let frames = crate::stack::capture_text(vm);
    let head = if text.is_empty() {
        "Trace".to_string()
    } else {
        format!("Trace: {text}")
    };
    let all = if frames.is_empty() {
        head
    } else {
        format!("{head}\n{frames}")
    };
    emit(vm, Stream::Err, &all);
    Ok(Value::Undefined)
}

/// console.dir(value): always inspected (strings quoted).
pub fn dir(vm: &mut Vm, args: Args) -> JsResult {
    let v = args.get(vm, 0);
    let text = inspect(vm, v, InspectOptions::default());
    emit(vm, Stream::Out, &text);
    Ok(Value::Undefined)
}

/// The label argument of time/count functions (`default` when absent).
fn label(vm: &mut Vm, args: Args) -> String {
    match args.get(vm, 0) {
        Value::Undefined => "default".into(),
        Value::String(s) => vm.rust_string(s),
        other => vm.display(other),
    }
}

/// node's formatTime: milliseconds with three decimals, seconds past one second.
fn format_elapsed(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.3}s", ms / 1000.0)
    } else {
        format!("{ms:.3}ms")
    }
}

/// console.time(label)
pub fn time(vm: &mut Vm, args: Args) -> JsResult {
    let label = label(vm, args);
    match vm.console.timers.entry(label) {
        std::collections::hash_map::Entry::Occupied(e) => {
            let msg = format!(
                "Warning: Label '{}' already exists for console.time()",
                e.key()
            );
            emit(vm, Stream::Err, &msg);
        }
        std::collections::hash_map::Entry::Vacant(e) => {
            e.insert(Instant::now());
        }
    }
    Ok(Value::Undefined)
}

fn time_log_impl(vm: &mut Vm, args: Args, end: bool) -> JsResult {
    let label = label(vm, args);
    let Some(&start) = vm.console.timers.get(&label) else {
        let which = if end { "timeEnd" } else { "timeLog" };
        let msg = format!("Warning: No such label '{label}' for console.{which}()");
        emit(vm, Stream::Err, &msg);
        return Ok(Value::Undefined);
    };
    if end {
        vm.console.timers.remove(&label);
    }
    let elapsed = format_elapsed(start.elapsed().as_secs_f64() * 1000.0);
    let mut text = format!("{label}: {elapsed}");
    if !end && args.len() > 1 {
        let extra: Vec<Value> = args.to_vec(vm)[1..].to_vec();
        let rest: Vec<String> = extra
            .into_iter()
            .map(|v| inspect_for_log(vm, v, InspectOptions::default()))
            .collect();
        text.push(' ');
        text.push_str(&rest.join(" "));
    }
    emit(vm, Stream::Out, &text);
    Ok(Value::Undefined)
}

/// console.timeLog(label, ...data)
pub fn time_log(vm: &mut Vm, args: Args) -> JsResult {
    time_log_impl(vm, args, false)
}

/// console.timeEnd(label)
pub fn time_end(vm: &mut Vm, args: Args) -> JsResult {
    time_log_impl(vm, args, true)
}

/// console.count(label): `label: N`.
pub fn count(vm: &mut Vm, args: Args) -> JsResult {
    let label = label(vm, args);
    let n = vm.console.counts.entry(label.clone()).or_insert(0);
    *n += 1;
    let text = format!("{label}: {n}");
    emit(vm, Stream::Out, &text);
    Ok(Value::Undefined)
}

/// console.countReset(label)
pub fn count_reset(vm: &mut Vm, args: Args) -> JsResult {
    let label = label(vm, args);
    if vm.console.counts.remove(&label).is_none() {
        let msg = format!("Warning: Count for '{label}' does not exist");
        emit(vm, Stream::Err, &msg);
    }
    Ok(Value::Undefined)
}

/// console.assert(condition, ...data): `Assertion failed[: data]` to stderr when falsy.
pub fn assert(vm: &mut Vm, args: Args) -> JsResult {
    let cond = args.get(vm, 0);
    if crate::ops::to_boolean(vm, cond) {
        return Ok(Value::Undefined);
    }
    let values = args.to_vec(vm);
    let text = if values.len() > 1 {
        format!("Assertion failed: {}", format_args(vm, &values[1..]))
    } else {
        "Assertion failed".into()
    };
    emit(vm, Stream::Err, &text);
    Ok(Value::Undefined)
}

/// console.group(...label) / groupCollapsed: prints the label, then indents.
pub fn group(vm: &mut Vm, args: Args) -> JsResult {
    if !args.is_empty() {
        log_to(vm, args, Stream::Out)?;
    }
    vm.console.indent += 2;
    Ok(Value::Undefined)
}

/// console.groupEnd()
pub fn group_end(vm: &mut Vm, _: Args) -> JsResult {
    vm.console.indent = vm.console.indent.saturating_sub(2);
    Ok(Value::Undefined)
}

/// console.table(data, columns?): node's box-drawn table of an array or object's rows.
pub fn table(vm: &mut Vm, args: Args) -> JsResult {
    let data = args.get(vm, 0);
    let Value::Object(o) = data else {
        return log_to(vm, args, Stream::Out);
    };
    let filter = match args.get(vm, 1) {
        Value::Object(cols) => Some(
            own_entries(vm, cols)
                .into_iter()
                .filter_map(|(_, v)| match v {
                    Value::String(s) => Some(vm.rust_string(s)),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        ),
        _ => None,
    };
    let options = InspectOptions {
        depth: Some(1),
        colors: false,
    };
    let index_header = "(index)".to_string();
    let values_header = "Values".to_string();
    let mut columns: Vec<String> = Vec::new();
    let mut rows: Vec<TableRow> = Vec::new();
    let mut has_values = false;
    for (key, row) in own_entries(vm, o) {
        let mut cells = Vec::new();
        let mut plain = None;
        match row {
            Value::Object(r) if !is_function(vm, r) => {
                for (k, v) in own_entries(vm, r) {
                    if filter.as_ref().is_some_and(|f| !f.contains(&k)) {
                        continue;
                    }
                    if !columns.contains(&k) {
                        columns.push(k.clone());
                    }
                    let shown = inspect(
                        vm,
                        v,
                        InspectOptions {
                            depth: Some(0),
                            ..options
                        },
                    );
                    cells.push((k, shown));
                }
            }
            other => {
                has_values = true;
                plain = Some(inspect(vm, other, options));
            }
        }
        rows.push((key, cells, plain));
    }
    if let Some(f) = &filter {
        columns = f.clone();
    }
    let mut header = vec![index_header];
    header.extend(columns.iter().cloned());
    if has_values {
        header.push(values_header);
    }
    let mut table: Vec<Vec<String>> = Vec::new();
    for (key, cells, plain) in rows {
        let mut line = vec![key];
        for c in &columns {
            line.push(
                cells
                    .iter()
                    .find(|(k, _)| k == c)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
            );
        }
        if has_values {
            line.push(plain.unwrap_or_default());
        }
        table.push(line);
    }
    let text = render_table(&header, &table);
    emit(vm, Stream::Out, &text);
    Ok(Value::Undefined)
}

/// One row of `console.table`: its index, its (column, cell) pairs, or a plain value.
type TableRow = (String, Vec<(String, String)>, Option<String>);

fn is_function(vm: &Vm, o: Handle<Object>) -> bool {
    matches!(
        vm.heap.get(o).kind,
        ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound(_)
    )
}

/// Own enumerable properties (data only; accessors are skipped) as (key text, value), with
/// array elements first; Map and Set entries for those kinds.
fn own_entries(vm: &mut Vm, o: Handle<Object>) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    if let ObjectKind::Map(m) | ObjectKind::Set(m) = &vm.heap.get(o).kind {
        let is_map = matches!(vm.heap.get(o).kind, ObjectKind::Map(_));
        let m = m.clone();
        let mut i = 0;
        for (k, v) in m
            .keys
            .iter()
            .zip(m.values.iter().chain(std::iter::repeat(&Value::Undefined)))
        {
            if matches!(k, Value::Empty) {
                continue;
            }
            out.push((i.to_string(), if is_map { *v } else { *k }));
            i += 1;
        }
        return out;
    }
    let obj = vm.heap.get(o);
    let elements: Vec<(usize, Value)> = obj
        .elements
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, v)| !matches!(v, Value::Empty))
        .collect();
    let props: Vec<_> = vm
        .heap
        .properties(o)
        .iter()
        .filter(|p| p.enumerable() && !p.is_accessor())
        .map(|p| (p.key, p.value))
        .collect();
    for (i, v) in elements {
        out.push((i.to_string(), v));
    }
    for (k, v) in props {
        match k {
            PropertyKey::Index(i) => out.push((i.to_string(), v)),
            PropertyKey::String(s) => out.push((vm.rust_string(s), v)),
            PropertyKey::Symbol(_) => {}
        }
    }
    out
}

/// node's renderTable: box-drawing characters, each cell padded (node centres, we follow its
/// current left alignment with one space of padding).
fn render_table(header: &[String], rows: &[Vec<String>]) -> String {
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h) + 2).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(cell) + 2);
        }
    }
    let line = |l: &str, m: &str, r: &str| {
        let parts: Vec<String> = widths.iter().map(|&w| "─".repeat(w)).collect();
        format!("{l}{}{r}", parts.join(m))
    };
    let render_row = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = widths[i] - width(c) - 1;
                format!(" {c}{}", " ".repeat(pad))
            })
            .collect();
        format!("│{}│", parts.join("│"))
    };
    let mut out = vec![line("┌", "┬", "┐"), render_row(header), line("├", "┼", "┤")];
    for row in rows {
        out.push(render_row(row));
    }
    out.push(line("└", "┴", "┘"));
    out.join("\n")
}
