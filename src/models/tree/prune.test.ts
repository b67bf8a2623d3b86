import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { GradientBoostingRegressor } from '../gradient-boosting/index.js';
import { RandomForestRegressor } from '../forest/index.js';
import { DecisionTreeRegressor } from './index.js';
import { seedData } from './testing/parity.js';

const rows = JSON.parse(readFileSync(new URL('../../../test/fixtures/gradient-boosting/gb_quantile_reference.json', import.meta.url), 'utf8')) as { x: number[]; y: number[]; grid: number[] };
const ref = JSON.parse(readFileSync(new URL('../../../test/fixtures/tree/ccp_reference.json', import.meta.url), 'utf8')) as {
  weights: number[];
  path: { ccp_alphas: number[]; impurities: number[] };
  fits: { ccp_alpha: number; node_count: number; n_leaves: number; grid_predictions: number[] }[];
};
const X = matrix([Float64Array.from(rows.x)]);
const y = Float64Array.from(rows.y);
const sampleWeight = Float64Array.from(ref.weights);
const grid = matrix([Float64Array.from(rows.grid)]);
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

test('the pruning path matches scikit-learn step for step (weighted rows, one feature)', () => {
  const path = new DecisionTreeRegressor().costComplexityPruningPath(X, y, { sampleWeight });
  assert.equal(path.ccpAlphas.length, ref.path.ccp_alphas.length);
  path.ccpAlphas.forEach((a, k) => assert.ok(close(a, ref.path.ccp_alphas[k]!), `step ${k}: alpha ${a} vs ${ref.path.ccp_alphas[k]}`));
  path.impurities.forEach((v, k) => assert.ok(close(v, ref.path.impurities[k]!), `step ${k}: impurity ${v} vs ${ref.path.impurities[k]}`));
  // Alphas never decrease and impurity only grows as the tree shrinks to its root.
  for (let k = 1; k < path.ccpAlphas.length; k++) assert.ok(path.ccpAlphas[k]! >= path.ccpAlphas[k - 1]! && path.impurities[k]! >= path.impurities[k - 1]! - 1e-15);
});

test('ccpAlpha prunes to scikit-learn’s trees: same node counts, leaves and predictions', () => {
  for (const f of ref.fits) {
    const m = new DecisionTreeRegressor({ ccpAlpha: f.ccp_alpha }).fit(X, y, { sampleWeight });
    assert.equal(m.tree_.nodeCount, f.node_count, `ccpAlpha ${f.ccp_alpha}`);
    assert.equal(m.tree_.nLeaves, f.n_leaves);
    const p = m.predict(grid);
    p.forEach((v, k) => assert.ok(close(v, f.grid_predictions[k]!), `ccpAlpha ${f.ccp_alpha}, grid ${k}: ${v} vs ${f.grid_predictions[k]}`));
    // A pruned tree is a valid tree: it saves, loads and predicts the same.
    assert.deepEqual(DecisionTreeRegressor.fromJSON(JSON.parse(JSON.stringify(m.toJSON()))).predict(grid), p);
  }
});

test('ensembles prune every tree; boosting re-estimates pruned leaves from the rows that reach them', () => {
  const { X: Xs, y: ys } = seedData();
  const forest = new RandomForestRegressor({ nEstimators: 10, ccpAlpha: 0.01, nJobs: 1 }).fit(Xs, ys, { seed: 1 });
  const full = new RandomForestRegressor({ nEstimators: 10, nJobs: 1 }).fit(Xs, ys, { seed: 1 });
  const nodes = (m: RandomForestRegressor) => m.estimators_.reduce((s, t) => s + t.nodeCount, 0);
  assert.ok(nodes(forest) < nodes(full) / 3, `${nodes(forest)} vs ${nodes(full)} nodes`);
  // Absolute error sets each leaf to the median residual of its rows: with pruning those are the rows of
  // the merged leaf, so the training loss still never rises.
  const gb = new GradientBoostingRegressor({ loss: 'absolute_error', nEstimators: 30, maxDepth: 5, ccpAlpha: 0.002 }).fit(Xs, ys);
  const score = gb.trainScore_;
  for (let m = 1; m < score.length; m++) assert.ok(score[m]! <= score[m - 1]! + 1e-12, `iteration ${m}`);
  assert.ok(gb.estimators_.some((t) => t.nLeaves < 32), 'some trees lost leaves to pruning');
  assert.throws(() => new DecisionTreeRegressor({ ccpAlpha: -1 }).fit(Xs, ys), (e: unknown) => e instanceof ConvoptError && e.location.path === 'ccpAlpha');
});
