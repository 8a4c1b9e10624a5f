// [[AsyncEvaluationOrder]]: a synchronous sibling runs while `a` awaits; `c` (which imports
// `a`) and this module run after `a` finishes, in the order they were visited.
import './a.mjs';
import './b.mjs';
import './c.mjs';
console.log('main');
