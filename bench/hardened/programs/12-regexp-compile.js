lockdown();
print(typeof RegExp.prototype.compile);
