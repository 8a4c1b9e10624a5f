// One ShadowRealm plus one evaluate, N times (the realms are dropped and collected).
const N = 5000;
const t0 = Date.now();
for (let i = 0; i < N; i++) new ShadowRealm().evaluate("1+1");
print(((Date.now() - t0) * 1000 / N).toFixed(1));
