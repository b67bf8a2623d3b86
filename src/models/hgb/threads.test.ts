import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binningBounds } from './threads.js';

const thresholds = (counts: number[]) => counts.map((k) => new Float64Array(k));

test('binningBounds: contiguous ranges covering every feature, split by binning cost rather than by count', () => {
  // A flag-heavy first half and 255-bin features after it (the shape of the 1M-row benchmark).
  const counts = [40, 254, 254, 254, 30, 1, 1, 1, 3, 1, 254, 254, 254, 254, 254, 254, 254, 254, 40, 254];
  const b = binningBounds(thresholds(counts), 2);
  assert.equal(b.length, 3);
  assert.equal(b[0], 0);
  assert.equal(b[2], counts.length);
  assert.ok(b[1] > counts.length / 2, 'the part with the cheap flag features takes more features');
  const cost = (from: number, to: number) => counts.slice(from, to).reduce((a, k) => a + 1 + Math.log2(k + 2), 0);
  assert.ok(Math.abs(cost(0, b[1]) - cost(b[1], b[2])) <= 1 + Math.log2(256), 'parts differ by at most one feature');
  for (const parts of [2, 3, 4]) {
    const r = binningBounds(thresholds([5, 5, 5, 5, 5]), parts);
    assert.equal(r.length, parts + 1);
    assert.deepEqual([r[0], r[parts]], [0, 5]);
    for (let t = 0; t < parts; t++) assert.ok(r[t] <= r[t + 1]);
  }
});
