/**
 * Messages between `predictInThreads` (pool.ts) and its scoring workers (worker.ts). Inputs and outputs
 * live in SharedArrayBuffers; a message carries only buffers, sizes and the model (once per worker).
 */
import { ConvoptError, type ConvoptErrorOptions, type ErrorCode } from '../../core/errors.js';

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

/** A ConvoptError (or any error) crossing the thread boundary with its code and fields. */
export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly options: ConvoptErrorOptions;
}

export type ReplyMessage = { readonly job: number; readonly rows: number } | { readonly job: number; readonly error: WireError };

/** A worker's error as data: a ConvoptError keeps code, message, location, hint and details. */
export function toWire(e: unknown): WireError {
  if (e instanceof ConvoptError) return { code: e.code, message: e.message, options: { ...e.location, ...(e.hint === undefined ? {} : { hint: e.hint }), details: e.details } };
  return { code: 'INTERNAL', message: `A scoring worker failed: ${e instanceof Error ? e.message : String(e)}`, options: { hint: 'Retry with threads: 1.' } };
}

/** The caller's side of `toWire`: the same ConvoptError, thrown on the calling thread. */
export function fromWire(w: WireError): ConvoptError {
  return new ConvoptError(w.code, w.message, w.options);
}
