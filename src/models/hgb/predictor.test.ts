import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { HistGradientBoostingRegressor } from './regressor.js';
import { BinMapper } from './binning.js';
import { TreePredictor } from './predictor.js';

function data(n: number, seed: number) {
  const rng = new Rng(seed);
  const cols = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of cols) c[i] = rng.normal();
    if (rng.random() < 0.1) cols[1][i] = NaN;
    y[i] = cols[0][i] * 2 + (Number.isNaN(cols[1][i]) ? 3 : cols[1][i]) + 0.1 * rng.normal();
  }
  return { X: matrix(cols), y };
}

test('walking raw values and walking bins give the same predictions on the training rows', () => {
  const { X, y } = data(800, 1);
  const model = new HistGradientBoostingRegressor({ maxIter: 5, earlyStopping: false, randomState: 3 }).fit(X, y);
  // The model bins with a mapper fitted on the same rows with the same seed stream.
  const mapper = new BinMapper(255).fit(X, new Rng(3).child(0));
  const binned = mapper.transform(X);
  for (const tree of model.predictors_) {
    const a = new Float64Array(X.nRows);
    const b = new Float64Array(X.nRows);
    tree.addPredictions(X, a);
    tree.addPredictionsBinned(binned.columns, X.nRows, 255, b);
    assert.deepEqual(a, b);
  }
});

test('toJSON/fromJSON round-trips every array bit for bit', () => {
  const { X, y } = data(300, 2);
  const tree = new HistGradientBoostingRegressor({ maxIter: 1, earlyStopping: false }).fit(X, y).predictors_[0];
  const back = TreePredictor.fromJSON(JSON.parse(JSON.stringify(tree.toJSON())), 3);
  assert.deepEqual(back, tree);
});

test('a corrupted tree (child pointing backwards) is refused with MODEL_FORMAT', () => {
  const { X, y } = data(300, 2);
  const tree = new HistGradientBoostingRegressor({ maxIter: 1, earlyStopping: false }).fit(X, y).predictors_[0];
  const left = Int32Array.from(tree.left);
  left[0] = 0;
  const bad = new TreePredictor(tree.value, tree.feature, tree.threshold, tree.binThreshold, tree.missingGoToLeft, left, tree.right, tree.count, tree.gain);
  assert.throws(() => TreePredictor.fromJSON(bad.toJSON(), 3), (e: unknown) => e instanceof ConvoptError && e.code === 'MODEL_FORMAT');
  assert.throws(() => TreePredictor.fromJSON(tree.toJSON(), 1), (e: unknown) => e instanceof ConvoptError && e.code === 'MODEL_FORMAT');
});
