/**
 * `convopt runs …` and `convopt models …` end to end: a store seeded through the public API, then the
 * commands as a user types them (in-process through runCli for speed, plus one real process to check
 * exit codes and the no-stack-trace rule). Covers --json, tables, --store, filters, compare, promote,
 * rollback and the audit trail.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/tracking/index.js';
import { runCliInProcess, type InProcessResult } from '../helpers/in-process-cli.js';

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'convopt-cli-tracking-'));
const storeFile = join(dir, 'store.db');
const runIds: Record<string, string> = {};

function cli(...args: string[]): Promise<InProcessResult> {
  return runCliInProcess([...args, '--store', storeFile]);
}

before(async () => {
  const store = await openStore(storeFile);
  const exp = await store.createExperiment('baseline');
  const other = await store.createExperiment('tuning');
  for (const [name, model, r2, expId] of [
    ['ridge-a', 'Ridge', 0.71, exp.experimentId],
    ['forest-b', 'RandomForestRegressor', 0.78, exp.experimentId],
    ['hgb-c', 'HistGradientBoostingRegressor', 0.8, other.experimentId],
  ] as const) {
    const run = await store.createRun({ experimentId: expId, name, config: { model }, gitCommit: 'f00d' });
    await store.logBatch(run.runId, { params: { model, seed: 0 }, metrics: { r2, rmse: 2 - r2 } });
    await store.endRun(run.runId);
    await store.registry.createModelVersion({ name: 'conversions', runId: run.runId, artifactUri: `artifact://${name}`, metrics: { r2 }, modelKind: model });
    runIds[name] = run.runId;
  }
  await store.close();
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('runs list: table by default, JSON with --json, filters and experiment scoping', async () => {
  const table = await cli('runs', 'list');
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^ID\s+NAME\s+EXPERIMENT\s+STATUS/m);
  for (const name of ['ridge-a', 'forest-b', 'hgb-c']) assert.match(table.stdout, new RegExp(name));
  const json = await cli('runs', 'list', '--json', '--filter', "metrics.r2 > 0.75 and params.model = 'RandomForestRegressor'");
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual((JSON.parse(json.stdout) as { runs: { name: string }[] }).runs.map((r) => r.name), ['forest-b']);
  const scoped = JSON.parse((await cli('runs', 'list', '--experiment', 'tuning', '--json')).stdout) as { runs: { name: string }[] };
  assert.deepEqual(scoped.runs.map((r) => r.name), ['hgb-c']);
  const ordered = JSON.parse((await cli('runs', 'list', '--order-by', 'metrics.r2 asc', '--limit', '2', '--json')).stdout) as { runs: { name: string }[]; nextPageToken: string | null };
  assert.deepEqual(ordered.runs.map((r) => r.name), ['ridge-a', 'forest-b']);
  assert.ok(ordered.nextPageToken);
});

test('runs show accepts a full id, an id prefix or a name', async () => {
  const byPrefix = await cli('runs', 'show', runIds['ridge-a'].slice(0, 12));
  assert.equal(byPrefix.code, 0, byPrefix.stderr);
  assert.match(byPrefix.stdout, /Run [0-9a-f]{32}\s+\(ridge-a\)/);
  assert.match(byPrefix.stdout, /git commit\s+f00d/);
  const byName = JSON.parse((await cli('runs', 'show', 'forest-b', '--json')).stdout) as { run: { runId: string; params: Record<string, string> }; experiment: { name: string } };
  assert.equal(byName.run.runId, runIds['forest-b']);
  assert.equal(byName.experiment.name, 'baseline');
  assert.equal(byName.run.params.model, 'RandomForestRegressor');
});

test('runs compare puts params and metrics side by side and marks the differences', async () => {
  const r = await cli('runs', 'compare', 'ridge-a', 'forest-b');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /≠\s+params\.model\s+Ridge\s+RandomForestRegressor/);
  assert.match(r.stdout, /^\s+params\.seed\s+0\s+0/m);
  assert.match(r.stdout, /3 of 4 params\/metrics differ/);
  const json = JSON.parse((await cli('runs', 'compare', 'ridge-a', 'forest-b', 'hgb-c', '--json')).stdout) as { metrics: { key: string; values: number[]; differs: boolean }[] };
  assert.deepEqual(json.metrics.find((m) => m.key === 'r2'), { key: 'r2', values: [0.71, 0.78, 0.8], differs: true });
});

test('models: list, promote, show with history, rollback, show by alias', async () => {
  assert.equal((await cli('models', 'promote', 'conversions', '1', '--reason', 'baseline', '--actor', 'alice')).code, 0);
  const p2 = await cli('models', 'promote', 'conversions', 'v3', '--actor', 'bob', '--json');
  assert.deepEqual((JSON.parse(p2.stdout) as { event: { fromVersion: number; toVersion: number; actor: string } }).event, { ...(JSON.parse(p2.stdout) as { event: object }).event, fromVersion: 1, toVersion: 3, actor: 'bob' });
  const list = await cli('models', 'list');
  assert.match(list.stdout, /conversions\s+3\s+champion→v3/);
  const back = await cli('models', 'rollback', 'conversions', '--reason', 'v3 drifted', '--actor', 'carol');
  assert.equal(back.code, 0, back.stderr);
  assert.match(back.stdout, /v3 → v1/);
  const show = await cli('models', 'show', 'conversions');
  assert.match(show.stdout, /champion → v1/);
  assert.match(show.stdout, /rollback\s+v3\s+v1\s+carol\s+v3 drifted/);
  const champion = JSON.parse((await cli('models', 'show', 'conversions@champion', '--json')).stdout) as { version: { version: number; artifactUri: string } };
  assert.deepEqual([champion.version.version, champion.version.artifactUri], [1, 'artifact://ridge-a']);
  const v2 = await cli('models', 'show', 'conversions@2');
  assert.match(v2.stdout, /Model conversions version 2/);
});

test('user errors: typed exit codes and one paragraph with a fix', async () => {
  const nothing = await cli('models', 'rollback', 'conversions');
  assert.equal(nothing.code, 75);
  assert.match(nothing.stderr, /no earlier version[\s\S]*Fix: /);
  const badFilter = await cli('runs', 'list', '--filter', 'metrics.r2 >');
  assert.equal(badFilter.code, 64);
  assert.match(badFilter.stderr, /position 13/);
  const missing = await cli('runs', 'show', 'no-such-run');
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /No run matches "no-such-run"/);
  const unknownModel = await cli('models', 'show', 'ghost', '--json');
  assert.equal(unknownModel.code, 66);
  assert.equal((JSON.parse(unknownModel.stdout) as { error: { code: string } }).error.code, 'NOT_FOUND');
  assert.equal((await cli('models', 'promote', 'conversions', 'seven')).code, 64);
  assert.equal((await cli('runs', 'list', '--experiment', 'nope')).code, 66);
});

test('a real process: a bad store URI fails with the catalogue exit code and no stack trace', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'runs', 'list', '--store', 'mysql://x@y/z'], { cwd: root, encoding: 'utf8', env: { ...process.env, CONVOPT_HOME: dir, CONVOPT_NO_AUTORUN: '0' } });
  assert.equal(r.status, 64, r.stderr);
  assert.match(r.stderr, /Unsupported tracking store scheme/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
