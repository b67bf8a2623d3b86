/**
 * Result chunks read through DuckDB's C-API binding. node-api's `getColumnVector` builds a logical
 * type, a validity object and a typed-array wrapper for every vector (about 5,000 per million
 * rows); reading numbers needs one data copy and, only when the vector has NULLs, its validity
 * mask. Text cells (rare: bad cells, odd categories, extra columns) go through node-api's reader.
 */
import type { DuckDBDataChunk, DuckDBVector } from '@duckdb/node-api';
import type * as DuckDBBindings from '@duckdb/node-bindings';
import { bindings, nodeApi } from '../duck.js';

export type RawChunk = DuckDBBindings.DataChunk;
export type RawVector = DuckDBBindings.Vector;

/** Column `k` of a result chunk, without node-api's wrapper. */
export function rawVector(chunk: RawChunk, k: number): RawVector {
  return bindings().data_chunk_get_vector(chunk, k);
}

/**
 * Copies the first `n` items (`width` bytes each: 8 for DOUBLE, 4 for INTEGER) into `dest` at
 * item `at`. The binding hands back a copy of the data, so one byte-wise `set` is all it takes
 * (a Uint8Array view of `dest`, so the copy's alignment does not matter).
 */
export function copyVector(vec: RawVector, n: number, width: 4 | 8, dest: Float64Array | Int32Array, at: number): void {
  const bytes = bindings().vector_get_data(vec, n * width);
  new Uint8Array(dest.buffer, dest.byteOffset + at * width, n * width).set(bytes.length === n * width ? bytes : bytes.subarray(0, n * width));
}

/**
 * Calls `f(i)` for each NULL among the first `n` items. A vector without NULLs has no validity
 * mask (the binding returns null), so that check is all a clean vector costs.
 */
export function forEachNullRaw(vec: RawVector, n: number, f: (i: number) => void): void {
  const mask = bindings().vector_get_validity(vec, Math.ceil(n / 64) * 8);
  if (!mask) return;
  for (let i = 0; i < n; i++) if ((mask[i >> 3] & (1 << (i & 7))) === 0) f(i);
}

/** Text columns of one chunk through node-api, wrapped once, on first use. */
export function textColumns(chunk: RawChunk): (k: number) => DuckDBVector<string> {
  let wrapped: DuckDBDataChunk | undefined;
  return (k) => (wrapped ??= new (nodeApi().DuckDBDataChunk)(chunk)).getColumnVector(k) as DuckDBVector<string>;
}
