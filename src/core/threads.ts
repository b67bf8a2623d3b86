/**
 * How many threads one task in this thread may use when a model's thread count is left automatic
 * (`nJobs`/`nThreads` = null). By default every core. A pipeline worker that runs next to others on a
 * pool already spreads steps over the cores, so the pool gives each worker its share: without it, two
 * families each starting a helper thread put four cold, separately JIT-compiling isolates on two cores.
 * Results never depend on the thread count (each model guarantees that), only the time does.
 */
import { availableParallelism } from 'node:os';
import { workerData } from 'node:worker_threads';

/** The key a pool puts in `workerData` to give a worker its share of the cores. */
export const THREAD_BUDGET_KEY = 'convoptThreadBudget';

function fromWorkerData(): number | null {
  const v = (workerData as Record<string, unknown> | null | undefined)?.[THREAD_BUDGET_KEY];
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : null;
}

const budget = fromWorkerData();

/** Threads an automatic thread count resolves to in this thread (≥ 1). */
export function threadBudget(): number {
  return budget ?? availableParallelism();
}

/** The share of the cores each of `poolSize` busy workers should take (≥ 1). */
export function shareOfCores(poolSize: number): number {
  return Math.max(1, Math.floor(availableParallelism() / Math.max(1, poolSize)));
}
