/**
 * Worker threads for histogram building. A `HistogramTeam` splits the features of each histogram
 * across the calling thread and `nThreads − 1` workers; all share the binned data, gradients, sample
 * indices and histogram store through SharedArrayBuffers and run the same kernels, so results are
 * bit-identical to single-threaded fits (each feature is summed by one thread in sample order).
 *
 * `fit` is synchronous, so coordination uses Atomics on a small control array rather than messages:
 * the caller publishes a command, bumps a sequence number, computes its own feature range and waits
 * for each worker's "done" word. Workers are started once per process, kept in a pool, and unref'd so
 * they never keep the process alive. If workers cannot start, fitting continues single-threaded.
 */
import { ConvoptError } from '../../core/errors.js';
import { SyncWorkerPool } from '../../core/sync-pool.js';
import { threadBudget } from '../../core/threads.js';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../core/worker-url.js';
import type { Matrix } from '../../core/arrays.js';
import type { Rng } from '../../core/rng.js';
import { type Allocator, type Arena, SHARED } from '../../core/arena.js';
import { fitFeature, mapToBins, type BinMapper, type BinnedMatrix } from './binning.js';
import { buildFeatureRange, type HistogramContext } from './histogram-kernels.js';
import type { HistogramTeam } from './histogram.js';
import { predictRows, type PackedForest } from './predict-kernel.js';
import { partitionRange } from './splitting.js';
import { scatterLeafNumbers, updateRows, type RawUpdateBuffers } from './raw-update.js';
import { HgbKernels } from './wasm-kernels.js';
import type { WasmMemory } from '../../core/wasm-asm.js';

/** A fit's arena as a team shares it: the histogram's bin byte offsets, and one root scratch per thread (caller first). */
export interface TeamWasm {
  readonly arena: Arena;
  readonly binOffsetBytes: Int32Array;
  readonly scratch: readonly Float64Array[];
}

/** Control array layout (Int32 words). */
export const CTRL = {
  SEQ: 0,
  CMD: 1,
  SLOT: 2,
  ROOT: 3,
  START: 4,
  STOP: 5,
  /** Set to 1 by a worker whose job threw; the caller turns it into an error. */
  FAILED: 6,
  /** Partition command: split feature, bin threshold, missing-go-left flag, missing bin. */
  FEATURE: 7,
  BIN: 8,
  MISSING_LEFT: 9,
  MISSING_BIN: 10,
  /** Raw-prediction update commands: the tree's leaf count. */
  N_LEAVES: 11,
  /** done[w] at DONE + w: the last sequence number worker w finished. */
  DONE: 16,
  /** predictDone[w] at PREDICT_DONE + w: bumped when worker w finishes a one-off job (its rows of a prediction, its features of a binning). */
  PREDICT_DONE: 176,
  /** ready[w] at READY + w: 1 once worker w is listening; bumped again on each session start. */
  READY: 96,
  /** nLeft[w] at N_LEFT + w: samples of worker w's share of a partition that went left. */
  N_LEFT: 256,
  /**
   * claim[w] at CLAIM + w: −seq while worker w's share of command seq is unclaimed; the worker sets
   * it to seq when it starts the share, the caller to 0 when it takes the share over (see `begin`).
   */
  CLAIM: 512,
  SIZE: 768,
} as const;
/**
 * How long a waiting team member polls before it sleeps. Sleeping (`Atomics.wait`, a futex) and
 * being woken costs tens of microseconds on this class of machine, paid on every command of a fit
 * (~1,500 for 200k rows: node histograms, large partitions, the raw-prediction update): the caller
 * woken late after its worker finished idles both. Polling first: 200k × 20 rows 1.64 → 1.58 s (mean
 * of four alternating runs; at 1M rows the run-to-run spread of ±0.4 s hides it). Polling ~1 ms
 * was slower at 1M rows: on 2 cores it starves the engine's own background threads.
 */
export const SPIN_MICROSECONDS = 200;

/**
 * Returns once `control[at]` differs from `value` or `timeoutMs` passed: polls for about
 * SPIN_MICROSECONDS, then sleeps in `Atomics.wait`. Returns `Atomics.wait`'s result, or 'ok' when the
 * value changed while polling.
 */
