// Through a method's constructor.
// expect: TypeError
({ m() {} }).m.constructor('return 1')();
