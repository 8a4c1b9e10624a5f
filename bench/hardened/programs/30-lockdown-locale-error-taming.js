lockdown({ errorTaming: "safe", localeTaming: "safe" });
print((1234567.891).toLocaleString(), "a".localeCompare("B"), "I".toLocaleLowerCase(), new Date(0).toLocaleString() === new Date(0).toString());
const err = (function f() { return new Error("boom"); })();
print("stack-start", typeof err.stack, String(err.stack).split("\n").length);
const c = new Compartment({ __options__: true });
print("stack-comp", c.evaluate('String(new Error("x").stack).split("\\n").length'));
