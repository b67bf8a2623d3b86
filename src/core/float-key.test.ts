import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyHi, keyLo, valueHi, valueLo } from './float-key.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const key = (v: number): bigint => {
  f64[0] = v;
  return (BigInt(keyHi(u32[1])) << 32n) | BigInt(keyLo(u32[1], u32[0]));
};

test('float keys order as the values do (−0 just below +0) and map back to the same bits', () => {
  const values = [-Infinity, -1e308, -2.5, -1, -Number.MIN_VALUE, -0, 0, Number.MIN_VALUE, 1e-300, 1, 1 + Number.EPSILON, 2.5, 1e308, Infinity];
  const keys = values.map(key);
  for (let i = 1; i < keys.length; i++) assert.ok(keys[i - 1]! < keys[i]!, `${values[i - 1]} < ${values[i]}`);
  for (const v of values) {
    f64[0] = v;
    const [lo, hi] = [u32[0]!, u32[1]!];
    const kh = keyHi(hi);
    const kl = keyLo(hi, lo);
    assert.equal(valueHi(kh), hi, `hi of ${v}`);
    assert.equal(valueLo(kh, kl), lo, `lo of ${v}`);
  }
});
