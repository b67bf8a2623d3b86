/**
 * Worker threads for forests. A pool of workers is started once per process (lazily, unref'd); a fit
 * shares the data through SharedArrayBuffers; every thread, the caller included, takes tree indices
 * from a shared counter until none are left, and the caller then collects the workers' trees. `fit` is
 * synchronous, so collection uses `receiveMessageOnPort` plus `Atomics.wait` on a shared "posted"
 * counter instead of events.
 *
 * Under a module loader (tsx) a worker loads its code through the main thread's event loop, so a
 * synchronous fit never waits for start-up: it uses only workers that are already up, and grows the
 * rest itself. `startForestThreads()` (awaited once) or `RandomForestRegressor.fitAsync` boots them.
 */
import { MessageChannel, type MessagePort, type Worker, receiveMessageOnPort } from 'node:worker_threads';
import { ConvoptError } from '../../core/errors.js';
import { SyncWorkerPool } from '../../core/sync-pool.js';
import { threadBudget } from '../../core/threads.js';
import { startWorker } from '../../core/worker-url.js';
import type { ResolvedTreeParams } from '../tree/builder.js';
import { Tree, type TreeArrays } from '../tree/tree.js';
import { type ForestJob, growTree } from './grow.js';

/** Message that asks a worker to grow some trees. */
export interface GrowMessage {
  readonly type: 'grow';
  readonly nRows: number;
  readonly nFeatures: number;
  /** n·d float64: feature j at offset j·n. */
  readonly X: SharedArrayBuffer;
  /** n·d int32: feature j's presorted rows at offset j·n. */
  readonly sorted: SharedArrayBuffer;
  readonly y: SharedArrayBuffer;
  readonly sampleWeight: SharedArrayBuffer;
  readonly tree: ResolvedTreeParams;
  readonly rootSeed: number;
  readonly bootstrap: boolean;
  readonly nDraws: number;
  readonly nTrees: number;
  /** Fit sequence number, echoed in results so a late message from an aborted fit is ignored. */
  readonly fit: number;
  /** Int32 words: [next tree index, trees posted]; see growForest. */
  readonly counters: SharedArrayBuffer;
}

/** Message a worker sends back per tree (or once, on failure). */
export type ResultMessage = { readonly fit: number; readonly t: number; readonly tree: TreeArrays } | { readonly fit: number; readonly error: string };

/** Rebuilds the job from a message (workers use this; so do tests). */
export function jobFromMessage(m: GrowMessage): ForestJob {
  const columns: Float64Array[] = [];
  const sorted: Int32Array[] = [];
  for (let j = 0; j < m.nFeatures; j++) {
    columns.push(new Float64Array(m.X, j * m.nRows * 8, m.nRows));
    sorted.push(new Int32Array(m.sorted, j * m.nRows * 4, m.nRows));
  }
  return { data: { columns, sorted }, y: new Float64Array(m.y), sampleWeight: new Float64Array(m.sampleWeight), tree: m.tree, rootSeed: m.rootSeed, bootstrap: m.bootstrap, nDraws: m.nDraws };
}

interface PoolWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
}

/**
 * Starts the worker module. Node 20 does not run `--import` hooks in workers, so under tsx (tests,
 * development: the module URL ends in .ts) a one-line bootstrap registers tsx's loader first.
 */
function spawnWorker(workerData: { control: SharedArrayBuffer; index: number; port: MessagePort }, transferList: MessagePort[]): Worker {
  return startWorker(import.meta.url, 'worker', { workerData, transferList });
}

/** The forest team: each worker gets its own port for results; word 2w of `control` is 1 once worker w is ready. */
class ForestPool extends SyncWorkerPool<PoolWorker> {
  readonly control: Int32Array;

  constructor() {
    const control = new Int32Array(new SharedArrayBuffer(2 * 64 * 4));
    super({
      spawn: (index) => {
        const { port1, port2 } = new MessageChannel();
        const worker = spawnWorker({ control: control.buffer as SharedArrayBuffer, index, port: port1 }, [port1]);
        port2.unref();
        return { worker, port: port2 };
      },
      isReady: (w) => Atomics.load(control, 2 * w) === 1,
      maxWorkers: 64,
    });
    this.control = control;
  }
}

let pool: ForestPool | null = null;
let lastThreads = 1;
let fitSequence = 0;

