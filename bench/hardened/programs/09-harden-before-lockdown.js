try { harden({}); print("harden before lockdown: ok"); } catch (e) { print("harden before lockdown:", e.constructor.name); }
