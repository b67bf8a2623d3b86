/**
 * Messages between `predictInThreads` (pool.ts) and its scoring workers (worker.ts). Inputs and outputs
 * live in SharedArrayBuffers; a message carries only buffers, sizes and the model (once per worker).
 */
import type { WireError } from '../../core/wire-error.js';

/** One batch to score: rows are claimed CHUNK at a time from a shared counter by every thread. */
export interface ScoreMessage {
  readonly type: 'score';
  /** Batch sequence number, echoed back so a late reply to an older batch is ignored. */
  readonly job: number;
  /** Cache key of the model; `model` is sent only when this worker has not seen the key yet. */
  readonly key: number;
  readonly model?: unknown;
  readonly nRows: number;
  /** One buffer per feature column, nRows values each; `float32[j]` tells its element type. */
  readonly columns: readonly SharedArrayBuffer[];
  readonly float32: readonly boolean[];
  readonly chunk: number;
  /** nRows float64 predictions. */
  readonly out: SharedArrayBuffer;
  /** Int32 words: [next chunk to claim, rows finished]. */
  readonly counters: SharedArrayBuffer;
}

export type ReplyMessage = { readonly job: number; readonly rows: number } | { readonly job: number; readonly error: WireError };

/** How a scoring worker reports a failure that is not a ConvoptError. */
export const SCORING_FAILURE = { what: 'A scoring worker failed', hint: 'Retry with threads: 1.' } as const;
