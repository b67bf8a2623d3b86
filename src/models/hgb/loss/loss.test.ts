import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConvoptError } from '../../../core/errors.js';
import { weightedMedian } from './absolute-error.js';
import { huberLoss } from './huber.js';
import { HGB_LOSSES, makeLoss } from './index.js';
import { lowerQuantileInPlace, medianInPlace } from './select.js';

const y = Float64Array.from([0, 1, 3, 2, 0, 5]);
const raw = Float64Array.from([0.2, -0.5, 1.1, 0.7, -1, 1.5]);
const w = Float64Array.from([1, 2, 0.5, 1, 3, 1]);

/** d(total weighted loss)/d(raw_i) by central differences (loss() is a weighted mean, so × Σw). */
function numericGradient(name: (typeof HGB_LOSSES)[number], i: number, weights: Float64Array | null): number {
  const loss = makeLoss(name, weights !== null);
  const sw = weights ? weights.reduce((a, b) => a + b, 0) : y.length;
  const h = 1e-6;
  const up = Float64Array.from(raw);
  const down = Float64Array.from(raw);
  up[i] += h;
  down[i] -= h;
  return ((loss.loss(y, up, weights) - loss.loss(y, down, weights)) * sw) / (2 * h);
}

test('gradients are the derivative of the loss (squared error, poisson; weighted and not)', () => {
  for (const name of ['squared_error', 'poisson'] as const) {
    for (const weights of [null, w]) {
      const loss = makeLoss(name, weights !== null);
      const g = new Float32Array(y.length);
      const hs = new Float32Array(y.length);
      loss.gradients(y, raw, weights, g, hs);
      for (let i = 0; i < y.length; i++) {
        assert.ok(Math.abs(g[i] - numericGradient(name, i, weights)) < 1e-4, `${name} gradient ${i}`);
        assert.ok(hs[i] > 0, `${name} hessian ${i} positive`);
      }
    }
  }
});

test('baselines: mean (squared error), log of the mean (poisson), median (absolute error)', () => {
  assert.equal(makeLoss('squared_error', false).baseline(y, null), 11 / 6);
  assert.ok(Math.abs(makeLoss('poisson', false).baseline(y, null) - Math.log(11 / 6)) < 1e-15);
  assert.equal(makeLoss('absolute_error', false).baseline(y, null), 1.5);
  assert.equal(makeLoss('squared_error', false).constantHessian, true);
  assert.equal(makeLoss('squared_error', true).constantHessian, false);
});

test('absolute error: sign gradients; weighted median', () => {
  const g = new Float32Array(3);
  makeLoss('absolute_error', false).gradients(Float64Array.from([1, 1, 1]), Float64Array.from([2, 1, 0]), null, g, new Float32Array(3));
  assert.deepEqual([...g], [1, 0, -1]);
  assert.equal(weightedMedian(Float64Array.from([1, 2, 3]), Float64Array.from([1, 1, 5])), 3);
  assert.equal(weightedMedian(Float64Array.from([3, 1, 2]), null), 2);
});

test('poisson refuses negative and all-zero targets with INVALID_DATA naming the row', () => {
  const loss = makeLoss('poisson', false);
  assert.throws(() => loss.checkTarget(Float64Array.from([1, -2])), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_DATA' && e.location.row === 2);
  assert.throws(() => loss.checkTarget(new Float64Array(3)), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_DATA');
  assert.equal(loss.inverseLink(0), 1);
});

test('huber: δ is the alpha quantile of |residual|; gradients are residuals clipped to ±δ, hessian 1', () => {
  const yy = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const rr = Float64Array.from([1, -2, 3, -4, 5, -6, 7, -8, 9, -100]);
  const loss = huberLoss(false, 0.9);
  const g = new Float32Array(10);
  const hs = new Float32Array(10);
  loss.gradients(yy, rr, null, g, hs);
  // |r| sorted: 1..9, 100; the 0.9 quantile (first value reaching 90 % of the weight) is 9.
  assert.equal(loss.delta, 9);
  assert.deepEqual([...g], [1, -2, 3, -4, 5, -6, 7, -8, 9, -9]);
  assert.deepEqual([...hs], new Array(10).fill(1));
  // Inside ±δ the gradient is the derivative of the loss; the outlier's is clipped (|d loss| = δ).
  for (let i = 0; i < 10; i++) {
    const h = 1e-6;
    const up = Float64Array.from(rr);
    const down = Float64Array.from(rr);
    up[i] += h;
    down[i] -= h;
    const numeric = ((loss.loss(yy, up, null) - loss.loss(yy, down, null)) * 10) / (2 * h);
    assert.ok(Math.abs(numeric - g[i]) < 1e-4, `huber gradient ${i}: ${numeric} vs ${g[i]}`);
  }
  // Weighted: weights multiply gradients and hessians, and move the quantile.
  const ww = Float64Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 20]);
  const wl = huberLoss(true, 0.9);
  wl.gradients(yy, rr, ww, g, hs);
  assert.equal(wl.delta, 100);
  assert.equal(g[9], -2000);
  assert.equal(hs[9], 20);
  assert.equal(wl.constantHessian, false);
  assert.equal(loss.constantHessian, true);
});

