// import.meta is not available to scripts.
// expect: SyntaxError
import.meta;
