globalThis.deferLog = [];
