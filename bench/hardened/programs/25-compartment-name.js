const c = new Compartment({ __options__: true, name: "plugin" });
print(c.name, Object.prototype.toString.call(c));
