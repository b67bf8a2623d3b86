/**
 * `convopt train` end to end on the bundled data: reference-comparable scores, registration and the
 * champion rule, a fully cached re-run, the deployment gate as a result (exit 1, nothing registered),
 * config errors with field paths, and `pipeline show` (its Mermaid form is tested in src/pipeline/show.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveTrainConfig } from '../../src/config/resolve.js';
import { ConvoptError } from '../../src/core/errors.js';
import { SKLEARN_SEED_SCORES } from '../../src/pipeline/train/reference-split.js';
import { runTraining } from '../../src/pipeline/train/run.js';
import { openStore } from '../../src/tracking/index.js';
import { BUNDLED_DATA_PATH as BUNDLED_CSV } from '../../src/data/load.js';
import { checkArtifacts, cli, scratchHome } from './train-helpers.js';

interface TrainJson {
  runId: string;
  status: string;
  durationMs: number;
  steps: { step: string; status: string; cached: boolean }[];
  evaluation: { scheme: string };
  leaderboard: { name: string; cvR2Mean: number; cvR2Std: number; holdoutR2: number; interval?: { level: number; cvCoverage: number; holdoutCoverage: number; cvMeanWidth: number } }[];
  gate: { passed: boolean };
  registration?: { name: string; version: number; created: boolean; champion: { moved: boolean; reason: string } };
}

const LR = SKLEARN_SEED_SCORES.LinearRegression!;

test('train on the bundled data matches scikit-learn, registers, then re-runs fully cached', async () => {
  const home = scratchHome();
  const first = await cli(['train', '--models', 'LinearRegression,Ridge', '--workers', '0', '--json'], home);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stderr, '', 'no progress output with --json');
  const r = JSON.parse(first.stdout) as TrainJson;
  assert.equal(r.status, 'completed');
  assert.equal(r.evaluation.scheme, 'reference');
  const lr = r.leaderboard.find((x) => x.name === 'LinearRegression')!;
  // Features are refit inside each fold (the reference imputed with all-row means first): ≤ 1e-5 apart.
  assert.ok(Math.abs(lr.cvR2Mean - LR.cv5_r2_mean) < 1e-5, `CV R² ${lr.cvR2Mean} vs ${LR.cv5_r2_mean}`);
  assert.ok(Math.abs(lr.cvR2Std - LR.cv5_r2_std) < 1e-4);
  assert.ok(Math.abs(lr.holdoutR2 - LR.holdout_r2) < 1e-4);
  assert.ok(r.leaderboard[0]!.cvR2Mean >= LR.cv5_r2_mean, 'best model at least as good as the reference OLS');
  // 80 % prediction intervals, calibrated on out-of-fold residuals, hold about 80 % of unseen outcomes.
  for (const row of r.leaderboard) {
    const pi = row.interval!;
    assert.equal(pi.level, 0.8);
    assert.ok(Math.abs(pi.cvCoverage - 0.8) <= 0.05 && Math.abs(pi.holdoutCoverage - 0.8) <= 0.08, `${row.name}: coverage ${pi.cvCoverage} (folds), ${pi.holdoutCoverage} (holdout)`);
    assert.ok(pi.cvMeanWidth > 0);
  }
  const shownVersion = JSON.parse((await cli(['models', 'show', 'convopt@1', '--json'], home)).stdout) as { version?: { metrics: Record<string, number> }; metrics?: Record<string, number> };
  const versionMetrics = shownVersion.version?.metrics ?? shownVersion.metrics ?? {};
  assert.equal(versionMetrics.interval_level, 0.8, JSON.stringify(shownVersion).slice(0, 300));
  assert.match((await cli(['models', 'show', 'convopt'], home)).stdout, /cv_r2_mean=0\.72\d\d {2}holdout_r2=0\.75\d\d {2}80% interval: covers \d+% \(CV\), \d\.\d\d wide/);
  assert.equal(r.registration?.version, 1);
  assert.equal(r.registration?.champion.moved, true);
  assert.ok(r.steps.every((s) => s.status === 'done'));

  const again = await cli(['train', '--models', 'LinearRegression,Ridge', '--workers', '0', '--json'], home);
  assert.equal(again.code, 0, again.stderr);
  const a = JSON.parse(again.stdout) as TrainJson;
  assert.ok(a.steps.every((s) => s.status === 'cached'), JSON.stringify(a.steps));
  assert.ok(a.durationMs < 2000, `cached re-run took ${a.durationMs} ms`);
  assert.deepEqual(a.leaderboard, r.leaderboard);
  assert.equal(a.registration?.version, 1);
  assert.equal(a.registration?.created, false);
  assert.match(a.registration?.champion.reason ?? '', /already champion/);

  // --no-cache recomputes every step and gets the same model bytes (→ same registered version).
  const forced = await cli(['train', '--models', 'LinearRegression,Ridge', '--workers', '0', '--no-cache', '--json'], home);
  const f = JSON.parse(forced.stdout) as TrainJson;
  assert.ok(f.steps.every((s) => s.status === 'done'));
  assert.equal(f.registration?.version, 1);

  // The id prefix `runs list` prints is enough, as for `runs show`.
  const shown = await cli(['pipeline', 'show', a.runId.slice(0, 12)], home);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /train_Ridge {2}cached/);
  assert.match(shown.stdout, /register {2}completed/);
  // Registration reads the gate's decision as well as the model, so the DAG draws it after the gate.
  const mermaid = await cli(['pipeline', 'show', a.runId, '--mermaid'], home);
  assert.match(mermaid.stdout, /gate -->\|decision\| register/);
  assert.match(mermaid.stdout, /train_Ridge -->\|model\| register/);
  assert.ok(checkArtifacts(home) > 10);

  // The run list leads with what a training run chose and how it scored.
  const listed = await cli(['runs', 'list'], home);
  assert.match(listed.stdout, /MODEL\s+cv_r2_mean\s+holdout_r2\s+holdout_rmse\s*$/m);
  assert.match(listed.stdout, new RegExp(`^${a.runId.slice(0, 12)}\\s+train\\b.*\\s${r.leaderboard[0]!.name}\\s+${r.leaderboard[0]!.cvR2Mean.toFixed(4)}\\s`, 'm'));
});

test('a failed gate is a result: exit 1, run finished, nothing registered; plain progress lines on a pipe', async () => {
  const home = scratchHome();
  const r = await cli(['train', '--models', 'LinearRegression', '--workers', '0', '--min-r2', '0.99'], home);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /Deployment gate FAILED: best model LinearRegression has CV R² 0\.7258 < the gate's 0\.99/);
  assert.doesNotMatch(r.stdout, /Registered/);
  const store = await openStore(join(home, 'convopt.db'));
  try {
    const runs = await store.searchAllRuns({});
    assert.deepEqual(runs.map((x) => [x.status, x.tags['convopt.gate']]), [['FINISHED', 'failed']]);
    assert.deepEqual(await store.registry.listRegisteredModels(), []);
  } finally {
    await store.close();
  }
  assert.match(r.stderr, /^\[train\] ingest: running$/m);
  assert.match(r.stderr, /^\[train\] gate: done \(\d+ ms\)$/m);
  assert.ok(!r.stderr.includes(String.fromCharCode(27)), 'no escape codes when not a TTY');
});

test('config errors name the file and the field; unknown models are refused with the known kinds', async () => {
  const home = scratchHome();
  const cfg = join(home, 'bad.json');
  writeFileSync(cfg, JSON.stringify({ cv: { folds: 1 } }));
  const r = await cli(['train', '--config', cfg], home);
  assert.equal(r.code, 78);
  assert.match(r.stderr, /bad\.json, at cv\.folds, value 1: The configuration is invalid/);
  // Checked before any run is created (in-process: same code path as the CLI, without a spawn).
  const store = await openStore(join(home, 'convopt.db'));
  try {
    await assert.rejects(
      runTraining(store, { config: resolveTrainConfig({}, { models: ['LinearRegression', 'DeepNet'] }), workers: 0 }),
      (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_ARGUMENT' && /Unknown model kind "DeepNet"/.test(e.message) && /LinearRegression/.test(e.hint ?? ''),
    );
    assert.deepEqual((await store.searchAllRuns({})).length, 0);
  } finally {
    await store.close();
  }
});

test('a family fitted on its own feature set: the log-link Poisson family on seed-log is registered with that set', async () => {
  const home = scratchHome();
  const cfg = join(home, 'poisson.json');
  writeFileSync(cfg, JSON.stringify({ models: [{ kind: 'PoissonRegressor', params: { alpha: 1e-3 }, features: 'log' }] }));
  const r = await cli(['train', '--config', cfg, '--workers', '0', '--json'], home);
  assert.equal(r.code, 0, r.stderr);
  const board = (JSON.parse(r.stdout) as TrainJson & { leaderboard: { featureSet: string }[] }).leaderboard;
  assert.equal(board[0]!.featureSet, 'seed-log');
  // On the raw seed counts the same model scores CV R² −1.19 (a few held-out rows explode).
  assert.ok(board[0]!.cvR2Mean > 0.7, `CV R² ${board[0]!.cvR2Mean}`);
  const shown = await cli(['models', 'show', 'convopt@champion', '--json'], home);
  assert.equal(shown.code, 0, shown.stderr);
  assert.equal((JSON.parse(shown.stdout) as { version: { featureSet: string } }).version.featureSet, 'seed-log');
});

test('too few rows to calibrate a prediction interval: the run still trains and registers, without one', async () => {
  const home = scratchHome();
  // 10 ads (the least 5-fold CV takes): each fold's interval would rest on 8 residuals, below the 9 an
  // 80 % interval needs, so none is claimed.
  const lines = readFileSync(BUNDLED_CSV, 'utf8').split('\n');
  const data = join(home, 'ten-ads.csv');
  writeFileSync(data, `${lines.slice(0, 11).join('\n')}\n`);
  const r = await cli(['train', '--data', data, '--models', 'Ridge', '--min-r2', '-100', '--workers', '0', '--json'], home);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as TrainJson;
  assert.equal(out.registration?.version, 1);
  assert.equal(out.leaderboard[0]!.interval, undefined);
  const p = await cli(['predict', '--input', data, '--output', join(home, 'scored.csv'), '--json'], home);
  assert.equal(p.code, 0, p.stderr);
  assert.equal((JSON.parse(p.stdout) as { intervalLevel: number | null }).intervalLevel, null);
  assert.doesNotMatch(readFileSync(join(home, 'scored.csv'), 'utf8').split('\n')[0]!, /_low|_high/);
});
