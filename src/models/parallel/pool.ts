/**
 * `predictInThreads`: batch scoring on every core. The calling thread builds the feature matrix once
 * (the feature code is ~6× faster than the model, and errors such as an unknown category surface here
 * exactly as in `bundle.predict`), copies it into SharedArrayBuffers, and then it and the pool's
 * workers claim row chunks from a shared counter until none are left. Each row's prediction is the
 * same `model.predict` arithmetic on the same values, so the result is bit-identical to
 * `bundle.predict(frame)`; only which thread scores a chunk varies.
 *
 * The pool is persistent and lazily started; idle workers are unref'd so a CLI exits promptly. A
 * worker still booting does not hold a batch up: the caller claims chunks too, and returns as soon as
 * every row is scored. `closePredictThreads()` stops the workers (tests, servers shutting down).
 */
import type { Worker } from 'node:worker_threads';
import type { Matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { threadBudget } from '../../core/threads.js';
import { startWorker } from '../../core/worker-url.js';
import type { Frame } from '../../data/frame.js';
import type { Regressor } from '../base/estimator.js';
import type { ModelBundle } from '../bundle.js';
import { modelKey } from './model-keys.js';
import { errorFromWire } from '../../core/wire-error.js';
import { type ReplyMessage, SCORING_FAILURE, type ScoreMessage } from './protocol.js';

export interface PredictThreadsOptions {
  /** Threads in all, the caller included. Default: this thread's budget (`threadBudget()`: every core, or a pipeline worker's share). */
  readonly threads?: number;
  /** Batches smaller than this take `bundle.predict` directly. Default 50,000. */
  readonly minRows?: number;
}

export const DEFAULT_MIN_ROWS = 50_000;
/**
 * Rows per claimed chunk: at least MIN_CHUNK so the counter and a predict call cost nothing per row,
 * at most MAX_CHUNK, and about 8 chunks per thread so a thread slowed by other load does not hold the
 * batch up.
 */
const MIN_CHUNK = 2_048;
const MAX_CHUNK = 32_768;

function chunkRows(n: number, threads: number): number {
  return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.ceil(n / (threads * 8))));
}

interface PoolWorker {
  readonly worker: Worker;
  /** Model keys this worker has been sent (it caches them). */
  readonly known: Set<number>;
}

interface Pending {
  readonly onReply: (m: ReplyMessage) => void;
  readonly onFail: (e: Error) => void;
}

class PredictPool {
  readonly workers: PoolWorker[] = [];
  readonly pending = new Map<number, Pending>();
  failed = false;

  grow(n: number): void {
    while (this.workers.length < n) {
      const worker = startWorker(import.meta.url, 'worker');
      worker.on('message', (m: ReplyMessage) => this.pending.get(m.job)?.onReply(m));
      const fail = (e: Error): void => {
        this.failed = true;
        for (const p of [...this.pending.values()]) p.onFail(e);
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (code !== 0 && !closing) fail(new Error(`scoring worker exited with code ${code}`));
      });
      // After the listeners: adding a 'message' listener refs the worker's port again.
      worker.unref();
      this.workers.push({ worker, known: new Set() });
    }
  }
}

let pool: PredictPool | null = null;
let closing = false;
let jobSequence = 0;
let lastThreads = 1;
let lastWorkerRows = 0;

/** Threads the most recent `predictInThreads` call offered work to (1 = the synchronous path). */
export function lastPredictThreads(): number {
  return lastThreads;
}

/** Rows the workers (not the caller) scored in the most recent threaded batch (for tests). */
export function lastPredictWorkerRows(): number {
  return lastWorkerRows;
}

/** Workers currently alive in the pool (for tests). */
export function predictWorkerCount(): number {
  return pool?.workers.length ?? 0;
}

/** Stops every scoring worker; the next large batch starts a new pool. */
export async function closePredictThreads(): Promise<void> {
  const p = pool;
  pool = null;
  if (!p) return;
  closing = true;
  try {
    await Promise.all(p.workers.map((w) => w.worker.terminate()));
  } finally {
    closing = false;
  }
}

