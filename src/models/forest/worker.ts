/**
 * Forest worker thread: grows the trees it is asked for and posts each one back on its result port,
 * bumping its counter so a blocked caller wakes up (see threads.ts).
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { growTree } from './grow.js';
import { type GrowMessage, type ResultMessage, jobFromMessage } from './threads.js';

const { control: controlBuffer, index, port } = workerData as { control: SharedArrayBuffer; index: number; port: MessagePort };
const control = new Int32Array(controlBuffer);

function post(m: ResultMessage): void {
  port.postMessage(m);
  Atomics.add(control, 2 * index + 1, 1);
  Atomics.notify(control, 2 * index + 1);
}

parentPort?.on('message', (m: GrowMessage) => {
  if (m.type !== 'grow') return;
  try {
    const job = jobFromMessage(m);
    for (const t of m.trees) {
      const tree = growTree(job, t);
      post({ t, tree: { feature: tree.feature, threshold: tree.threshold, left: tree.left, right: tree.right, value: tree.value, impurity: tree.impurity, nNodeSamples: tree.nNodeSamples, weightedNNodeSamples: tree.weightedNNodeSamples } });
    }
  } catch (e) {
    post({ error: e instanceof Error ? e.message : String(e) });
  }
});

Atomics.store(control, 2 * index, 1);
Atomics.notify(control, 2 * index);
