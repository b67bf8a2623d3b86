/**
 * The histogram quantiles must equal selection's (`quantilesInPlace`, itself equal to sorting)
 * bit for bit, and decline whenever a histogram cannot represent the column; the one-pass scan
 * must report what separate passes would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantilesInPlace } from '../core/select.js';
import { Rng } from '../core/rng.js';
import { SummaryAccumulator, countingQuantiles, scanColumn } from './column-stats.js';
import { strictlyIncreasing } from './validate.js';

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

test('a summary accumulated chunk by chunk equals one scan, and `increasing` equals strictlyIncreasing', () => {
  const rng = new Rng(11);
  const cases: number[][] = [[], [NaN], [NaN, 1, 2], [-Infinity, 0, 1], [1, 2, 2], [3, 1.5, 9], [0, -0, 1], [1, Infinity], [5]];
  for (let c = 0; c < 20; c++) {
    let x = rng.int(10) - 5;
    cases.push(Array.from({ length: 1 + rng.int(5000) }, () => (rng.random() < 0.001 ? NaN : (x += rng.random() < 0.999 ? 1 + rng.int(3) : -1))));
  }
  for (const xs of cases) {
    const v = Float64Array.from(xs);
    const whole = scanColumn(v);
    const acc = new SummaryAccumulator();
    for (let from = 0; from < v.length; ) {
      const to = Math.min(v.length, from + 1 + rng.int(2048));
      acc.add(v, from, to);
      from = to;
    }
    assert.deepEqual({ ...acc.finish(), values: v }, whole);
    assert.equal(whole.increasing, strictlyIncreasing(v), JSON.stringify(xs.slice(0, 5)));
    const present = xs.filter((x) => !Number.isNaN(x));
    assert.equal(whole.nan, xs.length - present.length);
    if (present.length) {
      // === rather than Object.is: which zero is the minimum of {0, -0} does not matter here.
      assert.ok(whole.min === Math.min(...present) && whole.max === Math.max(...present));
      assert.equal(whole.integral, present.every((x) => Number.isInteger(x)));
    }
  }
});
