// Read the host's functions and files from error stacks: inside a compartment `stack` is the
// header only, for errors made here, made by the host, or thrown by the engine in host code.
// expect: report:Error: mine|TypeError: null is not a function|false
try { api.call(() => { throw new Error("mine"); }, 0); } catch (e) { api.report(e.stack); }
try { api.call(null, 0); } catch (e) { api.report(e.stack); }
api.report(String(new Error("x").stack).includes(" at "));
