/**
 * The per-tree update of the raw predictions, split into row ranges so a thread team can share it
 * (unweighted squared error, see `Team.addLeafValues`): first every sample gets its leaf's number
 * (`scatterLeafNumbers`, over ranges of the sample-index array), then every row its leaf's value and
 * its next gradient (`updateRows`, over ranges of rows). Each element is written once, by whichever
 * thread owns its range, with the same arithmetic as `HgbLoss.addLeafValuesAndGradients`, so the
 * result does not depend on the thread count.
 */

import type { HgbKernels } from './wasm-kernels.js';

/** Shared buffers of the update (SharedArrayBuffer-backed in a team). */
export interface RawUpdateBuffers {
  readonly raw: Float64Array;
  readonly y: Float64Array;
  readonly leafOf: Uint16Array;
  /** Leaf j's value; leaf j owns positions [bounds[j], bounds[j + 1]) of the sample-index array. */
  readonly values: Float64Array;
  readonly bounds: Int32Array;
}

/**
 * Fills `values` and `bounds` from the grown tree's leaves (ordered by their slice of the index
 * array) and returns the leaf count, or -1 when there are more leaves than `values` holds.
 */
export function setLeaves(leaves: readonly { value: number; start: number; stop: number }[], buffers: RawUpdateBuffers): number {
  const n = leaves.length;
  if (n > buffers.values.length || n > 0xffff) return -1;
  const sorted = [...leaves].sort((a, b) => a.start - b.start);
  sorted.forEach((leaf, j) => {
    buffers.values[j] = leaf.value;
    buffers.bounds[j] = leaf.start;
  });
  buffers.bounds[n] = n > 0 ? sorted[n - 1].stop : 0;
  return n;
}

/** `leafOf[indices[k]] = j` for positions k in [lo, hi), j the leaf whose slice holds k; by the wasm kernels when given (same writes). */
export function scatterLeafNumbers(indices: Uint32Array, leafOf: Uint16Array, bounds: Int32Array, nLeaves: number, lo: number, hi: number, kernels: HgbKernels | null = null): void {
  for (let j = 0; j < nLeaves && bounds[j] < hi; j++) {
    const from = bounds[j] > lo ? bounds[j] : lo;
    const to = bounds[j + 1] < hi ? bounds[j + 1] : hi;
    if (kernels) kernels.setLeaf(indices, leafOf, from, to, j);
    else for (let k = from; k < to; k++) leafOf[indices[k]] = j;
  }
}

/**
 * Rows [lo, hi): adds the leaf value to the raw prediction, writes the squared-error gradient
 * raw − y (float32, as `gradients` stores it) and resets `indices[i] = i` for the next tree.
 */
export function updateRows(b: RawUpdateBuffers, grad: Float32Array, indices: Uint32Array, lo: number, hi: number): void {
  const { raw, y, leafOf, values } = b;
  for (let i = lo; i < hi; i++) {
    const r = raw[i] + values[leafOf[i]];
    raw[i] = r;
    grad[i] = r - y[i];
    indices[i] = i;
  }
}
