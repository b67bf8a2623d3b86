/**
 * `convopt train` under failure and contention (SQLite store in a scratch CONVOPT_HOME):
 *  - SIGKILL mid-run → the next start marks that run FAILED, no artifact in the store is
 *    half-written, and the re-run reuses the steps that had completed;
 *  - two `convopt train` processes on one store at once both finish, with every run, step run and
 *    artifact intact.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openStore } from '../../src/tracking/index.js';
import { checkArtifacts, cli, scratchHome, startCli } from './train-helpers.js';

test('a train killed with SIGKILL is marked failed at the next start and leaves no half-written artifact', async () => {
  const home = scratchHome();
  // One worker runs the families one after the other: LinearRegression's "done" is printed while
  // RandomForest (7 fits of 100 trees) has just started, so the kill lands mid-run. (In-process, a
  // synchronous fit could finish before the line was even written, and the kill come too late.)
  const run = startCli(['train', '--models', 'LinearRegression,RandomForest', '--workers', '1'], home);
  await run.waitForStderr('train_LinearRegression: done');
  run.kill('SIGKILL');
  const killed = await run.done;
  assert.equal(killed.signal, 'SIGKILL');

  const again = await cli(['train', '--models', 'LinearRegression', '--workers', '0', '--json'], home);
  assert.equal(again.code, 0, again.stderr);
  const r = JSON.parse(again.stdout) as { runId: string; steps: { step: string; status: string }[] };
  // Completed step runs of the killed run are reused; nothing from it is half-trusted.
  assert.equal(r.steps.find((s) => s.step === 'train_LinearRegression')?.status, 'cached');

  const store = await openStore(join(home, 'convopt.db'));
  try {
    const runs = await store.searchAllRuns({});
    const dead = runs.filter((x) => x.runId !== r.runId);
    assert.equal(dead.length, 1);
    assert.equal(dead[0]!.status, 'FAILED');
    const steps = await store.listStepRuns(dead[0]!.runId);
    assert.ok(steps.some((s) => s.stepName === 'train_LinearRegression' && s.status === 'COMPLETED'));
    assert.ok(!steps.some((s) => s.stepName === 'evaluate' && s.status === 'COMPLETED'));
  } finally {
    await store.close();
  }
  assert.ok(checkArtifacts(home) > 5);
});

test('two concurrent trains on one store both complete with all data intact', async () => {
  const home = scratchHome();
  const args = ['train', '--models', 'LinearRegression,Ridge', '--workers', '0', '--no-cache', '--json'];
  const [a, b] = await Promise.all([cli(args, home), cli(args, home)]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const ra = JSON.parse(a.stdout) as { runId: string; registration: { version: number } };
  const rb = JSON.parse(b.stdout) as { runId: string; registration: { version: number } };
  assert.notEqual(ra.runId, rb.runId);
  const store = await openStore(join(home, 'convopt.db'));
  try {
    for (const id of [ra.runId, rb.runId]) {
      assert.equal((await store.getRun(id)).status, 'FINISHED');
      const steps = await store.listStepRuns(id);
      assert.equal(steps.filter((s) => s.status === 'COMPLETED').length, 11, 'ten DAG steps (two model families) + register');
    }
    const versions = await store.registry.listModelVersions('convopt');
    assert.ok(versions.length >= 1 && versions.length <= 2);
    // Same data, same seed: identical model bytes whichever process registered.
    assert.equal(new Set(versions.map((v) => v.artifactUri)).size, 1);
    const champ = await store.registry.getModelVersionByAlias('convopt', 'champion');
    assert.ok(versions.some((v) => v.version === champ.version));
  } finally {
    await store.close();
  }
  checkArtifacts(home);
});
