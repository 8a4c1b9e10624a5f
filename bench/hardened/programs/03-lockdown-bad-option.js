try { lockdown({ overrideTaming: "bogus" }); print("ok"); } catch (e) { print("bad value:", e.constructor.name); }
try { lockdown({ notAnOption: 1 }); print("ok"); } catch (e) { print("unknown option:", e.constructor.name); }
