// Date() as a function reads the clock.
// expect: TypeError
Date();
