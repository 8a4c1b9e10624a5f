// Read a function's caller property.
// expect: TypeError
api.call.caller;
