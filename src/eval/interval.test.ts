import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConvoptError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { PredictionInterval, crossValidatedCoverage, intervalCoverage } from './interval.js';

/** Poisson counts around means from 0.2 to 20 (the spread of the ads' conversions). */
function counts(n: number, seed: number): { mu: Float64Array; y: Float64Array } {
  const rng = new Rng(seed);
  const mu = Float64Array.from({ length: n }, () => 0.2 + 19.8 * rng.random() ** 2);
  const y = mu.map((m) => rng.poisson(m));
  return { mu, y };
}

test('an 80 % interval calibrated on one sample covers about 80 % of a fresh one, wider for larger predictions', () => {
  const cal = counts(2000, 1);
  const fresh = counts(4000, 2);
  const pi = PredictionInterval.calibrate(cal.y, cal.mu, 0.8);
  const c = intervalCoverage(pi, fresh.y, fresh.mu);
  assert.ok(Math.abs(c.coverage - 0.8) < 0.03, `coverage ${c.coverage}`);
  const [lo1, hi1] = pi.bounds(1);
  const [lo10, hi10] = pi.bounds(10);
  assert.ok(hi10 - lo10 > hi1 - lo1, 'the interval widens with the prediction');
  assert.ok(lo1 <= 1 && hi1 >= 1 && lo10 <= 10 && hi10 >= 10, 'each interval contains its prediction');
  assert.equal(pi.bounds(0)[0], 0, 'counts: the lower end never goes below 0');
  assert.deepEqual(pi.bounds(NaN), [NaN, NaN]);
  // A higher level is wider.
  const [lo95, hi95] = PredictionInterval.calibrate(cal.y, cal.mu, 0.95).bounds(10);
  assert.ok(hi95 - lo95 > hi10 - lo10);
});

test('cross-validated coverage calibrates on the other folds and measures on each', () => {
  const { mu, y } = counts(1000, 3);
  const folds = Int32Array.from({ length: 1000 }, (_, i) => i % 5);
  const c = crossValidatedCoverage(y, mu, folds, 0.8);
  assert.equal(c.n, 1000);
  assert.ok(Math.abs(c.coverage - 0.8) < 0.05, `coverage ${c.coverage}`);
  assert.ok(c.meanWidth > 0);
  // Predictions that are systematically too low are caught by the scores, not assumed away.
  const biased = mu.map((m) => m / 2);
  const b = crossValidatedCoverage(y, biased, folds, 0.8);
  assert.ok(Math.abs(b.coverage - 0.8) < 0.05, `biased coverage ${b.coverage}`);
  assert.ok(b.meanWidth > c.meanWidth, 'a worse model gets wider intervals');
});

test('JSON round trip, too few residuals and malformed files are typed errors', () => {
  const { mu, y } = counts(200, 4);
  const pi = PredictionInterval.calibrate(y, mu, 0.8);
  const back = PredictionInterval.fromJSON(JSON.parse(JSON.stringify(pi.toJSON())));
  assert.deepEqual(back.bounds(3.5), pi.bounds(3.5));
  assert.equal(back.nCalibration, 200);
  assert.throws(() => PredictionInterval.calibrate(y.slice(0, 5), mu.slice(0, 5), 0.8), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_DATA' && /at least 9/.test(e.message));
  assert.throws(() => PredictionInterval.calibrate(y, mu, 1), (e: unknown) => e instanceof ConvoptError && e.location.path === 'level');
  for (const bad of [null, { ...pi.toJSON(), method: 'x' }, { ...pi.toJSON(), level: 2 }, { ...pi.toJSON(), lowScore: 5, highScore: 1 }, { ...pi.toJSON(), nCalibration: 0 }]) {
    assert.throws(() => PredictionInterval.fromJSON(bad), (e: unknown) => e instanceof ConvoptError && e.code === 'MODEL_FORMAT', JSON.stringify(bad));
  }
});
