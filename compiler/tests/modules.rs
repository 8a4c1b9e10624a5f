//! Module records: [[HasTLA]] and module requests with attributes.

use amber_compiler::compile_module_source;

fn has_tla(source: &str) -> bool {
    compile_module_source(source, "m.mjs")
        .unwrap_or_else(|e| panic!("{source}: {}", e.message))
        .has_tla
}

#[test]
fn has_tla_is_await_outside_functions() {
    assert!(has_tla("await 1;"));
    assert!(has_tla("for await (const x of []) ;"));
    assert!(has_tla("export default await 1;"));
    assert!(has_tla("export const x = await 1;"));
    assert!(has_tla("if (false) { await 1; }"));
    assert!(has_tla("class C { [await 1]() {} }"));
    assert!(!has_tla("async function f() { await 1; }"));
    assert!(!has_tla(
        "const f = async () => { for await (const x of []) ; };"
    ));
    assert!(!has_tla("export default class { async m() { await 1; } }"));
    assert!(!has_tla("let x = 1;"));
}

#[test]
fn a_module_with_tla_compiles_to_an_async_body() {
    let m = compile_module_source("await 1;", "m.mjs").unwrap();
    let text = amber_compiler::disasm::disassemble(&m.body);
    assert!(text.contains("AsyncStart"), "{text}");
    assert!(text.contains("Await"), "{text}");
    assert!(text.contains("AsyncReject"), "{text}");
}

#[test]
fn requests_are_the_same_when_specifier_and_attributes_are() {
    let m = compile_module_source(
        "import a from './x.json' with { type: 'json' };\n\
         import b from './x.json' with { type: 'json' };\n\
         import c from './x.json';\n\
         export * from './x.json';",
        "m.mjs",
    )
    .unwrap();
    assert_eq!(m.requests.len(), 2);
    let json: Vec<(Vec<u16>, Vec<u16>)> = vec![(
        "type".encode_utf16().collect(),
        "json".encode_utf16().collect(),
    )];
    assert_eq!(m.request_attributes, vec![json, Vec::new()]);
}
