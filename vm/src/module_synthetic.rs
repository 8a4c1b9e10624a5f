//! The default exports of text and bytes modules: `import t from "./f.txt" with { type: "text" }`
//! (<https://github.com/tc39/proposal-import-text>) and
//! `import b from "./f.png" with { type: "bytes" }` (<https://tc39.es/proposal-import-bytes/>).
//! `module` makes each a synthetic module whose one export, `default`, is this value
//! (CreateDefaultExportSyntheticModule).

use crate::builtins::array_buffer::{allocate_array_buffer, buffer_data_mut, MAX_BYTE_LENGTH};
use crate::builtins::typed_array::{alloc_view, ElementType};
use crate::realm::Intrinsic;
use crate::{JsResult, Vm};
use amber_heap::Value;

/// The text of a text module: the file's bytes, UTF-8 decoded (a leading byte order mark is
/// dropped and malformed sequences become U+FFFD, as the UTF-8 decode of the Encoding
/// Standard does).
/// <https://github.com/tc39/proposal-import-text> (HostLoadImportedModule, `type: "text"`)
pub(crate) fn text_module_value(vm: &mut Vm, bytes: &[u8]) -> Value {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    vm.string_value(text.encode_utf16().collect())
}

/// The value of a bytes module, in the current realm: a Uint8Array over a new immutable
/// ArrayBuffer holding the file's bytes.
/// <https://tc39.es/proposal-import-bytes/> (HostLoadImportedModule, `type: "bytes"`)
pub(crate) fn bytes_module_value(vm: &mut Vm, bytes: Vec<u8>) -> JsResult<Value> {
    // Let buffer be an immutable ArrayBuffer whose data block holds the bytes
    // (AllocateImmutableArrayBuffer(%ArrayBuffer%, length, bytes)). No JavaScript runs here.
    let len = bytes.len();
    if len > MAX_BYTE_LENGTH {
        return Err(vm.range_error("Array buffer allocation failed: the bytes module is too large"));
    }
    let c = Value::Object(vm.intrinsic(Intrinsic::ArrayBuffer));
    let buffer = allocate_array_buffer(vm, c, 0, None)?;
    let data = buffer_data_mut(vm, buffer);
    data.bytes = Some(bytes);
    data.immutable = true;
    // Let view be a Uint8Array over the whole buffer (its prototype from this realm).
    let proto = vm.intrinsic(Intrinsic::Uint8ArrayPrototype);
    Ok(Value::Object(alloc_view(
        vm,
        proto,
        ElementType::Uint8,
        buffer,
        0,
        Some(len),
    )))
}
