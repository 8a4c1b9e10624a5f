const sr = new ShadowRealm(); globalThis.fn = sr.evaluate('globalThis.z = 1; (x) => x + z');
