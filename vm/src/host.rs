//! Host-defined facilities: `print`, `console.log`, test262's `$262`, and value display.

use crate::builtins::{self, native_function};
use crate::inspect::{inspect, inspect_for_log, InspectOptions};
use crate::natives::NativeId;
use crate::number::number_to_string;
use crate::ops;
use crate::realm::Intrinsic;
use crate::{interp, Args, JsResult, Vm};
use amber_heap::{attrs, Handle, Object, ObjectKind, Realm, Value};

/// Installs `print` and the `console` namespace in the realm being created.
pub fn init(vm: &mut Vm) {
    let print = native_function(vm, NativeId::Print, "print", 0, false);
    builtins::global(vm, "print", Value::Object(print));
    crate::console::init(vm);
}

/// print(...values): strings as they are, other values inspected (as console.log).
pub fn print(vm: &mut Vm, args: Args) -> JsResult {
    let mut parts = Vec::with_capacity(args.len());
    for i in 0..args.len() {
        let v = args.get(vm, i);
        parts.push(inspect_for_log(vm, v, InspectOptions::default()));
    }
    vm.write_line(&parts.join(" "));
    Ok(Value::Undefined)
}

/// The display form of a value (for `-p`, the REPL and error messages): primitives as
/// strings, objects inspected; never runs user code.
pub fn display(vm: &mut Vm, v: Value) -> String {
    match v {
        Value::Empty | Value::Undefined => "undefined".into(),
        Value::Null => "null".into(),
        Value::Boolean(b) => b.to_string(),
        Value::Number(n) => number_to_string(n),
        Value::String(s) => vm.rust_string(s),
        Value::Symbol(s) => match vm.heap.get(s).description {
            Some(d) => format!("Symbol({})", vm.rust_string(d)),
            None => "Symbol()".into(),
        },
        Value::BigInt(b) => format!("{}n", builtins::bigint::to_decimal(vm.heap.get(b))),
        Value::Object(_) => inspect(vm, v, InspectOptions::default()),
    }
}

/// Does `o` have an [[IsHTMLDDA]] internal slot (Annex B)? Only `$262.IsHTMLDDA` does.
#[inline]
pub fn is_html_dda(vm: &Vm, o: Handle<Object>) -> bool {
    vm.html_dda_made
        && matches!(&vm.heap.get(o).kind, ObjectKind::Native(n) if n.id() == NativeId::Test262IsHtmlDda as u32)
}

/// Calling the IsHTMLDDA object returns null (INTERPRETING.md).
pub fn is_html_dda_call(_: &mut Vm, _: Args) -> JsResult {
    Ok(Value::Null)
}

/// Creates `$262` for `realm` and installs it (and `print`) as globals there.
/// (INTERPRETING.md, "Host-Defined Functions")
pub fn install_test262(vm: &mut Vm, realm: Handle<Realm>) -> Handle<Object> {
    interp::in_realm(vm, realm, |vm| {
        let t = builtins::ordinary(vm, Intrinsic::ObjectPrototype);
        let global = vm.heap.get(realm).global_object;
        builtins::put(vm, t, "global", Value::Object(global), attrs::HIDDEN);
        builtins::method(vm, t, "createRealm", NativeId::Test262CreateRealm, 0);
        builtins::method(vm, t, "evalScript", NativeId::Test262EvalScript, 1);
        builtins::method(
            vm,
            t,
            "detachArrayBuffer",
            NativeId::Test262DetachArrayBuffer,
            1,
        );
        builtins::method(vm, t, "gc", NativeId::Test262Gc, 0);
        vm.html_dda_made = true;
        let dda = native_function(vm, NativeId::Test262IsHtmlDda, "IsHTMLDDA", 0, false);
        builtins::put(vm, t, "IsHTMLDDA", Value::Object(dda), attrs::HIDDEN);
        let agent = builtins::ordinary(vm, Intrinsic::ObjectPrototype);
        crate::agents::install(vm, agent);
        builtins::put(vm, t, "agent", Value::Object(agent), attrs::HIDDEN);
        let ams = vm.intrinsic(Intrinsic::AbstractModuleSource);
        builtins::put(
            vm,
            t,
            "AbstractModuleSource",
            Value::Object(ams),
            attrs::HIDDEN,
        );
        builtins::global(vm, "$262", Value::Object(t));
        // host[0] is $262; an agent's `receiveBroadcast` keeps its callback in host[1].
        vm.heap.get_mut(realm).host = vec![Value::Object(t)];
        t
    })
}

fn this_realm_of_262(vm: &mut Vm, this: Value) -> JsResult<Handle<Realm>> {
    // The realm whose $262 this is: the native's own realm.
    let _ = this;
    Ok(vm.current_realm())
}

/// $262.createRealm(): a new realm with its own $262, which is returned.
pub fn create_realm_262(vm: &mut Vm, _: Args) -> JsResult {
    let id = vm.create_realm();
    let realm = vm.realm_handle(id);
    let t = install_test262(vm, realm);
    Ok(Value::Object(t))
}

/// $262.evalScript(source): ScriptEvaluation in the $262's realm.
pub fn eval_script_262(vm: &mut Vm, args: Args) -> JsResult {
    let realm = this_realm_of_262(vm, args.this(vm))?;
    let source = ops::to_rust_string(vm, args.get(vm, 0))?;
    interp::eval_in_realm(vm, realm, &source, false)
}

/// `$262.detachArrayBuffer(buffer)`: DetachArrayBuffer, for test262 (INTERPRETING.md).
pub fn detach_array_buffer_262(vm: &mut Vm, args: Args) -> JsResult {
    match args.get(vm, 0) {
        Value::Object(o) => {
            crate::builtins::array_buffer::detach(vm, o)?;
            Ok(Value::Null)
        }
        _ => Err(vm.type_error("$262.detachArrayBuffer: not an ArrayBuffer")),
    }
}

/// $262.gc(): a full, compacting collection. Safe here: the natives up the Rust stack hold no
/// handles across calls (the rooting rule), and the interpreter re-reads its frame afterwards.
pub fn gc_262(vm: &mut Vm, _: Args) -> JsResult {
    vm.collect_garbage();
    Ok(Value::Undefined)
}
