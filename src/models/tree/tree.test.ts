import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRows, matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { DecisionTreeRegressor, TREE_DEFAULTS, Tree, buildTree, presort, resolveTreeParams } from './index.js';
import { argsortColumnMerge } from './presort.js';
import { seedData } from './testing/parity.js';
import { useTreeKernels } from './wasm-kernels.js';

function randomData(n: number, d: number, seed: number): { X: ReturnType<typeof matrix>; y: Float64Array } {
  const rng = new Rng(seed);
  const cols = Array.from({ length: d }, () => Float64Array.from({ length: n }, () => Math.round(rng.random() * 50) / 10));
  const y = Float64Array.from({ length: n }, (_, i) => cols[0][i] * 2 + (cols[1 % d][i] > 2 ? 3 : 0) + rng.normal());
  return { X: matrix(cols), y };
}

test('a tree reproduces a step function exactly, with midpoint thresholds', () => {
  const x = Float64Array.from({ length: 20 }, (_, i) => i);
  const y = Float64Array.from(x, (v) => (v < 7 ? 1 : v < 15 ? 5 : -2));
  const m = new DecisionTreeRegressor().fit(matrix([x]), y);
  assert.deepEqual(Array.from(m.predict(matrix([x]))), Array.from(y));
  assert.equal(m.tree_.nLeaves, 3);
  const thresholds = Array.from(m.tree_.threshold).filter((_, k) => m.tree_.feature[k] >= 0).sort((a, b) => a - b);
  assert.deepEqual(thresholds, [6.5, 14.5]);
});

test('the splitter finds the same root split as an exhaustive naive search', () => {
  const { X, y } = randomData(200, 4, 7);
  const m = new DecisionTreeRegressor({ maxDepth: 1 }).fit(X, y);
  // Naive twin: try every threshold between distinct values of every feature, full SSE each time.
  let best = { sse: Infinity, feature: -1, threshold: 0 };
  X.columns.forEach((col, j) => {
    const values = [...new Set(col)].sort((a, b) => a - b);
    for (let k = 1; k < values.length; k++) {
      const t = (values[k - 1] + values[k]) / 2;
      const l: number[] = [];
      const r: number[] = [];
      for (let i = 0; i < y.length; i++) (col[i] <= t ? l : r).push(y[i]);
      const sse = (a: number[]): number => {
        const mean = a.reduce((s, v) => s + v, 0) / a.length;
        return a.reduce((s, v) => s + (v - mean) ** 2, 0);
      };
      const total = sse(l) + sse(r);
      if (total < best.sse - 1e-9) best = { sse: total, feature: j, threshold: t };
    }
  });
  assert.equal(m.tree_.feature[0], best.feature);
  assert.ok(Math.abs(m.tree_.threshold[0] - best.threshold) < 1e-12);
});

test('minSamplesLeaf, maxDepth and minSamplesSplit are respected', () => {
  const { X, y } = randomData(300, 3, 1);
  const leafy = new DecisionTreeRegressor({ minSamplesLeaf: 17 }).fit(X, y).tree_;
  for (let k = 0; k < leafy.nodeCount; k++) if (leafy.feature[k] < 0) assert.ok(leafy.nNodeSamples[k] >= 17, `leaf ${k} has ${leafy.nNodeSamples[k]} rows`);
  assert.ok(new DecisionTreeRegressor({ maxDepth: 4 }).fit(X, y).tree_.maxDepth <= 4);
  const split = new DecisionTreeRegressor({ minSamplesSplit: 40 }).fit(X, y).tree_;
  for (let k = 0; k < split.nodeCount; k++) if (split.feature[k] >= 0) assert.ok(split.nNodeSamples[k] >= 40);
  const frac = new DecisionTreeRegressor({ minSamplesLeaf: 0.1 }).fit(X, y).tree_;
  for (let k = 0; k < frac.nodeCount; k++) if (frac.feature[k] < 0) assert.ok(frac.nNodeSamples[k] >= 30);
});