/** Threads the most recent `growForest` call actually used (for tests and benchmarks). */
export function lastForestThreads(): number {
  return lastThreads;
}

/**
 * Boots `nThreads − 1` forest workers (the caller is the last thread) and resolves to whether they are
 * up. Await it once before large parallel fits.
 */
export async function startForestThreads(nThreads: number = threadBudget(), timeoutMs = 30_000): Promise<boolean> {
  pool ??= new ForestPool();
  return pool.whenReady(Math.max(0, Math.min(nThreads, 65) - 1), timeoutMs);
}

/** Threads a fit asks for: explicit `nJobs`, else this thread's budget (every core, or a pipeline worker's share). */
export function resolveJobs(nJobs: number | null, nEstimators: number): number {
  return Math.max(1, Math.min(nJobs ?? threadBudget(), nEstimators));
}

function share(a: Float64Array | Int32Array): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(a.byteLength);
  new Uint8Array(sab).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return sab;
}

function concat<T extends Float64Array | Int32Array>(parts: readonly ArrayLike<number>[], n: number, out: T): T {
  parts.forEach((p, j) => {
    for (let i = 0; i < n; i++) out[j * n + i] = p[i];
  });
  return out;
}

/**
 * Grows trees `0..nTrees−1` on up to `nThreads` threads and returns them in index order. Threads take
 * the next tree index from a shared counter (so a thread slowed by other load does not hold the rest
 * up); which thread grows a tree never changes the tree. Falls back to fewer threads (down to the
 * caller alone) when workers are not ready, busy or failed.
 */
export function growForest(job: ForestJob, nTrees: number, nThreads: number): Tree[] {
  const out: Tree[] = new Array<Tree>(nTrees);
  const want = Math.min(nThreads, nTrees) - 1;
  let nWorkers = 0;
  if (want > 0) {
    pool ??= new ForestPool();
    if (!pool.busy && !pool.failed) {
      pool.grow(want); // start the rest for next time
      nWorkers = pool.readyCount(want);
    }
  }
  lastThreads = nWorkers + 1;
  if (nWorkers === 0 || !pool) {
    for (let t = 0; t < nTrees; t++) out[t] = growTree(job, t);
    return out;
  }
  const p = pool;
  p.busy = true;
  try {
    const n = job.y.length;
    const d = job.data.columns.length;
    // Word 0: next tree index to grow; word 1: trees (or errors) posted by workers so far.
    const counters = new Int32Array(new SharedArrayBuffer(8));
    const msg: GrowMessage = {
      type: 'grow',
      nRows: n,
      nFeatures: d,
      X: share(concat(job.data.columns, n, new Float64Array(n * d))),
      sorted: share(concat(job.data.sorted, n, new Int32Array(n * d))),
      y: share(job.y),
      sampleWeight: share(job.sampleWeight),
      tree: job.tree,
      rootSeed: job.rootSeed,
      bootstrap: job.bootstrap,
      nDraws: job.nDraws,
      nTrees,
      fit: ++fitSequence,
      counters: counters.buffer as SharedArrayBuffer,
    };
    for (let w = 0; w < nWorkers; w++) p.members[w]!.worker.postMessage(msg);
    let own = 0;
    for (let t = Atomics.add(counters, 0, 1); t < nTrees; t = Atomics.add(counters, 0, 1)) {
      out[t] = growTree(job, t);
      own++;
    }
    let received = 0;
    while (received < nTrees - own) {
      const posted = Atomics.load(counters, 1);
      for (let w = 0; w < nWorkers; w++) {
        const { port } = p.members[w]!;
        for (let r = receiveMessageOnPort(port); r; r = receiveMessageOnPort(port)) {
          const m = (r as { message: ResultMessage }).message;
          if (m.fit !== msg.fit) continue;
          if ('error' in m) throw new ConvoptError('INTERNAL', `A forest worker failed: ${m.error}`, { hint: 'Retry with nJobs: 1.' });
          out[m.t] = new Tree(m.tree);
          received++;
        }
      }
      // Sleep until a worker posts again; the timeout only guards against a missed wake-up.
      if (received < nTrees - own) Atomics.wait(counters, 1, posted, 100);
    }
    return out;
  } finally {
    p.busy = false;
  }
}
