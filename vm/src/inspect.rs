//! A readable rendering of any value, following node's `util.inspect` conventions: class
//! names (`P { x: 1 }`), `Map(1) { 1 => 2 }`, `[Function: f]`, `[Getter]`, `<ref *1>` /
//! `[Circular *1]` for cycles, depth 2 (`[Object]`), 100 array items, and node's rule for
//! breaking a container over several lines (80 columns, at most 3 levels on one line, numeric
//! arrays grouped in columns).
//!
//! The inspector reads the heap directly: it never runs user code (no getters, no
//! `toString`, no proxy traps), so it is safe on any value, at any time, and cannot throw.

use crate::builtins;
use crate::builtins::typed_array::{self, ElementType};
use crate::number::number_to_string;
use crate::realm::{symbol_key, WellKnown};
use crate::CommonKey;
use crate::Vm;
use amber_compiler::bytecode::flags as code_flags;
use amber_heap::{attrs, Handle, Object, ObjectKind, PropertyKey, Value};

/// How to render: nesting depth, colours.
#[derive(Clone, Copy, Debug)]
pub struct InspectOptions {
    /// Containers nested deeper than this are shown as `[Object]`, `[Array]`... `None` shows
    /// everything.
    pub depth: Option<usize>,
    /// ANSI colours (as node uses on a terminal).
    pub colors: bool,
}

impl Default for InspectOptions {
    fn default() -> Self {
        InspectOptions {
            depth: Some(2),
            colors: false,
        }
    }
}

/// The longest line a container may take before it is broken over several lines.
const BREAK_LENGTH: usize = 80;
/// Array, typed array, Set and Map entries shown before `... N more items`.
const MAX_ARRAY_LENGTH: usize = 100;
/// Characters of a string shown before `... N more characters`.
const MAX_STRING_LENGTH: usize = 10_000;
/// How many levels of nesting may share one line (node's `compact: 3`).
const COMPACT: usize = 3;

/// `util.inspect(v)`: strings are quoted.
pub fn inspect(vm: &mut Vm, v: Value, options: InspectOptions) -> String {
    let mut ctx = Ctx {
        vm,
        options,
        seen: Vec::new(),
        circular: Vec::new(),
        indentation: 0,
        current_depth: 0,
    };
    ctx.format_value(v, 0, true)
}

/// The report of an uncaught exception: an error's stack (or `Name: message`) followed by its
/// own properties, any other value inspected.
pub fn uncaught_text(vm: &mut Vm, v: Value) -> String {
    let text = inspect(vm, v, InspectOptions::default());
    // An error without frames is bracketed by the inspector (`[Error: x]`); not here.
    match text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        Some(inner) if matches!(v, Value::Object(o) if matches!(vm.heap.get(o).kind, ObjectKind::Error(_))) => {
            inner.to_string()
        }
        _ => text,
    }
}

/// What `console.log(v)` prints for one argument: strings as they are, everything else
/// inspected.
pub fn inspect_for_log(vm: &mut Vm, v: Value, options: InspectOptions) -> String {
    match v {
        Value::String(s) => vm.rust_string(s),
        other => inspect(vm, other, options),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Number,
    String,
    Symbol,
    Undefined,
    Null,
    Special,
    Date,
    RegExp,
}

/// Whether entries are array-like (grouped in columns, no keys) or keyed.
#[derive(Clone, Copy, PartialEq)]
enum Extras {
    Object,
    Array,
}

/// One own property, read from the heap.
#[derive(Clone, Copy)]
struct Prop {
    key: PropertyKey,
    value: Value,
    setter: Value,
    flags: u8,
}

impl Prop {
    fn accessor(&self) -> bool {
        self.flags & attrs::ACCESSOR != 0
    }
    fn enumerable(&self) -> bool {
        self.flags & attrs::ENUMERABLE != 0
    }
}

struct Ctx<'a> {
    vm: &'a mut Vm,
    options: InspectOptions,
    /// The containers being formatted, outermost first (for cycle detection).
    seen: Vec<Handle<Object>>,
    /// Objects found to be part of a cycle; `*N` is the position plus one.
    circular: Vec<Handle<Object>>,
    indentation: usize,
    /// The depth of the most recently entered container (node's `ctx.currentDepth`).
    current_depth: usize,
}

