// A static import in evaluated code.
// expect: SyntaxError
import x from '/etc/passwd';
