/**
 * The histogram quantiles must equal selection's (`quantilesInPlace`, itself equal to sorting)
 * bit for bit, and decline whenever a histogram cannot represent the column; the one-pass scan
 * must report what separate passes would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantilesInPlace } from '../core/select.js';
import { Rng } from '../core/rng.js';
import { countingQuantiles, scanColumn } from './column-stats.js';

const QS = [0, 0.1, 0.25, 0.5, 0.5, 0.75, 0.9, 1];

function bySelection(v: Float64Array, qs: readonly number[]): number[] {
  return quantilesInPlace(Float64Array.from(v).filter((x) => !Number.isNaN(x)), qs);
}

test('counting quantiles equal selection on integer columns (NaN, negatives, ties, tiny and skewed samples)', () => {
  const rng = new Rng(7);
  const cases: Float64Array[] = [
    Float64Array.of(5),
    Float64Array.of(3, NaN, 3),
    Float64Array.of(-4, 2, NaN, 0, 9, 9, -4, 1),
    Float64Array.from({ length: 1001 }, (_, i) => i % 17),
  ];
  for (const n of [2, 3, 10, 999, 20_000]) {
    cases.push(Float64Array.from({ length: n }, () => (rng.random() < 0.05 ? NaN : Math.floor(rng.random() ** 3 * 300) - 20)));
  }
  for (const v of cases) {
    for (const qs of [QS, [0.25, 0.75], [0.5]]) {
      const got = countingQuantiles(scanColumn(v), qs);
      assert.ok(got, `histogram declined ${v.length} values`);
      assert.deepEqual(got, bySelection(v, qs));
    }
  }
});

test('counting quantiles decline what a histogram cannot hold exactly', () => {
  assert.equal(countingQuantiles(scanColumn(Float64Array.of(1, 2.5, 3)), QS), undefined); // fractions
  assert.equal(countingQuantiles(scanColumn(Float64Array.of(1, -0, 3)), QS), undefined); // -0 (sign kept by selection)
  assert.equal(countingQuantiles(scanColumn(Float64Array.of(1, Infinity)), QS), undefined);
  assert.equal(countingQuantiles(scanColumn(Float64Array.of(NaN, NaN)), QS), undefined); // nothing present
  assert.equal(countingQuantiles(scanColumn(Float64Array.of(0, 1e9)), QS), undefined); // range too wide
});

test('scanColumn: missing count, range and integrality in one pass', () => {
  assert.deepEqual(
    (({ nan, min, max, integral }) => ({ nan, min, max, integral }))(scanColumn(Float64Array.of(NaN, 3, -2, NaN, 8))),
    { nan: 2, min: -2, max: 8, integral: true },
  );
  assert.equal(scanColumn(Float64Array.of(1, 1.5)).integral, false);
  const none = scanColumn(Float64Array.of(NaN));
  assert.ok(Number.isNaN(none.min) && Number.isNaN(none.max) && none.nan === 1);
});
