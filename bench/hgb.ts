/**
 * HistGradientBoostingRegressor at scale: 1,000,000 rows × 20 features (the bundled ads resampled with
 * multiplicative noise, plus derived ratios/logs/products), 100 iterations, 31 leaves, early stopping
 * off. Compares our fit (1 and 2 threads) with XGBoost `tree_method='hist'` (lossguide, max_leaves 31,
 * nthread 2) and scikit-learn's HistGradientBoostingRegressor on the very same matrix (bench/py/hgb.py,
 * run from here). Each side fits in its own process so peak RSS is its own. Reports fit time, test R²
 * (last 20% of rows), peak RSS and batch predict throughput. Writes bench/out/hgb.json and prints a
 * markdown table.
 *
 *   node --import tsx bench/hgb.ts           # full: 1,000,000 rows
 *   node --import tsx bench/hgb.ts --quick   # smoke: 50,000 rows
 *   node --import tsx bench/hgb.ts --rows 200000
 *   node --import tsx bench/hgb.ts --prepare        # only write the data file (for profiling --child runs)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Matrix } from '../src/core/arrays.js';
import { Rng } from '../src/core/rng.js';
import { kagFrame } from '../src/features/testing.js';
import { built, runner, runnerNote } from './lib/built.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const rowsArg = args.indexOf('--rows');
const nRows = rowsArg >= 0 ? Number(args[rowsArg + 1]) : quick ? 50_000 : 1_000_000;
const N_FEATURES = 20;
const MAX_ITER = 100;

export const FEATURE_NAMES = [
  'interest', 'Impressions', 'Clicks', 'Spent', 'Total_Conversion', 'campaign_916', 'campaign_936', 'campaign_1178', 'Age_Group', 'Gender_Code',
  'log_Impressions', 'log_Spent', 'CTR', 'CPC', 'Conv_per_Click', 'Spent_per_Imp', 'Imp_x_Clicks', 'Clicks_per_Spent', 'interest_x_gender', 'age_x_spent',
] as const; // prettier-ignore

/** Resampled ads with noise: column-major features and the Approved_Conversion target. Deterministic in (n, seed). */
export function makeData(n: number, seed: number): { X: Matrix; y: Float64Array } {
  const frame = kagFrame();
  const num = (c: string) => frame.numeric(c);
  const [interest, imp, clicks, spent, total, approved, campaign] = ['interest', 'Impressions', 'Clicks', 'Spent', 'Total_Conversion', 'Approved_Conversion', 'xyz_campaign_id'].map(num);
  const age = frame.categorical('age');
  const gender = frame.categorical('gender');
  const rng = new Rng(seed);
  const cols = Array.from({ length: N_FEATURES }, () => new Float64Array(n));
  const y = new Float64Array(n);
  const noise = () => Math.exp(0.1 * rng.normal());
  for (let i = 0; i < n; i++) {
    const r = rng.int(frame.nRows);
    const im = imp[r] * noise();
    const cl = Math.max(0, Math.round(clicks[r] * noise()));
    const sp = spent[r] * noise();
    const tc = total[r];
    const ageCode = ['30-34', '35-39', '40-44', '45-49'].indexOf(age.levels[age.codes[r]]);
    const g = gender.levels[gender.codes[r]] === 'M' ? 1 : 0;
    const v = [
      interest[r], im, cl, sp, tc, campaign[r] === 916 ? 1 : 0, campaign[r] === 936 ? 1 : 0, campaign[r] === 1178 ? 1 : 0, ageCode, g,
      Math.log1p(im), Math.log1p(sp), cl / im, cl > 0 ? sp / cl : NaN, cl > 0 ? tc / cl : NaN, sp / im, im * cl, sp > 0 ? cl / sp : NaN, interest[r] * g, ageCode * sp,
    ]; // prettier-ignore
    for (let j = 0; j < N_FEATURES; j++) cols[j][i] = v[j];
    y[i] = approved[r];
  }
  return { X: { nRows: n, columns: cols, names: [...FEATURE_NAMES] }, y };
}

interface SideResult {
  name: string;
  fitSeconds: number;
  testR2: number;
  peakRssMiB: number;
  predictRowsPerSecond: number;
  nIter?: number;
  threads?: number;
  error?: string;
}

function r2(y: Float64Array, p: Float64Array, from: number): number {
  let mean = 0;
  for (let i = from; i < y.length; i++) mean += y[i];
  mean /= y.length - from;
  let ss = 0;
  let st = 0;
  for (let i = from; i < y.length; i++) {
    ss += (y[i] - p[i - from]) ** 2;
    st += (y[i] - mean) ** 2;
  }
  return 1 - ss / st;
}

