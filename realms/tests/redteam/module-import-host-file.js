// importNow of a host file from a child compartment without hooks.
// expect: TypeError
new Compartment().importNow('/etc/passwd');
