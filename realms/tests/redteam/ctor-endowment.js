// Through an endowed host function's constructor.
// expect: TypeError
api.echo.constructor('return globalThis')();
