// Call lockdown again from inside.
// expect: TypeError
lockdown();
