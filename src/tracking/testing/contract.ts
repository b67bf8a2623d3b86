/**
 * The tracking-store contract suite: one set of tests every backend must pass (MLflow's habit of one
 * suite with a per-backend fixture). `store.sqlite.test.ts` and `store.postgres.test.ts` run it.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { ConvoptError, type ErrorCode } from '../../core/errors.js';
import { openStore } from '../from-uri.js';
import type { TrackingStore } from '../store.js';
import { SqlTrackingStore } from '../sql/store.js';

export interface StoreFixture {
  /** URI of a fresh, empty store. */
  readonly uri: string;
  /** The same store opened read-only. */
  readonly readOnlyUri: string;
  cleanup(): Promise<void>;
}

async function rejectsWith(p: Promise<unknown>, code: ErrorCode, pattern?: RegExp): Promise<ConvoptError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ConvoptError, `expected a ConvoptError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (pattern) assert.match(err.message, pattern);
    return err;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}

const sha = (c: string) => c.repeat(64).slice(0, 64);

export function storeContract(label: string, makeFixture: () => Promise<StoreFixture>): void {
  describe(`TrackingStore contract (${label})`, () => {
    let fx: StoreFixture;
    let store: TrackingStore;
    before(async () => {
      fx = await makeFixture();
      store = await openStore(fx.uri);
    });
    after(async () => {
      await store?.close();
      await fx?.cleanup();
    });

    test('experiments: create, find by id and name, list; duplicates and unknown ids are typed errors', async () => {
      const e = await store.createExperiment('exp-a');
      assert.deepEqual(await store.getExperiment(e.experimentId), e);
      assert.deepEqual(await store.getExperimentByName('exp-a'), e);
      assert.equal(await store.getExperimentByName('nope'), null);
      await rejectsWith(store.createExperiment('exp-a'), 'ALREADY_EXISTS', /exp-a/);
      await rejectsWith(store.getExperiment('missing'), 'NOT_FOUND');
      assert.deepEqual(await store.getOrCreateExperiment('exp-a'), e);
      assert.ok((await store.listExperiments()).some((x) => x.name === 'exp-a'));
    });

    test('runs: created RUNNING with config, tags, git commit and owner; ended with an end time', async () => {
      const e = await store.getOrCreateExperiment('runs');
      const r = await store.createRun({ experimentId: e.experimentId, name: 'first', config: { model: { kind: 'ridge', alpha: 1 } }, tags: { team: 'growth' }, gitCommit: 'abc123' });
      assert.equal(r.status, 'RUNNING');
      assert.equal(r.name, 'first');
      assert.deepEqual(r.config, { model: { kind: 'ridge', alpha: 1 } });
      assert.deepEqual(r.tags, { team: 'growth' });
      assert.equal(r.gitCommit, 'abc123');
      assert.equal(r.pid, process.pid);
      assert.equal(r.host, hostname());
      assert.equal(r.endTime, null);
      const done = await store.endRun(r.runId, 'FINISHED');
      assert.equal(done.status, 'FINISHED');
      assert.ok(done.endTime !== null && done.endTime >= r.startTime);
      await rejectsWith(store.getRun('nope'), 'NOT_FOUND');
      await rejectsWith(store.createRun({ experimentId: 'nope' }), 'NOT_FOUND', /experiment/);
      await rejectsWith(store.updateRun('nope', { status: 'KILLED' }), 'NOT_FOUND');
    });

    test('logBatch: params, metrics with steps, tags; conveniences go through it; latest metric wins by step', async () => {
      const e = await store.getOrCreateExperiment('log');
      const r = await store.createRun({ experimentId: e.experimentId });
      await store.logBatch(r.runId, { params: { model: 'Ridge', alpha: 0.5, fit_intercept: true }, metrics: [{ key: 'loss', value: 3, step: 0 }, { key: 'loss', value: 1, step: 2 }, { key: 'loss', value: 2, step: 1 }], tags: { note: 'a' } });
      await store.logParam(r.runId, 'seed', 7);
      await store.logMetric(r.runId, 'r2', 0.75);
      await store.setTag(r.runId, 'note', 'b');
      const got = await store.getRun(r.runId);
      assert.deepEqual(got.params, { alpha: '0.5', fit_intercept: 'true', model: 'Ridge', seed: '7' });
      assert.deepEqual(got.metrics, { loss: 1, r2: 0.75 });
      assert.deepEqual(got.tags, { note: 'b' });
      const hist = await store.getMetricHistory(r.runId, 'loss');
      assert.deepEqual(hist.map((m) => [m.step, m.value]), [[0, 3], [1, 2], [2, 1]]);
      await rejectsWith(store.logMetric('nope', 'x', 1), 'NOT_FOUND');
      await rejectsWith(store.logMetric(r.runId, 'bad', Number.NaN), 'INVALID_PARAMETER', /NaN/);
      await rejectsWith(store.logParam(r.runId, '', 'x'), 'INVALID_PARAMETER');
    });

    test('params are immutable: same value is fine, a different one is CONFLICT and the whole batch is rolled back', async () => {
      const e = await store.getOrCreateExperiment('log');
      const r = await store.createRun({ experimentId: e.experimentId });
      await store.logParam(r.runId, 'alpha', 1);
      await store.logParam(r.runId, 'alpha', '1');
      const err = await rejectsWith(store.logBatch(r.runId, { params: { alpha: 2 }, metrics: { written: 1 }, tags: { t: 'x' } }), 'CONFLICT', /alpha/);
      assert.ok(err.hint);
      const got = await store.getRun(r.runId);
      assert.deepEqual(got.params, { alpha: '1' });
      assert.deepEqual(got.metrics, {});
      assert.deepEqual(got.tags, {});
      await rejectsWith(store.logBatch(r.runId, { params: { beta: 1 }, tags: {} }).then(() => store.logParam(r.runId, 'beta', 3)), 'CONFLICT');
    });

    test('searchRuns: filter language, ordering, experiment scoping and pagination with next-page tokens', async () => {
      const e = await store.createExperiment('search');
      const other = await store.createExperiment('search-other');
      const models = ['Ridge', 'RandomForestRegressor', 'RandomForestRegressor', 'Ridge', 'HistGradientBoostingRegressor'];
      const ids: string[] = [];
      for (let i = 0; i < models.length; i++) {
        const r = await store.createRun({ experimentId: e.experimentId, name: `s${i}`, startTime: 1_000_000 + i });
        await store.logBatch(r.runId, { params: { model: models[i] }, metrics: { r2: i / 10 }, tags: { batch: i % 2 ? 'odd' : 'even' } });
        if (i !== 4) await store.endRun(r.runId);
        ids.push(r.runId);
      }
      await store.createRun({ experimentId: other.experimentId, name: 'elsewhere' });
      const scope = { experimentIds: [e.experimentId] };
      const names = async (filter: string, orderBy?: string[]) => (await store.searchRuns({ ...scope, filter, ...(orderBy ? { orderBy } : {}) })).items.map((r) => r.name);
      assert.deepEqual(await names("metrics.r2 > 0.15 and params.model = 'RandomForestRegressor' and status = 'FINISHED'"), ['s2']);
      assert.deepEqual(await names("params.model = 'Ridge'", ['metrics.r2 desc']), ['s3', 's0']);
      assert.deepEqual(await names("params.model LIKE 'Random%'", ['name asc']), ['s1', 's2']);
      assert.deepEqual(await names("params.model ILIKE '%ridge'", ['name']), ['s0', 's3']);
      assert.deepEqual(await names("tags.batch = 'odd' and status != 'RUNNING'", ['name']), ['s1', 's3']);
      assert.deepEqual(await names("status IN ('RUNNING', 'KILLED')"), ['s4']);
      assert.deepEqual(await names("params.model NOT IN ('Ridge', 'RandomForestRegressor')"), ['s4']);
      assert.deepEqual(await names('metrics.r2 >= 0.3', ['metrics.r2']), ['s3', 's4']);
      assert.deepEqual(await names('metrics.missing > 0'), []);
      assert.deepEqual(await names(''), ['s4', 's3', 's2', 's1', 's0'], 'default order: newest first');
      const seen: string[] = [];
      let token: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<TrackingStore['searchRuns']>> = await store.searchRuns({ ...scope, maxResults: 2, pageToken: token, orderBy: ['metrics.r2 asc'] });
        seen.push(...page.items.map((r) => r.name));
        token = page.nextPageToken;
        pages++;
      } while (token);
      assert.deepEqual(seen, ['s0', 's1', 's2', 's3', 's4']);
      assert.equal(pages, 3);
      assert.equal((await store.searchAllRuns(scope)).length, 5);
      await rejectsWith(store.searchRuns({ filter: 'metrics.r2 > high' }), 'INVALID_PARAMETER', /position/);
      await rejectsWith(store.searchRuns({ filter: "params.model > 'a'" }), 'INVALID_PARAMETER');
      await rejectsWith(store.searchRuns({ pageToken: 'garbage' }), 'INVALID_PARAMETER');
      await rejectsWith(store.searchRuns({ maxResults: 0 }), 'INVALID_PARAMETER');
      await rejectsWith(store.searchRuns({ orderBy: ['metrics.r2 sideways'] }), 'INVALID_PARAMETER');
    });

    test('artifacts and step runs: lineage answers who produced an artifact and who consumed it; cache hits by key', async () => {
      const e = await store.getOrCreateExperiment('lineage');
      const r = await store.createRun({ experimentId: e.experimentId });
      const data = await store.logArtifact({ runId: r.runId, name: 'data', uri: 'artifact://aa', sha256: sha('a'), kind: 'frame', size: 10 });
      const load = await store.startStepRun({ runId: r.runId, stepName: 'load', cacheKey: 'k-load' });
      assert.equal(load.status, 'RUNNING');
      const loaded = await store.finishStepRun(load.stepRunId, { status: 'COMPLETED', outputArtifactIds: [data.artifactId] });
      assert.deepEqual(loaded.outputArtifactIds, [data.artifactId]);
      const model = await store.logArtifact({ runId: r.runId, name: 'model', uri: 'artifact://bb', sha256: sha('b'), kind: 'model', size: 20 });
      const train = await store.startStepRun({ runId: r.runId, stepName: 'train', cacheKey: 'k-train', inputArtifactIds: [data.artifactId] });
      await store.finishStepRun(train.stepRunId, { status: 'COMPLETED', outputArtifactIds: [model.artifactId] });
      const evalStep = await store.startStepRun({ runId: r.runId, stepName: 'evaluate', inputArtifactIds: [data.artifactId, model.artifactId] });
      await store.finishStepRun(evalStep.stepRunId, { status: 'FAILED', error: 'boom' });

      assert.equal((await store.artifactProducer(model.artifactId))?.stepRunId, train.stepRunId);
      assert.equal((await store.artifactProducer(data.artifactId))?.stepName, 'load');
      assert.deepEqual((await store.artifactConsumers(data.artifactId)).map((s) => s.stepName).sort(), ['evaluate', 'train']);
      assert.equal(await store.artifactProducer('unknown'), null);
      assert.deepEqual((await store.listStepRuns(r.runId)).map((s) => s.stepName), ['load', 'train', 'evaluate']);
      const failed = await store.getStepRun(evalStep.stepRunId);
      assert.equal(failed.error, 'boom');
      assert.deepEqual(failed.inputArtifactIds, [data.artifactId, model.artifactId]);
      assert.equal((await store.findCachedStepRun('train', 'k-train'))?.stepRunId, train.stepRunId);
      assert.equal(await store.findCachedStepRun('train', 'other-key'), null);
      assert.deepEqual((await store.listArtifacts({ runId: r.runId })).map((a) => a.name), ['data', 'model']);
      assert.deepEqual((await store.listArtifacts({ sha256: sha('b') })).map((a) => a.artifactId), [model.artifactId]);
      assert.deepEqual(await store.getArtifact(model.artifactId), model);
      await rejectsWith(store.startStepRun({ runId: r.runId, stepName: 'x', inputArtifactIds: ['ghost'] }), 'NOT_FOUND', /ghost/);
      await rejectsWith(store.logArtifact({ runId: r.runId, name: 'bad', uri: 'x', sha256: 'xyz', kind: 'k', size: 1 }), 'INVALID_PARAMETER');
      await rejectsWith(store.finishStepRun('nope', { status: 'COMPLETED' }), 'NOT_FOUND');
    });

    test('registry: versions numbered per model, aliases with audit trail, rollback walks back, typed errors', async () => {
      const reg = store.registry;
      const e = await store.getOrCreateExperiment('registry');
      const r = await store.createRun({ experimentId: e.experimentId });
      const v1 = await reg.createModelVersion({ name: 'conv', runId: r.runId, artifactUri: 'artifact://1', metrics: { r2: 0.7 }, dataHash: sha('d'), featureSet: 'seed', modelKind: 'Ridge' });
      const v2 = await reg.createModelVersion({ name: 'conv', runId: r.runId, artifactUri: 'artifact://2' });
      const v3 = await reg.createModelVersion({ name: 'conv', artifactUri: 'artifact://3' });
      assert.deepEqual([v1.version, v2.version, v3.version], [1, 2, 3]);
      assert.deepEqual(v1.metrics, { r2: 0.7 });
      assert.equal(v1.featureSet, 'seed');
      assert.equal((await reg.createModelVersion({ name: 'other', artifactUri: 'artifact://o' })).version, 1);
      await rejectsWith(reg.createRegisteredModel('conv'), 'ALREADY_EXISTS');
      await rejectsWith(reg.createModelVersion({ name: 'conv', runId: 'ghost', artifactUri: 'x' }), 'NOT_FOUND', /ghost/);
      await rejectsWith(reg.createModelVersion({ name: 'bad name!', artifactUri: 'x' }), 'INVALID_PARAMETER');
      assert.match((await rejectsWith(reg.getModelVersionByAlias('conv', 'champion'), 'NOT_FOUND', /alias "champion"/)).hint ?? '', /models promote conv/);

      await reg.setAlias('conv', 'champion', 1, { actor: 'alice', reason: 'first' });
      await reg.setAlias('conv', 'champion', 2, { actor: 'bob', reason: 'better r2' });
      await reg.setAlias('conv', 'champion', 3);
      assert.equal((await reg.getModelVersionByAlias('conv', 'champion')).version, 3);
      const back = await reg.rollback('conv', 'champion', { actor: 'carol', reason: 'v3 regressed' });
      assert.deepEqual([back.action, back.fromVersion, back.toVersion, back.actor, back.reason], ['rollback', 3, 2, 'carol', 'v3 regressed']);
      await reg.rollback('conv');
      assert.equal((await reg.getModelVersionByAlias('conv', 'champion')).version, 1);
      await rejectsWith(reg.rollback('conv'), 'CONFLICT', /no earlier version/);
      assert.deepEqual((await reg.getModelVersion('conv', 1)).aliases, ['champion']);
      const history = await reg.aliasHistory('conv', 'champion');
      assert.deepEqual(history.map((h) => [h.action, h.fromVersion, h.toVersion]), [['promote', null, 1], ['promote', 1, 2], ['promote', 2, 3], ['rollback', 3, 2], ['rollback', 2, 1]]);
      assert.equal(history[0].actor, 'alice');

      const model = await reg.getRegisteredModel('conv');
      assert.deepEqual([model.latestVersion, model.aliases], [3, { champion: 1 }]);
      assert.deepEqual((await reg.listModelVersions('conv')).map((v) => v.version), [3, 2, 1]);
      assert.deepEqual((await reg.listRegisteredModels()).map((m) => m.name), ['conv', 'other']);
      await reg.deleteAlias('conv', 'champion', { reason: 'retired' });
      await rejectsWith(reg.getModelVersionByAlias('conv', 'champion'), 'NOT_FOUND');
      await rejectsWith(reg.deleteAlias('conv', 'champion'), 'NOT_FOUND');
      await rejectsWith(reg.setAlias('conv', 'champion', 99), 'NOT_FOUND', /99/);
      await rejectsWith(reg.getModelVersion('conv', 42), 'NOT_FOUND');
      await rejectsWith(reg.getRegisteredModel('ghost'), 'NOT_FOUND');
      await rejectsWith(reg.rollback('ghost'), 'NOT_FOUND');
    });

    test('dead runs: a run whose local process is gone, or whose remote heartbeat is stale, is marked FAILED', async () => {
      const e = await store.getOrCreateExperiment('liveness');
      const child = spawnSync(process.execPath, ['-e', '0']);
      assert.equal(child.status, 0);
      const deadPid = child.pid!;
      const local = await store.createRun({ experimentId: e.experimentId, pid: deadPid, host: hostname() });
      const remoteStale = await store.createRun({ experimentId: e.experimentId, pid: 1, host: 'elsewhere', startTime: Date.now() - 3 * 3_600_000 });
      const remoteFresh = await store.createRun({ experimentId: e.experimentId, pid: 1, host: 'elsewhere' });
      const mine = await store.createRun({ experimentId: e.experimentId });
      const failed = await store.failDeadRuns({ heartbeatTimeoutMs: 3_600_000 });
      assert.deepEqual(new Set(failed), new Set([local.runId, remoteStale.runId]));
      const l = await store.getRun(local.runId);
      assert.equal(l.status, 'FAILED');
      assert.match(l.tags['convopt.failure'], new RegExp(`process ${deadPid}`));
      assert.equal((await store.getRun(remoteFresh.runId)).status, 'RUNNING');
      assert.equal((await store.getRun(mine.runId)).status, 'RUNNING');
      const before = (await store.getRun(remoteFresh.runId)).heartbeatAt;
      const stop = store.keepAlive(remoteFresh.runId, 5);
      let beat = before;
      for (let i = 0; i < 200 && beat <= before; i++) {
        await new Promise((r) => setTimeout(r, 10));
        beat = (await store.getRun(remoteFresh.runId)).heartbeatAt;
      }
      stop();
      assert.ok(beat > before, 'keepAlive refreshed the heartbeat');
      await rejectsWith(store.heartbeat('nope'), 'NOT_FOUND');
      await store.endRun(mine.runId);
    });

    test('read-only store: reads work, every write is STORE_READ_ONLY and changes nothing', async () => {
      const e = await store.getOrCreateExperiment('ro');
      const r = await store.createRun({ experimentId: e.experimentId });
      await store.registry.createModelVersion({ name: 'ro-model', artifactUri: 'artifact://ro' });
      const ro = await openStore(fx.readOnlyUri);
      try {
        assert.equal(ro.readOnly, true);
        assert.equal((await ro.getRun(r.runId)).runId, r.runId);
        await rejectsWith(ro.createExperiment('ro-new'), 'STORE_READ_ONLY');
        await rejectsWith(ro.logMetric(r.runId, 'm', 1), 'STORE_READ_ONLY');
        await rejectsWith(ro.registry.setAlias('ro-model', 'champion', 1), 'STORE_READ_ONLY');
        // Bypass the store's own guard: the database connection itself must refuse writes.
        const driver = (ro as SqlTrackingStore).driver;
        await rejectsWith(driver.transaction((tx) => tx.run("UPDATE runs SET name = 'hacked' WHERE run_id = ?", [r.runId])), 'STORE_READ_ONLY');
      } finally {
        await ro.close();
      }
      assert.equal(await store.getExperimentByName('ro-new'), null);
      const after = await store.getRun(r.runId);
      assert.deepEqual([after.name, after.metrics], [r.name, {}]);
    });

    test('schema: a store written by a newer convopt is refused with a clear error', async () => {
      const driver = (store as SqlTrackingStore).driver;
      await driver.transaction((tx) => tx.run("INSERT INTO schema_version (version, slug, applied_at) VALUES (999, 'future', 0)"));
      try {
        await rejectsWith(openStore(fx.uri), 'STORE_UNAVAILABLE', /schema version 999, newer/);
      } finally {
        await driver.transaction((tx) => tx.run('DELETE FROM schema_version WHERE version = 999'));
      }
      const again = await openStore(fx.uri);
      await again.close();
    });
  });
}
