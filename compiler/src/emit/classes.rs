//! Classes (ECMA-262 ClassDefinitionEvaluation): constructors, methods, accessors, fields,
//! private names, static blocks, and decorators with auto-accessors.

use super::*;

impl<'s> Emitter<'s> {
    /// ClassDefinitionEvaluation, with the decorators proposal's steps: decorator
    /// expressions are evaluated with the elements (DecoratorListEvaluation), then applied once
    /// every element is defined (ApplyDecoratorsToElementDefinition, static methods first, then
    /// instance methods, static fields, instance fields), then the class decorators
    /// (ApplyDecoratorsToClassDefinition). Auto-accessors (`accessor x = v`) become a private
    /// storage field and a getter/setter pair that reads and writes it.
    /// <https://tc39.es/ecma262/#sec-runtime-semantics-classdefinitionevaluation>,
    /// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-runtime-semantics-classdefinitionevaluation>
    pub(crate) fn class(&mut self, c: &Class, name: &str) -> CResult {
        let mark = self.regs_mark();
        // DecoratorListEvaluation of the class's own decorators comes first, outside the class
        // scope (BindingClassDeclarationEvaluation step 1, ClassExpression evaluation step 1).
        let class_decs = if c.decorators.is_empty() {
            None
        } else {
            Some(self.decorator_list(&c.decorators)?)
        };
        // The class scope binds the class name (inner, immutable) for the class body.
        let inner_name = c.name.as_ref().map(|n| n.name.clone());
        // Auto-accessors become a storage field and accessors (see `desugar_auto_accessors`).
        let (mut members, decor) = desugar_auto_accessors(&c.members);
        // The class scope: the inner name and the class's private names (each evaluation of
        // the class creates new Private Names).
        let mut private_names: Vec<Rc<str>> = Vec::new();
        for m in &members {
            let key = match m {
                ClassMember::Method { key, .. } | ClassMember::Field { key, .. } => key,
                ClassMember::StaticBlock(..) => continue,
            };
            if let PropertyKey::Private(id) = key {
                if !private_names.contains(&id.name) {
                    private_names.push(id.name.clone());
                }
            }
        }
        let mut scope_names: Vec<(Rc<str>, BindKind)> = Vec::new();
        if let Some(n) = &inner_name {
            scope_names.push((n.clone(), BindKind::Const));
        }
        for n in &private_names {
            scope_names.push((n.clone(), BindKind::Const));
        }
        // ClassFieldDefinitionEvaluation: a field's computed key is evaluated (and converted
        // with ToPropertyKey) once, with the other elements in order; the initializers read
        // it from a hidden binding of the class scope. (An auto-accessor's computed key is
        // read the same way by its getter and setter.)
        let mut field_keys: Vec<Option<(Rc<str>, Expr)>> = vec![None; members.len()];
        for (i, m) in members.iter_mut().enumerate() {
            if let ClassMember::Field {
                key: PropertyKey::Public(PropertyName::Computed(e)),
                span,
                ..
            } = m
            {
                let hidden: Rc<str> = format!("{FIELD_KEY}{i}").into();
                let ident = Expr::Ident(Identifier {
                    name: hidden.clone(),
                    span: *span,
                });
                let original = std::mem::replace(&mut **e, ident);
                scope_names.push((hidden.clone(), BindKind::Const));
                field_keys[i] = Some((hidden, original));
            }
        }
        for (i, d) in decor.iter().enumerate() {
            if let Some(d) = d {
                // An auto-accessor's computed key is evaluated once, at the accessor's place;
                // its getter and setter (members i+1, i+2) read it.
                if let Some(PropertyKey::Public(PropertyName::Computed(e))) = &d.accessor_key {
                    let hidden: Rc<str> = format!("{FIELD_KEY}{i}").into();
                    scope_names.push((hidden.clone(), BindKind::Const));
                    field_keys[i] = Some((hidden.clone(), (**e).clone()));
                    for j in [i + 1, i + 2] {
                        if let Some(ClassMember::Method { key, span, .. }) = members.get_mut(j) {
                            *key = PropertyKey::Public(PropertyName::Computed(Box::new(
                                Expr::Ident(Identifier {
                                    name: hidden.clone(),
                                    span: *span,
                                }),
                            )));
                        }
                    }
                }
                let base = decor_base(i);
                if !d.decorators.is_empty() {
                    scope_names.push((format!("{base}d").into(), BindKind::Const));
                    scope_names.push((format!("{base}k").into(), BindKind::Const));
                    if d.kind >= KIND_FIELD {
                        scope_names.push((format!("{base}i").into(), BindKind::Const));
                        scope_names.push((format!("{base}x").into(), BindKind::Const));
                    }
                }
            }
        }
        let decorated = class_decs.is_some()
            || decor
                .iter()
                .any(|d| d.as_ref().is_some_and(|d| !d.decorators.is_empty()));
        let instance_extra: Rc<str> = format!("{FIELD_KEY}_extra").into();
        if decorated {
            scope_names.push((instance_extra.clone(), BindKind::Const));
        }
        let has_scope = !scope_names.is_empty();
        if has_scope {
            self.push_scope(&scope_names);
        }
        for n in &private_names {
            let k = self.name_const(n);
            self.emit(Instr::CreatePrivateName { name: k });
            self.store_name(n, true, c.span)?;
        }
        let parent = self.temp();
        let proto = self.temp();
        let ctor = self.temp();
        match &c.super_class {
            Some(sc) => self.expr(sc)?,
            None => self.emit(Instr::LdaEmpty {}),
        }
        self.emit(Instr::Star { dst: Reg(parent) });
        // The constructor.
        let derived = c.super_class.is_some();
        let ctor_fn = match &c.constructor {
            // The class constructor's source text is the whole class (ClassDefinitionEvaluation
            // step 14.b: F's [[SourceText]] is the ClassDeclaration or ClassExpression).
            Some(f) => Function {
                source: c.source,
                ..(**f).clone()
            },
            None => default_constructor(c, derived),
        };
        self.default_derived_ctor = derived && c.constructor.is_none();
        let code = self.class_constructor(&ctor_fn, name, derived);
        self.default_derived_ctor = false;
        let code = code?;
        let functions = &mut self.f().code.functions;
        functions.push(code);
        let idx = functions.len() as u32 - 1;
        self.emit(Instr::CreateClass {
            func: Func(idx),
            parent: Reg(parent),
            proto: Reg(proto),
        });
        self.emit(Instr::Star { dst: Reg(ctor) });
        // Methods and accessors.
        let mut instance_fields = Vec::new();
        let mut instance_decor = Vec::new();
        let mut static_elements = Vec::new();
        let mut instance_brands: Vec<Rc<str>> = Vec::new();
        let mut static_brands: Vec<Rc<str>> = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let dec = decor[i].as_ref().filter(|d| !d.decorators.is_empty());
            // DecoratorListEvaluation of the element's decorators, before its key.
            if let Some(d) = dec {
                let base = decor_base(i);
                let arr = self.decorator_list(&d.decorators)?;
                self.emit(Instr::Ldar { src: Reg(arr) });
                self.store_name(&format!("{base}d"), true, c.span)?;
            }
            if let Some((hidden, key)) = &field_keys[i] {
                self.expr(key)?;
                self.emit(Instr::ToPropertyKey {});
                self.store_name(hidden, true, key.span())?;
            }
            if let Some(d) = dec {
                // Fields and auto-accessors: their key, for the decorators' context.
                if d.kind >= KIND_FIELD {
                    let key = d.accessor_key.as_ref().unwrap_or(match m {
                        ClassMember::Field { key, .. } => key,
                        _ => unreachable!("a decorated field"),
                    });
                    match (key, &field_keys[i]) {
                        (_, Some((hidden, _))) => self.load_name(hidden, c.span)?,
                        (PropertyKey::Public(k), None) => {
                            self.property_key(k)?;
                        }
                        (PropertyKey::Private(id), None) => self.load_name(&id.name, id.span)?,
                    }
                    self.store_name(&format!("{}k", decor_base(i)), true, c.span)?;
                }
            }
            match m {
                ClassMember::Method {
                    key: PropertyKey::Private(id),
                    is_static,
                    function,
                    ..
                } => {
                    // A private method or accessor: recorded in its Private Name; objects get
                    // its brand when they are initialized.
                    let home = if *is_static { ctor } else { proto };
                    let name_reg = self.temp();
                    self.load_name(&id.name, id.span)?;
                    self.emit(Instr::Star { dst: Reg(name_reg) });
                    if dec.is_some() {
                        self.store_name(&format!("{}k", decor_base(i)), true, c.span)?;
                    }
                    self.closure(function, &id.name)?;
                    let kind = match function.kind {
                        FunctionKind::Getter => 2,
                        FunctionKind::Setter => 3,
                        _ => 1,
                    };
                    self.emit(Instr::SetPrivateMethod {
                        name: Reg(name_reg),
                        home: Reg(home),
                        kind: Imm(kind),
                    });
                    self.release(name_reg);
                    let brands = if *is_static {
                        &mut static_brands
                    } else {
                        &mut instance_brands
                    };
                    if !brands.contains(&id.name) {
                        brands.push(id.name.clone());
                    }
                }
                ClassMember::Method {
                    key,
                    is_static,
                    function,
                    ..
                } => {
                    let PropertyKey::Public(key) = key else {
                        unreachable!()
                    };
                    let target = if *is_static { ctor } else { proto };
                    let kr = self.temp();
                    let fname = self.property_key(key)?;
                    self.emit(Instr::Star { dst: Reg(kr) });
                    if dec.is_some() {
                        self.store_name(&format!("{}k", decor_base(i)), true, c.span)?;
                    }
                    self.closure(function, &fname.unwrap_or_default())?;
                    match function.kind {
                        FunctionKind::Getter => self.emit(Instr::DefineAccessor {
                            obj: Reg(target),
                            key: Reg(kr),
                            kind: Imm(2),
                        }),
                        FunctionKind::Setter => self.emit(Instr::DefineAccessor {
                            obj: Reg(target),
                            key: Reg(kr),
                            kind: Imm(3),
                        }),
                        _ => self.emit(Instr::DefineMethod {
                            obj: Reg(target),
                            key: Reg(kr),
                            enumerable: Imm(0),
                        }),
                    }
                    self.release(kr);
                }
                ClassMember::Field {
                    is_static: false,
                    key,
                    value,
                    span,
                    ..
                } => {
                    instance_fields.push((key, value, *span));
                    instance_decor.push(dec.map(|_| Rc::<str>::from(decor_base(i))));
                }
                ClassMember::Field { span, .. } | ClassMember::StaticBlock(_, span) => {
                    static_elements.push((m, *span, dec.map(|_| Rc::<str>::from(decor_base(i)))))
                }
            }
        }
        // The decorators are applied once every element is defined.
        let mut static_extra = None;
        let mut class_extra = None;
        let mut result = ctor;
        if decorated {
            let meta = self.temp();
            self.emit(Instr::DecoratorOp {
                op: Imm(decorator_op::CREATE_METADATA),
                args: Reg(parent),
            });
            self.emit(Instr::Star { dst: Reg(meta) });
            self.emit(Instr::CreateArray { size: Count(0) });
            self.store_name(&instance_extra, true, c.span)?;
            let se = self.temp();
            self.emit(Instr::CreateArray { size: Count(0) });
            self.emit(Instr::Star { dst: Reg(se) });
            static_extra = Some(se);
            // Static methods and accessors, instance ones, static fields, instance fields.
            for pass in 0..4 {
                for (i, d) in decor.iter().enumerate() {
                    let Some(d) = d.as_ref().filter(|d| !d.decorators.is_empty()) else {
                        continue;
                    };
                    let field = d.kind == KIND_FIELD;
                    let wanted = match pass {
                        0 => d.is_static && !field,
                        1 => !d.is_static && !field,
                        2 => d.is_static && field,
                        _ => !d.is_static && field,
                    };
                    if !wanted {
                        continue;
                    }
                    let base = decor_base(i);
                    let m2 = self.regs_mark();
                    let args = self.temps(8);
                    self.load_name(&format!("{base}d"), c.span)?;
                    self.emit(Instr::Star { dst: Reg(args) });
                    self.load_name(&format!("{base}k"), c.span)?;
                    self.emit(Instr::Star { dst: Reg(args + 2) });
                    let home = if d.is_static { ctor } else { proto };
                    self.emit(Instr::Mov {
                        dst: Reg(args + 1),
                        src: Reg(home),
                    });
                    self.emit(Instr::LdaSmi {
                        value: Imm(d.kind as i32),
                    });
                    self.emit(Instr::Star { dst: Reg(args + 3) });
                    self.emit(if d.is_static {
                        Instr::LdaTrue {}
                    } else {
                        Instr::LdaFalse {}
                    });
                    self.emit(Instr::Star { dst: Reg(args + 4) });
                    self.emit(Instr::Mov {
                        dst: Reg(args + 5),
                        src: Reg(meta),
                    });
                    if d.kind >= KIND_FIELD {
                        // A field's or accessor's own initializers and extra initializers.
                        self.emit(Instr::CreateArray { size: Count(0) });
                        self.emit(Instr::Star { dst: Reg(args + 6) });
                        self.store_name(&format!("{base}x"), true, c.span)?;
                        self.emit(Instr::CreateArray { size: Count(0) });
                        self.emit(Instr::Star { dst: Reg(args + 7) });
                        self.store_name(&format!("{base}i"), true, c.span)?;
                    } else {
                        if d.is_static {
                            self.emit(Instr::Ldar { src: Reg(se) });
                        } else {
                            self.load_name(&instance_extra, c.span)?;
                        }
                        self.emit(Instr::Star { dst: Reg(args + 6) });
                        self.emit(Instr::LdaUndefined {});
                        self.emit(Instr::Star { dst: Reg(args + 7) });
                    }
                    self.emit(Instr::DecoratorOp {
                        op: Imm(decorator_op::APPLY_ELEMENT),
                        args: Reg(args),
                    });
                    self.release(m2);
                }
            }
            // ApplyDecoratorsToClassDefinition (also defines F[Symbol.metadata]).
            let r = self.temp();
            let ce = self.temp();
            let args = self.temps(5);
            match class_decs {
                Some(arr) => self.emit(Instr::Ldar { src: Reg(arr) }),
                None => self.emit(Instr::LdaUndefined {}),
            }
            self.emit(Instr::Star { dst: Reg(args) });
            self.emit(Instr::Mov {
                dst: Reg(args + 1),
                src: Reg(ctor),
            });
            self.emit(Instr::Mov {
                dst: Reg(args + 2),
                src: Reg(meta),
            });
            self.emit(Instr::CreateArray { size: Count(0) });
            self.emit(Instr::Star { dst: Reg(ce) });
            self.emit(Instr::Star { dst: Reg(args + 3) });
            if name.is_empty() {
                self.emit(Instr::LdaUndefined {});
            } else {
                let k = self.string_const(&name.encode_utf16().collect::<Vec<u16>>());
                self.emit(Instr::LdaConst { k });
            }
            self.emit(Instr::Star { dst: Reg(args + 4) });
            self.emit(Instr::DecoratorOp {
                op: Imm(decorator_op::CLASS),
                args: Reg(args),
            });
            self.emit(Instr::Star { dst: Reg(r) });
            result = r;
            class_extra = Some(ce);
        }
        // Instance fields: one initializer method, run on `this` by InitFields.
        if !instance_fields.is_empty() || !instance_brands.is_empty() || decorated {
            self.field_brands = instance_brands;
            self.field_decor = instance_decor;
            self.field_extra = decorated.then(|| instance_extra.clone());
            let init = self.fields_initializer(&instance_fields, c.span)?;
            let functions = &mut self.f().code.functions;
            functions.push(init);
            let idx = functions.len() as u32 - 1;
            self.emit(Instr::CreateClosure { func: Func(idx) });
            let home = self.temp();
            self.emit(Instr::Star { dst: Reg(home) });
            // The initializer's home object is the prototype.
            self.emit(Instr::Ldar { src: Reg(home) });
            self.emit(Instr::SetClassFields { class: Reg(ctor) });
        }
        if let Some(n) = &inner_name {
            self.emit(Instr::Ldar { src: Reg(result) });
            self.store_name(n, true, c.span)?;
        }
        // Static private methods: the constructor gets their brand.
        for b in &static_brands {
            self.load_name(b, c.span)?;
            self.emit(Instr::PrivateBrandAdd { obj: Reg(ctor) });
        }
        // The extra initializers of static method decorators run before the static fields.
        if let Some(se) = static_extra {
            self.run_extra_initializers(se, ctor)?;
        }
        // Static fields and blocks run now, with `this` = the constructor.
        for (m, span, dec) in static_elements {
            let init = match m {
                ClassMember::Field { key, value, .. } => {
                    self.field_decor = vec![dec];
                    self.fields_initializer(&[(key, value, span)], span)?
                }
                ClassMember::StaticBlock(body, _) => self.static_block(body, span)?,
                _ => unreachable!(),
            };
            let functions = &mut self.f().code.functions;
            functions.push(init);
            let idx = functions.len() as u32 - 1;
            let f = self.temp();
            self.emit(Instr::CreateClosure { func: Func(idx) });
            // ClassStaticBlockDefinitionEvaluation / ClassFieldDefinitionEvaluation: the
            // static initializer's home object is the constructor.
            self.emit(Instr::SetHomeObject { home: Reg(ctor) });
            self.emit(Instr::Star { dst: Reg(f) });
            self.emit(Instr::Call {
                callee: Reg(f),
                this: Reg(ctor),
                args: Reg(f),
                argc: Count(0),
            });
            self.release(f);
        }
        // The class decorators' extra initializers run last, on the decorated class.
        if let Some(ce) = class_extra {
            self.run_extra_initializers(ce, result)?;
        }
        self.emit(Instr::Ldar { src: Reg(result) });
        if has_scope {
            self.pop_scope();
        }
        self.release(mark);
        Ok(())
    }

    /// DecoratorListEvaluation: the decorators' values, in order, in a new array register.
    /// <https://arai-a.github.io/ecma262-compare/?pr=2417#sec-runtime-semantics-decoratorlistevaluation>
    fn decorator_list(&mut self, decorators: &[Expr]) -> CResult<u16> {
        let arr = self.temp();
        self.emit(Instr::CreateArray {
            size: Count(decorators.len().min(u16::MAX as usize) as u16),
        });
        self.emit(Instr::Star { dst: Reg(arr) });
        for d in decorators {
            self.expr(d)?;
            self.emit(Instr::ArrayPush { arr: Reg(arr) });
        }
        Ok(arr)
    }

    /// Calls each function of the array R[list] with `this` R[receiver].
    fn run_extra_initializers(&mut self, list: u16, receiver: u16) -> CResult {
        let m = self.regs_mark();
        let args = self.temps(2);
        self.emit(Instr::Mov {
            dst: Reg(args),
            src: Reg(list),
        });
        self.emit(Instr::Mov {
            dst: Reg(args + 1),
            src: Reg(receiver),
        });
        self.emit(Instr::DecoratorOp {
            op: Imm(decorator_op::RUN_EXTRA),
            args: Reg(args),
        });
        self.release(m);
        Ok(())
    }

    fn class_constructor(
        &mut self,
        f: &Function,
        name: &str,
        derived: bool,
    ) -> CResult<FunctionCode> {
        // Mark the next function state as a derived constructor before its body is emitted.
        let mut f = f.clone();
        f.kind = FunctionKind::ClassConstructor;
        f.strict = true;
        self.pending_derived = derived;
        let mut code = self.function(&f, name)?;
        if derived {
            code.flags |= flags::DERIVED;
        }
        Ok(code)
    }

    /// A method that defines the given fields on `this`.
    fn fields_initializer(
        &mut self,
        fields: &[(&PropertyKey, &Option<Expr>, Span)],
        span: Span,
    ) -> CResult<FunctionCode> {
        // Built directly as bytecode: evaluate each key and value, define on `this`.
        let wrapper = Function {
            name: None,
            kind: FunctionKind::ClassFieldInit,
            is_async: false,
            is_generator: false,
            params: Vec::new(),
            body: FunctionBody::Block(Vec::new()),
            strict: true,
            simple_params: true,
            source: span,
            span,
        };
        self.field_defs = Some(
            fields
                .iter()
                .map(|(k, v, s)| ((*k).clone(), (*v).clone(), *s))
                .collect(),
        );
        self.function(&wrapper, "")
    }

    fn static_block(&mut self, body: &[Stmt], span: Span) -> CResult<FunctionCode> {
        let wrapper = Function {
            name: None,
            kind: FunctionKind::ClassFieldInit,
            is_async: false,
            is_generator: false,
            params: Vec::new(),
            body: FunctionBody::Block(body.to_vec()),
            strict: true,
            simple_params: true,
            source: span,
            span,
        };
        self.function(&wrapper, "")
    }
}

