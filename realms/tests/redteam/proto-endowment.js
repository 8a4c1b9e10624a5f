// Write through an endowment's __proto__ chain.
// expect: TypeError
api.__proto__.x = 1;