test('integer sample weights are equivalent to duplicated rows', () => {
  const { X, y } = randomData(120, 3, 3);
  const rng = new Rng(11);
  const w = Float64Array.from({ length: y.length }, () => rng.int(3)); // 0, 1 or 2 copies
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) for (let c = 0; c < w[i]; c++) rows.push(i);
  const Xd = matrix(X.columns.map((col) => Float64Array.from(rows, (i) => col[i])));
  const yd = Float64Array.from(rows, (i) => y[i]);
  // maxDepth keeps min-samples rules (which count distinct rows) out of play.
  const a = new DecisionTreeRegressor({ maxDepth: 5 }).fit(X, y, { sampleWeight: w });
  const b = new DecisionTreeRegressor({ maxDepth: 5 }).fit(Xd, yd);
  const pa = a.predict(X);
  const pb = b.predict(X);
  for (let i = 0; i < y.length; i++) assert.ok(Math.abs(pa[i] - pb[i]) < 1e-9, `row ${i}: ${pa[i]} vs ${pb[i]}`);
});

test('maxFeatures draws a subset per split and stays deterministic per seed', () => {
  const { X, y } = randomData(200, 6, 5);
  const a = JSON.stringify(new DecisionTreeRegressor({ maxFeatures: 2, randomState: 4 }).fit(X, y).toJSON());
  const b = JSON.stringify(new DecisionTreeRegressor({ maxFeatures: 2, randomState: 4 }).fit(X, y).toJSON());
  const c = JSON.stringify(new DecisionTreeRegressor({ maxFeatures: 2, randomState: 5 }).fit(X, y).toJSON());
  assert.equal(a, b);
  assert.notEqual(a, c);
});

test('a tree on the seed features saves byte-identically, reloads exactly and ranks Total_Conversion first', () => {
  const { X, y } = seedData();
  const m = new DecisionTreeRegressor({ maxDepth: 6 }).fit(X, y);
  const json = JSON.stringify(m.toJSON());
  assert.equal(json, JSON.stringify(new DecisionTreeRegressor({ maxDepth: 6 }).fit(X, y).toJSON()));
  const back = DecisionTreeRegressor.fromJSON(JSON.parse(json));
  assert.deepEqual(back.predict(X), m.predict(X));
  const imp = m.featureImportances_;
  assert.ok(Math.abs(imp.reduce((s, v) => s + v, 0) - 1) < 1e-12);
  // Total_Conversion carries most of the signal in this data set.
  assert.equal(imp.indexOf(Math.max(...imp)), X.names?.indexOf('Total_Conversion'));
});

