// Reach Function through a plain function's constructor and run code outside.
// expect: TypeError
(function () {}).constructor('globalThis.pwned = 1')();
