/**
 * Scoring worker: keeps the last few models it was sent (by key), claims row chunks of a batch from the
 * shared counter, predicts each chunk over views of the shared columns and writes the results into the
 * shared output. Replies once per batch with the rows it scored, or with the error (see pool.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { Matrix, NumericColumn } from '../../core/arrays.js';
import type { Regressor } from '../base/estimator.js';
import { loadModel } from '../io/load.js';
import { errorToWire } from '../../core/wire-error.js';
import { type ReplyMessage, SCORING_FAILURE, type ScoreMessage } from './protocol.js';

/** Models kept per worker: a server may alternate between a champion and a challenger. */
const MAX_MODELS = 4;
const models = new Map<number, Regressor>();

function modelFor(m: ScoreMessage): Regressor {
  let model = models.get(m.key);
  if (!model) {
    if (m.model === undefined) throw new Error(`model ${m.key} was not sent to this worker`);
    model = loadModel(m.model);
    if (models.size >= MAX_MODELS) models.delete(models.keys().next().value as number);
    models.set(m.key, model);
  }
  return model;
}

parentPort?.on('message', (m: ScoreMessage) => {
  if (m.type !== 'score') return;
  let reply: ReplyMessage;
  try {
    const model = modelFor(m);
    const counters = new Int32Array(m.counters);
    const out = new Float64Array(m.out);
    const nChunks = Math.ceil(m.nRows / m.chunk);
    let rows = 0;
    for (let c = Atomics.add(counters, 0, 1); c < nChunks; c = Atomics.add(counters, 0, 1)) {
      const start = c * m.chunk;
      const len = Math.min(m.chunk, m.nRows - start);
      const columns: NumericColumn[] = m.columns.map((buf, j) => (m.float32[j] ? new Float32Array(buf, start * 4, len) : new Float64Array(buf, start * 8, len)));
      const X: Matrix = { nRows: len, columns };
      out.set(model.predict(X), start);
      rows += len;
      Atomics.add(counters, 1, len);
    }
    reply = { job: m.job, rows };
  } catch (e) {
    reply = { job: m.job, error: errorToWire(e, SCORING_FAILURE) };
  }
  parentPort?.postMessage(reply);
});
