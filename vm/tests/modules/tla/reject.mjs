// A rejected top-level await rejects every importer with the same error.
import './throws.mjs';
console.log('unreachable');
