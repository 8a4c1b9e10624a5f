//! `amber`: run scripts, evaluate code, check syntax, disassemble, and build or start from heap
//! images. The command line follows node's conventions where they overlap.
//!
//! `amber` defines the C `main` itself (`no_main`): see [`main`] for what that saves and what
//! it keeps of Rust's start-up.
// (Not in the unit-test build, whose `main` is the test harness's.)
#![cfg_attr(not(test), no_main)]
// The unit tests call a few functions; the rest is reached only from `main`.
#![cfg_attr(test, allow(dead_code, unused_imports))]

mod image_tool;
mod mapped;
mod repl;

use amber_vm::{ScriptError, Vm, VmOptions};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::time::{Duration, Instant};

/// mimalloc instead of the system allocator (see `amber_heap::malloc`). Not in this file's unit
/// tests, whose harness threads would start mimalloc (it must start on a thread that outlives
/// the others: `amber_heap::malloc::ensure_mimalloc_started`).
#[cfg(not(test))]
#[global_allocator]
static GLOBAL: amber_heap::malloc::Allocator = amber_heap::malloc::Allocator;

/// The command line, parsed by clap.
#[derive(Parser, Debug, Default)]
#[command(
    name = "amber",
    version,
    about = "Amber, a JavaScript engine: run a script, evaluate code, or start a REPL",
    after_help = "With no FILE and no -e/-p, amber starts a REPL.",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Sub>,
    /// Evaluate CODE as a script
    #[arg(short = 'e', long = "eval", value_name = "CODE", conflicts_with_all = ["print", "file"])]
    eval: Option<String>,
    /// Evaluate CODE and print its completion value
    #[arg(
        short = 'p',
        long = "print",
        value_name = "CODE",
        conflicts_with = "file"
    )]
    print: Option<String>,
    /// Treat FILE as a module (also implied by .mjs)
    #[arg(long)]
    module: bool,
    /// Run ENTRY.js (and its promise jobs), then write the heap to --snapshot-blob
    #[arg(long, value_name = "ENTRY.js", requires = "snapshot_blob")]
    build_snapshot: Option<String>,
    /// The heap image to write (with --build-snapshot) or to start from
    #[arg(long, value_name = "FILE")]
    snapshot_blob: Option<String>,
    /// Collect (and move every object) at every safepoint
    #[arg(long)]
    gc_stress: bool,
    /// Stop with an error when the heap grows past SIZE (bytes, or with a unit: 500k, 64M, 1G)
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_heap: Option<usize>,
    /// Stop the script with an error after MS milliseconds
    #[arg(long, value_name = "MS")]
    timeout: Option<u64>,
    /// Call lockdown() before running anything (hardened JavaScript, as XS's `xst -l`)
    #[arg(long)]
    lockdown: bool,
    /// Print a line per garbage collection to stderr (live bytes before/after, entries, moved, time)
    #[arg(long)]
    trace_gc: bool,
    /// Print every executed instruction to stderr (function@pc, instruction, accumulator)
    #[arg(long)]
    trace: bool,
    /// The script to run (FILE.mjs: as a module)
    #[arg(value_name = "FILE")]
    file: Option<String>,
    /// Arguments after FILE belong to the script
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    args: Vec<String>,
}

#[derive(Subcommand, Debug)]
enum Sub {
    /// Parse only (with early errors); show each SyntaxError with a caret; exit 1 if any
    Check {
        /// Parse the files as modules (also implied by .mjs)
        #[arg(long)]
        module: bool,
        #[arg(value_name = "FILE", required = true)]
        files: Vec<String>,
    },
    /// Print the bytecode of a script and every nested function
    Disasm {
        #[arg(value_name = "FILE.js")]
        file: String,
    },
    /// Look inside a heap image
    #[command(subcommand)]
    Image(ImageCmd),
}

#[derive(Subcommand, Debug)]
enum ImageCmd {
    /// The header, the section table (with each section's checksum), entries and bytes per
    /// kind, and, when this build can load it, its realms, compartments and lockdown state
    Info {
        #[arg(value_name = "APP.img")]
        file: String,
    },
    /// Every object, one line each with its stable id, kind, prototype and own properties
    /// (functions with their source location): text that diffs well
    Dump {
        #[arg(value_name = "APP.img")]
        file: String,
    },
    /// The objects added, removed and changed between two images, by stable id (exit 1 if any)
    Diff {
        #[arg(value_name = "A.img")]
        a: String,
        #[arg(value_name = "B.img")]
        b: String,
    },
}

