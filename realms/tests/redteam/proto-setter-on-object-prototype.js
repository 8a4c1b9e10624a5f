// Take the __proto__ setter and aim it at Object.prototype.
// expect: TypeError
Object.prototype.__lookupSetter__('__proto__').call(Object.prototype, {});
