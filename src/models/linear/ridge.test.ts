/**
 * Ridge against scikit-learn 1.2.1 (seed features, reference holdout rows; values printed by sklearn,
 * whose own Cholesky warned of ill-conditioning, so 1e-8 relative), and its limits: α → 0 gives OLS.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromRows, take, takeRows } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { holdoutSplit } from '../../eval/split/index.js';
import { seedFeatureMatrix } from '../../features/index.js';
import { kagFrame } from '../../features/testing.js';
import { LinearRegression, Ridge } from './index.js';
import { referencePath } from '../../../test/helpers/reference.js';

const testRows = (JSON.parse(readFileSync(referencePath('sklearn_seed_reference.json'), 'utf8')) as { split: { test_row_indices: number[] } }).split.test_row_indices;

function train() {
  const frame = kagFrame();
  const X = seedFeatureMatrix(frame);
  const y = Float64Array.from(frame.numeric('Approved_Conversion'));
  const s = holdoutSplit(X.nRows, { testRows });
  return { X: takeRows(X, s.train), y: take(y, s.train) };
}

// sklearn: Ridge(alpha=1.0).fit(X_train, y_train) and Ridge(alpha=10).fit(..., sample_weight=i % 3 + 1).
const SK_ALPHA1 = { intercept: 0.07988689221099887, coef: [-0.0032016059967521515, 5.075133101340584e-7, -0.006513076520010074, 0.002042446044336824, 0.34001852212111133, -0.03875135470931806, -0.0037482700068946035, 0.0020007393577112856, 0.09880470333931703, -7.482990033815153e-10, -0.009388620202099983, 0.026428805832678547, 0.0005122901935593508, 5.965836869771601e-5, 0.02652752362809078] };
const SK_ALPHA10_W = { intercept: 0.05186762295338809, coef: [-0.0035311058355974767, 1.73015635794979e-7, -0.001987387215620518, -0.00016606011203192553, 0.34540676896680583, -0.006167605400519902, 0.04146927014474429, -0.0020238188517590237, 0.10407022300437524, -6.63300214643287e-10, 1.9500935701880137e-5, -0.002486337258936406, -6.629186892922067e-5, -9.736503030517146e-5, 0.004976670231040382] };

function assertClose(got: ArrayLike<number>, want: readonly number[], rel: number): void {
  want.forEach((w, j) => assert.ok(Math.abs(got[j] - w) <= rel * Math.abs(w), `coef ${j}: ${got[j]} vs ${w}`));
}

test('parity with scikit-learn Ridge, unweighted and weighted', () => {
  const { X, y } = train();
  const a = new Ridge().fit(X, y);
  assertClose(a.coef_, SK_ALPHA1.coef, 1e-8);
  assert.ok(Math.abs(a.intercept_ - SK_ALPHA1.intercept) < 1e-10);
  const w = Float64Array.from({ length: y.length }, (_, i) => (i % 3) + 1);
  const b = new Ridge({ alpha: 10 }).fit(X, y, { sampleWeight: w });
  assertClose(b.coef_, SK_ALPHA10_W.coef, 1e-8);
  assert.ok(Math.abs(b.intercept_ - SK_ALPHA10_W.intercept) < 1e-10);
});

test('alpha → 0 converges to OLS; alpha = 0 is OLS', () => {
  const { X, y } = train();
  const ols = new LinearRegression().fit(X, y);
  const r0 = new Ridge({ alpha: 0 }).fit(X, y);
  assertClose(r0.coef_, [...ols.coef_], 1e-9);
  const tiny = new Ridge({ alpha: 1e-12 }).fit(X, y);
  assertClose(tiny.coef_, [...ols.coef_], 1e-4);
});

test('larger alpha shrinks the coefficient norm; duplicates split evenly', () => {
  const X = fromRows([[1, 1], [2, 2], [3, 3], [5, 5]]); // prettier-ignore
  const y = Float64Array.from([2, 4, 6, 10]);
  const norms = [0.01, 1, 100].map((alpha) => Math.hypot(...new Ridge({ alpha }).fit(X, y).coef_));
  assert.ok(norms[0] > norms[1] && norms[1] > norms[2]);
  const r = new Ridge({ alpha: 1e-14 }).fit(X, y);
  assert.ok(Math.abs(r.coef_[0] - 1) < 1e-6 && Math.abs(r.coef_[1] - 1) < 1e-6, `${r.coef_}`);
});

test('negative alpha is a typed INVALID_PARAMETER naming alpha', () => {
  assert.throws(
    () => new Ridge({ alpha: -1 }).fit(fromRows([[1], [2]]), Float64Array.from([1, 2])),
    (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_PARAMETER' && e.location.path === 'alpha',
  );
  assert.throws(() => new Ridge({ alhpa: 1 } as unknown as { alpha: number }).fit(fromRows([[1]]), Float64Array.from([1])), (e: unknown) => e instanceof ConvoptError && /alhpa/.test(e.message));
});

test('non-finite X or y: the typed error naming the row, though the scan now waits for the design sums', () => {
  const bad = fromRows([[1, 2], [3, Infinity], [5, 6]]);
  const y = Float64Array.from([1, 2, 3]);
  const named = (row: number) => (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_DATA' && e.location.row === row;
  for (const make of [() => new Ridge(), () => new LinearRegression()]) {
    assert.throws(() => make().fit(bad, y), named(2));
    assert.throws(() => make().fit(fromRows([[1], [2], [3]]), Float64Array.from([1, 2, NaN])), named(3));
    // Finite values whose sum overflows are not an error (as before): the rescan finds nothing.
    assert.doesNotThrow(() => make().fit(fromRows([[1e308], [1e308], [1]]), y));
  }
});