export function spinThenWait(control: Int32Array, at: number, value: number, timeoutMs = Infinity): 'ok' | 'not-equal' | 'timed-out' {
  const until = performance.now() + SPIN_MICROSECONDS / 1000;
  for (;;) {
    // The clock is read once per 64 polls: a poll costs a few nanoseconds, a clock read ~30.
    for (let k = 0; k < 64; k++) if (Atomics.load(control, at) !== value) return 'ok';
    if (performance.now() >= until) break;
  }
  return Atomics.wait(control, at, value, timeoutMs);
}

export const CMD_BUILD = 1;
export const CMD_END = 2;
export const CMD_PARTITION = 3;
/** The two phases of `addLeafValues` (each thread its range; the second needs all of the first). */
export const CMD_SCATTER = 4;
export const CMD_UPDATE = 5;


/** Thread t's share [lo, hi) of a node's samples [start, stop) when `nThreads` split it. */
export function partitionShare(start: number, stop: number, t: number, nThreads: number): [number, number] {
  const n = stop - start;
  return [start + Math.floor((t * n) / nThreads), start + Math.floor(((t + 1) * n) / nThreads)];
}

/**
 * Automatic threading starts at this many (rows × features). Measured on the shared 2-core machine:
 * at 50k × 20 (1M cells) two threads cut fit time by ~2×, at 25k × 20 by ~1.7×, and from 2k–10k × 20
 * the gain was within noise (the machine was loaded, so the lead should re-check on a quiet one).
 */
export const THREAD_MIN_CELLS = 500_000;

/*
 * Within a threaded fit, nodes below TEAM_MIN_NODE_CELLS (histogram.ts) are built by the calling
 * thread alone: waking workers costs tens of microseconds, more than such a histogram takes.
 */

/** Threads to use for a fit: the explicit request, else automatic by data size. */
export function chooseThreads(requested: number | null, nRows: number, nFeatures: number): number {
  if (requested !== null) return Math.max(1, Math.min(requested, nFeatures));
  if (nRows * nFeatures < THREAD_MIN_CELLS) return 1;
  return Math.max(1, Math.min(threadBudget(), nFeatures, 8));
}

/**
 * Message that starts a fitting session in a worker. The arrays are views of shared memory (posting
 * them shares it, offsets included): SharedArrayBuffers, or the fit's wasm arena, whose memory then
 * comes along so the worker runs the same wasm kernels on it.
 */
export interface SessionMessage {
  readonly type: 'begin';
  readonly nRows: number;
  readonly nFeatures: number;
  readonly stride: number;
  readonly binOffset: Int32Array;
  readonly constantHessian: boolean;
  readonly columns: readonly Uint8Array[];
  readonly rowBins: Uint8Array | null;
  readonly rootCounts: Float64Array | null;
  readonly gradients: Float32Array;
  readonly hessians: Float32Array;
  readonly orderedG: Float32Array;
  readonly orderedH: Float32Array;
  readonly indices: Uint32Array;
  readonly scratch: Uint32Array;
  readonly store: Float64Array;
  /** The arena's wasm kernels: its memory, the histogram's bin byte offsets and this worker's root scratch; null: JS kernels. */
  readonly wasm: { readonly memory: WasmMemory; readonly binOffsetBytes: Int32Array; readonly scratch: Float64Array } | null;
  /** Features [f0, f1) this worker builds. */
  readonly f0: number;
  readonly f1: number;
  /** Team size (caller included): a partition splits each node into this many shares. */
  readonly nThreads: number;
  /** The raw-prediction update's buffers (see `RawUpdateBuffers`), when the team shares that update. */
  readonly update: RawUpdateBuffers | null;
}

/** Thread t's share of a raw-prediction update command (`CMD_SCATTER` or `CMD_UPDATE`) over n rows. */
export function runUpdateShare(cmd: number, u: RawUpdateBuffers, ctx: HistogramContext, nLeaves: number, t: number, nThreads: number): void {
  const [lo, hi] = partitionShare(0, ctx.nRows, t, nThreads);
  const k = ctx.kernels;
  if (cmd === CMD_SCATTER) scatterLeafNumbers(ctx.indices, u.leafOf, u.bounds, nLeaves, lo, hi, k && k.owns(ctx.indices, u.leafOf) ? k : null);
  else if (k && k.owns(u.raw, u.y, u.leafOf, u.values, ctx.gradients, ctx.indices)) k.updateRows(u.raw, u.y, u.leafOf, u.values, ctx.gradients, ctx.indices, lo, hi);
  else updateRows(u, ctx.gradients, ctx.indices, lo, hi);
}

