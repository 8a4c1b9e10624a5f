// A plugin confined in a compartment, with a hardened API as its only authority.
// Run: amber examples/compartments.js   (or amber --lockdown ... once lockdown is implicit)
lockdown();

// The host's API: everything the plugin may do. harden freezes it and everything it reaches,
// so the plugin cannot change it under the host or under another plugin.
const log = [];
const api = harden({
  log: (message) => { log.push(String(message)); },
  fetchScore: (name) => ({ alice: 3, bob: 5 })[name] ?? 0,
});

// The plugin's source, as the host would load it from somewhere it does not trust.
const plugin = `
  const total = ["alice", "bob"].map((n) => api.fetchScore(n)).reduce((a, b) => a + b);
  api.log("total score " + total);

  // What a malicious plugin might try; every one fails.
  const attempts = {
    "pollute Array.prototype": () => { Array.prototype.map = () => []; },
    "reach Function through a constructor": () => (() => 0).constructor("return globalThis")(),
    "replace the host API": () => { api.log = () => {}; },
    "read the clock": () => Date.now(),
    "use print (a host function)": () => print("hi"),
  };
  for (const [what, attack] of Object.entries(attempts)) {
    try { attack(); api.log(what + ": succeeded?!"); }
    catch (e) { api.log(what + ": " + e.constructor.name); }
  }
  "done";
`;

const compartment = new Compartment({ globals: { api }, name: "plugin" });
print(compartment.evaluate(plugin));
for (const line of log) print(line);

// The host is unaffected.
print([1, 2, 3].map((x) => x * 2).join(), typeof Date.now());
