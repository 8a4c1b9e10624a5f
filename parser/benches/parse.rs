//! Parser throughput on the npm corpus (bench/parser/corpus.txt): one benchmark per package,
//! each iteration parsing all of the package's files in their goal (Script or Module).
//! `cargo bench -p amber-parser --bench parse`; criterion reports MB/s. Without the corpus
//! (fetched by bench/parser/fetch-corpus.sh) it prints how to fetch it and exits.
//! The parse + compile group is in compiler/benches/compile.rs.

use criterion::{Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::time::Duration;

#[path = "../../bench/parser/corpus.rs"]
mod corpus;

fn main() {
    let packages = match corpus::load() {
        Ok(packages) => packages,
        Err(message) => {
            eprintln!("skipping the parser benchmark: {message}");
            return;
        }
    };
    // Every file must parse: a failure would make the numbers meaningless.
    for package in &packages {
        for file in &package.files {
            if let Err(e) = parse(file) {
                eprintln!(
                    "{}",
                    e.render(&format!("{}/{}", package.spec, file.path), &file.source)
                );
                std::process::exit(1);
            }
        }
    }
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let mut group = criterion.benchmark_group("parse");
    group.sampling_mode(SamplingMode::Flat);
    for package in &packages {
        group.throughput(Throughput::BytesDecimal(package.bytes()));
        group.bench_function(&package.spec, |b| {
            b.iter(|| {
                for file in &package.files {
                    let _ = black_box(parse(black_box(file)));
                }
            })
        });
    }
    group.finish();
    criterion.final_summary();
}

/// Parses a corpus file in its goal; only success matters here.
fn parse(file: &corpus::File) -> Result<(), amber_parser::SyntaxError> {
    if file.module {
        amber_parser::parse_module(&file.source).map(drop)
    } else {
        amber_parser::parse_script(&file.source, &amber_parser::ParseOptions::default()).map(drop)
    }
}
