//! The REPL, on rustyline: line editing, history in `~/.amber_history`, continuation lines
//! while the input is incomplete (an open brace, call, template or comment), `_` for the last
//! value, `.help` / `.load FILE` / `.exit`, results shown with the inspector (in colour on a
//! terminal unless `NO_COLOR` is set), and Tab completion of globals and of properties after
//! `.` (read from the heap: completing never runs user code).

use crate::ExitCode;
use std::cell::RefCell;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::rc::Rc;

use amber_heap::{Handle, Object, PropertyKey, Value};
use amber_vm::inspect::{inspect, InspectOptions};
use amber_vm::{Intrinsic, ScriptError, Vm};
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

const HELP: &str = "\
.help       show this help
.load FILE  run FILE in this session
.exit       leave (as do Ctrl-D and Ctrl-C twice)
Input continues on the next line while it is incomplete (an open brace, bracket, call,
template or comment). `_` holds the last result. Tab completes globals and properties.";

/// Runs the REPL on `vm` until `.exit`, Ctrl-D or a second Ctrl-C.
pub fn run(vm: Vm) -> ExitCode {
    let vm = Rc::new(RefCell::new(vm));
    let terminal = std::io::stdin().is_terminal();
    let colors = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut editor: Editor<Completion, DefaultHistory> = match Editor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("amber: cannot start the REPL: {e}");
            return ExitCode::from(1);
        }
    };
    editor.set_helper(Some(Completion { vm: vm.clone() }));
    // Ctrl-C while a script runs stops the script (at its next safepoint), not the REPL.
    // While a line is being edited, rustyline reads Ctrl-C as a key instead.
    let stop = vm.borrow().interrupt_handle();
    let _ = ctrlc::set_handler(move || stop.store(true, std::sync::atomic::Ordering::Relaxed));
    let history = history_file();
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    println!(
        "Amber {} — type JavaScript, .help for help, Ctrl-D to exit",
        env!("CARGO_PKG_VERSION")
    );
    let mut buffer = String::new();
    let mut interrupted = false;
    loop {
        let prompt = if buffer.is_empty() { "> " } else { "... " };
        let line = match editor.readline(prompt) {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => {
                // Ctrl-C drops the input so far; a second one in a row exits.
                if !buffer.is_empty() {
                    buffer.clear();
                    continue;
                }
                if interrupted {
                    break;
                }
                println!("(To exit, press Ctrl+C again or Ctrl+D or type .exit)");
                interrupted = true;
                continue;
            }
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("amber: {e}");
                break;
            }
        };
        interrupted = false;
        if buffer.is_empty() {
            let command = line.trim();
            if command.starts_with('.') && !command.starts_with("..") {
                let _ = editor.add_history_entry(command);
                match command.split_once(' ').unwrap_or((command, "")) {
                    (".exit", _) => break,
                    (".help", _) => println!("{HELP}"),
                    (".load", file) => {
                        let file = file.trim();
                        match std::fs::read_to_string(file) {
                            Ok(source) => evaluate(&mut vm.borrow_mut(), &source, file, colors),
                            Err(e) => eprintln!("amber: cannot read {file}: {e}"),
                        }
                    }
                    (other, _) => println!("Invalid REPL keyword {other}; .help lists them"),
                }
                continue;
            }
            if command.is_empty() {
                continue;
            }
        }
        if !buffer.is_empty() {
            buffer.push('\n');
        }
        buffer.push_str(&line);
        if is_incomplete(&buffer) {
            continue;
        }
        let source = std::mem::take(&mut buffer);
        let _ = editor.add_history_entry(source.as_str());
        evaluate(&mut vm.borrow_mut(), &source, "[repl]", colors);
    }
    if let (Some(path), true) = (&history, terminal) {
        let _ = editor.save_history(path);
    }
    ExitCode::SUCCESS
}

fn history_file() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".amber_history"))
}

/// Whether `source` only failed to parse because it ended too early (so more lines follow).
pub fn is_incomplete(source: &str) -> bool {
    match amber_parser::parse_script(source, &Default::default()) {
        Ok(_) => false,
        Err(e) => matches!(
            e.message.as_str(),
            "unexpected end of input" | "unterminated template literal" | "unterminated comment"
        ),
    }
}

/// Runs `source` as a script, then its promise jobs, and prints the result (or the error); the
/// result becomes `_`.
fn evaluate(vm: &mut Vm, source: &str, file: &str, colors: bool) {
    let script = match Vm::compile_script(source, file, false) {
        Ok(s) => s,
        Err(ScriptError::Syntax {
            message,
            line,
            column,
        }) => {
            let span = crate::offset_of(source, line, column);
            let err = amber_parser::SyntaxError::new(message, span);
            println!("{}", err.render(file, source));
            return;
        }
        Err(e) => {
            println!("{e}");
            return;
        }
    };
    let realm = vm.main_realm();
    let result = match vm.run_script_value(realm, &script) {
        Ok(v) => {
            let slot = vm.root(v);
            let jobs = vm.run_jobs();
            let v = vm.rooted(slot);
            vm.unroot(slot);
            jobs.map(|_| v)
        }
        Err(_) => Err(vm.script_error()),
    };
    match result {
        Ok(v) => {
            set_last_value(vm, v);
            let options = InspectOptions {
                depth: Some(2),
                colors,
            };
            println!("{}", inspect(vm, v, options));
        }
        Err(ScriptError::Uncaught { .. }) => match vm.call_sites.uncaught.take() {
            Some(text) => println!("Uncaught {text}"),
            None => println!("Uncaught exception"),
        },
        Err(ScriptError::Interrupted) => println!("Script execution was interrupted"),
        Err(e) => println!("{e}"),
    }
    // A Ctrl-C that arrived after the script ended must not stop the next one.
    vm.interrupt_handle()
        .store(false, std::sync::atomic::Ordering::Relaxed);
}

