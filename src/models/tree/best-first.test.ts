import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { RandomForestRegressor } from '../forest/index.js';
import { GradientBoostingRegressor } from '../gradient-boosting/index.js';
import { DecisionTreeRegressor, type DecisionTreeParams } from './index.js';
import { seedData } from './testing/parity.js';

const rows = JSON.parse(readFileSync(new URL('../../../test/fixtures/gradient-boosting/gb_quantile_reference.json', import.meta.url), 'utf8')) as { x: number[]; y: number[]; grid: number[] };
interface RefTree {
  params: Record<string, number>;
  children_left: number[];
  children_right: number[];
  threshold: (number | null)[];
  value: number[];
  grid_predictions: number[];
}
const ref = JSON.parse(readFileSync(new URL('../../../test/fixtures/tree/best_first_reference.json', import.meta.url), 'utf8')) as {
  weights: number[];
  trees: RefTree[];
  gradient_boosting: { train_score: number[]; grid_predictions: number[] };
};
const X = matrix([Float64Array.from(rows.x)]);
const y = Float64Array.from(rows.y);
const grid = matrix([Float64Array.from(rows.grid)]);
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
/** scikit-learn's snake_case tree parameters as ours. */
const camel = (p: Record<string, number>): Partial<DecisionTreeParams> => Object.fromEntries(Object.entries(p).map(([k, v]) => [k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), v]));

test('maxLeafNodes grows scikit-learn’s best-first trees: same nodes in the same (creation) order', () => {
  for (const t of ref.trees) {
    const m = new DecisionTreeRegressor(camel(t.params)).fit(X, y, { sampleWeight: Float64Array.from(ref.weights) });
    const tree = m.tree_;
    const label = JSON.stringify(t.params);
    assert.equal(tree.nodeCount, t.value.length, label);
    // scikit-learn marks leaves with child −1 and threshold −2; ours with feature −1.
    assert.deepEqual(Array.from(tree.left, (c, k) => (tree.feature[k]! < 0 ? -1 : c)), t.children_left, label);
    assert.deepEqual(Array.from(tree.right, (c, k) => (tree.feature[k]! < 0 ? -1 : c)), t.children_right, label);
    // scikit-learn's trees compare float32 copies of X, so its thresholds are float32 midpoints.
    tree.threshold.forEach((v, k) => {
      if (t.threshold[k] !== null) assert.ok(Math.abs(v - t.threshold[k]!) <= 1e-6, `${label} node ${k}: threshold ${v} vs ${t.threshold[k]}`);
    });
    tree.value.forEach((v, k) => assert.ok(close(v, t.value[k]!), `${label} node ${k}: value ${v} vs ${t.value[k]}`));
    m.predict(grid).forEach((v, k) => assert.ok(close(v, t.grid_predictions[k]!), `${label} grid ${k}`));
    assert.ok(tree.nLeaves <= t.params.max_leaf_nodes!);
  }
});

test('boosting with maxLeafNodes ranks splits by Friedman’s improvement, as scikit-learn', () => {
  const m = new GradientBoostingRegressor({ maxLeafNodes: 8, nEstimators: 20 }).fit(X, y);
  m.trainScore_.forEach((v, k) => assert.ok(close(v, ref.gradient_boosting.train_score[k]!), `iteration ${k}: ${v} vs ${ref.gradient_boosting.train_score[k]}`));
  m.predict(grid).forEach((v, k) => assert.ok(close(v, ref.gradient_boosting.grid_predictions[k]!), `grid ${k}`));
});

test('best-first on many features: leaf budgets hold, forests agree across threads, pruning still applies', () => {
  const { X: Xs, y: ys } = seedData();
  for (const k of [2, 7, 50]) assert.equal(new DecisionTreeRegressor({ maxLeafNodes: k }).fit(Xs, ys).tree_.nLeaves, k);
  const a = new RandomForestRegressor({ nEstimators: 8, maxLeafNodes: 20, nJobs: 1 }).fit(Xs, ys, { seed: 4 });
  const b = new RandomForestRegressor({ nEstimators: 8, maxLeafNodes: 20, nJobs: 2 }).fit(Xs, ys, { seed: 4 });
  assert.equal(JSON.stringify(b.toJSON().state), JSON.stringify(a.toJSON().state));
  assert.ok(a.estimators_.every((t) => t.nLeaves <= 20));
  const pruned = new DecisionTreeRegressor({ maxLeafNodes: 50, ccpAlpha: 0.01 }).fit(Xs, ys).tree_;
  assert.ok(pruned.nLeaves < 50);
  assert.throws(() => new DecisionTreeRegressor({ maxLeafNodes: 1 }).fit(Xs, ys), (e: unknown) => e instanceof ConvoptError && e.location.path === 'maxLeafNodes');
});
