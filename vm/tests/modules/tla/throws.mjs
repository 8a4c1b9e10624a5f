console.log('throws: start');
await Promise.resolve();
throw new RangeError('late failure');
