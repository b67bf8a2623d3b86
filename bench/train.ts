/**
 * Benchmark: the full default `convopt train` (all model families, holdout + 5-fold CV, tracking,
 * registry; `--no-cache`) against a plain scikit-learn script doing the 4 seed models with holdout +
 * 5-fold CV (`bench/py/train_seed.py`), on the bundled data. Both are timed as whole processes
 * (start → exit, wall clock), in a scratch CONVOPT_HOME, `repeats` times each; the median is
 * reported. Also the cached re-run (nothing changed). Writes bench/out/train.json and prints a table.
 *
 *   node --import tsx bench/train.ts            # full: default families, 3 repeats
 *   node --import tsx bench/train.ts --quick    # smoke: LinearRegression + Ridge vs LinearRegression, 1 repeat
 *
 * The convopt CLI runs from dist/ when built (what users run), else through tsx (adds compile time).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const quick = process.argv.includes('--quick');
const repeats = quick ? 1 : 3;
const root = new URL('../', import.meta.url).pathname;
const dist = join(root, 'dist/cli/main.js');
const cliArgs = existsSync(dist) ? [dist] : ['--import', 'tsx', join(root, 'src/cli/main.ts')];
const trainArgs = ['train', '--no-cache', '--json', ...(quick ? ['--models', 'LinearRegression,Ridge'] : [])];

/**
 * Runs a process to completion: wall seconds, and CPU seconds (user + system, every thread) read by
 * GNU time when the machine has it (Debian's `time` package), else null.
 */
function timed(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv): { seconds: number; cpuSeconds: number | null; stdout: string } {
  const cpuFile = join(mkdtempSync(join(tmpdir(), 'convopt-bench-cpu-')), 'cpu');
  const viaTime = existsSync(GNU_TIME);
  const t0 = performance.now();
  const r = viaTime ? spawnSync(GNU_TIME, ['-f', '%U %S', '-o', cpuFile, cmd, ...args], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20 }) : spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  let cpuSeconds: number | null = null;
  if (viaTime && existsSync(cpuFile)) {
    const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
    if (Number.isFinite(user) && Number.isFinite(sys)) cpuSeconds = user! + sys!;
  }
  rmSync(dirname(cpuFile), { recursive: true, force: true });
  return { seconds, cpuSeconds, stdout: r.stdout };
}
const GNU_TIME = '/usr/bin/time';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Seconds per pipeline step of every full run (from `--json`), for the where-the-time-goes table. */
const stepSeconds = new Map<string, number[]>();
const convopt: number[] = [];
const cached: number[] = [];
const python: number[] = [];
const convoptCpu: number[] = [];
const pythonCpu: number[] = [];
let leaderboard: unknown;
let sklearn: unknown;
for (let i = 0; i < repeats; i++) {
  const home = mkdtempSync(join(tmpdir(), 'convopt-bench-train-'));
  try {
    const env = { ...process.env, CONVOPT_HOME: home, CONVOPT_STORE_URI: '' };
    const full = timed(process.execPath, [...cliArgs, ...trainArgs], env);
    convopt.push(full.seconds);
    if (full.cpuSeconds !== null) convoptCpu.push(full.cpuSeconds);
    const out = JSON.parse(full.stdout) as { leaderboard: unknown; steps: { step: string; durationMs: number }[] };
    leaderboard = out.leaderboard;
    for (const s of out.steps) stepSeconds.set(s.step, [...(stepSeconds.get(s.step) ?? []), s.durationMs / 1000]);
    cached.push(timed(process.execPath, [...cliArgs, ...trainArgs.filter((a) => a !== '--no-cache')], env).seconds);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  const py = timed('/usr/bin/python3', [join(root, 'bench/py/train_seed.py'), ...(quick ? ['--quick'] : [])], process.env);
  python.push(py.seconds);
  if (py.cpuSeconds !== null) pythonCpu.push(py.cpuSeconds);
  sklearn = (JSON.parse(py.stdout) as { models: unknown }).models;
}

const result = {
  benchmark: 'train',
  quick,
  repeats,
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
  runner: existsSync(dist) ? 'dist' : 'tsx',
  convoptTrainSeconds: { median: median(convopt), all: convopt },
  convoptCachedRerunSeconds: { median: median(cached), all: cached },
  sklearnScriptSeconds: { median: median(python), all: python },
  cpuSeconds: convoptCpu.length && pythonCpu.length ? { convopt: median(convoptCpu), sklearn: median(pythonCpu) } : null,
  ratio: median(convopt) / median(python),
  goal: 'convopt train wall time ≤ 0.1 × the scikit-learn script',
  convoptStepSeconds: Object.fromEntries([...stepSeconds].map(([k, v]) => [k, median(v)])),
  convoptLeaderboard: leaderboard,
  sklearnScores: sklearn,
};
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/train.json'), `${JSON.stringify(result, null, 2)}\n`);

const f = (s: number): string => `${s.toFixed(2)} s`;
console.log(`### convopt train vs scikit-learn script${quick ? ' (quick)' : ''}

| what | wall time (median of ${repeats}) |
|---|---|
| \`convopt train --no-cache\` (${quick ? 'LinearRegression, Ridge' : 'all default families'}; holdout + 5-fold CV, tracking, registry; ${result.runner}) | ${f(result.convoptTrainSeconds.median)} |
| \`convopt train\` re-run, nothing changed (all steps cached) | ${f(result.convoptCachedRerunSeconds.median)} |
| scikit-learn script (${quick ? 'LinearRegression' : 'LR, GB, AdaBoost, RF'}; holdout + 5-fold CV; process incl. imports) | ${f(result.sklearnScriptSeconds.median)} |
| ratio convopt / scikit-learn (goal ≤ 0.1) | ${result.ratio.toFixed(2)} |
${result.cpuSeconds ? `\nCPU time (user + system, all threads; median): convopt ${f(result.cpuSeconds.convopt)}, scikit-learn script ${f(result.cpuSeconds.sklearn)}. convopt fits families on ${Math.max(1, cpus().length)} worker threads; the script fits one model after another (scikit-learn defaults, n_jobs=None).\n` : ''}`);

// Where the time goes: each pipeline step's own duration (families run in parallel on the worker pool,
// so they overlap), beside the scikit-learn script's sequential time for the same family.
const peerSeconds = (sklearn ?? {}) as Record<string, { seconds?: number }>;
const stepRows = [...stepSeconds.keys()].map((step) => {
  const family = step.startsWith('train_') ? step.slice('train_'.length) : undefined;
  const peer = family === undefined ? undefined : peerSeconds[family]?.seconds;
  return `| ${step} | ${result.convoptStepSeconds[step]!.toFixed(3)} | ${peer === undefined ? '–' : peer.toFixed(3)} |`;
});
console.log(`Where the time goes (median step durations of the --no-cache runs; each family step is 7 fits —
holdout, 5 folds, final — and ${Math.max(1, cpus().length)} run at once in worker threads; the peer's column is the same 7 fits, run one after another):

| step | convopt (s) | scikit-learn (s) |
|---|---:|---:|
${stepRows.join('\n')}
`);
