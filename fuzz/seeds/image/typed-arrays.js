const buf = new ArrayBuffer(16);
globalThis.u8 = new Uint8Array(buf, 0, 8); u8[1] = 200;
globalThis.f64 = new Float64Array([1.5, NaN]); globalThis.dv = new DataView(buf, 4);
