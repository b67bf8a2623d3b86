/**
 * Cleaning: duplicates (exact vs conflicting ad_id), missing-value policies, IQR fences (numpy's
 * linear quantiles), optional capping, and safeRatio's division-by-zero rules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanFrame, quantileSorted, safeRatio } from './clean.js';
import { frameFromArrays } from './frame.js';
import { ConvoptError } from '../core/errors.js';
import { strictlyIncreasing } from './validate.js';

const ads = () =>
  frameFromArrays({
    ad_id: [1, 2, 2, 3, 1, 4],
    age: ['30-34', '35-39', '35-39', null, '30-34', '35-39'],
    Clicks: [1, 2, 2, 3, 1, NaN],
    Spent: [1.5, NaN, NaN, 4, 1.5, 10],
    Approved_Conversion: [0, 1, 2, 1, 0, 1],
  });

test('duplicates: exact copies and conflicting ad_ids are removed, first row wins', () => {
  const { frame, report } = cleanFrame(ads(), { outlierColumns: [], missing: { Spent: 'zero', Clicks: 'zero' } });
  assert.equal(report.exactDuplicates, 1); // row 5 copies row 1
  assert.equal(report.conflictingAdIds, 1); // row 3 reuses ad_id 2 with Approved 2
  assert.deepEqual(Array.from(frame.numeric('ad_id')), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(frame.numeric('Approved_Conversion')), [0, 1, 1, 1]);
});

test('missing values: median, mode, zero and drop, each reported', () => {
  const { frame, report } = cleanFrame(ads(), { outlierColumns: [] });
  // Spent median over the kept rows' present values (1.5, 4, 10) = 4; Clicks median of (1, 2, 3) = 2.
  assert.deepEqual(Array.from(frame.numeric('Spent')), [1.5, 4, 4, 10]);
  assert.deepEqual(Array.from(frame.numeric('Clicks')), [1, 2, 3, 2]);
  assert.deepEqual(frame.toRecords().map((r) => r.age), ['30-34', '35-39', '35-39', '35-39']);
  assert.deepEqual(report.missing, [
    { column: 'age', policy: 'mode', count: 1, fill: '35-39' },
    { column: 'Clicks', policy: 'median', count: 1, fill: 2 },
    { column: 'Spent', policy: 'median', count: 1, fill: 4 },
  ]);
  const dropped = cleanFrame(ads(), { outlierColumns: [], missing: { Spent: 'drop' } });
  assert.equal(dropped.report.missingDropped, 1);
  assert.deepEqual(Array.from(dropped.frame.numeric('ad_id')), [1, 3, 4]);
});

test('missing-value policies are checked', () => {
  assert.throws(() => cleanFrame(ads(), { missing: { age: 'median' } }), (e: ConvoptError) => e.code === 'INVALID_PARAMETER' && /categorical/.test(e.message));
  assert.throws(() => cleanFrame(ads(), { missing: { nope: 'zero' } }), (e: ConvoptError) => e.code === 'INVALID_PARAMETER' && e.location.path === 'missing.nope');
});

test('IQR fences match numpy linear quantiles; capping is optional', () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];
  const f = frameFromArrays({ ad_id: values.map((_, i) => i), Spent: values });
  const { report, outlierRows } = cleanFrame(f, { outlierColumns: ['Spent'] });
  // numpy.percentile([1..9, 100], [25, 75]) = [3.25, 7.75]
  assert.deepEqual(report.outliers[0], { column: 'Spent', q1: 3.25, q3: 7.75, lower: 3.25 - 1.5 * 4.5, upper: 7.75 + 1.5 * 4.5, below: 0, above: 1, capped: false });
  assert.deepEqual(Array.from(outlierRows), [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  const capped = cleanFrame(f, { outlierColumns: ['Spent'], capOutliers: true });
  assert.equal(capped.frame.numeric('Spent')[9], 14.5);
  assert.equal(quantileSorted([], 0.5), NaN);
});

test('safeRatio: 0/0 → 0, x/0 → NaN by default, configurable, missing stays missing', () => {
  assert.deepEqual(Array.from(safeRatio([0, 5, 6, NaN, 1], [0, 0, 3, 2, NaN])), [0, NaN, 2, NaN, NaN]);
  assert.deepEqual(Array.from(safeRatio([0, 5], [0, 0], { zeroOverZero: -1, nonZeroOverZero: 0 })), [-1, 0]);
  assert.throws(() => safeRatio([1], [1, 2]), RangeError);
});

test('sorted unique ad_ids take the no-lookup path and remove nothing', () => {
  const f = frameFromArrays({ ad_id: [1, 2, 5, 9], Spent: [1, 2, 3, 4] });
  const { report } = cleanFrame(f, { outlierColumns: [] });
  assert.equal(report.exactDuplicates + report.conflictingAdIds, 0);
  assert.equal(strictlyIncreasing([1, 2, 5, 9]), true);
  assert.equal(strictlyIncreasing([1, 2, 2]), false);
  assert.equal(strictlyIncreasing([NaN]), false);
});

test('outlier report equals a sort-based reference on every column kind (histogram, selection, no-outlier skip, missing values)', () => {
  const n = 5000;
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const cols = {
    ad_id: Array.from({ length: n }, (_, i) => i + 1),
    Clicks: Array.from({ length: n }, () => (rand() < 0.02 ? NaN : Math.floor(rand() ** 4 * 200))), // small-range integers, skewed
    Impressions: Array.from({ length: n }, () => Math.floor(rand() * 5e6)), // wide integer range
    Spent: Array.from({ length: n }, () => Math.round(rand() * 1e4) / 100), // fractions
    Total_Conversion: Array.from({ length: n }, () => 1 + Math.floor(rand() * 3)), // no outliers possible
  };
  const frame = frameFromArrays(cols);
  const { report, outlierRows } = cleanFrame(frame, { missing: { Clicks: 'zero' }, outlierColumns: ['Clicks', 'Impressions', 'Spent', 'Total_Conversion'] });
  const expectRows = new Uint8Array(n);
  for (const o of report.outliers) {
    const v = o.column === 'Clicks' ? cols.Clicks.map((x) => (Number.isNaN(x) ? 0 : x)) : cols[o.column as keyof typeof cols];
    const sorted = [...v].sort((a, b) => a - b);
    const q1 = quantileSorted(sorted, 0.25);
    const q3 = quantileSorted(sorted, 0.75);
    const lower = q1 - 1.5 * (q3 - q1);
    const upper = q3 + 1.5 * (q3 - q1);
    v.forEach((x, i) => (x < lower || x > upper ? (expectRows[i] = 1) : 0));
    assert.deepEqual(o, { column: o.column, q1, q3, lower, upper, below: v.filter((x) => x < lower).length, above: v.filter((x) => x > upper).length, capped: false });
  }
  assert.ok(report.outliers.find((o) => o.column === 'Clicks')!.above > 0);
  assert.deepEqual(outlierRows, expectRows);
});
