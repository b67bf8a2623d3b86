import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matrix, type Matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { HistGradientBoostingRegressor, shouldStop } from './regressor.js';
import { hgbTakeOverAllForTests, hgbTeamBinnings, hgbTeamBuilds, hgbTeamPartitions, hgbTeamPredictions, hgbTeamUpdates, startHgbThreads } from './threads.js';

function r2(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i] / y.length;
  let ss = 0;
  let st = 0;
  for (let i = 0; i < y.length; i++) {
    ss += (y[i] - p[i]) ** 2;
    st += (y[i] - mean) ** 2;
  }
  return 1 - ss / st;
}

/** y = 2·sin(x0) + x1·x2 + noise; optional NaN in x1 (NaN rows get a +3 shift the model must learn). */
function synth(n: number, seed: number, nanRate = 0): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const cols = Array.from({ length: 4 }, () => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of cols) c[i] = rng.normal();
    const missing = rng.random() < nanRate;
    if (missing) cols[1][i] = NaN;
    y[i] = 2 * Math.sin(cols[0][i]) + (missing ? 3 : cols[1][i] * cols[2][i]) + 0.3 * rng.normal();
  }
  return { X: matrix(cols), y };
}

const isCode = (code: string) => (e: unknown) => e instanceof ConvoptError && e.code === code;

test('learns a non-linear function: held-out R² > 0.8', () => {
  const train = synth(3000, 1);
  const testSet = synth(1000, 2);
  const m = new HistGradientBoostingRegressor().fit(train.X, train.y);
  assert.equal(m.nIter_, 100, 'early stopping is off below 10,000 rows (auto)');
  assert.ok(r2(testSet.y, m.predict(testSet.X)) > 0.8);
});

test('native missing values: NaN at fit and predict, and the NaN effect is learned', () => {
  const train = synth(3000, 3, 0.2);
  const testSet = synth(1000, 4, 0.2);
  const m = new HistGradientBoostingRegressor().fit(train.X, train.y);
  assert.ok(r2(testSet.y, m.predict(testSet.X)) > 0.75);
  // Same row with x1 missing vs present (x1·x2 small): the NaN version should be ≈ 3 higher.
  const row = (x1: number) => matrix([[0], [x1], [0], [0]].map((v) => Float64Array.from(v)));
  const diff = m.predict(row(NaN))[0] - m.predict(row(0))[0];
  assert.ok(diff > 2 && diff < 4, `NaN shift ${diff}`);
});

test('NaN at predict time for a feature without NaN in training is accepted', () => {
  const train = synth(500, 5);
  const m = new HistGradientBoostingRegressor({ maxIter: 10 }).fit(train.X, train.y);
  const p = m.predict(matrix([Float64Array.from([NaN]), Float64Array.from([NaN]), Float64Array.from([NaN]), Float64Array.from([NaN])]));
  assert.ok(Number.isFinite(p[0]));
});

test('monotonic constraints: predictions are monotone in the constrained feature on random inputs', () => {
  const rng = new Rng(11);
  const n = 2000;
  const cols = [new Float64Array(n), new Float64Array(n)];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    cols[0][i] = rng.random() * 4;
    cols[1][i] = rng.normal();
    // Non-monotone truth in x0 (a dip) plus noise: unconstrained trees would follow the dip.
    y[i] = cols[0][i] - 1.5 * Math.exp(-((cols[0][i] - 2) ** 2) * 8) + cols[1][i] + 0.5 * rng.normal();
  }
  const up = new HistGradientBoostingRegressor({ monotonicCst: [1, 0] }).fit(matrix(cols), y);
  const down = new HistGradientBoostingRegressor({ monotonicCst: [-1, 0] }).fit(matrix(cols), y);
  for (let trial = 0; trial < 200; trial++) {
    const x1 = rng.normal();
    const a = rng.random() * 5 - 0.5;
    const b = a + rng.random() * 2;
    const X = matrix([Float64Array.from([a, b]), Float64Array.from([x1, x1])]);
    const pu = up.predict(X);
    const pd = down.predict(X);
    assert.ok(pu[0] <= pu[1], `increasing violated at x0=${a}→${b}: ${pu[0]} > ${pu[1]}`);
    assert.ok(pd[0] >= pd[1], `decreasing violated at x0=${a}→${b}`);
  }
});

