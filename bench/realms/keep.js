// Creates K ShadowRealms and keeps them alive (each evaluates one function that stays
// reachable), for memory per realm: peak RSS(K) - peak RSS(0), divided by K.
const K = 1000;
const kept = [];
for (let i = 0; i < K; i++) { const r = new ShadowRealm(); kept.push(r, r.evaluate("() => 1")); }
print(kept.length);
