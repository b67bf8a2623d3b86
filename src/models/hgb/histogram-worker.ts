/**
 * Histogram worker thread: receives one fitting session's shared buffers, then loops on the control
 * array building its feature range of each requested histogram until the session ends (see threads.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildFeatureRange } from './histogram-kernels.js';
import { predictRows } from './predict-kernel.js';
import { partitionRange } from './splitting.js';
import { CMD_BUILD, CMD_END, CMD_PARTITION, CMD_SCATTER, CMD_UPDATE, CTRL, contextFromMessage, fitAndBinShare, partitionShare, runUpdateShare, spinThenWait, type BinMessage, type PredictMessage, type SessionMessage } from './threads.js';

const control = new Int32Array((workerData as { control: SharedArrayBuffer }).control);
const index = (workerData as { index: number }).index;

parentPort?.on('message', (m: SessionMessage | PredictMessage | BinMessage) => {
  if (m.type === 'predict' || m.type === 'bin') {
    try {
      if (m.type === 'predict') predictRows(m.forest, m.columns, m.out, m.start, m.stop);
      else fitAndBinShare(m);
    } catch {
      Atomics.store(control, CTRL.FAILED, 1);
    }
    Atomics.add(control, CTRL.PREDICT_DONE + index, 1);
    Atomics.notify(control, CTRL.PREDICT_DONE + index);
    return;
  }
  if (m.type !== 'begin') return;
  const ctx = contextFromMessage(m);
  const update = m.update;
  const store = m.store;
  const histSize = m.binOffset[m.nFeatures] * m.stride;
  let seen = Atomics.load(control, CTRL.SEQ);
  Atomics.add(control, CTRL.READY + index, 1);
  Atomics.notify(control, CTRL.READY + index);
  for (;;) {
    spinThenWait(control, CTRL.SEQ, seen);
    const seq = Atomics.load(control, CTRL.SEQ);
    if (seq === seen) continue;
    seen = seq;
    // Claim this command's share first; the caller may have taken it over already (and may even
    // have published the next command), in which case nothing of this command is read.
    if (Atomics.compareExchange(control, CTRL.CLAIM + index, -seq, seq) !== -seq) continue;
    const cmd = Atomics.load(control, CTRL.CMD);
    if (cmd === CMD_PARTITION) {
      try {
        const [lo, hi] = partitionShare(Atomics.load(control, CTRL.START), Atomics.load(control, CTRL.STOP), index + 1, m.nThreads);
        const feature = Atomics.load(control, CTRL.FEATURE);
        const nLeft = partitionRange(ctx.columns[feature], Atomics.load(control, CTRL.BIN), Atomics.load(control, CTRL.MISSING_LEFT) === 1, Atomics.load(control, CTRL.MISSING_BIN), ctx.indices, lo, hi, ctx.scratch!, lo, ctx.kernels);
        Atomics.store(control, CTRL.N_LEFT + index, nLeft);
      } catch {
        Atomics.store(control, CTRL.FAILED, 1);
      }
    }
    if ((cmd === CMD_SCATTER || cmd === CMD_UPDATE) && update) {
      try {
        runUpdateShare(cmd, update, ctx, Atomics.load(control, CTRL.N_LEAVES), index + 1, m.nThreads);
      } catch {
        Atomics.store(control, CTRL.FAILED, 1);
      }
    }
    if (cmd === CMD_BUILD) {
      const slot = Atomics.load(control, CTRL.SLOT);
      const root = Atomics.load(control, CTRL.ROOT) === 1;
      const start = Atomics.load(control, CTRL.START);
      const stop = Atomics.load(control, CTRL.STOP);
      try {
        if (m.f1 > m.f0) buildFeatureRange(ctx, store.subarray(slot * histSize, (slot + 1) * histSize), m.f0, m.f1, root, start, stop);
      } catch {
        // Report instead of dying silently: the caller is blocked waiting for this "done".
        Atomics.store(control, CTRL.FAILED, 1);
      }
    }
    Atomics.store(control, CTRL.DONE + index, seq);
    Atomics.notify(control, CTRL.DONE + index);
    if (cmd === CMD_END) break;
  }
});

Atomics.store(control, CTRL.READY + index, 1);
Atomics.notify(control, CTRL.READY + index);