/// `_ = v` on the global object.
fn set_last_value(vm: &mut Vm, v: Value) {
    let realm = vm.realm_handle(vm.main_realm());
    let global = vm.heap.get(realm).global_object;
    let key = vm.key("_");
    let _ = amber_vm::ops::set(vm, global, key, v, false);
}

/// The rustyline helper: Tab completion from the VM's heap.
struct Completion {
    vm: Rc<RefCell<Vm>>,
}

impl Completer for Completion {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let Ok(mut vm) = self.vm.try_borrow_mut() else {
            return Ok((pos, Vec::new()));
        };
        let before = &line[..pos];
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphanumeric() || c == '_' || c == '$' || c == '.')
            .last()
            .map_or(pos, |(i, _)| i);
        let chain = &before[start..];
        let mut parts: Vec<&str> = chain.split('.').collect();
        let prefix = parts.pop().unwrap_or("");
        let names = completions(&mut vm, &parts);
        let mut candidates: Vec<Pair> = names
            .into_iter()
            .filter(|n| n.starts_with(prefix))
            .map(|n| Pair {
                display: n.clone(),
                replacement: n,
            })
            .collect();
        candidates.sort_by(|a, b| a.display.cmp(&b.display));
        candidates.dedup_by(|a, b| a.display == b.display);
        Ok((pos - prefix.len(), candidates))
    }
}

impl Hinter for Completion {
    type Hint = String;
}
impl Highlighter for Completion {}
impl Validator for Completion {}
impl Helper for Completion {}

/// Property names for completion: globals (and top-level `let`/`const`) when `path` is empty,
/// else the properties of the value at `path` (data properties only, along prototypes).
pub fn completions(vm: &mut Vm, path: &[&str]) -> Vec<String> {
    let realm = vm.realm_handle(vm.main_realm());
    let global = vm.heap.get(realm).global_object;
    let lexicals = vm.heap.get(realm).global_lexicals;
    if path.is_empty() {
        let mut names = property_names(vm, lexicals);
        names.extend(property_names(vm, global));
        return names;
    }
    let mut value = None;
    for (i, name) in path.iter().enumerate() {
        if name.is_empty() {
            return Vec::new();
        }
        let holder = match (i, value) {
            (0, _) => {
                let key = vm.key(name);
                if vm.heap.get_property(lexicals, key).is_some() {
                    lexicals
                } else {
                    global
                }
            }
            (_, Some(Value::Object(o))) => o,
            (_, Some(v)) => match primitive_prototype(vm, v) {
                Some(p) => p,
                None => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        value = vm.peek_data(holder, name);
    }
    let object = match value {
        Some(Value::Object(o)) => o,
        Some(v) => match primitive_prototype(vm, v) {
            Some(p) => p,
            None => return Vec::new(),
        },
        None => return Vec::new(),
    };
    let mut names = Vec::new();
    let mut current = Some(object);
    let mut steps = 0;
    while let Some(o) = current {
        names.extend(property_names(vm, o));
        current = vm.heap.get(o).proto.get();
        steps += 1;
        if steps > 100 {
            break;
        }
    }
    names
}

fn primitive_prototype(vm: &Vm, v: Value) -> Option<Handle<Object>> {
    let which = match v {
        Value::String(_) => Intrinsic::StringPrototype,
        Value::Number(_) => Intrinsic::NumberPrototype,
        Value::Boolean(_) => Intrinsic::BooleanPrototype,
        _ => return None,
    };
    Some(vm.intrinsic(which))
}

/// The string-keyed own property names of `o`.
fn property_names(vm: &Vm, o: Handle<Object>) -> Vec<String> {
    vm.heap
        .properties(o)
        .iter()
        .filter_map(|p| match p.key {
            PropertyKey::String(s) => Some(vm.rust_string(s)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incomplete_input_is_detected_by_the_parser() {
        for src in [
            "{",
            "function f() {",
            "let x = `abc",
            "foo(1,",
            "/* c",
            "[1, 2",
        ] {
            assert!(is_incomplete(src), "{src}");
        }
        assert!(!is_incomplete("let x = ;"));
        assert!(!is_incomplete("'abc"));
        assert!(!is_incomplete("f()"));
    }

    #[test]
    fn completion_reads_globals_and_properties_without_running_code() {
        let mut vm = Vm::new(Default::default());
        let realm = vm.main_realm();
        vm.eval_script(
            realm,
            "let obj = { alpha: 1, get beta() { throw 1; }, inner: { deep: 2 } }; var s = 'x';",
            "t.js",
        )
        .unwrap();
        let globals = completions(&mut vm, &[]);
        assert!(globals.iter().any(|n| n == "obj") && globals.iter().any(|n| n == "Math"));
        let props = completions(&mut vm, &["obj"]);
        assert!(props.iter().any(|n| n == "alpha") && props.iter().any(|n| n == "beta"));
        assert!(props.iter().any(|n| n == "hasOwnProperty"), "inherited");
        assert_eq!(completions(&mut vm, &["obj", "inner"])[0], "deep");
        assert!(
            completions(&mut vm, &["obj", "beta"]).is_empty(),
            "getters are not run"
        );
        assert!(completions(&mut vm, &["s"])
            .iter()
            .any(|n| n == "toUpperCase"));
        assert!(completions(&mut vm, &["Math"]).iter().any(|n| n == "max"));
        assert!(completions(&mut vm, &["nope"]).is_empty());
    }
}
