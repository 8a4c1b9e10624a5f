// WeakRef observes collection.
// expect: ReferenceError
new WeakRef({});
