// Replace JSON.parse.
// expect: TypeError
JSON.parse = () => ({});