impl Ctx<'_> {
    fn stylize(&self, text: &str, style: Style) -> String {
        if !self.options.colors {
            return text.to_string();
        }
        let (open, close) = match style {
            Style::Number => (33, 39),
            Style::String | Style::Symbol => (32, 39),
            Style::Undefined => (90, 39),
            Style::Null => (1, 22),
            Style::Special => (36, 39),
            Style::Date => (35, 39),
            Style::RegExp => (31, 39),
        };
        format!("\x1b[{open}m{text}\x1b[{close}m")
    }

    fn string(&self, s: Handle<amber_heap::JsString>) -> String {
        self.vm.rust_string(s)
    }

    // --- values ---------------------------------------------------------------------------------

    /// node's formatValue. `top` is false inside containers (it only matters for strings'
    /// line splitting, which is not done).
    fn format_value(&mut self, v: Value, recurse: usize, _top: bool) -> String {
        match v {
            Value::Object(o) => self.format_object(o, recurse),
            other => self.format_primitive(other),
        }
    }

    fn format_primitive(&mut self, v: Value) -> String {
        match v {
            Value::Empty | Value::Undefined => self.stylize("undefined", Style::Undefined),
            Value::Null => self.stylize("null", Style::Null),
            Value::Boolean(b) => self.stylize(if b { "true" } else { "false" }, Style::Number),
            Value::Number(n) => self.stylize(&format_number(n), Style::Number),
            Value::BigInt(b) => {
                let text = format!("{}n", builtins::bigint::to_decimal(self.vm.heap.get(b)));
                self.stylize(&text, Style::Number)
            }
            Value::String(s) => {
                let units = self.vm.heap.string_units(s).to_vec();
                let shown = units.len().min(MAX_STRING_LENGTH);
                let mut text = self.stylize(&quote_string(&units[..shown]), Style::String);
                if units.len() > shown {
                    let more = units.len() - shown;
                    text.push_str(&format!(
                        "... {more} more character{}",
                        if more > 1 { "s" } else { "" }
                    ));
                }
                text
            }
            Value::Symbol(s) => {
                let text = self.symbol_text(s);
                self.stylize(&text, Style::Symbol)
            }
            Value::Object(_) => String::new(),
        }
    }

    fn symbol_text(&self, s: Handle<amber_heap::Symbol>) -> String {
        match self.vm.heap.get(s).description {
            Some(d) => format!("Symbol({})", self.string(d)),
            None => "Symbol()".into(),
        }
    }

    fn format_object(&mut self, o: Handle<Object>, recurse: usize) -> String {
        // Proxies show their target (never the handler's traps).
        let mut o = o;
        for _ in 0..10_000 {
            match &self.vm.heap.get(o).kind {
                ObjectKind::Proxy(p) => match p.target {
                    Some(t) => o = t,
                    None => return self.stylize("<Revoked Proxy>", Style::Special),
                },
                _ => break,
            }
        }
        if self.seen.contains(&o) {
            let index = match self.circular.iter().position(|&c| c == o) {
                Some(i) => i + 1,
                None => {
                    self.circular.push(o);
                    self.circular.len()
                }
            };
            return self.stylize(&format!("[Circular *{index}]"), Style::Special);
        }
        self.format_raw(o, recurse)
    }

    /// node's formatRaw: the prefix, braces and entries of one container.
    fn format_raw(&mut self, o: Handle<Object>, mut recurse: usize) -> String {
        let constructor = self.constructor_name(o);
        let tag = self.string_tag(o, constructor.as_deref());
        let mut keys = self.own_props(o);
        let mut base = String::new();
        let mut braces = ("{".to_string(), "}".to_string());
        let mut extras = Extras::Object;
        let entries: Entries;
        let kind = self.vm.heap.get(o).kind.clone();
        match &kind {
            ObjectKind::Array(a) => {
                let len = a.length;
                keys.retain(|p| !matches!(p.key, PropertyKey::Index(_)));
                let prefix = if constructor.as_deref() != Some("Array") || !tag.is_empty() {
                    prefix(constructor.as_deref(), &tag, "Array", &format!("({len})"))
                } else {
                    String::new()
                };
                braces = (format!("{prefix}["), "]".into());
                if len == 0 && keys.is_empty() {
                    return format!("{}]", braces.0);
                }
                extras = Extras::Array;
                entries = Entries::Array(len);
            }
            ObjectKind::Arguments(_) => {
                // node 20 shows arguments objects with their index keys.
                braces = ("[Arguments] {".into(), "}".into());
                if keys.iter().all(|p| !p.enumerable()) {
                    return "[Arguments] {}".into();
                }
                entries = Entries::None;
            }
            ObjectKind::TypedArray(view) => {
                let ty = ElementType::from_u8(view.element_type);
                let len = typed_array::length_in_bounds(self.vm, o).unwrap_or(0);
                keys.retain(|p| !matches!(p.key, PropertyKey::Index(_)));
                let fallback = ty.name();
                let prefix = prefix(constructor.as_deref(), &tag, fallback, &format!("({len})"));
                braces = (format!("{prefix}["), "]".into());
                if len == 0 && keys.is_empty() {
                    return format!("{}]", braces.0);
                }
                extras = Extras::Array;
                entries = Entries::Typed(len);
            }
            ObjectKind::Map(m) | ObjectKind::Set(m) => {
                let is_map = matches!(kind, ObjectKind::Map(_));
                let fallback = if is_map { "Map" } else { "Set" };
                let size = m.size;
                let prefix = prefix(constructor.as_deref(), &tag, fallback, &format!("({size})"));
                if size == 0 && keys.is_empty() {
                    return format!("{prefix}{{}}");
                }
                braces = (format!("{prefix}{{"), "}".into());
                entries = if is_map {
                    Entries::Map(m.keys.clone(), m.values.clone())
                } else {
                    Entries::Set(m.keys.clone())
                };
            }
            ObjectKind::WeakMap(_) | ObjectKind::WeakSet(_) => {
                let fallback = if matches!(kind, ObjectKind::WeakMap(_)) {
                    "WeakMap"
                } else {
                    "WeakSet"
                };
                let prefix = prefix(constructor.as_deref(), &tag, fallback, "");
                braces = (format!("{prefix}{{"), "}".into());
                entries = Entries::Text(vec![self.stylize("<items unknown>", Style::Special)]);
            }
            ObjectKind::Promise(p) => {
                let prefix = prefix(constructor.as_deref(), &tag, "Promise", "");
                braces = (format!("{prefix}{{"), "}".into());
                entries = Entries::Promise(p.state, p.result);
            }
            ObjectKind::MapIterator(it) | ObjectKind::SetIterator(it) => {
                let is_map = matches!(kind, ObjectKind::MapIterator(_));
                let name = match (is_map, it.kind) {
                    (true, 2) | (false, 2) => {
                        if is_map {
                            "Map Entries"
                        } else {
                            "Set Entries"
                        }
                    }
                    (true, _) => "Map Iterator",
                    (false, _) => "Set Iterator",
                };
                braces = (format!("[{name}] {{"), "}".into());
                extras = if it.kind == 2 {
                    Extras::Array
                } else {
                    Extras::Object
                };
                entries = Entries::Iterator(it.target, it.index, it.kind, is_map);
            }
            ObjectKind::ArrayBuffer(b) => {
                let name = if b.shared {
                    "SharedArrayBuffer"
                } else {
                    "ArrayBuffer"
                };
                let prefix = prefix(constructor.as_deref(), &tag, name, "");
                braces = (format!("{prefix}{{"), "}".into());
                entries = Entries::Buffer(b.byte_len().map(|n| b.to_vec(0, n)));
            }
            ObjectKind::ModuleNamespace(_) => {
                braces = ("[Module: null prototype] {".into(), "}".into());
                entries = Entries::None;
            }
            ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound(_) => {
                base = self.function_base(o, constructor.as_deref(), &tag);
                keys.retain(|p| !self.is_name(p.key, "prototype"));
                if keys.iter().all(|p| !p.enumerable()) {
                    return self.stylize(&base, Style::Special);
                }
                entries = Entries::None;
            }
            ObjectKind::RegExp(r) => {
                base = format!("/{}/{}", self.string(r.source), self.string(r.flags));
                let base_prefix = prefix(constructor.as_deref(), &tag, "RegExp", "");
                if base_prefix != "RegExp " {
                    base = format!("{base_prefix}{base}");
                }
                base = self.stylize(&base, Style::RegExp);
                if keys.iter().all(|p| !p.enumerable()) {
                    return base;
                }
                entries = Entries::None;
            }
            ObjectKind::Date(tv) => {
                base = if tv.is_nan() {
                    "Invalid Date".into()
                } else {
                    builtins::date::iso_string(*tv)
                };
                base = self.stylize(&base, Style::Date);
                if keys.iter().all(|p| !p.enumerable()) {
                    return base;
                }
                entries = Entries::None;
            }
            ObjectKind::Error(_) => {
                base = self.error_base(o, &keys);
                keys.retain(|p| !self.is_name(p.key, "stack") && !self.is_name(p.key, "message"));
                let cause = keys
                    .iter()
                    .position(|p| self.is_name(p.key, "cause") && !p.enumerable());
                if keys.iter().all(|p| !p.enumerable()) && cause.is_none() {
                    return base;
                }
                entries = Entries::None;
            }
            ObjectKind::Number(_)
            | ObjectKind::String(_)
            | ObjectKind::Boolean(_)
            | ObjectKind::Symbol(_)
            | ObjectKind::BigInt(_) => {
                let (type_name, primitive) = match &kind {
                    ObjectKind::Number(n) => ("Number", Value::Number(*n)),
                    ObjectKind::String(s) => ("String", Value::String(*s)),
                    ObjectKind::Boolean(b) => ("Boolean", Value::Boolean(*b)),
                    ObjectKind::Symbol(s) => ("Symbol", Value::Symbol(*s)),
                    ObjectKind::BigInt(b) => ("BigInt", Value::BigInt(*b)),
                    _ => ("Object", Value::Undefined),
                };
                if let ObjectKind::String(s) = kind {
                    let len = self.vm.heap.string_units(s).len() as u32;
                    keys.retain(|p| {
                        !matches!(p.key, PropertyKey::Index(i) if i < len)
                            && !self.is_name(p.key, "length")
                    });
                }
                let saved = self.options.colors;
                self.options.colors = false;
                let shown = self.format_primitive(primitive);
                self.options.colors = saved;
                let mut text = format!("[{type_name}");
                if constructor.as_deref() != Some(type_name) {
                    match &constructor {
                        None => text.push_str(" (null prototype)"),
                        Some(c) => text.push_str(&format!(" ({c})")),
                    }
                }
                text.push_str(&format!(": {shown}]"));
                if !tag.is_empty() && constructor.as_deref() != Some(tag.as_str()) {
                    text.push_str(&format!(" [{tag}]"));
                }
                let style = if type_name == "String" {
                    Style::String
                } else if type_name == "Symbol" {
                    Style::Symbol
                } else {
                    Style::Number
                };
                base = self.stylize(&text, style);
                if keys.iter().all(|p| !p.enumerable()) {
                    return base;
                }
                entries = Entries::None;
            }
            _ => {
                let prefix = if constructor.as_deref() != Some("Object") || !tag.is_empty() {
                    prefix(constructor.as_deref(), &tag, "Object", "")
                } else {
                    String::new()
                };
                braces = (format!("{prefix}{{"), "}".into());
                if keys.iter().all(|p| !p.enumerable()) {
                    return format!("{prefix}{{}}");
                }
                entries = Entries::None;
            }
        }
        if self.options.depth.is_some_and(|d| recurse > d) {
            let name = prefix(constructor.as_deref(), &tag, "Object", "");
            let name = name.trim_end();
            let text = if constructor.is_some() {
                format!("[{name}]")
            } else {
                name.to_string()
            };
            return self.stylize(&text, Style::Special);
        }
        recurse += 1;
        self.seen.push(o);
        self.current_depth = recurse;
        let mut output = self.format_entries(o, entries, recurse);
        let is_error = matches!(kind, ObjectKind::Error(_));
        for p in keys {
            if p.enumerable() {
                output.push(self.format_property(p, recurse, Extras::Object));
            } else if is_error && self.is_name(p.key, "cause") {
                // Shown as `[cause]: ...` (a non-enumerable key).
                output.push(self.format_property(p, recurse, Extras::Object));
            }
        }
        self.seen.pop();
        if let Some(i) = self.circular.iter().position(|&c| c == o) {
            let reference = self.stylize(&format!("<ref *{}>", i + 1), Style::Special);
            base = if base.is_empty() {
                reference
            } else {
                format!("{reference} {base}")
            };
        }
        self.reduce_to_single_string(output, &base, &braces, extras, recurse, o)
    }

    fn is_name(&self, key: PropertyKey, name: &str) -> bool {
        matches!(key, PropertyKey::String(s) if self.vm.heap.string_units(s).iter().copied().eq(name.encode_utf16()))
    }

    /// The entries that come from internal slots (array elements, Map entries...).
    fn format_entries(
        &mut self,
        o: Handle<Object>,
        entries: Entries,
        recurse: usize,
    ) -> Vec<String> {
        let mut output = Vec::new();
        match entries {
            Entries::None => {}
            Entries::Text(t) => output = t,
            Entries::Array(len) => self.format_array(o, len, recurse, &mut output),
            Entries::Typed(len) => {
                let shown = len.min(MAX_ARRAY_LENGTH);
                for i in 0..shown {
                    let v = match typed_array::read_element(self.vm, o, i) {
                        Some(n) => typed_array::num_to_value(self.vm, n),
                        None => Value::Undefined,
                    };
                    output.push(self.format_primitive(v));
                }
                if len > shown {
                    output.push(more_items(len - shown));
                }
            }
            Entries::Set(keys) => {
                self.indentation += 2;
                let mut count = 0;
                for k in keys.into_iter().filter(|k| !matches!(k, Value::Empty)) {
                    if count == MAX_ARRAY_LENGTH {
                        count += 1;
                        continue;
                    }
                    count += 1;
                    output.push(self.format_value(k, recurse, false));
                }
                self.indentation -= 2;
                if count > MAX_ARRAY_LENGTH {
                    output.push(more_items(count - MAX_ARRAY_LENGTH));
                }
            }
            Entries::Map(keys, values) => {
                self.indentation += 2;
                let mut count = 0;
                for (k, v) in keys.into_iter().zip(values) {
                    if matches!(k, Value::Empty) {
                        continue;
                    }
                    count += 1;
                    if count > MAX_ARRAY_LENGTH {
                        continue;
                    }
                    let k = self.format_value(k, recurse, false);
                    let v = self.format_value(v, recurse, false);
                    output.push(format!("{k} => {v}"));
                }
                self.indentation -= 2;
                if count > MAX_ARRAY_LENGTH {
                    output.push(more_items(count - MAX_ARRAY_LENGTH));
                }
            }
            Entries::Iterator(target, index, kind, is_map) => {
                if let Value::Object(t) = target {
                    let data = match &self.vm.heap.get(t).kind {
                        ObjectKind::Map(m) | ObjectKind::Set(m) => Some(m.clone()),
                        _ => None,
                    };
                    if let Some(m) = data {
                        self.indentation += 2;
                        for i in (index as usize)..m.keys.len() {
                            let k = m.keys[i];
                            if matches!(k, Value::Empty) {
                                continue;
                            }
                            let v = if is_map { m.values[i] } else { k };
                            let text = match kind {
                                0 => self.format_value(k, recurse, false),
                                1 => self.format_value(v, recurse, false),
                                _ => {
                                    let a = self.format_value(k, recurse, false);
                                    let b = self.format_value(v, recurse, false);
                                    format!("[ {a}, {b} ]")
                                }
                            };
                            output.push(text);
                        }
                        self.indentation -= 2;
                    }
                }
            }
            Entries::Promise(state, result) => match state {
                0 => output.push(self.stylize("<pending>", Style::Special)),
                _ => {
                    self.indentation += 2;
                    let shown = self.format_value(result, recurse, false);
                    self.indentation -= 2;
                    output.push(if state == 2 {
                        format!("{} {shown}", self.stylize("<rejected>", Style::Special))
                    } else {
                        shown
                    });
                }
            },
            Entries::Buffer(bytes) => match bytes {
                None => {
                    output.push(self.stylize("(detached)", Style::Special));
                    output.push(format!("byteLength: {}", self.stylize("0", Style::Number)));
                }
                Some(bytes) => {
                    let shown = bytes.len().min(50);
                    let mut hex: Vec<String> =
                        bytes[..shown].iter().map(|b| format!("{b:02x}")).collect();
                    if bytes.len() > shown {
                        hex.push(format!(
                            "... {} more byte{}",
                            bytes.len() - shown,
                            if bytes.len() - shown > 1 { "s" } else { "" }
                        ));
                    }
                    let contents = self.stylize("[Uint8Contents]", Style::Special);
                    output.push(format!("{contents}: <{}>", hex.join(" ")));
                    let len = self.stylize(&bytes.len().to_string(), Style::Number);
                    output.push(format!("byteLength: {len}"));
                }
            },
        }
        output
    }

    /// node's formatArray and formatSpecialArray: elements, holes as `<N empty items>`, at
    /// most 100 entries.
    fn format_array(
        &mut self,
        o: Handle<Object>,
        len: u32,
        recurse: usize,
        output: &mut Vec<String>,
    ) {
        let mut index: u32 = 0;
        let mut holes: u32 = 0;
        let flush = |ctx: &Self, holes: &mut u32, output: &mut Vec<String>| {
            if *holes > 0 {
                let text = format!("<{holes} empty item{}>", if *holes > 1 { "s" } else { "" });
                output.push(ctx.stylize(&text, Style::Undefined));
                *holes = 0;
            }
        };
        while index < len {
            if output.len() >= MAX_ARRAY_LENGTH {
                break;
            }
            match self.own_element(o, index) {
                None => {
                    // Skip a run of holes at once (sparse arrays can be huge).
                    let next = self.next_element(o, index, len);
                    holes += next - index;
                    index = next;
                    continue;
                }
                Some(p) => {
                    flush(self, &mut holes, output);
                    if output.len() >= MAX_ARRAY_LENGTH {
                        break;
                    }
                    output.push(self.format_property(p, recurse, Extras::Array));
                }
            }
            index += 1;
        }
        if output.len() < MAX_ARRAY_LENGTH {
            flush(self, &mut holes, output);
        } else {
            holes = 0;
        }
        let _ = holes;
        if index < len {
            output.push(more_items((len - index) as usize));
        }
    }

    /// The own property at array index `i`, from the dense elements or the property map.
    fn own_element(&mut self, o: Handle<Object>, i: u32) -> Option<Prop> {
        let obj = self.vm.heap.get(o);
        if let Some(&v) = obj.elements.get(i as usize) {
            if !matches!(v, Value::Empty) {
                let value = match obj.kind {
                    ObjectKind::Arguments(_) => {
                        builtins::arguments::mapped_get(self.vm, o, PropertyKey::Index(i))
                            .unwrap_or(v)
                    }
                    _ => v,
                };
                return Some(Prop {
                    key: PropertyKey::Index(i),
                    value,
                    setter: Value::Undefined,
                    flags: attrs::DEFAULT,
                });
            }
        }
        let p = self.vm.heap.get_property(o, PropertyKey::Index(i))?;
        let obj = self.vm.heap.get(o);
        let value = if let ObjectKind::Arguments(_) = obj.kind {
            builtins::arguments::mapped_get(self.vm, o, PropertyKey::Index(i)).unwrap_or(p.value)
        } else {
            p.value
        };
        Some(Prop {
            key: p.key,
            value,
            setter: p.setter,
            flags: p.flags,
        })
    }

    /// The next index at or after `from` (below `len`) that has an own element.
    fn next_element(&self, o: Handle<Object>, from: u32, len: u32) -> u32 {
        let obj = self.vm.heap.get(o);
        let mut next = len;
        for (i, v) in obj.elements.iter().enumerate().skip(from as usize) {
            if !matches!(v, Value::Empty) {
                next = next.min(i as u32);
                break;
            }
        }
        for p in &self.vm.heap.properties(o) {
            if let PropertyKey::Index(i) = p.key {
                if i > from && i < next {
                    next = i;
                }
            }
        }
        next.max(from + 1)
    }

    /// node's formatProperty: `key: value`, or just the value for array entries.
    fn format_property(&mut self, p: Prop, recurse: usize, extras: Extras) -> String {
        let shown = if p.flags & UNINITIALIZED != 0 {
            self.stylize("<uninitialized>", Style::Special)
        } else if p.accessor() {
            let label = match (p.value.is_undefined(), p.setter.is_undefined()) {
                (false, false) => "[Getter/Setter]",
                (false, true) => "[Getter]",
                (true, false) => "[Setter]",
                (true, true) => "undefined",
            };
            let style = if label == "undefined" {
                Style::Undefined
            } else {
                Style::Special
            };
            self.stylize(label, style)
        } else {
            self.indentation += 2;
            let s = self.format_value(p.value, recurse, false);
            self.indentation -= 2;
            s
        };
        if extras == Extras::Array {
            return shown;
        }
        let name = match p.key {
            PropertyKey::Symbol(s) => {
                let text = self.symbol_text(s);
                format!("[{}]", self.stylize(&text, Style::Symbol))
            }
            PropertyKey::Index(i) => {
                let text = format!("'{i}'");
                self.stylize(&text, Style::String)
            }
            PropertyKey::String(s) => {
                let units = self.vm.heap.string_units(s).to_vec();
                let text = String::from_utf16_lossy(&units);
                if text == "__proto__" {
                    "['__proto__']".into()
                } else if !p.enumerable() {
                    format!("[{text}]")
                } else if is_identifier_like(&text) {
                    text
                } else {
                    self.stylize(&quote_string(&units), Style::String)
                }
            }
        };
        format!("{name}: {shown}")
    }

    /// node's reduceToSingleString: one line if the entries fit (and nesting is shallow),
    /// otherwise one entry per line, numeric arrays grouped in columns.
    fn reduce_to_single_string(
        &mut self,
        mut output: Vec<String>,
        base: &str,
        braces: &(String, String),
        extras: Extras,
        recurse: usize,
        o: Handle<Object>,
    ) -> String {
        let entries = output.len();
        if extras == Extras::Array && entries > 6 {
            output = self.group_array_elements(output, o);
        }
        let base_sep = if base.is_empty() {
            String::new()
        } else {
            format!("{base} ")
        };
        if self.current_depth - recurse < COMPACT && entries == output.len() {
            let start = output.len() + self.indentation + width(&braces.0) + width(base) + 10;
            if self.is_below_break_length(&output, start, base) {
                let joined = output.join(", ");
                if !joined.contains('\n') {
                    return format!("{base_sep}{} {joined} {}", braces.0, braces.1);
                }
            }
        }
        let indentation = format!("\n{}", " ".repeat(self.indentation));
        format!(
            "{base_sep}{}{indentation}  {}{indentation}{}",
            braces.0,
            output.join(&format!(",{indentation}  ")),
            braces.1
        )
    }

    fn is_below_break_length(&self, output: &[String], start: usize, base: &str) -> bool {
        let mut total = output.len() + start;
        if total + output.len() > BREAK_LENGTH {
            return false;
        }
        for entry in output {
            total += width(entry);
            if total > BREAK_LENGTH {
                return false;
            }
        }
        base.is_empty() || !base.contains('\n')
    }

    /// node's groupArrayElements: lays out many short entries in aligned columns.
    fn group_array_elements(&mut self, output: Vec<String>, o: Handle<Object>) -> Vec<String> {
        let mut total_length = 0;
        let mut max_length = 0;
        let mut output_length = output.len();
        if output
            .last()
            .is_some_and(|l| l.starts_with("... ") && l.ends_with(" more items"))
            || output
                .last()
                .is_some_and(|l| l.starts_with("... ") && l.ends_with(" more item"))
        {
            output_length -= 1;
        }
        let separator_space = 2;
        let data_len: Vec<usize> = output.iter().map(|s| width(s)).collect();
        for &len in &data_len[..output_length] {
            total_length += len + separator_space;
            max_length = max_length.max(len);
        }
        let actual_max = max_length + separator_space;
        if actual_max * 3 + self.indentation < BREAK_LENGTH
            && (total_length as f64 / actual_max as f64 > 5.0 || max_length <= 6)
        {
            let approx_char_heights = 2.5;
            let average_bias =
                (actual_max as f64 - total_length as f64 / output.len() as f64).sqrt();
            let biased_max = (actual_max as f64 - 3.0 - average_bias).max(1.0);
            let columns = [
                ((approx_char_heights * biased_max * output_length as f64).sqrt() / biased_max)
                    .round() as usize,
                (BREAK_LENGTH - self.indentation) / actual_max,
                COMPACT * 4,
                15,
            ]
            .into_iter()
            .min()
            .unwrap_or(1);
            if columns <= 1 {
                return output;
            }
            let mut max_line_length = Vec::new();
            for i in 0..columns {
                let mut line_length = 0;
                let mut j = i;
                while j < output_length {
                    line_length = line_length.max(data_len[j]);
                    j += columns;
                }
                max_line_length.push(line_length + separator_space);
            }
            let pad_start = self.all_numeric(o, output.len());
            let mut grouped = Vec::new();
            let mut i = 0;
            while i < output_length {
                let max = (i + columns).min(output_length);
                let mut line = String::new();
                let mut j = i;
                while j < max - 1 {
                    let cell = format!("{}, ", output[j]);
                    let pad = (max_line_length[j - i] + output[j].chars().count())
                        .saturating_sub(data_len[j]);
                    line.push_str(&pad_to(&cell, pad, pad_start));
                    j += 1;
                }
                if pad_start {
                    let pad = (max_line_length[j - i] + output[j].chars().count())
                        .saturating_sub(data_len[j] + separator_space);
                    line.push_str(&pad_to(&output[j], pad, true));
                } else {
                    line.push_str(&output[j]);
                }
                grouped.push(line);
                i += columns;
            }
            if output_length < output.len() {
                grouped.push(output[output_length].clone());
            }
            return grouped;
        }
        output
    }

    /// Whether every shown entry of an array-like is a number or bigint (they are then
    /// right-aligned in their columns).
    fn all_numeric(&mut self, o: Handle<Object>, count: usize) -> bool {
        if let ObjectKind::TypedArray(_) = self.vm.heap.get(o).kind {
            return true;
        }
        if !matches!(
            self.vm.heap.get(o).kind,
            ObjectKind::Array(_) | ObjectKind::Arguments(_)
        ) {
            return false;
        }
        (0..count as u32).all(|i| match self.own_element(o, i) {
            Some(p) if !p.accessor() => matches!(p.value, Value::Number(_) | Value::BigInt(_)),
            _ => false,
        })
    }

    // --- names ----------------------------------------------------------------------------------

    /// node's getConstructorName: the `name` of the first `constructor` data property along
    /// the prototype chain whose `prototype` is on the chain; `None` for a null prototype.
    fn constructor_name(&mut self, o: Handle<Object>) -> Option<String> {
        let constructor_key = self.vm.name_key(CommonKey::Constructor);
        let prototype_key = self.vm.name_key(CommonKey::Prototype);
        let mut current = Some(o);
        let mut steps = 0;
        while let Some(obj) = current {
            steps += 1;
            if steps > 10_000 {
                break;
            }
            let c = self.vm.heap.get_property(obj, constructor_key);
            if let Some(p) = c {
                if !p.is_accessor() {
                    if let Value::Object(ctor) = p.value {
                        if self.is_callable(ctor) {
                            let name = match self.own_data(ctor, "name") {
                                Some(Value::String(s)) => self.string(s),
                                _ => String::new(),
                            };
                            let proto = self
                                .vm
                                .heap
                                .get_property(ctor, prototype_key)
                                .map(|p| p.value);
                            if !name.is_empty() && self.on_chain(o, proto) {
                                return Some(name);
                            }
                        }
                    }
                }
            }
            current = self.vm.heap.get(obj).proto.get();
        }
        if self.vm.heap.get(o).proto.get().is_none() {
            None
        } else {
            Some("Object".into())
        }
    }

    fn on_chain(&self, o: Handle<Object>, proto: Option<Value>) -> bool {
        let Some(Value::Object(p)) = proto else {
            return false;
        };
        let mut current = self.vm.heap.get(o).proto.get();
        for _ in 0..10_000 {
            match current {
                Some(c) if c == p => return true,
                Some(c) => current = self.vm.heap.get(c).proto.get(),
                None => return false,
            }
        }
        false
    }

    fn is_callable(&self, o: Handle<Object>) -> bool {
        match &self.vm.heap.get(o).kind {
            ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound(_) => true,
            ObjectKind::Proxy(p) => p.callable,
            _ => false,
        }
    }

    /// An own data property's value (accessors are not called).
    fn own_data(&mut self, o: Handle<Object>, name: &str) -> Option<Value> {
        let key = self.vm.key(name);
        let p = self.vm.heap.get_property(o, key)?;
        if p.is_accessor() {
            None
        } else {
            Some(p.value)
        }
    }

    /// `o[Symbol.toStringTag]` when it is a string data property (own or inherited) that is
    /// not an own enumerable property (that would show twice) and differs from the
    /// constructor's name.
    fn string_tag(&mut self, o: Handle<Object>, constructor: Option<&str>) -> String {
        let key = symbol_key(self.vm, WellKnown::ToStringTag);
        let mut current = Some(o);
        for _ in 0..10_000 {
            let Some(obj) = current else { break };
            if let Some(p) = self.vm.heap.get_property(obj, key) {
                if p.is_accessor() || (obj == o && p.enumerable()) {
                    return String::new();
                }
                return match p.value {
                    Value::String(s) => {
                        let tag = self.string(s);
                        if Some(tag.as_str()) == constructor {
                            String::new()
                        } else {
                            tag
                        }
                    }
                    _ => String::new(),
                };
            }
            current = self.vm.heap.get(obj).proto.get();
        }
        String::new()
    }

    /// node's getFunctionBase / getClassBase: `[Function: f]`, `[class P extends Q]`,
    /// `[AsyncFunction: f]`, `[Function (anonymous)]`.
    fn function_base(&mut self, o: Handle<Object>, constructor: Option<&str>, tag: &str) -> String {
        let name = match self.own_data(o, "name") {
            Some(Value::String(s)) => self.string(s),
            _ => String::new(),
        };
        let code_flags = match &self.vm.heap.get(o).kind {
            ObjectKind::Function(f) => self.vm.heap.get(f.code).flags,
            _ => 0,
        };
        if code_flags & code_flags::CLASS_CONSTRUCTOR != 0 {
            let mut base = if name.is_empty() {
                "[class (anonymous)".to_string()
            } else {
                format!("[class {name}")
            };
            if constructor != Some("Function") {
                match constructor {
                    None => base.push_str(" [null prototype]"),
                    Some(c) => base.push_str(&format!(" [{c}]")),
                }
            }
            if let Some(parent) = self.vm.heap.get(o).proto.get() {
                if let Some(Value::String(s)) = self.own_data(parent, "name") {
                    let parent_name = self.string(s);
                    if !parent_name.is_empty() {
                        base.push_str(&format!(" extends {parent_name}"));
                    }
                }
            }
            base.push(']');
            return base;
        }
        let kind = match (
            code_flags & code_flags::ASYNC != 0,
            code_flags & code_flags::GENERATOR != 0,
        ) {
            (true, true) => "AsyncGeneratorFunction",
            (true, false) => "AsyncFunction",
            (false, true) => "GeneratorFunction",
            (false, false) => "Function",
        };
        let mut base = format!("[{kind}");
        if constructor.is_none() {
            base.push_str(" (null prototype)");
        }
        if name.is_empty() {
            base.push_str(" (anonymous)");
        } else {
            base.push_str(&format!(": {name}"));
        }
        base.push(']');
        if let Some(c) = constructor {
            if c != kind && c != "Function" {
                base.push_str(&format!(" {c}"));
            }
        }
        if !tag.is_empty() && constructor != Some(tag) {
            base.push_str(&format!(" [{tag}]"));
        }
        base
    }

    /// node's formatError: the `stack` data property if it is a string, else `Name: message`;
    /// bracketed when there are no frames (`[Error: x]`); indented when nested.
    fn error_base(&mut self, o: Handle<Object>, keys: &[Prop]) -> String {
        let stack = keys
            .iter()
            .find(|p| self.is_name(p.key, "stack") && !p.accessor())
            .map(|p| p.value);
        let _ = keys;
        let stack = match stack {
            Some(Value::String(s)) => self.string(s),
            _ => match crate::builtins::error::stack_of(self.vm, o) {
                Some(s) => s,
                None => {
                    let (name, message) = self.vm.describe_error(Value::Object(o));
                    if message.is_empty() {
                        name
                    } else {
                        format!("{name}: {message}")
                    }
                }
            },
        };
        let mut stack = if stack.contains("\n    at ") {
            stack
        } else {
            format!("[{stack}]")
        };
        if self.indentation > 0 {
            let pad = " ".repeat(self.indentation);
            stack = stack.replace('\n', &format!("\n{pad}"));
        }
        stack
    }

    // --- keys -------------------------------------------------------------------------------------

    /// The own properties in [[OwnPropertyKeys]] order (indices, strings, symbols), read from
    /// the heap. Module namespaces list their exports.
    fn own_props(&mut self, o: Handle<Object>) -> Vec<Prop> {
        if let ObjectKind::ModuleNamespace(_) = self.vm.heap.get(o).kind {
            return self.namespace_props(o);
        }
        let mut indices = Vec::new();
        let mut strings = Vec::new();
        let mut symbols = Vec::new();
        let obj = self.vm.heap.get(o);
        for (i, &v) in obj.elements.iter().enumerate() {
            if !matches!(v, Value::Empty) {
                indices.push(Prop {
                    key: PropertyKey::Index(i as u32),
                    value: v,
                    setter: Value::Undefined,
                    flags: attrs::DEFAULT,
                });
            }
        }
        for p in &self.vm.heap.properties(o) {
            let prop = Prop {
                key: p.key,
                value: p.value,
                setter: p.setter,
                flags: p.flags,
            };
            match p.key {
                PropertyKey::Index(_) => indices.push(prop),
                PropertyKey::String(_) => strings.push(prop),
                PropertyKey::Symbol(_) => symbols.push(prop),
            }
        }
        if let ObjectKind::Arguments(_) = self.vm.heap.get(o).kind {
            for p in indices.iter_mut() {
                if let Some(v) = builtins::arguments::mapped_get(self.vm, o, p.key) {
                    p.value = v;
                }
            }
        }
        indices.sort_by_key(|p| match p.key {
            PropertyKey::Index(i) => i,
            _ => 0,
        });
        indices.extend(strings);
        indices.extend(symbols);
        indices
    }

    fn namespace_props(&mut self, o: Handle<Object>) -> Vec<Prop> {
        // A deferred namespace is shown without its exports: reading them would evaluate
        // the module.
        if crate::module::is_deferred_namespace(self.vm, o) {
            return Vec::new();
        }
        let keys = crate::module::own_property_keys(self.vm, o).unwrap_or_default();
        let mut props = Vec::new();
        for key in keys {
            if let PropertyKey::Symbol(_) = key {
                continue;
            }
            let value = match crate::module::get_own_property(self.vm, o, key) {
                Ok(Some(d)) => d.value.unwrap_or(Value::Undefined),
                Ok(None) => continue,
                Err(_) => {
                    // An uninitialized binding (TDZ): show it as node does.
                    self.vm.take_exception();
                    props.push(Prop {
                        key,
                        value: Value::Undefined,
                        setter: Value::Undefined,
                        flags: attrs::DEFAULT | UNINITIALIZED,
                    });
                    continue;
                }
            };
            props.push(Prop {
                key,
                value,
                setter: Value::Undefined,
                flags: attrs::DEFAULT,
            });
        }
        props
    }
}

