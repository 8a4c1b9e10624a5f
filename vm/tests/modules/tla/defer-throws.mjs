globalThis.deferLog.push("throws evaluated");
throw new RangeError("boom");
