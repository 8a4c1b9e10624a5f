// A date's constructor's now.
// expect: TypeError
new Date(0).constructor.now();
