lockdown();
try { lockdown(); print("second lockdown: ok"); } catch (e) { print("second lockdown:", e.constructor.name); }