/// A size in bytes: plain digits, or digits with a binary unit (`k`, `M`, `G`; an optional
/// trailing `B` or `iB`), so `64M` is 64 × 2²⁰ bytes.
fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let n: usize = number
        .parse()
        .map_err(|_| format!("not a size: {text:?} (use bytes, or 500k, 64M, 1G)"))?;
    let unit = unit.trim_end_matches("iB").trim_end_matches(['B', 'b']);
    let shift = match unit {
        "" => 0,
        "k" | "K" => 10,
        "m" | "M" => 20,
        "g" | "G" => 30,
        _ => return Err(format!("unknown size unit in {text:?} (use k, M or G)")),
    };
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("size too large: {text}"))
}

/// A process exit status. (`std::process::ExitCode` cannot be read back as a number, which
/// [`main`] needs for `_exit`.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExitCode(u8);

impl ExitCode {
    /// Status 0.
    pub const SUCCESS: ExitCode = ExitCode(0);
}

impl From<u8> for ExitCode {
    fn from(code: u8) -> Self {
        ExitCode(code)
    }
}

/// The process entry point, called by the C runtime.
///
/// Rust's own start-up (`std::rt`) is skipped: on Linux it reads and parses
/// `/proc/self/maps` to find the main thread's stack guard and installs a stack-overflow
/// handler, about 140,000 instructions (6%) of a hello-world run; and its exit runs every
/// `atexit` handler, where mimalloc returns its free memory to the operating system page by
/// page. What `amber` keeps of it: the standard streams are made valid (below), arguments come
/// from `std::env::args` (the standard library records them on its own before `main`), and
/// stdout is flushed before the process ends. What changes: a write to a closed pipe ends the
/// process with SIGPIPE, as for C tools, instead of failing the write, and a native stack
/// overflow is a plain segmentation fault (the VM bounds its own recursion long before).
// SAFETY: with `no_main` the standard library emits no `main`, so this is the one symbol of
// that name, and its signature is the one the C runtime calls (`cli/tests/cli.rs`
// `process_start_and_exit` runs the binary through it).
#[cfg(not(test))]
#[unsafe(no_mangle)]
extern "C" fn main(
    _argc: std::ffi::c_int,
    _argv: *const *const std::ffi::c_char,
) -> std::ffi::c_int {
    open_standard_streams();
    // The interpreter does not recurse per JavaScript call, but native code calling back into
    // JavaScript does: give it a generous stack.
    let status = on_large_stack(real_main).unwrap_or(ExitCode(70));
    // stderr is unbuffered; stdout is the only stream with output waiting.
    let _ = std::io::stdout().flush();
    // SAFETY: `_exit` has no preconditions. It ends the process without running `atexit`
    // handlers or destructors: the only buffered output (stdout) was flushed above, files
    // amber writes are closed when written, and the heap goes back to the system with the
    // process.
    unsafe { libc::_exit(std::ffi::c_int::from(status.0)) }
}

/// The native stack `amber` runs JavaScript on.
const STACK_SIZE: usize = 512 << 20;

/// Runs `f` on the main thread but on a stack of [`STACK_SIZE`] bytes mapped for it (with a
/// guard page below), and tells the VM where that stack ends. Starting a thread with that
/// stack instead, as before, cost a hello-world process about 0.2 ms and 15 page faults (the
/// new thread's set-up, and on a busy machine waiting for it to be scheduled). `None` if `f`
/// panicked (the panic message is already printed) or the stack could not be mapped.
fn on_large_stack(f: fn() -> ExitCode) -> Option<ExitCode> {
    let page = 4096;
    // SAFETY: an anonymous private mapping at an address of the kernel's choice; the result
    // is checked. MAP_NORESERVE: only the pages the program touches are ever committed.
    let base = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            STACK_SIZE,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_STACK,
            -1,
            0,
        )
    };
    if base == libc::MAP_FAILED {
        eprintln!("amber: cannot map a {} MiB stack", STACK_SIZE >> 20);
        return None;
    }
    // SAFETY: the first page of the mapping just made; making it inaccessible turns a stack
    // overflow into a fault instead of a write below the mapping.
    if unsafe { libc::mprotect(base, page, libc::PROT_NONE) } != 0 {
        eprintln!("amber: cannot protect the stack's guard page");
        return None;
    }
    let lowest = base as usize + page;
    amber_vm::set_native_stack_limit(lowest);
    // SAFETY: `base` is page-aligned (more than any target's stack alignment), `STACK_SIZE` a
    // multiple of the page size and far below isize::MAX, the memory is ours for the rest of
    // the process (never unmapped: the process ends with `_exit` after this returns), and the
    // callback cannot unwind: `catch_unwind` stops any panic inside it.
    let result = unsafe {
        psm::on_stack(base.cast::<u8>(), STACK_SIZE, || {
            std::panic::catch_unwind(f).ok()
        })
    };
    amber_vm::set_native_stack_limit(0);
    result
}