/// A private flag bit on [`Prop`]s of module namespaces whose binding is in its TDZ.
const UNINITIALIZED: u8 = 0x80;

/// Entries that come from an object's internal slots.
enum Entries {
    None,
    Text(Vec<String>),
    Array(u32),
    Typed(usize),
    Set(Vec<Value>),
    Map(Vec<Value>, Vec<Value>),
    /// Map or Set iterator: target, next index, kind (0 keys, 1 values, 2 entries), is_map.
    Iterator(Value, u32, u8, bool),
    Promise(u8, Value),
    Buffer(Option<Vec<u8>>),
}

/// node's getPrefix: `Name(size) [tag] `, or `[Fallback(size): null prototype] `.
fn prefix(constructor: Option<&str>, tag: &str, fallback: &str, size: &str) -> String {
    match constructor {
        None => {
            if !tag.is_empty() && fallback != tag {
                format!("[{fallback}{size}: null prototype] [{tag}] ")
            } else {
                format!("[{fallback}{size}: null prototype] ")
            }
        }
        Some(c) => {
            if !tag.is_empty() && c != tag {
                format!("{c}{size} [{tag}] ")
            } else {
                format!("{c}{size} ")
            }
        }
    }
}

fn more_items(n: usize) -> String {
    format!("... {n} more item{}", if n > 1 { "s" } else { "" })
}

