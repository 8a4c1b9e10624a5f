// A callback invoked by the host gets no host this.
// expect: none
api.call(function () { if (this !== undefined) throw new Error('ESCAPED'); }, 1);