/** Message that asks a worker to predict rows [start, stop) into `out`. */
export interface PredictMessage {
  readonly type: 'predict';
  readonly forest: PackedForest;
  readonly columns: readonly Float64Array[];
  readonly out: Float64Array;
  readonly start: number;
  readonly stop: number;
}

/** Message that asks a worker to bin features [f0, f1) of `columns` into `out` (feature-major bytes). */
export interface BinMessage {
  readonly type: 'bin';
  /** Only entries f0..f1-1 are set (SharedArrayBuffer-backed); the rest are null. */
  readonly columns: readonly (Float64Array | null)[];
  /** The rows that set the thresholds (`BinMapper.subsampleRows`), shared; null: all rows. */
  readonly rows: Uint32Array | null;
  readonly maxBins: number;
  /** Feature f's thresholds go to `thresholds[f * 256 ..]`, their count to `meta[2f]`, whether it has NaN to `meta[2f + 1]`. */
  readonly thresholds: Float64Array;
  readonly meta: Int32Array;
  /** claims[f] becomes 1 when a thread takes feature f (the worker goes down from f1 − 1, the caller up from f0). */
  readonly claims: Int32Array;
  /** Feature-major bins in shared memory: feature f at element f · nRows. */
  readonly out: Uint8Array;
  readonly nRows: number;
  readonly f0: number;
  readonly f1: number;
}

/** A worker's share of `fitBinWithTeam`: its features from the last down, until the caller has taken the rest. */
export function fitAndBinShare(m: BinMessage): void {
  for (let f = m.f1 - 1; f >= m.f0; f--) {
    if (Atomics.compareExchange(m.claims, f, 0, 1) !== 0) return;
    fitAndBinFeature(m.columns[f]!, m.nRows, m.rows, m.maxBins, f, m.out, m.thresholds, m.meta);
  }
}

/**
 * Fits one feature's thresholds (`fitFeature`) and bins the column with them into its slice of the
 * shared feature-major buffer `out` (compact missing code: the feature's bin count, as
 * `BinMapper.transform(X, true, true)` writes). The thresholds and the NaN flag go to the shared
 * `thresholds`/`meta` arrays (see `BinMessage`). Run by the caller and the workers alike.
 */
export function fitAndBinFeature(col: ArrayLike<number>, n: number, rows: Uint32Array | null, maxBins: number, f: number, out: Uint8Array, thresholds: Float64Array, meta: Int32Array): void {
  const fitted = fitFeature(col, n, rows, maxBins);
  thresholds.set(fitted.thresholds, f * 256);
  meta[2 * f] = fitted.thresholds.length;
  meta[2 * f + 1] = fitted.hasMissing ? 1 : 0;
  mapToBins(col, fitted.thresholds, fitted.thresholds.length + 1, out.subarray(f * n, (f + 1) * n));
}

/** Each of the first `nW` workers' one-off job counters, read before posting them a job. */
function oneOffJobMarks(control: Int32Array, nW: number): number[] {
  return Array.from({ length: nW }, (_, w) => Atomics.load(control, CTRL.PREDICT_DONE + w));
}

/** Blocks until every worker counted in `before` has finished its one-off job (a dead worker throws). */
function awaitOneOffJobs(p: WorkerPool, before: readonly number[]): void {
  const { control } = p;
  for (let w = 0; w < before.length; w++) {
    while (Atomics.load(control, CTRL.PREDICT_DONE + w) === before[w]) {
      // Wake up now and then to notice a crashed worker instead of waiting forever.
      if (Atomics.wait(control, CTRL.PREDICT_DONE + w, before[w], 1000) === 'timed-out') checkAlive(p);
    }
  }
  checkAlive(p);
}

/**
 * Fits `mapper` on X and bins X with the caller and `nThreads − 1` workers, each fitting and binning
 * a contiguous range of features (`fitAndBinFeature`: sorting each feature's subsample is most of
 * the work, so ranges hold about equal feature counts); the caller then takes over the features a
 * worker has not reached. The subsample is the very draw
 * `BinMapper.fit` makes and every feature is fitted and binned by the same code, so the mapper and the
 * bytes equal `mapper.fit(X, rng)` then `transform(X, true, true)`. Only the workers' features are
 * copied into shared memory. Returns null, doing nothing (`rng` untouched), when workers are not
 * ready or busy.
 */
