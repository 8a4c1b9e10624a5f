lockdown();
for (const f of [function () {}, function* () {}, async function () {}, async function* () {}]) {
  try { Object.getPrototypeOf(f).constructor("return 1"); print("reachable"); } catch (e) { print(e.constructor.name); }
}
print((function () {}) instanceof Function, typeof Function("return 1"));
