//! Parses a file (or `-e SOURCE`) and prints the AST or the SyntaxError.
//! Usage: `cargo run -p amber-parser --example parse -- [--module] [--strict] FILE|-e SOURCE`

use amber_parser::{parse_module, parse_script, ParseOptions};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let module = take_flag(&mut args, "--module");
    let strict = take_flag(&mut args, "--strict");
    let quiet = take_flag(&mut args, "--quiet");
    let (name, source) = if args.first().map(String::as_str) == Some("-e") {
        (
            "<eval>".to_string(),
            args.get(1).cloned().unwrap_or_default(),
        )
    } else {
        let name = args.first().cloned().unwrap_or_default();
        let source = std::fs::read_to_string(&name).expect("read file");
        (name, source)
    };
    let start = std::time::Instant::now();
    let result = if module {
        parse_module(&source).map(|m| {
            if quiet {
                String::new()
            } else {
                format!("{m:#?}")
            }
        })
    } else {
        let options = ParseOptions {
            strict,
            ..ParseOptions::default()
        };
        parse_script(&source, &options).map(|s| {
            if quiet {
                String::new()
            } else {
                format!("{s:#?}")
            }
        })
    };
    if quiet {
        eprintln!("parsed in {:?}", start.elapsed());
    }
    match result {
        Ok(ast) if !quiet => println!("{ast}"),
        Ok(_) => println!("ok"),
        Err(e) => {
            println!("{}", e.render(&name, &source));
            std::process::exit(1);
        }
    }
}

fn take_flag(args: &mut Vec<String>, flag: &str) -> bool {
    let found = args.iter().any(|a| a == flag);
    args.retain(|a| a != flag);
    found
}
