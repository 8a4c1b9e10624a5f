// Redefine an endowed method.
// expect: TypeError
Object.defineProperty(api, 'echo', { value: () => 'hijacked' });
