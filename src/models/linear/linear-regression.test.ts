/**
 * LinearRegression against the scikit-learn reference (seed features, the reference's exact holdout
 * rows and 5 fixed folds) and its invariants. Tolerances: coefficients 1e-6 relative as the reference
 * was printed from a different solver (LAPACK gelsd); our solution agrees to ~1e-10 in practice.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromRows, take, takeRows } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { mae, mse, r2, rmse } from '../../eval/metrics/index.js';
import { foldsFromAssignment, holdoutSplit } from '../../eval/split/index.js';
import { seedFeatureMatrix } from '../../features/index.js';
import { kagFrame } from '../../features/testing.js';
import { LinearRegression } from './index.js';
import { referencePath } from '../../../test/helpers/reference.js';

interface SeedRef {
  feature_columns: string[];
  split: { test_row_indices: number[] };
  models: { LinearRegression: { holdout_r2: number; holdout_rmse: number; holdout_mse: number; holdout_mae: number; cv5_r2_mean: number; cv5_r2_std: number } };
  linear_regression_fit: { intercept: number; coef: Record<string, number> };
  cv5_fold_of_row: number[];
}
const ref = JSON.parse(readFileSync(referencePath('sklearn_seed_reference.json'), 'utf8')) as SeedRef;

function seedData() {
  const frame = kagFrame();
  return { X: seedFeatureMatrix(frame), y: Float64Array.from(frame.numeric('Approved_Conversion')) };
}

test('parity: holdout fit matches scikit-learn coefficients, intercept and metrics', () => {
  const { X, y } = seedData();
  const split = holdoutSplit(X.nRows, { testRows: ref.split.test_row_indices });
  assert.equal(split.train.length, 914);
  const m = new LinearRegression().fit(takeRows(X, split.train), take(y, split.train));
  ref.feature_columns.forEach((name, j) => {
    const want = ref.linear_regression_fit.coef[name];
    assert.ok(Math.abs(m.coef_[j] - want) <= 1e-6 * Math.abs(want), `${name}: ${m.coef_[j]} vs ${want}`);
  });
  const i0 = ref.linear_regression_fit.intercept;
  assert.ok(Math.abs(m.intercept_ - i0) <= 1e-6 * Math.abs(i0), `intercept ${m.intercept_} vs ${i0}`);
  const yt = take(y, split.test);
  const p = m.predict(takeRows(X, split.test));
  const want = ref.models.LinearRegression;
  assert.ok(Math.abs(r2(yt, p) - want.holdout_r2) < 1e-4, `r2 ${r2(yt, p)}`);
  assert.ok(Math.abs(rmse(yt, p) - want.holdout_rmse) < 1e-6);
  assert.ok(Math.abs(mse(yt, p) - want.holdout_mse) < 1e-6);
  assert.ok(Math.abs(mae(yt, p) - want.holdout_mae) < 1e-6);
  assert.deepEqual(m.featureNamesIn_, ref.feature_columns);
});

test('parity: 5-fold CV R² with the reference folds', () => {
  const { X, y } = seedData();
  const scores = foldsFromAssignment(ref.cv5_fold_of_row).map((f) => r2(take(y, f.test), new LinearRegression().fit(takeRows(X, f.train), take(y, f.train)).predict(takeRows(X, f.test))));
  const mean = scores.reduce((a, b) => a + b) / scores.length;
  const std = Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / scores.length);
  assert.ok(Math.abs(mean - ref.models.LinearRegression.cv5_r2_mean) < 1e-6, `cv mean ${mean}`);
  assert.ok(Math.abs(std - ref.models.LinearRegression.cv5_r2_std) < 1e-6, `cv std ${std}`);
});

test('exact recovery of a noiseless linear function, with and without intercept', () => {
  const X = fromRows([[1, 2], [2, 1], [3, 5], [4, 3], [5, 8]]); // prettier-ignore
  const y = Float64Array.from({ length: 5 }, (_, i) => 3 + 2 * X.columns[0][i] - 0.5 * X.columns[1][i]);
  const m = new LinearRegression().fit(X, y);
  assert.ok(Math.abs(m.coef_[0] - 2) < 1e-12 && Math.abs(m.coef_[1] + 0.5) < 1e-12 && Math.abs(m.intercept_ - 3) < 1e-12);
  const y0 = Float64Array.from({ length: 5 }, (_, i) => 2 * X.columns[0][i] - 0.5 * X.columns[1][i]);
  const m0 = new LinearRegression({ fitIntercept: false }).fit(X, y0);
  assert.equal(m0.intercept_, 0);
  assert.ok(Math.abs(m0.coef_[0] - 2) < 1e-12);
});

test('rank deficient: duplicate columns share the weight (minimum norm, as lstsq); constant column gets 0', () => {
  const x = [1, 2, 3, 4, 6];
  const X = fromRows(x.map((v) => [v, v, 7]));
  const y = Float64Array.from(x, (v) => 1 + 4 * v);
  const m = new LinearRegression().fit(X, y);
  assert.equal(m.rank_, 1);
  assert.ok(Math.abs(m.coef_[0] - 2) < 1e-10 && Math.abs(m.coef_[1] - 2) < 1e-10, `${m.coef_}`);
  assert.ok(Math.abs(m.coef_[2]) < 1e-12);
  assert.ok(Math.abs(m.intercept_ - 1) < 1e-9);
  // Duplicates at different scales: minimum norm on the original coefficients (sklearn: 0.8, 0.4).
  const X2 = fromRows(x.map((v) => [v, 2 * v]));
  const m2 = new LinearRegression().fit(X2, y);
  assert.ok(Math.abs(m2.coef_[0] - 0.8) < 1e-10 && Math.abs(m2.coef_[1] - 1.6) < 1e-10, `${m2.coef_}`);
});

test('constant target and a single row: coefficients 0, intercept = the target', () => {
  const X = fromRows([[1, 5], [2, 3], [3, 9]]); // prettier-ignore
  const m = new LinearRegression().fit(X, Float64Array.from([4, 4, 4]));
  assert.deepEqual([...m.coef_].map((c) => Math.abs(c) < 1e-15), [true, true]);
  assert.equal(m.intercept_, 4);
  const one = new LinearRegression().fit(fromRows([[1, 2]]), Float64Array.from([7]));
  assert.deepEqual([...one.predict(fromRows([[10, -3]]))], [7]);
});

test('sample weights equal row repetition', () => {
  const X = fromRows([[1], [2], [3], [4]]);
  const y = Float64Array.from([1, 3, 2, 5]);
  const w = Float64Array.from([1, 2, 1, 3]);
  const rep = fromRows([[1], [2], [2], [3], [4], [4], [4]]);
  const a = new LinearRegression().fit(X, y, { sampleWeight: w });
  const b = new LinearRegression().fit(rep, Float64Array.from([1, 3, 3, 2, 5, 5, 5]));
  assert.ok(Math.abs(a.coef_[0] - b.coef_[0]) < 1e-12 && Math.abs(a.intercept_ - b.intercept_) < 1e-12);
});

test('bad input and bad parameters are typed errors', () => {
  const X = fromRows([[1], [NaN]]);
  assert.throws(() => new LinearRegression().fit(X, Float64Array.from([1, 2])), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_DATA' && e.location.row === 2);
  assert.throws(() => new LinearRegression({ fitIntercept: 'yes' as unknown as boolean }).fit(fromRows([[1]]), Float64Array.from([1])), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_PARAMETER');
  const m = new LinearRegression().fit(fromRows([[1, 2], [3, 4]]), Float64Array.from([1, 2]));
  assert.throws(() => m.predict(fromRows([[1]])), (e: unknown) => e instanceof ConvoptError && /2/.test(e.message));
  assert.throws(() => new LinearRegression().coef_, (e: unknown) => e instanceof ConvoptError && e.code === 'NOT_FITTED');
});

test('more features than rows: the minimum-norm solution scikit-learn returns', () => {
  const X = fromRows([[1, 2, 0.5, 3, -1], [2, 0, 1.5, 1, 4], [0, 1, 2, 2, 0], [3, 3, 0, 1, 1]]); // prettier-ignore
  const m = new LinearRegression().fit(X, Float64Array.from([1, 3, 2, 5]));
  // sklearn 1.2.1 LinearRegression().fit(X, y)
  const want = [0.22302158273381278, 0.8393285371702632, 0.40287769784172633, -1.4124700239808148, 0.045563549160671735];
  want.forEach((w, j) => assert.ok(Math.abs(m.coef_[j] - w) < 1e-10, `coef ${j}: ${m.coef_[j]} vs ${w}`));
  assert.ok(Math.abs(m.intercept_ - 3.179856115107914) < 1e-10);
  assert.equal(m.rank_, 3);
});
