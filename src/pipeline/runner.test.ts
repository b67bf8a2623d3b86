import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactStore } from './artifacts/store.js';
import { buildDag } from './dag.js';
import { MemoryRecorder } from './lineage.js';
import type { Executor } from './executors/executor.js';
import { inProcessExecutor } from './executors/in-process.js';
import { runPipeline, type StepEvent } from './runner.js';
import { defineStep } from './step.js';
import { ConvoptError } from '../core/errors.js';

function store(): ArtifactStore {
  return new ArtifactStore(join(mkdtempSync(join(tmpdir(), 'convopt-run-')), 'artifacts'));
}

const calls: string[] = [];
const numbers = defineStep<{ n: number }>({
  name: 'numbers',
  version: '1',
  inputs: {},
  outputs: { xs: 'json' },
  run: (ctx, _i, p) => {
    calls.push(ctx.nodeId);
    return { xs: Array.from({ length: p.n }, (_, i) => i) };
  },
});
const sleepSum = defineStep({
  name: 'sleep-sum',
  version: '1',
  inputs: { xs: 'json' },
  outputs: { sum: 'metrics' },
  run: async (ctx, i) => {
    calls.push(ctx.nodeId);
    await new Promise((r) => setTimeout(r, 60));
    return { sum: { sum: (i.xs as number[]).reduce((a, b) => a + b, 0) } };
  },
});
const boom = defineStep({
  name: 'boom',
  version: '1',
  inputs: { xs: 'json' },
  outputs: { y: 'json' },
  run: () => {
    throw new ConvoptError('INVALID_DATA', 'bad rows');
  },
});

function dag(n = 4) {
  return buildDag('t', [
    { id: 'src', step: numbers, params: { n } },
    { id: 'a', step: sleepSum, bind: { xs: 'src.xs' } },
    { id: 'b', step: sleepSum, bind: { xs: 'src.xs' } },
  ]);
}

test('independent steps run concurrently and outputs are materialized', async () => {
  calls.length = 0;
  const events: StepEvent[] = [];
  const r = await runPipeline(dag(), { artifacts: store(), recorder: new MemoryRecorder(), onEvent: (e) => events.push(e) });
  assert.equal(r.status, 'completed');
  assert.deepEqual(await r.output('a.sum'), { sum: 6 });
  // a and b both started before either finished.
  const order = events.filter((e) => e.nodeId !== 'src').map((e) => `${e.nodeId}:${e.status}`);
  assert.deepEqual(order.slice(0, 2).sort(), ['a:running', 'b:running']);
  // Same content → the same artifact for a and b.
  assert.equal(r.nodes[1]!.outputs.sum!.sha256, r.nodes[2]!.outputs.sum!.sha256);
  assert.ok(r.nodes.every((n) => n.durationMs >= 0 && n.status === 'done'));
});

test("an executor's capacity bounds the steps started on it: a queued step is pending, and its duration is its own", async () => {
  const events: StepEvent[] = [];
  const oneAtATime: Executor = { ...inProcessExecutor, name: 'one-slot', capacity: 1 };
  const r = await runPipeline(dag(), { artifacts: store(), recorder: new MemoryRecorder(), executor: oneAtATime, onEvent: (e) => events.push(e) });
  assert.equal(r.status, 'completed');
  // b starts (and its clock starts) only once a is done, so b's duration is not a's plus its own.
  const order = events.filter((e) => e.nodeId !== 'src' && e.fraction === undefined).map((e) => `${e.nodeId}:${e.status}`);
  assert.deepEqual(order, ['a:running', 'a:done', 'b:running', 'b:done']);
  const took = (id: string) => events.find((e) => e.nodeId === id && e.status === 'done')!.durationMs!;
  assert.ok(took('a') >= 55 && took('b') >= 55, 'each step slept 60 ms');
});

