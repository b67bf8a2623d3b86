/** predictInThreads: bit-identical to bundle.predict on large batches, sync path for small ones, typed errors, clean close. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { resampleAds } from '../../../bench/gen-data.js';
import { ConvoptError } from '../../core/errors.js';
import { kagFrame } from '../../features/testing.js';
import { COST_COLUMN, PREDICTION_COLUMN, scoreFrame, scoreFrameInThreads } from '../../pipeline/predict/steps.js';
import { ModelBundle } from '../bundle.js';
import { closePredictThreads, lastPredictThreads, lastPredictWorkerRows, predictInThreads, predictWorkerCount } from './index.js';

const big = resampleAds(200_000, 11);
const train = kagFrame();

after(async () => {
  await closePredictThreads();
});

function sameBits(a: Float64Array, b: Float64Array): void {
  assert.equal(a.length, b.length);
  const ua = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const ub = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  assert.ok(Buffer.compare(ua, ub) === 0, 'predictions differ in some bit');
}

const CASES = [
  { model: 'GradientBoostingRegressor', params: { nEstimators: 100, maxDepth: 3 } },
  { model: 'RandomForestRegressor', params: { nEstimators: 20, nJobs: 1 } },
  { model: 'LinearRegression', params: {} },
] as const;

for (const c of CASES) {
  test(`${c.model}: 2 threads give the same bytes as bundle.predict on 200k resampled rows`, async () => {
    const bundle = ModelBundle.create({ features: 'seed', model: c.model, params: c.params }).fit(train, { seed: 3 });
    const expected = bundle.predict(big);
    // Twice: the first batch may be scored mostly by the caller while the worker boots; the second
    // finds the worker up with the model cached.
    // Up to 6 batches, until one had rows scored by a worker, so the threaded path is really checked.
    let workerRows = 0;
    for (let k = 0; k < 6 && (k < 2 || workerRows === 0); k++) {
      const got = await predictInThreads(bundle, big, { threads: 2, minRows: 1000 });
      assert.equal(lastPredictThreads(), 2);
      sameBits(got, expected);
      workerRows = Math.max(workerRows, lastPredictWorkerRows());
    }
    assert.ok(workerRows > 0, 'no batch had rows scored by a worker');
  });
}

test('a refitted model is re-sent to the workers (no stale cache)', async () => {
  const bundle = ModelBundle.create({ features: 'seed', model: 'GradientBoostingRegressor', params: { nEstimators: 10, maxDepth: 3 } }).fit(train, { seed: 1 });
  sameBits(await predictInThreads(bundle, big, { threads: 2, minRows: 1000 }), bundle.predict(big));
  bundle.fit(train.take(Int32Array.from({ length: 600 }, (_, i) => i)), { seed: 2 });
  sameBits(await predictInThreads(bundle, big, { threads: 2, minRows: 1000 }), bundle.predict(big));
});

test('convopt predict\'s scoreFrameInThreads adds the same columns as scoreFrame', async () => {
  const bundle = ModelBundle.create({ features: 'seed', model: 'GradientBoostingRegressor', params: { nEstimators: 20 } }).fit(train, { seed: 0 });
  const a = scoreFrame(bundle, big);
  const b = await scoreFrameInThreads(bundle, big);
  sameBits(Float64Array.from(b.numeric(PREDICTION_COLUMN)), Float64Array.from(a.numeric(PREDICTION_COLUMN)));
  sameBits(Float64Array.from(b.numeric(COST_COLUMN)), Float64Array.from(a.numeric(COST_COLUMN)));
});

test('small batches and threads: 1 take the synchronous bundle.predict path', async () => {
  const bundle = ModelBundle.create({ features: 'seed', model: 'LinearRegression' }).fit(train);
  const small = big.take(Int32Array.from({ length: 500 }, (_, i) => i));
  sameBits(await predictInThreads(bundle, small, { threads: 2 }), bundle.predict(small));
  assert.equal(lastPredictThreads(), 1);
  sameBits(await predictInThreads(bundle, big, { threads: 1, minRows: 1000 }), bundle.predict(big));
  assert.equal(lastPredictThreads(), 1);
});

test('a bad category fails with the same ConvoptError as bundle.predict', async () => {
  const bundle = ModelBundle.create({ features: 'seed', model: 'GradientBoostingRegressor', params: { nEstimators: 5 } }).fit(train, { seed: 0 });
  const ids = Float64Array.from(big.numeric('xyz_campaign_id'));
  ids[150_000] = 999;
  const bad = big.withColumn('xyz_campaign_id', { kind: 'numeric', values: ids });
  let sync: unknown;
  try {
    bundle.predict(bad);
  } catch (e) {
    sync = e;
  }
  assert.ok(sync instanceof ConvoptError);
  await assert.rejects(predictInThreads(bundle, bad, { threads: 2, minRows: 1000 }), (e: unknown) => e instanceof ConvoptError && e.code === sync.code && e.message === sync.message && e.location.row === sync.location.row);
});

test('close() stops every worker', async () => {
  const bundle = ModelBundle.create({ features: 'seed', model: 'LinearRegression' }).fit(train);
  await predictInThreads(bundle, big, { threads: 2, minRows: 1000 });
  assert.ok(predictWorkerCount() >= 1);
  await closePredictThreads();
  assert.equal(predictWorkerCount(), 0);
});

test('a process that used the pool and never closed it exits by itself (idle workers are unref\'d)', () => {
  // Twice, with a pause: the second batch finds the worker up, so the caller waits on it (ref, then unref again).
  const script = `
    const { kagFrame } = await import('./src/features/testing.ts');
    const { ModelBundle } = await import('./src/models/bundle.ts');
    const { predictInThreads, lastPredictWorkerRows } = await import('./src/models/parallel/index.ts');
    const f = kagFrame();
    const b = ModelBundle.create().fit(f);
    const big = f.take(Int32Array.from({ length: 100000 }, (_, i) => i % f.nRows));
    await predictInThreads(b, big, { threads: 2, minRows: 1000 });
    await new Promise((r) => setTimeout(r, 1500));
    await predictInThreads(b, big, { threads: 2, minRows: 1000 });
    console.log('scored', lastPredictWorkerRows() >= 0);`;
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.signal, null, `still running after 60 s: ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /scored true/);
});
