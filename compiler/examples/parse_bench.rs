//! Parser (and parser + compiler) throughput on the npm corpus, in the same format and with the
//! same method as bench/parser/acorn.mjs: per package, all its files parsed in their goal, `W`
//! warm-up passes, then the median of `N` timed passes; MB = 10^6 bytes of UTF-8 source. Each
//! rate is given per second of wall time and per second of the process's CPU time (the machine
//! this was written on is shared, so the CPU-time rate is the steadier one).
//!
//! `cargo run --release -p amber-compiler --example parse_bench -- [--runs N] [--warmup W]
//!  [--no-compile] [--check]`
//!
//! `--check` only parses every file once and lists the ones that fail (exit status 1 if any).

use std::hint::black_box;
use std::time::Instant;

#[path = "../../bench/parser/corpus.rs"]
mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |flag: &str, default: usize| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(default)
    };
    let runs = number("--runs", 5).max(1);
    let warmup = number("--warmup", 2);
    let with_compile = !args.iter().any(|a| a == "--no-compile");
    let packages = match corpus::load() {
        Ok(packages) => packages,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };

    let mut failures = 0;
    for package in &packages {
        for file in &package.files {
            if let Err(e) = parse(file) {
                failures += 1;
                let name = format!("{}/{}", package.spec, file.path);
                println!("FAIL {}", e.render(&name, &file.source));
            }
        }
    }
    let files: usize = packages.iter().map(|p| p.files.len()).sum();
    if args.iter().any(|a| a == "--check") || failures > 0 {
        println!("{} passed, {failures} failed", files - failures);
        std::process::exit(i32::from(failures > 0));
    }

    println!("amber parser; median of {runs} runs after {warmup} warm-up runs; MB = 10^6 bytes");
    println!("(wall: MB per elapsed second; cpu: MB per second of the process's CPU time)");
    print!(
        "{:<24} {:>5} {:>8} {:>17}",
        "package", "files", "MB", "parse wall/cpu"
    );
    if with_compile {
        print!(" {:>17}", "+compile wall/cpu");
    }
    println!();
    let (mut total_bytes, mut total_compile_bytes) = (0u64, 0u64);
    let zero = Time {
        wall: 0.0,
        cpu: Some(0.0),
    };
    let (mut total_parse, mut total_compile) = (zero, zero);
    for package in &packages {
        let bytes = package.bytes();
        let parse_time = median_time(runs, warmup, || {
            for file in &package.files {
                let _ = black_box(parse(black_box(file)));
            }
        });
        total_bytes += bytes;
        total_parse.add(parse_time);
        let mb = bytes as f64 / 1e6;
        print!(
            "{:<24} {:>5} {:>8.2} {:>17}",
            package.spec,
            package.files.len(),
            mb,
            parse_time.rates(mb)
        );
        if with_compile {
            // Files the compiler rejects are left out of this column (marked `*`).
            let compiled: Vec<&corpus::File> = package
                .files
                .iter()
                .filter(|f| compile(f).is_ok())
                .collect();
            let compiled_bytes: u64 = compiled.iter().map(|f| f.source.len() as u64).sum();
            let compile_time = median_time(runs, warmup, || {
                for file in &compiled {
                    let _ = black_box(compile(black_box(file)));
                }
            });
            total_compile_bytes += compiled_bytes;
            total_compile.add(compile_time);
            let mark = if compiled.len() < package.files.len() {
                "*"
            } else {
                ""
            };
            print!(
                " {:>17}{mark}",
                compile_time.rates(compiled_bytes as f64 / 1e6)
            );
        }
        println!();
    }
    let mb = total_bytes as f64 / 1e6;
    print!(
        "{:<24} {:>5} {:>8.2} {:>17}",
        "total",
        files,
        mb,
        total_parse.rates(mb)
    );
    if with_compile {
        print!(
            " {:>17}",
            total_compile.rates(total_compile_bytes as f64 / 1e6)
        );
    }
    println!();
    if with_compile {
        for package in &packages {
            for file in &package.files {
                if let Err(e) = compile(file) {
                    println!(
                        "* {}/{} does not compile: {} (at byte {})",
                        package.spec, file.path, e.message, e.span.start
                    );
                }
            }
        }
    }
}

/// Seconds of wall time and of CPU time.
#[derive(Clone, Copy)]
struct Time {
    wall: f64,
    cpu: Option<f64>,
}

impl Time {
    fn add(&mut self, other: Time) {
        self.wall += other.wall;
        self.cpu = self.cpu.zip(other.cpu).map(|(a, b)| a + b);
    }

    /// "wall/cpu" MB/s for `mb` megabytes.
    fn rates(self, mb: f64) -> String {
        match self.cpu {
            Some(cpu) => format!("{:.1}/{:.1}", mb / self.wall, mb / cpu),
            None => format!("{:.1}/-", mb / self.wall),
        }
    }
}

/// CPU time this thread has run, in seconds: the first field of /proc/thread-self/schedstat
/// (nanoseconds; Linux only). The benchmark is single-threaded.
fn cpu_time() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// The median wall time and the median CPU time of `runs` calls of `f`, after `warmup` untimed
/// calls.
fn median_time(runs: usize, warmup: usize, mut f: impl FnMut()) -> Time {
    for _ in 0..warmup {
        f();
    }
    let mut walls = Vec::with_capacity(runs);
    let mut cpus = Vec::with_capacity(runs);
    for _ in 0..runs {
        let (start, start_cpu) = (Instant::now(), cpu_time());
        f();
        walls.push(start.elapsed().as_secs_f64());
        cpus.push(cpu_time().zip(start_cpu).map(|(end, start)| end - start));
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let cpu: Option<Vec<f64>> = cpus.into_iter().collect();
    Time {
        wall: median(walls),
        cpu: cpu.map(median),
    }
}

fn parse(file: &corpus::File) -> Result<(), amber_parser::SyntaxError> {
    if file.module {
        amber_parser::parse_module(&file.source).map(drop)
    } else {
        amber_parser::parse_script(&file.source, &amber_parser::ParseOptions::default()).map(drop)
    }
}

fn compile(file: &corpus::File) -> Result<(), amber_compiler::CompileError> {
    if file.module {
        amber_compiler::compile_module_source(&file.source, &file.path).map(drop)
    } else {
        let options = amber_parser::ParseOptions::default();
        amber_compiler::compile_source(&file.source, &file.path, &options).map(drop)
    }
}
