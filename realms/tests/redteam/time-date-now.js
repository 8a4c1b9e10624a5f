// Date.now() as a timer.
// expect: TypeError
Date.now();
