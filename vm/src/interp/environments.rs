//! Environments the loop reaches by name: object environments (`with`), direct eval, and
//! global bindings.

use super::*;

/// The binding object of the object environment `depth` hops out.
pub(super) fn with_object(vm: &mut Vm, depth: u16) -> JsResult<Handle<Object>> {
    let env = env_at(vm, depth)?;
    let obj = vm.heap.get(env).object;
    obj.ok_or_else(|| vm.type_error("internal error: not an object environment"))
}

/// The key for name constant `name` of the running code (read again after any call, since a
/// collection may have moved the code and its strings).
pub(super) fn with_key(vm: &Vm, name: amber_compiler::bytecode::Const) -> PropertyKey {
    let code = vm.frames.last().unwrap().code;
    normalize_key(PropertyKey::String(name_constant(vm, code, name)), vm)
}

/// GetBindingValue(N, S) of the object environment record of `obj`.
/// <https://tc39.es/ecma262/#sec-object-environment-records-getbindingvalue-n-s>
pub(super) fn object_env_get_binding_value(
    vm: &mut Vm,
    obj: Handle<Object>,
    name: amber_compiler::bytecode::Const,
    strict: bool,
) -> JsResult {
    let os = vm.root(Value::Object(obj));
    let r = (|| {
        // 2. Let value be ? HasProperty(bindingObject, N).
        let key = with_key(vm, name);
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        if !object::has_property(vm, o, key)? {
            // 3. If value is false: undefined, or a ReferenceError in strict code.
            if strict {
                let n = ops::display_key(vm, with_key(vm, name));
                return Err(vm.reference_error(format!("{n} is not defined")));
            }
            return Ok(Value::Undefined);
        }
        // 4. Return ? Get(bindingObject, N).
        let key = with_key(vm, name);
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        object::get(vm, o, key, Value::Object(o))
    })();
    vm.unroot(os);
    r
}

/// SetMutableBinding(N, V, S) of the object environment record of `obj`; V is in root
/// slot `value`.
/// <https://tc39.es/ecma262/#sec-object-environment-records-setmutablebinding-n-v-s>
pub(super) fn object_env_set_mutable_binding(
    vm: &mut Vm,
    obj: Handle<Object>,
    name: amber_compiler::bytecode::Const,
    value: usize,
    strict: bool,
) -> JsResult<()> {
    let os = vm.root(Value::Object(obj));
    let r = (|| {
        // 1. Let stillExists be ? HasProperty(bindingObject, N).
        let key = with_key(vm, name);
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        let still = object::has_property(vm, o, key)?;
        // 2. If stillExists is false and S is true, throw a ReferenceError exception.
        if !still && strict {
            let n = ops::display_key(vm, with_key(vm, name));
            return Err(vm.reference_error(format!("{n} is not defined")));
        }
        // 3. Perform ? Set(bindingObject, N, V, S).
        let key = with_key(vm, name);
        let v = vm.rooted(value);
        let Value::Object(o) = vm.rooted(os) else {
            unreachable!()
        };
        if !object::set(vm, o, key, v, Value::Object(o))? && strict {
            let n = ops::display_key(vm, with_key(vm, name));
            return Err(vm.type_error(format!("Cannot assign to read only property '{n}'")));
        }
        Ok(())
    })();
    vm.unroot(os);
    r
}

