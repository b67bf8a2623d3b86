import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConvoptError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { allFinite, checkFitInput } from './check-input.js';

test('allFinite agrees with a per-value check, including huge values whose plain sum overflows', () => {
  const rng = new Rng(7);
  for (let trial = 0; trial < 300; trial++) {
    const n = Math.floor(rng.random() * 40);
    const a = Float64Array.from({ length: n }, () => (rng.random() < 0.5 ? 1e308 : -1e308) * rng.random());
    if (n > 0 && rng.random() < 0.5) a[Math.floor(rng.random() * n)] = [NaN, Infinity, -Infinity][Math.floor(rng.random() * 3)]!;
    assert.equal(allFinite(a), a.every(Number.isFinite), `trial ${trial}: ${Array.from(a).join(',')}`);
  }
  assert.equal(allFinite([]), true);
  assert.equal(allFinite([-0, 0, Number.MAX_VALUE, Number.MAX_VALUE]), true);
});

test('checkFitInput still names the first non-finite row of X and of y', () => {
  const X = { nRows: 6, columns: [Float64Array.from([1, 2, 3, 4, 5, 6]), Float64Array.from([1, 2, 3, Infinity, 5, NaN])], names: ['a', 'b'] };
  assert.throws(() => checkFitInput('Model', X, [1, 2, 3, 4, 5, 6]), (e: unknown) => e instanceof ConvoptError && /b is Infinity at row 4/.test(e.message));
  const ok = { nRows: 6, columns: [X.columns[0]!] };
  assert.throws(() => checkFitInput('Model', ok, [1, 2, NaN, 4, NaN, 6]), (e: unknown) => e instanceof ConvoptError && /target y is not finite at row 3/.test(e.message));
  assert.doesNotThrow(() => checkFitInput('Model', ok, [1, 2, 3, 4, 5, 6]));
});
