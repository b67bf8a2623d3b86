/**
 * Tukey box statistics and the seeded pair-plot row sample.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boxStats } from './boxplot.js';
import { sampleRows } from './sample.js';

test('box statistics: Tukey fences, whiskers at the furthest in-fence values, most extreme outliers kept', () => {
  // sorted [1..9, 50]: q1 = 3.25, q3 = 7.75, IQR 4.5 → fences −3.5 and 14.5
  const b = boxStats('x', [1, 2, 3, 4, 5, 6, 7, 8, 9, 50, NaN])!;
  assert.equal(b.count, 10);
  assert.equal(b.q1, 3.25);
  assert.equal(b.median, 5.5);
  assert.equal(b.q3, 7.75);
  assert.equal(b.lower, 1);
  assert.equal(b.upper, 9);
  assert.deepEqual(b.outliers, [50]);
  const capped = boxStats('y', [0, 0, 0, 0, 0, 0, 0, 0, -5, 7, 100], 2)!;
  assert.equal(capped.outlierCount, 3);
  assert.deepEqual(capped.outliers, [100, 7]);
  assert.equal(boxStats('none', [NaN]), null);
});

test('row sampling is seeded, sorted and only kicks in above the cap', () => {
  assert.deepEqual(Array.from(sampleRows(4, 10, 1).rows), [0, 1, 2, 3]);
  const a = sampleRows(1000, 50, 7);
  const b = sampleRows(1000, 50, 7);
  assert.ok(a.sampled);
  assert.equal(a.rows.length, 50);
  assert.deepEqual(a.rows, b.rows);
  assert.ok(a.rows.every((v, i) => i === 0 || v > a.rows[i - 1]));
  assert.notDeepEqual(Array.from(sampleRows(1000, 50, 8).rows), Array.from(a.rows));
});