/// Makes file descriptors 0, 1 and 2 valid, as Rust's start-up does: a closed one is opened on
/// `/dev/null`, so a file amber opens later can never take its place (an image being written
/// must not receive `print` output).
fn open_standard_streams() {
    for fd in 0..3 {
        // SAFETY: `F_GETFD` only reads the descriptor's flags; an invalid `fd` is an error
        // return, not undefined behaviour.
        if unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1 {
            // The lowest free descriptor, which is `fd`: the ones below it are open.
            if let Ok(null) = std::fs::File::options()
                .read(true)
                .write(true)
                .open("/dev/null")
            {
                std::mem::forget(null);
            }
        }
    }
}

/// The command line. `amber FILE`, the common case, is read without clap: building clap's
/// parser and matching with it was about 150,000 instructions, 8% of a hello-world process.
/// Everything else (options, subcommands, `--help`, errors) goes through clap.
fn parse_arguments() -> Cli {
    parse_just_a_file(std::env::args_os().skip(1)).unwrap_or_else(Cli::parse)
}

/// The command line if it is one argument that clap would take as FILE: not an option, not a
/// subcommand.
fn parse_just_a_file(mut args: impl Iterator<Item = std::ffi::OsString>) -> Option<Cli> {
    let (Some(only), None) = (args.next(), args.next()) else {
        return None;
    };
    let file = only.into_string().ok()?;
    let subcommand = file == "help" || <Sub as Subcommand>::has_subcommand(&file);
    (!file.is_empty() && !file.starts_with('-') && !subcommand).then(|| Cli {
        file: Some(file),
        ..Cli::default()
    })
}

fn real_main() -> ExitCode {
    let cmd = parse_arguments();
    match &cmd.command {
        Some(Sub::Check { module, files }) => return check(*module, files),
        Some(Sub::Disasm { file }) => return disasm(file),
        Some(Sub::Image(ImageCmd::Info { file })) => return image_info(file),
        Some(Sub::Image(ImageCmd::Dump { file })) => {
            return match load_image(file) {
                Ok(vm) => {
                    print!("{}", image_tool::dump(&vm));
                    ExitCode::SUCCESS
                }
                Err(code) => code,
            }
        }
        Some(Sub::Image(ImageCmd::Diff { a, b })) => {
            return match (load_image(a), load_image(b)) {
                (Ok(a), Ok(b)) => {
                    let (text, changes) = image_tool::diff(&a, &b);
                    print!("{text}");
                    ExitCode::from(u8::from(changes > 0))
                }
                (Err(code), _) | (_, Err(code)) => code,
            }
        }
        None => {}
    }
    let options = VmOptions {
        gc_stress: cmd.gc_stress,
        max_heap: cmd.max_heap,
        trace_gc: cmd.trace_gc,
        trace: cmd.trace,
        // ShadowRealm, lockdown/harden and Compartment are on in every mode.
        extensions: amber_realms::extensions(),
        // Building an image: a synthetic clock and a seeded Math.random, so the same entry
        // script gives the same bytes (heap/IMAGES.md, "Determinism").
        predictable: cmd.build_snapshot.is_some(),
        ..VmOptions::default()
    };
    let mut vm = match (&cmd.build_snapshot, &cmd.snapshot_blob) {
        (None, Some(blob)) => match mapped::read(blob) {
            Err(e) => return fail(&format!("cannot read {blob}: {e}")),
            Ok(bytes) => match Vm::from_image(&bytes, options.clone()) {
                Ok(vm) => vm,
                Err(e) => return fail(&format!("{blob}: {e}")),
            },
        },
        _ => {
            let mut vm = Vm::new(options);
            // The host's realm-snapshot functions (an image already holds them).
            let realm = vm.main_realm();
            amber_realms::snapshot::install_host_functions(&mut vm, realm);
            vm
        }
    };
    if let Some(ms) = cmd.timeout {
        vm.set_deadline(Some(Instant::now() + Duration::from_millis(ms)));
    }
    if cmd.lockdown {
        let realm = vm.main_realm();
        if let Err(e) = vm.eval_script(realm, "lockdown()", "[lockdown]") {
            return fail(&format!("--lockdown: {e}"));
        }
    }
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
    if let Some(code) = cmd.eval.as_ref().or(cmd.print.as_ref()) {
        let realm = vm.main_realm();
        let result = if cmd.print.is_some() {
            vm.eval_script(realm, code, "[eval]")
        } else {
            vm.exec_script(realm, code, "[eval]").map(|_| String::new())
        }
        .and_then(|v| vm.run_jobs().map(|_| v));
        let status = match result {
            Ok(v) => {
                if cmd.print.is_some() {
                    println!("{v}");
                }
                ExitCode::SUCCESS
            }
            Err(e) => report(&vm, &e, "[eval]", code),
        };
        return exit_with(vm, status);
    }
    if let Some(file) = &cmd.file {
        let status = match run_file(&mut vm, file, cmd.module) {
            Ok(()) => ExitCode::SUCCESS,
            Err(code) => code,
        };
        return exit_with(vm, status);
    }
    repl::run(vm)
}

