import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matrix } from '../../core/arrays.js';
import { Rng } from '../../core/rng.js';
import { HistGradientBoostingRegressor } from './regressor.js';
import { PREDICT_BLOCK, packForest, predictRows } from './predict-kernel.js';
import { useWasmPredict } from './wasm-predict.js';

/** Rows with NaN (learned and unseen), ±Infinity and values beyond the training range. */
function data(n: number, seed: number) {
  const rng = new Rng(seed);
  const cols = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of cols) c[i] = rng.normal();
    cols[3][i] = Math.floor(rng.random() * 3);
    if (rng.random() < 0.15) cols[1][i] = NaN;
    y[i] = 2 * cols[0][i] + (Number.isNaN(cols[1][i]) ? -3 : cols[1][i]) + cols[3][i] + 0.1 * rng.normal();
  }
  return { X: matrix(cols), y };
}

for (const wasm of [true, false]) {
  test(`packed-forest prediction (${wasm ? 'wasm walk' : 'JS walk'}) equals the tree-by-tree walk bit for bit (NaN, ±Infinity, block tails)`, (t) => {
    useWasmPredict(wasm);
    t.after(() => useWasmPredict(true));
    const train = data(3000, 1);
    const model = new HistGradientBoostingRegressor({ maxIter: 30, maxLeafNodes: 15, earlyStopping: false, nThreads: 1 }).fit(train.X, train.y);
    // A row count that is not a multiple of the block size or of the four rows walked together.
    const probe = data(2 * PREDICT_BLOCK + 7, 2).X;
    const special = [NaN, Infinity, -Infinity, 1e300, -1e300, 0];
    for (let i = 0; i < probe.nRows; i += 5) probe.columns[i % 4][i] = special[i % special.length];
    // NaN in a feature that had none at fit time (missing values follow the larger child there).
    for (let i = 3; i < probe.nRows; i += 11) probe.columns[0][i] = NaN;

    // Every kind of node the packed walk reads differently (see MISSING_BY_LAYOUT) is in this forest:
    // missing values left, right, and right past a +Infinity threshold (only missing values go right).
    const kinds = new Set<string>();
    for (const t of model.predictors_) for (let i = 0; i < t.nNodes; i++) if (t.feature[i] >= 0) kinds.add(t.missingGoToLeft[i] ? 'left' : t.threshold[i] === Infinity ? 'only-missing-right' : 'right');
    assert.deepEqual([...kinds].sort(), ['left', 'only-missing-right', 'right']);

    const naive = new Float64Array(probe.nRows).fill(model.baseline_);
    for (const tree of model.predictors_) tree.addPredictions(probe, naive);
    const forest = packForest(model.predictors_, model.nFeaturesIn_, false);
    const fast = new Float64Array(probe.nRows).fill(model.baseline_);
    predictRows(forest, probe.columns, fast, 0, probe.nRows);
    assert.deepEqual(fast, naive);
    // A range in the middle touches only its rows.
    const part = new Float64Array(probe.nRows).fill(model.baseline_);
    predictRows(forest, probe.columns, part, 5, 2 * PREDICT_BLOCK + 2);
    for (let i = 0; i < probe.nRows; i++) assert.equal(part[i], i >= 5 && i < 2 * PREDICT_BLOCK + 2 ? naive[i] : model.baseline_);
    // A second forest in the same thread (the wasm walker copies it in afresh).
    const other = new HistGradientBoostingRegressor({ maxIter: 5, earlyStopping: false, nThreads: 1 }).fit(train.X, train.y);
    const otherNaive = new Float64Array(probe.nRows).fill(other.baseline_);
    for (const tree of other.predictors_) tree.addPredictions(probe, otherNaive);
    const otherFast = new Float64Array(probe.nRows).fill(other.baseline_);
    predictRows(packForest(other.predictors_, other.nFeaturesIn_, false), probe.columns, otherFast, 0, probe.nRows);
    assert.deepEqual(otherFast, otherNaive);
  });
}

test('single-leaf trees and one-row batches', () => {
  const X = matrix([Float64Array.from([1, 2, 3, 4])]);
  const model = new HistGradientBoostingRegressor({ maxIter: 3, earlyStopping: false, minSamplesLeaf: 5 }).fit(X, Float64Array.from([1, 2, 3, 4]));
  assert.ok(model.predictors_.every((t) => t.nNodes === 1));
  const out = new Float64Array(1).fill(model.baseline_);
  predictRows(packForest(model.predictors_, model.nFeaturesIn_, false), [Float64Array.from([NaN])], out, 0, 1);
  const naive = new Float64Array(1).fill(model.baseline_);
  for (const tree of model.predictors_) tree.addPredictions(matrix([Float64Array.from([NaN])]), naive);
  assert.deepEqual(out, naive);
});