test('early stopping: stops before maxIter on noise and records scores', () => {
  const rng = new Rng(21);
  const n = 2000;
  const X = matrix([Float64Array.from({ length: n }, () => rng.normal())]);
  const y = Float64Array.from({ length: n }, () => rng.normal());
  const m = new HistGradientBoostingRegressor({ earlyStopping: true, maxIter: 200 }).fit(X, y);
  assert.ok(m.nIter_ < 200, `ran ${m.nIter_} iterations`);
  assert.equal(m.validationScore_.length, m.nIter_ + 1);
  assert.equal(m.trainScore_.length, m.nIter_ + 1);
  assert.ok(shouldStop(m.validationScore_, 10, 1e-7));
});

test('shouldStop follows scikit-learn: no score in the last n beats the reference by more than tol', () => {
  assert.equal(shouldStop([-3, -2, -1], 2, 0), false);
  assert.equal(shouldStop([-1, -2, -2], 2, 0), true);
  assert.equal(shouldStop([-1, -0.99], 2, 0), false, 'too few scores');
  assert.equal(shouldStop([-1, -0.95, -0.95], 2, 0.1), true, 'improvement below tol');
});

test('poisson loss: positive predictions, beats the mean on count data', () => {
  const rng = new Rng(31);
  const n = 3000;
  const x = Float64Array.from({ length: n }, () => rng.random() * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = rng.poisson(Math.exp(x[i] - 1));
  const m = new HistGradientBoostingRegressor({ loss: 'poisson' }).fit(matrix([x]), y);
  const probe = matrix([Float64Array.from([-5, 0, 1.5, 3, 10])]);
  const p = m.predict(probe);
  assert.ok(p.every((v) => v > 0));
  assert.ok(Math.abs(p[2] - Math.exp(0.5)) < 0.4, `λ(1.5) ≈ ${p[2]}`);
  assert.throws(() => new HistGradientBoostingRegressor({ loss: 'poisson' }).fit(matrix([x]), Float64Array.from(y, (v) => v - 1)), isCode('INVALID_DATA'));
});

test('absolute_error loss fits the median and resists outliers', () => {
  const rng = new Rng(41);
  const n = 1000;
  const x = Float64Array.from({ length: n }, () => rng.random());
  const y = Float64Array.from(x, (v, i) => (i % 10 === 0 ? 1000 : v > 0.5 ? 1 : 0));
  const m = new HistGradientBoostingRegressor({ loss: 'absolute_error' }).fit(matrix([x]), y);
  const p = m.predict(matrix([Float64Array.from([0.2, 0.8])]));
  assert.ok(Math.abs(p[0]) < 0.1 && Math.abs(p[1] - 1) < 0.1, `${p[0]}, ${p[1]}`);
});

test('constant target: predicts the constant, no trees split', () => {
  const { X } = synth(200, 6);
  const y = new Float64Array(200).fill(4.5);
  const m = new HistGradientBoostingRegressor({ maxIter: 5 }).fit(X, y);
  assert.deepEqual([...m.predict(X)].every((v) => v === 4.5), true);
  assert.ok(m.predictors_.every((t) => t.nNodes === 1));
});

test('single row and too few rows for early stopping are typed errors', () => {
  assert.throws(() => new HistGradientBoostingRegressor().fit(matrix([Float64Array.from([1])]), Float64Array.from([1])), isCode('INVALID_DATA'));
  assert.throws(
    () => new HistGradientBoostingRegressor({ earlyStopping: true }).fit(matrix([Float64Array.from([1, 2])]), Float64Array.from([1, 2])),
    (e: unknown) => isCode('INVALID_DATA')(e) && /early stopping/.test((e as Error).message),
  );
});

test('bad parameters and inputs are typed errors naming the problem', () => {
  const { X, y } = synth(100, 7);
  const bad: [object, RegExp][] = [
    [{ learningRate: 0 }, /learningRate/],
    [{ maxBins: 256 }, /maxBins/],
    [{ maxLeafNodes: 1 }, /maxLeafNodes/],
    [{ loss: 'pinball' }, /loss/],
    [{ alpha: 1 }, /alpha/],
    [{ earlyStopping: 'yes' }, /earlyStopping/],
    [{ monotonicCst: [1, 0] }, /monotonicCst.*2 entries.*4 features/],
    [{ monotonicCst: [2, 0, 0, 0] }, /monotonicCst\[0\]/],
    [{ maxIterations: 3 }, /no parameter "maxIterations"/],
  ];
  for (const [params, re] of bad) {
    assert.throws(() => new HistGradientBoostingRegressor(params).fit(X, y), (e: unknown) => isCode('INVALID_PARAMETER')(e) && re.test((e as Error).message), JSON.stringify(params));
  }
  const withInf = matrix([Float64Array.from([1, Infinity, 2]), Float64Array.from([1, 2, 3])]);
  assert.throws(() => new HistGradientBoostingRegressor().fit(withInf, Float64Array.from([1, 2, 3])), (e: unknown) => isCode('INVALID_DATA')(e) && (e as ConvoptError).location.row === 2);
  const m = new HistGradientBoostingRegressor({ maxIter: 2 }).fit(X, y);
  assert.throws(() => m.predict(matrix([Float64Array.from([1])])), isCode('INVALID_DATA'));
  assert.throws(() => new HistGradientBoostingRegressor().predict(X), isCode('NOT_FITTED'));
});

test('toJSON/fromJSON: identical predictions bit for bit; same seed → byte-identical JSON', () => {
  const { X, y } = synth(12_000, 8, 0.05);
  const a = new HistGradientBoostingRegressor({ maxIter: 30, randomState: 5 }).fit(X, y);
  const json = JSON.stringify(a.toJSON());
  const back = HistGradientBoostingRegressor.fromJSON(JSON.parse(json));
  assert.deepEqual(back.predict(X), a.predict(X));
  assert.equal(JSON.stringify(back.toJSON()), json);
  const b = new HistGradientBoostingRegressor({ maxIter: 30, randomState: 5 }).fit(X, y);
  assert.equal(JSON.stringify(b.toJSON()), json);
  // Early stopping (auto, > 10,000 rows) uses the seed for its split: another seed, another model.
  const c = new HistGradientBoostingRegressor({ maxIter: 30, randomState: 6 }).fit(X, y);
  assert.notEqual(JSON.stringify(c.toJSON()), json);
  assert.throws(() => HistGradientBoostingRegressor.fromJSON({ ...JSON.parse(json), kind: 'Ridge' }), isCode('MODEL_FORMAT'));
});

test('refitting discards earlier state', () => {
  const a = synth(300, 9);
  const m = new HistGradientBoostingRegressor({ maxIter: 3 }).fit(a.X, a.y);
  const narrow = matrix([a.X.columns[0]]);
  m.fit(narrow, a.y);
  assert.equal(m.nFeaturesIn_, 1);
  assert.equal(m.predict(narrow).length, 300);
});

test('worker threads give byte-identical models to a single thread', async () => {
  assert.ok(await startHgbThreads(2), 'histogram workers should start');
  // Large enough (20k × 4 cells) that the root and the big nodes are split across threads
  // (TEAM_MIN_NODE_CELLS), small enough that the small nodes take the single-thread path too.
  const { X, y } = synth(20_000, 10, 0.1);
  const one = new HistGradientBoostingRegressor({ maxIter: 10, earlyStopping: false, nThreads: 1 }).fit(X, y);
  const before = hgbTeamBuilds();
  const binningsBefore = hgbTeamBinnings();
  const updatesBefore = hgbTeamUpdates();
  const two = new HistGradientBoostingRegressor({ maxIter: 10, earlyStopping: false, nThreads: 2 }).fit(X, y);
  assert.ok(hgbTeamBuilds() - before >= 10, 'at least the root histograms were built by both threads');
  assert.equal(hgbTeamBinnings() - binningsBefore, 1, 'the worker binned its features');
  assert.equal(hgbTeamUpdates() - updatesBefore, 10, 'every tree updated the raw predictions with the team');
  assert.equal(one.nThreadsUsed_, 1);
  assert.equal(two.nThreadsUsed_, 2);
  assert.equal(JSON.stringify(two.toJSON().state), JSON.stringify(one.toJSON().state));
  // Threaded batch prediction (≥ 2M row × tree walks): same values as the single-threaded walk.
  const big = { nRows: 10 * X.nRows, columns: X.columns.map((c) => Float64Array.from({ length: 10 * c.length }, (_, i) => c[i % c.length])) };
  const predictionsBefore = hgbTeamPredictions();
  const pTwo = two.predict(big);
  assert.equal(hgbTeamPredictions() - predictionsBefore, 1);
  assert.deepEqual(pTwo, one.predict(big));
  assert.equal(hgbTeamPredictions() - predictionsBefore, 1, 'nThreads: 1 predicts on the calling thread');
  const pois = { loss: 'poisson' as const, maxIter: 5, earlyStopping: true };
  const yPos = Float64Array.from(y, (v) => Math.round(Math.abs(v)));
  const p1 = new HistGradientBoostingRegressor({ ...pois, nThreads: 1 }).fit(X, yPos);
  const p2 = new HistGradientBoostingRegressor({ ...pois, nThreads: 2 }).fit(X, yPos);
  assert.deepEqual(p2.predict(X), p1.predict(X));
});

test('large nodes are partitioned by the team with the same result as one thread', async () => {
  assert.ok(await startHgbThreads(2), 'histogram workers should start');
  // 150k rows: the root and its large children pass TEAM_MIN_PARTITION; NaN exercise the missing flag.
  const { X, y } = synth(150_001, 15, 0.1);
  const params = { maxIter: 3, earlyStopping: false } as const;
  const one = new HistGradientBoostingRegressor({ ...params, nThreads: 1 }).fit(X, y);
  const before = hgbTeamPartitions();
  const two = new HistGradientBoostingRegressor({ ...params, nThreads: 2 }).fit(X, y);
  assert.ok(hgbTeamPartitions() - before >= 3, 'the team partitioned the large nodes');
  assert.equal(JSON.stringify(two.toJSON().state), JSON.stringify(one.toJSON().state));
});

test('shares taken over from late workers give the same model (every share taken over)', async () => {
  assert.ok(await startHgbThreads(2), 'histogram workers should start');
  const { X, y } = synth(150_001, 15, 0.1);
  const params = { maxIter: 3, earlyStopping: false } as const;
  const one = new HistGradientBoostingRegressor({ ...params, nThreads: 1 }).fit(X, y);
  const before = hgbTeamPartitions();
  hgbTakeOverAllForTests(true);
  try {
    const two = new HistGradientBoostingRegressor({ ...params, nThreads: 2 }).fit(X, y);
    assert.equal(two.nThreadsUsed_, 2);
    assert.ok(hgbTeamPartitions() - before >= 3, 'the team path ran');
    assert.equal(JSON.stringify(two.toJSON().state), JSON.stringify(one.toJSON().state));
  } finally {
    hgbTakeOverAllForTests(false);
  }
  // The workers are still in step afterwards.
  const again = new HistGradientBoostingRegressor({ ...params, nThreads: 2 }).fit(X, y);
  assert.equal(JSON.stringify(again.toJSON().state), JSON.stringify(one.toJSON().state));
});

test('registered in the model registry: createModel("hgb") and loadModel restore it', async () => {
  const { createModel, loadModel } = await import('../io/load.js');
  const { X, y } = synth(300, 12);
  const m = createModel('hgb', { maxIter: 5 }).fit(X, y);
  assert.equal(m.kind, 'HistGradientBoostingRegressor');
  assert.deepEqual(loadModel(JSON.parse(JSON.stringify(m.toJSON()))).predict(X), m.predict(X));
});

test('huber loss: on data with big outliers, lower MAE on clean test rows than squared error', () => {
  const train = synth(3000, 11);
  const rng = new Rng(12);
  // 5 % of training targets get a large one-sided shock: squared error chases them, huber clips them.
  for (let i = 0; i < train.y.length; i++) if (rng.random() < 0.05) train.y[i] += 40 + 20 * rng.random();
  const clean = synth(1000, 13);
  const mae = (p: Float64Array): number => p.reduce((s, v, i) => s + Math.abs(v - clean.y[i]), 0) / p.length;
  const squared = mae(new HistGradientBoostingRegressor({ loss: 'squared_error', earlyStopping: false }).fit(train.X, train.y).predict(clean.X));
  const huber = new HistGradientBoostingRegressor({ loss: 'huber', earlyStopping: false }).fit(train.X, train.y);
  const huberMae = mae(huber.predict(clean.X));
  assert.ok(huberMae < 0.5 * squared, `huber MAE ${huberMae} vs squared error ${squared}`);
  // Same seed → same model, and the saved model round-trips.
  const again = new HistGradientBoostingRegressor({ loss: 'huber', earlyStopping: false }).fit(train.X, train.y);
  assert.equal(JSON.stringify(again.toJSON()), JSON.stringify(huber.toJSON()));
  assert.deepEqual(HistGradientBoostingRegressor.fromJSON(huber.toJSON()).predict(clean.X), huber.predict(clean.X));
});

test('huber loss with early stopping and sample weights fits and scores finite losses', () => {
  const train = synth(12_000, 14);
  const w = Float64Array.from(train.y, (_, i) => 1 + (i % 3));
  const m = new HistGradientBoostingRegressor({ loss: 'huber', maxIter: 30, alpha: 0.8 }).fit(train.X, train.y, { sampleWeight: w });
  assert.ok(m.validationScore_.length > 1 && m.validationScore_.every(Number.isFinite));
  assert.ok(m.validationScore_[m.validationScore_.length - 1] > m.validationScore_[0], 'validation loss improves');
});