/// HasBinding(N) of the object environment record `depth` hops out (withEnvironment true).
/// <https://tc39.es/ecma262/#sec-object-environment-records-hasbinding-n>
pub(super) fn with_has_binding(
    vm: &mut Vm,
    depth: u16,
    name: amber_compiler::bytecode::Const,
) -> JsResult<bool> {
    // 2. Let foundBinding be ? HasProperty(bindingObject, N).
    let obj = with_object(vm, depth)?;
    let key = with_key(vm, name);
    if !object::has_property(vm, obj, key)? {
        return Ok(false);
    }
    // 4. Let unscopables be ? Get(bindingObject, @@unscopables).
    let obj = with_object(vm, depth)?;
    let uk = crate::realm::symbol_key(vm, crate::realm::WellKnown::Unscopables);
    let unscopables = object::get(vm, obj, uk, Value::Object(obj))?;
    // 5. If unscopables is an Object, blocked = ToBoolean(? Get(unscopables, N)).
    if let Value::Object(u) = unscopables {
        let key = with_key(vm, name);
        let b = object::get(vm, u, key, unscopables)?;
        if ops::to_boolean(vm, b) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// PerformEval(arg, strictCaller, direct = true) from a `CallEval`: compiles the eval code
/// against the caller's scope descriptor K[scope] and pushes its frame.
/// <https://tc39.es/ecma262/#sec-performeval>
pub(super) fn direct_eval(
    vm: &mut Vm,
    code: Handle<Code>,
    scope: amber_compiler::bytecode::Const,
    strict: bool,
    arg: Value,
    acc: &mut Value,
) -> JsResult<Flow> {
    let Value::String(src) = arg else {
        *acc = arg;
        return Ok(Flow::Next);
    };
    // PerformEval step 4: HostEnsureCanCompileStrings(evalRealm, « », x, direct = true).
    let realm = vm.current_realm();
    vm.host_ensure_can_compile_strings(realm)?;
    let source = vm.rust_string(src);
    let scopes = vm.rust_string(name_constant(vm, code, scope));
    let compiled = match amber_compiler::compile_eval(&source, strict, &scopes) {
        Ok(c) => c,
        Err(e) => {
            let message = located_message(&e, &source, "<eval>");
            return Err(vm.throw_error(ErrorKind::SyntaxError, message));
        }
    };
    let src = vm
        .heap
        .alloc_string(compiled.source.encode_utf16().collect());
    // The eval code belongs to the caller's script or module (PerformEval step 20:
    // evalContext's ScriptOrModule is the running context's), which is also the referrer of
    // an `import()` inside it.
    let file = vm.heap.get(code).file;
    let eval_code = load_code(vm, &compiled.code, src, file);
    let caller = vm.frames.last().unwrap();
    let (env, realm) = (caller.env, caller.realm);
    // The caller's R[0]: eval code whose `this` is not in a captured environment (the caller
    // kept it in a register) reads it from its own R[0] (PerformEval: the eval context's
    // this binding is the caller's).
    let this = vm.stack[caller.base];
    let seg = push_segment(vm, Value::Undefined, this, Value::Undefined, &[]);
    push_frame(vm, eval_code, Value::Undefined, realm, seg, 0, false, seg)?;
    vm.frames.last_mut().unwrap().env = env;
    Ok(Flow::Call)
}

/// Global bindings: the declarative part (`global_lexicals`) first, then the global object.
/// <https://tc39.es/ecma262/#sec-global-environment-records>
pub(super) mod globals {
    use super::*;

    fn lexicals(vm: &Vm) -> Handle<Object> {
        let realm = vm.current_realm();
        vm.heap.get(realm).global_lexicals
    }

    fn global_object(vm: &Vm) -> Handle<Object> {
        let realm = vm.current_realm();
        vm.heap.get(realm).global_object
    }

    fn lexical_slot(vm: &mut Vm, name: Handle<JsString>) -> Option<(Handle<Object>, usize)> {
        let lex = lexicals(vm);
        let pos = vm.heap.find_property(lex, PropertyKey::String(name))?;
        Some((lex, pos))
    }

    fn key(vm: &Vm, name: Handle<JsString>) -> PropertyKey {
        normalize_key(PropertyKey::String(name), vm)
    }

    /// [`load`] through the site's inline cache.
    #[inline(always)]
    pub fn load_cached(
        vm: &mut Vm,
        code: Handle<Code>,
        ic: amber_compiler::bytecode::Ic,
        name: amber_compiler::bytecode::Const,
        throw: bool,
    ) -> JsResult {
        let name = name_constant(vm, code, name);
        let key = PropertyKey::String(name);
        let (lex, global) = (lexicals(vm), global_object(vm));
        if let Some(v) = inline_cache::cached_global(vm, code, ic, lex, global, key) {
            return Ok(v);
        }
        let collections = vm.heap.collections;
        let v = load(vm, name, throw)?;
        if collections == vm.heap.collections {
            let kind = amber_heap::code::CacheKind::Get;
            inline_cache::fill_global(vm, code, ic, kind, lex, global, key);
        }
        Ok(v)
    }

    /// [`store`] through the site's inline cache.
    #[inline(always)]
    pub fn store_cached(
        vm: &mut Vm,
        code: Handle<Code>,
        ic: amber_compiler::bytecode::Ic,
        name: amber_compiler::bytecode::Const,
        v: Value,
        strict: bool,
    ) -> JsResult<()> {
        let name = name_constant(vm, code, name);
        let key = PropertyKey::String(name);
        let (lex, global) = (lexicals(vm), global_object(vm));
        if inline_cache::cached_global_store(vm, code, ic, lex, global, key, v) {
            return Ok(());
        }
        let collections = vm.heap.collections;
        store(vm, name, v, strict)?;
        if collections == vm.heap.collections {
            let kind = amber_heap::code::CacheKind::Set;
            inline_cache::fill_global(vm, code, ic, kind, lex, global, key);
        }
        Ok(())
    }

    /// GetBindingValue on the global environment (ResolveBinding + GetValue).
    pub fn load(vm: &mut Vm, name: Handle<JsString>, throw: bool) -> JsResult {
        if let Some((lex, pos)) = lexical_slot(vm, name) {
            let v = vm.heap.property_at(lex, pos).value;
            if let Value::Empty = v {
                let n = vm.rust_string(name);
                return Err(
                    vm.reference_error(format!("Cannot access '{n}' before initialization"))
                );
            }
            return Ok(v);
        }
        let global = global_object(vm);
        let key = key(vm, name);
        // Fast path: an own data property of the global object.
        if let Some(pos) = vm.heap.find_property(global, key) {
            let p = vm.heap.property_at(global, pos);
            if !p.is_accessor() {
                return Ok(p.value);
            }
        }
        if !object::has_property(vm, global, key)? {
            if throw {
                let n = vm.rust_string(name);
                return Err(vm.reference_error(format!("{n} is not defined")));
            }
            return Ok(Value::Undefined);
        }
        let global = global_object(vm);
        object::get(vm, global, key, Value::Object(global))
    }

    /// SetMutableBinding / PutValue on an unresolvable or global reference.
    pub fn store(vm: &mut Vm, name: Handle<JsString>, v: Value, strict: bool) -> JsResult<()> {
        if let Some((lex, pos)) = lexical_slot(vm, name) {
            let p = vm.heap.property_at(lex, pos);
            if let Value::Empty = p.value {
                let n = vm.rust_string(name);
                return Err(
                    vm.reference_error(format!("Cannot access '{n}' before initialization"))
                );
            }
            if !p.writable() {
                let n = vm.rust_string(name);
                return Err(vm.type_error(format!("Assignment to constant variable '{n}'.")));
            }
            vm.heap.set_property_value(lex, pos, v);
            return Ok(());
        }
        let global = global_object(vm);
        let key = key(vm, name);
        if let Some(pos) = vm.heap.find_property(global, key) {
            let p = vm.heap.property_at(global, pos);
            if !p.is_accessor() && p.writable() {
                vm.heap.set_property_value(global, pos, v);
                return Ok(());
            }
        }
        let slot = vm.root(v);
        if strict && !object::has_property(vm, global, key)? {
            vm.unroot(slot);
            let n = vm.rust_string(name);
            return Err(vm.reference_error(format!("{n} is not defined")));
        }
        let v = vm.rooted(slot);
        vm.unroot(slot);
        let global = global_object(vm);
        let ok = object::set(vm, global, key, v, Value::Object(global))?;
        if !ok && strict {
            let n = vm.rust_string(name);
            return Err(vm.type_error(format!("Cannot assign to read only property '{n}'")));
        }
        Ok(())
    }

    fn redeclaration(vm: &mut Vm, name: Handle<JsString>) -> Throw {
        let n = vm.rust_string(name);
        vm.throw_error(
            ErrorKind::SyntaxError,
            format!("Identifier '{n}' has already been declared"),
        )
    }

    /// The validation steps of GlobalDeclarationInstantiation (steps 3-4, 8, 10) and
    /// EvalDeclarationInstantiation (steps 3.a, 8, 10) for one name, run for every name
    /// before any binding is created. `kind`: 0 a lexical name, 1 a var or function name, 2
    /// a function (CanDeclareGlobalFunction), 3 a var (CanDeclareGlobalVar).
    /// <https://tc39.es/ecma262/#sec-globaldeclarationinstantiation>
    pub fn check_declaration(vm: &mut Vm, name: Handle<JsString>, kind: i32) -> JsResult<()> {
        match kind {
            0 | 1 => {
                // HasLexicalDeclaration(env, name).
                if lexical_slot(vm, name).is_some() {
                    return Err(redeclaration(vm, name));
                }
                if kind == 0 {
                    // HasRestrictedGlobalProperty(env, name).
                    let global = global_object(vm);
                    let key = key(vm, name);
                    if let Some(d) = object::get_own_property(vm, global, key)? {
                        if d.configurable != Some(true) {
                            return Err(redeclaration(vm, name));
                        }
                    }
                }
                Ok(())
            }
            2 => {
                // CanDeclareGlobalFunction(env, name).
                // <https://tc39.es/ecma262/#sec-candeclareglobalfunction>
                let global = global_object(vm);
                let key = key(vm, name);
                let definable = match object::get_own_property(vm, global, key)? {
                    None => object::is_extensible(vm, global)?,
                    Some(d) if d.configurable == Some(true) => true,
                    Some(d) => {
                        !d.is_accessor() && d.writable == Some(true) && d.enumerable == Some(true)
                    }
                };
                if !definable {
                    let n = vm.rust_string(name);
                    return Err(vm.type_error(format!("Cannot define global function '{n}'")));
                }
                Ok(())
            }
            _ => {
                // CanDeclareGlobalVar(env, name).
                // <https://tc39.es/ecma262/#sec-candeclareglobalvar>
                let global = global_object(vm);
                let key = key(vm, name);
                let definable = ops::has_own_property(vm, global, key)? || {
                    let global = global_object(vm);
                    object::is_extensible(vm, global)?
                };
                if !definable {
                    let n = vm.rust_string(name);
                    return Err(vm.type_error(format!("Cannot define global variable '{n}'")));
                }
                Ok(())
            }
        }
    }

    /// CreateGlobalVarBinding(N, D). <https://tc39.es/ecma262/#sec-createglobalvarbinding>
    pub fn declare_var(vm: &mut Vm, name: Handle<JsString>, deletable: bool) -> JsResult<()> {
        if lexical_slot(vm, name).is_some() {
            return Err(redeclaration(vm, name));
        }
        let global = global_object(vm);
        let key = key(vm, name);
        let has_own = ops::has_own_property(vm, global, key)?;
        if !has_own && object::is_extensible(vm, global)? {
            ops::define_property_or_throw(
                vm,
                global,
                key,
                crate::object::PropertyDescriptor::data(Value::Undefined, true, true, deletable),
            )?;
        }
        Ok(())
    }

    /// CreateGlobalFunctionBinding(N, V, D). <https://tc39.es/ecma262/#sec-createglobalfunctionbinding>
    pub fn declare_function(
        vm: &mut Vm,
        name: Handle<JsString>,
        v: Value,
        deletable: bool,
    ) -> JsResult<()> {
        if lexical_slot(vm, name).is_some() {
            return Err(redeclaration(vm, name));
        }
        let global = global_object(vm);
        let key = key(vm, name);
        let slot = vm.root(v);
        let existing = object::get_own_property(vm, global, key)?;
        let v = vm.rooted(slot);
        let desc = match existing {
            Some(d) if d.configurable != Some(true) => {
                // CanDeclareGlobalFunction: a non-configurable property must be a writable,
                // enumerable data property.
                if d.is_accessor() || d.writable != Some(true) || d.enumerable != Some(true) {
                    vm.unroot(slot);
                    let n = vm.rust_string(name);
                    return Err(vm.type_error(format!("Cannot redefine global function '{n}'")));
                }
                crate::object::PropertyDescriptor {
                    value: Some(v),
                    ..Default::default()
                }
            }
            None if !vm.heap.get(global).extensible => {
                vm.unroot(slot);
                let n = vm.rust_string(name);
                return Err(vm.type_error(format!("Cannot define global function '{n}'")));
            }
            _ => crate::object::PropertyDescriptor::data(v, true, true, deletable),
        };
        ops::define_property_or_throw(vm, global, key, desc)?;
        let v = vm.rooted(slot);
        vm.unroot(slot);
        ops::set(vm, global, key, v, false)?;
        Ok(())
    }

    /// CreateMutableBinding/CreateImmutableBinding on the global declarative record, with
    /// GlobalDeclarationInstantiation's redeclaration checks.
    pub fn declare_lexical(vm: &mut Vm, name: Handle<JsString>, is_const: bool) -> JsResult<()> {
        if lexical_slot(vm, name).is_some() {
            return Err(redeclaration(vm, name));
        }
        // HasRestrictedGlobalProperty: a non-configurable own property of the global object.
        let global = global_object(vm);
        let key = key(vm, name);
        if let Some(d) = object::get_own_property(vm, global, key)? {
            if d.configurable != Some(true) {
                return Err(redeclaration(vm, name));
            }
        }
        let lex = lexicals(vm);
        vm.heap.push_property(
            lex,
            Property {
                key: PropertyKey::String(name),
                value: Value::Empty,
                setter: Value::Undefined,
                flags: if is_const { 0 } else { attrs::WRITABLE },
            },
        );
        Ok(())
    }

    /// InitializeBinding on the global declarative record.
    pub fn init_lexical(vm: &mut Vm, name: Handle<JsString>, v: Value) {
        if let Some((lex, pos)) = lexical_slot(vm, name) {
            vm.heap.set_property_value(lex, pos, v);
        }
    }

    /// `delete name` for an unresolvable or global reference (sloppy mode).
    pub fn delete(vm: &mut Vm, name: Handle<JsString>) -> JsResult {
        if lexical_slot(vm, name).is_some() {
            return Ok(Value::Boolean(false));
        }
        let global = global_object(vm);
        let key = key(vm, name);
        Ok(Value::Boolean(object::delete(vm, global, key)?))
    }
}