test('huber leaf value: median residual plus the mean clipped deviation from it', () => {
  const loss = huberLoss(false, 0.5);
  // residuals y − raw = [1, 2, 3, 4, 100]; δ (0.5 quantile of |r|) = 3; median 3;
  // deviations [-2, -1, 0, 1, 97] clipped to ±3 → [-2, -1, 0, 1, 3], mean 0.2.
  const yy = Float64Array.from([1, 2, 3, 4, 100]);
  const rr = new Float64Array(5);
  loss.gradients(yy, rr, null, new Float32Array(5), new Float32Array(5));
  assert.equal(loss.delta, 3);
  const v = loss.leafValue!(yy, rr, null, Uint32Array.from([0, 1, 2, 3, 4]));
  assert.ok(Math.abs(v - 3.2) < 1e-12, `leaf value ${v}`);
  // A subset of samples: residuals [2, 100] → median 51, deviations ±49 clipped to ±3 → mean 0.
  assert.equal(loss.leafValue!(yy, rr, null, Uint32Array.from([1, 4])), 51);
  // Baseline is the median target.
  assert.equal(makeLoss('huber', false).baseline(yy, null), 3);
});

test('median and lower quantile agree with sorting (weighted and unit-weight paths alike)', () => {
  const rng = (() => {
    let s = 7;
    return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  })();
  for (const n of [1, 2, 3, 10, 101, 1000]) {
    const a = Float64Array.from({ length: n }, () => Math.round(rng() * 50));
    const sorted = Float64Array.from(a).sort();
    const med = n % 2 ? sorted[(n - 1) / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    assert.equal(medianInPlace(Float64Array.from(a)), med);
    const ones = new Float64Array(n).fill(1);
    for (const q of [0.1, 0.5, 0.9, 0.999]) assert.equal(lowerQuantileInPlace(Float64Array.from(a), null, q), lowerQuantileInPlace(Float64Array.from(a), ones, q), `n=${n} q=${q}`);
  }
});

test('squared error: the fused leaf-value update equals adding the values, then gradients and their row-order sum', () => {
  const loss = makeLoss('squared_error', false);
  assert.equal(makeLoss('squared_error', true).addLeafValuesAndGradients, undefined, 'weighted gradients differ: no fused pass');
  const n = 1001;
  const yy = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 113) / 7);
  const leafOf = Uint16Array.from({ length: n }, (_, i) => (i * 31) % 5);
  const values = Float64Array.from([0.1, -0.37, 1e-3, 2.5, -0.0625]);
  const rawA = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
  const rawB = Float64Array.from(rawA);
  const gA = new Float32Array(n);
  const indices = Uint32Array.from({ length: n }, (_, i) => n - i);
  const sum = loss.addLeafValuesAndGradients!(yy, rawA, leafOf, values, gA, indices);
  // The separate passes it replaces.
  for (let i = 0; i < n; i++) rawB[i] += values[leafOf[i]];
  const gB = new Float32Array(n);
  loss.gradients(yy, rawB, null, gB, new Float32Array(n));
  let sumB = 0;
  for (let i = 0; i < n; i++) sumB += gB[i];
  assert.deepEqual(rawA, rawB);
  assert.deepEqual(gA, gB);
  assert.equal(sum, sumB);
  assert.deepEqual(indices, Uint32Array.from({ length: n }, (_, i) => i));
});