test('among steps ready together, the higher priority starts first (longest first on a busy executor)', async () => {
  const events: StepEvent[] = [];
  const oneAtATime: Executor = { ...inProcessExecutor, name: 'one-slot', capacity: 1 };
  const d = buildDag('t', [
    { id: 'src', step: numbers, params: { n: 4 } },
    { id: 'cheap', step: sleepSum, bind: { xs: 'src.xs' } },
    { id: 'slow', step: sleepSum, bind: { xs: 'src.xs' }, priority: 10 },
  ]);
  const r = await runPipeline(d, { artifacts: store(), recorder: new MemoryRecorder(), executor: oneAtATime, onEvent: (e) => events.push(e) });
  assert.equal(r.status, 'completed');
  const started = events.filter((e) => e.status === 'running' && e.fraction === undefined).map((e) => e.nodeId);
  assert.deepEqual(started, ['src', 'slow', 'cheap']);
  // Results stay in declaration (topological) order whatever ran first.
  assert.deepEqual(r.nodes.map((n) => n.nodeId), ['src', 'cheap', 'slow']);
});

test('a second run is served from cache; changed params or --no-cache re-execute', async () => {
  const s = store();
  const rec = new MemoryRecorder();
  await runPipeline(dag(), { artifacts: s, recorder: rec });
  calls.length = 0;
  const again = await runPipeline(dag(), { artifacts: s, recorder: rec });
  assert.deepEqual(again.nodes.map((n) => n.status), ['cached', 'cached', 'cached']);
  assert.deepEqual(calls, []);
  assert.deepEqual(await again.output('b.sum'), { sum: 6 });

  const changed = await runPipeline(dag(5), { artifacts: s, recorder: rec });
  assert.deepEqual(changed.nodes.map((n) => n.status), ['done', 'done', 'done']);
  assert.deepEqual(await changed.output('a.sum'), { sum: 10 });

  calls.length = 0;
  const forced = await runPipeline(dag(5), { artifacts: s, recorder: rec, cache: false });
  assert.deepEqual(forced.nodes.map((n) => n.status), ['done', 'done', 'done']);
  assert.equal(calls.length, 3);
});

test('upstream content decides downstream cache hits (same content from a changed step still hits)', async () => {
  const s = store();
  const rec = new MemoryRecorder();
  await runPipeline(dag(), { artifacts: s, recorder: rec });
  const v2 = { ...numbers, version: '2' };
  const d = buildDag('t', [
    { id: 'src', step: v2, params: { n: 4 } },
    { id: 'a', step: sleepSum, bind: { xs: 'src.xs' } },
  ]);
  const r = await runPipeline(d, { artifacts: s, recorder: rec });
  assert.deepEqual(r.nodes.map((n) => n.status), ['done', 'cached']);
});

test('a failing step fails the run, skips its dependants and keeps the typed error', async () => {
  const d = buildDag('t', [
    { id: 'src', step: numbers, params: { n: 3 } },
    { id: 'bad', step: boom, bind: { xs: 'src.xs' } },
    { id: 'after', step: defineStep({ name: 'after', version: '1', inputs: { y: 'json' }, outputs: { z: 'json' }, run: () => ({ z: 1 }) }), bind: { y: 'bad.y' } },
    { id: 'ok', step: sleepSum, bind: { xs: 'src.xs' } },
  ]);
  const rec = new MemoryRecorder();
  const r = await runPipeline(d, { artifacts: store(), recorder: rec });
  assert.equal(r.status, 'failed');
  assert.deepEqual(Object.fromEntries(r.nodes.map((n) => [n.nodeId, n.status])), { src: 'done', bad: 'failed', ok: 'done', after: 'skipped' });
  assert.ok(r.error instanceof ConvoptError && r.error.code === 'INVALID_DATA');
  // A failed step run is never a cache source.
  assert.equal(await rec.findCached('bad', r.nodes.find((n) => n.nodeId === 'bad')!.cacheKey!), null);
});

test('a missing output is reported as a failed step, and deleted artifacts are not cache hits', async () => {
  const lazy = defineStep({ name: 'lazy', version: '1', inputs: {}, outputs: { a: 'json', b: 'json' }, run: () => ({ a: 1 }) });
  const r = await runPipeline(buildDag('t', [{ id: 'l', step: lazy }]), { artifacts: store(), recorder: new MemoryRecorder() });
  assert.equal(r.status, 'failed');
  assert.match(r.nodes[0]!.error ?? '', /did not return its declared output "b"/);

  const s = store();
  const rec = new MemoryRecorder();
  const first = await runPipeline(dag(), { artifacts: s, recorder: rec });
  unlinkSync(s.path(first.nodes[1]!.outputs.sum!.uri));
  const again = await runPipeline(dag(), { artifacts: s, recorder: rec });
  assert.deepEqual(again.nodes.map((n) => n.status), ['cached', 'done', 'done']);
});
