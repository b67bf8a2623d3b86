/**
 * RandomForest fit-time benchmark against scikit-learn, in one run on the same data:
 * (1) 100 trees on 100,000 rows resampled from the bundled data (seed features, rows drawn with the
 *     seeded Rng, continuous features jittered by 1 % multiplicative noise), both sides on 2 threads;
 *     goal: convopt ≤ 0.5 × scikit-learn's time.
 * (2) small data: each tree-family model fitted with default hyperparameters on the 914 training rows
 *     of the reference holdout split (median of repeated fits, after warm-up).
 * Writes bench/out/forest.json and prints a markdown table.
 *
 *   node --import tsx bench/forest.ts           # full size
 *   node --import tsx bench/forest.ts --quick   # smoke: 10,000 rows, 20 trees, 3 reps
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Matrix, matrix, take, takeRows } from '../src/core/arrays.js';
import { Rng } from '../src/core/rng.js';
import { seedFeatureMatrix } from '../src/features/index.js';
import { kagFrame } from '../src/features/testing.js';
import type { Regressor } from '../src/models/base/estimator.js';
import { built, runner, runnerNote } from './lib/built.js';

// The timed code comes from the build (what users run); data preparation may come from the sources.
const { AdaBoostRegressor } = await built<typeof import('../src/models/adaboost/index.js')>('models/adaboost/index.js');
const { RandomForestRegressor, lastForestThreads, startForestThreads } = await built<typeof import('../src/models/forest/index.js')>('models/forest/index.js');
const { GradientBoostingRegressor } = await built<typeof import('../src/models/gradient-boosting/index.js')>('models/gradient-boosting/index.js');
const { DecisionTreeRegressor } = await built<typeof import('../src/models/tree/index.js')>('models/tree/index.js');

const quick = process.argv.includes('--quick');
const N_LARGE = quick ? 10_000 : 100_000;
const TREES = quick ? 20 : 100;
const JOBS = 2;
const REPS = quick ? 3 : 9;
const WARMUP = quick ? 3 : 5;
/** Small-data warm-up per model and side: at least WARMUP fits and WARM_MS (V8 needs a few hundred tree fits to optimise; see fit-small.ts). */
const WARM_MS = quick ? 100 : 1000;

const ref = JSON.parse(readFileSync(new URL('../src/models/tree/testing/reference.json', import.meta.url), 'utf8')) as { split: { test_row_indices: number[] } };
const frame = kagFrame();
const Xall = seedFeatureMatrix(frame);
const yall = Float64Array.from(frame.numeric('Approved_Conversion'));

/** n rows drawn with replacement; columns with more than 10 distinct values get 1 % multiplicative noise. */
function resample(n: number, seed: number): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const src = Int32Array.from({ length: n }, () => rng.int(Xall.nRows));
  const columns = Xall.columns.map((col) => {
    const continuous = new Set(col).size > 10;
    return Float64Array.from(src, (i) => (continuous ? col[i] * (1 + 0.01 * rng.normal()) : col[i]));
  });
  return { X: matrix(columns, Xall.names), y: take(yall, src) };
}

function writeMatrix(dir: string, name: string, X: Matrix, y: Float64Array): { path: string; y: string; n: number; d: number } {
  const flat = new Float64Array(X.nRows * X.columns.length);
  X.columns.forEach((c, j) => flat.set(c, j * X.nRows));
  const path = join(dir, `${name}.X.f64`);
  const yPath = join(dir, `${name}.y.f64`);
  writeFileSync(path, Buffer.from(flat.buffer));
  writeFileSync(yPath, Buffer.from(y.buffer, y.byteOffset, y.byteLength));
  return { path, y: yPath, n: X.nRows, d: X.columns.length };
}

