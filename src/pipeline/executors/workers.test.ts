import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactStore } from '../artifacts/store.js';
import { buildDag } from '../dag.js';
import { MemoryRecorder } from '../lineage.js';
import { runPipeline } from '../runner.js';
import { defineStep } from '../step.js';
import { ConvoptError } from '../../core/errors.js';
import { WorkerExecutor } from './workers.js';
import { failing, reportThreads, sumSquares } from './test-steps.js';
import { shareOfCores, threadBudget } from '../../core/threads.js';

const src = defineStep({ name: 'src', version: '1', inputs: {}, outputs: { xs: 'json' }, run: () => ({ xs: [1, 2, 3] }) });

function dag() {
  return buildDag('w', [
    { id: 'src', step: src },
    { id: 'sq', step: sumSquares, params: { scale: 2 }, bind: { xs: 'src.xs' } },
    { id: 'sq2', step: sumSquares, params: { scale: 3 }, bind: { xs: 'src.xs' } },
  ]);
}

test('worker executor gives byte-identical artifacts to in-process execution', async () => {
  const store = new ArtifactStore(join(mkdtempSync(join(tmpdir(), 'convopt-wk-')), 'a'));
  const pool = new WorkerExecutor(2);
  try {
    const inWorkers = await runPipeline(dag(), { artifacts: store, recorder: new MemoryRecorder(), workerExecutor: pool, seed: 7 });
    const inProcess = await runPipeline(dag(), { artifacts: store, recorder: new MemoryRecorder(), seed: 7 });
    assert.equal(inWorkers.status, 'completed');
    assert.equal(inWorkers.nodes[1]!.executor, 'worker');
    assert.equal(inProcess.nodes[1]!.executor, 'in-process');
    assert.equal(inWorkers.nodes[1]!.outputs.total!.sha256, inProcess.nodes[1]!.outputs.total!.sha256);
    assert.equal(inWorkers.nodes[2]!.outputs.total!.sha256, inProcess.nodes[2]!.outputs.total!.sha256);
    assert.equal(((await inWorkers.output('sq.total')) as { total: number }).total, 28);
  } finally {
    await pool.close();
  }
});

test('errors thrown in a worker keep their code and hint', async () => {
  const store = new ArtifactStore(join(mkdtempSync(join(tmpdir(), 'convopt-wk-')), 'a'));
  const pool = new WorkerExecutor(1);
  try {
    const d = buildDag('w', [{ id: 'src', step: src }, { id: 'f', step: failing, bind: { xs: 'src.xs' } }]);
    const r = await runPipeline(d, { artifacts: store, recorder: new MemoryRecorder(), workerExecutor: pool });
    assert.equal(r.status, 'failed');
    assert.ok(r.error instanceof ConvoptError);
    assert.equal(r.error.code, 'INVALID_DATA');
    assert.equal(r.error.hint, 'fix the data');
  } finally {
    await pool.close();
  }
});

test('warm() starts the whole pool up front; preloaded workers run tasks as usual, and a bad preload URL is harmless', async () => {
  const store = new ArtifactStore(join(mkdtempSync(join(tmpdir(), 'convopt-wk-')), 'a'));
  const pool = new WorkerExecutor(2);
  try {
    pool.warm([sumSquares.moduleUrl!, new URL('./no-such-module.js', import.meta.url).href]);
    pool.warm([sumSquares.moduleUrl!]); // idempotent: the pool never grows past its size
    assert.equal(pool.started, 2);
    const r = await runPipeline(dag(), { artifacts: store, recorder: new MemoryRecorder(), workerExecutor: pool, seed: 7 });
    assert.equal(r.status, 'completed');
    assert.equal(((await r.output('sq2.total')) as { total: number }).total, 42);
  } finally {
    await pool.close();
  }
});

test("each worker's models get its share of the cores (automatic thread counts), while the main thread keeps every core", async () => {
  const store = new ArtifactStore(join(mkdtempSync(join(tmpdir(), 'convopt-wk-')), 'a'));
  for (const size of [1, 2]) {
    const pool = new WorkerExecutor(size);
    try {
      const d = buildDag('w', [{ id: 'src', step: src }, { id: 't', step: reportThreads, bind: { xs: 'src.xs' } }]);
      const r = await runPipeline(d, { artifacts: store, recorder: new MemoryRecorder(), workerExecutor: pool, cache: false });
      assert.equal(await r.output('t.threads'), shareOfCores(size));
    } finally {
      await pool.close();
    }
  }
  assert.equal(shareOfCores(availableParallelism()), 1);
  assert.equal(shareOfCores(1), availableParallelism());
  assert.equal(threadBudget(), availableParallelism());
});
