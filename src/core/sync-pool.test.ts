import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { SyncWorkerPool } from './sync-pool.js';

/** A pool of tiny eval workers that set their ready word, then wait for a message telling them to stop or crash. */
function pool(maxWorkers = 4) {
  const ready = new Int32Array(new SharedArrayBuffer(4 * maxWorkers));
  const source = `
    const { workerData, parentPort } = require('node:worker_threads');
    Atomics.store(new Int32Array(workerData.ready), workerData.index, 1);
    parentPort.on('message', (m) => { if (m === 'crash') throw new Error('boom'); if (m === 'stop') process.exit(0); });
  `;
  const p = new SyncWorkerPool({
    spawn: (index) => ({ worker: new Worker(source, { eval: true, workerData: { ready: ready.buffer, index } }), index }),
    isReady: (i) => Atomics.load(ready, i) === 1,
    maxWorkers,
  });
  return p;
}

test('grow starts workers without waiting; whenReady resolves once they are up; the ready prefix is counted', async () => {
  const p = pool();
  assert.equal(p.grow(2), false, 'a worker is never ready the moment it is spawned');
  assert.equal(p.members.length, 2);
  assert.equal(await p.whenReady(2, 10_000), true);
  assert.equal(p.readyCount(2), 2);
  assert.equal(p.grow(9), false, 'capped at maxWorkers, the other two are still starting');
  assert.equal(p.members.length, 4);
  assert.equal(await p.whenReady(4, 10_000), true);
  for (const m of p.members) await m.worker.terminate();
});

test('a worker that errors or exits marks the pool failed for good: no more growth, whenReady gives up', async () => {
  for (const how of ['crash', 'stop']) {
    const p = pool();
    assert.equal(await p.whenReady(1, 10_000), true);
    const { worker } = p.members[0]!;
    worker.ref(); // the pool unrefs its workers; the test waits for this one's exit
    const gone = new Promise((r) => worker.once('exit', r));
    worker.postMessage(how);
    await gone;
    assert.equal(p.failed, true, how);
    assert.equal(p.grow(2), false);
    assert.equal(p.members.length, 1, 'a failed pool starts nothing new');
    assert.equal(await p.whenReady(1, 10_000), false);
  }
});
