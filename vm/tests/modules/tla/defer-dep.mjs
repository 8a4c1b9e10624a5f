globalThis.deferLog.push("dep evaluated");
export const value = 42;
export function then() { return "not a thenable"; }
