lockdown();
const c = new Compartment();
print(c.evaluate("typeof WeakRef"), c.evaluate("typeof FinalizationRegistry"), c.evaluate("typeof SharedArrayBuffer"));