/// `-0` keeps its sign; everything else is Number::toString.
fn format_number(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() {
        "-0".into()
    } else {
        number_to_string(n)
    }
}

/// node's keyStrRegExp: `^[a-zA-Z_][a-zA-Z_0-9]*$` keys are shown bare.
fn is_identifier_like(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// node's strEscape: single quotes unless the string contains one (then double quotes, or
/// backticks if it has both), with control characters and lone surrogates escaped.
pub fn quote_string(units: &[u16]) -> String {
    let has = |c: char| units.contains(&(c as u16));
    let quote = if !has('\'') {
        '\''
    } else if !has('"') {
        '"'
    } else if !has('`') && !units.windows(2).any(|w| w == [b'$' as u16, b'{' as u16]) {
        '`'
    } else {
        '\''
    };
    let mut out = String::with_capacity(units.len() + 2);
    out.push(quote);
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => match c {
                '\u{8}' => out.push_str("\\b"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\u{c}' => out.push_str("\\f"),
                '\r' => out.push_str("\\r"),
                '\\' => out.push_str("\\\\"),
                '\'' if quote == '\'' => out.push_str("\\'"),
                c if (c as u32) < 0x20 || (0x7f..=0x9f).contains(&(c as u32)) => {
                    out.push_str(&format!("\\x{:02X}", c as u32))
                }
                c => out.push(c),
            },
            Err(e) => out.push_str(&format!("\\u{:x}", e.unpaired_surrogate())),
        }
    }
    out.push(quote);
    out
}

/// The printed width of `s`: characters, not counting ANSI colour sequences.
fn width(s: &str) -> usize {
    let mut n = 0;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            n += 1;
        }
    }
    n
}

/// `padStart` / `padEnd` of `s` to `len` characters (`len` already includes the invisible
/// colour sequences, as in node's arithmetic).
fn pad_to(s: &str, len: usize, start: bool) -> String {
    let have = s.chars().count();
    if have >= len {
        return s.to_string();
    }
    let pad = " ".repeat(len - have);
    if start {
        format!("{pad}{s}")
    } else {
        format!("{s}{pad}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_follows_node() {
        let q = |s: &str| quote_string(&s.encode_utf16().collect::<Vec<_>>());
        assert_eq!(q("abc"), "'abc'");
        assert_eq!(q("it's"), "\"it's\"");
        assert_eq!(q("'\""), "`'\"`");
        assert_eq!(q("a\nb\u{1}"), "'a\\nb\\x01'");
        assert_eq!(quote_string(&[0xd800]), "'\\ud800'");
        assert!(
            is_identifier_like("_a1") && !is_identifier_like("1a") && !is_identifier_like("a-b")
        );
        assert_eq!(width("\x1b[33m12\x1b[39m"), 2);
    }
}
