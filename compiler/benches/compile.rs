//! Parse + compile-to-bytecode throughput on the npm corpus (bench/parser/corpus.txt): one
//! benchmark per package, each iteration parsing and compiling all of the package's files in
//! their goal (Script or Module). `cargo bench -p amber-compiler --bench compile`; criterion
//! reports MB/s. Without the corpus (fetched by bench/parser/fetch-corpus.sh) it prints how to
//! fetch it and exits. The parse-only group is in parser/benches/parse.rs.

use criterion::{Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::time::Duration;

#[path = "../../bench/parser/corpus.rs"]
mod corpus;

fn main() {
    let packages = match corpus::load() {
        Ok(packages) => packages,
        Err(message) => {
            eprintln!("skipping the compiler benchmark: {message}");
            return;
        }
    };
    // Files the compiler rejects (a feature not compiled yet) are reported and left out, so the
    // numbers cover the same bytes in every run.
    let mut packages = packages;
    for package in &mut packages {
        package.files.retain(|file| match compile(file) {
            Ok(()) => true,
            Err(e) => {
                eprintln!(
                    "{}/{}: not compiled: {} (at byte {})",
                    package.spec, file.path, e.message, e.span.start
                );
                false
            }
        });
    }
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let mut group = criterion.benchmark_group("parse+compile");
    group.sampling_mode(SamplingMode::Flat);
    for package in &packages {
        group.throughput(Throughput::BytesDecimal(package.bytes()));
        group.bench_function(&package.spec, |b| {
            b.iter(|| {
                for file in &package.files {
                    let _ = black_box(compile(black_box(file)));
                }
            })
        });
    }
    group.finish();
    criterion.final_summary();
}

/// Parses and compiles a corpus file in its goal; only success matters here.
fn compile(file: &corpus::File) -> Result<(), amber_compiler::CompileError> {
    if file.module {
        amber_compiler::compile_module_source(&file.source, &file.path).map(drop)
    } else {
        let options = amber_parser::ParseOptions::default();
        amber_compiler::compile_source(&file.source, &file.path, &options).map(drop)
    }
}
