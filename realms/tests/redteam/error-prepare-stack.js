// Install Error.prepareStackTrace to see host frames.
// expect: TypeError
Error.prepareStackTrace = (e, frames) => frames;
