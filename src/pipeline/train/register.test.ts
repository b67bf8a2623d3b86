import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../tracking/index.js';
import type { TrackingStore } from '../../tracking/store.js';
import { registerAndPromote, type RegisterInput } from './register.js';

async function scratch(): Promise<TrackingStore> {
  return openStore(join(mkdtempSync(join(tmpdir(), 'convopt-reg-')), 'convopt.db'));
}

async function runWithScheme(store: TrackingStore, scheme: string): Promise<string> {
  const exp = await store.getOrCreateExperiment('default');
  const run = await store.createRun({ experimentId: exp.experimentId, name: 'train' });
  await store.logBatch(run.runId, { params: { cv_scheme: scheme } });
  return run.runId;
}

function input(runId: string, uri: string, r2: number, over: Partial<RegisterInput> = {}): RegisterInput {
  return { modelName: 'm', runId, artifactUri: uri, metrics: { cv_r2_mean: r2 }, dataHash: 'd1', featureSet: 'seed', modelKind: 'Ridge', scheme: 'reference', ...over };
}

test('champion moves only when the new version beats it on the same data and CV scheme', async () => {
  const store = await scratch();
  try {
    const r1 = await runWithScheme(store, 'reference');
    const a = await registerAndPromote(store, input(r1, 'artifact://a', 0.70));
    assert.deepEqual([a.version, a.created, a.champion.moved], [1, true, true]);

    const same = await registerAndPromote(store, input(r1, 'artifact://a', 0.70));
    assert.deepEqual([same.version, same.created, same.champion.moved], [1, false, false]);
    assert.match(same.champion.reason, /already champion/);

    const r2 = await runWithScheme(store, 'reference');
    const worse = await registerAndPromote(store, input(r2, 'artifact://b', 0.65));
    assert.equal(worse.version, 2);
    assert.equal(worse.champion.moved, false);
    assert.match(worse.champion.reason, /does not beat champion v1/);

    const otherData = await registerAndPromote(store, input(r2, 'artifact://c', 0.99, { dataHash: 'd2' }));
    assert.equal(otherData.champion.moved, false);
    assert.match(otherData.champion.reason, /different data/);

    const r3 = await runWithScheme(store, 'kfold:5:seed=1');
    const otherScheme = await registerAndPromote(store, input(r3, 'artifact://d', 0.99, { scheme: 'kfold:5:seed=1' }));
    assert.equal(otherScheme.champion.moved, false);
    assert.match(otherScheme.champion.reason, /different CV scheme \(reference vs kfold:5:seed=1\)/);

    const better = await registerAndPromote(store, input(r2, 'artifact://e', 0.75));
    assert.equal(better.champion.moved, true);
    assert.equal(better.champion.previous, 1);
    assert.equal((await store.registry.getModelVersionByAlias('m', 'champion')).version, better.version);
    const history = await store.registry.aliasHistory('m', 'champion');
    assert.equal(history.length, 2);
    assert.match(history[1]!.reason ?? '', /beats champion v1/);
  } finally {
    await store.close();
  }
});
