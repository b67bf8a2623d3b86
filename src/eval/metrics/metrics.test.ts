/** Metrics against values printed by scikit-learn 1.2.1 for the same small inputs, plus edge cases. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConvoptError } from '../../core/errors.js';
import { METRICS, explainedVariance, mae, meanPoissonDeviance, meanPoissonDevianceClipped, mse, r2, rmse } from './index.js';

const yt = [3, 0, 2, 7, 1.5];
const yp = [2.5, 0.1, 2, 8, 1];
const w = [1, 2, 0.5, 1, 3];

function close(a: number, b: number, tol = 1e-12): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
}

test('metrics match scikit-learn, unweighted and weighted', () => {
  close(r2(yt, yp), 0.9456834532374101);
  close(r2(yt, yp, w), 0.9418146903504561);
  close(mse(yt, yp), 0.302);
  close(mse(yt, yp, w), 0.2693333333333333);
  close(rmse(yt, yp, w), 0.518973345494095);
  close(mae(yt, yp), 0.42000000000000004);
  close(mae(yt, yp, w), 0.4266666666666667);
  close(meanPoissonDeviance(yt, yp), 0.12817703366898084);
  close(meanPoissonDeviance(yt, yp, w), 0.16982344226585208);
  close(explainedVariance(yt, yp), 0.9457553956834532);
  close(explainedVariance(yt, yp, w), 0.9442726836293807);
});

test('constant target: R² and explained variance are finite like sklearn force_finite', () => {
  assert.equal(r2([2, 2, 2], [2, 2, 2]), 1);
  assert.equal(r2([2, 2, 2], [1, 2, 3]), 0);
  assert.equal(explainedVariance([2, 2], [2, 2]), 1);
  assert.equal(explainedVariance([2, 2], [1, 3]), 0);
});

test('registry knows directions', () => {
  assert.equal(METRICS.r2.greaterIsBetter, true);
  assert.equal(METRICS.rmse.greaterIsBetter, false);
  assert.equal(METRICS.meanPoissonDeviance.fn([1], [1]), 0);
});

test('bad input is a typed error naming the row', () => {
  assert.throws(() => r2([1, 2], [1]), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_ARGUMENT');
  assert.throws(() => mse([], []), ConvoptError);
  assert.throws(() => mae([1, NaN], [1, 2]), (e: unknown) => e instanceof ConvoptError && e.location.row === 2);
  assert.throws(() => mse([1, 2], [1, 2], [1, -1]), (e: unknown) => e instanceof ConvoptError && e.location.row === 2);
  assert.throws(() => mse([1, 2], [1, 2], [0, 0]), ConvoptError);
  assert.throws(() => meanPoissonDeviance([1, 2], [1, -0.5]), (e: unknown) => e instanceof ConvoptError && /predictions > 0/.test(e.message));
  assert.throws(() => meanPoissonDeviance([-1], [1]), ConvoptError);
  assert.equal(meanPoissonDevianceClipped([0, 2], [-0.5, 2]), meanPoissonDeviance([0, 2], [1e-9, 2]));
  assert.throws(() => meanPoissonDevianceClipped([1], [NaN]), ConvoptError);
});
