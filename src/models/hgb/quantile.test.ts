import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { HistGradientBoostingRegressor } from './regressor.js';
import { percentileInPlace } from './loss/select.js';

interface Reference {
  readonly x: number[];
  readonly y: number[];
  readonly grid: number[];
  readonly hgb_fits: { quantile: number; baseline: number; n_iter: number; grid_predictions: number[] }[];
}
const ref = JSON.parse(readFileSync(new URL('../../../test/fixtures/gradient-boosting/gb_quantile_reference.json', import.meta.url), 'utf8')) as Reference;

test('quantile loss reproduces scikit-learn on one feature: baseline and predictions', () => {
  // Histograms sum gradients per bin, and every split is a bin boundary: no order-dependent ties as in
  // exact-split boosting, so the whole fit agrees to rounding.
  const X = matrix([Float64Array.from(ref.x)]);
  const y = Float64Array.from(ref.y);
  for (const f of ref.hgb_fits) {
    const m = new HistGradientBoostingRegressor({ loss: 'quantile', quantile: f.quantile, maxIter: 60 }).fit(X, y);
    assert.ok(Math.abs(m.baseline_ - f.baseline) <= 1e-12, `quantile ${f.quantile}: baseline ${m.baseline_} vs ${f.baseline}`);
    assert.equal(m.nIter_, f.n_iter);
    const p = m.predict(matrix([Float64Array.from(ref.grid)]));
    p.forEach((v, k) => assert.ok(Math.abs(v - f.grid_predictions[k]!) <= 1e-9, `quantile ${f.quantile}, grid point ${k}: ${v} vs ${f.grid_predictions[k]}`));
  }
});

test('percentiles interpolate as NumPy does', () => {
  assert.equal(percentileInPlace(Float64Array.of(4, 1, 3, 2), 0.5), 2.5);
  assert.ok(Math.abs(percentileInPlace(Float64Array.of(5, 4, 3, 2, 1), 0.9) - 4.6) < 1e-12);
  assert.equal(percentileInPlace(Float64Array.of(7), 0.3), 7);
  assert.equal(percentileInPlace(Float64Array.of(1, 2), 1), 2);
});

test('loss "quantile" needs a quantile, in (0, 1)', () => {
  const X = matrix([Float64Array.from({ length: 40 }, (_, i) => i)]);
  const y = Float64Array.from({ length: 40 }, (_, i) => i % 7);
  assert.throws(() => new HistGradientBoostingRegressor({ loss: 'quantile' }).fit(X, y), (e: unknown) => e instanceof ConvoptError && e.location.path === 'quantile');
  assert.throws(() => new HistGradientBoostingRegressor({ loss: 'quantile', quantile: 1 }).fit(X, y), (e: unknown) => e instanceof ConvoptError && e.location.path === 'quantile');
  // Weighted fits take scikit-learn's weighted percentile; doubling every weight changes nothing.
  const w = new Float64Array(40).fill(1);
  const a = new HistGradientBoostingRegressor({ loss: 'quantile', quantile: 0.8, maxIter: 10 }).fit(X, y, { sampleWeight: w }).predict(X);
  const b = new HistGradientBoostingRegressor({ loss: 'quantile', quantile: 0.8, maxIter: 10 }).fit(X, y, { sampleWeight: w.map(() => 2) }).predict(X);
  assert.deepEqual(b, a);
});
