/**
 * Quantiles (pandas-linear) and per-column summaries against hand-computed values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameFromArrays } from '../data/frame.js';
import { quantileSorted, sortedFinite } from './quantile.js';
import { summarizeCategorical, summarizeFrame, summarizeNumeric } from './summary.js';

const close = (a: number | null, b: number, tol = 1e-12, msg?: string) => {
  assert.ok(a !== null, msg ?? `expected ${b}, got null`);
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), msg ?? `expected ${b}, got ${a}`);
};

test('quartiles use pandas default linear interpolation: h = (n-1)q on the sorted sample', () => {
  // sorted [1,2,3,4,7,9]: q=.25 → h=1.25 → 2 + .25·(3−2) = 2.25; median h=2.5 → 3.5; q=.75 → h=3.75 → 4 + .75·3 = 6.25
  const s = sortedFinite([7, 1, 3, 9, 4, 2]);
  assert.equal(quantileSorted(s, 0.25), 2.25);
  assert.equal(quantileSorted(s, 0.5), 3.5);
  assert.equal(quantileSorted(s, 0.75), 6.25);
  assert.equal(quantileSorted(s, 0), 1);
  assert.equal(quantileSorted(s, 1), 9);
  assert.ok(Number.isNaN(quantileSorted(new Float64Array(0), 0.5)));
  assert.equal(quantileSorted([5], 0.75), 5);
  assert.throws(() => quantileSorted(s, 1.5), RangeError);
});

test('numeric summary matches describe(): sample std (n−1), missing counted, distinct values', () => {
  const r = summarizeNumeric('x', Float64Array.from([7, 1, 3, 9, 4, 2, NaN, 4]));
  assert.equal(r.count, 7);
  assert.equal(r.missing, 1);
  close(r.mean, 30 / 7);
  // Σ(x−mean)² for [1,2,3,4,4,7,9] with mean 30/7 = 52.857142…; /6 → 8.8095238…
  close(r.std, Math.sqrt((1 + 4 + 9 + 16 + 16 + 49 + 81 - 900 / 7) / 6));
  assert.equal(r.min, 1);
  assert.equal(r.q1, 2.5); // h = 1.5 on [1,2,3,4,4,7,9]
  assert.equal(r.median, 4);
  assert.equal(r.q3, 5.5); // h = 4.5 → 4 + .5·3
  assert.equal(r.max, 9);
  assert.equal(r.distinct, 6);
  const empty = summarizeNumeric('e', Float64Array.from([NaN]));
  assert.deepEqual([empty.count, empty.missing, empty.mean, empty.std, empty.min], [0, 1, null, null, null]);
  assert.equal(summarizeNumeric('one', [3]).std, null);
});

test('categorical summary counts levels, missing and the most frequent level', () => {
  const r = summarizeCategorical('g', Int32Array.from([0, 1, 1, -1, 1, 0]), ['F', 'M', 'X']);
  assert.equal(r.count, 5);
  assert.equal(r.missing, 1);
  assert.equal(r.distinct, 2);
  assert.equal(r.top, 'M');
  assert.equal(r.topCount, 3);
  assert.deepEqual(r.levels, [
    { level: 'F', count: 2 },
    { level: 'M', count: 3 },
    { level: 'X', count: 0 },
  ]);
  const f = frameFromArrays({ a: [1, 2, 3], g: ['x', 'y', 'x'] });
  assert.deepEqual(summarizeFrame(f).map((s) => s.kind), ['numeric', 'categorical']);
});