function median(a: number[]): number {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function timeFit(make: () => Regressor, X: Matrix, y: Float64Array): number {
  const t0 = performance.now();
  make().fit(X, y);
  return performance.now() - t0;
}

// Small data: the reference's 914 training rows.
const testRows = new Set(ref.split.test_row_indices);
const trainRows = Int32Array.from({ length: Xall.nRows }, (_, i) => i).filter((i) => !testRows.has(i));
const Xs = takeRows(Xall, trainRows);
const ys = take(yall, trainRows);
const small: Record<string, () => Regressor> = {
  DecisionTreeRegressor: () => new DecisionTreeRegressor(),
  RandomForestRegressor: () => new RandomForestRegressor({ nJobs: 1 }),
  GradientBoostingRegressor: () => new GradientBoostingRegressor(),
  AdaBoostRegressor: () => new AdaBoostRegressor(),
};
const oursSmall: Record<string, number> = {};
for (const [kind, make] of Object.entries(small)) {
  // Warm-up: time V8's optimised code, as a long-running server runs it.
  for (let r = 0, t0 = performance.now(); r < WARMUP || performance.now() - t0 < WARM_MS; r++) timeFit(make, Xs, ys);
  oursSmall[kind] = median(Array.from({ length: REPS }, () => timeFit(make, Xs, ys)));
}

// Large data, 2 threads on both sides.
const { X, y } = resample(N_LARGE, 42);
await startForestThreads(JOBS);
timeFit(() => new RandomForestRegressor({ nEstimators: 2, nJobs: JOBS }), X, y); // warm-up (JIT, workers)
const oursLarge = timeFit(() => new RandomForestRegressor({ nEstimators: TREES, nJobs: JOBS }), X, y);
const threadsUsed = lastForestThreads();

const dir = mkdtempSync(join(tmpdir(), 'convopt-forest-'));
const input = join(dir, 'input.json');
writeFileSync(input, JSON.stringify({ large: { ...writeMatrix(dir, 'large', X, y), trees: TREES, jobs: JOBS }, small: writeMatrix(dir, 'small', Xs, ys), reps: REPS, warmup: WARMUP, warmMs: WARM_MS }));
const py = spawnSync('/usr/bin/python3', [new URL('./py/forest.py', import.meta.url).pathname, input], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
rmSync(dir, { recursive: true, force: true });
let peer: { large_ms: number; small: Record<string, number> } | undefined;
if (py.status === 0) peer = JSON.parse(py.stdout) as typeof peer;
else process.stderr.write(`forest: Python peer failed (exit ${py.status}):\n${py.stderr}\n`);

const result = {
  quick,
  runner,
  large: { nRows: N_LARGE, nFeatures: X.columns.length, trees: TREES, jobs: JOBS, threadsUsed, convoptMs: oursLarge, sklearnMs: peer?.large_ms, ratio: peer ? oursLarge / peer.large_ms : undefined, goal: 0.5 },
  small: Object.fromEntries(Object.keys(small).map((k) => [k, { nRows: Xs.nRows, convoptMs: oursSmall[k], sklearnMs: peer?.small[k], ratio: peer ? oursSmall[k] / peer.small[k] : undefined }])),
};
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
writeFileSync(new URL('./out/forest.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');

const fmt = (v: number | undefined, d = 1): string => (v === undefined ? '—' : v.toFixed(d));
console.log(
  [
    `RandomForestRegressor, ${TREES} trees, ${N_LARGE.toLocaleString('en')} rows × ${X.columns.length} seed features, ${JOBS} threads each side${quick ? ' (--quick)' : ''}:`,
    '',
    '| model | rows | convopt ms | scikit-learn ms | ratio (convopt ÷ sklearn) |',
    '|---|---|---|---|---|',
    `| RandomForestRegressor (nJobs ${JOBS}, ${threadsUsed} threads used) | ${N_LARGE} | ${fmt(oursLarge, 0)} | ${fmt(peer?.large_ms, 0)} | ${fmt(result.large.ratio, 3)} (goal ≤ 0.5) |`,
    ...Object.entries(result.small).map(([k, r]) => `| ${k} (1 thread, median of ${REPS}) | ${r.nRows} | ${fmt(r.convoptMs)} | ${fmt(r.sklearnMs)} | ${fmt(r.ratio, 3)} |`),
    '',
    runnerNote(),
  ].join('\n'),
);
