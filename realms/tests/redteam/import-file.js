// import() a host file.
// expect: report:rejected TypeError
import('/etc/passwd').then(() => api.report('fulfilled'), (e) => api.report('rejected ' + e.constructor.name));
