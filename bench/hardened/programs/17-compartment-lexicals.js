lockdown();
const c = new Compartment();
c.evaluate("let l = 1; const k = 2;");
print(c.evaluate("typeof l + ' ' + typeof k"));
