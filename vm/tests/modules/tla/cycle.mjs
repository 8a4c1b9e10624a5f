// A cycle whose inner module awaits: the cycle root and its importer run when it is done.
import { a } from './cycle-a.mjs';
console.log('main sees', a);
