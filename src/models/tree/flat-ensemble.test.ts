import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Matrix, matrix } from '../../core/arrays.js';
import { Rng } from '../../core/rng.js';
import { GradientBoostingRegressor } from '../gradient-boosting/regressor.js';
import { RandomForestRegressor } from '../forest/regressor.js';
import { FlatEnsemble, flatEnsembleOf } from './flat-ensemble.js';
import { DecisionTreeRegressor } from './regressor.js';
import type { Tree } from './tree.js';

function randomMatrix(n: number, d: number, rng: Rng): Matrix {
  // Coarse values so rows often land exactly on thresholds' neighbours and ties are exercised.
  return matrix(Array.from({ length: d }, () => Float64Array.from({ length: n }, () => Math.round(rng.random() * 40) / 8)));
}

function target(X: Matrix, rng: Rng): Float64Array {
  return Float64Array.from({ length: X.nRows }, (_, i) => X.columns[0]![i]! * 2 - (X.columns[1]![i]! > 2 ? 3 : 0) + X.columns[2]![i]! * X.columns[0]![i]! + rng.normal());
}

/** The plain path: Tree.addPredictions per tree, in order. */
function naive(trees: readonly Tree[], X: Matrix, init: number, scale: number): Float64Array {
  const out = new Float64Array(X.nRows).fill(init);
  for (const t of trees) t.addPredictions(X, out, scale);
  return out;
}

function assertBitIdentical(a: Float64Array, b: Float64Array): void {
  assert.equal(a.length, b.length);
  assert.deepEqual(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
}

function trainTrees(maxDepth: number | null, nTrees: number, seed: number): { trees: Tree[]; X: Matrix } {
  const rng = new Rng(seed);
  const X = randomMatrix(300, 5, rng);
  const y = target(X, rng);
  const trees = Array.from({ length: nTrees }, (_, k) => new DecisionTreeRegressor({ maxDepth, maxFeatures: 3, randomState: seed + k }).fit(X, y).tree_);
  return { trees, X };
}

test('flat ensemble: bit-identical to Tree.addPredictions for every depth and layout, on fresh random rows and NaN', () => {
  for (const depth of [1, 2, 3, 4, 6, 7, null]) {
    const { trees } = trainTrees(depth, 9, 11 + (depth ?? 0));
    // Rows the trees never saw, a count that is not a multiple of the block, and some NaN cells.
    const rng = new Rng(99);
    const X = randomMatrix(1037, 5, rng);
    for (let i = 0; i < 40; i++) X.columns[i % 5]![Math.floor(rng.random() * 1037)] = NaN;
    const flat = FlatEnsemble.compile(trees, 5);
    assert.equal(flat.layoutKind, depth !== null && depth <= 6 ? 'heap' : 'nodes', `depth ${depth}`);
    for (const scale of [1, 0.1, 0.37]) {
      const out = new Float64Array(X.nRows).fill(0.25);
      flat.addPredictions(X, out, scale);
      assertBitIdentical(out, naive(trees, X, 0.25, scale));
    }
  }
});

test('flat ensemble: unbalanced trees (leaves at several depths) are padded without changing any prediction', () => {
  const { trees, X } = trainTrees(3, 20, 5);
  const shallow = trees.filter((t) => t.maxDepth < 3 || t.nLeaves < 8);
  // The data makes some depth-3 trees incomplete; make sure the test covers that case.
  const lopsided = new DecisionTreeRegressor({ maxDepth: 3, minSamplesLeaf: 60 }).fit(X, target(X, new Rng(1))).tree_;
  assert.ok(shallow.length > 0 || lopsided.nLeaves < 8);
  const all = [...trees, lopsided];
  const out = new Float64Array(X.nRows);
  FlatEnsemble.compile(all, 5).addPredictions(X, out, 0.1);
  assertBitIdentical(out, naive(all, X, 0, 0.1));
});

test('flat ensemble: GradientBoostingRegressor and RandomForestRegressor predict exactly as the plain per-tree sum', () => {
  const rng = new Rng(3);
  const X = randomMatrix(400, 6, rng);
  const y = target(X, rng);
  const gbm = new GradientBoostingRegressor({ nEstimators: 30, maxDepth: 3 }).fit(X, y, { seed: 1 });
  assertBitIdentical(gbm.predict(X), naive(gbm.estimators_, X, gbm.init_, gbm.params.learningRate));
  const rf = new RandomForestRegressor({ nEstimators: 7, nJobs: 1 }).fit(X, y, { seed: 1 });
  const sum = naive(rf.estimators_, X, 0, 1);
  assertBitIdentical(rf.predict(X), sum.map((v) => v / rf.estimators_.length));
  // One compiled copy per fitted tree list, rebuilt when a refit makes a new list.
  assert.equal(flatEnsembleOf(gbm.estimators_, 6), flatEnsembleOf(gbm.estimators_, 6));
  const before = flatEnsembleOf(gbm.estimators_, 6);
  gbm.fit(X, y, { seed: 2 });
  assert.notEqual(flatEnsembleOf(gbm.estimators_, 6), before);
});
