/**
 * Fit time on small data: every model kind in MODEL_KINDS fitted on the bundled data's 914 training
 * rows (seed features, the reference's holdout split), median of repeated fits, beside its
 * scikit-learn twin with matching hyperparameters (bench/py/fit_small.py) in the same run, on the very
 * same matrix, one thread each side. Writes bench/out/fit-small.json and prints a markdown table.
 *
 * Each side runs in PROCESSES separate processes and the table shows the median of their medians:
 * on this host a fit moves by up to 50 % from one process to the next, on both sides (the same code:
 * DecisionTree 1.5 vs 2.5 ms, scikit-learn's HistGradientBoosting 170 vs 280 ms), far more than
 * within one, so one process is one draw; five draws a side make the median steadier than three.
 * The per-process figures are listed under the table. The sides take turns (ours, the peer's, ours,
 * …), so a spell of load on the shared host falls on both.
 *
 *   node --import tsx bench/fit-small.ts           # full: 5 processes a side, ≥ 7 reps and ~3 s per model
 *   node --import tsx bench/fit-small.ts --quick   # smoke: 1 process, 3 reps
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Matrix, take, takeRows } from '../src/core/arrays.js';
import { holdoutSplit } from '../src/eval/split/index.js';
import { seedFeatureMatrix } from '../src/features/index.js';
import { kagFrame } from '../src/features/testing.js';
import { built, runner, runnerNote } from './lib/built.js';
import { referencePath } from '../test/helpers/reference.js';

// The timed code comes from the build (what users run); data preparation may come from the sources.
const { createModel, modelKinds } = await built<typeof import('../src/models/io/load.js')>('models/io/load.js');

const quick = process.argv.includes('--quick');
const minReps = quick ? 3 : 7;
const maxReps = quick ? 5 : 500;
const budgetSeconds = quick ? 0.2 : 3;
const warmupFits = quick ? 20 : 50;

const ref = JSON.parse(readFileSync(referencePath('sklearn_seed_reference.json'), 'utf8')) as { split: { test_row_indices: number[] } };
const frame = kagFrame();
const Xall = seedFeatureMatrix(frame);
const yall = Float64Array.from(frame.numeric('Approved_Conversion'));
const split = holdoutSplit(frame.nRows, { testRows: ref.split.test_row_indices });
const X = takeRows(Xall, split.train);
const y = take(yall, split.train);

function median(a: number[]): number {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Ours {
  medianMs?: number;
  reps: number;
  params: Record<string, unknown>;
  error?: string;
}
const ours: Record<string, Ours> = {};
/**
 * One thread on each side, as the issue asks (same thread count): our models' automatic thread counts
 * are pinned to 1 (nJobs passes to the twin as n_jobs=1), and the Python peer runs with its OpenMP and
 * BLAS pools at 1 thread (see `peerEnv`). Automatic would be 2 threads for our forest against
 * scikit-learn's 1 (its n_jobs=None), which flattered the forest.
 */
const ONE_THREAD: Readonly<Record<string, number>> = { nJobs: 1, nThreads: 1 };
function oneThreadParams(kind: string): Record<string, unknown> {
  const params = createModel(kind).getParams() as Record<string, unknown>;
  for (const [k, v] of Object.entries(ONE_THREAD)) if (k in params) params[k] = v;
  return params;
}
const peerEnv = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** Median fit time of `kind` on (X, y) after JIT warm-up (steady state, as a server would run). */
function timeOurs(kind: string, Xm: Matrix, params: Record<string, unknown>): Ours {
  try {
    const warmStart = performance.now();
    for (let i = 0; i < warmupFits && performance.now() - warmStart < 1000; i++) createModel(kind, params).fit(Xm, y, { seed: 0 });
    const times: number[] = [];
    const start = performance.now();
    while (times.length < maxReps && (times.length < minReps || performance.now() - start < budgetSeconds * 1000)) {
      const t0 = performance.now();
      createModel(kind, params).fit(Xm, y, { seed: 0 });
      times.push(performance.now() - t0);
    }
    return { medianMs: median(times), reps: times.length, params };
  } catch (err) {
    // One broken model must not hide the others' numbers: report it in the table.
    const error = err instanceof Error ? err.message : String(err);
    process.stderr.write(`fit-small: ${kind} failed: ${error}\n`);
    return { reps: 0, params, error };
  }
}

type Peer = { median_ms: number; reps: number; estimator: string; params: Record<string, unknown>; dropped: string[]; n_iter: number | null; all_coef_zero: boolean | null } | { skipped: string };

