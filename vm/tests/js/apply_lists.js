// f.apply(thisArg, list) reads an Array's or an unmapped arguments object's elements directly
// when nothing could observe the reads; otherwise CreateListFromArrayLike does each Get.
function collect() { return Array.prototype.slice.call(arguments).join(); }
function forward() { return collect.apply(null, arguments); }
function strictForward() { 'use strict'; return collect.apply(null, arguments); }
console.log(forward(1, 2, 3), strictForward('a', 'b'), forward()); // expect: 1,2,3 a,b 
console.log(collect.apply(null, [1, , 3]), collect.apply(null, [])); // expect: 1,,3 
Array.prototype[1] = 'proto';
console.log(collect.apply(null, [1, , 3])); // expect: 1,proto,3
delete Array.prototype[1];
function shortened() { arguments.length = 1; return collect.apply(null, arguments); }
function lengthened() { arguments.length = 3; return collect.apply(null, arguments); }
function getter() {
  Object.defineProperty(arguments, 'length', { get() { return 2; } });
  return collect.apply(null, arguments);
}
function deleted(a, b) { 'use strict'; delete arguments[0]; return collect.apply(null, arguments); }
console.log(shortened(7, 8, 9), lengthened(7), getter(4, 5, 6), deleted(1, 2)); // expect: 7 7,, 4,5 ,2
function mapped(a, b) { a = 'changed'; return collect.apply(null, arguments); }
console.log(mapped('x', 'y'), collect.apply(null, { length: 2, 0: 'o', 1: 'k' })); // expect: changed,y o,k
var arr = [1, 2, 3]; arr.length = 2;
console.log(collect.apply(null, arr)); // expect: 1,2
function callee() { return typeof arguments.callee + ' ' + Object.getOwnPropertyDescriptor(arguments, 'callee').enumerable; }
console.log(callee()); // expect: function false
