// The values compare.sh shows with node's util.inspect (through console.dir) and with Amber.
// Each is printed after a "### label" line so that differences can be told apart.
class P {
  constructor() {
    this.x = 1;
  }
}
class Q extends P {}
function f() {}
const cyclic = { name: 'root' };
cyclic.self = cyclic;
const arrCycle = [1];
arrCycle.push(arrCycle);
const withAccessors = {
  get g() { return 1; },
  set s(v) {},
  get gs() { return 1; },
  set gs(v) {},
};
const sym = Symbol('a');
const holes = [1, , 3];
holes[9] = 10;
const extra = [1, 2];
extra.key = 'v';
const nullProto = Object.create(null);
nullProto.a = 1;
const big = Array.from({ length: 1000 }, (_, i) => i);
const rejected = Promise.reject(new Error('no'));
rejected.catch(() => {});
const buffer = new ArrayBuffer(2);
const values = [
  ['undefined', undefined],
  ['null', null],
  ['true', true],
  ['number', 42],
  ['negative zero', -0],
  ['NaN', NaN],
  ['bigint', 10n],
  ['string', 'hello'],
  ['string with quote', "it's"],
  ['string with both quotes', `'"`],
  ['string escapes', 'a\nb\tc\u0001'],
  ['symbol', Symbol('s')],
  ['empty object', {}],
  ['object', { a: 1, b: 'two', c: [3] }],
  ['quoted keys', { 'a-b': 1, 1: 2, _ok: 3 }],
  ['nested depth', { a: { b: { c: { d: 1 } } } }],
  ['nested arrays', [[1, [2, [3, [4]]]]]],
  ['empty array', []],
  ['array', [1, 'a', null, undefined]],
  ['holes', holes],
  ['array with key', extra],
  ['long array', big],
  ['numbers grouped', Array.from({ length: 30 }, (_, i) => i * 3)],
  ['strings grouped', Array.from({ length: 12 }, (_, i) => 'item' + i)],
  ['class instance', new P()],
  ['subclass instance', new Q()],
  ['null prototype', nullProto],
  ['function', f],
  ['anonymous function', [function () {}][0]],
  ['arrow', (() => { const g = () => 1; return g; })()],
  ['async function', async function af() {}],
  ['generator function', function* gen() {}],
  ['class', P],
  ['subclass', Q],
  ['bound', f.bind(null)],
  ['builtin', Math.max],
  ['symbol key', { [sym]: 1 }],
  ['accessors', withAccessors],
  ['cycle', cyclic],
  ['array cycle', arrCycle],
  ['map', new Map([[1, 2], ['a', { b: 1 }]])],
  ['empty map', new Map()],
  ['set', new Set([1, 'x'])],
  ['weakmap', new WeakMap()],
  ['weakset', new WeakSet()],
  ['date', new Date(0)],
  ['invalid date', new Date(NaN)],
  ['regexp', /ab+c/gi],
  ['error name', new RangeError('bad').name],
  ['promise fulfilled', Promise.resolve(1)],
  ['promise pending', new Promise(() => {})],
  ['typed array', new Uint8Array(3)],
  ['float array', new Float64Array([1.5, -0])],
  ['array buffer', buffer],
  ['proxy', new Proxy({ a: 1 }, {})],
  ['boxed number', new Number(3)],
  ['boxed string', new String('abc')],
  ['boxed boolean', new Boolean(false)],
  ['arguments', (function () { return arguments; })(1, 2)],
  ['map iterator', new Map([[1, 2]]).entries()],
  ['long object', { alpha: 'aaaaaaaaaa', beta: 'bbbbbbbbbb', gamma: 'cccccccccc', delta: 'dddddddddd', eps: 1 }],
  ['object of objects', { a: { x: 1 }, b: { y: [1, 2, 3] }, c: new Map([[1, { z: 1 }]]) }],
  ['Math', Math],
  ['JSON', JSON],
  ['generator object', (function* () {})()],
  ['nested null proto', { inner: nullProto }],
  ['error', new Error('boom')],
  ['error with props', Object.assign(new TypeError('bad'), { code: 'E_BAD' })],
  ['error with cause', new Error('outer', { cause: 'inner' })],
  ['error in object', { e: new RangeError('deep') }],
];
for (const [label, value] of values) {
  console.log('### ' + label);
  console.dir(value);
}