/// Ends a run: the process exits right after, and the operating system takes the whole heap
/// back at once, so the VM is not dropped object by object (that was 10% of the instructions
/// of a start from an image, and a tenth of a millisecond of a hello world).
fn exit_with(vm: Vm, status: ExitCode) -> ExitCode {
    std::mem::forget(vm);
    status
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
        vm.exec_script(realm, &source, file)
    };
    result
        .and_then(|_| vm.run_jobs())
        .map_err(|e| report(vm, &e, file, &source))
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

/// Prints why a script stopped (a SyntaxError with the source line and a caret, an uncaught
/// exception with where it was thrown, or a resource limit) and returns exit status 1.
fn report(vm: &Vm, e: &ScriptError, file: &str, source: &str) -> ExitCode {
    match e {
        ScriptError::Syntax {
            message,
            line,
            column,
        } => {
            let err =
                amber_parser::SyntaxError::new(message.clone(), offset_of(source, *line, *column));
            eprintln!("{}", err.render(file, source));
        }
        ScriptError::Uncaught { .. } => {
            // As node: where it was thrown (with the source line and a caret), then the
            // error's stack (or the thrown value, inspected).
            if let Some(at) = vm.throw_location() {
                eprint!("{}", throw_site(&at, file, source));
            }
            match &vm.call_sites.uncaught {
                Some(text) => eprintln!("Uncaught {text}"),
                None => eprintln!("Uncaught {e}"),
            }
        }
        ScriptError::Interrupted => eprintln!("amber: the script ran past its --timeout"),
        other => eprintln!("amber: {other}"),
    }
    ExitCode::from(1)
}

/// `file:line`, the source line and a caret under the column, and a blank line, for a
/// `file:line:col` location; the source is `source` when the location is in `file`, else read
/// from disk (an imported module). Empty when the line cannot be found.
fn throw_site(at: &str, file: &str, source: &str) -> String {
    let mut parts = at.rsplitn(3, ':');
    let (Some(col), Some(line), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
        return String::new();
    };
    let (Ok(line), Ok(col)) = (line.parse::<usize>(), col.parse::<usize>()) else {
        return String::new();
    };
    let text = if path == file {
        source.to_string()
    } else {
        match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(_) => return String::new(),
        }
    };
    let Some(source_line) = text.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    let pad: String = source_line
        .chars()
        .take(col.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!("{path}:{line}\n{source_line}\n{pad}^\n\n")
}