/** The scikit-learn twins of `kinds` timed on the same matrix (bench/py/fit_small.py, one thread). */
function runPeer(Xm: Matrix, kinds: Record<string, Record<string, unknown>>): Record<string, Peer> {
  const dir = mkdtempSync(join(tmpdir(), 'convopt-fit-small-'));
  const input = join(dir, 'input.json');
  writeFileSync(input, JSON.stringify({ X: Xm.columns.map((c) => Array.from(c)), y: Array.from(y), kinds, minReps, maxReps, budgetSeconds }));
  const py = spawnSync('/usr/bin/python3', [new URL('./py/fit_small.py', import.meta.url).pathname, input], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env: peerEnv });
  rmSync(dir, { recursive: true, force: true });
  if (py.status === 0) return JSON.parse(py.stdout) as Record<string, Peer>;
  process.stderr.write(`fit-small: Python peer failed (exit ${py.status}):\n${py.stderr}\n`);
  return {};
}

/** Columns as z-scores (training mean and standard deviation; constant columns become 0). */
function standardise(Xm: Matrix): Matrix {
  return {
    nRows: Xm.nRows,
    columns: Xm.columns.map((c) => {
      let mean = 0;
      for (const v of c) mean += v / c.length;
      let ss = 0;
      for (const v of c) ss += (v - mean) ** 2;
      const sd = Math.sqrt(ss / c.length);
      return Float64Array.from(c, (v) => (sd > 0 ? (v - mean) / sd : 0));
    }),
  };
}

// scikit-learn's PoissonRegressor (lbfgs) fails on the raw seed features: exp of the first step
// overflows ("invalid value encountered in matmul") and it stops after one iteration with every
// coefficient 0, so that row times a failed fit. On standardised features both sides converge.
const POISSON = 'PoissonRegressor';
const POISSON_STD = 'PoissonRegressor (standardised X)';
const Xstd = standardise(X);
const PROCESSES = quick ? 1 : 5;

/** Our side, every model, in this process. */
function timeAllOurs(): Record<string, Ours> {
  const out: Record<string, Ours> = {};
  for (const kind of modelKinds()) out[kind] = timeOurs(kind, X, oneThreadParams(kind));
  out[POISSON_STD] = timeOurs(POISSON, Xstd, oneThreadParams(POISSON));
  return out;
}

if (process.argv.includes('--child')) {
  console.log(JSON.stringify(timeAllOurs()));
  process.exit(0);
}

/** One fresh process of ours, timing every model. */
function runOurs(): Record<string, Ours> {
  const child = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', ...(quick ? ['--quick'] : [])], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`fit-small: our timing process failed (exit ${child.status}): ${child.stderr.slice(-500)}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Record<string, Ours>;
}

// PROCESSES rounds, each one process of ours and then the peer's (raw and standardised X): the
// sides alternate, so a change in the host's load (a shared VM) falls on both rather than on one.
const oursRuns: Record<string, Ours>[] = [];
const peerRuns: Record<string, Peer>[] = [];
const stdPeerRuns: Record<string, Peer>[] = [];
for (let r = 0; r < PROCESSES; r++) {
  oursRuns.push(runOurs());
  const first = oursRuns[0]!;
  peerRuns.push(runPeer(X, Object.fromEntries(Object.entries(first).filter(([k]) => k !== POISSON_STD).map(([k, o]) => [k, o.params]))));
  stdPeerRuns.push(runPeer(Xstd, { [POISSON]: first[POISSON_STD]!.params }));
}

// Per model, the median of the processes' medians, and each one.
const oursSpread: Record<string, number[]> = {};
for (const kind of Object.keys(oursRuns[0]!)) {
  const ms = oursRuns.map((run) => run[kind]!.medianMs).filter((v): v is number => v !== undefined);
  oursSpread[kind] = ms;
  ours[kind] = { ...oursRuns[0]![kind]!, ...(ms.length ? { medianMs: median(ms) } : {}), reps: median(oursRuns.map((run) => run[kind]!.reps)) };
}

