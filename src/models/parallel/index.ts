/** Batch scoring on several threads (see pool.ts). */
export { DEFAULT_MIN_ROWS, type PredictThreadsOptions, closePredictThreads, lastPredictThreads, lastPredictWorkerRows, predictInThreads, predictWorkerCount } from './pool.js';