function shareColumns(X: Matrix): { columns: SharedArrayBuffer[]; float32: boolean[] } {
  const columns: SharedArrayBuffer[] = [];
  const float32: boolean[] = [];
  for (const col of X.columns) {
    const f32 = col instanceof Float32Array;
    const sab = new SharedArrayBuffer(col.byteLength);
    (f32 ? new Float32Array(sab) : new Float64Array(sab)).set(col);
    columns.push(sab);
    float32.push(f32);
  }
  return { columns, float32 };
}

/**
 * Predicted target for every row of `frame`, bit-identical to `bundle.predict(frame)`, using up to
 * `threads` threads for batches of at least `minRows` rows.
 */
export async function predictInThreads(bundle: ModelBundle, frame: Frame, options: PredictThreadsOptions = {}): Promise<Float64Array> {
  const threads = Math.max(1, Math.floor(options.threads ?? threadBudget()));
  const minRows = options.minRows ?? DEFAULT_MIN_ROWS;
  if (threads === 1 || frame.nRows < minRows || pool?.failed) {
    lastThreads = 1;
    return bundle.predict(frame);
  }
  const X = bundle.features.transform(frame);
  return scoreShared(bundle.model, X, threads);
}

async function scoreShared(model: Regressor, X: Matrix, threads: number): Promise<Float64Array> {
  const n = X.nRows;
  pool ??= new PredictPool();
  const p = pool;
  p.grow(threads - 1);
  lastThreads = threads;
  const key = modelKey(model);
  const counters = new Int32Array(new SharedArrayBuffer(8));
  const outBuf = new SharedArrayBuffer(n * 8);
  const out = new Float64Array(outBuf);
  const { columns, float32 } = shareColumns(X);
  const job = ++jobSequence;
  const chunk = chunkRows(n, threads);
  let modelJSON: unknown;
  const base: ScoreMessage = { type: 'score', job, key, nRows: n, columns, float32, chunk, out: outBuf, counters: counters.buffer as SharedArrayBuffer };

  // Replies are collected from here on, so none is missed while the caller scores its chunks.
  let error: Error | null = null;
  let wake: (() => void) | null = null;
  p.pending.set(job, {
    onReply: (m) => {
      if ('error' in m) error ??= errorFromWire(m.error);
      wake?.();
    },
    onFail: (e) => {
      error ??= new ConvoptError('INTERNAL', `${SCORING_FAILURE.what}: ${e.message}`, { hint: SCORING_FAILURE.hint });
      wake?.();
    },
  });
  try {
    for (const w of p.workers.slice(0, threads - 1)) {
      if (w.known.has(key)) w.worker.postMessage(base);
      else {
        modelJSON ??= model.toJSON();
        w.worker.postMessage({ ...base, model: modelJSON } satisfies ScoreMessage);
        w.known.add(key);
      }
    }
    const nChunks = Math.ceil(n / chunk);
    let own = 0;
    for (let c = Atomics.add(counters, 0, 1); c < nChunks; c = Atomics.add(counters, 0, 1)) {
      const start = c * chunk;
      const end = Math.min(n, start + chunk);
      const part: Matrix = { nRows: end - start, columns: X.columns.map((col) => col.subarray(start, end)) };
      out.set(model.predict(part), start);
      Atomics.add(counters, 1, end - start);
      own += end - start;
    }
    // Rows still being scored belong to a worker that claimed them; it replies when its claims are done.
    while (Atomics.load(counters, 1) < n && !error) {
      const p2 = new Promise<void>((r) => (wake = r));
      for (const w of p.workers) w.worker.ref();
      try {
        if (Atomics.load(counters, 1) < n && !error) await p2;
      } finally {
        for (const w of p.workers) w.worker.unref();
      }
    }
    if (error) throw error;
    lastWorkerRows = n - own;
    return Float64Array.from(out);
  } finally {
    p.pending.delete(job);
  }
}
