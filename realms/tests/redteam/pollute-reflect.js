// Replace Reflect.apply.
// expect: TypeError
Reflect.apply = () => 0;
