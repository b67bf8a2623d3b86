import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRows, matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { cv5R2, holdoutR2, referenceScores, seedData } from '../tree/testing/parity.js';
import { AdaBoostRegressor, weightedBootstrapCounts, weightedMedian } from './index.js';
import { weightedBootstrapCountsBisect } from './resample.js';

// Tolerance 0.03 (the brief's): AdaBoost.R2 resamples rows at random each round, so it cannot match
// scikit-learn's random stream; scikit-learn's own holdout R² over seeds 0–4 spans 0.629–0.697.
const TOL = 0.03;

test('default AdaBoost matches scikit-learn on the reference holdout and 5 folds', () => {
  const ref = referenceScores('AdaBoostRegressor');
  const h = holdoutR2(() => new AdaBoostRegressor());
  const c = cv5R2(() => new AdaBoostRegressor());
  assert.ok(Math.abs(h - ref.holdout) <= TOL, `holdout R² ${h} vs scikit-learn ${ref.holdout}`);
  assert.ok(Math.abs(c - ref.cv5) <= TOL, `5-fold R² ${c} vs scikit-learn ${ref.cv5}`);
});

test('weighted median picks the first prediction whose cumulative weight reaches half', () => {
  const preds = [Float64Array.of(1, 10), Float64Array.of(2, 30), Float64Array.of(3, 20)];
  assert.deepEqual(Array.from(weightedMedian(preds, [1, 1, 1])), [2, 20]);
  assert.deepEqual(Array.from(weightedMedian(preds, [5, 1, 1])), [1, 10]);
  assert.deepEqual(Array.from(weightedMedian(preds, [1, 1, 2])), [2, 20]); // cdf 1, 2 ≥ 2 → second smallest
  // Brute-force twin on random data.
  const rng = new Rng(4);
  const many = Array.from({ length: 7 }, () => Float64Array.from({ length: 30 }, () => rng.random()));
  const w = Array.from({ length: 7 }, () => rng.random());
  const got = weightedMedian(many, w);
  const total = w.reduce((s, v) => s + v, 0);
  for (let i = 0; i < 30; i++) {
    const order = [...many.keys()].sort((a, b) => many[a][i] - many[b][i]);
    let cdf = 0;
    const pick = order.find((e) => (cdf += w[e]) >= total / 2) as number;
    assert.equal(got[i], many[pick][i]);
  }
});

test('weighted resampling draws in proportion to the weights and never draws zero weights', () => {
  const counts = weightedBootstrapCounts(Float64Array.of(0, 1, 3, 0), 40_000, new Rng(1));
  assert.equal(counts[0] + counts[3], 0);
  assert.ok(Math.abs(counts[2] / counts[1] - 3) < 0.15, `ratio ${counts[2] / counts[1]}`);
});

test('a perfect first tree stops boosting with weight 1', () => {
  // A wide gap between the two groups: any bootstrap that holds both groups splits them perfectly.
  const x = Float64Array.from({ length: 16 }, (_, i) => (i < 8 ? i : 100 + i));
  const y = Float64Array.from(x, (v) => (v < 50 ? 0 : 4));
  const m = new AdaBoostRegressor().fit(matrix([x]), y);
  assert.equal(m.estimators_.length, 1);
  assert.deepEqual(Array.from(m.estimatorWeights_), [1]);
  assert.deepEqual(Array.from(m.predict(matrix([x]))), Array.from(y));
});

test('every loss trains, errors stay below 0.5, and a fit reloads byte-identically', () => {
  const { X, y } = seedData();
  for (const loss of ['linear', 'square', 'exponential'] as const) {
    const m = new AdaBoostRegressor({ loss, nEstimators: 10 }).fit(X, y);
    for (const e of m.estimatorErrors_) assert.ok(e >= 0 && e < 0.5);
    const json = JSON.stringify(m.toJSON());
    assert.equal(json, JSON.stringify(new AdaBoostRegressor({ loss, nEstimators: 10 }).fit(X, y).toJSON()));
    assert.deepEqual(AdaBoostRegressor.fromJSON(JSON.parse(json)).predict(X), m.predict(X));
  }
});

test('bad parameters, inputs and files give typed errors', () => {
  const X = fromRows([[1], [2], [3]]);
  const y = Float64Array.of(1, 2, 3);
  assert.throws(() => new AdaBoostRegressor({ loss: 'huber' as never }).fit(X, y), (e: unknown) => e instanceof ConvoptError && e.location.path === 'loss');
  assert.throws(() => new AdaBoostRegressor({ learningRate: 0 }).fit(X, y), (e: unknown) => e instanceof ConvoptError && e.location.path === 'learningRate');
  assert.throws(() => new AdaBoostRegressor().fit(fromRows([[1], [Infinity], [3]]), y), (e: unknown) => e instanceof ConvoptError && e.location.row === 2);
  assert.throws(() => new AdaBoostRegressor().predict(X), (e: unknown) => e instanceof ConvoptError && e.code === 'NOT_FITTED');
  const doc = new AdaBoostRegressor({ nEstimators: 3 }).fit(fromRows([[1], [2], [3], [4]]), Float64Array.of(1, 3, 2, 5)).toJSON();
  assert.throws(() => AdaBoostRegressor.fromJSON({ ...doc, state: { ...doc.state, estimatorWeights: [] } }), (e: unknown) => e instanceof ConvoptError && e.code === 'MODEL_FORMAT');
  assert.throws(() => AdaBoostRegressor.fromJSON({ ...doc, formatVersion: 5 }), /newer/);
});

test('the guide-table weighted bootstrap draws exactly the rows of the binary-search twin', () => {
  const rng = new Rng(8);
  const cases = [
    Float64Array.from({ length: 914 }, () => rng.random()),
    Float64Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? 0 : rng.random() ** 8)),
    Float64Array.from({ length: 300 }, (_, i) => (i === 7 ? 1e6 : 1e-9)),
    Float64Array.of(0, 0, 1, 0),
    Float64Array.of(0, 0, 0),
  ];
  for (const w of cases) {
    for (const seed of [1, 2, 3]) {
      const fast = weightedBootstrapCounts(w, w.length, new Rng(seed));
      const bisect = weightedBootstrapCountsBisect(w, w.length, new Rng(seed));
      assert.deepEqual(Array.from(fast), Array.from(bisect));
    }
  }
});
