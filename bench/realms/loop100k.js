// 100,000 ShadowRealms created and dropped: peak memory must stay bounded.
let s = 0;
for (let i = 0; i < 100000; i++) s += new ShadowRealm().evaluate("2");
print(s);
