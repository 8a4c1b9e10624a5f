// Host objects are not in compartments.
// expect: ReferenceError
print('x');