/// The element kinds of [`decorator_op::APPLY_ELEMENT`] (the context's `kind`).
const KIND_FIELD: u8 = 3;
const KIND_ACCESSOR: u8 = 4;

/// A class element's decorators, after auto-accessors are desugared.
struct DecorInfo {
    decorators: Vec<Expr>,
    /// 0 method, 1 getter, 2 setter, [`KIND_FIELD`], [`KIND_ACCESSOR`].
    kind: u8,
    is_static: bool,
    /// For an auto-accessor (whose member is its storage field): the accessor's own key.
    accessor_key: Option<PropertyKey>,
}

/// The prefix of the hidden class-scope bindings of member `i`'s decorators: `d` the
/// decorators, `k` the key, `i` and `x` a field's initializers and extra initializers.
fn decor_base(i: usize) -> String {
    format!("{FIELD_KEY}_d{i}")
}

/// Auto-accessors (<https://arai-a.github.io/ecma262-compare/?pr=2417#sec-runtime-semantics-classelementevaluation>,
/// ClassFieldDefinition with `accessor`): `accessor k = v` becomes a private storage field
/// `#k' = v` followed by `get k() { return this.#k'; }` and `set k(v) { this.#k' = v; }`.
/// Returns the members and, per member, its decorators (an accessor's sit on its storage
/// field).
fn desugar_auto_accessors(members: &[ClassMember]) -> (Vec<ClassMember>, Vec<Option<DecorInfo>>) {
    let mut out = Vec::with_capacity(members.len());
    let mut decor = Vec::with_capacity(members.len());
    for (n, m) in members.iter().enumerate() {
        match m {
            ClassMember::Field {
                key,
                is_static,
                value,
                is_accessor: true,
                decorators,
                span,
            } => {
                let span = *span;
                let storage = Identifier {
                    name: format!("#%accessor{n}").into(),
                    span,
                };
                let this_storage = || Expr::Member {
                    object: Box::new(Expr::This(span)),
                    property: MemberProperty::Private(storage.clone()),
                    optional: false,
                    span,
                };
                let function = |kind, params: Vec<Param>, body: Vec<Stmt>| Function {
                    name: None,
                    kind,
                    is_async: false,
                    is_generator: false,
                    params,
                    body: FunctionBody::Block(body),
                    strict: true,
                    simple_params: true,
                    source: span,
                    span,
                };
                let v = Identifier {
                    name: "v".into(),
                    span,
                };
                let getter = function(
                    FunctionKind::Getter,
                    Vec::new(),
                    vec![Stmt::Return(Some(this_storage()), span)],
                );
                let setter = function(
                    FunctionKind::Setter,
                    vec![Param {
                        pattern: Pattern::Ident(v.clone()),
                        default: None,
                        rest: false,
                        span,
                    }],
                    vec![Stmt::Expr(
                        Expr::Assign {
                            op: AssignOp::Assign,
                            target: Box::new(Pattern::Expr(Box::new(this_storage()))),
                            value: Box::new(Expr::Ident(v)),
                            span,
                        },
                        span,
                    )],
                );
                out.push(ClassMember::Field {
                    key: PropertyKey::Private(storage.clone()),
                    is_static: *is_static,
                    value: value.clone(),
                    is_accessor: false,
                    decorators: Vec::new(),
                    span,
                });
                decor.push(Some(DecorInfo {
                    decorators: decorators.clone(),
                    kind: KIND_ACCESSOR,
                    is_static: *is_static,
                    accessor_key: Some(key.clone()),
                }));
                for f in [getter, setter] {
                    out.push(ClassMember::Method {
                        key: key.clone(),
                        is_static: *is_static,
                        function: Rc::new(f),
                        decorators: Vec::new(),
                        span,
                    });
                    decor.push(None);
                }
            }
            ClassMember::Method {
                is_static,
                function,
                decorators,
                ..
            } => {
                out.push(m.clone());
                decor.push((!decorators.is_empty()).then(|| DecorInfo {
                    decorators: decorators.clone(),
                    kind: match function.kind {
                        FunctionKind::Getter => 1,
                        FunctionKind::Setter => 2,
                        _ => 0,
                    },
                    is_static: *is_static,
                    accessor_key: None,
                }));
            }
            ClassMember::Field {
                is_static,
                decorators,
                ..
            } => {
                out.push(m.clone());
                decor.push((!decorators.is_empty()).then(|| DecorInfo {
                    decorators: decorators.clone(),
                    kind: KIND_FIELD,
                    is_static: *is_static,
                    accessor_key: None,
                }));
            }
            ClassMember::StaticBlock(..) => {
                out.push(m.clone());
                decor.push(None);
            }
        }
    }
    (out, decor)
}

/// `constructor() {}` or `constructor(...args) { super(...args); }`.
fn default_constructor(c: &Class, derived: bool) -> Function {
    let span = c.span;
    let (params, body) = if derived {
        let args = Identifier {
            name: "args".into(),
            span,
        };
        (
            vec![Param {
                pattern: Pattern::Ident(args.clone()),
                default: None,
                rest: true,
                span,
            }],
            vec![Stmt::Expr(
                Expr::SuperCall {
                    arguments: vec![Argument::Spread(Expr::Ident(args))],
                    span,
                },
                span,
            )],
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Function {
        name: None,
        kind: FunctionKind::ClassConstructor,
        is_async: false,
        is_generator: false,
        params,
        body: FunctionBody::Block(body),
        strict: true,
        simple_params: !derived,
        source: c.source,
        span,
    }
}
