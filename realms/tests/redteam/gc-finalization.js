// FinalizationRegistry observes collection.
// expect: ReferenceError
new FinalizationRegistry(() => {});
