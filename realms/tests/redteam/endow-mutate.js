// Mutate the hardened endowment.
// expect: TypeError
api.info.version = 2;