export function fitBinWithTeam(nThreads: number, X: Matrix, mapper: BinMapper, rng: Rng, alloc: Allocator = SHARED): BinnedMatrix | null {
  pool ??= new WorkerPool();
  const F = X.columns.length;
  const n = X.nRows;
  if (nThreads < 2 || F < 2 || pool.busy || !pool.grow(nThreads - 1)) return null;
  const { control, workers } = pool;
  const nW = Math.min(nThreads - 1, F - 1);
  const bound = (t: number) => Math.round((t * F) / (nW + 1));
  const subsample = mapper.subsampleRows(n, rng);
  const rows = subsample && new Uint32Array(new SharedArrayBuffer(subsample.length * 4));
  if (rows && subsample) rows.set(subsample);
  const thresholds = new Float64Array(new SharedArrayBuffer(F * 256 * 8));
  const meta = new Int32Array(new SharedArrayBuffer(F * 2 * 4));
  const claims = new Int32Array(new SharedArrayBuffer(F * 4));
  const before = oneOffJobMarks(control, nW);
  const buffer = alloc.u8(n * F);
  pool.busy = true;
  teamBinnings++;
  try {
    for (let w = 0; w < nW; w++) {
      const f0 = bound(w + 1);
      const f1 = bound(w + 2);
      const columns = X.columns.map((c, f) => {
        if (f < f0 || f >= f1) return null;
        const s = new Float64Array(new SharedArrayBuffer(n * 8));
        s.set(c);
        return s;
      });
      const msg: BinMessage = { type: 'bin', columns, rows, maxBins: mapper.maxBins, thresholds, meta, claims, out: buffer, nRows: n, f0, f1 };
      workers[w].postMessage(msg);
    }
    for (let f = 0; f < bound(1); f++) fitAndBinFeature(X.columns[f], n, rows, mapper.maxBins, f, buffer, thresholds, meta);
    // Then the workers' features they have not started (a worker whose core is busy elsewhere would
    // hold everything up), from the bottom of each range while the worker works down from the top.
    for (let w = 0; w < nW; w++) {
      for (let f = bound(w + 1); f < bound(w + 2); f++) {
        if (Atomics.compareExchange(claims, f, 0, 1) !== 0) break;
        fitAndBinFeature(X.columns[f], n, rows, mapper.maxBins, f, buffer, thresholds, meta);
      }
    }
    awaitOneOffJobs(pool, before);
  } finally {
    pool.busy = false;
  }
  mapper.setFitted(
    Array.from({ length: F }, (_, f) => thresholds.slice(f * 256, f * 256 + meta[2 * f])),
    Array.from({ length: F }, (_, f) => meta[2 * f + 1] === 1),
  );
  const columns: Uint8Array[] = [];
  for (let f = 0; f < F; f++) columns.push(buffer.subarray(f * n, (f + 1) * n));
  return { nRows: n, columns };
}

/**
 * Predicts with the caller and `nThreads − 1` workers, each on a contiguous row range, into `out`
 * (which holds the baseline). Returns false, doing nothing, when workers are not ready or busy.
 * The forest, columns and `out` must live in SharedArrayBuffers.
 */
export function predictWithTeam(nThreads: number, forest: PackedForest, columns: readonly Float64Array[], out: Float64Array): boolean {
  pool ??= new WorkerPool();
  if (pool.busy || !pool.grow(nThreads - 1)) return false;
  const { control, workers } = pool;
  const n = out.length;
  const nW = nThreads - 1;
  const bound = (t: number) => Math.floor((t * n) / nThreads);
  const before = oneOffJobMarks(control, nW);
  pool.busy = true;
  teamPredictions++;
  try {
    for (let w = 0; w < nW; w++) {
      const msg: PredictMessage = { type: 'predict', forest, columns, out, start: bound(w + 1), stop: bound(w + 2) };
      workers[w].postMessage(msg);
    }
    predictRows(forest, columns, out, 0, bound(1));
    awaitOneOffJobs(pool, before);
  } finally {
    pool.busy = false;
  }
  return true;
}