/// `amber check [--module] FILE...`: parse with early errors only.
fn check(module: bool, files: &[String]) -> ExitCode {
    let mut failed = false;
    for file in files {
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
/// A VM started from the image in `file` (for `amber image dump/diff`), or the exit code of
/// a clear error.
fn load_image(file: &str) -> Result<Vm, ExitCode> {
    let bytes = std::fs::read(file).map_err(|e| fail(&format!("cannot read {file}: {e}")))?;
    let options = VmOptions {
        extensions: amber_realms::extensions(),
        ..VmOptions::default()
    };
    Vm::from_image(&bytes, options).map_err(|e| fail(&format!("{file}: {e}")))
}

/// `amber image info FILE`: reads the header and section table without loading the image,
/// then loads it (if this build can) to describe its realms.
fn image_info(file: &str) -> ExitCode {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return fail(&format!("cannot read {file}: {e}")),
    };
    let info = match amber_heap::image::info(&bytes) {
        Ok(i) => i,
        Err(e) => return fail(&format!("{file}: {e}")),
    };
    let options = VmOptions {
        extensions: amber_realms::extensions(),
        ..VmOptions::default()
    };
    let loaded = Vm::from_image(&bytes, options);
    println!(
        "{file}: Amber heap image, format {}, {} bytes",
        info.version,
        bytes.len()
    );
    let same = loaded.as_ref().map(|vm| vm.engine_id() == info.engine_id);
    println!(
        "engine id {:016x}{}",
        info.engine_id,
        match &loaded {
            Ok(_) if same == Ok(true) => " (this amber)",
            _ => "",
        }
    );
    println!(
        "file checksum: {}",
        if info.intact { "ok" } else { "MISMATCH" }
    );
    println!("\nsection     offset      bytes  checksum");
    for s in &info.sections {
        println!(
            "{:<7} {:>10} {:>10}  {}",
            s.tag,
            s.offset,
            s.length,
            if s.intact { "ok" } else { "MISMATCH" }
        );
    }
    println!("\nkind        entries      bytes");
    for (kind, count, bytes) in &info.kinds {
        println!("{:<9} {:>9} {:>10}", kind.name(), count, bytes);
    }
    match loaded {
        Ok(vm) => {
            let realms = &vm.heap.arenas.realms;
            let records = |f: &dyn Fn(&amber_heap::Realm) -> bool| {
                realms
                    .iter()
                    .filter(|r| !r.intrinsics.is_empty() && f(r))
                    .count()
            };
            let locked = (0..realms.len())
                .filter(|&i| {
                    let h = amber_heap::Handle::from_raw(amber_heap::RawHandle::new(
                        i as u32,
                        vm.heap.epoch(),
                    ));
                    realms[i].parent.is_none()
                        && !realms[i].intrinsics.is_empty()
                        && amber_realms::lockdown::is_locked_down(&vm, h)
                })
                .count();
            println!(
                "\nrealms: {} ({} locked down, {} in a RealmBuilder's builder phase); compartments: {}; host realms: {}",
                records(&|r| r.parent.is_none()),
                locked,
                records(&|r| r.builder && r.parent.is_none()),
                records(&|r| r.parent.is_some()),
                vm.agent.realms.len(),
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("\nnot loadable by this amber: {e}");
            ExitCode::from(1)
        }
    }
}

fn disasm(file: &str) -> ExitCode {
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

#[cfg(test)]
mod tests {
    use super::{parse_just_a_file, parse_size, Cli};
    use clap::Parser;

    /// The fast path reads exactly what clap would, and leaves everything else to clap.
    #[test]
    fn just_a_file_is_what_clap_reads() {
        let fast = |args: &[&str]| parse_just_a_file(args.iter().map(|a| a.into()));
        for file in [
            "hello.js",
            "dir/x.mjs",
            "./-odd.js",
            "checker.js",
            "image.js",
            "x",
        ] {
            let clap = Cli::try_parse_from(["amber", file]).unwrap();
            let fast = fast(&[file]).expect("a plain file takes the fast path");
            assert_eq!(format!("{fast:?}"), format!("{clap:?}"));
        }
        for args in [
            &["check"][..],
            &["disasm"],
            &["image"],
            &["help"],
            &["-e"],
            &["--help"],
            &["-"],
            &[""],
            &["x.js", "arg"],
            &[],
        ] {
            assert!(fast(args).is_none(), "{args:?} goes to clap");
        }
    }

    #[test]
    fn sizes_with_units() {
        assert_eq!(parse_size("1234"), Ok(1234));
        assert_eq!(parse_size("500k"), Ok(500 << 10));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("64MB"), Ok(64 << 20));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert!(parse_size("").is_err());
        assert!(parse_size("M").is_err());
        assert!(parse_size("3T").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }
}
