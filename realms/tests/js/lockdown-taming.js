// lockdown's errorTaming and localeTaming (REALMS-DESIGN.md C.2.6, C.2.7). The lines marked
// "ses:" print the same on node with the ses 2.3.0 shim after the same lockdown call.
function make() { return new Error("x"); }
const frames = (e) => e.stack.split("\n").length;
print("before", frames(make()) > 1); // expect: before true
const kind = f => { try { f(); return "ok"; } catch (e) { return e.constructor.name; } };
print(kind(() => lockdown({ errorTaming: "sometimes" })), kind(() => lockdown({ localeTaming: 1 }))); // expect: TypeError TypeError
lockdown({ errorTaming: "safe", localeTaming: "safe" });
// 'safe': error instances alone give no frames, in the start compartment too (ses: stack-start string 1).
print("stack-start", typeof make().stack, frames(make())); // expect: stack-start string 1
print("stack-comp", new Compartment().evaluate("new Error('y').stack.split('\\n').length")); // expect: stack-comp 1
// Locale methods behave as the locale-independent ones (ses: 1234567.891 1 i true).
print((1234567.891).toLocaleString(), "a".localeCompare("B"), "I".toLocaleLowerCase(), new Date(0).toLocaleString() === new Date(0).toString()); // expect: 1234567.891 1 i true
print("i".toLocaleUpperCase("tr"), [1.5, 2].toLocaleString(), (12n).toLocaleString()); // expect: I 1.5,2 12
// The other realms are untouched until they lock down themselves: 'unsafe' keeps frames
// for the start compartment, never for compartments.
const other = $262.createRealm().global;
other.eval("lockdown({ errorTaming: 'unsafe' })");
print("unsafe", other.eval("(function f() { return new Error('z'); })().stack.split('\\n').length > 1"), other.eval("new Compartment().evaluate('new Error(1).stack.split(\"\\\\n\").length')")); // expect: unsafe true 1