test('the Poisson criterion fits counts and refuses negative targets', () => {
  const x = Float64Array.from({ length: 40 }, (_, i) => i);
  const y = Float64Array.from(x, (v) => (v < 20 ? 1 : 6));
  const m = new DecisionTreeRegressor({ criterion: 'poisson', maxDepth: 2 }).fit(matrix([x]), y);
  assert.equal(m.predict(matrix([Float64Array.of(3, 30)]))[1], 6);
  assert.throws(() => new DecisionTreeRegressor({ criterion: 'poisson' }).fit(matrix([x]), Float64Array.from(y, (v) => v - 2)), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_DATA' && e.location.row === 1);
});

test('bad input and bad parameters fail with typed errors that name the problem', () => {
  const X = fromRows([[1], [2], [NaN]]);
  assert.throws(() => new DecisionTreeRegressor().fit(X, Float64Array.of(1, 2, 3)), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_DATA' && e.location.row === 3);
  assert.throws(() => new DecisionTreeRegressor().fit(fromRows([[1], [2]]), Float64Array.of(1)), (e: unknown) => e instanceof ConvoptError && /2 rows in X but 1 targets/.test(e.message));
  assert.throws(() => new DecisionTreeRegressor().fit(matrix([new Float64Array(0)]), new Float64Array(0)), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_DATA');
  assert.throws(() => new DecisionTreeRegressor({ maxDepth: 0 }).fit(fromRows([[1], [2]]), Float64Array.of(1, 2)), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_PARAMETER' && e.location.path === 'maxDepth');
  assert.throws(() => new DecisionTreeRegressor({ criterion: 'gini' as never }).fit(fromRows([[1], [2]]), Float64Array.of(1, 2)), /criterion/);
  assert.throws(() => new DecisionTreeRegressor({ bogus: 1 } as never).fit(fromRows([[1], [2]]), Float64Array.of(1, 2)), /no parameter "bogus"/);
  assert.throws(() => new DecisionTreeRegressor().predict(fromRows([[1]])), (e: unknown) => e instanceof ConvoptError && e.code === 'NOT_FITTED');
  const m = new DecisionTreeRegressor().fit(fromRows([[1], [2]]), Float64Array.of(1, 2));
  assert.throws(() => m.predict(fromRows([[1, 2]])), /2 features; the model was fitted on 1/);
  assert.throws(() => new DecisionTreeRegressor().fit(fromRows([[1], [2]]), Float64Array.of(1, 2), { sampleWeight: Float64Array.of(1, -1) }), /weight at row 2/);
});

test('corrupted or newer model files are refused with a clear error', () => {
  const m = new DecisionTreeRegressor({ maxDepth: 2 }).fit(fromRows([[1], [2], [3], [4]]), Float64Array.of(1, 2, 3, 4));
  const doc = m.toJSON();
  assert.throws(() => DecisionTreeRegressor.fromJSON({ ...doc, formatVersion: 99 }), (e: unknown) => e instanceof ConvoptError && e.code === 'MODEL_FORMAT' && /newer/.test(e.message));
  assert.throws(() => DecisionTreeRegressor.fromJSON({ ...doc, kind: 'RandomForestRegressor' }), (e: unknown) => e instanceof ConvoptError && e.code === 'MODEL_FORMAT');
  // A child pointer that loops back to the root would hang predict: refused at load.
  const left = Tree.fromJSON(doc.state.tree, 1).left.slice();
  left[0] = 0;
  const tampered = { ...doc, state: { ...doc.state, tree: { ...doc.state.tree, left: { dtype: 'i32' as const, length: left.length, b64: Buffer.from(left.buffer).toString('base64') } } } };
  assert.throws(() => DecisionTreeRegressor.fromJSON(tampered), (e: unknown) => e instanceof ConvoptError && e.code === 'MODEL_FORMAT' && /children/.test(e.message));
  const truncated = { ...doc, state: { ...doc.state, tree: { ...doc.state.tree, value: { ...doc.state.tree.value, b64: 'AAAA' } } } };
  assert.throws(() => DecisionTreeRegressor.fromJSON(truncated), (e: unknown) => e instanceof ConvoptError && e.code === 'MODEL_FORMAT');
});

for (const wasm of [true, false]) {
  test(`the inlined squared-error scan (${wasm ? 'wasm kernels' : 'JS loops'}) picks exactly the splits of the generic criterion scan`, (t) => {
    const { X, y } = seedData();
    // A fresh data object: its workspace is made by the first fit below, with or without the kernels.
    const data = { columns: X.columns, sorted: presort(X.columns) };
    useTreeKernels(wasm);
    t.after(() => useTreeKernels(true));
    // Uneven weights exercise the weighted sums; unit weights the count-based scan.
    for (const w of [Float64Array.from(y, (_, i) => 1 + (i % 3)), new Float64Array(y.length).fill(1)]) {
      // maxFeatures 'sqrt' makes the visiting order (the fast path's own rng.int draws) pick the splits;
      // 4 and all 15 features give the paired wasm scan even and odd lists.
      for (const [criterion, maxFeatures] of [['squared_error', 'sqrt'], ['squared_error', 4], ['squared_error', 1.0], ['friedman_mse', 'sqrt']] as const) {
        const params = { ...resolveTreeParams({ ...TREE_DEFAULTS, criterion, maxFeatures }, X.nRows, X.columns.length, X.nRows), minSamplesLeaf: 2 };
        const fast = buildTree(data, y, w, params, new Rng(1));
        const generic = buildTree(data, y, w, params, new Rng(1), { genericSplitter: true });
        assert.deepEqual(fast.toJSON(), generic.toJSON());
        assert.ok(fast.nodeCount > 100);
        // The layout that keeps feature values (large data) has its own scans: same splits.
        assert.deepEqual(buildTree(data, y, w, params, new Rng(1), { withValues: true }).toJSON(), generic.toJSON());
        assert.deepEqual(buildTree(data, y, w, params, new Rng(1), { withValues: true, genericSplitter: true }).toJSON(), generic.toJSON());
      }
    }
  });
}

test('presorting is a stable argsort', () => {
  const rng = new Rng(9);
  const col = Float64Array.from({ length: 1001 }, () => Math.floor(rng.random() * 50));
  const expected = Array.from(col.keys()).sort((a, b) => col[a] - col[b] || a - b);
  assert.deepEqual(Array.from(presort([col])[0]), expected);
});

test('ensemble shortcuts (reused buffers, leaf children partition only feature 0, a leaf child\'s sibling compacted, constant features never partitioned again) grow the same trees as the naive path', () => {
  const { X, y } = seedData();
  const data = { columns: X.columns, sorted: presort(X.columns) };
  const rng = new Rng(3);
  const weightings = [new Float64Array(X.nRows).fill(1), Float64Array.from(y, () => Math.floor(rng.random() * 3)), Float64Array.from(y, (_, i) => 0.5 + (i % 4))];
  for (const maxDepth of [2, 3, null]) {
    for (const criterion of ['squared_error', 'friedman_mse', 'poisson'] as const) {
      for (const minSamplesLeaf of [1, 3]) {
        const params = resolveTreeParams({ ...TREE_DEFAULTS, criterion, maxDepth, minSamplesLeaf }, X.nRows, X.columns.length, X.nRows);
        for (const w of [...weightings, ...weightings]) {
          // The same data object again and again (an ensemble) against a fresh one each time with full partitions.
          const fast = buildTree(data, y, w, params, new Rng(5));
          const naive = buildTree({ columns: X.columns, sorted: presort(X.columns) }, y, w, params, new Rng(5), { fullPartition: true });
          assert.deepEqual(fast.toJSON(), naive.toJSON());
          // Index-only (the default here) and value-keeping layouts partition and scan alike.
          assert.deepEqual(buildTree({ columns: X.columns, sorted: data.sorted }, y, w, params, new Rng(5), { withValues: true }).toJSON(), naive.toJSON());
          assert.ok(fast.nodeCount > 3);
        }
      }
    }
  }
});

test('leafOfRow from the grower equals tree.apply for every row in the sample, and leaves zero-weight rows alone', () => {
  const { X, y } = seedData();
  const data = { columns: X.columns, sorted: presort(X.columns) };
  const rng = new Rng(8);
  const weightings = [new Float64Array(X.nRows).fill(1), Float64Array.from(y, () => Math.floor(rng.random() * 3))];
  for (const maxDepth of [3, null]) {
    for (const withValues of [false, true]) {
      for (const w of weightings) {
        const params = resolveTreeParams({ ...TREE_DEFAULTS, maxDepth }, X.nRows, X.columns.length, X.nRows);
        const leaves = new Int32Array(X.nRows).fill(-1);
        const tree = buildTree(data, y, w, params, new Rng(2), { leafOfRow: leaves, withValues });
        const applied = tree.apply(X);
        for (let i = 0; i < X.nRows; i++) assert.equal(leaves[i], w[i] > 0 ? applied[i] : -1, `row ${i}`);
      }
    }
  }
});

test('the merge-sort argsort (insertion-sorted runs, then merges) is a stable argsort of any doubles', () => {
  const rng = new Rng(21);
  for (const n of [0, 1, 7, 8, 9, 17, 64, 1001]) {
    const col = Float64Array.from({ length: n }, () => (rng.random() < 0.3 ? Math.floor(rng.random() * 5) : rng.normal() * 1e3));
    const expected = Array.from(col.keys()).sort((a, b) => col[a] - col[b] || a - b);
    assert.deepEqual(Array.from(argsortColumnMerge(col)), expected, `n=${n}`);
  }
});
