import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConvoptError } from '../../../core/errors.js';
import { weightedMedian } from './absolute-error.js';
import { HGB_LOSSES, makeLoss } from './index.js';

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