/** Rebuilds the kernel context from a session message (used by workers). */
export function contextFromMessage(m: SessionMessage): HistogramContext {
  return {
    nRows: m.nRows,
    stride: m.stride,
    binOffset: m.binOffset,
    nFeatures: m.nFeatures,
    columns: m.columns,
    rowBins: m.rowBins,
    rootCounts: m.rootCounts,
    gradients: m.gradients,
    hessians: m.hessians,
    orderedG: m.orderedG,
    orderedH: m.orderedH,
    indices: m.indices,
    scratch: m.scratch,
    constantHessian: m.constantHessian,
    kernels: m.wasm && HgbKernels.create(m.wasm.memory, m.wasm.binOffsetBytes, m.wasm.scratch),
  };
}

/**
 * Starts the worker module. Node 20 does not run `--import` hooks in workers, so under tsx (tests,
 * development; the module URL ends in .ts) a small bootstrap registers tsx's loader first.
 */
function spawnWorker(workerData: { control: SharedArrayBuffer; index: number }): Worker {
  return startWorker(import.meta.url, 'histogram-worker', { workerData });
}

/** The histogram team, started lazily and reused by every fit in the process; one control array for all. */
class WorkerPool extends SyncWorkerPool<{ readonly worker: Worker }> {
  readonly control: Int32Array;

  constructor() {
    const control = new Int32Array(new SharedArrayBuffer(CTRL.SIZE * 4));
    super({
      spawn: (index) => ({ worker: spawnWorker({ control: control.buffer as SharedArrayBuffer, index }) }),
      isReady: (i) => Atomics.load(control, CTRL.READY + i) !== 0,
      maxWorkers: CTRL.READY - CTRL.DONE,
    });
    this.control = control;
  }

  get workers(): Worker[] {
    return this.members.map((m) => m.worker);
  }
}

let pool: WorkerPool | null = null;

/** Throws (instead of hanging) when a worker died; the pool stays unusable and later fits run single-threaded. */
function checkAlive(p: WorkerPool): void {
  if (Atomics.load(p.control, CTRL.FAILED) === 1) p.failed = true;
  if (!p.failed) return;
  p.busy = false;
  throw new ConvoptError('INTERNAL', 'A HistGradientBoostingRegressor worker thread stopped unexpectedly.', {
    hint: 'Retry with nThreads: 1, and report the problem (re-run with --debug for details).',
  });
}
let takeOverAll = false;
let teamBuilds = 0;

/** Tests only: the caller takes over every worker share of builds and partitions (the path a late worker triggers). */
export function hgbTakeOverAllForTests(on: boolean): void {
  takeOverAll = on;
}
let teamPredictions = 0;
let teamBinnings = 0;
let teamPartitions = 0;
let teamUpdates = 0;

/** Raw-prediction updates shared with workers since the process started (for tests). */
export function hgbTeamUpdates(): number {
  return teamUpdates;
}

/** Node partitions shared with workers since the process started (for tests). */
export function hgbTeamPartitions(): number {
  return teamPartitions;
}

/** Fits whose data was binned jointly by a team since the process started (for tests). */
export function hgbTeamBinnings(): number {
  return teamBinnings;
}

/** Batch predictions shared with workers since the process started (for tests and benchmarks). */
export function hgbTeamPredictions(): number {
  return teamPredictions;
}

/** Histograms built jointly by a team since the process started (for tests and benchmarks). */
export function hgbTeamBuilds(): number {
  return teamBuilds;
}

/**
 * Starts the histogram worker pool ahead of time. Call (and await) it once before large fits: `fit`
 * is synchronous and never waits for workers to boot, so a fit that finds them not yet ready runs
 * single-threaded (with identical results) while they start. Resolves to whether the workers are up.
 */
export async function startHgbThreads(nThreads: number = threadBudget(), timeoutMs = 30_000): Promise<boolean> {
  pool ??= new WorkerPool();
  return pool.whenReady(Math.max(0, Math.min(nThreads, 64) - 1), timeoutMs);
}

/** A team of `nThreads` (caller included), or null when workers are not ready yet, failed, or busy (nested fits). */
export function acquireTeam(nThreads: number): Team | null {
  pool ??= new WorkerPool();
  if (pool.busy || !pool.grow(nThreads - 1)) return null;
  return new Team(pool, nThreads);
}

/** One fitting session's view of the pool. */
export class Team {
  constructor(
    private readonly pool: WorkerPool,
    readonly nThreads: number,
  ) {}

