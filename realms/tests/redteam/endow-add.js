// Add a property to an endowed function.
// expect: TypeError
api.echo.extra = 1;
