globalThis.px = new Proxy({ a: 1 }, { get(o, k) { return k in o ? o[k] : 42; } });
const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); globalThis.rv = proxy;
globalThis.re = /a(b+)c/giu;
