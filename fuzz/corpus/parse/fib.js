// Recursive Fibonacci: calls, comparisons and arithmetic.
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
for (let i = 0; i <= 25; i += 5) {
  console.log(`fib(${i}) = ${fib(i)}`);
}
