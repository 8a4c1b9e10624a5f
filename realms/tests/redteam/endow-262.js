// The test262 host object.
// expect: ReferenceError
$262.createRealm();
