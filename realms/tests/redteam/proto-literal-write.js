// Write through an object literal's __proto__.
// expect: TypeError
({}).__proto__.viaProto = 1;
