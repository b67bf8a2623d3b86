import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRows, matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { cv5R2, holdoutR2, referenceScores, seedData } from '../tree/testing/parity.js';
import { RandomForestRegressor, lastForestThreads, startForestThreads } from './index.js';

// Tolerance 0.03 (the brief's): scikit-learn's reference used random_state=None and a shuffled
// training order, so its forest is one random draw; over seeds 0–4 (rows in data order) its holdout R²
// ranges 0.650–0.670, and ours 0.650–0.659 over seeds 0–3. Exact trees cannot match across RNGs.
const TOL = 0.03;

test('default forest matches scikit-learn on the reference holdout and 5 folds', () => {
  const ref = referenceScores('RandomForestRegressor');
  const make = (): RandomForestRegressor => new RandomForestRegressor({ nJobs: 1 });
  const h = holdoutR2(make);
  const c = cv5R2(make);
  assert.ok(Math.abs(h - ref.holdout) <= TOL, `holdout R² ${h} vs scikit-learn ${ref.holdout}`);
  assert.ok(Math.abs(c - ref.cv5) <= TOL, `5-fold R² ${c} vs scikit-learn ${ref.cv5}`);
});

test('the out-of-bag R² is close to the 5-fold cross-validated R² on the bundled data', () => {
  const { X, y } = seedData();
  const m = new RandomForestRegressor({ nJobs: 1, oobScore: true, nEstimators: 60 }).fit(X, y);
  const cv = cv5R2(() => new RandomForestRegressor({ nJobs: 1, nEstimators: 60 }));
  assert.ok(Math.abs(m.oobScore_ - cv) < 0.05, `OOB ${m.oobScore_} vs CV ${cv}`);
  // With 60 trees every row is out of bag for some tree.
  assert.equal(m.oobPrediction_.filter(Number.isNaN).length, 0);
});

test('results are byte-identical for every nJobs (workers really used)', async () => {
  assert.equal(await startForestThreads(3), true);
  const { X, y } = seedData();
  const fit = (nJobs: number): string => {
    const state = JSON.stringify(new RandomForestRegressor({ nEstimators: 12, nJobs, oobScore: true }).fit(X, y).toJSON().state);
    assert.equal(lastForestThreads(), nJobs);
    return state;
  };
  const one = fit(1);
  assert.equal(fit(2), one);
  assert.equal(fit(3), one);
  const viaAsync = await new RandomForestRegressor({ nEstimators: 12, nJobs: 2, oobScore: true }).fitAsync(X, y);
  assert.equal(JSON.stringify(viaAsync.toJSON().state), one);
});

test('same seed → same bytes; another seed → another forest; JSON round trip predicts identically', () => {
  const { X, y } = seedData();
  const a = new RandomForestRegressor({ nEstimators: 8, nJobs: 1, randomState: 3 }).fit(X, y);
  const b = new RandomForestRegressor({ nEstimators: 8, nJobs: 1 }).fit(X, y, { seed: 3 });
  assert.equal(JSON.stringify(a.toJSON().state), JSON.stringify(b.toJSON().state));
  const c = new RandomForestRegressor({ nEstimators: 8, nJobs: 1, randomState: 4 }).fit(X, y);
  assert.notEqual(JSON.stringify(a.toJSON().state), JSON.stringify(c.toJSON().state));
  const back = RandomForestRegressor.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
  assert.deepEqual(back.predict(X), a.predict(X));
  const imp = a.featureImportances_;
  assert.ok(Math.abs(imp.reduce((s, v) => s + v, 0) - 1) < 1e-12);
});

test('without bootstrap and with all features every tree is the same exact tree', () => {
  const rng = new Rng(2);
  const x = Float64Array.from({ length: 50 }, () => rng.random());
  const y = Float64Array.from(x, (v) => (v > 0.5 ? 2 : 0));
  const m = new RandomForestRegressor({ nEstimators: 3, bootstrap: false, nJobs: 1 }).fit(matrix([x]), y);
  assert.deepEqual(Array.from(m.predict(matrix([x]))), Array.from(y));
});

test('sample weights of zero remove rows from every tree', () => {
  const X = fromRows([[0], [1], [2], [3], [4], [5]]);
  const y = Float64Array.of(0, 0, 0, 100, 100, 100);
  const w = Float64Array.of(1, 1, 1, 0, 0, 0);
  const m = new RandomForestRegressor({ nEstimators: 5, nJobs: 1 }).fit(X, y, { sampleWeight: w });
  assert.deepEqual(Array.from(m.predict(X)), [0, 0, 0, 0, 0, 0]);
});

test('parameter and file errors are typed', () => {
  const X = fromRows([[1], [2], [3]]);
  const y = Float64Array.of(1, 2, 3);
  assert.throws(() => new RandomForestRegressor({ oobScore: true, bootstrap: false }).fit(X, y), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_PARAMETER' && e.location.path === 'oobScore');
  assert.throws(() => new RandomForestRegressor({ nEstimators: 0 }).fit(X, y), (e: unknown) => e instanceof ConvoptError && e.location.path === 'nEstimators');
  assert.throws(() => new RandomForestRegressor({ maxSamples: 10 }).fit(X, y), (e: unknown) => e instanceof ConvoptError && e.location.path === 'maxSamples');
  assert.throws(() => new RandomForestRegressor().oobScore_, (e: unknown) => e instanceof ConvoptError && e.code === 'NOT_FITTED');
  const m = new RandomForestRegressor({ nEstimators: 2, nJobs: 1 }).fit(X, y);
  assert.throws(() => m.oobScore_, /oobScore: true/);
  const doc = m.toJSON();
  assert.throws(() => RandomForestRegressor.fromJSON({ ...doc, state: { ...doc.state, trees: [] } }), (e: unknown) => e instanceof ConvoptError && e.code === 'MODEL_FORMAT');
  assert.throws(() => RandomForestRegressor.fromJSON({ ...doc, formatVersion: 2 }), /newer than this convopt reads/);
});
