//! `amber`: run scripts, evaluate code, check syntax, disassemble, and build or start from heap
//! images. The command line follows node's conventions where they overlap.

use amber_vm::{ScriptError, Vm, VmOptions};
use std::io::{BufRead, Write};
use std::process::ExitCode;

/// mimalloc instead of the system allocator: the heap's arenas and objects make many small,
/// short-lived allocations, where glibc's malloc spends its time consolidating free lists
/// (measured with `perf` on `bench/realms/`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage: amber [options] [FILE.js [args...]]
       amber -e CODE | -p CODE
       amber check [--module] FILE...
       amber disasm FILE.js

options:
  -e, --eval CODE             evaluate CODE
  -p, --print CODE            evaluate CODE and print its completion value
  --module                    treat FILE as a module (also implied by .mjs)
  --build-snapshot ENTRY.js   run ENTRY.js, then write the heap to --snapshot-blob
  --snapshot-blob FILE        the heap image to write (with --build-snapshot) or to start from
  --gc-stress                 collect (and move every object) at every safepoint
  --max-heap BYTES            stop with an error when the heap grows past BYTES
  -h, --help                  show this help
With no FILE and no -e/-p, amber starts a REPL.";

/// What the command line asked for.
#[derive(Default)]
struct Command {
    eval: Option<String>,
    print: bool,
    file: Option<String>,
    module: bool,
    build_snapshot: Option<String>,
    snapshot_blob: Option<String>,
    options: VmOptions,
    subcommand: Option<(String, Vec<String>)>,
}

fn parse_args(args: Vec<String>) -> Result<Command, String> {
    let mut cmd = Command::default();
    let mut it = args.into_iter();
    let mut first = true;
    while let Some(a) = it.next() {
        if first && (a == "check" || a == "disasm") {
            cmd.subcommand = Some((a, it.collect()));
            return Ok(cmd);
        }
        first = false;
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "-e" | "--eval" => cmd.eval = Some(value(&a)?),
            "-p" | "--print" => {
                cmd.eval = Some(value(&a)?);
                cmd.print = true;
            }
            "--module" => cmd.module = true,
            "--build-snapshot" => cmd.build_snapshot = Some(value(&a)?),
            "--snapshot-blob" => cmd.snapshot_blob = Some(value(&a)?),
            "--gc-stress" => cmd.options.gc_stress = true,
            "--max-heap" => {
                let v = value(&a)?;
                cmd.options.max_heap = Some(
                    v.parse()
                        .map_err(|_| format!("--max-heap: not a number: {v}"))?,
                );
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') && s.len() > 1 => return Err(format!("unknown option {s}")),
            _ => {
                cmd.file = Some(a);
                break; // The rest are the script's own arguments.
            }
        }
    }
    Ok(cmd)
}

fn main() -> ExitCode {
    // The interpreter does not recurse per JavaScript call, but native code calling back into
    // JavaScript does: give it a generous stack.
    let handle = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(real_main)
        .expect("failed to start the main thread");
    handle.join().unwrap_or(ExitCode::from(70))
}

fn real_main() -> ExitCode {
    let mut cmd = match parse_args(std::env::args().skip(1).collect()) {
        Ok(c) => c,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("amber: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Some((name, rest)) = &cmd.subcommand {
        return match name.as_str() {
            "check" => check(rest),
            _ => disasm(rest),
        };
    }
    // ShadowRealm and the other realm-level features are on in every mode.
    cmd.options.extensions = amber_realms::extensions();
    let mut vm = match (&cmd.build_snapshot, &cmd.snapshot_blob) {
        (None, Some(blob)) => match std::fs::read(blob) {
            Err(e) => return fail(&format!("cannot read {blob}: {e}")),
            Ok(bytes) => match Vm::from_image(&bytes, cmd.options.clone()) {
                Ok(vm) => vm,
                Err(e) => return fail(&format!("{blob}: {e}")),
            },
        },
        _ => Vm::new(cmd.options.clone()),
    };
    if let Some(entry) = &cmd.build_snapshot {
        let Some(blob) = &cmd.snapshot_blob else {
            return fail("--build-snapshot needs --snapshot-blob FILE");
        };
        if let Err(code) = run_file(&mut vm, entry, cmd.module) {
            return code;
        }
        return match vm.write_image() {
            Ok(bytes) => match std::fs::write(blob, bytes) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&format!("cannot write {blob}: {e}")),
            },
            Err(e) => fail(&e),
        };
    }
    if let Some(code) = &cmd.eval {
        let realm = vm.main_realm();
        let result = vm
            .eval_script(realm, code, "[eval]")
            .and_then(|v| vm.run_jobs().map(|_| v));
        return match result {
            Ok(v) => {
                if cmd.print {
                    println!("{v}");
                }
                ExitCode::SUCCESS
            }
            Err(e) => report(&vm, &e),
        };
    }
    if let Some(file) = &cmd.file {
        return match run_file(&mut vm, file, cmd.module) {
            Ok(()) => ExitCode::SUCCESS,
            Err(code) => code,
        };
    }
    repl(&mut vm)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("amber: {message}");
    ExitCode::from(1)
}

