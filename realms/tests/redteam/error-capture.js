// Install Error.captureStackTrace on the shared Error.
// expect: TypeError
Error.captureStackTrace = () => {};