  /**
   * Shares the fit's buffers with the workers; returns the per-fit histogram team. With `wasm` (the
   * fit's arena holds every buffer), worker t runs the wasm kernels with root scratch `wasm.scratch[t]`.
   */
  begin(ctx: HistogramContext, store: Float64Array, update: RawUpdateBuffers | null = null, wasm: TeamWasm | null = null): HistogramTeam & { end(): void; addLeafValues(nLeaves: number): number } {
    const { control, workers } = this.pool;
    const nW = this.nThreads - 1;
    const F = ctx.nFeatures;
    const range = (t: number): [number, number] => [Math.floor((t * F) / this.nThreads), Math.floor(((t + 1) * F) / this.nThreads)];
    this.pool.busy = true;
    const ready0 = Array.from({ length: nW }, (_, w) => Atomics.load(control, CTRL.READY + w));
    const seq0 = Atomics.load(control, CTRL.SEQ);
    for (let w = 0; w < nW; w++) Atomics.store(control, CTRL.DONE + w, seq0);
    for (let w = 0; w < nW; w++) {
      const [f0, f1] = range(w + 1);
      const msg: SessionMessage = {
        type: 'begin',
        nRows: ctx.nRows,
        nFeatures: F,
        stride: ctx.stride,
        binOffset: ctx.binOffset,
        constantHessian: ctx.constantHessian,
        columns: ctx.columns,
        rowBins: ctx.rowBins,
        rootCounts: ctx.rootCounts,
        gradients: ctx.gradients,
        hessians: ctx.hessians,
        orderedG: ctx.orderedG,
        orderedH: ctx.orderedH,
        indices: ctx.indices,
        scratch: ctx.scratch!,
        store,
        wasm: wasm && { memory: wasm.arena.memory, binOffsetBytes: wasm.binOffsetBytes, scratch: wasm.scratch[w + 1] },
        f0,
        f1,
        nThreads: this.nThreads,
        update,
      };
      workers[w].postMessage(msg);
    }
    for (let w = 0; w < nW; w++) {
      while (Atomics.load(control, CTRL.READY + w) === ready0[w]) {
        if (Atomics.wait(control, CTRL.READY + w, ready0[w], 1000) === 'timed-out') checkAlive(this.pool);
      }
    }
    const histSize = ctx.binOffset[F] * ctx.stride;
    const [m0, m1] = range(0);
    const pool = this.pool;
    const publish = (cmd: number): number => {
      Atomics.store(control, CTRL.CMD, cmd);
      // Only this thread publishes, so the next sequence number is known before it is published.
      const next = Atomics.load(control, CTRL.SEQ) + 1;
      // Test hook: shares already taken, so the caller runs every share of builds and partitions.
      const claim = takeOverAll && cmd !== CMD_END ? 0 : -next;
      for (let w = 0; w < nW; w++) Atomics.store(control, CTRL.CLAIM + w, claim);
      const seq = Atomics.add(control, CTRL.SEQ, 1) + 1;
      Atomics.notify(control, CTRL.SEQ);
      return seq;
    };
    /**
     * After its own share, the caller takes over the share of every worker that has not started on
     * it yet (asleep, or its core busy with another process): a worker woken late would otherwise
     * hold up every node. Each share is still computed whole by one thread with the same kernel, so
     * results do not depend on who ran it. Returns, per worker, whether the caller took its share.
     */
    const takeOver = (seq: number, run: (share: number) => void): boolean[] => {
      const taken: boolean[] = [];
      for (let w = 0; w < nW; w++) {
        taken.push(takeOverAll || Atomics.compareExchange(control, CTRL.CLAIM + w, -seq, 0) === -seq);
        if (taken[w]) run(w + 1);
      }
      return taken;
    };
    const awaitAll = (seq: number, taken?: readonly boolean[]): void => {
      for (let w = 0; w < nW; w++) {
        if (taken?.[w]) continue;
        for (;;) {
          const d = Atomics.load(control, CTRL.DONE + w);
          if (d === seq) break;
          // Wake up now and then to notice a crashed worker instead of waiting forever.
          if (spinThenWait(control, CTRL.DONE + w, d, 1000) === 'timed-out') checkAlive(pool);
        }
      }
    };
    return {
      build(slot, root, start, stop) {
        Atomics.store(control, CTRL.SLOT, slot);
        Atomics.store(control, CTRL.ROOT, root ? 1 : 0);
        Atomics.store(control, CTRL.START, start);
        Atomics.store(control, CTRL.STOP, stop);
        teamBuilds++;
        const seq = publish(CMD_BUILD);
        const hist = store.subarray(slot * histSize, (slot + 1) * histSize);
        buildFeatureRange(ctx, hist, m0, m1, root, start, stop);
        const taken = takeOver(seq, (t) => {
          const [f0, f1] = range(t);
          buildFeatureRange(ctx, hist, f0, f1, root, start, stop);
        });
        awaitAll(seq, taken);
        checkAlive(pool);
      },
      partition(feature, binIdx, missingGoToLeft, missingBin, start, stop) {
        // Each thread partitions its share of the node (lefts in place, rights into scratch at the
        // share's offset); the caller then concatenates lefts, then rights, in thread order: the
        // same stable partition as splitIndices.
        const { indices, columns } = ctx;
        // The concatenation below by memory.copy when the arrays are in the wasm arena (shared memory: TypedArray copies there go element by element).
        const k = ctx.kernels && ctx.kernels.owns(indices, ctx.scratch!) ? ctx.kernels : null;
        const scratch = ctx.scratch!;
        Atomics.store(control, CTRL.FEATURE, feature);
        Atomics.store(control, CTRL.BIN, binIdx);
        Atomics.store(control, CTRL.MISSING_LEFT, missingGoToLeft ? 1 : 0);
        Atomics.store(control, CTRL.MISSING_BIN, missingBin);
        Atomics.store(control, CTRL.START, start);
        Atomics.store(control, CTRL.STOP, stop);
        teamPartitions++;
        const seq = publish(CMD_PARTITION);
        const [lo0, hi0] = partitionShare(start, stop, 0, nW + 1);
        const nLeft = [partitionRange(columns[feature], binIdx, missingGoToLeft, missingBin, indices, lo0, hi0, scratch, lo0, ctx.kernels)];
        const taken = takeOver(seq, (t) => {
          const [lo, hi] = partitionShare(start, stop, t, nW + 1);
          nLeft[t] = partitionRange(columns[feature], binIdx, missingGoToLeft, missingBin, indices, lo, hi, scratch, lo, ctx.kernels);
        });
        awaitAll(seq, taken);
        checkAlive(pool);
        for (let w = 0; w < nW; w++) if (!taken[w]) nLeft[w + 1] = Atomics.load(control, CTRL.N_LEFT + w);
        let l = start + nLeft[0];
        for (let t = 1; t <= nW; t++) {
          const [lo] = partitionShare(start, stop, t, nW + 1);
          if (k) k.copyIndices(indices, l, indices, lo, nLeft[t]);
          else indices.copyWithin(l, lo, lo + nLeft[t]);
          l += nLeft[t];
        }
        const mid = l;
        for (let t = 0; t <= nW; t++) {
          const [lo, hi] = partitionShare(start, stop, t, nW + 1);
          const nl = nLeft[t];
          const nr = hi - lo - nl;
          if (k) k.copyIndices(indices, l, scratch, lo, nr);
          else indices.set(scratch.subarray(lo, lo + nr), l);
          l += nr;
        }
        return mid;
      },
      /**
       * The raw-prediction update after a tree (buffers given to `begin`, leaves set by `setLeaves`):
       * leaf numbers, then values and next gradients, each phase over row ranges of every thread.
       * Returns the new gradients' sum in row order (summed here, so it is the same for any team).
       */
      addLeafValues(nLeaves) {
        if (!update) throw new Error('addLeafValues needs the update buffers');
        teamUpdates++;
        Atomics.store(control, CTRL.N_LEAVES, nLeaves);
        for (const cmd of [CMD_SCATTER, CMD_UPDATE]) {
          const seq = publish(cmd);
          runUpdateShare(cmd, update, ctx, nLeaves, 0, nW + 1);
          const taken = takeOver(seq, (t) => runUpdateShare(cmd, update, ctx, nLeaves, t, nW + 1));
          awaitAll(seq, taken);
          checkAlive(pool);
        }
        const g = ctx.gradients;
        if (ctx.kernels && ctx.kernels.owns(g)) return ctx.kernels.sum(g);
        let sum = 0;
        for (let i = 0; i < ctx.nRows; i++) sum += g[i];
        return sum;
      },
      end() {
        awaitAll(publish(CMD_END));
        pool.busy = false;
      },
    };
  }
}