/** The peer's runs; per model, the median of its medians (the first run's details). */
const peerSpread: Record<string, number[]> = {};
function peersOf(runs: Record<string, Peer>[], rename: (k: string) => string = (k) => k): Record<string, Peer> {
  const out: Record<string, Peer> = {};
  for (const kind of Object.keys(runs[0] ?? {})) {
    const first = runs[0]![kind]!;
    const ms = runs.map((run) => run[kind]).flatMap((p) => (p && 'median_ms' in p ? [p.median_ms] : []));
    peerSpread[rename(kind)] = ms;
    out[rename(kind)] = 'median_ms' in first && ms.length ? { ...first, median_ms: median(ms) } : first;
  }
  return out;
}
const peers = peersOf(peerRuns);
const stdPeer = peersOf(stdPeerRuns, () => POISSON_STD);
if (stdPeer[POISSON_STD]) peers[POISSON_STD] = stdPeer[POISSON_STD];

const rows = Object.entries(ours).map(([kind, o]) => {
  const p = peers[kind];
  const peerMs = p && 'median_ms' in p ? p.median_ms : undefined;
  const speedup = peerMs !== undefined && o.medianMs !== undefined ? peerMs / o.medianMs : undefined;
  return { kind, convoptMs: o.medianMs, convoptReps: o.reps, convoptError: o.error, sklearnMs: peerMs, sklearnReps: p && 'reps' in p ? p.reps : undefined, speedup, params: o.params, peer: p };
});

mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
writeFileSync(new URL('./out/fit-small.json', import.meta.url), JSON.stringify({ quick, runner, nRows: X.nRows, nFeatures: X.columns.length, rows }, null, 2) + '\n');

const fmt = (v: number | undefined, d = 3) => (v === undefined ? '—' : v.toFixed(d));
const lines = [
  `Fit time on ${X.nRows} rows × ${X.columns.length} seed features (median of repeated fits in each of ${PROCESSES} process${PROCESSES > 1 ? 'es' : ''} a side, the sides taking turns, then the median over processes; default hyperparameters, passed to the scikit-learn twin; 1 thread each side: nJobs/nThreads = 1 here, OMP/BLAS threads = 1 for the peer).`,
  '',
  '| model | convopt ms | scikit-learn ms | speed-up (sklearn ÷ convopt) | ratio (convopt ÷ sklearn) | reps (ours / sklearn) |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.kind} | ${fmt(r.convoptMs)} | ${fmt(r.sklearnMs)} | ${r.speedup === undefined ? '—' : `**${r.speedup.toFixed(1)}×**`} | ${r.speedup === undefined ? '—' : (1 / r.speedup).toFixed(3)} | ${r.convoptReps} / ${r.sklearnReps ?? '—'} |`),
];
const notes = rows.filter((r) => r.convoptError).map((r) => `- ${r.kind}: convopt fit failed (${r.convoptError})`);
// nThreads has no scikit-learn parameter: the peer's thread count is set through OMP_NUM_THREADS (peerEnv).
const droppedOf = (p: Peer): string[] => ('dropped' in p ? p.dropped.filter((k) => k !== 'nThreads') : []);
notes.push(...rows.filter((r) => r.peer && ('skipped' in r.peer || droppedOf(r.peer).length)).map((r) => `- ${r.kind}: ${r.peer && 'skipped' in r.peer ? `peer skipped (${r.peer.skipped})` : `parameters without a scikit-learn twin, left at sklearn defaults: ${droppedOf(r.peer!).join(', ')}`}`));
if (notes.length) lines.push('', ...notes);
if (PROCESSES > 1) {
  const each = (ms: number[] | undefined) => (ms && ms.length ? ms.map((v) => v.toFixed(v < 1 ? 3 : 1)).join(' / ') : '—');
  lines.push('', 'Per-process medians, ms (convopt | scikit-learn):', '', ...rows.map((r) => `- ${r.kind}: ${each(oursSpread[r.kind])} | ${each(peerSpread[r.kind])}`));
}
const peerIter = (k: string): string => {
  const p = peers[k];
  return p && 'n_iter' in p && p.n_iter !== null ? `${p.n_iter} iteration${p.n_iter === 1 ? '' : 's'}${p.all_coef_zero ? ', every coefficient 0' : ''}` : 'unknown';
};
lines.push('', runnerNote());
lines.push(
  '',
  `PoissonRegressor: convopt runs Newton steps to scikit-learn's own stopping rule (max |gradient| ≤ tol, or a relative decrease ≤ 64ε). scikit-learn's L-BFGS on the raw seed features: ${peerIter(POISSON)} (its first step overflows), so that row times a failed fit; on standardised features it converges (${peerIter(POISSON_STD)}), and that row is the fair comparison.`,
);
console.log(lines.join('\n'));
