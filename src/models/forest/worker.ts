/**
 * Forest worker thread: takes tree indices from the fit's shared counter, grows each tree and posts it
 * back on its result port, bumping the "posted" counter so a blocked caller wakes up (see threads.ts).
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { growTree } from './grow.js';
import { releaseWorkspace } from '../tree/workspace.js';
import { type GrowMessage, type ResultMessage, jobFromMessage } from './threads.js';

const { control: controlBuffer, index, port } = workerData as { control: SharedArrayBuffer; index: number; port: MessagePort };
const control = new Int32Array(controlBuffer);

parentPort?.on('message', (m: GrowMessage) => {
  if (m.type !== 'grow') return;
  const counters = new Int32Array(m.counters);
  const post = (r: ResultMessage): void => {
    port.postMessage(r);
    Atomics.add(counters, 1, 1);
    Atomics.notify(counters, 1);
  };
  try {
    const job = jobFromMessage(m);
    for (let t = Atomics.add(counters, 0, 1); t < m.nTrees; t = Atomics.add(counters, 0, 1)) {
      const tree = growTree(job, t);
      post({ fit: m.fit, t, tree: { feature: tree.feature, threshold: tree.threshold, left: tree.left, right: tree.right, value: tree.value, impurity: tree.impurity, nNodeSamples: tree.nNodeSamples, weightedNNodeSamples: tree.weightedNNodeSamples } });
    }
    releaseWorkspace(job.data); // this fit's trees are done here: the wasm arena serves the next one
  } catch (e) {
    post({ fit: m.fit, error: e instanceof Error ? e.message : String(e) });
  }
});

Atomics.store(control, 2 * index, 1);
Atomics.notify(control, 2 * index);
