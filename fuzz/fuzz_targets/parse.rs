//! The parser never panics: any bytes (as UTF-8 text) give an AST or a SyntaxError whose span
//! lies inside the source.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    for strict in [false, true] {
        let options = amber_parser::ParseOptions {
            strict,
            ..Default::default()
        };
        if let Err(e) = amber_parser::parse_script(source, &options) {
            assert!(e.span.start as usize <= source.len());
        }
    }
    if let Err(e) = amber_parser::parse_module(source) {
        assert!(e.span.start as usize <= source.len());
    }
});
