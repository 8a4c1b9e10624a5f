// A proxy passed to the host only sees what the host gives it.
// expect: none
const seen = []; const p = new Proxy({}, { get(t, k) { seen.push(String(k)); return Reflect.get(t, k); } }); api.echo(p); api.record(p); if (seen.some((k) => k === 'secret')) throw new Error('ESCAPED');
