/**
 * `SyncWorkerPool`: the lifecycle shared by the worker teams that synchronous fits drive (forest
 * trees, HGB histograms). Workers start lazily, stay for the life of the process, and are unref'd so a
 * CLI exits when its work is done. A worker reports it is ready by setting a word in shared memory;
 * `grow` never waits for that, because under a module loader (tsx) a worker loads its code through
 * the main thread's event loop, which a blocked synchronous caller would starve. An error or an exit
 * marks the pool failed for good: later fits run on the caller alone, with identical results.
 *
 * What a team does with its workers (messages, control words, waiting) stays with the team.
 */
import type { Worker } from 'node:worker_threads';

export interface SyncPoolOptions<T extends { readonly worker: Worker }> {
  /** Starts worker `index` (called once per index, in order). */
  readonly spawn: (index: number) => T;
  /** Whether worker `index` has finished starting (a word it set in shared memory). */
  readonly isReady: (index: number) => boolean;
  /** Most workers the team's shared layout has room for. */
  readonly maxWorkers: number;
}

export class SyncWorkerPool<T extends { readonly worker: Worker }> {
  readonly members: T[] = [];
  /** A worker errored or exited: the pool is not used again. */
  failed = false;
  /** A fit holds the team (a nested fit, e.g. a forest inside a pipeline step, runs alone). */
  busy = false;

  constructor(private readonly options: SyncPoolOptions<T>) {}

  /** Starts workers up to `n` (without waiting); true when the first `n` are ready now. */
  grow(n: number): boolean {
    if (this.failed) return false;
    const want = Math.min(n, this.options.maxWorkers);
    while (this.members.length < want) {
      const member = this.options.spawn(this.members.length);
      member.worker.unref();
      member.worker.on('error', () => {
        this.failed = true;
      });
      member.worker.on('exit', () => {
        this.failed = true;
      });
      this.members.push(member);
    }
    return this.readyCount(want) === want;
  }

  /** How many of the first `n` workers are ready, counting from the first (teams use a ready prefix). */
  readyCount(n: number): number {
    let k = 0;
    while (k < Math.min(n, this.members.length) && this.options.isReady(k)) k++;
    return k;
  }

  /** Resolves once `n` workers are ready, or to false when start-up failed or took over `timeoutMs`. */
  async whenReady(n: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.grow(n)) {
      if (this.failed || Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 5));
    }
    return true;
  }
}
