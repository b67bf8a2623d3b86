import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheIngredients, cacheKey, CACHE_KEY_VERSION } from './cache-key.js';
import { defineStep } from './step.js';

const step = defineStep({ name: 'fit', version: '1', inputs: { data: 'table' }, outputs: { model: 'model', scores: 'metrics' }, run: () => ({}) });

test('cache key: each listed ingredient changes it; param key order does not', () => {
  const base = cacheKey(step, { a: 1, b: { c: 2, d: 3 } }, { data: 'h1' });
  assert.match(base, /^[0-9a-f]{64}$/);
  // Params in sorted order: the same params written in another order give the same key.
  assert.equal(cacheKey(step, { b: { d: 3, c: 2 }, a: 1 }, { data: 'h1' }), base);
  assert.notEqual(cacheKey(step, { a: 2, b: { c: 2, d: 3 } }, { data: 'h1' }), base, 'params');
  assert.notEqual(cacheKey(step, { a: 1, b: { c: 2, d: 3 } }, { data: 'h2' }), base, 'input content hash');
  assert.notEqual(cacheKey({ ...step, version: '2' }, { a: 1, b: { c: 2, d: 3 } }, { data: 'h1' }), base, 'code version');
  assert.notEqual(cacheKey({ ...step, name: 'fit2' }, { a: 1, b: { c: 2, d: 3 } }, { data: 'h1' }), base, 'step name');
  assert.notEqual(cacheKey({ ...step, outputs: { model: 'model' } }, { a: 1, b: { c: 2, d: 3 } }, { data: 'h1' }), base, 'output names');
  const ing = cacheIngredients(step, { a: 1 }, { data: 'h1' });
  assert.deepEqual(ing, {
    cacheKeyVersion: CACHE_KEY_VERSION,
    step: { name: 'fit', version: '1' },
    params: { a: 1 },
    inputs: { data: 'h1' },
    outputs: { model: { type: 'model', materializerVersion: 1 }, scores: { type: 'metrics', materializerVersion: 1 } },
  });
});
