lockdown();
class C { m() {} }
harden(new C());
print(Object.isFrozen(C.prototype), Object.isFrozen(C), Object.isFrozen(C.prototype.m));
