// Reach a host caller through arguments.callee.caller.
// expect: TypeError
api.call(function () { return arguments.callee.caller; }, 1);