/** Child mode: load the binary matrix, fit ours with `threads`, print one JSON line. */
async function runOurs(file: string, n: number, threads: number): Promise<void> {
  // The timed code comes from the build (what users run) when it is current.
  const { HistGradientBoostingRegressor, startHgbThreads } = await built<typeof import('../src/models/hgb/index.js')>('models/hgb/index.js');
  const buf = readFileSync(file);
  const all = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
  const cols = Array.from({ length: N_FEATURES }, (_, j) => all.subarray(j * n, (j + 1) * n));
  const y = all.subarray(N_FEATURES * n, (N_FEATURES + 1) * n);
  const nTrain = Math.floor(n * 0.8);
  const Xtr: Matrix = { nRows: nTrain, columns: cols.map((c) => c.subarray(0, nTrain)) };
  const Xte: Matrix = { nRows: n - nTrain, columns: cols.map((c) => c.subarray(nTrain)) };
  if (threads > 1) await startHgbThreads(threads);
  const model = new HistGradientBoostingRegressor({ maxIter: MAX_ITER, maxLeafNodes: 31, earlyStopping: false, nThreads: threads, randomState: 0 });
  const t0 = performance.now();
  model.fit(Xtr, Float64Array.from(y.subarray(0, nTrain)));
  const fitSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const pred = model.predict(Xte);
  const predictSeconds = (performance.now() - t1) / 1000;
  const out: SideResult = {
    name: `convopt (${model.nThreadsUsed_} thread${model.nThreadsUsed_ > 1 ? 's' : ''})`,
    fitSeconds,
    testR2: r2(Float64Array.from(y), pred, nTrain),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    predictRowsPerSecond: Xte.nRows / predictSeconds,
    nIter: model.nIter_,
    threads: model.nThreadsUsed_,
  };
  console.log(JSON.stringify(out));
}

function parseLast(stdout: string, name: string, status: number | null, stderr: string): SideResult {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as SideResult;
  } catch {
    return { name, fitSeconds: NaN, testR2: NaN, peakRssMiB: NaN, predictRowsPerSecond: NaN, error: `exit ${status}: ${stderr.slice(-500)}` };
  }
}

async function main(): Promise<void> {
  const child = args.indexOf('--child');
  if (child >= 0) return runOurs(args[child + 1], Number(args[child + 2]), Number(args[child + 3]));

  const file = join(tmpdir(), `convopt-hgb-bench-${nRows}.f64`);
  if (!existsSync(file)) {
    const { X, y } = makeData(nRows, 42);
    const all = new Float64Array((N_FEATURES + 1) * nRows);
    X.columns.forEach((c, j) => all.set(c, j * nRows));
    all.set(y, N_FEATURES * nRows);
    writeFileSync(file, new Uint8Array(all.buffer));
  }
  if (args.includes('--prepare')) return console.log(file);
  const results: SideResult[] = [];
  // Our side runs several times (a fresh process each) and reports the run with the median fit time:
  // on this 2-core box a 2-thread fit varies a lot from one process to the next, and all runs are listed.
  const repeats = quick ? 1 : 3;
  const spread: string[] = [];
  for (const threads of [1, 2]) {
    const runs: SideResult[] = [];
    for (let r = 0; r < repeats; r++) {
      const res = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', file, String(nRows), String(threads)], { encoding: 'utf8', maxBuffer: 1 << 24 });
      runs.push(parseLast(res.stdout, `convopt (${threads})`, res.status, res.stderr));
    }
    runs.sort((a, b) => a.fitSeconds - b.fitSeconds);
    results.push(runs[Math.floor(runs.length / 2)]!);
    spread.push(`${runs[0]!.name}: ${runs.map((r) => `${r.fitSeconds.toFixed(2)} s / ${Math.round(r.predictRowsPerSecond).toLocaleString('en')} rows/s`).join('; ')}`);
  }
  for (const lib of ['xgboost', 'sklearn']) {
    const res = spawnSync('/usr/bin/python3', [new URL('./py/hgb.py', import.meta.url).pathname, lib, file, String(nRows), String(N_FEATURES), String(MAX_ITER)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    results.push(parseLast(res.stdout, lib, res.status, res.stderr));
  }
  const xgb = results.find((r) => r.name.startsWith('XGBoost'));
  const skl = results.find((r) => r.name.startsWith('scikit-learn'));
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./out/hgb.json', import.meta.url), JSON.stringify({ quick, runner, nRows, nFeatures: N_FEATURES, maxIter: MAX_ITER, maxLeafNodes: 31, results, ourRuns: spread }, null, 2) + '\n');
  const f = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : '—');
  const lines = [
    `### HistGradientBoostingRegressor: ${nRows.toLocaleString('en')} rows × ${N_FEATURES} features, ${MAX_ITER} iterations, 31 leaves${quick ? ' (quick)' : ''}`,
    '',
    '| implementation | fit (s) | × XGBoost | × scikit-learn | test R² | peak RSS (MiB) | predict (rows/s) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.name}${r.error ? ` (failed: ${r.error.split('\n')[0]})` : ''} | ${f(r.fitSeconds, 2)} | ${xgb ? f(r.fitSeconds / xgb.fitSeconds, 2) : '—'} | ${skl ? f(r.fitSeconds / skl.fitSeconds, 2) : '—'} | ${f(r.testR2, 4)} | ${f(r.peakRssMiB, 0)} | ${f(r.predictRowsPerSecond, 0)} |`),
    '',
    'Goals: fit ≤ 1.0× XGBoost and ≤ 0.8× scikit-learn, R² within 0.005, peak RSS ≤ 1.5 GiB, predict ≥ XGBoost.',
    '',
    runnerNote(),
    '',
    `convopt rows show the median of ${repeats} runs by fit time; every run (fit / predict):`,
    '',
    ...spread.map((line) => `- ${line}`),
  ];
  console.log(lines.join('\n'));
}

await main();