fn run_file(vm: &mut Vm, file: &str, module: bool) -> Result<(), ExitCode> {
    let source =
        std::fs::read_to_string(file).map_err(|e| fail(&format!("cannot read {file}: {e}")))?;
    let realm = vm.main_realm();
    let result = if module || file.ends_with(".mjs") {
        vm.eval_module(realm, &source, std::path::Path::new(file))
    } else {
        vm.eval_script(realm, &source, file).map(|_| ())
    };
    let result = result.and_then(|_| vm.run_jobs());
    match result {
        Ok(()) => Ok(()),
        Err(ScriptError::Syntax {
            message,
            line,
            column,
        }) => {
            let err = amber_parser::SyntaxError::new(message, offset_of(&source, line, column));
            eprintln!("{}", err.render(file, &source));
            Err(ExitCode::from(1))
        }
        Err(e) => Err(report(vm, &e)),
    }
}

/// The byte offset of a 1-based line and column.
fn offset_of(source: &str, line: usize, column: usize) -> amber_parser::ast::Span {
    let mut offset = 0;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col_bytes: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            offset += col_bytes;
            break;
        }
        offset += l.len();
    }
    amber_parser::ast::Span::new(offset, offset + 1)
}

fn report(vm: &Vm, e: &ScriptError) -> ExitCode {
    match e {
        ScriptError::Uncaught { .. } => {
            eprintln!("Uncaught {e}");
            if let Some(at) = vm.throw_location() {
                eprintln!("    at {at}");
            }
        }
        other => eprintln!("amber: {other}"),
    }
    ExitCode::from(1)
}

/// `amber check [--module] FILE...`: parse with early errors only.
fn check(args: &[String]) -> ExitCode {
    let module = args.iter().any(|a| a == "--module");
    let mut failed = false;
    for file in args.iter().filter(|a| *a != "--module") {
        let source = match std::fs::read_to_string(file) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("amber: cannot read {file}: {e}");
                failed = true;
                continue;
            }
        };
        let result = if module || file.ends_with(".mjs") {
            amber_parser::parse_module(&source).map(|_| ())
        } else {
            amber_parser::parse_script(&source, &Default::default()).map(|_| ())
        };
        if let Err(e) = result {
            eprintln!("{}", e.render(file, &source));
            failed = true;
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `amber disasm FILE.js`: the bytecode of the script and every nested function.
fn disasm(args: &[String]) -> ExitCode {
    let Some(file) = args.first() else {
        return fail("disasm needs a FILE");
    };
    let source = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => return fail(&format!("cannot read {file}: {e}")),
    };
    match amber_compiler::compile_source(&source, file, &Default::default()) {
        Ok(compiled) => {
            print!("{}", amber_compiler::disasm::disassemble(&compiled.code));
            ExitCode::SUCCESS
        }
        Err(e) => {
            let err = amber_parser::SyntaxError::new(e.message, e.span);
            eprintln!("{}", err.render(file, &source));
            ExitCode::from(1)
        }
    }
}

/// A line-at-a-time REPL: each line is a script; its completion value is printed.
fn repl(vm: &mut Vm) -> ExitCode {
    let stdin = std::io::stdin();
    let realm = vm.main_realm();
    println!(
        "Amber {} — type JavaScript, Ctrl-D to exit",
        env!("CARGO_PKG_VERSION")
    );
    loop {
        print!("> ");
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if line.trim().is_empty() {
            continue;
        }
        match vm
            .eval_script(realm, &line, "[repl]")
            .and_then(|v| vm.run_jobs().map(|_| v))
        {
            Ok(v) => println!("{v}"),
            Err(e @ ScriptError::Uncaught { .. }) => println!("Uncaught {e}"),
            Err(e) => println!("{e}"),
        }
    }
    ExitCode::SUCCESS
}
