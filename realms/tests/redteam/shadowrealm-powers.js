// A fresh ShadowRealm would bring its own clock and randomness.
// expect: ReferenceError
new ShadowRealm().evaluate('Date.now()');
